//! The report as one self-contained HTML file: a minijinja template (HTML-escaped) with the
//! plots inline as SVG, its CSS inline, no script, and a content security policy that forbids
//! every fetch, so it opens the same from disk, a mail attachment or a browser offline.

use anyhow::Context as _;
use minijinja::{AutoEscape, Environment};
use serde::Serialize;

use super::plots::{self, Plot};
use super::view::{Report, RunView};

const TEMPLATE: &str = include_str!("report.html");

#[derive(Serialize)]
struct RunPlots {
    classes: Option<Plot>,
    confusion: Option<Plot>,
    reliability: Option<Plot>,
    latency: Option<Plot>,
    sdx: Option<Plot>,
}

#[derive(Serialize)]
struct RunContext<'a> {
    #[serde(flatten)]
    run: &'a RunView,
    plots: RunPlots,
}

fn run_plots(run: &RunView) -> anyhow::Result<RunPlots> {
    Ok(RunPlots {
        classes: run
            .metrics
            .as_ref()
            .map(|m| plots::class_bars(&m.classes))
            .transpose()?,
        confusion: run
            .metrics
            .as_ref()
            .map(|m| plots::confusion_heatmap(&m.confusion))
            .transpose()?,
        reliability: run
            .reliability
            .as_deref()
            .map(plots::reliability)
            .transpose()?,
        latency: run
            .latency
            .as_ref()
            .map(|l| plots::latency_histogram(&l.histogram))
            .transpose()?,
        sdx: run
            .sdx
            .as_deref()
            .map(plots::accuracy_against_cost)
            .transpose()?,
    })
}

/// The report's title: the run, or how many runs.
pub fn title(report: &Report) -> String {
    match report.runs.as_slice() {
        [one] => format!("ddx report: run {}", one.id),
        runs => format!("ddx report: {} runs compared", runs.len()),
    }
}

pub fn render(report: &Report) -> anyhow::Result<String> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.add_template("report.html", TEMPLATE)
        .context("the report template does not parse")?;
    let runs = report
        .runs
        .iter()
        .map(|run| {
            Ok(RunContext {
                run,
                plots: run_plots(run)?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let comparison_plot = report
        .comparison
        .as_ref()
        .map(|c| plots::accuracy_intervals(&c.accuracy))
        .transpose()?;
    let template = env.get_template("report.html")?;
    template
        .render(minijinja::context! {
            title => title(report),
            version => env!("CARGO_PKG_VERSION"),
            runs => runs,
            comparison => report.comparison,
            comparison_plot => comparison_plot,
        })
        .context("cannot render the report")
}
