//! The ledger against a real SQLite file: round trips, prefixes, migrations from an older
//! schema, and the two ways a ledger cannot be used (locked, not a database).

use std::collections::BTreeMap;

use serde_json::json;

use super::*;

fn run(id: &str, started: &str, model: &str) -> NewRun {
    NewRun {
        id: id.into(),
        command: "batch".into(),
        started: started.into(),
        command_line: vec!["ddx".into(), "batch".into()],
        model: model.into(),
        template: Some("differential".into()),
        input: Some("/data/cases.jsonl".into()),
        provenance: json!({"backend": "local"}),
        settings: json!({"parallel": 2}),
        ..NewRun::default()
    }
}

fn row(id: &str, status: &str) -> CaseRow {
    CaseRow {
        id: id.into(),
        status: status.into(),
        predicted: Some("A".into()),
        gold: None,
        probability: Some(0.5),
        error_kind: None,
        prompt_tokens: Some(10),
        output_tokens: Some(3),
        latency_ms: Some(1.5),
    }
}

#[test]
fn a_run_round_trips_with_counts_and_cases() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    ledger
        .insert_run(&run(
            "20260101-000000-aaaaaa",
            "2026-01-01T00:00:00Z",
            "m.gguf",
        ))
        .unwrap();
    ledger
        .add_cases(
            "20260101-000000-aaaaaa",
            &[row("a", "ok"), row("b", "error")],
        )
        .unwrap();
    ledger
        .add_cases("20260101-000000-aaaaaa", &[row("c", "ok")])
        .unwrap();
    let detail = ledger.get("20260101").unwrap();
    assert_eq!(detail.summary.finished, None);
    assert_eq!(
        detail.summary.counts,
        BTreeMap::from([("ok".into(), 2), ("error".into(), 1)])
    );
    let ids: Vec<&str> = detail.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(detail.cases[0], row("a", "ok"));
    assert_eq!(detail.settings, json!({"parallel": 2}));
    ledger
        .finish_run(
            "20260101-000000-aaaaaa",
            &Finish {
                finished: "2026-01-01T00:01:00Z".into(),
                metrics: Some(json!({"accuracy": 0.5})),
                ..Finish::default()
            },
        )
        .unwrap();
    let detail = ledger.get("20260101-000000-aaaaaa").unwrap();
    assert_eq!(
        detail.summary.finished.as_deref(),
        Some("2026-01-01T00:01:00Z")
    );
    assert_eq!(detail.metrics, Some(json!({"accuracy": 0.5})));
    // The JSON form is the documented one and reads back.
    let text = serde_json::to_string(&detail).unwrap();
    assert_eq!(serde_json::from_str::<RunDetail>(&text).unwrap(), detail);
}

#[test]
fn list_is_newest_first_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(dir.path()).unwrap();
    ledger
        .insert_run(&run(
            "20260101-000000-aaaaaa",
            "2026-01-01T00:00:00Z",
            "SmolLM2.gguf",
        ))
        .unwrap();
    let mut other = run(
        "20260102-000000-bbbbbb",
        "2026-01-02T00:00:00Z",
        "gemma.gguf",
    );
    other.template = Some("mcq".into());
    ledger.insert_run(&other).unwrap();
    let all = ledger.list(&RunFilter::default()).unwrap();
    let ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["20260102-000000-bbbbbb", "20260101-000000-aaaaaa"]);
    let smol = RunFilter {
        model: Some("smollm".into()),
        ..RunFilter::default()
    };
    assert_eq!(ledger.list(&smol).unwrap().len(), 1);
    let mcq = RunFilter {
        template: Some("MCQ".into()),
        ..RunFilter::default()
    };
    assert_eq!(ledger.list(&mcq).unwrap()[0].id, "20260102-000000-bbbbbb");
    let nowhere = RunFilter {
        input: Some("elsewhere".into()),
        ..RunFilter::default()
    };
    assert!(ledger.list(&nowhere).unwrap().is_empty());
}

#[test]
fn prefixes_must_name_one_run_and_rm_removes_cases() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    ledger
        .insert_run(&run("20260101-000000-aaaaaa", "2026-01-01T00:00:00Z", "m"))
        .unwrap();
    ledger
        .insert_run(&run("20260101-000000-abbbbb", "2026-01-01T00:00:00Z", "m"))
        .unwrap();
    ledger
        .add_cases("20260101-000000-aaaaaa", &[row("a", "ok")])
        .unwrap();
    assert!(matches!(
        ledger.get("20260101-000000-a"),
        Err(LedgerError::Ambiguous { count: 2, .. })
    ));
    assert!(matches!(ledger.get("2027"), Err(LedgerError::NotFound(_))));
    assert_eq!(
        ledger.remove("20260101-000000-aa").unwrap(),
        "20260101-000000-aaaaaa"
    );
    assert_eq!(ledger.list(&RunFilter::default()).unwrap().len(), 1);
    let left: i64 = ledger
        .conn
        .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn a_version_1_ledger_is_migrated_and_keeps_its_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        // A ledger as the first release wrote it: schema 1, no `resumed_from`.
        let conn = rusqlite::Connection::open(&path).unwrap();
        schema::migrate_to(&conn, &path, 1).unwrap();
        assert_eq!(schema::version(&conn).unwrap(), 1);
        conn.execute(
            "INSERT INTO runs (id, command, started, command_line, model, provenance, settings)
             VALUES ('20250101-000000-cccccc', 'batch', '2025-01-01T00:00:00Z', '[]', 'old.gguf', '{}', '{}')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO cases (run_id, seq, case_id, status) VALUES ('20250101-000000-cccccc', 1, 'x', 'ok')",
            [],
        )
        .unwrap();
        let has_column = conn.prepare("SELECT resumed_from FROM runs").is_ok();
        assert!(!has_column);
    }
    let ledger = Ledger::open(dir.path()).unwrap();
    assert_eq!(schema::version(&ledger.conn).unwrap(), schema::current());
    let detail = ledger.get("20250101").unwrap();
    assert_eq!(detail.summary.model, "old.gguf");
    assert_eq!(detail.resumed_from, None);
    assert_eq!(detail.cases.len(), 1);
    let mut resumed = run("20250102-000000-dddddd", "2025-01-02T00:00:00Z", "old.gguf");
    resumed.resumed_from = Some(detail.summary.id.clone());
    ledger.insert_run(&resumed).unwrap();
    assert_eq!(
        ledger.get("20250102").unwrap().resumed_from.as_deref(),
        Some("20250101-000000-cccccc")
    );
    // Opening again applies nothing twice.
    drop(ledger);
    let ledger = Ledger::open(dir.path()).unwrap();
    let applied: i64 = ledger
        .conn
        .query_row("SELECT COUNT(*) FROM schema_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(applied, schema::current());
}

#[test]
fn a_newer_ledger_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(Ledger::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join(FILE_NAME)).unwrap();
    conn.execute(
        "INSERT INTO schema_version (version, applied) VALUES (99, 'later')",
        [],
    )
    .unwrap();
    assert!(matches!(
        Ledger::open(dir.path()),
        Err(LedgerError::TooNew { found: 99, .. })
    ));
}

#[test]
fn garbage_bytes_are_an_error_not_a_panic_and_stay_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let error = Ledger::open(dir.path()).err().unwrap();
    assert!(error.to_string().contains("cannot be used"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn the_recorder_writes_rows_and_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = Recorder::start(
        dir.path(),
        RunStart {
            run: run("20260101-000000-eeeeee", "2026-01-01T00:00:00Z", "m"),
            ..RunStart::default()
        },
    );
    for i in 0..1000 {
        recorder.record(&json!({"id": i, "status": "ok", "label": "A",
            "provenance": {"template": {"name": "annotate", "sha256": "s"}}}));
    }
    recorder.finish(Finish {
        finished: "2026-01-01T00:00:05Z".into(),
        ..Finish::default()
    });
    let detail = Ledger::open(dir.path()).unwrap().get("20260101").unwrap();
    assert_eq!(detail.cases.len(), 1000);
    assert_eq!(detail.cases[999].id, "999");
    assert_eq!(
        detail.summary.template.as_deref(),
        Some("differential,annotate")
    );
    assert!(detail.summary.finished.is_some());
}

#[test]
fn config_paths_names_the_same_file() {
    let paths = crate::app::paths::Paths::resolve();
    assert_eq!(paths.ledger_file(), paths.data_dir.join(FILE_NAME));
}

/// What recording costs the batch's own writer thread per result: deriving the row and sending
/// it (the database work is on the ledger's thread). Printed for the README; bounded loosely so
/// a pathological regression (a query per result on the caller's thread) fails.
#[test]
fn recording_a_result_costs_the_caller_microseconds() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = Recorder::start(
        dir.path(),
        RunStart {
            run: run("20260101-000000-ffffff", "2026-01-01T00:00:00Z", "m"),
            ..RunStart::default()
        },
    );
    let record = json!({"id": "c1", "line": 1, "status": "ok", "output": "x".repeat(2000),
        "finish_reason": "stop", "label": "urgent",
        "usage": {"prompt_tokens": 500, "reused_prompt_tokens": 0, "completion_tokens": 40},
        "timings": {"prompt_ms": 10.0, "ttft_ms": 11.0, "generation_ms": 90.0, "total_ms": 101.0},
        "provenance": {"template": {"name": "annotate", "sha256": "s"}}});
    let n = 20_000;
    let started = std::time::Instant::now();
    for _ in 0..n {
        recorder.record(&record);
    }
    let per_record = started.elapsed().as_secs_f64() / f64::from(n);
    let before_finish = std::time::Instant::now();
    recorder.finish(Finish::default());
    let drain = before_finish.elapsed().as_secs_f64();
    eprintln!(
        "recorder: {:.2} us per result on the caller's thread; {:.0} ms to write the {n} rows left",
        per_record * 1e6,
        drain * 1e3
    );
    assert!(per_record < 200e-6, "{per_record} s per record");
    assert_eq!(
        Ledger::open(dir.path())
            .unwrap()
            .get("20260101")
            .unwrap()
            .cases
            .len(),
        20_000
    );
}

/// Two runs recording into one ledger at once (two batches on one machine): both complete.
#[test]
fn two_recorders_share_one_ledger() {
    let dir = tempfile::tempdir().unwrap();
    drop(Ledger::open(dir.path()).unwrap());
    let threads: Vec<_> = ["20260101-000000-111111", "20260101-000000-222222"]
        .into_iter()
        .map(|id| {
            let dir = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let recorder = Recorder::start(
                    &dir,
                    RunStart {
                        run: run(id, "2026-01-01T00:00:00Z", "m"),
                        ..RunStart::default()
                    },
                );
                for i in 0..3000 {
                    recorder.record(&json!({"id": i, "status": "ok"}));
                    if i % 500 == 0 {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                    }
                }
                recorder.finish(Finish {
                    finished: "2026-01-01T00:00:01Z".into(),
                    ..Finish::default()
                });
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let ledger = Ledger::open(dir.path()).unwrap();
    for id in ["20260101-000000-111111", "20260101-000000-222222"] {
        let detail = ledger.get(id).unwrap();
        assert_eq!(detail.cases.len(), 3000, "{id}");
        assert!(detail.summary.finished.is_some());
    }
}

/// Two processes opening a new ledger at once: one creates the schema, the other finds it.
#[test]
fn two_first_opens_at_once_both_succeed() {
    for _ in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let dir = dir.path().to_path_buf();
                std::thread::spawn(move || Ledger::open(&dir).map(|_| ()))
            })
            .collect();
        for thread in threads {
            thread.join().unwrap().unwrap();
        }
        let ledger = Ledger::open(dir.path()).unwrap();
        assert_eq!(schema::version(&ledger.conn).unwrap(), schema::current());
    }
}
