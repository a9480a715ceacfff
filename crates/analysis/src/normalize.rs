//! Language-independent clean-up applied to every text before anything else, in two forms:
//! [`clean_text`] is lossless for a reader (what is stored, shown in snippets and exported:
//! typographic quotes and soft hyphens kept), [`normalize_text`] also unifies the quote
//! look-alikes and drops soft hyphens (queries, comparisons). The analyzers read the stored
//! form directly: the tokenizer treats both kinds of characters the same way, so offsets into
//! the stored text stay exact for highlighting.

use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Canonical composition (NFC); borrows when the input is already NFC.
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// What one input character becomes after clean-up.
enum Mapped {
    Keep(char),
    Space,
    Newline,
    Drop,
}

/// Which form [`clean`] produces.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    /// Typographic quotes, apostrophes and soft hyphens kept as written.
    Stored,
    /// Quote and apostrophe look-alikes as ASCII, soft hyphens removed.
    Unified,
}

/// The soft hyphen: an invisible hyphenation hint inside a word.
pub(crate) const SOFT_HYPHEN: char = '\u{00AD}';

/// The ASCII character a quote or apostrophe look-alike stands for, if `c` is one.
pub(crate) fn ascii_quote(c: char) -> Option<char> {
    match c {
        // Apostrophe look-alikes: U+02BC is a *letter* to Unicode, so without this
        // `lʼinnovation` would stay one word and never match `innovation`.
        '\'' | '\u{2019}' | '\u{2018}' | '\u{201B}' | '\u{02BC}' | '\u{02B9}' | '\u{FF07}'
        | '\u{00B4}' | '\u{2032}' | '`' => Some('\''),
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => {
            Some('"')
        }
        _ => None,
    }
}

fn map_char(c: char, form: Form) -> Mapped {
    match form {
        Form::Stored if c == SOFT_HYPHEN => Mapped::Keep(c),
        Form::Unified => ascii_quote(c).map_or_else(|| map_invisible(c), Mapped::Keep),
        Form::Stored => map_invisible(c),
    }
}

/// What spaces, line breaks and invisible characters become (the same in both forms).
fn map_invisible(c: char) -> Mapped {
    match c {
        '\n' => Mapped::Newline,
        // Zero-width characters, soft hyphen (in the unified form), BOM, bidi controls (the
        // Arabic letter mark included), interlinear annotation marks and the invisible tag
        // characters (which can smuggle hidden text) carry no text.
        SOFT_HYPHEN
        | '\u{061C}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}'
        | '\u{034F}' => Mapped::Drop,
        ' ' | '\t' | '\u{000B}' | '\u{000C}' => Mapped::Space,
        // No-break, thin and other fixed-width spaces (French typography uses U+00A0 and U+202F).
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Mapped::Space,
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Mapped::Newline,
        c if c.is_control() => Mapped::Drop,
        c => Mapped::Keep(c),
    }
}

/// Cleans a text for storing and showing: NFC, CRLF/CR to LF, control and zero-width
/// characters removed, exotic spaces to plain spaces, runs of spaces collapsed, lines
/// trimmed, at most one blank line between paragraphs; typographic quotes, apostrophes and
/// soft hyphens are kept as the page wrote them. Idempotent.
pub fn clean_text(text: &str) -> String {
    clean(text, Form::Stored)
}

/// [`clean_text`], plus apostrophe and double-quote look-alikes to ASCII and soft hyphens
/// removed: the form a query or a comparison of texts wants. Idempotent, and
/// `normalize_text(clean_text(t)) == normalize_text(t)`.
pub fn normalize_text(text: &str) -> String {
    clean(text, Form::Unified)
}

fn clean(text: &str, form: Form) -> String {
    // Most texts have no carriage return: they are not copied to look for one.
    let unified: Cow<str> = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    let composed = nfc(&unified);
    let mut out = String::with_capacity(composed.len());
    let mut pending_space = false;
    let mut pending_newlines = 0usize;
    for c in composed.chars() {
        match map_char(c, form) {
            Mapped::Drop => {}
            Mapped::Space => pending_space = true,
            Mapped::Newline => {
                pending_space = false;
                if !out.is_empty() {
                    pending_newlines += 1;
                }
            }
            Mapped::Keep(c) => {
                if pending_newlines > 0 {
                    out.push_str(if pending_newlines > 1 { "\n\n" } else { "\n" });
                    pending_newlines = 0;
                } else if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
        }
    }
    // Removing characters can leave a combining mark next to a new base, so recompose.
    match nfc(&out) {
        Cow::Borrowed(_) => out,
        Cow::Owned(recomposed) => recomposed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cleans_table() {
        let cases = [
            ("l\u{2019}Assemblée", "l'Assemblée"),
            ("l\u{02BC}innovation", "l'innovation"),
            ("\u{201C}ba nhà\u{201D}", "\"ba nhà\""),
            ("15\u{202F}000 tâches\u{00A0}:", "15 000 tâches :"),
            ("a\u{200B}b\u{00AD}c\u{FEFF}", "abc"),
            ("  two   spaces\t\there  ", "two spaces here"),
            (
                "line one\r\nline two\rline three",
                "line one\nline two\nline three",
            ),
            ("para one\n\n\n\n  para two  \n", "para one\n\npara two"),
            ("nul\u{0000}byte\u{0007}", "nulbyte"),
            (
                "Chuye\u{0302}\u{0309}n đo\u{0302}\u{0309}i so\u{0302}\u{0301}",
                "Chuyển đổi số",
            ),
            ("\u{202E}evil\u{202C} bidi", "evil bidi"),
            // Regression (hostile corpus): invisible format characters that were kept.
            ("\u{061C}research\u{180E}ers", "researchers"),
            (
                "plain\u{E0001}\u{E0068}\u{E0069}\u{E007F} text",
                "plain text",
            ),
            ("\u{FFF9}base\u{FFFA}ruby\u{FFFB}", "baseruby"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_text(input), want, "{input:?}");
        }
    }

    #[test]
    fn stored_form_keeps_what_the_page_wrote() {
        let cases = [
            ("l\u{2019}Assemblée", "l\u{2019}Assemblée"),
            (
                "\u{201C}ba nhà\u{201D} « oui »",
                "\u{201C}ba nhà\u{201D} « oui »",
            ),
            ("inno\u{00AD}vation", "inno\u{00AD}vation"),
            ("l\u{02BC}innovation", "l\u{02BC}innovation"),
            // Spaces, controls and zero-width characters are cleaned as in the unified form.
            ("15\u{202F}000\u{00A0}: a\u{200B}b\u{FEFF}", "15 000 : ab"),
            ("  two   spaces\r\nnul\u{0000}byte ", "two spaces\nnulbyte"),
            ("Chuye\u{0302}\u{0309}n", "Chuyển"),
        ];
        for (input, want) in cases {
            assert_eq!(clean_text(input), want, "{input:?}");
        }
        assert_eq!(
            normalize_text("\u{201C}l\u{2019}inno\u{00AD}vation\u{201D}"),
            "\"l'innovation\""
        );
    }

    #[test]
    fn nfd_and_nfc_inputs_give_the_same_text() {
        let nfc_text = "Luật Khoa học, công nghệ và đổi mới sáng tạo";
        let nfd_text: String = nfc_text.nfd().collect();
        assert_ne!(nfc_text, nfd_text);
        assert_eq!(normalize_text(&nfd_text), normalize_text(nfc_text));
    }

    proptest! {
        #[test]
        fn normalize_is_idempotent(text in "\\PC*") {
            let once = normalize_text(&text);
            prop_assert_eq!(normalize_text(&once), once.clone());
        }

        #[test]
        fn clean_is_idempotent_and_unifies_to_the_same_text(text in "\\PC*") {
            let stored = clean_text(&text);
            prop_assert_eq!(clean_text(&stored), stored.clone());
            prop_assert_eq!(normalize_text(&stored), normalize_text(&text));
        }

        #[test]
        fn normalize_never_panics_on_any_chars(text in any::<String>()) {
            let _ = normalize_text(&text);
            let _ = clean_text(&text);
        }
    }
}
