//! Option groups several commands flatten in: model and generation, structured output and
//! scoring, de-identification.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// Which model, template and generation settings to use (shared by every generating command).
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Model and generation")]
pub struct GenerationArgs {
    /// GGUF model file, or a registered model name (local or served; see `ddx models list`)
    /// (default: DDX_MODEL, the config file, then the default test model)
    #[arg(short, long, value_name = "PATH|NAME")]
    pub model: Option<String>,
    /// Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path
    #[arg(short, long, value_name = "NAME|PATH")]
    pub template: Option<String>,
    /// Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model's own, else one chosen from its architecture)
    #[arg(long, value_name = "NAME|FILE")]
    pub chat_template: Option<String>,
    /// Reasoning blocks: 'think-tags' splits <think>...</think> from the answer (into 'reasoning'), 'gpt-oss' splits harmony's analysis channel from its final one, 'none' never splits, 'auto' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>
    #[arg(long, value_name = "FORMAT", value_parser = ["auto", "none", "think-tags", "gpt-oss"])]
    pub reasoning_format: Option<String>,
    /// Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template's enable_thinking, or an empty block)
    #[arg(long, value_name = "N")]
    pub reasoning_budget: Option<u32>,
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
    /// CPU threads (default: the physical cores, less those other work keeps busy when the model
    /// loads)
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
    /// Make each case's output byte-identical whatever --parallel, the other cases, or ask/chat
    /// (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)
    #[arg(long)]
    pub batch_invariant: bool,
    /// Element type of the KV cache's keys; q8_0 halves its memory at a small accuracy cost
    #[arg(long, value_name = "TYPE", value_parser = crate::engine::CacheType::NAMES.to_vec())]
    pub cache_type_k: Option<String>,
    /// Element type of the KV cache's values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto
    #[arg(long, value_name = "TYPE", value_parser = crate::engine::CacheType::NAMES.to_vec())]
    pub cache_type_v: Option<String>,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

/// A model served over HTTP instead of a local GGUF file.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Served model")]
pub struct RemoteArgs {
    /// Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure
    /// OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// The model or deployment name sent in each request (default: the one model the server
    /// lists)
    #[arg(long, value_name = "NAME")]
    pub remote_model: Option<String>,
    /// Environment variable that holds the API key (default: OPENAI_API_KEY, or
    /// AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)
    #[arg(long, value_name = "VAR")]
    pub api_key_env: Option<String>,
    /// Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout
    #[arg(long, value_name = "N")]
    pub max_retries: Option<u32>,
    /// Longest a request may take, answer included, in seconds
    #[arg(long, value_name = "SECONDS")]
    pub request_timeout: Option<u32>,
    /// At most this many requests per minute (for metered endpoints)
    #[arg(long, value_name = "N")]
    pub max_rpm: Option<u32>,
    /// At most this many tokens per minute, counted from the server's usage (for metered endpoints)
    #[arg(long, value_name = "N")]
    pub max_tpm: Option<u32>,
    /// Send cases that were not de-identified to an endpoint off this machine (without it, ddx
    /// refuses unless --deid is given)
    #[arg(long)]
    pub allow_identifiable: bool,
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
    /// When an answer does not validate against the schema, run the case again with a new seed,
    /// up to N more times (the seeds and earlier errors are recorded; needs --temperature > 0)
    #[arg(long, value_name = "N", default_value_t = 0, conflicts_with = "score")]
    pub schema_retry: u32,
}

// `-o FILE` and `--force` of the commands that write one result line per case (batch, sdx run).
// No doc comment: a flattened struct's doc would become the command's --help text.
#[derive(Debug, Args, Clone, Default)]
pub struct ResultsFileArgs {
    /// Write results to this file instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite a non-empty output file
    #[arg(long, conflicts_with = "resume")]
    pub force: bool,
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

/// How identifiers are removed (shared by `deid` and every command's `--deid`).
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "De-identification")]
pub struct DeidOptions {
    /// Dates: 'shift' moves every date of a patient by the same secret number of days (keeps
    /// intervals); 'year' keeps only the year
    #[arg(long = "deid-dates", value_enum, default_value_t = DeidDates::Shift, value_name = "HOW")]
    pub dates: DeidDates,
    /// How to read an all-numeric date whose first two numbers could both be the month
    /// (03/04/2021): 'month-first' (US) or 'day-first'; 13/04/2021 is read day first either way
    #[arg(long = "deid-date-order", value_enum, default_value_t = DeidDateOrder::MonthFirst, value_name = "ORDER")]
    pub date_order: DeidDateOrder,
    /// After the rules, ask this model (a GGUF file, a registered name, local or served, or an
    /// endpoint URL) to list the identifiers left in each text field, and remove those too
    #[arg(id = "deid_model", long = "deid-model", value_name = "PATH|NAME|URL")]
    pub model: Option<String>,
    /// File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT,
    /// else one ddx generates in its data directory)
    #[arg(long, value_name = "FILE")]
    pub salt_file: Option<PathBuf>,
    /// What stands where an identifier was: 'tags' ([NAME], [PHONE], ...) or 'surrogates'
    /// (realistic fake values, the same for the same value of a patient under one salt) [default:
    /// tags; config: deid_replace; env: DDX_DEID_REPLACE]
    #[arg(long = "deid-replace", value_enum, value_name = "HOW")]
    pub replace: Option<DeidReplace>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeidReplace {
    Tags,
    Surrogates,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DeidDates {
    #[default]
    Shift,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DeidDateOrder {
    #[default]
    MonthFirst,
    DayFirst,
}
