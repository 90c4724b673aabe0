//! Arguments of `ddx runs`: the ledger of batch and eval runs.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct RunsArgs {
    #[command(subcommand)]
    pub command: RunsCommand,
}

#[derive(Debug, Subcommand)]
pub enum RunsCommand {
    /// List recorded runs, newest first
    #[command(
        after_help = "Examples:\n  ddx runs list\n  ddx runs list --model SmolLM2 --limit 5\n  \
ddx runs list --input medqa --json | jq -r .id\n\n\
A run whose FINISHED column says 'unfinished' stopped without ending (a crash, a kill): \
its cases so far are recorded."
    )]
    List {
        /// Only runs whose model (file name, served name or sha256) contains this text
        #[arg(long, value_name = "TEXT")]
        model: Option<String>,
        /// Only runs whose template name contains this text
        #[arg(long, value_name = "TEXT")]
        template: Option<String>,
        /// Only runs whose input file path contains this text
        #[arg(long, value_name = "TEXT")]
        input: Option<String>,
        /// At most this many runs
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Print one JSON object per run (JSON Lines) instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Show one run: provenance, settings, counts, metrics and timings
    #[command(after_help = "Examples:\n  ddx runs show 20261202-0105\n  \
ddx runs show 20261202-010501-3fa9c1 --json | jq .metrics.accuracy\n  \
ddx runs show RUN --json | jq -c '.cases[] | select(.status != \"ok\")'")]
    Show {
        /// A run id, or the start of one that names a single run
        #[arg(value_name = "RUN")]
        run: String,
        /// Print the whole run, per-case rows included, as one JSON object
        #[arg(long)]
        json: bool,
    },
    /// Delete runs and their per-case rows from the ledger (result files are not touched)
    #[command(after_help = "Examples:\n  ddx runs rm 20261202-010501-3fa9c1\n  \
ddx runs list --model old-model --json | jq -r .id | xargs ddx runs rm")]
    Rm {
        /// Run ids, or starts of ids that each name a single run
        #[arg(value_name = "RUN", required = true)]
        runs: Vec<String>,
    },
    /// Record a ddx result file made elsewhere (another machine's shard) as a run
    #[command(after_help = "Examples:\n  ddx runs import shard-2.results.jsonl\n  \
ssh gpu-host cat results.jsonl | ddx runs import -\n\n\
The model, template and ddx version come from the records' provenance; the run's start is the \
file's modification time. Prints the new run's id.")]
    Import {
        /// A JSONL file of ddx result records; '-' reads stdin
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Compare runs (and reviewers) on the cases they share: accuracy with CI, paired
    /// difference, McNemar, Cochran's Q, kappa, Krippendorff's alpha, the cases they disagree on
    #[command(
        after_help = "Examples:\n  ddx runs compare 20261202-0105 20261202-0112\n  \
ddx runs compare RUN_A RUN_B RUN_C --json | jq .cochran_q\n  \
ddx runs compare RUN_A --rater review.jsonl     # the model against a reviewer\n\n\
Accuracy and the paired tests use the shared cases with a gold label; agreement (kappa, alpha) \
uses every shared case, an unreadable answer counting as the label '(unparsed)'."
    )]
    Compare {
        /// Run ids, or starts of ids that each name a single run
        #[arg(value_name = "RUN")]
        runs: Vec<String>,
        /// An annotation file of `ddx tui --annotations` whose reviews are one more rater (a
        /// label, or the accepted answer; repeatable)
        #[arg(long = "rater", value_name = "ANNOTATIONS")]
        raters: Vec<PathBuf>,
        /// Print every statistic as one JSON object
        #[arg(long)]
        json: bool,
    },
}
