//! Text helpers of the generator: detokenising treebank text, splitting news bodies into
//! sentences, and writing numbers and dates the way each language does.

use newsindex_core::Lang;

/// Joins a tokenised treebank line back into running text: no space before closing
/// punctuation, none after an opening bracket, straight quotes paired open/close.
pub fn detokenize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut glue_next = false;
    let mut quote_open = false;
    for token in line.split_whitespace() {
        if token == "\"" {
            if quote_open {
                out.push('"');
                glue_next = false;
            } else {
                if !out.is_empty() && !glue_next {
                    out.push(' ');
                }
                out.push('"');
                glue_next = true;
            }
            quote_open = !quote_open;
            continue;
        }
        let attaches_left = matches!(
            token,
            "," | "." | ":" | ";" | "!" | "?" | ")" | "]" | "..." | "…" | "%"
        );
        if !out.is_empty() && !attaches_left && !glue_next {
            out.push(' ');
        }
        out.push_str(token);
        glue_next = matches!(token, "(" | "[");
    }
    out
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "M", "MM", "Mme", "Mmes", "Mlle", "Dr", "Pr", "Me", "St", "Ste", "Mr", "Mrs", "Ms", "No", "n°",
    "p", "av", "J.-C", "cf", "vs", "Jr", "Sr", "Inc", "Co", "Corp", "Gen", "Sen", "Rep",
];

/// Splits running text into sentences: after `.`, `!`, `?` or `…` (and any closing quote or
/// bracket) when the next letter is uppercase, including the glued joins `fin.Début` left
/// where paragraph breaks were lost; not after a known abbreviation or an initial.
pub fn split_sentences(text: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut sentences = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?' | '…') {
                j += 1;
            }
            // Closing quotes and brackets belong to the sentence, French `»` after a space too.
            let mut end_index = j;
            let mut k = j;
            while k < chars.len() {
                let n = chars[k].1;
                if matches!(n, '"' | '»' | '”' | '’' | ')' | ']') {
                    k += 1;
                    end_index = k;
                } else if n.is_whitespace() {
                    k += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(end_index).map_or(text.len(), |&(b, _)| b);
            let next_upper = chars
                .get(k)
                .is_some_and(|&(_, n)| n.is_uppercase() || matches!(n, '«' | '"' | '“'));
            let at_end = k >= chars.len();
            if (next_upper || at_end) && !(c == '.' && is_abbreviation(&text[start..chars[i].0])) {
                let sentence = text[start..end].trim();
                if !sentence.is_empty() {
                    sentences.push(sentence.to_string());
                }
                start = chars.get(k).map_or(text.len(), |&(b, _)| b);
                i = k;
                continue;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    let rest = text[start.min(text.len())..].trim();
    if !rest.is_empty() {
        sentences.push(rest.to_string());
    }
    sentences
}

/// True when the text before a period ends with an abbreviation or a one-letter initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '«')
        .next()
        .unwrap_or("");
    let mut letters = word.chars();
    match (letters.next(), letters.next()) {
        (Some(first), None) => first.is_uppercase(),
        (None, _) => false,
        _ => ABBREVIATIONS.contains(&word),
    }
}

/// A whole number with the thousands separator of `lang`: vi `1.132`, fr `1 132`, en `1,132`.
pub fn format_number(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Lang::Vi => '.',
        Lang::Fr => ' ',
        _ => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(d);
    }
    out
}

const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar date as `lang` writes it in running text: vi `22/12/2024` (the caller adds
/// `ngày` or not), fr `22 décembre 2024` (`1er` for the first), en `December 22, 2024`.
pub fn format_date(year: u16, month: u8, day: u8, lang: Lang) -> String {
    let m = usize::from(month.clamp(1, 12)) - 1;
    match lang {
        Lang::Vi => format!("{day}/{month}/{year}"),
        Lang::Fr if day == 1 => format!("1er {} {year}", FR_MONTHS[m]),
        Lang::Fr => format!("{day} {} {year}", FR_MONTHS[m]),
        _ => format!("{} {day}, {year}", EN_MONTHS[m]),
    }
}

/// Number of whitespace-separated words.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detokenize_table() {
        let cases = [
            (
                "ông Lộc nói : bán đất … , đây là cái sai .",
                "ông Lộc nói: bán đất…, đây là cái sai.",
            ),
            (
                "anh nhắc : \" Coi bộ nhỏ nhưng quan trọng lắm ! \" rồi đi .",
                "anh nhắc: \"Coi bộ nhỏ nhưng quan trọng lắm!\" rồi đi.",
            ),
            ("giá ( năm 2024 ) tăng 5 % .", "giá (năm 2024) tăng 5%."),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(detokenize(input), want, "{input}");
        }
    }

    #[test]
    fn split_sentences_table() {
        let cases: [(&str, &[&str]); 6] = [
            ("Il pleut. Il vente!", &["Il pleut.", "Il vente!"]),
            (
                "des Pyrénées.Alors que la neige",
                &["des Pyrénées.", "Alors que la neige"],
            ),
            (
                "M. Dupont est venu. Il a parlé.",
                &["M. Dupont est venu.", "Il a parlé."],
            ),
            (
                "Le taux est de 3.5 pour cent. Oui.",
                &["Le taux est de 3.5 pour cent.", "Oui."],
            ),
            ("« Non. » Puis il part.", &["« Non. »", "Puis il part."]),
            (
                "Đây là câu một. Đây là câu hai",
                &["Đây là câu một.", "Đây là câu hai"],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(split_sentences(input), want, "{input}");
        }
    }

    #[test]
    fn split_sentences_never_panics_on_odd_input() {
        for text in ["", ".", "...", "a.", "é.É", "?!", "«»", "x…Y"] {
            let _ = split_sentences(text);
        }
    }

    #[test]
    fn numbers_follow_each_language() {
        let cases = [
            (1132, Lang::Vi, "1.132"),
            (1132, Lang::Fr, "1 132"),
            (1132, Lang::En, "1,132"),
            (999, Lang::En, "999"),
            (1234567, Lang::Vi, "1.234.567"),
            (100000, Lang::Fr, "100 000"),
            (0, Lang::Fr, "0"),
        ];
        for (n, lang, want) in cases {
            assert_eq!(format_number(n, lang), want);
        }
    }

    #[test]
    fn dates_follow_each_language() {
        assert_eq!(format_date(2024, 12, 22, Lang::Vi), "22/12/2024");
        assert_eq!(format_date(2024, 12, 22, Lang::Fr), "22 décembre 2024");
        assert_eq!(format_date(2024, 1, 1, Lang::Fr), "1er janvier 2024");
        assert_eq!(format_date(2024, 12, 22, Lang::En), "December 22, 2024");
    }
}
