//! Bytes to text: byte-order marks, UTF-16 (with or without a byte-order mark), UTF-8 with a
//! few corrupt bytes, Windows-1258 and Windows-1252 fallbacks for other invalid UTF-8, binary
//! files, and the legacy Vietnamese encodings VISCII, TCVN3 and VNI (converted to Unicode).

use crate::legacy::{self, Guess};
use newsindex_analysis::{is_letter, lower_case};
use rustc_hash::FxHashMap;
use std::fmt;
use std::sync::LazyLock;

/// Text decoded from a file or a line, with what was odd about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text, UTF-8, byte-order mark removed.
    pub text: String,
    /// Warnings such as `invalid UTF-8, decoded as Windows-1252`.
    pub warnings: Vec<String>,
}

/// Magic numbers of common binary formats, for a precise rejection reason.
const MAGIC: [(&[u8], &str); 7] = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1F\x8B", "gzip data without a .gz extension"),
    (b"RIFF", "RIFF media file"),
];

/// Decodes bytes to text: UTF-8 with or without BOM, UTF-16 LE/BE with BOM or recognisable
/// without one, UTF-8 with a few corrupt bytes (replaced by U+FFFD), the legacy Vietnamese
/// encodings VISCII, TCVN3 and VNI (with a warning naming them), and otherwise Windows-1258
/// (Vietnamese) or Windows-1252 (the usual encoding of Western text that is not UTF-8).
/// Returns the reason when the bytes are binary, or legacy Vietnamese whose encoding cannot
/// be told.
pub fn decode_bytes(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_or_legacy(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, u16::from_be_bytes));
    }
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(format!("binary data ({what})"));
    }
    if bytes.contains(&0) {
        return utf16_without_bom(bytes)
            .or_else(|| text_with_stray_nuls(bytes))
            .ok_or_else(|| "binary data (NUL bytes)".to_string());
    }
    utf8_or_legacy(bytes)
}

/// At most one byte in this many may be NUL in a text file with stray NUL bytes.
const MAX_STRAY_NUL_SHARE: usize = 100;
/// At most one char in this many may be junk (U+FFFD, control codes) in decoded text.
const MAX_JUNK_SHARE: usize = 100;

/// Whether more than one char of `text` in [`MAX_JUNK_SHARE`] is a replacement character or
/// a control code other than whitespace: binary data decoded as if it were text.
fn mostly_junk(text: &str) -> bool {
    let chars = text.chars().count().max(1);
    let junk = text
        .chars()
        .filter(|&c| c == char::REPLACEMENT_CHARACTER || (c.is_control() && !c.is_whitespace()))
        .count();
    junk * MAX_JUNK_SHARE > chars
}

/// A text file with a few stray NUL bytes (a crawler's or an editor's slip): the NULs
/// dropped, the rest decoded as any other text, with a warning. Binary data has many NULs,
/// or does not decode to text once they are gone.
fn text_with_stray_nuls(bytes: &[u8]) -> Option<Decoded> {
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if nuls * MAX_STRAY_NUL_SHARE > bytes.len() {
        return None;
    }
    let kept: Vec<u8> = bytes.iter().copied().filter(|&b| b != 0).collect();
    let mut decoded = utf8_or_legacy(&kept).ok()?;
    if mostly_junk(&decoded.text) {
        return None;
    }
    let plural = if nuls == 1 { "" } else { "s" };
    decoded
        .warnings
        .insert(0, format!("{nuls} NUL byte{plural} removed"));
    Some(decoded)
}

/// Decodes bytes whose charset was declared (by HTTP or a `<meta>` tag): Windows-1258,
/// VISCII and TCVN3 cannot be told from their bytes as surely as from a declaration, so those
/// are followed when the bytes are not UTF-8; any other charset, or none, is recognised from
/// the bytes as by [`decode_bytes`] (pages that declare Latin-1 but are UTF-8 are common).
pub fn decode_declared(bytes: &[u8], charset: Option<&str>) -> Result<Decoded, String> {
    let label = charset.map(|c| c.trim().to_ascii_lowercase().replace('_', "-"));
    if label.is_none() || std::str::from_utf8(bytes).is_ok() {
        return decode_bytes(bytes);
    }
    let legacy = match label.as_deref() {
        Some("windows-1258" | "cp1258" | "x-cp1258") => {
            return Ok(Decoded {
                text: bytes.iter().map(|&b| windows_1258(b)).collect(),
                warnings: vec!["decoded as Windows-1258, as declared".to_string()],
            });
        }
        Some("viscii" | "csviscii" | "x-viscii") => LegacyEncoding::Viscii,
        Some(
            "tcvn" | "tcvn3" | "tcvn-5712" | "tcvn5712-1" | "tcvn5712-1:1993" | "x-viet-tcvn5712",
        ) => LegacyEncoding::Tcvn3,
        _ => return decode_bytes(bytes),
    };
    let mut decoded = converted(bytes, legacy);
    decoded.warnings[0].push_str(", as declared");
    Ok(decoded)
}

/// Bytes sampled to recognise UTF-16 without a byte-order mark.
const UTF16_SAMPLE: usize = 4096;

/// UTF-16 without a byte-order mark, recognised by its NUL bytes: text in Latin script has a
/// zero high byte in most code units (letters, digits, spaces), so one byte parity is often
/// NUL and the other almost never. Binary data with NUL bytes does not have that shape or
/// does not decode to text.
fn utf16_without_bom(bytes: &[u8]) -> Option<Decoded> {
    let sample = &bytes[..bytes.len().min(UTF16_SAMPLE)];
    if sample.len() < 4 {
        return None;
    }
    let zeros = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let units = sample.len() / 2;
    let (even, odd) = (zeros(0), zeros(1));
    let (to_unit, name): (fn([u8; 2]) -> u16, &str) = if odd * 10 >= units * 3 && even * 50 <= units
    {
        (u16::from_le_bytes, "UTF-16LE")
    } else if even * 10 >= units * 3 && odd * 50 <= units {
        (u16::from_be_bytes, "UTF-16BE")
    } else {
        return None;
    };
    let mut decoded = utf16(bytes, to_unit);
    if mostly_junk(&decoded.text) {
        return None;
    }
    decoded
        .warnings
        .insert(0, format!("{name} text without a byte-order mark"));
    Some(decoded)
}

/// UTF-8; or, when it is not valid, the most likely of: UTF-8 with a few corrupt bytes,
/// legacy Vietnamese, Windows-1258 Vietnamese, Windows-1252.
fn utf8_or_legacy(bytes: &[u8]) -> Result<Decoded, String> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(legacy_in_utf8(text).unwrap_or_else(|| Decoded {
            text: text.to_string(),
            warnings: Vec::new(),
        }));
    }
    // Valid multi-byte sequences are rare by chance in an 8-bit encoding, so text that has
    // many of them is UTF-8 damaged in a few places, not Windows-1252 (which would turn every
    // accented letter into mojibake).
    let mut multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
        invalid += chunk.invalid().len();
    }
    if multibyte >= 2 * invalid {
        return Ok(Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            warnings: vec![format!(
                "invalid UTF-8: {invalid} corrupt byte(s) replaced by U+FFFD"
            )],
        });
    }
    match legacy::guess(bytes) {
        Guess::Found(encoding) => return Ok(converted(bytes, encoding)),
        Guess::Undecidable(candidates) => return Err(undecidable(&candidates)),
        Guess::None => {}
    }
    if looks_like_windows_1258(bytes) {
        return Ok(Decoded {
            text: bytes.iter().map(|&b| windows_1258(b)).collect(),
            warnings: vec!["invalid UTF-8, decoded as Windows-1258".to_string()],
        });
    }
    Ok(Decoded {
        text: bytes.iter().map(|&b| windows_1252(b)).collect(),
        warnings: vec!["invalid UTF-8, decoded as Windows-1252".to_string()],
    })
}

/// Text in a legacy encoding, converted, with the warning that says so.
fn converted(bytes: &[u8], encoding: LegacyEncoding) -> Decoded {
    Decoded {
        text: legacy::decode(bytes, encoding),
        warnings: vec![format!(
            "legacy Vietnamese encoding {encoding} converted to Unicode"
        )],
    }
}

fn undecidable(candidates: &[LegacyEncoding]) -> String {
    let names: Vec<String> = candidates.iter().map(ToString::to_string).collect();
    format!(
        "legacy Vietnamese text in an encoding that cannot be told apart ({}); convert it to UTF-8",
        names.join(" or ")
    )
}

/// Legacy Vietnamese that went through a Latin-1 to UTF-8 conversion (a page saved from a
/// browser showing a VNI or TCVN3 font): its characters are the legacy bytes, so they are
/// mapped back to bytes and converted. Only text the fingerprint check already flags is
/// considered, so modern UTF-8 text is never touched.
fn legacy_in_utf8(text: &str) -> Option<Decoded> {
    detect_legacy(text)?;
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| match u8::try_from(u32::from(c)) {
            Ok(byte) if !(0x80..=0x9F).contains(&byte) => Some(byte),
            _ => (0x80..=0x9F).find(|&byte| windows_1252(byte) == c),
        })
        .collect::<Option<_>>()?;
    match legacy::guess(&bytes) {
        Guess::Found(encoding) => Some(converted(&bytes, encoding)),
        _ => None,
    }
}

/// Windows-1258 bytes of the five combining tone marks (grave, acute, tilde, hook, dot).
const CP1258_TONES: [u8; 5] = [0xCC, 0xEC, 0xDE, 0xD2, 0xF2];

/// Windows-1258 Vietnamese: tone marks are separate bytes that follow a vowel, and `đ` starts
/// many words. In Windows-1252 these bytes are `Ì ì Þ Ò ò ð`, which Western text almost never
/// puts right after a vowel or at the start of a word.
fn looks_like_windows_1258(bytes: &[u8]) -> bool {
    let is_vowel = |b: u8| {
        matches!(
            b.to_ascii_lowercase(),
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
        ) || matches!(
            b,
            0xC2 | 0xE2 | 0xCA | 0xEA | 0xD4 | 0xF4 | 0xC3 | 0xE3 | 0xD5 | 0xF5 | 0xDD | 0xFD
        )
    };
    let mut hits = 0usize;
    let mut words = 0usize;
    let mut previous = b' ';
    for &b in bytes {
        let boundary = previous.is_ascii_whitespace() || previous.is_ascii_punctuation();
        if boundary && !(b.is_ascii_whitespace() || b.is_ascii_punctuation()) {
            words += 1;
            if b == 0xF0 || b == 0xD0 {
                hits += 1;
            }
        }
        if CP1258_TONES.contains(&b) && is_vowel(previous) {
            hits += 1;
        }
        previous = b;
    }
    hits >= 3 && hits * 10 >= words
}

/// Windows-1258: Windows-1252 with Vietnamese letters and combining tone marks in place of
/// some Western letters (text is recomposed to NFC by the normaliser).
fn windows_1258(byte: u8) -> char {
    match byte {
        0xC3 => 'Ă',
        0xCC => '\u{0300}',
        0xD0 => 'Đ',
        0xD2 => '\u{0309}',
        0xD5 => 'Ơ',
        0xDD => 'Ư',
        0xDE => '\u{0303}',
        0xE3 => 'ă',
        0xEC => '\u{0301}',
        0xF0 => 'đ',
        0xF2 => '\u{0323}',
        0xF5 => 'ơ',
        0xFD => 'ư',
        0xFE => '₫',
        // Unassigned in Windows-1258: C1 controls, removed by the normaliser.
        0x8A | 0x8E | 0x9A | 0x9E => char::from(byte),
        _ => windows_1252(byte),
    }
}

fn utf16(bytes: &[u8], to_unit: fn([u8; 2]) -> u16) -> Decoded {
    let mut warnings = Vec::new();
    if bytes.len() % 2 == 1 {
        warnings.push("UTF-16 text with an odd number of bytes".to_string());
    }
    let units = bytes
        .chunks_exact(2)
        .map(|pair| to_unit([pair[0], pair[1]]));
    let mut bad = false;
    let text = char::decode_utf16(units)
        .map(|unit| {
            unit.unwrap_or_else(|_| {
                bad = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if bad {
        warnings.push("invalid UTF-16 replaced by U+FFFD".to_string());
    }
    Decoded { text, warnings }
}

/// Windows-1252: Latin-1 except for 0x80..=0x9F, where it has typographic characters.
pub(crate) fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// A legacy Vietnamese 8-bit encoding, read as if it were Latin-1 / Windows-1252.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyEncoding {
    /// VNI-Windows: tone marks as separate Latin-1 letters (`Vieät`, `ñöôïc`).
    Vni,
    /// TCVN3 (ABC): precomposed syllables in Latin-1 symbol slots (`ViÖt`, `®·`).
    Tcvn3,
    /// VISCII (RFC 1456): every precomposed letter in one byte (`Cµng` for Cộng).
    Viscii,
}

impl fmt::Display for LegacyEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LegacyEncoding::Vni => "VNI",
            LegacyEncoding::Tcvn3 => "TCVN3",
            LegacyEncoding::Viscii => "VISCII",
        })
    }
}

/// Very frequent Vietnamese words as they look in VNI read as Latin-1
/// (Việt, được, của, những, người, này, có, đã, là, và, đến, không, một, các, nước, năm,
/// động, hội, quốc, cộng, hòa, xã, nghĩa).
const VNI_WORDS: [&str; 23] = [
    "vieät",
    "ñöôïc",
    "cuûa",
    "nhöõng",
    "ngöôøi",
    "naøy",
    "coù",
    "ñaõ",
    "laø",
    "vaø",
    "ñeán",
    "khoâng",
    "moät",
    "caùc",
    "nöôùc",
    "naêm",
    "ñoäng",
    "hoäi",
    "quoác",
    "coäng",
    "hoøa",
    "xaõ",
    "nghóa",
];
/// The same words in TCVN3 read as Latin-1 (`®` is đ, `­` U+00AD is ư).
const TCVN3_WORDS: [&str; 20] = [
    "viöt",
    "®\u{AD}îc",
    "cña",
    "nh÷ng",
    "ng\u{AD}êi",
    "nµy",
    "cã",
    "®·",
    "lµ",
    "vµ",
    "®õn",
    "kh«ng",
    "mét",
    "c¸c",
    "n\u{AD}íc",
    "n¨m",
    "®éng",
    "héi",
    "quèc",
    "céng",
];
/// Each fingerprint word, and whether it is one of [`VNI_WORDS`] and of [`TCVN3_WORDS`].
static FINGERPRINTS: LazyLock<FxHashMap<&'static str, (bool, bool)>> = LazyLock::new(|| {
    let mut words: FxHashMap<&'static str, (bool, bool)> = FxHashMap::default();
    for word in VNI_WORDS {
        words.entry(word).or_default().0 = true;
    }
    for word in TCVN3_WORDS {
        words.entry(word).or_default().1 = true;
    }
    words
});
/// Letters that legacy-encoded Vietnamese read as Latin-1 is full of (both cases): at least 3
/// of them, and one per hundred letters, before the fingerprint words are looked up. Most
/// never occur in Unicode Vietnamese; `ó`, `ù`, `õ` do (`có`, `hùng`, `mõ`), so a Unicode
/// Vietnamese text often passes this gate and the fingerprint words decide.
const LEGACY_LETTERS: &str = "øùûõïäöñóÖÄÑÕÏÛÙØÓ®·¸µ¶¹«¬¨÷\u{AD}";
/// Whether `c` is one of [`LEGACY_LETTERS`] (all of them are Latin-1), by a bit table rather
/// than a scan of the list: every non-ASCII character of a text is asked.
fn is_legacy_letter(c: char) -> bool {
    const TABLE: [u64; 4] = {
        let mut table = [0u64; 4];
        let bytes = LEGACY_LETTERS.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Two-byte UTF-8 sequences only (checked by the test below).
            let code = ((bytes[i] as usize & 0x1F) << 6) | (bytes[i + 1] as usize & 0x3F);
            table[code / 64] |= 1 << (code % 64);
            i += 2;
        }
        table
    };
    let code = c as usize;
    code < 256 && TABLE[code / 64] & (1 << (code % 64)) != 0
}

/// Letters VNI uses as tone and vowel marks after a base vowel.
const VNI_MARKS: &str = "øùûõïäâêôöñåã";
/// Latin-1 symbols TCVN3 uses as Vietnamese letters; rare in real Western text.
const TCVN3_MARKS: &str = "®·¸µ¶¹«¬¨©ª¾×÷¤¥¦§¢£¡";

/// How much of a text [`detect_legacy`] reads: legacy text shows itself within a few words.
const HEAD_CHARS: usize = 4_000;

/// Whether `c` is a letter of Unicode Vietnamese that Latin-1 lacks (`ă đ ĩ ũ ơ ư` in both
/// cases, and the precomposed letters with tone marks, U+1EA0–U+1EF9). Legacy text read as
/// Latin-1 or Windows-1252 holds none of them.
fn is_unicode_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | '\u{1EA0}'
            ..='\u{1EF9}'
    )
}

/// The density gate of [`dense_with_legacy_letters`] in one cheaper pass, for most texts the
/// only one: only the chars outside ASCII are decoded, and counted with the same tests, while
/// ASCII letters stand for all letters. That is a lower bound, so a text this clears is one
/// the exact count clears too; the rest are counted again char by char.
fn clearly_not_legacy(text: &str) -> bool {
    let (mut marked, mut ascii_letters, mut modern, mut chars) = (0usize, 0usize, 0usize, 0usize);
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        // Continuation bytes belong to the char their lead byte started.
        if (0x80..0xC0).contains(&byte) {
            continue;
        }
        if chars == HEAD_CHARS {
            break;
        }
        chars += 1;
        if byte.is_ascii() {
            ascii_letters += usize::from(byte.is_ascii_alphabetic());
        } else if let Some(c) = text[at..].chars().next() {
            marked += usize::from(is_legacy_letter(c));
            modern += usize::from(is_unicode_vietnamese_letter(c));
        }
    }
    marked < 3.max(ascii_letters / 100) || modern >= marked
}

/// The head of `text` (its first [`HEAD_CHARS`] chars) and its number of letters, when it is
/// dense enough with legacy letters to be legacy text. Legacy text is dense with them (VNI
/// writes đ as ñ and tones as ø ù û õ ï; TCVN3 writes đ as ®; nearly every Vietnamese word
/// carries a mark); French has a few (`où`, `naïve`). Unicode Vietnamese also has some (`có`, `hùng`), but far more of its
/// own letters (`ơ`, `ư`, `đ`, `ạ`…), which legacy text read as Latin-1 can never hold.
fn dense_with_legacy_letters(text: &str) -> Option<(&str, usize)> {
    let (mut marked, mut letters, mut modern) = (0usize, 0usize, 0usize);
    let mut head = text;
    for (count, (at, c)) in text.char_indices().enumerate() {
        if count == HEAD_CHARS {
            head = &text[..at];
            break;
        }
        if c.is_ascii() {
            letters += usize::from(c.is_ascii_alphabetic());
        } else {
            letters += usize::from(is_letter(c));
            marked += usize::from(is_legacy_letter(c));
            modern += usize::from(is_unicode_vietnamese_letter(c));
        }
    }
    (marked >= 3.max(letters / 100) && modern < marked).then_some((head, letters))
}

/// Detects Vietnamese text in a legacy encoding (VNI or TCVN3) pasted as Latin-1 look-alikes,
/// from fingerprints of frequent words and the share of marker characters. Modern text in
/// any language returns `None`.
pub fn detect_legacy(text: &str) -> Option<LegacyEncoding> {
    if clearly_not_legacy(text) {
        return None;
    }
    let (head, letters) = dense_with_legacy_letters(text)?;
    let mut vni_hits = 0usize;
    let mut tcvn_hits = 0usize;
    let mut words = 0usize;
    // Split before lower-casing (no separator has a case), and only words outside ASCII
    // looked up: every fingerprint word has a legacy letter.
    for word in head
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '.' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '\''
                )
        })
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if word.is_ascii() {
            continue;
        }
        if let Some(&(vni, tcvn)) = FINGERPRINTS.get(&*lower_case(word)) {
            vni_hits += usize::from(vni);
            tcvn_hits += usize::from(tcvn);
        }
    }
    if vni_hits == 0 && tcvn_hits == 0 {
        return None;
    }
    let sample = head.to_lowercase();
    // The letters were counted by the density gate above (lower-casing keeps them letters).
    let share = |marks: &str| {
        sample.chars().filter(|c| marks.contains(*c)).count() as f64 / letters.max(1) as f64
    };
    // Real legacy text has these words as 10-20% of its words; two hits that are also at
    // least 1% of the words are very unlikely elsewhere. A short text with a single hit also
    // needs many marker characters.
    let decide = |hits: usize, marks: &str, threshold: f64| {
        (hits >= 2 && hits * 100 >= words) || (hits >= 1 && share(marks) >= threshold)
    };
    if decide(tcvn_hits, TCVN3_MARKS, 0.05) {
        Some(LegacyEncoding::Tcvn3)
    } else if decide(vni_hits, VNI_MARKS, 0.08) {
        Some(LegacyEncoding::Vni)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fingerprint_word_is_lower_case_and_outside_ascii() {
        for word in VNI_WORDS.iter().chain(TCVN3_WORDS.iter()) {
            assert!(!word.is_ascii() && word.to_lowercase() == *word, "{word}");
        }
    }

    proptest::proptest! {
        /// The quick pass clears only texts the exact density count clears.
        #[test]
        fn the_quick_gate_clears_only_what_the_exact_count_clears(
            text in "[a-zA-Z0-9 ,.àéèóòõùûñøïäöÖ«»®·¸µ¶¹¬¨÷\u{AD}ăđơưạếộữỳĐƠ\u{0300}\u{1EF9}\u{1EFA}–…]{0,300}"
        ) {
            if clearly_not_legacy(&text) {
                proptest::prop_assert!(dense_with_legacy_letters(&text).is_none());
            }
        }
    }

    #[test]
    fn the_legacy_letter_table_holds_the_list_exactly() {
        assert!(LEGACY_LETTERS
            .chars()
            .all(|c| (0x80..0x800).contains(&(c as u32))));
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_legacy_letter(c), LEGACY_LETTERS.contains(c), "{c:?}");
        }
    }

    #[test]
    fn decodes_boms_and_utf16() {
        let text = "Việt Nam, réunion";
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode_bytes(&bom).unwrap().text, text);
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode_bytes(&le).unwrap().text, text);
        assert_eq!(decode_bytes(&be).unwrap().text, text);
        assert!(decode_bytes(&be).unwrap().warnings.is_empty());
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let decoded = decode_bytes(b"r\xE9union \x93citation\x94 \x80").unwrap();
        assert_eq!(decoded.text, "réunion “citation” €");
        assert_eq!(decoded.warnings.len(), 1);
    }

    /// Vietnamese and French text encoded as UTF-16 without a byte-order mark.
    fn utf16_bytes(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|unit| {
                if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_without_bom_is_recognised_and_binary_is_not() {
        let text = "Chính phủ đã trình bày kế hoạch quốc gia, réunion à Hà Nội.";
        for big_endian in [false, true] {
            let decoded = decode_bytes(&utf16_bytes(text, big_endian)).unwrap();
            assert_eq!(decoded.text, text);
            assert!(decoded.warnings[0].contains("without a byte-order mark"));
        }
        for binary in [
            &b"\x7FELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x3E\x00"[..],
            &[0u8; 64][..],
            &b"text\0with nul"[..],
            // Every other byte NUL, but the other bytes are control codes, not text.
            &[1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0][..],
        ] {
            assert_eq!(
                decode_bytes(binary).unwrap_err(),
                "binary data (NUL bytes)",
                "{binary:?}"
            );
        }
    }

    #[test]
    fn utf8_with_a_few_corrupt_bytes_keeps_its_letters() {
        let mut bytes = "Kế hoạch quốc gia về khoa học và đổi mới "
            .as_bytes()
            .to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice("sáng tạo".as_bytes());
        let decoded = decode_bytes(&bytes).unwrap();
        assert_eq!(
            decoded.text,
            "Kế hoạch quốc gia về khoa học và đổi mới \u{FFFD}sáng tạo"
        );
        assert!(
            decoded.warnings[0].contains("1 corrupt byte"),
            "{decoded:?}"
        );
    }

    #[test]
    fn windows_1258_is_told_from_windows_1252() {
        // "Chính phủ đã trình bày kế hoạch quốc gia về khoa học" in Windows-1258: base letters
        // followed by combining tone bytes.
        let cp1258: &[u8] = b"Chi\xECnh phu\xD2 \xF0a\xDE tri\xCCnh ba\xCCy k\xEA\xEC hoa\xF2ch qu\xF4\xECc gia v\xEA\xCC khoa ho\xF2c";
        let decoded = decode_bytes(cp1258).unwrap();
        assert_eq!(
            crate::decode::tests::nfc(&decoded.text),
            "Chính phủ đã trình bày kế hoạch quốc gia về khoa học"
        );
        assert_eq!(decoded.warnings, ["invalid UTF-8, decoded as Windows-1258"]);
        for (western, text) in [
            (
                &b"La r\xE9union du minist\xE8re \x93c\x9Cur\x94 \x80"[..],
                "La réunion du ministère “cœur” €",
            ),
            (
                &b"Lui pu\xF2 venire in citt\xE0, cos\xEC pens\xF2 Nicol\xF2 per\xF2"[..],
                "Lui può venire in città, così pensò Nicolò però",
            ),
            (&b"\xD0orn \xF0\xFEorn"[..], "Ðorn ðþorn"),
        ] {
            let decoded = decode_bytes(western).unwrap();
            assert_eq!(decoded.text, text);
            assert_eq!(decoded.warnings, ["invalid UTF-8, decoded as Windows-1252"]);
        }
    }

    fn nfc(text: &str) -> String {
        newsindex_analysis::nfc(text).into_owned()
    }

    #[test]
    fn rejects_binary() {
        // An executable-like blob: NUL-padded headers and tables of small numbers.
        let mut blob = b"\x7fELF\x02\x01\x01".to_vec();
        for i in 0..2000u32 {
            blob.extend_from_slice(&(i * 7919).to_le_bytes());
        }
        // Few NULs, but the rest is control codes rather than text.
        let controls: Vec<u8> = (0..1000u32)
            .map(|i| if i == 500 { 0 } else { (i % 31 + 1) as u8 })
            .collect();
        for (bytes, reason) in [
            (&b"\x89PNG\r\n\x1a\nrest"[..], "binary data (PNG image)"),
            (&b"text\0with nul"[..], "binary data (NUL bytes)"),
            (&blob[..], "binary data (NUL bytes)"),
            (&controls[..], "binary data (NUL bytes)"),
        ] {
            assert_eq!(decode_bytes(bytes).unwrap_err(), reason);
        }
    }

    #[test]
    fn a_page_with_a_few_nul_bytes_is_text() {
        let page = "Un titre\n\nLe conseil municipal a voté mardi le budget des écoles. ".repeat(8);
        let mut bytes = page.as_bytes().to_vec();
        bytes.insert(100, 0);
        bytes.insert(300, 0);
        let decoded = decode_bytes(&bytes).unwrap();
        assert_eq!(decoded.text, page);
        assert_eq!(decoded.warnings, ["2 NUL bytes removed"]);
    }

    #[test]
    fn legacy_text_saved_as_utf8_is_converted_and_modern_text_untouched() {
        // VNI and TCVN3 shown in a Latin-1 font and saved as UTF-8 (the look-alike letters).
        for (text, encoding, want) in [
            (
                "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp Töï do Haïnh phuùc.",
                "VNI",
                "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập Tự do Hạnh phúc.",
            ),
            (
                "Céng hoµ x· héi chñ nghÜa ViÖt Nam. §éc lËp Tù do H¹nh phóc.",
                "TCVN3",
                "Cộng hoà xã hội chủ nghĩa Việt Nam. Độc lập Tự do Hạnh phúc.",
            ),
        ] {
            let decoded = decode_bytes(text.as_bytes()).unwrap();
            assert_eq!(nfc(&decoded.text), want, "{encoding}");
            assert_eq!(
                decoded.warnings,
                [format!(
                    "legacy Vietnamese encoding {encoding} converted to Unicode"
                )]
            );
        }
        for modern in [
            "Cộng hòa xã hội chủ nghĩa Việt Nam, Độc lập Tự do Hạnh phúc",
            "Noël à l'hôtel, où naïve Zoë a déjà goûté la crème brûlée",
            "The café's naïve résumé",
        ] {
            let decoded = decode_bytes(modern.as_bytes()).unwrap();
            assert_eq!(decoded.text, modern);
            assert!(decoded.warnings.is_empty());
        }
    }

    #[test]
    fn declared_charsets_are_followed_for_vietnamese_only() {
        // "Việt Nam" in VISCII (ệ is 0xAE) and Windows-1258 (e, circumflex, dot byte).
        let viscii = decode_declared(b"Vi\xAEt Nam", Some("VISCII")).unwrap();
        assert_eq!(viscii.text, "Việt Nam");
        assert_eq!(
            viscii.warnings,
            ["legacy Vietnamese encoding VISCII converted to Unicode, as declared"]
        );
        let cp1258 = decode_declared(b"Vi\xEA\xF2t Nam", Some("windows-1258")).unwrap();
        assert_eq!(nfc(&cp1258.text), "Việt Nam");
        // UTF-8 wins over a wrong declaration; Latin-1 is left to recognition.
        assert_eq!(
            decode_declared("Việt".as_bytes(), Some("viscii"))
                .unwrap()
                .text,
            "Việt"
        );
        assert_eq!(
            decode_declared(b"r\xE9union", Some("iso-8859-1")).unwrap(),
            decode_bytes(b"r\xE9union").unwrap()
        );
    }

    #[test]
    fn detects_legacy_vietnamese() {
        for (text, want) in [
            (
                "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
                Some(LegacyEncoding::Vni),
            ),
            (
                "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
                Some(LegacyEncoding::Tcvn3),
            ),
            (
                "Chính phuû ñaõ thoâng qua nghò quyeát cuûa Quoác hoäi veà vieäc phaùt trieån",
                Some(LegacyEncoding::Vni),
            ),
            ("Angela Merkel et Peña Nieto à Zürich", None),
            ("Cộng hòa xã hội chủ nghĩa Việt Nam", None),
            (
                "Noël à l'hôtel naïve, Straße, España, año, Microsoft®",
                None,
            ),
            ("", None),
            // Unicode Vietnamese dense with letters that VNI also uses (`có`, `hùng`, `mõ`)
            // is cleared by its own letters, whatever its words.
            ("Có ông hùng gõ mõ, chó sủa, bò ù ù, ó ó ò ó", None),
            // Legacy text under a Unicode headline is still legacy.
            (
                "Nghị quyết về phát triển\nChính phuû ñaõ thoâng qua nghò quyeát cuûa Quoác hoäi veà vieäc phaùt trieån",
                Some(LegacyEncoding::Vni),
            ),
        ] {
            assert_eq!(detect_legacy(text), want, "{text}");

        }
    }
}
