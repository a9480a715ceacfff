//! What several commands share: opening (or first building) the index, output formats, and
//! turning HTML snippets into terminal text.

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

/// Turns an HTML snippet into plain text, marking matches with `on`/`off` (ANSI codes on a
/// terminal, nothing otherwise).
pub(crate) fn snippet_text(html: &str, on: &str, off: &str) -> String {
    html.replace("<mark>", on)
        .replace("</mark>", off)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
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
    fn snippet_text_unescapes_and_marks() {
        assert_eq!(
            snippet_text("a <mark>b</mark> &lt;c&gt; &amp;amp;", "[", "]"),
            "a [b] <c> &amp;"
        );
    }
}
