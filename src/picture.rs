//! The server's WebP copies of the content's pictures, at a few widths: which pictures
//! have them and their addresses (`/billede/<width>/<path of the original>`). The app
//! writes them into `srcset`; the server (`server/src/http/pictures.rs`) makes each one
//! on its first request and keeps it on disk.

use crate::site::Site;

/// The widths (pixels) the server makes: thumbnails and covers (7.5rem or less at up
/// to 2×); a phone's column at 1×; a cheap phone's (360 px at 2×, 412 px at 1.75×:
/// 656–665 device pixels, which would otherwise take the 800 copy, a fifth more bytes);
/// a larger phone's and a desktop's.
/// A picture narrower than a width is not enlarged: that copy keeps its own width.
pub const WIDTHS: [u32; 4] = [240, 400, 680, 800];
/// [`WIDTHS`] as they appear in the copies' addresses (written out: no number formatting
/// in the app).
const WIDTH_NAMES: [&str; 4] = ["240", "400", "680", "800"];

/// The route of the copies, below the base path.
pub const ROUTE: &str = "/billede";

/// The kinds of picture the server makes copies of (by the original's extension).
pub const EXTENSIONS: [&str; 3] = ["jpg", "jpeg", "png"];

/// `srcset` for the picture at `src` (as the feed resolved it), or `None` when there are
/// no copies: not served by our server (a static deployment, where only the originals
/// exist), another site's picture, or a kind the server does not convert (SVG, GIF).
pub fn variant_srcset(site: &Site, src: &str) -> Option<String> {
    let odd = |b: u8| matches!(b, b'?' | b'#' | b' ' | b',' | b'\\');
    if !site.has_picture_variants() || src.starts_with("//") || src.bytes().any(odd) {
        return None;
    }
    let below = site.base.strip(site.local(src))?;
    let extension = below.rsplit_once('.')?.1;
    // No dotfiles, no `..`: the server would refuse them.
    if !EXTENSIONS.iter().any(|e| extension.eq_ignore_ascii_case(e)) || below.contains("/.") {
        return None;
    }
    let mut set = String::new();
    for name in WIDTH_NAMES {
        if !set.is_empty() {
            set.push_str(", ");
        }
        set.push_str(site.base.trimmed());
        for part in [ROUTE, "/", name, below, " ", name, "w"] {
            set.push_str(part);
        }
    }
    Some(set)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::BasePath;

    fn served(base: &str) -> Site {
        Site::new(base.parse::<BasePath>().unwrap_or_default(), None).with_picture_variants()
    }

    #[test]
    fn the_width_names_are_the_widths() {
        assert_eq!(WIDTH_NAMES.map(|n| n.parse::<u32>().ok()), WIDTHS.map(Some));
    }

    #[test]
    fn our_raster_pictures_get_webp_copies_at_each_width() {
        assert_eq!(
            variant_srcset(&served("/"), "/images/a.jpg").as_deref(),
            Some(
                "/billede/240/images/a.jpg 240w, /billede/400/images/a.jpg 400w, /billede/680/images/a.jpg 680w, /billede/800/images/a.jpg 800w"
            )
        );
        assert_eq!(
            variant_srcset(&served("/blad/"), "/blad/images/Forside.PNG").as_deref(),
            Some(
                "/blad/billede/240/images/Forside.PNG 240w, /blad/billede/400/images/Forside.PNG 400w, \
                 /blad/billede/680/images/Forside.PNG 680w, /blad/billede/800/images/Forside.PNG 800w"
            )
        );
    }

    #[test]
    fn the_whole_feeds_absolute_urls_of_our_origin_count_as_ours() {
        let site = served("/blad/").with_origin("https://blad.example");
        assert_eq!(
            variant_srcset(&site, "https://blad.example/blad/images/a.jpg").as_deref(),
            Some(
                "/blad/billede/240/images/a.jpg 240w, /blad/billede/400/images/a.jpg 400w, /blad/billede/680/images/a.jpg 680w, \
                 /blad/billede/800/images/a.jpg 800w"
            )
        );
        for src in [
            "https://andet.example/blad/images/a.jpg",
            "https://blad.example.evil/blad/images/a.jpg",
            "https://blad.example//x/blad/images/a.jpg",
        ] {
            assert_eq!(variant_srcset(&site, src), None, "{src}");
        }
    }

    #[test]
    fn no_copies_without_our_server_or_for_other_pictures() {
        let static_host = Site::new(BasePath::default(), None);
        assert_eq!(variant_srcset(&static_host, "/images/a.jpg"), None);
        assert_eq!(variant_srcset(&served("/"), "//andet.example/images/a.jpg"), None);
        let site = served("/blad/");
        for src in [
            "https://andet.example/a.jpg",
            "//andet.example/a.jpg",
            "/images/a.jpg",
            "/blad/images/a.svg",
            "/blad/images/a.gif",
            "/blad/images/a",
            "/blad/images/a.jpg?v=2",
            "/blad/images/a b.jpg",
            "/blad/../x.jpg",
            "data:image/jpeg;base64,AA",
        ] {
            assert_eq!(variant_srcset(&site, src), None, "{src}");
        }
    }
}
