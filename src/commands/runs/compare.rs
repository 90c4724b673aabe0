//! `ddx runs compare A B [C...]`: runs (and reviewers, `--rater FILE`) on the case ids they
//! share, with the statistics of [`crate::answers::stats::compare`]: a table on stdout, or one
//! JSON object with `--json`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::answers::stats::compare::{compare as compare_raters, Comparison};
use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::session::run_comparison::{rater, Cells};

/// What `ddx runs compare` was asked to do.
#[derive(Debug, Default)]
pub struct CompareOptions {
    /// Run ids or unique prefixes.
    pub runs: Vec<String>,
    /// Annotation files whose reviews are raters too.
    pub raters: Vec<PathBuf>,
    pub json: bool,
}

/// The terminal table.
pub fn table(c: &Comparison) -> String {
    let cells = Cells {
        comparison: c,
        missing: "-",
    };
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{} raters share {} cases, {} with a gold label",
        c.raters.len(),
        c.shared,
        c.with_gold
    );
    let width = c.raters.iter().map(String::len).max().unwrap_or(3).max(3);
    let _ = writeln!(
        t,
        "\n{:<width$}  {:>5}  {:>7}  {:>8}  95% CI",
        "run", "n", "correct", "accuracy"
    );
    for [name, n, correct, accuracy, ci] in cells.accuracy_rows() {
        let _ = writeln!(
            t,
            "{name:<width$}  {n:>5}  {correct:>7}  {accuracy:>8}  {ci}"
        );
    }
    for p in &c.pairs {
        let _ = writeln!(
            t,
            "\n{} vs {}: both right {}, only A {}, only B {}, neither {}\n  difference {:+.3} (95% CI {:+.3} to {:+.3}, Newcombe)  McNemar exact p {:.4}, mid-p {:.4}  Cohen's kappa {}",
            p.a,
            p.b,
            p.table.both,
            p.table.only_a,
            p.table.only_b,
            p.table.neither,
            p.difference,
            p.difference_ci95[0],
            p.difference_ci95[1],
            p.mcnemar.exact_p,
            p.mcnemar.mid_p,
            cells.number(p.cohen_kappa)
        );
    }
    if let Some(q) = cells.cochran() {
        let _ = writeln!(t, "\n{q}");
    }
    let _ = writeln!(t, "\n{}", cells.agreement("  "));
    let _ = writeln!(
        t,
        "\n{} cases where the labels differ:",
        c.disagreements.len()
    );
    for [id, gold, labels] in cells.disagreement_rows() {
        let _ = writeln!(t, "  {id}  gold {gold}  {labels}");
    }
    t
}

/// `ddx runs compare`.
pub fn compare(settings: &Settings, args: &CompareOptions) -> anyhow::Result<Outcome> {
    if args.runs.len() + args.raters.len() < 2 {
        anyhow::bail!("compare needs two or more runs (or a run and a --rater file)");
    }
    let ledger = super::open(settings)?;
    let mut raters = Vec::new();
    for id in &args.runs {
        raters.push(rater(&ledger.get(id)?));
    }
    for path in &args.raters {
        raters.push(crate::session::annotations::rater(path)?);
    }
    let comparison = compare_raters(&raters);
    if comparison.shared == 0 {
        anyhow::bail!("the runs share no case id");
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&comparison)?)?;
    } else {
        out.write_all(table(&comparison).as_bytes())?;
    }
    out.flush().context("cannot write the comparison")?;
    Ok(Outcome::Success)
}
