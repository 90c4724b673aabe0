//! A variant written back as a case record (one JSON object, the shape `cases::record` reads),
//! so variants can be piped into `ddx batch`. Free-text sections are written as the text the
//! reader made of them (structured findings arrive as their indented lines); options as a list
//! of `{label, text}` so relabelled letters survive; the id is `CASEID~VARIANTID` and
//! `meta.audit` says what made the variant (case, probe, variant, params, inserted, sha256).

use serde_json::{json, Map, Value};

use super::Variant;
use crate::cases::{id_key, Case, SECTIONS};

fn case_object(case: &Case) -> Map<String, Value> {
    let mut obj = Map::new();
    obj.insert("id".into(), case.id.clone());
    if let Some(patient) = &case.patient {
        obj.insert("patient".into(), Value::Object(patient.clone()));
    }
    let mut extra = Map::new();
    for section in &case.sections {
        if SECTIONS.iter().any(|(name, _)| *name == section.name) {
            obj.insert(section.name.clone(), Value::String(section.text.clone()));
        } else {
            extra.insert(section.name.clone(), Value::String(section.text.clone()));
        }
    }
    if !extra.is_empty() {
        obj.insert("sections".into(), Value::Object(extra));
    }
    if let Some(date) = &case.index_date {
        obj.insert("index_date".into(), Value::String(date.clone()));
    }
    if !case.timeline.is_empty() {
        let entries = case.timeline.iter().map(|e| {
            let mut entry = e.fields.clone();
            if let Some(date) = &e.date {
                entry.insert("date".into(), Value::String(date.clone()));
            }
            if let Some(day) = e.day {
                entry.insert("day".into(), Value::from(day));
            }
            entry.insert("kind".into(), Value::String(e.kind.clone()));
            entry.insert("text".into(), Value::String(e.text.clone()));
            Value::Object(entry)
        });
        obj.insert("timeline".into(), Value::Array(entries.collect()));
    }
    let text = |v: &Option<String>| v.clone().map(Value::String);
    for (key, value) in [
        ("question", text(&case.question)),
        ("answer", case.answer.clone()),
        ("meta", case.meta.clone()),
        ("prompt", text(&case.prompt)),
        ("system", text(&case.system)),
    ] {
        if let Some(value) = value {
            obj.insert(key.into(), value);
        }
    }
    if !case.options.is_empty() {
        let options = case
            .options
            .iter()
            .map(|o| json!({"label": o.label, "text": o.text}));
        obj.insert("options".into(), Value::Array(options.collect()));
    }
    if let Some(messages) = &case.messages {
        let list = messages
            .iter()
            .map(|m| json!({"role": m.role, "content": m.content}));
        obj.insert("messages".into(), Value::Array(list.collect()));
    }
    obj
}

/// The variant as a case record of its own.
pub fn variant_record(original_id: &Value, variant: &Variant) -> Value {
    let mut obj = case_object(&variant.case);
    let case = id_key(original_id);
    obj.insert("id".into(), Value::String(format!("{case}~{}", variant.id)));
    let audit = json!({
        "case": original_id,
        "probe": variant.family.name(),
        "variant": variant.id,
        "params": variant.params,
        "inserted": variant.inserted,
        "group": variant.group,
        "probe_sha256": variant.family.sha256(),
    });
    let meta = match obj.remove("meta") {
        Some(Value::Object(mut meta)) => {
            meta.insert("audit".into(), audit);
            meta
        }
        Some(other) => Map::from_iter([("original".into(), other), ("audit".into(), audit)]),
        None => Map::from_iter([("audit".into(), audit)]),
    };
    obj.insert("meta".into(), Value::Object(meta));
    Value::Object(obj)
}

#[cfg(test)]
mod tests {
    use super::super::text::tests::case;
    use super::super::{variants, Family};
    use super::*;

    /// Written back and read again, a variant is the same case (with its new id and meta).
    #[test]
    fn a_record_reads_back_as_the_variant() {
        let c = case(json!({"id": 7, "patient": {"age": 50, "sex": "F"},
            "history": "She has chest pain.", "sections": {"Triage": "Urgent"},
            "index_date": "2024-01-02", "timeline": [{"day": -1, "kind": "lab", "text": "trop", "value": 3}],
            "question": "What is the most likely diagnosis?",
            "options": {"A": "MI", "B": "PE"}, "answer": "A", "meta": {"source": "x"}}));
        for family in Family::ALL {
            let Ok(list) = variants(family, &c, 1) else {
                continue;
            };
            for v in list {
                let record = variant_record(&c.id, &v);
                let back = case(record.clone());
                assert_eq!(back.id, json!(format!("7~{}", v.id)));
                let mut expected = v.case.clone();
                expected.id = back.id.clone();
                expected.meta = back.meta.clone();
                assert_eq!(back, expected, "{}", v.id);
                let audit = &record["meta"]["audit"];
                assert_eq!(
                    (audit["case"].clone(), audit["probe"].clone()),
                    (json!(7), json!(family.name()))
                );
                assert_eq!(audit["probe_sha256"], json!(family.sha256()));
                assert_eq!(record["meta"]["source"], json!("x"));
            }
        }
    }
}
