//! Eval by generation: every case that is not scored is submitted to one run of the engine
//! (constrained to the labels with `--labels`), and the answer is read out of the text: the
//! label the constraint gave, the option the text names, or a free-text diagnosis compared
//! with the gold.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use serde_json::Value;

use super::live::Live;
use super::load::{error_entry, gold_label, GoldCase};
use crate::answers::constraint::{load_schema, Constraint, SchemaSource};
use crate::answers::extract;
use crate::answers::scoring::{options_for, Scoring};
use crate::answers::stats::metrics::{CaseUsage, Prediction};
use crate::app::settings::Settings;
use crate::cases::{AnswerOption, Case};
use crate::engine::{ContextSpec, Event, GenRequest, Generation, Job, RunHandle};
use crate::session::prompting;
use crate::session::Session;

/// Answer cases by generation and read the answer out of the text.
pub fn generate(
    settings: &Settings,
    session: &Session,
    scoring: &Scoring,
    cases: Vec<GoldCase>,
    live: &mut Live,
) -> anyhow::Result<()> {
    let constraint = match &scoring.labels {
        Some(set) => {
            let (schema, origin) = load_schema(&SchemaSource::Labels(set))?;
            let compiled =
                Constraint::compile(&*session.backend, schema, origin, Some(set.clone()));
            Some(compiled?)
        }
        None => None,
    };
    let parallel = settings
        .parallel
        .unwrap_or_else(|| crate::session::default_parallel(session.backend.info()));
    let cancel = Arc::new(AtomicBool::new(false));
    crate::app::signals::install(&cancel)?;
    let spec =
        ContextSpec::new(scoring.n_ctx, parallel).with_batch_invariant(settings.batch_invariant);
    let mut run = session.backend.run(spec, cancel)?;
    let grammar = constraint.as_ref().map(|c| c.grammar.clone());
    let mut pending = submit_all(settings, scoring, cases, grammar, &mut run, live)?;
    run.close();
    while let Some(event) = run.next_event(None) {
        let Event::Finished { tag, result } = event else {
            continue;
        };
        live.tick();
        let Some((line, case, gold)) = pending.remove(&tag) else {
            continue;
        };
        match result {
            Ok(generation) => {
                read_answer(live, line, &case, gold, &generation, constraint.as_ref())
            }
            Err(e) => live.error(error_entry(Some(&case.id), line, e.kind(), &e.to_string())),
        }
    }
    Ok(())
}

/// Render and submit every case (one that cannot be rendered is an error entry); the cases in
/// the engine by tag.
fn submit_all(
    settings: &Settings,
    scoring: &Scoring,
    cases: Vec<GoldCase>,
    grammar: Option<String>,
    run: &mut RunHandle,
    live: &mut Live,
) -> anyhow::Result<HashMap<u64, GoldCase>> {
    let mut pending = HashMap::new();
    for (tag, (line, case, gold)) in cases.into_iter().enumerate() {
        let template = if case.options.is_empty() && scoring.labels.is_none() {
            prompting::template_for(&scoring.registry, settings.template.as_deref(), &case)
        } else {
            scoring.template_for()
        };
        let messages = template
            .map_err(|e| crate::cases::CaseError::new("template", None, format!("{e:#}")))
            .and_then(|t| t.render(&case, &scoring.extras));
        match messages {
            Ok(messages) => {
                let tag = tag as u64;
                run.submit(Job {
                    tag,
                    request: GenRequest {
                        messages,
                        sampling: settings.sampling.clone(),
                        max_tokens: settings.max_tokens,
                        stop: settings.stop.clone(),
                        grammar: grammar.clone(),
                    },
                    stream: false,
                })?;
                pending.insert(tag, (line, case, gold));
            }
            Err(e) => live.error(error_entry(Some(&case.id), line, e.kind, &e.message)),
        }
    }
    Ok(pending)
}

/// Read a case's answer out of its generation and keep the prediction (or the error entry when
/// the gold names no option).
fn read_answer(
    live: &mut Live,
    line: usize,
    case: &Case,
    gold: String,
    generation: &Generation,
    constraint: Option<&Constraint>,
) {
    // The constraint exists exactly when `--labels` is given, and carries them.
    let labels = constraint.and_then(|c| c.labels.as_ref());
    let options = options_for(case, labels);
    let answer = match constraint {
        Some(constraint) => constrained_answer(case, line, gold, &options, generation, constraint),
        None if !options.is_empty() => chosen_option(case, line, &gold, &options, generation),
        None => Ok(free_text_answer(gold, generation)),
    };
    let (gold_class, predicted, reason) = match answer {
        Ok(answer) => answer,
        Err(error) => return live.error(error),
    };
    live.prediction(
        line,
        Prediction {
            id: case.id.clone(),
            gold: gold_class,
            predicted,
            probs: None,
            reason,
            output: Some(generation.text.clone()),
            free_text: constraint.is_none() && options.is_empty(),
            usage: Some(CaseUsage {
                prompt_tokens: u64::from(generation.prompt_tokens),
                output_tokens: Some(u64::from(generation.completion_tokens)),
                latency_ms: generation.timings.total_ms,
            }),
        },
    );
}

/// Gold label, predicted label, why none was read.
type Answer = (String, Option<String>, Option<String>);

/// With `--labels`: the label the constrained answer gave.
fn constrained_answer(
    case: &Case,
    line: usize,
    gold: String,
    options: &[AnswerOption],
    generation: &Generation,
    constraint: &Constraint,
) -> Result<Answer, Value> {
    let Some(gold_class) = extract::gold_option(&gold, options).map(|o| o.label.clone()) else {
        return Err(error_entry(
            Some(&case.id),
            line,
            "gold_not_an_option",
            "the gold 'answer' matches no label",
        ));
    };
    Ok(match constraint.check(generation) {
        Ok(value) => (gold_class, value.as_str().map(ToString::to_string), None),
        Err((kind, message)) => (gold_class, None, Some(format!("{kind}: {message}"))),
    })
}

/// A case with options: the one option the text names.
fn chosen_option(
    case: &Case,
    line: usize,
    gold: &str,
    options: &[AnswerOption],
    generation: &Generation,
) -> Result<Answer, Value> {
    let gold_class = gold_label(gold, options, &case.id, line)?;
    Ok(match extract::extract_choice(&generation.text, options) {
        Some(o) => (gold_class, Some(o.label.clone()), None),
        None => (
            gold_class,
            None,
            Some("no single option named in the answer".into()),
        ),
    })
}

/// A free-text case: the claim, or the gold itself when the claim matches it.
fn free_text_answer(gold: String, generation: &Generation) -> Answer {
    match extract::extract_free_text(&generation.text) {
        Some(claim) if extract::free_text_matches(&claim, &gold) => {
            (gold.clone(), Some(gold), None)
        }
        Some(claim) => (gold, Some(claim), None),
        None => (gold, None, Some("the answer is empty".into())),
    }
}
