//! Translations that only the translation model supports are checked against the texts.
//!
//! Agency reports of one event share their words about as much as translations do, so a
//! model over whole-text measurements takes some of them for translations. Position tells them
//! apart: a translation says, paragraph by paragraph, what the other version says, while two
//! reports tell the same facts in paragraphs of their own. So a translation decided by the
//! model without the anchors' rule stands only when the paragraph aligner (`crate::align`)
//! matches most of both texts; otherwise the pair keeps the relation it would have had
//! without the model (a report of the same event, or nothing). The texts are asked of the
//! caller ([`ArticleTexts`]), for those pairs only: the linker itself holds no text.

use crate::align::{align_pair, AlignVersion};
use crate::members::Members;
use crate::score::PairEvidence;
use newsindex_core::Lang;
use rayon::prelude::*;
use std::collections::HashMap;

/// Lowest matched share (see [`matched_share`]) of a translation the model alone supports.
/// Chosen on half a of the real-article set, the best translation F1 among 0.3–0.7
/// (`eval/real/alignment_gate.py`, EVALUATION.md): the labelled translations among the
/// model's links match 0.56–1.00 of their text, most of the wrong ones 0.24–0.57.
pub const MIN_ALIGNED_SHARE: f64 = 0.55;

/// Where the linker finds the body texts of the articles whose translations it checks.
pub trait ArticleTexts: Sync {
    /// The body text of each article asked for, in the order asked; `None` when it cannot be
    /// had (the link is then kept unchecked).
    fn texts(&self, ids: &[&str]) -> Vec<Option<String>>;
}

/// No texts at hand: translations are kept as the model decided them.
pub struct NoTexts;

impl ArticleTexts for NoTexts {
    fn texts(&self, ids: &[&str]) -> Vec<Option<String>> {
        vec![None; ids.len()]
    }
}

/// Texts held in memory, by article id.
impl<S: std::hash::BuildHasher + Sync> ArticleTexts for HashMap<String, String, S> {
    fn texts(&self, ids: &[&str]) -> Vec<Option<String>> {
        ids.iter().map(|id| self.get(*id).cloned()).collect()
    }
}

/// The smaller of the two texts' shares of characters in paragraphs that the aligner matches
/// with paragraphs of the other text, 0..=1 (0 when either text is empty).
pub fn matched_share(a: &AlignVersion, b: &AlignVersion) -> f64 {
    let chars = |v: &AlignVersion| -> Vec<usize> {
        v.paragraphs.iter().map(|p| p.chars().count()).collect()
    };
    let (chars_a, chars_b) = (chars(a), chars(b));
    let (total_a, total_b): (usize, usize) = (chars_a.iter().sum(), chars_b.iter().sum());
    if total_a == 0 || total_b == 0 {
        return 0.0;
    }
    let (mut matched_a, mut matched_b) = (0, 0);
    for bead in align_pair(a, b) {
        if bead.a.is_empty() || bead.b.is_empty() {
            continue;
        }
        matched_a += bead.a.iter().map(|&i| chars_a[i]).sum::<usize>();
        matched_b += bead.b.iter().map(|&i| chars_b[i]).sum::<usize>();
    }
    (matched_a as f64 / total_a as f64).min(matched_b as f64 / total_b as f64)
}

/// Checks every translation of `scored` that the model alone supports
/// ([`PairEvidence::rests_on_model`]): each keeps its label
/// when its texts align (the share goes into its evidence), and falls back otherwise.
pub(crate) fn check_translations(
    members: &Members,
    scored: &mut [(u32, u32, PairEvidence)],
    texts: &dyn ArticleTexts,
) {
    let pending: Vec<usize> = (0..scored.len())
        .filter(|&i| scored[i].2.rests_on_model())
        .collect();
    for chunk in pending.chunks(CHECK_CHUNK) {
        check_chunk(members, scored, texts, chunk);
    }
}

/// Translations checked together: only the texts of one chunk are held at a time, so the
/// check's memory does not grow with the corpus (at a million articles the model alone
/// supports hundreds of thousands of pairs, whose texts together weigh gigabytes).
const CHECK_CHUNK: usize = 2048;

/// [`check_translations`] of the pairs `pending` (indices into `scored`).
fn check_chunk(
    members: &Members,
    scored: &mut [(u32, u32, PairEvidence)],
    texts: &dyn ArticleTexts,
    pending: &[usize],
) {
    let mut wanted: Vec<u32> = pending
        .iter()
        .flat_map(|&i| [scored[i].0, scored[i].1])
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let ids: Vec<&str> = wanted.iter().map(|&m| members.id(m as usize)).collect();
    let found: HashMap<u32, String> = wanted
        .iter()
        .zip(texts.texts(&ids))
        .filter_map(|(&m, text)| Some((m, text?)))
        .collect();
    let version = |m: u32| -> Option<(&str, Lang)> {
        Some((found.get(&m)?.as_str(), members.meta(m as usize).lang))
    };
    let shares: Vec<Option<f64>> = pending
        .par_iter()
        .map(|&i| {
            let (a, b, _) = &scored[i];
            let ((text_a, lang_a), (text_b, lang_b)) = (version(*a)?, version(*b)?);
            Some(matched_share(
                &AlignVersion::of(text_a, lang_a),
                &AlignVersion::of(text_b, lang_b),
            ))
        })
        .collect();
    for (&i, share) in pending.iter().zip(shares) {
        let Some(share) = share else { continue };
        let evidence = &mut scored[i].2;
        evidence.aligned_share = Some(share);
        if share < MIN_ALIGNED_SHARE {
            evidence.relation = evidence.fallback;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_core::Relation;

    fn version(text: &str, lang: Lang) -> AlignVersion<'_> {
        AlignVersion::of(text, lang)
    }

    #[test]
    fn a_translation_matches_all_of_both_texts() {
        let share = matched_share(&version(EN, Lang::En), &version(FR, Lang::Fr));
        assert!(share > 0.95, "{share}");
    }

    #[test]
    fn a_report_with_paragraphs_of_its_own_matches_less() {
        let share = matched_share(&version(EN, Lang::En), &version(REPORT, Lang::Fr));
        assert!(share < MIN_ALIGNED_SHARE, "{share}");
    }

    const EN: &str =
        "Typhoon Yagi made landfall in Quang Ninh on 7 September with winds of 149 km/h.\n\
                      The storm killed 24 people and cut power to 3.2 million homes.\n\
                      Prime Minister Pham Minh Chinh ordered 50,000 soldiers to help.";
    const FR: &str = "Le typhon Yagi a touché terre à Quang Ninh le 7 septembre avec des vents de 149 km/h.\n\
                      La tempête a tué 24 personnes et privé 3,2 millions de foyers d'électricité.\n\
                      Le Premier ministre Pham Minh Chinh a mobilisé 50 000 soldats.";
    const REPORT: &str = "Des habitants de Haiphong racontent une nuit sans sommeil.\n\
                          Les écoles resteront fermées lundi, selon la mairie.\n\
                          Le typhon Yagi a fait 24 morts, selon un bilan officiel.\n\
                          Les vols ont repris à l'aéroport de Noi Bai.";

    /// A corpus of the English text and `fr`, and their pair marked as a translation that
    /// the model alone supports.
    fn model_only_pair(fr: &str) -> (crate::LinkCorpus, Vec<(u32, u32, PairEvidence)>) {
        let input = |id: &str, lang, text: &str| crate::LinkInput {
            id: id.into(),
            lang,
            date: None,
            url: None,
            text_chars: text.chars().count(),
            anchors: newsindex_analysis::extract_anchors(text, lang),
            title_anchors: 0,
            content: crate::Content::of("", text, lang),
        };
        let inputs = [input("en", Lang::En, EN), input("fr", Lang::Fr, fr)];
        let corpus = crate::LinkCorpus::from_inputs(&inputs);
        let stats = crate::CorpusStats::from_inputs(&inputs);
        let mut evidence = crate::compare(&inputs[0], &inputs[1], &stats);
        evidence.relation = Some(Relation::Translation);
        // Too few of the facts shared for the anchors' rule: the model alone says so.
        evidence.coverage = 0.0;
        evidence.fallback = Some(Relation::SameEvent);
        (corpus, vec![(0, 1, evidence)])
    }

    fn texts(fr: &str) -> HashMap<String, String> {
        HashMap::from([("en".into(), EN.into()), ("fr".into(), fr.into())])
    }

    #[test]
    fn a_model_only_translation_stands_when_its_texts_align() {
        let (corpus, mut scored) = model_only_pair(FR);
        check_translations(&corpus.members, &mut scored, &texts(FR));
        let evidence = &scored[0].2;
        assert_eq!(evidence.relation, Some(Relation::Translation));
        assert!(evidence
            .aligned_share
            .is_some_and(|s| s >= MIN_ALIGNED_SHARE));
    }

    /// Texts from a map, counting the calls and the most ids asked at once.
    struct Counting {
        texts: HashMap<String, String>,
        calls: std::sync::Mutex<(usize, usize)>,
    }

    impl ArticleTexts for Counting {
        fn texts(&self, ids: &[&str]) -> Vec<Option<String>> {
            let mut calls = self.calls.lock().unwrap();
            *calls = (calls.0 + 1, calls.1.max(ids.len()));
            self.texts.texts(ids)
        }
    }

    #[test]
    fn texts_are_asked_for_one_chunk_of_pairs_at_a_time() {
        let (corpus, scored) = model_only_pair(FR);
        let mut many: Vec<_> =
            std::iter::repeat_n(scored[0].clone(), 2 * CHECK_CHUNK + 1).collect();
        let texts = Counting {
            texts: texts(FR),
            calls: Default::default(),
        };
        check_translations(&corpus.members, &mut many, &texts);
        // Three chunks, each asking for the two texts of its pairs; every pair checked alike.
        assert_eq!(*texts.calls.lock().unwrap(), (3, 2));
        let share = many[0].2.aligned_share;
        assert!(share.is_some_and(|s| s >= MIN_ALIGNED_SHARE));
        assert!(
            many.iter()
                .all(|(_, _, e)| e.relation == Some(Relation::Translation)
                    && e.aligned_share == share)
        );
    }

    #[test]
    fn a_model_only_translation_falls_back_when_its_texts_do_not_align() {
        let (corpus, mut scored) = model_only_pair(REPORT);
        check_translations(&corpus.members, &mut scored, &texts(REPORT));
        let evidence = &scored[0].2;
        assert_eq!(evidence.relation, Some(Relation::SameEvent));
        assert!(evidence
            .aligned_share
            .is_some_and(|s| s < MIN_ALIGNED_SHARE));
    }

    #[test]
    fn without_texts_or_with_the_anchors_rule_nothing_is_checked() {
        let (corpus, mut scored) = model_only_pair(REPORT);
        check_translations(&corpus.members, &mut scored, &NoTexts);
        assert_eq!(scored[0].2.relation, Some(Relation::Translation));
        assert_eq!(scored[0].2.aligned_share, None);
        // Only one text known: the link is kept unchecked too.
        let one = HashMap::from([("en".to_string(), EN.to_string())]);
        check_translations(&corpus.members, &mut scored, &one);
        assert_eq!(scored[0].2.relation, Some(Relation::Translation));
        // A translation the anchors' rule supports is not checked.
        let evidence = &mut scored[0].2;
        (evidence.facts_in_order, evidence.overlap, evidence.coverage) = (5, 1.0, 1.0);
        (evidence.order, evidence.length_ratio) = (1.0, Some(1.0));
        assert!(!evidence.rests_on_model());
        check_translations(&corpus.members, &mut scored, &texts(REPORT));
        assert_eq!(scored[0].2.relation, Some(Relation::Translation));
        assert_eq!(scored[0].2.aligned_share, None);
    }

    #[test]
    fn empty_texts_match_nothing_and_never_panic() {
        assert_eq!(
            matched_share(&version("", Lang::En), &version("", Lang::Fr)),
            0.0
        );
        assert_eq!(
            matched_share(&version("One line.", Lang::En), &version("", Lang::Vi)),
            0.0
        );
        assert_eq!(NoTexts.texts(&["a", "b"]), vec![None, None]);
    }
}
