//! JSON article objects from the common crawlers, understood without configuration:
//! news-please (`title`, `maintext`, `date_publish`, `language`, `url`, `source_domain`),
//! trafilatura (`title`, `text`, `date`, `url`, `hostname`, `language`) and plain records
//! (`id`, `body`, `content`, `text`, `lang`, `published`, `source`).

use crate::dates::{date_from_timestamp, parse_date};
use crate::record::Raw;
use serde_json::{Map, Value};

/// Field names for each part of the record, in order of preference.
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

/// The first non-null value among `names`, with its field name.
fn field<'a>(
    object: &'a Map<String, Value>,
    names: &[&'static str],
) -> Option<(&'static str, &'a Value)> {
    names.iter().find_map(|name| {
        object
            .get(*name)
            .filter(|v| !v.is_null())
            .map(|v| (*name, v))
    })
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
    [TEXT, TITLE, URL]
        .iter()
        .any(|names| names.iter().any(|name| object.contains_key(*name)))
}

/// Builds a raw article from one JSON value, or says why it cannot.
pub(crate) fn raw_from_json(value: &Value) -> Result<Raw, String> {
    let Value::Object(object) = value else {
        return Err(format!("not a JSON object but {}", kind(value)));
    };
    let mut raw = Raw::default();
    let warnings = &mut raw.warnings;
    raw.id = match field(object, ID) {
        Some((_, Value::String(s))) if !s.trim().is_empty() => Some(s.trim().to_string()),
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
    raw.url = string_field(object, URL, warnings);
    raw.title = string_field(object, TITLE, warnings);
    raw.lang = string_field(object, LANG, warnings);
    raw.source = string_field(object, SOURCE, warnings);
    raw.date = match field(object, DATE) {
        Some((name, Value::String(s))) => {
            let date = parse_date(s);
            if date.is_none() && !s.trim().is_empty() {
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
    raw.text = match field(object, TEXT) {
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
        None => {
            return Err(format!(
                "no article text (none of the fields {})",
                TEXT.join(", ")
            ))
        }
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
}
