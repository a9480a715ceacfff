//! The build split into steps that run apart, for batch frameworks (the Spark job in
//! `spark/`): **facts** per input file (read, normalise, detect, content hash, linking facts:
//! the read and facts stages of [`crate::run`]), **link** once over the compact facts of the
//! whole corpus (stories and inherited dates, as the link stage), **shard** (one fresh index
//! of some articles, written with the corpus' stories, as the write stage) and **merge** (the
//! shards into one index, published atomically). Every step calls the functions the
//! single-machine build calls, so both build the same documents and the same stories.
//!
//! Steps talk in JSON lines ([`FactLine`], [`LinkLine`]), so that a framework can partition,
//! sort and ship them without knowing what they hold.

use crate::facts::{content_hash, Origin, Origins};
use crate::link::StoryAssignment;
use crate::read::origin_path;
use crate::write::make_doc;
use crate::LinkData;
use newsindex_core::{Article, Date, Lang, Story};
use newsindex_index::{IndexError, NewsIndex};
use newsindex_ingest::{read_file, Outcome, ReadOptions};
use newsindex_link::distributed::{
    anchor_proposals, article_keys, best_partners, copy_keys, copy_proposals, family_heads, finish,
    posting_entries, score_group, stories_of_links, CopyHolder, KeyRow, KeyedArticle, ScoredLink,
    ScoredPair, ScoringGroup,
};
use newsindex_link::{ArticleTexts, LinkCorpus};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// What the facts step says about one input record: an article with its linking facts, or a
/// rejection naming the record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum FactLine {
    /// An article read.
    Article(Box<ArticleFacts>),
    /// A record that could not be read, and why.
    Rejected {
        /// Position of the record in the whole input (see [`ArticleFacts::order`]).
        order: (u64, u64),
        /// `path` or `path:line`.
        origin: String,
        /// Why, in plain words.
        reason: String,
    },
}

/// An article and what the link and shard steps need of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleFacts {
    /// (file number in the input listing, record number in the file): the order in which
    /// the single-machine build reads the record. The linker breaks ties by it and the first
    /// of two articles with one id wins, so the link step must see the facts in this order.
    pub order: (u64, u64),
    /// Article id.
    pub id: String,
    /// `path` or `path:line`.
    pub origin: String,
    /// Article language.
    pub lang: Lang,
    /// Own publication day (days since 1970-01-01).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<i64>,
    /// Content hash, as the index stores it.
    pub hash: u64,
    /// Hash of the raw input record.
    pub raw: u64,
    /// Linking facts.
    pub link: LinkData,
    /// The normalised article; the link step does without it (drop it to ship less).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<Article>,
}

/// One entry of the input listing: a file to read, numbered in the order the single-machine
/// build reads it, or an input root that cannot be listed, rejected as that build rejects it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum InputFile {
    /// A file to read.
    File {
        /// File number: its place in the listing.
        file: u64,
        /// Path, as the single-machine build would name it.
        path: PathBuf,
    },
    /// A root that could not be listed.
    Rejected(FactLine),
}

/// The files under `roots`, in the order the single-machine build reads them (each root in
/// turn, directories walked in name order, documentation files skipped).
pub fn input_files(roots: &[PathBuf]) -> Vec<InputFile> {
    let mut listing = Vec::new();
    let mut file = 0u64;
    for root in roots {
        match newsindex_ingest::walk(std::slice::from_ref(root)) {
            Ok(walk) => {
                for path in walk.files {
                    listing.push(InputFile::File { file, path });
                    file += 1;
                }
            }
            Err(err) => {
                listing.push(InputFile::Rejected(FactLine::Rejected {
                    order: (file, 0),
                    origin: root.display().to_string(),
                    reason: err.reason(),
                }));
                file += 1;
            }
        }
    }
    listing
}

/// Reads one input file (file number `file` in the listing), handing each record's facts to
/// `sink` in order. A record that cannot be read becomes a [`FactLine::Rejected`]; nothing
/// stops the file's other records.
pub fn facts_of_file(file: u64, path: &Path, mut sink: impl FnMut(FactLine)) {
    // One thread: a batch framework runs one such process per core.
    let options = ReadOptions {
        threads: 1,
        ..ReadOptions::default()
    };
    let mut seq = 0u64;
    read_file(path, &options, |outcome| {
        let order = (file, seq);
        seq += 1;
        sink(match outcome {
            Outcome::Article(article) => {
                FactLine::Article(Box::new(article_facts(order, *article)))
            }
            Outcome::Rejected(rejection) => FactLine::Rejected {
                order,
                origin: rejection.origin,
                reason: rejection.reason,
            },
            // No known hashes were given: a batch build is always a full build.
            Outcome::Unchanged { origin, .. } => FactLine::Rejected {
                order,
                origin,
                reason: "reported unchanged in a full build".into(),
            },
        })
    });
}

/// The facts of an article read at `order`: the same hash and linking facts as the facts
/// stage of a single-machine build.
pub fn article_facts(order: (u64, u64), article: Article) -> ArticleFacts {
    ArticleFacts {
        order,
        id: article.id.clone(),
        origin: article.origin.clone(),
        lang: article.lang,
        day: article.date.map(|d| d.days_since_epoch()),
        hash: content_hash(&article),
        raw: article.raw_hash,
        link: LinkData::from_article(&article),
        article: Some(article),
    }
}

/// What the link step says: the stories of more than one article, the own dates of their
/// members (what [`StoryAssignment`] needs to pass dates on), and the records rejected as
/// duplicates. An article in no story line is a story of its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum LinkLine {
    /// A story of more than one article.
    Story {
        /// The story, with its links.
        story: Story,
        /// Own publication days of its members, by id.
        days: Vec<(String, i64)>,
    },
    /// A record dropped because an earlier one has its id.
    Duplicate {
        /// `path` or `path:line` of the dropped record.
        origin: String,
        /// Why, as the single-machine build says it.
        reason: String,
    },
    /// Corpus totals, last.
    Totals {
        /// Articles linked.
        articles: u64,
        /// Stories (an article alone counts as one).
        stories: u64,
        /// Stories of more than one article.
        linked_stories: u64,
    },
}

/// Where an article's facts line lies: which of the link step's facts files (its place in
/// the list given), and the byte offset of the line in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineAt {
    /// Place of the file in the list of facts files.
    pub file: u32,
    /// Byte offset of the line's start.
    pub offset: u64,
}

/// Links the whole corpus from its facts, which must come in [`ArticleFacts::order`] (an
/// error says which did not): the linker breaks ties by the order articles are added, so
/// this is what makes the stories those of a single-machine build. Memory is the linker's,
/// plus a few bytes per article to know its id again and name its origin: the ids are the
/// linker's, the origins' paths are stored once.
///
/// The texts of the translations the linker checks are read again from the facts files
/// (`facts_files`, where a fact's [`LineAt`] says), or, for a fact without one, from its
/// record's input file (which reads and analyses that whole file again).
pub fn link_facts(
    facts: impl IntoIterator<Item = (ArticleFacts, Option<LineAt>)>,
    facts_files: &[PathBuf],
    mut sink: impl FnMut(LinkLine),
) -> Result<(), String> {
    let mut corpus = LinkCorpus::new();
    let mut known = KnownIds::default();
    let mut origins = ArticleOrigins::default();
    let mut lines = Vec::new();
    let mut last: Option<(u64, u64)> = None;
    for (fact, line) in facts {
        if last.is_some_and(|last| fact.order <= last) {
            return Err(format!(
                "facts out of order: {:?} after {:?} ({})",
                fact.order,
                last.unwrap_or_default(),
                fact.origin
            ));
        }
        last = Some(fact.order);
        if let Some(first) = known.get(&corpus, &fact.id) {
            // Worded as the single-machine build words it (`Collector::duplicate`).
            let first = origins.get(first);
            sink(LinkLine::Duplicate {
                reason: format!("duplicate id: {} (first seen at {first})", fact.id),
                origin: fact.origin,
            });
            continue;
        }
        let date = fact.day.map(Date::from_days_since_epoch);
        corpus.push_facts(&fact.link.facts(&fact.id, fact.lang, date));
        known.insert(&fact.id, corpus.len() - 1);
        origins.push(&fact.origin);
        lines.push(line.unwrap_or(NO_LINE));
    }
    let (stories, total) = corpus.linked_stories_with(&InputTexts {
        corpus: &corpus,
        known: &known,
        origins: &origins,
        lines: &lines,
        facts_files,
    });
    let linked = stories.len() as u64;
    for story in stories {
        let days = story
            .ids
            .iter()
            .filter_map(|id| {
                let day = corpus.date(known.get(&corpus, id)?)?;
                Some((id.clone(), day.days_since_epoch()))
            })
            .collect();
        sink(LinkLine::Story { story, days });
    }
    sink(LinkLine::Totals {
        articles: corpus.len() as u64,
        stories: total as u64,
        linked_stories: linked,
    });
    Ok(())
}

/// The linker's article index of each id: a hash of the id, checked against the linker's own
/// copy of it, so that no id is stored twice.
#[derive(Default)]
struct KnownIds {
    by_hash: FxHashMap<u64, u32>,
    /// Ids whose hash an earlier id took.
    collided: HashMap<String, u32>,
}

impl KnownIds {
    /// The index of `id` in `corpus`, if it was added.
    fn get(&self, corpus: &LinkCorpus, id: &str) -> Option<usize> {
        match self.by_hash.get(&xxh3_64(id.as_bytes())) {
            Some(&index) if corpus.id(index as usize) == id => Some(index as usize),
            _ => self.collided.get(id).map(|&index| index as usize),
        }
    }

    /// Records that `id` (not known yet) is the article at `index`.
    fn insert(&mut self, id: &str, index: usize) {
        let index = index as u32;
        match self.by_hash.entry(xxh3_64(id.as_bytes())) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.collided.insert(id.to_string(), index);
            }
        }
    }
}

/// The origin of each article, by the linker's index: the path interned, the line a number.
#[derive(Default)]
struct ArticleOrigins {
    paths: Origins,
    of: Vec<Origin>,
    /// Origins that do not read back the same from their path and line (`path:0`), whole.
    odd: HashMap<u32, String>,
}

impl ArticleOrigins {
    /// Adds the origin of the next article.
    fn push(&mut self, origin: &str) {
        let interned = self.paths.intern(origin);
        if self.paths.show(interned) != origin {
            self.odd.insert(self.of.len() as u32, origin.to_string());
        }
        self.of.push(interned);
    }

    /// The origin of the article at `index`, as it was added.
    fn get(&self, index: usize) -> String {
        match self.odd.get(&(index as u32)) {
            Some(origin) => origin.clone(),
            None => self.paths.show(self.of[index]),
        }
    }
}

/// The [`LineAt`] of an article whose facts came without one.
const NO_LINE: LineAt = LineAt {
    file: u32::MAX,
    offset: 0,
};

/// The texts the linker asks for, read again from the facts files or the articles' input
/// files: both give the text the single-machine build spills. A file that cannot be read
/// here (a path local to another machine) leaves its links unchecked.
struct InputTexts<'a> {
    corpus: &'a LinkCorpus,
    known: &'a KnownIds,
    /// Each article's origin (`path` or `path:line`), by the linker's index.
    origins: &'a ArticleOrigins,
    /// Each article's facts line ([`NO_LINE`] when not known), by the linker's index.
    lines: &'a [LineAt],
    facts_files: &'a [PathBuf],
}

impl ArticleTexts for InputTexts<'_> {
    fn texts(&self, ids: &[&str]) -> Vec<Option<String>> {
        let mut in_facts = Vec::new();
        let mut elsewhere = Vec::new();
        for (asked, &id) in ids.iter().enumerate() {
            let Some(index) = self.known.get(self.corpus, id) else {
                continue;
            };
            match self.lines[index] {
                NO_LINE => elsewhere.push((asked, id)),
                line => in_facts.push((line, asked)),
            }
        }
        let mut texts = vec![None; ids.len()];
        // In file and offset order: each file opened once, read forward.
        in_facts.sort_unstable();
        let mut open: Option<(u32, std::io::BufReader<std::fs::File>)> = None;
        for (line, asked) in in_facts {
            if open.as_ref().is_none_or(|(file, _)| *file != line.file) {
                open = self
                    .facts_files
                    .get(line.file as usize)
                    .and_then(|path| std::fs::File::open(path).ok())
                    .map(|file| (line.file, std::io::BufReader::new(file)));
            }
            if let Some((_, reader)) = &mut open {
                texts[asked] = text_at(reader, line.offset);
            }
        }
        let others: Vec<&str> = elsewhere.iter().map(|&(_, id)| id).collect();
        let found = texts_by_origin(&others, |id| {
            let index = self.known.get(self.corpus, id)?;
            Some(self.origins.get(index))
        });
        for ((asked, _), text) in elsewhere.into_iter().zip(found) {
            texts[asked] = text;
        }
        texts
    }
}

/// The body text of the article line at `offset` of a facts file.
fn text_at(reader: &mut std::io::BufReader<std::fs::File>, offset: u64) -> Option<String> {
    use std::io::{BufRead, Seek, SeekFrom};
    reader.seek(SeekFrom::Start(offset)).ok()?;
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    match serde_json::from_str::<FactLine>(&line).ok()? {
        FactLine::Article(facts) => Some(facts.article?.text),
        FactLine::Rejected { .. } => None,
    }
}

/// The corpus' stories as the shard step needs them, from the link step's lines.
pub struct Assignment {
    stories: StoryAssignment,
    duplicates: HashSet<String>,
}

impl Assignment {
    /// Gathers the link step's lines.
    pub fn from_lines(lines: impl IntoIterator<Item = LinkLine>) -> Assignment {
        let mut stories = Vec::new();
        let mut days: HashMap<String, Date> = HashMap::new();
        let mut duplicates = HashSet::new();
        for line in lines {
            match line {
                LinkLine::Story { story, days: d } => {
                    days.extend(
                        d.into_iter()
                            .map(|(id, day)| (id, Date::from_days_since_epoch(day))),
                    );
                    stories.push(story);
                }
                LinkLine::Duplicate { origin, .. } => {
                    duplicates.insert(origin);
                }
                LinkLine::Totals { .. } => {}
            }
        }
        let dates: HashMap<&str, Date> = days.iter().map(|(id, d)| (id.as_str(), *d)).collect();
        Assignment {
            stories: StoryAssignment::new(stories, &dates),
            duplicates,
        }
    }
}

/// Writes the articles of `facts` (those not dropped as duplicates) into a fresh index in
/// `dir`, with the corpus' stories, in one commit; returns how many. `dir` must not hold
/// anything yet: a retried task writes into a directory of its own.
pub fn write_shard(
    dir: &Path,
    assignment: &Assignment,
    facts: impl IntoIterator<Item = ArticleFacts>,
    heap_bytes: usize,
) -> Result<u64, IndexError> {
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied {
        return Err(IndexError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a shard is written into an empty or new directory",
            ),
        });
    }
    let index = NewsIndex::open_or_create(dir)?;
    // Left as written, unmerged: the merge step merges every shard's segments into one, and
    // merging here too would only read and write them once more.
    let mut writer = index.writer(1, heap_bytes)?;
    let mut written = 0;
    for fact in facts {
        if assignment.duplicates.contains(&fact.origin) {
            continue;
        }
        let Some(mut article) = fact.article else {
            continue;
        };
        article.raw_hash = fact.raw;
        assignment.stories.apply(&mut article);
        let doc = make_doc(
            index.fields(),
            &article,
            fact.hash,
            &assignment.stories,
            &fact.link,
        );
        if let Err(err) = writer.add(doc) {
            writer.rollback();
            return Err(err);
        }
        written += 1;
    }
    writer.commit()?;
    Ok(written)
}

/// Merges the shard indexes into one index at `out`, published atomically: `out` appears (or
/// is replaced) complete, or stays as it was. Returns the number of articles.
pub fn merge_shards(out: &Path, shards: &[PathBuf]) -> Result<u64, IndexError> {
    newsindex_index::rebuild_beside(out, |fresh| newsindex_index::merge_indexes(fresh, shards))
}

/// The steps of linking over partitions (see `newsindex_link::distributed` and
/// spark/README.md for the order and the shuffles between them). Records are lines, keyed
/// ones as `KEY<TAB>VALUE` so that a framework can group them without parsing the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkingStep {
    /// `INDEX<TAB>FACTS` (a compact article line and its corpus index) to one
    /// `"KEY"<TAB>INDEX<TAB>POSITION` line per statistics key.
    Keys,
    /// Keyed articles ([`KeyedFacts`]) to `c<TAB>HASH<TAB>HOLDER` ([`CopyHolder`]) per
    /// sketch hash it meets copies under and `p<TAB>ANCHOR<TAB>[INDEX,DAY,DF]` per posting.
    Entries,
    /// `[HOLDER,...]` (one sketch hash's holders) to `A<TAB>B` plausible copy proposals.
    CopyPairs,
    /// `ANCHOR<TAB>[[INDEX,DAY,DF],...]` (one anchor's heads) to
    /// `A<TAB>[B,ANCHOR,DF]` proposals.
    Proposals,
    /// `A<TAB>[[B,ANCHOR,DF],...]` (the proposals made to A) to `A<TAB>B`
    /// candidate pairs; `articles` is the corpus size.
    Candidates {
        /// Articles in the corpus.
        articles: u32,
    },
    /// Keyed articles (`{"index":I,"keys":[...],"facts":{...}}`, [`KeyedFacts`]) and scoring
    /// groups `{"article":A,"partners":[B,...]}` naming keyed articles that came before by
    /// index, to [`ScoredLink`] lines. A group may also carry its articles inline
    /// (`{"article":KEYED,"partners":[KEYED,...]}`); both go through one scorer.
    Score {
        /// Articles in the corpus.
        articles: u32,
        /// Whether the pairs are copy proposals.
        copies: bool,
    },
    /// Copy links ([`ScoredLink`] lines) to `INDEX<TAB>HEAD` for each article whose family
    /// head is another.
    Families,
    /// All scored links to the link step's story lines and totals ([`LinkLine`]).
    Stories {
        /// Articles in the corpus.
        articles: u32,
    },
}

/// A compact article line with its corpus index and the statistics rows of its keys.
#[derive(Clone, Debug, Deserialize)]
pub struct KeyedFacts {
    /// Index in the corpus (input order, duplicate ids dropped).
    pub index: u32,
    /// Rows of its keys: key, id, document frequency.
    pub keys: Vec<KeyRow>,
    /// The article's facts.
    pub facts: ArticleFacts,
}

impl KeyedFacts {
    fn keyed(&self) -> KeyedArticle<'_> {
        let date = self.facts.day.map(Date::from_days_since_epoch);
        KeyedArticle {
            index: self.index,
            facts: self.facts.link.facts(&self.facts.id, self.facts.lang, date),
            keys: &self.keys,
        }
    }
}

/// A scoring group with its articles inline (each partner's line once per group).
#[derive(Deserialize)]
struct GroupLine {
    article: KeyedFacts,
    partners: Vec<KeyedFacts>,
}

/// A scoring group naming its articles by corpus index: their keyed lines came before it
/// (each once per process, however many groups name it).
#[derive(Deserialize)]
struct IndexGroup {
    article: u32,
    partners: Vec<u32>,
}

/// What the score step needs to tell its two kinds of line apart: a keyed article has an
/// `index`, a group has none. (The rest of a keyed line is parsed when a group names it.)
#[derive(Deserialize)]
struct ScoreLineHead {
    index: Option<u32>,
}

/// The score step's state: the keyed articles read so far (as lines, each parsed for every
/// group that names it, as the inline form parses it: no parsed copy is held), the pairs
/// scored and the origins of their ends.
struct Scorer {
    articles: u32,
    copies: bool,
    keyed: FxHashMap<u32, String>,
    scored: Vec<ScoredPair>,
    origins: HashMap<String, String>,
}

impl Scorer {
    /// Reads one input line of the score step.
    fn line(&mut self, mut line: String) -> Result<(), String> {
        let head: ScoreLineHead = parse(&line, "a keyed article or a scoring group")?;
        if let Some(index) = head.index {
            // Without the room the line reader reserved (up to as much again).
            line.shrink_to_fit();
            self.keyed.insert(index, line);
            return Ok(());
        }
        if let Ok(group) = serde_json::from_str::<IndexGroup>(&line) {
            let held = |index: u32, role: &str| -> Result<KeyedFacts, String> {
                let text = self.keyed.get(&index).ok_or_else(|| {
                    format!(
                        "the scoring group of article {}: {role} {index}: no keyed article line \
                         with this index came before the group",
                        group.article
                    )
                })?;
                parse(text, "a keyed article")
            };
            let article = held(group.article, "article")?;
            let partners = group
                .partners
                .iter()
                .map(|&b| held(b, "partner"))
                .collect::<Result<Vec<_>, _>>()?;
            return self.score(&article, &partners);
        }
        let group: GroupLine = parse(&line, "a scoring group")?;
        self.score(&group.article, &group.partners)
    }

    /// Scores one group (both forms of the input come here).
    fn score(&mut self, article: &KeyedFacts, partners: &[KeyedFacts]) -> Result<(), String> {
        let pairs = score_group(
            self.articles,
            &ScoringGroup {
                copies: self.copies,
                article: article.keyed(),
                partners: partners.iter().map(KeyedFacts::keyed).collect(),
            },
        )?;
        for fact in std::iter::once(article).chain(partners).map(|k| &k.facts) {
            if pairs.iter().any(|p| p.ids().contains(&fact.id.as_str())) {
                self.origins.insert(fact.id.clone(), fact.origin.clone());
            }
        }
        self.scored.extend(pairs);
        Ok(())
    }
}

fn split_key(line: &str) -> Result<(&str, &str), String> {
    line.split_once('\t')
        .ok_or_else(|| format!("not a KEY<TAB>VALUE line: {line:.80}"))
}

fn parse<'a, T: Deserialize<'a>>(text: &'a str, what: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("not {what}: {e}: {text:.80}"))
}

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Runs one linking step over its input lines, handing each output line to `sink`.
pub fn linking_step(
    step: LinkingStep,
    lines: impl IntoIterator<Item = String>,
    mut sink: impl FnMut(String),
) -> Result<(), String> {
    let lines = lines.into_iter().filter(|l| !l.trim().is_empty());
    match step {
        LinkingStep::Keys => {
            for line in lines {
                let (index, facts) = split_key(&line)?;
                let facts: ArticleFacts = parse(facts, "a facts line")?;
                let date = facts.day.map(Date::from_days_since_epoch);
                let link = facts.link.facts(&facts.id, facts.lang, date);
                for (pos, key) in article_keys(&link).into_iter().enumerate() {
                    sink(format!("{}\t{index}\t{pos}", json(&key)));
                }
            }
        }
        LinkingStep::Entries => {
            for line in lines {
                let keyed: KeyedFacts = parse(&line, "a keyed article")?;
                let article = keyed.keyed();
                let holder = json(&CopyHolder::of(keyed.index, &article.facts));
                for hash in copy_keys(&article.facts) {
                    sink(format!("c\t{hash}\t{holder}"));
                }
                for (anchor, df) in posting_entries(&article)? {
                    let entry = (keyed.index, keyed.facts.day, df);
                    sink(format!("p\t{anchor}\t{}", json(&entry)));
                }
            }
        }
        LinkingStep::CopyPairs => {
            for line in lines {
                let mut holders: Vec<CopyHolder> = parse(&line, "a list of holders")?;
                for (a, b) in copy_proposals(&mut holders) {
                    sink(format!("{a}\t{b}"));
                }
            }
        }
        LinkingStep::Proposals => {
            for line in lines {
                let (anchor, holders) = split_key(&line)?;
                let holders: Vec<(u32, Option<i64>, u32)> = parse(holders, "postings")?;
                let Some(&(_, _, df)) = holders.first() else {
                    continue;
                };
                let days: Vec<(u32, Option<i64>)> = holders.iter().map(|h| (h.0, h.1)).collect();
                for (a, b) in anchor_proposals(&days) {
                    sink(format!("{a}\t[{b},{anchor},{df}]"));
                }
            }
        }
        LinkingStep::Candidates { articles } => {
            for line in lines {
                let (a, proposals) = split_key(&line)?;
                let mut proposals: Vec<(u32, u32, u32)> = parse(proposals, "proposals")?;
                for b in best_partners(articles, &mut proposals) {
                    sink(format!("{a}\t{b}"));
                }
            }
        }
        LinkingStep::Score { articles, copies } => {
            let mut scorer = Scorer {
                articles,
                copies,
                keyed: FxHashMap::default(),
                scored: Vec::new(),
                origins: HashMap::new(),
            };
            for line in lines {
                scorer.line(line)?;
            }
            // Free the held lines before the texts are read.
            drop(scorer.keyed);
            // The checks read texts again from the input files, once per file per task.
            let texts = OriginTexts(scorer.origins);
            for link in finish(scorer.scored, &texts) {
                sink(json(&link));
            }
        }
        LinkingStep::Families => {
            let mut pairs = Vec::new();
            for line in lines {
                let link: ScoredLink = parse(&line, "a scored link")?;
                let [id_a, id_b] = link.ids;
                pairs.push(((id_a, link.a), (id_b, link.b)));
            }
            for (index, head) in family_heads(&pairs) {
                sink(format!("{index}\t{head}"));
            }
        }
        LinkingStep::Stories { articles } => {
            let scored = lines
                .map(|line| parse::<ScoredLink>(&line, "a scored link"))
                .collect::<Result<Vec<_>, _>>()?;
            let (stories, total, days) = stories_of_links(articles as usize, scored);
            let linked = stories.len() as u64;
            for story in stories {
                let days = story
                    .ids
                    .iter()
                    .filter_map(|id| Some((id.clone(), *days.get(id)?)))
                    .collect();
                sink(json(&LinkLine::Story { story, days }));
            }
            sink(json(&LinkLine::Totals {
                articles: u64::from(articles),
                stories: total as u64,
                linked_stories: linked,
            }));
        }
    }
    Ok(())
}

/// Texts read again from the articles' input files, by origin.
struct OriginTexts(HashMap<String, String>);

impl ArticleTexts for OriginTexts {
    fn texts(&self, ids: &[&str]) -> Vec<Option<String>> {
        texts_by_origin(ids, |id| self.0.get(id).cloned())
    }
}

/// The body texts of `ids` from their records' files (`origin` gives each one's `path` or
/// `path:line`): each file read once, the first record of an id taken (the one kept).
fn texts_by_origin(ids: &[&str], origin: impl Fn(&str) -> Option<String>) -> Vec<Option<String>> {
    let mut by_path: BTreeMap<String, HashSet<&str>> = BTreeMap::new();
    for &id in ids {
        if let Some(origin) = origin(id) {
            by_path
                .entry(origin_path(&origin).to_string())
                .or_default()
                .insert(id);
        }
    }
    let options = ReadOptions {
        threads: 1,
        ..ReadOptions::default()
    };
    let mut found: HashMap<String, String> = HashMap::new();
    for (path, wanted) in by_path {
        read_file(Path::new(&path), &options, |outcome| {
            if let Outcome::Article(article) = outcome {
                if wanted.contains(article.id.as_str()) && !found.contains_key(&article.id) {
                    found.insert(article.id, article.text);
                }
            }
        });
    }
    ids.iter().map(|id| found.get(*id).cloned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn article(id: &str, lang: Lang, title: &str, text: &str) -> Article {
        let mut article = Article::new(id, lang);
        article.title = title.into();
        article.text = text.into();
        article.date = Date::new(2025, 3, 14);
        article.origin = format!("mem/{id}.json");
        article
    }

    /// Two versions of one story, an unrelated article, and a second record with `en`'s id.
    fn corpus() -> Vec<Article> {
        let text_en = "Resolution 57-NQ/TW on science and technology was adopted in Hanoi on \
                       14 March 2025 by the Politburo, with 12 targets for 2030.";
        let text_fr = "La résolution 57-NQ/TW sur la science et la technologie a été adoptée à \
                       Hanoï le 14 mars 2025 par le Politburo, avec 12 objectifs pour 2030.";
        let mut fr = article("fr", Lang::Fr, "Résolution 57-NQ/TW", text_fr);
        fr.date = None;
        vec![
            article("en", Lang::En, "Resolution 57-NQ/TW", text_en),
            fr,
            article(
                "other",
                Lang::En,
                "Harvest",
                "The rice harvest began early in the delta this year.",
            ),
            article(
                "en",
                Lang::En,
                "Resolution again",
                "A second record, same id.",
            ),
        ]
    }

    #[test]
    fn texts_for_the_checks_are_read_again_from_the_facts_or_the_input_files() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("crawl.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"lang\":\"en\",\"title\":\"First\",\"text\":\"Alpha text.\"}\n\
             {\"id\":\"b\",\"lang\":\"fr\",\"title\":\"Second\",\"text\":\"Texte bêta.\"}\n\
             {\"id\":\"a\",\"lang\":\"en\",\"title\":\"Again\",\"text\":\"A later copy.\"}\n",
        )
        .unwrap();
        // `c` is known only by its line in a facts file, after another article's line.
        let mut in_facts = article("c", Lang::Vi, "Ba", "Văn bản thứ ba.");
        in_facts.origin = "/no/such/input.jsonl:7".into();
        let first = serde_json::to_string(&FactLine::Article(Box::new(article_facts(
            (0, 0),
            article("z", Lang::En, "Z", "Not this one."),
        ))))
        .unwrap();
        let second = serde_json::to_string(&FactLine::Article(Box::new(article_facts(
            (0, 1),
            in_facts,
        ))))
        .unwrap();
        let facts_file = tmp.path().join("facts-00000000.jsonl");
        std::fs::write(&facts_file, format!("{first}\n{second}\n")).unwrap();
        let at_second = LineAt {
            file: 0,
            offset: first.len() as u64 + 1,
        };
        let origin = |line: u32| format!("{}:{line}", path.display());
        let (mut corpus, mut known, mut origins, mut lines) = (
            LinkCorpus::new(),
            KnownIds::default(),
            ArticleOrigins::default(),
            Vec::new(),
        );
        for (id, origin, line) in [
            ("a", origin(1), NO_LINE),
            ("b", origin(2), NO_LINE),
            ("gone", "/no/such/file.jsonl:1".to_string(), NO_LINE),
            ("c", "/no/such/input.jsonl:7".to_string(), at_second),
        ] {
            corpus.push_facts(&LinkData::default().facts(id, Lang::En, None));
            known.insert(id, corpus.len() - 1);
            origins.push(&origin);
            lines.push(line);
        }
        let texts = InputTexts {
            corpus: &corpus,
            known: &known,
            origins: &origins,
            lines: &lines,
            facts_files: &[facts_file],
        }
        .texts(&["b", "c", "gone", "a", "unknown"]);
        assert_eq!(
            texts,
            [
                Some("Texte bêta.".to_string()),
                Some("Văn bản thứ ba.".to_string()),
                None,
                Some("Alpha text.".to_string()),
                None
            ]
        );
    }

    fn facts(articles: &[Article]) -> Vec<ArticleFacts> {
        articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut a = a.clone();
                a.origin = format!("mem/all.jsonl:{}", i + 1);
                article_facts((0, i as u64), a)
            })
            .collect()
    }

    fn link(facts: &[ArticleFacts]) -> Vec<LinkLine> {
        let mut lines = Vec::new();
        let compact = facts.iter().cloned().map(|mut f| {
            f.article = None;
            f
        });
        link_facts(compact.map(|f| (f, None)), &[], |line| lines.push(line)).unwrap();
        lines
    }

    #[test]
    fn the_steps_build_the_index_the_single_machine_build_builds() {
        let tmp = tempfile::tempdir().unwrap();
        let articles = corpus();
        let facts = facts(&articles);
        let lines = link(&facts);
        // The duplicate is named as the single-machine build names it.
        assert!(lines.iter().any(|l| matches!(l, LinkLine::Duplicate { origin, reason }
            if origin == "mem/all.jsonl:4" && reason.starts_with("duplicate id: en (first seen at mem/all.jsonl:1"))));
        // Through JSON, as the job ships them.
        let lines: Vec<LinkLine> = lines
            .iter()
            .map(|l| serde_json::from_str(&serde_json::to_string(l).unwrap()).unwrap())
            .collect();
        let assignment = Assignment::from_lines(lines);
        // Two shards, the story's versions in different ones.
        let (one, two) = facts.split_at(1);
        let shards = [tmp.path().join("s0"), tmp.path().join("s1")];
        assert_eq!(
            write_shard(&shards[0], &assignment, one.to_vec(), 50 << 20).unwrap(),
            1
        );
        assert_eq!(
            write_shard(&shards[1], &assignment, two.to_vec(), 50 << 20).unwrap(),
            2
        );
        let out = tmp.path().join("merged");
        assert_eq!(merge_shards(&out, &shards).unwrap(), 3);

        let single = tmp.path().join("single");
        let mut inputs = articles.clone();
        for (i, a) in inputs.iter_mut().enumerate() {
            a.origin = format!("mem/all.jsonl:{}", i + 1);
        }
        crate::build_articles(&single, &inputs, true).unwrap();

        let merged = NewsIndex::open(&out).unwrap();
        let single = NewsIndex::open(&single).unwrap();
        assert_eq!(merged.all_stories().unwrap(), single.all_stories().unwrap());
        let (ms, ss) = (merged.searcher().unwrap(), single.searcher().unwrap());
        for id in ["en", "fr", "other"] {
            let (m, s) = (merged.get(&ms, id).unwrap(), single.get(&ss, id).unwrap());
            assert_eq!(
                serde_json::to_value(&m).unwrap(),
                serde_json::to_value(&s).unwrap()
            );
        }
        // The undated French version took its date from the English one in both.
        assert_eq!(
            merged.get(&ms, "fr").unwrap().article.date,
            Date::new(2025, 3, 14)
        );
        assert_eq!(
            merged.get(&ms, "fr").unwrap().story,
            merged.get(&ms, "en").unwrap().story
        );
        // A shard directory already in use is refused.
        assert!(write_shard(&shards[0], &assignment, Vec::new(), 50 << 20).is_err());
        // Merging again replaces the published index whole.
        assert_eq!(merge_shards(&out, &shards[..1]).unwrap(), 1);
        assert_eq!(
            NewsIndex::open(&out)
                .unwrap()
                .searcher()
                .unwrap()
                .num_docs(),
            1
        );
    }

    /// Runs `step` over `lines`, returning its output lines.
    fn run(step: LinkingStep, lines: Vec<String>) -> Vec<String> {
        let mut out = Vec::new();
        linking_step(step, lines, |line| out.push(line)).unwrap();
        out
    }

    /// Groups `KEY<TAB>VALUE` lines by key, values in the order given.
    fn group(lines: &[String]) -> BTreeMap<String, Vec<String>> {
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for line in lines {
            let (key, value) = line.split_once('\t').unwrap();
            groups.entry(key.into()).or_default().push(value.into());
        }
        groups
    }

    #[test]
    fn the_linking_steps_give_the_stories_of_the_link_step() {
        let all = facts(&corpus());
        let single: Vec<LinkLine> = link(&all)
            .into_iter()
            .filter(|l| !matches!(l, LinkLine::Duplicate { .. }))
            .collect();
        // The corpus without the duplicate record, indexed; lines as the job ships them.
        let kept: Vec<String> = all[..3]
            .iter()
            .map(|f| {
                let mut f = f.clone();
                f.article = None;
                serde_json::to_string(&FactLine::Article(Box::new(f))).unwrap()
            })
            .collect();
        let n = kept.len() as u32;
        let indexed: Vec<String> = kept
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{i}\t{l}"))
            .collect();
        // Keys, reduced: frequency and first (index, position); ids by rank, apart per kind.
        let mut firsts: HashMap<String, (u32, (u32, u32))> = HashMap::new();
        let rows = run(LinkingStep::Keys, indexed.into_iter().rev().collect());
        for row in &rows {
            let mut fields = row.split('\t');
            let key = fields.next().unwrap().to_string();
            let at: (u32, u32) = (
                fields.next().unwrap().parse().unwrap(),
                fields.next().unwrap().parse().unwrap(),
            );
            let entry = firsts.entry(key).or_insert((0, at));
            entry.0 += 1;
            entry.1 = entry.1.min(at);
        }
        let mut ranked: Vec<(bool, (u32, u32), String)> = firsts
            .iter()
            .map(|(k, (_, at))| (k.starts_with("\"c"), *at, k.clone()))
            .collect();
        ranked.sort();
        let anchors = ranked.iter().filter(|r| !r.0).count();
        let id_of: HashMap<String, usize> = ranked
            .iter()
            .enumerate()
            .map(|(rank, (concept, _, key))| {
                (key.clone(), if *concept { rank - anchors } else { rank })
            })
            .collect();
        let mut keys_of: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for row in &rows {
            let (key, rest) = row.split_once('\t').unwrap();
            let index: u32 = rest.split('\t').next().unwrap().parse().unwrap();
            let row = format!("[{key},{},{}]", id_of[key], firsts[key].0);
            keys_of.entry(index).or_default().push(row);
        }
        let keyed: Vec<String> = kept
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let keys = keys_of
                    .get(&(i as u32))
                    .cloned()
                    .unwrap_or_default()
                    .join(",");
                format!("{{\"index\":{i},\"keys\":[{keys}],\"facts\":{line}}}")
            })
            .collect();
        let entries = run(LinkingStep::Entries, keyed.clone());
        assert!(entries.iter().any(|l| l.starts_with("p\t")));
        let score = |pairs: Vec<String>, copies: bool| -> Vec<String> {
            let groups: Vec<(usize, Vec<usize>)> = group(&pairs)
                .into_iter()
                .map(|(a, bs)| {
                    (
                        a.parse().unwrap(),
                        bs.iter().map(|b| b.parse().unwrap()).collect(),
                    )
                })
                .collect();
            let step = LinkingStep::Score {
                articles: n,
                copies,
            };
            // The partition's keyed articles once each, then the groups naming them; the
            // same links as with every group carrying its articles inline.
            let by_index = run(step, score_input(&keyed, &groups));
            assert_eq!(by_index, run(step, inline_groups(&keyed, &groups)));
            by_index
        };
        let (copy_entries, postings): (Vec<String>, Vec<String>) =
            entries.into_iter().partition(|l| l.starts_with("c\t"));
        // The entry lines without their one-letter kind tag.
        let untagged = |lines: &[String]| -> Vec<String> {
            lines.iter().map(|l| l[2..].to_string()).collect()
        };
        let holders: Vec<String> = group(&untagged(&copy_entries))
            .into_values()
            .map(|v| format!("[{}]", v.join(",")))
            .collect();
        let copy_pairs = run(LinkingStep::CopyPairs, holders);
        let copy_links = score(copy_pairs, true);
        let not_heads: HashSet<String> = run(LinkingStep::Families, copy_links.clone())
            .iter()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect();
        let postings: Vec<String> = group(&untagged(&postings))
            .into_iter()
            .map(|(anchor, v)| {
                let heads: Vec<String> = v
                    .into_iter()
                    .filter(|e| !not_heads.contains(&e[1..e.find(',').unwrap()]))
                    .collect();
                format!("{anchor}\t[{}]", heads.join(","))
            })
            .collect();
        let proposals = run(LinkingStep::Proposals, postings);
        let grouped = group(&proposals)
            .into_iter()
            .map(|(a, v)| format!("{a}\t[{}]", v.join(",")))
            .collect();
        let candidates = run(LinkingStep::Candidates { articles: n }, grouped);
        assert!(!candidates.is_empty(), "the two versions are candidates");
        let mut links = copy_links;
        links.extend(score(candidates, false));
        let stories: Vec<LinkLine> = run(LinkingStep::Stories { articles: n }, links)
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(stories, single);
        assert!(matches!(&stories[0], LinkLine::Story { story, .. } if story.ids == ["en", "fr"]));
        // A line another step would not have written fails the step.
        assert!(linking_step(LinkingStep::Keys, ["no tab".to_string()], |_| {}).is_err());
    }

    /// The score step's input for `groups` (proposer, partners) over the keyed article lines
    /// `keyed` (by index): each article a group names, once, then the groups by index.
    fn score_input(keyed: &[String], groups: &[(usize, Vec<usize>)]) -> Vec<String> {
        let named: BTreeSet<usize> = groups
            .iter()
            .flat_map(|(a, bs)| std::iter::once(a).chain(bs))
            .copied()
            .collect();
        let mut lines: Vec<String> = named.iter().map(|&i| keyed[i].clone()).collect();
        lines.extend(groups.iter().map(|(a, bs)| {
            let bs: Vec<String> = bs.iter().map(usize::to_string).collect();
            format!("{{\"article\":{a},\"partners\":[{}]}}", bs.join(","))
        }));
        lines
    }

    /// The same groups with their articles inline (each partner's line once per group).
    fn inline_groups(keyed: &[String], groups: &[(usize, Vec<usize>)]) -> Vec<String> {
        groups
            .iter()
            .map(|(a, bs)| {
                let bs: Vec<&str> = bs.iter().map(|&b| keyed[b].as_str()).collect();
                format!(
                    "{{\"article\":{},\"partners\":[{}]}}",
                    keyed[*a],
                    bs.join(",")
                )
            })
            .collect()
    }

    /// The corpus' three distinct articles as keyed lines, with made-up statistics rows that
    /// the scorer accepts: every key of an article, numbered in first-occurrence order.
    fn keyed_lines() -> Vec<String> {
        let kept: Vec<ArticleFacts> = facts(&corpus())[..3]
            .iter()
            .cloned()
            .map(|mut f| {
                f.article = None;
                f
            })
            .collect();
        let keys_of: Vec<Vec<String>> = kept
            .iter()
            .map(|f| {
                let date = f.day.map(Date::from_days_since_epoch);
                article_keys(&f.link.facts(&f.id, f.lang, date))
            })
            .collect();
        // Ids by first occurrence, anchors and concepts apart; frequencies counted.
        let mut ids: HashMap<&str, (u32, u32)> = HashMap::new();
        let mut next = [0u32; 2];
        for key in keys_of.iter().flatten() {
            let kind = usize::from(key.starts_with('c'));
            let entry = ids.entry(key).or_insert_with(|| {
                next[kind] += 1;
                (next[kind] - 1, 0)
            });
            entry.1 += 1;
        }
        kept.iter()
            .zip(&keys_of)
            .enumerate()
            .map(|(i, (f, keys))| {
                let rows: Vec<String> = keys
                    .iter()
                    .map(|k| {
                        let (id, df) = ids[k.as_str()];
                        format!("[{},{id},{df}]", json(k))
                    })
                    .collect();
                let line = json(&FactLine::Article(Box::new(f.clone())));
                format!(
                    "{{\"index\":{i},\"keys\":[{}],\"facts\":{line}}}",
                    rows.join(",")
                )
            })
            .collect()
    }

    #[test]
    fn the_score_step_holds_each_keyed_article_once_for_all_its_groups() {
        let keyed = keyed_lines();
        // Article 1 (the French version) is a partner in both groups; article 0 is a
        // proposer in one and a partner in the other.
        let groups = vec![(0, vec![1, 2]), (2, vec![1, 0])];
        let step = LinkingStep::Score {
            articles: 3,
            copies: false,
        };
        let input = score_input(&keyed, &groups);
        assert_eq!(input.len(), 3 + 2, "each article once, then the groups");
        let by_index = run(step, input.clone());
        assert!(
            by_index
                .iter()
                .any(|l| l.contains("\"ids\":[\"en\",\"fr\"]")),
            "the two versions are linked: {by_index:?}"
        );
        assert_eq!(by_index, run(step, inline_groups(&keyed, &groups)));
        // Groups and keyed lines may interleave as long as each article comes before the
        // first group naming it; the links are the same.
        let mut interleaved = vec![keyed[0].clone(), keyed[1].clone(), keyed[2].clone()];
        interleaved.insert(3, input[3].clone());
        interleaved.push(input[4].clone());
        assert_eq!(run(step, interleaved), by_index);
        // The copies scoring reads the same input.
        let copies = LinkingStep::Score {
            articles: 3,
            copies: true,
        };
        assert_eq!(
            run(copies, input.clone()),
            run(copies, inline_groups(&keyed, &groups))
        );
    }

    #[test]
    fn a_group_naming_an_article_whose_line_did_not_come_is_an_error_naming_it() {
        let keyed = keyed_lines();
        let step = LinkingStep::Score {
            articles: 3,
            copies: false,
        };
        // Partner 2's line is missing.
        let lines = vec![
            keyed[0].clone(),
            keyed[1].clone(),
            r#"{"article":0,"partners":[1,2]}"#.to_string(),
        ];
        let err = linking_step(step, lines, |_| {}).unwrap_err();
        assert!(
            err.contains("article 0") && err.contains("partner 2") && err.contains("no keyed"),
            "{err}"
        );
        // A line after the group is too late.
        let lines = vec![
            keyed[1].clone(),
            r#"{"article":0,"partners":[1]}"#.to_string(),
            keyed[0].clone(),
        ];
        let err = linking_step(step, lines, |_| {}).unwrap_err();
        assert!(err.contains("article 0: article 0"), "{err}");
        // A line that is neither kind is named as such.
        let err = linking_step(step, ["[1,2]".to_string()], |_| {}).unwrap_err();
        assert!(err.contains("a keyed article or a scoring group"), "{err}");
    }

    #[test]
    fn ids_are_known_again_even_when_their_hashes_collide() {
        let mut corpus = LinkCorpus::new();
        let mut known = KnownIds::default();
        for id in ["a", "b"] {
            corpus.push_facts(&LinkData::default().facts(id, Lang::En, None));
        }
        known.insert("a", 0);
        // "b" as if its hash were taken: it goes to the collision table.
        known.collided.insert("b".into(), 1);
        assert_eq!(known.get(&corpus, "a"), Some(0));
        assert_eq!(known.get(&corpus, "b"), Some(1));
        assert_eq!(known.get(&corpus, "c"), None);
        // A hash held by another id does not make an unknown id known.
        known.by_hash.insert(xxh3_64(b"c"), 0);
        assert_eq!(known.get(&corpus, "c"), None);
        known.by_hash.insert(xxh3_64(b"d"), 1);
        known.insert("d", 1);
        assert_eq!(known.collided.get("d"), Some(&1));
    }

    #[test]
    fn origins_read_back_as_they_were_given() {
        let mut origins = ArticleOrigins::default();
        let given = [
            "dir/a.jsonl:12",
            "dir/a.jsonl:13",
            "dir/b.html",
            "dir/c.jsonl:0",
            "x:007",
        ];
        for origin in given {
            origins.push(origin);
        }
        for (i, origin) in given.iter().enumerate() {
            assert_eq!(origins.get(i), *origin);
        }
        // Only the two that do not read back from path and line are kept whole.
        assert_eq!(origins.odd.len(), 2);
    }

    #[test]
    fn facts_out_of_order_are_refused() {
        let mut facts = facts(&corpus()[..2]);
        facts.reverse();
        let err = link_facts(facts.into_iter().map(|f| (f, None)), &[], |_| {}).unwrap_err();
        assert!(err.contains("out of order"), "{err}");
    }

    #[test]
    fn a_file_s_bad_records_are_named_and_the_others_read() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.jsonl");
        let lines = [
            r#"{"id":"one","lang":"en","title":"First","text":"The first article of the test."}"#,
            r#"{"id":"two","lang":"fr","title":"Sec"#,
            r#"{"id":"three","lang":"fr","title":"Troisième","text":"Le troisième article."}"#,
        ];
        std::fs::write(&file, lines.join("\n")).unwrap();
        let mut seen = Vec::new();
        facts_of_file(7, &file, |line| seen.push(line));
        let kinds: Vec<String> = seen
            .iter()
            .map(|l| match l {
                FactLine::Article(a) => format!("{:?} {}", a.order, a.id),
                FactLine::Rejected { order, origin, .. } => format!("{order:?} rejected {origin}"),
            })
            .collect();
        let origin = format!("{}:2", file.display());
        assert_eq!(
            kinds,
            [
                "(7, 0) one".to_string(),
                format!("(7, 1) rejected {origin}"),
                "(7, 2) three".into()
            ]
        );
        let missing = tmp.path().join("missing.jsonl");
        let mut rejected = Vec::new();
        facts_of_file(8, &missing, |line| rejected.push(line));
        assert!(
            matches!(&rejected[..], [FactLine::Rejected { .. }]),
            "{rejected:?}"
        );
    }
}
