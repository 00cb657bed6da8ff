//! Serving connections: HTTP/1.1 (hyper) with the limits a server on a public network needs.
//!
//! `axum::serve` sets no timer, so hyper's header read timeout never fires and a client that
//! sends one header byte a second (slow-loris) or keeps an idle connection open holds a task
//! and a socket for ever. Here every connection gets:
//! - a **header read timeout** (`--header-timeout`): a request head must arrive within it
//!   (hyper's timer, from its first byte), and a connection that sends nothing at all is
//!   dropped after it too;
//! - an **idle timeout** (`--idle-timeout`): a connection on which nothing was read or
//!   written for that long is closed gracefully (a request still being answered is finished
//!   first), and dropped if it is still silent a header timeout later;
//! - **half-close**: a client that sends its request and shuts its side at once still gets
//!   the request carried out (the answer just can't reach it).
//!
//! The request timeout and the body read timeout are tower layers of the API (`api::router`).

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// The connection limits (see the module's docs).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_read: Duration,
    pub idle: Duration,
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
    let started = Instant::now();
    let last_activity = Arc::new(AtomicU64::new(NEVER));
    let io = TokioIo::new(Watched {
        inner: stream,
        started,
        last_activity: last_activity.clone(),
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .half_close(true)
        .keep_alive(true);
    let connection = builder.serve_connection(io, TowerToHyperService::new(app));
    tokio::pin!(connection);
    let shortest = limits.idle.min(limits.header_read);
    let mut check =
        tokio::time::interval((shortest / 4).clamp(Duration::from_millis(50), Duration::from_secs(5)));
    let mut closing = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%error, "connection ended");
                }
                return;
            }
            _ = check.tick() => {
                let now = started.elapsed();
                let last = last_activity.load(Ordering::Relaxed);
                // Silent since it connected: hyper waits for a first byte for ever.
                if last == NEVER && now >= limits.header_read {
                    return;
                }
                let idle = now.saturating_sub(Duration::from_millis(last.min(now.as_millis() as u64)));
                if idle >= limits.idle && !closing {
                    connection.as_mut().graceful_shutdown();
                    closing = true;
                } else if idle >= limits.idle + limits.header_read {
                    // Asked to close and still silent (a half-sent request): dropped.
                    return;
                }
            }
            _ = stopping.changed(), if !closing => {
                connection.as_mut().graceful_shutdown();
                closing = true;
            }
        }
    }
}

/// `last_activity` of a connection that has read and written nothing yet.
const NEVER: u64 = u64::MAX;

/// A socket that notes when it last read or wrote something (for the idle timeout).
struct Watched {
    inner: TcpStream,
    started: Instant,
    /// Milliseconds after `started`, or [`NEVER`].
    last_activity: Arc<AtomicU64>,
}

impl Watched {
    fn active(&self) {
        self.last_activity
            .store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.active();
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.active();
        }
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.active();
        }
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
