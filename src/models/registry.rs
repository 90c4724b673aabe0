//! The model registry: named GGUF files with their source, quantisation, sha256 and licence.
//!
//! Two files: models/registry.toml ships with ddx (built in with `include_str!`, so the binary
//! knows it wherever it runs) and lists the default test model plus well-known clinical models
//! a user with internet access may fetch; `registry.toml` in the data directory's `models/`
//! holds the files a user registered with `ddx models add`. ddx never downloads anything.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _};
use serde::{Deserialize, Serialize};

/// The registry shipped with ddx.
pub const BUILTIN: &str = include_str!("../../models/registry.toml");

/// One registered model.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The name used with `--model NAME` and `ddx models info NAME`.
    pub name: String,
    /// File name looked for in the model directories (empty for a served model).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// Where the file lives, for models registered with `ddx models add`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// Where to get it (e.g. a Hugging Face repository), for a user with internet access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// A served model: its endpoint URL (no key: keys stay in the environment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// A served model: the model or deployment name sent in each request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_model: Option<String>,
    /// A served model: the environment variable that holds its key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_env: Option<String>,
}

impl Entry {
    /// Whether the entry names a served model rather than a file.
    pub fn is_remote(&self) -> bool {
        self.endpoint.is_some()
    }

    /// Where the model is, for messages: its path, file name or endpoint.
    pub fn location(&self) -> String {
        match (&self.endpoint, &self.path) {
            (Some(endpoint), _) => endpoint.clone(),
            (None, Some(path)) => path.display().to_string(),
            (None, None) => self.file.clone(),
        }
    }
}

/// Which registry an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Builtin,
    User,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    #[serde(default, rename = "model")]
    models: Vec<Entry>,
}

/// Parse a registry; errors name the file, the line and what is wrong.
fn parse(path: &Path, text: &str) -> anyhow::Result<Vec<Entry>> {
    let file: RegistryFile = toml::from_str(text).map_err(|error| {
        let line = error
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        let at = line.map_or_else(String::new, |l| format!(", line {l}"));
        anyhow!(
            "invalid model registry '{}'{at}: {}",
            path.display(),
            error.message().trim()
        )
    })?;
    for entry in &file.models {
        check_name(&entry.name)
            .with_context(|| format!("invalid model registry '{}'", path.display()))?;
        if entry.file.is_empty() && entry.endpoint.is_none() {
            bail!(
                "invalid model registry '{}': model '{}' has neither a 'file' nor an 'endpoint'",
                path.display(),
                entry.name
            );
        }
    }
    Ok(file.models)
}

/// Names are used on command lines and as file-like identifiers.
pub fn check_name(name: &str) -> anyhow::Result<()> {
    if name.is_empty()
        || name.len() > 128
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        bail!("model name '{name}' must be 1-128 letters, digits, '.', '_' or '-'");
    }
    Ok(())
}

/// The user registry file (models added with `ddx models add`) in the user's models directory.
pub fn user_file(models_dir: &Path) -> PathBuf {
    models_dir.join("registry.toml")
}

/// Every entry: built-in first, then the user's (a user entry with the same name wins in lookups).
pub fn load(models_dir: &Path) -> anyhow::Result<Vec<(Entry, Origin)>> {
    let mut all: Vec<(Entry, Origin)> = parse(Path::new("models/registry.toml"), BUILTIN)?
        .into_iter()
        .map(|e| (e, Origin::Builtin))
        .collect();
    let user = user_file(models_dir);
    if user.is_file() {
        let text = std::fs::read_to_string(&user)
            .with_context(|| format!("cannot read model registry '{}'", user.display()))?;
        all.extend(parse(&user, &text)?.into_iter().map(|e| (e, Origin::User)));
    }
    Ok(all)
}

/// The entry called `name` (the user's registration wins over the built-in one).
pub fn find<'a>(entries: &'a [(Entry, Origin)], name: &str) -> Option<&'a (Entry, Origin)> {
    entries.iter().rev().find(|(e, _)| e.name == name)
}

/// Directories searched for model files, in order, without duplicates: the user's models
/// directory, `./models`, and the checkout this binary was built from.
pub fn search_dirs(models_dir: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![models_dir.to_path_buf()];
    if let Ok(cwd) = std::env::current_dir() {
        dirs.push(cwd.join("models"));
    }
    // The checkout this binary was built from (cargo run / cargo test).
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("models"));
    let mut unique: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        let key = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if !unique
            .iter()
            .any(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.clone()) == key)
        {
            unique.push(dir);
        }
    }
    unique
}

/// The error for a registered model whose file is not on this machine, with where to get it.
/// `context` follows the name, e.g. " (from DDX_MODEL)".
pub fn missing_file_message(entry: &Entry, context: &str) -> String {
    let file = entry.location();
    let source = entry
        .source
        .as_ref()
        .map_or_else(String::new, |s| format!("; get it from {s}"));
    format!(
        "model '{}'{context} is registered but its file '{file}' is not on this machine{source}",
        entry.name
    )
}

/// Where an entry's file is on this machine, if anywhere.
pub fn locate(entry: &Entry, models_dir: &Path) -> Option<PathBuf> {
    if let Some(path) = &entry.path {
        return path.is_file().then(|| path.clone());
    }
    search_dirs(models_dir)
        .into_iter()
        .map(|dir| dir.join(&entry.file))
        .find(|p| p.is_file())
}

/// Register a local file in the user registry.
pub fn add(models_dir: &Path, entry: Entry, force: bool) -> anyhow::Result<PathBuf> {
    check_name(&entry.name)?;
    let all = load(models_dir)?;
    if let Some((existing, origin)) = find(&all, &entry.name) {
        if !force || *origin == Origin::Builtin {
            let hint = if *origin == Origin::Builtin {
                "it is a built-in registry name; choose another name"
            } else {
                "pass --force to replace it"
            };
            bail!(
                "a model named '{}' is already registered ({}): {hint}",
                entry.name,
                existing.location()
            );
        }
    }
    let file = user_file(models_dir);
    let mut user: Vec<Entry> = all
        .into_iter()
        .filter(|(e, origin)| *origin == Origin::User && e.name != entry.name)
        .map(|(e, _)| e)
        .collect();
    user.push(entry);
    let text = format!(
        "# Models registered with `ddx models add`. Edit freely; `ddx models list` shows them.\n\n{}",
        toml::to_string(&RegistryFile { models: user }).context("cannot encode the registry")?
    );
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory '{}'", dir.display()))?;
    }
    // Write then rename, so an interrupted write never leaves half a registry.
    let tmp = file.with_extension("toml.tmp");
    std::fs::write(&tmp, text).with_context(|| format!("cannot write '{}'", tmp.display()))?;
    std::fs::rename(&tmp, &file).with_context(|| format!("cannot write '{}'", file.display()))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn models_dir(dir: &Path) -> PathBuf {
        dir.join("data").join("models")
    }

    #[test]
    fn builtin_registry_parses_and_lists_the_default_model() {
        let entries = parse(Path::new("registry.toml"), BUILTIN).expect("parses");
        let default = entries
            .iter()
            .find(|e| e.file == crate::models::DEFAULT_MODEL_FILE)
            .expect("default model listed");
        assert_eq!(
            default.sha256.as_deref(),
            Some(crate::models::DEFAULT_MODEL_SHA256)
        );
        let mut names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), entries.len(), "names are unique");
        assert!(entries.len() >= 4, "clinical models are listed too");
    }

    #[test]
    fn add_refuses_duplicates_unless_forced_and_never_shadows_builtins() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = models_dir(dir.path());
        let entry = |p: &str| Entry {
            name: "mine".into(),
            file: "m.gguf".into(),
            path: Some(PathBuf::from(p)),
            ..Entry::default()
        };
        add(&paths, entry("/a/m.gguf"), false).expect("first add");
        assert!(add(&paths, entry("/b/m.gguf"), false).is_err());
        add(&paths, entry("/b/m.gguf"), true).expect("forced");
        let all = load(&paths).expect("load");
        let (found, origin) = find(&all, "mine").expect("found");
        assert_eq!(
            (found.path.as_deref(), *origin),
            (Some(Path::new("/b/m.gguf")), Origin::User)
        );
        let builtin = Entry {
            name: "SmolLM2-135M-Instruct".into(),
            ..entry("/c/m.gguf")
        };
        assert!(add(&paths, builtin, true).is_err());
    }

    #[test]
    fn bad_user_registry_names_file_and_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = models_dir(dir.path());
        std::fs::create_dir_all(&paths).expect("mkdir");
        std::fs::write(
            user_file(&paths),
            "[[model]]\nname = \"x\"\nfile = \"x.gguf\"\nsize = 3\n",
        )
        .expect("write");
        let err = load(&paths).unwrap_err().to_string();
        assert!(
            err.contains("registry.toml") && err.contains("line 4"),
            "{err}"
        );
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("meditron-7b.Q4_K_M").is_ok());
        for bad in ["", "a b", "../x", "a/b"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }
}
