//! What the engine needs to load a model and what it says about it: GPU layers and placement,
//! KV-cache types, flash attention, the devices of this build, and the loaded model's facts.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// How many layers go to the GPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GpuLayers {
    /// Every layer (the default when the build has a GPU backend).
    All,
    /// As many as fit in free device memory, decided by llama.cpp's fitting at load time
    /// (0 on a build without a GPU backend).
    Auto,
    /// Exactly this many (0 = CPU only).
    Count(u32),
}

impl std::fmt::Display for GpuLayers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GpuLayers::All => f.write_str("all"),
            GpuLayers::Auto => f.write_str("auto"),
            GpuLayers::Count(n) => write!(f, "{n}"),
        }
    }
}

impl std::str::FromStr for GpuLayers {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "all" => Ok(GpuLayers::All),
            "auto" => Ok(GpuLayers::Auto),
            other => other
                .parse::<u32>()
                .map(GpuLayers::Count)
                .map_err(|_| format!("'{s}' is not a layer count, 'all' or 'auto'")),
        }
    }
}

/// How a model is split across several GPUs (llama.cpp's `split_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SplitMode {
    /// Everything on the main GPU.
    None,
    /// Whole layers per GPU (llama.cpp's default).
    #[default]
    Layer,
    /// Rows of each weight matrix across GPUs.
    Row,
}

impl std::str::FromStr for SplitMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "none" => Ok(Self::None),
            "layer" => Ok(Self::Layer),
            "row" => Ok(Self::Row),
            _ => Err(format!("'{s}' is not one of 'none', 'layer', 'row'")),
        }
    }
}

impl std::fmt::Display for SplitMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::Layer => "layer",
            Self::Row => "row",
        })
    }
}

/// Element type of the KV cache (llama.cpp's `--cache-type-k/-v`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CacheType {
    F32,
    #[default]
    F16,
    Bf16,
    Q8_0,
    Q4_0,
    Q4_1,
    Q5_0,
    Q5_1,
    Iq4Nl,
}

impl CacheType {
    /// Every accepted name, for help text and errors.
    pub const NAMES: &'static [&'static str] = &[
        "f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "iq4_nl",
    ];

    /// Bytes 32 elements of this type take (ggml's block sizes: q8_0 is 34 bytes per 32, ...).
    pub fn bytes_per_32(self) -> u64 {
        match self {
            Self::F32 => 128,
            Self::F16 | Self::Bf16 => 64,
            Self::Q8_0 => 34,
            Self::Q4_0 | Self::Iq4Nl => 18,
            Self::Q4_1 => 20,
            Self::Q5_0 => 22,
            Self::Q5_1 => 24,
        }
    }

    /// Quantised types; a quantised V cache needs flash attention in llama.cpp.
    pub fn is_quantized(self) -> bool {
        !matches!(self, Self::F32 | Self::F16 | Self::Bf16)
    }

    fn name(self) -> &'static str {
        match self {
            Self::F32 => "f32",
            Self::F16 => "f16",
            Self::Bf16 => "bf16",
            Self::Q8_0 => "q8_0",
            Self::Q4_0 => "q4_0",
            Self::Q4_1 => "q4_1",
            Self::Q5_0 => "q5_0",
            Self::Q5_1 => "q5_1",
            Self::Iq4Nl => "iq4_nl",
        }
    }
}

impl std::str::FromStr for CacheType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let all = [
            Self::F32,
            Self::F16,
            Self::Bf16,
            Self::Q8_0,
            Self::Q4_0,
            Self::Q4_1,
            Self::Q5_0,
            Self::Q5_1,
            Self::Iq4Nl,
        ];
        let wanted = s.trim().to_ascii_lowercase();
        all.into_iter()
            .find(|t| t.name() == wanted)
            .ok_or_else(|| format!("'{s}' is not one of {}", Self::NAMES.join(", ")))
    }
}

impl std::fmt::Display for CacheType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// GPU placement and KV-cache settings beyond the layer count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OffloadConfig {
    /// The GPU for the whole model (split mode `none`) or for intermediate results.
    pub main_gpu: u32,
    pub split_mode: SplitMode,
    pub cache_type_k: CacheType,
    pub cache_type_v: CacheType,
    /// Context tokens `--gpu-layers auto` reserves room for when fitting layers to memory.
    pub fit_ctx: u32,
}

/// A compute device llama.cpp can use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceInfo {
    pub name: String,
    pub backend: String,
    pub description: String,
    pub kind: String,
    pub memory_total: u64,
    pub memory_free: u64,
}

impl DeviceInfo {
    /// A discrete or integrated GPU (not the CPU, not an accelerator such as BLAS).
    pub fn is_gpu(&self) -> bool {
        self.kind == "gpu" || self.kind == "integratedgpu"
    }
}

/// The devices of every backend compiled into this build (CPU included).
pub fn devices() -> Vec<DeviceInfo> {
    super::llama::devices()
}

/// Flash attention policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlashAttention {
    Auto,
    On,
    Off,
}

impl std::str::FromStr for FlashAttention {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "auto" => Ok(Self::Auto),
            "on" => Ok(Self::On),
            "off" => Ok(Self::Off),
            _ => Err(format!("'{s}' is not one of 'auto', 'on', 'off'")),
        }
    }
}

impl std::fmt::Display for FlashAttention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Auto => "auto",
            Self::On => "on",
            Self::Off => "off",
        })
    }
}

/// What the engine needs to load a model.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub model_path: PathBuf,
    pub gpu_layers: GpuLayers,
    /// CPU threads for llama.cpp; with `fit_threads`, the most, lowered by the other work on
    /// the machine when the model loads.
    pub threads: u32,
    /// The user did not choose `threads`: leave cores that other work is using.
    pub fit_threads: bool,
    pub flash_attention: FlashAttention,
    /// Main GPU, split mode, KV-cache types.
    pub offload: OffloadConfig,
    /// Let llama.cpp's own log lines through (to `tracing`).
    pub verbose_llama_logs: bool,
    /// A chat template (built-in or a Jinja file) instead of the model's own.
    pub chat_template: Option<crate::engine::chat::TemplateChoice>,
    /// Reasoning blocks: how to find them, and the thinking budget.
    pub reasoning: crate::engine::ReasoningConfig,
}

/// Facts about the loaded model, for provenance, stats and `models info`.
#[derive(Debug, Clone, Serialize)]
pub struct ModelInfo {
    pub path: PathBuf,
    pub file_name: String,
    pub name: String,
    pub architecture: String,
    pub quantization: String,
    pub n_params: u64,
    pub size_bytes: u64,
    pub n_ctx_train: u32,
    pub n_layer: u32,
    pub n_vocab: i32,
    /// The GGUF carries the template in use.
    pub has_chat_template: bool,
    /// The template in use: `model`, a built-in name, or a file path.
    pub chat_template: String,
    /// The sha256 of the template's Jinja source (empty for a served model).
    pub chat_template_sha256: String,
    /// Why a built-in was chosen for a model without a template (`warning: ...` when it is a
    /// guess).
    pub chat_template_note: Option<String>,
    pub backend: String,
    pub gpu_layers: u32,
    /// Where a served model answers (scheme, host, path); `None` for a local model.
    pub served_by: Option<String>,
    /// KV-cache bytes one token takes in every layer at the configured cache types (an upper
    /// bound for sliding-window models); 0 when unknown (a served model).
    pub kv_bytes_per_token: u64,
    /// CPU threads llama.cpp runs on.
    pub threads: u32,
    /// Why `threads` is fewer than the default, when other work was using cores at load.
    pub threads_note: Option<String>,
    /// Free memory of the GPU that holds the offloaded layers, measured after loading them;
    /// `None` when the KV cache lives in RAM.
    pub device_free_bytes: Option<u64>,
}

impl ModelInfo {
    /// The model's name for a status bar: its metadata name, else its file name.
    pub fn display_name(&self) -> String {
        if self.name.is_empty() {
            self.file_name.clone()
        } else {
            self.name.clone()
        }
    }

    /// Tokens a sequence may use: `requested`, within what the model was trained for (a served
    /// model, whose training context is unknown here, takes `requested` as is).
    pub fn context_limit(&self, requested: u32) -> u32 {
        if self.n_ctx_train == 0 {
            requested
        } else {
            requested.min(self.n_ctx_train.max(64))
        }
    }

    /// Where the model runs, for stats lines: `CPU` or `CUDA (NVIDIA H200): 31/31 layers on GPU`.
    pub fn placement(&self) -> String {
        if let Some(endpoint) = &self.served_by {
            return format!("the server at {endpoint}");
        }
        if self.gpu_layers == 0 {
            "CPU".to_string()
        } else {
            format!(
                "{}: {}/{} layers on GPU",
                self.backend,
                self.gpu_layers,
                self.n_layer + 1
            )
        }
    }
}
