//! Command-line definitions (clap). These types stop at the settings layer: nothing past
//! `settings` sees them. Every doc comment here becomes --help, the man pages and completions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Printed at the top of --help and the man page.
pub const ABOUT: &str = "Local clinical case reasoning over GGUF models: ask, batch-annotate and evaluate \
de-identified cases without sending data anywhere.\n\n\
ddx is decision support for researchers, not medical advice: its output is not validated for patient care.";

#[derive(Debug, Parser)]
#[command(name = "ddx", version, about = ABOUT, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Print only data: no progress, stats or summary on stderr
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more on stderr: resolved settings, and llama.cpp's own log
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Read settings from this file instead of the default config.toml
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every config file (built-in defaults, DDX_* variables and flags only)
    #[arg(long, global = true)]
    pub no_config: bool,
    /// When to use colours on stderr (NO_COLOR is honoured by 'auto')
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ask the model one question and stream the answer to stdout
    #[command(
        after_help = "Examples:\n  ddx ask \"Causes of a persistent dry cough in a non-smoker?\"\n  \
echo \"List red flags of headache\" | ddx ask --max-tokens 200\n  \
ddx ask --template differential \"45-year-old with fever and a new murmur\""
    )]
    Ask(AskArgs),
    /// Run a model over a JSONL case file: one JSON result per input line, in input order
    #[command(after_help = "Examples:\n  ddx batch cases.jsonl -o results.jsonl\n  \
cat cases.jsonl | ddx batch --template summary | jq -r '.output'\n  \
ddx batch cases.jsonl --parallel 8 --seed 7 | jq 'select(.status==\"error\") | .error'\n  \
ddx batch cases.jsonl -o results.jsonl --resume     # after a crash or Ctrl-C\n\n\
Exit status: 0 every record succeeded, 1 some records failed, 2 usage, config or model error, 130 interrupted.")]
    Batch(BatchArgs),
    /// Measure speed and memory: single stream (like llama-bench) or batch throughput
    #[command(after_help = "Examples:\n  ddx bench single -p 512 -n 128 -r 3\n  \
ddx bench batch --workload annotate --cases 64 --parallel 1,4,8\n  \
ddx bench batch --input cases.jsonl --parallel 8 --json | jq .runs\n  \
ddx bench workload long-case --cases 64 > long-case.jsonl\n\n\
tests/bench/compare-llama.sh runs the same measurements next to llama.cpp's own tools.")]
    Bench(BenchArgs),
    /// List the prompt templates (built-in and your own)
    #[command(after_help = "Example:\n  ddx templates")]
    Templates,
    /// Talk with the model about one case at a time (a REPL with slash commands)
    #[command(
        after_help = "Examples:\n  ddx chat --case tests/fixtures/demo-cases.jsonl#demo-2\n  \
ddx chat --template summary --temperature 0.7\n  \
printf 'Causes of syncope?\\nAnd in the young?\\n' | ddx chat --max-tokens 100\n\n\
Inside, type /help for the commands (/case, /next, /set, /schema, /save, ...).\n\
Ctrl-C stops an answer, Ctrl-D leaves. History: DATA_DIR/history.txt (mode 0600)."
    )]
    Chat(ChatArgs),
    /// Review a case file in a terminal UI: the case, the conversation, the differential
    #[command(
        after_help = "Examples:\n  ddx tui tests/fixtures/demo-cases.jsonl\n  \
ddx tui cases.jsonl --case demo-2 --annotations review.jsonl\n\n\
Press ? inside for every key. q or Ctrl-C quits; Esc stops an answer."
    )]
    Tui(TuiArgs),
}

/// Which model, template and generation settings to use (shared by every generating command).
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Model and generation")]
pub struct GenerationArgs {
    /// GGUF model file (default: DDX_MODEL, the config file, then the default test model)
    #[arg(short, long, value_name = "PATH")]
    pub model: Option<String>,
    /// Prompt template: a built-in name (differential, summary, mcq, raw), your own, or a .toml path
    #[arg(short, long, value_name = "NAME|PATH")]
    pub template: Option<String>,
    /// Sampling temperature; 0 picks the most likely token every time (greedy)
    #[arg(long, value_name = "T")]
    pub temperature: Option<f32>,
    /// Sample only from the K most likely tokens (0 = off)
    #[arg(long, value_name = "K")]
    pub top_k: Option<i32>,
    /// Sample only from the smallest set of tokens whose probability reaches P (1 = off)
    #[arg(long, value_name = "P")]
    pub top_p: Option<f32>,
    /// Drop tokens less likely than P times the most likely one (0 = off)
    #[arg(long, value_name = "P")]
    pub min_p: Option<f32>,
    /// Penalise tokens repeated in the last 64 (1 = off)
    #[arg(long, value_name = "X")]
    pub repeat_penalty: Option<f32>,
    /// Random seed: same input, settings and seed give the same output
    #[arg(long, value_name = "N")]
    pub seed: Option<u32>,
    /// Most tokens to generate per answer
    #[arg(short = 'n', long, value_name = "N")]
    pub max_tokens: Option<u32>,
    /// Stop the answer at this text (repeatable)
    #[arg(long, value_name = "TEXT")]
    pub stop: Vec<String>,
    /// Tokens one case or conversation may use: prompt plus answer
    #[arg(short = 'c', long, value_name = "N")]
    pub ctx_size: Option<u32>,
    /// CPU threads (default: the number of physical cores)
    #[arg(long, value_name = "N")]
    pub threads: Option<u32>,
    /// Layers to offload to the GPU: a number or 'all' (default: all with a GPU build, else 0)
    #[arg(long, value_name = "N|all")]
    pub gpu_layers: Option<String>,
    /// Flash attention: auto, on or off
    #[arg(long, value_name = "auto|on|off")]
    pub flash_attn: Option<String>,
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// The question; read from stdin when absent
    pub text: Option<String>,
    /// A system prompt for this question
    #[arg(long, value_name = "TEXT")]
    pub system: Option<String>,
    #[command(flatten)]
    pub generation: GenerationArgs,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// JSONL case file; '-' or nothing reads stdin
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Write results to this file instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite a non-empty output file
    #[arg(long, conflicts_with = "resume")]
    pub force: bool,
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
    #[command(flatten)]
    pub generation: GenerationArgs,
}

#[derive(Debug, Args)]
pub struct TuiArgs {
    /// JSONL case file to review
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Open at the case with this id (default: the first case)
    #[arg(long, value_name = "ID", requires = "file")]
    pub case: Option<String>,
    /// Append your reviews (accepted, wrong, label, note) to this JSONL file; cases already in it show as reviewed
    #[arg(long, value_name = "FILE")]
    pub annotations: Option<PathBuf>,
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
        /// Print one JSON object instead of a table
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        generation: GenerationArgs,
    },
    /// Print a synthetic workload as JSONL (id + messages), to feed other tools the same cases
    Workload {
        /// long-case or annotate
        #[arg(value_name = "NAME")]
        name: String,
        /// Number of cases
        #[arg(long, value_name = "N", default_value_t = 64)]
        cases: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_argument_has_help() {
        fn walk(cmd: &clap::Command) {
            for arg in cmd.get_arguments() {
                if arg.get_id() == "help" || arg.get_id() == "version" {
                    continue;
                }
                assert!(
                    arg.get_help().is_some(),
                    "'{}' of '{}' has no help",
                    arg.get_id(),
                    cmd.get_name()
                );
            }
            for sub in cmd.get_subcommands() {
                walk(sub);
            }
        }
        walk(&Cli::command());
    }
}
