//! Memory: peak resident memory of this process (Linux's VmHWM), for `bench` rows and import
//! summaries; and the check before a multi-sequence context is made, which lowers `--parallel`
//! when its KV cache would not fit in free memory (RAM, or the GPU's when layers are offloaded)
//! instead of failing or swapping.

use crate::engine::{ContextSpec, KvLayout, ModelInfo, PromptProfile};

/// Memory left for everything but the KV cache: compute buffers, the sampler, ddx itself.
const RESERVE_BYTES: u64 = 256 << 20;

/// Overrides the free memory ddx plans against (bytes, or with a `K`/`M`/`G` suffix).
pub const MEMORY_VARIABLE: &str = "DDX_MEMORY_AVAILABLE";

/// RAM this process can use without swapping: `DDX_MEMORY_AVAILABLE` when set, else Linux's
/// MemAvailable, lowered to what is left under a cgroup v2 memory limit (a Slurm or Kubernetes
/// job's limit, which MemAvailable does not show); `None` where the OS does not say.
pub fn available_ram_bytes() -> Option<u64> {
    if let Some(bytes) = std::env::var(MEMORY_VARIABLE)
        .ok()
        .and_then(|v| parse_size(&v))
    {
        return Some(bytes);
    }
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    let available = kb * 1024;
    let read = |file: &str| {
        std::fs::read_to_string(format!("/sys/fs/cgroup/{file}"))
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    Some(match (read("memory.max"), read("memory.current")) {
        (Some(max), Some(current)) => available.min(max.saturating_sub(current)),
        _ => available,
    })
}

/// `123`, `512M`, `8G`, `1.5GiB`: bytes.
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let scale = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 1.0,
        "K" => 1024.0,
        "M" => 1024.0 * 1024.0,
        "G" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = number * scale;
    (bytes.is_finite() && bytes >= 0.0).then_some(bytes as u64)
}

/// KV cells a run holds for `p` sequences at once: `fixed + p x per_sequence` (a shared pool
/// stores the prompts' common prefix once; one stream per sequence has no fixed part).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KvPlan {
    pub fixed: u32,
    pub per_sequence: u32,
}

impl KvPlan {
    /// Cells for `parallel` sequences.
    pub fn cells(&self, parallel: u32) -> u64 {
        u64::from(self.fixed) + u64::from(parallel) * u64::from(self.per_sequence)
    }
}

/// The KV cells a run of these prompts holds: in a shared pool, the prefix every prompt shares
/// once, then per sequence the longest own part (plus a tenth and 16 tokens of slack for text
/// that de-identification lengthens) and the answer budget; with one stream per sequence, a
/// whole context per sequence. A case that shares less than planned waits for free cells in the
/// engine (never more than one context per sequence).
pub fn kv_plan(
    profile: &PromptProfile,
    layout: KvLayout,
    answer: u32,
    n_ctx_per_seq: u32,
) -> KvPlan {
    match layout {
        KvLayout::Shared => {
            let shared = profile.shared();
            let own = profile.longest().saturating_sub(shared);
            KvPlan {
                fixed: shared,
                per_sequence: (own + own / 10 + 16 + answer).min(n_ctx_per_seq),
            }
        }
        KvLayout::PerSequence => KvPlan {
            fixed: 0,
            per_sequence: n_ctx_per_seq,
        },
    }
}

/// The context for `parallel` sequences of `n_ctx_per_seq` tokens in `layout`, with a shared
/// pool of the planned cells (rounded up to llama.cpp's 256).
pub fn planned_spec(
    n_ctx_per_seq: u32,
    parallel: u32,
    layout: KvLayout,
    plan: KvPlan,
) -> ContextSpec {
    let spec = ContextSpec::new(n_ctx_per_seq, parallel).with_kv_layout(layout);
    if layout != KvLayout::Shared {
        return spec;
    }
    let cells = u32::try_from(plan.cells(parallel)).unwrap_or(u32::MAX);
    spec.with_pool_cells(cells.div_ceil(256).saturating_mul(256))
}

/// The most sequences, at most `requested` and at least 1, whose KV cache (`plan`'s cells at
/// `kv_per_token` bytes) fits in `free` bytes less the reserve.
pub fn fit_parallel(requested: u32, plan: KvPlan, kv_per_token: u64, free: u64) -> u32 {
    let per_sequence = u64::from(plan.per_sequence)
        .saturating_mul(kv_per_token)
        .max(1);
    let fixed = u64::from(plan.fixed).saturating_mul(kv_per_token);
    let room = free.saturating_sub(RESERVE_BYTES).saturating_sub(fixed);
    let fits = u32::try_from(room / per_sequence).unwrap_or(u32::MAX);
    requested.min(fits).max(1)
}

/// `parallel` lowered to what the free memory holds, with the sentence that says so; `None`
/// when it fits, when the model is served, or when free memory is unknown.
///
/// The model's weights are already loaded when this runs, so free memory is what is left for
/// the context. RAM counts the weights' pages as reclaimable cache, so they are taken off.
pub fn fit_to_memory(info: &ModelInfo, plan: KvPlan, parallel: u32) -> Option<(u32, String)> {
    if info.kv_bytes_per_token == 0 || parallel <= 1 {
        return None;
    }
    let (free, place) = match info.device_free_bytes {
        Some(free) => (free, "free GPU memory"),
        None => (
            available_ram_bytes()?.saturating_sub(info.size_bytes),
            "available RAM",
        ),
    };
    let fits = fit_parallel(parallel, plan, info.kv_bytes_per_token, free);
    (fits < parallel).then(|| {
        let need = plan.cells(parallel) * info.kv_bytes_per_token;
        let shape = if plan.fixed > 0 {
            format!(
                "{} shared tokens and {} tokens each",
                plan.fixed, plan.per_sequence
            )
        } else {
            format!("{} tokens each", plan.per_sequence)
        };
        (
            fits,
            format!(
                "{parallel} cases at once need {} of KV cache ({shape}) but \
                 {} leaves {} for it (beside the model and {} for compute buffers); running \
                 {fits} at once (lower --ctx-size or --max-tokens to run more)",
                mib(need),
                place,
                mib(free.saturating_sub(RESERVE_BYTES)),
                mib(RESERVE_BYTES)
            ),
        )
    })
}

fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes >> 20)
}

/// Peak resident memory of this process in bytes, where the OS reports it.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Reset the peak (Linux: `echo 5 > /proc/self/clear_refs`), so each measured run reports its own.
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

#[cfg(test)]
mod tests {
    use super::{fit_parallel, KvPlan};

    #[test]
    fn parallelism_is_lowered_to_what_fits_and_never_below_one() {
        let mib = 1u64 << 20;
        let each = KvPlan {
            fixed: 0,
            per_sequence: 1024,
        };
        // 1024 tokens x 1 KiB = 1 MiB per sequence; 16 MiB free beyond the reserve fits 16.
        assert_eq!(fit_parallel(16, each, 1024, 256 * mib + 16 * mib), 16);
        assert_eq!(fit_parallel(16, each, 1024, 256 * mib + 6 * mib + 1), 6);
        assert_eq!(fit_parallel(16, each, 1024, 100 * mib), 1);
        assert_eq!(fit_parallel(4, each, 1024, u64::MAX), 4);
    }

    #[test]
    fn a_shared_prefix_is_counted_once() {
        let mib = 1u64 << 20;
        // 4096 shared tokens (4 MiB) once, then 512 tokens (0.5 MiB) per sequence.
        let pool = KvPlan {
            fixed: 4096,
            per_sequence: 512,
        };
        assert_eq!(pool.cells(16), 4096 + 16 * 512);
        assert_eq!(fit_parallel(16, pool, 1024, 256 * mib + 12 * mib), 16);
        assert_eq!(fit_parallel(16, pool, 1024, 256 * mib + 6 * mib), 4);
    }

    #[test]
    fn sizes_read_with_units() {
        assert_eq!(super::parse_size("123"), Some(123));
        assert_eq!(super::parse_size("512M"), Some(512 << 20));
        assert_eq!(super::parse_size("1.5GiB"), Some(3 << 29));
        assert_eq!(super::parse_size("2 GB"), Some(2 << 30));
        assert_eq!(super::parse_size("lots"), None);
    }

    #[test]
    fn available_ram_is_reported_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(super::available_ram_bytes().is_some_and(|b| b > 0));
        }
    }

    #[test]
    fn peak_is_reported_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(super::peak_rss_bytes().is_some_and(|b| b > 0));
        }
    }
}
