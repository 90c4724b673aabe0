//! Plots across runs or budgets: each run's accuracy with its interval, and a sequential-diagnosis
//! run's accuracy against its mean cost.

use plotters::prelude::*;

use crate::answers::stats::compare::RaterAccuracy;

use super::super::view::SdxBudget;
use super::{category, draw, err, fill_name, Plot, GUIDE, MARK};

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
