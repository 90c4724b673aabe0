//! Deterministic shards: `--shard K/N` takes the lines whose key hashes into shard K.
//!
//! The hash is FNV-1a 64 over the UTF-8 bytes of the line's key (its id as a string: a number id
//! `7` and a string id `"7"` are the same key; a line without a usable id is keyed `#LINE`, its
//! line number), and the shard is `hash % N + 1`. The same on every machine and every version, so
//! N processes cover an input exactly once without talking to each other.

use std::fmt;

/// Shard K of N, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// FNV-1a 64 of the bytes.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

impl Shard {
    /// A shard, checked: 1 <= index <= count.
    pub fn new(index: u32, count: u32) -> Result<Self, String> {
        if count == 0 || index == 0 || index > count {
            return Err(format!(
                "shard {index}/{count} does not exist: K/N needs 1 <= K <= N"
            ));
        }
        Ok(Self { index, count })
    }

    /// Parse `K/N`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("'{text}' is not K/N (for example 2/8)"))?;
        let number = |s: &str| {
            s.trim()
                .parse::<u32>()
                .map_err(|_| format!("'{text}' is not K/N (for example 2/8)"))
        };
        Self::new(number(k)?, number(n)?)
    }

    /// `--shard auto` (or `auto/N`): the shard the scheduler gives this process, read through
    /// `env`. Slurm array jobs: `SLURM_ARRAY_TASK_ID` counted from `SLURM_ARRAY_TASK_MIN` (so
    /// `--array=0-7` and `--array=1-8` both make shards 1..8) out of `SLURM_ARRAY_TASK_COUNT`; the
    /// array must be contiguous (`SLURM_ARRAY_TASK_STEP` 1). Kubernetes Indexed Jobs:
    /// `JOB_COMPLETION_INDEX` (0-based) plus one, out of N from `auto/N` or `DDX_SHARD_COUNT`
    /// (Kubernetes does not export the completions count).
    pub fn from_env(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Self, String> {
        let given: Option<u32> = match text.strip_prefix("auto/") {
            Some(n) => Some(
                n.trim()
                    .parse()
                    .map_err(|_| format!("'{text}' is not auto/N (for example auto/8)"))?,
            ),
            None => None,
        };
        let number = |name: &str| -> Result<Option<u32>, String> {
            match env(name) {
                None => Ok(None),
                Some(v) => v
                    .trim()
                    .parse::<u32>()
                    .map(Some)
                    .map_err(|_| format!("{name}={v} is not a whole number")),
            }
        };
        if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
            if number("SLURM_ARRAY_TASK_STEP")?.is_some_and(|s| s != 1) {
                return Err(
                    "--shard auto needs a contiguous Slurm array (no :STEP in --array)".into(),
                );
            }
            let count = match (given, number("SLURM_ARRAY_TASK_COUNT")?) {
                (Some(n), _) | (None, Some(n)) => n,
                (None, None) => {
                    return Err(
                        "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not".into(),
                    )
                }
            };
            let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(1);
            let index = id.checked_sub(min).ok_or_else(|| {
                format!("SLURM_ARRAY_TASK_ID {id} is below SLURM_ARRAY_TASK_MIN {min}")
            })?;
            return Self::new(index + 1, count);
        }
        if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            let count = match (given, number("DDX_SHARD_COUNT")?) {
                (Some(n), _) | (None, Some(n)) => n,
                (None, None) => {
                    return Err(
                        "JOB_COMPLETION_INDEX is set but the shard count is not: use \
                                --shard auto/N or DDX_SHARD_COUNT=N (the Job's completions)"
                            .into(),
                    )
                }
            };
            return Self::new(index + 1, count);
        }
        Err(
            "--shard auto found neither SLURM_ARRAY_TASK_ID (a Slurm array job) nor \
             JOB_COMPLETION_INDEX (a Kubernetes Indexed Job): give --shard K/N"
                .into(),
        )
    }

    /// `K/N`, `auto` or `auto/N`.
    pub fn resolve(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Self, String> {
        if text == "auto" || text.starts_with("auto/") {
            Self::from_env(text, env)
        } else {
            Self::parse(text)
        }
    }

    /// The shard (1-based) a key falls into among `count`.
    pub fn of_key(key: &str, count: u32) -> u32 {
        (fnv1a64(key.as_bytes()) % u64::from(count.max(1))) as u32 + 1
    }

    /// Whether this shard takes the line with this key.
    pub fn takes(&self, key: &str) -> bool {
        Self::of_key(key, self.count) == self.index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_has_its_published_values() {
        // Test vectors of the FNV reference (isthe.com/chongo/tech/comp/fnv).
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn shards_of_known_ids_are_pinned() {
        // These must never change: shard files made by one version merge with another's.
        let got: Vec<u32> = ["case-1", "case-2", "42", "#7", "é"]
            .iter()
            .map(|k| Shard::of_key(k, 4))
            .collect();
        assert_eq!(got, PINNED);
        assert_eq!(fnv1a64(b"case-1"), 0x58d5_284b_10ec_d37f);
    }

    /// Checked against an independent FNV-1a 64 (Python): 0x58d5284b10ecd37f, 0x58d5294b10ecd532,
    /// 0x07ee7e07b4b19223, 0x07c90107b491a17f, 0x0ac21707b7181e01, each mod 4, plus 1.
    const PINNED: [u32; 5] = [4, 3, 4, 4, 2];

    #[test]
    fn parse_checks_the_range() {
        assert_eq!(Shard::parse("2/8"), Ok(Shard { index: 2, count: 8 }));
        assert!(Shard::parse("0/8").is_err());
        assert!(Shard::parse("9/8").is_err());
        assert!(Shard::parse("x").is_err());
    }

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn auto_reads_slurm_and_kubernetes() {
        let slurm0 = [
            ("SLURM_ARRAY_TASK_ID", "0"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ];
        assert_eq!(
            Shard::resolve("auto", &env(&slurm0)),
            Ok(Shard { index: 1, count: 4 })
        );
        let slurm1 = [
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ];
        assert_eq!(
            Shard::resolve("auto", &env(&slurm1)),
            Ok(Shard { index: 4, count: 4 })
        );
        let k8s = [("JOB_COMPLETION_INDEX", "2"), ("DDX_SHARD_COUNT", "3")];
        assert_eq!(
            Shard::resolve("auto", &env(&k8s)),
            Ok(Shard { index: 3, count: 3 })
        );
        let k8s = [("JOB_COMPLETION_INDEX", "2")];
        assert_eq!(
            Shard::resolve("auto/5", &env(&k8s)),
            Ok(Shard { index: 3, count: 5 })
        );
        assert!(Shard::resolve("auto", &env(&k8s)).is_err());
        assert!(Shard::resolve("auto", &env(&[])).is_err());
        let stepped = [
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ];
        assert!(Shard::resolve("auto", &env(&stepped)).is_err());
    }

    /// A small seeded generator (xorshift64*), so the property test needs no dependency.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    #[test]
    fn shards_partition_random_id_sets() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..200 {
            let n = (round % 64) as u32 + 1;
            let size = (next(&mut state) % 300) as usize;
            let ids: Vec<String> = (0..size)
                .map(|i| match next(&mut state) % 3 {
                    0 => format!("{}", next(&mut state) % 100_000),
                    1 => format!("case-{i}-{:x}", next(&mut state)),
                    _ => (0..(next(&mut state) % 12))
                        .map(|_| {
                            char::from_u32(0x20 + (next(&mut state) % 0x2000) as u32).unwrap_or('x')
                        })
                        .collect(),
                })
                .collect();
            let shards: Vec<Shard> = (1..=n)
                .map(|k| Shard::new(k, n).expect("present"))
                .collect();
            for id in &ids {
                let takers = shards.iter().filter(|s| s.takes(id)).count();
                assert_eq!(
                    takers, 1,
                    "id {id:?} with N={n} is taken by {takers} shards"
                );
            }
            let total: usize = shards
                .iter()
                .map(|s| ids.iter().filter(|id| s.takes(id)).count())
                .sum();
            assert_eq!(total, ids.len());
        }
    }
}
