//! JSON article objects from the common crawlers, understood without configuration. The
//! writer is told by the record's own fields, whatever the file is called:
//!
//! - trafilatura (`trafilatura --json`, `build_json_output` in `trafilatura/xml.py`): the
//!   page URL is in `source`, the outlet in `hostname` (a domain) or `source-hostname` (the
//!   site name), the body in `text` (`raw_text` as a fallback), the meta description in
//!   `excerpt`; recognised by `source-hostname` or two of its other own fields;
//! - news-please (`NewsArticle.get_serializable_dict`): body in `maintext`, lead in
//!   `description`, `date_publish` (`2024-12-22 10:30:00`, or the string `None`), `url`,
//!   `source_domain`, `language`; titles in `title`, `title_page`, `title_rss`;
//! - plain records (`id`, `body`, `content`, `text`, `lang`, `published`, `source`).
//!
//! A meta description (`description`, `excerpt`) becomes the first paragraph when the body
//! lacks it: news extractors often drop the lead (the Vietnamese *sapo*), which sits outside
//! the article container, and it is the densest summary of the story. It is added only when
//! it is not already in the body and shares at least a third of its words with the body, so
//! a description in another language, or a site-wide slogan that has few words of the story,
//! is left out (a slogan that happens to share them is not told apart).

use crate::dates::{date_from_timestamp, parse_date};
use crate::record::Raw;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Which tool wrote a record, told by its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Trafilatura,
    NewsPlease,
    Plain,
}

/// Field names only news-please writes; any one of them tells its records.
const NEWS_PLEASE_MARKS: &[&str] = &[
    "maintext",
    "date_publish",
    "source_domain",
    "date_download",
    "title_page",
    "title_rss",
    "localpath",
];
/// Field names trafilatura writes besides the common ones; `source-hostname` alone, or two
/// of the others, tell its records (a plain record may well have an `excerpt`).
const TRAFILATURA_MARK: &str = "source-hostname";
const TRAFILATURA_HINTS: &[&str] = &[
    "raw_text",
    "fingerprint",
    "excerpt",
    "pagetype",
    "filedate",
    "hostname",
    "comments",
];

fn shape(object: &Map<String, Value>) -> Shape {
    if NEWS_PLEASE_MARKS.iter().any(|k| object.contains_key(*k)) {
        Shape::NewsPlease
    } else if object.contains_key(TRAFILATURA_MARK)
        || TRAFILATURA_HINTS
            .iter()
            .filter(|k| object.contains_key(**k))
            .count()
            >= 2
    {
        Shape::Trafilatura
    } else {
        Shape::Plain
    }
}

/// Field names for each part of a record, in order of preference.
struct Names {
    id: &'static [&'static str],
    url: &'static [&'static str],
    title: &'static [&'static str],
    text: &'static [&'static str],
    date: &'static [&'static str],
    lang: &'static [&'static str],
    source: &'static [&'static str],
    /// The meta description, a candidate lead paragraph.
    lead: &'static [&'static str],
}

const ID: &[&str] = &["id", "_id", "article_id", "guid"];
const URL: &[&str] = &["url", "link", "canonical_url", "source_url"];
const TITLE: &[&str] = &["title", "headline"];
const TEXT: &[&str] = &["maintext", "text", "body", "content", "article_text"];
const DATE: &[&str] = &[
    "date_publish",
    "date",
    "published",
    "published_at",
    "publish_date",
    "pubdate",
    "datePublished",
    "date_published",
];
const LANG: &[&str] = &["language", "lang", "locale"];
const SOURCE: &[&str] = &["source_domain", "hostname", "source", "domain", "sitename"];

const PLAIN: Names = Names {
    id: ID,
    url: URL,
    title: TITLE,
    text: TEXT,
    date: DATE,
    lang: LANG,
    source: SOURCE,
    lead: &[],
};

/// news-please: its own names first, then the plain ones for records that mix them;
/// `date_modify` and `date_download` are not publication dates and are never read; `text` is
/// its deprecated body field, read when `maintext` is missing.
const NEWS_PLEASE: Names = Names {
    id: ID,
    url: URL,
    title: &["title", "title_page", "title_rss", "headline"],
    text: &["maintext", "text", "body", "content", "article_text"],
    date: DATE,
    lang: LANG,
    source: &["source_domain", "domain", "hostname", "sitename", "source"],
    lead: &["description"],
};

/// trafilatura: its own names first, then the plain ones; `source` is read as the URL first
/// (see [`raw_from_json`]); `comments` are readers' comments, not the article.
const TRAFILATURA: Names = Names {
    id: ID,
    url: URL,
    title: TITLE,
    text: &[
        "text",
        "raw_text",
        "maintext",
        "body",
        "content",
        "article_text",
    ],
    date: &[
        "date",
        "date_publish",
        "published",
        "published_at",
        "publish_date",
        "pubdate",
        "datePublished",
        "date_published",
    ],
    lang: LANG,
    source: &[
        "hostname",
        "source-hostname",
        "sitename",
        "source_domain",
        "domain",
    ],
    lead: &["excerpt"],
};

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// False for null and for a string of spaces only: such a field is as good as missing.
fn present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        _ => true,
    }
}

/// The first present value among `names`, with its field name.
fn field<'a>(
    object: &'a Map<String, Value>,
    names: &[&'static str],
) -> Option<(&'static str, &'a Value)> {
    names
        .iter()
        .find_map(|name| object.get(*name).filter(|v| present(v)).map(|v| (*name, v)))
}

/// A string field; other types are ignored with a warning.
fn string_field(
    object: &Map<String, Value>,
    names: &[&'static str],
    warnings: &mut Vec<String>,
) -> Option<String> {
    let (name, value) = field(object, names)?;
    match value {
        Value::String(s) => Some(s.clone()),
        other => {
            warnings.push(format!(
                "field {name:?} is {}, not a string; ignored",
                kind(other)
            ));
            None
        }
    }
}

/// True when an object has any text, title or URL field, even null: an article record.
pub(crate) fn has_article_fields(object: &Map<String, Value>) -> bool {
    [TEXT, TITLE, URL, TRAFILATURA.text, NEWS_PLEASE.title]
        .iter()
        .any(|names| names.iter().any(|name| object.contains_key(*name)))
}

/// A value written as a web address rather than a site name.
fn looks_like_url(value: &str) -> bool {
    let value = value.trim();
    value.contains("://") || value.starts_with("www.")
}

/// Why a record has no body: which field was there but empty, or which were looked for.
fn no_text(object: &Map<String, Value>, names: &Names) -> String {
    let why = match names.text.iter().find(|name| object.contains_key(**name)) {
        Some(name) if object[*name].is_null() => format!("field {name:?} is null"),
        // A body of spaces: the reason every format gives.
        Some(_) => return "empty article text".to_string(),
        None => format!("none of the fields {}", names.text.join(", ")),
    };
    let lead = field(object, names.lead).map_or(String::new(), |(name, _)| {
        format!("; a {name:?} alone is not indexed")
    });
    format!("no article text ({why}{lead})")
}

/// Spaces collapsed, for comparing a lead with a body.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
}

/// A lead is kept only when at least this share of its distinct words are also in the body.
/// A real lead restates the story in other words: a Vietnamese sapo shares about half its
/// syllables with the body, function words included; an English slogan shares one in eight.
const LEAD_MIN_SHARED: f64 = 1.0 / 3.0;
/// ... and when it has at least this many words (not a section name).
const LEAD_MIN_WORDS: usize = 4;

/// The body with the description as its first paragraph, when the body lacks it and the
/// description is about the same story (see the module documentation).
fn with_lead(lead: &str, body: String) -> String {
    let lead = flat(lead);
    let cut = lead.ends_with("...") || lead.ends_with('…');
    let core = lead.trim_end_matches(['.', '…', ' ']);
    // A cut description ends in the middle of a word: compare without it.
    let core = match core.rsplit_once(' ') {
        Some((head, _)) if cut => head,
        _ => core,
    };
    let lead_words: HashSet<String> = words(core).collect();
    if lead_words.len() < LEAD_MIN_WORDS {
        return body;
    }
    let body_flat = flat(&body);
    if body_flat.contains(core) {
        return body;
    }
    let body_words: HashSet<String> = words(&body_flat).collect();
    let shared = lead_words
        .iter()
        .filter(|w| body_words.contains(*w))
        .count();
    if (shared as f64) < LEAD_MIN_SHARED * lead_words.len() as f64 {
        return body;
    }
    format!("{lead}\n\n{body}")
}

/// Builds a raw article from one JSON value, or says why it cannot.
pub(crate) fn raw_from_json(value: &Value) -> Result<Raw, String> {
    let Value::Object(object) = value else {
        return Err(format!("not a JSON object but {}", kind(value)));
    };
    let shape = shape(object);
    let names = match shape {
        Shape::Trafilatura => &TRAFILATURA,
        Shape::NewsPlease => &NEWS_PLEASE,
        Shape::Plain => &PLAIN,
    };
    let mut raw = Raw::default();
    let warnings = &mut raw.warnings;
    raw.id = match field(object, names.id) {
        Some((_, Value::String(s))) => Some(s.trim().to_string()),
        Some((_, Value::Number(n))) => Some(n.to_string()),
        Some((name, other)) => {
            warnings.push(format!(
                "field {name:?} is {}, not an id; ignored",
                kind(other)
            ));
            None
        }
        None => None,
    };
    raw.url = string_field(object, names.url, warnings);
    raw.title = string_field(object, names.title, warnings);
    raw.lang = string_field(object, names.lang, warnings);
    raw.source = string_field(object, names.source, warnings);
    if shape == Shape::Trafilatura {
        // trafilatura writes the page URL as `source`; a site name found there is still
        // taken as the outlet.
        match string_field(object, &["source"], warnings) {
            Some(source) if looks_like_url(&source) => raw.url = Some(source),
            Some(name) => raw.source = raw.source.take().or(Some(name)),
            None => {}
        }
    }
    raw.date = match field(object, names.date) {
        // news-please writes a missing date as the string "None".
        Some((_, Value::String(s))) if s.trim() == "None" => None,
        Some((name, Value::String(s))) => {
            let date = parse_date(s);
            if date.is_none() {
                warnings.push(format!("field {name:?} is not a readable date: {s:?}"));
            }
            date
        }
        Some((name, Value::Number(n))) => {
            let date = n.as_f64().and_then(date_from_timestamp);
            if date.is_none() {
                warnings.push(format!("field {name:?} is not a readable timestamp: {n}"));
            }
            date
        }
        Some((name, other)) => {
            warnings.push(format!(
                "field {name:?} is {}, not a date; ignored",
                kind(other)
            ));
            None
        }
        None => None,
    };
    let text = match field(object, names.text) {
        Some((_, Value::String(s))) => s.clone(),
        // Some crawlers store the body as a list of paragraphs.
        Some((name, Value::Array(items))) if items.iter().all(Value::is_string) => {
            warnings.push(format!("field {name:?} is a list of paragraphs; joined"));
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n\n")
        }
        Some((name, other)) => {
            return Err(format!("field {name:?} is {}, not text", kind(other)));
        }
        None => return Err(no_text(object, names)),
    };
    raw.text = match string_field(object, names.lead, warnings) {
        Some(lead) => with_lead(&lead, text),
        None => text,
    };
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_core::Date;
    use serde_json::json;

    #[test]
    fn understands_the_crawlers_field_names() {
        let news_please = json!({"title": "T", "maintext": "Body", "date_publish": "2025-05-29 10:00:00",
            "language": "fr", "url": "https://www.x.fr/a", "source_domain": "www.x.fr"});
        let trafilatura = json!({"title": "T", "text": "Body", "date": "2025-05-29",
            "url": "https://x.fr/a", "hostname": "x.fr", "language": "fr"});
        let plain = json!({"id": "a1", "body": "Body", "lang": "fr", "published": "29/05/2025", "source": "x.fr"});
        for value in [news_please, trafilatura, plain] {
            let raw = raw_from_json(&value).unwrap();
            assert_eq!(raw.text, "Body", "{value}");
            assert_eq!(raw.date, Date::new(2025, 5, 29), "{value}");
            assert_eq!(raw.lang.as_deref(), Some("fr"), "{value}");
            assert!(raw.source.is_some(), "{value}");
            assert!(raw.warnings.is_empty(), "{value}: {:?}", raw.warnings);
        }
    }

    #[test]
    fn wrong_types_warn_or_reject() {
        let raw =
            raw_from_json(&json!({"title": 42, "text": "Body", "date": true, "id": 7})).unwrap();
        assert_eq!(raw.title, None);
        assert_eq!(raw.id.as_deref(), Some("7"));
        assert_eq!(raw.warnings.len(), 2, "{:?}", raw.warnings);
        assert!(raw.warnings[0].contains("\"title\" is a number"));

        for (value, reason) in [
            (json!({"text": null}), "no article text"),
            (
                json!({"text": {"a": 1}}),
                "field \"text\" is an object, not text",
            ),
            (json!([1, 2]), "not a JSON object but an array"),
            (json!("text"), "not a JSON object but a string"),
        ] {
            let err = raw_from_json(&value).unwrap_err();
            assert!(err.starts_with(reason), "{value}: {err}");
        }
    }

    #[test]
    fn null_falls_through_to_the_next_name_and_lists_are_joined() {
        let raw =
            raw_from_json(&json!({"maintext": null, "text": ["One.", "Two."], "date": 1748476800}))
                .unwrap();
        assert_eq!(raw.text, "One.\n\nTwo.");
        assert_eq!(raw.date, Date::new(2025, 5, 29));
    }

    /// A record as `trafilatura --json` writes it (every field of its `Document`, `url` renamed
    /// `source`, `sitename` renamed `source-hostname`, `description` renamed `excerpt`).
    fn trafilatura_record() -> Value {
        json!({
            "title": "Le port rouvre après les travaux", "author": "Jeanne Martin",
            "hostname": "www.exemple-journal.fr", "date": "2024-12-22",
            "categories": "Ville;Transports", "tags": "port;travaux",
            "fingerprint": "a1b2c3d4e5f60718", "id": null, "license": null,
            "comments": "Enfin ! Un lecteur.", "raw_text": null,
            "text": "Le port de la ville rouvre lundi.\nLes travaux ont duré deux ans.",
            "language": "fr", "image": "https://www.exemple-journal.fr/img/port.jpg",
            "pagetype": "article", "filedate": "2024-12-23",
            "source": "https://www.exemple-journal.fr/ville/port-rouvre",
            "source-hostname": "Exemple Journal",
            "excerpt": "Le port de la ville rouvre lundi."
        })
    }

    #[test]
    fn trafilatura_source_is_the_url_and_hostname_the_outlet() {
        let raw = raw_from_json(&trafilatura_record()).unwrap();
        assert_eq!(
            raw.url.as_deref(),
            Some("https://www.exemple-journal.fr/ville/port-rouvre")
        );
        assert_eq!(raw.source.as_deref(), Some("www.exemple-journal.fr"));
        assert_eq!(
            raw.title.as_deref(),
            Some("Le port rouvre après les travaux")
        );
        assert_eq!(raw.date, Date::new(2024, 12, 22));
        assert_eq!(raw.lang.as_deref(), Some("fr"));
        // The excerpt is the body's first sentence: not added twice; comments left out.
        assert_eq!(
            raw.text,
            "Le port de la ville rouvre lundi.\nLes travaux ont duré deux ans."
        );
        assert!(raw.warnings.is_empty(), "{:?}", raw.warnings);

        // No hostname: the site name; a site name in `source` is an outlet, not a URL.
        let mut record = trafilatura_record();
        record["hostname"] = Value::Null;
        let raw = raw_from_json(&record).unwrap();
        assert_eq!(raw.source.as_deref(), Some("Exemple Journal"));
        record["source"] = json!("Exemple Journal");
        record["source-hostname"] = Value::Null;
        let raw = raw_from_json(&record).unwrap();
        assert_eq!(
            (raw.url, raw.source.as_deref()),
            (None, Some("Exemple Journal"))
        );
    }

    #[test]
    fn trafilatura_nulls_and_raw_text() {
        // Every field null but the body (as written for a page with no metadata).
        let mut record = trafilatura_record();
        for (_, value) in record.as_object_mut().unwrap().iter_mut() {
            *value = Value::Null;
        }
        record["raw_text"] = json!("Only the raw text is there.");
        let raw = raw_from_json(&record).unwrap();
        assert_eq!(raw.text, "Only the raw text is there.");
        assert_eq!(
            (raw.url, raw.source, raw.title, raw.date),
            (None, None, None, None)
        );
        assert!(raw.warnings.is_empty(), "{:?}", raw.warnings);

        record["raw_text"] = Value::Null;
        assert_eq!(
            raw_from_json(&record).unwrap_err(),
            "no article text (field \"text\" is null)"
        );
        record["text"] = json!("  ");
        record["excerpt"] = json!("A description of the page.");
        assert_eq!(raw_from_json(&record).unwrap_err(), "empty article text");
    }

    /// A record as news-please writes it (`NewsArticle.get_serializable_dict`: dates through
    /// `str()`, so a missing one is the string "None").
    fn news_please_record() -> Value {
        json!({
            "authors": ["Trần Văn An"], "date_download": "2024-12-23 08:00:00",
            "date_modify": "None", "date_publish": "2024-12-22 10:30:00",
            "description": "Cầu mới nối hai bờ sông sẽ được khởi công vào tháng tới, rút ngắn thời gian đi lại.",
            "filename": "https%3A%2F%2Fbaomau.example.vn%2Fcau-moi.json",
            "image_url": "https://baomau.example.vn/anh/cau.jpg", "language": "vi",
            "localpath": null,
            "maintext": "Theo kế hoạch, cầu mới nối hai bờ sông dài 800 mét.\n\nThời gian đi lại sẽ rút ngắn một nửa khi cầu hoàn thành.",
            "source_domain": "baomau.example.vn", "text": null,
            "title": "Khởi công cầu mới qua sông", "title_page": null, "title_rss": null,
            "url": "https://baomau.example.vn/cau-moi.html"
        })
    }

    #[test]
    fn news_please_fields_and_description_as_lead() {
        let raw = raw_from_json(&news_please_record()).unwrap();
        assert_eq!(
            raw.url.as_deref(),
            Some("https://baomau.example.vn/cau-moi.html")
        );
        assert_eq!(raw.source.as_deref(), Some("baomau.example.vn"));
        assert_eq!(raw.title.as_deref(), Some("Khởi công cầu mới qua sông"));
        assert_eq!(raw.date, Date::new(2024, 12, 22));
        assert_eq!(raw.lang.as_deref(), Some("vi"));
        assert_eq!(raw.id, None);
        // The description (a sapo the body lacks) leads the text.
        assert!(
            raw.text.starts_with("Cầu mới nối hai bờ sông sẽ được khởi công vào tháng tới, rút ngắn thời gian đi lại.\n\nTheo kế hoạch,"),
            "{}",
            raw.text
        );
        assert!(raw.warnings.is_empty(), "{:?}", raw.warnings);

        // Neither date_modify nor date_download stands in for a missing publication date;
        // a null title falls back to the page title.
        let mut record = news_please_record();
        record["date_publish"] = json!("None");
        record["date_modify"] = json!("2024-12-24 09:00:00");
        record["title"] = Value::Null;
        record["title_page"] = json!("Khởi công cầu mới | Báo Mẫu");
        let raw = raw_from_json(&record).unwrap();
        assert_eq!(raw.date, None);
        assert_eq!(raw.title.as_deref(), Some("Khởi công cầu mới | Báo Mẫu"));
        assert!(raw.warnings.is_empty(), "{:?}", raw.warnings);
    }

    #[test]
    fn news_please_without_body_is_rejected() {
        let mut record = news_please_record();
        record["maintext"] = Value::Null;
        assert_eq!(
            raw_from_json(&record).unwrap_err(),
            "no article text (field \"maintext\" is null; a \"description\" alone is not indexed)"
        );
        // Only a few fields, all others missing: still read.
        let raw = raw_from_json(&json!({"maintext": "Body.", "date_publish": null})).unwrap();
        assert_eq!((raw.text.as_str(), raw.date), ("Body.", None));
    }

    #[test]
    fn lead_is_added_only_when_missing_and_on_topic() {
        let body = "The new bridge over the river opens in May. Traffic will halve.".to_string();
        // Already there, or there but cut short by the site.
        for lead in [
            "The new bridge over the river opens in May.",
            "The new bridge over the river opens in Ma...",
            "The new  bridge over\nthe river…",
        ] {
            assert_eq!(with_lead(lead, body.clone()), body, "{lead}");
        }
        // A site slogan, a section name, a description in another language: left out.
        for lead in [
            "Breaking news, sport and weather from the coast",
            "Local news",
            "Le nouveau pont sur la rivière ouvre en mai",
        ] {
            assert_eq!(with_lead(lead, body.clone()), body, "{lead}");
        }
        assert_eq!(
            with_lead(
                "Works on the river bridge end; it opens in May",
                body.clone()
            ),
            format!("Works on the river bridge end; it opens in May\n\n{body}")
        );
    }

    #[test]
    fn shapes_are_told_by_their_fields() {
        assert_eq!(
            shape(trafilatura_record().as_object().unwrap()),
            Shape::Trafilatura
        );
        assert_eq!(
            shape(news_please_record().as_object().unwrap()),
            Shape::NewsPlease
        );
        // A plain record with an outlet name in `source` and one trafilatura-like field.
        let plain = json!({"text": "Body", "source": "Nhân Dân", "excerpt": "x"});
        assert_eq!(shape(plain.as_object().unwrap()), Shape::Plain);
        let raw = raw_from_json(&plain).unwrap();
        assert_eq!((raw.url, raw.source.as_deref()), (None, Some("Nhân Dân")));
    }
}
