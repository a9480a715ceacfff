//! French stop words: the Snowball list plus the clitics elision leaves standing alone.

use super::fold::fold_diacritics;
use std::collections::BTreeSet;

/// The Snowball French stop list (BSD licence, Snowball project, as shipped by tantivy).
pub(crate) const SNOWBALL_FRENCH: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il",
    "je", "la", "le", "leur", "lui", "ma", "mais", "me", "même", "mes", "moi", "mon", "ne", "nos",
    "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses",
    "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "c", "d",
    "j", "l", "à", "m", "n", "s", "t", "y", "étée", "étées", "étant", "suis", "es", "êtes", "sont",
    "serai", "seras", "sera", "serons", "serez", "seront", "serais", "serait", "serions", "seriez",
    "seraient", "étais", "était", "étions", "étiez", "étaient", "fus", "fut", "fûmes", "fûtes",
    "furent", "sois", "soit", "soyons", "soyez", "soient", "fusse", "fusses", "fussions",
    "fussiez", "fussent", "ayant", "eu", "eue", "eues", "eus", "ai", "avons", "avez", "ont",
    "aurai", "aurons", "aurez", "auront", "aurais", "aurait", "aurions", "auriez", "auraient",
    "avais", "avait", "aviez", "avaient", "eut", "eûmes", "eûtes", "eurent", "aie", "aies", "ait",
    "ayons", "ayez", "aient", "eusse", "eusses", "eût", "eussions", "eussiez", "eussent", "ceci",
    "cela", "celà", "cet", "cette", "ici", "ils", "les", "leurs", "quel", "quels", "quelle",
    "quelles", "sans", "soi",
];

/// Elided clitics missing from the Snowball list; they stand alone when the apostrophe is
/// followed by a space or lost (`jusqu ’ en`).
const EXTRA_CLITICS: &[&str] = &["jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"];

/// The French stop words, lowercase with accents (for `fr_stem`, before folding).
pub fn french_stop_words() -> Vec<String> {
    let words: BTreeSet<&str> = SNOWBALL_FRENCH
        .iter()
        .chain(EXTRA_CLITICS)
        .copied()
        .collect();
    words.into_iter().map(str::to_owned).collect()
}

/// The French stop words folded to ASCII (for `fr_ascii`, which folds before this step).
pub fn french_folded_stop_words() -> Vec<String> {
    let words: BTreeSet<String> = SNOWBALL_FRENCH
        .iter()
        .chain(EXTRA_CLITICS)
        .map(|w| fold_diacritics(w))
        .collect();
    words.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::testing::assert_filter;
    use tantivy::tokenizer::StopWordFilter;

    #[test]
    fn lists_hold_the_expected_words() {
        let plain = french_stop_words();
        let folded = french_folded_stop_words();
        for w in ["les", "à", "même", "jusqu", "lorsqu", "l", "qu"] {
            assert!(plain.iter().any(|p| p == w), "{w}");
        }
        for w in ["les", "a", "meme", "etaient", "jusqu"] {
            assert!(folded.iter().any(|p| p == w), "{w}");
        }
        assert!(folded.iter().all(|w| w.is_ascii()));
        // Content words must never be stop words.
        for w in ["données", "numérique", "été", "assemblée"] {
            assert!(!plain.iter().any(|p| p == w), "{w}");
        }
    }

    #[test]
    fn filter_drops_stop_words_only() {
        assert_filter(
            StopWordFilter::remove(french_stop_words()),
            false,
            &[
                ("les données de la nation", &["données", "nation"]),
                ("jusqu en 2030", &["2030"]),
                ("à même", &[]),
            ],
        );
    }
}
