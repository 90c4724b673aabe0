//! A terminal for end-to-end tests: a private tmux server (its own socket, no user config)
//! running a plain bash, driven with send-keys and read with capture-pane.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// How long a test waits for something to appear before it fails (generous: CI machines vary).
pub const PATIENCE: Duration = Duration::from_secs(240);

/// One tmux server with one window.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Start bash in a `width`x`height` window, with `env` set and the working directory `dir`.
    pub fn start(name: &str, width: u16, height: u16, dir: &Path, env: &[(&str, &Path)]) -> Self {
        let socket = format!("ddx-test-{}-{name}", std::process::id());
        let tmux = Self { socket };
        let mut cmd = Command::new("tmux");
        cmd.args([
            "-L",
            &tmux.socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "t",
        ])
        .args(["-x", &width.to_string(), "-y", &height.to_string()])
        .args(["-c", &dir.display().to_string()])
        .arg("env -u NO_COLOR PS1='$ ' bash --norc --noprofile")
        .env_remove("TMUX")
        .env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let status = cmd.status().expect("tmux runs (is it installed?)");
        assert!(status.success(), "tmux new-session failed");
        tmux
    }

    /// Start bash in the checkout for driving the real `ddx`: config, data and cache directories
    /// inside `home` and one model thread (as the hermetic command builder does), and the test
    /// model selected.
    pub fn for_ddx(name: &str, width: u16, height: u16, home: &Path, model: &Path) -> Self {
        Self::start(
            name,
            width,
            height,
            env!("CARGO_MANIFEST_DIR").as_ref(),
            &[
                ("DDX_CONFIG_DIR", &home.join("config")),
                ("DDX_DATA_DIR", &home.join("data")),
                ("DDX_CACHE_DIR", &home.join("cache")),
                ("DDX_MODEL", model),
                ("DDX_THREADS", "1".as_ref()),
            ],
        )
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Type text literally (no key names).
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
    }

    /// Type `ddx ARGS; echo EXIT=$?` (the binary under test; ARGS as the shell reads them, paths
    /// through [`quoted`]) and press Enter.
    pub fn run_ddx(&self, args: &str) {
        self.type_text(&format!(
            "{} {args}; echo EXIT=$?",
            quoted(assert_cmd::cargo::cargo_bin("ddx").as_path())
        ));
        self.keys(&["Enter"]);
    }

    /// Send key names (Enter, Escape, C-c, C-d, ...), one by one with a pause so that Escape is
    /// not read as Alt with the next key.
    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.tmux(&["send-keys", "-t", "t", key]);
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// The visible screen.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    /// The screen and its scrollback.
    pub fn history(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-S", "-2000", "-t", "t"])
    }

    /// Whether the program in the window uses the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.tmux(&["display", "-p", "-t", "t", "#{alternate_on}"])
            .trim()
            == "1"
    }

    /// Wait until `predicate` holds for the screen (with scrollback); panic with it otherwise.
    pub fn wait_for(&self, what: &str, predicate: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.history();
            if predicate(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "timed out waiting for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Wait until the screen contains `text`.
    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("'{text}'"), |s| s.contains(text))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// Single-quote a path for the shell.
pub fn quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}
