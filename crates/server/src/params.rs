//! Query-string parameters of the API, read into engine requests with a clear message for
//! every value that cannot be used.

use newsindex_core::{Date, Lang};
use newsindex_query::{Interval, SearchRequest, Sort, MAX_LIMIT};

/// Longest query string accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Most values one list parameter (`lang`, `source`) may carry.
const MAX_LIST_VALUES: usize = 32;

/// A parameter that cannot be used, with the message shown to the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError(pub String);

/// The parameters an endpoint accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// `/api/search`.
    Search,
    /// `/api/histogram`.
    Histogram,
}

impl Endpoint {
    fn accepts(self) -> &'static [&'static str] {
        match self {
            Endpoint::Search => &[
                "q",
                "lang",
                "since",
                "until",
                "source",
                "limit",
                "offset",
                "sort",
                "histogram",
            ],
            Endpoint::Histogram => &["q", "lang", "since", "until", "source", "by"],
        }
    }
}

/// Decodes a raw query string into `(key, value)` pairs; never fails (bad escapes are kept
/// as replacement characters, which later checks reject or ignore).
pub fn decode(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|raw| {
        url::form_urlencoded::parse(raw.as_bytes())
            .into_owned()
            .collect()
    })
    .unwrap_or_default()
}

/// Reads the parameters of `endpoint` into a search request (with the histogram interval
/// for `/api/histogram`).
pub fn search_request(
    endpoint: Endpoint,
    pairs: &[(String, String)],
) -> Result<SearchRequest, ParamError> {
    let mut request = SearchRequest::new("");
    let mut seen: Vec<&str> = Vec::new();
    if endpoint == Endpoint::Histogram {
        request.limit = 1;
        request.histogram = Some(Interval::Month);
    }
    for (key, value) in pairs {
        let key = key.as_str();
        let Some(&known) = endpoint.accepts().iter().find(|k| **k == key) else {
            return Err(ParamError(format!(
                "unknown parameter {key:?}; this endpoint accepts {}",
                endpoint.accepts().join(", ")
            )));
        };
        let lists = matches!(known, "lang" | "source");
        if seen.contains(&known) && !lists {
            return Err(ParamError(format!("parameter {known:?} is given twice")));
        }
        seen.push(known);
        let value = value.trim();
        match known {
            "q" => {
                let chars = value.chars().count();
                if chars > MAX_QUERY_CHARS {
                    return Err(ParamError(format!(
                        "query too long: {chars} characters, at most {MAX_QUERY_CHARS}"
                    )));
                }
                request.query = value.to_string();
            }
            "lang" => {
                for code in list(value) {
                    let lang = Lang::parse(code).ok_or_else(|| {
                        ParamError(format!(
                            "unknown language {code:?} in lang (use vi, fr, en or other)"
                        ))
                    })?;
                    if !request.langs.contains(&lang) {
                        request.langs.push(lang);
                    }
                }
            }
            "source" => {
                for source in list(value) {
                    request.sources.push(source.to_lowercase());
                }
            }
            "since" if !value.is_empty() => request.since = Some(date(known, value, false)?),
            "until" if !value.is_empty() => request.until = Some(date(known, value, true)?),
            "limit" => {
                request.limit = number(known, value)?;
                if request.limit == 0 || request.limit > MAX_LIMIT {
                    return Err(ParamError(format!(
                        "limit must be between 1 and {MAX_LIMIT}, not {value}"
                    )));
                }
            }
            "offset" => request.offset = number(known, value)?,
            "sort" => {
                request.sort = Sort::parse(value).ok_or_else(|| {
                    ParamError(format!("unknown sort {value:?} (use relevance or date)"))
                })?;
            }
            "histogram" | "by" if !value.is_empty() => {
                request.histogram = Some(Interval::parse(value).ok_or_else(|| {
                    ParamError(format!(
                        "unknown {known} interval {value:?} (use month, week or day)"
                    ))
                })?);
            }
            _ => {}
        }
        if request.langs.len() > MAX_LIST_VALUES || request.sources.len() > MAX_LIST_VALUES {
            return Err(ParamError(format!(
                "too many values in {known}: at most {MAX_LIST_VALUES}"
            )));
        }
    }
    if let (Some(since), Some(until)) = (request.since, request.until) {
        if since > until {
            return Err(ParamError(format!(
                "the date range is empty: since {since} is after until {until}"
            )));
        }
    }
    Ok(request)
}

/// The non-empty items of a comma-separated list.
fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

fn number(key: &str, value: &str) -> Result<usize, ParamError> {
    value
        .parse()
        .map_err(|_| ParamError(format!("{key} must be a whole number, not {value:?}")))
}

/// Parses `YYYY-MM-DD`, or a bare `YYYY` / `YYYY-MM` naming the period's first day (or, for
/// the end of a range, its last day).
fn date(key: &str, value: &str, end: bool) -> Result<Date, ParamError> {
    let bad = || ParamError(format!("{key} must be a date YYYY-MM-DD, not {value:?}"));
    if let Some(date) = Date::parse_iso(value) {
        return Ok(date);
    }
    let parts: Vec<&str> = value.split('-').collect();
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !parts.iter().all(|p| numeric(p)) || parts.first().is_none_or(|y| y.len() != 4) {
        return Err(bad());
    }
    let year: i32 = parts[0].parse().map_err(|_| bad())?;
    let (first_month, last_month) = match parts.as_slice() {
        [_] => (1, 12),
        [_, m] if m.len() <= 2 => {
            let month: u32 = m.parse().map_err(|_| bad())?;
            (month, month)
        }
        _ => return Err(bad()),
    };
    let found = if end {
        (28..=31)
            .rev()
            .find_map(|day| Date::new(year, last_month, day))
    } else {
        Date::new(year, first_month, 1)
    };
    found.ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(raw: &str) -> Vec<(String, String)> {
        decode(Some(raw))
    }

    fn ok(endpoint: Endpoint, raw: &str) -> SearchRequest {
        search_request(endpoint, &pairs(raw)).unwrap_or_else(|e| panic!("{raw}: {e:?}"))
    }

    #[test]
    fn good_parameters_fill_the_request() {
        let r = ok(
            Endpoint::Search,
            "q=ngh%E1%BB%8B+quy%E1%BA%BFt&lang=vi,FR&lang=en&since=2025-01&until=2025-02\
             &source=Example.vn&limit=20&offset=40&sort=date&histogram=week",
        );
        assert_eq!(r.query, "nghị quyết");
        assert_eq!(r.langs, vec![Lang::Vi, Lang::Fr, Lang::En]);
        assert_eq!(r.since, Date::new(2025, 1, 1));
        assert_eq!(r.until, Date::new(2025, 2, 28));
        assert_eq!(r.sources, vec!["example.vn".to_string()]);
        assert_eq!((r.limit, r.offset, r.sort), (20, 40, Sort::Date));
        assert_eq!(r.histogram, Some(Interval::Week));
    }

    #[test]
    fn defaults_and_empty_values() {
        let r = ok(Endpoint::Search, "q=&lang=&since=&until=&histogram=");
        assert_eq!(r.query, "");
        assert!(r.langs.is_empty());
        assert_eq!((r.since, r.until, r.histogram), (None, None, None));
        assert_eq!((r.limit, r.offset), (10, 0));

        let h = ok(Endpoint::Histogram, "q=x");
        assert_eq!(h.histogram, Some(Interval::Month));
        let h = ok(Endpoint::Histogram, "by=day&until=2024");
        assert_eq!(h.histogram, Some(Interval::Day));
        assert_eq!(h.until, Date::new(2024, 12, 31));
        let leap = ok(Endpoint::Search, "until=2024-02");
        assert_eq!(leap.until, Date::new(2024, 2, 29));
    }

    #[test]
    fn bad_parameters_say_what_is_wrong() {
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        for (endpoint, raw, expect) in [
            (Endpoint::Search, "limit=0", "limit must be between"),
            (Endpoint::Search, "limit=100000", "limit must be between"),
            (Endpoint::Search, "limit=-1", "whole number"),
            (Endpoint::Search, "limit=ten", "whole number"),
            (Endpoint::Search, "offset=1.5", "whole number"),
            (Endpoint::Search, "since=notadate", "since must be a date"),
            (Endpoint::Search, "until=2025-13", "until must be a date"),
            (Endpoint::Search, "since=2025-02-30", "since must be a date"),
            (Endpoint::Search, "since=25-01-01", "since must be a date"),
            (
                Endpoint::Search,
                "since=2025-06-01&until=2025-05-01",
                "empty",
            ),
            (Endpoint::Search, "sort=xxx", "unknown sort"),
            (Endpoint::Search, "lang=de", "unknown language"),
            (
                Endpoint::Search,
                "histogram=year",
                "unknown histogram interval",
            ),
            (Endpoint::Search, "q=a&q=b", "given twice"),
            (Endpoint::Search, "by=month", "unknown parameter \"by\""),
            (
                Endpoint::Histogram,
                "limit=5",
                "unknown parameter \"limit\"",
            ),
            (Endpoint::Histogram, "by=year", "unknown by interval"),
            (Endpoint::Search, long.as_str(), "query too long"),
        ] {
            let err = search_request(endpoint, &pairs(raw)).expect_err(raw);
            assert!(err.0.contains(expect), "{raw}: {}", err.0);
        }
    }

    #[test]
    fn a_query_of_exactly_the_limit_is_accepted() {
        // Counted in characters, not bytes: 1000 Vietnamese letters are 2000+ bytes.
        let q = "ệ".repeat(MAX_QUERY_CHARS);
        let r = search_request(Endpoint::Search, &[("q".into(), q.clone())]).unwrap();
        assert_eq!(r.query, q);
    }

    #[test]
    fn too_many_list_values_are_refused() {
        let many = vec!["vi"; MAX_LIST_VALUES + 1].join(",");
        // Repeated languages collapse, so only distinct sources can overflow.
        assert!(search_request(Endpoint::Search, &[("lang".into(), many)]).is_ok());
        let sources: Vec<String> = (0..=MAX_LIST_VALUES).map(|i| format!("s{i}.vn")).collect();
        let err =
            search_request(Endpoint::Search, &[("source".into(), sources.join(","))]).unwrap_err();
        assert!(err.0.contains("too many"), "{}", err.0);
    }

    #[test]
    fn decoding_never_fails() {
        assert!(decode(None).is_empty());
        let odd = decode(Some("q=%ZZ%E1&&=x&lang"));
        assert_eq!(odd[0].0, "q");
        assert!(odd.iter().any(|(k, v)| k.is_empty() && v == "x"));
    }
}
