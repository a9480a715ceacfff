//! ASCII folding and a Vietnamese syllable check, used to recognise person names.
//!
//! The check runs on the folded form (`Nguyễn` → `nguyen`), so it is approximate: it accepts
//! every Vietnamese syllable and rejects most French and English words, which carry consonant
//! clusters (`pr`, `nd`, `st`), codas Vietnamese never has (`r`, `s`, `l`, `d`) or a final mute
//! `e` after a consonant (`monde`, `parti` fails on its `r` coda).

use std::collections::HashSet;
use std::sync::LazyLock;

/// Lowercase and folded (the project's one fold, [`crate::fold_diacritics`]): `Đà Nẵng` →
/// `da nang`.
pub(crate) fn fold(text: &str) -> String {
    crate::fold_diacritics(text).to_lowercase()
}

/// Letters of the Vietnamese alphabet with their tone and quality marks, lowercase.
/// Any other letter (`ç`, `ë`, `î`, `û`, `œ`, `w`, `f`, `j`, `z`) means the word is not Vietnamese.
fn is_vietnamese_letter(c: char) -> bool {
    const MARKED: &str = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
    matches!(c, 'a'..='e' | 'g'..='i' | 'k'..='v' | 'x' | 'y') || MARKED.contains(c)
}

/// Initial consonants, longest first so that `ngh` wins over `ng` and `n`.
const ONSETS: &[&str] = &[
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h",
    "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Final consonants.
const CODAS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Vowel nuclei (folded) that may be followed by a final consonant.
const CLOSABLE: &[&str] = &[
    "a", "e", "i", "o", "u", "y", "ie", "ye", "oa", "oe", "oo", "ua", "ue", "uo", "uy", "uye",
];

/// Vowel nuclei (folded) that end in a glide and so never take a final consonant.
const OPEN_ONLY: &[&str] = &[
    "ai", "ao", "au", "ay", "eo", "eu", "ia", "iu", "oi", "ui", "uu", "oai", "oao", "oay", "oeo",
    "uay", "uoi", "uou", "ieu", "yeu", "uya", "uyu", "ua", "uo",
];

/// Whether `word` (any case, with or without diacritics) is one well-formed Vietnamese
/// syllable: onset + 1–3 vowel nucleus + coda, Vietnamese letters only.
pub(crate) fn is_syllable(word: &str) -> bool {
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    if lower.is_empty() || lower.chars().count() > 7 || !lower.chars().all(is_vietnamese_letter) {
        return false;
    }
    let folded = fold(&lower);
    ONSETS.iter().any(|onset| {
        folded
            .strip_prefix(onset)
            .is_some_and(|rest| rhyme_ok(rest, onset))
    })
}

/// Whether `rest` is a valid nucleus + coda after `onset`.
fn rhyme_ok(rest: &str, onset: &str) -> bool {
    let split = rest
        .find(|c: char| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
        .unwrap_or(rest.len());
    let (nucleus, coda) = rest.split_at(split);
    if nucleus.is_empty() {
        // `gi` alone (`gì`) has its vowel inside the onset.
        return onset == "gi" && CODAS.contains(&coda);
    }
    if !CODAS.contains(&coda) {
        return false;
    }
    // After `qu` the `u` belongs to the onset; `quy`, `quyen`, `qua` keep a normal nucleus.
    if coda.is_empty() {
        CLOSABLE.contains(&nucleus) || OPEN_ONLY.contains(&nucleus)
    } else {
        CLOSABLE.contains(&nucleus)
    }
}

/// Common Vietnamese family names, with their diacritics, lowercase.
const SURNAMES: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "đinh", "trương", "mai", "trịnh", "lâm", "lương", "lưu", "cao",
    "tạ", "quách", "đoàn", "thái", "hà", "tô", "chu", "tống", "la", "lã", "kiều", "lại", "vương",
    "triệu", "đào", "khuất", "giang", "thạch", "hứa", "phùng", "tôn", "lư", "mạc", "nông", "ông",
    "thiều", "tiêu", "âu", "diệp", "ung", "châu", "đàm", "lục", "nghiêm", "quan", "hầu", "khúc",
    "từ", "doãn", "đồng", "lò", "đậu", "lạc", "tăng",
];

/// Whether `word` is a common Vietnamese family name. A word with diacritics must match
/// exactly (so `Đảng` "party" and `Vụ` "department" are not `Đặng` and `Vũ`); a bare ASCII
/// word matches the folded form (`Nguyen`, `To`, `Le`), as English and French texts write it.
pub(crate) fn is_surname(word: &str) -> bool {
    static FOLDED: LazyLock<HashSet<String>> =
        LazyLock::new(|| SURNAMES.iter().map(|s| fold(s)).collect());
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    if lower.is_ascii() {
        FOLDED.contains(&lower)
    } else {
        SURNAMES.contains(&lower.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_and_french() {
        for (raw, want) in [
            ("Tô Lâm", "to lam"),
            ("Đà Nẵng ĐỔI MỚI", "da nang doi moi"),
            ("Phạm Minh Chính", "pham minh chinh"),
            ("décembre", "decembre"),
            ("BCĐTW", "bcdtw"),
            ("", ""),
        ] {
            assert_eq!(fold(raw), want, "{raw}");
        }
    }

    #[test]
    fn accepts_vietnamese_syllables() {
        for word in [
            "Nguyễn", "Nguyen", "Trần", "Lâm", "to", "hoài", "Trung", "Quang", "quyết", "Ngọc",
            "nghiêng", "khuỷu", "gì", "gia", "Tú", "Mẫn", "Chính", "Huỳnh", "xoong", "Hải", "tuân",
            "thuở", "người", "Duy", "Giang",
        ] {
            assert!(is_syllable(word), "{word} should be a syllable");
        }
    }

    #[test]
    fn rejects_french_and_english_words() {
        for word in [
            "Premier",
            "Parti",
            "Vietnam",
            "Monde",
            "Secrétaire",
            "General",
            "Minister",
            "Party",
            "Wants",
            "Chairman",
            "City",
            "François",
            "strong",
            "Paris",
            "Hanoi",
            "",
            "abcdefgh",
        ] {
            assert!(!is_syllable(word), "{word} should not be a syllable");
        }
    }

    #[test]
    fn surnames_match_exactly_or_folded() {
        for (word, want) in [
            ("Nguyễn", true),
            ("Nguyen", true),
            ("Đặng", true),
            ("Đảng", false),
            ("Vụ", false),
            ("Vũ", true),
            ("Le", true),
            ("Paris", false),
        ] {
            assert_eq!(is_surname(word), want, "{word}");
        }
    }
}
