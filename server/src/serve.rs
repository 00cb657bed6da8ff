//! Serving connections: HTTP/1.1 (hyper) with the limits a server on a public network needs.
//!
//! `axum::serve` sets no timer, so hyper's header read timeout never fires and a client that
//! sends one header byte a second (slow-loris), or opens a connection and sends nothing, or
//! keeps an idle connection open, holds a task and a socket for ever. Here every connection
//! gets hyper's timer: a request head must arrive whole within `--header-timeout` of the
//! connection opening or of the previous answer, so that also ends silent and idle
//! connections. With **half-close**, a client that sends its request and shuts its side at
//! once still gets the request carried out (the answer just can't reach it). The request
//! timeout is a tower layer of the API (`api::router`).

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// The connection limits (see the module's docs).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_read: Duration,
}

/// Accepts connections until `shutdown` completes, then lets every open connection finish
/// the requests it has started and close.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let (stop, stopping) = watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(serve_connection(stream, app.clone(), limits, stopping.clone()));
                }
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(error) => {
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            () = &mut shutdown => break,
        }
    }
    let _ = stop.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

async fn serve_connection(
    stream: TcpStream,
    app: Router,
    limits: Limits,
    mut stopping: watch::Receiver<bool>,
) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .half_close(true)
        .keep_alive(true);
    let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    tokio::pin!(connection);
    tokio::select! {
        result = connection.as_mut() => return log_end(result),
        _ = stopping.changed() => connection.as_mut().graceful_shutdown(),
    }
    // Stopping: the request under way is answered, then the connection closes; a client
    // that takes longer than `SHUTDOWN_GRACE` is dropped.
    if let Ok(result) = tokio::time::timeout(SHUTDOWN_GRACE, connection).await {
        log_end(result);
    }
}

/// How long a stopping server waits for the requests under way.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

fn log_end(result: Result<(), hyper::Error>) {
    if let Err(error) = result {
        tracing::debug!(%error, "connection ended");
    }
}
