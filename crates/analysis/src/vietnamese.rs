//! Vietnamese syllable structure: parsing onset + nucleus + coda, canonical tone placement
//! and the validity test used to guess whether an unaccented word may be Vietnamese.
//!
//! A syllable is read letter by letter from any normalisation form (NFC, NFD or mixed), each
//! letter split into its base, its quality mark (breve, circumflex, horn) and its tone mark.
//! Anything that is not a well-formed syllable is left alone, so French or English words in a
//! Vietnamese field (`réunion`, `été`) keep their accents where they were.

use crate::tokenizer::continues_word;
use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};

/// Where a tone mark goes on the open syllables `oa`, `oe` and `uy`, the only ones whose
/// spelling differs between the two conventions in use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ToneStyle {
    /// On the first vowel: `hòa`, `khỏe`, `thủy`. The index-internal canonical form.
    #[default]
    Old,
    /// On the second vowel: `hoà`, `khoẻ`, `thuỷ`.
    New,
}

/// The mark that changes a vowel's quality (not its tone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quality {
    Plain,
    Breve,
    Circumflex,
    Horn,
}

impl Quality {
    fn mark(self) -> Option<char> {
        match self {
            Quality::Plain => None,
            Quality::Breve => Some('\u{0306}'),
            Quality::Circumflex => Some('\u{0302}'),
            Quality::Horn => Some('\u{031B}'),
        }
    }
}

/// The five tone marks; a letter's tone is its index here plus one (0 = level tone).
const TONE_MARKS: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
const ACUTE: u8 = 2;
const DOT_BELOW: u8 = 5;

/// One letter of a syllable: lowercase base (`a`..`z` or `đ`), marks and case.
#[derive(Clone, Copy, Debug)]
struct Letter {
    base: char,
    quality: Quality,
    tone: u8,
    upper: bool,
}

const EMPTY: Letter = Letter {
    base: ' ',
    quality: Quality::Plain,
    tone: 0,
    upper: false,
};

/// The longest Vietnamese syllable (`nghiêng`) has 7 letters; anything longer is not one.
const MAX_LETTERS: usize = 8;

fn is_vowel(base: char) -> bool {
    matches!(base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Letters of a word, with marks attached to the letter they follow.
struct Letters {
    buf: [Letter; MAX_LETTERS],
    len: usize,
    tones: usize,
    ok: bool,
}

impl Letters {
    fn read(word: &str) -> Option<Letters> {
        let mut letters = Letters {
            buf: [EMPTY; MAX_LETTERS],
            len: 0,
            tones: 0,
            ok: true,
        };
        for c in word.chars() {
            if !letters.feed_atom(c) {
                decompose_canonical(c, |part| {
                    // A char without a decomposition comes back unchanged: not Vietnamese.
                    if part == c || !letters.feed_atom(part) {
                        letters.ok = false;
                    }
                });
            }
            if !letters.ok {
                return None;
            }
        }
        (letters.len > 0 && letters.tones <= 1).then_some(letters)
    }

    /// Takes one base letter or mark; false if `c` is neither (it may still decompose).
    fn feed_atom(&mut self, c: char) -> bool {
        let (base, upper) = match c {
            'a'..='z' => (c, false),
            'A'..='Z' => (c.to_ascii_lowercase(), true),
            'đ' => ('đ', false),
            'Đ' => ('đ', true),
            _ => {
                let quality = match c {
                    '\u{0306}' => Quality::Breve,
                    '\u{0302}' => Quality::Circumflex,
                    '\u{031B}' => Quality::Horn,
                    _ => match TONE_MARKS.iter().position(|&m| m == c) {
                        Some(index) => {
                            match self.last() {
                                Some(last) if last.tone == 0 => last.tone = index as u8 + 1,
                                _ => self.ok = false,
                            }
                            self.tones += 1;
                            return true;
                        }
                        None => return false,
                    },
                };
                match self.last() {
                    Some(last) if last.quality == Quality::Plain => last.quality = quality,
                    _ => self.ok = false,
                }
                return true;
            }
        };
        if self.len == MAX_LETTERS {
            self.ok = false;
            return true;
        }
        self.buf[self.len] = Letter {
            base,
            quality: Quality::Plain,
            tone: 0,
            upper,
        };
        self.len += 1;
        true
    }

    fn last(&mut self) -> Option<&mut Letter> {
        self.len.checked_sub(1).map(|i| &mut self.buf[i])
    }
}

/// Onsets, with `gi` and `qu` written as the consonant alone (their vowel is read apart).
const ONSETS: [&str; 27] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p",
    "ph", "q", "r", "s", "t", "th", "tr", "v", "x",
];
const CODAS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Vowel nuclei of Vietnamese spelling (after `gi`/`qu` are taken as onsets).
const NUCLEI: [&str; 49] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "yêu", "oai", "oay", "oeo", "uây",
    "uôi",
];
const NUCLEI_3: [&str; 5] = ["ươi", "ươu", "uya", "uyê", "uyu"];

/// The quality a letter of a nucleus table entry asks for.
fn table_letter(c: char) -> (char, Quality) {
    match c {
        'ă' => ('a', Quality::Breve),
        'â' => ('a', Quality::Circumflex),
        'ê' => ('e', Quality::Circumflex),
        'ô' => ('o', Quality::Circumflex),
        'ơ' => ('o', Quality::Horn),
        'ư' => ('u', Quality::Horn),
        c => (c, Quality::Plain),
    }
}

/// Whether `letters` spell `pattern`'s bases exactly (marks ignored).
fn bases_are(letters: &[Letter], pattern: &str) -> bool {
    letters.len() == pattern.chars().count()
        && letters
            .iter()
            .zip(pattern.chars())
            .all(|(l, p)| l.base == p)
}

/// Whether `nucleus` is a valid nucleus; a missing quality mark is accepted (unaccented
/// text), a wrong one is not.
fn is_nucleus(nucleus: &[Letter]) -> bool {
    NUCLEI.iter().chain(NUCLEI_3.iter()).any(|entry| {
        entry.chars().count() == nucleus.len()
            && entry.chars().zip(nucleus).all(|(e, l)| {
                let (base, quality) = table_letter(e);
                l.base == base && (l.quality == quality || l.quality == Quality::Plain)
            })
    })
}

/// Whether a letter may carry the marks it has.
fn marks_allowed(l: &Letter) -> bool {
    match l.base {
        'a' => true,
        'e' => matches!(l.quality, Quality::Plain | Quality::Circumflex),
        'o' => l.quality != Quality::Breve,
        'u' => matches!(l.quality, Quality::Plain | Quality::Horn),
        'i' | 'y' => l.quality == Quality::Plain,
        _ => l.quality == Quality::Plain && l.tone == 0,
    }
}

/// A parsed syllable: letters and where its parts start.
struct Syllable {
    letters: Letters,
    onset_len: usize,
    nucleus: std::ops::Range<usize>,
}

impl Syllable {
    fn parse(word: &str) -> Option<Syllable> {
        let letters = Letters::read(word)?;
        let all = &letters.buf[..letters.len];
        if !all.iter().all(marks_allowed) {
            return None;
        }
        let consonants = all.iter().take_while(|l| !is_vowel(l.base)).count();
        let mut start = consonants;
        let first_vowel = all.get(start)?;
        let next_is_vowel = all.get(start + 1).is_some_and(|l| is_vowel(l.base));
        let onset = &all[..consonants];
        // `qu` and `gi` + vowel: the u / i belongs to the onset (a tone typed on it moves on).
        if bases_are(onset, "q") {
            if first_vowel.base != 'u' || first_vowel.quality != Quality::Plain || !next_is_vowel {
                return None;
            }
            start += 1;
        } else if bases_are(onset, "g") && first_vowel.base == 'i' && next_is_vowel {
            start += 1;
        } else if !ONSETS.iter().any(|o| bases_are(onset, o)) {
            return None;
        }
        let vowels = all[start..].iter().take_while(|l| is_vowel(l.base)).count();
        let nucleus = start..start + vowels;
        if !(1..=3).contains(&vowels)
            || !CODAS.iter().any(|c| bases_are(&all[nucleus.end..], c))
            || !is_nucleus(&all[nucleus.clone()])
        {
            return None;
        }
        Some(Syllable {
            letters,
            onset_len: start,
            nucleus,
        })
    }

    fn letters(&self) -> &[Letter] {
        &self.letters.buf[..self.letters.len]
    }

    fn tone(&self) -> u8 {
        self.letters().iter().map(|l| l.tone).max().unwrap_or(0)
    }

    fn has_coda(&self) -> bool {
        self.nucleus.end < self.letters.len
    }

    /// Index (into the letters) of the vowel that carries the tone in `style`.
    fn tone_index(&self, style: ToneStyle) -> usize {
        let nucleus = &self.letters()[self.nucleus.clone()];
        let at = if let Some(marked) = nucleus.iter().rposition(|l| l.quality != Quality::Plain) {
            marked
        } else if nucleus.len() == 1 {
            0
        } else if self.has_coda() {
            nucleus.len() - 1
        } else if nucleus.len() == 3 {
            1
        } else {
            let open_pair = matches!(
                (nucleus[0].base, nucleus[1].base),
                ('o', 'a') | ('o', 'e') | ('u', 'y')
            );
            usize::from(open_pair && style == ToneStyle::New)
        };
        self.nucleus.start + at
    }

    /// Writes the syllable in NFC with its tone on the vowel `style` wants, keeping case.
    fn render(&self, style: ToneStyle, out: &mut String) {
        let tone = self.tone();
        let target = self.tone_index(style);
        for (i, l) in self.letters().iter().enumerate() {
            let mut c = match (l.base, l.upper) {
                ('đ', true) => 'Đ',
                (base, true) => base.to_ascii_uppercase(),
                (base, false) => base,
            };
            let tone_mark = (i == target && tone > 0).then(|| TONE_MARKS[usize::from(tone - 1)]);
            let mut marks = [l.quality.mark(), tone_mark];
            // Compose in canonical order: horn (216) < dot below (220) < the others (230).
            marks.sort_by_key(|m| m.map(canonical_combining_class));
            for mark in marks.into_iter().flatten() {
                match compose(c, mark) {
                    Some(composed) => c = composed,
                    // Every Vietnamese letter has a precomposed form; keep the mark regardless.
                    None => {
                        out.push(c);
                        c = mark;
                    }
                }
            }
            out.push(c);
        }
    }

    /// The stricter checks a real syllable passes: spelling of c/k/g/ng before front vowels,
    /// and only the sharp or heavy tone before a stop coda.
    fn spelled_correctly(&self) -> bool {
        let letters = self.letters();
        let front = letters
            .get(self.onset_len)
            .is_some_and(|l| matches!(l.base, 'e' | 'i' | 'y'));
        let onset = &letters[..self.onset_len];
        let front_ok = if bases_are(onset, "c") || bases_are(onset, "ng") {
            !front
        } else if bases_are(onset, "k") || bases_are(onset, "gh") || bases_are(onset, "ngh") {
            front
        } else if bases_are(onset, "g") {
            // `g` + e is spelled `gh`; `gì`, `gìn` (g + i) are fine.
            letters.get(self.onset_len).is_none_or(|l| l.base != 'e')
        } else {
            true
        };
        let coda = &letters[self.nucleus.end..];
        let stop = ["c", "ch", "p", "t"].iter().any(|c| bases_are(coda, c));
        let tone = self.tone();
        front_ok && (!stop || matches!(tone, 0 | ACUTE | DOT_BELOW))
    }
}

/// Writes `word` with its tone placed per `style` if it is a Vietnamese syllable; returns
/// false (writing nothing) if it is not.
pub(crate) fn place_syllable_tone(word: &str, style: ToneStyle, out: &mut String) -> bool {
    match Syllable::parse(word) {
        Some(syllable) => {
            syllable.render(style, out);
            true
        }
        None => false,
    }
}

/// Rewrites every Vietnamese syllable of `text` with its tone placed per `style` (in NFC);
/// every other character, and words that are not Vietnamese syllables, are kept as they are.
pub fn place_tones(text: &str, style: ToneStyle) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut run_start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (run_start, continues_word(c) && i < text.len()) {
            (None, true) => run_start = Some(i),
            (None, false) => {
                if i < text.len() {
                    out.push(c);
                }
            }
            (Some(_), true) => {}
            (Some(start), false) => {
                let word = &text[start..i];
                if word.is_ascii() || !place_syllable_tone(word, style, &mut out) {
                    out.push_str(word);
                }
                run_start = None;
                if i < text.len() {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Rewrites every Vietnamese syllable of `text` with its tone in the index's canonical
/// (old-style) place, `hoà` → `hòa`, `THUỶ` → `THỦY`, keeping case and everything else.
pub fn canonical_tones(text: &str) -> String {
    place_tones(text, ToneStyle::Old)
}

/// Whether `word` is a well-formed Vietnamese syllable (onset + nucleus + coda, spelling and
/// tone rules), with or without diacritics and in any case: `nguoi`, `Việt`, `to` are; `price`,
/// `réunion` are not.
pub fn is_vietnamese_syllable(word: &str) -> bool {
    Syllable::parse(word).is_some_and(|s| s.spelled_correctly())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn canonical_tones_table() {
        let cases = [
            ("hoà", "hòa"),
            ("hòa", "hòa"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("THUỶ", "THỦY"),
            ("Uỷ", "Ủy"),
            ("qúy", "quý"),
            ("gìa", "già"),
            ("hòan", "hoàn"),
            ("ngòai", "ngoài"),
            ("tíêng", "tiếng"),
            ("muà", "mùa"),
            ("huỳnh", "huỳnh"),
            ("khuỷu", "khuỷu"),
            ("người", "người"),
            ("mưa", "mưa"),
            ("rượu", "rượu"),
            ("chuyển", "chuyển"),
            ("giường", "giường"),
            ("gì", "gì"),
            ("Thanh Hoá", "Thanh Hóa"),
            ("réunion", "réunion"),
            ("été", "été"),
            ("où", "où"),
            ("2030", "2030"),
            ("Hoà Bình, THUỶ điện!", "Hòa Bình, THỦY điện!"),
        ];
        for (input, want) in cases {
            assert_eq!(canonical_tones(input), want, "{input:?}");
        }
    }

    #[test]
    fn new_style_table() {
        let cases = [
            ("hòa", "hoà"),
            ("Ủy", "Uỷ"),
            ("qúy", "quý"),
            ("khỏe", "khoẻ"),
            ("hoàn", "hoàn"),
        ];
        for (input, want) in cases {
            assert_eq!(place_tones(input, ToneStyle::New), want, "{input:?}");
        }
    }

    #[test]
    fn decomposed_and_mixed_input_comes_out_composed() {
        let nfd: String = "Việt Nam".nfd().collect();
        assert_eq!(canonical_tones(&nfd), "Việt Nam");
        assert_eq!(canonical_tones("Vi\u{00EA}\u{0323}t"), "Việt");
        let nfd_old: String = "Uỷ ban".nfd().collect();
        assert_eq!(canonical_tones(&nfd_old), "Ủy ban");
    }

    #[test]
    fn canonical_form_is_a_fixed_point() {
        let words = "Luật Khoa học, công nghệ và đổi mới sáng tạo; khuya, quyền, giữ, \
                     nghiêng, xoắn, thuở, cứu, hoạch, huýt, ngoẹo, tuần, thuế, Đà Nẵng";
        let once = canonical_tones(words);
        assert_eq!(once, words);
        assert_eq!(canonical_tones(&once), once);
    }

    #[test]
    fn every_letter_and_tone_composes() {
        for base in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"] {
            for tone in TONE_MARKS {
                let word = format!("{base}{tone}");
                let upper = word.to_uppercase();
                for w in [word, upper] {
                    let got = canonical_tones(&w);
                    assert_eq!(got.chars().count(), 1, "{w:?} -> {got:?}");
                    assert_eq!(got, w.nfc().collect::<String>());
                }
            }
        }
    }

    #[test]
    fn vietnamese_syllable_table() {
        let yes = [
            "nguoi",
            "Việt",
            "to",
            "chuyen",
            "doi",
            "so",
            "nghi",
            "quyet",
            "gia",
            "gi",
            "quy",
            "khuya",
            "HOA",
            "đường",
            "dương",
            "ke",
            "ghe",
            "nghe",
            "y",
            "a",
            "oanh",
        ];
        let no = [
            "price",
            "réunion",
            "gold",
            "été",
            "ci",
            "ka",
            "ge",
            "nghi2",
            "",
            "tiền2",
            "qa",
            "strike",
            "báć",
            "thuyếtt",
            "mãt",
            "w",
            "f",
        ];
        for w in yes {
            assert!(is_vietnamese_syllable(w), "{w:?} should be a syllable");
        }
        for w in no {
            assert!(!is_vietnamese_syllable(w), "{w:?} should not be a syllable");
        }
    }
}
