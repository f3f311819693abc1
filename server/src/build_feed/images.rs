//! The pictures an editor's sources name: each checked (there, readable, a format every
//! browser shows) and measured, and given its name in the output's `images/` folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use imagesize::ImageType;

use super::problems::Kind;

/// Where the pictures go, below the output folder (and below the feed's URL).
pub const IMAGES_DIR: &str = "images";

/// A picture found, measured and named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// Its URL from the site root as the reader resolves it (`/images/a.jpg`).
    pub url: String,
    pub width: u32,
    pub height: u32,
}

/// The pictures met so far: one output name per source file, no name taken twice.
#[derive(Debug, Default)]
pub struct Pictures {
    by_source: HashMap<PathBuf, Picture>,
    /// Output file name → the source file that has it.
    names: HashMap<String, PathBuf>,
}

impl Pictures {
    /// Checks the picture at `path` (written by the editor as `written`) and names it.
    pub fn add(&mut self, path: &Path, written: &str) -> Result<Picture, Kind> {
        if let Some(picture) = self.by_source.get(path) {
            return Ok(picture.clone());
        }
        let (width, height) = measure(path, written)?;
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        match self.names.get(&name) {
            Some(other) if other != path => return Err(Kind::ImageNameTaken(other.display().to_string())),
            _ => {}
        }
        self.names.insert(name.clone(), path.to_path_buf());
        let picture = Picture { url: format!("/{IMAGES_DIR}/{name}"), width, height };
        self.by_source.insert(path.to_path_buf(), picture.clone());
        Ok(picture)
    }

    /// Source file → name in the `images/` folder, for copying.
    pub fn files(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.names.iter().map(|(name, source)| (source.as_path(), name.as_str()))
    }
}

/// Width and height in pixels of a picture in a format browsers show.
pub fn measure(path: &Path, written: &str) -> Result<(u32, u32), Kind> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Kind::ImageMissing(written.into())),
        Err(_) => return Err(Kind::ImageUnreadable(written.into())),
    };
    let shown_by_browsers = matches!(
        imagesize::image_type(&bytes),
        Ok(ImageType::Jpeg
            | ImageType::Png
            | ImageType::Webp
            | ImageType::Gif
            | ImageType::Heif(imagesize::Compression::Av1))
    );
    if !shown_by_browsers {
        return Err(Kind::ImageFormat(written.into()));
    }
    let size = imagesize::blob_size(&bytes).map_err(|_| Kind::ImageUnreadable(written.into()))?;
    match (u32::try_from(size.width), u32::try_from(size.height)) {
        (Ok(w), Ok(h)) if w > 0 && h > 0 => Ok((w, h)),
        _ => Err(Kind::ImageUnreadable(written.into())),
    }
}
