//! An article's Markdown as HTML (pulldown-cmark), with its pictures checked and
//! measured: `![alt-tekst](billede.jpg)` gets its width and height, and a picture alone in
//! its paragraph with a title, `![alt-tekst](billede.jpg "Billedtekst")`, becomes a
//! figure with that caption. The HTML still goes through the sanitiser afterwards.

use std::ops::Range;

use crate::sanitize::escape;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use super::problems::Kind;

/// A picture as the body shows it: its URL and, when it was measured, its size.
pub struct Shown {
    pub src: String,
    pub size: Option<(u32, u32)>,
}

/// Markdown `text` as HTML. `first_line` is the file's line where `text` starts;
/// `picture(written, line)` checks a picture the text names and says how to show it (or
/// why not); problems go to `report(line, kind)`.
pub fn to_html(
    text: &str,
    first_line: usize,
    mut picture: impl FnMut(&str, usize) -> Result<Shown, Kind>,
    mut report: impl FnMut(usize, Kind),
) -> String {
    let line_of = |offset: usize| first_line + text[..offset.min(text.len())].matches('\n').count();
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).into_offset_iter().collect();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        let Event::Start(Tag::Image { dest_url, title, .. }) = event else {
            out.push(event.clone());
            i += 1;
            continue;
        };
        let (alt, end) = alt_text(&events, i);
        let line = line_of(range.start);
        if alt.trim().is_empty() {
            report(line, Kind::MissingAlt);
        }
        let img = match picture(dest_url, line) {
            Ok(shown) => img(&shown, &alt),
            Err(kind) => {
                report(line, kind);
                String::new()
            }
        };
        let alone = matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.get(end + 1), Some((Event::End(TagEnd::Paragraph), _)));
        if alone && !title.trim().is_empty() {
            out.pop();
            let caption = escape(title.trim());
            out.push(Event::Html(CowStr::from(format!("<figure>{img}<figcaption>{caption}</figcaption></figure>\n"))));
            i = end + 2;
        } else {
            out.push(Event::InlineHtml(CowStr::from(img)));
            i = end + 1;
        }
    }
    let mut html_out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    html_out
}

/// The text inside an image's brackets, and the index of its end event.
fn alt_text(events: &[(Event<'_>, Range<usize>)], start: usize) -> (String, usize) {
    let mut alt = String::new();
    let mut depth = 0;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    return (alt, i);
                }
            }
            Event::Text(t) | Event::Code(t) => alt.push_str(t),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    (alt, events.len().saturating_sub(1))
}

fn img(shown: &Shown, alt: &str) -> String {
    let size = shown.size.map(|(w, h)| format!(r#" width="{w}" height="{h}""#)).unwrap_or_default();
    format!(r#"<img src="{}" alt="{}"{size}>"#, escape(&shown.src), escape(alt.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(written: &str, _line: usize) -> Result<Shown, Kind> {
        match written {
            "mangler.jpg" => Err(Kind::ImageMissing(written.into())),
            _ => Ok(Shown { src: format!("/images/{written}"), size: Some((800, 450)) }),
        }
    }

    #[test]
    fn a_picture_alone_with_a_title_is_a_figure_with_its_caption() {
        let mut problems = Vec::new();
        let html = to_html(
            "Tekst.\n\n![Børn på \"tårnet\"](a.jpg \"Finalen & mere\")\n\nMere ![b](b.jpg) her.\n",
            10,
            shown,
            |line, kind| problems.push((line, kind)),
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(
            html.contains(r#"<figure><img src="/images/a.jpg" alt="Børn på &quot;tårnet&quot;" width="800" height="450"><figcaption>Finalen &amp; mere</figcaption></figure>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<p>Mere <img src="/images/b.jpg" alt="b" width="800" height="450"> her.</p>"#),
            "{html}"
        );
    }

    #[test]
    fn problems_name_the_line_of_the_picture() {
        let mut problems = Vec::new();
        to_html("Første.\n\nAnden ![](a.jpg).\n\n![Et billede](mangler.jpg)\n", 7, shown, |line, kind| {
            problems.push((line, kind))
        });
        assert_eq!(problems, vec![(9, Kind::MissingAlt), (11, Kind::ImageMissing("mangler.jpg".into()))]);
    }
}
