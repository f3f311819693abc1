//! Smaller WebP copies of the content's pictures (`/billede/<width>/<path>`, see the app's
//! `picture` module), for `srcset`: a phone downloads a picture the size its screen shows,
//! in a format a third smaller than JPEG.
//!
//! Made by the server, once per picture and width, on the first request, and kept on disk
//! beside the database (never inside a served directory): editors put pictures into
//! `--content` by hand or with the feed, and the server is the one place that sees every
//! one of them, so no build step can be forgotten. A copy is named by a hash of the
//! original's path, size and modification time and the width, so a replaced picture gets
//! new copies; the old ones stay until the cache directory is emptied (safe at any time).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode};
use axum::response::IntoResponse;
use beboerblad::picture::{EXTENSIONS, WIDTHS};
use image::{ImageReader, Limits};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use super::auth::hex;
use super::static_files::relative_path;

/// WebP quality (0–100): pictures in a magazine, seen on phones.
const QUALITY: f32 = 75.0;
/// Originals larger than this are not converted (a picture bomb would take the server's memory).
const MAX_PIXELS: u32 = 8000;

pub struct Pictures {
    content: PathBuf,
    cache: PathBuf,
    /// Conversions at once: they take a core each, and pages must stay quick meanwhile.
    converting: Semaphore,
}

impl Pictures {
    pub fn new(content: PathBuf, cache: PathBuf) -> Arc<Self> {
        Arc::new(Self { content, cache, converting: Semaphore::new(1) })
    }

    /// The copy of `path` (below `--content`) at `width`, or 404 for anything else: a
    /// width we do not make, a path that is not a picture we convert, a missing file.
    pub async fn serve(self: Arc<Self>, width: &str, path: &str, request: &HeaderMap) -> Response<Body> {
        match self.copy(width, path).await {
            Some(bytes) => super::etag::by_content(bytes, request, HeaderValue::from_static("image/webp")),
            None => StatusCode::NOT_FOUND.into_response(),
        }
    }

    async fn copy(&self, width: &str, path: &str) -> Option<Vec<u8>> {
        let width: u32 = width.parse().ok().filter(|w| WIDTHS.contains(w))?;
        let relative = relative_path(path)?;
        let extension = relative.extension()?.to_str()?.to_ascii_lowercase();
        if !EXTENSIONS.contains(&extension.as_str()) {
            return None;
        }
        let original = self.content.join(&relative);
        // Only files inside `--content` (no symlink out of it).
        let root = tokio::fs::canonicalize(&self.content).await.ok()?;
        let real = tokio::fs::canonicalize(&original).await.ok()?;
        if !real.starts_with(&root) {
            return None;
        }
        let meta = tokio::fs::metadata(&real).await.ok().filter(|m| m.is_file())?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
        let key = Sha256::digest(format!("{}\n{}\n{modified}\n{width}", relative.display(), meta.len()));
        let cached = self.cache.join(format!("{}.webp", hex(&key[..16])));
        if let Ok(bytes) = tokio::fs::read(&cached).await {
            return Some(bytes);
        }
        let _turn = self.converting.acquire().await.ok()?;
        // Made while this request waited its turn.
        if let Ok(bytes) = tokio::fs::read(&cached).await {
            return Some(bytes);
        }
        let cache = self.cache.clone();
        let made = tokio::task::spawn_blocking(move || {
            let bytes = convert(&real, width)?;
            store(&cache, &cached, &bytes);
            Some(bytes)
        });
        made.await.ok().flatten()
    }
}

/// The picture at `original` as WebP, no wider than `width` (never enlarged).
fn convert(original: &Path, width: u32) -> Option<Vec<u8>> {
    let mut reader = ImageReader::open(original).ok()?.with_guessed_format().ok()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PIXELS);
    limits.max_image_height = Some(MAX_PIXELS);
    reader.limits(limits);
    let picture = match reader.decode() {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!("cannot convert {}: {e}", original.display());
            return None;
        }
    };
    let picture = if picture.width() > width {
        let height = (u64::from(picture.height()) * u64::from(width) / u64::from(picture.width())).max(1);
        picture.resize_exact(width, u32::try_from(height).ok()?, image::imageops::FilterType::CatmullRom)
    } else {
        picture
    };
    // Photographs: RGB (an alpha channel only where the original has one).
    let bytes = if picture.color().has_alpha() {
        let rgba = picture.to_rgba8();
        webp::Encoder::from_rgba(&rgba, rgba.width(), rgba.height()).encode(QUALITY).to_vec()
    } else {
        let rgb = picture.to_rgb8();
        webp::Encoder::from_rgb(&rgb, rgb.width(), rgb.height()).encode(QUALITY).to_vec()
    };
    Some(bytes)
}

/// Keeps the copy (written aside, then renamed: a reader never sees half a file; one
/// conversion at a time, so the name aside is this copy's alone). A copy that cannot be
/// kept is still served; the next request makes it again.
fn store(cache: &Path, file: &Path, bytes: &[u8]) {
    let partial = file.with_extension("part");
    let kept = std::fs::create_dir_all(cache)
        .and_then(|()| std::fs::File::create(&partial)?.write_all(bytes))
        .and_then(|()| std::fs::rename(&partial, file));
    if let Err(e) = kept {
        tracing::warn!("cannot keep a picture copy in {}: {e}", cache.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_made_smaller_never_larger() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let original = dir.path().join("a.png");
        image::RgbImage::from_pixel(1000, 500, image::Rgb([200, 120, 40]))
            .save(&original)
            .unwrap_or_else(|e| panic!("{e}"));
        for (width, expected) in [(400, (400, 200)), (800, (800, 400)), (2000, (1000, 500))] {
            let bytes = convert(&original, width).unwrap_or_else(|| panic!("no copy at {width}"));
            // The `image` crate here decodes JPEG and PNG only: the WebP header tells the size.
            assert_eq!(&bytes[..4], b"RIFF");
            assert_eq!(&bytes[8..12], b"WEBP");
            assert_eq!(webp_size(&bytes), Some(expected), "width {width}");
        }
    }

    /// Width and height from a lossy WebP's VP8 frame header.
    fn webp_size(bytes: &[u8]) -> Option<(u32, u32)> {
        let frame = bytes.windows(4).position(|w| w == b"VP8 ")? + 8;
        let b = &bytes[frame + 6..frame + 10];
        Some((
            u32::from(u16::from_le_bytes([b[0], b[1]]) & 0x3fff),
            u32::from(u16::from_le_bytes([b[2], b[3]]) & 0x3fff),
        ))
    }
}
