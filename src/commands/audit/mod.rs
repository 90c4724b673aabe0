//! `ddx audit --emit-variants`: every case of a JSONL file through the chosen probe families
//! (`clinical::audit`), each variant written to stdout as a case line of its own (id
//! `CASEID~VARIANTID`, `meta.audit` naming the probe, its parameters and sha256), ready for
//! `ddx batch`; per probe, the count of variants, of cases transformed and of cases skipped with
//! their reasons on stderr. Lines that are not cases are reported with their line number and
//! make the exit code non-zero. The audit run itself (answers and statistics) comes with the
//! shared results sink.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::app::exit::Outcome;
use crate::cases::{LineParser, LineReader, Parsed};
use crate::clinical::audit::{self, Family};
use crate::session::jsonl;

/// What `ddx audit --emit-variants` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub input: Option<PathBuf>,
    /// Family names, as `--probe` gave them.
    pub probes: Vec<String>,
    pub seed: u64,
    pub max_line_bytes: usize,
}

/// One probe's tally.
#[derive(Debug, Default)]
struct Tally {
    variants: usize,
    cases: usize,
    skipped: BTreeMap<String, usize>,
}

fn families(names: &[String]) -> anyhow::Result<Vec<Family>> {
    let mut out = Vec::new();
    for name in names {
        let family =
            Family::parse(name.trim()).with_context(|| format!("unknown probe '{name}'"))?;
        if !out.contains(&family) {
            out.push(family);
        }
    }
    Ok(out)
}

pub fn emit_variants(options: &Options) -> anyhow::Result<Outcome> {
    let families = families(&options.probes)?;
    let input = jsonl::open_input(options.input.as_deref())?;
    let mut tallies: BTreeMap<Family, Tally> = BTreeMap::new();
    let mut out = std::io::stdout().lock();
    let mut parser = LineParser::default();
    let mut failed = 0usize;
    for line in LineReader::new(input, options.max_line_bytes) {
        let (line_number, raw) = line.context("reading the input failed")?;
        let case = match parser.parse(&raw, options.max_line_bytes) {
            Parsed::Blank => continue,
            Parsed::Error { error, .. } => {
                failed += 1;
                crate::warning!("line {line_number}: {error}; no variants made");
                continue;
            }
            Parsed::Case(case) => case,
        };
        for family in &families {
            let tally = tallies.entry(*family).or_default();
            match audit::variants(*family, &case, options.seed) {
                Ok(variants) => {
                    tally.cases += 1;
                    tally.variants += variants.len();
                    for variant in &variants {
                        let record = audit::variant_record(&case.id, variant);
                        jsonl::write_record(&mut out, &record)?;
                    }
                }
                Err(skip) => *tally.skipped.entry(skip.reason).or_insert(0) += 1,
            }
        }
    }
    out.flush()?;
    for (family, tally) in &tallies {
        let skipped: usize = tally.skipped.values().sum();
        crate::note!(
            "{}: {} variants of {} cases, {} skipped",
            family.name(),
            tally.variants,
            tally.cases,
            skipped
        );
        for (reason, n) in &tally.skipped {
            crate::note!("{}: skipped {n}: {reason}", family.name());
        }
    }
    Ok(Outcome::of_run(false, failed))
}
