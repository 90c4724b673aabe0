//! The option probes of a multiple-choice case. `order`: every cyclic shift of the options and
//! one seeded permutation (splitmix64 + Fisher-Yates, so a seed gives the same permutation on
//! every machine). `relabel`: the right answer moved to each other position by swapping it with
//! the option there. Labels stay where they were (A, B, C, ... in order); the texts move, and
//! the gold `answer` moves with its option. Each variant records the new order as the original
//! labels (`params.order`) and where the gold now is (`params.gold_position`), so an answer can
//! be mapped back onto the original case. A case with fewer than two options, a question or
//! option that names options by letter ("option C", "(B)", "all of the above"), or (for
//! `relabel`) no gold that names an option, is skipped.

use regex::Regex;
use serde_json::{Map, Value};

use super::{Family, Variant};
use crate::cases::Case;

const LETTER_REFERENCE: &str = r"(?i)\b(?:options?|answers?|choices?)\s+\(?[A-Z]\)?(?:\W|$)|\([A-Z]\)|\b(?:all|none|both)\s+of\s+the\s+above\b|\bboth\s+[A-Z]\s+and\s+[A-Z]\b";

fn check(case: &Case) -> Result<(), String> {
    if case.options.len() < 2 {
        return Err("the case has fewer than two options".into());
    }
    let re = Regex::new(LETTER_REFERENCE).map_err(|e| e.to_string())?;
    if case.question.as_deref().is_some_and(|q| re.is_match(q)) {
        return Err("the question refers to options by letter".into());
    }
    if case.options.iter().any(|o| re.is_match(&o.text)) {
        return Err("an option refers to other options".into());
    }
    Ok(())
}

/// The index of the gold option: `answer` is its label or its text.
fn gold_index(case: &Case) -> Option<usize> {
    let answer = match case.answer.as_ref()? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    case.options
        .iter()
        .position(|o| o.label.eq_ignore_ascii_case(&answer))
        .or_else(|| case.options.iter().position(|o| o.text.trim() == answer))
}

/// The case with its options in `order` (indices into the original options).
fn reorder(case: &Case, order: &[usize], family: Family, id: String) -> Variant {
    let mut out = case.clone();
    let gold = gold_index(case);
    for (slot, from) in order.iter().enumerate() {
        out.options[slot].text = case.options[*from].text.clone();
    }
    let gold_position = gold.and_then(|g| order.iter().position(|from| *from == g));
    if let (Some(Value::String(answer)), Some(g), Some(p)) = (&case.answer, gold, gold_position) {
        if case.options[g].label.eq_ignore_ascii_case(answer.trim()) {
            out.answer = Some(Value::String(out.options[p].label.clone()));
        }
    }
    let mut params = Map::new();
    let labels: Vec<Value> = order
        .iter()
        .map(|i| Value::String(case.options[*i].label.clone()))
        .collect();
    params.insert("order".into(), Value::Array(labels));
    params.insert(
        "gold_position".into(),
        gold_position.map_or(Value::Null, Value::from),
    );
    Variant {
        family,
        id,
        params,
        inserted: false,
        group: None,
        case: out,
    }
}

/// splitmix64 (Steele, Lea & Flood 2014): a fixed, portable stream from a seed.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A Fisher-Yates permutation of 0..n drawn from `seed`.
pub fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed;
    for i in (1..n).rev() {
        let j = (splitmix64(&mut state) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

fn shift(n: usize, k: usize) -> Vec<usize> {
    (0..n).map(|slot| (slot + k) % n).collect()
}

pub fn order_variants(case: &Case, seed: u64) -> Result<Vec<Variant>, String> {
    check(case)?;
    let n = case.options.len();
    let mut out: Vec<Variant> = (1..n)
        .map(|k| {
            reorder(
                case,
                &shift(n, k),
                Family::Order,
                format!("order:shift-{k}"),
            )
        })
        .collect();
    // The seeded permutation, unless it is the identity or one of the shifts (then none: a
    // second draw would make the variant depend on more than the seed).
    let perm = permutation(n, seed);
    if !(0..n).any(|k| shift(n, k) == perm) {
        let mut v = reorder(case, &perm, Family::Order, format!("order:seed-{seed}"));
        v.params.insert("seed".into(), Value::from(seed));
        out.push(v);
    }
    Ok(out)
}

pub fn relabel_variants(case: &Case) -> Result<Vec<Variant>, String> {
    check(case)?;
    if case.answer.is_none() {
        return Err("the case has no gold answer".into());
    }
    let gold = gold_index(case).ok_or("the gold answer names no option")?;
    Ok((0..case.options.len())
        .filter(|p| *p != gold)
        .map(|p| {
            let mut order: Vec<usize> = (0..case.options.len()).collect();
            order.swap(gold, p);
            let id = format!("relabel:gold-at-{}", case.options[p].label);
            reorder(case, &order, Family::Relabel, id)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::text::tests::case;
    use super::*;
    use serde_json::json;

    fn mcq() -> Case {
        case(json!({"id": "q", "history": "Chest pain.",
            "question": "Which of the following is the most likely diagnosis?",
            "options": {"A": "MI", "B": "PE", "C": "GERD", "D": "Panic"}, "answer": "B"}))
    }

    fn texts(c: &Case) -> Vec<&str> {
        c.options.iter().map(|o| o.text.as_str()).collect()
    }

    #[test]
    fn shifts_move_the_gold_with_its_option() {
        let c = mcq();
        let v = order_variants(&c, 7).expect("variants");
        assert_eq!(v[0].id, "order:shift-1");
        assert_eq!(texts(&v[0].case), ["PE", "GERD", "Panic", "MI"]);
        assert_eq!(v[0].case.answer, Some(json!("A")));
        assert_eq!(v[0].params["order"], json!(["B", "C", "D", "A"]));
        assert_eq!(v[0].params["gold_position"], json!(0));
        let labels: Vec<&str> = v[0].case.options.iter().map(|o| o.label.as_str()).collect();
        assert_eq!(labels, ["A", "B", "C", "D"]);
        for x in &v {
            let gold = x
                .case
                .answer
                .as_ref()
                .and_then(Value::as_str)
                .expect("gold");
            let at = x
                .case
                .options
                .iter()
                .find(|o| o.label == gold)
                .expect("option");
            assert_eq!(at.text, "PE", "{}", x.id);
            assert_eq!(
                (&x.case.sections, &x.case.question),
                (&c.sections, &c.question)
            );
        }
    }

    #[test]
    fn the_permutation_is_fixed_by_the_seed() {
        assert_eq!(permutation(6, 42), permutation(6, 42));
        assert_ne!(permutation(6, 42), permutation(6, 43));
        // splitmix64's first output for seed 0 is 0xe220a8397b1dcdaf (Vigna's reference
        // splitmix64.c); the permutation of seed 0 was recomputed in Python from that stream.
        let mut state = 0;
        assert_eq!(splitmix64(&mut state), 0xe220_a839_7b1d_cdaf);
        assert_eq!(permutation(5, 0), PINNED_SEED_0);
        let mut sorted = permutation(9, 3);
        sorted.sort_unstable();
        assert_eq!(sorted, (0..9).collect::<Vec<_>>());
    }

    const PINNED_SEED_0: [usize; 5] = [2, 3, 1, 4, 0];

    #[test]
    fn relabel_puts_the_gold_at_each_other_letter() {
        let v = relabel_variants(&mcq()).expect("variants");
        let ids: Vec<&str> = v.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "relabel:gold-at-A",
                "relabel:gold-at-C",
                "relabel:gold-at-D"
            ]
        );
        assert_eq!(texts(&v[1].case), ["MI", "GERD", "PE", "Panic"]);
        assert_eq!(v[1].case.answer, Some(json!("C")));
        // A gold given as the option's text stays the text.
        let mut by_text = mcq();
        by_text.answer = Some(json!("PE"));
        let v = relabel_variants(&by_text).expect("variants");
        assert_eq!(
            (
                v[0].case.answer.clone(),
                v[0].params["gold_position"].clone()
            ),
            (Some(json!("PE")), json!(0))
        );
    }

    #[test]
    fn skip_reasons() {
        let mut c = mcq();
        c.question = Some("Which is more likely than option A?".into());
        assert_eq!(
            order_variants(&c, 0).unwrap_err(),
            "the question refers to options by letter"
        );
        let mut c = mcq();
        c.options[3].text = "All of the above".into();
        assert_eq!(
            order_variants(&c, 0).unwrap_err(),
            "an option refers to other options"
        );
        let mut c = mcq();
        c.options.truncate(1);
        assert_eq!(
            order_variants(&c, 0).unwrap_err(),
            "the case has fewer than two options"
        );
        let mut c = mcq();
        c.answer = Some(json!("E"));
        assert_eq!(
            relabel_variants(&c).unwrap_err(),
            "the gold answer names no option"
        );
        c.answer = None;
        assert_eq!(
            relabel_variants(&c).unwrap_err(),
            "the case has no gold answer"
        );
    }
}
