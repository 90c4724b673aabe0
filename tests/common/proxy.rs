//! A fault-injecting HTTP proxy between ddx and a real llama-server, for the faults a healthy
//! server does not produce: 429 with Retry-After, 500, a dropped connection (before or in the
//! middle of an answer), a stalled response, and a server that ignores `response_format`. Each
//! connection carries one request; the next queued fault applies to it, and once the queue is
//! empty requests pass through untouched (the real server's real answers). Every request is
//! logged, so tests can check what ddx sent.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What happens to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Forward it and its answer.
    Pass,
    /// Answer with this status (and `Retry-After` seconds, when given) instead of forwarding.
    Status { code: u16, retry_after: Option<u32> },
    /// Close the connection without answering.
    Drop,
    /// Forward it, pass the first bytes of the answer, then close the connection.
    DropMidAnswer { after_bytes: usize },
    /// Read it, then answer nothing for this long (the client should time out).
    Stall(Duration),
    /// Forward it with a looser `response_format` (any JSON object), as a server that relaxes
    /// schemas would.
    LoosenResponseFormat,
}

/// One request the proxy saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub head: String,
    pub body: String,
    pub fault: Fault,
    /// When it arrived.
    pub at: Instant,
}

struct Shared {
    faults: Mutex<VecDeque<Fault>>,
    seen: Mutex<Vec<Seen>>,
    stop: AtomicBool,
}

/// A running proxy; stopped on drop.
pub struct FaultProxy {
    pub port: u16,
    shared: Arc<Shared>,
}

impl FaultProxy {
    /// Proxy to the server on `upstream` (a loopback port).
    pub fn start(upstream: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let shared = Arc::new(Shared {
            faults: Mutex::new(VecDeque::new()),
            seen: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
        });
        let state = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if state.stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let state = state.clone();
                std::thread::spawn(move || handle(stream, upstream, &state));
            }
        });
        Self { port, shared }
    }

    /// Queue faults for the next requests, in order.
    pub fn push(&self, faults: &[Fault]) {
        self.shared
            .faults
            .lock()
            .expect("lock")
            .extend(faults.iter().cloned());
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().expect("lock").clone()
    }

    /// The OpenAI-compatible base URL through the proxy.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the stop flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Read one HTTP request: the head (up to the blank line) and a `Content-Length` body.
fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = data[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    Some((head, body))
}

/// The head with `Connection: close` and the body's length.
fn rewrite_head(head: &str, body_len: usize) -> String {
    let mut lines: Vec<String> = head
        .trim_end()
        .lines()
        .filter(|l| {
            let name = l
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            name != "connection" && name != "content-length"
        })
        .map(ToString::to_string)
        .collect();
    lines.push("Connection: close".into());
    lines.push(format!("Content-Length: {body_len}"));
    format!("{}\r\n\r\n", lines.join("\r\n"))
}

fn handle(mut client: TcpStream, upstream: u16, shared: &Shared) {
    let Some((head, mut body)) = read_request(&mut client) else {
        return;
    };
    let fault = shared
        .faults
        .lock()
        .expect("lock")
        .pop_front()
        .unwrap_or(Fault::Pass);
    shared.seen.lock().expect("lock").push(Seen {
        head: head.clone(),
        body: String::from_utf8_lossy(&body).into_owned(),
        fault: fault.clone(),
        at: Instant::now(),
    });
    match fault {
        Fault::Status { code, retry_after } => {
            let message = format!(r#"{{"error":{{"code":{code},"message":"injected {code}"}}}}"#);
            let retry = retry_after.map_or_else(String::new, |s| format!("Retry-After: {s}\r\n"));
            let _ = write!(
                client,
                "HTTP/1.1 {code} Injected\r\nContent-Type: application/json\r\n{retry}Content-Length: {}\r\nConnection: close\r\n\r\n{message}",
                message.len()
            );
        }
        Fault::Drop => {}
        Fault::Stall(how_long) => std::thread::sleep(how_long),
        Fault::Pass | Fault::LoosenResponseFormat | Fault::DropMidAnswer { .. } => {
            if fault == Fault::LoosenResponseFormat {
                if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&body) {
                    value["response_format"] = serde_json::json!({"type": "json_object"});
                    body = value.to_string().into_bytes();
                }
            }
            let limit = match fault {
                Fault::DropMidAnswer { after_bytes } => after_bytes,
                _ => usize::MAX,
            };
            forward(
                &mut client,
                upstream,
                &rewrite_head(&head, body.len()),
                &body,
                limit,
            );
        }
    }
    let _ = client.shutdown(Shutdown::Both);
}

/// Send the request upstream and copy its answer back (at most `limit` bytes of it).
fn forward(client: &mut TcpStream, upstream: u16, head: &str, body: &[u8], limit: usize) {
    let Ok(mut server) = TcpStream::connect(("127.0.0.1", upstream)) else {
        return;
    };
    if server.write_all(head.as_bytes()).is_err() || server.write_all(body).is_err() {
        return;
    }
    let mut buf = [0u8; 4096];
    let mut sent = 0;
    while sent < limit {
        let n = match server.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n.min(limit - sent),
        };
        if client.write_all(&buf[..n]).is_err() {
            break;
        }
        let _ = client.flush();
        sent += n;
    }
}
