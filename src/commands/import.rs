//! `ddx import fhir`: FHIR R4 JSON (Bundles, Bulk Data NDJSON) from files, directories or stdin
//! → one case record per patient (or per encounter) on stdout or in a file.
//!
//! The conversion is [`crate::clinical::fhir`]'s; this command finds the files, opens them, reports
//! each malformed file or resource on stderr with its position as it is met (the import goes
//! on), de-identifies the cases with `--deid`, writes them and prints a summary.

use std::fs::File;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use serde_json::{Map, Value};

use crate::app::exit::Outcome;
use crate::clinical::deid::Deidentifier;
use crate::clinical::fhir::{self, Importer, Per, Position, Tally, Visitor};
use crate::session::jsonl::output_or_stdout;
use crate::session::memory::peak_rss_bytes;

/// What `ddx import fhir` was asked to do.
#[derive(Debug, Default)]
pub struct Options {
    pub inputs: Vec<PathBuf>,
    pub per: Per,
    /// Keep only what happened up to this date (YYYY-MM-DD).
    pub index_date: Option<String>,
    pub output: Option<PathBuf>,
    pub force: bool,
    pub deid: Option<Deidentifier>,
}

/// Run the import.
pub fn run(options: &Options) -> anyhow::Result<Outcome> {
    if let Some(d) = &options.index_date {
        if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
            bail!("'--index-date' must be a date like 2024-03-01, not '{d}'");
        }
    }
    let files = expand(&options.inputs)?;
    let mut out = output_or_stdout(options.output.as_deref(), options.force)?;
    let mut importer = Reported {
        importer: Importer::default(),
    };
    for file in &files {
        importer.importer.tally.files += 1;
        read_source(file, &mut importer);
    }
    let mut importer = importer.importer;
    let mut identifiers_removed = 0;
    let mut write = |mut case: Map<String, Value>| -> anyhow::Result<()> {
        if let Some(deid) = &options.deid {
            identifiers_removed += deidentify(deid, &mut case);
        }
        crate::session::jsonl::write_record(&mut *out, &Value::Object(case))
            .context("cannot write a case record")
    };
    importer.cases(options.per, options.index_date.as_deref(), &mut write)?;
    importer.tally.identifiers_removed = identifiers_removed;
    out.flush().context("cannot write a case record")?;
    crate::note!("{}", summary(&importer.tally));
    Ok(Outcome::of_run(false, importer.tally.errors))
}

/// De-identify one imported case: its ids (FHIR ids) become pseudonyms, its text is scrubbed and
/// it gets a `deid` block. Returns how many identifiers went.
fn deidentify(deid: &Deidentifier, case: &mut Map<String, Value>) -> usize {
    for key in ["patient_id", "encounter_id"] {
        if let Some(Value::String(v)) = case.get_mut("meta").and_then(|m| m.get_mut(key)) {
            *v = deid.pseudonym(v);
        }
    }
    if let Some(Value::String(id)) = case.get_mut("id") {
        *id = id
            .split('/')
            .map(|p| deid.pseudonym(p))
            .collect::<Vec<_>>()
            .join("/");
    }
    let report = deid.apply_record(case);
    let removed = report.total();
    case.insert("deid".into(), report.to_value());
    removed
}

/// The importer, with each problem printed on stderr as soon as it is met.
struct Reported {
    importer: Importer,
}

impl Reported {
    fn print_new(&self, before: usize) {
        for message in &self.importer.messages[before..] {
            crate::note!("{message}");
        }
    }
}

impl Visitor for Reported {
    fn resource(&mut self, position: &Position, resource: Value) {
        let before = self.importer.messages.len();
        self.importer.resource(position, resource);
        self.print_new(before);
    }

    fn error(&mut self, position: &Position, message: &str) {
        let before = self.importer.messages.len();
        self.importer.error(position, message);
        self.print_new(before);
    }
}

/// The files named on the command line: directories are walked (sorted) for
/// `.json`, `.ndjson` and `.jsonl` files; no names or "-" mean stdin.
fn expand(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    if inputs.is_empty() {
        return Ok(vec![PathBuf::from("-")]);
    }
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut out)?;
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory '{}'", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "json" | "ndjson" | "jsonl"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Read one source (a path or "-" for stdin), passing every resource to the visitor.
fn read_source(path: &Path, visitor: &mut dyn Visitor) {
    let name = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let reader: Box<dyn BufRead> = if path == Path::new("-") {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        match File::open(path) {
            Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
            Err(e) => {
                let position = Position {
                    file: name,
                    line: None,
                    entry: None,
                };
                visitor.error(&position, &format!("cannot open the file: {e}"));
                return;
            }
        }
    };
    fhir::read(&name, reader, visitor);
}

fn summary(tally: &Tally) -> String {
    let mut text = format!(
        "{} files, {} resources → {} cases",
        tally.files, tally.resources, tally.cases
    );
    if !tally.skipped.is_empty() {
        let list: Vec<String> = tally
            .skipped
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        text.push_str(&format!("; skipped (not used): {}", list.join(", ")));
    }
    if tally.notes_decoded + tally.binary_attachments > 0 {
        text.push_str(&format!(
            "; notes: {} text attachments decoded, {} binary skipped",
            tally.notes_decoded, tally.binary_attachments
        ));
    }
    if tally.after_index > 0 {
        text.push_str(&format!(
            "; {} entries after the index date or undated left out",
            tally.after_index
        ));
    }
    if tally.outside_encounters > 0 {
        text.push_str(&format!(
            "; {} entries outside any encounter left out",
            tally.outside_encounters
        ));
    }
    if tally.identifiers_removed > 0 {
        text.push_str(&format!(
            "; {} identifiers removed",
            tally.identifiers_removed
        ));
    }
    if tally.errors > 0 {
        text.push_str(&format!("; {} errors (listed above)", tally.errors));
    }
    if let Some(bytes) = peak_rss_bytes() {
        text.push_str(&format!(
            "; peak memory {:.0} MiB",
            bytes as f64 / (1024.0 * 1024.0)
        ));
    }
    text
}
