//! Sharing an article: the device's share sheet (Web Share API) where there is one,
//! otherwise copying the title and link. What is shared is the article's title and its
//! canonical URL (the full reader's address, never an embed's).

/// The text "Kopiér link" puts on the clipboard: the title, and the URL on its own line.
pub fn copied_text(title: &str, url: &str) -> String {
    format!("{title}\n{url}")
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    #[wasm_bindgen(module = "/src/share.js")]
    extern "C" {
        #[wasm_bindgen(js_name = canShare)]
        fn can_share_js() -> bool;
        fn origin() -> String;
        #[wasm_bindgen(js_name = share)]
        fn share_js(title: &str, url: &str) -> js_sys::Promise;
        #[wasm_bindgen(js_name = copy)]
        fn copy_js(text: &str) -> js_sys::Promise;
    }

    /// Whether the device has a share sheet.
    pub fn can_share() -> bool {
        can_share_js()
    }

    /// The absolute URL of `path` (a path from the site's root) on this site.
    pub fn absolute(path: &str) -> String {
        format!("{}{path}", origin())
    }

    /// Opens the share sheet; `true` once shared.
    pub async fn share(title: &str, url: &str) -> bool {
        JsFuture::from(share_js(title, url)).await.ok().and_then(|v| v.as_bool()) == Some(true)
    }

    /// Copies `text` to the clipboard; `true` when it worked.
    pub async fn copy(text: &str) -> bool {
        JsFuture::from(copy_js(text)).await.ok().and_then(|v| v.as_bool()) == Some(true)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn can_share() -> bool {
        false
    }

    pub fn absolute(path: &str) -> String {
        path.to_string()
    }

    pub async fn share(_title: &str, _url: &str) -> bool {
        false
    }

    pub async fn copy(_text: &str) -> bool {
        false
    }
}

pub use imp::*;
