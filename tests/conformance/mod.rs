//! The query-language conformance table: a small fixed corpus written for it and, for each
//! query, the exact set of articles it must match (or the error it must get). The CLI test
//! (`tests/query_conformance.rs`) and the API test
//! (`crates/server/tests/query_conformance.rs`) run the same table, so they also check that
//! both give the same answers. README.md, "Query syntax", is what the table checks.
#![allow(dead_code)]

use newsindex_core::{Article, Date, Lang};

/// What a query must give.
pub enum Expect {
    /// Exactly these articles match (order aside).
    Ids(&'static [&'static str]),
    /// A syntax error whose message contains this.
    Error(&'static str),
}

use Expect::{Error, Ids};

fn article(
    id: &str,
    lang: Lang,
    date: Option<(i32, u32, u32)>,
    source: &str,
    title: &str,
    text: &str,
) -> Article {
    let mut article = Article::new(id, lang);
    article.title = title.to_string();
    article.text = text.to_string();
    article.date = date.and_then(|(y, m, d)| Date::new(y, m, d));
    article.source = Some(source.to_string());
    article.url = Some(format!("https://{source}/{id}"));
    article.lang_confidence = 1.0;
    article.origin = format!("conformance/{id}.json");
    article
}

/// Every article id of the corpus.
pub const ALL: &[&str] = &[
    "en-weather",
    "en-agency",
    "en-driver",
    "en-outlook",
    "en-yagi",
    "vi-yagi",
    "vi-thuydien",
    "vi-toandien",
    "fr-yagi",
    "fr-economie",
    "fr-formation",
    "vi-coquan",
    "fr-agence",
];

/// The corpus: short articles written for this table.
pub fn corpus() -> Vec<Article> {
    vec![
        article(
            "en-weather",
            Lang::En,
            Some((2025, 1, 15)),
            "weather.example",
            "Storm warning issued",
            "The weather agency issued a storm warning for the northern provinces on Monday.",
        ),
        article(
            "en-agency",
            Lang::En,
            Some((2025, 2, 3)),
            "news.example",
            "Agency budget approved",
            "Weather stations run by the agency recorded heavy rain. The budget is the key \
             driver of new hiring.",
        ),
        article(
            "en-driver",
            Lang::En,
            Some((2025, 6, 10)),
            "news.example",
            "Taxi drivers protest",
            "A driver said the key to the protest was fuel prices.",
        ),
        article(
            "en-outlook",
            Lang::En,
            None,
            "news.example",
            "Weather outlook",
            "The agency expects the weather to improve.",
        ),
        article(
            "en-yagi",
            Lang::En,
            Some((2024, 9, 8)),
            "news.example",
            "Typhoon batters northern Vietnam",
            "Typhoon Yagi made landfall in Quang Ninh, unroofing thousands of homes.",
        ),
        article(
            "vi-yagi",
            Lang::Vi,
            Some((2024, 9, 8)),
            "tinmoi.example",
            "Bão Yagi gây thiệt hại nặng",
            "Bão Yagi đổ bộ vào Quảng Ninh, hàng nghìn ngôi nhà bị tốc mái.",
        ),
        article(
            "vi-thuydien",
            Lang::Vi,
            Some((2025, 1, 20)),
            "baomoi.example",
            "Nhà máy thủy điện Hòa Bình mở cửa xả lũ",
            "Nhà máy thủy điện Hòa Bình mở thêm cửa xả đáy sau mưa lớn.",
        ),
        article(
            "vi-toandien",
            Lang::Vi,
            Some((2024, 12, 5)),
            "baomoi.example",
            "Đổi mới toàn diện giáo dục",
            "Chính phủ yêu cầu đổi mới toàn diện giáo dục; ngành điện và thủy lợi cũng được \
             nhắc đến.",
        ),
        article(
            "fr-yagi",
            Lang::Fr,
            Some((2024, 9, 9)),
            "journal.example",
            "Le typhon Yagi frappe le nord du Vietnam",
            "Le typhon Yagi a touché terre à Quang Ninh ; des milliers de maisons ont perdu \
             leur toit.",
        ),
        article(
            "fr-economie",
            Lang::Fr,
            Some((2025, 2, 20)),
            "journal.example",
            "La transformation de l'économie numérique",
            "Le gouvernement accélère la transformation de l'économie numérique et la \
             formation des ingénieurs.",
        ),
        article(
            "fr-formation",
            Lang::Fr,
            Some((2025, 6, 1)),
            "journal.example",
            "Formation des ingénieurs",
            "Les écoles parlent de l'économie de la transformation et des stages.",
        ),
        // Translations of `agency` (the glossary has cơ quan, agence) and a folded `the`
        // (thể): what a phrase must not match through one of its words.
        article(
            "vi-coquan",
            Lang::Vi,
            Some((2025, 3, 10)),
            "baomoi.example",
            "Cơ quan khí tượng cảnh báo mưa lớn",
            "Cơ quan khí tượng cho biết mưa lớn có thể kéo dài đến cuối tuần.",
        ),
        article(
            "fr-agence",
            Lang::Fr,
            Some((2025, 3, 11)),
            "journal.example",
            "L'agence météo prévoit des pluies",
            "L'agence météorologique prévoit des pluies fortes dans le nord.",
        ),
    ]
}

/// Articles of every language dated in September 2024 (the typhoon).
const YAGI: &[&str] = &["en-yagi", "vi-yagi", "fr-yagi"];

/// The table: query, then what it must give.
pub const CASES: &[(&str, Expect)] = &[
    // Phrases, enforced by positions, in every language.
    ("\"the weather agency\"", Ids(&["en-weather"])),
    ("\"weather agency\"", Ids(&["en-weather"])),
    ("\"weather the agency\"", Ids(&[])),
    ("\"agency weather\"", Ids(&[])),
    ("\"the key driver\"", Ids(&["en-agency"])),
    ("\"key driver\"", Ids(&["en-agency"])),
    ("\"driver key\"", Ids(&[])),
    ("\"Storm Warning\"", Ids(&["en-weather"])),
    ("\"transformation de l'économie\"", Ids(&["fr-economie"])),
    (
        "\"la transformation de l'économie numérique\"",
        Ids(&["fr-economie"]),
    ),
    ("\"transformation de l'economie\"", Ids(&["fr-economie"])),
    (
        "\"l'économie de la transformation\"",
        Ids(&["fr-formation"]),
    ),
    // French stop words are not indexed: they hold their place, any stop word fills it.
    ("\"transformation la l'économie\"", Ids(&["fr-economie"])),
    ("\"transformation l'économie\"", Ids(&[])),
    // English keeps every word, `the` included.
    ("\"said the key\"", Ids(&["en-driver"])),
    ("\"said key\"", Ids(&[])),
    ("\"typhon Yagi\"", Ids(&["fr-yagi"])),
    ("\"Yagi typhon\"", Ids(&[])),
    ("\"thủy điện\"", Ids(&["vi-thuydien"])),
    ("\"thuy dien\"", Ids(&["vi-thuydien"])),
    ("\"thủy dien\"", Ids(&["vi-thuydien"])),
    ("\"thuỷ điện\"", Ids(&["vi-thuydien"])),
    ("\"điện thủy\"", Ids(&[])),
    ("\"toàn diện\"", Ids(&["vi-toandien"])),
    ("\"bão Yagi\"", Ids(&["vi-yagi"])),
    ("\"Yagi bão\"", Ids(&[])),
    // Words, and + / - on words and phrases.
    ("Yagi", Ids(YAGI)),
    ("thủy", Ids(&["vi-thuydien", "vi-toandien"])),
    ("thủy -lợi", Ids(&["vi-thuydien"])),
    ("driver", Ids(&["en-agency", "en-driver"])),
    ("driver -protest", Ids(&["en-agency"])),
    ("+driver +protest", Ids(&["en-driver"])),
    ("weather +budget", Ids(&["en-agency"])),
    // In words whose function words name their language, those words are grammar: `the`
    // and `of` match nothing here, where one `the` alone is a word like any other (in
    // vi-coquan, folded: `thế`).
    (
        "the driver of the protest",
        Ids(&["en-agency", "en-driver"]),
    ),
    (
        "driver the",
        Ids(&[
            "en-weather",
            "en-agency",
            "en-driver",
            "en-outlook",
            "vi-coquan",
        ]),
    ),
    // Words are also matched through their translations (agency: cơ quan, agence).
    (
        "agency -\"weather agency\"",
        Ids(&["en-agency", "en-outlook", "vi-coquan", "fr-agence"]),
    ),
    ("+\"key driver\" weather", Ids(&["en-agency"])),
    ("-\"thủy điện\" thủy", Ids(&["vi-toandien"])),
    // AND, OR, parentheses and precedence.
    ("driver AND protest", Ids(&["en-driver"])),
    ("budget AND", Error("AND needs something on its right")),
    ("AND budget", Error("AND needs something on its left")),
    ("budget OR protest", Ids(&["en-agency", "en-driver"])),
    ("budget OR", Error("OR needs something on its right")),
    ("OR budget", Error("OR needs something on its left")),
    // AND binds tighter than OR, and OR tighter than juxtaposition.
    // (warning is also cảnh báo, in vi-coquan's title.)
    (
        "warning OR budget AND rain",
        Ids(&["en-weather", "en-agency", "vi-coquan"]),
    ),
    (
        "warning OR budget AND protest",
        Ids(&["en-weather", "vi-coquan"]),
    ),
    (
        "(warning OR budget) AND rain",
        Ids(&["en-agency", "vi-coquan"]),
    ),
    (
        "protest warning OR budget",
        Ids(&["en-driver", "en-weather", "en-agency", "vi-coquan"]),
    ),
    // `a b AND c` is `a +b +c`: the AND operands are required, the rest ranks.
    ("improve budget AND rain", Ids(&["en-agency"])),
    ("improve +budget +rain", Ids(&["en-agency"])),
    ("fuel OR \"key driver\"", Ids(&["en-driver", "en-agency"])),
    ("protest OR -agency lang:en", Ids(&["en-driver", "en-yagi"])),
    (
        "((protest OR budget) AND (fuel OR hiring))",
        Ids(&["en-driver", "en-agency"]),
    ),
    ("agency AND -rain", Ids(&["en-weather", "en-outlook"])),
    (
        "agency AND (budget OR improve)",
        Ids(&["en-agency", "en-outlook"]),
    ),
    ("-(agency OR Yagi) lang:en", Ids(&["en-driver"])),
    ("(Yagi) -(toit OR tốc)", Ids(&["en-yagi"])),
    ("stations and budget", Ids(&["en-agency"])),
    ("(budget", Error("unclosed parenthesis")),
    ("budget)", Error("unmatched )")),
    ("()", Error("empty parentheses")),
    // Field prefixes.
    ("title:weather", Ids(&["en-outlook", "fr-agence"])),
    ("title:Yagi", Ids(&["vi-yagi", "fr-yagi"])),
    ("Yagi -title:Yagi", Ids(&["en-yagi"])),
    ("title:\"thủy điện\"", Ids(&["vi-thuydien"])),
    (
        "title:(budget OR protest)",
        Ids(&["en-agency", "en-driver"]),
    ),
    (
        "+title:agency",
        Ids(&["en-agency", "vi-coquan", "fr-agence"]),
    ),
    ("title:", Error("title: needs")),
    // Filters, negated, with + and at the start of the query.
    ("Yagi lang:vi", Ids(&["vi-yagi"])),
    ("Yagi -lang:vi", Ids(&["en-yagi", "fr-yagi"])),
    ("-lang:vi Yagi", Ids(&["en-yagi", "fr-yagi"])),
    ("Yagi +lang:fr", Ids(&["fr-yagi"])),
    ("Yagi lang:vi,fr", Ids(&["vi-yagi", "fr-yagi"])),
    ("Yagi -lang:vi,fr", Ids(&["en-yagi"])),
    ("Yagi -lang:vi -lang:en", Ids(&["fr-yagi"])),
    (
        "lang:fr",
        Ids(&["fr-yagi", "fr-economie", "fr-formation", "fr-agence"]),
    ),
    (
        "-lang:en -lang:fr",
        Ids(&["vi-yagi", "vi-thuydien", "vi-toandien", "vi-coquan"]),
    ),
    ("Yagi source:news.example", Ids(&["en-yagi"])),
    ("Yagi -source:news.example", Ids(&["vi-yagi", "fr-yagi"])),
    (
        "Yagi -source:www.NEWS.example",
        Ids(&["vi-yagi", "fr-yagi"]),
    ),
    (
        "agency Yagi AND -source:news.example",
        Ids(&["vi-yagi", "fr-yagi"]),
    ),
    ("lang:de", Error("unknown language")),
    ("lang:", Error("lang: needs a language code")),
    ("source:", Error("source: needs a domain")),
    ("(Yagi lang:vi)", Error("filters the whole query")),
    ("Yagi OR lang:vi", Error("filters the whole query")),
    ("lang:(vi)", Error("takes one value")),
    // Dates: days, months, years, ranges, open ranges, and their negation.
    (
        "lang:vi since:2025-01-01",
        Ids(&["vi-thuydien", "vi-coquan"]),
    ),
    (
        "lang:vi since:2024-12",
        Ids(&["vi-thuydien", "vi-toandien", "vi-coquan"]),
    ),
    ("lang:vi -since:2025", Ids(&["vi-yagi", "vi-toandien"])),
    ("lang:en until:2025-01", Ids(&["en-weather", "en-yagi"])),
    (
        "lang:en -until:2025-01",
        Ids(&["en-agency", "en-driver", "en-outlook"]),
    ),
    ("date:2025-02", Ids(&["en-agency", "fr-economie"])),
    ("date:2025-02-20", Ids(&["fr-economie"])),
    (
        "-date:2024-09 -lang:en",
        Ids(&[
            "vi-thuydien",
            "vi-toandien",
            "vi-coquan",
            "fr-economie",
            "fr-formation",
            "fr-agence",
        ]),
    ),
    (
        "date:2024-12..2025-01",
        Ids(&["en-weather", "vi-thuydien", "vi-toandien"]),
    ),
    (
        "date:2025-02..",
        Ids(&[
            "en-agency",
            "en-driver",
            "fr-economie",
            "fr-formation",
            "vi-coquan",
            "fr-agence",
        ]),
    ),
    ("date:2025-03", Ids(&["vi-coquan", "fr-agence"])),
    (
        "lang:vi -date:2025-01..2025-03",
        Ids(&["vi-yagi", "vi-toandien"]),
    ),
    (
        "date:..2024",
        Ids(&["en-yagi", "vi-yagi", "fr-yagi", "vi-toandien"]),
    ),
    ("Yagi date:2024-09-09..2024-09-30", Ids(&["fr-yagi"])),
    (
        "Yagi -date:2024-09-09..2024-09-30",
        Ids(&["en-yagi", "vi-yagi"]),
    ),
    (
        "since:2025-01 until:2025-01-31 lang:en",
        Ids(&["en-weather"]),
    ),
    (
        "since:2025-01 since:2025-02 lang:fr",
        Ids(&["fr-economie", "fr-formation", "fr-agence"]),
    ),
    ("+since:2025-06", Ids(&["en-driver", "fr-formation"])),
    ("since:yesterday", Error("not a date")),
    ("since:", Error("since: needs a date")),
    ("date:..", Error("date: needs a date or a range")),
    ("date:2025-13", Error("not a date")),
    ("date:2025-02-30", Error("not a date")),
    ("date:2025-03..2025-01", Error("the date range is empty")),
    (
        "since:2025-05-01 until:2025-01-01",
        Error("the date range is empty"),
    ),
    // Other malformed queries.
    ("\"unclosed", Error("unclosed quote")),
    ("\"\"", Error("empty phrase")),
];
