//! French elision: `l'Assemblée` → `Assemblée`, `jusqu'en` → `en`.

use super::Rewrite;
use crate::tokenizer::is_apostrophe;
use tantivy::tokenizer::Token;

/// Clitics that French writes elided before a vowel (Lucene's list plus `presqu`).
const CLITICS: [&str; 14] = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
];

/// Token filter that strips a leading elided clitic and its apostrophe (`'` or any look-alike
/// such as `’`), in any case; tokens such as `aujourd'hui` keep their apostrophe.
#[derive(Clone, Copy, Debug, Default)]
pub struct ElisionFilter;

/// The byte length of the elided prefix (clitic + apostrophe) of `word`, if it has one.
fn elided_prefix(word: &str) -> Option<usize> {
    let (at, apostrophe) = word.char_indices().find(|&(_, c)| is_apostrophe(c))?;
    let clitic = &word[..at];
    let rest = at + apostrophe.len_utf8();
    (rest < word.len() && CLITICS.iter().any(|c| c.eq_ignore_ascii_case(clitic))).then_some(rest)
}

impl Rewrite for ElisionFilter {
    fn rewrite(&self, token: &mut Token, _scratch: &mut String) -> bool {
        if let Some(prefix) = elided_prefix(&token.text) {
            token.text.drain(..prefix);
        }
        true
    }
}
rewrite_filter!(ElisionFilter);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::testing::assert_filter;

    #[test]
    fn elision_table() {
        assert_filter(
            ElisionFilter,
            true,
            &[
                ("l'Assemblée", &["Assemblée"]),
                ("l\u{2019}Assemblée", &["Assemblée"]),
                ("L'État D'Abord", &["État", "Abord"]),
                ("jusqu'en 2030", &["en", "2030"]),
                ("lorsqu'il puisqu'elle quoiqu'on", &["il", "elle", "on"]),
                ("presqu'île qu'un", &["île", "un"]),
                ("aujourd'hui", &["aujourd'hui"]),
                ("d'1,5", &["1", "5"]),
                ("l' homme", &["l", "homme"]),
            ],
        );
    }

    #[test]
    fn strips_every_apostrophe_look_alike() {
        for apostrophe in ['\'', '\u{2019}', '\u{02BC}', '\u{2018}', '\u{FF07}'] {
            let word = format!("l{apostrophe}innovation");
            assert_eq!(
                elided_prefix(&word),
                Some(1 + apostrophe.len_utf8()),
                "{word}"
            );
        }
        assert_eq!(elided_prefix("l'"), None);
        assert_eq!(elided_prefix("plain"), None);
    }
}
