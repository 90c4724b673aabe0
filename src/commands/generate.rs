//! `ddx generate completions|man|all --dir DIR` (hidden, for packagers): write the completion
//! scripts and man pages that [`crate::cli::generate`] makes from the command line.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::app::exit::Outcome;

/// One generated file: its name and contents.
pub type File = (String, Vec<u8>);

/// A set of files for one directory, and what they are (for the message).
#[derive(Debug)]
pub struct Batch {
    pub dir: PathBuf,
    pub what: &'static str,
    pub files: Vec<File>,
}

/// Write files into a directory, creating it.
pub fn write_all(files: &[File], dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory '{}'", dir.display()))?;
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes)
            .with_context(|| format!("cannot write '{}'", path.display()))?;
    }
    Ok(())
}

/// Write every batch; say what went where (unless --quiet).
pub fn run(batches: &[Batch]) -> anyhow::Result<Outcome> {
    for batch in batches {
        write_all(&batch.files, &batch.dir)?;
        crate::message!(
            "wrote {} {} to {}",
            batch.files.len(),
            batch.what,
            batch.dir.display()
        );
    }
    Ok(Outcome::Success)
}
