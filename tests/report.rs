//! `ddx report` and `ddx runs compare` on real runs (two `ddx eval` runs of the test model over eval-report.jsonl: one
//! scored by log-likelihood, one answered by generation, both recorded in the ledger), opened in
//! headless Chromium: the page loads with no console error and no network request, every plot's
//! SVG has a size and the expected number of marks, the tables hold the numbers of
//! `ddx runs show --json`, and a screenshot is not blank.
//!
//! Chromium comes from the system (`apt-get install chromium`, which .ci/setup.sh does);
//! `DDX_CHROMIUM` points elsewhere. Without it these tests fail: they never skip.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Network, Page};
use headless_chrome::{Browser, LaunchOptions};
use serde_json::Value;
use tempfile::TempDir;

fn chromium() -> PathBuf {
    let path = std::env::var_os("DDX_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    assert!(
        path.is_file(),
        "Chromium is missing at '{}': install it (`apt-get install chromium`, as .ci/setup.sh \
         does) or point DDX_CHROMIUM at it; the report's browser test does not skip",
        path.display()
    );
    path
}

/// Two eval runs over eval-report.jsonl, as `ddx runs show --json` prints them (oldest first).
fn eval_runs(home: &TempDir) -> Vec<Value> {
    let fixture = common::fixture("eval-report.jsonl");
    common::ddx_with_model(home)
        .arg("eval")
        .arg(&fixture)
        .assert()
        .success();
    common::ddx_with_model(home)
        .args(["eval", "--generate", "--max-tokens", "8"])
        .arg(&fixture)
        .assert()
        .success();
    let list = common::ddx(home)
        .args(["runs", "list", "--json"])
        .assert()
        .success();
    let mut ids: Vec<String> = common::parse_jsonl(&list.get_output().stdout)
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect();
    ids.reverse();
    assert_eq!(ids.len(), 2, "{ids:?}");
    ids.iter()
        .map(|id| {
            let out = common::ddx(home)
                .args(["runs", "show", id, "--json"])
                .assert()
                .success();
            serde_json::from_slice(&out.get_output().stdout).expect("runs show --json")
        })
        .collect()
}

/// What the page says, gathered by one script in the page.
const PROBE: &str = r#"JSON.stringify({
  figures: [...document.querySelectorAll('figure.plot')].map(f => {
    const svg = f.querySelector('svg');
    const box = svg.getBoundingClientRect();
    const fills = f.dataset.markFills.split(' ');
    const marks = [...svg.querySelectorAll('rect, circle')]
      .filter(e => fills.includes(e.getAttribute('fill')))
      .filter(e => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0; });
    const run = f.closest('[data-run]');
    return { run: run ? run.dataset.run : null, plot: f.dataset.plot, width: box.width,
             height: box.height, marks: marks.length,
             title: (svg.querySelector('title') || {}).textContent || '',
             axis_text: svg.querySelectorAll('text').length };
  }),
  cells: [...document.querySelectorAll('td[data-key]')].map(td => {
    const run = td.closest('[data-run]');
    const tr = td.closest('tr');
    return { run: run ? run.dataset.run : null, table: td.closest('table').dataset.table,
             class: tr.dataset.class || null, rater: tr.dataset.rater || null,
             pair: tr.dataset.a ? tr.dataset.a + ' ' + tr.dataset.b : null,
             key: td.dataset.key, value: td.dataset.value, text: td.textContent };
  }),
  confusion: [...document.querySelectorAll('td[data-gold]')].map(td => ({
    run: td.closest('[data-run]').dataset.run, gold: td.dataset.gold,
    predicted: td.dataset.predicted, value: Number(td.dataset.value) })),
  disagreements: [...document.querySelectorAll('tr[data-case]')].map(tr => tr.dataset.case),
  scripts: document.scripts.length,
})"#;

#[derive(Default)]
struct Seen {
    errors: Vec<String>,
    requests: Vec<String>,
    /// The console line the test logs once the page's load event has fired: every event the
    /// page sent before it has reached the listener.
    settled: bool,
}

/// Logged by the test after the page's load event (and the tasks queued before it).
const SENTINEL: &str = "ddx-test-page-settled";

/// In the page: wait for the load event, then for the tasks queued until then (a load
/// handler's timers of 0 ms, a frame), then log the sentinel.
const SETTLE: &str = r#"new Promise(done => {
  const after = () => setTimeout(() => requestAnimationFrame(() => setTimeout(done, 0)), 0);
  if (document.readyState === 'complete') after(); else addEventListener('load', after);
}).then(() => { console.log('ddx-test-page-settled'); return true; })"#;

/// Open the page in headless Chromium; what the probe found, what went wrong, a screenshot.
fn open(page: &Path) -> (Value, Seen, Vec<u8>) {
    let browser = Browser::new(
        LaunchOptions::default_builder()
            .path(Some(chromium()))
            .headless(true)
            .sandbox(false)
            .window_size(Some((1280, 1600)))
            .build()
            .expect("launch options"),
    )
    .expect("Chromium starts");
    let tab = browser.new_tab().expect("tab");
    let seen = Arc::new(Mutex::new(Seen::default()));
    let sink = Arc::clone(&seen);
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let mut seen = sink.lock().expect("lock");
        match event {
            Event::RuntimeConsoleAPICalled(e) => {
                let kind = format!("{:?}", e.params.Type).to_lowercase();
                if format!("{:?}", e.params.args).contains(SENTINEL) {
                    seen.settled = true;
                    return;
                }
                if kind.contains("error") || kind.contains("warn") || kind.contains("assert") {
                    seen.errors
                        .push(format!("console {kind}: {:?}", e.params.args));
                }
            }
            Event::RuntimeExceptionThrown(e) => {
                seen.errors
                    .push(format!("exception: {:?}", e.params.exception_details));
            }
            Event::LogEntryAdded(e) => {
                let level = format!("{:?}", e.params.entry.level).to_lowercase();
                if level.contains("error") || level.contains("warn") {
                    seen.errors
                        .push(format!("log {level}: {}", e.params.entry.text));
                }
            }
            Event::NetworkRequestWillBeSent(e) => seen.requests.push(e.params.request.url.clone()),
            _ => {}
        }
    }))
    .expect("listener");
    tab.enable_log().expect("log");
    tab.enable_runtime().expect("runtime");
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })
    .expect("network");
    let url = format!("file://{}", page.display());
    tab.navigate_to(&url)
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    let probe = tab.evaluate(PROBE, false).expect("probe");
    let probe: Value = serde_json::from_str(
        probe
            .value
            .as_ref()
            .and_then(Value::as_str)
            .expect("probe returns a string"),
    )
    .expect("probe JSON");
    let shot = tab
        .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("screenshot");
    // Late events: wait for the page's load event, then for the sentinel logged after it to
    // reach the listener (events arrive in order, so everything logged before it is in).
    tab.evaluate(SETTLE, true).expect("the page settles");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !seen.lock().expect("lock").settled {
        assert!(
            std::time::Instant::now() < deadline,
            "the page never logged the sentinel after its load event"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let seen = std::mem::take(&mut *seen.lock().expect("lock"));
    (
        probe,
        Seen {
            requests: seen.requests.into_iter().filter(|u| *u != url).collect(),
            ..seen
        },
        shot,
    )
}

/// Share of pixels that differ from the most common colour, and how many colours there are.
fn ink(png_bytes: &[u8]) -> (f64, usize) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("png");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("frame");
    let channels = info.color_type.samples();
    let mut counts: BTreeMap<&[u8], usize> = BTreeMap::new();
    for px in buf[..info.buffer_size()].chunks(channels) {
        *counts.entry(px).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    let top = counts.values().max().copied().unwrap_or(0);
    ((total - top) as f64 / total as f64, counts.len())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The number a table cell holds (its `data-value`, the full-precision value).
fn cell(probe: &Value, pick: impl Fn(&Value) -> bool) -> Vec<&Value> {
    probe["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .filter(|c| pick(c))
        .collect()
}

fn cell_value(c: &Value) -> Option<f64> {
    c["value"].as_str().and_then(|v| v.parse().ok())
}

#[test]
fn report_of_two_real_runs_passes_in_chromium() {
    let home = common::home();
    let runs = eval_runs(&home);
    let ids: Vec<&str> = runs
        .iter()
        .map(|r| r["summary"]["id"].as_str().expect("id"))
        .collect();
    let page = home.path().join("report.html");
    common::ddx(&home)
        .args(["report", ids[0], ids[1], "-o"])
        .arg(&page)
        .assert()
        .success();
    let (probe, seen, shot) = open(&page);
    assert!(seen.errors.is_empty(), "console errors: {:?}", seen.errors);
    assert!(
        seen.requests.is_empty(),
        "network requests: {:?}",
        seen.requests
    );
    assert_eq!(probe["scripts"], 0, "the report has no script");

    // Every plot has a size, a title, text on its axes and the marks its data calls for.
    let figures = probe["figures"].as_array().expect("figures");
    for f in figures {
        assert!(
            f["width"].as_f64().unwrap_or(0.0) > 100.0
                && f["height"].as_f64().unwrap_or(0.0) > 50.0,
            "{f}"
        );
        assert!(!f["title"].as_str().unwrap_or("").is_empty(), "{f}");
        assert!(f["axis_text"].as_u64().unwrap_or(0) > 4, "{f}");
    }
    let marks = |run: Option<&str>, plot: &str| -> u64 {
        figures
            .iter()
            .find(|f| f["run"].as_str() == run && f["plot"] == plot)
            .unwrap_or_else(|| panic!("no {plot} plot for {run:?}"))["marks"]
            .as_u64()
            .expect("marks")
    };
    for run in &runs {
        let id = run["summary"]["id"].as_str().expect("id");
        let metrics = &run["metrics"]["metrics"];
        let cases: Vec<&Value> = run["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .filter(|c| c["status"] != "error")
            .collect();
        assert_eq!(cases.len(), 8, "{run}");

        // Accuracy and its interval equal the run's recorded metrics.
        let in_run = |c: &Value| c["run"] == id;
        for (key, want) in [
            ("accuracy", &metrics["accuracy"]),
            ("accuracy_ci95_low", &metrics["accuracy_ci95"][0]),
            ("accuracy_ci95_high", &metrics["accuracy_ci95"][1]),
            ("n", &metrics["n"]),
            ("correct", &metrics["correct"]),
            ("unparsed", &metrics["unparsed"]),
        ] {
            let got = cell(&probe, |c| {
                in_run(c) && c["table"] == "accuracy" && c["key"] == key
            });
            assert_eq!(got.len(), 1, "{key}");
            assert!(
                close(cell_value(got[0]).expect(key), want.as_f64().expect(key)),
                "{key}: {} vs {want}",
                got[0]
            );
        }
        // Per class: precision and recall of every class with a prediction or a gold case.
        let mut bars = 0;
        for class in metrics["classes"].as_array().expect("classes") {
            if class["support"] == 0 && class["predicted"] == 0 {
                continue;
            }
            let name = class["class"].as_str().expect("class");
            for key in ["precision", "recall", "f1"] {
                let got = cell(&probe, |c| {
                    in_run(c) && c["class"] == name && c["key"] == key
                });
                assert_eq!(got.len(), 1, "{name} {key}");
                match class[key].as_f64() {
                    Some(want) => {
                        bars += 1;
                        assert!(close(cell_value(got[0]).expect(key), want), "{name} {key}");
                    }
                    None => assert_eq!(got[0]["value"], "", "{name} {key}"),
                }
            }
        }
        assert_eq!(marks(Some(id), "classes"), bars, "one bar per value");
        // Confusion: every non-zero cell of the run's matrix, and one heatmap cell per entry.
        let confusion = &metrics["confusion"];
        let page_cells: Vec<&Value> = probe["confusion"]
            .as_array()
            .expect("confusion")
            .iter()
            .filter(|c| c["run"] == id)
            .collect();
        let mut nonzero = 0;
        for (g, row) in confusion["matrix"]
            .as_array()
            .expect("matrix")
            .iter()
            .enumerate()
        {
            for (p, n) in row.as_array().expect("row").iter().enumerate() {
                let n = n.as_u64().expect("n");
                if n == 0 {
                    continue;
                }
                nonzero += 1;
                let (gold, predicted) = (&confusion["gold"][g], &confusion["predicted"][p]);
                assert!(
                    page_cells.iter().any(|c| &c["gold"] == gold
                        && &c["predicted"] == predicted
                        && c["value"] == n),
                    "{gold} → {predicted}: {n}"
                );
            }
        }
        assert_eq!(
            page_cells
                .iter()
                .filter(|c| c["value"].as_u64() != Some(0))
                .count(),
            nonzero
        );
        assert_eq!(marks(Some(id), "confusion"), page_cells.len() as u64);
        // Latency: one bar per non-empty bin of the recorded latencies.
        let latencies: Vec<f64> = cases
            .iter()
            .filter_map(|c| c["latency_ms"].as_f64())
            .collect();
        assert_eq!(latencies.len(), 8, "every case has a latency");
        let (lo, hi) = latencies
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
        let bins: BTreeSet<usize> = latencies
            .iter()
            .map(|x| {
                if hi > lo {
                    (((x - lo) / (hi - lo) * 10.0) as usize).min(9)
                } else {
                    0
                }
            })
            .collect();
        assert_eq!(marks(Some(id), "latency"), bins.len() as u64);
    }
    // The scored run has a reliability diagram with a point per non-empty confidence bin, and
    // the Brier score and ECE it recorded; the generated one has neither.
    let scored = &runs[0];
    let id = ids[0];
    let bins: BTreeSet<usize> = scored["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| ((c["probability"].as_f64().expect("probability") * 10.0) as usize).min(9))
        .collect();
    assert_eq!(marks(Some(id), "reliability"), bins.len() as u64);
    for key in ["brier", "ece"] {
        let got = cell(&probe, |c| c["run"] == id && c["key"] == key);
        let want = scored["metrics"]["metrics"][key].as_f64().expect(key);
        assert!(close(cell_value(got[0]).expect(key), want), "{key}");
    }
    assert!(!figures
        .iter()
        .any(|f| f["run"] == ids[1] && f["plot"] == "reliability"));

    // The comparison: one point per run, the same accuracies, the disagreements by id.
    assert_eq!(marks(None, "accuracy"), 2);
    for run in &runs {
        let id = run["summary"]["id"].as_str().expect("id");
        let got = cell(&probe, |c| {
            c["table"] == "comparison-accuracy" && c["rater"] == id && c["key"] == "accuracy"
        });
        assert!(close(
            cell_value(got[0]).expect("accuracy"),
            run["metrics"]["metrics"]["accuracy"]
                .as_f64()
                .expect("accuracy")
        ));
    }
    let predicted = |run: &Value| -> BTreeMap<String, Value> {
        run["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().expect("id").to_string(),
                    c["predicted"].clone(),
                )
            })
            .collect()
    };
    let (a, b) = (predicted(&runs[0]), predicted(&runs[1]));
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    let listed: Vec<&str> = probe["disagreements"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(listed, differ);

    // The screenshot shows the page: far from one flat colour.
    let (share, colours) = ink(&shot);
    assert!(
        share > 0.02 && colours > 50,
        "blank screenshot? {share} {colours}"
    );
}

#[test]
fn markdown_report_holds_the_same_numbers() {
    let home = common::home();
    let runs = eval_runs(&home);
    let id = runs[0]["summary"]["id"].as_str().expect("id");
    let out = common::ddx(&home)
        .args(["report", id, "--format", "md"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    let m = &runs[0]["metrics"]["metrics"];
    let line = format!(
        "**Accuracy {:.3}** ({}/{}), 95% CI {:.3}–{:.3}",
        m["accuracy"].as_f64().expect("accuracy"),
        m["correct"],
        m["n"],
        m["accuracy_ci95"][0].as_f64().expect("lo"),
        m["accuracy_ci95"][1].as_f64().expect("hi")
    );
    assert!(text.contains(&line), "{line}\n{text}");
    assert!(text.contains("| gold \\ predicted |"));
    assert!(!text.contains("<svg"));
}

/// The checks can fail: on a page that fetches an image and logs an error, the listeners see
/// both, and a blank page's screenshot is blank.
#[test]
fn the_browser_checks_see_requests_errors_and_blank_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><title>bad</title><img src=\"http://127.0.0.1:9/x.png\">\
         <script>console.error('planted');\
         addEventListener('load', () => setTimeout(() => console.error('late'), 0));</script>",
    )
    .expect("write");
    let (_, seen, _) = open(&bad);
    assert!(
        seen.requests.iter().any(|u| u.contains("127.0.0.1:9")),
        "{:?}",
        seen.requests
    );
    assert!(
        seen.errors.iter().any(|e| e.contains("planted")),
        "{:?}",
        seen.errors
    );
    // An error the page logs after its load event is seen too.
    assert!(
        seen.errors.iter().any(|e| e.contains("late")),
        "{:?}",
        seen.errors
    );
    let blank = dir.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><title>blank</title>").expect("write");
    let (_, _, shot) = open(&blank);
    let (share, _) = ink(&shot);
    assert!(share < 0.001, "{share}");
}

/// Krippendorff's alpha for nominal labels, every unit labelled by every rater (Krippendorff
/// 2011): 1 - (n - 1) * (pairs within units that differ, each weighted 1/(m - 1)) / (pairs of
/// all values that differ). `None` when every value is the same.
fn nominal_alpha(units: &[[String; 3]]) -> Option<f64> {
    let m = 3.0;
    let values: Vec<&String> = units.iter().flatten().collect();
    let n = values.len() as f64;
    let mut observed = 0.0;
    for unit in units {
        for (i, x) in unit.iter().enumerate() {
            for (j, y) in unit.iter().enumerate() {
                if i != j && x != y {
                    observed += 1.0 / (m - 1.0);
                }
            }
        }
    }
    let mut expected = 0.0;
    for (i, x) in values.iter().enumerate() {
        for (j, y) in values.iter().enumerate() {
            if i != j && x != y {
                expected += 1.0;
            }
        }
    }
    (expected > 0.0).then(|| 1.0 - (n - 1.0) * observed / expected)
}

/// The exact two-sided McNemar p-value, worked here from its definition.
fn mcnemar_exact(b: u64, c: u64) -> f64 {
    let n = b + c;
    if n == 0 {
        return 1.0;
    }
    let choose = |n: u64, k: u64| (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64);
    let tail: f64 = (0..=b.min(c)).map(|k| choose(n, k)).sum::<f64>() / 2f64.powi(n as i32);
    (2.0 * tail).min(1.0)
}

#[test]
fn runs_compare_on_real_runs_and_a_reviewer() {
    let home = common::home();
    let runs = eval_runs(&home);
    let ids: Vec<&str> = runs
        .iter()
        .map(|r| r["summary"]["id"].as_str().expect("id"))
        .collect();
    let rows = |run: &Value| -> BTreeMap<String, (Value, bool)> {
        run["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().expect("id").to_string(),
                    (c["predicted"].clone(), c["status"] == "correct"),
                )
            })
            .collect()
    };
    let (a, b) = (rows(&runs[0]), rows(&runs[1]));
    // A reviewer who labels every case with its gold answer.
    let fixture = std::fs::read_to_string(common::fixture("eval-report.jsonl")).expect("fixture");
    let review: Vec<String> = fixture
        .lines()
        .map(|l| {
            let case: Value = serde_json::from_str(l).expect("case");
            serde_json::json!({"case_id": case["id"], "verdict": "label", "label": case["answer"],
                               "note": null, "model_answer": null, "provenance": {}})
            .to_string()
        })
        .collect();
    let annotations = home.path().join("review.jsonl");
    std::fs::write(&annotations, review.join("\n") + "\n").expect("annotations");

    let out = common::ddx(&home)
        .args(["runs", "compare", ids[0], ids[1], "--json", "--rater"])
        .arg(&annotations)
        .assert()
        .success();
    let c: Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    assert_eq!(
        (c["shared"].as_u64(), c["with_gold"].as_u64()),
        (Some(8), Some(8)),
        "{c}"
    );
    for (i, run) in [&a, &b].iter().enumerate() {
        let correct = run.values().filter(|(_, ok)| *ok).count() as u64;
        assert_eq!(c["accuracy"][i]["correct"].as_u64(), Some(correct));
    }
    // The reviewer gave the gold: always right.
    assert_eq!(c["accuracy"][2]["correct"].as_u64(), Some(8));
    let pair = &c["pairs"][0];
    let only_a = a.keys().filter(|k| a[*k].1 && !b[*k].1).count() as u64;
    let only_b = a.keys().filter(|k| !a[*k].1 && b[*k].1).count() as u64;
    assert_eq!(pair["table"]["only_a"].as_u64(), Some(only_a));
    assert_eq!(pair["table"]["only_b"].as_u64(), Some(only_b));
    assert!(close(
        pair["difference"].as_f64().expect("difference"),
        (only_a as f64 - only_b as f64) / 8.0
    ));
    let p = pair["mcnemar"]["exact_p"].as_f64().expect("p");
    assert!((p - mcnemar_exact(only_a, only_b)).abs() < 1e-9, "{p}");
    let [lo, hi] =
        [&pair["difference_ci95"][0], &pair["difference_ci95"][1]].map(|v| v.as_f64().expect("ci"));
    assert!(
        lo <= pair["difference"].as_f64().expect("d")
            && hi >= pair["difference"].as_f64().expect("d")
    );
    assert_eq!(c["pairs"].as_array().map(Vec::len), Some(3));
    // Krippendorff's alpha over the three raters' labels, worked here from the textbook's
    // coincidence counts; null only where no two labels differ at all (no expected disagreement).
    let units: Vec<[String; 3]> = fixture
        .lines()
        .map(|l| {
            let case: Value = serde_json::from_str(l).expect("case");
            let id = case["id"].as_str().expect("id").to_string();
            [a[&id].0.clone(), b[&id].0.clone(), case["answer"].clone()]
                .map(|v| v.as_str().unwrap_or("(unparsed)").to_string())
        })
        .collect();
    assert!(
        c.get("krippendorff_alpha").is_some(),
        "the comparison reports Krippendorff's alpha: {c}"
    );
    match nominal_alpha(&units) {
        Some(want) => {
            let got = c["krippendorff_alpha"]
                .as_f64()
                .unwrap_or_else(|| panic!("{c}"));
            assert!((got - want).abs() < 1e-9, "alpha {got}, worked out {want}");
        }
        None => assert!(c["krippendorff_alpha"].is_null(), "{c}"),
    }
    // Cochran's Q with three raters, unless nobody differs from anybody on any case.
    let someone_differs = a.keys().any(|k| !(a[k].1 && b[k].1));
    assert_eq!(c["cochran_q"].is_object(), someone_differs, "{c}");
    let differ: Vec<String> = fixture
        .lines()
        .filter_map(|l| {
            let case: Value = serde_json::from_str(l).ok()?;
            let id = case["id"].as_str()?.to_string();
            let labels = [a[&id].0.clone(), b[&id].0.clone(), case["answer"].clone()];
            let labels = labels.map(|v| v.as_str().unwrap_or("(unparsed)").to_string());
            (labels.iter().any(|l| *l != labels[0])).then_some(id)
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let listed: Vec<String> = c["disagreements"]
        .as_array()
        .expect("disagreements")
        .iter()
        .map(|d| d["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(listed, differ);

    // The table on a terminal.
    let out = common::ddx(&home)
        .args(["runs", "compare", ids[0], ids[1]])
        .assert()
        .success();
    let table = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        table.contains("McNemar exact p") && table.contains("Cohen's kappa"),
        "{table}"
    );
    assert!(table.contains("2 raters share 8 cases"), "{table}");
    // One run alone is not a comparison.
    common::ddx(&home)
        .args(["runs", "compare", ids[0]])
        .assert()
        .code(2);
}
