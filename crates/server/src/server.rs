//! Running the router on a socket until Ctrl-C (or SIGTERM), finishing requests in flight.

use crate::api::router;
use newsindex_query::Engine;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Serves the application on `addr` until Ctrl-C or SIGTERM.
pub async fn serve(engine: Engine, addr: SocketAddr) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await.map_err(|err| {
        std::io::Error::new(err.kind(), format!("cannot listen on {addr}: {err}"))
    })?;
    serve_on(engine, listener).await
}

/// Serves the application on an already bound listener until Ctrl-C or SIGTERM.
pub async fn serve_on(engine: Engine, listener: TcpListener) -> std::io::Result<()> {
    let local = listener.local_addr()?;
    eprintln!("newsindex: serving http://{local}/ (Ctrl-C to stop)");
    axum::serve(listener, router(engine))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// Blocking form of [`serve`]: builds a tokio runtime and serves until Ctrl-C or SIGTERM.
pub fn run(engine: Engine, addr: SocketAddr) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("newsindex-serve")
        .build()?
        .block_on(serve(engine, addr))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No signal handler: serve until killed.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    eprintln!("newsindex: shutting down");
}
