//! `ddx audit`'s flags.

use std::path::PathBuf;

use clap::Args;

/// The probe families, as `--probe` accepts them (see `clinical::audit::Family`).
pub const PROBES: [&str; 11] = [
    "identity",
    "sex",
    "race",
    "age",
    "insurance",
    "housing",
    "language",
    "order",
    "relabel",
    "wording",
    "distractor",
];

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// JSONL case file; '-' or nothing reads stdin
    #[arg(value_name = "CASES")]
    pub input: Option<PathBuf>,
    /// Probe families to apply, comma-separated or repeated
    #[arg(long, value_name = "FAMILY", value_delimiter = ',', required = true,
          value_parser = PROBES.to_vec())]
    pub probe: Vec<String>,
    /// Write every variant as a case line (id CASEID~VARIANTID, meta.audit) to stdout, and the
    /// count of variants and skipped cases per probe to stderr; required until the audit run
    /// itself lands
    #[arg(long, required = true)]
    pub emit_variants: bool,
    /// Seed of the order probe's permutation (same seed, same variant)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    /// Largest input line accepted, in bytes (longer lines are reported and skipped)
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_line_bytes: usize,
}
