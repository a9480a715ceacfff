//! Language-neutral anchors: the codes, numbers, dates, names and URLs a translation keeps.
//!
//! A translation rewrites every word but keeps its facts: `57-NQ/TW`, `1.132` (vi) = `1 132`
//! (fr) = `1,132` (en), `22/12/2024` = `22 décembre 2024` = `December 22, 2024`, and
//! `Tô Lâm` = `To Lam`. Each fact becomes an [`Anchor`] with one canonical value, so articles
//! in different languages can be compared fact by fact, in order of appearance.
//!
//! Extraction runs in passes over the text, most specific first; each pass claims the byte
//! spans it reads so that a later, looser pass does not read them again (the `57` of
//! `57-NQ/TW` is not also a number, the `2024` of `22/12/2024` is not also a year).

mod syllable;

use newsindex_core::{Date, Lang};
use regex::{Captures, Regex};
use std::collections::BTreeMap;
use std::sync::LazyLock;
use syllable::{fold, is_surname, is_syllable};

/// What kind of fact an anchor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnchorKind {
    /// A cited or canonical URL, without scheme or `www.`.
    Url,
    /// A document code such as `57-NQ/TW`, folded to ASCII.
    Code,
    /// A calendar date (`2024-12-22`) or a day of a month when the year is not given (`12-22`).
    Date,
    /// A number written with any of the three conventions (`1 132`, `1.132`, `1,132` → `1132`).
    Num,
    /// A Vietnamese person name folded to ASCII (`to lam`).
    Name,
}

impl AnchorKind {
    /// The prefix of this kind's index terms (`code`, `num`, ...).
    pub fn prefix(self) -> &'static str {
        match self {
            AnchorKind::Url => "url",
            AnchorKind::Code => "code",
            AnchorKind::Date => "date",
            AnchorKind::Num => "num",
            AnchorKind::Name => "name",
        }
    }
}

/// One anchor found in a text, in order of appearance.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Anchor {
    /// The kind of fact.
    pub kind: AnchorKind,
    /// The canonical value, lowercase ASCII (`57-nq/tw`, `1132`, `2024-12-22`, `to lam`).
    pub value: String,
    /// The text as it was written, for evidence shown to people (`57-NQ/TW`, `1 132`).
    pub surface: String,
}

impl Anchor {
    /// The index term for this anchor: `kind:value`, e.g. `code:57-nq/tw`.
    pub fn term(&self) -> String {
        format!("{}:{}", self.kind.prefix(), self.value)
    }
}

/// Extracts the anchors of an article's text, in order of appearance, using the number and
/// date conventions of `lang`.
pub fn extract_anchors(text: &str, lang: Lang) -> Vec<Anchor> {
    let conventions: &[Convention] = match lang {
        Lang::Vi => &[Convention::Vi],
        Lang::Fr => &[Convention::Fr],
        Lang::En => &[Convention::En],
        // An unknown language gives no hint, so every reading is kept, as for a query.
        Lang::Other => &Convention::ALL,
    };
    Extractor::new(text, conventions, lang == Lang::En).run()
}

/// Extracts anchors from a query, whose language is unknown: numbers are read in every
/// convention that fits.
pub fn extract_query_anchors(query: &str) -> Vec<Anchor> {
    Extractor::new(query, &Convention::ALL, true).run()
}

/// How a language writes thousands and decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Convention {
    /// `1.132`, `12,7`.
    Vi,
    /// `1 132` (plain, no-break, narrow or thin space), `12,7`.
    Fr,
    /// `1,132`, `12.7`.
    En,
}

impl Convention {
    const ALL: [Convention; 3] = [Convention::Vi, Convention::Fr, Convention::En];

    fn is_group_separator(self, c: char) -> bool {
        match self {
            Convention::Vi => c == '.',
            // French typography groups with spaces; texts translated from Vietnamese often
            // keep the dot.
            Convention::Fr => matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}' | '.'),
            Convention::En => c == ',',
        }
    }

    fn is_decimal_separator(self, c: char) -> bool {
        match self {
            Convention::Vi | Convention::Fr => c == ',',
            Convention::En => c == '.',
        }
    }
}

/// An anchor with its byte span, before sorting into reading order.
struct Found {
    start: usize,
    end: usize,
    anchor: Anchor,
}

/// One pass-based extraction over one text.
struct Extractor<'t> {
    text: &'t str,
    conventions: &'t [Convention],
    /// Whether a numeric date may be read month-first (`12/22/2024`) when day-first is impossible.
    month_first_ok: bool,
    /// Byte spans already read by an earlier pass, start → end; they never overlap.
    claimed: BTreeMap<usize, usize>,
    found: Vec<Found>,
}

// Typographic quotes end a URL like ASCII ones: stored text keeps them as the page wrote them.
static URL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?-u:\b)(?:https?://|www\.)[^\s<>"'()\[\]{}“”‘’«»‹›]+"#)
        .expect("valid url regex")
});

/// Vietnamese document codes: number, optional `/year`, then a type and issuer in capitals
/// joined by `-` or `/`: `57-NQ/TW`, `03/NQ-CP`, `1131/QĐ-TTg`, `13/2023/NĐ-CP`, `02-KH/BCĐTW`.
static CODE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{1,5}(?:/\d{4})?[-/]\p{Lu}{1,8}(?:[-/]\p{Lu}{1,10}\p{Ll}?)+")
        .expect("valid code regex")
});

/// French month names, full and unaccented, as a regex alternation.
pub const FR_MONTHS: &str = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre";
/// French month abbreviations (`22 déc. 2024`, `3 janv. 2025`) beyond the full names: for
/// reading the publication date pages show, never for anchors (see `DE_MONTHS`).
pub const FR_MONTH_ABBREVIATIONS: &str = "janv|févr|fevr|avr|juil|sept|déc|dec";
/// English month names and their abbreviations (longest first), as a regex alternation.
pub const EN_MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
/// German month names (`5. Oktober 2013`), as a regex alternation: for reading the
/// publication date pages show, never for anchors. Anchors compare facts between the
/// languages newsindex links (vi, fr, en), so their patterns use `FR_MONTHS` and `EN_MONTHS`
/// only and stay as they are.
pub const DE_MONTHS: &str =
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember";

/// A date as read from a pattern: year when written, month, day.
type DateParts = (Option<i32>, u32, u32);

/// A date pattern and how to read its groups (the flag allows month-first numeric dates).
struct DatePattern {
    re: Regex,
    read: fn(&Captures<'_>, bool) -> Option<DateParts>,
}

fn group_num(caps: &Captures<'_>, i: usize) -> Option<u32> {
    caps.get(i)?.as_str().parse().ok()
}

fn group_year(caps: &Captures<'_>, i: usize) -> Option<i32> {
    caps.get(i).and_then(|m| m.as_str().parse().ok())
}

/// The number of a month named in `FR_MONTHS`, `EN_MONTHS` or `DE_MONTHS` (any case, any
/// accents). The German names add only keys no French or English name starts with (`okt`,
/// `dez`), so every French and English name reads as before.
pub fn month_number(name: &str) -> Option<u32> {
    let folded = fold(name);
    let key = folded.get(..3.min(folded.len()))?;
    let month = match key {
        "jan" => 1,
        "feb" | "fev" => 2,
        "mar" => 3,
        "apr" | "avr" => 4,
        "may" | "mai" => 5,
        "jun" | "jui" if folded.starts_with("juin") || folded.starts_with("jun") => 6,
        "jul" | "jui" => 7,
        "aug" | "aou" => 8,
        "sep" => 9,
        "oct" | "okt" => 10,
        "nov" => 11,
        "dec" | "dez" => 12,
        _ => return None,
    };
    Some(month)
}

/// Day-first numeric date, or month-first when only that reading exists and is allowed.
fn day_month(first: u32, second: u32, month_first_ok: bool) -> (u32, u32) {
    if month_first_ok && second > 12 && first <= 12 {
        (second, first)
    } else {
        (first, second)
    }
}

static DATE_PATTERNS: LazyLock<Vec<DatePattern>> = LazyLock::new(|| {
    let p = |re: &str, read| DatePattern {
        re: Regex::new(re).expect("valid date regex"),
        read,
    };
    vec![
        // vi: `ngày 22 tháng 12 năm 2024`, `ngày 22 tháng 12`.
        p(
            r"(?i)(?-u:\b)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?",
            |c, _| Some((group_year(c, 3), group_num(c, 2)?, group_num(c, 1)?)),
        ),
        // fr: `22 décembre 2024`, `1er octobre`.
        p(
            &format!(
                r"(?i)(?-u:\b)(1er|\d{{1,2}})\s+({FR_MONTHS})(?-u:\b)(?:\s+(\d{{4}})(?-u:\b))?"
            ),
            |c, _| {
                let day = match c.get(1)?.as_str() {
                    d if d.eq_ignore_ascii_case("1er") => 1,
                    d => d.parse().ok()?,
                };
                Some((group_year(c, 3), month_number(c.get(2)?.as_str())?, day))
            },
        ),
        // en: `December 22, 2024`, `Dec. 22`. Capitalised only: `may 5` is rarely a date.
        p(
            &format!(
                r"(?-u:\b)({EN_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(\d{{4}})(?-u:\b))?"
            ),
            |c, _| {
                Some((
                    group_year(c, 3),
                    month_number(c.get(1)?.as_str())?,
                    group_num(c, 2)?,
                ))
            },
        ),
        // en: `22 December 2024`, `22nd of December`.
        p(
            &format!(
                r"(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({EN_MONTHS})(?-u:\b)\.?(?:,?\s+(\d{{4}})(?-u:\b))?"
            ),
            |c, _| {
                Some((
                    group_year(c, 3),
                    month_number(c.get(2)?.as_str())?,
                    group_num(c, 1)?,
                ))
            },
        ),
        // ISO `2024-12-22`.
        p(r"(?-u:\b)(\d{4})-(\d{1,2})-(\d{1,2})(?-u:\b)", |c, _| {
            Some((group_year(c, 1), group_num(c, 2)?, group_num(c, 3)?))
        }),
        // `22/12/2024`, `22-12-2024`, `22.12.2024`.
        p(r"(?-u:\b)(\d{1,2})/(\d{1,2})/(\d{4})(?-u:\b)", |c, mf| {
            let (d, m) = day_month(group_num(c, 1)?, group_num(c, 2)?, mf);
            Some((group_year(c, 3), m, d))
        }),
        p(r"(?-u:\b)(\d{1,2})-(\d{1,2})-(\d{4})(?-u:\b)", |c, mf| {
            let (d, m) = day_month(group_num(c, 1)?, group_num(c, 2)?, mf);
            Some((group_year(c, 3), m, d))
        }),
        p(r"(?-u:\b)(\d{1,2})\.(\d{1,2})\.(\d{4})(?-u:\b)", |c, mf| {
            let (d, m) = day_month(group_num(c, 1)?, group_num(c, 2)?, mf);
            Some((group_year(c, 3), m, d))
        }),
    ]
});

/// Month and year without a day (`tháng 12/2024`, `12/2024`, `tháng 12 năm 2024`): only the
/// year is a fact the other languages keep (`décembre 2024`, `December 2024`).
static MONTH_YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)tháng\s+)?(?-u:\b)(\d{1,2})(?:/|\s+năm\s+)(\d{4})(?-u:\b)")
        .expect("valid regex")
});

/// Day and month without a year (`15/10`, `13/1`), common in Vietnamese leads.
static DAY_MONTH_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{1,2})/(\d{1,2})(?-u:\b)").expect("valid regex"));

/// Clock times (`10:30`, `15h30`) are read and dropped so their digits do not become numbers.
static TIME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)\d{1,2}(?::\d{2}(?::\d{2})?|h\d{2})(?-u:\b)").expect("valid regex")
});

/// Vietnamese words that look like a family name or a given name but open an office or
/// institution (`Đảng Cộng sản`, `Bộ Công thương`, `Ủy ban`): a name stops before them.
const NAME_STOP_EXACT: &[&str] = &[
    "đảng",
    "bộ",
    "ban",
    "ủy",
    "uỷ",
    "tổng",
    "thủ",
    "trưởng",
    "phó",
    "sở",
    "viện",
    "cục",
    "vụ",
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    "chủ",
    "bí",
];

/// Short French and English words that are also valid syllables (`Le`, `To`, `The`): inside
/// a capitalised run (headline case) they end a name rather than extend it.
const NAME_STOP_ASCII: &[&str] = &[
    "le", "la", "les", "de", "du", "des", "the", "in", "on", "at", "to", "do", "so", "no", "me",
    "he", "be", "et", "a",
];

/// Places whose names begin with a family name (`Hà Nội`, `Lâm Đồng`): not person names.
const PLACES: &[&str] = &[
    "ha noi",
    "ha long",
    "ha tinh",
    "ha giang",
    "ha nam",
    "ha dong",
    "lam dong",
    "cao bang",
    "thai binh",
    "thai nguyen",
    "dong nai",
    "dong thap",
    "dong hoi",
    "dong ha",
    "ho guom",
    "ho tay",
    "tay ninh",
    "mai chau",
    "chu lai",
    "lang son",
    "ho chi minh city",
];

impl<'t> Extractor<'t> {
    fn new(text: &'t str, conventions: &'t [Convention], month_first_ok: bool) -> Self {
        Extractor {
            text,
            conventions,
            month_first_ok,
            claimed: BTreeMap::new(),
            found: Vec::new(),
        }
    }

    fn run(mut self) -> Vec<Anchor> {
        self.urls();
        self.codes();
        self.dates();
        self.numbers();
        self.names();
        // Stable: the two anchors of one date keep their order (full date, then day of month).
        self.found.sort_by_key(|f| (f.start, f.end));
        self.found.into_iter().map(|f| f.anchor).collect()
    }

    fn is_free(&self, start: usize, end: usize) -> bool {
        // Spans do not overlap, so only the last one starting before `end` can reach `start`.
        self.claimed
            .range(..end.max(start + 1))
            .next_back()
            .is_none_or(|(_, &e)| e <= start)
    }

    fn claim(&mut self, start: usize, end: usize) {
        if self.is_free(start, end) {
            self.claimed.insert(start, end);
        }
    }

    fn push(&mut self, start: usize, end: usize, kind: AnchorKind, value: String) {
        let surface = self
            .text
            .get(start..end)
            .unwrap_or_default()
            .trim()
            .to_string();
        self.found.push(Found {
            start,
            end,
            anchor: Anchor {
                kind,
                value,
                surface,
            },
        });
    }

    fn char_before(&self, at: usize) -> Option<char> {
        self.text.get(..at)?.chars().next_back()
    }

    fn char_after(&self, at: usize) -> Option<char> {
        self.text.get(at..)?.chars().next()
    }

    fn urls(&mut self) {
        for (m, trimmed, value) in url_matches(self.text) {
            let end = m.start() + trimmed.len();
            self.claim(m.start(), m.end());
            self.push(m.start(), end, AnchorKind::Url, value);
        }
    }

    fn codes(&mut self) {
        let text = self.text;
        for m in CODE_RE.find_iter(text) {
            let before_ok = !self
                .char_before(m.start())
                .is_some_and(crate::chars::is_letter_or_digit);
            let after_ok = !self
                .char_after(m.end())
                .is_some_and(crate::chars::is_letter_or_digit);
            if before_ok && after_ok && self.is_free(m.start(), m.end()) {
                self.claim(m.start(), m.end());
                self.push(m.start(), m.end(), AnchorKind::Code, fold(m.as_str()));
            }
        }
    }

    fn dates(&mut self) {
        let text = self.text;
        for pattern in DATE_PATTERNS.iter() {
            for caps in pattern.re.captures_iter(text) {
                let Some(whole) = caps.get(0) else { continue };
                if !self.is_free(whole.start(), whole.end())
                    || self.glued(whole.start(), whole.end())
                {
                    continue;
                }
                let Some((year, month, day)) = (pattern.read)(&caps, self.month_first_ok) else {
                    continue;
                };
                self.push_date(whole.start(), whole.end(), year, month, day);
            }
        }
        for caps in MONTH_YEAR_RE.captures_iter(text) {
            let (Some(whole), Some(month), Some(year)) = (caps.get(0), caps.get(1), caps.get(2))
            else {
                continue;
            };
            let month_ok = month
                .as_str()
                .parse::<u32>()
                .is_ok_and(|m| (1..=12).contains(&m));
            let year_ok = year
                .as_str()
                .parse::<i32>()
                .is_ok_and(|y| (1900..=2100).contains(&y));
            if month_ok
                && year_ok
                && self.is_free(whole.start(), whole.end())
                && !self.glued(whole.start(), whole.end())
            {
                self.claim(whole.start(), whole.end());
                let value = year.as_str().to_string();
                self.push(year.start(), year.end(), AnchorKind::Num, value);
            }
        }
        for caps in DAY_MONTH_RE.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            if !self.is_free(whole.start(), whole.end()) || self.glued(whole.start(), whole.end()) {
                continue;
            }
            let (Some(first), Some(second)) = (group_num(&caps, 1), group_num(&caps, 2)) else {
                continue;
            };
            let (day, month) = day_month(first, second, self.month_first_ok);
            self.push_date(whole.start(), whole.end(), None, month, day);
        }
        for m in TIME_RE.find_iter(text) {
            if self.is_free(m.start(), m.end()) {
                self.claim(m.start(), m.end());
            }
        }
    }

    /// Whether a numeric match continues into neighbouring digits, separators or letters
    /// (`1/2/3/2024`, `a22/12`), in which case it is not a date on its own.
    fn glued(&self, start: usize, end: usize) -> bool {
        let before = self.char_before(start);
        let after = self.char_after(end);
        let digit_after_next = self
            .text
            .get(end..)
            .and_then(|rest| rest.chars().nth(1))
            .is_some_and(|c| c.is_ascii_digit());
        before.is_some_and(|c| crate::chars::is_letter_or_digit(c) || c == '/')
            || after.is_some_and(|c| crate::chars::is_letter_or_digit(c) || c == '/')
            || (after.is_some_and(|c| matches!(c, '.' | ',' | '-' | '/')) && digit_after_next)
    }

    fn push_date(&mut self, start: usize, end: usize, year: Option<i32>, month: u32, day: u32) {
        // Leap year 2000 lets `29/2` without a year stand.
        let Some(valid) = Date::new(year.unwrap_or(2000), month, day) else {
            return;
        };
        if year.is_some_and(|y| !(1900..=2100).contains(&y)) {
            return;
        }
        self.claim(start, end);
        if year.is_some() {
            let value = format!("{:04}-{:02}-{:02}", valid.year, valid.month, valid.day);
            self.push(start, end, AnchorKind::Date, value);
        }
        let value = format!("{:02}-{:02}", valid.month, valid.day);
        self.push(start, end, AnchorKind::Date, value);
    }

    fn numbers(&mut self) {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            // A digit glued to a letter is part of a name or unit (`5G`, `A80`, `U23`).
            let glued_before = self.char_before(start).is_some_and(crate::chars::is_letter);
            let mut values: Vec<String> = Vec::new();
            let mut end = start;
            for &convention in self.conventions {
                let (value, value_end) = read_number(text, start, convention);
                end = end.max(value_end);
                if let Some(value) = value {
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
            }
            // A single digit run may stop short of what a longer reading consumed; skip it all.
            let glued_after = self.char_after(end).is_some_and(crate::chars::is_letter);
            if !glued_before && !glued_after && self.is_free(start, end) {
                for value in values {
                    if is_significant(&value) {
                        self.push(start, end, AnchorKind::Num, value);
                    }
                }
            }
            i = end.max(start + 1);
        }
    }

    fn names(&mut self) {
        let tokens = word_tokens(self.text);
        let mut i = 0;
        while i < tokens.len() {
            let first = &tokens[i];
            if !first.capitalised
                || first.hyphenated
                || !is_surname(first.word)
                || is_name_stop(first.word)
            {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < tokens.len()
                && j - i < 4
                && tokens[j].capitalised
                && !tokens[j].hyphenated
                && tokens[j - 1].joined_to_next
                && is_syllable(tokens[j].word)
                && !is_name_stop(tokens[j].word)
                && !NAME_STOP_ASCII.contains(&fold(tokens[j].word).as_str())
            {
                j += 1;
            }
            if j - i < 2 {
                i += 1;
                continue;
            }
            let (start, end) = (tokens[i].start, tokens[j - 1].end);
            let value = tokens[i..j]
                .iter()
                .map(|t| fold(t.word))
                .collect::<Vec<_>>()
                .join(" ");
            let is_place = PLACES.iter().any(|place| {
                *place == value
                    || place
                        .strip_prefix(value.as_str())
                        .is_some_and(|r| r.starts_with(' '))
            });
            if !is_place && self.is_free(start, end) {
                self.push(start, end, AnchorKind::Name, value);
            }
            i = j;
        }
    }
}

fn is_name_stop(word: &str) -> bool {
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    NAME_STOP_EXACT.contains(&lower.as_str())
}

/// Whether a number is worth an anchor: decimals always, integers from 10 up (small counts
/// such as "3 ministries" are everywhere and often spelled out in one language).
fn is_significant(value: &str) -> bool {
    value.contains('.') || value.len() >= 2
}

/// Reads a number starting at `start` (an ASCII digit) under one convention. Returns the
/// canonical value (`1132`, `12.7`) and the byte end of what was read.
fn read_number(text: &str, start: usize, convention: Convention) -> (Option<String>, usize) {
    let bytes = text.as_bytes();
    let digits_end = |from: usize| {
        let mut k = from;
        while k < bytes.len() && bytes[k].is_ascii_digit() {
            k += 1;
        }
        k
    };
    let mut end = digits_end(start);
    let mut integer = String::from(text.get(start..end).unwrap_or_default());
    // Thousands groups: a 1-3 digit head, then groups of exactly three digits, all joined by
    // the same separator.
    let mut grouped = false;
    if end - start <= 3 {
        let mut separator: Option<char> = None;
        while let Some(sep) = text.get(end..).and_then(|r| r.chars().next()) {
            if !convention.is_group_separator(sep) || separator.is_some_and(|s| s != sep) {
                break;
            }
            let group_start = end + sep.len_utf8();
            let group_end = digits_end(group_start);
            if group_end - group_start != 3 {
                break;
            }
            integer.push_str(text.get(group_start..group_end).unwrap_or_default());
            separator = Some(sep);
            grouped = true;
            end = group_end;
        }
    }
    let mut fraction = String::new();
    if let Some(sep) = text.get(end..).and_then(|r| r.chars().next()) {
        let frac_start = end + sep.len_utf8();
        let frac_end = digits_end(frac_start);
        // Vietnamese and French texts sometimes write an English decimal point (`3.5`); a
        // dot followed by exactly three digits was read as a thousands group above.
        let alt_decimal = matches!(convention, Convention::Vi | Convention::Fr)
            && sep == '.'
            && !grouped
            && (1..=2).contains(&(frac_end - frac_start));
        if frac_end > frac_start && (convention.is_decimal_separator(sep) || alt_decimal) {
            fraction.push_str(text.get(frac_start..frac_end).unwrap_or_default());
            end = frac_end;
        }
    }
    let integer = integer.trim_start_matches('0');
    let integer = if integer.is_empty() { "0" } else { integer };
    let fraction = fraction.trim_end_matches('0');
    let value = if fraction.is_empty() {
        integer.to_string()
    } else {
        format!("{integer}.{fraction}")
    };
    (Some(value), end)
}

/// The URLs of a text: each match, its text without trailing punctuation, and its canonical
/// value (matches that do not look like a web address are left out).
fn url_matches(text: &str) -> impl Iterator<Item = (regex::Match<'_>, &str, String)> {
    URL_RE.find_iter(text).filter_map(|m| {
        let trimmed = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?', '/']);
        canonical_url(trimmed).map(|value| (m, trimmed, value))
    })
}

/// The value of the first URL anchor of `text` (what [`extract_query_anchors`] would give as
/// its first `url:` anchor), without reading the text's other anchors: for callers that only
/// want an address in canonical form.
pub fn first_url_anchor(text: &str) -> Option<String> {
    url_matches(text).next().map(|(_, _, value)| value)
}

/// Canonical URL value: lowercase, no scheme, no `www.`, no fragment, no trailing slash.
fn canonical_url(raw: &str) -> Option<String> {
    let lower = raw.to_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest.split('#').next().unwrap_or_default();
    let rest = rest.trim_end_matches('/');
    let host = rest.split('/').next().unwrap_or_default();
    (host.contains('.') && !host.starts_with('.') && !host.ends_with('.')).then(|| rest.to_string())
}

/// A word of letters, with whether it starts with a capital and whether exactly one space
/// separates it from the next word.
struct WordToken<'t> {
    word: &'t str,
    start: usize,
    end: usize,
    capitalised: bool,
    joined_to_next: bool,
    /// Part of a hyphenated word (`Hi-tech`, `Jean-Pierre`): never a Vietnamese name syllable.
    hyphenated: bool,
}

fn word_tokens(text: &str) -> Vec<WordToken<'_>> {
    let is_word_char =
        |c: char| crate::chars::is_letter(c) || ('\u{0300}'..='\u{036F}').contains(&c);
    let mut tokens: Vec<WordToken<'_>> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(k, next)) = chars.peek() {
            if !is_word_char(next) {
                break;
            }
            end = k + next.len_utf8();
            chars.next();
        }
        let word = text.get(start..end).unwrap_or_default();
        let mut rest = text.get(end..).unwrap_or_default().chars();
        let (next, after_next) = (rest.next(), rest.next());
        let joined_to_next = matches!(next, Some(' ' | '\u{00A0}' | '\u{202F}'))
            && after_next.is_some_and(is_word_char);
        let hyphen_after = next == Some('-') && after_next.is_some_and(is_word_char);
        let hyphen_before = text.get(..start).is_some_and(|b| {
            let mut back = b.chars().rev();
            back.next() == Some('-') && back.next().is_some_and(is_word_char)
        });
        tokens.push(WordToken {
            word,
            start,
            end,
            capitalised: c.is_uppercase(),
            joined_to_next,
            hyphenated: hyphen_before || hyphen_after,
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn first_url_anchor_is_the_first_url_of_the_full_extraction() {
        for text in [
            "https://www.Example.vn/tin-tuc/bai-viet-123.html#top",
            "http://nhandan.vn/a/b/",
            "see http://x and then https://vnexpress.net/khoa-hoc-4.html.",
            "no address here, 57-NQ/TW on 22/12/2024",
            "",
        ] {
            let full = extract_query_anchors(text)
                .into_iter()
                .find(|a| a.kind == AnchorKind::Url)
                .map(|a| a.value);
            assert_eq!(first_url_anchor(text), full, "{text}");
        }
        assert_eq!(
            first_url_anchor("https://www.Example.vn/tin/#x").as_deref(),
            Some("example.vn/tin")
        );
    }

    fn terms(text: &str, lang: Lang) -> Vec<String> {
        extract_anchors(text, lang)
            .iter()
            .map(Anchor::term)
            .collect()
    }

    fn kind_terms(text: &str, lang: Lang, kind: AnchorKind) -> Vec<String> {
        extract_anchors(text, lang)
            .iter()
            .filter(|a| a.kind == kind)
            .map(Anchor::term)
            .collect()
    }

    #[test]
    fn reads_numbers_in_each_language_convention() {
        for (text, lang, want) in [
            ("giao 1.132 nhiệm vụ", Lang::Vi, vec!["num:1132"]),
            ("attribué 1 132 tâches", Lang::Fr, vec!["num:1132"]),
            ("attribué 1\u{00A0}132 tâches", Lang::Fr, vec!["num:1132"]),
            ("attribué 1\u{202F}132 tâches", Lang::Fr, vec!["num:1132"]),
            ("attribué 1\u{2009}132 tâches", Lang::Fr, vec!["num:1132"]),
            ("handed 1,132 tasks", Lang::En, vec!["num:1132"]),
            ("12,7 triệu hồ sơ", Lang::Vi, vec!["num:12.7"]),
            ("12,7 millions", Lang::Fr, vec!["num:12.7"]),
            ("12.7 million", Lang::En, vec!["num:12.7"]),
            ("73,5% nộp trực tuyến", Lang::Vi, vec!["num:73.5"]),
            ("73,5 % en ligne", Lang::Fr, vec!["num:73.5"]),
            ("about 43%", Lang::En, vec!["num:43"]),
            ("50.000 kỹ sư", Lang::Vi, vec!["num:50000"]),
            ("50 000 ingénieurs", Lang::Fr, vec!["num:50000"]),
            ("50,000 engineers", Lang::En, vec!["num:50000"]),
            ("15 000 visiteurs", Lang::Fr, vec!["num:15000"]),
            ("1.234.567 người", Lang::Vi, vec!["num:1234567"]),
            ("3 bộ và 5 ngành", Lang::Vi, vec![]),
            ("năm 2025", Lang::Vi, vec!["num:2025"]),
            ("by 2030 and 2045", Lang::En, vec!["num:2030", "num:2045"]),
            (
                "en 2025 1 132 tâches",
                Lang::Fr,
                vec!["num:2025", "num:1132"],
            ),
            ("2,5 %", Lang::Fr, vec!["num:2.5"]),
            ("3.5 lần", Lang::Vi, vec!["num:3.5"]),
            ("Industry 4.0", Lang::En, vec![]),
            ("5G and A80 and U23", Lang::En, vec![]),
            ("at 10:30 today", Lang::En, vec![]),
            ("lúc 15h30 chiều", Lang::Vi, vec![]),
            (
                "485, 561 and 86",
                Lang::En,
                vec!["num:485", "num:561", "num:86"],
            ),
            ("12,70", Lang::Fr, vec!["num:12.7"]),
        ] {
            assert_eq!(
                kind_terms(text, lang, AnchorKind::Num),
                want,
                "{text:?} ({lang})"
            );
        }
    }

    #[test]
    fn keeps_the_surface_of_numbers_for_evidence() {
        let anchors = extract_anchors("attribué 1 132 tâches", Lang::Fr);
        assert_eq!(anchors[0].surface, "1 132");
    }

    #[test]
    fn reads_dates_in_every_form() {
        for (text, lang, want) in [
            (
                "ngày 22/12/2024",
                Lang::Vi,
                vec!["date:2024-12-22", "date:12-22"],
            ),
            (
                "22/12/2024",
                Lang::Fr,
                vec!["date:2024-12-22", "date:12-22"],
            ),
            (
                "du 22 décembre 2024",
                Lang::Fr,
                vec!["date:2024-12-22", "date:12-22"],
            ),
            (
                "dated December 22, 2024 of",
                Lang::En,
                vec!["date:2024-12-22", "date:12-22"],
            ),
            (
                "on 22 December 2024",
                Lang::En,
                vec!["date:2024-12-22", "date:12-22"],
            ),
            (
                "ngày 22 tháng 12 năm 2024",
                Lang::Vi,
                vec!["date:2024-12-22", "date:12-22"],
            ),
            ("Sáng 15/10, hội nghị", Lang::Vi, vec!["date:10-15"]),
            ("ngày 13/1", Lang::Vi, vec!["date:01-13"]),
            ("On May 29, in Hanoi", Lang::En, vec!["date:05-29"]),
            ("le 1er octobre", Lang::Fr, vec!["date:10-01"]),
            ("le 15 octobre", Lang::Fr, vec!["date:10-15"]),
            (
                "before March 31, 2026",
                Lang::En,
                vec!["date:2026-03-31", "date:03-31"],
            ),
            (
                "avant le 31 mars 2026",
                Lang::Fr,
                vec!["date:2026-03-31", "date:03-31"],
            ),
            (
                "trước ngày 31/3/2026",
                Lang::Vi,
                vec!["date:2026-03-31", "date:03-31"],
            ),
            (
                "2025-09-24",
                Lang::En,
                vec!["date:2025-09-24", "date:09-24"],
            ),
            (
                "12/22/2024",
                Lang::En,
                vec!["date:2024-12-22", "date:12-22"],
            ),
            ("31/02/2025", Lang::Vi, vec![]),
            ("you may 5 times", Lang::En, vec![]),
        ] {
            assert_eq!(
                kind_terms(text, lang, AnchorKind::Date),
                want,
                "{text:?} ({lang})"
            );
        }
    }

    #[test]
    fn date_digits_are_not_also_numbers() {
        assert_eq!(
            terms("ngày 22/12/2024 giao 1.132", Lang::Vi),
            ["date:2024-12-22", "date:12-22", "num:1132"]
        );
        assert_eq!(terms("trong tháng 12/2024", Lang::Vi), ["num:2024"]);
        assert_eq!(terms("quý III/2025", Lang::Vi), ["num:2025"]);
    }

    #[test]
    fn reads_document_codes() {
        for (text, want) in [
            ("Nghị quyết số 57-NQ/TW ngày", vec!["code:57-nq/tw"]),
            ("Nghị quyết 03/NQ-CP", vec!["code:03/nq-cp"]),
            ("Quyết định 1131/QĐ-TTg.", vec!["code:1131/qd-ttg"]),
            ("Kế hoạch 02-KH/BCĐTW", vec!["code:02-kh/bcdtw"]),
            ("Nghị định 13/2023/NĐ-CP", vec!["code:13/2023/nd-cp"]),
            ("(57-NQ/TW)", vec!["code:57-nq/tw"]),
            ("COVID-19 and 2-2", vec![]),
        ] {
            assert_eq!(
                kind_terms(text, Lang::Vi, AnchorKind::Code),
                want,
                "{text:?}"
            );
        }
        assert_eq!(terms("57-NQ/TW", Lang::En), ["code:57-nq/tw"]);
    }

    #[test]
    fn reads_urls_without_scheme_www_or_trailing_slash() {
        for (text, want) in [
            (
                "Source : https://nhandan.vn/tap-trung-post883191.html",
                vec!["url:nhandan.vn/tap-trung-post883191.html"],
            ),
            (
                "see https://www.Example.com/a/b/.",
                vec!["url:example.com/a/b"],
            ),
            ("(www.vtv.vn/x#top)", vec!["url:vtv.vn/x"]),
            ("“https://example.com/a”.", vec!["url:example.com/a"]),
            ("«www.vtv.vn/x»", vec!["url:vtv.vn/x"]),
            ("http://localhost", vec![]),
        ] {
            assert_eq!(
                kind_terms(text, Lang::Fr, AnchorKind::Url),
                want,
                "{text:?}"
            );
        }
    }

    #[test]
    fn reads_vietnamese_names_in_any_spelling() {
        for (text, lang, want) in [
            (
                "Tổng Bí thư Tô Lâm phát biểu",
                Lang::Vi,
                vec!["name:to lam"],
            ),
            (
                "General Secretary To Lam said",
                Lang::En,
                vec!["name:to lam"],
            ),
            (
                "Thủ tướng Phạm Minh Chính và Lê Hoài Trung",
                Lang::Vi,
                vec!["name:pham minh chinh", "name:le hoai trung"],
            ),
            (
                "le Premier ministre Pham Minh Chinh ;",
                Lang::Fr,
                vec!["name:pham minh chinh"],
            ),
            ("Le Premier ministre a dit", Lang::Fr, vec![]),
            ("Le Parti communiste du Vietnam", Lang::Fr, vec![]),
            (
                "Le Hoai Trung, chef du bureau",
                Lang::Fr,
                vec!["name:le hoai trung"],
            ),
            ("Đảng Cộng sản Việt Nam", Lang::Vi, vec![]),
            ("Trưởng Ban Chỉ đạo", Lang::Vi, vec![]),
            ("Vụ Khoa học", Lang::Vi, vec![]),
            (
                "Party Chief To Lam Wants Results",
                Lang::En,
                vec!["name:to lam"],
            ),
            ("tại Hà Nội hôm nay", Lang::Vi, vec![]),
            ("Ho Chi Minh City metro", Lang::En, vec![]),
            (
                "Chủ tịch Quốc hội Trần Thanh Mẫn",
                Lang::Vi,
                vec!["name:tran thanh man"],
            ),
            ("Nguyễn Duc Trung", Lang::Fr, vec!["name:nguyen duc trung"]),
            ("Nguyen", Lang::En, vec![]),
            ("Hoa Lac Hi-tech Park", Lang::En, vec![]),
        ] {
            assert_eq!(
                kind_terms(text, lang, AnchorKind::Name),
                want,
                "{text:?} ({lang})"
            );
        }
        let anchors = extract_anchors("Tổng Bí thư Tô Lâm phát biểu", Lang::Vi);
        assert_eq!(anchors[0].surface, "Tô Lâm");
    }

    #[test]
    fn anchors_come_in_reading_order() {
        assert_eq!(
            terms(
                "Le 15 octobre, To Lam a présidé ; 1 132 tâches, résolution 57-NQ/TW.",
                Lang::Fr
            ),
            ["date:10-15", "name:to lam", "num:1132", "code:57-nq/tw"]
        );
    }

    #[test]
    fn query_numbers_are_read_in_every_convention() {
        let query_terms = |q: &str| -> Vec<String> {
            extract_query_anchors(q).iter().map(Anchor::term).collect()
        };
        assert_eq!(query_terms("1,132 tasks"), ["num:1.132", "num:1132"]);
        assert_eq!(query_terms("1.132 nhiệm vụ"), ["num:1132", "num:1.132"]);
        assert_eq!(query_terms("1 132 tâches"), ["num:1132"]);
        assert_eq!(query_terms("50,000"), ["num:50", "num:50000"]);
        assert_eq!(query_terms("30 %"), ["num:30"]);
        assert_eq!(query_terms("679 nhiệm vụ"), ["num:679"]);
        assert_eq!(query_terms("nghị quyết 57-NQ/TW"), ["code:57-nq/tw"]);
        assert_eq!(query_terms("To Lam"), ["name:to lam"]);
        assert!(query_terms("").is_empty());
    }

    #[test]
    fn month_table_reads_every_name() {
        // Each alternation lists its months in calendar order, then abbreviations.
        for (names, at_least) in [
            (FR_MONTHS, 15),
            (FR_MONTH_ABBREVIATIONS, 8),
            (EN_MONTHS, 24),
            (DE_MONTHS, 13),
        ] {
            let names: Vec<&str> = names.split('|').collect();
            assert_eq!(names.len(), at_least);
            for name in names {
                assert!(month_number(name).is_some(), "{name}");
            }
        }
        for (name, want) in [
            ("janvier", 1),
            ("Février", 2),
            ("aout", 8),
            ("Sept", 9),
            ("juin", 6),
            ("juillet", 7),
            ("juil", 7),
            ("déc", 12),
            ("Jun", 6),
            ("Jul", 7),
            ("März", 3),
            ("Jänner", 1),
            ("Juni", 6),
            ("Juli", 7),
            ("Oktober", 10),
            ("Dezember", 12),
            ("OKT", 10),
        ] {
            assert_eq!(month_number(name), Some(want), "{name}");
        }
        assert_eq!(month_number("Tháng"), None);
    }

    #[test]
    fn german_month_names_make_no_anchors() {
        // The German names serve page dates only: the linker's anchors stay those of the
        // three linked languages.
        for lang in [Lang::Vi, Lang::Fr, Lang::En, Lang::Other] {
            assert!(
                kind_terms("am 5 Oktober 2013 und 3 Dezember", lang, AnchorKind::Date).is_empty(),
                "{lang}"
            );
        }
    }

    #[test]
    fn term_joins_kind_and_value() {
        let anchor = Anchor {
            kind: AnchorKind::Code,
            value: "57-nq/tw".into(),
            surface: "57-NQ/TW".into(),
        };
        assert_eq!(anchor.term(), "code:57-nq/tw");
    }

    proptest! {
        #[test]
        fn never_panics_and_surfaces_come_from_the_text(text in "\\PC{0,80}") {
            for lang in [Lang::Vi, Lang::Fr, Lang::En, Lang::Other] {
                for anchor in extract_anchors(&text, lang) {
                    prop_assert!(text.contains(anchor.surface.as_str()));
                    prop_assert!(!anchor.value.is_empty());
                }
            }
            let _ = extract_query_anchors(&text);
        }

        #[test]
        fn never_panics_on_digit_soup(text in "[0-9 .,/\\-:%a-zA-ZĐđ\u{00A0}\u{202F}]{0,60}") {
            for lang in [Lang::Vi, Lang::Fr, Lang::En] {
                let _ = extract_anchors(&text, lang);
            }
            let _ = extract_query_anchors(&text);
        }
    }
}
