//! The progress bar of long runs (batch, eval): on stderr, and only where a person watches it
//! (hidden when quiet, verbose or stderr is not a terminal).

use std::io::IsTerminal as _;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::app::settings::Settings;

/// A bar over `total` cases (a spinner with a count when the total is unknown).
pub fn progress_bar(settings: &Settings, total: Option<u64>) -> ProgressBar {
    if settings.quiet || settings.verbose || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
    let template = if total.is_some() {
        "{spinner} {pos}/{len} cases [{wide_bar}] {per_sec} eta {eta}"
    } else {
        "{spinner} {pos} cases {per_sec}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
