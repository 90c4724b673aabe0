//! Unit tests of chat-template rendering (no model): built-ins, probing, folding, the Jinja
//! extensions Hugging Face templates use, and errors that name the template.

use super::*;
use crate::engine::ChatMessage;

fn special(bos: &str, eos: &str, adds_bos: bool) -> SpecialTokens {
    SpecialTokens {
        bos: bos.into(),
        eos: eos.into(),
        tokenizer_adds_bos: adds_bos,
    }
}

fn chat() -> Vec<ChatMessage> {
    vec![
        ChatMessage::new("system", "Be brief."),
        ChatMessage::new("user", "Chest pain?"),
    ]
}

fn compiled(name: &str, special: SpecialTokens) -> ChatTemplate {
    ChatTemplate::new(name, builtin(name).unwrap(), special).unwrap()
}

#[test]
fn chatml_renders_turns_and_the_assistant_header() {
    let t = compiled("chatml", special("<|im_start|>", "<|im_end|>", false));
    assert_eq!(
        t.render(&chat(), true).unwrap(),
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nChest pain?<|im_end|>\n<|im_start|>assistant\n"
    );
    assert!(t.has_system_role());
    assert_eq!(t.end_markers(), ["<|im_end|>"]);
}

#[test]
fn gemma_folds_the_system_prompt_and_calls_the_assistant_model() {
    let t = compiled("gemma", special("<bos>", "<eos>", true));
    let mut messages = chat();
    messages.push(ChatMessage::new("assistant", " Angina. "));
    messages.push(ChatMessage::new("user", "Why?"));
    assert_eq!(
        t.render(&messages, true).unwrap(),
        "<start_of_turn>user\nBe brief.\n\nChest pain?<end_of_turn>\n<start_of_turn>model\nAngina.<end_of_turn>\n<start_of_turn>user\nWhy?<end_of_turn>\n<start_of_turn>model\n",
        "BOS text removed because the tokenizer adds it"
    );
    assert_eq!(t.end_markers(), ["<end_of_turn>", "<eos>"]);
    let keeps_bos = compiled("gemma", special("<bos>", "<eos>", false));
    assert!(keeps_bos
        .render(&chat(), true)
        .unwrap()
        .starts_with("<bos><start_of_turn>user\n"));
}

#[test]
fn every_builtin_compiles_renders_the_messages_and_has_an_end_marker() {
    for name in builtin_names() {
        let t = compiled(name, special("<s>", "</s>", true));
        let text = t.render(&chat(), true).unwrap();
        assert!(
            text.contains("Be brief.") && text.contains("Chest pain?"),
            "{name}: {text}"
        );
        assert!(!t.end_markers().is_empty(), "{name}");
        assert!(!text.starts_with("<s>"), "{name}: BOS text must be removed");
    }
    assert_eq!(
        compiled("llama3", special("", "", false)).end_markers(),
        ["<|eot_id|>"]
    );
    assert_eq!(
        compiled("phi3", special("", "", false)).end_markers(),
        ["<|end|>"]
    );
}

#[test]
fn a_template_without_a_system_role_gets_the_system_prompt_in_the_first_user_turn() {
    // Gemma 2's own template refuses a system message.
    let raising = "{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}<turn>{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}";
    let t = ChatTemplate::new("gemma2.jinja", raising, SpecialTokens::default()).unwrap();
    assert!(!t.has_system_role());
    assert_eq!(
        t.render(&chat(), true).unwrap(),
        "<turn>user: Be brief.\n\nChest pain?\n"
    );
    // A template that silently drops it is treated the same way.
    let dropping = "{% for m in messages if m.role != 'system' %}[{{ m.content }}]{% endfor %}";
    let t = ChatTemplate::new("drops.jinja", dropping, SpecialTokens::default()).unwrap();
    assert_eq!(
        t.render(&chat(), true).unwrap(),
        "[Be brief.\n\nChest pain?]"
    );
}

#[test]
fn hugging_face_template_features_work() {
    // SmolLM2's own template (from its GGUF): a default system prompt when none is given.
    let smol = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";
    let t = ChatTemplate::new("model", smol, special("<|im_start|>", "<|im_end|>", false)).unwrap();
    let only_user = [ChatMessage::new("user", "Hi")];
    assert!(t
        .render(&only_user, true)
        .unwrap()
        .starts_with("<|im_start|>system\nYou are a helpful AI assistant named SmolLM"));
    let features = "{%- for m in messages -%}{%- if loop.index > 1 %}{% break %}{% endif -%}\
        {{ m.content.strip().upper() }}|{{ m.content.split(' ')|length }}|{{ m|tojson }}|\
        {{ m.get('missing', 'dflt') }}|{{ tools is defined }}|{{ strftime_now('%Y')|length }}\
        {%- endfor -%}";
    let t = ChatTemplate::new("features", features, SpecialTokens::default()).unwrap();
    let text = t
        .render(
            &[
                ChatMessage::new("user", " a b "),
                ChatMessage::new("user", "x"),
            ],
            true,
        )
        .unwrap();
    assert_eq!(
        text,
        r#"A B|4|{"role":"user","content":" a b "}|dflt|False|4"#
    );
}

#[test]
fn broken_templates_fail_with_their_name_and_line() {
    let error = ChatTemplate::new(
        "mine.jinja",
        "line one\n{% for m in messages %}",
        SpecialTokens::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("'mine.jinja'"), "{error}");
    assert!(error.contains("line"), "{error}");
    let error = ChatTemplate::new(
        "refuses.jinja",
        "{{ raise_exception('no users here') }}",
        SpecialTokens::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("no users here") && error.contains("refuses.jinja"),
        "{error}"
    );
    let error = ChatTemplate::new("empty.jinja", "hello", SpecialTokens::default())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("does not render the user's message"),
        "{error}"
    );
}

#[test]
fn folding_joins_system_messages_and_keeps_them_without_a_user_turn() {
    let folded = fold_system(&[
        ChatMessage::new("system", "A"),
        ChatMessage::new("system", "B"),
        ChatMessage::new("user", "Q"),
    ]);
    assert_eq!(folded, vec![ChatMessage::new("user", "A\n\nB\n\nQ")]);
    assert_eq!(
        fold_system(&[ChatMessage::new("system", "A")]),
        vec![ChatMessage::new("user", "A")]
    );
}

#[test]
fn thinking_off_closes_the_block_and_reaches_the_template() {
    use crate::engine::{ReasoningConfig, ReasoningFormat};
    let prefilled = "{% for m in messages %}{{ m.content }}{% endfor %}{% if add_generation_prompt %}<think>\n{% endif %}";
    let off = ReasoningConfig {
        format: ReasoningFormat::Auto,
        budget: Some(0),
    };
    let t = ChatTemplate::new("r1", prefilled, SpecialTokens::default())
        .unwrap()
        .with_reasoning(off);
    assert_eq!(
        t.render(&chat(), true).unwrap(),
        "Be brief.Chest pain?<think>\n\n</think>\n\n"
    );
    assert!(
        t.thinking().is_none(),
        "no block to split when thinking is off"
    );
    let on = t.with_reasoning(ReasoningConfig::default());
    assert_eq!(on.thinking().map(|m| m.close.as_str()), Some("</think>"));
    // Qwen3 closes the block itself when told enable_thinking is false.
    let qwen3 = "{% for m in messages %}{{ m.content }}{% endfor %}{% if enable_thinking is defined and enable_thinking is false %}<think></think>{% endif %}";
    let t = ChatTemplate::new("qwen3", qwen3, SpecialTokens::default())
        .unwrap()
        .with_reasoning(off);
    assert_eq!(
        t.render(&chat(), true).unwrap(),
        "Be brief.Chest pain?<think></think>"
    );
    // chatml never mentions <think>: auto leaves it alone, think-tags does not.
    let chatml = compiled("chatml", special("", "", false));
    assert!(chatml
        .with_reasoning(ReasoningConfig::default())
        .thinking()
        .is_none());
}
