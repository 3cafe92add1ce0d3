//! Telling "out of memory" from a bug in the page.
//!
//! In wasm, Rust aborts with an `unreachable` trap in two cases. One is a
//! panic, which is a bug. The other is an allocation that fails: the memory
//! stops at 4 GiB, and a browser may refuse to grow it sooner. Safe Rust
//! has no other way to trap. The page's modules run [`note_panic`] from
//! their panic hook. After a trap the worker asks [`panicked`]: if no panic
//! came first, the file needed more memory than the page could get, and the
//! user is told that instead of being asked to report a bug.
//!
//! A custom global allocator that records failed requests would also say
//! how much was asked for, but it made the main module 10–26 KB larger
//! (gzipped), past its budget (BENCHMARKS.md).

use std::sync::atomic::{AtomicBool, Ordering};

static PANICKED: AtomicBool = AtomicBool::new(false);

/// Records that a panic happened; called from the modules' panic hooks.
pub fn note_panic() {
    PANICKED.store(true, Ordering::Relaxed);
}

/// Whether a panic happened in this instance.
pub fn panicked() -> bool {
    PANICKED.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_noted_panic_is_remembered() {
        // The only test that touches the flag, so it starts clear.
        assert!(!panicked());
        note_panic();
        assert!(panicked());
    }
}
