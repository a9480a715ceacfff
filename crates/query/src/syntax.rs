//! The query language: words, `"phrases"`, `-exclusions`, `+required`, `AND`, `OR`,
//! parentheses, and the fields `title:`, `lang:`, `source:`, `since:`, `until:`,
//! `date:FROM..TO` (each filter negatable with `-`). README.md, "Query syntax", is the
//! specification; `tests/query_conformance.rs` checks it.
//!
//! Precedence, tightest first: a `+`/`-` prefix, `AND`, `OR`, then juxtaposition (a list of
//! clauses, each optional unless `+` or joined by `AND`).
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

/// Deepest nesting of parentheses; deeper is refused rather than recursed into.
const MAX_DEPTH: usize = 16;

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
    /// A sub-query (parentheses, or an `AND` inside an `OR`): its clauses combine as the
    /// query's own do.
    Group(Vec<Clause>),
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
    /// `-lang:vi`: languages excluded.
    pub not_langs: Vec<Lang>,
    /// `-source:x`: outlets excluded.
    pub not_sources: Vec<String>,
    /// `-since:`, `-until:`, `-date:`: publication periods excluded (inclusive bounds; `None`
    /// is open). Undated articles are never in a period, so never excluded by one.
    pub not_dates: Vec<(Option<Date>, Option<Date>)>,
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
    Open {
        prefix: Option<char>,
        field: Option<String>,
        column: usize,
    },
    Close {
        column: usize,
    },
    Or {
        column: usize,
    },
    And {
        column: usize,
    },
}

const FIELDS: [&str; 6] = ["title", "lang", "source", "since", "until", "date"];

/// Characters that end a word outside quotes.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || c == '"' || c == '(' || c == ')'
}

fn lex(query: &str, limits: &Limits) -> Result<Vec<Token>, SyntaxError> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let column = i + 1;
        if c == ')' {
            tokens.push(Token::Close { column });
            i += 1;
            continue;
        }
        // A lone `-` or `+` (before a space or a `)`) is a word, not a prefix.
        let prefix = match c {
            '-' | '+'
                if chars
                    .get(i + 1)
                    .is_some_and(|&n| !n.is_whitespace() && n != ')') =>
            {
                i += 1;
                Some(c)
            }
            _ => None,
        };
        // A field name directly followed by a quote or a parenthesis: title:"..." title:( .
        let mut field = None;
        let mut j = i;
        while j < chars.len() && !ends_word(chars[j]) {
            j += 1;
        }
        if j > i && j < chars.len() && (chars[j] == '"' || chars[j] == '(') {
            let candidate: String = chars[i..j].iter().collect();
            if let Some(name) = candidate.strip_suffix(':') {
                let name = name.to_lowercase();
                if FIELDS.contains(&name.as_str()) {
                    field = Some(name);
                    i = j;
                }
            }
        }
        if chars[i] == '(' {
            tokens.push(Token::Open {
                prefix,
                field,
                column,
            });
            i += 1;
            continue;
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
        while end < chars.len() && !ends_word(chars[end]) {
            end += 1;
        }
        let text: String = chars[i..end].iter().collect();
        i = end;
        // Only the upper-case forms are operators: `or` and `and` stay words.
        tokens.push(match (text.as_str(), prefix) {
            ("OR", None) => Token::Or { column },
            ("AND", None) => Token::And { column },
            _ => Token::Word {
                text,
                prefix,
                column,
            },
        });
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

const DATE_FORMS: &str = "use YYYY, YYYY-MM or YYYY-MM-DD";

fn parse_date(raw: &str, column: usize) -> Result<Date, SyntaxError> {
    Date::parse_iso(raw)
        .or_else(|| {
            // Accept a bare year or year-month as the whole period's start.
            let parts: Vec<&str> = raw.split('-').collect();
            match parts.as_slice() {
                [y] if y.len() == 4 => Date::new(y.parse().ok()?, 1, 1),
                [y, m] if y.len() == 4 && m.len() <= 2 => {
                    Date::new(y.parse().ok()?, m.parse().ok()?, 1)
                }
                _ => None,
            }
        })
        .ok_or_else(|| {
            error(
                format!("{raw:?} is not a date ({DATE_FORMS})"),
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

/// One operand: a clause, or a filter (which only the top level may hold).
enum Unit {
    Clause(Clause),
    Filter {
        negated: bool,
        name: String,
        value: String,
        column: usize,
    },
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
    filters: InlineFilters,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    /// Fails unless the next token can start an operand of `operator`.
    fn expect_operand(&self, operator: &str, column: usize) -> Result<(), SyntaxError> {
        match self.peek() {
            None | Some(Token::Close { .. } | Token::Or { .. } | Token::And { .. }) => Err(error(
                format!("{operator} needs something on its right"),
                Some(column),
            )),
            _ => Ok(()),
        }
    }

    fn unary(&mut self, depth: usize, title: bool) -> Result<Unit, SyntaxError> {
        let token = self
            .peek()
            .cloned()
            .ok_or_else(|| error("the query ends too early", None))?;
        self.position += 1;
        let clause = |occur, text, title_only| {
            Ok(Unit::Clause(Clause {
                occur,
                alternatives: vec![text],
                title_only,
            }))
        };
        match token {
            Token::Word {
                text,
                prefix,
                column,
            } => match text.split_once(':') {
                Some((name, value)) if FIELDS.contains(&name.to_lowercase().as_str()) => {
                    let name = name.to_lowercase();
                    if name == "title" {
                        if value.is_empty() {
                            return Err(error("title: needs a word or a \"phrase\"", Some(column)));
                        }
                        return clause(occur_of(prefix), Text::Words(value.to_string()), true);
                    }
                    Ok(Unit::Filter {
                        negated: prefix == Some('-'),
                        name,
                        value: value.to_string(),
                        column,
                    })
                }
                _ => clause(occur_of(prefix), Text::Words(text), title),
            },
            Token::Quoted {
                text,
                prefix,
                field,
                column,
            } => match field.as_deref() {
                None | Some("title") => {
                    if text.trim().is_empty() {
                        return Err(error(
                            "empty phrase: put words between the quotes",
                            Some(column),
                        ));
                    }
                    let title_only = title || field.is_some();
                    clause(occur_of(prefix), Text::Phrase(text), title_only)
                }
                Some(name) => Ok(Unit::Filter {
                    negated: prefix == Some('-'),
                    name: name.to_string(),
                    value: text,
                    column,
                }),
            },
            Token::Open {
                prefix,
                field,
                column,
            } => {
                if let Some(name) = field.as_deref().filter(|&name| name != "title") {
                    return Err(error(
                        format!("{name}: takes one value, not parentheses"),
                        Some(column),
                    ));
                }
                if depth + 1 > MAX_DEPTH {
                    return Err(error(
                        format!("too deeply nested: at most {MAX_DEPTH} levels of parentheses"),
                        Some(column),
                    ));
                }
                let title_only = title || field.is_some();
                let inner = self.sequence(depth + 1, title_only)?;
                match self.peek() {
                    Some(Token::Close { .. }) => self.position += 1,
                    _ => {
                        return Err(error(
                            "unclosed parenthesis: add the closing )",
                            Some(column),
                        ))
                    }
                }
                if inner.is_empty() {
                    return Err(error(
                        "empty parentheses: put a word or a \"phrase\" inside",
                        Some(column),
                    ));
                }
                clause(occur_of(prefix), Text::Group(inner), title_only)
            }
            Token::Close { column } => Err(error("unmatched ): no ( before it", Some(column))),
            Token::Or { column } => Err(error("OR needs something on its left", Some(column))),
            Token::And { column } => Err(error("AND needs something on its left", Some(column))),
        }
    }

    /// `a AND b AND c`: every operand required (or excluded, with `-`).
    fn conjunction(&mut self, depth: usize, title: bool) -> Result<Vec<Unit>, SyntaxError> {
        let mut units = vec![self.unary(depth, title)?];
        while let Some(&Token::And { column }) = self.peek() {
            self.position += 1;
            self.expect_operand("AND", column)?;
            units.push(self.unary(depth, title)?);
        }
        if units.len() > 1 {
            for unit in &mut units {
                if let Unit::Clause(clause) = unit {
                    if clause.occur == Occur::Should {
                        clause.occur = Occur::Must;
                    }
                }
            }
        }
        Ok(units)
    }

    /// `x OR y OR z`, each side a conjunction.
    fn disjunction(&mut self, depth: usize, title: bool) -> Result<Vec<Vec<Unit>>, SyntaxError> {
        let mut alternatives = vec![self.conjunction(depth, title)?];
        while let Some(&Token::Or { column }) = self.peek() {
            self.position += 1;
            self.expect_operand("OR", column)?;
            alternatives.push(self.conjunction(depth, title)?);
        }
        Ok(alternatives)
    }

    /// A list of clauses, up to the end or a `)`.
    fn sequence(&mut self, depth: usize, title: bool) -> Result<Vec<Clause>, SyntaxError> {
        let mut clauses = Vec::new();
        // Consecutive plain words are one clause, analysed together, so that multi-word
        // terms, names, dates and translations are recognised across them.
        let mut words: Vec<String> = Vec::new();
        let flush = |words: &mut Vec<String>, clauses: &mut Vec<Clause>| {
            if !words.is_empty() {
                clauses.push(Clause {
                    occur: Occur::Should,
                    alternatives: vec![Text::Words(words.join(" "))],
                    title_only: title,
                });
                words.clear();
            }
        };
        loop {
            match self.peek() {
                None => break,
                Some(&Token::Close { column }) => {
                    if depth == 0 {
                        return Err(error("unmatched ): no ( before it", Some(column)));
                    }
                    break;
                }
                _ => {}
            }
            let mut alternatives = self.disjunction(depth, title)?;
            if alternatives.len() == 1 {
                let units = alternatives.pop().unwrap_or_default();
                let single = units.len() == 1;
                for unit in units {
                    match unit {
                        Unit::Filter {
                            negated,
                            name,
                            value,
                            column,
                        } => {
                            if depth > 0 {
                                return Err(filter_not_here(&name, column));
                            }
                            self.filter(negated, &name, &value, column)?;
                        }
                        Unit::Clause(clause) => {
                            let plain = single
                                && clause.occur == Occur::Should
                                && clause.title_only == title
                                && matches!(clause.alternatives.as_slice(), [Text::Words(_)]);
                            match clause.alternatives.as_slice() {
                                [Text::Words(w)] if plain => words.push(w.clone()),
                                _ => {
                                    flush(&mut words, &mut clauses);
                                    clauses.push(clause);
                                }
                            }
                        }
                    }
                }
                continue;
            }
            flush(&mut words, &mut clauses);
            let mut texts = Vec::new();
            for units in alternatives {
                let mut members = Vec::new();
                for unit in units {
                    match unit {
                        Unit::Filter { name, column, .. } => {
                            return Err(filter_not_here(&name, column))
                        }
                        Unit::Clause(clause) => members.push(clause),
                    }
                }
                // A plain alternative stays a text; anything else (`-x`, `title:x`,
                // `a AND b`) becomes a group that keeps its own occurrence and field.
                match members.as_slice() {
                    [only] if only.occur != Occur::MustNot && only.title_only == title => {
                        texts.extend(only.alternatives.iter().cloned());
                    }
                    _ => texts.push(Text::Group(members)),
                }
            }
            clauses.push(Clause {
                occur: Occur::Should,
                alternatives: texts,
                title_only: title,
            });
        }
        flush(&mut words, &mut clauses);
        Ok(clauses)
    }

    fn filter(
        &mut self,
        negated: bool,
        name: &str,
        value: &str,
        column: usize,
    ) -> Result<(), SyntaxError> {
        let filters = &mut self.filters;
        match name {
            "lang" => {
                if value.is_empty() {
                    return Err(error("lang: needs a language code", Some(column)));
                }
                for code in value.split(',').filter(|c| !c.is_empty()) {
                    let lang = Lang::parse(code).ok_or_else(|| {
                        error(
                            format!("unknown language {code:?} (use vi, fr, en or other)"),
                            Some(column),
                        )
                    })?;
                    if negated {
                        filters.not_langs.push(lang);
                    } else {
                        filters.langs.push(lang);
                    }
                }
            }
            "source" => {
                if value.is_empty() {
                    return Err(error("source: needs a domain", Some(column)));
                }
                let source = value.trim_start_matches("www.").to_lowercase();
                if negated {
                    filters.not_sources.push(source);
                } else {
                    filters.sources.push(source);
                }
            }
            "since" | "until" | "date" => {
                let (from, to) = match name {
                    "since" => (value, ""),
                    "until" => ("", value),
                    _ => value.split_once("..").unwrap_or((value, value)),
                };
                if from.is_empty() && to.is_empty() {
                    let what = if name == "date" {
                        "a date or a range FROM..TO"
                    } else {
                        "a date"
                    };
                    return Err(error(
                        format!("{name}: needs {what} ({DATE_FORMS})"),
                        Some(column),
                    ));
                }
                let start = if from.is_empty() {
                    None
                } else {
                    Some(parse_date(from, column)?)
                };
                let end = if to.is_empty() {
                    None
                } else {
                    Some(period_end(to, parse_date(to, column)?))
                };
                if negated {
                    filters.not_dates.push((start, end));
                } else {
                    // Repeated date filters all apply: the periods intersect.
                    filters.since = filters.since.max(start);
                    filters.until = match (filters.until, end) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn filter_not_here(name: &str, column: usize) -> SyntaxError {
    error(
        format!(
            "{name}: filters the whole query: put it outside parentheses and OR \
             (lang:vi,fr takes several languages)"
        ),
        Some(column),
    )
}

/// Clauses in `clauses` and every group inside them.
fn count_clauses(clauses: &[Clause]) -> usize {
    clauses
        .iter()
        .map(|clause| {
            1 + clause
                .alternatives
                .iter()
                .map(|text| match text {
                    Text::Group(inner) => count_clauses(inner),
                    _ => 0,
                })
                .sum::<usize>()
        })
        .sum()
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
    let mut parser = Parser {
        tokens: lex(query, limits)?,
        position: 0,
        filters: InlineFilters::default(),
    };
    let clauses = parser.sequence(0, false)?;
    if count_clauses(&clauses) > limits.max_clauses {
        return Err(error(
            format!("too many clauses: at most {}", limits.max_clauses),
            None,
        ));
    }
    let parsed = ParsedQuery {
        clauses,
        filters: parser.filters,
    };
    if let (Some(since), Some(until)) = (parsed.filters.since, parsed.filters.until) {
        if since > until {
            return Err(error(
                format!("the date range is empty: {since} is after {until}"),
                None,
            ));
        }
    }
    for &(from, to) in &parsed.filters.not_dates {
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                return Err(error(
                    format!("the date range is empty: {from} is after {to}"),
                    None,
                ));
            }
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
            ("x AND", "AND needs something on its right"),
            ("AND x", "AND needs something on its left"),
            ("(x", "unclosed parenthesis"),
            ("x)", "unmatched )"),
            ("()", "empty parentheses"),
            ("\"\"", "empty phrase"),
            ("(lang:vi x)", "filters the whole query"),
            ("x OR -source:a.vn", "filters the whole query"),
            ("date:..", "date: needs"),
            ("-date:2025-03..2025-01", "empty"),
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
        let deep = format!("{}x{}", "(".repeat(40), ")".repeat(40));
        assert!(parse(&deep, &limits)
            .unwrap_err()
            .message
            .contains("too deeply nested"));
    }

    fn clause(occur: Occur, text: Text) -> Clause {
        Clause {
            occur,
            alternatives: vec![text],
            title_only: false,
        }
    }

    #[test]
    fn and_requires_its_operands_and_binds_tighter_than_or() {
        let w = |t: &str| Text::Words(t.into());
        assert_eq!(
            p("improve budget AND rain").clauses,
            vec![
                words("improve"),
                clause(Occur::Must, w("budget")),
                clause(Occur::Must, w("rain")),
            ]
        );
        let q = p("warning OR budget AND rain");
        assert_eq!(q.clauses.len(), 1);
        assert_eq!(
            q.clauses[0].alternatives,
            vec![
                w("warning"),
                Text::Group(vec![
                    clause(Occur::Must, w("budget")),
                    clause(Occur::Must, w("rain"))
                ])
            ]
        );
        // Lower-case `and` and `or` are words.
        assert_eq!(
            p("salt and pepper or").clauses,
            vec![words("salt and pepper or")]
        );
    }

    #[test]
    fn parentheses_group_and_take_prefixes_and_title() {
        let q = p("-(agency OR Yagi) title:(a b)");
        assert_eq!(q.clauses[0].occur, Occur::MustNot);
        assert!(matches!(
            q.clauses[0].alternatives.as_slice(),
            [Text::Group(_)]
        ));
        assert!(q.clauses[1].title_only);
        let Text::Group(inner) = &q.clauses[1].alternatives[0] else {
            panic!("a group");
        };
        assert!(inner.iter().all(|c| c.title_only));
    }

    #[test]
    fn negated_filters_exclude() {
        let q = p("-lang:vi,fr -source:www.X.vn -since:2025 -until:2024-02 -date:2023-05 +lang:en");
        assert_eq!(q.filters.not_langs, vec![Lang::Vi, Lang::Fr]);
        assert_eq!(q.filters.langs, vec![Lang::En]);
        assert_eq!(q.filters.not_sources, vec!["x.vn"]);
        assert_eq!(
            q.filters.not_dates,
            vec![
                (Date::new(2025, 1, 1), None),
                (None, Date::new(2024, 2, 29)),
                (Date::new(2023, 5, 1), Date::new(2023, 5, 31)),
            ]
        );
        assert!(q.clauses.is_empty());
        assert!(q.filters.since.is_none() && q.filters.until.is_none());
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
