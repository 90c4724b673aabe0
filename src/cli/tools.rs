//! Arguments of the commands around the model: config, models, import, deid, generate.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{DeidArgs, DeidOptions, GenerationArgs};

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
    /// Register a local GGUF file, or a served model, under a name usable with --model NAME
    #[command(
        after_help = "Examples:\n  ddx models add ~/models/meditron-7b.Q4_K_M.gguf --name meditron-7b\n  \
ddx models add --endpoint http://gpu-host:8000/v1 --remote-model meditron-70b --name meditron-70b\n  \
ddx ask --model meditron-7b \"Causes of hyponatraemia?\"\n\n\
A served model's key stays in the environment: the registry names the variable (--api-key-env)."
    )]
    Add {
        /// The GGUF file (checked and fingerprinted; it is not copied)
        #[arg(
            value_name = "PATH",
            required_unless_present = "endpoint",
            conflicts_with = "endpoint"
        )]
        path: Option<PathBuf>,
        /// Name to use with --model and `ddx models info` (letters, digits, '.', '_', '-')
        #[arg(long, value_name = "NAME")]
        name: String,
        /// Register a served model at this endpoint instead of a file (as --endpoint elsewhere)
        #[arg(long, value_name = "URL")]
        endpoint: Option<String>,
        /// The served model's name or deployment, sent in each request
        #[arg(long, value_name = "NAME", requires = "endpoint")]
        remote_model: Option<String>,
        /// Environment variable that holds the served model's key
        #[arg(long, value_name = "VAR", requires = "endpoint")]
        api_key_env: Option<String>,
        /// Replace an existing registration of the same name
        #[arg(long)]
        force: bool,
    },
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
    #[command(flatten)]
    pub score: DeidScoreArgs,
}

/// `ddx deid --score`: measure the rules on an annotated file instead of de-identifying one.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Scoring")]
pub struct DeidScoreArgs {
    /// Score the rules on this annotated JSONL file ([[type:text]] marks in any field, or 'text'
    /// with 'spans' in characters): token-level precision, recall and F1 per HIPAA category and
    /// overall, typed and not, entity-level strict and relaxed recall, over-redaction; each with
    /// the records' 'patient' fields and from the text alone
    #[arg(long, value_name = "GOLD", conflicts_with_all = ["input", "output", "deid_model"])]
    pub score: Option<PathBuf>,
    /// With --score: a least value, [patient.|text.]SCOPE.METRIC=VALUE (e.g.
    /// text.names.recall=0.95, overall.char_precision=0.98); the exit status is 1 when one fails
    #[arg(long = "floor", value_name = "KEY=VALUE", requires = "score")]
    pub floors: Vec<String>,
    /// With --score: a file of floors, one KEY=VALUE per line ('#' comments)
    #[arg(long = "floors", value_name = "FILE", requires = "score")]
    pub floors_file: Option<PathBuf>,
    /// With --score: every figure as one JSON object instead of the table
    #[arg(long, requires = "score")]
    pub json: bool,
    /// With --score: write each text's gold and detected spans (character offsets) to this JSONL
    /// file, for checking the figures with another tool
    #[arg(long, value_name = "FILE", requires = "score")]
    pub predictions: Option<PathBuf>,
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

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Run ids (a unique prefix is enough) or files of `ddx runs show --json` output; two or
    /// more are also compared on the cases they share
    #[arg(value_name = "RUN", required = true)]
    pub runs: Vec<String>,
    /// Write the report to this file instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// html: one self-contained page with plots; md: Markdown tables for a terminal
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One HTML file: provenance, metrics, plots as SVG with tables, no network
    Html,
    /// Markdown tables, no plots
    Md,
}
