//! Highlighted snippets: the densest window of matched tokens, cut on character and word
//! boundaries, as plain text with the ranges of its matches. Formatting them (terminal
//! colours, brackets, HTML `<mark>`) is the printer's job: the CLI and the web page.

use std::collections::{HashMap, HashSet};
use tantivy::tokenizer::{TokenStream, TokenizerManager};

/// Longest stretch of an article analysed for a snippet, in bytes: bounds the work per hit.
const SCAN_BYTES: usize = 64 * 1024;

fn floor_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Byte ranges of tokens in `text` whose analysed form is one of the query's terms.
pub fn find_marks(
    text: &str,
    analyzers: &[&str],
    terms: &HashMap<String, HashSet<String>>,
    manager: &TokenizerManager,
) -> Vec<(usize, usize)> {
    let scanned = &text[..floor_boundary(text, SCAN_BYTES)];
    let mut marks = Vec::new();
    let has_terms = |name: &str| terms.get(name).is_some_and(|t| !t.is_empty());
    for name in analyzers {
        let Some(wanted) = terms.get(*name).filter(|t| !t.is_empty()) else {
            continue;
        };
        let twin = newsindex_analysis::analyzers::covered_by(name);
        if twin.is_some_and(|twin| analyzers.contains(&twin) && has_terms(twin)) {
            continue;
        }
        let Some(mut analyzer) = manager.get(name) else {
            continue;
        };
        let mut stream = analyzer.token_stream(scanned);
        while let Some(token) = stream.next() {
            if wanted.contains(&token.text)
                && token.offset_from < token.offset_to
                && scanned.is_char_boundary(token.offset_from)
                && scanned.is_char_boundary(token.offset_to)
            {
                marks.push((token.offset_from, token.offset_to));
            }
        }
    }
    marks.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(marks.len());
    for (from, to) in marks {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// A snippet: plain text (line breaks as spaces, `…` where it was cut) and where its
/// matches are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The text.
    pub text: String,
    /// Matches as half-open ranges of character (Unicode scalar value) offsets in `text`,
    /// in order and not overlapping.
    pub marks: Vec<[usize; 2]>,
}

/// Appends `text` to the snippet with line breaks as spaces; returns its length in chars.
fn push_text(out: &mut String, text: &str) -> usize {
    let mut chars = 0;
    for c in text.chars() {
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
        chars += 1;
    }
    chars
}

/// Builds a snippet of about `max_bytes` around the densest cluster of `marks` (byte ranges
/// of `text`).
pub fn render(text: &str, marks: &[(usize, usize)], max_bytes: usize) -> Snippet {
    let (mut start, mut end) = (0, floor_boundary(text, max_bytes));
    let mut best = 0;
    // A text that fits is shown whole.
    let marks_to_place = if text.len() <= max_bytes {
        &[][..]
    } else {
        marks
    };
    for (i, &(from, _)) in marks_to_place.iter().enumerate() {
        let window_end = from + max_bytes;
        let count = marks[i..].iter().take_while(|m| m.1 <= window_end).count();
        if count > best {
            best = count;
            // Leave a little context before the first match, starting at a word.
            // At the start of the text there is no partial word to skip.
            let lead = floor_boundary(text, from.saturating_sub(40));
            start = if lead == 0 {
                0
            } else {
                text[lead..from]
                    .find(' ')
                    .map_or(lead, |space| lead + space + 1)
            };
            end = floor_boundary(text, start + max_bytes);
        }
    }
    if end < text.len() {
        // End on a word boundary when one is near.
        if let Some(space) = text[start..end].rfind(' ') {
            if space > (end - start) / 2 {
                end = start + space;
            }
        }
    }
    let mut snippet = Snippet {
        text: String::with_capacity(end - start + 8),
        marks: Vec::new(),
    };
    let mut at = 0;
    if start > 0 {
        at += push_text(&mut snippet.text, "…");
    }
    let mut cursor = start;
    for &(from, to) in marks {
        if from >= to || from < start || to > end || from < cursor {
            continue;
        }
        at += push_text(&mut snippet.text, &text[cursor..from]);
        let mark_start = at;
        at += push_text(&mut snippet.text, &text[from..to]);
        snippet.marks.push([mark_start, at]);
        cursor = to;
    }
    push_text(&mut snippet.text, &text[cursor..end]);
    if end < text.len() {
        snippet.text.push('…');
    }
    snippet
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The marked parts of a snippet, taken by character offsets.
    fn marked(snippet: &Snippet) -> Vec<String> {
        let chars: Vec<char> = snippet.text.chars().collect();
        snippet
            .marks
            .iter()
            .map(|&[from, to]| chars[from..to].iter().collect())
            .collect()
    }

    #[test]
    fn text_is_kept_as_is_and_marks_are_character_ranges() {
        let text = "Le <Politburo> & la\nrésolution 57-NQ/TW.";
        let from = text.find("résolution").unwrap();
        let snippet = render(text, &[(from, from + "résolution".len())], 200);
        assert_eq!(snippet.text, "Le <Politburo> & la résolution 57-NQ/TW.");
        assert_eq!(snippet.marks, vec![[20, 30]]);
        assert_eq!(marked(&snippet), ["résolution"]);
    }

    #[test]
    fn window_moves_to_the_densest_cluster_and_never_cuts_a_character() {
        let text = format!(
            "{} chuyển đổi số và đổi mới sáng tạo",
            "Hà Nội ".repeat(100)
        );
        let from = text.find("chuyển").unwrap();
        let snippet = render(&text, &[(from, from + "chuyển".len())], 60);
        assert!(snippet.text.starts_with('…'), "{snippet:?}");
        assert_eq!(marked(&snippet), ["chuyển"]);
    }

    #[test]
    fn bigram_marks_come_from_their_unigram_twin() {
        use newsindex_analysis::analyzers::{register_analyzers, VI_BIGRAM, VI_EXACT};
        let manager = TokenizerManager::default();
        register_analyzers(&manager);
        let text = "Phát triển khoa học và công nghệ; khoa học cơ bản.";
        let set = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<HashSet<_>>();
        let only_bigrams: HashMap<String, HashSet<String>> =
            [(VI_BIGRAM.to_string(), set(&["khoa_học"]))].into();
        let both: HashMap<String, HashSet<String>> = [
            (VI_EXACT.to_string(), set(&["khoa", "học"])),
            (VI_BIGRAM.to_string(), set(&["khoa_học"])),
        ]
        .into();
        let analyzers = [VI_EXACT, VI_BIGRAM];
        let marked = |terms| -> Vec<&str> {
            find_marks(text, &analyzers, terms, &manager)
                .into_iter()
                .map(|(from, to)| &text[from..to])
                .collect()
        };
        assert_eq!(marked(&only_bigrams), ["khoa học", "khoa học"]);
        assert_eq!(marked(&both), ["khoa", "học", "khoa", "học"]);
    }

    #[test]
    fn no_marks_gives_the_lead() {
        assert_eq!(render("Short text.", &[], 100).text, "Short text.");
        let long = "mot hai ba ".repeat(50);
        let snippet = render(&long, &[], 30);
        assert!(
            snippet.text.ends_with('…') && snippet.text.len() < 40,
            "{snippet:?}"
        );
        assert!(snippet.marks.is_empty());
        // An empty match range marks nothing (found by the property below).
        assert!(render("abc def", &[(2, 2)], 100).marks.is_empty());
    }

    proptest! {
        #[test]
        fn render_never_panics(text in "\\PC{0,200}", a in 0usize..300, b in 0usize..300, max in 1usize..100) {
            let (from, to) = (a.min(b), a.max(b));
            let ok = text.is_char_boundary(from.min(text.len())) && text.is_char_boundary(to.min(text.len()));
            let marks = if ok && to <= text.len() { vec![(from, to)] } else { vec![] };
            let snippet = render(&text, &marks, max);
            let chars = snippet.text.chars().count();
            prop_assert!(snippet.marks.iter().all(|&[a, b]| a < b && b <= chars));
        }
    }
}
