//! The remote backend end to end, against a real llama.cpp `llama-server` on loopback serving the
//! test model (built by `.ci/llama-server.sh`), and a fault-injecting proxy in front of it for
//! the faults a healthy server does not produce (the proxy forwards the server's real answers).

mod common;

use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use common::proxy::{Fault, FaultProxy};
use common::server::{free_port, LlamaServer};
use common::{ddx, ddx_process, ddx_with_model, fixture, home, parse_jsonl, test_model};
use predicates::str::contains;
use serde_json::Value;

/// `ddx [-v] COMMAND --endpoint URL ARGS...` in a hermetic home (no local model configured).
fn remote(home: &tempfile::TempDir, url: &str, args: &[&str]) -> assert_cmd::Command {
    let command = args
        .iter()
        .position(|a| !a.starts_with('-'))
        .map_or(0, |i| i + 1);
    let mut cmd = ddx(home);
    cmd.args(&args[..command])
        .args(["--endpoint", url])
        .args(&args[command..]);
    cmd
}

fn ids(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Cases `c0`..`c{n-1}`, each asking for one word.
fn cases(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!("{{\"id\": \"c{i}\", \"prompt\": \"Name organ number {i} of the body.\"}}\n")
        })
        .collect()
}

#[test]
fn batch_over_a_served_model_keeps_order_and_says_where_it_ran() {
    let home = home();
    let server = LlamaServer::start(4, &[]);
    let out = remote(
        &home,
        &server.url(),
        &["batch", "-n", "12", "-p", "4", "--seed", "3"],
    )
    .arg(fixture("demo-cases.jsonl"))
    .output()
    .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Before the first request, stderr says once where the cases go.
    assert_eq!(
        stderr.matches("cases go to http://127.0.0.1").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("(model smol"), "{stderr}");
    let records = parse_jsonl(&out.stdout);
    assert_eq!(
        ids(&records),
        ["demo-1", "demo-2", "demo-3", "demo-4", "demo-5"]
    );
    for record in &records {
        assert_eq!(record["status"], "ok", "{record}");
        let provenance = &record["provenance"];
        assert_eq!(provenance["backend"], "remote");
        assert_eq!(provenance["model"]["endpoint"], server.url());
        assert_eq!(provenance["model"]["name"], "smol");
        assert_eq!(provenance["parallel"], 4);
        assert_eq!(provenance["served"]["model"], "smol", "{record}");
        assert!(
            provenance["served"]["response_id"]
                .as_str()
                .is_some_and(|id| !id.is_empty()),
            "{record}"
        );
        assert!(record["usage"]["prompt_tokens"].as_u64() > Some(0));
        assert!(record["usage"]["completion_tokens"].as_u64() > Some(0));
        assert!(provenance["model"].get("sha256").is_none());
    }
    // The ledger names the served model by endpoint and served name.
    let shown = ddx(&home)
        .args(["runs", "list", "--json"])
        .assert()
        .success();
    let runs = parse_jsonl(&shown.get_output().stdout);
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["model"], format!("smol @ {}", server.url()));
    let id = runs[0]["id"].as_str().expect("id");
    let shown = ddx(&home)
        .args(["runs", "show", id, "--json"])
        .assert()
        .success();
    let run: Value = serde_json::from_slice(&shown.get_output().stdout).expect("json");
    assert_eq!(run["backend"], "remote");
    assert_eq!(run["endpoint"], server.url());
    assert!(run["model_sha256"].is_null());
    assert_eq!(run["summary"]["counts"]["ok"], 5);
}

#[test]
fn local_and_served_records_have_the_same_ids_and_fields() {
    let home = home();
    let server = LlamaServer::start(2, &[]);
    let input = fixture("demo-cases.jsonl");
    let local = ddx_with_model(&home)
        .args(["batch", "-q", "-n", "6"])
        .arg(&input)
        .output()
        .expect("runs");
    let served = remote(&home, &server.url(), &["batch", "-q", "-n", "6"])
        .arg(&input)
        .output()
        .expect("runs");
    assert!(local.status.success() && served.status.success());
    let (local, served) = (parse_jsonl(&local.stdout), parse_jsonl(&served.stdout));
    assert_eq!(ids(&local), ids(&served));
    let keys = |v: &Value| -> Vec<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    for (l, s) in local.iter().zip(&served) {
        assert_eq!(keys(l), keys(s), "record fields: {l} vs {s}");
        for field in ["usage", "timings"] {
            assert_eq!(keys(&l[field]), keys(&s[field]), "{field}: {l} vs {s}");
        }
        assert_eq!(l["provenance"]["backend"], "local");
        assert_eq!(s["provenance"]["backend"], "remote");
    }
}

#[test]
fn ask_and_chat_stream_their_answers() {
    let home = home();
    let server = LlamaServer::start(1, &[]);
    let proxy = FaultProxy::start(server.port);
    let out = remote(
        &home,
        &proxy.url(),
        &["ask", "-n", "16", "--remote-model", "smol"],
    )
    .arg("Which organ does hepatitis affect?")
    .output()
    .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!out.stdout.is_empty());
    assert!(stderr.contains("first token"), "{stderr}");
    let out = remote(
        &home,
        &proxy.url(),
        &["chat", "-n", "8", "--remote-model", "smol"],
    )
    .write_stdin("Name one vital sign.\nName another.\n")
    .output()
    .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen = proxy.seen();
    assert_eq!(seen.len(), 3, "one request per answer");
    for request in &seen {
        let body: Value = serde_json::from_str(&request.body).expect("JSON body");
        assert_eq!(body["stream"], true, "{body}");
        assert_eq!(body["stream_options"]["include_usage"], true);
        assert_eq!(body["model"], "smol");
    }
    // The second chat turn carries the first question and answer.
    let second: Value = serde_json::from_str(&seen[2].body).expect("JSON");
    let messages = second["messages"].as_array().expect("messages");
    assert!(messages.len() >= 3, "{second}");
    assert_eq!(messages[messages.len() - 2]["role"], "assistant");
}

#[test]
fn schemas_and_labels_are_sent_and_every_answer_is_validated() {
    let home = home();
    let server = LlamaServer::start(2, &[]);
    let proxy = FaultProxy::start(server.port);
    let schema = home.path().join("answer.schema.json");
    std::fs::write(
        &schema,
        r#"{"type": "object", "properties": {"organ": {"type": "string", "enum": ["liver", "heart", "lung"]}}, "required": ["organ"]}"#,
    )
    .expect("write");
    let input = home.path().join("cases.jsonl");
    std::fs::write(&input, cases(2)).expect("write");
    let args = [
        "batch",
        "-q",
        "-n",
        "40",
        "-p",
        "2",
        "--remote-model",
        "smol",
    ];
    let out = remote(&home, &proxy.url(), &args)
        .arg("--schema")
        .arg(&schema)
        .arg(&input)
        .output()
        .expect("runs");
    let records = parse_jsonl(&out.stdout);
    assert_eq!(records.len(), 2);
    for record in &records {
        assert_eq!(record["status"], "ok", "{record}");
        assert!(
            ["liver", "heart", "lung"].contains(&record["json"]["organ"].as_str().unwrap_or(""))
        );
    }
    let body: Value = serde_json::from_str(&proxy.seen()[0].body).expect("JSON");
    assert_eq!(body["response_format"]["type"], "json_schema", "{body}");
    assert_eq!(body["response_format"]["json_schema"]["strict"], true);
    assert_eq!(
        body["response_format"]["json_schema"]["schema"]["required"][0],
        "organ"
    );

    // A server that relaxes the schema (any JSON object): its answers break the schema and
    // become error records that keep the raw output, never ok.
    proxy.push(&[Fault::LoosenResponseFormat, Fault::LoosenResponseFormat]);
    let out = remote(&home, &proxy.url(), &args)
        .arg("--schema")
        .arg(&schema)
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let records = parse_jsonl(&out.stdout);
    assert_eq!(records.len(), 2, "one record per case");
    for record in records {
        assert_eq!(record["status"], "error", "{record}");
        let kind = record["error"]["kind"].as_str().unwrap_or_default();
        assert!(kind.starts_with("schema_"), "{record}");
        assert!(record["output"].as_str().is_some_and(|o| !o.is_empty()));
    }

    // Labels: the answer is one of them, enforced by the server and checked here.
    let out = remote(&home, &proxy.url(), &args)
        .args(["--labels", "liver,heart"])
        .arg(&input)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = parse_jsonl(&out.stdout);
    assert_eq!(records.len(), 2, "one record per case");
    for record in records {
        assert_eq!(record["status"], "ok", "{record}");
        assert!(
            ["liver", "heart"].contains(&record["json"].as_str().unwrap_or("")),
            "{record}"
        );
    }
    // The labels went to the server as the constraint on the answer.
    let body: Value = serde_json::from_str(&proxy.seen().last().expect("seen").body).expect("JSON");
    let constraint = body["response_format"].to_string();
    assert!(
        constraint.contains("\"liver\"") && constraint.contains("\"heart\""),
        "{body}"
    );
}

/// Cases in the run that is killed mid-way.
const KILLED_CASES: usize = 32;

#[test]
fn kill_9_then_resume_over_the_server_holds_every_id_once() {
    let home = home();
    let server = LlamaServer::start(2, &[]);
    let input = home.path().join("in.jsonl");
    let output = home.path().join("out.jsonl");
    // Long enough that the run is still going when its second record is in, even on a loaded
    // machine; the test fails (does not skip) if it was not.
    std::fs::write(&input, cases(KILLED_CASES)).expect("write");
    let mut child = ddx_process(&home)
        .args(["batch", "-q", "-n", "24", "-p", "2", "-o"])
        .arg(&output)
        .arg(&input)
        .args(["--endpoint", &server.url()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(240);
    while std::fs::read(&output).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count()) < 2 {
        assert!(Instant::now() < deadline, "no output appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = StdCommand::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status();
    let status = child.wait().expect("wait");
    let partial = parse_jsonl(&std::fs::read(&output).expect("read"));
    assert!(
        !status.success() && partial.len() < KILLED_CASES,
        "the run finished before the kill ({status:?}, {} records)",
        partial.len()
    );
    remote(
        &home,
        &server.url(),
        &["batch", "-q", "-n", "24", "-p", "2", "--resume", "-o"],
    )
    .arg(&output)
    .arg(&input)
    .assert()
    .success();
    let records = parse_jsonl(&std::fs::read(&output).expect("read"));
    let mut seen = ids(&records);
    seen.sort();
    let mut want: Vec<String> = (0..KILLED_CASES).map(|i| format!("c{i}")).collect();
    want.sort();
    assert_eq!(seen, want, "every id exactly once");
    assert!(records.iter().all(|r| r["status"] == "ok"));
}

#[test]
fn identifiable_cases_never_leave_the_machine_without_consent() {
    let home = home();
    let input = home.path().join("cases.jsonl");
    std::fs::write(&input, cases(1)).expect("write");
    // Not loopback (and routed nowhere): the refusal comes before any connection.
    let far = "http://10.255.255.1:9/v1";
    let started = Instant::now();
    remote(&home, far, &["batch", "--remote-model", "m"])
        .arg(&input)
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            contains("refusing to send cases to 10.255.255.1").and(contains("Nothing was sent")),
        );
    assert!(started.elapsed() < Duration::from_secs(5));
    remote(&home, far, &["ask", "--remote-model", "m"])
        .arg("Patient question")
        .assert()
        .code(2)
        .stderr(contains("--deid"));
    // With --deid, or an explicit --allow-identifiable, the rule lets the request go: ddx says
    // where the cases go and sends them (what answers there, if anything, is not the point).
    for (consent, what) in [
        ("--deid", "de-identified cases go to http://10.255.255.1"),
        (
            "--allow-identifiable",
            "as they are (--allow-identifiable), to http://10.255.255.1",
        ),
    ] {
        remote(
            &home,
            far,
            &[
                "batch",
                consent,
                "--remote-model",
                "m",
                "--max-retries",
                "0",
                "--request-timeout",
                "2",
            ],
        )
        .arg(&input)
        .assert()
        .stderr(contains(what).and(contains("refusing").not()));
    }
    // The config file can carry the choice too.
    std::fs::create_dir_all(home.path().join("config")).expect("mkdir");
    std::fs::write(
        home.path().join("config/config.toml"),
        "allow_identifiable = true\nmax_retries = 0\nrequest_timeout = 2\n",
    )
    .expect("write");
    remote(&home, far, &["batch", "--remote-model", "m"])
        .arg(&input)
        .assert()
        .stderr(
            contains("(--allow-identifiable), to http://10.255.255.1")
                .and(contains("refusing").not()),
        );
}

use predicates::prelude::PredicateBooleanExt;

#[test]
fn the_key_never_appears_in_output_files_or_logs() {
    let home = home();
    let key = "sk-test-S3CRET-7d1f";
    let server = LlamaServer::start(1, &["--api-key", key]);
    let input = home.path().join("cases.jsonl");
    std::fs::write(&input, cases(2)).expect("write");
    let output = home.path().join("out.jsonl");
    let transcript = home.path().join("t.jsonl");
    let mut everything = String::new();
    let mut run = |cmd: &mut assert_cmd::Command| -> std::process::Output {
        let out = cmd.env("OPENAI_API_KEY", key).output().expect("runs");
        everything.push_str(&String::from_utf8_lossy(&out.stdout));
        everything.push_str(&String::from_utf8_lossy(&out.stderr));
        out
    };
    let batch = run(
        remote(&home, &server.url(), &["-v", "batch", "-n", "4", "-o"])
            .arg(&output)
            .arg(&input),
    );
    assert!(
        batch.status.success(),
        "{}",
        String::from_utf8_lossy(&batch.stderr)
    );
    let chat = run(remote(&home, &server.url(), &["-v", "chat", "-n", "4"])
        .write_stdin(format!("Hello?\n/save {}\n/model\n", transcript.display())));
    assert!(chat.status.success());
    let add = run(ddx(&home).args([
        "models",
        "add",
        "--name",
        "served",
        "--endpoint",
        &server.url(),
        "--remote-model",
        "smol",
    ]));
    assert!(add.status.success());
    let info = run(ddx(&home).args(["models", "info", "served"]));
    assert!(
        info.status.success(),
        "{}",
        String::from_utf8_lossy(&info.stderr)
    );
    assert!(String::from_utf8_lossy(&info.stdout).contains("smol"));
    // A wrong key: the server's refusal is reported, and neither key is quoted.
    let wrong = "sk-wrong-S3CRET-0000";
    let listing = remote(&home, &server.url(), &["batch", "-q", "-n", "4"])
        .arg(&input)
        .env("OPENAI_API_KEY", wrong)
        .output()
        .expect("runs");
    assert_eq!(
        listing.status.code(),
        Some(2),
        "asking the server for its model fails"
    );
    let stderr = String::from_utf8_lossy(&listing.stderr);
    assert!(
        stderr.contains("HTTP 401") && stderr.contains("Invalid API Key"),
        "{stderr}"
    );
    everything.push_str(&stderr);
    let refused = remote(
        &home,
        &server.url(),
        &["batch", "-q", "-n", "4", "--remote-model", "smol"],
    )
    .arg(&input)
    .env("OPENAI_API_KEY", wrong)
    .output()
    .expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    let records = parse_jsonl(&refused.stdout);
    assert_eq!(records[0]["error"]["kind"], "remote", "{}", records[0]);
    assert!(records[0]["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("401")));
    everything.push_str(&String::from_utf8_lossy(&refused.stdout));
    everything.push_str(&String::from_utf8_lossy(&refused.stderr));
    for file in [&output, &transcript] {
        everything.push_str(&std::fs::read_to_string(file).expect("written"));
    }
    everything.push_str(
        &std::fs::read_to_string(home.path().join("data/models/registry.toml")).expect("registry"),
    );
    for secret in [key, wrong, "S3CRET"] {
        assert!(
            !everything.contains(secret),
            "the key '{secret}' leaked:\n{everything}"
        );
    }
}

/// What is sent with --deid carries no identifier: a batch case (whose patient record names the
/// patient), and the question of `ask` (free text: pattern types only, as `ddx deid` finds them).
#[test]
fn with_deid_the_requests_carry_no_identifiers() {
    let home = home();
    let server = LlamaServer::start(1, &[]);
    let proxy = FaultProxy::start(server.port);
    remote(
        &home,
        &proxy.url(),
        &["ask", "--deid", "-n", "4", "--remote-model", "smol"],
    )
    .arg("Born 1961-04-02, phone 555-867-5309, MRN 4455667: why the chest pain?")
    .assert()
    .success();
    let input = home.path().join("cases.jsonl");
    std::fs::write(
        &input,
        "{\"id\": \"p1\", \"patient\": {\"name\": \"Johanna Quist\"}, \"presentation\": \"Johanna Quist, phone 555-867-5309, chest pain since 2024-03-02.\"}\n",
    )
    .expect("write");
    remote(
        &home,
        &proxy.url(),
        &["batch", "--deid", "-q", "-n", "4", "--remote-model", "smol"],
    )
    .arg(&input)
    .assert()
    .success();
    let seen = proxy.seen();
    assert_eq!(seen.len(), 2);
    for request in &seen {
        for identifier in [
            "Johanna",
            "Quist",
            "555-867-5309",
            "1961-04-02",
            "2024-03-02",
            "4455667",
        ] {
            assert!(
                !request.body.contains(identifier),
                "'{identifier}' was sent: {}",
                request.body
            );
        }
        assert!(request.body.contains("chest pain"), "{}", request.body);
    }
}

#[test]
fn endpoint_settings_layer_like_every_other_setting() {
    let home = home();
    let out = ddx(&home)
        .args(["config", "show", "--json"])
        .env("DDX_ENDPOINT", "http://127.0.0.1:9/v1")
        .env("DDX_MAX_RETRIES", "2")
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let settings = &report["settings"];
    assert_eq!(settings["endpoint"]["value"], "http://127.0.0.1:9/v1");
    assert_eq!(settings["endpoint"]["from"], "DDX_ENDPOINT");
    assert_eq!(settings["max_retries"]["value"], 2);
    // A bad endpoint is refused before anything runs, naming where it came from.
    ddx(&home)
        .args(["ask", "hello"])
        .env("DDX_ENDPOINT", "ftp://x/v1")
        .assert()
        .code(2)
        .stderr(contains("'endpoint'").and(contains("DDX_ENDPOINT")));
}

#[test]
fn faults_are_retried_and_retry_after_is_honoured() {
    let home = home();
    let server = LlamaServer::start(1, &[]);
    let proxy = FaultProxy::start(server.port);
    proxy.push(&[
        Fault::Status {
            code: 429,
            retry_after: Some(1),
        },
        Fault::Status {
            code: 500,
            retry_after: None,
        },
        Fault::Drop,
        Fault::DropMidAnswer { after_bytes: 700 },
    ]);
    let out = remote(
        &home,
        &proxy.url(),
        &[
            "batch",
            "-q",
            "-n",
            "24",
            "--remote-model",
            "smol",
            // No fault here is a stall: the timeout is far beyond any real answer, so it never
            // decides this outcome (the stall is checked below, without a real answer).
            "--request-timeout",
            "600",
        ],
    )
    .write_stdin(cases(1))
    .output()
    .expect("runs");
    let seen = proxy.seen();
    // What the proxy saw, for a failure message: each request's fault and arrival time.
    let timeline: Vec<String> = seen
        .iter()
        .map(|s| format!("{:?} at {:?}", s.fault, s.at.duration_since(seen[0].at)))
        .collect();
    assert!(
        out.status.success(),
        "{}\nproxy saw: {timeline:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = parse_jsonl(&out.stdout);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["status"], "ok", "{}", records[0]);
    assert_eq!(
        seen.len(),
        5,
        "four faults, then the real answer: {timeline:?}"
    );
    // The 429 said "Retry-After: 1": the next attempt waited at least that long.
    assert!(seen[1].at.duration_since(seen[0].at) >= Duration::from_secs(1));
    // Every attempt sent the same request.
    assert!(seen.iter().all(|s| s.body == seen[0].body));

    // A stalled server: each attempt times out after --request-timeout and is retried; when
    // the retries are spent the run ends, saying so. No real answer is involved, so how fast
    // the machine is decides nothing: the stall (10 minutes) is far beyond the timeout.
    proxy.push(&vec![Fault::Stall(Duration::from_secs(600)); 2]);
    let before = proxy.seen().len();
    let started = Instant::now();
    let out = remote(
        &home,
        &proxy.url(),
        &[
            "batch",
            "-q",
            "-n",
            "24",
            "--remote-model",
            "smol",
            "--max-retries",
            "1",
            "--request-timeout",
            "2",
        ],
    )
    .write_stdin(cases(1))
    .output()
    .expect("runs");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("did not answer"), "{stderr}");
    let stalled = &proxy.seen()[before..];
    assert_eq!(stalled.len(), 2, "the stall, then one retry");
    assert!(
        stalled[1].at.duration_since(stalled[0].at) >= Duration::from_secs(2),
        "the retry came before the timeout"
    );
    assert!(
        took < Duration::from_secs(300),
        "the run waited {took:?} for the stall instead of timing out"
    );

    // A client error is not retried: one request, an error record with the server's message.
    proxy.push(&[Fault::Status {
        code: 400,
        retry_after: None,
    }]);
    let before = proxy.seen().len();
    let out = remote(
        &home,
        &proxy.url(),
        &["batch", "-q", "-n", "4", "--remote-model", "smol"],
    )
    .write_stdin(cases(1))
    .output()
    .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let record = &parse_jsonl(&out.stdout)[0];
    assert_eq!(record["error"]["kind"], "remote", "{record}");
    let message = record["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("HTTP 400") && message.contains("injected 400"),
        "{message}"
    );
    assert_eq!(proxy.seen().len(), before + 1);
}

/// Ctrl-C while the server stalls: the answer is cancelled at once, not after the timeout.
#[test]
fn a_cancel_never_waits_for_a_stalled_server() {
    let home = home();
    let server = LlamaServer::start(1, &[]);
    let proxy = FaultProxy::start(server.port);
    proxy.push(&[Fault::Stall(Duration::from_secs(60))]);
    let mut child = ddx_process(&home)
        .args(["ask", "--endpoint", &proxy.url(), "--remote-model", "smol"])
        .args([
            "--request-timeout",
            "120",
            "Which organ does hepatitis affect?",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(30);
    while proxy.seen().is_empty() {
        assert!(Instant::now() < deadline, "the request never arrived");
        std::thread::sleep(Duration::from_millis(50));
    }
    let interrupted = Instant::now();
    let _ = StdCommand::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(130));
    assert!(
        interrupted.elapsed() < Duration::from_secs(10),
        "the cancel waited {:?} for the stalled server",
        interrupted.elapsed()
    );
}

#[test]
fn a_dead_server_ends_the_run_with_a_clear_error_and_resume_finishes_it() {
    let home = home();
    let input = home.path().join("in.jsonl");
    let output = home.path().join("out.jsonl");
    std::fs::write(&input, cases(5)).expect("write");
    // Nothing listens on that port at all.
    let nowhere = format!("http://127.0.0.1:{}/v1", free_port());
    let out = remote(
        &home,
        &nowhere,
        &["batch", "--remote-model", "smol", "--max-retries", "1"],
    )
    .arg(&input)
    .output()
    .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("did not answer") && stderr.contains("--resume"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());

    // The server answers two cases, then stops answering: the two are written, the run ends,
    // and --resume does the rest.
    let server = LlamaServer::start(1, &[]);
    let proxy = FaultProxy::start(server.port);
    proxy.push(&[Fault::Pass, Fault::Pass]);
    proxy.push(&vec![Fault::Drop; 8]);
    let out = remote(
        &home,
        &proxy.url(),
        &[
            "batch",
            "-n",
            "4",
            "-p",
            "1",
            "--remote-model",
            "smol",
            "--max-retries",
            "1",
            "-o",
        ],
    )
    .arg(&output)
    .arg(&input)
    .output()
    .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Stopped after 2 results"), "{stderr}");
    let written = parse_jsonl(&std::fs::read(&output).expect("read"));
    assert_eq!(ids(&written), ["c0", "c1"]);
    remote(
        &home,
        &proxy.url(),
        &[
            "batch",
            "-q",
            "-n",
            "4",
            "--remote-model",
            "smol",
            "--resume",
            "-o",
        ],
    )
    .arg(&output)
    .arg(&input)
    .assert()
    .success();
    let done = parse_jsonl(&std::fs::read(&output).expect("read"));
    assert_eq!(ids(&done), ["c0", "c1", "c2", "c3", "c4"]);
}

#[test]
fn scoring_is_refused_with_the_alternative_named() {
    let home = home();
    let server = LlamaServer::start(1, &[]);
    remote(&home, &server.url(), &["batch", "--score"])
        .arg(fixture("bench-mcq.jsonl"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("drop --score"));
    remote(&home, &server.url(), &["eval"])
        .arg(fixture("eval-mcq.jsonl"))
        .assert()
        .code(2)
        .stderr(contains("--generate"));
    // With --generate, eval runs on the served model: the fixture's three usable cases are
    // answered there (its two unusable lines make the exit status 1, as on a local model).
    let report = home.path().join("report.json");
    let out = remote(&home, &server.url(), &["eval", "--generate", "-n", "8"])
        .arg(fixture("eval-mcq.jsonl"))
        .arg("--report")
        .arg(&report)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("accuracy"),
        "{stderr}"
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("JSON");
    assert_eq!(report["metrics"]["n"], 3, "{report}");
    let predictions = report["predictions"].as_array().expect("predictions");
    assert_eq!(predictions.len(), 3, "{report}");
    let correct = predictions
        .iter()
        .filter(|p| p["gold"] == p["predicted"])
        .count();
    assert_eq!(report["metrics"]["correct"], correct, "{report}");
    let accuracy = report["metrics"]["accuracy"].as_f64().expect("accuracy");
    assert!((accuracy - correct as f64 / 3.0).abs() < 1e-12, "{report}");
    assert_eq!(
        report["errors"].as_array().map(Vec::len),
        Some(2),
        "{report}"
    );
}

#[test]
fn a_registered_served_model_works_by_name() {
    let home = home();
    let server = LlamaServer::start(1, &[]);
    ddx(&home)
        .args([
            "models",
            "add",
            "--name",
            "served",
            "--endpoint",
            &server.url(),
        ])
        .args(["--remote-model", "smol"])
        .assert()
        .success();
    let list = ddx(&home)
        .args(["models", "list"])
        .env("DDX_MODEL", test_model())
        .output()
        .expect("runs");
    let table = String::from_utf8_lossy(&list.stdout);
    let row = table
        .lines()
        .find(|l| l.starts_with("served"))
        .unwrap_or_else(|| panic!("no row for the served model:\n{table}"));
    assert!(
        row.contains("remote") && row.contains(&server.url()),
        "{row}"
    );
    ddx(&home)
        .args(["models", "info", "served"])
        .assert()
        .success()
        .stdout(contains("smol").and(contains("openai-compatible")));
    ddx(&home)
        .args(["ask", "--model", "served", "-n", "6", "Say hi."])
        .assert()
        .success()
        .stderr(contains("model smol"));
}
