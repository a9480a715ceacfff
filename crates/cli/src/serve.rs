//! `newsindex serve`: the HTTP API and the web page.

use crate::common::{open_index, DEFAULT_INDEX};
use crate::EXIT_OK;
use newsindex_query::Engine;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Arguments of `newsindex serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_INDEX)]
    index: PathBuf,
    /// Address to listen on (loopback by default; use 0.0.0.0:PORT to serve a network).
    #[arg(long, default_value = "127.0.0.1:7878")]
    addr: SocketAddr,
}

pub(crate) fn run(args: Args) -> anyhow::Result<i32> {
    let engine = Engine::new(open_index(&args.index)?)?;
    eprintln!(
        "newsindex: serving {} on http://{}/ (Ctrl-C to stop)",
        args.index.display(),
        args.addr
    );
    newsindex_server::run(engine, args.addr)?;
    Ok(EXIT_OK)
}
