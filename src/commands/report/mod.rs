//! `ddx report RUN [RUN...]`: one run's report, or several runs compared on the cases they
//! share, as one self-contained HTML file (plots as SVG, with a table beside each) or as
//! Markdown. A RUN is a run id of the ledger (or a prefix of one), or a file holding
//! `ddx runs show --json` output.

mod data;
mod html;
mod markdown;
mod plots;
mod view;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::app::exit::Outcome;
use crate::app::settings::Settings;

pub use data::Run;

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Html,
    Markdown,
}

/// What `ddx report` was asked to do.
#[derive(Debug, Default)]
pub struct Options {
    /// Run ids (or prefixes), or files of `ddx runs show --json` output.
    pub runs: Vec<String>,
    /// Where the report goes (stdout without).
    pub output: Option<PathBuf>,
    pub format: Format,
}

/// A run named on the command line.
fn load(settings: &Settings, name: &str) -> anyhow::Result<Run> {
    let path = Path::new(name);
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the run file '{name}'"))?;
        let value = serde_json::from_str(&text).with_context(|| format!("'{name}' is not JSON"))?;
        return data::from_json(value).with_context(|| format!("cannot use '{name}'"));
    }
    let ledger = crate::session::ledger::Ledger::open_default(&settings.paths)?;
    Ok(ledger.get(name)?)
}

pub fn run(settings: &Settings, args: &Options) -> anyhow::Result<Outcome> {
    if args.runs.is_empty() {
        anyhow::bail!("name at least one run (`ddx runs list` shows them)");
    }
    let runs = args
        .runs
        .iter()
        .map(|name| load(settings, name))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let report = view::build(&runs);
    let text = match args.format {
        Format::Html => html::render(&report)?,
        Format::Markdown => markdown::render(&report),
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("cannot write the report '{}'", path.display()))?;
            crate::note!("{} run(s) written to {}", runs.len(), path.display());
        }
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("cannot write the report")?,
    }
    Ok(Outcome::of_run(false, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run_json(id: &str, answers: &[(&str, &str, &str, f64)]) -> Run {
        let cases: Vec<_> = answers
            .iter()
            .enumerate()
            .map(|(i, (case, predicted, gold, p))| {
                json!({"id": case, "status": if predicted == gold {"correct"} else {"wrong"},
                       "predicted": predicted, "gold": gold, "probability": p,
                       "prompt_tokens": 10 + i, "output_tokens": 1, "latency_ms": 5.0 * (i + 1) as f64})
            })
            .collect();
        data::from_json(json!({
            "summary": {"id": id, "command": "eval", "started": "2026-12-02T01:00:00Z",
                        "model": "m.gguf", "template": "annotate", "input": "cases.jsonl"},
            "metrics": {"brier": 0.25, "ece": 0.1},
            "cases": cases,
        }))
        .expect("run")
    }

    #[test]
    fn two_runs_make_a_report_with_every_section() {
        let a = run_json(
            "r1",
            &[
                ("1", "yes", "yes", 0.9),
                ("2", "no", "yes", 0.6),
                ("3", "no", "no", 0.7),
            ],
        );
        let b = run_json(
            "r2",
            &[
                ("1", "yes", "yes", 0.8),
                ("2", "yes", "yes", 0.55),
                ("3", "yes", "no", 0.5),
            ],
        );
        let report = view::build(&[a, b]);
        let m = report.runs[0].metrics.as_ref().expect("metrics");
        assert_eq!((m.n, m.correct), (3, 2));
        assert_eq!(report.runs[0].brier, Some(0.25));
        let c = report.comparison.as_ref().expect("comparison");
        assert_eq!((c.shared, c.disagreements.len()), (3, 2));
        let page = html::render(&report).expect("html");
        assert_eq!(
            page.matches("<svg").count(),
            9,
            "4 plots per run and the comparison's"
        );
        assert_eq!(page.matches("<title>").count(), 10);
        assert!(
            !page.contains("http://") || page.matches("http://").count() == 9,
            "only SVG namespaces"
        );
        assert!(page.contains("data-key=\"mcnemar_mid_p\""));
        let md = markdown::render(&report);
        assert!(
            md.contains("| yes | 2 | 1 | 1.000 | 0.500 | 0.667 |"),
            "{md}"
        );
        assert!(md.contains("Cases where the labels differ (2)"));
    }
}
