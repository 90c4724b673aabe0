//! Command-line definitions (clap). These types stop at the dispatch in [`crate::app`]: no
//! command, session or lower layer sees them. Every doc comment here becomes --help, the man
//! pages and completions ([`generate`]).
//!
//! May use: app (the version text, the settings' keys), engine (the names its cache-type flags
//! accept), clap, clap_complete, clap_mangen. Never commands or session: the command line only
//! describes; the dispatch acts.

mod audit;
pub mod generate;
mod modes;
mod runs;
mod scale;
mod sdx;
mod shared;
mod tools;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use audit::AuditArgs;
pub use modes::{
    AskArgs, BatchArgs, BenchArgs, BenchCommand, ChatArgs, EvalArgs, RenderArgs, TemplatesArgs,
    TemplatesCommand, TuiArgs,
};
pub use modes::{InputFormatArg, OutputFormatArg};
pub use runs::{RunsArgs, RunsCommand};
pub use scale::{ConvertArgs, MergeArgs, SamplingFieldsArg};
pub use sdx::{Absent, SdxArgs, SdxCommand, SdxRunArgs};
pub use shared::{
    DeidArgs, DeidDateOrder, DeidDates, DeidOptions, DeidReplace, GenerationArgs, OutputArgs,
    RemoteArgs, ResultsFileArgs,
};
pub use tools::{
    ConfigArgs, ConfigCommand, DeidCommandArgs, DeidScoreArgs, FhirArgs, GenerateArgs,
    GenerateWhat, ImportArgs, ImportFormat, ModelsArgs, ModelsCommand, PerWhat, ReportArgs,
    ReportFormat,
};

/// Printed at the top of --help and the man page.
pub const ABOUT: &str = "Local clinical case reasoning over GGUF models (or a served model): ask, \
batch-annotate and evaluate de-identified cases. With a local model nothing leaves the machine; \
to an endpoint off it, cases go only de-identified (--deid) unless you allow otherwise.\n\n\
ddx is decision support for researchers, not medical advice: its output is not validated for patient care.";

#[derive(Debug, Parser)]
#[command(
    name = "ddx",
    version,
    long_version = crate::app::version::long_version(),
    about = ABOUT,
    long_about = None,
    propagate_version = true,
    after_help = "Examples:\n  ddx ask \"Differential of acute chest pain in a 30-year-old?\"\n  \
ddx batch cases.jsonl -o results.jsonl\n  ddx models list\n  ddx config show\n\n\
Exit status: 0 success, 1 some records failed, 2 usage, config or model error, 130 interrupted."
)]
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
ddx ask --template differential \"45-year-old with fever and a new murmur\"\n  \
ddx ask --json \"67-year-old man with crushing chest pain and ST elevation\" | jq .differential\n  \
ddx ask --schema answer-schema.json \"Is aspirin an antiplatelet drug? Answer yes or no.\""
    )]
    Ask(AskArgs),
    /// Counterfactual and robustness probes of a case file: variants that should not change the
    /// answer (sex, race, age, insurance, housing, language, option order and letters, wording,
    /// an irrelevant normal lab, and the unchanged case as a control)
    #[command(
        after_help = "Examples:\n  ddx audit cases.jsonl --probe order,relabel --emit-variants > variants.jsonl\n  \
ddx audit cases.jsonl --probe sex,race,identity --emit-variants | ddx batch - -o results.jsonl\n\n\
For now `--emit-variants` is required: it writes the variants as case lines for `ddx batch`. \
The audit run itself (answers, flip rates with exact intervals, McNemar, position bias, the \
ledger and the report) comes with the shared results sink."
    )]
    Audit(AuditArgs),
    /// Run a model over a JSONL case file: one JSON result per input line, in input order
    #[command(after_help = "Examples:\n  ddx batch cases.jsonl -o results.jsonl\n  \
cat cases.jsonl | ddx batch --template summary | jq -r '.output'\n  \
ddx batch cases.jsonl --parallel 8 --seed 7 | jq 'select(.status==\"error\") | .error'\n  \
ddx batch cases.jsonl -o results.jsonl --resume     # after a crash or Ctrl-C\n  \
ddx batch cases.jsonl --template differential --json | jq '.json.most_likely'\n  \
ddx batch notes.jsonl --labels infection,no-infection --instruction \"Is there an active infection?\"\n  \
ddx batch mcq.jsonl --score | jq -c '[.id, .choice.label, .choice.prob]'\n  \
ddx batch openai-requests.jsonl --output-format openai-batch -o batch_output.jsonl\n  \
ddx batch cases.jsonl --shard 3/8 --resume -o shard-3.jsonl   # then: ddx merge\n\n\
Exit status: 0 every record succeeded, 1 some records failed, 2 usage, config or model error, 130 interrupted.")]
    Batch(BatchArgs),
    /// Measure speed and memory: single stream (like llama-bench) or batch throughput
    #[command(after_help = "Examples:\n  ddx bench single -p 512 -g 128 -r 3\n  \
ddx bench batch --workload annotate --cases 64 --parallel 1,4,8\n  \
ddx bench batch --input cases.jsonl --parallel 8 --json | jq .runs\n  \
ddx bench workload long-case --cases 64 > long-case.jsonl\n\n\
tests/bench/compare-llama.sh runs the same measurements next to llama.cpp's own tools.")]
    Bench(BenchArgs),
    /// Score a model against cases with a gold 'answer': accuracy, per-class precision/recall, calibration
    #[command(
        after_help = "Examples:\n  ddx eval medqa.jsonl --map id=realidx --report medqa-report.json\n  \
ddx eval pubmedqa.jsonl --map id=pmid --map question=QUESTION --map notes=CONTEXTS \\\n      \
--map answer=final_decision --labels yes,no,maybe\n  \
ddx eval osce.jsonl --map answer=OSCE_Examination.Correct_Diagnosis --map presentation=OSCE_Examination.Patient_Actor.History\n\n\
Cases with options (or --labels) are scored by log-likelihood; others are answered by generation and the \
answer is extracted from the text. The table goes to stdout; --report writes the full JSON report."
    )]
    Eval(EvalArgs),
    /// The ledger of batch and eval runs: list, show, remove, import result files made elsewhere
    #[command(
        after_help = "Examples:\n  ddx runs list\n  ddx runs show 20261202-0105 --json\n  \
ddx runs rm 20261202-010501-3fa9c1\n  ddx runs import shard-2.results.jsonl\n\n\
Every `ddx batch` and `ddx eval` is recorded in DATA_DIR/ledger.sqlite3 (ids and derived values only, \
never case text) unless --no-ledger or `ledger = false` in the config file."
    )]
    Runs(RunsArgs),
    /// List the prompt templates (built-in and your own) and the built-in chat templates
    #[command(
        after_help = "Examples:\n  ddx templates\n  ddx templates show differential\n  \
ddx templates show gemma      # a chat template's Jinja source"
    )]
    Templates(TemplatesArgs),
    /// Show what the model would be sent for each case, without generating: the messages, the
    /// prompt after the chat template, its tokens
    #[command(after_help = "Examples:\n  ddx render cases.jsonl | jq -r .prompt\n  \
ddx render cases.jsonl --chat-template gemma --tokens | jq .tokens\n  \
ddx render mcq.jsonl --score | jq .options\n\n\
Takes the flags of `ddx batch` that shape a prompt (template, chat template, --deid, --labels, \
--score, context fitting) and loads only the model's vocabulary.")]
    Render(RenderArgs),
    /// Sequential diagnosis: the model asks, examines and orders priced tests one step at a
    /// time, then commits to a diagnosis; accuracy against cost
    #[command(
        after_help = "Examples:\n  ddx sdx run osce.jsonl -o sdx.jsonl --budget 1000,3000\n  \
ddx sdx report sdx.jsonl"
    )]
    Sdx(SdxArgs),
    /// Write a report of one or more runs: provenance, accuracy with CI, per-class table,
    /// confusion matrix, calibration, latency; several runs compared
    #[command(
        after_help = "Examples:\n  ddx report 20261202-010501 -o report.html\n  \
ddx report RUN_A RUN_B -o compare.html\n  \
ddx report RUN --format md | less\n\n\
The HTML file is self-contained (inline SVG plots and CSS, no script, no network): it opens from \
disk or a mail attachment. It holds case ids and derived values, never case text."
    )]
    Report(ReportArgs),
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
    /// Import clinical data from another format as case records (JSONL on stdout)
    #[command(after_help = "Example:\n  ddx import fhir ./synthea/fhir/ > cases.jsonl")]
    Import(ImportArgs),
    /// Remove identifiers (HIPAA Safe Harbor types) from a JSONL case file, or score the rules on
    /// an annotated one (--score)
    #[command(
        after_help = "Examples:\n  ddx deid cases.jsonl > cases.deid.jsonl\n  \
ddx import fhir export/ | ddx deid --deid-dates year | ddx batch\n  \
ddx deid --salt-file ~/.secrets/ddx-salt notes.jsonl -o notes.deid.jsonl\n  \
ddx deid --deid-date-order day-first --deid-model models/SmolLM2-135M-Instruct.Q4_1.gguf notes.jsonl\n  \
ddx deid --deid-replace surrogates cases.jsonl\n  \
ddx deid --score annotated.jsonl --floor text.overall.recall=0.95 --floor overall.char_precision=0.98\n\n\
Every output record gets a 'deid' block (method, version, replacement, passes, counts by identifier type). \
This is a guard, not a guarantee: Safe Harbor or Expert Determination remains your responsibility."
    )]
    Deid(DeidCommandArgs),
    /// Convert between ddx files and OpenAI/Azure Batch API files: cases into request lines,
    /// Batch API output back into ddx result records
    #[command(
        after_help = "Examples:\n  ddx convert cases.jsonl --template differential --model-name gpt-4o-mini -o requests.jsonl\n  \
ddx convert cases.jsonl --schema answer.schema.json --model-name my-azure-deployment > batch.jsonl\n  \
ddx convert batch_output.jsonl -o results.jsonl && ddx runs import results.jsonl\n\n\
The direction follows the input (a Batch API output file becomes ddx records; cases become requests) \
unless --to says. `ddx batch` runs a request file as it is."
    )]
    Convert(ConvertArgs),
    /// Merge shard result files into one, checking every input id is there exactly once
    #[command(
        after_help = "Examples:\n  ddx merge results.jsonl shard-*.jsonl --input cases.jsonl\n  \
ddx merge - out/ --input cases.jsonl > results.jsonl\n  \
ddx merge results.jsonl out/ --input cases.jsonl --json | jq .missing\n\n\
Missing, duplicate and unknown ids are listed on stderr; the exit status is 1 when any is found. \
Without --input the records are ordered by their input line. Both result formats (ddx, openai-batch) merge."
    )]
    Merge(MergeArgs),
    /// Show where ddx keeps its files and which settings are in effect; write a starter config
    #[command(after_help = "Examples:\n  ddx config paths\n  ddx config show\n  \
DDX_TEMPERATURE=0.7 ddx config show --seed 7\n  ddx config init")]
    Config(ConfigArgs),
    /// List, inspect, verify and register GGUF model files (never downloads anything)
    #[command(
        after_help = "Examples:\n  ddx models list\n  ddx models info SmolLM2-135M-Instruct\n  \
ddx models info ~/models/meditron-7b.Q4_K_M.gguf --json | jq '.metadata'\n  ddx models verify\n  \
ddx models add ~/models/meditron-7b.Q4_K_M.gguf --name meditron-7b"
    )]
    Models(ModelsArgs),
    /// Write shell completions and man pages generated from this command line (for packagers)
    #[command(
        hide = true,
        after_help = "Examples:\n  ddx generate all --dir .\n  \
ddx generate completions --dir completions\n  ddx generate man --dir man"
    )]
    Generate(GenerateArgs),
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
    fn every_visible_command_has_an_example() {
        fn walk(cmd: &clap::Command, path: &str) {
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let name = format!("{path} {}", sub.get_name());
                let after = sub.get_after_help().map(ToString::to_string);
                let has_subcommands = sub.get_subcommands().next().is_some();
                assert!(
                    after.is_some_and(|a| a.contains("Example")),
                    "'{name} --help' has no example"
                );
                if has_subcommands {
                    walk(sub, &name);
                }
            }
        }
        walk(&Cli::command(), "ddx");
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
