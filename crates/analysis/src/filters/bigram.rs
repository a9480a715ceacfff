//! Adjacent-syllable bigrams (`khoa_học`) for Vietnamese, whose words are 1–4 syllables long.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Token filter that replaces a syllable stream by the pairs of adjacent syllables joined with
/// `_`. A pair is made only when the two syllables are consecutive (no token removed between
/// them) and separated by nothing but spaces: punctuation or a line break ends a run.
#[derive(Clone, Copy, Debug, Default)]
pub struct BigramFilter;

impl TokenFilter for BigramFilter {
    type Tokenizer<T: Tokenizer> = BigramTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> BigramTokenizer<T> {
        BigramTokenizer {
            inner,
            previous: Token::default(),
            bigram: Token::default(),
        }
    }
}

/// The tokenizer [`BigramFilter`] builds around its inner tokenizer.
#[derive(Clone)]
pub struct BigramTokenizer<T> {
    inner: T,
    previous: Token,
    bigram: Token,
}

impl<T: Tokenizer> Tokenizer for BigramTokenizer<T> {
    type TokenStream<'a> = BigramStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.previous.reset();
        self.bigram.reset();
        BigramStream {
            text,
            tail: self.inner.token_stream(text),
            previous: &mut self.previous,
            has_previous: false,
            bigram: &mut self.bigram,
        }
    }
}

/// The token stream of [`BigramFilter`].
pub struct BigramStream<'a, S> {
    text: &'a str,
    tail: S,
    previous: &'a mut Token,
    has_previous: bool,
    bigram: &'a mut Token,
}

/// Whether `gap` (the text between two tokens) keeps them in one phrase: spaces only.
fn joins(gap: &str) -> bool {
    gap.chars().all(|c| {
        c.is_whitespace()
            && !matches!(
                c,
                '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}'
            )
    })
}

impl<S: TokenStream> TokenStream for BigramStream<'_, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let current = self.tail.token();
            let adjacent = self.has_previous
                && current.position == self.previous.position.wrapping_add(1)
                && self
                    .text
                    .get(self.previous.offset_to..current.offset_from)
                    .is_some_and(joins);
            if adjacent {
                let bigram = &mut *self.bigram;
                bigram.text.clear();
                bigram.text.push_str(&self.previous.text);
                bigram.text.push('_');
                bigram.text.push_str(&current.text);
                bigram.offset_from = self.previous.offset_from;
                bigram.offset_to = current.offset_to;
                bigram.position = self.previous.position;
                bigram.position_length = 1;
            }
            self.previous.clone_from(current);
            self.has_previous = true;
            if adjacent {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.bigram
    }

    fn token_mut(&mut self) -> &mut Token {
        self.bigram
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::testing::assert_filter;
    use crate::test_util::collect_tokens;
    use crate::tokenizer::MarkAwareTokenizer;
    use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer};

    #[test]
    fn bigram_table() {
        assert_filter(
            BigramFilter,
            false,
            &[
                (
                    "khoa học, công nghệ và chuyển đổi số",
                    &[
                        "khoa_học",
                        "công_nghệ",
                        "nghệ_và",
                        "và_chuyển",
                        "chuyển_đổi",
                        "đổi_số",
                    ],
                ),
                ("Bộ Chính trị", &["Bộ_Chính", "Chính_trị"]),
                ("một\nhai ba", &["hai_ba"]),
                ("một. hai", &[]),
                ("một  \t hai", &["một_hai"]),
                ("một\u{00A0}hai", &["một_hai"]),
                ("đơn", &[]),
                ("", &[]),
            ],
        );
    }

    #[test]
    fn never_joins_across_a_removed_token() {
        let mut analyzer = TextAnalyzer::builder(MarkAwareTokenizer::new())
            .filter(RemoveLongFilter::limit(6))
            .filter(BigramFilter)
            .build();
        let tokens = collect_tokens(&mut analyzer, "ab cd abcdefgh ef gh");
        let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["ab_cd", "ef_gh"]);
        let text = "ab cd abcdefgh ef gh";
        assert_eq!(&text[tokens[1].offset_from..tokens[1].offset_to], "ef gh");
        assert_eq!(tokens[1].position, 3);
    }
}
