//! A word tokenizer that never splits a letter from its combining marks and emits NFC.

use crate::normalize::SOFT_HYPHEN;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Whether `c` is one of the characters writers and IMEs use as an apostrophe.
pub(crate) fn is_apostrophe(c: char) -> bool {
    crate::normalize::ascii_quote(c) == Some('\'')
}

/// Whether `c` starts a word: a letter or a digit of any script.
#[inline]
fn starts_word(c: char) -> bool {
    crate::chars::is_letter_or_digit(c) && !is_apostrophe(c)
}

/// Whether `c` continues a word already started: a letter, a digit or a combining mark.
#[inline]
pub(crate) fn continues_word(c: char) -> bool {
    starts_word(c) || is_combining_mark(c)
}

/// Splits text into runs of letters, digits and combining marks, so NFD or mixed-form
/// Vietnamese (`Vi\u{00EA}\u{0323}t`) stays one token, and emits each token in NFC.
///
/// Offsets are byte offsets into the input and always fall on char boundaries. With
/// [`MarkAwareTokenizer::with_apostrophes`], an apostrophe between two word characters stays
/// inside the token (as `'`), so elision and possessive filters can see `l'État` or `country's`.
#[derive(Clone, Default)]
pub struct MarkAwareTokenizer {
    token: Token,
    apostrophes: bool,
}

impl MarkAwareTokenizer {
    /// A tokenizer that splits on every apostrophe (Vietnamese, names).
    pub fn new() -> Self {
        Self::default()
    }

    /// A tokenizer that keeps inner apostrophes in tokens (French elision, English possessive).
    pub fn with_apostrophes() -> Self {
        MarkAwareTokenizer {
            token: Token::default(),
            apostrophes: true,
        }
    }
}

/// The token stream of [`MarkAwareTokenizer`].
pub struct MarkAwareStream<'a> {
    text: &'a str,
    pos: usize,
    apostrophes: bool,
    token: &'a mut Token,
}

impl Tokenizer for MarkAwareTokenizer {
    type TokenStream<'a> = MarkAwareStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MarkAwareStream<'a> {
        self.token.reset();
        MarkAwareStream {
            text,
            pos: 0,
            apostrophes: self.apostrophes,
            token: &mut self.token,
        }
    }
}

/// The char at byte `pos` of `text` (a char boundary), if any.
#[inline]
fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|rest| rest.chars().next())
}

impl MarkAwareStream<'_> {
    /// Moves past separators; returns the start of the next word.
    fn skip_separators(&mut self) -> Option<usize> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            let b = bytes[self.pos];
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    return Some(self.pos);
                }
                self.pos += 1;
            } else {
                let c = char_at(self.text, self.pos)?;
                if starts_word(c) {
                    return Some(self.pos);
                }
                self.pos += c.len_utf8();
            }
        }
        None
    }

    /// Finds the end of the word starting at `start`, and what the word holds beyond ASCII
    /// letters and digits (to pick the cheapest way to copy it).
    fn word_end(&self, start: usize) -> (usize, WordKind) {
        let bytes = self.text.as_bytes();
        let mut end = start;
        let mut kind = WordKind::Plain;
        while end < bytes.len() {
            let b = bytes[end];
            if b.is_ascii_alphanumeric() {
                end += 1;
                continue;
            }
            let Some(c) = char_at(self.text, end) else {
                break;
            };
            if !b.is_ascii() && continues_word(c) {
                kind = kind.max(WordKind::NonAscii);
                end += c.len_utf8();
                continue;
            }
            // A soft hyphen inside a word (`inno\u{AD}vation`) is a hyphenation hint, not a
            // break: the stored text keeps it, the token does not.
            if c == SOFT_HYPHEN {
                let next = end + c.len_utf8();
                if char_at(self.text, next).is_some_and(continues_word) {
                    kind = WordKind::Rewrite;
                    end = next;
                    continue;
                }
            }
            if self.apostrophes && is_apostrophe(c) {
                let next = end + c.len_utf8();
                if char_at(self.text, next).is_some_and(starts_word) {
                    if c != '\'' {
                        kind = WordKind::Rewrite;
                    }
                    end = next;
                    continue;
                }
            }
            break;
        }
        (end, kind)
    }
}

/// What a word holds, in order of the work its copy needs.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum WordKind {
    /// ASCII letters, digits and `'`: copied as is.
    Plain,
    /// Some non-ASCII letters or marks: may need NFC.
    NonAscii,
    /// An apostrophe look-alike to rewrite as `'`, or a soft hyphen to drop.
    Rewrite,
}

impl TokenStream for MarkAwareStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        let Some(start) = self.skip_separators() else {
            return false;
        };
        let (end, kind) = self.word_end(start);
        self.pos = end;
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = start;
        self.token.offset_to = end;
        let word = &self.text[start..end];
        let text = &mut self.token.text;
        match kind {
            WordKind::Plain => text.push_str(word),
            WordKind::NonAscii if is_nfc_quick(word.chars()) == IsNormalized::Yes => {
                text.push_str(word)
            }
            _ => text.extend(
                word.chars()
                    .filter(|&c| c != SOFT_HYPHEN)
                    .nfc()
                    .map(unify_apostrophe),
            ),
        }
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[inline]
fn unify_apostrophe(c: char) -> char {
    if is_apostrophe(c) {
        '\''
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{collect_tokens, token_texts};
    use tantivy::tokenizer::TextAnalyzer;

    fn plain(text: &str) -> Vec<String> {
        token_texts(&mut TextAnalyzer::from(MarkAwareTokenizer::new()), text)
    }

    fn apos(text: &str) -> Vec<String> {
        token_texts(
            &mut TextAnalyzer::from(MarkAwareTokenizer::with_apostrophes()),
            text,
        )
    }

    #[test]
    fn splits_words_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Hello, happy tax payer!",
                &["Hello", "happy", "tax", "payer"],
            ),
            ("Chuyển đổi số", &["Chuyển", "đổi", "số"]),
            (
                "Chuye\u{0302}\u{0309}n đo\u{0302}\u{0309}i so\u{0302}\u{0301}",
                &["Chuyển", "đổi", "số"],
            ),
            ("Vi\u{00EA}\u{0323}t Nam", &["Việt", "Nam"]),
            ("năm 2030, 12,7 triệu", &["năm", "2030", "12", "7", "triệu"]),
            ("57-NQ/TW", &["57", "NQ", "TW"]),
            (
                "l'Assemblée l\u{2019}État",
                &["l", "Assemblée", "l", "État"],
            ),
            ("\u{0301}orphan mark", &["orphan", "mark"]),
            ("khoa_học", &["khoa", "học"]),
            ("", &[]),
            ("  ,;  ", &[]),
        ];
        for (input, want) in cases {
            assert_eq!(plain(input), *want, "{input:?}");
        }
    }

    #[test]
    fn keeps_inner_apostrophes_when_asked() {
        let cases: &[(&str, &[&str])] = &[
            ("l'Assemblée", &["l'Assemblée"]),
            ("l\u{2019}État", &["l'État"]),
            ("l\u{02BC}innovation", &["l'innovation"]),
            ("jusqu'en 2030", &["jusqu'en", "2030"]),
            ("country's", &["country's"]),
            ("countries' 'quoted'", &["countries", "quoted"]),
            ("d'1,5", &["d'1", "5"]),
            ("l' État", &["l", "État"]),
        ];
        for (input, want) in cases {
            assert_eq!(apos(input), *want, "{input:?}");
        }
    }

    #[test]
    fn soft_hyphens_inside_words_are_dropped_from_tokens() {
        let cases: &[(&str, &[&str])] = &[
            ("inno\u{00AD}vation", &["innovation"]),
            ("Chuy\u{00AD}ển đổi", &["Chuyển", "đổi"]),
            ("end\u{00AD} \u{00AD}start", &["end", "start"]),
        ];
        for (input, want) in cases {
            assert_eq!(plain(input), *want, "{input:?}");
            assert_eq!(apos(input), *want, "{input:?}");
        }
        assert_eq!(apos("l\u{2019}inno\u{00AD}vation"), ["l'innovation"]);
        // The token's offsets still cover the hyphenated word as the text holds it.
        let text = "une inno\u{00AD}vation";
        let tokens = collect_tokens(&mut TextAnalyzer::from(MarkAwareTokenizer::new()), text);
        assert_eq!(
            &text[tokens[1].offset_from..tokens[1].offset_to],
            "inno\u{00AD}vation"
        );
    }

    #[test]
    fn offsets_and_positions_follow_the_input() {
        let text = "Chuye\u{0302}\u{0309}n, số";
        let tokens = collect_tokens(&mut TextAnalyzer::from(MarkAwareTokenizer::new()), text);
        assert_eq!(tokens.len(), 2);
        assert_eq!((tokens[0].offset_from, tokens[0].offset_to), (0, 10));
        assert_eq!(&text[tokens[1].offset_from..tokens[1].offset_to], "số");
        assert_eq!((tokens[0].position, tokens[1].position), (0, 1));
    }
}
