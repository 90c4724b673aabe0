//! De-identification for a command: the secret salt loaded from `--salt-file`, else
//! `DDX_DEID_SALT`, else `<data dir>/deid-salt`, which ddx creates on first use (32 random bytes,
//! hex, mode 0600), and the [`Deidentifier`] built from it, with the model-assisted pass
//! ([`model`]) when `--deid-model` names a model. The salt is never printed or logged.

pub mod model;

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context as _};

use crate::app::settings::{DeidSettings, Settings};
use crate::clinical::deid::{Deidentifier, Salt, MIN_SALT_BYTES};

/// The de-identifier `deid` describes, its salt loaded or created in the data directory of
/// `settings`, and its model started when there is one (with the rest of `settings`: threads,
/// GPU layers, the model registry), for a command that runs no other model.
pub fn build(deid: &DeidSettings, settings: &Settings) -> anyhow::Result<Deidentifier> {
    build_with(deid, settings, settings.threads)
}

/// The de-identifier when one is asked for (`--deid`), else `None`; for a command whose own
/// model, if any, never decodes while the de-identification model does (import, ask, chat, tui,
/// eval, batch --score: each text is de-identified before its model sees it).
pub fn deidentifier(
    deid: Option<&DeidSettings>,
    settings: &Settings,
) -> anyhow::Result<Option<Deidentifier>> {
    deid.map(|d| build(d, settings)).transpose()
}

/// [`deidentifier`] for `batch`, which de-identifies the next cases while its model generates
/// answers to the previous ones: the de-identification model gets half the CPU threads, since
/// llama.cpp slows down badly when the threads of two models outnumber the cores.
pub fn beside_model(
    deid: Option<&DeidSettings>,
    settings: &Settings,
) -> anyhow::Result<Option<Deidentifier>> {
    deid.map(|d| build_with(d, settings, (settings.threads / 2).max(1)))
        .transpose()
}

fn build_with(
    deid: &DeidSettings,
    settings: &Settings,
    threads: u32,
) -> anyhow::Result<Deidentifier> {
    let salt = load_or_create_salt(deid.salt_file.as_deref(), &settings.paths.data_dir)?;
    let mut deidentifier = Deidentifier::new(salt, deid.mode)
        .with_date_order(deid.date_order)
        .with_replace(deid.replace.unwrap_or(settings.deid_replace));
    if let Some(name) = &deid.model {
        let lister = model::ModelLister::start(settings, name, threads)?;
        crate::note!(
            "de-identification: the rules, then the model {} on what they leave",
            crate::clinical::deid::SpanLister::name(&lister)
        );
        deidentifier = deidentifier.with_lister(Arc::new(lister));
    }
    Ok(deidentifier)
}

/// File name of the generated salt inside the data directory.
pub const SALT_FILE: &str = "deid-salt";

fn random_bytes() -> anyhow::Result<[u8; 32]> {
    let mut bytes = [0u8; 32];
    let read = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes));
    if read.is_ok() {
        return Ok(bytes);
    }
    // No /dev/urandom (Windows): std's randomly keyed hasher is seeded from the OS.
    use std::hash::{BuildHasher as _, Hasher as _};
    for chunk in bytes.chunks_mut(8) {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(std::process::id().into());
        chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
    }
    Ok(bytes)
}

fn read_salt_file(path: &Path) -> anyhow::Result<Salt> {
    let text = std::fs::read(path)
        .with_context(|| format!("cannot read the salt file '{}'", path.display()))?;
    let trimmed: Vec<u8> = text.trim_ascii().to_vec();
    if trimmed.len() < MIN_SALT_BYTES {
        bail!(
            "the salt file '{}' holds fewer than 16 bytes: use a longer secret",
            path.display()
        );
    }
    Ok(Salt::from_bytes(trimmed))
}

/// The salt to use: an explicit file, `DDX_DEID_SALT`, or the generated one in `data_dir`.
pub fn load_or_create_salt(explicit: Option<&Path>, data_dir: &Path) -> anyhow::Result<Salt> {
    if let Some(path) = explicit {
        return read_salt_file(path);
    }
    if let Some(value) = std::env::var_os("DDX_DEID_SALT").filter(|v| !v.is_empty()) {
        let bytes = value.to_string_lossy().into_owned().into_bytes();
        if bytes.len() < MIN_SALT_BYTES {
            bail!("DDX_DEID_SALT holds fewer than 16 characters: use a longer secret");
        }
        return Ok(Salt::from_bytes(bytes));
    }
    let path = data_dir.join(SALT_FILE);
    if path.exists() {
        return read_salt_file(&path);
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory '{}'", data_dir.display()))?;
    let secret = hex::encode(random_bytes()?);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    match options.open(&path) {
        Ok(mut file) => {
            file.write_all(secret.as_bytes())
                .with_context(|| format!("cannot write the salt file '{}'", path.display()))?;
            Ok(Salt::from_bytes(secret.into_bytes()))
        }
        // Another ddx created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_salt_file(&path),
        Err(e) => {
            Err(e).with_context(|| format!("cannot create the salt file '{}'", path.display()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_private_and_reused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = load_or_create_salt(None, dir.path()).expect("salt");
        let b = load_or_create_salt(None, dir.path()).expect("salt");
        assert_eq!(a, b);
        assert_eq!(format!("{a:?}"), "Salt(<redacted>)");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.path().join(SALT_FILE))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(dir.path().join("short"), "abc").expect("write");
        assert!(load_or_create_salt(Some(&dir.path().join("short")), dir.path()).is_err());
    }
}
