//! The query language: words, `"phrases"`, `-exclusions`, `+required`, `OR`, and the fields
//! `title:`, `lang:`, `source:`, `since:`, `until:`, `date:FROM..TO`.
//!
//! Any string is a valid input to [`parse`]: it returns a parsed query or a [`SyntaxError`]
//! that says what is wrong and where; it never panics. Work is bounded by [`Limits`].

use newsindex_core::{Date, Lang};
use std::fmt;

/// Hard bounds on the work one query may ask for.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Longest query, in characters.
    pub max_chars: usize,
    /// Most clauses (words, phrases, groups) in one query.
    pub max_clauses: usize,
    /// Most words in one phrase.
    pub max_phrase_words: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_chars: 1000,
            max_clauses: 64,
            max_phrase_words: 32,
        }
    }
}

/// Whether a clause must, may or must not match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occur {
    /// Ranks documents that match it higher.
    Should,
    /// Documents must match it.
    Must,
    /// Documents must not match it.
    MustNot,
}

/// The text of one clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    /// Free words, analysed together (so multi-word terms and translations are found).
    Words(String),
    /// A quoted phrase: the words in this order.
    Phrase(String),
}

/// One clause of the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// Must, should or must not.
    pub occur: Occur,
    /// Alternatives: one for a plain clause, several for `a OR b OR c`.
    pub alternatives: Vec<Text>,
    /// Restricted to titles (`title:`).
    pub title_only: bool,
}

/// Filters given inside the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InlineFilters {
    /// `lang:vi` (repeatable).
    pub langs: Vec<Lang>,
    /// `source:nhandan.vn` (repeatable).
    pub sources: Vec<String>,
    /// `since:2025-01-01` or the start of `date:A..B`.
    pub since: Option<Date>,
    /// `until:2025-12-31` or the end of `date:A..B`.
    pub until: Option<Date>,
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Clauses in query order.
    pub clauses: Vec<Clause>,
    /// Filters from `lang:`, `source:`, `since:`, `until:`, `date:`.
    pub filters: InlineFilters,
}

/// A query that cannot be run, with a message for the person who typed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong, in plain words.
    pub message: String,
    /// Character column (1-based) where the problem is, when it has one.
    pub column: Option<usize>,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(f, "{} (at character {column})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for SyntaxError {}

fn error(message: impl Into<String>, column: Option<usize>) -> SyntaxError {
    SyntaxError {
        message: message.into(),
        column,
    }
}

/// A lexical token with its 1-based character column.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word {
        text: String,
        prefix: Option<char>,
        column: usize,
    },
    Quoted {
        text: String,
        prefix: Option<char>,
        field: Option<String>,
        column: usize,
    },
    Or,
}

const FIELDS: [&str; 6] = ["title", "lang", "source", "since", "until", "date"];

fn lex(query: &str, limits: &Limits) -> Result<Vec<Token>, SyntaxError> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let column = i + 1;
        let prefix = match chars[i] {
            '-' | '+' if i + 1 < chars.len() && !chars[i + 1].is_whitespace() => {
                i += 1;
                Some(chars[i - 1])
            }
            _ => None,
        };
        // A field name directly followed by a quote: title:"..." .
        let mut field = None;
        let word_start = i;
        let mut j = i;
        while j < chars.len() && !chars[j].is_whitespace() && chars[j] != '"' {
            j += 1;
        }
        if j < chars.len() && chars[j] == '"' && j > word_start {
            let candidate: String = chars[word_start..j].iter().collect();
            if let Some(name) = candidate.strip_suffix(':') {
                if FIELDS.contains(&name.to_lowercase().as_str()) {
                    field = Some(name.to_lowercase());
                    i = j;
                }
            }
        }
        if chars[i] == '"' {
            let start = i + 1;
            let Some(len) = chars[start..].iter().position(|&c| c == '"') else {
                return Err(error("unclosed quote: add the closing \"", Some(i + 1)));
            };
            let text: String = chars[start..start + len].iter().collect();
            if text.split_whitespace().count() > limits.max_phrase_words {
                return Err(error(
                    format!("phrase too long: at most {} words", limits.max_phrase_words),
                    Some(column),
                ));
            }
            tokens.push(Token::Quoted {
                text,
                prefix,
                field,
                column,
            });
            i = start + len + 1;
            continue;
        }
        let mut end = i;
        while end < chars.len() && !chars[end].is_whitespace() && chars[end] != '"' {
            end += 1;
        }
        let text: String = chars[i..end].iter().collect();
        i = end;
        if text == "OR" && prefix.is_none() {
            tokens.push(Token::Or);
        } else {
            tokens.push(Token::Word {
                text,
                prefix,
                column,
            });
        }
    }
    Ok(tokens)
}

fn occur_of(prefix: Option<char>) -> Occur {
    match prefix {
        Some('-') => Occur::MustNot,
        Some('+') => Occur::Must,
        _ => Occur::Should,
    }
}

fn parse_date(raw: &str, column: usize) -> Result<Date, SyntaxError> {
    Date::parse_iso(raw)
        .or_else(|| {
            // Accept a bare year or year-month as the whole period's start.
            let parts: Vec<&str> = raw.split('-').collect();
            match parts.as_slice() {
                [y] if y.len() == 4 => Date::new(y.parse().ok()?, 1, 1),
                [y, m] if y.len() == 4 => Date::new(y.parse().ok()?, m.parse().ok()?, 1),
                _ => None,
            }
        })
        .ok_or_else(|| {
            error(
                format!("{raw:?} is not a date (use YYYY-MM-DD)"),
                Some(column),
            )
        })
}

/// The last day of the period a partial date names (`2025` → 2025-12-31, `2025-02` → 2025-02-28).
fn period_end(raw: &str, start: Date) -> Date {
    match raw.split('-').count() {
        1 => Date::new(start.year, 12, 31).unwrap_or(start),
        2 => (28..=31)
            .rev()
            .find_map(|day| Date::new(start.year, start.month, day))
            .unwrap_or(start),
        _ => start,
    }
}

/// Parses a query string within `limits`.
pub fn parse(query: &str, limits: &Limits) -> Result<ParsedQuery, SyntaxError> {
    let length = query.chars().count();
    if length > limits.max_chars {
        return Err(error(
            format!(
                "query too long: {length} characters, at most {}",
                limits.max_chars
            ),
            None,
        ));
    }
    let tokens = lex(query, limits)?;
    let mut parsed = ParsedQuery::default();
    let mut pending_or = false;
    let mut words: Vec<String> = Vec::new();

    fn flush_words(words: &mut Vec<String>, clauses: &mut Vec<Clause>) {
        if !words.is_empty() {
            clauses.push(Clause {
                occur: Occur::Should,
                alternatives: vec![Text::Words(words.join(" "))],
                title_only: false,
            });
            words.clear();
        }
    }

    for (position, token) in tokens.iter().enumerate() {
        let next_is_or = matches!(tokens.get(position + 1), Some(Token::Or));
        let (text, prefix, field, column, quoted) = match token {
            Token::Or => {
                if parsed.clauses.is_empty() && words.is_empty() {
                    return Err(error("OR needs something on its left", None));
                }
                pending_or = true;
                continue;
            }
            Token::Word {
                text,
                prefix,
                column,
            } => {
                let (field, value) = match text.split_once(':') {
                    Some((name, value)) if FIELDS.contains(&name.to_lowercase().as_str()) => {
                        (Some(name.to_lowercase()), value.to_string())
                    }
                    _ => (None, text.clone()),
                };
                (value, *prefix, field, *column, false)
            }
            Token::Quoted {
                text,
                prefix,
                field,
                column,
            } => (text.clone(), *prefix, field.clone(), *column, true),
        };
        match field.as_deref() {
            Some("lang") => {
                for code in text.split(',').filter(|c| !c.is_empty()) {
                    let lang = Lang::parse(code).ok_or_else(|| {
                        error(
                            format!("unknown language {code:?} (use vi, fr, en or other)"),
                            Some(column),
                        )
                    })?;
                    parsed.filters.langs.push(lang);
                }
                if text.is_empty() {
                    return Err(error("lang: needs a language code", Some(column)));
                }
                continue;
            }
            Some("source") => {
                if text.is_empty() {
                    return Err(error("source: needs a domain", Some(column)));
                }
                parsed
                    .filters
                    .sources
                    .push(text.trim_start_matches("www.").to_lowercase());
                continue;
            }
            Some("since") => {
                parsed.filters.since = Some(parse_date(&text, column)?);
                continue;
            }
            Some("until") => {
                let start = parse_date(&text, column)?;
                parsed.filters.until = Some(period_end(&text, start));
                continue;
            }
            Some("date") => {
                let (from, to) = text
                    .split_once("..")
                    .unwrap_or((text.as_str(), text.as_str()));
                if !from.is_empty() {
                    parsed.filters.since = Some(parse_date(from, column)?);
                }
                if !to.is_empty() {
                    let start = parse_date(to, column)?;
                    parsed.filters.until = Some(period_end(to, start));
                }
                continue;
            }
            _ => {}
        }
        if text.trim().is_empty() {
            if field.as_deref() == Some("title") {
                return Err(error("title: needs a word or a \"phrase\"", Some(column)));
            }
            continue;
        }
        let title_only = field.as_deref() == Some("title");
        let alternative = if quoted {
            Text::Phrase(text)
        } else {
            Text::Words(text)
        };
        let plain = !quoted && !title_only && prefix.is_none();
        if pending_or {
            pending_or = false;
            // Join this alternative to the clause on the left of OR.
            flush_words(&mut words, &mut parsed.clauses);
            if let Some(last) = parsed.clauses.last_mut() {
                last.alternatives.push(alternative);
                continue;
            }
        }
        if plain && !next_is_or {
            words.push(match alternative {
                Text::Words(w) => w,
                Text::Phrase(p) => p,
            });
        } else {
            flush_words(&mut words, &mut parsed.clauses);
            parsed.clauses.push(Clause {
                occur: occur_of(prefix),
                alternatives: vec![alternative],
                title_only,
            });
        }
        if parsed.clauses.len() > limits.max_clauses {
            return Err(error(
                format!("too many clauses: at most {}", limits.max_clauses),
                Some(column),
            ));
        }
    }
    if pending_or {
        return Err(error("OR needs something on its right", None));
    }
    flush_words(&mut words, &mut parsed.clauses);
    if parsed.clauses.len() > limits.max_clauses {
        return Err(error(
            format!("too many clauses: at most {}", limits.max_clauses),
            None,
        ));
    }
    if let (Some(since), Some(until)) = (parsed.filters.since, parsed.filters.until) {
        if since > until {
            return Err(error(
                format!("the date range is empty: {since} is after {until}"),
                None,
            ));
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(q: &str) -> ParsedQuery {
        parse(q, &Limits::default()).unwrap_or_else(|e| panic!("{q}: {e}"))
    }

    fn words(text: &str) -> Clause {
        Clause {
            occur: Occur::Should,
            alternatives: vec![Text::Words(text.into())],
            title_only: false,
        }
    }

    #[test]
    fn consecutive_words_form_one_clause() {
        assert_eq!(
            p("nghị quyết 57 chuyển đổi số").clauses,
            vec![words("nghị quyết 57 chuyển đổi số")]
        );
    }

    #[test]
    fn phrases_exclusions_and_required() {
        let q = p("\"khoa học\" -football +5G budget");
        assert_eq!(q.clauses.len(), 4);
        assert_eq!(
            q.clauses[0].alternatives,
            vec![Text::Phrase("khoa học".into())]
        );
        assert_eq!(q.clauses[0].occur, Occur::Should);
        assert_eq!(q.clauses[1].occur, Occur::MustNot);
        assert_eq!(q.clauses[2].occur, Occur::Must);
        assert_eq!(q.clauses[3], words("budget"));
    }

    #[test]
    fn or_joins_alternatives() {
        let q = p("typhoon OR \"bão Tamarin\" OR typhon Hanoi");
        assert_eq!(q.clauses.len(), 2);
        assert_eq!(q.clauses[0].alternatives.len(), 3);
        assert_eq!(q.clauses[1], words("Hanoi"));
    }

    #[test]
    fn fields_become_filters() {
        let q = p(
            "lang:vi,fr source:www.NhanDan.vn since:2025-01 until:2025 title:\"Tô Lâm\" innovation",
        );
        assert_eq!(q.filters.langs, vec![Lang::Vi, Lang::Fr]);
        assert_eq!(q.filters.sources, vec!["nhandan.vn"]);
        assert_eq!(q.filters.since, Date::new(2025, 1, 1));
        assert_eq!(q.filters.until, Date::new(2025, 12, 31));
        assert!(q.clauses[0].title_only);
        assert_eq!(q.clauses[1], words("innovation"));
        let range = p("date:2025-02..2025-02");
        assert_eq!(range.filters.since, Date::new(2025, 2, 1));
        assert_eq!(range.filters.until, Date::new(2025, 2, 28));
    }

    #[test]
    fn codes_urls_and_apostrophes_stay_words() {
        assert_eq!(
            p("57-NQ/TW l'innovation https://nhandan.vn/x").clauses,
            vec![words("57-NQ/TW l'innovation https://nhandan.vn/x")]
        );
        assert_eq!(p("co-operation").clauses, vec![words("co-operation")]);
    }

    #[test]
    fn errors_are_clear() {
        let limits = Limits::default();
        for (query, needle) in [
            ("\"unclosed", "unclosed quote"),
            ("OR x", "left"),
            ("x OR", "right"),
            ("lang:de", "unknown language"),
            ("since:yesterday", "not a date"),
            ("since:2025-05-01 until:2025-01-01", "empty"),
            ("title:", "title: needs"),
        ] {
            let err = parse(query, &limits).unwrap_err();
            assert!(err.to_string().contains(needle), "{query}: {err}");
        }
        let long = "a ".repeat(600);
        assert!(parse(&long, &limits)
            .unwrap_err()
            .message
            .contains("too long"));
        let many = (0..80)
            .map(|i| format!("\"w{i}\""))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(parse(&many, &limits)
            .unwrap_err()
            .message
            .contains("too many"));
    }

    #[test]
    fn empty_and_filter_only_queries_parse() {
        assert!(p("").clauses.is_empty());
        assert!(p("   ").clauses.is_empty());
        assert_eq!(p("lang:fr").filters.langs, vec![Lang::Fr]);
    }

    proptest! {
        #[test]
        fn parse_never_panics(query in "\\PC{0,300}") {
            let _ = parse(&query, &Limits::default());
        }

        #[test]
        fn parse_never_panics_on_operator_soup(query in "[\"+\\-: ORa-z()]{0,200}") {
            let _ = parse(&query, &Limits::default());
        }
    }
}
