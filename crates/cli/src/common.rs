//! What several commands share: opening (or first building) the index, output formats, and
//! marking snippets' matches for the terminal.

use anyhow::Context;
use newsindex_index::{IndexError, NewsIndex};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Where the index lives unless `--index` says otherwise.
pub(crate) const DEFAULT_INDEX: &str = "index";
/// What is indexed unless paths are given.
pub(crate) const DEFAULT_CORPUS: &str = "corpus";

/// Text for people, or JSON for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Readable text.
    Text,
    /// One JSON document.
    Json,
}

/// Opens the index; on a fresh checkout (default location, nothing built yet, a `corpus/`
/// beside it) builds it from `corpus/` first and says so on stderr, so that the quick start
/// is one command.
pub(crate) fn open_index(dir: &Path) -> anyhow::Result<NewsIndex> {
    match NewsIndex::open(dir) {
        Err(IndexError::Missing(_))
            if dir == Path::new(DEFAULT_INDEX) && Path::new(DEFAULT_CORPUS).is_dir() =>
        {
            eprintln!(
                "newsindex: no index at {}/ yet: building it from {DEFAULT_CORPUS}/ first",
                dir.display()
            );
            let summary = crate::index::build(
                &[PathBuf::from(DEFAULT_CORPUS)],
                dir,
                &crate::index::BuildSettings::default(),
            )?;
            eprintln!(
                "newsindex: indexed {} articles ({} stories) in {:.1} s",
                summary.articles, summary.stories, summary.elapsed_secs
            );
            Ok(NewsIndex::open(dir)?)
        }
        other => other.with_context(|| format!("cannot open the index at {}", dir.display())),
    }
}

/// Whether to colour output.
pub(crate) fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// A snippet with its matches (character ranges) between `on` and `off` (ANSI codes or
/// brackets on a terminal, nothing in CSV).
pub(crate) fn marked_snippet(text: &str, highlights: &[[usize; 2]], on: &str, off: &str) -> String {
    let mut out = String::with_capacity(text.len() + highlights.len() * (on.len() + off.len()));
    let mut next = highlights.iter().peekable();
    let mut open_until = None;
    for (index, c) in text.chars().enumerate() {
        if open_until == Some(index) {
            out.push_str(off);
            open_until = None;
        }
        if open_until.is_none() {
            if let Some(&&[from, to]) = next.peek() {
                if from == index {
                    out.push_str(on);
                    open_until = Some(to);
                    next.next();
                }
            }
        }
        out.push(c);
    }
    if open_until.is_some() {
        out.push_str(off);
    }
    out
}

/// Prints JSON on stdout; a closed pipe is not an error.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let result = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| std::io::Write::write_all(&mut out, b"\n"));
    ignore_broken_pipe(result)
}

/// Treats a closed output pipe (`| head`) as success.
pub(crate) fn ignore_broken_pipe(result: std::io::Result<()>) -> anyhow::Result<()> {
    match result {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_snippet_wraps_character_ranges() {
        assert_eq!(
            marked_snippet("a b <c> đổi", &[[2, 3], [8, 11]], "[", "]"),
            "a [b] <c> [đổi]"
        );
        assert_eq!(marked_snippet("abc", &[], "[", "]"), "abc");
        // Out-of-range or malformed ranges never panic.
        assert_eq!(marked_snippet("ab", &[[1, 9]], "[", "]"), "a[b]");
    }
}
