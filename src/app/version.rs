//! What `ddx --version` prints: ddx's version, the llama.cpp it was built with, the compiled
//! backends and the CPU kernels, so a bug report says exactly what ran.
//!
//! Everything here is known at compile time or read cheaply from the CPU; nothing loads llama.cpp
//! (that would make every `ddx` invocation pay for device discovery).

use std::sync::OnceLock;

/// The llama-cpp-2 crate ddx is built on (pinned in Cargo.toml).
pub const LLAMA_CPP_2_VERSION: &str = "0.1.160";
/// The llama-cpp-sys-2 crate that vendors and builds llama.cpp (resolved in Cargo.lock).
pub const LLAMA_CPP_SYS_VERSION: &str = "0.1.161";

/// Backends compiled into this binary.
pub fn backends() -> Vec<&'static str> {
    let mut backends = vec!["CPU"];
    if cfg!(feature = "cuda") {
        backends.push("CUDA");
    }
    // llama-cpp-2 turns Metal on by itself on Apple silicon.
    if cfg!(feature = "metal") || cfg!(all(target_os = "macos", target_arch = "aarch64")) {
        backends.push("Metal");
    }
    if cfg!(feature = "vulkan") {
        backends.push("Vulkan");
    }
    backends
}

/// The instruction set llama.cpp's CPU kernels were compiled for.
///
/// llama-cpp-sys-2 builds with `-march=native` only when Rust itself targets the native CPU
/// (`RUSTFLAGS="-C target-cpu=native"`, which then also shows in Rust's target features);
/// otherwise it compiles llama.cpp's portable x86-64 set: SSE4.2, AVX, AVX2, FMA, F16C, BMI2.
pub fn cpu_kernels() -> &'static str {
    if cfg!(target_feature = "avx512f") {
        "AVX-512 (native build)"
    } else if cfg!(target_arch = "x86_64") {
        "AVX2 (portable build)"
    } else if cfg!(target_arch = "aarch64") {
        "NEON"
    } else {
        "generic"
    }
}

/// What this machine's CPU could use beyond what the binary was built for.
pub fn cpu_note() -> Option<&'static str> {
    #[cfg(target_arch = "x86_64")]
    {
        if !cfg!(target_feature = "avx512f") && std::arch::is_x86_feature_detected!("avx512f") {
            return Some(
                "this CPU has AVX-512: rebuild with RUSTFLAGS=\"-C target-cpu=native\" to use it",
            );
        }
    }
    None
}

/// The `--version` text (after the program name).
pub fn long_version() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut text = format!(
            "{}\nllama.cpp: vendored by llama-cpp-sys-2 {LLAMA_CPP_SYS_VERSION} (llama-cpp-2 {LLAMA_CPP_2_VERSION})\n\
             backends: {}\ncpu kernels: {}",
            env!("CARGO_PKG_VERSION"),
            backends().join(", "),
            cpu_kernels()
        );
        if let Some(note) = cpu_note() {
            text.push_str(&format!(" ({note})"));
        }
        text.push_str(&format!("\ncpu workers: {}", super::openmp::describe()));
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn llama_versions_match_the_lock_file() {
        let lock = include_str!("../../Cargo.lock");
        for (name, version) in [
            ("llama-cpp-2", LLAMA_CPP_2_VERSION),
            ("llama-cpp-sys-2", LLAMA_CPP_SYS_VERSION),
        ] {
            let entry = format!("name = \"{name}\"\nversion = \"{version}\"");
            assert!(lock.contains(&entry), "Cargo.lock has no {entry}");
        }
    }

    #[test]
    fn cpu_backend_is_always_listed() {
        assert_eq!(backends()[0], "CPU");
        assert!(long_version().starts_with(env!("CARGO_PKG_VERSION")));
    }
}
