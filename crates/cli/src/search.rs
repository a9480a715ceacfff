//! `newsindex search`: one query, the story in every language, as text, JSON or CSV.

use crate::common::{
    ignore_broken_pipe, marked_snippet, open_index, print_json, stdout_is_terminal, DEFAULT_INDEX,
};
use crate::{EXIT_FATAL, EXIT_OK};
use newsindex_core::{publication, Date, Lang};
use newsindex_query::{Engine, Interval, SearchError, SearchRequest, SearchResponse, Sort};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

const QUERY_HELP: &str = "Query syntax:
  words            ranked by how many match, in any language (vi, fr, en)
  \"a phrase\"       the words in this order
  +word            must match          -word / -\"a phrase\"   must not match
  a AND b          both                a OR b        either     (a OR b) AND c
  title:word       in titles only      lang:vi,fr    source:nhandan.vn
  since:2025-01-01 until:2025-06       date:2025-01..2025-03
  -lang:vi  -source:x  -since:D  -until:D  -date:D1..D2          exclude
Precedence: +/-, then AND, then OR, then juxtaposition. README.md has the whole grammar.
A query may start with -: newsindex search -lang:vi Yagi
Numbers (1 132 = 1.132 = 1,132), dates, document codes (57-NQ/TW) and names with or
without diacritics (To Lam = Tô Lâm) match across languages.

Exit status: 0 results printed (possibly none), 2 bad query or no index.";

/// Output format of `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum SearchFormat {
    /// Results grouped by story, with facets.
    Text,
    /// The whole response as one JSON document.
    Json,
    /// One hit per row, with a header.
    Csv,
}

/// Arguments of `newsindex search`.
#[derive(Debug, clap::Args)]
#[command(after_help = QUERY_HELP)]
pub(crate) struct Args {
    /// The query (several words may be given without quotes; words may start with `-`).
    #[arg(required = true, value_name = "QUERY")]
    query: Vec<String>,
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_INDEX)]
    index: PathBuf,
    /// Only these languages (comma-separated: vi,fr,en).
    #[arg(long, value_delimiter = ',', value_parser = parse_lang)]
    lang: Vec<Lang>,
    /// Published on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    since: Option<Date>,
    /// Published on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    until: Option<Date>,
    /// Only this outlet (domain; repeatable or comma-separated).
    #[arg(long, value_delimiter = ',')]
    source: Vec<String>,
    /// Stories per page.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=200))]
    limit: u32,
    /// Stories to skip.
    #[arg(long, default_value_t = 0)]
    offset: u32,
    /// Order of results.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    sort: SortArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
    format: SearchFormat,
    /// Also print coverage over time per language.
    #[arg(long, value_enum)]
    histogram: Option<IntervalArg>,
    /// With `--format csv`: start with a UTF-8 byte-order mark, so that spreadsheet
    /// programs (Excel) read Vietnamese and French letters as UTF-8, not the local code page.
    #[arg(long)]
    csv_bom: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SortArg {
    Relevance,
    Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum IntervalArg {
    Month,
    Week,
    Day,
}

fn parse_lang(raw: &str) -> Result<Lang, String> {
    Lang::parse(raw).ok_or_else(|| format!("unknown language {raw:?} (use vi, fr, en or other)"))
}

fn parse_date(raw: &str) -> Result<Date, String> {
    Date::parse_iso(raw).ok_or_else(|| format!("{raw:?} is not a date (use YYYY-MM-DD)"))
}

pub(crate) fn run(args: Args) -> anyhow::Result<i32> {
    let engine = Engine::new(open_index(&args.index)?)?;
    let request = SearchRequest {
        query: args.query.join(" "),
        langs: args.lang.clone(),
        sources: args.source.clone(),
        since: args.since,
        until: args.until,
        limit: args.limit as usize,
        offset: args.offset as usize,
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        },
        histogram: args.histogram.map(|h| match h {
            IntervalArg::Month => Interval::Month,
            IntervalArg::Week => Interval::Week,
            IntervalArg::Day => Interval::Day,
        }),
    };
    let response = match engine.search(&request) {
        Ok(response) => response,
        Err(SearchError::Syntax(err)) => {
            eprintln!("newsindex: query error: {err}");
            return Ok(EXIT_FATAL);
        }
        Err(SearchError::BadRequest(message)) => {
            eprintln!("newsindex: {message}");
            return Ok(EXIT_FATAL);
        }
        Err(other) => return Err(other.into()),
    };
    if args.csv_bom && args.format != SearchFormat::Csv {
        eprintln!("newsindex: --csv-bom goes with --format csv");
        return Ok(EXIT_FATAL);
    }
    match args.format {
        SearchFormat::Json => print_json(&response)?,
        SearchFormat::Csv => ignore_broken_pipe(write_csv(&response, args.csv_bom))?,
        SearchFormat::Text => ignore_broken_pipe(write_text(&response))?,
    }
    Ok(EXIT_OK)
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

fn write_csv(response: &SearchResponse, bom: bool) -> std::io::Result<()> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    writeln!(
        out,
        "rank,id,lang,title,url,source,date,score,story,matched,snippet,copies"
    )?;
    for (rank, hit) in response.hits.iter().enumerate() {
        let fields = [
            (rank + 1 + response.offset).to_string(),
            hit.id.clone(),
            hit.lang.code().to_string(),
            hit.title.clone(),
            hit.url.clone().unwrap_or_default(),
            hit.source.clone().unwrap_or_default(),
            publication(hit.date, hit.month).unwrap_or_default(),
            hit.score.to_string(),
            hit.story.clone(),
            hit.matched.to_string(),
            hit.snippet.clone(),
            hit.copies.join(" "),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        writeln!(out, "{}", row.join(","))?;
    }
    out.flush()
}

fn counts_line(counts: &std::collections::BTreeMap<String, u64>, most: usize) -> String {
    let mut pairs: Vec<(&String, &u64)> = counts.iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = pairs
        .iter()
        .take(most)
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let rest = pairs.len().saturating_sub(most);
    if rest > 0 {
        format!("{} · +{rest} more", shown.join(" · "))
    } else {
        shown.join(" · ")
    }
}

fn write_text(response: &SearchResponse) -> std::io::Result<()> {
    let colour = stdout_is_terminal();
    let (bold, dim, mark, reset) = if colour {
        ("\x1b[1m", "\x1b[2m", "\x1b[1;33m", "\x1b[0m")
    } else {
        ("", "", "[", "")
    };
    let mark_off = if colour { reset } else { "]" };
    let mut out = BufWriter::new(std::io::stdout().lock());
    writeln!(
        out,
        "{bold}{} articles in {} stories{reset} for {:?}",
        response.total, response.total_stories, response.query
    )?;
    for warning in &response.warnings {
        writeln!(out, "note: {warning}")?;
    }
    let mut hits = response.hits.iter().peekable();
    for (index, story) in response.stories.iter().enumerate() {
        let langs: Vec<String> = story
            .langs
            .iter()
            .map(|l| l.code().to_uppercase())
            .collect();
        writeln!(
            out,
            "\n{bold}{:>2}. story {}{reset}  {}",
            response.offset + index + 1,
            story.story,
            langs.join(" ")
        )?;
        while let Some(hit) = hits.next_if(|h| h.story == story.story) {
            writeln!(
                out,
                "    {bold}{}{reset}  {}  {}  {}{}",
                hit.lang.code().to_uppercase(),
                publication(hit.date, hit.month).unwrap_or_else(|| "----------".to_string()),
                hit.source.as_deref().unwrap_or("-"),
                hit.title,
                if hit.matched { "" } else { "  (version)" }
            )?;
            let copies = match hit.copies.len() {
                0 => String::new(),
                1 => " (+1 copy)".to_string(),
                n => format!(" (+{n} copies)"),
            };
            writeln!(
                out,
                "        {dim}{}{copies}{reset} {}",
                hit.id,
                marked_snippet(&hit.snippet, &hit.highlights, mark, mark_off)
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "languages: {}", counts_line(&response.facets.lang, 10))?;
    writeln!(
        out,
        "outlets:   {}",
        counts_line(&response.facets.source, 8)
    )?;
    writeln!(
        out,
        "months:    {}",
        counts_line(&response.facets.month, 12)
    )?;
    if let Some(histogram) = &response.histogram {
        writeln!(out, "\ncoverage by {:?}:", histogram.interval)?;
        writeln!(
            out,
            "  {:<12} {:>5} {:>5} {:>5} {:>6}",
            "period", "vi", "fr", "en", "total"
        )?;
        let widest = histogram
            .buckets
            .iter()
            .map(|b| b.total)
            .max()
            .unwrap_or(1)
            .max(1);
        for bucket in &histogram.buckets {
            let get = |lang: &str| bucket.langs.get(lang).copied().unwrap_or(0);
            let bar = "█".repeat(((bucket.total * 30).div_ceil(widest)) as usize);
            writeln!(
                out,
                "  {:<12} {:>5} {:>5} {:>5} {:>6} {bar}",
                bucket.key,
                get("vi"),
                get("fr"),
                get("en"),
                bucket.total
            )?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
