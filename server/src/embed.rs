//! Embed mode's options: the reader inside another site's page (`public/embed.js` makes
//! the frame). They arrive in the frame's query string; only allowlisted names and values
//! are read (anything else is dropped). The page tells the app the options in their one
//! canonical form ([`Embed::query`]), and every link inside the embed carries them on, so
//! a reloaded or restored frame is still embedded.

use std::fmt::Write;

/// The host page's origin; the one option an embed must have.
pub const EMBED: &str = "embed";
pub const COMPACT: &str = "compact";
pub const FONT: &str = "font";
pub const HEADING_FONT: &str = "heading-font";

/// A colour an embedding site may set, and the CSS custom property it sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colour {
    Accent,
    AccentText,
    Link,
    Text,
    Background,
    Surface,
}

impl Colour {
    pub const ALL: [Colour; 6] =
        [Colour::Accent, Colour::AccentText, Colour::Link, Colour::Text, Colour::Background, Colour::Surface];

    /// The option's name (query parameter, and `data-…` attribute of the snippet).
    pub fn name(self) -> &'static str {
        match self {
            Colour::Accent => "accent",
            Colour::AccentText => "accent-text",
            Colour::Link => "link",
            Colour::Text => "text",
            Colour::Background => "background",
            Colour::Surface => "surface",
        }
    }

    /// The custom property of `style/main.css` it sets.
    pub fn property(self) -> &'static str {
        match self {
            Colour::Accent => "--bb-accent",
            Colour::AccentText => "--bb-accent-ink",
            Colour::Link => "--bb-link",
            Colour::Text => "--bb-ink",
            Colour::Background => "--bb-paper",
            Colour::Surface => "--bb-card",
        }
    }
}

/// A font an embedding site may choose: named stacks of fonts most devices have (the
/// reader loads no web fonts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Font {
    System,
    Sans,
    Serif,
    Humanist,
    Rounded,
}

impl Font {
    pub const ALL: [Font; 5] = [Font::System, Font::Sans, Font::Serif, Font::Humanist, Font::Rounded];

    pub fn name(self) -> &'static str {
        match self {
            Font::System => "system",
            Font::Sans => "sans",
            Font::Serif => "serif",
            Font::Humanist => "humanist",
            Font::Rounded => "rounded",
        }
    }

    fn parse(name: &str) -> Option<Font> {
        Font::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// An sRGB colour, written `#rrggbb` or `#rgb` (the `#` optional).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#').unwrap_or(text);
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok();
        match hex.len() {
            3 => Some(Rgb([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17])),
            6 => Some(Rgb([
                u8::from_str_radix(&hex[0..2], 16).ok()?,
                u8::from_str_radix(&hex[2..4], 16).ok()?,
                u8::from_str_radix(&hex[4..6], 16).ok()?,
            ])),
            _ => None,
        }
    }

    /// Six lower-case hex digits, without `#`.
    pub fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("{r:02x}{g:02x}{b:02x}")
    }
}

/// How the embedding site wants the reader shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embed {
    /// The host page's origin (`scheme://host[:port]`, lower case); the server posts
    /// height and route there only when it is an allowed one.
    pub parent: String,
    /// Denser type and spacing, list cards without pictures (e.g. a sidebar).
    pub compact: bool,
    /// In [`Colour::ALL`] order, each at most once.
    pub colours: Vec<(Colour, Rgb)>,
    pub font: Option<Font>,
    pub heading_font: Option<Font>,
}

impl Embed {
    /// The options in a query string (with or without `?`); `None` without a valid
    /// `embed` origin, i.e. not embedded. Invalid values of other options are dropped.
    pub fn from_query(query: &str) -> Option<Embed> {
        let query = query.strip_prefix('?').unwrap_or(query);
        let params: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                Some((decode(name)?, decode(value)?))
            })
            .collect();
        let get = |name: &str| params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        let parent = get(EMBED).and_then(origin)?;
        let colours =
            Colour::ALL.into_iter().filter_map(|c| get(c.name()).and_then(Rgb::parse).map(|rgb| (c, rgb))).collect();
        Some(Embed {
            parent,
            compact: get(COMPACT).is_some_and(|v| v == "1" || v == "true"),
            colours,
            font: get(FONT).and_then(Font::parse),
            heading_font: get(HEADING_FONT).and_then(Font::parse),
        })
    }

    /// The options as a query string (no `?`), in one fixed order: what every link in
    /// the embed carries.
    pub fn query(&self) -> String {
        let parent = self.parent.replace('[', "%5B").replace(']', "%5D");
        let mut query = format!("{EMBED}={parent}");
        if self.compact {
            let _ = write!(query, "&{COMPACT}=1");
        }
        query.push_str(&self.theme_query());
        query
    }

    /// The colour and font options, each as `&name=value` (empty without any).
    pub fn theme_query(&self) -> String {
        let mut query = String::new();
        for (colour, rgb) in &self.colours {
            let _ = write!(query, "&{}={}", colour.name(), rgb.hex());
        }
        for (name, font) in [(FONT, self.font), (HEADING_FONT, self.heading_font)] {
            if let Some(font) = font {
                let _ = write!(query, "&{name}={}", font.name());
            }
        }
        query
    }
}

/// `scheme://host[:port]` with http or https, in lower case; `None` for anything else
/// (a path, user info, a wildcard).
pub fn origin(text: &str) -> Option<String> {
    let text = text.to_ascii_lowercase();
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"))?;
    let (host, port) = match rest.rfind(':') {
        // A colon inside brackets belongs to an IPv6 address.
        Some(colon) if !rest[colon..].contains(']') => (&rest[..colon], Some(&rest[colon + 1..])),
        _ => (rest, None),
    };
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
    };
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(address) => {
            !address.is_empty() && address.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        }
        None => host.len() <= 253 && host.split('.').all(label),
    };
    let port_ok = port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok_and(|n| n > 0));
    (host_ok && port_ok).then_some(text)
}

/// Percent-decoding of one query component (`+` is a space); `None` when it is not UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_read_from_the_allowlist_only() {
        let embed = Embed::from_query(
            "?embed=https%3A%2F%2FForening.example&compact=1&accent=%23AA3300&link=abc&text=red&background=12345\
             &font=serif&heading-font=comic&onload=alert(1)",
        );
        assert_eq!(
            embed,
            Some(Embed {
                parent: "https://forening.example".into(),
                compact: true,
                colours: vec![(Colour::Accent, Rgb([0xaa, 0x33, 0x00])), (Colour::Link, Rgb([0xaa, 0xbb, 0xcc]))],
                font: Some(Font::Serif),
                heading_font: None,
            })
        );
        let query = embed.map(|e| e.query()).unwrap_or_default();
        assert_eq!(query, "embed=https://forening.example&compact=1&accent=aa3300&link=aabbcc&font=serif");
        assert_eq!(Embed::from_query(&query).map(|e| e.query()), Some(query));
    }

    #[test]
    fn without_a_valid_origin_it_is_not_embedded() {
        for query in [
            "",
            "compact=1",
            "embed=",
            "embed=forening.example",
            "embed=https://forening.example/side",
            "embed=javascript:alert(1)",
            "embed=https://user@forening.example",
            "embed=https://*.example",
            "embed=https://forening.example:0",
            "embed=https://forening.example:99999",
            "embed=https://forening.example%22%3E",
            "embed=ftp://forening.example",
        ] {
            assert_eq!(Embed::from_query(query), None, "{query}");
        }
        for (query, parent) in [
            ("embed=http://localhost:8081", "http://localhost:8081"),
            ("embed=https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
            ("embed=https%3A%2F%2F%5B%3A%3A1%5D", "https://[::1]"),
        ] {
            let embed = Embed::from_query(query);
            assert_eq!(embed.as_ref().map(|e| e.parent.as_str()), Some(parent), "{query}");
            let again = embed.map(|e| e.query()).and_then(|q| Embed::from_query(&q)).map(|e| e.parent);
            assert_eq!(again.as_deref(), Some(parent), "{query} round trip");
        }
    }

    #[test]
    fn colours_are_hex() {
        assert_eq!(Rgb::parse("#1F5c3a"), Some(Rgb([0x1f, 0x5c, 0x3a])));
        assert_eq!(Rgb::parse("fff"), Some(Rgb([255, 255, 255])));
        for bad in ["", "#", "ff", "#ffff", "#gggggg", "red", "#12345678", "1f5c3a;x", "+12345"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }
}
