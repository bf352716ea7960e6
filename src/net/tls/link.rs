//! A connection of the echo server (`listen --echo`, `-k`): a plain socket,
//! or TLS whose handshake runs step by step inside the server's readiness
//! loop (never one blocking handshake holding up the others).

use std::io;
use std::os::fd::RawFd;
use std::sync::Arc;
use std::time::Instant;

use rustls::{Connection, ServerConfig, ServerConnection};

use super::verify::HelloRecorder;
use super::{Eof, Progress, TlsStream};
use crate::event::{Event, Sink};
use crate::net::sock::Sock;
use crate::net::stream::Stream;

/// The echo server's TLS context.
#[derive(Debug, Clone)]
pub struct Server {
    pub config: Arc<ServerConfig>,
    pub hello: Arc<HelloRecorder>,
}

pub enum Link {
    Plain(Sock),
    Tls {
        stream: Box<TlsStream>,
        /// When the handshake began; None once it is over.
        handshaking: Option<Instant>,
    },
}

impl Link {
    pub fn new(sock: Sock, tls: Option<&Server>) -> io::Result<Link> {
        let Some(t) = tls else {
            return Ok(Link::Plain(sock));
        };
        let conn = ServerConnection::new(t.config.clone())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        Ok(Link::Tls {
            stream: Box::new(TlsStream::new(sock, Connection::Server(conn))),
            handshaking: Some(Instant::now()),
        })
    }

    pub fn fd(&self) -> RawFd {
        match self {
            Link::Plain(s) => s.fd(),
            Link::Tls { stream, .. } => stream.sock.fd(),
        }
    }

    /// Moves the handshake on: None when it is over (or there is none),
    /// Some(true) when it waits to write, Some(false) to read.
    pub fn handshake(
        &mut self,
        tls: Option<&Server>,
        sink: &mut dyn Sink,
    ) -> io::Result<Option<bool>> {
        let Link::Tls {
            stream,
            handshaking,
        } = self
        else {
            return Ok(None);
        };
        let Some(began) = *handshaking else {
            return Ok(None);
        };
        let r = stream.handshake_step();
        // The ClientHello was processed in this step (one thread): its offer.
        if let Some(mut offer) = tls.and_then(|t| t.hello.take()) {
            offer.versions = stream.offered_versions();
            sink.event(Event::ClientHello { offer });
        }
        match r? {
            Progress::WantRead => Ok(Some(false)),
            Progress::WantWrite => Ok(Some(true)),
            Progress::Done => {
                *handshaking = None;
                let info = stream.info(began.elapsed().as_secs_f64() * 1000.0);
                let client = stream
                    .conn
                    .peer_certificates()
                    .and_then(|c| c.first())
                    .map(|c| super::fingerprint(c));
                sink.event(Event::Tls {
                    info,
                    verified_by: client.as_ref().map(|_| "client certificate".into()),
                    peer_sha256: client,
                });
                Ok(None)
            }
        }
    }

    pub fn recv(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Link::Plain(s) => s.recv(buf, libc::MSG_DONTWAIT),
            Link::Tls { stream, .. } => stream.read(buf),
        }
    }

    pub fn send(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Link::Plain(s) => s.send(buf, libc::MSG_DONTWAIT),
            Link::Tls { stream, .. } => stream.write(buf),
        }
    }

    /// Plaintext is waiting inside TLS, which readiness cannot show.
    pub fn buffered(&mut self) -> bool {
        match self {
            Link::Plain(_) => false,
            Link::Tls { stream, .. } => stream.buffered(),
        }
    }

    /// The end: close_notify (without waiting), and a peer that closed TCP
    /// without one is said.
    pub fn finish(&mut self, sink: &mut dyn Sink) {
        if let Link::Tls { stream, .. } = self {
            stream.close_nowait();
            if stream.eof == Eof::TcpFin {
                sink.event(Event::Warning {
                    message: "the peer closed the TCP connection without a TLS close_notify".into(),
                });
            }
        }
    }
}
