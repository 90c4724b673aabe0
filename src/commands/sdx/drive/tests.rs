//! The driver over a fake backend: a thread that answers each job from a script, through the same
//! job and event channels a real backend hands out.

use std::sync::mpsc;

use serde_json::json;

use super::*;
use crate::clinical::sdx::{Ending, Forced, Limits, Prices, SeqCase};
use crate::engine::{GenRequest, Generation, SamplingParams, Timings};

fn generation(text: String) -> Generation {
    Generation {
        text,
        reasoning: None,
        finish_reason: FinishReason::Stop,
        prompt_tokens: 10,
        reused_tokens: 0,
        completion_tokens: 5,
        timings: Timings {
            total_ms: 2.0,
            ..Timings::default()
        },
        context_used: 15,
        context_size: 512,
        served: None,
    }
}

/// A run whose replies come from `answer(request, how many jobs this case had before)`.
fn fake_run(answer: fn(&GenRequest, usize) -> String) -> RunHandle {
    let (jobs_tx, jobs_rx) = mpsc::channel::<Submission>();
    let (events_tx, events_rx) = mpsc::channel::<Event>();
    std::thread::spawn(move || {
        let mut seen: HashMap<String, usize> = HashMap::new();
        while let Ok(submission) = jobs_rx.recv() {
            let Submission::Job(job) = submission else {
                continue;
            };
            let opening = job.request.messages[1]
                .content
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            let n = seen.entry(opening).or_default();
            let text = answer(&job.request, *n);
            *n += 1;
            let _ = events_tx.send(Event::Finished {
                tag: job.tag,
                result: Ok(generation(text)),
            });
        }
    });
    RunHandle::new(jobs_tx, events_rx)
}

fn slots(n: usize, max_turns: u32) -> VecDeque<Slot> {
    (0..n)
        .map(|i| {
            let case = SeqCase::from_value(
                &json!({"id": i, "opening": format!("Patient {i} with a cough."),
                    "tests": {"CBC": "WBC high"}, "diagnosis": "Pneumonia"}),
                i + 1,
            )
            .unwrap();
            Slot::new(
                i + 1,
                None,
                Encounter::new(
                    case,
                    Limits {
                        max_turns,
                        budget: None,
                    },
                    Prices::shipped(),
                ),
            )
        })
        .collect()
}

fn config() -> TurnConfig {
    TurnConfig {
        sampling: SamplingParams::default(),
        max_tokens: 64,
        stop: Vec::new(),
        grammar: "ACTION".into(),
        forced_grammar: "DIAGNOSE".into(),
        panel: false,
    }
}

fn play(run: RunHandle, slots: VecDeque<Slot>, window: usize) -> (Vec<Slot>, usize) {
    play_with(run, slots, window, &config())
}

fn play_with(
    run: RunHandle,
    slots: VecDeque<Slot>,
    window: usize,
    config: &TurnConfig,
) -> (Vec<Slot>, usize) {
    let mut done = Vec::new();
    let mut prompts = 0;
    let left = drive(
        run,
        slots,
        window,
        config,
        Hooks {
            on_prompt: &mut |_, _, _| prompts += 1,
            on_reply: &mut |_| {},
            on_done: &mut |slot| {
                done.push(slot);
                Ok(())
            },
        },
        &|| false,
    )
    .unwrap();
    assert!(left.is_empty());
    (done, prompts)
}

#[test]
fn malformed_replies_get_one_retry_then_a_forced_diagnosis_over_a_fake_backend() {
    let run = fake_run(|request, n| match n {
        0 | 1 => "this is not JSON".into(),
        _ => {
            // The forced turn is generated under the diagnosis-only grammar.
            assert_eq!(request.grammar.as_deref(), Some("DIAGNOSE"));
            r#"{"action":"diagnose","diagnosis":"Pneumonia"}"#.into()
        }
    });
    let (done, prompts) = play(run, slots(5, 10), 2);
    assert_eq!((done.len(), prompts), (5, 15));
    for slot in &done {
        let o = slot.encounter.outcome();
        assert_eq!(o.ending, Some(Ending::Forced(Forced::Malformed)));
        assert!(o.matched.correct());
        assert_eq!(slot.engine_ms, 6.0);
    }
}

#[test]
fn every_encounter_ends_with_a_diagnosis_at_the_turn_limit() {
    let run = fake_run(|request, _| {
        if request.grammar.as_deref() == Some("DIAGNOSE") {
            r#"{"action":"diagnose","diagnosis":"Asthma"}"#.into()
        } else {
            r#"{"action":"order","tests":["CBC"]}"#.into()
        }
    });
    let (done, prompts) = play(run, slots(3, 4), 8);
    assert_eq!(prompts, 12);
    for slot in &done {
        let o = slot.encounter.outcome();
        assert_eq!(o.ending, Some(Ending::Forced(Forced::TurnLimit)));
        assert_eq!((o.turns, o.diagnosis.as_deref()), (4, Some("Asthma")));
        assert_eq!(o.cost, 3.0 * Prices::shipped().test("CBC").price);
    }
}

#[test]
fn a_retried_turn_reuses_its_panel_notes_and_marks_them_so() {
    let run = fake_run(|request, _| {
        let user = &request.messages[1].content;
        match request.grammar.as_deref() {
            None => "Leading: pneumonia.".into(),
            Some(_) if user.contains("not a valid action") => {
                r#"{"action":"diagnose","diagnosis":"Pneumonia"}"#.into()
            }
            Some(_) => r#"{"action":"ask","question":"..."}"#.into(),
        }
    });
    let config = TurnConfig {
        panel: true,
        ..config()
    };
    // Five roles, the bad action, its retry (no roles again).
    let (done, prompts) = play_with(run, slots(2, 10), 2, &config);
    assert_eq!((done.len(), prompts), (2, 14));
    for slot in &done {
        let steps = slot.encounter.steps();
        assert_eq!(steps.len(), 2, "the bad reply and its retry");
        let reused = |step: &crate::clinical::sdx::encounter::Step| -> Vec<bool> {
            step.panel
                .iter()
                .map(|n| n["reused"] == json!(true))
                .collect()
        };
        assert_eq!(reused(&steps[0]), [false; 5]);
        assert_eq!(reused(&steps[1]), [true; 5]);
        // Five role turns and two action turns of 2 ms each.
        assert_eq!(slot.engine_ms, 14.0);
    }
}
