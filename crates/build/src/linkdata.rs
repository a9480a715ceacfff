//! The compact per-article facts the linker needs, kept in a fast column so an incremental run
//! can relink the whole corpus without reading the stored articles back.

use crate::linkcodec::View;
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

/// The linker's view of one article from its facts, owned or borrowed alike (`who` is its
/// id, language and date).
fn link_facts<'a>(
    who: (&'a str, Lang, Option<Date>),
    url: Option<&'a str>,
    text_chars: usize,
    title_anchors: usize,
    content: &'a Content,
    anchors: impl ExactSizeIterator<Item = (&'a str, &'a str, &'a str)>,
) -> LinkFacts<'a> {
    let (id, lang, date) = who;
    let title_anchors = title_anchors.min(anchors.len());
    LinkFacts {
        id,
        lang,
        date,
        url,
        text_chars,
        title_anchors,
        content,
        anchors: anchors
            .filter_map(|(prefix, value, surface)| {
                Some((kind_from_prefix(prefix)?, value, surface))
            })
            .collect(),
    }
}

impl<'b> View<'b> {
    /// The article's own publication date, before any inheritance.
    pub fn own_date(&self) -> Option<Date> {
        self.day.map(Date::from_days_since_epoch)
    }

    /// The linker's view of an article, borrowing these facts (as [`LinkData::facts`]).
    pub fn facts<'a>(&'a self, id: &'a str, lang: Lang, date: Option<Date>) -> LinkFacts<'a>
    where
        'b: 'a,
    {
        link_facts(
            (id, lang, date),
            self.url,
            self.chars,
            self.title_anchors,
            &self.content,
            self.anchors.iter().copied(),
        )
    }
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

    /// [`LinkData::decode`] into `view`, with the strings borrowed from `bytes` and the
    /// vectors of `view` reused (see [`crate::linkcodec::decode_into`]), for facts that go
    /// straight to the linker; damaged bytes likewise give empty facts.
    pub(crate) fn decode_view_into<'a>(bytes: &'a [u8], view: &mut View<'a>) {
        if !crate::linkcodec::decode_into(bytes, view) {
            *view = View::default();
        }
    }

    /// The linker's view of an article, borrowing these facts.
    pub fn facts<'a>(&'a self, id: &'a str, lang: Lang, date: Option<Date>) -> LinkFacts<'a> {
        let anchors = self
            .anchors
            .iter()
            .map(|(prefix, value, surface)| (prefix.as_str(), value.as_str(), surface.as_str()));
        link_facts(
            (id, lang, date),
            self.url.as_deref(),
            self.chars,
            self.title_anchors,
            &self.content,
            anchors,
        )
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
    fn facts_read_in_place_equal_the_decoded_ones() {
        let anchors = [("code", "57-nq/tw", "57-NQ/TW"), ("odd", "x", "X")];
        let data = LinkData {
            url: Some("nhandan.vn/x".into()),
            chars: 1200,
            anchors: anchors
                .iter()
                .map(|(p, v, s)| (p.to_string(), v.to_string(), s.to_string()))
                .collect(),
            title_anchors: 5,
            day: Some(20_000),
            content: Content {
                concepts: vec![3, 1],
                sketch: vec![7, 9],
                triples: 2,
            },
        };
        let bytes = data.encode();
        let mut view = View::default();
        LinkData::decode_view_into(&bytes, &mut view);
        assert_eq!(view.own_date(), data.own_date());
        let (owned, borrowed) = (
            data.facts("a", Lang::Vi, data.own_date()),
            view.facts("a", Lang::Vi, view.own_date()),
        );
        // The unknown prefix is left out of both; title anchors are capped alike.
        assert_eq!(
            borrowed.anchors,
            [(AnchorKind::Code, "57-nq/tw", "57-NQ/TW")]
        );
        assert_eq!(borrowed.anchors, owned.anchors);
        assert_eq!(
            (
                borrowed.url,
                borrowed.text_chars,
                borrowed.title_anchors,
                borrowed.date
            ),
            (owned.url, owned.text_chars, owned.title_anchors, owned.date)
        );
        assert_eq!(borrowed.content, owned.content);
        // Damaged bytes after good ones leave nothing of them, and good ones come back.
        LinkData::decode_view_into(b"\xff", &mut view);
        assert_eq!(view, View::default());
        LinkData::decode_view_into(&bytes, &mut view);
        assert_eq!(view.into_owned(), data);
    }

    #[test]
    fn damaged_bytes_give_empty_data() {
        assert_eq!(LinkData::decode(b"\xff{not json"), LinkData::default());
        assert_eq!(LinkData::decode(b"{\"chars\":1}"), LinkData::default());
    }
}
