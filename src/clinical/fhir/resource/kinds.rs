//! One function per FHIR resource type the importer uses: the type's fields into the timeline
//! entry's date, kind and text, and the coded fields kept beside the text.

use serde_json::{json, Map, Value};

use super::{
    attachments, coding, concept_text, date_of, err, first_concept, observation_value,
    reference_range, status_text, str_at, Item, ResourceError,
};

/// The entry's date, kind and text.
pub(super) type Parts = Result<(Option<String>, &'static str, String), ResourceError>;

/// An Encounter: its type and class, the reason and its coding; an encounter sorts first.
pub(super) fn encounter(
    resource: &Value,
    item: &mut Item,
    entry: &mut Map<String, Value>,
) -> Parts {
    item.encounter = resource
        .get("id")
        .and_then(Value::as_str)
        .map(ToString::to_string);
    item.rank = 0;
    let date = date_of(resource, &["period"])?;
    if let Some(end) = str_at(resource, &["period", "end"]) {
        entry.insert("end".into(), json!(end));
    }
    let class = str_at(resource, &["class", "code"]);
    let what =
        concept_text(first_concept(resource.get("type"))).unwrap_or_else(|| "Encounter".into());
    let mut text = match class {
        Some(c) => format!("{what} ({c})"),
        None => what,
    };
    if let Some(reason) = concept_text(first_concept(resource.get("reasonCode"))) {
        text.push_str(&format!("; reason: {reason}"));
    }
    // Its coding too, so that `ddx sdx` can tell a reason that is the diagnosis by code.
    if let Some(c) = coding(first_concept(resource.get("reasonCode"))) {
        entry.insert("reason".into(), c);
    }
    if let Some(c) = class {
        entry.insert("class".into(), json!(c));
    }
    if let Some(c) = coding(first_concept(resource.get("type"))) {
        entry.insert("code".into(), c);
    }
    Ok((date, "encounter", text))
}

/// A Condition: the problem, its clinical status and abatement.
pub(super) fn condition(resource: &Value, entry: &mut Map<String, Value>) -> Parts {
    let date = date_of(resource, &["onsetDateTime", "onsetPeriod", "recordedDate"])?;
    let clinical = status_text(resource.get("clinicalStatus"));
    let verification = status_text(resource.get("verificationStatus"));
    let abatement = date_of(resource, &["abatementDateTime", "abatementPeriod"])?;
    let what = concept_text(resource.get("code")).ok_or_else(|| err("Condition has no 'code'"))?;
    let mut detail = Vec::new();
    if let Some(c) = &clinical {
        detail.push(c.clone());
    }
    if let Some(a) = &abatement {
        detail.push(format!("abated {}", a.get(..10).unwrap_or(a)));
    }
    let text = if detail.is_empty() {
        what
    } else {
        format!("{what} ({})", detail.join(", "))
    };
    if let Some(c) = clinical {
        entry.insert("clinical_status".into(), json!(c));
    }
    if let Some(v) = verification {
        entry.insert("verification_status".into(), json!(v));
    }
    if let Some(a) = abatement {
        entry.insert("abatement".into(), json!(a));
    }
    if let Some(c) = coding(resource.get("code")) {
        entry.insert("code".into(), c);
    }
    Ok((date, "condition", text))
}

/// An Observation (vital, lab or other): value or components, reference range, interpretation.
pub(super) fn observation(resource: &Value, entry: &mut Map<String, Value>) -> Parts {
    let date = date_of(
        resource,
        &[
            "effectiveDateTime",
            "effectivePeriod",
            "effectiveInstant",
            "issued",
        ],
    )?;
    let category = resource
        .get("category")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("coding").and_then(Value::as_array))
        .flatten()
        .find_map(|c| c.get("code").and_then(Value::as_str))
        .unwrap_or("");
    let kind_name = match category {
        "vital-signs" => "vital",
        "laboratory" => "lab",
        _ => "observation",
    };
    let what =
        concept_text(resource.get("code")).ok_or_else(|| err("Observation has no 'code'"))?;
    let mut text = what.clone();
    if let Some((value, unit, shown)) = observation_value(resource)? {
        text = format!("{what}: {shown}");
        entry.insert("value".into(), value);
        if let Some(u) = unit {
            entry.insert("unit".into(), json!(u));
        }
    }
    if let Some(components) = resource.get("component").and_then(Value::as_array) {
        let mut parts = Vec::new();
        let mut values = Vec::new();
        for component in components {
            let name = concept_text(component.get("code")).unwrap_or_default();
            if let Some((value, unit, shown)) = observation_value(component)? {
                parts.push(format!("{name} {shown}"));
                values.push(
                    json!({"code": coding(component.get("code")), "value": value, "unit": unit}),
                );
            }
        }
        if !parts.is_empty() {
            text = format!("{what}: {}", parts.join(", "));
            entry.insert("components".into(), Value::Array(values));
        }
    }
    if let Some(range) = reference_range(resource) {
        text.push_str(&format!(" (ref {range})"));
        entry.insert("reference_range".into(), json!(range));
    }
    if let Some(interp) = status_text(first_concept(resource.get("interpretation"))) {
        text.push_str(&format!(" [{interp}]"));
        entry.insert("interpretation".into(), json!(interp));
    }
    if !category.is_empty() {
        entry.insert("category".into(), json!(category));
    }
    if let Some(c) = coding(resource.get("code")) {
        entry.insert("code".into(), c);
    }
    Ok((date, kind_name, text))
}

/// A MedicationRequest or MedicationStatement: the drug, its dosage and status.
pub(super) fn medication(
    resource: &Value,
    kind: &str,
    status: Option<&str>,
    entry: &mut Map<String, Value>,
) -> Parts {
    let date = if kind == "MedicationRequest" {
        date_of(resource, &["authoredOn"])?
    } else {
        date_of(
            resource,
            &["effectiveDateTime", "effectivePeriod", "dateAsserted"],
        )?
    };
    let what = concept_text(resource.get("medicationCodeableConcept"))
        .or_else(|| str_at(resource, &["medicationReference", "display"]).map(ToString::to_string))
        .ok_or_else(|| err(format!("{kind} has no 'medicationCodeableConcept'")))?;
    let mut text = what;
    let dosage = resource
        .get("dosageInstruction")
        .or_else(|| resource.get("dosage"))
        .and_then(|v| first_concept(Some(v)))
        .and_then(|d| d.get("text"))
        .and_then(Value::as_str);
    if let Some(d) = dosage {
        text.push_str(&format!(", {d}"));
        entry.insert("dosage".into(), json!(d));
    }
    if let Some(s) = status {
        text.push_str(&format!(" ({s})"));
    }
    if let Some(intent) = resource.get("intent").and_then(Value::as_str) {
        entry.insert("intent".into(), json!(intent));
    }
    if let Some(c) = coding(resource.get("medicationCodeableConcept")) {
        entry.insert("code".into(), c);
    }
    Ok((date, "medication", text))
}

/// A Procedure.
pub(super) fn procedure(resource: &Value, entry: &mut Map<String, Value>) -> Parts {
    let date = date_of(resource, &["performedDateTime", "performedPeriod"])?;
    let text = concept_text(resource.get("code")).ok_or_else(|| err("Procedure has no 'code'"))?;
    if let Some(c) = coding(resource.get("code")) {
        entry.insert("code".into(), c);
    }
    Ok((date, "procedure", text))
}

/// An Immunization.
pub(super) fn immunization(resource: &Value, entry: &mut Map<String, Value>) -> Parts {
    let date = date_of(resource, &["occurrenceDateTime", "recorded"])?;
    let text = concept_text(resource.get("vaccineCode"))
        .ok_or_else(|| err("Immunization has no 'vaccineCode'"))?;
    if let Some(c) = coding(resource.get("vaccineCode")) {
        entry.insert("code".into(), c);
    }
    Ok((date, "immunization", text))
}

/// An AllergyIntolerance: the substance, reactions and criticality.
pub(super) fn allergy(resource: &Value, entry: &mut Map<String, Value>) -> Parts {
    let date = date_of(resource, &["onsetDateTime", "recordedDate"])?;
    let what = concept_text(resource.get("code"))
        .ok_or_else(|| err("AllergyIntolerance has no 'code'"))?;
    let mut text = format!("Allergy: {what}");
    let reactions: Vec<String> = resource
        .get("reaction")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|r| r.get("manifestation").and_then(|v| first_concept(Some(v))))
        .filter_map(|m| concept_text(Some(m)))
        .collect();
    if !reactions.is_empty() {
        text.push_str(&format!(" ({})", reactions.join(", ")));
        entry.insert("reactions".into(), json!(reactions));
    }
    if let Some(c) = resource.get("criticality").and_then(Value::as_str) {
        text.push_str(&format!(", criticality {c}"));
        entry.insert("criticality".into(), json!(c));
    }
    if let Some(c) = status_text(resource.get("clinicalStatus")) {
        entry.insert("clinical_status".into(), json!(c));
    }
    if let Some(c) = coding(resource.get("code")) {
        entry.insert("code".into(), c);
    }
    Ok((date, "allergy", text))
}

/// A DiagnosticReport: its conclusion and text attachments.
pub(super) fn diagnostic_report(
    resource: &Value,
    item: &mut Item,
    entry: &mut Map<String, Value>,
) -> Parts {
    let date = date_of(
        resource,
        &["effectiveDateTime", "effectivePeriod", "issued"],
    )?;
    let what =
        concept_text(resource.get("code")).ok_or_else(|| err("DiagnosticReport has no 'code'"))?;
    let mut text = what;
    if let Some(conclusion) = resource.get("conclusion").and_then(Value::as_str) {
        text.push_str(&format!(": {conclusion}"));
    }
    let (notes, binary) = attachments(
        resource
            .get("presentedForm")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    );
    item.binary_attachments = binary;
    item.text_attachments = notes.len();
    if !notes.is_empty() {
        text.push_str(&format!("\n{}", notes.join("\n\n")));
    }
    if let Some(c) = coding(resource.get("code")) {
        entry.insert("code".into(), c);
    }
    Ok((date, "report", text))
}

/// A DocumentReference: a clinical note, its text attachments decoded.
pub(super) fn document_reference(
    resource: &Value,
    item: &mut Item,
    entry: &mut Map<String, Value>,
) -> Parts {
    // DocumentReference: a clinical note.
    let date = match date_of(resource, &["date"])? {
        Some(d) => Some(d),
        None => resource
            .get("context")
            .map(|c| date_of(c, &["period"]))
            .transpose()?
            .flatten(),
    };
    let what = concept_text(resource.get("type")).unwrap_or_else(|| "Clinical note".into());
    let contents = resource
        .get("content")
        .and_then(Value::as_array)
        .ok_or_else(|| err("DocumentReference has no 'content'"))?;
    let (notes, binary) = attachments(contents.iter().filter_map(|c| c.get("attachment")));
    item.binary_attachments = binary;
    item.text_attachments = notes.len();
    let text = if notes.is_empty() {
        format!("{what} (no text attachment)")
    } else {
        format!("{what}\n{}", notes.join("\n\n"))
    };
    if let Some(c) = coding(resource.get("type")) {
        entry.insert("code".into(), c);
    }
    Ok((date, "note", text))
}
