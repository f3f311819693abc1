//! The reader's display preferences: a dark or light screen (or the system's choice)
//! and the article text size. Kept in localStorage and shown as attributes of `<html>`
//! (`data-theme`, `data-text-size`) that style/main.css follows; the small script in
//! index.html sets the same attributes from the same keys before the first paint, so a
//! page never shows in the wrong colours or size first (see README, Reading comfort).

use leptos::prelude::*;

/// Versioned keys, as in `storage.rs`; index.html's script reads them too.
pub const THEME_KEY: &str = "beboerblad.tema.v1";
pub const TEXT_SIZE_KEY: &str = "beboerblad.tekst.v1";
pub const THEME_ATTRIBUTE: &str = "data-theme";
pub const TEXT_SIZE_ATTRIBUTE: &str = "data-text-size";

/// Text sizes of article text as the reading tools show them (the stylesheet sizes the
/// text by step, `data-text-size`); step 0 is the normal size.
pub const TEXT_SIZES: [&str; 4] = ["100 %", "115 %", "130 %", "150 %"];

/// The reader's colour choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Whatever the system prefers (`prefers-color-scheme`).
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    fn stored(value: Option<&str>) -> Self {
        match value {
            Some("light") => Self::Light,
            Some("dark") => Self::Dark,
            _ => Self::System,
        }
    }

    fn value(self) -> Option<&'static str> {
        match self {
            Self::System => None,
            Self::Light => Some("light"),
            Self::Dark => Some("dark"),
        }
    }

    pub fn is_dark(self, system_dark: bool) -> bool {
        match self {
            Self::System => system_dark,
            Self::Light => false,
            Self::Dark => true,
        }
    }

    /// The choice after the reader switches the screen to the other colours: what the
    /// system shows anyway is no choice, so from then on the screen follows the system.
    pub fn switched(self, system_dark: bool) -> Self {
        match (!self.is_dark(system_dark), system_dark) {
            (dark, system) if dark == system => Self::System,
            (true, _) => Self::Dark,
            (false, _) => Self::Light,
        }
    }
}

/// A text size step stored as its index in [`TEXT_SIZES`]; anything else is step 0.
fn text_size_step(value: Option<&str>) -> usize {
    value.and_then(|v| v.parse::<usize>().ok()).filter(|&s| s < TEXT_SIZES.len()).unwrap_or(0)
}

/// The preferences as the page shows them. Until the app has taken over the server's
/// page they are the defaults (the server cannot know them; `<html>` already carries
/// them from index.html's script), then the stored ones.
#[derive(Clone, Copy)]
pub struct Prefs {
    pub theme: RwSignal<Theme>,
    pub system_dark: RwSignal<bool>,
    /// Index into [`TEXT_SIZES`].
    pub text_size: RwSignal<usize>,
}

impl Prefs {
    pub fn new() -> Self {
        Self { theme: RwSignal::new(Theme::System), system_dark: RwSignal::new(false), text_size: RwSignal::new(0) }
    }

    pub fn current() -> Self {
        expect_context()
    }

    /// Reads the stored choices (browser only, after hydration) and follows the system's
    /// colour scheme.
    pub fn start(&self) {
        let system_dark = self.system_dark;
        self.system_dark.set(js::watch_dark(move |dark| system_dark.set(dark)));
        self.theme.set(Theme::stored(js::stored(THEME_KEY).as_deref()));
        self.text_size.set(text_size_step(js::stored(TEXT_SIZE_KEY).as_deref()));
    }

    pub fn is_dark(&self) -> bool {
        self.theme.get().is_dark(self.system_dark.get())
    }

    /// Switches the screen to the other colours, and remembers it.
    pub fn switch_theme(&self) {
        let theme = self.theme.get_untracked().switched(self.system_dark.get_untracked());
        self.theme.set(theme);
        js::store(THEME_KEY, theme.value());
        js::mark(THEME_ATTRIBUTE, theme.value());
    }

    /// Moves the text size `by` steps (within the steps there are), and remembers it.
    pub fn change_text_size(&self, by: isize) {
        let step = self.text_size.get_untracked().saturating_add_signed(by).min(TEXT_SIZES.len() - 1);
        self.text_size.set(step);
        let value = (step > 0).then(|| step.to_string());
        js::store(TEXT_SIZE_KEY, value.as_deref());
        js::mark(TEXT_SIZE_ATTRIBUTE, value.as_deref());
    }
}

impl Default for Prefs {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/prefs.js")]
    extern "C" {
        pub fn stored(key: &str) -> Option<String>;
        pub fn store(key: &str, value: Option<&str>);
        pub fn mark(name: &str, value: Option<&str>);
        #[wasm_bindgen(js_name = watchDark)]
        fn watch_dark_js(changed: &Closure<dyn Fn(bool)>) -> bool;
    }

    pub fn watch_dark(changed: impl Fn(bool) + 'static) -> bool {
        let changed = Closure::<dyn Fn(bool)>::new(changed);
        let now = watch_dark_js(&changed);
        changed.forget();
        now
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod js {
    pub fn stored(_key: &str) -> Option<String> {
        None
    }
    pub fn store(_key: &str, _value: Option<&str>) {}
    pub fn mark(_name: &str, _value: Option<&str>) {}
    pub fn watch_dark(_changed: impl Fn(bool) + 'static) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_to_what_the_system_shows_follows_the_system() {
        assert_eq!(Theme::System.switched(false), Theme::Dark);
        assert_eq!(Theme::Dark.switched(false), Theme::System);
        assert_eq!(Theme::System.switched(true), Theme::Light);
        assert_eq!(Theme::Light.switched(true), Theme::System);
        // A choice made on another system (the setting changed since).
        assert_eq!(Theme::Dark.switched(true), Theme::Light);
        assert_eq!(Theme::Light.switched(false), Theme::Dark);
    }

    #[test]
    fn stored_values_outside_the_known_ones_are_the_defaults() {
        assert_eq!(Theme::stored(Some("dark")), Theme::Dark);
        assert_eq!(Theme::stored(Some("purple")), Theme::System);
        assert_eq!(Theme::stored(None), Theme::System);
        assert_eq!(text_size_step(Some("3")), 3);
        assert_eq!(text_size_step(Some("4")), 0);
        assert_eq!(text_size_step(Some("-1")), 0);
        assert_eq!(text_size_step(None), 0);
    }
}
