//! Publication dates from metadata strings and from URLs. A date is returned only when the
//! input states it; nothing is guessed.

use newsindex_core::Date;
use regex::Regex;
use std::sync::LazyLock;

/// Month names in English, French and Vietnamese (`tháng 5` is handled by number).
const MONTHS: [(&str, u32); 31] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("sept", 9),
    ("sep", 9),
    ("oct", 10),
    ("dec", 12),
];

fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .find(|(full, _)| *full == name)
        .map(|(_, n)| *n)
        .or_else(|| {
            // Three-letter English abbreviations (`Jan`, `Feb`, ... as in RFC 2822).
            (name.len() == 3)
                .then(|| {
                    MONTHS[..12]
                        .iter()
                        .find(|(full, _)| full.starts_with(&name))
                })
                .flatten()
                .map(|(_, n)| *n)
        })
}

static YMD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b").expect("valid regex"));
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{L}+,?\s+)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b").expect("valid regex")
});
static D_MONTH_Y: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{L}+\.?,?\s+)?(\d{1,2})(?:er)?\s+(\p{L}+)\.?,?\s+(\d{4})\b")
        .expect("valid regex")
});
static MONTH_D_Y: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{L}+,?\s+)?(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
        .expect("valid regex")
});

/// Parses a publication date as crawlers write it: ISO 8601 (`2025-05-29`,
/// `2025-05-29T10:00:00+07:00`, `2025-05-29 10:00:00`), `2025/05/29`, day-first numeric dates
/// (`29/05/2025`, `29-05-2025`, `29.05.2025`, the convention of Vietnamese and French sites),
/// RFC 2822 (`Thu, 29 May 2025 10:00:00 +0700`), `29 mai 2025`, `May 29, 2025`.
pub fn parse_date(raw: &str) -> Option<Date> {
    let raw = raw.trim();
    if let Some(date) = Date::parse_iso(raw) {
        return Some(date);
    }
    let number = |s: &str| s.parse::<u32>().ok();
    if let Some(c) = YMD.captures(raw) {
        return Date::new(c[1].parse().ok()?, number(&c[2])?, number(&c[3])?);
    }
    if let Some(c) = DMY.captures(raw) {
        return Date::new(c[3].parse().ok()?, number(&c[2])?, number(&c[1])?);
    }
    if let Some(c) = D_MONTH_Y.captures(raw) {
        if let Some(month) = month_number(&c[2]) {
            return Date::new(c[3].parse().ok()?, month, number(&c[1])?);
        }
    }
    if let Some(c) = MONTH_D_Y.captures(raw) {
        if let Some(month) = month_number(&c[1]) {
            return Date::new(c[3].parse().ok()?, month, number(&c[2])?);
        }
    }
    None
}

/// A Unix timestamp (seconds, or milliseconds when it is too large for seconds) as a date.
pub fn date_from_timestamp(value: f64) -> Option<Date> {
    let seconds = if value > 1e11 { value / 1000.0 } else { value };
    // Beyond year 9999 `Date` has no room; the bound also keeps the day arithmetic small.
    if !(1.0..=253_402_300_799.0).contains(&seconds) {
        return None;
    }
    let date = Date::from_days_since_epoch((seconds / 86_400.0).floor() as i64);
    Date::new(date.year, date.month, date.day)
}

/// URL patterns that carry the publication date, with the capture groups of year, month, day.
/// Vietnamese CMSs (vtv.vn, mst.gov.vn and many others) end article ids with
/// `(\d{3})(yy)(MM)(dd)(HHmmss)(\d{3}).htm`; many sites put `/yyyy/mm/dd/` in the path.
static URL_DATES: LazyLock<[(Regex, bool); 3]> = LazyLock::new(|| {
    [
        (
            Regex::new(r"-\d{3}(\d{2})(\d{2})(\d{2})\d{6}\d{3}\.html?(?:[?#]|$)")
                .expect("valid regex"),
            true,
        ),
        (
            Regex::new(r"/((?:19|20)\d{2})/(\d{2})/(\d{2})/").expect("valid regex"),
            false,
        ),
        (
            Regex::new(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})/").expect("valid regex"),
            false,
        ),
    ]
});

/// The publication date encoded in an article URL, when the site encodes one.
pub fn date_from_url(url: &str) -> Option<Date> {
    URL_DATES.iter().find_map(|(pattern, two_digit_year)| {
        let c = pattern.captures(url)?;
        let year: i32 = c[1].parse().ok()?;
        let year = if *two_digit_year { 2000 + year } else { year };
        Date::new(year, c[2].parse().ok()?, c[3].parse().ok()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_crawler_date_formats() {
        let want = Date::new(2025, 5, 29);
        for raw in [
            "2025-05-29",
            "2025-05-29T10:11:12+07:00",
            "2025-05-29 10:11:12",
            "2025/05/29",
            "29/05/2025",
            "29-05-2025 08:00",
            "29.05.2025",
            "Thu, 29 May 2025 10:00:00 +0700",
            "29 mai 2025",
            "jeudi 29 mai 2025",
            "May 29, 2025",
            "Thursday, May 29th, 2025",
        ] {
            assert_eq!(parse_date(raw), want, "{raw}");
        }
        for raw in [
            "",
            "yesterday",
            "31/02/2025",
            "2025",
            "13/13/2025",
            "May 2025",
        ] {
            assert_eq!(parse_date(raw), None, "{raw}");
        }
    }

    #[test]
    fn dates_from_urls() {
        for (url, want) in [
            (
                "https://vtv.vn/thu-tuong-tranh-thu-100250924160008877.htm",
                Date::new(2025, 9, 24),
            ),
            (
                "https://mst.gov.vn/hoan-thien-the-che-197250325093305275.htm",
                Date::new(2025, 3, 25),
            ),
            (
                "https://example.com/news/2024/12/22/resolution-57",
                Date::new(2024, 12, 22),
            ),
            ("https://nhandan.vn/tap-trung-post883191.html", None),
            // The right shape but an impossible date: nothing is invented.
            ("https://vtv.vn/x-100251399160008877.htm", None),
        ] {
            assert_eq!(date_from_url(url), want, "{url}");
        }
    }

    #[test]
    fn timestamps() {
        assert_eq!(date_from_timestamp(1_748_476_800.0), Date::new(2025, 5, 29));
        assert_eq!(
            date_from_timestamp(1_748_476_800_000.0),
            Date::new(2025, 5, 29)
        );
        assert_eq!(date_from_timestamp(-5.0), None);
        assert_eq!(date_from_timestamp(f64::NAN), None);
    }
}
