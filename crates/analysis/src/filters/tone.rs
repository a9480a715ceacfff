//! Canonical Vietnamese tone placement per token, with a small per-thread memo.

use super::memo::{rewrite_through, Memo};
use super::{swap_in, Rewrite};
use crate::vietnamese::{place_syllable_tone, ToneStyle};
use std::cell::RefCell;
use tantivy::tokenizer::Token;

/// Entries kept per thread before the memo is cleared; a news vocabulary's non-ASCII
/// syllables number a few thousand, so this holds them all without growing unbounded.
const MEMO_CAPACITY: usize = 16_384;

thread_local! {
    /// Syllable → its re-toned form in [`ToneStyle::Old`].
    static MEMO: RefCell<Memo> = RefCell::new(Memo::new(MEMO_CAPACITY));
}

/// Token filter that moves each Vietnamese syllable's tone mark to where `style` puts it
/// (`hoà` → `hòa` in [`ToneStyle::Old`]); other tokens pass unchanged.
#[derive(Clone, Copy, Debug, Default)]
pub struct ToneFilter(pub ToneStyle);

/// Writes the re-toned `word` to `out` and returns true if it differs from `word`.
fn retone(word: &str, style: ToneStyle, out: &mut String) -> bool {
    out.clear();
    place_syllable_tone(word, style, out) && out != word
}

impl Rewrite for ToneFilter {
    fn rewrite(&self, token: &mut Token, scratch: &mut String) -> bool {
        // Without a non-ASCII char there is no tone mark to move.
        if token.text.is_ascii() {
            return true;
        }
        let style = self.0;
        // The memo holds canonical (old-style) answers only; other styles are computed.
        let changed = if style == ToneStyle::Old {
            rewrite_through(&MEMO, &token.text, scratch, |word, out| {
                retone(word, style, out)
            })
        } else {
            retone(&token.text, style, scratch)
        };
        if changed {
            swap_in(token, scratch);
        }
        true
    }
}
rewrite_filter!(ToneFilter);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::testing::assert_filter;

    #[test]
    fn old_style_table() {
        // Twice, so the second pass is answered by the memo.
        for _ in 0..2 {
            assert_filter(
                ToneFilter(ToneStyle::Old),
                false,
                &[
                    ("hoà hòa", &["hòa", "hòa"]),
                    ("thuỷ khoẻ qúy", &["thủy", "khỏe", "quý"]),
                    ("réunion été", &["réunion", "été"]),
                    ("ASCII only", &["ASCII", "only"]),
                ],
            );
        }
    }

    #[test]
    fn new_style_table() {
        assert_filter(
            ToneFilter(ToneStyle::New),
            false,
            &[("hòa thủy Ủy", &["hoà", "thuỷ", "Uỷ"])],
        );
    }

    #[test]
    fn memo_stays_bounded() {
        let mut scratch = String::new();
        for i in 0..(MEMO_CAPACITY + 10) {
            let mut token = Token {
                text: format!("hoà{i}"),
                ..Token::default()
            };
            assert!(ToneFilter(ToneStyle::Old).rewrite(&mut token, &mut scratch));
        }
        MEMO.with(|memo| assert!(memo.borrow().len() <= MEMO_CAPACITY));
    }
}
