//! De-identification: remove the HIPAA Safe Harbor identifiers from every text field of a case
//! before it reaches a model, a log or an output file.
//!
//! [`Deidentifier`] is the one entry point: `Deidentifier::new(salt, mode)` then
//! [`Deidentifier::apply`] on a parsed [`Case`] (batch, chat, tui),
//! [`Deidentifier::apply_record`] on a JSON case record (`ddx deid`, `ddx import --deid`) or
//! [`Deidentifier::apply_text`] on typed text. All return a [`DeidReport`] (method, version,
//! passes, counts by identifier type) that goes into the record's `deid` block. Dates are
//! shifted by a per-patient offset derived from a secret salt (consistent within a patient,
//! unlinkable without the salt) or cut to the year.
//!
//! Two passes: the rules ([`patterns`]: Safe Harbor patterns, the patient's own identifiers from
//! [`patient`], dates, and names from dictionaries and cues in [`names`]), then, when a
//! [`SpanLister`] is given (`--deid-model`), the model-assisted pass of [`assist`].
//!
//! This is a guard, not a guarantee: pattern matching misses what it was not written for.

pub mod assist;
mod date_finder;
pub mod dates;
mod kind;
mod known;
mod names;
mod patient;
pub mod patterns;
mod report;
mod salt;
pub mod score;
mod shapes;
mod surrogate;

use std::sync::Arc;

use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};

use crate::cases::{id_key, iso_day_number, Case};
pub use assist::{AssistError, Listed, SpanLister};
pub use dates::{DateMode, DateOrder};
pub use kind::{zip3, Kind};
pub use known::Known;
pub use patient::known_for_patient;
use patient::{patient_ids, PatientIds, HANDLED_KEYS, NAME_KEYS};
pub use patterns::{find, find_ordered, Span};
pub use report::{DeidReport, ModelPassReport, METHOD, VERSION};
pub use salt::{Salt, MIN_SALT_BYTES};
pub use surrogate::{surrogate, Replace};

/// Removes identifiers; cheap to share (the patterns and word lists are loaded once per
/// process, the model pass is shared behind an `Arc`).
#[derive(Debug, Clone)]
pub struct Deidentifier {
    salt: Salt,
    mode: DateMode,
    order: DateOrder,
    replace: Replace,
    lister: Option<Arc<dyn SpanLister>>,
}

/// Per-record state: the patient's known identifiers, date offset and what was removed.
struct Scrubber<'d> {
    known: Known,
    /// The patient's key: surrogates are drawn per patient.
    key: String,
    offset: i64,
    deid: &'d Deidentifier,
    report: DeidReport,
}

impl Scrubber<'_> {
    /// Both passes over one text field.
    fn text(&mut self, text: &str) -> String {
        let ruled = self.rules(text);
        match &self.deid.lister {
            Some(lister) => self.model_pass(lister.as_ref(), ruled),
            None => ruled,
        }
    }

    fn rules(&mut self, text: &str) -> String {
        let spans = find_ordered(text, &self.known, self.deid.order);
        if spans.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for span in spans {
            out.push_str(&text[at..span.start]);
            let original = &text[span.start..span.end];
            match span.kind {
                Kind::Date => match &span.date {
                    Some(found) => {
                        out.push_str(&dates::replace(found, self.deid.mode, self.offset));
                    }
                    None => out.push_str("[DATE]"),
                },
                Kind::Zip => out.push_str(&zip3(original)),
                kind => match self.deid.replace {
                    Replace::Tags => out.push_str(kind.placeholder()),
                    Replace::Surrogates => {
                        out.push_str(&surrogate(&self.deid.salt, &self.key, kind, original));
                    }
                },
            }
            self.report.add(span.kind, 1);
            at = span.end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Ask the model about what the rules left, piece by piece, and remove what it lists. A
    /// piece the model fails on keeps the rules' result and is counted as failed.
    fn model_pass(&mut self, lister: &dyn SpanLister, text: String) -> String {
        if !text.chars().any(char::is_alphanumeric) {
            return text;
        }
        let mut listed = Vec::new();
        let mut failed = 0;
        for piece in assist::chunks(&text, assist::CHUNK_CHARS) {
            match lister.list(piece) {
                Ok(spans) => listed.extend(spans),
                Err(_) => failed += 1,
            }
        }
        let (clean, kinds) = assist::remove_listed(&text, &listed);
        for kind in &kinds {
            self.report.add(*kind, 1);
        }
        if let Some(pass) = &mut self.report.model {
            pass.texts += 1;
            pass.listed += listed.len();
            pass.removed += kinds.len();
            pass.failed += failed;
            for kind in kinds {
                *pass.counts.entry(kind.as_str()).or_default() += 1;
            }
        }
        clean
    }

    fn string_in_place(&mut self, text: &mut String) {
        let clean = self.text(text);
        *text = clean;
    }

    /// Every string inside a JSON value (object keys named `system` are code-system URIs and
    /// stay; ISO date strings are shifted or cut like structured dates).
    fn value(&mut self, value: &mut Value) {
        match value {
            Value::String(s) => {
                if looks_like_iso_date(s) {
                    *s = dates::transform_field(s, self.deid.mode, self.offset);
                    self.report.add(Kind::Date, 1);
                } else {
                    self.string_in_place(s);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.value(v)),
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if key != "system" {
                        self.value(v);
                    }
                }
            }
            _ => {}
        }
    }

    fn date_field(&mut self, date: &mut String) {
        *date = dates::transform_field(date, self.deid.mode, self.offset);
        self.report.add(Kind::Date, 1);
    }
}

fn looks_like_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    (s.len() == 10 || (s.len() > 10 && b.get(10) == Some(&b'T')))
        && b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && iso_day_number(s).is_some()
}

impl Deidentifier {
    pub fn new(salt: Salt, mode: DateMode) -> Self {
        Self {
            salt,
            mode,
            order: DateOrder::default(),
            replace: Replace::default(),
            lister: None,
        }
    }

    /// Read all-numeric dates in `order` when both readings are possible.
    #[must_use]
    pub fn with_date_order(self, order: DateOrder) -> Self {
        Self { order, ..self }
    }

    /// Write `replace` where an identifier was: tags, or surrogates (`--deid-replace`).
    #[must_use]
    pub fn with_replace(self, replace: Replace) -> Self {
        Self { replace, ..self }
    }

    /// Run the model-assisted pass after the rules, with `lister` (`--deid-model`).
    #[must_use]
    pub fn with_lister(self, lister: Arc<dyn SpanLister>) -> Self {
        Self {
            lister: Some(lister),
            ..self
        }
    }

    pub fn mode(&self) -> DateMode {
        self.mode
    }

    /// Whether the model-assisted pass runs after the rules.
    pub fn has_model_pass(&self) -> bool {
        self.lister.is_some()
    }

    fn digest(&self, purpose: &str, key: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.salt.bytes());
        h.update([0]);
        h.update(purpose.as_bytes());
        h.update([0]);
        h.update(key.as_bytes());
        h.finalize().into()
    }

    /// Days every date of this patient moves: 1 to 365, earlier or later, never 0.
    pub fn offset_days(&self, patient_key: &str) -> i64 {
        let d = self.digest("date-shift", patient_key);
        let n = i64::from(u16::from_le_bytes([d[0], d[1]]) % 365) + 1;
        if d[2] & 1 == 0 {
            -n
        } else {
            n
        }
    }

    /// A stable pseudonym for an identifier ("p-3f9a1c2b7d4e"), unlinkable without the salt.
    pub fn pseudonym(&self, id: &str) -> String {
        let d = self.digest("pseudonym", id);
        format!("p-{}", hex::encode(&d[..6]))
    }

    fn new_report(&self) -> DeidReport {
        DeidReport::new(
            self.mode,
            self.order,
            self.replace,
            self.lister.as_deref().map(SpanLister::name),
        )
    }

    /// Build the scrubber for a patient object and replace the object by what may stay.
    fn patient(
        &self,
        patient: Option<&mut Map<String, Value>>,
        fallback_key: &str,
    ) -> Scrubber<'_> {
        let empty = Map::new();
        let fields = patient.as_deref().unwrap_or(&empty);
        let key = fields
            .get("id")
            .map(id_key)
            .unwrap_or_else(|| fallback_key.to_string());
        let PatientIds {
            known,
            names,
            ids,
            phones,
            emails,
            address_parts,
            zips,
        } = patient_ids(fields);
        let mut scrubber = Scrubber {
            known,
            offset: self.offset_days(&key),
            key,
            deid: self,
            report: self.new_report(),
        };
        if let Some(p) = patient {
            let report = &mut scrubber.report;
            report.add(Kind::Name, names.len().min(1));
            report.add(Kind::Phone, phones.len());
            report.add(Kind::Email, emails.len());
            for (kind, _) in &ids {
                report.add(*kind, 1);
            }
            let mut kept = Map::new();
            if let Some(id) = p.get("id") {
                kept.insert("id".into(), Value::String(self.pseudonym(&id_key(id))));
            }
            for k in ["sex", "gender"] {
                if let Some(v) = p.get(k) {
                    kept.insert(k.into(), v.clone());
                }
            }
            let over_89 = keep_age(p, &mut kept, &mut scrubber);
            for key in ["birth_date", "deceased"] {
                match p.get(key) {
                    Some(Value::String(d)) if !(over_89 && key == "birth_date") => {
                        let mut d = d.clone();
                        scrubber.date_field(&mut d);
                        kept.insert(key.into(), Value::String(d));
                    }
                    Some(Value::String(_)) => scrubber.report.add(Kind::Date, 1),
                    Some(other @ Value::Bool(_)) => {
                        kept.insert(key.into(), other.clone());
                    }
                    _ => {}
                }
            }
            keep_place(p, &mut kept, &mut scrubber, address_parts.len(), &zips);
            // Anything else in the patient object is free text: scrub it.
            for (k, v) in p.iter() {
                if !NAME_KEYS.contains(&k.as_str()) && !HANDLED_KEYS.contains(&k.as_str()) {
                    let mut v = v.clone();
                    scrubber.value(&mut v);
                    kept.insert(k.clone(), v);
                }
            }
            *p = kept;
        }
        scrubber
    }

    /// De-identify a parsed case in place: every text field, the timeline's dates, the patient
    /// object and `meta` (echoed into results). The case id is left as given (it is the user's
    /// key, never shown to the model); the gold `answer` is left as given.
    pub fn apply(&self, case: &mut Case) -> DeidReport {
        let fallback = id_key(&case.id);
        let mut s = self.patient(case.patient.as_mut(), &fallback);
        for section in &mut case.sections {
            s.string_in_place(&mut section.text);
        }
        for entry in &mut case.timeline {
            if let Some(date) = &mut entry.date {
                s.date_field(date);
                entry.when = match entry.day {
                    Some(d) if date.is_empty() => format!("day {d}"),
                    _ => date.clone(),
                };
            }
            s.string_in_place(&mut entry.text);
            for (key, v) in entry.fields.iter_mut() {
                if key != "system" {
                    s.value(v);
                }
            }
        }
        if let Some(d) = &mut case.index_date {
            s.date_field(d);
        }
        for text in [&mut case.question, &mut case.prompt, &mut case.system]
            .into_iter()
            .flatten()
        {
            s.string_in_place(text);
        }
        for option in &mut case.options {
            s.string_in_place(&mut option.text);
        }
        for message in case.messages.iter_mut().flatten() {
            s.string_in_place(&mut message.content);
        }
        // `meta` never reaches the model but is echoed into result files: scrub it too.
        if let Some(meta) = &mut case.meta {
            s.value(meta);
        }
        s.report
    }

    /// De-identify one piece of free text (a chat message, a TUI input), with the identifiers
    /// of `patient` (a case's `patient` object) when there is one. Dates shift by the offset of
    /// `patient.id`, else of `session_key`, so one conversation stays consistent. The report
    /// counts only what was found in the text.
    pub fn apply_text(
        &self,
        text: &str,
        patient: Option<&Map<String, Value>>,
        session_key: &str,
    ) -> (String, DeidReport) {
        let mut copy = patient.cloned();
        let mut s = self.patient(copy.as_mut(), session_key);
        s.report = self.new_report();
        let clean = s.text(text);
        (clean, s.report)
    }

    /// De-identify a JSON case record in place (`ddx deid`, `ddx import --deid`): the patient
    /// object, `index_date`, timeline dates, and every other string except `id`.
    pub fn apply_record(&self, record: &mut Map<String, Value>) -> DeidReport {
        let fallback = record.get("id").map(id_key).unwrap_or_default();
        let mut patient = match record.remove("patient") {
            Some(Value::Object(p)) => Some(p),
            Some(other) => {
                // Not an object: treat it as free text below.
                record.insert("patient".into(), other);
                None
            }
            None => None,
        };
        let mut s = self.patient(patient.as_mut(), &fallback);
        for (key, value) in record.iter_mut() {
            match key.as_str() {
                "id" | "deid" => {}
                "index_date" => {
                    if let Value::String(d) = value {
                        s.date_field(d);
                    }
                }
                _ => s.value(value),
            }
        }
        let report = s.report;
        if let Some(p) = patient {
            record.insert("patient".into(), Value::Object(p));
        }
        report
    }
}

/// Keep the patient's age, written `90+` over 89; returns whether it was over 89.
fn keep_age(p: &Map<String, Value>, kept: &mut Map<String, Value>, s: &mut Scrubber<'_>) -> bool {
    let age = p.get("age").and_then(|a| match a {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    });
    let over_89 = age.is_some_and(|a| a > 89.0);
    if let Some(a) = p.get("age") {
        if over_89 {
            kept.insert("age".into(), Value::String("90+".into()));
            s.report.add(Kind::Age, 1);
        } else {
            kept.insert("age".into(), a.clone());
        }
    }
    over_89
}

/// Keep what Safe Harbor allows of the address: state, country and the ZIP's first three digits.
fn keep_place(
    p: &Map<String, Value>,
    kept: &mut Map<String, Value>,
    s: &mut Scrubber<'_>,
    parts: usize,
    zips: &[String],
) {
    let address = match p.get("address") {
        Some(Value::Array(list)) => list.iter().find_map(Value::as_object),
        Some(Value::Object(a)) => Some(a),
        Some(_) => {
            s.report.add(Kind::Address, 1);
            return;
        }
        None => return,
    };
    s.report.add(Kind::Address, parts);
    s.report.add(Kind::Zip, zips.len());
    let mut place = Map::new();
    if let Some(a) = address {
        for k in ["state", "country"] {
            if let Some(v) = a.get(k) {
                place.insert(k.into(), v.clone());
            }
        }
    }
    if let Some(zip) = zips.first() {
        place.insert("zip3".into(), Value::String(zip3(zip)));
    }
    kept.insert("address".into(), Value::Object(place));
}

#[cfg(test)]
mod tests;
