//! Snowball stemming per token, with a small per-thread memo.
//!
//! The same Snowball algorithms as tantivy's `Stemmer` (the `frostem` crate, which tantivy
//! itself calls), so every stem is the same; only the work differs. News text repeats its
//! words (a few thousand make most of an article's tokens), and a lookup costs a fraction of
//! running the algorithm's suffix tables again for every occurrence.

use super::memo::{rewrite_through, Memo};
use super::{swap_in, Rewrite};
use frostem::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::cell::RefCell;
use tantivy::tokenizer::Token;

/// Entries kept per thread and language before the memo is cleared: a news vocabulary's
/// frequent words fit, and memory stays bounded whatever the corpus.
const MEMO_CAPACITY: usize = 32_768;

thread_local! {
    /// Word → its French stem.
    static FRENCH: RefCell<Memo> = RefCell::new(Memo::new(MEMO_CAPACITY));
    /// Word → its English stem.
    static ENGLISH: RefCell<Memo> = RefCell::new(Memo::new(MEMO_CAPACITY));
}

/// The languages the analyzers stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StemLanguage {
    /// Snowball French.
    French,
    /// Snowball English (Porter 2).
    English,
}

/// Token filter that replaces each token with its Snowball stem; tokens are expected in
/// lower case, as for tantivy's `Stemmer`.
#[derive(Clone, Copy, Debug)]
pub struct StemFilter(pub StemLanguage);

impl StemFilter {
    fn stemmer(self) -> Stemmer {
        Stemmer::new(match self.0 {
            StemLanguage::French => Algorithm::French,
            StemLanguage::English => Algorithm::English,
        })
    }
}

/// Writes the stem of `word` to `out`; true when it differs from `word`.
fn stem_into(stemmer: Stemmer, word: &str, out: &mut String) -> bool {
    match stemmer.stem(word) {
        Cow::Owned(stem) if stem != word => {
            out.clear();
            out.push_str(&stem);
            true
        }
        _ => false,
    }
}

impl Rewrite for StemFilter {
    fn rewrite(&self, token: &mut Token, scratch: &mut String) -> bool {
        let memo = match self.0 {
            StemLanguage::French => &FRENCH,
            StemLanguage::English => &ENGLISH,
        };
        let stemmer = self.stemmer();
        let changed = rewrite_through(memo, &token.text, scratch, |word, out| {
            stem_into(stemmer, word, out)
        });
        if changed {
            swap_in(token, scratch);
        }
        true
    }
}
rewrite_filter!(StemFilter);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::testing::assert_filter;
    use proptest::prelude::*;
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, TextAnalyzer};

    #[test]
    fn stems_french_and_english() {
        assert_filter(
            StemFilter(StemLanguage::French),
            false,
            &[(
                "données nationales continuer",
                &["don", "national", "continu"],
            )],
        );
        assert_filter(
            StemFilter(StemLanguage::English),
            false,
            &[(
                "running transformation agreed",
                &["run", "transform", "agre"],
            )],
        );
    }

    #[test]
    fn a_word_stems_the_same_from_the_memo() {
        let filter = StemFilter(StemLanguage::French);
        for _ in 0..3 {
            assert_filter(filter, false, &[("gouvernements", &["gouvern"])]);
        }
    }

    #[test]
    fn the_memo_stays_bounded() {
        let filter = StemFilter(StemLanguage::English);
        let mut scratch = String::new();
        for n in 0..MEMO_CAPACITY + 10 {
            let mut token = Token {
                text: format!("word{n}ing"),
                ..Token::default()
            };
            filter.rewrite(&mut token, &mut scratch);
        }
        ENGLISH.with(|memo| assert!(memo.borrow().len() <= MEMO_CAPACITY));
    }

    /// The stems are tantivy's, memo or not, for any lower-case input.
    fn same_as_tantivy(language: Language, ours: StemLanguage, text: &str) {
        let texts = |mut analyzer: TextAnalyzer| crate::test_util::token_texts(&mut analyzer, text);
        let theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(tantivy::tokenizer::Stemmer::new(language))
            .build();
        let ours = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(StemFilter(ours))
            .build();
        // Twice: the second pass reads the memo.
        assert_eq!(texts(ours.clone()), texts(theirs.clone()));
        assert_eq!(texts(ours), texts(theirs));
    }

    proptest! {
        #[test]
        fn stems_as_tantivy_does(text in "[a-zàâçéèêëîïôûùüÿœ ]{0,80}") {
            same_as_tantivy(Language::French, StemLanguage::French, &text);
            same_as_tantivy(Language::English, StemLanguage::English, &text);
        }
    }
}
