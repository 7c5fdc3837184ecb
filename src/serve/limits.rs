//! Connection limits of `serve`: at most [`MAX_CONNECTIONS`] at once, and
//! every connection must make progress or be closed.
//!
//! A connection is in one of three phases, each with its own deadline, checked
//! whenever a read or a write of the connection waits:
//! - **idle** (just opened, or a response was written): the next request must
//!   start within [`IDLE_TIMEOUT`] of the last byte written (or, for a new
//!   connection, within [`HEADER_TIMEOUT`]);
//! - **header** (the first bytes of a request arrived): the whole request
//!   head must arrive within [`HEADER_TIMEOUT`] of its first byte;
//! - **busy** (a request head arrived): the response must start, and
//!   continue, within [`BUSY_TIMEOUT`].
//!
//! Writing resets the phase to idle, so a live-reload stream (a keep-alive
//! comment every [`super::SSE_KEEP_ALIVE`]) stays open, while a connection
//! that sends nothing, sends a request a byte at a time, or never reads its
//! response is closed. When all slots are taken, new connections wait in the
//! kernel's queue until one frees.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};

/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 256;
/// Time to send a whole request head, from its first byte (and, on a new
/// connection, to start it).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a kept-alive connection may wait for its next request.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Time to start (and keep writing) a response.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// A listener handing out at most [`MAX_CONNECTIONS`] [`Guarded`] streams.
pub struct Limited {
    listener: TcpListener,
    slots: Arc<Semaphore>,
}

impl Limited {
    /// Limit `listener`.
    pub fn new(listener: TcpListener) -> Limited {
        Limited {
            listener,
            slots: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
        }
    }
}

impl axum::serve::Listener for Limited {
    type Io = Guarded;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Guarded, SocketAddr) {
        loop {
            // The semaphore is never closed.
            let Ok(slot) = self.slots.clone().acquire_owned().await else {
                std::future::pending::<()>().await;
                continue;
            };
            match self.listener.accept().await {
                Ok((stream, addr)) => {
                    let _ = stream.set_nodelay(true);
                    return (Guarded::new(stream, slot), addr);
                }
                Err(e) => {
                    drop(slot);
                    // Out of file descriptors or similar: back off instead
                    // of spinning.
                    if !matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionAborted
                            | io::ErrorKind::ConnectionReset
                            | io::ErrorKind::ConnectionRefused
                    ) {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Idle,
    Header,
    Busy,
}

/// A connection that is closed when it stops making progress.
pub struct Guarded {
    stream: TcpStream,
    _slot: OwnedSemaphorePermit,
    phase: Phase,
    deadline: Pin<Box<Sleep>>,
    /// Line ends in a row seen in the request head (`\r` ignored).
    line_ends: u8,
    /// A byte other than a line end was seen in this request head.
    text: bool,
}

impl Guarded {
    fn new(stream: TcpStream, slot: OwnedSemaphorePermit) -> Guarded {
        Guarded {
            stream,
            _slot: slot,
            phase: Phase::Idle,
            deadline: Box::pin(tokio::time::sleep(HEADER_TIMEOUT)),
            line_ends: 0,
            text: false,
        }
    }

    fn enter(&mut self, phase: Phase, timeout: Duration) {
        self.phase = phase;
        self.deadline.as_mut().reset(Instant::now() + timeout);
    }

    /// Follow the request head through bytes read.
    fn read(&mut self, bytes: &[u8]) {
        if bytes.is_empty() || self.phase == Phase::Busy {
            return;
        }
        if self.phase == Phase::Idle {
            self.enter(Phase::Header, HEADER_TIMEOUT);
            self.line_ends = 0;
            self.text = false;
        }
        for &b in bytes {
            match b {
                b'\n' if self.text => {
                    self.line_ends += 1;
                    if self.line_ends >= 2 {
                        self.enter(Phase::Busy, BUSY_TIMEOUT);
                        return;
                    }
                }
                b'\r' | b'\n' => {}
                _ => {
                    self.text = true;
                    self.line_ends = 0;
                }
            }
        }
    }

    fn wrote(&mut self, n: usize) {
        if n > 0 {
            self.enter(Phase::Idle, IDLE_TIMEOUT);
        }
    }

    /// The deadline passed (polling it wakes the task when it does).
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        self.deadline.as_mut().poll(cx).is_ready()
    }
}

fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "connection made no progress")
}

impl AsyncRead for Guarded {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let filled = buf.filled();
                let new = filled.get(before..).unwrap_or_default();
                self.read(new);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending if self.expired(cx) => Poll::Ready(Err(timed_out())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.stream).poll_write(cx, data) {
            Poll::Ready(Ok(n)) => {
                self.wrote(n);
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending if self.expired(cx) => Poll::Ready(Err(timed_out())),
            Poll::Pending => Poll::Pending,
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.stream).poll_write_vectored(cx, bufs) {
            Poll::Ready(Ok(n)) => {
                self.wrote(n);
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending if self.expired(cx) => Poll::Ready(Err(timed_out())),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.stream).poll_flush(cx) {
            Poll::Pending if self.expired(cx) => Poll::Ready(Err(timed_out())),
            other => other,
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.stream).poll_shutdown(cx) {
            Poll::Pending if self.expired(cx) => Poll::Ready(Err(timed_out())),
            other => other,
        }
    }
}
