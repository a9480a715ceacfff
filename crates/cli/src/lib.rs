//! The newsindex command line: clap commands that print text, JSON or CSV.
//!
//! [`main`] parses the arguments and dispatches to one module per command; each command
//! returns its exit code. Exit codes are shared by all commands and listed in `--help`.

mod batch;
mod common;
mod compare;
mod index;
mod normalize;
mod search;
mod serve;
mod show;

use clap::{CommandFactory, Parser, Subcommand};
use std::ffi::OsString;

/// Exit code: everything was read and processed.
pub const EXIT_OK: i32 = 0;
/// Exit code: the run finished but some inputs were rejected.
pub const EXIT_REJECTED: i32 = 1;
/// Exit code: bad usage, or nothing could be read.
pub const EXIT_FATAL: i32 = 2;

const EXIT_CODES: &str = "Exit status:
  0  all inputs read
  1  some inputs rejected (each named on stderr); the others were processed
  2  fatal error: bad usage, or nothing readable

A closed output pipe (`newsindex normalize corpus | head`) is not an error.";

/// Multilingual (Vietnamese, French, English) news corpus indexer and search engine.
#[derive(Debug, Parser)]
#[command(
    name = "newsindex",
    version,
    about = "Multilingual (Vietnamese, French, English) news corpus indexer and search engine.",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read, clean and normalise articles; print one clean article per line.
    #[command(after_help = EXIT_CODES)]
    Normalize(normalize::Args),
    /// Build or update the index (incremental by default; published atomically).
    #[command(after_help = EXIT_CODES)]
    Index(index::Args),
    /// Search across Vietnamese, French and English; results grouped by story.
    Search(search::Args),
    /// Print an article's stored record.
    Show(show::ShowArgs),
    /// Counts per language, outlet and month.
    Stats(show::IndexArgs),
    /// The other language versions of an article, with the evidence that links them.
    Translations(show::TranslationsArgs),
    /// Every story: its versions, languages and links.
    Stories(show::IndexArgs),
    /// A story's versions aligned paragraph by paragraph: what each dropped, added or changed.
    Compare(compare::Args),
    /// Serve the HTTP API and the web page.
    Serve(serve::Args),
    /// The build as separate steps over JSON lines, for batch frameworks (Spark).
    Batch(batch::Args),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse_from(query_words_last(std::env::args_os().collect())) {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() {
                EXIT_FATAL
            } else {
                EXIT_OK
            };
            let _ = err.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Normalize(args) => normalize::run(args),
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(args),
        Command::Show(args) => show::show(args),
        Command::Stats(args) => show::stats(args),
        Command::Translations(args) => show::translations(args),
        Command::Stories(args) => show::stories(args),
        Command::Compare(args) => compare::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Batch(args) => batch::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("newsindex: error: {}", error_message(&err));
            EXIT_FATAL
        }
    }
}

/// Moves the words of a `search` query that start with `-` (`-lang:vi`, `-"a phrase"`)
/// behind a `--`, after the options, so that clap reads them as the query instead of
/// refusing them as unknown options. clap's `allow_hyphen_values` is not enough: once the
/// query has started, it would swallow the options that follow (`--format json`) too.
/// Options of `search` and their values stay where they are; an unknown `--option` is
/// left for clap to refuse.
fn query_words_last(args: Vec<OsString>) -> Vec<OsString> {
    if args.get(1).is_none_or(|a| a != "search") {
        return args;
    }
    let command = Cli::command();
    let Some(search) = command.find_subcommand("search") else {
        return args;
    };
    let mut out: Vec<OsString> = args[..2].to_vec();
    let mut query: Vec<OsString> = Vec::new();
    let mut rest = args[2..].iter();
    while let Some(arg) = rest.next() {
        let text = arg.to_string_lossy();
        if text == "--" {
            query.extend(rest.by_ref().cloned());
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            let (name, inline_value) = match long.split_once('=') {
                Some((name, _)) => (name, true),
                None => (long, false),
            };
            let option = search.get_arguments().find(|a| a.get_long() == Some(name));
            out.push(arg.clone());
            if option.is_some_and(|o| o.get_action().takes_values()) && !inline_value {
                out.extend(rest.next().cloned());
            }
            continue;
        }
        let short = text.strip_prefix('-').and_then(|s| {
            let mut chars = s.chars();
            chars.next().filter(|_| chars.next().is_none())
        });
        match short {
            Some('h') => out.push(arg.clone()),
            Some(c) if search.get_arguments().any(|a| a.get_short() == Some(c)) => {
                out.push(arg.clone());
            }
            _ => query.push(arg.clone()),
        }
    }
    if !query.is_empty() {
        out.push("--".into());
        out.extend(query);
    }
    out
}

/// The error and its causes, each said once: many errors already include their cause in
/// their own message (`path: No space left on device`), so `{:#}` would repeat it.
fn error_message(err: &anyhow::Error) -> String {
    let mut message = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_say_each_cause_once() {
        // Regression: a full disk was reported as "PATH: No space left on device (os error
        // 28): No space left on device (os error 28)".
        let io = std::io::Error::from_raw_os_error(28);
        let text = io.to_string();
        let err = anyhow::Error::new(newsindex_index::IndexError::Io {
            path: "index/spill.jsonl".into(),
            source: io,
        });
        assert_eq!(error_message(&err), format!("index/spill.jsonl: {text}"));
        let wrapped = anyhow::anyhow!("plain").context("outer");
        assert_eq!(error_message(&wrapped), "outer: plain");
    }
}
