//! A small pure-Rust reader of GGUF headers.
//!
//! It checks a model file before llama.cpp sees it (llama.cpp reports a broken file only as
//! "failed to load"), so the user learns whether the file is not GGUF, truncated, or of an
//! architecture this build does not know. It also serves metadata to `models info` without
//! loading any weights.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use crate::engine::{ftype_name, EngineError};

/// Architectures known to the llama.cpp vendored in llama-cpp-sys-2 0.1.161 (src/llama-arch.cpp).
pub const KNOWN_ARCHITECTURES: &[&str] = &[
    "clip",
    "llama",
    "llama4",
    "deci",
    "falcon",
    "grok",
    "gpt2",
    "gptj",
    "gptneox",
    "mpt",
    "baichuan",
    "starcoder",
    "refact",
    "bert",
    "modern-bert",
    "nomic-bert",
    "nomic-bert-moe",
    "neo-bert",
    "jina-bert-v2",
    "jina-bert-v3",
    "eurobert",
    "bloom",
    "stablelm",
    "qwen",
    "qwen2",
    "qwen2moe",
    "qwen2vl",
    "qwen3",
    "qwen3moe",
    "qwen3next",
    "qwen3vl",
    "qwen3vlmoe",
    "qwen35",
    "qwen35moe",
    "clef",
    "qwen4exp",
    "phi2",
    "phi3",
    "phimoe",
    "plamo",
    "plamo2",
    "plamo3",
    "codeshell",
    "orion",
    "internlm2",
    "minicpm",
    "minicpm3",
    "gemma",
    "gemma2",
    "gemma3",
    "gemma3n",
    "gemma4",
    "gemma4-assistant",
    "gemma-embedding",
    "starcoder2",
    "mamba",
    "mamba2",
    "maple",
    "jamba",
    "falcon-h1",
    "xverse",
    "command-r",
    "cohere2",
    "cohere2moe",
    "dbrx",
    "olmo",
    "olmo2",
    "olmoe",
    "muse-glimmer",
    "openelm",
    "arctic",
    "deepseek",
    "deepseek2",
    "deepseek2-ocr",
    "deepseek32",
    "deepseek4",
    "chatglm",
    "glm4",
    "glm4moe",
    "glm-dsa",
    "bitnet",
    "t5",
    "t5encoder",
    "jais",
    "jais2",
    "nemotron",
    "nemotron_h",
    "nemotron_h_moe",
    "exaone",
    "exaone4",
    "exaone-moe",
    "rwkv6",
    "rwkv6qwen2",
    "rwkv7",
    "arwkv7",
    "granite",
    "granitemoe",
    "granitehybrid",
    "graniteswitch",
    "granite_swa",
    "chameleon",
    "wavtokenizer-dec",
    "plm",
    "bailingmoe",
    "bailingmoe2",
    "bailingmoe3",
    "dots1",
    "dots3note",
    "arcee",
    "afmoe",
    "laguna",
    "ernie4_5",
    "ernie4_5-moe",
    "hunyuan-moe",
    "hunyuan-dense",
    "hunyuan_vl",
    "hy_v3",
    "hy_v4",
    "smollm3",
    "gpt-oss",
    "lfm2",
    "lfm2moe",
    "dream",
    "smallthinker",
    "llada",
    "llada-moe",
    "seed_oss",
    "grovemoe",
    "apertus",
    "minimax-01",
    "hrm_text",
    "minimax-m2",
    "minimax-m3",
    "cogvlm",
    "rnd1",
    "pangu-embedded",
    "mistral3",
    "eagle3",
    "dflash",
    "mistral4",
    "paddleocr",
    "mimo2",
    "step35",
    "spark2_5",
    "llama-embed",
    "maincoder",
    "kimi-linear",
    "kimi-k3",
    "glm5-next",
    "talkie",
    "mellum",
    "nanbeige",
    "qwen3tts",
    "pockettts",
];

const MAGIC: &[u8; 4] = b"GGUF";
const MAX_STRING: u64 = 64 << 20;
const MAX_ARRAY: u64 = 1 << 32;
const ARRAY_PREVIEW: usize = 16;

/// One metadata value.
#[derive(Debug, Clone, PartialEq)]
pub enum GgufValue {
    Int(i64),
    Uint(u64),
    Float(f64),
    Bool(bool),
    Str(String),
    /// Arrays keep their length and a short preview (vocabularies have 100k entries).
    Array {
        len: u64,
        preview: Vec<GgufValue>,
    },
}

impl GgufValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Uint(v) => Some(*v),
            Self::Int(v) => u64::try_from(*v).ok(),
            _ => None,
        }
    }

    /// JSON form (arrays as {len, preview}).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Self::Int(v) => serde_json::json!(v),
            Self::Uint(v) => serde_json::json!(v),
            Self::Float(v) => serde_json::json!(v),
            Self::Bool(v) => serde_json::json!(v),
            Self::Str(v) => serde_json::json!(v),
            Self::Array { len, preview } => serde_json::json!({
                "len": len,
                "preview": preview.iter().map(GgufValue::to_json).collect::<Vec<_>>(),
            }),
        }
    }
}

/// What the header says about a GGUF file.
#[derive(Debug, Clone)]
pub struct GgufHeader {
    pub version: u32,
    pub tensor_count: u64,
    pub metadata: Vec<(String, GgufValue)>,
    pub file_size: u64,
    /// Parameters: the elements of every tensor.
    pub n_params: u64,
    /// End of the last tensor's data, when every tensor type is known.
    pub data_end: Option<u64>,
}

impl GgufHeader {
    pub fn get(&self, key: &str) -> Option<&GgufValue> {
        self.metadata.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(GgufValue::as_str)
    }

    pub fn architecture(&self) -> Option<&str> {
        self.get_str("general.architecture")
    }

    /// An unsigned value of the architecture's namespace (`llama.context_length`).
    pub fn arch_u64(&self, suffix: &str) -> Option<u64> {
        let arch = self.architecture()?;
        self.get(&format!("{arch}.{suffix}"))
            .and_then(GgufValue::as_u64)
    }

    /// Quantisation name from `general.file_type`.
    pub fn quantization(&self) -> &'static str {
        self.get("general.file_type")
            .and_then(GgufValue::as_u64)
            .map_or("unknown", ftype_name)
    }

    /// Entries of the vocabulary.
    pub fn vocab_size(&self) -> Option<u64> {
        match self.get("tokenizer.ggml.tokens") {
            Some(GgufValue::Array { len, .. }) => Some(*len),
            _ => None,
        }
    }

    pub fn has_chat_template(&self) -> bool {
        self.get_str("tokenizer.chat_template")
            .is_some_and(|t| !t.trim().is_empty())
    }
}

/// (elements per block, bytes per block) of a ggml tensor type.
fn ggml_type_block(ty: u32) -> Option<(u64, u64)> {
    Some(match ty {
        0 => (1, 4),
        1 | 25 | 30 => (1, 2),
        2 | 20 => (32, 18),
        3 => (32, 20),
        6 => (32, 22),
        7 => (32, 24),
        8 => (32, 34),
        9 => (32, 36),
        10 => (256, 84),
        11 | 21 => (256, 110),
        12 => (256, 144),
        13 => (256, 176),
        14 => (256, 210),
        15 => (256, 292),
        16 | 35 => (256, 66),
        17 => (256, 74),
        18 => (256, 98),
        19 => (256, 50),
        22 => (256, 82),
        23 => (256, 136),
        24 => (1, 1),
        26 => (1, 4),
        27 | 28 => (1, 8),
        29 => (256, 56),
        34 => (256, 54),
        39 => (32, 17),
        _ => return None,
    })
}

struct Reader<R> {
    inner: R,
    offset: u64,
}

impl<R: Read> Reader<R> {
    fn bytes<const N: usize>(&mut self) -> std::io::Result<[u8; N]> {
        let mut buf = [0u8; N];
        self.inner.read_exact(&mut buf)?;
        self.offset += N as u64;
        Ok(buf)
    }
    fn u32(&mut self) -> std::io::Result<u32> {
        Ok(u32::from_le_bytes(self.bytes()?))
    }
    fn u64(&mut self) -> std::io::Result<u64> {
        Ok(u64::from_le_bytes(self.bytes()?))
    }
    fn string(&mut self) -> Result<String, String> {
        let len = self.u64().map_err(|e| e.to_string())?;
        if len > MAX_STRING {
            return Err(format!("a string of {len} bytes at offset {}", self.offset));
        }
        let mut buf = vec![0u8; usize::try_from(len).map_err(|e| e.to_string())?];
        self.inner.read_exact(&mut buf).map_err(|e| e.to_string())?;
        self.offset += len;
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }
    fn value(&mut self, ty: u32, depth: u32) -> Result<GgufValue, String> {
        let io = |e: std::io::Error| e.to_string();
        Ok(match ty {
            0 => GgufValue::Uint(u64::from(self.bytes::<1>().map_err(io)?[0])),
            1 => GgufValue::Int(i64::from(i8::from_le_bytes(self.bytes().map_err(io)?))),
            2 => GgufValue::Uint(u64::from(u16::from_le_bytes(self.bytes().map_err(io)?))),
            3 => GgufValue::Int(i64::from(i16::from_le_bytes(self.bytes().map_err(io)?))),
            4 => GgufValue::Uint(u64::from(self.u32().map_err(io)?)),
            5 => GgufValue::Int(i64::from(i32::from_le_bytes(self.bytes().map_err(io)?))),
            6 => GgufValue::Float(f64::from(f32::from_le_bytes(self.bytes().map_err(io)?))),
            7 => GgufValue::Bool(self.bytes::<1>().map_err(io)?[0] != 0),
            8 => GgufValue::Str(self.string()?),
            9 => {
                if depth > 2 {
                    return Err("arrays nested too deeply".into());
                }
                let elem = self.u32().map_err(io)?;
                let len = self.u64().map_err(io)?;
                if len > MAX_ARRAY {
                    return Err(format!(
                        "an array of {len} elements at offset {}",
                        self.offset
                    ));
                }
                let mut preview = Vec::new();
                for i in 0..len {
                    let v = self.value(elem, depth + 1)?;
                    if i < ARRAY_PREVIEW as u64 {
                        preview.push(v);
                    }
                }
                GgufValue::Array { len, preview }
            }
            10 => GgufValue::Uint(self.u64().map_err(io)?),
            11 => GgufValue::Int(i64::from_le_bytes(self.bytes().map_err(io)?)),
            12 => GgufValue::Float(f64::from_le_bytes(self.bytes().map_err(io)?)),
            other => {
                return Err(format!(
                    "unknown metadata value type {other} at offset {}",
                    self.offset
                ))
            }
        })
    }
}

/// Read and check the header of a GGUF file.
pub fn read_header(path: &Path) -> Result<GgufHeader, EngineError> {
    let missing = || EngineError::ModelMissing {
        path: path.to_path_buf(),
    };
    let file = File::open(path).map_err(|_| missing())?;
    let meta = file.metadata().map_err(|_| missing())?;
    if meta.is_dir() {
        return Err(EngineError::NotGguf {
            path: path.to_path_buf(),
            reason: "it is a directory".into(),
        });
    }
    let file_size = meta.len();
    let corrupt = |reason: String| EngineError::ModelCorrupt {
        path: path.to_path_buf(),
        reason,
    };
    let mut r = Reader {
        inner: BufReader::with_capacity(1 << 16, file),
        offset: 0,
    };
    let magic: [u8; 4] = r.bytes().map_err(|_| EngineError::NotGguf {
        path: path.to_path_buf(),
        reason: format!("the file has only {file_size} bytes"),
    })?;
    if &magic != MAGIC {
        return Err(EngineError::NotGguf {
            path: path.to_path_buf(),
            reason: format!("it starts with {magic:02x?}, not the GGUF magic \"GGUF\""),
        });
    }
    let header_err = |e: std::io::Error| corrupt(format!("the header is cut short ({e})"));
    let version = r.u32().map_err(header_err)?;
    if !(2..=3).contains(&version) {
        return Err(EngineError::NotGguf {
            path: path.to_path_buf(),
            reason: format!("GGUF version {version} is not supported (2 and 3 are)"),
        });
    }
    let tensor_count = r.u64().map_err(header_err)?;
    let kv_count = r.u64().map_err(header_err)?;
    if kv_count > 1 << 20 || tensor_count > 1 << 24 {
        return Err(corrupt(format!(
            "implausible header: {kv_count} metadata keys, {tensor_count} tensors"
        )));
    }
    let metadata = read_metadata(&mut r, kv_count, &corrupt)?;
    let (data_size, n_params) = read_tensor_infos(&mut r, tensor_count, &corrupt)?;
    let alignment = metadata
        .iter()
        .find(|(k, _)| k == "general.alignment")
        .and_then(|(_, v)| v.as_u64())
        .filter(|a| *a > 0)
        .unwrap_or(32);
    let data_start = r.offset.div_ceil(alignment) * alignment;
    let data_end = data_size
        .filter(|size| *size > 0)
        .map(|size| data_start + size);
    if let Some(end) = data_end {
        if end > file_size {
            return Err(corrupt(format!(
                "it is truncated: the tensors need {end} bytes but the file has {file_size}"
            )));
        }
    }
    Ok(GgufHeader {
        version,
        tensor_count,
        metadata,
        file_size,
        n_params,
        data_end,
    })
}

/// The metadata key-value pairs that follow the header.
fn read_metadata<R: Read>(
    r: &mut Reader<R>,
    kv_count: u64,
    corrupt: &dyn Fn(String) -> EngineError,
) -> Result<Vec<(String, GgufValue)>, EngineError> {
    let mut metadata = Vec::new();
    for i in 0..kv_count {
        let key = r
            .string()
            .map_err(|e| corrupt(format!("metadata key {i}: {e}")))?;
        let ty = r
            .u32()
            .map_err(|e| corrupt(format!("metadata '{key}': {e}")))?;
        let value = r
            .value(ty, 0)
            .map_err(|e| corrupt(format!("metadata '{key}': {e}")))?;
        metadata.push((key, value));
    }
    Ok(metadata)
}

/// The tensor infos: where the tensor data ends (None for a tensor type whose size is not
/// known here) and the number of parameters.
fn read_tensor_infos<R: Read>(
    r: &mut Reader<R>,
    tensor_count: u64,
    corrupt: &dyn Fn(String) -> EngineError,
) -> Result<(Option<u64>, u64), EngineError> {
    let mut data_size: Option<u64> = Some(0);
    let mut n_params: u64 = 0;
    for i in 0..tensor_count {
        let name = r
            .string()
            .map_err(|e| corrupt(format!("tensor info {i}: {e}")))?;
        let tensor_err = |e: std::io::Error| corrupt(format!("tensor info '{name}': {e}"));
        let n_dims = r.u32().map_err(tensor_err)?;
        if n_dims > 8 {
            return Err(corrupt(format!(
                "tensor '{name}' claims {n_dims} dimensions"
            )));
        }
        let mut elements: u64 = 1;
        for _ in 0..n_dims {
            elements = elements.saturating_mul(r.u64().map_err(tensor_err)?);
        }
        n_params = n_params.saturating_add(elements);
        let ty = r.u32().map_err(tensor_err)?;
        let offset = r.u64().map_err(tensor_err)?;
        data_size = match (data_size, ggml_type_block(ty)) {
            (Some(end), Some((block, bytes))) => {
                Some(end.max(offset.saturating_add(elements.div_ceil(block).saturating_mul(bytes))))
            }
            _ => None,
        };
    }
    Ok((data_size, n_params))
}

/// Check a model file before loading: exists, is GGUF, is whole, has a known architecture.
pub fn check_model_file(path: &Path) -> Result<GgufHeader, EngineError> {
    let header = read_header(path)?;
    match header.architecture() {
        None => Err(EngineError::ModelCorrupt {
            path: path.to_path_buf(),
            reason: "it has no 'general.architecture' key".into(),
        }),
        Some(arch) if !KNOWN_ARCHITECTURES.contains(&arch) => {
            Err(EngineError::UnsupportedArchitecture {
                path: path.to_path_buf(),
                architecture: arch.to_string(),
            })
        }
        Some(_) => Ok(header),
    }
}

/// The smallest GGUF file this reader accepts: version 3, one string key
/// (`general.architecture` = `arch`) and one F32 tensor of 4 elements, whose 16 bytes of data
/// follow the header when `with_data` (without them the file is truncated). For tests and
/// fixtures: a model file that passes (or, cut or mislabelled, fails) the checks without weights.
#[doc(hidden)]
pub fn minimal_file(arch: &str, with_data: bool) -> Vec<u8> {
    fn string(out: &mut Vec<u8>, s: &str) {
        out.extend_from_slice(&(s.len() as u64).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&3u32.to_le_bytes());
    out.extend_from_slice(&1u64.to_le_bytes());
    out.extend_from_slice(&1u64.to_le_bytes());
    string(&mut out, "general.architecture");
    out.extend_from_slice(&8u32.to_le_bytes());
    string(&mut out, arch);
    string(&mut out, "w");
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&4u64.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&0u64.to_le_bytes());
    while out.len() % 32 != 0 {
        out.push(0);
    }
    if with_data {
        out.extend_from_slice(&[0u8; 16]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn tiny_gguf(arch: &str, with_data: bool) -> Vec<u8> {
        minimal_file(arch, with_data)
    }

    fn write(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(bytes).expect("write");
        file
    }

    #[test]
    fn reads_a_whole_file() {
        let file = write(&tiny_gguf("llama", true));
        let header = check_model_file(file.path()).expect("valid");
        assert_eq!(header.architecture(), Some("llama"));
        assert_eq!(header.tensor_count, 1);
        assert_eq!(header.n_params, 4);
        assert_eq!(header.quantization(), "unknown");
        assert!(!header.has_chat_template());
    }

    #[test]
    fn detects_truncation() {
        let file = write(&tiny_gguf("llama", false));
        let err = check_model_file(file.path()).unwrap_err();
        assert!(matches!(err, EngineError::ModelCorrupt { .. }), "{err}");
        assert!(err.to_string().contains("truncated"));
    }

    #[test]
    fn rejects_non_gguf() {
        let file = write(b"{\"not\": \"a model\"}");
        assert!(matches!(
            check_model_file(file.path()).unwrap_err(),
            EngineError::NotGguf { .. }
        ));
    }

    #[test]
    fn rejects_unknown_architecture() {
        let file = write(&tiny_gguf("made-up-arch", true));
        let err = check_model_file(file.path()).unwrap_err();
        assert!(err.to_string().contains("made-up-arch"));
    }

    #[test]
    fn cut_header_is_corrupt_not_a_panic() {
        let bytes = tiny_gguf("llama", true);
        for cut in [5, 12, 30, 50] {
            let file = write(&bytes[..cut]);
            assert!(check_model_file(file.path()).is_err());
        }
    }
}
