//! The panel of `--panel`, after MAI-DxO: before each action the model under test plays five
//! roles in turn, each a short free-text turn that sees the encounter so far (only what the
//! gatekeeper revealed) and the notes of the roles before it; the action turn then reads all five.

use serde_json::Value;

use super::encounter::Turn;

/// One role of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Role {
    pub name: &'static str,
    pub task: &'static str,
}

/// The roles, in the order they speak.
pub const ROLES: [Role; 5] = [
    Role {
        name: "hypothesis keeper",
        task: "Keep a ranked differential: list up to 3 diagnoses, each with a probability (they \
sum to at most 100%).",
    },
    Role {
        name: "test chooser",
        task: "Name up to 3 questions, examinations or tests that best tell the leading \
diagnoses apart.",
    },
    Role {
        name: "challenger",
        task: "Argue against the leading diagnosis: what does not fit, and which test or \
question would show it wrong.",
    },
    Role {
        name: "cost steward",
        task: "Name cheaper equivalents of the tests proposed and veto any that would not change \
the plan.",
    },
    Role {
        name: "checklist",
        task: "Check that the planned next action is one valid action (ask, examine, order or \
diagnose), consistent with the notes, and not a repeat.",
    },
];

/// Tokens a role may write.
pub const ROLE_TOKENS: u32 = 96;

const ACTION_TAIL: &str = "\nYour next action (JSON):\n";

/// The notes so far, as the next role and the action turn read them.
fn notes_text(notes: &[Value]) -> String {
    notes
        .iter()
        .map(|n| {
            format!(
                "- {}: {}\n",
                n["role"].as_str().unwrap_or_default(),
                n["notes"].as_str().unwrap_or_default().trim()
            )
        })
        .collect()
}

/// The system and user messages of `role` on `turn`, after the `notes` of the roles before it.
pub fn messages(turn: &Turn, role: &Role, notes: &[Value]) -> [String; 2] {
    let case = turn.user.strip_suffix(ACTION_TAIL).unwrap_or(&turn.user);
    let mut user = case.to_string();
    if !notes.is_empty() {
        user.push_str(&format!("\nPanel notes so far:\n{}", notes_text(notes)));
    }
    user.push_str(&format!("\nYour notes as the {}:\n", role.name));
    [
        format!(
            "You are the {} on a panel of physicians working up a patient step by step. You know \
only what you are told. {} Write at most three short lines, no JSON.",
            role.name, role.task
        ),
        user,
    ]
}

/// The action turn with the panel's notes before its request for an action.
pub fn with_notes(turn: &Turn, notes: &[Value]) -> Turn {
    if notes.is_empty() {
        return turn.clone();
    }
    let mut turn = turn.clone();
    let (case, tail) = match turn.user.strip_suffix(ACTION_TAIL) {
        Some(case) => (case.to_string(), ACTION_TAIL),
        None => (turn.user.clone(), ""),
    };
    turn.user = format!("{case}\nYour panel's notes:\n{}{tail}", notes_text(notes));
    turn
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn turn() -> Turn {
        Turn {
            system: "s".into(),
            user: format!("Patient: cough{ACTION_TAIL}"),
            forced: false,
            retry: false,
        }
    }

    #[test]
    fn each_role_reads_the_case_and_the_roles_before_it() {
        let notes = vec![json!({"role": "hypothesis keeper", "notes": "pneumonia 60%"})];
        let [system, user] = messages(&turn(), &ROLES[1], &notes);
        assert!(system.contains("test chooser"));
        assert!(user.starts_with("Patient: cough"));
        assert!(user.contains("- hypothesis keeper: pneumonia 60%"));
        assert!(!user.contains("JSON"));
        let action = with_notes(&turn(), &notes);
        assert!(action
            .user
            .contains("Your panel's notes:\n- hypothesis keeper: pneumonia 60%"));
        assert!(action.user.ends_with(ACTION_TAIL));
        assert_eq!(with_notes(&turn(), &[]).user, turn().user);
    }
}
