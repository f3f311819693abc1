//! Parser tests on inline feeds.

use super::*;

const MAGAZINE: &str = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Feedtitel",
  "home_page_url": "https://example.org/",
  "_beboerblad": {
    "version": 1,
    "publication": {"name": "Skræppebladet", "description": "Beboerblad", "contact": "Redaktionen", "colophon": "Oplag 3.000",
                    "copyright": "© Skræppebladet. Må ikke kopieres."},
    "issues": [
      {"id": "2024-03", "title": "2024-03 april", "date": "2024-04-01", "cover": "images/f3.jpg", "cover_alt": "Forside", "pages": 20},
      {"id": "2024-05", "title": "2024-05 juni", "date": "2024-06-01", "cover": "images/f5.jpg", "pages": 24},
      {"id": "2024-05", "title": "duplicate"},
      {"title": "no id"}
    ],
    "sections": [{"id": "nyt", "name": "Nyt"}, {"id": "kultur", "name": "Kultur"}, 7]
  },
  "items": [
    {"id": "a", "title": "Artikel A", "summary": "Lead A", "content_html": "<p>A</p>", "image": "images/a.jpg",
     "date_published": "2024-06-05T08:00:00+02:00", "authors": [{"name": "Hanne"}],
     "_beboerblad": {"issue": "2024-05", "page": 3, "section": "nyt", "related": ["b", "missing", "a"], "image_alt": "Billede A",
                       "copyright": "Foto: © Lise Bech"}},
    {"id": "b", "title": "Artikel B", "content_text": "Linje 1\n\nLinje <2>", "date_published": "2024-04-02",
     "_beboerblad": {"issue": "2024-03", "page": 2, "section": "kultur"}},
    {"id": "c", "title": "Artikel C", "date_published": "2024-06-06", "_beboerblad": {"issue": "2024-05", "page": 2, "section": "kultur"}},
    {"title": "Uden id"},
    {"id": "d"},
    {"id": "e", "title": "Forkerte typer", "date_published": "i går", "image": 42, "authors": "x",
     "_beboerblad": {"issue": "findes-ikke", "page": "tre", "section": "nope", "related": "b", "copyright": 7}},
    "not an object"
  ]
}"#;

fn magazine() -> Magazine {
    parse(MAGAZINE, "/feed.json").unwrap_or_default()
}

fn ids(articles: &[&Article]) -> Vec<String> {
    articles.iter().map(|a| a.id.to_string()).collect()
}

#[test]
fn reads_the_extension() {
    let m = magazine();
    assert_eq!(m.publication.name, "Skræppebladet");
    assert_eq!(m.publication.contact.as_deref(), Some("Redaktionen"));
    assert_eq!(
        m.issues.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["2024-05", "2024-03"],
        "newest first, deduplicated"
    );
    assert_eq!(
        m.issues[1].cover.as_ref().map(|c| (c.src.as_str(), c.alt.as_str())),
        Some(("/images/f3.jpg", "Forside"))
    );
    assert_eq!(m.sections.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Nyt", "Kultur"]);
}

#[test]
fn reads_items_and_skips_broken_ones() {
    let m = magazine();
    let all: Vec<&Article> = m.articles.iter().collect();
    assert_eq!(
        ids(&all),
        ["c", "a", "b", "d", "e"],
        "newest first, undated last in feed order; items without id skipped"
    );
    assert_eq!(m.article(&ArticleId::new("d")).map(|d| d.title.as_str()), Some(beboerblad::da::UNTITLED));
    let a = m.article(&ArticleId::new("a")).cloned().unwrap_or_else(|| panic!("a"));
    assert_eq!(a.summary.as_deref(), Some("Lead A"));
    assert_eq!(a.image.as_ref().map(|i| i.src.as_str()), Some("/images/a.jpg"));
    assert_eq!(a.image.as_ref().map(|i| i.alt.as_str()), Some("Billede A"));
    assert_eq!(a.authors, ["Hanne"]);
    assert_eq!(a.published.as_ref().map(|d| d.danish()).as_deref(), Some("5. juni 2024"));
    assert_eq!(a.related.iter().map(|r| r.as_str()).collect::<Vec<_>>(), ["b"], "unknown and self links dropped");
    assert_eq!(a.body.as_ref().map(|b| b.as_str()), Some("<p>A</p>"));
}

#[test]
fn copyright_is_the_publications_unless_the_article_has_its_own() {
    let m = magazine();
    assert_eq!(m.publication.copyright.as_deref(), Some("© Skræppebladet. Må ikke kopieres."));
    let article = |id: &str| m.article(&ArticleId::new(id)).unwrap_or_else(|| panic!("{id}"));
    assert_eq!(article("a").copyright.as_deref(), Some("Foto: © Lise Bech"));
    assert_eq!(m.copyright(article("a")), Some("Foto: © Lise Bech"), "the article's own notice wins");
    assert_eq!(m.copyright(article("c")), Some("© Skræppebladet. Må ikke kopieres."));
    assert_eq!(article("e").copyright, None, "a notice that is not text is ignored");
    let plain = parse(r#"{"items": [{"id": "x", "title": "X"}]}"#, "/feed.json").unwrap_or_default();
    assert_eq!(plain.copyright(&plain.articles[0]), None, "a plain feed has none");
}

#[test]
fn degrades_wrong_types() {
    let m = magazine();
    let e = m.article(&ArticleId::new("e")).cloned().unwrap_or_else(|| panic!("e"));
    assert_eq!((e.issue, e.page, e.section, e.published, e.image), (None, None, None, None, None));
    assert!(e.related.is_empty() && e.authors.is_empty());
}

#[test]
fn text_content_is_escaped() {
    let m = magazine();
    let b = m.article(&ArticleId::new("b")).and_then(|b| b.body.clone());
    assert_eq!(b.as_ref().map(|b| b.as_str()), Some("<p>Linje 1</p><p>Linje &lt;2&gt;</p>"));
}

#[test]
fn table_of_contents_is_by_page_grouped_by_section() {
    let m = magazine();
    let toc = m.toc(&IssueId::new("2024-05"));
    let groups: Vec<(Option<&str>, Vec<String>)> =
        toc.iter().map(|g| (g.section.map(|s| s.name.as_str()), ids(&g.articles))).collect();
    assert_eq!(groups, [(Some("Kultur"), vec!["c".to_string()]), (Some("Nyt"), vec!["a".to_string()])]);
}

#[test]
fn front_page_and_sections() {
    let m = magazine();
    let front = m.front();
    assert_eq!(front.current_issue.map(|i| i.id.as_str()), Some("2024-05"));
    let by: Vec<(&str, Vec<String>)> = front.by_section.iter().map(|(s, a)| (s.name.as_str(), ids(a))).collect();
    assert_eq!(by, [("Nyt", vec!["a".to_string()]), ("Kultur", vec!["c".to_string(), "b".to_string()])]);
    assert_eq!(ids(&m.section_articles(&SectionId::new("kultur"))), ["c", "b"]);
}

#[test]
fn plain_feed_gets_sections_from_tags_and_no_issues() {
    let plain = r#"{"version": "https://jsonfeed.org/version/1", "title": "En blog",
      "items": [
        {"id": "https://blog.example/?p=1", "url": "https://blog.example/1", "title": "Første", "content_html": "<p>1</p>", "tags": ["Haven", "x"], "date_published": "2024-01-01T10:00:00Z"},
        {"id": "https://blog.example/?p=2", "title": "Anden", "content_html": "<p>2</p>", "tags": ["haven"], "author": {"name": "Ole"}},
        {"id": 3, "title": "Tredje", "tags": ["Køkken"]},
        {"id": "https://blog.example/?p=1", "title": "Same id again"}
      ]}"#;
    let m = parse(plain, "https://blog.example/feed.json").unwrap_or_default();
    assert_eq!(m.publication.name, "En blog");
    assert!(m.issues.is_empty());
    assert_eq!(
        m.sections.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect::<Vec<_>>(),
        [("haven", "Haven"), ("koekken", "Køkken")]
    );
    let ids: Vec<&str> = m.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["https-blog-example-p-1", "https-blog-example-p-2", "3", "https-blog-example-p-1-2"]);
    assert_eq!(m.articles[1].authors, ["Ole"]);
    assert_eq!(m.articles[1].section.as_ref().map(|s| s.as_str()), Some("haven"));
    let front = m.front();
    let on_front: Vec<&str> = front.by_section.iter().flat_map(|(_, a)| a.iter().map(|a| a.id.as_str())).collect();
    assert_eq!(on_front, ["https-blog-example-p-1", "https-blog-example-p-2", "3"], "tagged items by section");
    assert!(front.latest.is_empty(), "a feed with sections lists by section");
    let archive: Vec<&str> = m.archive(1).articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(archive, ids, "the archive lists every item, the untagged one too");
}

#[test]
fn hostile_content_is_sanitised() {
    let feed = r#"{"items": [{"id": "x", "title": "<script>alert(1)</script>",
      "content_html": "<p onmouseover=\"steal()\">Hej</p><script>alert(1)</script><iframe src=\"https://evil.example\"></iframe><a href=\"javascript:alert(1)\">klik</a><img src=\"x.jpg\" onerror=\"alert(1)\"><form action=\"/x\"><input></form><div style=\"position:fixed;inset:0\">dæk</div>"}]}"#;
    let m = parse(feed, "/feed.json").unwrap_or_default();
    let a = &m.articles[0];
    assert_eq!(a.title, "<script>alert(1)</script>", "titles are text; views escape them");
    let body = a.body.as_ref().map(|b| b.as_str().to_string()).unwrap_or_default();
    for bad in ["onmouseover", "<script", "iframe", "javascript:", "onerror", "<form", "<input", "style="] {
        assert!(!body.contains(bad), "{bad} in {body}");
    }
    assert!(body.contains("Hej") && body.contains("dæk") && body.contains(r#"src="/x.jpg""#), "{body}");
}

#[test]
fn unusable_documents_are_errors() {
    assert!(matches!(parse("", "/f"), Err(FeedError::Json(_))));
    assert!(matches!(parse("{\"items\": ", "/f"), Err(FeedError::Json(_))));
    assert!(matches!(parse("[1,2]", "/f"), Err(FeedError::Shape(_))));
    assert!(matches!(parse("{\"title\": \"no items\"}", "/f"), Err(FeedError::Shape(_))));
    assert_eq!(parse("{\"items\": []}", "/f").map(|m| m.articles.len()), Ok(0));
}

#[test]
fn lenient_like_a_good_feed_reader() {
    let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": 1, "summary": "Kort nyt om vaskeriet", "date_published": "2024-05-01T10:00:00Z"},
        {"id": "2", "content_text": "En lang tekst uden titel som fortsætter med mange flere ord end ti ord i alt her", "date_published": "2024-05-02"},
        {"id": "3", "content_html": "<p>Kun <b>html</b> &amp; intet andet</p>", "date_published": "ikke en dato"},
        {"id": "4", "title": "Med forkerte tags", "tags": "nyt", "date_published": "2024-05-03",
         "_beboerblad": {"related": [1, "3"]}},
        {"id": "5"},
        {"title": "Uden id"},
        {"id": "", "title": "Tomt id"},
        {"id": {"x": 1}, "title": "Id af forkert type"},
        {"id": "6", "title": 7, "summary": "Titlen var et tal"}
      ]}"#;
    let m = parse(feed, "/feed.json").unwrap_or_else(|e| panic!("{e}"));
    let titles: Vec<(&str, &str)> = m.articles.iter().map(|a| (a.id.as_str(), a.title.as_str())).collect();
    assert_eq!(
        titles,
        [
            ("4", "Med forkerte tags"),
            ("2", "En lang tekst uden titel som fortsætter med mange flere …"),
            ("1", "Kort nyt om vaskeriet"),
            ("3", "Kun html & intet andet"),
            ("5", "Uden titel"),
            ("6", "Titlen var et tal"),
        ],
        "dated newest first, then undated in feed order; only items without a usable id are gone"
    );
    let three = m.article(&ArticleId::new("3")).unwrap_or_else(|| panic!("3"));
    assert_eq!(three.published, None, "an invalid date is no date");
    let four = m.article(&ArticleId::new("4")).unwrap_or_else(|| panic!("4"));
    assert_eq!(four.related, [ArticleId::new("1"), ArticleId::new("3")], "numeric related ids are coerced too");
}

#[test]
fn pages_are_joined() {
    let first = parse_page(
        r#"{"next_url": "feed-2.json", "_beboerblad": {"sections": [{"id": "nyt", "name": "Nyt"}]},
        "items": [{"id": "a", "title": "A", "_beboerblad": {"related": ["b"], "section": "nyt"}}]}"#,
    );
    let second = parse_page(r#"{"items": [{"id": "b", "title": "B", "_beboerblad": {"section": "nyt"}}]}"#);
    let (Ok(first), Ok(second)) = (first, second) else { panic!("pages parse") };
    assert_eq!(first.next_url.as_deref(), Some("feed-2.json"));
    let m = build(vec![first, second], "/feed.json");
    assert_eq!(m.articles.len(), 2);
    assert_eq!(m.articles[0].related.iter().map(|r| r.as_str()).collect::<Vec<_>>(), ["b"], "related across pages");
}

#[test]
fn pager_follows_next_url_stops_on_loops_and_skips_broken_later_pages() {
    let files = |url: &str| -> Result<String, FeedError> {
        match url {
            "/f/feed.json" => Ok(r#"{"next_url": "feed-2.json", "items": [{"id": "a", "title": "A"}]}"#.into()),
            "/f/feed-2.json" => Ok(r#"{"next_url": "/f/feed-3.json", "items": [{"id": "b", "title": "B"}]}"#.into()),
            "/f/feed-3.json" => Ok(r#"{"next_url": "feed.json", "items": [{"id": "c", "title": "C"}]}"#.into()),
            _ => Err(FeedError::Http(404)),
        }
    };
    let mut pager = Pager::new("/f/feed.json");
    let mut read = Vec::new();
    while let Some(url) = pager.next_url() {
        read.push(url.clone());
        assert!(pager.take(files(&url)).is_ok());
    }
    assert_eq!(read, ["/f/feed.json", "/f/feed-2.json", "/f/feed-3.json"], "the loop back to page 1 ends the walk");
    assert_eq!(pager.finish().articles.len(), 3);

    let mut pager = Pager::new("/f/feed-2.json");
    while let Some(url) = pager.next_url() {
        let text = if url.ends_with("3.json") { Ok("{ broken".into()) } else { files(&url) };
        assert!(pager.take(text).is_ok());
    }
    assert!(matches!(&pager.skipped, Some((url, FeedError::Json(_))) if url == "/f/feed-3.json"));
    assert_eq!(pager.finish().articles.len(), 1, "what was read before the broken page stays");

    let mut pager = Pager::new("/f/missing.json");
    let url = pager.next_url().unwrap_or_default();
    assert_eq!(pager.take(files(&url)), Err(FeedError::Http(404)), "a failing first page fails the feed");
}

#[test]
fn an_items_language_wins_over_the_feeds_and_right_to_left_ones_are_known() {
    let m = parse(
        r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "language": "da", "items": [
            {"id": "ar", "title": "عنوان", "language": "ar", "content_text": "نص"},
            {"id": "so", "title": "Cinwaan", "language": "so"},
            {"id": "da", "title": "Titel"},
            {"id": "bad", "title": "Titel", "language": "<script>"}
        ]}"#,
        "/feed.json",
    )
    .unwrap_or_default();
    let language = |id: &str| m.article(&ArticleId::new(id)).and_then(|a| a.language.clone());
    let foreign = |id: &str| m.article(&ArticleId::new(id)).and_then(|a| a.foreign_language().cloned());
    assert_eq!(language("ar").map(|l| l.as_str().to_string()).as_deref(), Some("ar"));
    assert!(foreign("ar").is_some_and(|l| l.is_right_to_left() && l.direction() == "rtl"));
    assert!(foreign("so").is_some_and(|l| !l.is_right_to_left() && l.direction() == "ltr"));
    assert_eq!(language("da").map(|l| l.as_str().to_string()).as_deref(), Some("da"), "the feed's language");
    assert_eq!(foreign("da"), None, "Danish is not marked");
    assert_eq!(language("bad").map(|l| l.as_str().to_string()).as_deref(), Some("da"), "a broken tag is ignored");
}

#[test]
fn script_subtags_decide_the_direction() {
    let rtl = |tag: &str| Language::parse(tag).is_some_and(|l| l.is_right_to_left());
    assert!(rtl("fa-IR") && rtl("he") && rtl("ur") && rtl("az-Arab") && rtl("ckb"));
    assert!(!rtl("so") && !rtl("ku-Latn") && !rtl("da-DK") && !rtl("en"));
    assert!(Language::parse("").is_none() && Language::parse("a").is_none() && Language::parse("ar--x").is_none());
    assert!(Language::parse("1a").is_none() && Language::parse("ar-EG\"").is_none());
}

#[test]
fn image_sizes_are_read_when_both_are_whole_numbers() {
    let json = r#"{"_beboerblad": {"issues": [
        {"id": "1", "cover": "f.jpg", "cover_width": 600, "cover_height": 800},
        {"id": "2", "cover": "g.jpg", "cover_width": 600}]},
      "items": [
        {"id": "a", "image": "a.jpg", "_beboerblad": {"image_alt": "A", "image_width": 1200, "image_height": 675}},
        {"id": "b", "image": "b.jpg", "_beboerblad": {"image_width": "1200", "image_height": 675}},
        {"id": "c", "image": "c.jpg", "_beboerblad": {"image_width": 0, "image_height": 675}}]}"#;
    let m = parse(json, "/feed.json").unwrap_or_default();
    let size = |i: Option<&Image>| i.map(|i| (i.width, i.height));
    assert_eq!(
        size(m.issues.iter().find(|i| i.id.as_str() == "1").and_then(|i| i.cover.as_ref())),
        Some((Some(600), Some(800)))
    );
    assert_eq!(size(m.issues.iter().find(|i| i.id.as_str() == "2").and_then(|i| i.cover.as_ref())), Some((None, None)));
    let image = |id: &str| m.article(&ArticleId::new(id)).and_then(|a| a.image.as_ref());
    assert_eq!(size(image("a")), Some((Some(1200), Some(675))));
    assert_eq!(size(image("b")), Some((None, None)), "a size that is not a number is left out");
    assert_eq!(size(image("c")), Some((None, None)), "zero is no size");
}
