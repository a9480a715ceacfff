//! Stage 4, write: documents into the index writer. New and changed records come back from
//! the spill file already knowing their story; unchanged articles whose story or inherited
//! metadata moved are rewritten from their stored record; removed articles are deleted.

use crate::facts::{SeenArticles, Spill, Status, BATCH};
use crate::link::StoryAssignment;
use crate::read::{origin_line, origin_path};
use crate::{Catalog, Event, LinkData, Observer, Progress};
use newsindex_core::{Article, Month};
use newsindex_index::{CatalogEntry, Fields, IndexError, NewsIndex, SharedDoc, Writer};
use std::collections::HashSet;

/// What the write stage works from.
pub(crate) struct WriteStage<'a> {
    pub index: &'a NewsIndex,
    /// The searcher the catalog was read from.
    pub searcher: &'a tantivy::Searcher,
    pub catalog: &'a Catalog,
    pub seen: &'a SeenArticles,
    pub assignment: &'a StoryAssignment,
    pub full: bool,
}

impl WriteStage<'_> {
    /// Deletes what goes: everything with `full`, else the `removed` articles.
    pub fn remove(&self, writer: &mut Writer, removed: &[&CatalogEntry]) -> Result<(), IndexError> {
        if self.full {
            writer.delete_all()?;
        }
        for entry in removed {
            writer.delete_id(&entry.id);
        }
        Ok(())
    }

    /// Writes the spilled records; returns the ids of the catalog's articles it rewrote.
    pub fn write_spilled(
        &self,
        writer: &mut Writer,
        spill: &Spill,
        observe: &Observer<'_>,
    ) -> Result<HashSet<String>, IndexError> {
        let mut written = 0u64;
        let mut rewritten: HashSet<String> = HashSet::new();
        for spilled in spill.read()? {
            let spilled = spilled?;
            let mut article = spilled.article;
            let Some(state) = self.seen.get(&article.id) else {
                continue;
            };
            // A full build has already deleted everything; a new article has nothing to
            // replace.
            if !self.full && state.status != Status::Added {
                writer.delete_id(&article.id);
            }
            self.assignment.apply(&mut article);
            let fields = self.index.fields();
            writer.add(make_doc(
                fields,
                &article,
                spilled.hash,
                self.assignment,
                &spilled.link,
            ))?;
            // Only [`Self::relink_unchanged`] reads this, and only for ids the catalog holds.
            if self.catalog.contains_key(&article.id) {
                rewritten.insert(article.id);
            }
            written += 1;
            if written.is_multiple_of(BATCH as u64) {
                observe(Event::Progress(Progress {
                    phase: "writing",
                    done: written,
                    total: Some(spill.lines),
                }));
            }
        }
        Ok(rewritten)
    }

    /// Rewrites unchanged articles (seen unchanged, or `kept` unseen) whose story, links or
    /// inherited date moved; returns how many. The check uses fast columns only, so an
    /// incremental run reads no record it keeps.
    pub fn relink_unchanged(
        &self,
        writer: &mut Writer,
        kept: &[&CatalogEntry],
        rewritten: &HashSet<String>,
    ) -> Result<u64, IndexError> {
        let kept_ids: HashSet<&str> = kept.iter().map(|entry| entry.id.as_str()).collect();
        let mut relinked = 0;
        for entry in self.catalog.values() {
            let original_date = match self.seen.get(&entry.id) {
                Some(state) if state.status == Status::Unchanged => state.date,
                Some(_) => continue,
                None if kept_ids.contains(entry.id.as_str()) => entry.date,
                None => continue,
            };
            if rewritten.contains(&entry.id) {
                continue;
            }
            let assignment = self.assignment;
            let expected_date =
                original_date.or_else(|| assignment.inherited_date.get(&entry.id).copied());
            if assignment.placement(&entry.id) == (entry.story.as_str(), entry.story_key)
                && expected_date == entry.date
                && assignment.links_key(&entry.id) == entry.links_key
            {
                continue;
            }
            let mut article = self.index.stored(self.searcher, entry.address)?.article;
            article.raw_hash = entry.raw_hash;
            strip_inherited(&mut article);
            assignment.apply(&mut article);
            writer.delete_id(&entry.id);
            let link = LinkData::decode(&entry.link);
            let fields = self.index.fields();
            writer.add(make_doc(fields, &article, entry.hash, assignment, &link))?;
            relinked += 1;
        }
        Ok(relinked)
    }
}

/// Takes back what an article inherited, before it inherits again.
pub(crate) fn strip_inherited(article: &mut Article) {
    if article.inherited.iter().any(|f| f == "date") {
        article.date = None;
    }
    article.inherited.clear();
}

/// The document of an article: its columns, record, links and anchors, and its title and
/// body in every field pair of its language (one string shared by the pairs).
pub(crate) fn make_doc(
    fields: &Fields,
    article: &Article,
    hash: u64,
    assignment: &StoryAssignment,
    link: &LinkData,
) -> SharedDoc {
    let story = assignment.story_of(&article.id);
    let mut doc = SharedDoc::default();
    doc.add_text(fields.id, &article.id);
    doc.add_text(fields.path, origin_path(&article.origin));
    doc.add_u64(fields.hash, hash);
    doc.add_u64(fields.raw_hash, article.raw_hash);
    doc.add_u64(fields.line, origin_line(&article.origin));
    doc.add_text(fields.lang, article.lang.code());
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    if let Some(date) = article.date {
        doc.add_i64(fields.day, date.days_since_epoch());
    }
    // A page that states only its month is counted in that month's facet, never in a day range.
    if let Some(month) = article.date.map(Month::of).or(article.month) {
        doc.add_text(fields.month, month.to_string());
    }
    doc.add_u64(fields.story_key, assignment.story_key_of(&article.id));
    doc.add_text(fields.story, story);
    doc.add_text(
        fields.links,
        serde_json::to_string(&assignment.links_of(&article.id)).unwrap_or_default(),
    );
    doc.add_u64(fields.links_key, assignment.links_key(&article.id));
    doc.add_text(
        fields.record,
        serde_json::to_string(article).unwrap_or_default(),
    );
    doc.add_packed(fields.link, &link.encode());
    let mut terms: Vec<String> = link
        .anchors
        .iter()
        .map(|(kind, value, _)| format!("{kind}:{value}"))
        .collect();
    terms.sort();
    terms.dedup();
    for term in terms {
        doc.add_text(fields.anchors, term);
    }
    let mut shared = None;
    for pair in &fields.for_lang(article.lang).pairs {
        match shared {
            None => {
                let title = doc.add_text(pair.title, article.title.as_str());
                let body = doc.add_text(pair.body, article.text.as_str());
                shared = Some((title, body));
            }
            Some((title, body)) => {
                doc.add_shared(pair.title, title);
                doc.add_shared(pair.body, body);
            }
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_core::{Date, Lang, Link, Relation, Story};

    fn article(id: &str, lang: Lang) -> Article {
        let mut article = Article::new(id, lang);
        article.title = format!("Nghị quyết 57-NQ/TW {id}");
        article.text = "Nghị quyết 57-NQ/TW, nghị quyết 57-NQ/TW.".into();
        article.origin = format!("corpus/{id}.jsonl:3");
        article
    }

    /// `a` and `b` in one story, `a` dated, `b` inheriting its date.
    fn paired() -> StoryAssignment {
        let link = Link {
            a: "a".into(),
            b: "b".into(),
            relation: Relation::Translation,
            score: 0.9,
            evidence: Vec::new(),
        };
        let story = Story {
            story: "a".into(),
            ids: vec!["a".into(), "b".into()],
            langs: Vec::new(),
            links: vec![link],
        };
        let date = Date::new(2025, 5, 29).unwrap();
        StoryAssignment::new(vec![story], &std::collections::HashMap::from([("a", date)]))
    }

    #[test]
    fn a_document_has_its_text_in_every_field_pair_of_its_language_and_its_anchors_once() {
        let tmp = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(&tmp.path().join("index")).unwrap();
        let fields = index.fields();
        let b = article("b", Lang::Vi);
        let link = LinkData::from_article(&b);
        let doc = make_doc(fields, &b, 9, &paired(), &link);
        let pairs = &fields.for_lang(Lang::Vi).pairs;
        assert!(pairs.len() > 1);
        for pair in pairs {
            assert_eq!(
                doc.texts(pair.title).collect::<Vec<_>>(),
                [b.title.as_str()]
            );
            assert_eq!(doc.texts(pair.body).collect::<Vec<_>>(), [b.text.as_str()]);
        }
        assert_eq!(
            doc.texts(fields.path).collect::<Vec<_>>(),
            ["corpus/b.jsonl"]
        );
        assert_eq!(doc.texts(fields.story).collect::<Vec<_>>(), ["a"]);
        let anchors: Vec<&str> = doc.texts(fields.anchors).collect();
        assert_eq!(
            anchors.iter().filter(|a| a.contains("57-nq")).count(),
            1,
            "{anchors:?}"
        );
        let mut sorted = anchors.clone();
        sorted.sort();
        assert_eq!(anchors, sorted);
    }

    #[test]
    fn unchanged_articles_are_rewritten_only_when_their_story_moved() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("index");
        // Nothing in common: the linker leaves them apart.
        let mut a = Article::new("a", Lang::En);
        a.title = "Harbour works".into();
        a.text = "The harbour works resumed after the storm.".into();
        a.date = Date::new(2025, 5, 29);
        let mut b = Article::new("b", Lang::Fr);
        b.title = "Vendanges".into();
        b.text = "Les vendanges commencent tôt cette année.".into();
        crate::build_articles(&dir, &[a, b], false).unwrap();
        let index = NewsIndex::open(&dir).unwrap();
        let searcher = index.searcher().unwrap();
        let catalog: Catalog = index
            .catalog(&searcher)
            .unwrap()
            .into_iter()
            .map(|e| (e.id.clone(), e))
            .collect();
        let kept: Vec<&CatalogEntry> = catalog.values().collect();
        let seen = SeenArticles::default();
        let relink = |assignment: &StoryAssignment| {
            let stage = WriteStage {
                index: &index,
                searcher: &searcher,
                catalog: &catalog,
                seen: &seen,
                assignment,
                full: false,
            };
            let mut writer = index.writer(1, 50 << 20).unwrap();
            let relinked = stage
                .relink_unchanged(&mut writer, &kept, &HashSet::new())
                .unwrap();
            writer.commit().unwrap();
            relinked
        };
        // As indexed (each alone): nothing to rewrite.
        assert_eq!(catalog["b"].story, "b");
        assert_eq!(
            relink(&StoryAssignment::new(
                Vec::new(),
                &std::collections::HashMap::new()
            )),
            0
        );
        // Linked together: both get the link, `b` moves into `a`'s story and takes its date.
        assert_eq!(relink(&paired()), 2);
        let fresh = index.searcher().unwrap();
        let b = index.get(&fresh, "b").unwrap();
        assert_eq!(b.story, "a");
        assert_eq!(b.article.date, Date::new(2025, 5, 29));
        assert_eq!(b.article.inherited, ["date"]);
        assert_eq!(fresh.num_docs(), 2);
    }

    #[test]
    fn strip_inherited_takes_back_an_inherited_date_only() {
        let mut own = article("a", Lang::En);
        own.date = Date::new(2025, 5, 29);
        strip_inherited(&mut own);
        assert!(own.date.is_some());
        let mut inherited = own.clone();
        inherited.inherited = vec!["date".into()];
        strip_inherited(&mut inherited);
        assert_eq!((inherited.date, inherited.inherited.len()), (None, 0));
    }
}
