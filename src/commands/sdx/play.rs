//! `ddx sdx play`: a person plays one encounter in the terminal. Typed actions go through the same
//! encounter, gatekeeper, prices and name scoring as the model's (the verdict names the gold
//! condition that matched, or the hedge that made it wrong); answers and the running cost go to stdout
//! (the case text is what was asked for), prompts and errors to stderr.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{bail, Context as _};

use crate::app::exit::Outcome;
use crate::cases::id_key;
use crate::clinical::sdx::case::CaseError;
use crate::clinical::sdx::{action, score, Encounter, Limits, Measured};
use crate::session::sdx::case_file::BadLine;

/// What `ddx sdx play` was asked to do.
#[derive(Debug, Default, Clone)]
pub struct PlayOptions {
    pub input: PathBuf,
    /// The case's id (or `line-N`); the first case when absent.
    pub case: Option<String>,
    pub max_turns: u32,
    pub budget: Option<f64>,
    pub prices: Option<PathBuf>,
    /// `--gatekeeper-model`: the settings to load it with and the model.
    pub gatekeeper: Option<(crate::app::settings::Settings, String)>,
    /// `--absent synthetic`: the gatekeeper model writes results for tests the case lacks.
    pub synthetic_absent: bool,
}

/// Why the case asked for is not there: refused (with why, never its text), or absent.
fn not_found(options: &PlayOptions, bad: &[BadLine]) -> String {
    let file = options.input.display();
    let Some(want) = &options.case else {
        return match bad.first() {
            Some(b) => format!(
                "no playable case in '{file}' ({} refused; line {}: {})",
                bad.len(),
                b.line,
                b.message
            ),
            None => format!("no case in '{file}'"),
        };
    };
    let refused = bad
        .iter()
        .find(|b| id_key(&b.id) == *want || format!("line-{}", b.line) == *want);
    match refused {
        Some(BadLine {
            error: Some(CaseError::NoGold(what)),
            ..
        }) => format!("case {want} has no gold diagnosis: no {what} (in '{file}')"),
        Some(b) => format!("case {want} in '{file}' cannot be played: {}", b.message),
        None => format!("no case {want} in '{file}'"),
    }
}

const HELP: &str =
    "Type one action per line: ask QUESTION | examine SYSTEM | order TEST[, TEST...] | \
diagnose DIAGNOSIS[; ALTERNATIVE...]  (or a, e, o, d)";

/// Play one case in the terminal: the person types actions, the gatekeeper answers.
/// (Over 80 lines: the interactive loop as the player meets it, kept as it was.)
pub fn play(
    options: &PlayOptions,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    super::check_absent(options.synthetic_absent, options.gatekeeper.is_some())?;
    let run_options = super::Options {
        input: options.input.clone(),
        prices: options.prices.clone(),
        ..super::Options::default()
    };
    let (cases, bad) = crate::session::sdx::case_file::read(&options.input)?;
    let (prices, _) = super::load_prices(&run_options)?;
    let case = match &options.case {
        None => cases.into_iter().next(),
        Some(want) => cases.into_iter().find(|(_, c)| id_key(&c.id) == *want),
    };
    let Some((_, case)) = case else {
        bail!(not_found(options, &bad));
    };
    let gatekeeper = match &options.gatekeeper {
        Some((settings, model)) => Some(super::gatekeeper::Gatekeeper::start(settings, model)?),
        None => None,
    };
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut encounter = Encounter::new(
        case,
        Limits {
            max_turns: options.max_turns.max(1),
            budget: options.budget,
        },
        prices,
    )
    .with_synthetic_absent(options.synthetic_absent);
    crate::message!("{HELP}");
    writeln!(out, "Patient: {}", encounter.case().opening)?;
    let mut line = String::new();
    while let Some(turn) = encounter.next() {
        if turn.forced {
            writeln!(out, "You must diagnose now.")?;
        }
        out.flush()?;
        crate::app::messages::prompt("> ");
        line.clear();
        if input
            .read_line(&mut line)
            .context("cannot read the action")?
            == 0
        {
            writeln!(out)?;
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let action = match action::from_command(&line) {
            Ok(a) => a,
            Err(e) => {
                crate::say!("{e}. {HELP}");
                continue;
            }
        };
        let steps = encounter.steps().len();
        encounter.reply(&serde_json::to_string(&action)?, Measured::default());
        if let Some(g) = &gatekeeper {
            g.rephrase(&mut encounter, &cancel);
        }
        for step in &encounter.steps()[steps..] {
            if let Some(m) = &step.malformed {
                crate::say!("{}", m["error"].as_str().unwrap_or("not an action"));
            }
            for r in &step.reveals {
                gatekeeper_note(r);
                writeln!(out, "{}", r["answer"].as_str().unwrap_or(""))?;
            }
        }
        if !encounter.is_done() {
            let l = encounter.limits();
            writeln!(
                out,
                "[cost ${:.0}{} | turn {} of {}]",
                encounter.cost(),
                l.budget.map(|b| format!(" of ${b:.0}")).unwrap_or_default(),
                encounter.turns() + 1,
                l.max_turns
            )?;
        }
    }
    let o = encounter.outcome();
    let gold = &encounter.case().diagnosis;
    match &o.diagnosis {
        Some(d) => {
            let v = score::verdict(d, gold, &encounter.case().aliases);
            let verdict = match (&v.condition, &v.hedge) {
                (Some(c), _) if c != gold => format!("correct (gold: {gold}; matched: {c})"),
                (Some(_), _) => format!("correct (gold: {gold})"),
                (None, Some(h)) => format!(
                    "wrong (gold: {gold}; \"{h}\" hedges or negates it: one final diagnosis counts)"
                ),
                (None, None) => format!("wrong (gold: {gold})"),
            };
            writeln!(
                out,
                "Diagnosis: {d}: {verdict}. Cost ${:.0}, turns: {}.",
                o.cost, o.turns
            )?
        }
        None => writeln!(
            out,
            "No diagnosis (gold: {gold}). Cost ${:.0}, turns: {}.",
            o.cost, o.turns
        )?,
    }
    Ok(Outcome::Success)
}

/// Say on stderr (unless `-q`) what the gatekeeper model did with a reveal (nothing when it was
/// not asked).
fn gatekeeper_note(reveal: &serde_json::Value) {
    let g = &reveal["gatekeeper"];
    if !g.is_object() {
        return;
    }
    if g["fell_back"] == false {
        if reveal["synthetic"] == true {
            crate::message!("(gatekeeper model: synthetic result; the case holds no such test)");
        } else {
            crate::message!("(gatekeeper model: its words)");
        }
        return;
    }
    let why = g["refused"].as_str().or(g["error"].as_str()).unwrap_or("");
    crate::message!("(gatekeeper model: not used, {why}; the record's words follow)");
}
