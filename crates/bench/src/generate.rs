//! The benchmark corpus: N articles in Vietnamese, French and English resampled from real
//! sentences, about 30% of them in translation families that state the same facts in the
//! same order, written as JSONL shards with the ground-truth families beside them.
//!
//! Generation streams: a plan (which family and language each output position holds) is
//! drawn and shuffled first; each article is then made from its own PRNG stream, seeded by
//! the corpus seed, its family and its language, so memory does not grow with the text.

use crate::facts::{random_fact, render, template_count, Fact};
use crate::pools::{PoolSource, Pools};
use crate::rng::{mix, Rng};
use crate::text::word_count;
use anyhow::{Context, Result};
use newsindex_core::Lang;
use serde::{Deserialize, Serialize};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenOptions {
    /// Articles.
    pub articles: usize,
    /// PRNG seed.
    pub seed: u64,
    /// Articles per JSONL shard.
    pub shard: usize,
    /// Probability that a plan slot opens a family rather than a lone article (0.146 puts
    /// about 30% of the articles in families of mean size 2.4).
    pub family_rate: f64,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            articles: 10_000,
            seed: 42,
            shard: 50_000,
            family_rate: 0.146,
        }
    }
}

/// Sentence reuse of one language: how many were drawn and how many of them were distinct.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Reuse {
    /// Distinct sentences in the pool.
    pub pool: usize,
    /// Sentences drawn into articles.
    pub drawn: u64,
    /// Distinct sentences among them.
    pub distinct: u64,
    /// `distinct / drawn`: 1.0 means no sentence repeats.
    pub dedup_ratio: f64,
}

/// What a generation produced (written as `gen.json`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct GenSummary {
    /// Articles written.
    pub articles: usize,
    /// Seed used.
    pub seed: u64,
    /// Where the sentences came from.
    pub pool_source: Option<PoolSource>,
    /// Families of two or more articles.
    pub families: usize,
    /// Articles in those families.
    pub family_articles: usize,
    /// Articles per language.
    pub per_lang: std::collections::BTreeMap<String, usize>,
    /// Bytes of the JSONL shards.
    pub jsonl_bytes: u64,
    /// Bytes of title + body text.
    pub text_bytes: u64,
    /// Median words per body.
    pub median_words: usize,
    /// Sentence reuse per language.
    pub reuse: std::collections::BTreeMap<String, Reuse>,
    /// All languages together: distinct sentences drawn / sentences drawn.
    pub dedup_ratio: f64,
}

/// One slot of the plan: a family (or lone article) and the language of this version.
#[derive(Clone, Copy)]
struct Slot {
    unit: u32,
    lang: Lang,
}

/// What every version of one unit shares.
struct UnitSpec {
    year: u16,
    month: u8,
    day: u8,
    facts: Vec<(Fact, usize)>,
    source: usize,
    /// Whether the unit is a family of two or more versions.
    family: bool,
    /// Body length of the family before per-language scaling: translations of one article
    /// have correlated lengths, which the linker's length ratio relies on.
    words: f64,
}

const LANGS: [Lang; 3] = [Lang::Vi, Lang::Fr, Lang::En];

fn plan(options: &GenOptions) -> (Vec<Slot>, Vec<u8>) {
    let mut rng = Rng::new(mix(&[options.seed, 1]));
    let mut slots = Vec::with_capacity(options.articles);
    let mut sizes = Vec::new();
    while slots.len() < options.articles {
        let unit = sizes.len() as u32;
        let remaining = options.articles - slots.len();
        if remaining >= 2 && rng.chance(options.family_rate) {
            let size = if remaining >= 3 && rng.chance(0.4) {
                3
            } else {
                2
            };
            let mut langs = LANGS;
            rng.shuffle(&mut langs);
            for &lang in &langs[..size] {
                slots.push(Slot { unit, lang });
            }
            sizes.push(size as u8);
        } else {
            let lang = match rng.below(100) {
                0..=39 => Lang::Vi,
                40..=74 => Lang::Fr,
                _ => Lang::En,
            };
            slots.push(Slot { unit, lang });
            sizes.push(1);
        }
    }
    rng.shuffle(&mut slots);
    (slots, sizes)
}

fn unit_spec(seed: u64, unit: u32, family: bool) -> UnitSpec {
    let mut rng = Rng::new(mix(&[seed, 2, u64::from(unit)]));
    let (count, common) = if family {
        (rng.range(4, 8) as usize, 0.2)
    } else {
        (rng.range(0, 3) as usize, 0.6)
    };
    let facts = (0..count)
        .map(|_| {
            let fact = random_fact(&mut rng, common);
            let template = rng.below(template_count(&fact));
            (fact, template)
        })
        .collect();
    UnitSpec {
        year: rng.range(2020, 2025) as u16,
        month: rng.range(1, 12) as u8,
        day: rng.range(1, 27) as u8,
        facts,
        source: rng.below(SOURCES_PER_LANG),
        family,
        words: 290.0 * (0.58 * rng.normal()).exp(),
    }
}

const SOURCES_PER_LANG: usize = 4;

/// Words per body: the family's log-normal length (fitted to OrangeSum: median 286, p10
/// 139, p90 602), scaled per language (Vietnamese spends about 1.3 syllables per French
/// word, English about 0.95 words), with 10% noise per version.
fn target_words(rng: &mut Rng, lang: Lang, family_words: f64) -> usize {
    let scale = match lang {
        Lang::Vi => 1.3,
        Lang::Fr => 1.0,
        _ => 0.95,
    };
    let words = family_words * scale * (0.1 * rng.normal()).exp();
    (words as usize).clamp(40, 3000)
}

struct Article {
    title: String,
    text: String,
    date: String,
    url: String,
    source: String,
    /// Sentences drawn from the pool (title candidates included).
    draws: u64,
}

fn make_article(
    pools: &Pools,
    used: &mut [Vec<u64>; 3],
    seed: u64,
    slot: Slot,
    spec: &UnitSpec,
    id: &str,
) -> Article {
    let lang_index = LANGS.iter().position(|&l| l == slot.lang).unwrap_or(2);
    let mut rng = Rng::new(mix(&[seed, 3, u64::from(slot.unit), lang_index as u64]));
    let pool = pools.of(slot.lang);
    // A family's versions are filled with anchor-free sentences: their facts are then the
    // family's own, the same in every version, as in a real translation. Lone articles take
    // any sentence, with whatever numbers and names it holds.
    let clean = pools.clean_of(slot.lang);
    let filler_is_clean = spec.family && !clean.is_empty();
    let mut draws = 0u64;
    let mut draw = |rng: &mut Rng| -> usize {
        draws += 1;
        let i = if filler_is_clean {
            clean[rng.below(clean.len())] as usize
        } else {
            rng.below(pool.len())
        };
        used[lang_index][i / 64] |= 1 << (i % 64);
        i
    };

    let mut title = String::new();
    for _ in 0..20 {
        let candidate = &pool[draw(&mut rng)];
        if (5..=16).contains(&word_count(candidate)) {
            title = candidate.to_string();
            break;
        }
    }
    if title.is_empty() {
        title = pool[draw(&mut rng)]
            .split_whitespace()
            .take(12)
            .collect::<Vec<_>>()
            .join(" ");
    }
    let title = title
        .trim_end_matches(['.', '!', '?', ':', ';', ',', ' '])
        .to_string();

    let target = target_words(&mut rng, slot.lang, spec.words);
    let mut sentences: Vec<String> = Vec::new();
    let mut words = 0;
    while words < target {
        let sentence = &pool[draw(&mut rng)];
        words += word_count(sentence);
        sentences.push(sentence.to_string());
    }
    // Facts go between resampled sentences, in the family's order, at positions of this
    // version's own choosing.
    let mut positions: Vec<usize> = (0..spec.facts.len())
        .map(|_| rng.below(sentences.len() + 1))
        .collect();
    positions.sort_unstable();
    for ((fact, template), position) in spec.facts.iter().zip(positions).rev() {
        let sentence = render(fact, slot.lang, *template, &mut rng);
        sentences.insert(position, sentence);
    }
    let mut text = String::with_capacity(words * 7);
    let mut in_paragraph = 0;
    let mut paragraph_len = rng.range(2, 5);
    for sentence in &sentences {
        if in_paragraph == paragraph_len {
            text.push_str("\n\n");
            in_paragraph = 0;
            paragraph_len = rng.range(2, 5);
        } else if in_paragraph > 0 {
            text.push(' ');
        }
        text.push_str(sentence);
        in_paragraph += 1;
    }

    let day = spec.day + u8::from(rng.chance(0.3));
    let source = format!("{}-news-{}.example", slot.lang.code(), spec.source + 1);
    Article {
        title,
        text,
        date: format!("{:04}-{:02}-{:02}", spec.year, spec.month, day),
        url: format!(
            "https://{source}/{:04}/{:02}/{id}.html",
            spec.year, spec.month
        ),
        source,
        draws,
    }
}

/// Files of a generated corpus under `dir`.
pub struct CorpusFiles {
    /// Directory of the JSONL shards (what `newsindex index` reads).
    pub articles: PathBuf,
    /// `{"title", "body"}` per line, same order: the plain-tantivy baseline's input.
    pub plain: PathBuf,
    /// Ground truth: one family per line, `{"family", "ids", "langs"}`.
    pub families: PathBuf,
    /// The [`GenSummary`] as JSON.
    pub summary: PathBuf,
}

impl CorpusFiles {
    /// The file layout under `dir`.
    pub fn new(dir: &Path) -> CorpusFiles {
        CorpusFiles {
            articles: dir.join("articles"),
            plain: dir.join("plain.jsonl"),
            families: dir.join("families.jsonl"),
            summary: dir.join("gen.json"),
        }
    }
}

/// Writes a corpus into `dir` (created; shards replaced) and returns its summary.
pub fn generate(pools: &Pools, options: &GenOptions, dir: &Path) -> Result<GenSummary> {
    let files = CorpusFiles::new(dir);
    let _ = std::fs::remove_dir_all(&files.articles);
    std::fs::create_dir_all(&files.articles)
        .with_context(|| format!("cannot create {}", files.articles.display()))?;
    let (slots, sizes) = plan(options);
    let mut members: Vec<Vec<(u32, Lang)>> = vec![Vec::new(); sizes.len()];
    let mut used: [Vec<u64>; 3] = [
        vec![0; pools.vi.len() / 64 + 1],
        vec![0; pools.fr.len() / 64 + 1],
        vec![0; pools.en.len() / 64 + 1],
    ];
    let mut drawn = [0u64; 3];
    let mut summary = GenSummary {
        articles: slots.len(),
        seed: options.seed,
        pool_source: Some(pools.source),
        ..GenSummary::default()
    };
    let mut word_counts: Vec<u32> = Vec::with_capacity(slots.len());
    let mut plain = BufWriter::new(create(&files.plain)?);
    let mut shard: Option<BufWriter<std::fs::File>> = None;
    for (position, slot) in slots.iter().enumerate() {
        if position % options.shard.max(1) == 0 {
            if let Some(mut done) = shard.take() {
                done.flush()?;
            }
            let path = files
                .articles
                .join(format!("part-{:04}.jsonl", position / options.shard.max(1)));
            shard = Some(BufWriter::new(create(&path)?));
        }
        let id = format!("g{position:07}");
        let family = sizes[slot.unit as usize] > 1;
        let spec = unit_spec(options.seed, slot.unit, family);
        let article = make_article(pools, &mut used, options.seed, *slot, &spec, &id);
        let lang_index = LANGS.iter().position(|&l| l == slot.lang).unwrap_or(2);
        let body_words = word_count(&article.text);
        drawn[lang_index] += article.draws;
        word_counts.push(body_words as u32);
        summary.text_bytes += (article.title.len() + article.text.len()) as u64;
        *summary
            .per_lang
            .entry(slot.lang.code().to_string())
            .or_default() += 1;
        if family {
            members[slot.unit as usize].push((position as u32, slot.lang));
        }
        let record = serde_json::json!({
            "id": id,
            "title": article.title,
            "text": article.text,
            "lang": slot.lang.code(),
            "date": article.date,
            "url": article.url,
            "source": article.source,
        });
        if let Some(out) = shard.as_mut() {
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
        }
        serde_json::to_writer(
            &mut plain,
            &serde_json::json!({"title": article.title, "body": article.text}),
        )?;
        plain.write_all(b"\n")?;
    }
    if let Some(mut done) = shard.take() {
        done.flush()?;
    }
    plain.flush()?;

    let mut truth = BufWriter::new(create(&files.families)?);
    for (unit, family) in members.iter().enumerate() {
        if family.len() < 2 {
            continue;
        }
        summary.families += 1;
        summary.family_articles += family.len();
        let ids: Vec<String> = family.iter().map(|(p, _)| format!("g{p:07}")).collect();
        let langs: Vec<&str> = family.iter().map(|(_, l)| l.code()).collect();
        serde_json::to_writer(
            &mut truth,
            &serde_json::json!({"family": format!("f{unit:07}"), "ids": ids, "langs": langs}),
        )?;
        truth.write_all(b"\n")?;
    }
    truth.flush()?;

    word_counts.sort_unstable();
    summary.median_words = word_counts
        .get(word_counts.len() / 2)
        .map_or(0, |&w| w as usize);
    summary.jsonl_bytes = dir_bytes(&files.articles);
    let (mut all_drawn, mut all_distinct) = (0u64, 0u64);
    for (i, lang) in LANGS.iter().enumerate() {
        let distinct: u64 = used[i].iter().map(|w| u64::from(w.count_ones())).sum();
        let drawn_here = drawn[i];
        all_drawn += drawn_here;
        all_distinct += distinct;
        summary.reuse.insert(
            lang.code().to_string(),
            Reuse {
                pool: pools.of(*lang).len(),
                drawn: drawn_here,
                distinct,
                dedup_ratio: distinct as f64 / drawn_here.max(1) as f64,
            },
        );
    }
    summary.dedup_ratio = all_distinct as f64 / all_drawn.max(1) as f64;
    std::fs::write(&files.summary, serde_json::to_vec_pretty(&summary)?)?;
    Ok(summary)
}

fn create(path: &Path) -> Result<std::fs::File> {
    std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))
}

/// Total size of the files directly in `dir`.
pub fn dir_bytes(dir: &Path) -> u64 {
    walk_bytes(dir)
}

fn walk_bytes(path: &Path) -> u64 {
    let Ok(meta) = std::fs::metadata(path) else {
        return 0;
    };
    if meta.is_file() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| walk_bytes(&e.path()))
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_analysis::extract_anchors;
    use std::collections::HashMap;

    fn pools() -> Pools {
        let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/dev/articles.jsonl");
        Pools::load(Path::new("/nonexistent"), &dev).unwrap()
    }

    fn records(dir: &Path) -> Vec<serde_json::Value> {
        let mut shards: Vec<_> = std::fs::read_dir(dir.join("articles"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        shards.sort();
        shards
            .iter()
            .flat_map(|p| {
                std::fs::read_to_string(p)
                    .unwrap()
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_corpus() {
        let pools = pools();
        let tmp = tempfile::tempdir().unwrap();
        let options = GenOptions {
            articles: 300,
            shard: 128,
            ..GenOptions::default()
        };
        let a = generate(&pools, &options, &tmp.path().join("a")).unwrap();
        generate(&pools, &options, &tmp.path().join("b")).unwrap();
        let other = GenOptions {
            seed: 7,
            ..options.clone()
        };
        generate(&pools, &other, &tmp.path().join("c")).unwrap();
        for file in [
            "articles/part-0000.jsonl",
            "articles/part-0002.jsonl",
            "families.jsonl",
        ] {
            let x = std::fs::read(tmp.path().join("a").join(file)).unwrap();
            let y = std::fs::read(tmp.path().join("b").join(file)).unwrap();
            let z = std::fs::read(tmp.path().join("c").join(file)).unwrap();
            assert_eq!(x, y, "{file}");
            assert_ne!(x, z, "{file}");
        }
        assert_eq!(a.articles, 300);
        assert_eq!(records(&tmp.path().join("a")).len(), 300);
        assert!(a.dedup_ratio > 0.0 && a.dedup_ratio <= 1.0);
    }

    #[test]
    fn families_state_the_same_facts_in_the_same_order() {
        let pools = pools();
        let tmp = tempfile::tempdir().unwrap();
        let options = GenOptions {
            articles: 2000,
            ..GenOptions::default()
        };
        let summary = generate(&pools, &options, tmp.path()).unwrap();
        let share = summary.family_articles as f64 / summary.articles as f64;
        assert!((0.22..0.38).contains(&share), "{share}");
        assert!(summary.median_words > 200 && summary.median_words < 420);

        let by_id: HashMap<String, serde_json::Value> = records(tmp.path())
            .into_iter()
            .map(|r| (r["id"].as_str().unwrap().to_string(), r))
            .collect();
        let families = crate::quality::read_families(&tmp.path().join("families.jsonl")).unwrap();
        assert_eq!(families.len(), summary.families);
        // Every version must carry its family's facts as anchors, in the family's order
        // (resampled sentences may add anchors of their own in between).
        let (mut members, mut agreeing) = (0, 0);
        let mut failures = Vec::new();
        let truth = std::fs::read_to_string(tmp.path().join("families.jsonl")).unwrap();
        for (line, ids) in truth.lines().zip(&families).take(80) {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            // The family name is f<unit>.
            let unit: u32 = record["family"].as_str().unwrap()[1..].parse().unwrap();
            let expected: Vec<String> = unit_spec(options.seed, unit, true)
                .facts
                .iter()
                .map(|(fact, _)| fact_value(fact))
                .collect();
            let mut langs: Vec<&str> = Vec::new();
            for id in ids {
                let r = &by_id[id];
                let code = r["lang"].as_str().unwrap();
                langs.push(code);
                let lang = match code {
                    "vi" => Lang::Vi,
                    "fr" => Lang::Fr,
                    _ => Lang::En,
                };
                let found: Vec<String> = extract_anchors(r["text"].as_str().unwrap(), lang)
                    .into_iter()
                    .map(|a| a.value)
                    .collect();
                members += 1;
                let mut rest = found.iter();
                if expected.iter().all(|want| rest.any(|v| v == want)) {
                    agreeing += 1;
                } else {
                    failures.push(format!("{id} {code}: want {expected:?} in {found:?}"));
                }
            }
            let mut distinct = langs.clone();
            distinct.sort();
            distinct.dedup();
            assert_eq!(distinct.len(), langs.len(), "one version per language");
        }
        assert!(
            agreeing * 10 >= members * 9,
            "{agreeing}/{members} versions carry their facts: {:#?}",
            &failures[..failures.len().min(5)]
        );
    }

    fn fact_value(fact: &Fact) -> String {
        match fact {
            Fact::Num(n) => n.to_string(),
            Fact::Date { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
            Fact::Code(code) | Fact::Name(code) => {
                newsindex_analysis::fold_diacritics(code).to_lowercase()
            }
        }
    }
}
