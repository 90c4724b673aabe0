//! Floors: the least a figure may be, `[MODE.]SCOPE.METRIC=VALUE` (MODE `patient` or `text`,
//! both when left out; SCOPE `overall` or a HIPAA category; METRIC one of [`super::METRICS`]),
//! given as `--floor` flags or one per line in a floors file (`#` starts a comment). A figure
//! that cannot be measured (no gold of that category) fails its floor: a floor is a promise.

use std::collections::BTreeMap;

use super::{char_precision, metric, Counts, CATEGORIES, METRICS, MODES};

/// One floor.
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    /// `None`: both modes.
    pub mode: Option<&'static str>,
    pub scope: String,
    pub metric: &'static str,
    pub min: f64,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FloorError {
    #[error(
        "floor '{spec}': write it [patient.|text.]SCOPE.METRIC=VALUE, e.g. text.names.recall=0.95"
    )]
    Shape { spec: String },
    #[error("floor '{spec}': unknown scope '{scope}' (overall or one of: {})", CATEGORIES.join(", "))]
    Scope { spec: String, scope: String },
    #[error("floor '{spec}': unknown figure '{metric}' (one of: {})", METRICS.join(", "))]
    Metric { spec: String, metric: String },
    #[error("floor '{spec}': the value must be a number from 0 to 1")]
    Value { spec: String },
    #[error(
        "floor '{spec}': char_precision is a figure of the whole set: write overall.char_precision"
    )]
    CharScope { spec: String },
    #[error("line {line}: {source}")]
    Line {
        line: usize,
        source: Box<FloorError>,
    },
}

/// Parse one floor, `[MODE.]SCOPE.METRIC=VALUE`.
pub fn parse_floor(spec: &str) -> Result<Floor, FloorError> {
    let shape = || FloorError::Shape {
        spec: spec.to_string(),
    };
    let (key, value) = spec.split_once('=').ok_or_else(shape)?;
    let parts: Vec<&str> = key.trim().split('.').collect();
    let (mode, scope, name) = match parts.as_slice() {
        [scope, name] => (None, *scope, *name),
        [mode, scope, name] => {
            let mode = MODES.into_iter().find(|m| m == mode).ok_or_else(shape)?;
            (Some(mode), *scope, *name)
        }
        _ => return Err(shape()),
    };
    if scope != "overall" && !CATEGORIES.contains(&scope) {
        return Err(FloorError::Scope {
            spec: spec.to_string(),
            scope: scope.to_string(),
        });
    }
    let metric = METRICS
        .into_iter()
        .find(|m| *m == name)
        .ok_or_else(|| FloorError::Metric {
            spec: spec.to_string(),
            metric: name.to_string(),
        })?;
    if metric == "char_precision" && scope != "overall" {
        return Err(FloorError::CharScope {
            spec: spec.to_string(),
        });
    }
    let min: f64 = value
        .trim()
        .parse()
        .ok()
        .filter(|v| (0.0..=1.0).contains(v))
        .ok_or_else(|| FloorError::Value {
            spec: spec.to_string(),
        })?;
    Ok(Floor {
        mode,
        scope: scope.to_string(),
        metric,
        min,
    })
}

/// Parse a floors file: one floor per line; blank lines and `#` comments are skipped.
pub fn parse_floors_file(text: &str) -> Result<Vec<Floor>, FloorError> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.split('#').next().unwrap_or("").trim()))
        .filter(|(_, line)| !line.is_empty())
        .map(|(n, line)| {
            parse_floor(line).map_err(|e| FloorError::Line {
                line: n,
                source: Box::new(e),
            })
        })
        .collect()
}

/// One floor checked in one mode.
#[derive(Debug, Clone, PartialEq)]
pub struct FloorCheck {
    pub key: String,
    pub min: f64,
    /// `None`: not measurable in this set.
    pub value: Option<f64>,
    pub passed: bool,
}

/// Check every floor against the counts of each mode.
pub fn check(floors: &[Floor], modes: &BTreeMap<&'static str, Counts>) -> Vec<FloorCheck> {
    let mut out = Vec::new();
    for floor in floors {
        for mode in MODES {
            if floor.mode.is_some_and(|m| m != mode) {
                continue;
            }
            let Some(counts) = modes.get(mode) else {
                continue;
            };
            let value = if floor.metric == "char_precision" {
                char_precision(counts)
            } else if floor.scope == "overall" {
                metric(&counts.overall, floor.metric)
            } else {
                counts
                    .by_category
                    .get(floor.scope.as_str())
                    .and_then(|t| metric(t, floor.metric))
            };
            out.push(FloorCheck {
                key: format!("{mode}.{}.{}", floor.scope, floor.metric),
                min: floor.min,
                value,
                passed: value.is_some_and(|v| v >= floor.min),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::Tally;
    use super::*;

    #[test]
    fn floors_parse_with_and_without_a_mode() {
        let f = parse_floor("text.names.recall=0.95").expect("parses");
        assert_eq!(
            (f.mode, f.scope.as_str(), f.metric, f.min),
            (Some("text"), "names", "recall", 0.95)
        );
        let f = parse_floor(" overall.f1 = 0.9 ").expect("parses");
        assert_eq!((f.mode, f.scope.as_str()), (None, "overall"));
        for (bad, want) in [
            ("names.recall", "write it"),
            ("both.names.recall=1", "write it"),
            ("nicknames.recall=1", "unknown scope"),
            ("names.accuracy=1", "unknown figure"),
            ("names.recall=1.5", "from 0 to 1"),
            ("names.char_precision=0.9", "whole set"),
        ] {
            let err = parse_floor(bad).expect_err("refused").to_string();
            assert!(err.contains(want), "{bad}: {err}");
        }
        let err = parse_floors_file("# floors\noverall.recall=0.9\n\nnames.x=1 # bad\n")
            .expect_err("refused")
            .to_string();
        assert!(err.starts_with("line 4:"), "{err}");
    }

    #[test]
    fn a_figure_under_its_floor_or_unmeasured_fails() {
        let counts = Counts {
            overall: Tally {
                gold_tokens: 10,
                found_tokens: 9,
                ..Tally::default()
            },
            ..Counts::default()
        };
        let modes = BTreeMap::from([("patient", counts.clone()), ("text", counts)]);
        let floors =
            parse_floors_file("overall.recall=0.9\ntext.overall.recall=0.95\nssn.recall=0.5")
                .expect("parses");
        let checks = check(&floors, &modes);
        let passed: Vec<(String, bool)> =
            checks.iter().map(|c| (c.key.clone(), c.passed)).collect();
        assert_eq!(
            passed,
            [
                ("patient.overall.recall".to_string(), true),
                ("text.overall.recall".to_string(), true),
                ("text.overall.recall".to_string(), false),
                ("patient.ssn.recall".to_string(), false),
                ("text.ssn.recall".to_string(), false),
            ]
        );
    }
}
