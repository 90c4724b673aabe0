//! Arguments of the commands for work beyond one machine: convert (OpenAI Batch API files both
//! ways) and merge (shards back into one result file).

use std::path::PathBuf;

use clap::Args;

use super::modes::OutputFormatArg;
use super::GenerationArgs;

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// A ddx case file, or an OpenAI Batch API output file; '-' reads stdin
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Write to this file instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite a non-empty output file
    #[arg(long)]
    pub force: bool,
    /// What to write: openai-batch (requests from cases, rendered with the template) or ddx
    /// (result records from a Batch API output file); default: from what the input holds
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: Option<OutputFormatArg>,
    /// The body's "model" of each request (the deployment name on Azure; default: the model's file stem)
    #[arg(long, value_name = "NAME")]
    pub model_name: Option<String>,
    /// Ask for answers in this JSON schema (response_format json_schema, strict)
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// The request url of each line
    #[arg(long, value_name = "URL", default_value = "/v1/chat/completions", value_parser = ["/v1/chat/completions", "/chat/completions"])]
    pub url: String,
    /// Largest input line accepted, in bytes
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_line_bytes: usize,
    /// Send temperature and top_p in each request: auto leaves them out for OpenAI's reasoning
    /// models (o1, o3, o4-mini, gpt-5...: they refuse other values), send and omit always do
    #[arg(long, value_enum, default_value_t = SamplingFieldsArg::Auto, value_name = "WHEN")]
    pub sampling_fields: SamplingFieldsArg,
    #[command(flatten)]
    pub generation: GenerationArgs,
}

/// `--sampling-fields` of convert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SamplingFieldsArg {
    Auto,
    Send,
    Omit,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The merged result file; '-' writes stdout
    #[arg(value_name = "OUT")]
    pub output: PathBuf,
    /// Shard result files, or directories of them (every *.jsonl inside)
    #[arg(value_name = "SHARD", required = true)]
    pub shards: Vec<PathBuf>,
    /// The input all shards ran on: check every id is there exactly once, write in its order
    #[arg(long, value_name = "CASES")]
    pub input: Option<PathBuf>,
    /// Print the check as one JSON object on stdout (OUT must then be a file)
    #[arg(long)]
    pub json: bool,
    /// Overwrite a non-empty OUT
    #[arg(long)]
    pub force: bool,
    /// While another run writes the same output file, wait for it to end instead of refusing
    /// (config: wait)
    #[arg(long)]
    pub wait: bool,
}
