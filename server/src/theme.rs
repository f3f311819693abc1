//! An embedding site's colours and fonts as CSS custom properties (served as
//! `embed.css`). Values come from allowlists (`beboerblad::embed`), and a colour that
//! would make text hard to read (contrast below WCAG AA's 4.5:1 against what it is shown
//! on) is left at the reader's own, so no theme can make the reader unreadable.

use std::fmt::Write;

use crate::embed::{Colour, Embed, Font, Rgb};

/// The reader's own colours (`style/main.css`).
fn default(colour: Colour) -> Rgb {
    Rgb(match colour {
        Colour::Accent => [0x1f, 0x5c, 0x3a],
        Colour::AccentText => [0xff, 0xff, 0xff],
        Colour::Link => [0x17, 0x54, 0x3a],
        Colour::Text => [0x1d, 0x24, 0x20],
        Colour::Background => [0xfb, 0xfa, 0xf6],
        Colour::Surface => [0xff, 0xff, 0xff],
    })
}

/// Text colours and what they are shown on.
const PAIRS: [(Colour, Colour); 7] = [
    (Colour::Text, Colour::Background),
    (Colour::Text, Colour::Surface),
    (Colour::Link, Colour::Background),
    (Colour::Link, Colour::Surface),
    (Colour::AccentText, Colour::Accent),
    // Outlined buttons: accent text on the page and on cards.
    (Colour::Accent, Colour::Background),
    (Colour::Accent, Colour::Surface),
];

/// WCAG 2 AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

pub fn font_stack(font: Font) -> &'static str {
    match font {
        Font::System => r#"system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif"#,
        Font::Sans => r#""Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif"#,
        Font::Serif => r#"Georgia, "Times New Roman", "Liberation Serif", serif"#,
        Font::Humanist => r#""Segoe UI", Candara, "Gill Sans", "Trebuchet MS", Optima, sans-serif"#,
        Font::Rounded => r#"ui-rounded, "SF Pro Rounded", "Arial Rounded MT", "Varela Round", sans-serif"#,
    }
}

/// The colours of `embed` that keep every text readable, in [`Colour::ALL`] order.
pub fn readable_colours(embed: &Embed) -> Vec<(Colour, Rgb)> {
    let mut given = embed.colours.clone();
    loop {
        let effective = |c: Colour| given.iter().find(|(g, _)| *g == c).map_or(default(c), |(_, rgb)| *rgb);
        let failing: Vec<Colour> = PAIRS
            .iter()
            .filter(|(fg, bg)| contrast(effective(*fg), effective(*bg)) < MIN_CONTRAST)
            .flat_map(|(fg, bg)| [*fg, *bg])
            .collect();
        let before = given.len();
        given.retain(|(c, _)| !failing.contains(c));
        if given.len() == before {
            return given;
        }
    }
}

/// The stylesheet: custom properties on `:root` (empty when nothing applies).
pub fn stylesheet(embed: &Embed) -> String {
    let colours = readable_colours(embed);
    let mut css = String::from(":root {");
    let rgb = |c: Colour| colours.iter().find(|(g, _)| *g == c).map(|(_, rgb)| *rgb);
    for (colour, value) in &colours {
        let _ = write!(css, " {}: #{};", colour.property(), value.hex());
    }
    // Greys that go with the page's own text and background.
    if rgb(Colour::Text).is_some() || rgb(Colour::Background).is_some() {
        let text = rgb(Colour::Text).unwrap_or(default(Colour::Text));
        let page = rgb(Colour::Background).unwrap_or(default(Colour::Background));
        let surface = rgb(Colour::Surface).unwrap_or(default(Colour::Surface));
        let muted = mix(text, page, 0.25);
        let muted = if contrast(muted, page).min(contrast(muted, surface)) >= MIN_CONTRAST { muted } else { text };
        let _ = write!(css, " --bb-muted: #{};", muted.hex());
        let _ = write!(css, " --bb-line: #{};", mix(text, page, 0.8).hex());
        let _ = write!(css, " --bb-warn-bg: #{};", mix(page, Rgb([0xff, 0xa5, 0x00]), 0.12).hex());
    }
    if let Some(font) = embed.font {
        let _ = write!(css, " --bb-font: {0}; --bb-body-font: {0};", font_stack(font));
    }
    if let Some(font) = embed.heading_font {
        let _ = write!(css, " --bb-heading-font: {};", font_stack(font));
    }
    css.push_str(" }\n");
    css
}

/// `a` moved the fraction `t` of the way towards `b`.
fn mix(a: Rgb, b: Rgb, t: f64) -> Rgb {
    let channel = |i: usize| (f64::from(a.0[i]) * (1.0 - t) + f64::from(b.0[i]) * t).round() as u8;
    Rgb([channel(0), channel(1), channel(2)])
}

/// WCAG 2 contrast ratio (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn luminance(rgb: Rgb) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * linear(rgb.0[0]) + 0.7152 * linear(rgb.0[1]) + 0.0722 * linear(rgb.0[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embed(query: &str) -> Embed {
        Embed::from_query(&format!("embed=https://forening.example&{query}")).unwrap_or_else(|| panic!("{query}"))
    }

    #[test]
    fn the_readers_own_colours_are_readable() {
        for (fg, bg) in PAIRS {
            assert!(contrast(default(fg), default(bg)) >= MIN_CONTRAST, "{fg:?} on {bg:?}");
        }
        assert!((contrast(Rgb([0, 0, 0]), Rgb([255, 255, 255])) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn readable_colours_and_fonts_become_custom_properties() {
        let css = stylesheet(&embed("accent=8a1c1c&link=0b4f8a&font=sans&heading-font=serif"));
        assert_eq!(
            css,
            ":root { --bb-accent: #8a1c1c; --bb-link: #0b4f8a; \
             --bb-font: \"Helvetica Neue\", Helvetica, Arial, \"Liberation Sans\", sans-serif; \
             --bb-body-font: \"Helvetica Neue\", Helvetica, Arial, \"Liberation Sans\", sans-serif; \
             --bb-heading-font: Georgia, \"Times New Roman\", \"Liberation Serif\", serif; }\n"
        );
    }

    #[test]
    fn colours_that_would_be_hard_to_read_are_left_out() {
        // Pale yellow links on the reader's white cards; a dark page under dark text.
        assert_eq!(
            readable_colours(&embed("link=ffee88&accent=8a1c1c")),
            vec![(Colour::Accent, Rgb([0x8a, 0x1c, 0x1c]))]
        );
        assert_eq!(readable_colours(&embed("background=111111")), vec![]);
        // A dark theme that brings its own light text and surfaces is fine.
        let dark = embed("background=111111&surface=1c1c1c&text=eeeeee&link=8cc8ff&accent=8cc8ff&accent-text=111111");
        assert_eq!(readable_colours(&dark).len(), 6);
        let css = stylesheet(&dark);
        assert!(css.contains("--bb-muted: #"), "{css}");
        assert!(!css.contains("--bb-muted: #eeeeee"), "a muted grey that still reads: {css}");
    }
}
