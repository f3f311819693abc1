//! "Læs op": the article read aloud by the browser's speech synthesis with a Danish
//! (`da-DK`) voice, where the device has one. The paragraph being read is marked and
//! scrolled into view by src/speech.js; this module is its typed face.

/// Calls `found` once the device has a Danish voice (never without one, nor on the
/// server), and `ended` when reading reached the end of the text.
pub fn init(found: impl Fn() + 'static, ended: impl Fn() + 'static) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::prelude::Closure;
        let found = Closure::<dyn Fn()>::new(found);
        let ended = Closure::<dyn Fn()>::new(ended);
        js::init(&found, &ended);
        // Kept for the page's life: voices can arrive late, reading can end any time.
        found.forget();
        ended.forget();
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (found, ended);
}

/// Reads the text inside the elements `selector` names, from its start.
pub fn play(selector: &str) {
    #[cfg(target_arch = "wasm32")]
    js::play(selector);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = selector;
}

pub fn pause() {
    #[cfg(target_arch = "wasm32")]
    js::pause();
}

pub fn resume() {
    #[cfg(target_arch = "wasm32")]
    js::resume();
}

pub fn stop() {
    #[cfg(target_arch = "wasm32")]
    js::stop();
}

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/speech.js")]
    extern "C" {
        pub fn init(found: &Closure<dyn Fn()>, ended: &Closure<dyn Fn()>);
        pub fn play(selector: &str);
        pub fn pause();
        pub fn resume();
        pub fn stop();
    }
}
