//! `ddx merge OUT SHARDS...`: the result files of shards (or directories of them) into one, in
//! input order, with the proof that nothing was lost: given the input, every id is there exactly
//! once; missing, duplicate and unknown ids are listed (stderr, or `--json`), and any of them
//! makes the exit status 1. Lines are copied as they are, so both result formats merge; a line
//! is known by its id, or `#LINE` for an input line without one (see `cases::shard`) or one that
//! repeats an earlier id (its record is a `duplicate_id` error).

use std::collections::{HashMap, HashSet};
use std::io::{BufRead as _, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::{json, Value};

use crate::app::exit::Outcome;
use crate::app::messages;
use crate::app::settings::Settings;
use crate::cases::batch_api::{self, record_key};
use crate::cases::{decode_object, parse_id, LineReader, RawLine};
use crate::session::jsonl;
use crate::session::sink::output_lock;

/// What `ddx merge` was asked to do.
#[derive(Debug)]
pub struct Options {
    pub output: PathBuf,
    pub shards: Vec<PathBuf>,
    pub input: Option<PathBuf>,
    pub json: bool,
    pub force: bool,
}

/// One result line of a shard.
struct Found {
    key: String,
    line: u64,
    ok: bool,
    text: String,
}

/// Most ids listed on stderr per kind (all of them are in `--json`).
const LISTED: usize = 20;

pub fn run(settings: &Settings, options: &Options) -> anyhow::Result<Outcome> {
    let to_stdout = options.output == Path::new("-");
    if to_stdout && options.json {
        anyhow::bail!("--json prints the check on stdout: give OUT as a file, not '-'");
    }
    // Held until the merged file is written; taken before any shard is read.
    let _lock = (!to_stdout)
        .then(|| output_lock::acquire(&options.output, settings.wait))
        .transpose()?;
    let files = shard_files(&options.shards, &options.output)?;
    let mut found: Vec<Found> = Vec::new();
    let mut unreadable = 0usize;
    for file in &files {
        unreadable += read_shard(file, &mut found)?;
    }
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in found.iter().enumerate() {
        by_key.entry(f.key.as_str()).or_default().push(i);
    }
    let input_keys = options.input.as_deref().map(input_keys).transpose()?;
    let (order, missing, unknown) = choose(&found, &by_key, input_keys.as_deref());
    let mut duplicates: Vec<String> = by_key
        .iter()
        .filter(|(_, e)| e.len() > 1)
        .map(|(k, _)| (*k).to_string())
        .collect();
    duplicates.sort();
    let errors = write_merged(options, to_stdout, &found, &order)?;
    let summary = json!({
        "files": files.len(),
        "records": order.len(),
        "error_records": errors,
        "input": input_keys.as_ref().map(Vec::len),
        "missing": missing,
        "duplicates": duplicates,
        "unknown": unknown,
        "unreadable_lines": unreadable,
        "complete": missing.is_empty() && duplicates.is_empty() && unknown.is_empty(),
    });
    if options.json {
        println!("{summary}");
    }
    if !settings.quiet || !missing.is_empty() || !duplicates.is_empty() || !unknown.is_empty() {
        report(&summary, &missing, &duplicates, &unknown);
    }
    let bad = !missing.is_empty() || !duplicates.is_empty() || !unknown.is_empty();
    Ok(if bad {
        Outcome::RecordsFailed
    } else {
        Outcome::Success
    })
}

/// Which records go into the merged file, in order (the input's order, else the shards'), with
/// the input's ids that no shard has and the shards' ids that the input does not have.
fn choose(
    found: &[Found],
    by_key: &HashMap<&str, Vec<usize>>,
    input_keys: Option<&[String]>,
) -> (Vec<usize>, Vec<String>, Vec<String>) {
    let mut order: Vec<usize> = Vec::new();
    let mut missing = Vec::new();
    let mut unknown = Vec::new();
    match input_keys {
        Some(keys) => {
            let known: HashSet<&str> = keys.iter().map(String::as_str).collect();
            for key in keys {
                match by_key.get(key.as_str()) {
                    Some(entries) => order.push(best(found, entries)),
                    None => missing.push(key.clone()),
                }
            }
            let mut seen = HashSet::new();
            for f in found {
                if !known.contains(f.key.as_str()) && seen.insert(f.key.as_str()) {
                    unknown.push(f.key.clone());
                }
            }
        }
        None => {
            let mut chosen: Vec<usize> = by_key.values().map(|e| best(found, e)).collect();
            chosen.sort_by(|&a, &b| {
                (found[a].line, &found[a].key).cmp(&(found[b].line, &found[b].key))
            });
            order = chosen;
        }
    }
    (order, missing, unknown)
}

/// Write the chosen records to OUT (or stdout); returns how many are error records.
fn write_merged(
    options: &Options,
    to_stdout: bool,
    found: &[Found],
    order: &[usize],
) -> anyhow::Result<usize> {
    let mut out: Box<dyn Write> = if to_stdout {
        Box::new(std::io::BufWriter::new(std::io::stdout().lock()))
    } else {
        Box::new(std::io::BufWriter::new(jsonl::create_output(
            &options.output,
            options.force,
            jsonl::Existing::Refuse,
        )?))
    };
    let mut errors = 0usize;
    for &i in order {
        if !found[i].ok {
            errors += 1;
        }
        out.write_all(found[i].text.as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .context("cannot write the merged file")?;
    }
    out.flush().context("cannot write the merged file")?;
    drop(out);
    Ok(errors)
}

/// Of several records of one id, the first ok one, else the first.
fn best(found: &[Found], entries: &[usize]) -> usize {
    entries
        .iter()
        .copied()
        .find(|&i| found[i].ok)
        .unwrap_or(entries[0])
}

fn report(summary: &Value, missing: &[String], duplicates: &[String], unknown: &[String]) {
    // Shown even under --quiet when ids are missing, duplicated or unknown (the caller decides).
    crate::say!(
        "{}: {} records ({} errors) from {} files{}",
        messages::prefix(),
        summary["records"],
        summary["error_records"],
        summary["files"],
        match summary["input"].as_u64() {
            Some(n) => format!(", input has {n} lines"),
            None => String::new(),
        }
    );
    for (what, ids) in [
        ("missing (in the input, in no shard)", missing),
        (
            "duplicate (in more than one record; the first ok one is kept)",
            duplicates,
        ),
        ("unknown (not in the input; left out)", unknown),
    ] {
        if ids.is_empty() {
            continue;
        }
        let shown: Vec<&str> = ids.iter().take(LISTED).map(String::as_str).collect();
        let more = if ids.len() > LISTED {
            format!(" and {} more", ids.len() - LISTED)
        } else {
            String::new()
        };
        crate::say!(
            "{}: {} ids {what}: {}{more}",
            messages::prefix(),
            ids.len(),
            shown.join(", ")
        );
    }
    if summary["unreadable_lines"].as_u64().unwrap_or(0) > 0 {
        crate::say!(
            "{}: {} lines were not JSON records and were skipped (a shard cut off? rerun it with --resume)",
            messages::prefix(),
            summary["unreadable_lines"]
        );
    }
}

/// The shard files: each file given, and every `*.jsonl` of each directory (sorted), never OUT.
fn shard_files(paths: &[PathBuf], output: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let out = std::fs::canonicalize(output).ok();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot list '{}'", path.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "jsonl"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    files.retain(|f| out.is_none() || std::fs::canonicalize(f).ok() != out);
    Ok(files)
}

/// Read one shard's records; returns how many lines were not records.
fn read_shard(file: &Path, found: &mut Vec<Found>) -> anyhow::Result<usize> {
    let handle = std::fs::File::open(file)
        .with_context(|| format!("cannot open shard file '{}'", file.display()))?;
    let mut unreadable = 0;
    for (n, line) in BufReader::new(handle).lines().enumerate() {
        let text = line.with_context(|| format!("cannot read '{}'", file.display()))?;
        if text.trim().is_empty() {
            continue;
        }
        let Some(value) = serde_json::from_str::<Value>(&text)
            .ok()
            .filter(Value::is_object)
        else {
            unreadable += 1;
            continue;
        };
        let record = crate::cases::batch_api::as_record(value, n + 1);
        let line = record.get("line").and_then(Value::as_u64).unwrap_or(0);
        // The record of an input line that repeats an earlier id is known by its line.
        let repeated =
            record.pointer("/error/kind").and_then(Value::as_str) == Some("duplicate_id");
        let key = record_key(
            record.get("id").filter(|_| !repeated),
            usize::try_from(line).unwrap_or(usize::MAX),
        );
        let ok = record.get("status").and_then(Value::as_str) == Some("ok");
        found.push(Found {
            key,
            line,
            ok,
            text,
        });
    }
    Ok(unreadable)
}

/// The keys of the input's lines, in order (ddx cases by `id`, a request file's lines by
/// `custom_id`, a line without a usable id by `#LINE`).
fn input_keys(path: &Path) -> anyhow::Result<Vec<String>> {
    let mut keys = Vec::new();
    let mut seen = HashSet::new();
    // As `ddx batch` decides: requests when the first non-blank line is one.
    let mut requests: Option<bool> = None;
    for line in LineReader::new(jsonl::open_input(Some(path))?, usize::MAX) {
        let (n, raw) = line.with_context(|| format!("cannot read '{}'", path.display()))?;
        if matches!(&raw, RawLine::Text(b) if b.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let obj = decode_object(&raw, usize::MAX).ok().flatten();
        let requests =
            *requests.get_or_insert_with(|| obj.as_ref().is_some_and(batch_api::is_request));
        let id = match obj {
            Some(obj) if requests => batch_api::custom_id(&obj).ok(),
            Some(obj) => parse_id(&obj).ok(),
            None => None,
        };
        let mut key = record_key(id.as_ref(), n);
        // A line that repeats an earlier id has its own record (a duplicate_id error), known by
        // its line.
        if !seen.insert(key.clone()) {
            key = record_key(None, n);
        }
        keys.push(key);
    }
    Ok(keys)
}
