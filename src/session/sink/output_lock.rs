//! One writer per output file: every file ddx writes results to (batch and `sdx run` results,
//! an eval report, a merged file, the TUI's annotations, a saved chat transcript) is held under
//! an exclusive lock for the whole run, so a second run on the same file (a second terminal, a
//! Slurm requeue while the first attempt is alive, a `--resume` started too early) stops before
//! it reads or writes anything, naming the run that holds it.
//!
//! The lock is the file `OUTPUT.lock` beside the output. It always holds the holder's pid, host
//! and start time (so a refusal can name it). Where the file system has working locks, the lock
//! itself is an OS lock on that file ([`std::fs::File::try_lock`]): it ends with its process,
//! however that ends. Where it has none (`try_lock` fails with an error, as on some NFS mounts),
//! the lock file's existence is the lock: a lock file whose process is gone (same host, no
//! `/proc/PID`) is taken over with a note; one from another host is never taken over, since its
//! process cannot be checked from here. The lock file is kept out of the way of the output itself
//! because `--resume` replaces the output file (a lock on it would be lost with the old inode).

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How long a waiting writer sleeps between looks at a lock it cannot wait on in the kernel.
const POLL: Duration = Duration::from_millis(200);
/// An empty lock file older than this is left by a run that died before writing its holder.
const EMPTY_GRACE: Duration = Duration::from_secs(30);

/// How the lock is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// An OS lock on the lock file (released by the kernel when the process ends).
    Os,
    /// The lock file's existence (the file system has no working locks).
    LockFile,
    /// None: the output is not a regular file (a device such as `/dev/null`, a pipe), which no
    /// run resumes and beside which no lock file belongs.
    NotAFile,
}

impl Mode {
    /// The words for a note or a provenance block.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Os => "an OS file lock",
            Self::LockFile => "a lock file (this file system has no working locks)",
            Self::NotAFile => "no lock (not a regular file)",
        }
    }
}

/// Who holds (or held) a lock: what the lock file says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
    /// RFC 3339 start time of the lock.
    pub started: String,
}

impl Holder {
    fn this_process() -> Self {
        Holder {
            pid: std::process::id(),
            host: this_host(),
            started: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        }
    }

    fn is_local(&self) -> bool {
        self.host == this_host()
    }

    /// `ddx pid 4121 on node-7 since 14:02` (the date too when not today).
    fn describe(&self) -> String {
        let since = chrono::DateTime::parse_from_rfc3339(&self.started)
            .map(|t| {
                let t = t.with_timezone(&chrono::Local);
                if t.date_naive() == chrono::Local::now().date_naive() {
                    t.format("%H:%M").to_string()
                } else {
                    t.format("%Y-%m-%d %H:%M").to_string()
                }
            })
            .unwrap_or_else(|_| self.started.clone());
        format!("ddx pid {} on {} since {since}", self.pid, self.host)
    }
}

/// Why the lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another run holds it; `hint` says what to do about a lock from another host.
    #[error("{output} is being written by {holder}: wait for it to end, or pass --wait to start when it does{hint}")]
    Held {
        output: String,
        holder: String,
        hint: String,
    },
    #[error("cannot write output file '{}': cannot create its lock file '{}'", .output.display(), .path.display())]
    Io {
        output: PathBuf,
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The lock of one output file, held until dropped.
#[derive(Debug)]
pub struct OutputLock {
    lock_file: PathBuf,
    file: Option<File>,
    mode: Mode,
    holder: Holder,
}

impl OutputLock {
    /// How the lock is held.
    pub fn mode(&self) -> Mode {
        self.mode
    }
}

impl Drop for OutputLock {
    /// Remove the lock file while still holding it (so no one locks a file about to vanish),
    /// then release it. A lock file taken over by another run is left to that run.
    fn drop(&mut self) {
        let ours = match (self.mode, &self.file) {
            (Mode::Os, Some(file)) => same_file(file, &self.lock_file),
            (Mode::NotAFile, _) => false,
            _ => read_holder(&self.lock_file).is_some_and(|h| h == self.holder),
        };
        if ours {
            let _ = std::fs::remove_file(&self.lock_file);
        }
        self.file.take();
    }
}

/// The lock file of an output: `out.jsonl.lock` beside `out.jsonl`.
pub fn lock_path(output: &Path) -> PathBuf {
    let mut name = output.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    output.with_file_name(name)
}

/// Take the exclusive lock of `output` for this process: refuse when another run holds it, or
/// with `wait` wait until it ends. Notes (a stale lock taken over, waiting) go to stderr; which
/// kind of lock is used is logged (`-v`).
pub fn acquire(output: &Path, wait: bool) -> Result<OutputLock, LockError> {
    acquire_as(output, wait, true)
}

/// [`acquire`], with OS locks off (`os_locks = false`) to exercise the lock-file fallback.
/// (Over 80 lines: one wait loop over both kinds of lock; each branch returns or tries again.)
fn acquire_as(output: &Path, wait: bool, os_locks: bool) -> Result<OutputLock, LockError> {
    let lock_file = lock_path(output);
    if std::fs::metadata(output).is_ok_and(|m| !m.is_file()) {
        return Ok(OutputLock {
            lock_file,
            file: None,
            mode: Mode::NotAFile,
            holder: Holder::this_process(),
        });
    }
    let io = |source| LockError::Io {
        output: output.to_path_buf(),
        path: lock_file.clone(),
        source,
    };
    let mut waiting_said = false;
    loop {
        let (file, created) = open_lock_file(&lock_file).map_err(io)?;
        let attempt = if os_locks {
            match file.try_lock() {
                Ok(()) => Attempt::Os(file),
                Err(std::fs::TryLockError::WouldBlock) => Attempt::Busy,
                Err(std::fs::TryLockError::Error(e)) => {
                    tracing::info!(
                        "no OS file locks for '{}' ({e}): using a lock file",
                        lock_file.display()
                    );
                    Attempt::NoOsLocks(file, created)
                }
            }
        } else {
            Attempt::NoOsLocks(file, created)
        };
        let outcome = match attempt {
            Attempt::Os(file) => take_os(file, &lock_file).map_err(io)?,
            Attempt::NoOsLocks(file, created) => {
                take_lock_file(file, created, &lock_file).map_err(io)?
            }
            Attempt::Busy => Taken::Busy(read_holder(&lock_file)),
        };
        match outcome {
            Taken::Yes(lock) => {
                tracing::info!(
                    "'{}' is locked with {}",
                    output.display(),
                    lock.mode.describe()
                );
                return Ok(lock);
            }
            Taken::Retry => continue,
            Taken::Busy(holder) => {
                let foreign = holder.as_ref().is_some_and(|h| !h.is_local());
                let holder = holder.map_or_else(
                    || "another ddx process (not yet named in its lock file)".to_string(),
                    |h| h.describe(),
                );
                if !wait {
                    let hint = if foreign {
                        format!(
                            " (a lock from another host is never taken over automatically: if \
                             that run is over, delete '{}')",
                            lock_file.display()
                        )
                    } else {
                        String::new()
                    };
                    return Err(LockError::Held {
                        output: output.display().to_string(),
                        holder,
                        hint,
                    });
                }
                if !waiting_said {
                    crate::say!(
                        "{}: waiting for {}: it is being written by {holder}",
                        crate::app::messages::prefix(),
                        output.display()
                    );
                    waiting_said = true;
                }
                std::thread::sleep(POLL);
            }
        }
    }
}

enum Attempt {
    Os(File),
    Busy,
    NoOsLocks(File, bool),
}

enum Taken {
    Yes(OutputLock),
    /// The lock file changed under us: look again.
    Retry,
    Busy(Option<Holder>),
}

/// Open (creating it if needed) the lock file; `true` when this call created it.
fn open_lock_file(path: &Path) -> std::io::Result<(File, bool)> {
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => Ok((file, true)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            match OpenOptions::new().read(true).write(true).open(path) {
                Ok(file) => Ok((file, false)),
                // Removed by its holder in between: the caller looks again.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => open_lock_file(path),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

/// The OS lock is ours: make sure the file is still the lock file, and that it does not name a
/// run on another host (whose lock this host's kernel may not see), then write our holder.
fn take_os(mut file: File, lock_file: &Path) -> std::io::Result<Taken> {
    if !same_file(&file, lock_file) {
        return Ok(Taken::Retry);
    }
    let previous = holder_in(&mut file);
    if let Some(previous) = previous.as_ref().filter(|h| !h.is_local()) {
        return Ok(Taken::Busy(Some(previous.clone())));
    }
    if let Some(previous) = previous.filter(|h| h.pid != std::process::id()) {
        crate::say!(
            "{}: note: took over the stale lock '{}' of {} (that process has ended)",
            crate::app::messages::prefix(),
            lock_file.display(),
            previous.describe()
        );
    }
    let holder = Holder::this_process();
    write_holder(&mut file, &holder)?;
    Ok(Taken::Yes(OutputLock {
        lock_file: lock_file.to_path_buf(),
        file: Some(file),
        mode: Mode::Os,
        holder,
    }))
}

/// No OS locks: a lock file this call created is ours; an existing one is taken over only when
/// its process is gone from this host.
fn take_lock_file(mut file: File, created: bool, lock_file: &Path) -> std::io::Result<Taken> {
    let holder = Holder::this_process();
    if created {
        write_holder(&mut file, &holder)?;
        return Ok(Taken::Yes(OutputLock {
            lock_file: lock_file.to_path_buf(),
            file: None,
            mode: Mode::LockFile,
            holder,
        }));
    }
    let previous = holder_in(&mut file);
    drop(file);
    let stale = match &previous {
        Some(h) => h.is_local() && !process_alive(h.pid),
        None => std::fs::metadata(lock_file)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > EMPTY_GRACE),
    };
    if !stale {
        return Ok(Taken::Busy(previous));
    }
    crate::say!(
        "{}: note: took over the stale lock file '{}' of {} (that process has ended)",
        crate::app::messages::prefix(),
        lock_file.display(),
        previous.map_or_else(|| "a run that never named itself".into(), |h| h.describe())
    );
    match std::fs::remove_file(lock_file) {
        Ok(()) => Ok(Taken::Retry),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Taken::Retry),
        Err(e) => Err(e),
    }
}

fn write_holder(file: &mut File, holder: &Holder) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(holder).map_err(std::io::Error::other)?;
    line.push(b'\n');
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(&line)?;
    file.sync_all()
}

fn holder_in(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    serde_json::from_str(text.trim()).ok()
}

fn read_holder(path: &Path) -> Option<Holder> {
    holder_in(&mut File::open(path).ok()?)
}

/// Whether `file` is still the file at `path` (its holder may have removed it before letting go).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

/// Whether process `pid` of this host is running: `/proc/PID` where there is a `/proc`, else
/// `kill -0 PID`. When neither can tell, it is taken to be running (never take a live lock).
fn process_alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    std::process::Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .map_or(true, |s| s.success())
}

fn this_host() -> String {
    crate::session::ledger::host_name().unwrap_or_else(|| "unknown-host".into())
}

#[cfg(test)]
mod tests;
