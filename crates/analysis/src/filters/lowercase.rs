//! Lowercasing with a per-char ASCII fast path.

use super::{swap_in, Rewrite};
use tantivy::tokenizer::Token;

/// Token filter that lowercases every token. Same result as tantivy's `LowerCaser`, but a
/// Vietnamese or French token, mostly ASCII letters around a few accented ones, only pays
/// the Unicode case tables for its non-ASCII letters, and an already lowercase token is not
/// copied.
#[derive(Clone, Copy, Debug, Default)]
pub struct LowerCaseFilter;

impl Rewrite for LowerCaseFilter {
    fn rewrite(&self, token: &mut Token, scratch: &mut String) -> bool {
        if token.text.is_ascii() {
            token.text.make_ascii_lowercase();
            return true;
        }
        let first_upper = token
            .text
            .char_indices()
            .find(|&(_, c)| c.is_ascii_uppercase() || (!c.is_ascii() && !c.is_lowercase()))
            .map(|(at, _)| at);
        let Some(at) = first_upper else {
            return true;
        };
        scratch.clear();
        scratch.push_str(&token.text[..at]);
        for c in token.text[at..].chars() {
            if c.is_ascii() {
                scratch.push(c.to_ascii_lowercase());
            } else {
                scratch.extend(c.to_lowercase());
            }
        }
        swap_in(token, scratch);
        true
    }
}
rewrite_filter!(LowerCaseFilter);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::testing::assert_filter;
    use crate::test_util::token_texts;
    use crate::tokenizer::MarkAwareTokenizer;
    use tantivy::tokenizer::{LowerCaser, TextAnalyzer};

    #[test]
    fn lowercase_table() {
        assert_filter(
            LowerCaseFilter,
            false,
            &[
                ("THUỶ Điện ĐỔI", &["thuỷ", "điện", "đổi"]),
                ("already lower số", &["already", "lower", "số"]),
                (
                    "ÉTAT Ελλάδα İstanbul",
                    &["état", "ελλάδα", "i\u{307}stanbul"],
                ),
                ("ǅemal 2030", &["ǆemal", "2030"]),
            ],
        );
    }

    #[test]
    fn agrees_with_tantivy_lowercaser() {
        let text = "Hà Nội THỦY ĐIỆN Œuvre ÆSIR Straße ΣΟΦΊΑ ǅ Ǆ x²";
        let mut ours = TextAnalyzer::builder(MarkAwareTokenizer::new())
            .filter(LowerCaseFilter)
            .build();
        let mut theirs = TextAnalyzer::builder(MarkAwareTokenizer::new())
            .filter(LowerCaser)
            .build();
        assert_eq!(token_texts(&mut ours, text), token_texts(&mut theirs, text));
    }
}
