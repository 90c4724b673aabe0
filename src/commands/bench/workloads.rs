//! Synthetic, deterministic workloads for `ddx bench batch` (and for the comparison script,
//! which feeds the same cases to llama.cpp's server through `ddx bench workload`).
//!
//! - `long-case`: about 300 prompt tokens per case, about 80 of them a shared system prompt,
//!   up to 128 new tokens: free-text case reasoning.
//! - `annotate`: about 1,100 shared tokens of instructions and few-shot examples, about 30
//!   tokens per item, up to 4 new tokens: bulk labelling, where the shared part dominates.

use crate::engine::ChatMessage;

/// A named workload: the cases and the answer length it is measured with.
#[derive(Debug, Clone)]
pub struct Workload {
    pub name: String,
    pub cases: Vec<Vec<ChatMessage>>,
    pub max_tokens: u32,
}

pub const NAMES: &[&str] = &["long-case", "annotate"];

const SYSTEM_LONG: &str = "You are a careful clinical reasoning assistant supporting physician researchers. \
You are given a de-identified case. Reason only from the findings in the case. Give the most likely \
diagnosis, a ranked differential with the findings for and against each, red flags, and next steps. \
Be concise and precise.";

const FINDINGS: &[&str] = &[
    "reports intermittent chest tightness on exertion that resolves with rest within minutes",
    "has had a productive cough with green sputum and low-grade fevers for nine days",
    "describes progressive shortness of breath, orthopnoea and ankle swelling over three weeks",
    "presents with sudden severe headache, neck stiffness and one episode of vomiting",
    "notes polyuria, polydipsia and an unintentional weight loss of six kilograms",
    "has epigastric pain radiating to the back, worse after fatty meals, with nausea",
    "reports painless jaundice, pale stools, dark urine and generalised itching",
    "describes fatigue, cold intolerance, constipation and dry skin for several months",
    "has a swollen, warm, tender right calf after a long-haul flight last week",
    "reports right lower quadrant pain that began around the umbilicus, with anorexia",
    "presents with confusion, fever and dysuria; her daughter says she is not herself",
    "has palpitations, heat intolerance, tremor and loose stools for two months",
];

const HISTORY: &[&str] = &[
    "Past history includes hypertension treated with amlodipine and type 2 diabetes on metformin.",
    "Past history includes asthma since childhood and seasonal allergic rhinitis.",
    "Past history includes chronic kidney disease stage 3 and gout on allopurinol.",
    "Past history includes atrial fibrillation on apixaban and a prior transient ischaemic attack.",
    "Past history includes rheumatoid arthritis on methotrexate and low-dose prednisolone.",
    "There is no significant past medical history and no regular medication.",
];

const EXAM: &[&str] = &[
    "On examination: temperature 38.4 C, pulse 112, blood pressure 102/64, respiratory rate 24, saturation 91% on air.",
    "On examination: temperature 36.9 C, pulse 84, blood pressure 148/92, respiratory rate 16, saturation 98% on air.",
    "On examination: temperature 37.8 C, pulse 96, blood pressure 128/78, respiratory rate 20, saturation 95% on air.",
];

const LABS: &[&str] = &[
    "Labs: haemoglobin 10.9 g/dL, white cells 14.2, platelets 388, sodium 131, potassium 4.9, creatinine 1.6 mg/dL, CRP 86 mg/L.",
    "Labs: haemoglobin 13.8 g/dL, white cells 7.1, platelets 254, sodium 139, potassium 4.1, creatinine 0.9 mg/dL, CRP 4 mg/L.",
    "Labs: haemoglobin 12.1 g/dL, white cells 11.0, platelets 190, sodium 135, potassium 3.4, creatinine 1.1 mg/dL, troponin pending.",
];

fn long_case(i: usize) -> Vec<ChatMessage> {
    let age = 25 + (i * 7) % 60;
    let sex = if i.is_multiple_of(2) { "woman" } else { "man" };
    let user = format!(
        "Case {i}. A {age}-year-old {sex} {}. Two days ago the patient also {}. {} {} {} \
         Medications are taken as prescribed and there are no known drug allergies. The patient \
         lives with family, works full time, drinks alcohol occasionally and has never smoked. \
         What is the most likely diagnosis and what are the differentials?",
        FINDINGS[i % FINDINGS.len()],
        FINDINGS[(i * 5 + 3) % FINDINGS.len()],
        HISTORY[i % HISTORY.len()],
        EXAM[i % EXAM.len()],
        LABS[(i / 3) % LABS.len()],
    );
    vec![
        ChatMessage::new("system", SYSTEM_LONG),
        ChatMessage::new("user", user),
    ]
}

const LABELS: &[&str] = &[
    "cardiac",
    "respiratory",
    "gastrointestinal",
    "endocrine",
    "infectious",
    "neurological",
];

fn annotate_system() -> String {
    let mut text = String::from(
        "You label short clinical notes for a research registry. Read the note and answer with exactly one \
         label from this list: cardiac, respiratory, gastrointestinal, endocrine, infectious, neurological. \
         Rules: choose the organ system of the main presenting problem, not of the past history. If an \
         infection drives the presentation, choose infectious even when it affects one organ. Do not explain. \
         Do not add punctuation. Answer in lower case.\n\nExamples:\n",
    );
    // 15 worked examples: about 1,100 shared tokens with the instructions (SmolLM2 tokenizer).
    for k in 0..15 {
        let label = LABELS[k % LABELS.len()];
        text.push_str(&format!(
            "Note: A patient aged {} {}. {}\nLabel: {label}\n\n",
            30 + k * 2,
            FINDINGS[k % FINDINGS.len()],
            EXAM[k % EXAM.len()]
        ));
    }
    text
}

fn annotate_item(i: usize, system: &str) -> Vec<ChatMessage> {
    let user = format!(
        "Note: A patient aged {} {} (record {i}).\nLabel:",
        20 + (i * 3) % 70,
        FINDINGS[(i * 7 + 1) % FINDINGS.len()]
    );
    vec![
        ChatMessage::new("system", system),
        ChatMessage::new("user", user),
    ]
}

/// Build a workload by name with `n` cases.
pub fn build(name: &str, n: usize) -> Option<Workload> {
    match name {
        "long-case" => Some(Workload {
            name: name.into(),
            cases: (0..n).map(long_case).collect(),
            max_tokens: 128,
        }),
        "annotate" => {
            let system = annotate_system();
            Some(Workload {
                name: name.into(),
                cases: (0..n).map(|i| annotate_item(i, &system)).collect(),
                max_tokens: 4,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workloads_are_deterministic_and_share_their_system_prompt() {
        for name in NAMES {
            let a = build(name, 5).unwrap();
            let b = build(name, 5).unwrap();
            assert_eq!(a.cases, b.cases);
            assert!(
                a.cases.iter().all(|c| c[0] == a.cases[0][0]),
                "{name}: one shared system prompt"
            );
            assert_ne!(a.cases[0][1], a.cases[1][1], "{name}: cases differ");
        }
        assert!(build("nope", 1).is_none());
    }
}
