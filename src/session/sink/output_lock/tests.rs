use super::*;

fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    assert!(!process_alive(pid), "pid {pid} was reused already");
    pid
}

fn write_lock(output: &Path, pid: u32, host: &str) {
    let holder = Holder {
        pid,
        host: host.into(),
        started: "2026-01-02T03:04:05+00:00".into(),
    };
    std::fs::write(lock_path(output), serde_json::to_string(&holder).unwrap()).unwrap();
}

fn held(result: Result<OutputLock, LockError>) -> String {
    match result {
        Err(e @ LockError::Held { .. }) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_second_writer_is_refused_by_name_until_the_first_lets_go() {
    for os_locks in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out.jsonl");
        let first = acquire_as(&output, false, os_locks).unwrap();
        assert_eq!(
            first.mode(),
            if os_locks { Mode::Os } else { Mode::LockFile }
        );
        let holder = read_holder(&lock_path(&output)).unwrap();
        assert_eq!(holder.pid, std::process::id());
        let message = held(acquire_as(&output, false, os_locks));
        assert!(
            message.contains(&format!(
                "out.jsonl is being written by ddx pid {} on {} since ",
                std::process::id(),
                this_host()
            )),
            "{message}"
        );
        drop(first);
        assert!(
            !lock_path(&output).exists(),
            "the lock file goes with the lock"
        );
        let again = acquire_as(&output, false, os_locks).unwrap();
        drop(again);
    }
}

#[test]
fn a_stale_lock_of_this_host_is_taken_over() {
    for os_locks in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out.jsonl");
        write_lock(&output, dead_pid(), &this_host());
        let lock = acquire_as(&output, false, os_locks).unwrap();
        assert_eq!(
            read_holder(&lock_path(&output)).map(|h| h.pid),
            Some(std::process::id())
        );
        drop(lock);
    }
}

#[test]
fn a_lock_from_another_host_is_never_taken_over() {
    for os_locks in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out.jsonl");
        write_lock(&output, dead_pid(), "some-other-node-7");
        let message = held(acquire_as(&output, false, os_locks));
        assert!(
            message.contains("on some-other-node-7 since 2026-01-02"),
            "{message}"
        );
        assert!(
            message.contains("never taken over automatically"),
            "{message}"
        );
        assert!(lock_path(&output).exists(), "left in place");
    }
}

#[test]
fn a_live_lock_file_without_os_locks_is_respected() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out.jsonl");
    // This test process is alive: its lock file is not stale.
    write_lock(&output, std::process::id(), &this_host());
    held(acquire_as(&output, false, false));
}

#[test]
fn a_waiting_writer_starts_when_the_first_ends() {
    for os_locks in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out.jsonl");
        let first = acquire_as(&output, false, os_locks).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let output = output.clone();
            std::thread::spawn(move || {
                let lock = acquire_as(&output, true, os_locks);
                tx.send(()).unwrap();
                lock.map(|l| l.mode())
            })
        };
        // Still waiting while the first holds it.
        assert!(rx.recv_timeout(Duration::from_millis(500)).is_err());
        drop(first);
        assert!(waiter.join().unwrap().is_ok());
    }
}

#[test]
fn the_lock_file_sits_beside_the_output() {
    assert_eq!(
        lock_path(Path::new("runs/out.jsonl")),
        Path::new("runs/out.jsonl.lock")
    );
}

#[test]
fn a_device_is_not_locked_and_gets_no_lock_file_beside_it() {
    let lock = acquire(Path::new("/dev/null"), false).unwrap();
    assert_eq!(lock.mode(), Mode::NotAFile);
    assert!(!Path::new("/dev/null.lock").exists());
    // Another writer to a device is not refused.
    drop(acquire(Path::new("/dev/null"), false).unwrap());
}

#[test]
fn an_output_in_a_missing_directory_names_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("missing/out.jsonl");
    let message = acquire(&output, false).unwrap_err().to_string();
    assert!(
        message.starts_with(&format!("cannot write output file '{}'", output.display())),
        "{message}"
    );
}
