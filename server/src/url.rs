//! URLs in a feed: resolving relative ones against the feed's own URL, and which
//! kinds of URL the reader accepts for links and images.

/// Resolves `url` against `base` (a feed's URL: absolute, or a path from the site root).
pub fn resolve(base: &str, url: &str) -> String {
    let url = url.trim();
    if url.contains("://")
        || url.starts_with("data:")
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
        || url.starts_with('#')
    {
        return url.to_string();
    }
    let (origin, path) = split_origin(base);
    if let Some(rest) = url.strip_prefix("//") {
        let scheme = origin.split("://").next().filter(|s| !s.is_empty()).unwrap_or("https");
        return format!("{scheme}://{rest}");
    }
    if url.starts_with('/') {
        return format!("{origin}{}", normalize(url));
    }
    let dir = path.rfind('/').map(|i| &path[..=i]).unwrap_or("/");
    format!("{origin}{}", normalize(&format!("{dir}{url}")))
}

/// `https://host/a/b` → (`https://host`, `/a/b`); `/a/b` → (``, `/a/b`).
fn split_origin(base: &str) -> (&str, &str) {
    let base = base.split(['?', '#']).next().unwrap_or_default();
    match base.find("://") {
        Some(i) => match base[i + 3..].find('/') {
            Some(j) => base.split_at(i + 3 + j),
            None => (base, "/"),
        },
        None if base.starts_with('/') => ("", base),
        None => ("", "/"),
    }
}

/// Removes `.` and `..` segments from an absolute path.
fn normalize(path: &str) -> String {
    let (path, suffix) = match path.find(['?', '#']) {
        Some(i) => path.split_at(i),
        None => (path, ""),
    };
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/').skip(1) {
        match seg {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    format!("/{}{suffix}", out.join("/"))
}

pub fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

pub fn is_image_url(url: &str) -> bool {
    is_web_url(url) || url.starts_with('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_urls() {
        assert_eq!(resolve("/feed.json", "images/a.jpg"), "/images/a.jpg");
        assert_eq!(resolve("/blad/feed.json", "../images/a.jpg"), "/images/a.jpg");
        assert_eq!(resolve("https://x.dk/f/feed.json", "a.jpg"), "https://x.dk/f/a.jpg");
        assert_eq!(resolve("https://x.dk/f/feed.json", "/a.jpg"), "https://x.dk/a.jpg");
        assert_eq!(resolve("https://x.dk", "a.jpg"), "https://x.dk/a.jpg");
        assert_eq!(resolve("https://x.dk/feed.json", "//cdn.dk/a.jpg"), "https://cdn.dk/a.jpg");
        assert_eq!(resolve("/feed.json", "https://cdn.dk/a.jpg"), "https://cdn.dk/a.jpg");
        assert_eq!(resolve("feed.json", "feed-2.json"), "/feed-2.json");
    }

    #[test]
    fn web_and_image_urls() {
        assert!(is_web_url("HTTPS://x.dk/") && is_web_url("http://x.dk"));
        assert!(!is_web_url("javascript:alert(1)") && !is_web_url("/a.jpg"));
        assert!(is_image_url("/a.jpg") && !is_image_url("data:image/png;base64,AA"));
    }
}
