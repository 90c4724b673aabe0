//! `ddx sdx`: sequential diagnosis (play cases by asking, examining and ordering tests).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{GenerationArgs, ResultsFileArgs};

#[derive(Debug, Args)]
pub struct SdxArgs {
    #[command(subcommand)]
    pub command: SdxCommand,
}

#[derive(Debug, Subcommand)]
pub enum SdxCommand {
    /// Play every case as an encounter: the model asks, examines and orders tests (each priced)
    /// one JSON action per turn, then commits to a diagnosis; one JSON result per encounter
    #[command(after_help = "Examples:\n  ddx sdx run osce.jsonl -o sdx.jsonl\n  \
ddx sdx run osce.jsonl -o sdx.jsonl --budget 500,1500,4000 --max-turns 12\n  \
ddx sdx run osce.jsonl -o sdx.jsonl --resume      # after a crash or Ctrl-C\n  \
ddx sdx run cases.jsonl --prices my-prices.toml | jq -c '[.id, .diagnosis, .correct, .cost]'\n\n\
Cases: AgentClinic OSCE records as they are, or ddx's form {id, opening, history, exam, tests, \
diagnosis, aliases}. Results come in the order encounters end; the summary (accuracy with 95% CI, \
mean cost, mean turns per budget) goes to stderr.\n\n\
Exit status: 0 every encounter played, 1 some records failed, 2 usage, config or model error, 130 interrupted.")]
    Run(Box<SdxRunArgs>),
    /// Play one case yourself: type actions, the gatekeeper answers, the cost runs
    #[command(after_help = "Examples:\n  ddx sdx play osce.jsonl --case line-3\n  \
printf 'ask Do you smoke?\\norder CBC, CXR\\ndiagnose pneumonia\\n' | ddx sdx play cases.jsonl\n\n\
Actions: ask QUESTION | examine SYSTEM | order TEST[, TEST...] | diagnose DIAGNOSIS[; ALTERNATIVE...] \
(or a, e, o, d). The case's opening, the answers and the outcome go to stdout.")]
    Play {
        /// JSONL case file (OSCE records or ddx's sequential form)
        #[arg(value_name = "FILE")]
        input: PathBuf,
        /// The case's id ('line-N' for a case without one); the first case when absent
        #[arg(long, value_name = "ID")]
        case: Option<String>,
        /// Actions, the final diagnosis included
        #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
        max_turns: u32,
        /// Cost budget in dollars; reaching it forces a diagnosis
        #[arg(long, value_name = "DOLLARS")]
        budget: Option<f64>,
        /// A price table (TOML) whose entries replace the shipped ones
        #[arg(long, value_name = "FILE")]
        prices: Option<PathBuf>,
        /// A model that rephrases what the gatekeeper reveals (checked; refused replies fall back
        /// to the deterministic answer)
        #[arg(long, value_name = "MODEL")]
        gatekeeper_model: Option<String>,
        /// What an ordered test the case does not hold returns: 'neutral' ("not available") or
        /// 'synthetic' (the gatekeeper model writes a plausible result; needs --gatekeeper-model)
        #[arg(long, value_name = "MODE", value_enum, default_value_t = Absent::Neutral)]
        absent: Absent,
    },
    /// Accuracy (95% CI), mean cost and mean turns per budget of `ddx sdx run` result files
    #[command(after_help = "Examples:\n  ddx sdx report sdx.jsonl\n  \
ddx sdx report small.jsonl large.jsonl --json | jq '.budgets[] | [.budget, .accuracy, .mean_cost]'")]
    Report {
        /// Result files of `ddx sdx run`
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
}

/// What the gatekeeper returns for an ordered test the case does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Absent {
    /// "not available" (deterministic)
    Neutral,
    /// A plausible result written by the gatekeeper model, marked synthetic
    Synthetic,
}

#[derive(Debug, Args)]
pub struct SdxRunArgs {
    /// JSONL case file (OSCE records or ddx's sequential form)
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    #[command(flatten)]
    pub results: ResultsFileArgs,
    /// Continue an interrupted run: skip encounters (case and budget) that already have an "ok"
    /// record in the output file, play the rest
    #[arg(long, requires = "output")]
    pub resume: bool,
    /// With --resume, keep earlier error records instead of playing their encounters again
    #[arg(long, requires = "resume")]
    pub no_retry_errors: bool,
    /// Actions per encounter, the final diagnosis included; the last one is a forced diagnosis
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_turns: u32,
    /// Cost budgets in dollars: every case is played once per budget; reaching it forces a
    /// diagnosis (default: no budget)
    #[arg(long, value_name = "DOLLARS", value_delimiter = ',')]
    pub budget: Vec<f64>,
    /// A price table (TOML, the form of the shipped one) whose entries replace the shipped ones
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// Write every prompt the model under test is sent to this file (JSONL: id, budget, turn,
    /// messages), to audit what it saw
    #[arg(long, value_name = "FILE")]
    pub prompt_log: Option<PathBuf>,
    /// A model (GGUF file or registered name) that grades each final diagnosis against the gold
    /// on a 5-point rubric, greedy, shown the opening, differential and gold; 4 or 5 counts
    /// correct (the name match stays in 'match'); an encounter it fails on is an error record
    #[arg(long, value_name = "MODEL")]
    pub judge_model: Option<String>,
    /// A model (GGUF file or registered name) that rephrases what the deterministic gatekeeper
    /// reveals, as the patient, examiner or laboratory; a reply naming the diagnosis or a finding
    /// not revealed is refused and the deterministic answer kept
    #[arg(long, value_name = "MODEL")]
    pub gatekeeper_model: Option<String>,
    /// What an ordered test the case does not hold returns: 'neutral' ("not available", which
    /// tells the model the case lacks it) or 'synthetic' (the gatekeeper model writes a plausible,
    /// case-consistent result, marked synthetic and never counted as a finding; needs
    /// --gatekeeper-model)
    #[arg(long, value_name = "MODE", value_enum, default_value_t = Absent::Neutral)]
    pub absent: Absent,
    /// Before each action the model plays MAI-DxO's panel in turn (hypothesis keeper, test
    /// chooser, challenger, cost steward, checklist); each role's notes are in the transcript
    #[arg(long)]
    pub panel: bool,
    /// Do not record this run in the ledger (config: ledger = false)
    #[arg(long)]
    pub no_ledger: bool,
    /// While another run writes the same output file, wait for it to end instead of refusing
    /// (config: wait)
    #[arg(long)]
    pub wait: bool,
    /// Encounters decoded at once (default: chosen from the hardware)
    #[arg(short = 'p', long, value_name = "N")]
    pub parallel: Option<u32>,
    #[command(flatten)]
    pub generation: GenerationArgs,
}
