//! HTTP API and the embedded web page for journalists.
//!
//! INTERFACE PLACEHOLDER: replaced by the server work; `run` keeps this signature.

/// Serves the API and page for `engine` on `addr` until interrupted.
pub fn run(_engine: newsindex_query::Engine, addr: std::net::SocketAddr) -> std::io::Result<()> {
    Err(std::io::Error::other(format!(
        "the server is not built in yet (asked for {addr})"
    )))
}
