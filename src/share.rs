//! Sharing an article: the device's share sheet (Web Share API) where there is one,
//! otherwise copying the title and link. What is shared is the article's title and its
//! canonical URL (the full reader's address, never an embed's).

/// Whether the device has a share sheet (browser only; `false` on the server).
pub fn can_share() -> bool {
    #[cfg(target_arch = "wasm32")]
    return js::can_share();
    #[cfg(not(target_arch = "wasm32"))]
    false
}

/// The absolute URL of `path` (a path from the site's root) on this site.
pub fn absolute(path: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return format!("{}{path}", js::origin());
    #[cfg(not(target_arch = "wasm32"))]
    path.to_string()
}

/// The text "Kopiér link" puts on the clipboard: the title, and the URL on its own line.
pub fn copied_text(title: &str, url: &str) -> String {
    format!("{title}\n{url}")
}

/// Opens the share sheet; `true` once shared.
pub async fn share(title: &str, url: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    return wasm_bindgen_futures::JsFuture::from(js::share(title, url)).await.ok().and_then(|v| v.as_bool())
        == Some(true);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (title, url);
        false
    }
}

/// Copies `text` to the clipboard; `true` when it worked.
pub async fn copy(text: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    return wasm_bindgen_futures::JsFuture::from(js::copy(text)).await.ok().and_then(|v| v.as_bool()) == Some(true);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = text;
        false
    }
}

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/share.js")]
    extern "C" {
        #[wasm_bindgen(js_name = canShare)]
        pub fn can_share() -> bool;
        pub fn origin() -> String;
        pub fn share(title: &str, url: &str) -> js_sys::Promise;
        pub fn copy(text: &str) -> js_sys::Promise;
    }
}
