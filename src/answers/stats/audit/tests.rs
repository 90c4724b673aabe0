//! The probe summary against tests/fixtures/audit/reference.json, which SciPy and statsmodels
//! computed from the same written outcomes before this code existed.

use serde_json::Value;

use super::*;

const REFERENCE: &str = include_str!("../../../../tests/fixtures/audit/reference.json");

fn reference() -> Value {
    serde_json::from_str(REFERENCE).expect("fixture")
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(ToString::to_string)
}

fn index(v: &Value) -> Option<usize> {
    v.as_u64().map(|p| p as usize)
}

fn outcomes(input: &Value) -> (Vec<CaseOutcome>, Vec<(String, String)>) {
    let cases = input["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| CaseOutcome {
            case: text(&c["case"]).expect("id"),
            original: text(&c["original"]),
            original_correct: c["original_correct"].as_bool().expect("bool"),
            variants: c["variants"]
                .as_array()
                .expect("variants")
                .iter()
                .map(|v| VariantOutcome {
                    variant: text(&v[0]).expect("variant"),
                    answer: text(&v[1]),
                    correct: v[2].as_bool().expect("bool"),
                    group: text(&v[3]),
                    gold_position: index(&v[4]),
                    chosen_position: index(&v[5]),
                })
                .collect(),
        })
        .collect();
    let skipped = input["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| (text(&s[0]).expect("case"), text(&s[1]).expect("reason")))
        .collect();
    (cases, skipped)
}

fn close(got: f64, want: &Value, what: &str) {
    let want = want.as_f64().expect("number");
    assert!((got - want).abs() < 1e-9, "{what}: {got} vs {want}");
}

fn close_ci(got: [f64; 2], want: &Value, what: &str) {
    close(got[0], &want[0], what);
    close(got[1], &want[1], what);
}

fn count(v: &Value) -> usize {
    v.as_u64().expect("count") as usize
}

#[test]
fn probe_summaries_match_the_reference() {
    let reference = reference();
    let probes = reference["probes"].as_array().expect("probes");
    assert_eq!(probes.len(), 2);
    for probe in probes {
        let (cases, skipped) = outcomes(&probe["input"]);
        let want = &probe["expected"];
        let got = summarize(&cases, &skipped);
        assert_eq!(
            (got.flip_rate.k, got.flip_rate.n),
            (count(&want["flips"]), count(&want["pairs"]))
        );
        close(got.flip_rate.rate, &want["flip_rate"], "flip rate");
        close_ci(got.flip_rate.ci, &want["flip_ci"], "flip ci");
        assert_eq!(got.cases_flipped.k, count(&want["cases_flipped"]));
        close_ci(
            got.cases_flipped.ci,
            &want["cases_flipped_ci"],
            "cases flipped ci",
        );
        let mut flipped: Vec<&str> = got.flips.iter().map(|f| f.case.as_str()).collect();
        flipped.dedup();
        let want_flipped: Vec<&str> = want["flipped_case_ids"]
            .as_array()
            .expect("ids")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(flipped, want_flipped);
        close(
            got.original_accuracy.rate,
            &want["original_accuracy"],
            "original accuracy",
        );
        close_ci(
            got.original_accuracy.ci,
            &want["original_ci"],
            "original ci",
        );
        close(
            got.variant_accuracy.rate,
            &want["variant_accuracy"],
            "variant accuracy",
        );
        close_ci(got.variant_accuracy.ci, &want["variant_ci"], "variant ci");
        let t = &want["table"];
        assert_eq!(
            (
                got.table.both,
                got.table.only_a,
                got.table.only_b,
                got.table.neither
            ),
            (
                count(&t["both"]),
                count(&t["only_a"]),
                count(&t["only_b"]),
                count(&t["neither"])
            )
        );
        close(
            got.mcnemar.exact_p,
            &want["mcnemar"]["exact_p"],
            "mcnemar exact",
        );
        close(
            got.mcnemar.mid_p,
            &want["mcnemar"]["mid_p"],
            "mcnemar mid-p",
        );
        let groups = want["groups"].as_object().expect("groups");
        assert_eq!(got.groups.len(), groups.len());
        for (name, g) in groups {
            let rate = got.groups.get(name).expect("group");
            assert_eq!((rate.k, rate.n), (count(&g["correct"]), count(&g["n"])));
            close_ci(rate.ci, &g["ci"], name);
        }
        let positions = want["positions"].as_array().expect("positions");
        assert_eq!(got.positions.len(), positions.len());
        for (p, w) in got.positions.iter().zip(positions) {
            assert_eq!(
                (p.chosen.k, p.gold),
                (count(&w["chosen"]), count(&w["gold"]))
            );
            close(p.chosen.rate, &w["chosen_rate"], "chosen rate");
            close_ci(p.chosen.ci, &w["chosen_ci"], "chosen ci");
            close(p.gold_rate, &w["gold_rate"], "gold rate");
        }
        let skipped_want = want["skipped"].as_object().expect("skipped");
        assert_eq!(got.skipped.len(), skipped_want.len());
        for (reason, n) in skipped_want {
            assert_eq!(got.skipped.get(reason), Some(&count(n)), "{reason}");
        }
    }
}

#[test]
fn mcnemar_and_wilson_match_the_reference_tables() {
    let reference = reference();
    for row in reference["mcnemar"].as_array().expect("rows") {
        let t: Vec<usize> = row["table"]
            .as_array()
            .expect("t")
            .iter()
            .map(count)
            .collect();
        let table = PairedTable {
            both: t[0],
            only_a: t[1],
            only_b: t[2],
            neither: t[3],
        };
        let m = mcnemar(&table);
        close(m.exact_p, &row["exact_p"], "exact");
        close(m.mid_p, &row["mid_p"], "mid-p");
    }
    for row in reference["wilson"].as_array().expect("rows") {
        close_ci(
            wilson(count(&row["k"]), count(&row["n"])),
            &row["ci"],
            "wilson",
        );
    }
}

#[test]
fn flips_say_to_what_and_an_unparsed_pair_is_no_flip() {
    let variant = |id: &str, answer: Option<&str>| VariantOutcome {
        variant: id.into(),
        answer: answer.map(Into::into),
        correct: false,
        group: None,
        gold_position: None,
        chosen_position: None,
    };
    let cases = [
        CaseOutcome {
            case: "a".into(),
            original: None,
            original_correct: false,
            variants: vec![variant("x", None), variant("y", Some("B"))],
        },
        CaseOutcome {
            case: "b".into(),
            original: Some("A".into()),
            original_correct: true,
            variants: vec![variant("x", None)],
        },
    ];
    let s = summarize(&cases, &[]);
    assert_eq!(s.flips.len(), 2);
    assert_eq!(
        s.flips[0],
        Flip {
            case: "a".into(),
            variant: "y".into(),
            from: None,
            to: Some("B".into())
        }
    );
    assert_eq!(
        (s.flips[1].from.as_deref(), s.flips[1].to.as_deref()),
        (Some("A"), None)
    );
    assert!(s.positions.is_empty() && s.groups.is_empty() && s.skipped.is_empty());
    // Nothing to summarize: every rate is 0 of 0 with an empty interval, never NaN.
    let empty = summarize(&[], &[("c".into(), "no options".into())]);
    assert_eq!(
        (empty.flip_rate.rate, empty.flip_rate.ci),
        (0.0, [0.0, 0.0])
    );
    assert_eq!(empty.skipped.get("no options"), Some(&1));
}
