//! English possessive: `country's` → `country`.

use super::Rewrite;
use crate::tokenizer::is_apostrophe;
use tantivy::tokenizer::Token;

/// Token filter that removes a trailing `'s` (any apostrophe look-alike, any case).
#[derive(Clone, Copy, Debug, Default)]
pub struct PossessiveFilter;

impl Rewrite for PossessiveFilter {
    fn rewrite(&self, token: &mut Token, _scratch: &mut String) -> bool {
        let text = &token.text;
        if text.ends_with(['s', 'S']) {
            let stem = &text[..text.len() - 1];
            if let Some(apostrophe) = stem.chars().next_back().filter(|&c| is_apostrophe(c)) {
                let keep = stem.len() - apostrophe.len_utf8();
                if keep > 0 {
                    token.text.truncate(keep);
                }
            }
        }
        true
    }
}
rewrite_filter!(PossessiveFilter);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::testing::assert_filter;

    #[test]
    fn possessive_table() {
        assert_filter(
            PossessiveFilter,
            true,
            &[
                ("country's economy", &["country", "economy"]),
                ("Vietnam\u{2019}s PARTY'S", &["Vietnam", "PARTY"]),
                ("countries' plans", &["countries", "plans"]),
                ("don't it's", &["don't", "it"]),
                ("'s", &["s"]),
                ("bus", &["bus"]),
            ],
        );
    }
}
