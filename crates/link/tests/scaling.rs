//! Scaling check: link time on synthetic corpora of 10k and 100k articles, to see that it
//! grows about linearly. Corpus: stories of one to three language versions published over
//! two years, each with ~15 facts drawn from skewed (Zipf-like) vocabularies of numbers, names,
//! codes and dates, plus topic anchors shared by a third of all articles (`57-NQ/TW`,
//! `To Lam`). Run with
//! `cargo test -p newsindex-link --release --test scaling -- --ignored --nocapture`.

use newsindex_analysis::{Anchor, AnchorKind};
use newsindex_core::{Date, Lang, Relation};
use newsindex_link::{find_links, Content, LinkInput};
use std::time::Instant;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Skewed draw in 0..n: small values are far more frequent.
    fn zipf(&mut self, n: u64) -> u64 {
        ((n as f64).powf(self.unit()) as u64).saturating_sub(1)
    }
}

fn anchor(kind: AnchorKind, value: String) -> Anchor {
    Anchor {
        kind,
        surface: value.clone(),
        value,
    }
}

/// Synthetic corpus of about `articles` inputs; returns the inputs and the number of
/// translation pairs planted.
fn corpus(articles: usize, seed: u64) -> (Vec<LinkInput>, usize) {
    let mut rng = Rng(seed);
    let mut inputs = Vec::with_capacity(articles);
    let mut planted = 0;
    let start = Date::new(2024, 1, 1).map_or(0, Date::days_since_epoch);
    let mut story = 0;
    while inputs.len() < articles {
        story += 1;
        let day = start + rng.below(730) as i64;
        let mut facts: Vec<Anchor> = Vec::new();
        for _ in 0..15 {
            let fact = match rng.below(10) {
                0..=4 => anchor(AnchorKind::Num, rng.zipf(200_000).to_string()),
                5..=6 => anchor(AnchorKind::Name, format!("name {}", rng.zipf(20_000))),
                7 => anchor(AnchorKind::Code, format!("{}-nq/tw", rng.zipf(2_000))),
                _ => {
                    let d = Date::from_days_since_epoch(day - rng.below(30) as i64);
                    anchor(AnchorKind::Date, format!("{:02}-{:02}", d.month, d.day))
                }
            };
            facts.push(fact);
        }
        if rng.below(3) == 0 {
            facts.insert(0, anchor(AnchorKind::Code, "57-nq/tw".into()));
        }
        if rng.below(3) == 0 {
            facts.insert(1, anchor(AnchorKind::Name, "to lam".into()));
        }
        let versions = 1 + rng.below(3) as usize;
        planted += versions * (versions - 1) / 2;
        for (v, lang) in [Lang::Vi, Lang::En, Lang::Fr]
            .into_iter()
            .take(versions)
            .enumerate()
        {
            // Each version drops about one fact in ten.
            let anchors: Vec<Anchor> = facts
                .iter()
                .filter(|_| v == 0 || rng.below(10) != 0)
                .cloned()
                .collect();
            inputs.push(LinkInput {
                id: format!("s{story:07}-{v}"),
                lang,
                date: Some(Date::from_days_since_epoch(day + rng.below(2) as i64)),
                url: None,
                text_chars: 2000 + rng.below(400) as usize,
                anchors,
                title_anchors: 0,
                content: Content::default(),
            });
        }
    }
    (inputs, planted)
}

#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn link_time_grows_about_linearly() {
    let mut per_article = Vec::new();
    for size in [10_000usize, 100_000] {
        let (inputs, planted) = corpus(size, 0x5EED + size as u64);
        let clock = Instant::now();
        let links = find_links(&inputs);
        let elapsed = clock.elapsed();
        let translations = links
            .iter()
            .filter(|l| l.relation == Relation::Translation)
            .count();
        let found = links
            .iter()
            .filter(|l| l.relation == Relation::Translation && l.a.get(..8) == l.b.get(..8))
            .count();
        println!(
            "{} articles: {:.2} s ({:.1} µs/article), {} links, {} translations ({} of {} planted pairs found)",
            inputs.len(),
            elapsed.as_secs_f64(),
            elapsed.as_secs_f64() * 1e6 / inputs.len() as f64,
            links.len(),
            translations,
            found,
            planted
        );
        // The linker must find the planted translations, or the timing means nothing.
        assert!(
            found as f64 >= 0.9 * planted as f64,
            "found {found} of {planted}"
        );
        per_article.push(elapsed.as_secs_f64() / inputs.len() as f64);
    }
    let growth = per_article[1] / per_article[0];
    println!("time per article, 100k over 10k: {growth:.2}x (1.0 = linear)");
    assert!(
        growth < 3.0,
        "per-article time grew {growth:.2}x from 10k to 100k"
    );
}

/// Anchor extraction throughput on the dev corpus texts (vi, fr, en), repeated 20 times.
#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn anchor_extraction_throughput() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../corpus/dev/articles.jsonl"
    );
    let raw = std::fs::read_to_string(path).expect("dev corpus readable");
    let texts: Vec<(String, Lang)> = raw
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .map(|v| {
            let lang = v["lang"]
                .as_str()
                .and_then(Lang::parse)
                .unwrap_or(Lang::Other);
            let text = newsindex_analysis::normalize_text(v["text"].as_str().unwrap_or_default());
            (text, lang)
        })
        .collect();
    let bytes: usize = texts.iter().map(|(t, _)| t.len()).sum::<usize>() * 20;
    let clock = Instant::now();
    let mut anchors = 0;
    for _ in 0..20 {
        for (text, lang) in &texts {
            anchors += newsindex_analysis::extract_anchors(text, *lang).len();
        }
    }
    let secs = clock.elapsed().as_secs_f64();
    assert!(anchors > 0);
    println!(
        "extracted {anchors} anchors from {:.1} MB in {secs:.2} s: {:.1} MB/s",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
}
