//! The compact per-article facts the linker needs, kept in a fast column so an incremental run
//! can relink the whole corpus without reading the stored articles back.

use newsindex_analysis::{Anchor, AnchorKind};
use newsindex_core::{Date, Lang};
use newsindex_link::{Content, LinkFacts, LinkInput};
use serde::{Deserialize, Serialize};

/// Linking facts of one article, serialised into the `link` bytes column.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LinkData {
    /// Cited or canonical URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Body length in characters.
    pub chars: usize,
    /// Anchors in order of appearance: `[kind prefix, value, surface]`.
    pub anchors: Vec<(String, String, String)>,
    /// How many leading anchors come from the title.
    #[serde(default)]
    pub title_anchors: usize,
    /// The article's own publication day (days since 1970-01-01), before any inheritance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<i64>,
    /// Concepts and sketch of the article's words.
    #[serde(default)]
    pub content: Content,
}

fn kind_from_prefix(prefix: &str) -> Option<AnchorKind> {
    Some(match prefix {
        "url" => AnchorKind::Url,
        "code" => AnchorKind::Code,
        "date" => AnchorKind::Date,
        "num" => AnchorKind::Num,
        "name" => AnchorKind::Name,
        _ => return None,
    })
}

impl LinkData {
    /// Captures what the linker needs from an article's URL, body length and anchors.
    pub fn new(
        url: Option<String>,
        chars: usize,
        anchors: &[Anchor],
        title_anchors: usize,
        date: Option<Date>,
    ) -> LinkData {
        LinkData {
            url,
            chars,
            title_anchors,
            day: date.map(|d| d.days_since_epoch()),
            content: Content::default(),
            anchors: anchors
                .iter()
                .map(|a| {
                    (
                        a.kind.prefix().to_string(),
                        a.value.clone(),
                        a.surface.clone(),
                    )
                })
                .collect(),
        }
    }

    /// The linking facts of an article: title anchors first, then body anchors.
    pub fn from_article(article: &newsindex_core::Article) -> LinkData {
        let input = newsindex_link::LinkInput::from_article(article);
        let mut data = LinkData::new(
            input.url,
            input.text_chars,
            &input.anchors,
            input.title_anchors,
            input.date,
        );
        data.content = input.content;
        data
    }

    /// The article's own publication date, before any inheritance.
    pub fn own_date(&self) -> Option<Date> {
        self.day.map(Date::from_days_since_epoch)
    }

    /// Serialises for the index's link column (packed into words there), in the compact
    /// binary form of [`crate::linkcodec`].
    pub fn encode(&self) -> Vec<u8> {
        crate::linkcodec::encode(self)
    }

    /// Parses the column's bytes; a damaged value yields empty data rather than an error, so
    /// one bad value costs that article its links, never the run. (An index of schema 5 and
    /// before, which held JSON here, has another schema and is rebuilt, never read.)
    pub fn decode(bytes: &[u8]) -> LinkData {
        crate::linkcodec::decode(bytes).unwrap_or_default()
    }

    /// The linker's view of an article, borrowing these facts.
    pub fn facts<'a>(&'a self, id: &'a str, lang: Lang, date: Option<Date>) -> LinkFacts<'a> {
        LinkFacts {
            id,
            lang,
            date,
            url: self.url.as_deref(),
            text_chars: self.chars,
            title_anchors: self.title_anchors.min(self.anchors.len()),
            content: &self.content,
            anchors: self
                .anchors
                .iter()
                .filter_map(|(prefix, value, surface)| {
                    Some((kind_from_prefix(prefix)?, value.as_str(), surface.as_str()))
                })
                .collect(),
        }
    }

    /// Rebuilds the linker's input for an article.
    pub fn to_link_input(&self, id: &str, lang: Lang, date: Option<Date>) -> LinkInput {
        self.facts(id, lang, date).to_input()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_bytes() {
        let anchors = vec![Anchor {
            kind: AnchorKind::Code,
            value: "57-nq/tw".into(),
            surface: "57-NQ/TW".into(),
        }];
        let data = LinkData::new(
            Some("nhandan.vn/x".into()),
            1200,
            &anchors,
            1,
            Date::new(2025, 5, 29),
        );
        let back = LinkData::decode(&data.encode());
        assert_eq!(back, data);
        let input = back.to_link_input("a", Lang::Fr, Date::new(2025, 5, 29));
        assert_eq!(input.anchors, anchors);
        assert_eq!(input.text_chars, 1200);
        assert_eq!(back.own_date(), Date::new(2025, 5, 29));
    }

    #[test]
    fn damaged_bytes_give_empty_data() {
        assert_eq!(LinkData::decode(b"\xff{not json"), LinkData::default());
        assert_eq!(LinkData::decode(b"{\"chars\":1}"), LinkData::default());
    }
}
