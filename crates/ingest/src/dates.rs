//! Publication dates from metadata strings, from lines of page text and from URLs. A date is
//! returned only when the input states it with its year; nothing is guessed.

use newsindex_analysis::{month_number, DE_MONTHS, EN_MONTHS, FR_MONTHS, FR_MONTH_ABBREVIATIONS};
use newsindex_core::{Date, Month};
use regex::Regex;
use std::sync::LazyLock;

/// Any month name of the project's one table (`newsindex_analysis::FR_MONTHS`, its
/// abbreviations, `EN_MONTHS`, `DE_MONTHS`): pages in other languages date themselves too.
fn month_names() -> String {
    format!("{FR_MONTHS}|{FR_MONTH_ABBREVIATIONS}|{EN_MONTHS}|{DE_MONTHS}")
}

static YMD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b").expect("valid regex"));
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    // `T` may follow the year (`06-08-2009T14:12:32+0200`, a day-first ISO-like stamp).
    Regex::new(r"^(?:\p{L}+,?\s+)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:T|\b)")
        .expect("valid regex")
});
static D_MONTH_Y: LazyLock<Regex> = LazyLock::new(|| {
    let months = month_names();
    Regex::new(&format!(
        r"(?i)^(?:\p{{L}}+\.?,?\s+)?(\d{{1,2}})(?:er|\.)?\s+({months})\b\.?,?\s+(\d{{4}})\b"
    ))
    .expect("valid regex")
});
static MONTH_D_Y: LazyLock<Regex> = LazyLock::new(|| {
    let months = month_names();
    Regex::new(&format!(
        r"(?i)^(?:\p{{L}}+,?\s+)?({months})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
    ))
    .expect("valid regex")
});

/// Parses a publication date as crawlers write it: ISO 8601 (`2025-05-29`,
/// `2025-05-29T10:00:00+07:00`, `2025-05-29 10:00:00`), `2025/05/29`, day-first numeric dates
/// (`29/05/2025`, `29-05-2025`, `29.05.2025`, the convention of Vietnamese and French sites),
/// RFC 2822 (`Thu, 29 May 2025 10:00:00 +0700`), `29 mai 2025`, `May 29, 2025`,
/// `Donnerstag, 29. Mai 2025`.
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
        return read_numeric(&c[1], &c[2], &c[3], NumericOrder::DayFirst);
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

/// Which of two numbers comes first in a numeric date (`05/10/2024`) that both readings
/// make a date. Day-first is the convention of Vietnamese and French sites, and of most
/// English pages this tool reads (Vietnamese outlets' English editions, international wires
/// use names: `10 May 2024`); a page that shows month-first is read month-first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum NumericOrder {
    /// `05/10/2024` is 5 October.
    #[default]
    DayFirst,
    /// `05/10/2024` is 10 May (the United States' convention).
    MonthFirst,
}

/// A numeric date (`27/06/2025`, `6/27/2025`) anywhere in a text, with what follows it.
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](?:19|20)\d{2}(?:[^\d]|$)(\s*\d{1,2}:\d{2}(?::\d{2})?\s*[AaPp]\.?[Mm]\b)?")
        .expect("valid regex")
});
/// An English month name before its day (`May 9`, `Dec. 22`) or after it (`9 May`).
static NAME_THEN_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{EN_MONTHS})\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    ))
    .expect("valid regex")
});
static DAY_THEN_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{EN_MONTHS})\b"
    ))
    .expect("valid regex")
});

/// How a page writes its numeric dates, from the page itself: its numeric dates that only
/// one reading makes a date (`13/07/2025`, `7/13/2025`), else a 12-hour clock after a numeric
/// date (`5/10/2024 3:05 PM`, a United States locale), else whether its dates with English
/// month names put the month first (`March 5, 2024`) more often than the day. Day-first when
/// the page shows nothing.
pub(crate) fn numeric_order(text: &str) -> NumericOrder {
    let (mut day_first, mut month_first, mut twelve_hour) = (0, 0, false);
    for c in NUMERIC_DATE.captures_iter(text) {
        let number = |i: usize| c[i].parse::<u32>().unwrap_or(0);
        let (first, second) = (number(1), number(2));
        if first > 12 && second <= 12 {
            day_first += 1;
        } else if second > 12 && first <= 12 {
            month_first += 1;
        }
        twelve_hour |= c.get(3).is_some();
    }
    if day_first != month_first {
        return if month_first > day_first {
            NumericOrder::MonthFirst
        } else {
            NumericOrder::DayFirst
        };
    }
    if twelve_hour || NAME_THEN_DAY.find_iter(text).count() > DAY_THEN_NAME.find_iter(text).count()
    {
        return NumericOrder::MonthFirst;
    }
    NumericOrder::DayFirst
}

/// Reads a numeric date in the given order; the other order when only it makes a date
/// (`12/25/2024` on a day-first page).
fn read_numeric(a: &str, b: &str, year: &str, order: NumericOrder) -> Option<Date> {
    let (a, b, year) = (a.parse().ok()?, b.parse().ok()?, year.parse().ok()?);
    let (day_first, month_first) = (Date::new(year, b, a), Date::new(year, a, b));
    match order {
        NumericOrder::DayFirst => day_first.or(month_first),
        NumericOrder::MonthFirst => month_first.or(day_first),
    }
}

/// How the groups of a date found in running text are read.
#[derive(Clone, Copy)]
enum Order {
    /// Year, month, day.
    Ymd,
    /// Two numbers and a year, read by [`NumericOrder`].
    Dmy,
    /// Day, month number, year, in words that say which is which (`12 tháng 6 năm 2025`).
    DayMonthY,
    /// Day, month name, year.
    DNameY,
    /// Month name, day, year.
    NameDY,
}

/// Date patterns searched anywhere in a line, with how to read their three groups. The
/// year is always required: a day and month alone (`Sáng 13/1`) do not date a page.
static TEXT_DATES: LazyLock<Vec<(Regex, Order)>> = LazyLock::new(|| {
    let months = month_names();
    let re = |pattern: &str| Regex::new(pattern).expect("valid regex");
    vec![
        (
            re(r"(?:^|[^\d])((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?:[^\d]|$)"),
            Order::Ymd,
        ),
        (
            // A time glued before the date (`18:0720/03/2024`, a scraper's lost space) is
            // not part of the day.
            re(r"(?:^|[^\d/.-]|:\d{2})(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(?:[^\d]|$)"),
            Order::Dmy,
        ),
        (
            re(&format!(
                r"(?i)(?:^|[^\d])(\d{{1,2}})(?:er|st|nd|rd|th|\.)?\s+(?:of\s+)?({months})\b\.?,?\s+((?:19|20)\d{{2}})\b"
            )),
            Order::DNameY,
        ),
        (
            re(&format!(
                r"(?i)\b({months})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})\b"
            )),
            Order::NameDY,
        ),
        (
            re(r"(?i)(?:^|[^\d])(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm|\s*,)\s*((?:19|20)\d{2})\b"),
            Order::DayMonthY,
        ),
    ]
});

/// The first date with a year written anywhere in a line of text (`Chủ nhật, 22/12/2024`,
/// `Publié le 22 décembre 2024`, `Updated 13 Jun 2025, 06:40`, `December 22, 2024`,
/// `ngày 12 tháng 6 năm 2025`), with the byte range it occupies; numeric dates are read in
/// `order` (see [`numeric_order`]).
pub(crate) fn find_date_in(
    text: &str,
    order: NumericOrder,
) -> Option<(Date, std::ops::Range<usize>)> {
    TEXT_DATES
        .iter()
        .filter_map(|(pattern, pattern_order)| {
            pattern.captures_iter(text).find_map(|c| {
                let (a, b, y) = (c.get(1)?, c.get(2)?, c.get(3)?);
                let date =
                    read_text_date(a.as_str(), b.as_str(), y.as_str(), *pattern_order, order)?;
                let start = a.start().min(b.start()).min(y.start());
                Some((date, start..a.end().max(b.end()).max(y.end())))
            })
        })
        .min_by_key(|(_, span)| span.start)
}

/// French and English weekday names, as a regex alternation (Vietnamese ones are two words,
/// `thứ Hai`, `chủ nhật`, and are written out where they are read).
const WEEKDAYS: &str = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday";

/// A weekday name right before a date (`ce dimanche 25 mai 2025`, `on Sunday, May 25, 2025`,
/// `Chủ nhật (25/5/2025)`): the text that ends just before the date, matched at its end.
static WEEKDAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}])(?:{WEEKDAYS}|thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)(?:\s*,)?\s*(?:le\s+|\(\s*|ngày\s+)?$"
    ))
    .expect("valid regex")
});

/// A word a date stamp is made of besides numbers: a month or weekday name or abbreviation
/// (`Thu`, `Apr.`), the Vietnamese date words (`Thứ`, `ngày`, `tháng`, `năm`, `chủ nhật`),
/// a clock word or time (`PM`, `lúc`, `à`, `14h30`).
static STAMP_WORD: LazyLock<Regex> = LazyLock::new(|| {
    let months = month_names();
    Regex::new(&format!(
        r"(?i)^(?:{months}|{WEEKDAYS}|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim|thứ|chủ|nhật|hai|ba|tư|sáu|bảy|ngày|tháng|năm|lúc|le|à|at|am|pm|a\.m|p\.m|h|\d{{1,2}}h\d{{0,2}})\.?$"
    ))
    .expect("valid regex")
});
/// A time zone written after a clock (`PDT`, `GMT+7`, `UTC`).
static TIME_ZONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z]{2,4}(?:[+-]\d{1,2})?$").expect("valid regex"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\D)(?:19|20)\d{2}(?:\D|$)").expect("valid regex"));

/// Whether a line is a date stamp and nothing else (`mardi 4 mars 2025`, `Wed Jan 8
/// 10:12:44 PST 2025`, `Thứ 3, 14/01/2025, 08:05[GMT+7]`, `March 3rd, 2025`): numbers,
/// month and weekday names, clock words and a year, no word of a sentence. Blogs head each
/// post with one and sites print the day's one above the headline: it names no story.
pub(crate) fn is_stamp(line: &str) -> bool {
    if !YEAR.is_match(line) {
        return false;
    }
    line.split(|c: char| c.is_whitespace() || ",|()[]".contains(c))
        .map(|token| token.trim_matches(|c: char| ".:-–—/·•".contains(c)))
        .filter(|token| !token.is_empty())
        .all(|token| {
            let letters = token.trim_start_matches(|c: char| c.is_ascii_digit());
            !token.chars().any(char::is_alphabetic)
                // an ordinal day (`22nd`, `1er`)
                || (letters.len() < token.len() && ["st", "nd", "rd", "th", "er"].contains(&letters))
                || STAMP_WORD.is_match(token)
                || TIME_ZONE.is_match(token)
        })
}

/// Whether `before`, the text up to a date, ends with a weekday name: a lead that names the
/// day of the week with the date (`a entamé ce dimanche 25 mai 2025 une tournée`) gives the
/// day of the news, not a date it refers back to (`la loi du 22 décembre 2024`).
pub(crate) fn weekday_before(before: &str) -> bool {
    // Only the end matters; a bounded tail keeps the search short on long lines.
    let start = before.char_indices().rev().nth(40).map_or(0, |(at, _)| at);
    WEEKDAY_BEFORE.is_match(&before[start..])
}

fn read_text_date(a: &str, b: &str, y: &str, order: Order, numeric: NumericOrder) -> Option<Date> {
    let number = |s: &str| s.parse::<u32>().ok();
    match order {
        Order::Ymd => Date::new(a.parse().ok()?, number(b)?, number(y)?),
        Order::Dmy => read_numeric(a, b, y, numeric),
        Order::DayMonthY => Date::new(y.parse().ok()?, number(b)?, number(a)?),
        Order::DNameY => Date::new(y.parse().ok()?, month_number(b)?, number(a)?),
        Order::NameDY => Date::new(y.parse().ok()?, month_number(a)?, number(b)?),
    }
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
/// Many CMSs (dantri.com.vn, vtv.vn and others) start or end article ids with a timestamp,
/// `yyyyMMdd` or `yyyyMMddHHmmss` plus a counter, or with `(\d{3})(yy)(MM)(dd)(HHmmss)` plus
/// a counter; many sites put `/yyyy/mm/dd/` or `/yyyy-mm-dd-` in the path. The patterns are
/// tried in order and an impossible date moves on to the next one.
static URL_DATES: LazyLock<[(Regex, bool); 4]> = LazyLock::new(|| {
    [
        (
            Regex::new(r"[-/_]((?:19|20)\d{2})(\d{2})(\d{2})\d{0,9}(?:[^\d]|$)")
                .expect("valid regex"),
            false,
        ),
        (
            Regex::new(r"-\d{3}(\d{2})(\d{2})(\d{2})\d{6}\d{2,3}\.html?(?:[?#]|$)")
                .expect("valid regex"),
            true,
        ),
        (
            Regex::new(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)").expect("valid regex"),
            false,
        ),
        (
            Regex::new(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[-/._]|$)").expect("valid regex"),
            false,
        ),
    ]
});

/// A year and month as an archive path writes them (`/2024/09/slug`, `/archives/2023/12`).
static URL_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/((?:19|20)\d{2})/(\d{1,2})(?:/|$)").expect("valid regex"));

/// The publication month an article URL encodes without a day (`/2022/11/winners-and-losers`),
/// for a page whose URL gives no [`date_from_url`].
pub fn month_from_url(url: &str) -> Option<Month> {
    URL_MONTH
        .captures_iter(url)
        .find_map(|c| Month::new(c[1].parse().ok()?, c[2].parse().ok()?))
}

/// A date written in words in a URL's slug (`point-de-presse-du-11-septembre-2020`,
/// `briefing-march-3-2024`): day, month name and year, or month name, day and year.
static URL_WORD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let months = month_names();
    Regex::new(&format!(
        r"(?i)[-/_](\d{{1,2}}(?:er)?-(?:{months})-(?:19|20)\d{{2}}|(?:{months})-\d{{1,2}}(?:st|nd|rd|th)?-(?:19|20)\d{{2}})(?:[-/._?#]|$)"
    ))
    .expect("valid regex")
});

/// The publication date encoded in an article URL, when the site encodes one: in digits
/// (`/2024/12/22/`, `-20251218223819718.htm`) or in words in the slug.
pub fn date_from_url(url: &str) -> Option<Date> {
    URL_DATES
        .iter()
        .find_map(|(pattern, two_digit_year)| {
            pattern.captures_iter(url).find_map(|c| {
                let year: i32 = c[1].parse().ok()?;
                let year = if *two_digit_year { 2000 + year } else { year };
                Date::new(year, c[2].parse().ok()?, c[3].parse().ok()?)
            })
        })
        .or_else(|| {
            URL_WORD_DATE
                .captures_iter(url)
                .find_map(|c| parse_date(&c[1].replace('-', " ")))
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
            "May. 29, 2025",
            "05/29/2025",
            "29. Mai 2025",
            "Donnerstag, 29. Mai 2025 um 14:37 Uhr",
            "29-05-2025T10:11:12+0200",
        ] {
            assert_eq!(parse_date(raw), want, "{raw}");
        }
        for (raw, want) in [
            ("5. Oktober 2013", Date::new(2013, 10, 5)),
            ("24. Dezember 2021", Date::new(2021, 12, 24)),
            ("18. März 2020", Date::new(2020, 3, 18)),
            ("3. Jänner 2022", Date::new(2022, 1, 3)),
        ] {
            assert_eq!(parse_date(raw), want, "{raw}");
        }
        // Month-first only where day-first is not a date; ambiguous numbers stay day-first.
        assert_eq!(parse_date("Dec. 22, 2024"), Date::new(2024, 12, 22));
        assert_eq!(parse_date("05/10/2024"), Date::new(2024, 10, 5));
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
            (
                "https://example.com/news/2024/3/5/a-title",
                Date::new(2024, 3, 5),
            ),
            (
                "https://x.vn/the-thao/tieu-de-bai-viet-20251218223819718.htm",
                Date::new(2025, 12, 18),
            ),
            (
                "https://m.x.vn/mot-bai-10025062720395485.htm",
                Date::new(2025, 6, 27),
            ),
            (
                "https://x.ca/fr/actualite/titre-de-l-article/2025070229826",
                Date::new(2025, 7, 2),
            ),
            (
                "https://www.x.fr/2025-06-13-crash-d-un-avion-5263376.html",
                Date::new(2025, 6, 13),
            ),
            (
                "https://x.ca/politique/585818/point-de-presse-du-11-septembre-2020",
                Date::new(2020, 9, 11),
            ),
            (
                "https://x.com/news/briefing-march-3rd-2024-budget",
                Date::new(2024, 3, 3),
            ),
            (
                "https://x.fr/actu/le-1er-mai-2025-en-images.html",
                Date::new(2025, 5, 1),
            ),
            // A month and year without a day, or a number that is no day: no date.
            ("https://x.com/news/may-2024-jobs-report", None),
            ("https://x.com/top-40-march-2024", None),
            ("https://nhandan.vn/tap-trung-post883191.html", None),
            // An id that starts like a year but holds no month: no date.
            ("https://x.com/news/amp/20251399", None),
            ("https://x.com/news/1664283/a-title.html", None),
            // The right shape but an impossible date: nothing is invented.
            ("https://vtv.vn/x-100251399160008877.htm", None),
        ] {
            assert_eq!(date_from_url(url), want, "{url}");
        }
    }

    #[test]
    fn months_from_urls() {
        for (url, want) in [
            (
                "https://x.com/2017/08/apple-launches.html",
                Month::new(2017, 8),
            ),
            (
                "https://x.com/archives/economie/2023/12",
                Month::new(2023, 12),
            ),
            (
                "https://x.com/news/2022/11/winners/379501/",
                Month::new(2022, 11),
            ),
            ("https://x.com/news/2022/13/x", None),
            ("https://x.com/news/1664283/a-title.html", None),
            ("https://x.com/2019-nba-finals", None),
        ] {
            assert_eq!(month_from_url(url), want, "{url}");
        }
    }

    fn find_date(text: &str) -> Option<(Date, std::ops::Range<usize>)> {
        find_date_in(text, NumericOrder::DayFirst)
    }

    #[test]
    fn dates_found_in_lines() {
        for (line, want) in [
            ("Chủ nhật, 22/12/2024", Date::new(2024, 12, 22)),
            ("Thứ Hai, 06/01/2025 14:30", Date::new(2025, 1, 6)),
            ("19:30 13/07/2025", Date::new(2025, 7, 13)),
            ("Publié le 22 décembre 2024 à 10h", Date::new(2024, 12, 22)),
            ("Mis à jour le 1er mars 2025", Date::new(2025, 3, 1)),
            ("December 22, 2024 - 08:14", Date::new(2024, 12, 22)),
            (
                "By A Reporter Jul. 27, 2024 | PARIS",
                Date::new(2024, 7, 27),
            ),
            ("22 Dec 2024", Date::new(2024, 12, 22)),
            ("22 Oct, 2024", Date::new(2024, 10, 22)),
            ("Publié le 22 déc. 2024 à 08h00", Date::new(2024, 12, 22)),
            ("mardi 3 janv. 2023", Date::new(2023, 1, 3)),
            ("14 juil. 2025", Date::new(2025, 7, 14)),
            ("le 2 avr 2025", Date::new(2025, 4, 2)),
            ("Updated13 Jun 2025, 06:40 AM", Date::new(2025, 6, 13)),
            ("2024-12-22 1", Date::new(2024, 12, 22)),
            (
                "Ngày 12 tháng 6 năm 2025, báo đưa tin",
                Date::new(2025, 6, 12),
            ),
            ("12/25/2024", Date::new(2024, 12, 25)),
            ("Hamburg, 2. November 2021", Date::new(2021, 11, 2)),
            (
                "Pressemitteilung vom 25. Januar 2022 | Berlin",
                Date::new(2022, 1, 25),
            ),
            // The earliest date of the line wins.
            ("Đăng 02/01/2025, sửa 03/01/2025", Date::new(2025, 1, 2)),
        ] {
            assert_eq!(find_date(line).map(|(d, _)| d), want, "{line}");
        }
        for line in [
            "Sáng 13/1, hội nghị khai mạc",
            "On May 29 the meeting opened",
            "Le marché 12 mars",
            "31/02/2025",
            "Hotline 0912.345.678",
        ] {
            assert_eq!(find_date(line), None, "{line}");
        }
        let (_, span) = find_date("PV - CTV October 24, 2025 20:22").unwrap();
        assert_eq!(span, 9..25);
        // A time glued before the date by a scraper is not part of the day.
        assert_eq!(
            find_date("18:0720/03/2024, Wednesday").map(|(d, _)| d),
            Date::new(2024, 3, 20)
        );
    }

    #[test]
    fn weekday_names_before_a_date() {
        for line in [
            "Le président a entamé ce dimanche 25 mai 2025 une tournée",
            "The president arrived on Sunday, May 25, 2025, in Hanoi",
            "Chủ nhật (25/5/2025), đoàn đại biểu",
            "Sáng thứ Hai, ngày 26/5/2025, Tổng Bí thư",
            "jeudi le 22 mai 2025",
        ] {
            let (_, span) = find_date(line).expect(line);
            assert!(weekday_before(&line[..span.start]), "{line}");
        }
        for line in [
            "Le conseil applique la loi du 22 décembre 2024",
            "Au Dimanche-Matin 25 mai 2025",
            "Il a signé le 25 mai 2025",
        ] {
            let (_, span) = find_date(line).expect(line);
            assert!(!weekday_before(&line[..span.start]), "{line}");
        }
        for before in ["", "é", "dimanche", &"ô".repeat(200)] {
            let _ = weekday_before(before);
        }
        assert!(weekday_before("dimanche"));
    }

    #[test]
    fn stamps_are_dates_and_nothing_else() {
        for line in [
            "mardi 4 mars 2025",
            "Wed Jan 8 10:12:44 PST 2025",
            "Thứ 3, 14/01/2025, 08:05[GMT+7]",
            "March 3rd, 2025",
            "October 9, 2024",
            "11/09/2024, 07:45",
            "09:15 Thứ 4, 16-10-2024 |",
            "03-11-2025 - 16:40 -",
            "21.05.2024 | 09:30 AM",
            "Chủ nhật, ngày 12 tháng 6 năm 2025",
            "le 1er mars 2025 à 14h30",
        ] {
            assert!(is_stamp(line), "{line}");
        }
        for line in [
            "2 avril 2025 #journeedelaterre",
            "Posted on January 5, 2025",
            "Anna May 2, 2025",
            "Marketing 2025",
            "Wed Jan 8",
            "Mars attacks in 2024",
            "The 2024 budget",
            "",
        ] {
            assert!(!is_stamp(line), "{line}");
        }
    }

    #[test]
    fn numeric_dates_follow_the_page_order() {
        let month_first = NumericOrder::MonthFirst;
        for (line, order, want) in [
            (
                "Updated 4/11/2024",
                NumericOrder::DayFirst,
                Date::new(2024, 11, 4),
            ),
            ("Updated 4/11/2024", month_first, Date::new(2024, 4, 11)),
            // An order that cannot be a date gives way to the one that can.
            ("Updated 13/11/2024", month_first, Date::new(2024, 11, 13)),
            (
                "Updated 11/13/2024",
                NumericOrder::DayFirst,
                Date::new(2024, 11, 13),
            ),
            // Dates written with words are not numeric: the order does not apply.
            (
                "ngày 4 tháng 11 năm 2024",
                month_first,
                Date::new(2024, 11, 4),
            ),
            ("2024-04-11", month_first, Date::new(2024, 4, 11)),
        ] {
            assert_eq!(find_date_in(line, order).map(|(d, _)| d), want, "{line}");
        }
    }

    #[test]
    fn numeric_order_table() {
        use NumericOrder::{DayFirst, MonthFirst};
        for (page, want) in [
            ("Nothing dated here", DayFirst),
            ("Đăng 03/06/2025 13:26", DayFirst),
            // Unambiguous numeric dates decide, whatever else the page shows.
            ("Posted 4/11/2024. Updated 4/23/2024", MonthFirst),
            (
                "Posted 4/11/2024. Updated 23/4/2024. On March 5, 2024",
                DayFirst,
            ),
            // A 12-hour clock after the date is a United States locale.
            ("Update5/10/2024 3:05:18 PM", MonthFirst),
            ("Update 5/10/2024 15:05", DayFirst),
            // Month names before the day, more often than after it.
            (
                "4/11/2024\nOn March 5, 2024 and April 11 the court met.",
                MonthFirst,
            ),
            (
                "4/11/2024\nOn 5 March 2024 the court met; March 7 too; 9 April.",
                DayFirst,
            ),
            ("04/11/2024 Le 5 mars 2024, le tribunal", DayFirst),
        ] {
            assert_eq!(numeric_order(page), want, "{page}");
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
