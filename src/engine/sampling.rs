//! Sampling settings as plain data, shared by every mode and the config file.
//!
//! The engine turns these into a llama.cpp sampler chain; nothing here knows llama.cpp.

use serde::{Deserialize, Serialize};

/// Serialize an `f32` as the shortest decimal that reads back to it (0.95, not 0.949999988).
fn short_f32<S: serde::Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
    let shortest: f64 = value.to_string().parse().unwrap_or(f64::from(*value));
    serializer.serialize_f64(shortest)
}

/// How the next token is chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SamplingParams {
    /// 0 means greedy decoding.
    #[serde(serialize_with = "short_f32")]
    pub temperature: f32,
    /// 0 disables top-k.
    pub top_k: i32,
    /// 1.0 disables top-p.
    #[serde(serialize_with = "short_f32")]
    pub top_p: f32,
    /// 0.0 disables min-p.
    #[serde(serialize_with = "short_f32")]
    pub min_p: f32,
    /// 1.0 disables the repeat penalty.
    #[serde(serialize_with = "short_f32")]
    pub repeat_penalty: f32,
    /// How many recent tokens the repeat penalty looks at.
    pub repeat_last_n: i32,
    /// Seed of the random sampler; same seed, same input, same output.
    pub seed: u32,
}

impl Default for SamplingParams {
    fn default() -> Self {
        Self {
            temperature: 0.0,
            top_k: 40,
            top_p: 0.95,
            min_p: 0.05,
            repeat_penalty: 1.0,
            repeat_last_n: 64,
            seed: 42,
        }
    }
}

impl SamplingParams {
    /// True when the chain is plain argmax (with an optional repeat penalty).
    pub fn is_greedy(&self) -> bool {
        self.temperature <= 0.0
    }

    /// Check ranges; the message names the setting and quotes the value.
    pub fn validate(&self) -> Result<(), String> {
        if !(0.0..=5.0).contains(&self.temperature) || self.temperature.is_nan() {
            return Err(format!(
                "'temperature' must be between 0 and 5, got '{}'",
                self.temperature
            ));
        }
        if self.top_k < 0 {
            return Err(format!("'top-k' must be 0 or more, got '{}'", self.top_k));
        }
        if !(0.0..=1.0).contains(&self.top_p) || self.top_p.is_nan() {
            return Err(format!(
                "'top-p' must be between 0 and 1, got '{}'",
                self.top_p
            ));
        }
        if !(0.0..=1.0).contains(&self.min_p) || self.min_p.is_nan() {
            return Err(format!(
                "'min-p' must be between 0 and 1, got '{}'",
                self.min_p
            ));
        }
        if !(0.0..=10.0).contains(&self.repeat_penalty) || self.repeat_penalty.is_nan() {
            return Err(format!(
                "'repeat-penalty' must be between 0 and 10, got '{}'",
                self.repeat_penalty
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_greedy() {
        let params = SamplingParams::default();
        assert!(params.validate().is_ok());
        assert!(params.is_greedy());
    }

    #[test]
    fn out_of_range_values_are_named() {
        let params = SamplingParams {
            top_p: 1.5,
            ..SamplingParams::default()
        };
        assert!(params.validate().unwrap_err().contains("'top-p'"));
    }
}
