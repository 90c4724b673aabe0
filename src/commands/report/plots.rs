//! The report's plots, drawn as SVG by plotters (its SVG backend; text is left to the browser's
//! sans-serif font, so nothing is embedded or fetched). Each plot's marks (bars, cells, points)
//! are filled with colours no other element of that plot uses, so a reader (or the browser test)
//! can count them; the tables beside the plots carry the same numbers.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::answers::stats::compare::RaterAccuracy;
use crate::answers::stats::metrics::{ClassStats, Confusion, ReliabilityBin};

use super::view::{LatencyBin, SdxBudget};

/// Precision, recall, F1 (colour-blind-safe Okabe–Ito blue, orange, bluish green).
const SERIES: [RGBColor; 3] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
];
/// Heatmap cells, points, latency bars.
const MARK: RGBColor = RGBColor(0, 114, 178);
const GUIDE: RGBColor = RGBColor(120, 120, 120);
const SIZE: (u32, u32) = (640, 360);

/// One plot: the SVG and what is drawn in it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Plot {
    pub title: String,
    /// Said to screen readers (the SVG's `<desc>`).
    pub description: String,
    pub svg: String,
    /// The fills of the marks, as the SVG writes them (`#0072B2`).
    pub mark_fills: Vec<String>,
    pub marks: usize,
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

fn fill_name(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn err(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("cannot draw a plot: {e}")
}

/// Draw into an SVG string, then give it a `<title>` and `<desc>` and an image role (the one
/// edit made to plotters' output).
fn draw(
    title: &str,
    description: &str,
    f: impl FnOnce(&Area<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        f(&root)?;
        root.present().map_err(err)?;
    }
    let close = svg
        .find('>')
        .ok_or_else(|| anyhow::anyhow!("plotters wrote no <svg> element"))?;
    let accessible = format!(
        " role=\"img\"><title>{}</title><desc>{}</desc>",
        escape(title),
        escape(description)
    );
    svg.replace_range(close..=close, &accessible);
    Ok(svg)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The name at integer position `x` of a categorical axis, else nothing.
fn category(names: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    names.get(i as usize).cloned().unwrap_or_default()
}

/// Grouped bars of precision, recall and F1 per class (a bar for each value that exists).
pub fn class_bars(classes: &[ClassStats]) -> anyhow::Result<Plot> {
    let names: Vec<String> = classes.iter().map(|c| c.class.clone()).collect();
    let values: Vec<[Option<f64>; 3]> = classes
        .iter()
        .map(|c| [c.precision, c.recall, c.f1])
        .collect();
    let marks = values.iter().flatten().filter(|v| v.is_some()).count();
    let title = "Precision, recall and F1 by class";
    let svg = draw(
        title,
        "Grouped bars per class: precision, recall, F1, from 0 to 1.",
        |root| {
            let n = names.len().max(1) as f64;
            let mut chart = ChartBuilder::on(root)
                .caption(title, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(50)
                .build_cartesian_2d(-0.5..n - 0.5, 0.0..1.0)
                .map_err(err)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(names.len().max(1))
                .x_label_formatter(&|x| category(&names, *x))
                .x_desc("class")
                .y_desc("score")
                .draw()
                .map_err(err)?;
            for (s, color) in SERIES.iter().enumerate() {
                let bars = values.iter().enumerate().filter_map(|(i, v)| {
                    let value = v[s]?;
                    let x0 = i as f64 - 0.3 + s as f64 * 0.2;
                    Some(Rectangle::new(
                        [(x0, 0.0), (x0 + 0.18, value.max(0.004))],
                        color.filled(),
                    ))
                });
                chart
                    .draw_series(bars)
                    .map_err(err)?
                    .label(["precision", "recall", "F1"][s])
                    .legend(move |(x, y)| {
                        // Outlined, so that only the bars carry the series' fill.
                        Rectangle::new([(x + 3, y - 2), (x + 9, y + 4)], color.stroke_width(7))
                    });
            }
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.9))
                .border_style(GUIDE)
                .draw()
                .map_err(err)?;
            Ok(())
        },
    )?;
    Ok(Plot {
        title: title.into(),
        description: "Per-class precision, recall and F1".into(),
        svg,
        mark_fills: SERIES.iter().map(|c| fill_name(*c)).collect(),
        marks,
    })
}

/// The confusion matrix as a heatmap: one cell per (gold, predicted), shaded by count.
pub fn confusion_heatmap(confusion: &Confusion) -> anyhow::Result<Plot> {
    let rows = confusion.gold.len();
    let cols = confusion.predicted.len();
    let max = confusion
        .matrix
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let title = "Confusion matrix";
    let svg = draw(
        title,
        "Rows are gold classes (top to bottom), columns predicted classes; darker cells hold more cases.",
        |root| {
            // Row 0 at the top: y runs from rows - 0.5 down to -0.5.
            let gold_names: Vec<String> = confusion.gold.iter().rev().cloned().collect();
            let mut chart = ChartBuilder::on(root)
                .caption(title, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(110)
                .build_cartesian_2d(-0.5..cols as f64 - 0.5, -0.5..rows as f64 - 0.5)
                .map_err(err)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_labels(cols.max(1))
                .y_labels(rows.max(1))
                .x_label_formatter(&|x| category(&confusion.predicted, *x))
                .y_label_formatter(&|y| category(&gold_names, *y))
                .x_desc("predicted")
                .y_desc("gold")
                .draw()
                .map_err(err)?;
            let cells = confusion.matrix.iter().enumerate().flat_map(|(r, row)| {
                row.iter().enumerate().map(move |(c, count)| (r, c, *count))
            });
            let to_y = |r: usize| (rows - 1 - r) as f64;
            chart
                .draw_series(cells.clone().map(|(r, c, count)| {
                    let shade = 0.06 + 0.94 * count as f64 / max;
                    Rectangle::new(
                        [
                            (c as f64 - 0.48, to_y(r) - 0.48),
                            (c as f64 + 0.48, to_y(r) + 0.48),
                        ],
                        MARK.mix(shade).filled(),
                    )
                }))
                .map_err(err)?;
            chart
                .draw_series(cells.map(|(r, c, count)| {
                    let style = ("sans-serif", 16)
                        .into_font()
                        .color(if count as f64 / max > 0.5 { &WHITE } else { &BLACK })
                        .pos(text_anchor_centre());
                    Text::new(count.to_string(), (c as f64, to_y(r)), style)
                }))
                .map_err(err)?;
            Ok(())
        },
    )?;
    Ok(Plot {
        title: title.into(),
        description: "Confusion matrix heatmap".into(),
        svg,
        mark_fills: vec![fill_name(MARK)],
        marks: rows * cols,
    })
}

fn text_anchor_centre() -> plotters::style::text_anchor::Pos {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    Pos::new(HPos::Center, VPos::Center)
}

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

/// Each run's accuracy with its 95% interval (a point and a whisker per run).
pub fn accuracy_intervals(runs: &[RaterAccuracy]) -> anyhow::Result<Plot> {
    let names: Vec<String> = runs.iter().map(|r| r.name.clone()).collect();
    let title = "Accuracy with 95% CI on the shared cases";
    let svg = draw(
        title,
        "One point per run at its accuracy, with a whisker over its Wilson 95% interval.",
        |root| {
            let n = names.len().max(1) as f64;
            let mut chart = ChartBuilder::on(root)
                .caption(title, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(190)
                .build_cartesian_2d(0.0..1.0, -0.5..n - 0.5)
                .map_err(err)?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(names.len().max(1))
                .y_label_formatter(&|y| category(&names, *y))
                .x_desc("accuracy")
                .y_desc("run")
                .draw()
                .map_err(err)?;
            for (i, r) in runs.iter().enumerate() {
                let y = i as f64;
                chart
                    .draw_series(LineSeries::new(
                        [(r.accuracy_ci95[0], y), (r.accuracy_ci95[1], y)],
                        GUIDE.stroke_width(2),
                    ))
                    .map_err(err)?;
            }
            chart
                .draw_series(
                    runs.iter()
                        .enumerate()
                        .map(|(i, r)| Circle::new((r.accuracy, i as f64), 6, MARK.filled())),
                )
                .map_err(err)?;
            Ok(())
        },
    )?;
    Ok(Plot {
        title: title.into(),
        description: "Accuracy of each run with its interval".into(),
        svg,
        mark_fills: vec![fill_name(MARK)],
        marks: runs.len(),
    })
}

/// A sequential-diagnosis run's accuracy against its mean cost: a point per budget with a
/// vertical whisker over its Wilson 95% interval, labelled with the budget.
pub fn accuracy_against_cost(rows: &[SdxBudget]) -> anyhow::Result<Plot> {
    let title = "Accuracy against mean cost, per budget";
    let top = rows
        .iter()
        .map(|r| r.mean_cost)
        .fold(0.0_f64, f64::max)
        .max(1.0)
        * 1.15;
    let svg = draw(
        title,
        "One point per budget at its mean cost per encounter and its accuracy, with a whisker \
         over the accuracy's Wilson 95% interval.",
        |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(title, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(50)
                .build_cartesian_2d(0.0..top, 0.0..1.0)
                .map_err(err)?;
            chart
                .configure_mesh()
                .x_desc("mean cost per encounter ($)")
                .y_desc("accuracy")
                .draw()
                .map_err(err)?;
            for r in rows {
                chart
                    .draw_series(LineSeries::new(
                        [(r.mean_cost, r.ci95[0]), (r.mean_cost, r.ci95[1])],
                        GUIDE.stroke_width(2),
                    ))
                    .map_err(err)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        r.label(),
                        (r.mean_cost + top * 0.015, r.accuracy + 0.03),
                        ("sans-serif", 13).into_font().color(&GUIDE),
                    )))
                    .map_err(err)?;
            }
            chart
                .draw_series(
                    rows.iter()
                        .map(|r| Circle::new((r.mean_cost, r.accuracy), 6, MARK.filled())),
                )
                .map_err(err)?;
            Ok(())
        },
    )?;
    Ok(Plot {
        title: title.into(),
        description: "Accuracy of each budget against its mean cost".into(),
        svg,
        mark_fills: vec![fill_name(MARK)],
        marks: rows.len(),
    })
}
