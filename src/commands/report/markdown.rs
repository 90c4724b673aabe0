//! The report for a terminal or a pull request: the same numbers as the HTML report, as
//! Markdown tables (no plots).

use std::fmt::Write as _;

use crate::session::run_comparison::Cells;

use super::view::{Report, RunView, SdxBudget};

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.3}"))
}

/// Accuracy, the per-class table, the confusion matrix and calibration.
fn metrics_section(out: &mut String, run: &RunView) {
    let Some(m) = &run.metrics else {
        let _ = writeln!(out, "No case of this run has a gold label: no accuracy.\n");
        return;
    };
    let _ = writeln!(
        out,
        "**Accuracy {:.3}** ({}/{}), 95% CI {:.3}–{:.3} (Wilson), unparsed {}, Brier {}, ECE {}\n",
        m.accuracy,
        m.correct,
        m.n,
        m.accuracy_ci95[0],
        m.accuracy_ci95[1],
        m.unparsed,
        num(run.brier),
        num(run.ece)
    );
    let _ = writeln!(
        out,
        "| class | support | predicted | precision | recall | F1 |\n|---|--:|--:|--:|--:|--:|"
    );
    for c in &m.classes {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            c.class,
            c.support,
            c.predicted,
            num(c.precision),
            num(c.recall),
            num(c.f1)
        );
    }
    let _ = writeln!(out, "\nConfusion (rows gold, columns predicted):\n");
    let _ = writeln!(
        out,
        "| gold \\ predicted | {} |\n|---|{}",
        m.confusion.predicted.join(" | "),
        "--:|".repeat(m.confusion.predicted.len())
    );
    for (gold, row) in m.confusion.gold.iter().zip(&m.confusion.matrix) {
        let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
        let _ = writeln!(out, "| {gold} | {} |", cells.join(" | "));
    }
    if let Some(bins) = &run.reliability {
        let _ = writeln!(
            out,
            "\n| confidence bin | cases | mean confidence | accuracy |\n|---|--:|--:|--:|"
        );
        for b in bins {
            let _ = writeln!(
                out,
                "| {:.1}–{:.1} | {} | {} | {} |",
                b.lo,
                b.hi,
                b.count,
                num(b.confidence),
                num(b.accuracy)
            );
        }
    }
}

/// A sequential-diagnosis run: accuracy against cost, per budget.
fn sdx_section(out: &mut String, rows: &[SdxBudget]) {
    let _ = writeln!(
        out,
        "Sequential diagnosis, per budget and scoring method (name match or judge model):\n\n| budget | scored by | encounters | correct | accuracy | 95% CI | mean cost | mean turns | forced | no diagnosis | errors | judge errors |\n|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.3} | {:.3}–{:.3} | ${:.0} | {:.1} | {} | {} | {} | {} |",
            r.budget
                .map_or_else(|| "no budget".to_string(), |b| format!("${b:.0}")),
            r.method,
            r.encounters,
            r.correct,
            r.accuracy,
            r.ci95[0],
            r.ci95[1],
            r.mean_cost,
            r.mean_turns,
            r.forced,
            r.no_diagnosis,
            r.errors,
            r.judge_errors
        );
    }
}

fn run_section(out: &mut String, run: &RunView) {
    let _ = writeln!(out, "## Run `{}`\n", run.id);
    let _ = writeln!(out, "| field | value |\n|---|---|");
    for (k, v) in &run.provenance {
        let _ = writeln!(out, "| {k} | `{}` |", v.replace('|', "\\|"));
    }
    let counts: Vec<String> = run.counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let _ = writeln!(out, "| cases | {} |\n", counts.join(", "));
    if let Some(rows) = &run.sdx {
        sdx_section(out, rows);
    } else {
        metrics_section(out, run);
    }
    if let Some(l) = &run.latency {
        let _ = writeln!(
            out,
            "\nLatency: {} cases, mean {:.1} ms, median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            l.n, l.mean_ms, l.median_ms, l.p95_ms, l.max_ms
        );
    }
    if let Some(t) = &run.tokens {
        let _ = writeln!(
            out,
            "Tokens: {} prompt, {} output over {} cases",
            t.prompt_total, t.output_total, t.n
        );
    }
    out.push('\n');
}

pub fn render(report: &Report) -> String {
    let mut out = format!("# {}\n\n", super::html::title(report));
    for run in &report.runs {
        run_section(&mut out, run);
    }
    if let Some(c) = &report.comparison {
        let cells = Cells {
            comparison: c,
            missing: "–",
        };
        let _ = writeln!(
            out,
            "## Comparison\n\n{} runs share {} cases, {} with a gold label.\n",
            c.raters.len(),
            c.shared,
            c.with_gold
        );
        let _ = writeln!(
            out,
            "| run | n | correct | accuracy | 95% CI |\n|---|--:|--:|--:|--:|"
        );
        for [name, n, correct, accuracy, ci] in cells.accuracy_rows() {
            let _ = writeln!(out, "| `{name}` | {n} | {correct} | {accuracy} | {ci} |");
        }
        let _ = writeln!(
            out,
            "\n| A | B | only A | only B | difference | 95% CI | McNemar p | mid-p | kappa |\n|---|---|--:|--:|--:|--:|--:|--:|--:|"
        );
        for p in &c.pairs {
            let _ = writeln!(
                out,
                "| `{}` | `{}` | {} | {} | {:.3} | {:.3} to {:.3} | {:.4} | {:.4} | {} |",
                p.a,
                p.b,
                p.table.only_a,
                p.table.only_b,
                p.difference,
                p.difference_ci95[0],
                p.difference_ci95[1],
                p.mcnemar.exact_p,
                p.mcnemar.mid_p,
                num(p.cohen_kappa)
            );
        }
        if let Some(q) = cells.cochran() {
            let _ = writeln!(out, "\n{q}");
        }
        let _ = writeln!(out, "\n{}\n", cells.agreement(", "));
        let _ = writeln!(
            out,
            "Cases where the labels differ ({}):\n",
            c.disagreements.len()
        );
        let _ = writeln!(
            out,
            "| case | gold | {} |\n|---|---|{}",
            c.raters.join(" | "),
            "---|".repeat(c.raters.len())
        );
        for [id, gold, labels] in cells.disagreement_rows() {
            let _ = writeln!(out, "| {id} | {gold} | {labels} |");
        }
    }
    out
}
