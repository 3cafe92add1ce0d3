//! Telling "out of memory" from a bug in the page.
//!
//! In wasm, Rust aborts with an `unreachable` trap in two cases. One is a
//! panic, which is a bug. The other is an allocation that fails: the memory
//! stops at 4 GiB, and a browser may refuse to grow it sooner. Safe Rust
//! has no other way to trap. The page's modules install their panic hook
//! with [`install_panic_hook`], which records the panic. After a trap the
//! worker asks [`panicked`]: if no panic came first, the file needed more
//! memory than the page could get, and the user is told that instead of
//! being asked to report a bug.
//!
//! A custom global allocator that records failed requests would also say
//! how much was asked for, but it made the main module 10–26 KB larger
//! (gzipped), past its budget (BENCHMARKS.md).

use std::sync::atomic::{AtomicBool, Ordering};

static PANICKED: AtomicBool = AtomicBool::new(false);

/// Installs the panic hook of a page module: it records the panic, then
/// hands it to `report` (the console, in the page).
pub fn install_panic_hook(report: fn(&std::panic::PanicHookInfo<'_>)) {
    std::panic::set_hook(Box::new(move |info| {
        note_panic();
        report(info);
    }));
}

fn note_panic() {
    PANICKED.store(true, Ordering::Relaxed);
}

/// Whether a panic happened in this instance.
pub fn panicked() -> bool {
    PANICKED.load(Ordering::Relaxed)
}

// Native only: a wasm test build aborts on a panic, which cannot be caught.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn the_hook_records_a_panic_then_reports_it() {
        // The only test that installs the hook, so the record starts clear.
        assert!(!panicked());
        static REPORTED: AtomicBool = AtomicBool::new(false);
        install_panic_hook(|_| REPORTED.store(true, Ordering::Relaxed));
        let caught = std::panic::catch_unwind(|| panic!("a bug"));
        // Back to the default hook for the other tests.
        let _ = std::panic::take_hook();
        assert!(caught.is_err());
        assert!(panicked());
        assert!(REPORTED.load(Ordering::Relaxed));
    }
}
