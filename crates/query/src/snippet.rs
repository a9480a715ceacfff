//! Highlighted snippets: the densest window of matched tokens, cut on character and word
//! boundaries, HTML-escaped, with matches in `<mark>`.

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

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Builds an HTML snippet of about `max_bytes` around the densest cluster of `marks`.
pub fn render(text: &str, marks: &[(usize, usize)], max_bytes: usize) -> String {
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
    let mut out = String::with_capacity(end - start + 64);
    if start > 0 {
        out.push('…');
    }
    let mut cursor = start;
    for &(from, to) in marks {
        if from < start || to > end {
            continue;
        }
        escape_into(&mut out, &text[cursor..from]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[from..to]);
        out.push_str("</mark>");
        cursor = to;
    }
    escape_into(&mut out, &text[cursor..end]);
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn marks_and_escapes() {
        let text = "Le <Politburo> & la résolution 57-NQ/TW.";
        let from = text.find("résolution").unwrap();
        let html = render(text, &[(from, from + "résolution".len())], 200);
        assert_eq!(
            html,
            "Le &lt;Politburo&gt; &amp; la <mark>résolution</mark> 57-NQ/TW."
        );
    }

    #[test]
    fn window_moves_to_the_densest_cluster_and_never_cuts_a_character() {
        let text = format!(
            "{} chuyển đổi số và đổi mới sáng tạo",
            "Hà Nội ".repeat(100)
        );
        let from = text.find("chuyển").unwrap();
        let html = render(&text, &[(from, from + "chuyển".len())], 60);
        assert!(html.starts_with('…'), "{html}");
        assert!(html.contains("<mark>chuyển</mark>"), "{html}");
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
        assert_eq!(render("Short text.", &[], 100), "Short text.");
        let long = "mot hai ba ".repeat(50);
        let html = render(&long, &[], 30);
        assert!(html.ends_with('…') && html.len() < 40, "{html}");
    }

    proptest! {
        #[test]
        fn render_never_panics(text in "\\PC{0,200}", a in 0usize..300, b in 0usize..300, max in 1usize..100) {
            let (from, to) = (a.min(b), a.max(b));
            let ok = text.is_char_boundary(from.min(text.len())) && text.is_char_boundary(to.min(text.len()));
            let marks = if ok && to <= text.len() { vec![(from, to)] } else { vec![] };
            let _ = render(&text, &marks, max);
        }
    }
}
