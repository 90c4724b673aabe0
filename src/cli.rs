//! Command-line definitions (clap). These types stop at the settings layer: nothing past
//! `settings` sees them. Every doc comment here becomes --help, the man pages and completions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Printed at the top of --help and the man page.
pub const ABOUT: &str = "Local clinical case reasoning over GGUF models: ask, batch-annotate and evaluate \
de-identified cases without sending data anywhere.\n\n\
ddx is decision support for researchers, not medical advice: its output is not validated for patient care.";

#[derive(Debug, Parser)]
#[command(
    name = "ddx",
    version,
    long_version = crate::version::long_version(),
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
    /// Run a model over a JSONL case file: one JSON result per input line, in input order
    #[command(after_help = "Examples:\n  ddx batch cases.jsonl -o results.jsonl\n  \
cat cases.jsonl | ddx batch --template summary | jq -r '.output'\n  \
ddx batch cases.jsonl --parallel 8 --seed 7 | jq 'select(.status==\"error\") | .error'\n  \
ddx batch cases.jsonl -o results.jsonl --resume     # after a crash or Ctrl-C\n  \
ddx batch cases.jsonl --template differential --json | jq '.json.most_likely'\n  \
ddx batch notes.jsonl --labels infection,no-infection --instruction \"Is there an active infection?\"\n  \
ddx batch mcq.jsonl --score | jq -c '[.id, .choice.label, .choice.prob]'\n\n\
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
    /// Import clinical data from another format as case records (JSONL on stdout)
    #[command(after_help = "Example:\n  ddx import fhir ./synthea/fhir/ > cases.jsonl")]
    Import(ImportArgs),
    /// Remove identifiers (HIPAA Safe Harbor types) from a JSONL case file
    #[command(
        after_help = "Examples:\n  ddx deid cases.jsonl > cases.deid.jsonl\n  \
ddx import fhir export/ | ddx deid --deid-dates year | ddx batch\n  \
ddx deid --salt-file ~/.secrets/ddx-salt notes.jsonl -o notes.deid.jsonl\n\n\
Every output record gets a 'deid' block (method, version, counts by identifier type). \
This is a guard, not a guarantee: Safe Harbor or Expert Determination remains your responsibility."
    )]
    Deid(DeidCommandArgs),
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

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

// Parsed once per run: the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print every location ddx reads or writes: config file, data, cache, models, prompts
    #[command(
        after_help = "Examples:\n  ddx config paths\n  ddx config paths --json | jq -r .config_file"
    )]
    Paths {
        /// Print one JSON object instead of aligned text
        #[arg(long)]
        json: bool,
    },
    /// Print the effective settings and where each came from (default, file, environment, flag)
    #[command(
        after_help = "Examples:\n  ddx config show\n  ddx --no-config config show\n  \
DDX_SEED=7 ddx config show --temperature 0.5 --json"
    )]
    Show {
        /// Print one JSON object instead of commented TOML
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        generation: GenerationArgs,
    },
    /// Write a commented default config.toml (never overwrites an existing file)
    #[command(after_help = "Examples:\n  ddx config init\n  ddx --config ./ddx.toml config init")]
    Init,
}

#[derive(Debug, Args)]
pub struct ModelsArgs {
    #[command(subcommand)]
    pub command: ModelsCommand,
}

// Parsed once per run: the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// List the GGUF files ddx knows: registry, data directory, ./models and the configured model
    #[command(
        after_help = "Examples:\n  ddx models list\n  ddx models list --all\n  \
ddx models list --json | jq -r '.[].path'"
    )]
    List {
        /// Also list registry models that are not on this machine, with where to get them
        #[arg(long)]
        all: bool,
        /// Print a JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Print a model's GGUF metadata without loading its weights
    #[command(after_help = "Examples:\n  ddx models info SmolLM2-135M-Instruct\n  \
ddx models info models/SmolLM2-135M-Instruct.Q4_1.gguf --json")]
    Info {
        /// A GGUF file, or a model name from `ddx models list`; default: the configured model
        #[arg(value_name = "FILE|NAME")]
        target: Option<String>,
        /// Print one JSON object (every metadata key) instead of text
        #[arg(long)]
        json: bool,
        /// Also compute the file's sha256 (reads the whole file)
        #[arg(long)]
        sha256: bool,
        #[command(flatten)]
        generation: GenerationArgs,
    },
    /// Check the sha256 of model files against the registry
    #[command(
        after_help = "Examples:\n  ddx models verify\n  ddx models verify SmolLM2-135M-Instruct\n\n\
Exit status: 0 every checked file matches, 1 a file is missing or differs, 2 unknown name."
    )]
    Verify {
        /// Registry names to check (default: every entry present on this machine)
        #[arg(value_name = "NAME")]
        names: Vec<String>,
    },
    /// Register a local GGUF file under a name usable with --model NAME
    #[command(
        after_help = "Examples:\n  ddx models add ~/models/meditron-7b.Q4_K_M.gguf --name meditron-7b\n  \
ddx ask --model meditron-7b \"Causes of hyponatraemia?\""
    )]
    Add {
        /// The GGUF file (checked and fingerprinted; it is not copied)
        #[arg(value_name = "PATH")]
        path: PathBuf,
        /// Name to use with --model and `ddx models info` (letters, digits, '.', '_', '-')
        #[arg(long, value_name = "NAME")]
        name: String,
        /// Replace an existing registration of the same name
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What to write: completions, man or all (all puts them in DIR/completions and DIR/man)
    #[arg(value_enum)]
    pub what: GenerateWhat,
    /// Directory to write into (created if missing)
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateWhat {
    /// bash, zsh, fish, elvish and PowerShell completion scripts
    Completions,
    /// roff man pages: ddx.1 and one per subcommand
    Man,
    /// Both, into DIR/completions and DIR/man
    All,
}

/// How identifiers are removed (shared by `deid`, `import --deid` and `batch --deid`).
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "De-identification")]
pub struct DeidOptions {
    /// Dates: 'shift' moves every date of a patient by the same secret number of days (keeps
    /// intervals); 'year' keeps only the year
    #[arg(long = "deid-dates", value_enum, default_value_t = DeidDates::Shift, value_name = "HOW")]
    pub dates: DeidDates,
    /// File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT,
    /// else one ddx generates in its data directory)
    #[arg(long, value_name = "FILE")]
    pub salt_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DeidDates {
    #[default]
    Shift,
    Year,
}

/// `--deid` plus its options, for commands where de-identification is optional.
#[derive(Debug, Args, Clone, Default)]
pub struct DeidArgs {
    /// Remove identifiers (names, dates, phone numbers, ...) from every case before anything
    /// else sees it; results get a 'deid' block
    #[arg(long, help_heading = "De-identification")]
    pub deid: bool,
    #[command(flatten)]
    pub options: DeidOptions,
}

#[derive(Debug, Args)]
pub struct DeidCommandArgs {
    /// JSONL case file; '-' or nothing reads stdin
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Write the de-identified cases to this file instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite a non-empty output file
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub options: DeidOptions,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub format: ImportFormat,
}

#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// FHIR R4 JSON: Bundles (transaction, collection, searchset) and Bulk Data NDJSON exports
    #[command(
        after_help = "Examples:\n  ddx import fhir patient-*.json > cases.jsonl\n  \
ddx import fhir bulk-export/ --per encounter -o encounters.jsonl\n  \
ddx import fhir bundle.json --index-date 2019-06-30 --deid | ddx batch --template summary\n\n\
One case per patient with a chronological timeline built from Encounter, Condition, Observation, \
MedicationRequest/Statement, Procedure, Immunization, AllergyIntolerance, DiagnosticReport and \
DocumentReference (text notes decoded). Other resource types are counted and skipped; malformed \
files or resources are reported with their position (exit status 1) and the import goes on."
    )]
    Fhir(FhirArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum PerWhat {
    #[default]
    Patient,
    Encounter,
}

#[derive(Debug, Args)]
pub struct FhirArgs {
    /// FHIR JSON or NDJSON files, or directories to search for *.json and *.ndjson;
    /// '-' or nothing reads stdin
    #[arg(value_name = "FILE|DIR")]
    pub inputs: Vec<PathBuf>,
    /// One case per patient, or one per encounter (with that encounter's entries)
    #[arg(long, value_enum, default_value_t = PerWhat::Patient, value_name = "WHAT")]
    pub per: PerWhat,
    /// Keep only what happened up to this date (YYYY-MM-DD), for prediction tasks; entries get
    /// day offsets relative to it
    #[arg(long, value_name = "DATE")]
    pub index_date: Option<String>,
    /// Write the cases to this file instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite a non-empty output file
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub deid: DeidArgs,
}

/// Which model, template and generation settings to use (shared by every generating command).
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Model and generation")]
pub struct GenerationArgs {
    /// GGUF model file (default: DDX_MODEL, the config file, then the default test model)
    #[arg(short, long, value_name = "PATH")]
    pub model: Option<String>,
    /// Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path
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
    /// Layers to offload to the GPU: a number, 'all', or 'auto' (as many as fit in free GPU memory); always 0 on a CPU-only build
    #[arg(long, value_name = "N|all|auto")]
    pub gpu_layers: Option<String>,
    /// GPU that holds the model with '--split-mode none', and intermediate results otherwise (0 = first)
    #[arg(long, value_name = "INDEX")]
    pub main_gpu: Option<u32>,
    /// How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)
    #[arg(long, value_name = "MODE", value_parser = ["none", "layer", "row"])]
    pub split_mode: Option<String>,
    /// Flash attention: faster attention kernel; 'auto' (the default) lets llama.cpp decide (on for CPU)
    #[arg(long, value_name = "WHEN", value_parser = ["auto", "on", "off"])]
    pub flash_attn: Option<String>,
    /// Element type of the KV cache's keys; q8_0 halves its memory at a small accuracy cost
    #[arg(long, value_name = "TYPE", value_parser = crate::engine::CacheType::NAMES.to_vec())]
    pub cache_type_k: Option<String>,
    /// Element type of the KV cache's values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto
    #[arg(long, value_name = "TYPE", value_parser = crate::engine::CacheType::NAMES.to_vec())]
    pub cache_type_v: Option<String>,
}

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
    #[command(flatten)]
    pub generation: GenerationArgs,
}

/// Constrained output, annotation and scoring (batch).
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Structured output, annotation and scoring")]
pub struct OutputArgs {
    /// Constrain every answer to this JSON schema; each result gains the parsed answer as 'json'
    #[arg(long, value_name = "FILE", conflicts_with_all = ["json", "labels", "score"])]
    pub schema: Option<PathBuf>,
    /// Constrain answers to the template's own JSON schema (--template differential declares one)
    #[arg(long, conflicts_with_all = ["labels", "score"])]
    pub json: bool,
    /// Annotate: each answer is exactly one of these labels ("a,b,c", or @FILE with one per line)
    #[arg(long, value_name = "LABELS|@FILE")]
    pub labels: Option<String>,
    /// With --labels: each answer is the list of every label that applies
    #[arg(long, requires = "labels", conflicts_with = "score")]
    pub multi_label: bool,
    /// The instruction the annotate template gives the model (TEXT, or @FILE)
    #[arg(long, value_name = "TEXT|@FILE")]
    pub instruction: Option<String>,
    /// Rank each case's options (or --labels) by the model's log-likelihood instead of generating
    #[arg(long)]
    pub score: bool,
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
    pub output_args: OutputArgs,
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
    #[command(flatten)]
    pub deid: DeidArgs,
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
