//! Bytes to text: byte-order marks, UTF-16, a Windows-1252 fallback for invalid UTF-8, binary
//! files, and fingerprints of the legacy Vietnamese encodings VNI and TCVN3.

use std::fmt;

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

/// Decodes bytes to text: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and otherwise
/// Windows-1252 (the usual encoding of Western text that is not UTF-8). Returns the reason
/// when the bytes are binary.
pub fn decode_bytes(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(utf8_or_1252(rest));
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
        return Err("binary data (NUL bytes)".to_string());
    }
    Ok(utf8_or_1252(bytes))
}

fn utf8_or_1252(bytes: &[u8]) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_string(),
            warnings: Vec::new(),
        },
        Err(_) => Decoded {
            text: bytes.iter().map(|&b| windows_1252(b)).collect(),
            warnings: vec!["invalid UTF-8, decoded as Windows-1252".to_string()],
        },
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
fn windows_1252(byte: u8) -> char {
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
}

impl fmt::Display for LegacyEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LegacyEncoding::Vni => "VNI",
            LegacyEncoding::Tcvn3 => "TCVN3",
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
/// Letters of legacy-encoded Vietnamese that modern Vietnamese never uses (both cases).
const LEGACY_LETTERS: &str = "øùûõïäöñóÖÄÑÕÏÛÙØÓ®·¸µ¶¹«¬¨÷\u{AD}";
/// Letters VNI uses as tone and vowel marks after a base vowel.
const VNI_MARKS: &str = "øùûõïäâêôöñåã";
/// Latin-1 symbols TCVN3 uses as Vietnamese letters; rare in real Western text.
const TCVN3_MARKS: &str = "®·¸µ¶¹«¬¨©ª¾×÷¤¥¦§¢£¡";

/// Detects Vietnamese text in a legacy encoding (VNI or TCVN3) pasted as Latin-1 look-alikes,
/// from fingerprints of frequent words and the share of marker characters. Modern text in
/// any language returns `None`.
pub fn detect_legacy(text: &str) -> Option<LegacyEncoding> {
    // Legacy text shows some of these letters within a few words (VNI writes đ as ñ and tones
    // as ø ù û õ ï; TCVN3 writes đ as ®); modern Vietnamese, French and English almost never
    // do, so most texts are cleared by one scan without allocating.
    let head = text
        .char_indices()
        .nth(4_000)
        .map_or(text, |(at, _)| &text[..at]);
    // Legacy text is dense with these letters (nearly every Vietnamese word carries a
    // mark); French has a few (`où`, `naïve`), so a density gate clears it in one pass.
    let (mut marked, mut letters) = (0usize, 0usize);
    for c in head.chars() {
        if c.is_ascii() {
            letters += usize::from(c.is_ascii_alphabetic());
        } else {
            letters += usize::from(c.is_alphabetic());
            marked += usize::from(LEGACY_LETTERS.contains(c));
        }
    }
    if marked < 3.max(letters / 100) {
        return None;
    }
    let sample = head.to_lowercase();
    let mut vni_hits = 0usize;
    let mut tcvn_hits = 0usize;
    let mut words = 0usize;
    for word in sample
        .split(|c: char| c.is_whitespace() || ",.;:!?()\"'".contains(c))
        .filter(|w| !w.is_empty())
    {
        words += 1;
        vni_hits += usize::from(VNI_WORDS.contains(&word));
        tcvn_hits += usize::from(TCVN3_WORDS.contains(&word));
    }
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count().max(1);
    let share =
        |marks: &str| sample.chars().filter(|c| marks.contains(*c)).count() as f64 / letters as f64;
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

    #[test]
    fn rejects_binary() {
        for (bytes, reason) in [
            (&b"\x89PNG\r\n\x1a\nrest"[..], "binary data (PNG image)"),
            (&b"text\0with nul"[..], "binary data (NUL bytes)"),
        ] {
            assert_eq!(decode_bytes(bytes).unwrap_err(), reason);
        }
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
        ] {
            assert_eq!(detect_legacy(text), want, "{text}");
        }
    }
}
