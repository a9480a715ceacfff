//! Story views: an article's other language versions with the evidence that links them, and
//! a story with all its versions.

use crate::engine::{Engine, SearchError};
use newsindex_core::{Article, Lang, Link, Relation, Story};
use newsindex_index::{IndexError, StoredDoc};
use serde::Serialize;

/// Another version of an article, and why it is one.
#[derive(Clone, Debug, Serialize)]
pub struct Version {
    /// Article id.
    pub id: String,
    /// Language.
    pub lang: Lang,
    /// Title.
    pub title: String,
    /// Source URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<newsindex_core::Date>,
    /// Translation or independent report of the same event.
    pub relation: Relation,
    /// Link score in 0..=1.
    pub score: f64,
    /// The evidence, in plain words.
    pub evidence: Vec<String>,
}

/// What `translations ID` prints.
#[derive(Clone, Debug, Serialize)]
pub struct Translations {
    /// The article asked about.
    pub id: String,
    /// Its language.
    pub lang: Lang,
    /// Its title.
    pub title: String,
    /// Its story.
    pub story: String,
    /// The story's other versions, translations first, best score first.
    pub versions: Vec<Version>,
}

/// A story with the full records of its versions.
#[derive(Clone, Debug, Serialize)]
pub struct StoryView {
    /// Story id, member ids, languages and links.
    #[serde(flatten)]
    pub story: Story,
    /// Every version's record.
    pub articles: Vec<Article>,
}

fn not_found(err: IndexError) -> SearchError {
    match err {
        IndexError::UnknownId(id) => SearchError::NotFound(format!("no article with id {id:?}")),
        other => SearchError::Index(other),
    }
}

impl Engine {
    /// The stored record of an article.
    pub fn article(&self, id: &str) -> Result<StoredDoc, SearchError> {
        self.index().get(&self.searcher(), id).map_err(not_found)
    }

    /// An article's other language versions, with scores and evidence.
    pub fn translations(&self, id: &str) -> Result<Translations, SearchError> {
        let searcher = self.searcher();
        let doc = self.index().get(&searcher, id).map_err(not_found)?;
        let story = self.story(&doc.story)?;
        let members = story.story.ids;
        let mut versions = Vec::new();
        for member in members.iter().filter(|m| *m != id) {
            let other = self.index().get(&searcher, member).map_err(not_found)?;
            let direct = doc
                .links
                .iter()
                .find(|l| (l.a == *member && l.b == id) || (l.a == id && l.b == *member));
            let (relation, score, evidence) = match direct {
                Some(link) => (link.relation, link.score, link.evidence.clone()),
                None => path_between(&story.story.links, id, member),
            };
            let article = other.article;
            versions.push(Version {
                id: article.id,
                lang: article.lang,
                title: article.title,
                url: article.url,
                source: article.source,
                date: article.date,
                relation,
                score,
                evidence,
            });
        }
        versions.sort_by(|a, b| {
            (a.relation != Relation::Translation)
                .cmp(&(b.relation != Relation::Translation))
                .then(b.score.total_cmp(&a.score))
                .then(a.id.cmp(&b.id))
        });
        Ok(Translations {
            id: doc.article.id,
            lang: doc.article.lang,
            title: doc.article.title,
            story: doc.story,
            versions,
        })
    }

    /// A story with every version's record.
    pub fn story(&self, story: &str) -> Result<StoryView, SearchError> {
        let searcher = self.searcher();
        let ids = self.index().story_members(&searcher, story)?;
        if ids.is_empty() {
            return Err(SearchError::NotFound(format!("no story with id {story:?}")));
        }
        let mut articles = Vec::with_capacity(ids.len());
        let mut links: Vec<Link> = Vec::new();
        let mut langs: Vec<String> = Vec::new();
        for id in &ids {
            let doc = self.index().get(&searcher, id).map_err(not_found)?;
            for link in doc.links {
                if !links.iter().any(|l| l.a == link.a && l.b == link.b) {
                    links.push(link);
                }
            }
            let lang = doc.article.lang.code().to_string();
            if !langs.contains(&lang) {
                langs.push(lang);
            }
            articles.push(doc.article);
        }
        langs.sort();
        links.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
        Ok(StoryView {
            story: Story {
                story: story.to_string(),
                ids,
                langs,
                links,
            },
            articles,
        })
    }
}

/// How `to` is reached from `from` through the story's links: the relation is a translation
/// only when every step is one or a copy (a duplicate when every step is a copy), the score is the weakest step's, and the evidence names the
/// articles in between.
fn path_between(links: &[Link], from: &str, to: &str) -> (Relation, f64, Vec<String>) {
    // Breadth-first search, keeping the predecessor link of each reached article.
    let mut previous: std::collections::HashMap<&str, &Link> = std::collections::HashMap::new();
    let mut queue = std::collections::VecDeque::from([from]);
    let mut reached = std::collections::HashSet::from([from]);
    while let Some(current) = queue.pop_front() {
        for link in links {
            let next = if link.a == current {
                link.b.as_str()
            } else if link.b == current {
                link.a.as_str()
            } else {
                continue;
            };
            if reached.insert(next) {
                previous.insert(next, link);
                queue.push_back(next);
            }
        }
    }
    let mut steps = Vec::new();
    let mut cursor = to;
    while let Some(link) = previous.get(cursor) {
        steps.push(*link);
        cursor = if link.a == cursor { &link.b } else { &link.a };
        if cursor == from {
            break;
        }
    }
    if steps.is_empty() {
        return (Relation::SameEvent, 0.0, vec!["same story".to_string()]);
    }
    // Copies are the same version: a translation of one copy is a translation of every copy.
    let version = |l: &&Link| matches!(l.relation, Relation::Translation | Relation::Duplicate);
    let relation = if steps.iter().all(|l| l.relation == Relation::Duplicate) {
        Relation::Duplicate
    } else if steps.iter().all(version) {
        Relation::Translation
    } else {
        Relation::SameEvent
    };
    let score = steps.iter().map(|l| l.score).fold(f64::INFINITY, f64::min);
    let mut via: Vec<&str> = Vec::new();
    for link in steps.iter().skip(1) {
        for id in [link.a.as_str(), link.b.as_str()] {
            if id != from && id != to && !via.contains(&id) {
                via.push(id);
            }
        }
    }
    via.reverse();
    (
        relation,
        score,
        vec![format!("linked through {}", via.join(", "))],
    )
}
