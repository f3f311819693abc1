//! Brotli for answers compressed once rather than per request (the feed, cached pages):
//! whether a client takes brotli, compressing at the best quality, and joining pieces
//! compressed apart into one stream (brotli's concatenable streams), so a page can be
//! compressed once with a gap for each request's CSP nonce.

use std::io::Write;
use std::sync::Arc;

use axum::http::{HeaderMap, header};
use brotli::concat::{BroCatli, BroCatliResult};
use brotli::enc::BrotliEncoderParams;

/// The best compression: done once per page or feed edition, not per request.
const QUALITY: i32 = 11;
/// The window (log2 bytes) of every piece: the joined stream takes the first one's, and
/// no later piece may have a larger one.
const WINDOW: i32 = 22;

/// Whether the request's `Accept-Encoding` takes brotli (`br`, not with `q=0`).
pub fn accepted(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |coding| {
            let mut params = coding.split(';').map(str::trim);
            let name = params.next().unwrap_or_default();
            let zero = params.any(|p| {
                p.split_once('=').is_some_and(|(k, q)| {
                    k.trim().eq_ignore_ascii_case("q") && q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
                })
            });
            name.eq_ignore_ascii_case("br") && !zero
        },
    )
}

/// A kept answer whose brotli copy is made on first use, not per request.
pub trait CompressOnce: Send + Sync + 'static {
    /// Whether [`Self::compress`] is done.
    fn compressed(&self) -> bool;
    /// Makes the brotli copy unless done (blocking: the best quality takes a while).
    fn compress(&self);
}

/// Makes `kept`'s brotli copy on the blocking pool unless it is made; `what` names it in
/// the log should that fail (the answer is then sent uncompressed).
pub async fn compress_once<T: CompressOnce>(kept: &Arc<T>, what: &str) {
    if kept.compressed() {
        return;
    }
    let compressing = kept.clone();
    if let Err(e) = tokio::task::spawn_blocking(move || compressing.compress()).await {
        tracing::error!("compressing {what} failed: {e}");
    }
}

/// `bytes` as one brotli stream.
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    let params = BrotliEncoderParams { quality: QUALITY, lgwin: WINDOW, size_hint: bytes.len(), ..Default::default() };
    encode(bytes, &params)
}

/// Pieces of one text, each compressed on its own so that [`join`] can put them back
/// together with other pieces between them: the first may be followed by others, the
/// rest may follow one (and refer to nothing before themselves).
pub fn pieces<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<Vec<u8>> {
    texts.into_iter().enumerate().map(|(i, text)| piece(text.as_bytes(), i == 0, QUALITY)).collect()
}

/// A short text (a nonce) compressed to go between [`pieces`]: fast rather than small.
pub fn filler(text: &str) -> Vec<u8> {
    piece(text.as_bytes(), false, 0)
}

fn piece(bytes: &[u8], first: bool, quality: i32) -> Vec<u8> {
    let params = BrotliEncoderParams {
        quality,
        lgwin: WINDOW,
        size_hint: bytes.len(),
        appendable: true,
        catable: !first,
        use_dictionary: first,
        ..Default::default()
    };
    encode(bytes, &params)
}

fn encode(bytes: &[u8], params: &BrotliEncoderParams) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
    {
        let mut writer = brotli::CompressorWriter::with_params(&mut out, 4096, params);
        // Writing into a Vec cannot fail.
        let _ = writer.write_all(bytes);
    }
    out
}

/// Streams made by [`pieces`] and [`filler`], in order, as one brotli stream; `None` if
/// one was not made to be joined (a bug, logged by the caller).
pub fn join(streams: &[&[u8]]) -> Option<Vec<u8>> {
    let mut out = vec![0u8; streams.iter().map(|s| s.len()).sum::<usize>() + 16];
    let mut written = 0;
    let mut cat = BroCatli::new();
    for stream in streams {
        cat.new_brotli_file();
        let mut read = 0;
        loop {
            match cat.stream(stream, &mut read, &mut out, &mut written) {
                BroCatliResult::NeedsMoreInput => break,
                BroCatliResult::NeedsMoreOutput => out.resize(out.len() * 2, 0),
                _ => return None,
            }
        }
    }
    loop {
        match cat.finish(&mut out, &mut written) {
            BroCatliResult::Success => break,
            BroCatliResult::NeedsMoreOutput => out.resize(out.len() * 2, 0),
            _ => return None,
        }
    }
    out.truncate(written);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    type Result = std::result::Result<(), Box<dyn std::error::Error>>;

    fn decompress(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &bytes[..], &mut out)?;
        Ok(out)
    }

    #[test]
    fn joined_pieces_decompress_to_the_text_with_the_fillers_between() -> Result {
        let texts = ["<html><head><script nonce=\"", "\"></script><link nonce=\"", "", "\">".repeat(500).leak()];
        let pieces = pieces(texts.iter().copied());
        for nonce in ["0123456789abcdef0123456789abcdef", "ffffffffffffffffffffffffffffffff"] {
            let filler = filler(nonce);
            let mut streams: Vec<&[u8]> = Vec::new();
            for (i, piece) in pieces.iter().enumerate() {
                if i > 0 {
                    streams.push(&filler);
                }
                streams.push(piece);
            }
            let joined = join(&streams).ok_or("the pieces could not be joined")?;
            assert_eq!(String::from_utf8(decompress(&joined)?)?, texts.join(nonce));
        }
        Ok(())
    }

    #[test]
    fn a_whole_text_compresses_and_back() -> Result {
        let text = "Beboerbladet ".repeat(1000);
        let compressed = compress(text.as_bytes());
        assert!(compressed.len() < text.len() / 20, "{}", compressed.len());
        assert_eq!(decompress(&compressed)?, text.as_bytes());
        Ok(())
    }

    #[test]
    fn brotli_is_taken_unless_refused() {
        let accepts = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
            accepted(&headers)
        };
        assert!(accepts("br"));
        assert!(accepts("gzip, deflate, br, zstd"));
        assert!(accepts("gzip;q=1.0, BR;q=0.5"));
        assert!(!accepts("gzip, deflate"));
        assert!(!accepts("br;q=0, gzip"));
        assert!(!accepts("br; q=0.000"));
        assert!(!accepts("brotli"));
        assert!(!accepted(&HeaderMap::new()));
    }
}
