//! The facts a translation keeps (numbers, dates, document codes, Vietnamese person names)
//! and the sentences that state them in each language.

use crate::rng::Rng;
use crate::text::{format_date, format_number};
use newsindex_analysis::fold_diacritics;
use newsindex_core::Lang;

/// One language-neutral fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// A whole number (written with each language's separator).
    Num(u64),
    /// A calendar date.
    Date {
        /// Year.
        year: u16,
        /// Month 1..=12.
        month: u8,
        /// Day 1..=28.
        day: u8,
    },
    /// A document code such as `57-NQ/TW`.
    Code(String),
    /// A Vietnamese person name with its diacritics.
    Name(String),
}

const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Trịnh", "Đinh", "Lương", "Mai",
];
const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Minh", "Hữu", "Đức", "Thanh", "Quốc", "Ngọc", "Xuân", "Hồng", "Thành", "Anh",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phong", "Quang",
    "Sơn", "Thắng", "Thảo", "Trung", "Tuấn", "Việt", "Hà", "Hương", "Khánh", "Linh", "Phúc", "Tâm",
    "Hạnh", "Yến", "Chính", "Kiên", "Lộc", "Nghĩa",
];

/// Codes, names and numbers many unrelated articles share, as real news on one topic does.
const COMMON_CODES: &[&str] = &[
    "57-NQ/TW",
    "03/NQ-CP",
    "1131/QĐ-TTg",
    "18-NQ/TW",
    "68-NQ/TW",
    "66/NQ-CP",
    "127/CĐ-TTg",
    "45/2024/NĐ-CP",
];
const COMMON_NAMES: &[&str] = &[
    "Tô Lâm",
    "Phạm Minh Chính",
    "Lương Cường",
    "Trần Thanh Mẫn",
    "Bùi Thanh Sơn",
    "Nguyễn Chí Dũng",
];
const COMMON_NUMBERS: &[u64] = &[100, 1000, 2025, 500, 63, 34, 10000, 1500];

/// A fresh fact of a random kind, or (with probability `common`) one of the shared topic
/// facts.
pub fn random_fact(rng: &mut Rng, common: f64) -> Fact {
    let shared = rng.chance(common);
    match rng.below(20) {
        0..=6 if shared => Fact::Num(*rng.pick(COMMON_NUMBERS)),
        0..=6 => Fact::Num(match rng.below(3) {
            0 => rng.range(100, 999),
            1 => rng.range(1_000, 99_999),
            _ => rng.range(100_000, 9_999_999),
        }),
        7..=10 => {
            let year = rng.range(2020, 2025) as u16;
            let (month, day) = if shared {
                (1, 1)
            } else {
                (rng.range(1, 12) as u8, rng.range(1, 28) as u8)
            };
            Fact::Date { year, month, day }
        }
        11..=14 if shared => Fact::Code((*rng.pick(COMMON_CODES)).to_string()),
        11..=14 => Fact::Code(random_code(rng)),
        _ if shared => Fact::Name((*rng.pick(COMMON_NAMES)).to_string()),
        _ => Fact::Name(format!(
            "{} {} {}",
            rng.pick(SURNAMES),
            rng.pick(MIDDLE),
            rng.pick(GIVEN)
        )),
    }
}

fn random_code(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => format!("{}-NQ/TW", rng.range(1, 99)),
        1 => format!("{}/NQ-CP", rng.range(1, 300)),
        2 => format!("{}/QĐ-TTg", rng.range(100, 2500)),
        3 => format!("{}/{}/NĐ-CP", rng.range(1, 200), rng.range(2018, 2025)),
        4 => format!("{}/CĐ-TTg", rng.range(1, 150)),
        _ => format!("{}/TB-VPCP", rng.range(1, 700)),
    }
}

/// Sentence templates per kind and language; the same index in each language is the same
/// sentence translated, so a family states each fact the same way.
const NUM_TEMPLATES: [[&str; 3]; 4] = [
    [
        "Tổng cộng có {} hồ sơ đã được tiếp nhận.",
        "Au total, {} dossiers ont été reçus.",
        "A total of {} applications were received.",
    ],
    [
        "Con số này đã lên tới {} người.",
        "Ce chiffre a atteint {} personnes.",
        "The figure reached {} people.",
    ],
    [
        "Kinh phí dự kiến khoảng {} triệu đồng.",
        "Le budget prévu s'élève à environ {} millions de dongs.",
        "The planned budget is about {} million dong.",
    ],
    [
        "Đã có {} doanh nghiệp tham gia chương trình.",
        "Quelque {} entreprises ont participé au programme.",
        "Some {} businesses took part in the programme.",
    ],
];
const DATE_TEMPLATES: [[&str; 3]; 3] = [
    [
        "Sự kiện diễn ra vào {}.",
        "L'événement a eu lieu le {}.",
        "The event took place on {}.",
    ],
    [
        "Văn bản được ký {}.",
        "Le texte a été signé le {}.",
        "The text was signed on {}.",
    ],
    [
        "Thời hạn cuối cùng là {}.",
        "La date limite est fixée au {}.",
        "The deadline is {}.",
    ],
];
const CODE_TEMPLATES: [[&str; 3]; 3] = [
    [
        "Nội dung này được nêu trong văn bản số {}.",
        "Ce contenu figure dans le document {}.",
        "This is set out in document {}.",
    ],
    [
        "Văn bản {} có hiệu lực từ ngày ký.",
        "Le texte {} entre en vigueur dès sa signature.",
        "Text {} takes effect upon signing.",
    ],
    [
        "Các địa phương phải triển khai {} ngay.",
        "Les provinces doivent appliquer le {} sans tarder.",
        "Provinces must apply {} without delay.",
    ],
];
const NAME_TEMPLATES: [[&str; 3]; 3] = [
    [
        "Theo {}, đây là bước đi cần thiết.",
        "Selon {}, c'est une étape nécessaire.",
        "According to {}, this is a necessary step.",
    ],
    [
        "{} phát biểu tại cuộc họp.",
        "{} s'est exprimé lors de la réunion.",
        "{} spoke at the meeting.",
    ],
    [
        "Ý kiến của {} được nhiều đại biểu ủng hộ.",
        "L'avis de {} a reçu le soutien de nombreux délégués.",
        "The view of {} was backed by many delegates.",
    ],
];

/// How many templates a fact of this kind has.
pub fn template_count(fact: &Fact) -> usize {
    match fact {
        Fact::Num(_) => NUM_TEMPLATES.len(),
        Fact::Date { .. } => DATE_TEMPLATES.len(),
        Fact::Code(_) => CODE_TEMPLATES.len(),
        Fact::Name(_) => NAME_TEMPLATES.len(),
    }
}

/// The sentence stating `fact` in `lang` with template `template`; `rng` picks the writing
/// variants a real outlet varies (`ngày` before a Vietnamese date, a name without its
/// diacritics in French or English).
pub fn render(fact: &Fact, lang: Lang, template: usize, rng: &mut Rng) -> String {
    let column = match lang {
        Lang::Vi => 0,
        Lang::Fr => 1,
        _ => 2,
    };
    let (pattern, value) = match fact {
        Fact::Num(n) => (
            NUM_TEMPLATES[template % NUM_TEMPLATES.len()][column],
            format_number(*n, lang),
        ),
        Fact::Date { year, month, day } => {
            let mut value = format_date(*year, *month, *day, lang);
            if lang == Lang::Vi && rng.chance(0.6) {
                value = format!("ngày {value}");
            }
            (
                DATE_TEMPLATES[template % DATE_TEMPLATES.len()][column],
                value,
            )
        }
        Fact::Code(code) => (
            CODE_TEMPLATES[template % CODE_TEMPLATES.len()][column],
            code.clone(),
        ),
        Fact::Name(name) => {
            let value = if lang != Lang::Vi && rng.chance(0.7) {
                fold_diacritics(name)
            } else {
                name.clone()
            };
            (
                NAME_TEMPLATES[template % NAME_TEMPLATES.len()][column],
                value,
            )
        }
    };
    capitalize_first(&pattern.replacen("{}", &value, 1))
}

fn capitalize_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_analysis::{extract_anchors, AnchorKind};

    #[test]
    fn every_rendering_carries_the_same_anchor() {
        let facts = [
            (Fact::Num(1132), AnchorKind::Num, "1132"),
            (
                Fact::Date {
                    year: 2024,
                    month: 12,
                    day: 22,
                },
                AnchorKind::Date,
                "2024-12-22",
            ),
            (
                Fact::Code("1131/QĐ-TTg".into()),
                AnchorKind::Code,
                "1131/qd-ttg",
            ),
        ];
        let mut rng = Rng::new(3);
        for (fact, kind, value) in facts {
            for lang in [Lang::Vi, Lang::Fr, Lang::En] {
                for template in 0..template_count(&fact) {
                    let sentence = render(&fact, lang, template, &mut rng);
                    let anchors = extract_anchors(&sentence, lang);
                    assert!(
                        anchors.iter().any(|a| a.kind == kind && a.value == value),
                        "{sentence}: {anchors:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn names_keep_their_anchor_with_or_without_diacritics() {
        let fact = Fact::Name("Nguyễn Văn An".into());
        let mut rng = Rng::new(11);
        for lang in [Lang::Vi, Lang::Fr, Lang::En] {
            for template in 0..template_count(&fact) {
                let sentence = render(&fact, lang, template, &mut rng);
                let anchors = extract_anchors(&sentence, lang);
                assert!(
                    anchors
                        .iter()
                        .any(|a| a.kind == AnchorKind::Name && a.value == "nguyen van an"),
                    "{sentence}: {anchors:?}"
                );
            }
        }
    }

    #[test]
    fn random_facts_cover_every_kind() {
        let mut rng = Rng::new(5);
        let facts: Vec<Fact> = (0..400).map(|_| random_fact(&mut rng, 0.3)).collect();
        assert!(facts.iter().any(|f| matches!(f, Fact::Num(_))));
        assert!(facts.iter().any(|f| matches!(f, Fact::Date { .. })));
        assert!(facts.iter().any(|f| matches!(f, Fact::Code(_))));
        assert!(facts.iter().any(|f| matches!(f, Fact::Name(_))));
    }
}
