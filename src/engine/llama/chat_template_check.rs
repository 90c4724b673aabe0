//! Cross-check: for the templates llama.cpp also knows, the Jinja renderer and llama.cpp's
//! `llama_chat_apply_template` give byte-identical prompts. Loads only the vocabularies of the
//! test models (SmolLM2 and Gemma 3 270M; a missing model fails the test, as tests/gemma.rs does).

use std::path::{Path, PathBuf};

use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::{LlamaChatMessage, LlamaChatTemplate, LlamaModel};

use super::chat_template::{for_builtin, model_template_source, special_tokens};
use super::shared_backend;
use crate::engine::chat::{builtin, builtin_names, ChatTemplate};
use crate::engine::ChatMessage;

fn model_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join(name)
}

fn vocab_only(path: &Path) -> LlamaModel {
    llama_cpp_2::send_logs_to_tracing(llama_cpp_2::LogOptions::default().with_logs_enabled(false));
    let params = LlamaModelParams::default().with_vocab_only(true);
    LlamaModel::load_from_file(shared_backend().unwrap(), path, &params).unwrap()
}

fn conversations() -> Vec<Vec<ChatMessage>> {
    vec![
        vec![
            ChatMessage::new("system", "You are a careful clinician."),
            ChatMessage::new(
                "user",
                "58-year-old man, crushing chest pain for 40 minutes.",
            ),
        ],
        vec![
            ChatMessage::new("system", "  Answer in one line.\n"),
            ChatMessage::new("user", " Fever and neck stiffness? \n"),
            ChatMessage::new("assistant", "Meningitis until proven otherwise."),
            ChatMessage::new("user", "Next step?"),
        ],
    ]
}

fn llama_cpp(model: &LlamaModel, template: &LlamaChatTemplate, messages: &[ChatMessage]) -> String {
    let chat: Vec<LlamaChatMessage> = messages
        .iter()
        .map(|m| LlamaChatMessage::new(m.role.clone(), m.content.clone()).unwrap())
        .collect();
    model.apply_chat_template(template, &chat, true).unwrap()
}

/// Every built-in llama.cpp knows by the same name (and `qwen` against `chatml`, which it equals
/// when the chat has a system message), on `model`'s vocabulary. Returns the prompts compared.
fn check_builtins(model: &LlamaModel) -> usize {
    // Built-ins see the special tokens as the engine gives them (no BOS text where the
    // tokenizer does not add BOS; removed where it does), so they never print BOS, like llama.cpp.
    let special = for_builtin(special_tokens(model));
    let mut compared = 0;
    for name in builtin_names() {
        let ours = ChatTemplate::new(name, builtin(name).unwrap(), special.clone()).unwrap();
        let theirs = LlamaChatTemplate::new(if name == "qwen" { "chatml" } else { name }).unwrap();
        for messages in conversations() {
            let expected = llama_cpp(model, &theirs, &messages);
            assert_eq!(
                ours.render(&messages, true).unwrap(),
                expected,
                "built-in '{name}'"
            );
            compared += 1;
        }
    }
    compared
}

#[test]
fn builtins_and_the_smollm2_template_render_as_llama_cpp_does() {
    let model = vocab_only(&model_file("SmolLM2-135M-Instruct.Q4_1.gguf"));
    assert_eq!(check_builtins(&model), 2 * builtin_names().len());
    // The GGUF's own Jinja template, which llama.cpp detects as chatml.
    let source = model_template_source(&model).expect("SmolLM2 carries a template");
    let ours = ChatTemplate::new("model", &source, special_tokens(&model)).unwrap();
    let theirs = model.chat_template(None).unwrap();
    for messages in conversations() {
        assert_eq!(
            ours.render(&messages, true).unwrap(),
            llama_cpp(&model, &theirs, &messages)
        );
    }
    assert_eq!(ours.end_markers(), ["<|im_end|>"]);
}

#[test]
fn builtins_render_as_llama_cpp_does_on_gemma3s_vocabulary() {
    let path = model_file("gemma-3-270m-q4_k_m.gguf");
    assert!(
        path.is_file(),
        "the Gemma test model is missing: run `bash .ci/setup.sh --tests` (or \
         `bash models/fetch-gemma-model.sh`) first ({})",
        path.display()
    );
    let model = vocab_only(&path);
    assert!(
        model_template_source(&model).is_none(),
        "this GGUF has no template"
    );
    assert!(check_builtins(&model) > 0);
    let special = special_tokens(&model);
    assert_eq!(
        (special.bos.as_str(), special.tokenizer_adds_bos),
        ("<bos>", true)
    );
}
