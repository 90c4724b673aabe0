//! Option scoring: the log-likelihood of each answer option's tokens after a prompt, without
//! generating anything.
//!
//! The prompt is evaluated once, in sequence 0 (reusing the longest token prefix it shares with
//! the previous case's prompt, so a shared system prompt is evaluated once per run). Its KV is
//! then copied to one sequence per option, and every option is decoded as its own sequence with
//! logits on each position: the row before option token `j` predicts token `j`, and its
//! log-softmax at that token is summed. Flash attention is always off in this context: on CPU it
//! makes logits depend on how tokens are grouped into batches (see the llama-cpp-2 guide, §12),
//! and scores must not depend on the schedule. [`logits`] evaluates a whole text in one sequence
//! and returns every row, so the scores can be checked against a hand computation.

use std::sync::Arc;
use std::time::Instant;

use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::token::LlamaToken;

use super::load::{new_context, threaded, Shape};
use super::tokenizer::LlamaTokenizer;
use super::{decode_error, to_i32, to_u32};
use crate::engine::{
    EngineError, LogitsRequest, LogitsResult, OptionScore, ScoreRequest, ScoreResult, Tokenize,
};

/// Sequences in the scoring context: the prompt plus up to 31 options.
const MAX_SEQUENCES: u32 = 32;
/// Largest decode.
const MAX_BATCH: u32 = 512;

/// The scoring context, kept between cases so a shared prompt prefix is evaluated once.
pub(super) struct Scorer<'m> {
    ctx: LlamaContext<'m>,
    n_ctx: u32,
    threads: u32,
    /// Tokens sequence 0 holds, position by position.
    history: Vec<LlamaToken>,
}

/// What scoring needs from the engine thread.
pub(super) struct Env<'m> {
    pub backend: &'m LlamaBackend,
    pub model: &'m LlamaModel,
    pub tokenizer: Arc<LlamaTokenizer>,
    pub threads: u32,
}

/// `ln softmax(logits)[target]`, in f64 with the max subtracted for stability.
pub(super) fn log_softmax_at(logits: &[f32], target: usize) -> f64 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f64 = logits.iter().map(|&l| f64::from(l - max).exp()).sum();
    f64::from(logits[target] - max) - sum.ln()
}

impl<'m> Env<'m> {
    /// The scoring context, created (or re-created for a larger `n_ctx`) on demand.
    fn scorer<'s>(
        &self,
        slot: &'s mut Option<Scorer<'m>>,
        n_ctx: u32,
    ) -> Result<&'s mut Scorer<'m>, EngineError> {
        let n_ctx = n_ctx.max(256);
        if slot
            .as_ref()
            .is_some_and(|s| s.n_ctx < n_ctx || s.threads != self.threads)
        {
            *slot = None;
        }
        if slot.is_none() {
            let ctx = new_context(
                self.backend,
                self.model,
                // Off: scores must not depend on how tokens are batched (module docs).
                threaded(self.threads).with_flash_attention_policy(0),
                Shape {
                    n_ctx,
                    n_batch: MAX_BATCH.min(n_ctx),
                    n_ubatch: MAX_BATCH.min(n_ctx),
                    n_seq_max: MAX_SEQUENCES,
                    kv_unified: true,
                },
            )?;
            *slot = Some(Scorer {
                ctx,
                n_ctx,
                threads: self.threads,
                history: Vec::new(),
            });
        }
        slot.as_mut()
            .ok_or_else(|| EngineError::Thread("no scoring context".into()))
    }

    fn prompt_text(&self, request: &ScoreRequest) -> Result<String, EngineError> {
        let mut text = self.tokenizer.render_answer(&request.messages)?;
        text.push_str(&request.answer_prefix);
        Ok(text)
    }

    fn tokenize(&self, text: &str) -> Vec<LlamaToken> {
        self.model.vocab().tokenize(text.as_bytes(), true, true)
    }

    /// Score every option of one request.
    /// (Over 80 lines: the prompt is decoded once in sequence 0 and copied to one sequence per
    /// option; the checks llama.cpp needs before each call (option count, batch size, cells)
    /// stay beside the calls they guard, so none can be skipped.)
    pub fn score(
        &self,
        slot: &mut Option<Scorer<'m>>,
        request: &ScoreRequest,
    ) -> Result<ScoreResult, EngineError> {
        let started = Instant::now();
        if request.options.is_empty() {
            return Err(EngineError::Score(
                "the case has no options to score".into(),
            ));
        }
        if request.options.len() >= MAX_SEQUENCES as usize {
            return Err(EngineError::Score(format!(
                "{} options; at most {} can be scored",
                request.options.len(),
                MAX_SEQUENCES - 1
            )));
        }
        let prompt_text = self.prompt_text(request)?;
        let prompt = self.tokenize(&prompt_text);
        if prompt.is_empty() {
            return Err(EngineError::ChatTemplate(
                "the rendered prompt has no tokens".into(),
            ));
        }
        // Tokenize prompt + option as one text, so the boundary is tokenized as the model saw
        // it in training, then keep the tokens after the prompt.
        let mut options = Vec::with_capacity(request.options.len());
        for (k, option) in request.options.iter().enumerate() {
            let full = self.tokenize(&format!("{prompt_text}{option}"));
            if !full.starts_with(&prompt) {
                return Err(EngineError::Score(format!(
                    "option {} merges with the end of the prompt when tokenized (start it with a space)",
                    k + 1
                )));
            }
            let tokens = full[prompt.len()..].to_vec();
            if tokens.is_empty() {
                return Err(EngineError::Score(format!("option {} is empty", k + 1)));
            }
            options.push(tokens);
        }
        let needed = prompt.len() + options.iter().map(Vec::len).sum::<usize>();
        if needed > request.n_ctx as usize {
            return Err(EngineError::ContextOverflow {
                needed: to_u32(needed),
                available: request.n_ctx,
            });
        }
        let scorer = self.scorer(slot, request.n_ctx)?;
        let n_batch = scorer.ctx.n_batch() as usize;
        // (a) The prompt minus its last token into sequence 0, after the prefix already there.
        let head = &prompt[..prompt.len() - 1];
        let last = prompt[prompt.len() - 1];
        let keep = scorer
            .history
            .iter()
            .zip(head)
            .take_while(|(a, b)| a == b)
            .count();
        scorer.history.truncate(keep);
        scorer
            .ctx
            .kv_cache_seq_rm(0, Some(to_u32(keep)), None)
            .map_err(decode_error)?;
        let mut batch = LlamaBatch::new(n_batch, 1);
        for (c, chunk) in head[keep..].chunks(n_batch).enumerate() {
            batch.clear();
            for (j, &token) in chunk.iter().enumerate() {
                batch
                    .add(token, to_i32(keep + c * n_batch + j), &[0], false)
                    .map_err(decode_error)?;
            }
            if let Err(e) = scorer.ctx.decode(&mut batch) {
                scorer.history.clear();
                let _ = scorer.ctx.kv_cache_seq_rm(0, None, None);
                return Err(decode_error(e));
            }
            scorer.history.extend_from_slice(chunk);
        }
        // (b) Fork to one sequence per option; input j of option k predicts its token j.
        let mut items: Vec<(i32, i32, LlamaToken, usize, LlamaToken)> = Vec::new();
        for (k, tokens) in options.iter().enumerate() {
            let seq = to_i32(k + 1);
            scorer
                .ctx
                .kv_cache_seq_rm(seq, None, None)
                .map_err(decode_error)?;
            scorer
                .ctx
                .copy_kv_cache_seq(0, seq, None, None)
                .map_err(decode_error)?;
            let inputs = std::iter::once(last).chain(tokens[..tokens.len() - 1].iter().copied());
            for (j, input) in inputs.enumerate() {
                items.push((seq, to_i32(head.len() + j), input, k, tokens[j]));
            }
        }
        // (c) Decode in chunks of n_batch (per-option order is kept), summing log-probs.
        let mut sums = vec![0.0f64; options.len()];
        let mut outcome = Ok(());
        for chunk in items.chunks(n_batch) {
            batch.clear();
            for &(seq, pos, input, _, _) in chunk {
                if let Err(e) = batch.add(input, pos, &[seq], true) {
                    outcome = Err(decode_error(e));
                }
            }
            if outcome.is_ok() {
                outcome = scorer.ctx.decode(&mut batch).map_err(decode_error);
            }
            if outcome.is_err() {
                break;
            }
            for (row, &(_, _, _, k, target)) in chunk.iter().enumerate() {
                let logits = scorer.ctx.get_logits_ith(to_i32(row));
                let index = usize::try_from(target.0).unwrap_or(usize::MAX);
                if index >= logits.len() {
                    outcome = Err(EngineError::Score(
                        "a token id is outside the vocabulary".into(),
                    ));
                    break;
                }
                sums[k] += log_softmax_at(logits, index);
            }
        }
        for k in 0..options.len() {
            let _ = scorer.ctx.kv_cache_seq_rm(to_i32(k + 1), None, None);
        }
        outcome?;
        Ok(ScoreResult {
            prompt_tokens: to_u32(prompt.len()),
            reused_tokens: to_u32(keep),
            options: options
                .iter()
                .zip(sums)
                .map(|(tokens, logprob)| OptionScore {
                    logprob,
                    n_tokens: to_u32(tokens.len()),
                })
                .collect(),
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }

    /// Evaluate `messages` rendered + `suffix` as one sequence and return every position's logits.
    pub fn logits(
        &self,
        slot: &mut Option<Scorer<'m>>,
        request: &LogitsRequest,
    ) -> Result<LogitsResult, EngineError> {
        let mut text = self.tokenizer.render(&request.messages)?;
        text.push_str(&request.suffix);
        let tokens = self.tokenize(&text);
        let n_ctx = to_u32(tokens.len() + 1).max(request.n_ctx);
        let scorer = self.scorer(slot, n_ctx)?;
        let n_batch = scorer.ctx.n_batch() as usize;
        scorer.ctx.clear_kv_cache();
        scorer.history.clear();
        let mut rows = Vec::with_capacity(tokens.len());
        let mut batch = LlamaBatch::new(n_batch, 1);
        for (c, chunk) in tokens.chunks(n_batch).enumerate() {
            batch.clear();
            for (j, &token) in chunk.iter().enumerate() {
                batch
                    .add(token, to_i32(c * n_batch + j), &[0], true)
                    .map_err(decode_error)?;
            }
            scorer.ctx.decode(&mut batch).map_err(decode_error)?;
            for j in 0..chunk.len() {
                rows.push(scorer.ctx.get_logits_ith(to_i32(j)).to_vec());
            }
        }
        scorer.ctx.clear_kv_cache();
        Ok(LogitsResult {
            tokens: tokens.iter().map(|t| t.0).collect(),
            logits: rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::log_softmax_at;

    #[test]
    fn log_softmax_matches_the_definition() {
        let logits = [1.0f32, 2.0, 3.0];
        let z: f64 = logits.iter().map(|&l| f64::from(l).exp()).sum();
        for (i, &l) in logits.iter().enumerate() {
            let expected = f64::from(l) - z.ln();
            assert!((log_softmax_at(&logits, i) - expected).abs() < 1e-12);
        }
        // Stable for large logits.
        assert!(log_softmax_at(&[1000.0, 1000.0], 0).is_finite());
    }
}
