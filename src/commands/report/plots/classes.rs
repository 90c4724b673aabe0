//! Per-class plots: precision, recall and F1 bars, and the confusion heatmap.

use plotters::prelude::*;

use crate::answers::stats::metrics::{ClassStats, Confusion};

use super::{category, draw, err, fill_name, Plot, GUIDE, MARK, SERIES};

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
