//! The pictures' WebP copies (`/billede/<width>/<path>`) and the markup that names them:
//! the article's picture with `srcset`, `sizes`, its size and early fetch.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestServer, text};
use http_body_util::BodyExt;

/// A real photograph-like JPEG, 1000 × 500, at `images/foto.jpg` of the server's content.
fn photo(server: &TestServer) {
    let picture = image::RgbImage::from_fn(1000, 500, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    picture.save(server.content().join("images/foto.jpg")).unwrap();
}

/// Width and height from a lossy WebP's VP8 frame header.
fn webp_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!((&bytes[..4], &bytes[8..12]), (&b"RIFF"[..], &b"WEBP"[..]), "not a WebP file");
    let frame = bytes.windows(4).position(|w| w == b"VP8 ").expect("a lossy frame") + 8;
    let b = &bytes[frame + 6..frame + 10];
    (u32::from(u16::from_le_bytes([b[0], b[1]]) & 0x3fff), u32::from(u16::from_le_bytes([b[2], b[3]]) & 0x3fff))
}

#[tokio::test]
async fn a_copy_is_webp_at_the_width_asked_made_once_and_revalidated() {
    let server = TestServer::new();
    photo(&server);
    let response = server.get("/billede/400/images/foto.jpg").await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(headers[header::CONTENT_TYPE], "image/webp");
    // Like the originals: a picture may be replaced under its name, so browsers revalidate.
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    let etag = headers[header::ETAG].clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(webp_size(&bytes), (400, 200));
    let original = std::fs::metadata(server.content().join("images/foto.jpg")).unwrap().len();
    assert!((bytes.len() as u64) < original, "{} bytes, the original {original}", bytes.len());

    // Kept beside the database, outside the served directories.
    let cache = server.dir.path().join("data/picture-cache");
    assert_eq!(server.config.picture_cache(), cache);
    let kept: Vec<_> = std::fs::read_dir(&cache).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read(&kept[0]).unwrap(), bytes);

    let again = Request::get("/billede/400/images/foto.jpg").header(header::IF_NONE_MATCH, etag).body(Body::empty());
    assert_eq!(server.request(again.unwrap()).await.status(), StatusCode::NOT_MODIFIED);

    // Never enlarged: the 800 copy of a 1000 wide picture is 800, and a replaced picture
    // gets a new copy.
    let response = server.get("/billede/800/images/foto.jpg").await;
    assert_eq!(webp_size(&response.into_body().collect().await.unwrap().to_bytes()), (800, 400));
    image::RgbImage::from_pixel(600, 800, image::Rgb([10, 20, 30]))
        .save(server.content().join("images/foto.jpg"))
        .unwrap();
    let response = server.get("/billede/800/images/foto.jpg").await;
    assert_eq!(webp_size(&response.into_body().collect().await.unwrap().to_bytes()), (600, 800));
}

#[tokio::test]
async fn only_our_pictures_at_our_widths_have_copies() {
    let server = TestServer::new();
    photo(&server);
    std::fs::write(server.content().join("images/tegning.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    for path in [
        "/billede/300/images/foto.jpg",
        "/billede/abc/images/foto.jpg",
        "/billede/400/images/mangler.jpg",
        "/billede/400/images/tegning.svg",
        "/billede/400/feed.json",
        "/billede/400/images/../../data/beboerblad.db",
        "/billede/400/images/%2e%2e/feed.json",
        // Not a picture at all, though named like one.
        "/billede/400/images/legeplads.jpg",
    ] {
        assert_eq!(server.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn the_article_picture_names_its_copies_its_size_and_is_fetched_early() {
    let server = TestServer::new();
    let html = text(server.get("/artikel/legeplads").await).await;
    assert!(html.contains(r#"<meta name="beboerblad-picture-variants" content="webp">"#), "{html}");
    let hero = &html[html.find(r#"<figure class="hero">"#).expect("the picture")..];
    let hero = &hero[..hero.find("</figure>").unwrap()];
    assert!(
        hero.contains(
            r#"<source type="image/webp" srcset="/billede/240/images/legeplads.jpg 240w, /billede/400/images/legeplads.jpg 400w, /billede/680/images/legeplads.jpg 680w, /billede/800/images/legeplads.jpg 800w" sizes="(min-width: 42rem) 40rem, calc(100vw - 2rem)">"#
        ),
        "{hero}"
    );
    let img = &hero[hero.find("<img").unwrap()..];
    for attribute in [r#"src="/images/legeplads.jpg""#, r#"width="800""#, r#"height="450""#, r#"fetchpriority="high""#]
    {
        assert!(img.contains(attribute), "{attribute} missing: {img}");
    }
    assert!(!img.contains("loading="), "the first picture is not lazy: {img}");

    // Pictures further down (the source box's cover) are lazy, with copies too.
    let source = &html[html.find(r#"class="source-cover""#).expect("the source box")..];
    let source = &source[..source.find("</a>").unwrap()];
    assert!(
        source.contains(r#"srcset="/billede/240/images/forside.jpg 240w, /billede/400/images/forside.jpg 400w"#),
        "{source}"
    );
    assert!(source.contains(r#"loading="lazy""#), "{source}");
}
