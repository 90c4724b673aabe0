//! `ddx models list|info|verify|add`: the GGUF files ddx knows, their metadata, their integrity,
//! and registering a local file under a name.
//!
//! Everything here reads GGUF headers only (models::read_header), never the weights, so listing
//! a directory of 40 GB models is instant. Tables and JSON go to stdout, warnings to stderr.

mod add;
mod info;
mod list;
mod verify;

pub use add::{add, add_served, Served};
pub use info::info;
pub use list::list;
pub use verify::verify;

/// 134515008 → "134.5M".
pub fn human_count(n: u64) -> String {
    let n = n as f64;
    if n >= 1e9 {
        format!("{:.1}B", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.1}M", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.1}K", n / 1e3)
    } else {
        format!("{n}")
    }
}

/// 98362432 → "93.8 MiB".
pub fn human_bytes(n: u64) -> String {
    let n = n as f64;
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_numbers() {
        assert_eq!(human_count(134_515_008), "134.5M");
        assert_eq!(human_count(7_241_732_096), "7.2B");
        assert_eq!(human_count(999), "999");
        assert_eq!(human_bytes(98_362_432), "93.8 MiB");
        assert_eq!(human_bytes(512), "512 B");
    }
}
