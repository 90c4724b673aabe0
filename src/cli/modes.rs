//! Arguments of the commands that run a model: ask, batch, eval, chat, tui, bench.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{DeidArgs, GenerationArgs, OutputArgs, ResultsFileArgs};

#[derive(Debug, Args)]
pub struct AskArgs {
    /// The question; read from stdin when absent
    pub text: Option<String>,
    /// A system prompt for this question
    #[arg(long, value_name = "TEXT")]
    pub system: Option<String>,
    /// Constrain the answer to this JSON schema; the answer is printed as JSON
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "json",
        help_heading = "Structured output"
    )]
    pub schema: Option<PathBuf>,
    /// Constrain the answer to the template's own JSON schema (the differential template has one)
    #[arg(long, help_heading = "Structured output")]
    pub json: bool,
    /// Also print a reasoning model's thinking, to stderr as it comes (labelled, dimmed on a
    /// terminal); stdout stays the answer
    #[arg(long)]
    pub show_reasoning: bool,
    #[command(flatten)]
    pub deid: DeidArgs,
    #[command(flatten)]
    pub generation: GenerationArgs,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// JSONL case file; '-' or nothing reads stdin
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,
    #[command(flatten)]
    pub results: ResultsFileArgs,
    /// Continue an interrupted run: skip ids that already have an "ok" record in the output
    /// file, redo those with an error record, append the rest
    #[arg(long, requires = "output")]
    pub resume: bool,
    /// With --resume, keep earlier error records instead of retrying their cases
    #[arg(long, requires = "resume")]
    pub no_retry_errors: bool,
    /// Cases decoded at once (default: chosen from the hardware and the context budget)
    #[arg(short = 'p', long, value_name = "N")]
    pub parallel: Option<u32>,
    /// Largest input line accepted, in bytes (longer lines become error records)
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_line_bytes: usize,
    /// Add the sha256 of each case's prompt (after the chat template) to its result, so two runs
    /// can be shown to have sent identical prompts (`ddx render` prints the same hash)
    #[arg(long, conflicts_with = "score")]
    pub prompt_sha256: bool,
    /// Do not record this run in the ledger (config: ledger = false)
    #[arg(long)]
    pub no_ledger: bool,
    /// While another run writes the same output file, wait for it to end instead of refusing
    /// (config: wait)
    #[arg(long)]
    pub wait: bool,
    /// What the input lines are: ddx cases, OpenAI Batch API requests (custom_id, method, url,
    /// body), or auto (requests when the first non-blank line is one)
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, value_name = "FORMAT")]
    pub input_format: InputFormatArg,
    /// What result lines are: ddx records, or the OpenAI Batch API's output objects
    #[arg(long, value_enum, default_value_t = OutputFormatArg::Ddx, value_name = "FORMAT")]
    pub output_format: OutputFormatArg,
    /// Run only shard K of N (1-based): the lines whose id hashes into it (FNV-1a 64 of the id,
    /// mod N). 'auto' reads Slurm's SLURM_ARRAY_TASK_* or Kubernetes' JOB_COMPLETION_INDEX (with
    /// auto/N or DDX_SHARD_COUNT=N)
    #[arg(long, value_name = "K/N|auto|auto/N")]
    pub shard: Option<String>,
    #[command(flatten)]
    pub output_args: OutputArgs,
    #[command(flatten)]
    pub deid: DeidArgs,
    #[command(flatten)]
    pub generation: GenerationArgs,
}

/// `--input-format` of `ddx batch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    Auto,
    Ddx,
    OpenaiBatch,
}

/// Result line formats (`--output-format` of batch, `--to` of convert).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormatArg {
    Ddx,
    OpenaiBatch,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// JSONL case file; '-' or nothing reads stdin
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Also list the prompt's token ids and their text
    #[arg(long)]
    pub tokens: bool,
    /// Largest input line accepted, in bytes (longer lines become error records)
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_line_bytes: usize,
    #[command(flatten)]
    pub output_args: OutputArgs,
    #[command(flatten)]
    pub deid: DeidArgs,
    #[command(flatten)]
    pub generation: GenerationArgs,
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub command: Option<TemplatesCommand>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Print a template's source: a prompt template (TOML) or a built-in chat template (Jinja)
    #[command(
        after_help = "Examples:\n  ddx templates show differential\n  ddx templates show gemma > my-gemma.jinja"
    )]
    Show {
        /// A prompt template's name or .toml path, or a chat template's name (chatml, gemma, ...)
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// JSONL file of cases with a gold 'answer' (after --map)
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Take a case field from another field of the record: FIELD=SOURCE (repeatable; SOURCE may be a.b.c)
    #[arg(long = "map", value_name = "FIELD=SOURCE")]
    pub map: Vec<String>,
    /// Write the full JSON report (metrics and every case's prediction) to this file
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Take gold answers from reviews (`ddx tui --annotations FILE`): a label overrides the
    /// file's answer, an accepted answer is gold, 'wrong' alone keeps the file's answer (a case
    /// with none is not evaluated)
    #[arg(long, value_name = "ANNOTATIONS")]
    pub gold: Option<PathBuf>,
    /// Treat every case as this label set ("yes,no,maybe" or @FILE) instead of its own options
    #[arg(long, value_name = "LABELS|@FILE")]
    pub labels: Option<String>,
    /// The instruction the annotate template gives the model with --labels (TEXT, or @FILE)
    #[arg(long, value_name = "TEXT|@FILE")]
    pub instruction: Option<String>,
    /// Generate answers and extract the choice from the text, even for cases with options
    #[arg(long)]
    pub generate: bool,
    /// Cases decoded at once when generating (default: chosen from the hardware)
    #[arg(short = 'p', long, value_name = "N")]
    pub parallel: Option<u32>,
    /// Largest input line accepted, in bytes (longer lines are listed as errors)
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_line_bytes: usize,
    /// Do not record this run in the ledger (config: ledger = false)
    #[arg(long)]
    pub no_ledger: bool,
    /// While another run writes the same output file, wait for it to end instead of refusing
    /// (config: wait)
    #[arg(long)]
    pub wait: bool,
    #[command(flatten)]
    pub deid: DeidArgs,
    #[command(flatten)]
    pub generation: GenerationArgs,
}

#[derive(Debug, Args)]
pub struct ChatArgs {
    /// Start on a case: a JSONL case file, optionally with '#ID' for a case other than the first
    #[arg(long, value_name = "FILE[#ID]")]
    pub case: Option<String>,
    /// A system prompt that replaces the template's
    #[arg(long, value_name = "TEXT")]
    pub system: Option<String>,
    /// Neither read nor write the history file
    #[arg(long)]
    pub no_history: bool,
    /// While another run writes the same output file, wait for it to end instead of refusing
    /// (config: wait)
    #[arg(long)]
    pub wait: bool,
    #[command(flatten)]
    pub deid: DeidArgs,
    #[command(flatten)]
    pub generation: GenerationArgs,
}

/// The help heading of `ddx tui --sdx` and its flags.
const SDX_HEADING: &str = "Sequential diagnosis (--sdx)";

#[derive(Debug, Args)]
pub struct TuiArgs {
    /// JSONL case file to review
    #[arg(value_name = "FILE", group = "cases")]
    pub file: Option<PathBuf>,
    /// Play one sequential-diagnosis case from this JSONL file (OSCE records or ddx's sequential
    /// form) instead of reviewing: type ask/examine/order/diagnose, see the findings and the cost
    /// (or --watch the model play it)
    #[arg(
        long,
        value_name = "CASES",
        group = "cases",
        conflicts_with_all = ["annotations", "deid"],
        help_heading = SDX_HEADING
    )]
    pub sdx: Option<PathBuf>,
    /// With --sdx: actions, the final diagnosis included
    #[arg(long, value_name = "N", default_value_t = 10, requires = "sdx", value_parser = clap::value_parser!(u32).range(1..), help_heading = SDX_HEADING)]
    pub max_turns: u32,
    /// With --sdx: cost budget in dollars; reaching it forces a diagnosis
    #[arg(long, value_name = "DOLLARS", requires = "sdx", help_heading = SDX_HEADING)]
    pub budget: Option<f64>,
    /// With --sdx: a price table (TOML) over the shipped one, entry by entry
    #[arg(long, value_name = "FILE", requires = "sdx", help_heading = SDX_HEADING)]
    pub prices: Option<PathBuf>,
    /// With --sdx: the model plays and you watch, step by step (Enter: next step, a: autoplay)
    #[arg(long, requires = "sdx", help_heading = SDX_HEADING)]
    pub watch: bool,
    /// Open at the case with this id (default: the first case)
    #[arg(long, value_name = "ID", requires = "cases")]
    pub case: Option<String>,
    /// Append your reviews (accepted, wrong, label, note) to this JSONL file; cases already in it show as reviewed
    #[arg(long, value_name = "FILE")]
    pub annotations: Option<PathBuf>,
    /// While another run writes the same output file, wait for it to end instead of refusing
    /// (config: wait)
    #[arg(long)]
    pub wait: bool,
    #[command(flatten)]
    pub deid: DeidArgs,
    #[command(flatten)]
    pub generation: GenerationArgs,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub command: BenchCommand,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Prompt processing and generation speed of one stream, llama-bench style
    #[command(
        after_help = "Examples:\n  ddx bench single\n  ddx bench single -p 512 -g 128 -r 5 --threads 8 --json"
    )]
    Single {
        /// Prompt tokens per run (random tokens, one batch)
        #[arg(
            short = 'p',
            long = "n-prompt",
            value_name = "N",
            default_value_t = 512
        )]
        n_prompt: u32,
        /// Tokens generated per run (one at a time)
        #[arg(short = 'g', long = "n-gen", value_name = "N", default_value_t = 128)]
        n_gen: u32,
        /// Measured runs (after one warm-up run)
        #[arg(short = 'r', long, value_name = "N", default_value_t = 3)]
        repetitions: u32,
        /// Print one JSON object instead of a table
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        generation: GenerationArgs,
    },
    /// Batch throughput of a workload at several --parallel values
    #[command(
        after_help = "Examples:\n  ddx bench batch --workload annotate --cases 64 --parallel 1,4,8\n  \
ddx bench batch --input cases.jsonl --parallel 8 --json | jq '.runs[] | {parallel, wall_seconds}'"
    )]
    Batch {
        /// Built-in synthetic workload: long-case or annotate
        #[arg(short = 'w', long, value_name = "NAME", conflicts_with = "input")]
        workload: Option<String>,
        /// Measure on a JSONL case file instead of a synthetic workload
        #[arg(short = 'i', long, value_name = "FILE")]
        input: Option<PathBuf>,
        /// Cases in the synthetic workload
        #[arg(long, value_name = "N", default_value_t = 64)]
        cases: usize,
        /// Parallel values to measure, comma-separated
        #[arg(
            short = 'P',
            long,
            value_name = "N,N,...",
            value_delimiter = ',',
            default_value = "1,4,8"
        )]
        parallel: Vec<u32>,
        /// Also measure each --parallel with a whole context per case in the KV cache (the
        /// sizing before the shared pool was planned from what cases share), to compare
        #[arg(long)]
        full_kv: bool,
        /// Print one JSON object instead of a table
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        generation: GenerationArgs,
    },
    /// Print a synthetic workload as JSONL (id + messages), to feed other tools the same cases
    #[command(
        after_help = "Example:\n  ddx bench workload long-case --cases 64 > long-case.jsonl"
    )]
    Workload {
        /// long-case or annotate
        #[arg(value_name = "NAME")]
        name: String,
        /// Number of cases
        #[arg(long, value_name = "N", default_value_t = 64)]
        cases: usize,
    },
}
