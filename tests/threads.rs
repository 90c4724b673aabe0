//! CPU threads beside other work: when the user did not choose `--threads`, ddx leaves the cores
//! that other processes keep busy while the model loads (llama.cpp's spin barriers run at the
//! pace of a thread that waits for a core), says so on stderr, and keeps an explicit choice.
//! Real model, real busy processes.

mod common;

use std::process::{Child, Command, Stdio};

use common::{ddx_with_model, home};

/// Busy loops that end when dropped.
struct Busy(Vec<Child>);

impl Busy {
    fn start(n: usize) -> Self {
        Self(
            (0..n)
                .map(|_| {
                    Command::new("sh")
                        .args(["-c", "while :; do :; done"])
                        .stdout(Stdio::null())
                        .spawn()
                        .expect("sh runs")
                })
                .collect(),
        )
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn ask(threads: Option<&str>) -> String {
    let home = home();
    let mut cmd = ddx_with_model(&home);
    cmd.env_remove("DDX_THREADS");
    if let Some(threads) = threads {
        cmd.env("DDX_THREADS", threads);
    }
    let output = cmd
        .args(["ask", "Name one cause of chest pain.", "--max-tokens", "4"])
        .output()
        .expect("ddx runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn default_threads_leave_the_cores_other_work_is_using() {
    let logical = num_cpus::get();
    let physical = num_cpus::get_physical();
    // Half the CPUs busy: the default (every physical core) is lowered.
    let busy = Busy::start((logical / 2).max(1));
    let stderr = ask(None);
    if physical >= 2 {
        assert!(
            stderr.contains("other work is using")
                && stderr.contains(&format!("instead of {physical} (--threads N to choose)")),
            "the lowered thread count is said:\n{stderr}"
        );
    } else {
        assert!(!stderr.contains("other work is using"), "{stderr}");
    }
    // An explicit choice is kept, busy or not.
    let stderr = ask(Some(&physical.to_string()));
    assert!(!stderr.contains("other work is using"), "{stderr}");
    drop(busy);
}
