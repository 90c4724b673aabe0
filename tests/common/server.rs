//! A real llama.cpp `llama-server` on loopback, serving the test model, for the remote-backend
//! tests. The binary is built and cached by `.ci/llama-server.sh` (which `.ci/setup.sh` runs);
//! each test starts its own server on a free port and stops it when done.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The cached llama-server binary (or `DDX_LLAMA_SERVER`).
pub fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("DDX_LLAMA_SERVER") {
        return PathBuf::from(path);
    }
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/llama-server.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg("--path")
        .output()
        .expect("bash runs .ci/llama-server.sh --path");
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(
        path.is_file(),
        "llama-server is not built: run `bash .ci/setup.sh` (or `bash .ci/llama-server.sh`) first ({})",
        path.display()
    );
    path
}

/// A free TCP port on loopback.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A running llama-server; stopped on drop.
pub struct LlamaServer {
    child: Child,
    pub port: u16,
}

impl LlamaServer {
    /// Serve the test model with `slots` parallel slots of 2048 tokens each, named `smol`. One
    /// CPU thread: tests run two at a time on two cores, and llama.cpp's threads slow down by
    /// orders of magnitude when they outnumber the cores (they spin at every barrier).
    pub fn start(slots: u32, extra: &[&str]) -> Self {
        let port = free_port();
        let child = Command::new(binary())
            .arg("-m")
            .arg(super::test_model())
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--alias", "smol", "-np", &slots.to_string()])
            .args(["-c", &(2048 * slots).to_string(), "-t", "1"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("llama-server starts");
        let mut server = Self { child, port };
        server.wait_healthy();
        server
    }

    fn wait_healthy(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("llama-server exited before it was ready: {status}");
            }
            if http_get(self.port, "/health").is_some_and(|(code, _)| code == 200) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "llama-server never became healthy"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The OpenAI-compatible base URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }
}

impl Drop for LlamaServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP GET on loopback: (status, body), or `None` when nothing answers.
pub fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut text = String::new();
    stream.read_to_string(&mut text).ok()?;
    let code = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    Some((code, body))
}
