//! Stage 3, link: groups the whole corpus that will be live after the run into stories, and
//! works out what each article inherits from its translations.

use crate::LinkData;
use newsindex_core::{Article, Date, Link, Relation, Story};
use newsindex_index::CatalogEntry;
use newsindex_link::{ArticleTexts, LinkCorpus};
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};

/// The stories of the corpus, as counts for the summary and an assignment for the writer.
pub(crate) struct Linked {
    pub assignment: StoryAssignment,
    /// Live articles.
    pub articles: u64,
    /// Stories.
    pub stories: u64,
    /// Stories with more than one article.
    pub linked_stories: u64,
}

/// Links `corpus` (the articles seen in this run) together with the `kept` articles of the
/// index, and frees the linking state: the write stage needs only the assignment. The
/// translations the model alone supports are checked against the `texts`.
pub(crate) fn link(
    mut corpus: LinkCorpus,
    kept: &[&CatalogEntry],
    texts: &dyn ArticleTexts,
) -> Linked {
    let mut view = crate::linkcodec::View::default();
    for entry in kept {
        LinkData::decode_view_into(&entry.link, &mut view);
        corpus.push_facts(&view.facts(&entry.id, entry.lang, entry.date));
    }
    // An article alone is its own story: only the others are made.
    let (stories, total) = corpus.linked_stories_with(texts);
    // Only the members of linked stories are looked up: a map of every article's date would
    // hold a million entries at 1M for nothing.
    let linked: HashSet<&str> = stories
        .iter()
        .flat_map(|s| s.ids.iter().map(String::as_str))
        .collect();
    let dates: HashMap<&str, Date> = (0..corpus.len())
        .filter(|&i| linked.contains(corpus.id(i)))
        .filter_map(|i| Some((corpus.id(i), corpus.date(i)?)))
        .collect();
    drop(linked);
    let linked_stories = stories.len() as u64;
    Linked {
        assignment: StoryAssignment::new(stories, &dates),
        articles: corpus.len() as u64,
        stories: total as u64,
        linked_stories,
    }
}

/// Story ids per article, and the metadata each article inherits from its translations.
pub(crate) struct StoryAssignment {
    // Fx hashing: every live article is looked up here on each run (as in the linker's own
    // maps, whose keys come from the input too).
    /// The members of stories of more than one article: their story (an index into
    /// `story_ids`) and their links (indices into `links`). Each link is held once, not once
    /// per end, and each story id once, not once per member.
    placed: FxHashMap<String, (u32, Vec<u32>)>,
    story_ids: Vec<String>,
    links: Vec<Link>,
    /// The date each undated article inherits, by id.
    pub inherited_date: FxHashMap<String, Date>,
}

impl StoryAssignment {
    /// `dates` are the articles' own publication dates, by id. The stories are taken apart:
    /// their ids and links move into the assignment instead of being copied.
    pub fn new(stories: Vec<Story>, dates: &HashMap<&str, Date>) -> StoryAssignment {
        let mut placed: FxHashMap<String, (u32, Vec<u32>)> = FxHashMap::default();
        let mut story_ids = Vec::new();
        let mut all_links = Vec::new();
        let mut inherited_date = FxHashMap::default();
        for s in stories {
            // A translation reports the same event on the same day: an undated version takes
            // the date of its dated translation (the earliest, when they disagree).
            for link in s
                .links
                .iter()
                .filter(|l| l.relation == Relation::Translation)
            {
                for (from, to) in [(&link.a, &link.b), (&link.b, &link.a)] {
                    if !dates.contains_key(to.as_str()) {
                        if let Some(&date) = dates.get(from.as_str()) {
                            inherited_date
                                .entry(to.clone())
                                .and_modify(|d: &mut Date| *d = (*d).min(date))
                                .or_insert(date);
                        }
                    }
                }
            }
            // An article alone is its own story (`story_of`'s default): a million-article
            // corpus is mostly such stories, and mapping each would cost memory for nothing.
            // Links join members of one story, so an article alone has none.
            if s.ids.len() > 1 {
                let story = story_ids.len() as u32;
                story_ids.push(s.story);
                for id in s.ids {
                    placed.insert(id, (story, Vec::new()));
                }
            }
            for link in s.links {
                let at = all_links.len() as u32;
                for end in [&link.a, &link.b] {
                    if let Some((_, links)) = placed.get_mut(end.as_str()) {
                        links.push(at);
                    }
                }
                all_links.push(link);
            }
        }
        StoryAssignment {
            placed,
            story_ids,
            links: all_links,
            inherited_date,
        }
    }

    /// The links of an article.
    pub fn links_of(&self, id: &str) -> Vec<&Link> {
        self.placed.get(id).map_or_else(Vec::new, |(_, links)| {
            links.iter().map(|&i| &self.links[i as usize]).collect()
        })
    }

    /// A key that changes when an article's linked ids or relations change (not its scores,
    /// which drift with corpus statistics and are not worth rewriting documents for).
    pub fn links_key(&self, id: &str) -> u64 {
        let mut parts: Vec<String> = self
            .links_of(id)
            .iter()
            .map(|l| format!("{}|{}|{:?}", l.a, l.b, l.relation))
            .collect();
        parts.sort();
        xxhash_rust::xxh3::xxh3_64(parts.join("\n").as_bytes())
    }

    /// The story of an article (its own id when it stands alone).
    pub fn story_of(&self, id: &str) -> String {
        self.placement(id).0.to_string()
    }

    /// The `story_key` column of an article: its story, and whether others share it.
    pub fn story_key_of(&self, id: &str) -> u64 {
        self.placement(id).1
    }

    /// An article's story and `story_key`, from one lookup.
    pub fn placement<'a>(&'a self, id: &'a str) -> (&'a str, u64) {
        match self.placed.get(id) {
            Some(&(story, _)) => {
                let story = &self.story_ids[story as usize];
                (story, newsindex_index::story_key(story, true))
            }
            None => (id, newsindex_index::story_key(id, false)),
        }
    }

    /// Gives an article what it inherits (an undated translation takes its date).
    pub fn apply(&self, article: &mut Article) {
        if article.date.is_none() {
            if let Some(date) = self.inherited_date.get(&article.id) {
                article.date = Some(*date);
                if !article.inherited.iter().any(|f| f == "date") {
                    article.inherited.push("date".into());
                }
            }
        }
        article.inherited.sort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translation(a: &str, b: &str) -> Link {
        Link {
            a: a.into(),
            b: b.into(),
            relation: Relation::Translation,
            score: 0.9,
            evidence: Vec::new(),
        }
    }

    fn story(id: &str, ids: &[&str], links: Vec<Link>) -> Story {
        Story {
            story: id.into(),
            ids: ids.iter().map(|s| s.to_string()).collect(),
            langs: Vec::new(),
            links,
        }
    }

    #[test]
    fn an_undated_translation_inherits_the_earliest_date() {
        let early = Date::new(2025, 5, 28).unwrap();
        let late = Date::new(2025, 5, 29).unwrap();
        let stories = [story(
            "s1",
            &["en", "fr", "vi"],
            vec![translation("en", "vi"), translation("fr", "vi")],
        )];
        let dates = HashMap::from([("en", late), ("fr", early)]);
        let assignment = StoryAssignment::new(stories.to_vec(), &dates);
        let mut vi = Article::new("vi", newsindex_core::Lang::Vi);
        assignment.apply(&mut vi);
        assert_eq!(vi.date, Some(early));
        assert_eq!(vi.inherited, ["date"]);
        // A dated article keeps its own date.
        let mut en = Article::new("en", newsindex_core::Lang::En);
        en.date = Some(late);
        assignment.apply(&mut en);
        assert_eq!((en.date, en.inherited.len()), (Some(late), 0));
    }

    #[test]
    fn each_member_has_its_story_and_its_links_in_story_order() {
        let (ab, bc, de) = (
            translation("a", "b"),
            translation("b", "c"),
            translation("d", "e"),
        );
        let stories = vec![
            story("a", &["a", "b", "c"], vec![ab.clone(), bc.clone()]),
            story("d", &["d", "e"], vec![de.clone()]),
        ];
        let assignment = StoryAssignment::new(stories, &HashMap::new());
        assert_eq!(assignment.links_of("b"), [&ab, &bc]);
        assert_eq!(assignment.links_of("c"), [&bc]);
        assert_eq!(assignment.links_of("e"), [&de]);
        assert_eq!(assignment.story_of("c"), "a");
        assert_eq!(assignment.story_of("e"), "d");
        // The documents' `links` field: the same JSON as the links themselves.
        assert_eq!(
            serde_json::to_string(&assignment.links_of("b")).unwrap(),
            serde_json::to_string(&[ab, bc]).unwrap()
        );
    }

    #[test]
    fn lone_articles_are_their_own_story_and_links_key_ignores_scores() {
        let mut scored = translation("a", "b");
        let stories = [story("s1", &["a", "b"], vec![scored.clone()])];
        let first = StoryAssignment::new(stories.to_vec(), &HashMap::new());
        assert_eq!(first.story_of("a"), "s1");
        assert_eq!(first.story_of("alone"), "alone");
        assert_eq!(first.links_of("b").len(), 1);
        assert!(first.links_of("alone").is_empty());
        scored.score = 0.5;
        let rescored = StoryAssignment::new(
            vec![story("s1", &["a", "b"], vec![scored])],
            &HashMap::new(),
        );
        assert_eq!(first.links_key("a"), rescored.links_key("a"));
        assert_ne!(first.links_key("a"), first.links_key("alone"));
    }
}
