//! Legacy Vietnamese 8-bit encodings (VISCII, TCVN3, VNI-Windows): decoding tables, and
//! recognising which one a file uses by decoding it each way and checking that the words
//! come out as Vietnamese syllables.
//!
//! Tables: VISCII and TCVN3 are checked letter by letter against glibc's `iconv`
//! (`crates/ingest/tests/legacy/gen.sh` writes the expectations); VNI against its published
//! definition (see [`vni_pair`]).

use crate::decode::{windows_1252, LegacyEncoding};

/// The twelve Vietnamese vowels, each with its five tones in the order none, grave (huyền),
/// acute (sắc), hook (hỏi), tilde (ngã), dot below (nặng). With `đ` these are all the
/// Vietnamese letters; the 67 that are not ASCII, in both cases, are the 134 letters the
/// legacy tables must cover.
pub(crate) const TONE_ROWS: [&str; 12] = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
];

/// VISCII bytes 0x80..=0xFF (RFC 1456), as glibc's `iconv` decodes them.
const VISCII_HIGH: &str = "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡưàáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ";
/// VISCII puts six capitals in C0 control slots (none of them tab, line feed or return).
const VISCII_LOW: [(u8, char); 6] = [
    (0x02, 'Ẳ'),
    (0x05, 'Ẵ'),
    (0x06, 'Ẫ'),
    (0x14, 'Ỷ'),
    (0x19, 'Ỹ'),
    (0x1E, 'Ỵ'),
];
/// TCVN 5712:1993 bytes 0x80..=0xFF as glibc's `iconv` (`TCVN5712-1`, the full "VN1" set)
/// decodes them; 0xB0..=0xB4 are combining tone marks, composed later by NFC.
///
/// The "ABC" fonts most TCVN3 documents were typed in use the smaller VN3 set: the same bytes
/// for every lowercase letter and for Ă Â Ê Ô Ơ Ư Đ, and no toned capitals (a capital font
/// showed the lowercase bytes as capitals). VN1 is implemented because it is a superset: ABC
/// text decodes the same, and VN1 text keeps its toned capitals. Text typed in an ABC capital
/// font comes out in lowercase, which search folds anyway.
const TCVN3_HIGH: &str = "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ\u{A0}ĂÂÊÔƠƯĐăâêôơưđẰ\u{300}\u{309}\u{303}\u{301}\u{323}àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ";
/// TCVN3 capitals in C0 control slots (none of them tab, line feed or return).
const TCVN3_LOW: [(u8, char); 12] = [
    (0x01, 'Ú'),
    (0x02, 'Ụ'),
    (0x04, 'Ừ'),
    (0x05, 'Ử'),
    (0x06, 'Ữ'),
    (0x11, 'Ứ'),
    (0x12, 'Ự'),
    (0x13, 'Ỳ'),
    (0x14, 'Ỷ'),
    (0x15, 'Ỹ'),
    (0x16, 'Ý'),
    (0x17, 'Ỵ'),
];

/// Decodes bytes in a legacy Vietnamese encoding to text (not yet NFC).
pub(crate) fn decode(bytes: &[u8], encoding: LegacyEncoding) -> String {
    match encoding {
        LegacyEncoding::Viscii => table_decode(bytes, VISCII_HIGH, &VISCII_LOW),
        LegacyEncoding::Tcvn3 => table_decode(bytes, TCVN3_HIGH, &TCVN3_LOW),
        LegacyEncoding::Vni => vni_decode(bytes),
    }
}

fn table_decode(bytes: &[u8], high: &str, low: &[(u8, char)]) -> String {
    let high: Vec<char> = high.chars().collect();
    debug_assert_eq!(high.len(), 128);
    bytes
        .iter()
        .map(|&b| match b {
            0x80.. => high[usize::from(b - 0x80)],
            _ => low
                .iter()
                .find(|(byte, _)| *byte == b)
                .map_or(char::from(b), |&(_, c)| c),
        })
        .collect()
}

/// VNI-Windows, from its published definition (VNI Software's VNI-Windows font table, as
/// charted at vietunicode.sourceforge.net/charset): a vowel is an ASCII base letter followed
/// by one Latin-1 byte for its tone or its shape and tone; the mark byte has the case of the
/// letter (`AÙ`, `aù`), but either case is read here. Tones: `ø` grave, `ù` acute, `û` hook,
/// `õ` tilde, `ï` dot. Circumflex (a e o): `â` alone, `à á å ã ä` with the five tones. Breve
/// (a): `ê` alone, `è é ú ü ë` with the tones. `ô` is ơ and `ö` is ư, taking tone bytes in
/// turn; the toned i and ỵ are single bytes (see [`vni_single`]).
fn vni_pair(base: u8, mark: u8) -> Option<char> {
    let upper = base.is_ascii_uppercase() || matches!(base, 0xD4 | 0xD6);
    let base = match base {
        0xD4 | 0xD6 => base + 0x20,
        _ => base.to_ascii_lowercase(),
    };
    let mark = if (0xC0..=0xDE).contains(&mark) {
        mark + 0x20
    } else {
        mark
    };
    let tone = |m: u8| [0xF8, 0xF9, 0xFB, 0xF5, 0xEF].iter().position(|&t| t == m);
    let circumflex = |m: u8| {
        [0xE2, 0xE0, 0xE1, 0xE5, 0xE3, 0xE4]
            .iter()
            .position(|&t| t == m)
    };
    let breve = |m: u8| {
        [0xEA, 0xE8, 0xE9, 0xFA, 0xFC, 0xEB]
            .iter()
            .position(|&t| t == m)
    };
    let (row, column) = match base {
        b'a' => tone(mark)
            .map(|t| (0, t + 1))
            .or_else(|| breve(mark).map(|t| (1, t)))
            .or_else(|| circumflex(mark).map(|t| (2, t)))?,
        b'e' => tone(mark)
            .map(|t| (3, t + 1))
            .or_else(|| circumflex(mark).map(|t| (4, t)))?,
        b'o' => tone(mark)
            .map(|t| (6, t + 1))
            .or_else(|| circumflex(mark).map(|t| (7, t)))?,
        0xF4 => (8, tone(mark)? + 1),
        b'u' => (9, tone(mark)? + 1),
        0xF6 => (10, tone(mark)? + 1),
        // ỵ is a single byte (`î`), so y takes only four tone bytes.
        b'y' if mark != 0xEF => (11, tone(mark)? + 1),
        _ => return None,
    };
    let letter = TONE_ROWS[row].chars().nth(column)?;
    Some(if upper {
        letter.to_uppercase().next().unwrap_or(letter)
    } else {
        letter
    })
}

/// VNI letters that are one byte: đ, ơ, ư, the toned i and ỵ; other bytes are Windows-1252.
fn vni_single(byte: u8) -> char {
    match byte {
        0xF1 => 'đ',
        0xD1 => 'Đ',
        0xF4 => 'ơ',
        0xD4 => 'Ơ',
        0xF6 => 'ư',
        0xD6 => 'Ư',
        0xEC => 'ì',
        0xCC => 'Ì',
        0xED => 'í',
        0xCD => 'Í',
        0xE6 => 'ỉ',
        0xC6 => 'Ỉ',
        0xF3 => 'ĩ',
        0xD3 => 'Ĩ',
        0xF2 => 'ị',
        0xD2 => 'Ị',
        0xEE => 'ỵ',
        0xCE => 'Ỵ',
        _ => windows_1252(byte),
    }
}

fn vni_decode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if let Some(letter) = bytes
            .get(at + 1)
            .and_then(|&mark| vni_pair(bytes[at], mark))
        {
            text.push(letter);
            at += 2;
        } else {
            text.push(vni_single(bytes[at]));
            at += 1;
        }
    }
    text
}

/// The base vowel row and tone (0 = none) of a lowercase Vietnamese vowel.
fn vowel(c: char) -> Option<(usize, usize)> {
    TONE_ROWS
        .iter()
        .enumerate()
        .find_map(|(row, letters)| letters.chars().position(|l| l == c).map(|t| (row, t)))
}

/// Initial consonants of Vietnamese syllables (longest first).
const ONSETS: [&str; 27] = [
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];
/// Final consonants.
const CODAS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
/// Vowel groups of Vietnamese syllables, spelled with toneless vowels (the first letter of
/// each [`TONE_ROWS`] row).
const NUCLEI: [&str; 54] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "yêu", "oai", "oay", "uôi", "ươi",
    "ươu", "uyê", "uya", "uyu", "oeo", "uây",
];

/// True when a lowercase word is a well-formed Vietnamese syllable: onset, vowel group and
/// final consonant from the language's inventory, at most one tone. Text decoded with the
/// wrong table breaks this on most words (`chiỡnh`, `réunion`), the right one on almost none.
fn is_syllable(word: &str) -> bool {
    let mut tones = 0;
    let mut plain = String::with_capacity(word.len());
    for c in word.chars() {
        match vowel(c) {
            Some((row, tone)) => {
                tones += usize::from(tone > 0);
                plain.extend(TONE_ROWS[row].chars().next());
            }
            None if c == 'đ' || c.is_ascii_lowercase() => plain.push(c),
            None => return false,
        }
    }
    if tones > 1 {
        return false;
    }
    let split = |onset: &str| {
        let Some(rest) = plain.strip_prefix(onset) else {
            return false;
        };
        let end = rest
            .char_indices()
            .find(|(_, c)| vowel(*c).is_none())
            .map_or(rest.len(), |(at, _)| at);
        NUCLEI.contains(&&rest[..end]) && CODAS.contains(&&rest[end..])
    };
    split("") || ONSETS.iter().any(|onset| split(onset))
}

/// Bytes sampled to recognise a legacy encoding.
const SAMPLE_BYTES: usize = 64 << 10;

/// How well a decoding reads as Vietnamese: words, words of two letters or more with a
/// non-ASCII letter, and how many of those are syllables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Fit {
    words: usize,
    marked: usize,
    syllables: usize,
}

fn fit(text: &str) -> Fit {
    let mut fit = Fit::default();
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        fit.words += 1;
        // One-letter words are left out: typographic symbols read through the wrong table
        // become lone letters (`—` is `Ở` in VISCII) that would pass as syllables.
        if !word.is_ascii() && word.chars().nth(1).is_some() {
            fit.marked += 1;
            fit.syllables += usize::from(is_syllable(&word.to_lowercase()));
        }
    }
    fit
}

impl Fit {
    /// Vietnamese marks most words, and the right table makes nearly all of them syllables.
    /// Western text has far fewer marked words and few of them pass (`à`, `là`).
    fn convincing(self) -> bool {
        self.syllables >= 3
            && self.marked * 10 >= self.words * 3
            && self.syllables * 10 >= self.marked * 8
    }

    /// Some evidence of Vietnamese, but not enough to convert with confidence.
    fn plausible(self) -> bool {
        self.syllables >= 3
            && self.marked * 10 >= self.words * 2
            && self.syllables * 2 >= self.marked
    }
}

/// What the bytes of a non-UTF-8 text look like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Guess {
    /// Not legacy Vietnamese.
    None,
    /// This legacy encoding, clearly.
    Found(LegacyEncoding),
    /// Vietnamese in some legacy encoding, but no table reads it clearly.
    Undecidable(Vec<LegacyEncoding>),
}

/// Recognises a legacy Vietnamese encoding by decoding a sample with each table and
/// keeping the one whose words read as Vietnamese syllables.
pub(crate) fn guess(bytes: &[u8]) -> Guess {
    let mut sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    // Do not let the sample end inside a VNI letter pair or a word.
    if sample.len() < bytes.len() {
        if let Some(cut) = sample.iter().rposition(u8::is_ascii_whitespace) {
            sample = &sample[..cut];
        }
    }
    let mut fits: Vec<(LegacyEncoding, Fit)> = [
        LegacyEncoding::Viscii,
        LegacyEncoding::Tcvn3,
        LegacyEncoding::Vni,
    ]
    .into_iter()
    .map(|encoding| (encoding, fit(&decode(sample, encoding))))
    .collect();
    fits.sort_by_key(|(_, fit)| std::cmp::Reverse(fit.syllables));
    let (best, best_fit) = fits[0];
    let runner_up = fits[1].1;
    // Two tables both reading most words as syllables is not something real text does; say
    // so rather than pick one.
    let clear_margin = best_fit.syllables * 4 >= runner_up.syllables * 5;
    if best_fit.convincing() && clear_margin {
        Guess::Found(best)
    } else if best_fit.plausible() {
        Guess::Undecidable(
            fits.iter()
                .filter(|(_, fit)| fit.plausible())
                .map(|(encoding, _)| *encoding)
                .collect(),
        )
    } else {
        Guess::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nfc(text: &str) -> String {
        newsindex_analysis::nfc(text).into_owned()
    }

    /// All 134 non-ASCII Vietnamese letters, lowercase then uppercase.
    fn letters() -> Vec<char> {
        let lower: Vec<char> = TONE_ROWS
            .iter()
            .flat_map(|row| row.chars())
            .filter(|c| !c.is_ascii())
            .chain(['đ'])
            .collect();
        let upper: Vec<char> = lower.iter().flat_map(|c| c.to_uppercase()).collect();
        [lower, upper].concat()
    }

    /// Checks a table against expectations `letter<TAB>hex bytes`, one a line.
    fn check_table(encoding: LegacyEncoding, expectations: &str) {
        let mut seen = Vec::new();
        for line in expectations.lines().filter(|l| !l.starts_with('#')) {
            let (letter, hex) = line.split_once('\t').unwrap();
            let bytes: Vec<u8> = (0..hex.len())
                .step_by(2)
                .map(|at| u8::from_str_radix(&hex[at..at + 2], 16).unwrap())
                .collect();
            assert_eq!(nfc(&decode(&bytes, encoding)), letter, "{encoding} {hex}");
            seen.push(letter.chars().next().unwrap());
        }
        assert_eq!(seen, letters(), "{encoding}: every letter, in order");
    }

    #[test]
    fn there_are_134_letters() {
        assert_eq!(letters().len(), 134);
    }

    #[test]
    fn viscii_matches_iconv_letter_by_letter() {
        check_table(
            LegacyEncoding::Viscii,
            include_str!("../tests/legacy/viscii.tsv"),
        );
    }

    #[test]
    fn tcvn3_matches_iconv_letter_by_letter() {
        check_table(
            LegacyEncoding::Tcvn3,
            include_str!("../tests/legacy/tcvn3.tsv"),
        );
    }

    #[test]
    fn vni_matches_its_published_chart_letter_by_letter() {
        check_table(LegacyEncoding::Vni, include_str!("../tests/legacy/vni.tsv"));
    }

    #[test]
    fn vni_reads_marks_of_either_case_and_leaves_stray_marks() {
        assert_eq!(vni_decode(b"Vie\xE4t A\xD9 A\xF9 \xF9"), "Việt Á Á ù");
        assert_eq!(vni_decode(b"\xD1\xF6\xF4\xEFc"), "Được");
    }

    #[test]
    fn syllables() {
        for word in [
            "việt", "người", "nghiêng", "quốc", "gì", "gia", "khuya", "đ",
        ] {
            assert_eq!(is_syllable(word), word != "đ", "{word}");
        }
        for word in ["réunion", "été", "chiỡnh", "café", "fête", "hello", "dès"] {
            assert!(!is_syllable(word), "{word}");
        }
    }

    /// Vietnamese text in a legacy encoding, encoded from Unicode with a test-side table.
    fn encode(text: &str, encoding: LegacyEncoding) -> Vec<u8> {
        let table = match encoding {
            LegacyEncoding::Viscii => include_str!("../tests/legacy/viscii.tsv"),
            LegacyEncoding::Tcvn3 => include_str!("../tests/legacy/tcvn3.tsv"),
            LegacyEncoding::Vni => include_str!("../tests/legacy/vni.tsv"),
        };
        let mut bytes = Vec::new();
        for c in text.chars() {
            let found = table
                .lines()
                .find_map(|l| l.strip_prefix(c).and_then(|r| r.strip_prefix('\t')));
            match found {
                Some(hex) => bytes.extend(
                    (0..hex.len())
                        .step_by(2)
                        .map(|at| u8::from_str_radix(&hex[at..at + 2], 16).unwrap()),
                ),
                None => bytes.push(u8::try_from(u32::from(c)).unwrap()),
            }
        }
        bytes
    }

    const VI: &str = "Thủ tướng Chính phủ đã ký quyết định phê duyệt chương trình phát triển \
        khoa học và công nghệ quốc gia giai đoạn mới, với mục tiêu nâng cao năng lực nghiên cứu \
        của các trường đại học và viện nghiên cứu trong cả nước.";

    #[test]
    fn each_encoding_is_recognised_from_its_bytes() {
        for encoding in [
            LegacyEncoding::Viscii,
            LegacyEncoding::Tcvn3,
            LegacyEncoding::Vni,
        ] {
            let bytes = encode(VI, encoding);
            assert_eq!(guess(&bytes), Guess::Found(encoding), "{encoding}");
            assert_eq!(nfc(&decode(&bytes, encoding)), VI);
        }
    }

    #[test]
    fn western_text_is_not_legacy_vietnamese() {
        for text in [
            &b"La r\xE9union du minist\xE8re s'est tenue \xE0 Paris: l'\xE9t\xE9 fut chaud, \
               o\xF9 \xE7a d\xE9j\xE0 \xAB tr\xE8s \xBB na\xEFve No\xEBl c\x9Cur \x80"[..],
            &b"The minister said \x93we will act\x94 \x97 and the plan \x96 costs \x80 5m \
               \x97 was approved \x97 yesterday \x97 by all \x97 members"[..],
            &b"Die Stra\xDFe in M\xFCnchen \xFCber gr\xF6\xDFer K\xF6ln \xE4hnlich"[..],
        ] {
            assert_eq!(
                guess(text),
                Guess::None,
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }
}
