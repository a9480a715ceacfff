use crate::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date (proleptic Gregorian), printed as ISO `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// Year, e.g. 2025.
    pub year: i32,
    /// Month, 1..=12.
    pub month: u32,
    /// Day of month, 1..=31 (checked against the month's length).
    pub day: u32,
}

impl Date {
    /// Builds a date, or `None` when it does not exist in the calendar (30 February, month 13).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || !(1000..=9999).contains(&year) {
            return None;
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (day <= days_in_month).then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, also accepting a longer ISO timestamp (`2025-05-29T10:00:00Z`)
    /// or `YYYY-MM-DD HH:MM:SS`, of which only the date is kept.
    pub fn parse_iso(raw: &str) -> Option<Date> {
        let raw = raw.trim();
        let head = raw.get(..10)?;
        if raw.len() > 10 && !matches!(raw.as_bytes()[10], b'T' | b' ' | b't') {
            return None;
        }
        let mut parts = head.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01, for date arithmetic and range filters.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil: exact for every proleptic Gregorian date.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::days_since_epoch`].
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A calendar month, for a page that states only the month it was published (an archive
/// URL `/2024/09/slug`): printed as ISO 8601's reduced precision `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    /// Year, e.g. 2025.
    pub year: i32,
    /// Month, 1..=12.
    pub month: u32,
}

impl Month {
    /// Builds a month, or `None` for a month number outside 1..=12 or a year outside
    /// 1000..=9999 (as [`Date::new`]).
    pub fn new(year: i32, month: u32) -> Option<Month> {
        Date::new(year, month, 1).map(|_| Month { year, month })
    }

    /// The month a date falls in.
    pub fn of(date: Date) -> Month {
        Month {
            year: date.year,
            month: date.month,
        }
    }

    /// Parses `YYYY-MM`.
    pub fn parse_iso(raw: &str) -> Option<Month> {
        let (y, m) = raw.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }
}

/// The publication date as ISO 8601 writes it, to the precision the page gives: the day,
/// else the month (`2024-09`), else nothing.
pub fn publication(date: Option<Date>, month: Option<Month>) -> Option<String> {
    date.map(|d| d.to_string())
        .or_else(|| month.map(|m| m.to_string()))
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Dates and months travel as their ISO 8601 text (`2025-05-29`, `2025-05`).
macro_rules! iso_text_serde {
    ($type:ty, $what:literal) => {
        impl Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(deserializer)?;
                <$type>::parse_iso(&raw).ok_or_else(|| {
                    serde::de::Error::custom(format!(concat!("not a ", $what, ": {:?}"), raw))
                })
            }
        }
    };
}

iso_text_serde!(Date, "YYYY-MM-DD date");
iso_text_serde!(Month, "YYYY-MM month");

/// One clean, comparable news article: what `normalize` prints and the index stores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The input's own id, the file stem for a one-article file, or a stable content hash.
    pub id: String,
    /// Source or canonical URL, when the input gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The outlet's domain (`nhandan.vn`), without `www.`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The headline, or a short lead from the first sentence when there is none; never empty.
    pub title: String,
    /// Publication date when known; never invented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Publication month when the page states the month but not the day (then `date` is
    /// absent); never invented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<Month>,
    /// Language of the body.
    pub lang: Lang,
    /// The detector's code (ISO 639-3) when `lang` is [`Lang::Other`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang_detected: Option<String>,
    /// Detector confidence in 0..=1 (1 when declared and confirmed).
    pub lang_confidence: f64,
    /// Clean paragraphs separated by blank lines (NFC, original spelling kept for display).
    pub text: String,
    /// What was odd about this input, in plain words.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Metadata fields filled from a linked translation rather than this input (`title`, `date`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inherited: Vec<String>,
    /// Where the article came from: a path, with `:LINE` for line-based formats.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub origin: String,
    /// Hash of the raw input record (a JSONL line, or a one-article file) it was read from,
    /// 0 when unknown: lets a later run skip an unchanged record without parsing it.
    #[serde(skip)]
    pub raw_hash: u64,
}

impl Article {
    /// An empty article with the given id and language, to be filled field by field.
    pub fn new(id: impl Into<String>, lang: Lang) -> Article {
        Article {
            id: id.into(),
            url: None,
            source: None,
            title: String::new(),
            date: None,
            month: None,
            lang,
            lang_detected: None,
            lang_confidence: 0.0,
            text: String::new(),
            warnings: Vec::new(),
            inherited: Vec::new(),
            origin: String::new(),
            raw_hash: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_parses_prints_and_rejects() {
        let month = Month::parse_iso("2024-09").unwrap();
        assert_eq!(month.to_string(), "2024-09");
        assert_eq!(serde_json::from_str::<Month>("\"2024-09\"").unwrap(), month);
        for raw in ["2024-13", "2024-9", "24-09", "2024-09-01", "", "-"] {
            assert_eq!(Month::parse_iso(raw), None, "{raw}");
        }
    }

    #[test]
    fn publication_gives_the_day_else_the_month() {
        let (day, month) = (Date::new(2024, 9, 3), Month::new(2024, 9));
        assert_eq!(publication(day, month).as_deref(), Some("2024-09-03"));
        assert_eq!(publication(None, month).as_deref(), Some("2024-09"));
        assert_eq!(publication(None, None), None);
    }

    #[test]
    fn date_rejects_impossible_days() {
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2025, 13, 1).is_none());
        assert!(Date::new(2025, 4, 31).is_none());
    }

    #[test]
    fn date_parses_iso_and_timestamps() {
        let want = Date::new(2025, 5, 29);
        assert_eq!(Date::parse_iso("2025-05-29"), want);
        assert_eq!(Date::parse_iso("2025-05-29T10:11:12+07:00"), want);
        assert_eq!(Date::parse_iso("2025-05-29 10:11:12"), want);
        assert_eq!(Date::parse_iso("2025-5-29"), None);
        assert_eq!(Date::parse_iso("2025-05-29x"), None);
        assert_eq!(Date::parse_iso("29/05/2025"), None);
    }

    #[test]
    fn epoch_days_round_trip() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2024, 12, 22).unwrap().days_since_epoch(), 20_079);
        for days in (-200_000..200_000).step_by(37) {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(date.days_since_epoch(), days);
        }
    }

    #[test]
    fn article_round_trips_through_json() {
        let mut article = Article::new("000_2e05d317a735df1b", Lang::Fr);
        article.title = "Réunion".into();
        article.date = Date::new(2025, 5, 29);
        let json = serde_json::to_string(&article).unwrap();
        assert!(json.contains("\"date\":\"2025-05-29\""), "{json}");
        assert_eq!(serde_json::from_str::<Article>(&json).unwrap(), article);
    }
}
