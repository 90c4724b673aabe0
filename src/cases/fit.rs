//! Fitting a long timeline into the context budget, openly.
//!
//! When a rendered case would exceed its token budget, [`fit_timeline`] keeps the active problem
//! list and the most recent entries, replaces each kind of older entry by one summary line
//! ("412 earlier lab entries, 2011-02-03 to 2019-08-30: Glucose ×40, ..."), and returns a
//! [`Truncation`] that goes into the result's `truncated` block. Never a silent cut. The token
//! count is a callback, so the search is tested without a model and used with the model's
//! tokenizer in batch.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::cases::{Case, TimelineEntry};

/// What was left out of a case's timeline to fit the budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Truncation {
    /// Timeline entries dropped in all.
    pub entries_dropped: usize,
    /// Dropped entries by kind.
    pub by_kind: BTreeMap<String, usize>,
    /// Entries kept (active problems included, summary lines not).
    pub entries_kept: usize,
    /// Prompt tokens before and after, and the budget (context minus the answer's max tokens).
    pub tokens_before: u32,
    pub tokens_after: u32,
    pub budget: u32,
    /// False when even the active problems and summaries alone exceed the budget.
    pub fits: bool,
}

impl Truncation {
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// An active problem: a condition (or problem) whose clinical status is active, recurring or
/// relapsing. These stay whatever their age.
pub fn is_active_problem(entry: &TimelineEntry) -> bool {
    if !matches!(entry.kind.as_str(), "condition" | "problem" | "diagnosis") {
        return false;
    }
    let status = entry
        .fields
        .get("clinical_status")
        .or_else(|| entry.fields.get("status"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(status.as_str(), "active" | "recurrence" | "relapse")
}

/// The label an entry is summarized under: the text before ':' or '(' (e.g. "Glucose").
fn label(entry: &TimelineEntry) -> String {
    let first_line = entry.text.lines().next().unwrap_or("");
    let cut = first_line.find([':', '(', ',']).unwrap_or(first_line.len());
    let label: String = first_line[..cut].trim().chars().take(48).collect();
    if label.is_empty() {
        entry.kind.clone()
    } else {
        label
    }
}

/// One summary line per kind for the dropped entries, oldest kind first.
fn summaries(dropped: &[&TimelineEntry]) -> Vec<TimelineEntry> {
    let mut kinds: Vec<(String, Vec<&TimelineEntry>)> = Vec::new();
    for entry in dropped {
        match kinds.iter_mut().find(|(k, _)| *k == entry.kind) {
            Some((_, list)) => list.push(entry),
            None => kinds.push((entry.kind.clone(), vec![entry])),
        }
    }
    kinds
        .into_iter()
        .map(|(kind, list)| {
            let mut counts: Vec<(String, usize)> = Vec::new();
            for e in &list {
                let l = label(e);
                match counts.iter_mut().find(|(x, _)| *x == l) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((l, 1)),
                }
            }
            counts.sort_by_key(|c| std::cmp::Reverse(c.1));
            let top: Vec<String> = counts
                .iter()
                .take(5)
                .map(|(l, n)| format!("{l} ×{n}"))
                .collect();
            let more = counts.len().saturating_sub(5);
            let first = list
                .iter()
                .find_map(|e| (!e.when.is_empty()).then_some(e.when.as_str()));
            let last = list
                .iter()
                .rev()
                .find_map(|e| (!e.when.is_empty()).then_some(e.when.as_str()));
            let span = match (first, last) {
                (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
                (Some(a), _) => a.to_string(),
                _ => String::new(),
            };
            let mut text = format!(
                "{} earlier {kind} entries left out to fit the context: {}",
                list.len(),
                top.join(", ")
            );
            if more > 0 {
                text.push_str(&format!(" and {more} more"));
            }
            let mut fields = Map::new();
            fields.insert("summary_of".into(), json!(kind));
            fields.insert("count".into(), json!(list.len()));
            TimelineEntry {
                date: None,
                day: None,
                when: span,
                kind: "summary".into(),
                text,
                fields,
            }
        })
        .collect()
}

/// The timeline keeping the last `keep` of the droppable entries.
fn build(
    timeline: &[TimelineEntry],
    protected: &[bool],
    keep: usize,
) -> (Vec<TimelineEntry>, Vec<usize>) {
    let droppable: Vec<usize> = (0..timeline.len()).filter(|i| !protected[*i]).collect();
    let cut = droppable.len().saturating_sub(keep);
    let dropped_idx: Vec<usize> = droppable[..cut].to_vec();
    let dropped: Vec<&TimelineEntry> = dropped_idx.iter().map(|i| &timeline[*i]).collect();
    let mut out = summaries(&dropped);
    let mut is_dropped = vec![false; timeline.len()];
    for i in &dropped_idx {
        is_dropped[*i] = true;
    }
    out.extend(
        timeline
            .iter()
            .zip(is_dropped)
            .filter(|(_, d)| !d)
            .map(|(e, _)| e.clone()),
    );
    (out, dropped_idx)
}

/// Fit `case`'s timeline into `budget` tokens as measured by `measure` (the rendered prompt's
/// token count). Returns `None` when it already fits; otherwise changes the timeline and
/// says what was left out.
pub fn fit_timeline<E>(
    case: &mut Case,
    budget: u32,
    measure: &mut dyn FnMut(&Case) -> Result<u32, E>,
) -> Result<Option<Truncation>, E> {
    let before = measure(case)?;
    if before <= budget || case.timeline.is_empty() {
        return Ok(None);
    }
    let original = std::mem::take(&mut case.timeline);
    let protected: Vec<bool> = original.iter().map(is_active_problem).collect();
    let droppable = protected.iter().filter(|p| !**p).count();
    // Largest number of recent entries that fits: binary search over [0, droppable).
    let (mut lo, mut hi) = (0usize, droppable);
    let mut best: Option<(usize, u32)> = None;
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        case.timeline = build(&original, &protected, mid).0;
        let n = measure(case)?;
        if n <= budget {
            best = Some((mid, n));
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let (keep, after) = match best {
        Some(b) => b,
        None => {
            case.timeline = build(&original, &protected, 0).0;
            (0, measure(case)?)
        }
    };
    let (timeline, dropped_idx) = build(&original, &protected, keep);
    let mut by_kind = BTreeMap::new();
    for i in &dropped_idx {
        *by_kind.entry(original[*i].kind.clone()).or_default() += 1;
    }
    case.timeline = timeline;
    Ok(Some(Truncation {
        entries_dropped: dropped_idx.len(),
        by_kind,
        entries_kept: original.len() - dropped_idx.len(),
        tokens_before: before,
        tokens_after: after,
        budget,
        fits: after <= budget,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn case(n: usize) -> Case {
        let mut timeline = vec![
            json!({"date": "2000-01-01", "kind": "condition", "text": "Hypertension", "clinical_status": "active"}),
            json!({"date": "2000-01-02", "kind": "condition", "text": "Bronchitis", "clinical_status": "resolved"}),
        ];
        for i in 0..n {
            timeline.push(json!({"date": format!("20{:02}-01-01", i % 20 + 1), "kind": if i % 2 == 0 {"lab"} else {"vital"},
                "text": format!("Glucose: {i} mg/dL")}));
        }
        Case::from_object(
            json!({"id": 1, "timeline": timeline})
                .as_object()
                .expect("obj"),
        )
        .expect("case")
    }

    /// A fake tokenizer: one token per word of every timeline line.
    fn words(c: &Case) -> Result<u32, ()> {
        let n: usize = c
            .timeline
            .iter()
            .map(|e| e.text.split_whitespace().count() + 2)
            .sum();
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    #[test]
    fn a_case_that_fits_is_untouched() {
        let mut c = case(3);
        let before = c.clone();
        assert_eq!(fit_timeline(&mut c, 10_000, &mut words).expect("ok"), None);
        assert_eq!(c, before);
    }

    #[test]
    fn keeps_active_problems_and_recent_entries_and_says_what_went() {
        let mut c = case(2000);
        let last = c.timeline.last().cloned().expect("entry");
        let t = fit_timeline(&mut c, 300, &mut words)
            .expect("ok")
            .expect("truncated");
        assert!(
            t.fits && t.tokens_after <= 300 && t.tokens_before > 300,
            "{t:?}"
        );
        assert_eq!(t.entries_dropped + t.entries_kept, 2002);
        assert_eq!(t.by_kind.values().sum::<usize>(), t.entries_dropped);
        assert!(c.timeline.iter().any(|e| e.text == "Hypertension"));
        assert!(!c.timeline.iter().any(|e| e.text == "Bronchitis"));
        assert_eq!(c.timeline.last(), Some(&last));
        let summaries: Vec<_> = c.timeline.iter().filter(|e| e.kind == "summary").collect();
        assert!(!summaries.is_empty());
        assert!(summaries
            .iter()
            .all(|s| s.text.contains("Glucose ×") || s.text.contains("Bronchitis")));
        let summarized: u64 = summaries
            .iter()
            .filter_map(|s| s.fields.get("count").and_then(Value::as_u64))
            .sum();
        assert_eq!(summarized as usize, t.entries_dropped);
        // As many recent entries as fit: one more would not.
        assert!(words(&c).expect("n") + 6 > 300);
    }

    #[test]
    fn reports_when_even_the_minimum_does_not_fit() {
        let mut c = case(50);
        let t = fit_timeline(&mut c, 3, &mut words)
            .expect("ok")
            .expect("truncated");
        assert!(!t.fits);
        assert_eq!(t.entries_kept, 1);
    }
}
