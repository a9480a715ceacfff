//! Translation lexicon for cross-language query expansion.
//!
//! Two sources feed it: the curated trilingual glossary shipped in
//! `corpus/lexicon/glossary.tsv` (CC0, compiled into the binary), and, when the Debian
//! packages `dict-freedict-fra-eng` / `dict-freedict-eng-fra` are installed, the FreeDict
//! French-English dictionaries read at run time. FreeDict is GPL, so its data is never copied
//! into the repository or the binary.

use crate::fold_diacritics;
use newsindex_core::Lang;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

/// The glossary compiled into the binary.
const GLOSSARY_TSV: &str = include_str!("../../../corpus/lexicon/glossary.tsv");

/// Largest `.index` file read from a FreeDict package; real ones are well under 1 MiB.
const MAX_INDEX_BYTES: u64 = 32 << 20;
/// Largest decompressed `.dict.dz` read; real ones are under 1 MiB, the largest FreeDict
/// dictionaries a few tens of MiB.
const MAX_DICT_BYTES: u64 = 128 << 20;
/// Most entries taken from one dictionary file, so a huge package cannot exhaust memory.
const MAX_DICT_ENTRIES: usize = 300_000;
/// Most translations kept per headword; the first senses are the most common ones.
const MAX_TRANSLATIONS: usize = 4;
/// Longest translation kept, in words; longer ones are glosses, not equivalents.
const MAX_TRANSLATION_WORDS: usize = 4;
/// Longest translation kept, in characters.
const MAX_TRANSLATION_CHARS: usize = 60;

/// Why a lexicon file could not be parsed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum LexiconError {
    /// The text has no header line.
    #[error("lexicon is empty: expected a header line `vi<TAB>fr<TAB>en`")]
    MissingHeader,
    /// The header is not a permutation of `vi`, `fr`, `en`.
    #[error("line {line}: header must name the columns vi, fr and en once each, found `{found}`")]
    BadHeader {
        /// 1-based line number.
        line: usize,
        /// The header as read.
        found: String,
    },
    /// A concept line does not have exactly three tab-separated cells.
    #[error("line {line}: expected 3 tab-separated cells, found {found}")]
    CellCount {
        /// 1-based line number.
        line: usize,
        /// Number of cells found.
        found: usize,
    },
    /// A cell, or a synonym inside a cell, is empty.
    #[error("line {line}: empty {lang} cell or synonym")]
    EmptyCell {
        /// 1-based line number.
        line: usize,
        /// Column holding the empty value.
        lang: Lang,
    },
}

/// One concept: its forms (synonyms) in each analysed language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// Forms indexed by language order vi = 0, fr = 1, en = 2 (see [`Lang::ANALYSED`]);
    /// a language may have no form (FreeDict entries have no Vietnamese).
    pub forms: [Vec<String>; 3],
}

impl Entry {
    /// The forms of this concept in `lang`; empty for [`Lang::Other`].
    pub fn forms_in(&self, lang: Lang) -> &[String] {
        match slot(lang) {
            Some(i) => &self.forms[i],
            None => &[],
        }
    }
}

/// A set of translation entries used to expand queries across vi, fr and en.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lexicon {
    entries: Vec<Entry>,
}

impl Lexicon {
    /// The curated glossary compiled into the binary (parsed once per process).
    ///
    /// Malformed lines are skipped rather than failing: a unit test keeps the shipped file
    /// free of them.
    pub fn builtin() -> Lexicon {
        static BUILTIN: OnceLock<Lexicon> = OnceLock::new();
        BUILTIN
            .get_or_init(|| parse(GLOSSARY_TSV, Mode::Lenient).unwrap_or_default())
            .clone()
    }

    /// Parses a glossary in the `vi<TAB>fr<TAB>en` format, failing on the first bad line.
    ///
    /// The header names the column order; `#` lines and blank lines are ignored; synonyms
    /// inside a cell are separated by `|`.
    pub fn parse_tsv(text: &str) -> Result<Lexicon, LexiconError> {
        parse(text, Mode::Strict)
    }

    /// A lexicon of the given entries (a language may have no form, as in FreeDict's).
    pub fn from_entries(entries: Vec<Entry>) -> Lexicon {
        Lexicon { entries }
    }

    /// Adds the French-English FreeDict dictionaries found in `dir` (normally
    /// `/usr/share/dictd`) as fr<->en entries; missing or unreadable files add nothing.
    pub fn with_freedict(mut self, dir: &Path) -> Lexicon {
        // (file stem without the Debian `freedict-` prefix, column of headwords, of translations)
        for (stem, head, target) in [("fra-eng", 1, 2), ("eng-fra", 2, 1)] {
            if let Some(entries) = read_dictd_pair(dir, stem, head, target) {
                self.entries.extend(entries);
            }
        }
        self
    }

    /// All entries, glossary first, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the lexicon has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Column index of an analysed language in [`Entry::forms`].
fn slot(lang: Lang) -> Option<usize> {
    Lang::ANALYSED.iter().position(|&l| l == lang)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Strict,
    Lenient,
}

fn parse(text: &str, mode: Mode) -> Result<Lexicon, LexiconError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let (header_no, header) = lines.next().ok_or(LexiconError::MissingHeader)?;
    let columns = parse_header(header.trim_start_matches('\u{feff}')).ok_or_else(|| {
        LexiconError::BadHeader {
            line: header_no,
            found: header.to_string(),
        }
    })?;
    let mut entries = Vec::new();
    for (line_no, line) in lines {
        match parse_line(line_no, line, &columns) {
            Ok(entry) => entries.push(entry),
            Err(e) if mode == Mode::Strict => return Err(e),
            Err(_) => {}
        }
    }
    Ok(Lexicon { entries })
}

/// Maps each header cell to its slot in [`Entry::forms`].
fn parse_header(header: &str) -> Option<[usize; 3]> {
    let mut columns = [0; 3];
    let mut seen = [false; 3];
    let mut count = 0;
    for (i, cell) in header.split('\t').enumerate() {
        let s = slot(Lang::parse(cell)?)?;
        if i >= 3 || seen[s] {
            return None;
        }
        seen[s] = true;
        columns[i] = s;
        count += 1;
    }
    (count == 3).then_some(columns)
}

fn parse_line(line_no: usize, line: &str, columns: &[usize; 3]) -> Result<Entry, LexiconError> {
    let cells: Vec<&str> = line.split('\t').collect();
    if cells.len() != 3 {
        return Err(LexiconError::CellCount {
            line: line_no,
            found: cells.len(),
        });
    }
    let mut entry = Entry::default();
    for (cell, &s) in cells.iter().zip(columns) {
        let forms: Vec<String> = cell.split('|').map(|f| f.trim().to_string()).collect();
        if forms.iter().any(String::is_empty) {
            return Err(LexiconError::EmptyCell {
                line: line_no,
                lang: Lang::ANALYSED[s],
            });
        }
        entry.forms[s] = forms;
    }
    Ok(entry)
}

/// Reads `<stem>.index` + `<stem>.dict.dz` (or the Debian `freedict-<stem>.*` names) from
/// `dir`; `None` when absent or unreadable.
fn read_dictd_pair(dir: &Path, stem: &str, head: usize, target: usize) -> Option<Vec<Entry>> {
    let base = [format!("freedict-{stem}"), stem.to_string()]
        .into_iter()
        .find(|b| dir.join(format!("{b}.index")).is_file())?;
    let index = read_capped(&dir.join(format!("{base}.index")), MAX_INDEX_BYTES)?;
    let index = String::from_utf8_lossy(&index);
    let dict = read_dict(dir, &base)?;
    Some(dictd_entries(&index, &dict, head, target))
}

/// The dictionary body: `.dict.dz` (gzip/dictzip) or a plain `.dict`.
fn read_dict(dir: &Path, base: &str) -> Option<Vec<u8>> {
    let dz = dir.join(format!("{base}.dict.dz"));
    if let Ok(file) = File::open(&dz) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(file)
            .take(MAX_DICT_BYTES)
            .read_to_end(&mut out)
            .ok()?;
        return Some(out);
    }
    read_capped(&dir.join(format!("{base}.dict")), MAX_DICT_BYTES)
}

fn read_capped(path: &Path, cap: u64) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    File::open(path)
        .ok()?
        .take(cap)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// Decodes a dictd offset or length: base-64 digits `A-Za-z0-9+/`, most significant first.
fn dictd_b64(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u64, |acc, b| {
        let digit = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc.checked_mul(64)?.checked_add(u64::from(digit))
    })
}

/// Builds one entry per headword of a dictd index, with the headword in column `head` and
/// its translations in column `target`; entries for the same headword are merged.
fn dictd_entries(index: &str, dict: &[u8], head: usize, target: usize) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut last_head: Option<String> = None;
    for line in index.lines() {
        if entries.len() >= MAX_DICT_ENTRIES {
            break;
        }
        let mut fields = line.split('\t');
        let (Some(word), Some(off), Some(len)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // dictd's own metadata entries (`00databaseinfo`, `00-database-url`, ...).
        if word.starts_with("00database") || word.starts_with("00-database") {
            continue;
        }
        let Some(body) = dictd_b64(off)
            .zip(dictd_b64(len))
            .and_then(|(o, l)| {
                let start = usize::try_from(o).ok()?;
                let end = start.checked_add(usize::try_from(l).ok()?)?;
                dict.get(start..end)
            })
            .map(String::from_utf8_lossy)
        else {
            continue;
        };
        let Some((headword, translations)) = parse_definition(&body, word) else {
            continue;
        };
        // The index is sorted, so repeated headwords are adjacent.
        if last_head.as_deref() == Some(headword.as_str()) {
            if let Some(prev) = entries.last_mut() {
                for t in translations {
                    if prev.forms[target].len() < MAX_TRANSLATIONS
                        && !prev.forms[target].contains(&t)
                    {
                        prev.forms[target].push(t);
                    }
                }
                continue;
            }
        }
        let mut entry = Entry::default();
        entry.forms[head] = vec![headword.clone()];
        entry.forms[target] = translations;
        entries.push(entry);
        last_head = Some(headword);
    }
    entries
}

/// Splits a FreeDict definition into its display headword and up to
/// [`MAX_TRANSLATIONS`] short translations; `None` when nothing usable remains.
///
/// The first line is `headword /pronunciation/ <grammar>`; each following line holds one
/// sense, optionally numbered `1.`, with comma-separated equivalents.
fn parse_definition(body: &str, index_word: &str) -> Option<(String, Vec<String>)> {
    let mut lines = body.lines();
    let first = lines.next().unwrap_or("");
    let headword = display_headword(first)
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| index_word.trim().to_string());
    // Suffix entries such as `... à` are fragments, not words.
    if headword.is_empty() || headword.starts_with("...") {
        return None;
    }
    let mut senses: Vec<Vec<String>> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for line in lines {
        let line = line.trim();
        if is_marker_line(line) || line.starts_with('"') {
            continue;
        }
        let mut sense = Vec::new();
        for candidate in strip_labels(strip_sense_number(line)).split([',', ';']) {
            let candidate = collapse_spaces(&strip_parentheses(candidate));
            let words = candidate.split_whitespace().count();
            if words == 0
                || words > MAX_TRANSLATION_WORDS
                || candidate.chars().count() > MAX_TRANSLATION_CHARS
                || candidate.eq_ignore_ascii_case(&headword)
                || seen.contains(&candidate)
            {
                continue;
            }
            seen.push(candidate.clone());
            sense.push(candidate);
        }
        if !sense.is_empty() {
            senses.push(sense);
        }
    }
    let translations = rank_translations(&headword, senses);
    (!translations.is_empty()).then_some((headword, translations))
}

/// Picks at most [`MAX_TRANSLATIONS`] translations: cognates of the headword first
/// (`gouvernement` -> `government`), then one per sense in turn, because FreeDict lists
/// senses in no particular order of frequency and a long first sense would crowd out the rest.
fn rank_translations(headword: &str, senses: Vec<Vec<String>>) -> Vec<String> {
    let mut interleaved = Vec::new();
    let depth = senses.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..depth {
        interleaved.extend(senses.iter().filter_map(|s| s.get(i)).cloned());
    }
    let head = fold_bigrams(headword);
    let (mut ranked, rest): (Vec<String>, Vec<String>) = interleaved
        .into_iter()
        .partition(|t| dice(&head, &fold_bigrams(t)) >= COGNATE_DICE);
    ranked.extend(rest);
    ranked.truncate(MAX_TRANSLATIONS);
    ranked
}

/// Bigram similarity from which a translation counts as a cognate of its headword.
const COGNATE_DICE: f32 = 0.5;

/// Character bigrams of the lowercased, accent-stripped letters of `s`.
fn fold_bigrams(s: &str) -> Vec<(char, char)> {
    let letters: Vec<char> = fold_diacritics(s)
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect();
    let mut bigrams: Vec<(char, char)> = letters.windows(2).map(|w| (w[0], w[1])).collect();
    bigrams.sort_unstable();
    bigrams
}

/// Dice coefficient of two sorted bigram multisets; 0 when either word is too short to judge.
fn dice(a: &[(char, char)], b: &[(char, char)]) -> f32 {
    if a.len() < 3 || b.len() < 3 {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * common) as f32 / (a.len() + b.len()) as f32
}

/// The headword of a definition's first line: the text before the pronunciation or the
/// grammar marker.
fn display_headword(first: &str) -> Option<String> {
    let end = [first.find(" /"), first.find(" <")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(first.len());
    first.get(..end).map(collapse_spaces)
}

/// A pronunciation `/.../` or grammar `<...>` line standing alone.
fn is_marker_line(line: &str) -> bool {
    line.is_empty()
        || (line.starts_with('/') && line.ends_with('/'))
        || (line.starts_with('<') && line.ends_with('>'))
}

/// Drops a leading sense number such as `2.`.
fn strip_sense_number(line: &str) -> &str {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = line.get(digits..).and_then(|r| r.strip_prefix('.')) {
            return rest.trim_start();
        }
    }
    line
}

/// Drops leading domain labels such as `[cul]` and inline grammar markers `<...>`.
fn strip_labels(mut line: &str) -> String {
    while let Some(rest) = line.strip_prefix('[') {
        match rest.find(']') {
            Some(end) => line = rest.get(end + 1..).unwrap_or("").trim_start(),
            None => break,
        }
    }
    remove_delimited(line, '<', '>')
}

fn strip_parentheses(s: &str) -> String {
    remove_delimited(s, '(', ')')
}

/// Removes every `open ... close` span (nesting allowed); an unclosed span runs to the end.
fn remove_delimited(s: &str, open: char, close: char) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        if c == open {
            depth += 1;
        } else if c == close && depth > 0 {
            depth -= 1;
        } else if depth == 0 {
            out.push(c);
        }
    }
    out
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::io::Write;
    use unicode_normalization::is_nfc;

    fn forms(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn embedded_glossary_is_well_formed() {
        // Strict parsing must accept every line the lenient builtin parse would keep.
        let strict = Lexicon::parse_tsv(GLOSSARY_TSV).expect("glossary parses strictly");
        assert_eq!(strict, Lexicon::builtin());
        assert!(strict.len() >= 700, "only {} concepts", strict.len());
        assert!(is_nfc(GLOSSARY_TSV), "glossary is not NFC");
        let mut seen = HashSet::new();
        for (i, entry) in strict.entries().iter().enumerate() {
            for lang in Lang::ANALYSED {
                assert!(!entry.forms_in(lang).is_empty(), "entry {i} lacks {lang}");
            }
            let key: Vec<Vec<String>> = entry
                .forms
                .iter()
                .map(|f| f.iter().map(|s| s.to_lowercase()).collect())
                .collect();
            assert!(seen.insert(key), "duplicate concept {:?}", entry.forms);
        }
    }

    #[test]
    fn embedded_glossary_lines_use_the_documented_separators() {
        // Synonyms are separated by exactly ` | ` and cells carry no stray spaces, so the file
        // stays easy to diff and grep.
        for (i, line) in GLOSSARY_TSV.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            assert!(!line.ends_with('\r'), "line {}: CRLF", i + 1);
            for cell in line.split('\t') {
                for form in cell.split(" | ") {
                    assert!(
                        !form.is_empty() && form.trim() == form && !form.contains('|'),
                        "line {}: bad form `{form}`",
                        i + 1
                    );
                }
            }
        }
    }

    #[test]
    fn builtin_contains_the_issue_examples() {
        let lex = Lexicon::builtin();
        let find = |vi: &str| {
            lex.entries()
                .iter()
                .find(|e| e.forms_in(Lang::Vi).iter().any(|f| f == vi))
                .unwrap_or_else(|| panic!("no entry for {vi}"))
                .clone()
        };
        for (vi, fr, en) in [
            ("nghị quyết", "résolution", "resolution"),
            (
                "chuyển đổi số",
                "transformation numérique",
                "digital transformation",
            ),
            ("Bộ Chính trị", "Bureau politique", "Politburo"),
            ("đổi mới sáng tạo", "innovation", "innovation"),
            ("ban chỉ đạo", "comité directeur", "steering committee"),
        ] {
            let e = find(vi);
            assert!(e.forms_in(Lang::Fr).iter().any(|f| f == fr), "{vi} -> {fr}");
            assert!(e.forms_in(Lang::En).iter().any(|f| f == en), "{vi} -> {en}");
        }
    }

    #[test]
    fn parses_header_order_comments_and_synonyms() {
        let text = "\u{feff}en\tvi\tfr\r\n# section\n\nrain\tmưa\tpluie\nflood | floods\tlũ\tcrue|inondation\n";
        let lex = Lexicon::parse_tsv(text).unwrap();
        assert_eq!(lex.len(), 2);
        let e = &lex.entries()[1];
        assert_eq!(e.forms_in(Lang::Vi), forms(&["lũ"]));
        assert_eq!(e.forms_in(Lang::Fr), forms(&["crue", "inondation"]));
        assert_eq!(e.forms_in(Lang::En), forms(&["flood", "floods"]));
        assert!(e.forms_in(Lang::Other).is_empty());
    }

    #[test]
    fn strict_parse_names_the_bad_line() {
        let cases: &[(&str, LexiconError)] = &[
            ("", LexiconError::MissingHeader),
            ("# only a comment\n", LexiconError::MissingHeader),
            (
                "vi\tfr\n",
                LexiconError::BadHeader {
                    line: 1,
                    found: "vi\tfr".into(),
                },
            ),
            (
                "vi\tfr\tvi\n",
                LexiconError::BadHeader {
                    line: 1,
                    found: "vi\tfr\tvi".into(),
                },
            ),
            (
                "vi\tfr\ten\tde\n",
                LexiconError::BadHeader {
                    line: 1,
                    found: "vi\tfr\ten\tde".into(),
                },
            ),
            (
                "vi\tfr\ten\na\tb\tc\n# x\na\tb\n",
                LexiconError::CellCount { line: 4, found: 2 },
            ),
            (
                "vi\tfr\ten\na\tb\tc\td\n",
                LexiconError::CellCount { line: 2, found: 4 },
            ),
            (
                "vi\tfr\ten\na\t\tc\n",
                LexiconError::EmptyCell {
                    line: 2,
                    lang: Lang::Fr,
                },
            ),
            (
                "fr\ten\tvi\na\tb\tc | \n",
                LexiconError::EmptyCell {
                    line: 2,
                    lang: Lang::Vi,
                },
            ),
        ];
        for (text, want) in cases {
            assert_eq!(Lexicon::parse_tsv(text).as_ref(), Err(want), "{text:?}");
        }
        let msg = Lexicon::parse_tsv("vi\tfr\ten\nx\ty\n")
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("line 2:"), "{msg}");
    }

    #[test]
    fn lenient_parse_skips_bad_lines() {
        let text = "vi\tfr\ten\nmưa\tpluie\train\nbad line\nlũ\t\tflood\nbão\ttyphon\ttyphoon\n";
        let lex = parse(text, Mode::Lenient).unwrap();
        let vi: Vec<&str> = lex
            .entries()
            .iter()
            .map(|e| e.forms_in(Lang::Vi)[0].as_str())
            .collect();
        assert_eq!(vi, ["mưa", "bão"]);
    }

    #[test]
    fn decodes_dictd_base64() {
        for (s, want) in [
            ("A", Some(0)),
            ("B", Some(1)),
            ("a", Some(26)),
            ("0", Some(52)),
            ("+", Some(62)),
            ("/", Some(63)),
            ("BA", Some(64)),
            ("8m", Some(60 * 64 + 38)),
            ("BQMW", Some(((64 + 16) * 64 + 12) * 64 + 22)),
            ("", None),
            ("A=", None),
            ("é", None),
            // 12 digits of 63 overflow u64.
            ("////////////", None),
        ] {
            assert_eq!(dictd_b64(s), want, "{s:?}");
        }
    }

    /// Encodes a number the way dictd writes offsets and lengths.
    fn b64(mut n: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut digits = vec![ALPHABET[n % 64]];
        n /= 64;
        while n > 0 {
            digits.push(ALPHABET[n % 64]);
            n /= 64;
        }
        digits.reverse();
        String::from_utf8(digits).unwrap()
    }

    /// Builds a dictd `.index` and `.dict` pair from (index word, definition) records.
    fn build_dictd(records: &[(&str, &str)]) -> (String, Vec<u8>) {
        let mut dict = Vec::new();
        let mut index = String::new();
        for (word, def) in records {
            let off = dict.len();
            dict.extend_from_slice(def.as_bytes());
            index.push_str(&format!("{word}\t{}\t{}\n", b64(off), b64(def.len())));
        }
        (index, dict)
    }

    fn fra_eng_records() -> Vec<(&'static str, &'static str)> {
        vec![
            ("00databaseinfo", "00-database-info\nThis is a test dictionary.\n"),
            (" à", "... à /a/\nat\n"),
            ("abatjour", "abat-jour /abaʒuʀ/ <n, masc>\nlampshade\n"),
            (
                "gouvernement",
                "gouvernement /guvɛʀnəmɑ̃/ <n, masc>\n1. control, reign, rule\n2. administration, government\n",
            ),
            (
                "batteur",
                "batteur /batœʀ/ <n, masc>\n1. drummer\n2.  [cul] whisk\n",
            ),
            ("colza", "colza /kɔlza/\nrape (seed)\n"),
            (
                "falloir",
                "falloir /falwaʀ/ <v>\n\"Il faut que\"\nbe necessary, must\n",
            ),
            (
                "long",
                "long /lɔ̃/ <adj>\nthis translation is far too long to be an equivalent, long\n",
            ),
            ("loi", "loi /lwa/ <n, fem>\nlaw\n"),
            ("loi", "loi /lwa/ <n, fem>\nact, law\n"),
            ("vide", "vide /vid/\n<adj>\n\n"),
        ]
    }

    #[test]
    fn parses_synthetic_dictd_definitions() {
        let (index, dict) = build_dictd(&fra_eng_records());
        let entries = dictd_entries(&index, &dict, 1, 2);
        let got: Vec<(String, Vec<String>)> = entries
            .iter()
            .map(|e| {
                assert!(e.forms[0].is_empty());
                (e.forms[1].join("|"), e.forms[2].clone())
            })
            .collect();
        let want: Vec<(String, Vec<String>)> = vec![
            ("abat-jour".into(), forms(&["lampshade"])),
            (
                "gouvernement".into(),
                forms(&["government", "control", "administration", "reign"]),
            ),
            ("batteur".into(), forms(&["drummer", "whisk"])),
            ("colza".into(), forms(&["rape"])),
            ("falloir".into(), forms(&["be necessary", "must"])),
            ("long".into(), forms(&[])),
            ("loi".into(), forms(&["law", "act"])),
        ]
        .into_iter()
        .filter(|(_, t)| !t.is_empty())
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn ranks_cognates_first_then_one_sense_at_a_time() {
        let senses = |v: &[&[&str]]| v.iter().map(|s| forms(s)).collect::<Vec<_>>();
        for (head, input, want) in [
            (
                "résolution",
                senses(&[&["decision"], &["motion", "resolution"]]),
                forms(&["resolution", "decision", "motion"]),
            ),
            (
                "abaisser",
                senses(&[
                    &["cry down", "cut up", "demolish", "pull to pieces"],
                    &["lower"],
                    &["reduce"],
                ]),
                forms(&["cry down", "lower", "reduce", "cut up"]),
            ),
            (
                "transformation",
                senses(&[&["change", "conversion", "transformations"]]),
                forms(&["transformations", "change", "conversion"]),
            ),
            // Short words are never judged cognates: `an` is not promoted for `année`.
            ("année", senses(&[&["year", "an"]]), forms(&["year", "an"])),
            ("vide", senses(&[]), forms(&[])),
        ] {
            assert_eq!(rank_translations(head, input), want, "{head}");
        }
        assert!(dice(&fold_bigrams("gouvernement"), &fold_bigrams("government")) >= COGNATE_DICE);
        assert!(dice(&fold_bigrams("maison"), &fold_bigrams("house")) < COGNATE_DICE);
    }

    #[test]
    fn corrupt_index_lines_are_skipped() {
        let (mut index, dict) = build_dictd(&[("maison", "maison /mɛzɔ̃/\nhouse\n")]);
        index.push_str("bad\n");
        index.push_str("trop\tA\t////\n"); // runs past the end of the body
        index.push_str("étrange\t*\tB\n"); // not dictd base64
        index.push_str("étoile\tZZZZZZZZZZZZ\tB\n"); // overflow
        let entries = dictd_entries(&index, &dict, 1, 2);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].forms[2], forms(&["house"]));
    }

    #[test]
    fn with_freedict_reads_gzipped_pairs_in_both_directions() {
        let dir = tempfile::tempdir().unwrap();
        let write_pair = |base: &str, records: &[(&str, &str)]| {
            let (index, dict) = build_dictd(records);
            std::fs::write(dir.path().join(format!("{base}.index")), index).unwrap();
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            gz.write_all(&dict).unwrap();
            std::fs::write(
                dir.path().join(format!("{base}.dict.dz")),
                gz.finish().unwrap(),
            )
            .unwrap();
        };
        write_pair("freedict-fra-eng", &fra_eng_records());
        write_pair(
            "eng-fra",
            &[(
                "flood",
                "flood /flʌd/\n1. afflux, marée haute\n2. inonder\n3. inondation\n",
            )],
        );
        let base = Lexicon::parse_tsv("vi\tfr\ten\nmưa\tpluie\train\n").unwrap();
        let lex = base.clone().with_freedict(dir.path());
        assert_eq!(lex.entries()[0], base.entries()[0]);
        let flood = lex
            .entries()
            .iter()
            .find(|e| e.forms_in(Lang::En) == forms(&["flood"]))
            .expect("eng-fra entry");
        assert_eq!(
            flood.forms_in(Lang::Fr),
            forms(&["afflux", "inonder", "inondation", "marée haute"])
        );
        assert!(flood.forms_in(Lang::Vi).is_empty());
        assert!(lex
            .entries()
            .iter()
            .any(|e| e.forms_in(Lang::Fr) == forms(&["abat-jour"])
                && e.forms_in(Lang::En) == forms(&["lampshade"])));
        assert_eq!(lex.len(), 1 + 6 + 1);
    }

    #[test]
    fn with_freedict_tolerates_missing_and_broken_files() {
        let dir = tempfile::tempdir().unwrap();
        let base = Lexicon::builtin();
        assert_eq!(base.clone().with_freedict(dir.path()), base);
        assert_eq!(base.clone().with_freedict(&dir.path().join("absent")), base);
        // An index without its body, and a body that is not gzip.
        std::fs::write(dir.path().join("fra-eng.index"), "maison\tA\tB\n").unwrap();
        std::fs::write(dir.path().join("eng-fra.index"), "house\tA\tB\n").unwrap();
        std::fs::write(dir.path().join("eng-fra.dict.dz"), b"not gzip at all").unwrap();
        assert_eq!(base.clone().with_freedict(dir.path()), base);
    }

    #[test]
    fn definition_parsing_never_panics_on_odd_text() {
        for body in [
            "",
            "\n",
            "x",
            " /",
            "é <",
            "mot /m/\n[",
            "mot\n[unclosed label",
            "mot\n((nested) paren",
            "mot\n12",
            "mot\n1.",
            "mot\n٣. arabic digit",
            "mot\n<a> b <c",
        ] {
            let _ = parse_definition(body, "mot");
        }
        assert_eq!(
            parse_definition("mot\n1.", "mot"),
            None,
            "a bare sense number is no translation"
        );
    }
}
