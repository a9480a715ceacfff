//! Character classes on the hot paths, with the Latin ranges decided by a range check.
//!
//! `char::is_alphanumeric` answers ASCII at once but looks every other character up in a
//! table; Vietnamese text is mostly outside ASCII (`ư`, `ơ`, `ộ`, ...), and that lookup was
//! about 6% of an indexing run. Every Latin-1 letter, the whole of Latin Extended-A and -B,
//! and Latin Extended Additional (where the Vietnamese tone-marked vowels live) are letters.

/// Same answer as [`char::is_alphanumeric`] (a letter or a number), faster on Latin text.
#[inline]
pub fn is_letter_or_digit(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // General Punctuation (dashes, quotes, ellipsis) holds neither letters nor numbers.
        0x2000..=0x206F => false,
        _ => is_letter(c) || c.is_numeric(),
    }
}

/// Same answer as [`char::is_alphabetic`], faster on Latin text.
#[inline]
pub fn is_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        0xC0..=0x24F => c != '\u{D7}' && c != '\u{F7}',
        0x1E00..=0x1EFF => true,
        0x2000..=0x206F => false,
        _ => c.is_alphabetic(),
    }
}

/// `word` in lower case, borrowed when it has no capital (most words of running text have
/// none, so most callers allocate nothing).
pub fn lower_case(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_borrows_a_word_without_capitals() {
        assert!(matches!(
            lower_case("được"),
            std::borrow::Cow::Borrowed("được")
        ));
        assert_eq!(lower_case("ĐƯỢC"), "được");
        assert_eq!(lower_case("L'État"), "l'état");
    }

    #[test]
    fn agrees_with_the_standard_library_on_every_char() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }
}
