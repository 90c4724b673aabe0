//! `ddx runs import FILE`: a ddx result file made elsewhere (another machine's shard, a Batch
//! API output file, read as ddx records) becomes a run, with its per-case rows. The model,
//! template and version come from the records' own provenance; the run's time is the file's
//! modification time.

use std::io::{BufRead as _, BufReader, Read};
use std::path::Path;

use anyhow::{bail, Context as _};
use serde_json::{json, Value};
use sha2::{Digest as _, Sha256};

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::session::ledger::{
    case_row_from_record, new_run_id, run_fields_from_provenance, CaseRow, Finish, NewRun,
};

/// Read a whole input (a file or stdin), with its sha256 and modification time.
fn read_input(file: &Path) -> anyhow::Result<(Vec<u8>, Option<chrono::DateTime<chrono::Utc>>)> {
    let mut bytes = Vec::new();
    if file == Path::new("-") {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?;
        return Ok((bytes, None));
    }
    let mut handle =
        std::fs::File::open(file).with_context(|| format!("cannot open '{}'", file.display()))?;
    handle
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read '{}'", file.display()))?;
    let modified = handle
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .map(chrono::DateTime::<chrono::Utc>::from);
    Ok((bytes, modified))
}

/// What the result lines of a file give: a case row per record, the templates they name (with
/// their sha256), the first record's provenance, token totals, and how many lines were not
/// result records.
#[derive(Default)]
struct Records {
    rows: Vec<CaseRow>,
    templates: Vec<(String, Option<String>)>,
    provenance: Option<Value>,
    skipped: usize,
    prompt_tokens: u64,
    output_tokens: u64,
}

/// Read the result records of a file's bytes.
fn records(bytes: &[u8]) -> anyhow::Result<Records> {
    let mut read = Records::default();
    for (index, line) in BufReader::new(bytes).lines().enumerate() {
        let line = line.with_context(|| format!("line {} is not UTF-8", index + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        // A Batch API output line (from ddx, OpenAI or Azure) is read as its ddx record.
        let record = serde_json::from_str::<Value>(&line)
            .map(|v| crate::cases::batch_api::as_record(v, index + 1));
        let record: Value = match record {
            Ok(value @ Value::Object(_)) if value.get("status").is_some() => value,
            _ => {
                read.skipped += 1;
                continue;
            }
        };
        if let Some(p) = record.get("provenance") {
            if read.provenance.is_none() {
                read.provenance = Some(p.clone());
            }
            if let Some(name) = p.pointer("/template/name").and_then(Value::as_str) {
                if !read.templates.iter().any(|(n, _)| n == name) {
                    let sha = p.pointer("/template/sha256").and_then(Value::as_str);
                    read.templates
                        .push((name.to_string(), sha.map(ToString::to_string)));
                }
            }
        }
        let row = case_row_from_record(&record);
        read.prompt_tokens += row.prompt_tokens.unwrap_or(0);
        read.output_tokens += row.output_tokens.unwrap_or(0);
        read.rows.push(row);
    }
    Ok(read)
}

/// `ddx runs import`.
pub fn import(settings: &Settings, file: &Path) -> anyhow::Result<Outcome> {
    let (bytes, modified) = read_input(file)?;
    let when = modified.unwrap_or_else(chrono::Utc::now);
    let stamp = when.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut run = NewRun {
        id: new_run_id(&when),
        command: "import".into(),
        started: stamp.clone(),
        command_line: std::env::args().collect(),
        host: None,
        model: "(unknown)".into(),
        output: (file != Path::new("-")).then(|| {
            std::path::absolute(file)
                .unwrap_or_else(|_| file.to_path_buf())
                .display()
                .to_string()
        }),
        ..NewRun::default()
    };
    let Records {
        rows,
        templates,
        provenance,
        skipped,
        prompt_tokens,
        output_tokens,
    } = records(&bytes)?;
    if rows.is_empty() {
        bail!(
            "'{}' holds no ddx result records (JSON objects with a 'status'); {skipped} lines skipped",
            file.display()
        );
    }
    let provenance = provenance.unwrap_or(Value::Null);
    run_fields_from_provenance(&mut run, &provenance);
    if templates.len() > 1 {
        run.template = Some(
            templates
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(","),
        );
        run.template_sha256 = None;
    }
    run.provenance = provenance;
    run.settings = json!({
        "imported": {
            "file": run.output,
            "sha256": hex::encode(Sha256::digest(&bytes)),
            "records": rows.len(),
            "lines_skipped": skipped,
        }
    });
    let mut ledger = super::open(settings)?;
    ledger.insert_run(&run)?;
    ledger.add_cases(&run.id, &rows)?;
    ledger.finish_run(
        &run.id,
        &Finish {
            finished: stamp,
            tokens: Some(json!({"prompt": prompt_tokens, "output": output_tokens})),
            ..Finish::default()
        },
    )?;
    println!("{}", run.id);
    crate::note!(
        "imported {} cases from '{}' as run {}{}",
        rows.len(),
        file.display(),
        run.id,
        if skipped > 0 {
            format!(" ({skipped} lines were not result records)")
        } else {
            String::new()
        }
    );
    Ok(Outcome::Success)
}
