//! Single-stream speed, measured the way llama-bench measures it: a prompt of random tokens
//! evaluated in one batch (pp), then tokens fed one at a time (tg), each on a fresh KV cache,
//! after one warm-up run. Random tokens make the figures independent of any text.

use std::time::Instant;

use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::token::LlamaToken;

use super::decode_error;
use super::load::{new_context, Shape};
use crate::engine::{EngineError, SpeedSample};

/// A tiny deterministic generator for token ids.
struct Lcg(u64);

impl Lcg {
    fn token(&mut self, n_vocab: i32) -> LlamaToken {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let n = u64::try_from(n_vocab.max(1)).unwrap_or(1);
        LlamaToken(i32::try_from((self.0 >> 33) % n).unwrap_or(0))
    }
}

/// `reps` measured runs (after a warm-up) of `n_prompt` prompt tokens and `n_gen` generated ones.
pub(super) fn single_stream(
    backend: &LlamaBackend,
    model: &LlamaModel,
    params: LlamaContextParams,
    n_prompt: u32,
    n_gen: u32,
    reps: u32,
) -> Result<Vec<SpeedSample>, EngineError> {
    let n_ctx = (n_prompt + n_gen).max(16);
    let n_batch = n_prompt.clamp(1, 2048);
    let mut ctx = new_context(
        backend,
        model,
        params,
        Shape {
            n_ctx,
            n_batch,
            n_ubatch: n_batch.min(512),
            n_seq_max: 1,
            kv_unified: true,
        },
    )?;
    let n_vocab = model.n_vocab();
    let mut rng = Lcg(42);
    let mut samples = Vec::new();
    for rep in 0..=reps {
        ctx.clear_kv_cache();
        let mut batch = LlamaBatch::new(n_batch as usize, 1);
        let mut pp_ms = 0.0;
        if n_prompt > 0 {
            let start = Instant::now();
            let mut pos = 0i32;
            let mut left = n_prompt;
            while left > 0 {
                let take = left.min(n_batch);
                batch.clear();
                for j in 0..take {
                    batch
                        .add(rng.token(n_vocab), pos, &[0], j + 1 == take)
                        .map_err(decode_error)?;
                    pos += 1;
                }
                ctx.decode(&mut batch).map_err(decode_error)?;
                left -= take;
            }
            pp_ms = start.elapsed().as_secs_f64() * 1000.0;
        }
        let mut tg_ms = 0.0;
        if n_gen > 0 {
            ctx.clear_kv_cache();
            let start = Instant::now();
            for pos in 0..n_gen {
                batch.clear();
                batch
                    .add(
                        rng.token(n_vocab),
                        i32::try_from(pos).unwrap_or(i32::MAX),
                        &[0],
                        true,
                    )
                    .map_err(decode_error)?;
                ctx.decode(&mut batch).map_err(decode_error)?;
            }
            tg_ms = start.elapsed().as_secs_f64() * 1000.0;
        }
        if rep > 0 {
            samples.push(SpeedSample {
                prompt_ms: pp_ms,
                generation_ms: tg_ms,
            });
        }
    }
    Ok(samples)
}
