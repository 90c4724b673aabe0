//! `ddx deid --score GOLD`: run the rules on an annotated JSONL file and print how they did,
//! twice (with the records' `patient` fields, and from the text alone): the table on stdout, or
//! every figure as JSON with `--json`. `--predictions FILE` writes what was detected in each text
//! (character offsets), for checking the figures with another tool. Floors (`--floor`,
//! `--floors`) that fail are listed on stderr and make the exit status 1. Gold text is never
//! printed; a bad line is reported by number and stops the run (a score over part of a set
//! would mislead).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{bail, Context as _};
use serde_json::{json, Value};

use crate::app::exit::Outcome;
use crate::cases::{LineReader, RawLine};
use crate::clinical::deid::score::{self, Counts, Floor, GoldText};
use crate::clinical::deid::{find_ordered, known_for_patient, DateOrder, Known, Span};
use crate::session::jsonl::{open_input, output_or_stdout};

const MAX_LINE_BYTES: usize = 64 << 20;

/// What `ddx deid --score` was asked to do.
#[derive(Debug)]
pub struct Options {
    pub gold: PathBuf,
    pub floors: Vec<String>,
    pub floors_file: Option<PathBuf>,
    pub json: bool,
    pub predictions: Option<PathBuf>,
    pub force: bool,
    pub order: DateOrder,
}

fn floors(options: &Options) -> anyhow::Result<Vec<Floor>> {
    let mut out = Vec::new();
    if let Some(path) = &options.floors_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the floors file '{}'", path.display()))?;
        out = score::parse_floors_file(&text)
            .with_context(|| format!("in the floors file '{}'", path.display()))?;
    }
    for spec in &options.floors {
        out.push(score::parse_floor(spec)?);
    }
    Ok(out)
}

/// Detected spans of one text as character offsets, for `--predictions`.
fn char_spans(text: &str, spans: &[Span]) -> Vec<Value> {
    let char_at = |byte: usize| text[..byte].chars().count();
    spans
        .iter()
        .map(|s| json!({"start": char_at(s.start), "end": char_at(s.end), "type": s.kind.as_str()}))
        .collect()
}

fn gold_spans(t: &GoldText) -> Vec<Value> {
    let char_at = |byte: usize| t.text[..byte].chars().count();
    t.spans
        .iter()
        .map(|s| json!({"start": char_at(s.start), "end": char_at(s.end), "type": s.kind.as_str(), "label": s.label}))
        .collect()
}

pub fn run(options: &Options) -> anyhow::Result<Outcome> {
    let floors = floors(options)?;
    let reader = open_input(Some(&options.gold))?;
    let mut predictions = match &options.predictions {
        Some(path) => Some(output_or_stdout(Some(path), options.force)?),
        None => None,
    };
    let mut modes: BTreeMap<&'static str, Counts> = BTreeMap::new();
    let mut records = 0;
    let no_patient = Known::default();
    for line in LineReader::new(reader, MAX_LINE_BYTES) {
        let (n, raw) = line.context("cannot read the gold file")?;
        let RawLine::Text(bytes) = raw else {
            bail!("gold file line {n}: over the limit of {MAX_LINE_BYTES} bytes");
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let record = match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => map,
            Ok(_) => bail!("gold file line {n}: not a JSON object"),
            Err(e) => bail!("gold file line {n}: not valid JSON (column {})", e.column()),
        };
        let gold = score::parse_record(&record).with_context(|| format!("gold file line {n}"))?;
        let with_patient = gold.patient.as_ref().map(known_for_patient);
        let id = record.get("id").cloned().unwrap_or(Value::Null);
        for mode in score::MODES {
            let known = match (mode, &with_patient) {
                ("patient", Some(k)) => k,
                _ => &no_patient,
            };
            let counts = modes.entry(mode).or_default();
            for t in &gold.texts {
                let found = find_ordered(&t.text, known, options.order);
                counts.add_text(&t.text, &t.spans, &found);
                if let Some(out) = predictions.as_mut() {
                    let line = json!({"id": id, "mode": mode, "field": t.field, "text": t.text,
                        "gold": gold_spans(t), "found": char_spans(&t.text, &found)});
                    writeln!(out, "{line}").context("cannot write the predictions")?;
                }
            }
        }
        records += 1;
    }
    if let Some(out) = predictions.as_mut() {
        out.flush().context("cannot write the predictions")?;
    }
    report(options, records, &modes, &floors)
}

fn report(
    options: &Options,
    records: usize,
    modes: &BTreeMap<&'static str, Counts>,
    floors: &[Floor],
) -> anyhow::Result<Outcome> {
    let checks = score::check(floors, modes);
    let mut stdout = std::io::stdout().lock();
    let written = if options.json {
        writeln!(stdout, "{}", score::to_json(records, modes, &checks))
    } else {
        write!(stdout, "{}", score::render_table(records, modes))
    };
    written.context("cannot write the scores")?;
    let failed: Vec<_> = checks.iter().filter(|c| !c.passed).collect();
    for c in &failed {
        let value = c.value.map_or_else(
            || "not measured (no gold of it)".into(),
            |v| format!("{v:.3}"),
        );
        crate::note!("{} is {value}, under its floor {}", c.key, c.min);
    }
    if !checks.is_empty() {
        crate::note!(
            "{} of {} floors met",
            checks.len() - failed.len(),
            checks.len()
        );
    }
    Ok(Outcome::of_run(false, failed.len()))
}
