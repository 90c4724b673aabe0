//! `ddx models add`: register a local GGUF file (with its sha256) or a served model under a
//! name.

use std::path::Path;

use anyhow::{bail, Context as _};

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::models;
use crate::models::registry::{self, Entry};

use super::human_bytes;

/// `ddx models add`.
pub fn add(settings: &Settings, path: &Path, name: &str, force: bool) -> anyhow::Result<Outcome> {
    registry::check_name(name)?;
    let header = models::check_model_file(path)?;
    let absolute = std::fs::canonicalize(path)
        .with_context(|| format!("cannot resolve '{}'", path.display()))?;
    if header.file_size > 1 << 30 {
        crate::note!(
            "computing the sha256 of {} ({}), once...",
            absolute.display(),
            human_bytes(header.file_size)
        );
    }
    let sha256 = models::sha256_cached(&absolute, &settings.paths.hash_cache())?;
    let entry = Entry {
        name: name.to_string(),
        file: absolute
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        path: Some(absolute.clone()),
        source: None,
        quantization: Some(header.quantization().to_string()),
        sha256: Some(sha256.clone()),
        size_bytes: Some(header.file_size),
        ..Entry::default()
    };
    let file = registry::add(&settings.paths.models_dir(), entry, force)?;
    crate::message!(
        "registered '{name}' → {} (sha256 {sha256}) in {}",
        absolute.display(),
        file.display()
    );
    Ok(Outcome::Success)
}

/// A served model to register.
#[derive(Debug)]
pub struct Served<'a> {
    pub name: &'a str,
    pub endpoint: &'a str,
    pub remote_model: Option<&'a str>,
    pub api_key_env: Option<&'a str>,
}

/// `ddx models add --endpoint URL`: register a served model (nothing is sent to it here).
pub fn add_served(
    settings: &Settings,
    served: &Served<'_>,
    force: bool,
) -> anyhow::Result<Outcome> {
    registry::check_name(served.name)?;
    let endpoint = crate::engine::remote::Endpoint::parse(served.endpoint)?;
    if let Some(var) = served.api_key_env {
        if var.is_empty() || !var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            bail!("'--api-key-env' must name an environment variable, got '{var}'");
        }
    }
    let entry = Entry {
        name: served.name.to_string(),
        endpoint: Some(served.endpoint.trim().to_string()),
        remote_model: served.remote_model.map(ToString::to_string),
        api_key_env: served.api_key_env.map(ToString::to_string),
        ..Entry::default()
    };
    let file = registry::add(&settings.paths.models_dir(), entry, force)?;
    crate::message!(
        "registered '{}' → {} ({}{}) in {}",
        served.name,
        endpoint.public(),
        endpoint.family.name(),
        served
            .remote_model
            .map_or_else(String::new, |m| format!(", model {m}")),
        file.display()
    );
    Ok(Outcome::Success)
}
