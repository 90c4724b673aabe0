//! Per-run plots: the reliability diagram and the latency histogram.

use plotters::prelude::*;

use crate::answers::stats::metrics::ReliabilityBin;

use super::super::view::LatencyBin;
use super::{draw, err, fill_name, Plot, GUIDE, MARK};

/// The reliability diagram: accuracy against mean confidence, one point per non-empty bin,
/// with the diagonal of perfect calibration.
pub fn reliability(bins: &[ReliabilityBin]) -> anyhow::Result<Plot> {
    let points: Vec<(f64, f64)> = bins
        .iter()
        .filter_map(|b| Some((b.confidence?, b.accuracy?)))
        .collect();
    let title = "Reliability diagram";
    let svg = draw(
        title,
        "Accuracy of each confidence bin against its mean confidence; the dashed diagonal is perfect calibration.",
        |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(title, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(50)
                .build_cartesian_2d(0.0..1.02, 0.0..1.04)
                .map_err(err)?;
            chart
                .configure_mesh()
                .x_desc("mean confidence of the predicted label")
                .y_desc("accuracy")
                .draw()
                .map_err(err)?;
            chart
                .draw_series(DashedLineSeries::new(
                    [(0.0, 0.0), (1.0, 1.0)],
                    6,
                    4,
                    GUIDE.stroke_width(1),
                ))
                .map_err(err)?;
            chart
                .draw_series(LineSeries::new(points.iter().copied(), MARK.stroke_width(2)))
                .map_err(err)?;
            chart
                .draw_series(points.iter().map(|p| Circle::new(*p, 5, MARK.filled())))
                .map_err(err)?;
            Ok(())
        },
    )?;
    Ok(Plot {
        title: title.into(),
        description: "Reliability diagram".into(),
        svg,
        mark_fills: vec![fill_name(MARK)],
        marks: points.len(),
    })
}

/// Histogram of per-case latency (a bar for each non-empty bin).
pub fn latency_histogram(bins: &[LatencyBin]) -> anyhow::Result<Plot> {
    let lo = bins.first().map_or(0.0, |b| b.lo);
    let hi = bins.last().map_or(1.0, |b| b.hi);
    let top = bins.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let marks = bins.iter().filter(|b| b.count > 0).count();
    let title = "Latency per case";
    let svg = draw(
        title,
        "Histogram of case latency in milliseconds.",
        |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(title, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(50)
                .build_cartesian_2d(lo..hi, 0.0..top as f64 * 1.1)
                .map_err(err)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_desc("latency (ms)")
                .y_desc("cases")
                .draw()
                .map_err(err)?;
            chart
                .draw_series(bins.iter().filter(|b| b.count > 0).map(|b| {
                    let pad = (b.hi - b.lo) * 0.04;
                    Rectangle::new(
                        [(b.lo + pad, 0.0), (b.hi - pad, b.count as f64)],
                        MARK.filled(),
                    )
                }))
                .map_err(err)?;
            Ok(())
        },
    )?;
    Ok(Plot {
        title: title.into(),
        description: "Latency histogram".into(),
        svg,
        mark_fills: vec![fill_name(MARK)],
        marks,
    })
}
