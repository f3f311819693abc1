//! The app's effects, each with its body boxed: they all share one instantiation of
//! Leptos' effect (the task that waits for a change and runs the body), instead of one per
//! closure type (0.3–0.8 KB of WASM each; issue 11).

use leptos::prelude::Effect;

/// Runs `body` once soon and again whenever a signal it read changes, for as long as the
/// reactive owner it was made under lives (like [`Effect::new`]).
pub fn effect(body: impl FnMut() + 'static) {
    let mut body: Box<dyn FnMut()> = Box::new(body);
    Effect::new(move |_| body());
}
