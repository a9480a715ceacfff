//! Diacritic folding: every accent and tone mark removed, đ → d, œ → oe; case is kept.
//! The project's one fold: the analyzers, the anchors' name check, language detection's
//! unaccented-Vietnamese text and the lexicon's cognate test all call [`fold_diacritics`].

use super::{swap_in, Rewrite};
use tantivy::tokenizer::Token;
use unicode_normalization::char::decompose_canonical;

/// Whether `c` is a combining diacritic (the blocks Latin and Greek accents live in).
fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Letters with no canonical decomposition that readers still see as an accented base.
fn special_fold(c: char) -> Option<&'static str> {
    Some(match c {
        'đ' | 'ð' => "d",
        'Đ' | 'Ð' => "D",
        'œ' => "oe",
        'Œ' => "OE",
        'æ' => "ae",
        'Æ' => "AE",
        'ø' => "o",
        'Ø' => "O",
        'ł' => "l",
        'Ł' => "L",
        'ß' => "ss",
        'ı' => "i",
        _ => return None,
    })
}

/// Appends the folded form of `text` to `out`.
fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(folded) = special_fold(c) {
            out.push_str(folded);
        } else if is_diacritic(c) {
        } else if matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}'
            | '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}')
        {
            // Only Latin and Greek letters are decomposed: in other scripts a "mark" can be
            // a vowel, and dropping it would change the word.
            decompose_canonical(c, |part| {
                if !is_diacritic(part) {
                    out.push(part);
                }
            });
        } else {
            out.push(c);
        }
    }
}

/// Removes every diacritic (accents, Vietnamese tone and quality marks) and maps đ/Đ → d/D,
/// œ → oe, keeping case: `Đà Nẵng` → `Da Nang`. Works on NFC, NFD and mixed input.
pub fn fold_diacritics(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        out.push_str(text);
    } else {
        fold_into(text, &mut out);
    }
    out
}

/// Token filter applying [`fold_diacritics`] to every token.
#[derive(Clone, Copy, Debug, Default)]
pub struct FoldFilter;

impl Rewrite for FoldFilter {
    fn rewrite(&self, token: &mut Token, scratch: &mut String) -> bool {
        if !token.text.is_ascii() {
            scratch.clear();
            fold_into(&token.text, scratch);
            swap_in(token, scratch);
        }
        !token.text.is_empty()
    }
}
rewrite_filter!(FoldFilter);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::testing::assert_filter;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn fold_table() {
        let cases = [
            ("Bộ Chính trị", "Bo Chinh tri"),
            ("Đà Nẵng ĐỔI MỚI", "Da Nang DOI MOI"),
            ("Tô Lâm", "To Lam"),
            ("mise en œuvre", "mise en oeuvre"),
            ("Les données numériques", "Les donnees numeriques"),
            ("Zürich, Peña, façade", "Zurich, Pena, facade"),
            ("ỹ ự ẫ", "y u a"),
            ("Ελλάδα", "Ελλαδα"),
            ("हिन्दी", "हिन्दी"),
            ("plain ascii", "plain ascii"),
        ];
        for (input, want) in cases {
            assert_eq!(fold_diacritics(input), want, "{input:?}");
            let nfd: String = input.nfd().collect();
            assert_eq!(fold_diacritics(&nfd), want, "NFD {input:?}");
        }
    }

    #[test]
    fn filter_folds_each_token() {
        assert_filter(
            FoldFilter,
            false,
            &[
                ("dương đường", &["duong", "duong"]),
                ("Đổi mới", &["Doi", "moi"]),
            ],
        );
    }
}
