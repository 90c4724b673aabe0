//! The report's plots, drawn as SVG by plotters (its SVG backend; text is left to the browser's
//! sans-serif font, so nothing is embedded or fetched). Each plot's marks (bars, cells, points)
//! are filled with colours no other element of that plot uses, so a reader (or the browser test)
//! can count them; the tables beside the plots carry the same numbers.
//!
//! Per class ([`classes`]: precision, recall and F1 bars, the confusion heatmap), per run
//! ([`run`]: the reliability diagram, the latency histogram) and across runs or budgets
//! ([`across`]: accuracy intervals, accuracy against cost).

mod across;
mod classes;
mod run;

use plotters::coord::Shift;
use plotters::prelude::*;

pub use across::{accuracy_against_cost, accuracy_intervals};
pub use classes::{class_bars, confusion_heatmap};
pub use run::{latency_histogram, reliability};

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
