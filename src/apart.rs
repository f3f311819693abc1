//! Code kept in a function of its own, never inlined into its caller.
//!
//! The browser compiles each WebAssembly function the first time it runs, on the main
//! thread, all of it at once. A function that holds every branch of a `match` (every
//! page, say) is compiled whole even though one branch runs, and taking over a page is
//! then a longer task (issue 11: no long task during takeover). A branch run [`apart`]
//! is its own function, compiled only when that branch runs.
//!
//! `#[inline(never)]` is not enough: wasm-opt inlines every function called from one place
//! only. A function called through a pointer it cannot see through stays apart.

/// Runs `f` as a function of its own (see the module's documentation).
pub fn apart<F: FnOnce() -> R, R>(f: F) -> R {
    let run: fn(F) -> R = |f| f();
    std::hint::black_box(run)(f)
}
