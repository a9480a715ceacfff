//! The headline a page's address spells: most news sites build an article's URL from its
//! headline (`/lindustrie-francaise-sest-enfoncee-un-peu-plus-dans-la-crise-en-2025`,
//! `/diem-lai-thong-tin-kinh-te-tuan-tu-5-94-113482.html`), so the line of the page that
//! spells the slug is the headline, wherever menus, captions or a teaser put it.

use newsindex_analysis::fold_diacritics;

/// The fewest words a slug must have to name a headline: shorter ones are sections and
/// topic pages (`/the-gioi`, `/benh-vien-xuong-cap.html`).
const MIN_SLUG_WORDS: usize = 5;
/// The share of the slug's words a line must hold (a slug may drop or merge a word:
/// `5-9/4` becomes `5-94`).
const SLUG_SHARE_PERCENT: usize = 80;
/// The share of a line's words the slug must hold: a breadcrumb or a paragraph holding the
/// slug's words among many others is not the headline.
const LINE_SHARE_PERCENT: usize = 60;

/// Path segments after which a segment names a list of articles, not one article.
const LISTING_SEGMENTS: [&str; 18] = [
    "tag",
    "tags",
    "topic",
    "topics",
    "chu-de",
    "tu-khoa",
    "keyword",
    "keywords",
    "category",
    "categorie",
    "rubrique",
    "author",
    "auteur",
    "tac-gia",
    "search",
    "recherche",
    "tim-kiem",
    "page",
];

/// Lower-case ASCII words of a text as slugs spell them: marks removed (`đ` is `d`),
/// apostrophes dropped so that `l’industrie` is `lindustrie`, other non-alphanumerics
/// separating words.
pub(crate) fn slug_form(text: &str) -> Vec<String> {
    let folded = fold_diacritics(text).to_lowercase();
    folded
        .replace(['\'', '’'], "")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a slug word is an article id rather than a word of the headline (`113482`,
/// `post921796`, `d12345`).
fn is_id(word: &str) -> bool {
    let digits = word.chars().filter(char::is_ascii_digit).count();
    digits >= 5 || (digits >= 4 && word.chars().any(|c| c.is_ascii_alphabetic()))
}

/// The words of the headline a URL spells: the path segment with the most words of letters,
/// its extension and trailing ids dropped; empty when no segment has enough words or the
/// segment names a listing (`/tags/gia-xang`).
pub(crate) fn slug_words(url: &str) -> Vec<String> {
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').collect();
    let mut best: Vec<String> = Vec::new();
    for (at, segment) in segments.iter().enumerate() {
        if at > 0 && LISTING_SEGMENTS.contains(&segments[at - 1].to_ascii_lowercase().as_str()) {
            continue;
        }
        let stem = segment
            .rsplit_once('.')
            .filter(|(_, ext)| ext.len() <= 5 && ext.chars().all(|c| c.is_ascii_alphabetic()))
            .map_or(*segment, |(stem, _)| stem);
        let mut words: Vec<String> = stem
            .split(['-', '_', '+'])
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        while words.last().is_some_and(|w| is_id(w)) {
            words.pop();
        }
        if lettered(&words) > lettered(&best) {
            best = words;
        }
    }
    if lettered(&best) < MIN_SLUG_WORDS {
        return Vec::new();
    }
    best
}

/// How many of a slug's words hold a letter (`2025` and `94` do not).
fn lettered(words: &[String]) -> usize {
    words
        .iter()
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .count()
}

/// How well a line spells a slug, as (share of the slug's words in the line, share of the
/// line's words in the slug), in percent; `None` below either threshold.
pub(crate) fn spelling(line: &str, slug: &[String]) -> Option<(usize, usize)> {
    if slug.is_empty() {
        return None;
    }
    let words = slug_form(line);
    if words.is_empty() {
        return None;
    }
    let in_line = slug.iter().filter(|w| words.contains(w)).count();
    let in_slug = words.iter().filter(|w| slug.contains(w)).count();
    let slug_share = in_line * 100 / slug.len();
    let line_share = in_slug * 100 / words.len();
    (slug_share >= SLUG_SHARE_PERCENT && line_share >= LINE_SHARE_PERCENT)
        .then_some((slug_share, line_share))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_words_table() {
        for (url, want) in [
            (
                "https://x.fr/i/4382f0e5/lindustrie-francaise-sest-enfoncee-en-2025",
                "lindustrie francaise sest enfoncee en 2025",
            ),
            (
                "https://x.vn/diem-lai-thong-tin-kinh-te-tuan-tu-5-94-113482.html",
                "diem lai thong tin kinh te tuan tu 5 94",
            ),
            (
                "https://x.vn/quoc-hoi-thong-qua-luat-dat-dai-post921796.vnp",
                "quoc hoi thong qua luat dat dai",
            ),
            (
                "https://x.com/news/2024/05/one-two-three-four-five/",
                "one two three four five",
            ),
            ("https://x.vn/benh-vien-xuong-cap.html", ""),
            // Sections, listings and ids name no headline.
            ("https://x.vn/the-gioi/", ""),
            ("https://x.vn/tags/gia-xang-sau-tet-nam-nay", ""),
            ("https://x.com/news/1664283.html", ""),
            ("https://x.com", ""),
            ("", ""),
        ] {
            assert_eq!(slug_words(url).join(" "), want, "{url}");
        }
    }

    #[test]
    fn a_line_spells_its_slug_and_a_breadcrumb_less_well() {
        let slug =
            slug_words("https://x.vn/chung-khoan-28-9-giam-23-diem-phien-chieu-9876543.html");
        let headline = spelling("Chứng khoán 28/9: giảm 23 điểm phiên chiều", &slug);
        let crumb = spelling(
            "Báo»Kinh tế»Tài chính»Chứng khoán 28/9: giảm 23 điểm phiên chiều",
            &slug,
        );
        assert_eq!(headline, Some((100, 100)));
        assert!(crumb.is_none() || crumb < headline);
        let slug = slug_words("https://x.fr/lindustrie-francaise-sest-enfoncee-en-2025");
        assert!(spelling("L’industrie française s’est enfoncée en 2025", &slug).is_some());
        // A paragraph that holds the slug's words among many others is not its headline.
        assert_eq!(
            spelling(
                "En 2025, l’industrie française s’est enfoncée dans la crise, selon un cabinet d’études qui compte les fermetures d’usines.",
                &slug
            ),
            None
        );
        assert_eq!(spelling("anything", &[]), None);
    }

    proptest::proptest! {
        #[test]
        fn slugs_and_spellings_never_panic(url in "\\PC{0,80}", line in "\\PC{0,80}") {
            let slug = slug_words(&url);
            let _ = spelling(&line, &slug);
        }
    }
}
