//! Sampler chains and grammars: a JSON schema compiled to a grammar and probed before use (a
//! grammar that can match nothing aborts llama.cpp on the first sampled token), and the chain
//! that samples each generated token.

use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::sampling::LlamaSampler;

use crate::engine::{EngineError, SamplingParams};

pub(super) fn schema_to_grammar(model: &LlamaModel, schema: &str) -> Result<String, EngineError> {
    let grammar = llama_cpp_2::json_schema_to_grammar(schema)
        .map_err(|e| EngineError::Schema(e.to_string()))?;
    grammar_sampler(model, &grammar)?;
    Ok(grammar)
}

fn grammar_sampler(model: &LlamaModel, grammar: &str) -> Result<LlamaSampler, EngineError> {
    LlamaSampler::grammar(model, grammar, "root").map_err(|e| EngineError::Grammar(e.to_string()))
}

pub(super) fn sampler(
    model: &LlamaModel,
    params: &SamplingParams,
    grammar: Option<&str>,
) -> Result<LlamaSampler, EngineError> {
    let mut chain = Vec::new();
    // The grammar goes first so later samplers only see allowed tokens (a dead end aborts).
    if let Some(grammar) = grammar {
        chain.push(grammar_sampler(model, grammar)?);
    }
    if (params.repeat_penalty - 1.0).abs() > f32::EPSILON {
        chain.push(LlamaSampler::penalties(
            model.n_vocab(),
            params.repeat_last_n,
            params.repeat_penalty,
            0.0,
            0.0,
        ));
    }
    if params.is_greedy() {
        chain.push(LlamaSampler::greedy());
    } else {
        if params.top_k > 0 {
            chain.push(LlamaSampler::top_k(params.top_k));
        }
        if params.top_p < 1.0 {
            chain.push(LlamaSampler::top_p(params.top_p, 1));
        }
        if params.min_p > 0.0 {
            chain.push(LlamaSampler::min_p(params.min_p, 1));
        }
        chain.push(LlamaSampler::temp(params.temperature));
        chain.push(LlamaSampler::dist(params.seed));
    }
    Ok(LlamaSampler::chain_simple(chain))
}
