//! Which built-in template a model without one of its own gets: from its architecture, then from
//! the turn markers its vocabulary has as special tokens, with ChatML only as the last resort.

/// What is known about a model that decides its template.
#[derive(Debug, Clone, Default)]
pub struct ModelFacts {
    /// `general.architecture`, e.g. `gemma3`.
    pub architecture: String,
    /// `tokenizer.ggml.pre`, e.g. `llama-bpe`.
    pub tokenizer_pre: String,
    /// Which of [`MARKERS`] the vocabulary has as single special tokens.
    pub special_markers: Vec<String>,
}

/// The turn markers whose presence in a vocabulary names a template.
pub const MARKERS: &[&str] = &[
    "<start_of_turn>",
    "<|start_header_id|>",
    "<|eot_id|>",
    "<|im_start|>",
    "<|im_sep|>",
    "<|user|>",
    "<|end|>",
    "[SYSTEM_PROMPT]",
    "[INST]",
    "<｜User｜>",
    "<｜Assistant｜>",
];

/// The chosen built-in template and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub name: &'static str,
    pub reason: String,
    /// Nothing pointed to a format: ChatML is a guess the model may never have seen.
    pub last_resort: bool,
}

fn chosen(name: &'static str, reason: String) -> Choice {
    Choice {
        name,
        reason,
        last_resort: false,
    }
}

/// The template for a model without one.
pub fn choose(facts: &ModelFacts) -> Choice {
    let arch = facts.architecture.as_str();
    let has = |marker: &str| facts.special_markers.iter().any(|m| m == marker);
    if arch.starts_with("gemma") {
        return chosen("gemma", format!("its architecture is {arch}"));
    }
    if arch == "phi3" && has("<|im_sep|>") {
        return chosen(
            "phi4",
            "its architecture is phi3 with <|im_sep|> (Phi-4)".into(),
        );
    }
    if arch == "phi3" {
        return chosen("phi3", "its architecture is phi3".into());
    }
    if facts.tokenizer_pre == "llama-bpe" || (has("<|start_header_id|>") && has("<|eot_id|>")) {
        return chosen(
            "llama3",
            "its vocabulary is Llama 3's (<|start_header_id|>, <|eot_id|>)".into(),
        );
    }
    if has("<｜User｜>") && has("<｜Assistant｜>") {
        return chosen(
            "deepseek3",
            "its vocabulary has <｜User｜> and <｜Assistant｜>".into(),
        );
    }
    if has("<start_of_turn>") {
        return chosen("gemma", "its vocabulary has <start_of_turn>".into());
    }
    if has("[SYSTEM_PROMPT]") && has("[INST]") {
        return chosen(
            "mistral-v7",
            "its vocabulary has [SYSTEM_PROMPT] and [INST]".into(),
        );
    }
    if arch.starts_with("qwen2") && has("<|im_start|>") {
        return chosen(
            "qwen",
            format!("its architecture is {arch} with <|im_start|>"),
        );
    }
    if has("<|im_start|>") {
        return chosen("chatml", "its vocabulary has <|im_start|>".into());
    }
    if has("<|user|>") && has("<|end|>") {
        return chosen("phi3", "its vocabulary has <|user|> and <|end|>".into());
    }
    Choice {
        name: "chatml",
        reason: format!(
            "nothing in the model (architecture '{arch}', no known turn markers) names a format; \
             ChatML is a guess: pass --chat-template NAME|FILE"
        ),
        last_resort: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(arch: &str, pre: &str, markers: &[&str]) -> ModelFacts {
        ModelFacts {
            architecture: arch.into(),
            tokenizer_pre: pre.into(),
            special_markers: markers.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn architectures_and_vocabularies_name_their_format() {
        for arch in ["gemma", "gemma2", "gemma3"] {
            assert_eq!(choose(&facts(arch, "", &[])).name, "gemma", "{arch}");
        }
        assert_eq!(choose(&facts("llama", "llama-bpe", &[])).name, "llama3");
        assert_eq!(
            choose(&facts("llama", "", &["<|start_header_id|>", "<|eot_id|>"])).name,
            "llama3"
        );
        assert_eq!(choose(&facts("phi3", "", &[])).name, "phi3");
        assert_eq!(choose(&facts("phi3", "", &["<|im_sep|>"])).name, "phi4");
        assert_eq!(
            choose(&facts("llama", "", &["[SYSTEM_PROMPT]", "[INST]"])).name,
            "mistral-v7"
        );
        assert_eq!(choose(&facts("qwen2", "", &["<|im_start|>"])).name, "qwen");
        assert_eq!(
            choose(&facts("llama", "", &["<|im_start|>"])).name,
            "chatml"
        );
        assert_eq!(
            choose(&facts("qwen2", "", &["<｜User｜>", "<｜Assistant｜>"])).name,
            "deepseek3"
        );
        let gemma = choose(&facts("gemma3", "", &[]));
        assert!(!gemma.last_resort);
        assert!(gemma.reason.contains("gemma3"), "{}", gemma.reason);
    }

    #[test]
    fn chatml_is_the_last_resort_and_says_so() {
        let choice = choose(&facts("rwkv7", "", &[]));
        assert_eq!(choice.name, "chatml");
        assert!(choice.last_resort);
        assert!(choice.reason.contains("--chat-template"));
        assert!(!choose(&facts("llama", "", &["<|im_start|>"])).last_resort);
    }
}
