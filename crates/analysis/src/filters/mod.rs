//! Token filters of the newsindex analyzers, one per file, over a shared per-token rewrite
//! scaffold ([`Rewrite`]) so each filter is only its rule.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// A rule that rewrites or drops one token at a time.
pub trait Rewrite: Clone + Send + Sync + 'static {
    /// Rewrites `token` in place (using `scratch` as a spare buffer); false drops the token.
    fn rewrite(&self, token: &mut Token, scratch: &mut String) -> bool;
}

/// Makes a [`Rewrite`] rule usable as a tantivy [`TokenFilter`](tantivy::tokenizer::TokenFilter).
macro_rules! rewrite_filter {
    ($rule:ty) => {
        impl tantivy::tokenizer::TokenFilter for $rule {
            type Tokenizer<T: tantivy::tokenizer::Tokenizer> =
                $crate::filters::RewriteTokenizer<$rule, T>;

            fn transform<T: tantivy::tokenizer::Tokenizer>(
                self,
                inner: T,
            ) -> $crate::filters::RewriteTokenizer<$rule, T> {
                $crate::filters::RewriteTokenizer::new(self, inner)
            }
        }
    };
}

mod bigram;
mod elision;
mod fold;
mod lowercase;
mod memo;
mod possessive;
mod stem;
mod stopwords;
mod tone;

pub use bigram::BigramFilter;
pub use elision::ElisionFilter;
pub use fold::{fold_diacritics, FoldFilter};
pub use lowercase::LowerCaseFilter;
pub use possessive::PossessiveFilter;
pub use stem::{StemFilter, StemLanguage};
pub(crate) use stopwords::SNOWBALL_FRENCH;
pub use stopwords::{french_folded_stop_words, french_stop_words};
pub use tone::ToneFilter;

/// The tokenizer a rewrite filter builds around its inner tokenizer.
#[derive(Clone)]
pub struct RewriteTokenizer<R, T> {
    rule: R,
    inner: T,
    scratch: String,
}

impl<R, T> RewriteTokenizer<R, T> {
    fn new(rule: R, inner: T) -> Self {
        RewriteTokenizer {
            rule,
            inner,
            scratch: String::new(),
        }
    }
}

impl<R: Rewrite, T: Tokenizer> Tokenizer for RewriteTokenizer<R, T> {
    type TokenStream<'a> = RewriteStream<'a, R, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RewriteStream {
            rule: &self.rule,
            tail: self.inner.token_stream(text),
            scratch: &mut self.scratch,
        }
    }
}

/// The token stream of a rewrite filter.
pub struct RewriteStream<'a, R, S> {
    rule: &'a R,
    tail: S,
    scratch: &'a mut String,
}

impl<R: Rewrite, S: TokenStream> TokenStream for RewriteStream<'_, R, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if self.rule.rewrite(self.tail.token_mut(), self.scratch) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Replaces the token's text with `scratch` (keeping both allocations for reuse).
fn swap_in(token: &mut Token, scratch: &mut String) {
    std::mem::swap(&mut token.text, scratch);
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::test_util::token_texts;
    use crate::tokenizer::MarkAwareTokenizer;
    use tantivy::tokenizer::{TextAnalyzer, TokenFilter};

    /// Runs `filter` alone over the mark-aware tokens of each input and checks the texts.
    pub(crate) fn assert_filter<F: TokenFilter + Clone>(
        filter: F,
        apostrophes: bool,
        cases: &[(&str, &[&str])],
    ) {
        let tokenizer = if apostrophes {
            MarkAwareTokenizer::with_apostrophes()
        } else {
            MarkAwareTokenizer::new()
        };
        let mut analyzer = TextAnalyzer::builder(tokenizer)
            .filter(filter.clone())
            .build();
        for (input, want) in cases {
            assert_eq!(token_texts(&mut analyzer, input), *want, "{input:?}");
        }
    }
}
