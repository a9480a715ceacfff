//! Saved HTML pages: the article's main text without navigation, scripts or footers, and the
//! title, canonical URL, publication date and language from the usual meta tags.

use crate::blocks::main_text;
use crate::dates::{date_from_url, parse_date};
use newsindex_core::Date;
use scraper::{ElementRef, Html, Selector};
use std::sync::LazyLock;

/// What an HTML page yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// `og:title`, else the first `<h1>`, else `<title>`.
    pub title: Option<String>,
    /// `<link rel=canonical>`, else `og:url`.
    pub url: Option<String>,
    /// `article:published_time`, `itemprop=datePublished`, `<time datetime>` or JSON-LD.
    pub date: Option<Date>,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// Main text: paragraphs separated by blank lines.
    pub text: String,
    /// What was odd about the page.
    pub warnings: Vec<String>,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

static META_TITLE: LazyLock<[Selector; 2]> = LazyLock::new(|| {
    [
        selector("meta[property='og:title']"),
        selector("meta[name='twitter:title']"),
    ]
});
static H1: LazyLock<[Selector; 1]> = LazyLock::new(|| [selector("h1")]);
static TITLE_TAG: LazyLock<[Selector; 1]> = LazyLock::new(|| [selector("title")]);
static CANONICAL: LazyLock<[Selector; 2]> = LazyLock::new(|| {
    [
        selector("link[rel=canonical]"),
        selector("meta[property='og:url']"),
    ]
});
static DATE: LazyLock<[Selector; 6]> = LazyLock::new(|| {
    [
        selector("meta[property='article:published_time'], meta[property='og:article:published_time'], meta[property='og:published_time']"),
        selector("meta[itemprop=datePublished], meta[name='parsely-pub-date'], meta[name='sailthru.date'], meta[name='article.published'], meta[name='publish-date'], meta[name='publish_date']"),
        selector("meta[name=pubdate], meta[name=date], meta[name='dc.date'], meta[name='DC.date'], meta[name='dc.date.issued'], meta[name='DC.date.issued'], meta[name='dcterms.date'], meta[name='dcterms.created']"),
        selector("[itemprop=datePublished]"),
        selector("time[pubdate], time[datetime]"),
        selector("meta[property='article:modified_time'], meta[property='og:updated_time'], meta[name='last-modified']"),
    ]
});
/// Elements that show a date to the reader: named for it by their class, id or schema.org
/// property (`<span class="post-date">`, `<abbr class="published">`, RDFa `dateCreated`,
/// `class="datum"` in German and Dutch, Drupal's `class="submitted"` line).
/// Weak evidence, tried last, one short element at a time.
static DATE_ELEMENTS: LazyLock<Selector> = LazyLock::new(|| {
    selector(
        "[class*=date], [class*=Date], [id*=date], [class*=publish], [class*=posted], \
         [class*=time], [class*=byline], [class*=meta], [property*=datePublished], \
         [property*=dateCreated], [class*=datum], [class*=Datum], [class*=submitted]",
    )
});
/// A date element holds a date and a few words (`Published 3 May 2024 | Paris`); a longer
/// text is a container, whose dates may be anyone's.
const MAX_DATE_ELEMENT_CHARS: usize = 160;
/// Date elements looked at, in document order.
const MAX_DATE_ELEMENTS: usize = 200;

/// The first date shown by an element named for dates (see [`DATE_ELEMENTS`]).
fn date_in_elements(document: &Html) -> Option<Date> {
    document
        .select(&DATE_ELEMENTS)
        .take(MAX_DATE_ELEMENTS)
        .find_map(|element| {
            let attr = ["content", "datetime", "title"]
                .iter()
                .find_map(|name| element.value().attr(name))
                .and_then(parse_date);
            attr.or_else(|| {
                // Text nodes joined by a space: `<span>Erstellt am</span><span>09.02.2022`
                // is two words and a date, not `am09.02.2022`.
                let text = element
                    .text()
                    .flat_map(str::split_whitespace)
                    .collect::<Vec<_>>()
                    .join(" ");
                (text.chars().count() <= MAX_DATE_ELEMENT_CHARS)
                    .then(|| date_in_text(&text).or_else(|| short_year_date(&text)))
                    .flatten()
            })
        })
}

static JSON_LD: LazyLock<Selector> =
    LazyLock::new(|| selector("script[type='application/ld+json']"));
static HTML_TAG: LazyLock<Selector> = LazyLock::new(|| selector("html"));
static BODY: LazyLock<Selector> = LazyLock::new(|| selector("body"));

fn attr_or_text(element: ElementRef<'_>) -> Option<String> {
    let value = ["content", "href", "datetime"]
        .iter()
        .find_map(|name| element.value().attr(name))
        .map(str::to_string)
        .unwrap_or_else(|| element.text().collect::<String>());
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    (!value.is_empty()).then_some(value)
}

fn first_value(document: &Html, selectors: &[Selector]) -> Option<String> {
    selectors
        .iter()
        .find_map(|s| document.select(s).find_map(attr_or_text))
}

/// Where a written date may start: ISO, day-first numeric, `3 May 2024`, `3. Mai 2024`,
/// `May 3, 2024`.
static TEXT_DATE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4}|\d{1,2}(?:er|\.)?\s+\p{L}+\.?,?\s+\d{4}|\p{L}+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})",
    )
    .expect("valid regex")
});

/// The first date written in a line of text (a byline or dateline), read by `parse_date`.
fn date_in_text(line: &str) -> Option<Date> {
    TEXT_DATE
        .find_iter(line)
        .find_map(|found| parse_date(&line[found.start()..]))
}

/// A day-first date with a two-digit year (`31.10.23`, `2.11.22`): read only inside an
/// element named for a date, where it cannot be a version number or a score.
static SHORT_YEAR: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?:^|[^\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?:[^\d.]|\.?$)")
        .expect("valid regex")
});

/// The first date with a two-digit year in a date element's text (see [`SHORT_YEAR`]);
/// `70`–`99` are the 1900s.
fn short_year_date(text: &str) -> Option<Date> {
    SHORT_YEAR.captures_iter(text).find_map(|c| {
        let year: i32 = c[3].parse().ok()?;
        let year = if year >= 70 { 1900 + year } else { 2000 + year };
        Date::new(year, c[2].parse().ok()?, c[1].parse().ok()?)
    })
}

/// The longest part of a title that may be a date (`23.05.2011`, `3 May 2024`).
const MAX_TITLE_DATE_CHARS: usize = 30;

/// A date standing as one part of a `<title>` or `og:title` between site separators
/// (`Headline | DW | 23.05.2011`), as some sites stamp their pages.
fn date_in_title(titles: &[Option<&str>]) -> Option<Date> {
    titles.iter().flatten().find_map(|title| {
        SITE_SEPARATORS.iter().find_map(|separator| {
            let parts: Vec<&str> = title.split(separator).collect();
            (parts.len() >= 2)
                .then(|| {
                    parts
                        .iter()
                        .map(|part| part.trim())
                        .filter(|part| part.chars().count() <= MAX_TITLE_DATE_CHARS)
                        .find_map(parse_date)
                })
                .flatten()
        })
    })
}

/// Separators between a headline and the site's name in `<title>` and `og:title`.
const SITE_SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];

/// The headline without a trailing (or leading) site name: the longest of the parts around
/// a separator, when the others are short (a site name, not half a headline).
fn strip_site_name(title: &str) -> &str {
    for separator in SITE_SEPARATORS {
        let parts: Vec<&str> = title.split(separator).collect();
        if parts.len() < 2 {
            continue;
        }
        let longest = parts
            .iter()
            .copied()
            .max_by_key(|part| part.chars().count())
            .unwrap_or(title);
        let others_short = parts
            .iter()
            .filter(|part| !std::ptr::eq(**part, longest))
            .all(|part| part.split_whitespace().count() <= 4);
        if others_short {
            return longest.trim();
        }
    }
    title
}

/// The headline from the page's three offers: the `<h1>` when a meta or `<title>` headline
/// contains it (they often add the site's name), else the meta title, else `<title>`,
/// without the site's name, else the `<h1>`.
fn reconcile_title(
    meta: Option<String>,
    h1: Option<String>,
    title_tag: Option<String>,
) -> Option<String> {
    let fold = |s: &str| s.to_lowercase();
    if let Some(h1) = &h1 {
        let contained = [&meta, &title_tag]
            .iter()
            .filter_map(|t| t.as_deref())
            .any(|t| fold(t).contains(&fold(h1)));
        if contained && h1.chars().count() >= 3 {
            return Some(h1.clone());
        }
    }
    meta.or(title_tag)
        .map(|t| strip_site_name(&t).to_string())
        .or(h1)
}

/// `"datePublished": "…"` in any script: pages that hold schema.org data in an application's
/// state (`window.__DATA__ = {…}`) rather than in a JSON-LD block.
static SCRIPT_DATE_PUBLISHED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#""datePublished"\s*:\s*"([^"]{8,40})""#).expect("valid regex")
});
static SCRIPT: LazyLock<Selector> = LazyLock::new(|| selector("script"));

/// The first `datePublished` written in a script of the page (see [`SCRIPT_DATE_PUBLISHED`]).
fn script_date(document: &Html) -> Option<String> {
    document.select(&SCRIPT).find_map(|script| {
        let code: String = script.text().collect();
        SCRIPT_DATE_PUBLISHED
            .captures(&code)
            .map(|c| c[1].to_string())
    })
}

/// Finds `datePublished` anywhere in a JSON-LD value (objects, arrays, `@graph`).
fn json_ld_date(value: &serde_json::Value, depth: usize) -> Option<String> {
    if depth > 8 {
        return None;
    }
    match value {
        serde_json::Value::Object(map) => map
            .get("datePublished")
            .and_then(|v| v.as_str().map(str::to_string))
            .or_else(|| map.values().find_map(|v| json_ld_date(v, depth + 1))),
        serde_json::Value::Array(items) => items.iter().find_map(|v| json_ld_date(v, depth + 1)),
        _ => None,
    }
}

/// Deepest element nesting accepted. Real pages stay far below it; the HTML tree builder
/// scans the stack of open elements on many tags, so a page nested 100k deep would take
/// hours to parse.
pub const MAX_HTML_DEPTH: usize = 1000;

/// Elements that never enclose others: void elements, and those whose end tag is optional
/// (the next sibling closes them), so an unclosed one does not nest.
const NOT_NESTING: [&str; 31] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "thead", "tbody", "tfoot", "colgroup", "html", "head", "body",
];
/// Elements whose content is raw text, where `<` starts no tag.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// The deepest element nesting of an HTML page, estimated in one linear scan of its tags
/// (comments, doctype and raw-text content skipped; void and optional-end elements ignored).
pub fn html_depth(source: &str) -> usize {
    let bytes = source.as_bytes();
    let lower_starts = |at: usize, what: &str| {
        bytes
            .get(at..at + what.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(what.as_bytes()))
    };
    let find = |from: usize, what: &str| -> usize {
        (from..bytes.len())
            .find(|&at| lower_starts(at, what))
            .map_or(bytes.len(), |at| at + what.len())
    };
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while let Some(offset) = bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'<'))
    {
        at += offset + 1;
        if lower_starts(at, "!--") {
            at = find(at + 3, "-->");
            continue;
        }
        let closing = bytes.get(at) == Some(&b'/');
        let name_start = at + usize::from(closing);
        let name_len = bytes
            .get(name_start..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            // `<!doctype>`, `<?xml?>`, or a `<` in text.
            continue;
        }
        let name = source[name_start..name_start + name_len].to_ascii_lowercase();
        let end = bytes[name_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |p| name_start + p);
        let self_closing = end > 0 && bytes.get(end - 1) == Some(&b'/');
        at = end;
        if closing {
            if !NOT_NESTING.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            at = find(end, &format!("</{name}"));
            continue;
        }
        if !self_closing && !NOT_NESTING.contains(&name.as_str()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Extracts the article from an HTML page.
pub fn parse_html(source: &str) -> HtmlArticle {
    let document = Html::parse_document(source);
    let meta_title = first_value(&document, &META_TITLE[..]);
    let title_tag = first_value(&document, &TITLE_TAG[..]);
    let title_date = || date_in_title(&[title_tag.as_deref(), meta_title.as_deref()]);
    let mut article = HtmlArticle {
        title: reconcile_title(
            meta_title.clone(),
            first_value(&document, &H1[..]),
            title_tag.clone(),
        ),
        url: first_value(&document, &CANONICAL[..]),
        lang: document
            .select(&HTML_TAG)
            .next()
            .and_then(|html| html.value().attr("lang"))
            .map(str::trim)
            .filter(|lang| !lang.is_empty())
            .map(str::to_string),
        ..HtmlArticle::default()
    };
    let date_raw = first_value(&document, &DATE[..5])
        .or_else(|| {
            document.select(&JSON_LD).find_map(|script| {
                let json: serde_json::Value =
                    serde_json::from_str(&script.text().collect::<String>()).ok()?;
                json_ld_date(&json, 0)
            })
        })
        .or_else(|| first_value(&document, &DATE[5..]));
    if let Some(raw) = date_raw {
        article.date = parse_date(&raw);
        if article.date.is_none() {
            article
                .warnings
                .push(format!("unreadable publication date {raw:?}"));
        }
    }
    let body = document.select(&BODY).next().map(|body| *body);
    let main = main_text(body.unwrap_or_else(|| document.tree.root()));
    let mut paragraphs: Vec<String> = main
        .paragraphs
        .iter()
        .map(|paragraph| newsindex_analysis::clean_text(paragraph))
        .filter(|paragraph| !paragraph.is_empty())
        .collect();
    // The headline often repeats as the first line of <article>.
    if let (Some(first), Some(title)) = (paragraphs.first(), article.title.as_deref()) {
        if first.trim() == newsindex_analysis::clean_text(title) {
            paragraphs.remove(0);
        }
    }
    // Many sites put the day in the article's address only, or in a byline.
    if article.date.is_none() {
        article.date = article.url.as_deref().and_then(date_from_url);
    }
    if article.date.is_none() {
        article.date = main.lead.iter().find_map(|line| date_in_text(line));
    }
    // Last, weaker evidence: schema.org data in a script (which may describe another
    // article of the page), then an element named for a date.
    if article.date.is_none() {
        article.date = script_date(&document).as_deref().and_then(parse_date);
    }
    if article.date.is_none() {
        article.date = date_in_elements(&document);
    }
    if article.date.is_none() {
        article.date = title_date();
    }
    article.text = paragraphs.join("\n\n");
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_depth_table() {
        for (html, want) in [
            ("<html><body><div><p>a<p>b</div></body></html>", 1),
            ("<div><div><div></div></div></div>", 3),
            ("<div><br><img src=x><hr/><span/></div>", 1),
            ("<ul><li>a<li>b<li>c</ul>", 1),
            ("<!-- <div><div><div> --><div></div>", 1),
            ("<script>var s = '<div><div><div>';</script><b>x</b>", 1),
            ("<SCRIPT>'<div>'</Script ><DIV></DIV>", 1),
            // `<d` starts a tag for an HTML parser too.
            ("a < b and c<d", 1),
            ("<!doctype html><?xml version='1.0'?>", 0),
            ("</div></div><div>", 1),
            ("<div", 1),
            ("<", 0),
            ("<é><ü>", 0),
        ] {
            assert_eq!(html_depth(html), want, "{html}");
        }
        let deep = format!("{}x{}", "<div>".repeat(5000), "</div>".repeat(5000));
        assert_eq!(html_depth(&deep), 5000);
        let unclosed = "<p>para".repeat(5000);
        assert_eq!(html_depth(&unclosed), 0);
    }

    const PAGE: &str = r#"<!doctype html>
<html lang="fr-FR"><head>
<title>Titre du site | Journal</title>
<meta property="og:title" content="La résolution 57 en action">
<link rel="canonical" href="https://www.journal.fr/2025/05/29/resolution-57">
<meta property="article:published_time" content="2025-05-29T08:00:00+07:00">
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script>
</head><body>
<header><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav></header>
<article>
<h1>La résolution 57 en action</h1>
<p>Le matin du 29 mai, le Comité a tenu sa <b>réunion</b> à Hanoï.</p>
<figure><img src="a.jpg"><figcaption>Vue de la réunion.</figcaption></figure>
<p>Deuxième paragraphe,<br>avec un saut de ligne.</p>
<div class="share-bar">Partager sur Facebook</div>
<div class="comments">Commentaire de lecteur</div>
</article>
<aside>Articles liés : autre chose</aside>
<footer>© Journal 2025</footer>
</body></html>"#;

    #[test]
    fn extracts_main_text_and_metadata() {
        let article = parse_html(PAGE);
        assert_eq!(article.title.as_deref(), Some("La résolution 57 en action"));
        assert_eq!(
            article.url.as_deref(),
            Some("https://www.journal.fr/2025/05/29/resolution-57")
        );
        assert_eq!(article.date, Date::new(2025, 5, 29));
        assert_eq!(article.lang.as_deref(), Some("fr-FR"));
        assert_eq!(
            article.text,
            "Le matin du 29 mai, le Comité a tenu sa réunion à Hanoï.\n\nDeuxième paragraphe,\navec un saut de ligne."
        );
    }

    #[test]
    fn falls_back_to_h1_title_time_and_body() {
        let article = parse_html(
            "<html><body><h1>Big news</h1><time datetime=\"2024-12-22\">22 Dec</time><p>Text here.</p></body></html>",
        );
        assert_eq!(article.title.as_deref(), Some("Big news"));
        assert_eq!(article.date, Date::new(2024, 12, 22));
        assert_eq!(article.text, "22 Dec\n\nText here.");
        assert_eq!(article.lang, None);
    }

    #[test]
    fn date_from_an_element_named_for_it_when_nothing_else_dates_the_page() {
        let body =
            "<p>The council met on Tuesday and voted the school budget after a long debate.</p>";
        for (page, want) in [
            (
                format!("<html><body><div class=\"sidebar\"><span class=\"post-date\">13.01.2022</span></div><article>{body}</article></body></html>"),
                Date::new(2022, 1, 13),
            ),
            (
                format!("<html><body><abbr class=\"published\" title=\"2017-07-23T17:06:45+0000\">Sunday</abbr><article>{body}</article></body></html>"),
                Date::new(2017, 7, 23),
            ),
            (
                format!("<html><body><span property=\"schema:dateCreated\" content=\"2022-01-28T12:45:46+00:00\"></span><article>{body}</article></body></html>"),
                Date::new(2022, 1, 28),
            ),
            // Text nodes are words apart: `am` and the date do not run together.
            (
                format!("<html><body><div class=\"articleCreationDate\"><span>Erstellt am</span><span>09.02.2022</span></div><article>{body}</article></body></html>"),
                Date::new(2022, 2, 9),
            ),
            (
                format!("<html><body><span class=\"datum\">5. Oktober 2013</span><article>{body}</article></body></html>"),
                Date::new(2013, 10, 5),
            ),
            (
                format!("<html><body><div class=\"submitted\">Gespeichert von ann am 24. Juli 2017 - 18:55</div><article>{body}</article></body></html>"),
                Date::new(2017, 7, 24),
            ),
            // A long container named `meta` is not a date element: its dates may be anyone's.
            (
                format!("<html><body><div class=\"meta\">{} 13.01.2022</div><article>{body}</article></body></html>", "word ".repeat(40)),
                None,
            ),
            (format!("<html><body><article>{body}</article></body></html>"), None),
        ] {
            assert_eq!(parse_html(&page).date, want, "{page}");
        }
    }

    #[test]
    fn date_published_in_a_script_and_updated_time() {
        let body =
            "<p>The council met on Tuesday and voted the school budget after a long debate.</p>";
        let page = format!(
            "<html><head><script>window.__STATE__ = {{\"article\": {{\"datePublished\": \"2023-11-06T12:22:54+00:00\"}}}};</script>\
             <meta name=\"date\" content=\"le sixième jour\"></head><body><article>{body}</article></body></html>"
        );
        // The unreadable meta date is reported, and the script's date is used.
        let article = parse_html(&page);
        assert_eq!(article.date, Date::new(2023, 11, 6));
        assert!(article.warnings[0].starts_with("unreadable publication date"));
        let page = format!(
            "<html><head><meta property=\"og:updated_time\" content=\"2017-04-05T19:05:44Z\"></head><body><article>{body}</article></body></html>"
        );
        assert_eq!(parse_html(&page).date, Date::new(2017, 4, 5));
    }

    #[test]
    fn titles_reconciled() {
        let some = |s: &str| Some(s.to_string());
        // The <h1> when a meta title holds it with the site's name.
        assert_eq!(
            reconcile_title(some("Big news | Daily"), some("Big news"), some("Daily")),
            some("Big news")
        );
        // Otherwise the meta title without the site's name.
        assert_eq!(
            reconcile_title(
                some("Floods close the old bridge - The Daily"),
                some("Menu"),
                None
            ),
            some("Floods close the old bridge")
        );
        assert_eq!(
            reconcile_title(
                None,
                None,
                some("Home | Rain falls on the city all week long")
            ),
            some("Rain falls on the city all week long")
        );
        assert_eq!(
            reconcile_title(None, some("Only h1"), None),
            some("Only h1")
        );
    }

    #[test]
    fn date_from_the_url_when_no_tag_gives_one() {
        let article = parse_html(
            r#"<html><head><link rel="canonical" href="https://news.example/2024/12/22/story"></head><body><p>x</p></body></html>"#,
        );
        assert_eq!(article.date, Date::new(2024, 12, 22));
    }

    #[test]
    fn date_from_a_byline() {
        let prose =
            "<p>The council met on Tuesday to discuss the new budget for schools and roads.</p>";
        let article = parse_html(&format!(
            "<html><body><h1>Budget</h1><div>Posted on 22/12/2024 by Ann</div>{prose}{prose}</body></html>"
        ));
        assert_eq!(article.date, Date::new(2024, 12, 22));
        assert_eq!(
            date_in_text("Updated: December 22, 2024"),
            Date::new(2024, 12, 22)
        );
        assert_eq!(
            date_in_text("Publié le 3 mai 2025 à 10h"),
            Date::new(2025, 5, 3)
        );
        assert_eq!(
            date_in_text("Hamburg, 2. November 2021"),
            Date::new(2021, 11, 2)
        );
        assert_eq!(date_in_text("No date here, 2024 only"), None);
        assert_eq!(date_in_text("Kapitel 5. Oktober"), None);
    }

    #[test]
    fn two_digit_years_in_date_elements_only() {
        let body =
            "<p>The council met on Tuesday and voted the school budget after a long debate.</p>";
        for (head, want) in [
            (
                "<span class=\"date\">Kultur, 2.11.22</span>",
                Date::new(2022, 11, 2),
            ),
            (
                "<div class=\"article-meta\">Von: Ann | <span>31.10.23</span></div>",
                Date::new(2023, 10, 31),
            ),
            (
                "<span class=\"date\">28.09.98</span>",
                Date::new(1998, 9, 28),
            ),
            // Not in a date element, or not a date: nothing.
            ("<span class=\"version\">2.11.22</span>", None),
            ("<span class=\"date\">1.2.3.4</span>", None),
            ("<span class=\"date\">31.02.23</span>", None),
        ] {
            let page = format!("<html><body>{head}<article>{body}</article></body></html>");
            assert_eq!(parse_html(&page).date, want, "{head}");
        }
        for text in ["", ".", "1.1.", "99.99.99", "é.1.22"] {
            let _ = short_year_date(text);
        }
    }

    #[test]
    fn date_standing_in_the_title() {
        let body =
            "<p>The council met on Tuesday and voted the school budget after a long debate.</p>";
        for (title, want) in [
            (
                "Les éléphants de Guinée | DW | 23.05.2011",
                Date::new(2011, 5, 23),
            ),
            (
                "3 May 2024 - Council votes the budget",
                Date::new(2024, 5, 3),
            ),
            // A date inside the headline is not the page's stamp; a title without parts is none.
            ("Council votes the budget of 3 May 2024 | Site", None),
            ("23.05.2011", None),
        ] {
            let page =
                format!("<html><head><title>{title}</title></head><body><article>{body}</article></body></html>");
            assert_eq!(parse_html(&page).date, want, "{title}");
        }
        // From `og:title` too; the headline is the longest part, without the stamp.
        let page = parse_html(&format!(
            "<html><head><meta property=\"og:title\" content=\"Budget voted | DW | 23.05.2011\"></head><body><article>{body}</article></body></html>"
        ));
        assert_eq!(page.date, Date::new(2011, 5, 23));
        assert_eq!(page.title.as_deref(), Some("Budget voted"));
    }

    proptest::proptest! {
        /// The date readers of this file never panic on date-like soup (multi-byte letters
        /// next to digits, separators, stray dots).
        #[test]
        fn date_readers_never_panic(text in "[0-9 .,:/|TäöüÄéệ-]{0,40}|[0-9]{1,2}\\. (März|Oktober|Mai) [0-9]{0,5}") {
            let _ = short_year_date(&text);
            let _ = date_in_text(&text);
            let _ = parse_date(&text);
            let _ = date_in_title(&[Some(text.as_str()), None]);
        }
    }

    #[test]
    fn json_ld_date() {
        let article = parse_html(
            r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2025-03-25T09:33:05+07:00"}]}</script></head><body><p>x</p></body></html>"#,
        );
        assert_eq!(article.date, Date::new(2025, 3, 25));
    }

    #[test]
    fn malformed_html_does_not_panic() {
        for source in [
            "",
            "<",
            "<html><body><p>unclosed",
            "<<<>>>&&&;",
            "<article><article>",
        ] {
            let _ = parse_html(source);
        }
    }
}
