//! Where ddx keeps its files: config, data (models, history, salts) and cache (hashes).
//!
//! The platform directories come from the `directories` crate; `DDX_CONFIG_DIR`,
//! `DDX_DATA_DIR` and `DDX_CACHE_DIR` override each one (tests and portable installs use them).

use std::path::PathBuf;

use serde::Serialize;

/// Resolved locations.
#[derive(Debug, Clone, Serialize)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    pub cache_dir: PathBuf,
}

impl Paths {
    /// Resolve from the environment (`DDX_*_DIR`) and the platform's conventions.
    pub fn resolve() -> Self {
        let dirs = directories::ProjectDirs::from("", "", "ddx");
        let pick = |var: &str, platform: Option<PathBuf>, fallback: &str| {
            std::env::var_os(var)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or(platform)
                .unwrap_or_else(|| PathBuf::from(fallback))
        };
        Self {
            config_dir: pick(
                "DDX_CONFIG_DIR",
                dirs.as_ref().map(|d| d.config_dir().to_path_buf()),
                ".ddx/config",
            ),
            data_dir: pick(
                "DDX_DATA_DIR",
                dirs.as_ref().map(|d| d.data_dir().to_path_buf()),
                ".ddx/data",
            ),
            cache_dir: pick(
                "DDX_CACHE_DIR",
                dirs.as_ref().map(|d| d.cache_dir().to_path_buf()),
                ".ddx/cache",
            ),
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    /// User prompt templates (`NAME.toml`).
    pub fn prompts_dir(&self) -> PathBuf {
        self.config_dir.join("prompts")
    }

    /// Models placed by the fetch script or registered by the user.
    pub fn models_dir(&self) -> PathBuf {
        self.data_dir.join("models")
    }

    /// The run ledger (`ddx runs`).
    pub fn ledger_file(&self) -> PathBuf {
        self.data_dir.join("ledger.sqlite3")
    }

    /// Cached sha256 of model files, keyed by path, size and mtime.
    pub fn hash_cache(&self) -> PathBuf {
        self.cache_dir.join("model-hashes.json")
    }
}
