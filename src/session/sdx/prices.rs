//! The price table an encounter is played with: the one shipped with ddx, or a file over it
//! (entry by entry), with the provenance a result records (the source and its sha256).

use std::path::Path;

use anyhow::Context as _;
use serde_json::{json, Value};

use crate::clinical::sdx::Prices;
use crate::engine::chat::source_sha256;

/// The text of the shipped table (compiled in).
pub const SHIPPED: &str = include_str!("../../clinical/sdx/prices.toml");

/// The shipped table, or `path` over it; a file that cannot be read or parsed is an error
/// naming it.
pub fn load(path: Option<&Path>) -> anyhow::Result<(Prices, Value)> {
    match path {
        None => Ok((
            Prices::shipped(),
            json!({"source": "shipped", "sha256": source_sha256(SHIPPED)}),
        )),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the price table '{}'", path.display()))?;
            let prices = Prices::shipped()
                .merge(&text)
                .with_context(|| format!("the price table '{}'", path.display()))?;
            Ok((
                prices,
                json!({"source": path.display().to_string(), "sha256": source_sha256(&text),
                    "over": {"source": "shipped", "sha256": source_sha256(SHIPPED)}}),
            ))
        }
    }
}
