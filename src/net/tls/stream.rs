//! `TlsStream`: the `Stream` of a TLS connection over a non-blocking socket.
//!
//! Writes follow OpenSSL's SSL_write rule, which the relay's copy pump keeps
//! (it retries with the bytes it still holds): bytes that were encrypted but
//! whose records the socket did not take yet are reported as WouldBlock, and
//! counted as written only once their records left, on a later call. So
//! nothing waits unseen in our buffer while stdin is quiet, and exit 0 still
//! means every byte reached the peer's TCP. Reads drain the socket until
//! the caller's buffer is full or the socket is empty, so the relay's "poll
//! before the next read" never sleeps on plaintext rustls holds.

use std::io::{self, Read, Write};
use std::os::fd::RawFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

use rustls::Connection;

use super::Info;
use crate::event::Sink;
use crate::net::relay::Aside;
use crate::net::sock::Sock;
use crate::net::stream::Stream;
use crate::sys::{fd, signal};
use crate::trace;

/// How the peer ended its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Eof {
    /// Not yet.
    Open,
    /// A close_notify alert: the clean end.
    CloseNotify,
    /// TCP FIN without close_notify: the data may have been cut short.
    TcpFin,
}

pub struct TlsStream {
    pub sock: Sock,
    pub conn: Connection,
    /// Plaintext bytes encrypted by an earlier `write` whose records are
    /// still (partly) in rustls's buffer: owed to the caller once they left.
    owed: usize,
    pub eof: Eof,
    /// read(2) returned 0: the peer's FIN is in, whatever rustls still holds.
    tcp_eof: bool,
    /// Records read from the socket that rustls has not taken yet: rustls
    /// asks for 4 KiB at a time, so one read(2) of 64 KiB feeds many.
    rbuf: Vec<u8>,
    rstart: usize,
    rend: usize,
    /// A reset (or EPIPE) met while sending close_notify: the socket's
    /// error is consumed by that send, so it is kept for the relay's next
    /// read and its last check (`take_error`), which say how much was sent.
    broken: Option<i32>,
    /// A server's ClientHello not read whole yet: its offered versions,
    /// which rustls does not report, are read from the bytes rustls took,
    /// kept here until the first record is whole (it may come in pieces).
    sniff: bool,
    hello: Vec<u8>,
    /// The versions the client offered (`hello::offered_versions`).
    offered: Option<Vec<u16>>,
    /// The error the early writer met, if any (errno; 0: none).
    early_err: Arc<AtomicI32>,
}

/// Bytes read from the socket per read(2) on the record layer.
const READ_SIZE: usize = 64 * 1024;

/// The socket as rustls's reader, through `TlsStream::rbuf`.
struct Buffered<'a> {
    fd: RawFd,
    buf: &'a mut Vec<u8>,
    start: &'a mut usize,
    end: &'a mut usize,
}

impl Read for Buffered<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if *self.start == *self.end {
            if self.buf.is_empty() {
                self.buf.resize(READ_SIZE, 0);
            }
            let n = Raw(self.fd).read(self.buf)?;
            *self.start = 0;
            *self.end = n;
        }
        let n = out.len().min(*self.end - *self.start);
        out[..n].copy_from_slice(&self.buf[*self.start..*self.start + n]);
        *self.start += n;
        Ok(n)
    }
}

/// The socket as rustls's reader/writer: plain read(2)/send(2) on the
/// descriptor (the records; the trace shows the `ssl` calls above them).
struct Raw(RawFd);

impl Read for Raw {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let r = crate::sys::sock::retry(|| fd::read(self.0, buf));
        trace::records("read", self.0, buf.len(), &r);
        r
    }
}

impl Write for Raw {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = crate::sys::sock::retry(|| crate::sys::sock::send_raw(self.0, buf));
        trace::records("send", self.0, buf.len(), &r);
        r
    }
    // rustls hands over its records as a list: one writev instead of one
    // send per 16 KiB record.
    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        let r = crate::sys::sock::retry(|| fd::writev(self.0, bufs));
        let len = bufs.iter().map(|b| b.len()).sum();
        trace::records("writev", self.0, len, &r);
        r
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The server's early writer (the vendored rustls's `set_early_writer`):
/// the socket, like `Raw`, keeping the first error it met. rustls leaves
/// that error for `write_tls`, but the socket has consumed it by then (a
/// reset is met once, then EPIPE), so `flush_tls` reports this one instead.
struct Early {
    fd: RawFd,
    err: Arc<AtomicI32>,
}

impl Early {
    fn kept<T>(&self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r
            && let Some(n) = e.raw_os_error()
            && e.kind() != io::ErrorKind::WouldBlock
        {
            let _ = self
                .err
                .compare_exchange(0, n, Ordering::Relaxed, Ordering::Relaxed);
        }
        r
    }
}

impl Write for Early {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = Raw(self.fd).write(buf);
        self.kept(r)
    }
    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        let r = Raw(self.fd).write_vectored(bufs);
        self.kept(r)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl TlsStream {
    pub fn new(sock: Sock, mut conn: Connection) -> TlsStream {
        // Bound what rustls buffers: backpressure comes from the socket.
        conn.set_buffer_limit(Some(256 * 1024));
        // A server writes ServerHello .. Certificate before it signs, so that
        // the client checks the chain meanwhile (the vendored rustls's patch,
        // vendor/README.md): a full handshake takes the signature's time less.
        let early_err = Arc::new(AtomicI32::new(0));
        if let Connection::Server(s) = &mut conn {
            s.set_early_writer(Box::new(Early {
                fd: sock.fd(),
                err: early_err.clone(),
            }));
        }
        let sniff = matches!(conn, Connection::Server(_));
        TlsStream {
            sock,
            conn,
            owed: 0,
            eof: Eof::Open,
            tcp_eof: false,
            rbuf: Vec::new(),
            rstart: 0,
            rend: 0,
            broken: None,
            sniff,
            hello: Vec::new(),
            offered: None,
            early_err,
        }
    }

    /// Feeds rustls from our read buffer (one read(2) when it is empty).
    fn read_tls(&mut self) -> io::Result<usize> {
        let mut rd = Buffered {
            fd: self.sock.fd(),
            buf: &mut self.rbuf,
            start: &mut self.rstart,
            end: &mut self.rend,
        };
        let r = self.conn.read_tls(&mut rd);
        if let (true, Ok(n @ 1..)) = (self.sniff, &r) {
            // rustls took the n bytes before rstart, from one buffer (one
            // read per read_tls; were it ever more, the sniffing just stops).
            let took = self.rstart.checked_sub(*n).map(|from| from..self.rstart);
            let whole = match took {
                Some(range) => {
                    self.hello.extend_from_slice(&self.rbuf[range]);
                    super::hello::first_record(&self.hello)
                }
                None => None,
            };
            match whole {
                Some(true) => {
                    self.offered = super::hello::offered_versions(&self.hello);
                    self.sniff = false;
                }
                Some(false) => {}
                None => self.sniff = false,
            }
            if !self.sniff {
                self.hello = Vec::new();
            }
        }
        r
    }

    /// The TLS versions the client offered ('TLSv1.3', …), once its
    /// ClientHello was read; empty when it could not be read.
    pub fn offered_versions(&self) -> Vec<String> {
        self.offered
            .iter()
            .flatten()
            .map(|v| super::version_name(rustls::ProtocolVersion::from(*v)))
            .collect()
    }

    /// Sends what rustls holds, until done (true) or the socket is full.
    fn flush_tls(&mut self) -> io::Result<bool> {
        let mut raw = Raw(self.sock.fd());
        while self.conn.wants_write() {
            match self.conn.write_tls(&mut raw) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) => {
                    // The early writer met the socket's error first.
                    return Err(match self.early_err.load(Ordering::Relaxed) {
                        0 => e,
                        n => io::Error::from_raw_os_error(n),
                    });
                }
            }
        }
        Ok(true)
    }

    /// Waits (poll, signals seen) until rustls's records have left, or
    /// `limit` passed.
    pub fn flush_blocking(&mut self, limit: Option<Duration>) -> io::Result<()> {
        let end = limit.map(|l| Instant::now() + l);
        while !self.flush_tls()? {
            wait(self.sock.fd(), libc::POLLOUT, end)?;
        }
        Ok(())
    }

    fn read_inner(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(errno) = self.broken {
            return Err(io::Error::from_raw_os_error(errno));
        }
        let mut got = 0;
        loop {
            match self.conn.reader().read(&mut buf[got..]) {
                Ok(0) if got == 0 && !buf.is_empty() => {
                    self.eof = Eof::CloseNotify;
                    return Ok(0);
                }
                Ok(n) => {
                    got += n;
                    if got == buf.len() || n == 0 {
                        return Ok(got);
                    }
                    continue;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    if got > 0 {
                        return Ok(got);
                    }
                    self.eof = Eof::TcpFin;
                    return Ok(0);
                }
                Err(e) => return Err(e),
            }
            match self.read_tls() {
                Ok(0) => self.tcp_eof = true,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock && got > 0 => return Ok(got),
                Err(e) => return Err(e),
            }
            let state = self.conn.process_new_packets();
            // Alerts, key updates, tickets: answered as they come.
            let _ = self.flush_tls();
            state.map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        }
    }
}

impl Stream for TlsStream {
    fn fd(&self) -> RawFd {
        self.sock.fd()
    }

    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let r = self.read_inner(buf);
        trace::io(
            "ssock.recv",
            || buf.len().to_string(),
            r,
            |n| match (*n, self.eof) {
                (0, Eof::TcpFin) => "b'' (TCP FIN without close_notify)".to_string(),
                (0, _) => "b'' (close_notify)".to_string(),
                (n, _) => n.to_string(),
            },
        )
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = (|| {
            if !self.flush_tls()? {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            if self.owed > 0 {
                return Ok(std::mem::take(&mut self.owed));
            }
            let n = self.conn.writer().write(buf)?;
            if n == 0 && !buf.is_empty() {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            if self.flush_tls()? {
                Ok(n)
            } else {
                self.owed = n;
                Err(io::ErrorKind::WouldBlock.into())
            }
        })();
        trace::io(
            "ssock.send",
            || format!("<{} bytes>", buf.len()),
            r,
            |n| n.to_string(),
        )
    }

    fn shutdown_write(&mut self) -> io::Result<()> {
        self.conn.send_close_notify();
        trace::ok("ssock.unwrap", String::new, || "close_notify sent".into());
        // The relay ends our direction once; the alert must leave before FIN.
        if let Err(e) = self.flush_blocking(Some(Duration::from_secs(30))) {
            if let Some(errno @ (libc::ECONNRESET | libc::EPIPE)) = e.raw_os_error() {
                // The peer is gone (the relay's ENOTCONN): the reset is
                // said by the next read or the last check, with the counts.
                self.broken = Some(errno);
                return Err(io::Error::from_raw_os_error(libc::ENOTCONN));
            }
            return Err(e);
        }
        self.sock.shutdown(std::net::Shutdown::Write)
    }

    fn zero_copy(&self) -> bool {
        false
    }

    fn pending(&mut self) -> bool {
        self.buffered()
    }

    fn unacked(&self) -> io::Result<usize> {
        self.sock.unacked()
    }

    fn take_error(&self) -> io::Result<Option<io::Error>> {
        if let Some(errno) = self.broken {
            return Ok(Some(io::Error::from_raw_os_error(errno)));
        }
        self.sock.take_error()
    }
}

/// Waits for `events` on `fd` and on the signal pipe; a signal is an EINTR
/// error, the deadline a TimedOut one.
pub fn wait(fd: RawFd, events: i16, end: Option<Instant>) -> io::Result<()> {
    wait_with(fd, events, end, &mut None)
}

/// What a handshake watches beside its socket (listen -k --max-conns's
/// lobby, so that clients over the cap are refused at once even while a
/// client is slow to finish its handshake), and where its events go.
pub type Watch<'a> = Option<(&'a mut dyn Aside, &'a mut dyn Sink)>;

/// `wait`, calling the watched descriptor's `ready` whenever it is
/// readable meanwhile.
fn wait_with(fd: RawFd, events: i16, end: Option<Instant>, watch: &mut Watch) -> io::Result<()> {
    loop {
        if signal::pending().is_some() {
            return Err(io::ErrorKind::Interrupted.into());
        }
        let left = end.map(|e| e.saturating_duration_since(Instant::now()));
        if left == Some(Duration::ZERO) {
            return Err(io::ErrorKind::TimedOut.into());
        }
        // poll(2) skips a negative descriptor (no signal pipe, no watch).
        let aside = watch.as_ref().map_or(-1, |(a, _)| a.fd());
        let mut p = [
            fd::pollfd(fd, events),
            fd::pollfd(signal::fd(), libc::POLLIN),
            fd::pollfd(aside, libc::POLLIN),
        ];
        match fd::poll(&mut p, fd::poll_ms(left)) {
            Ok(_) if p[0].revents != 0 => return Ok(()),
            Ok(_) if p[2].revents != 0 => {
                if let Some((a, sink)) = watch {
                    a.ready(&mut **sink);
                }
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// How a handshake failed: the socket (exit 1), the deadline (4), or TLS
/// itself (5).
pub enum HandshakeError {
    Io(io::Error),
    Tls(rustls::Error),
    /// The peer closed the connection before the handshake was over.
    Closed,
}

/// Drives the handshake to its end (blocking with poll; signals and the
/// deadline end it), then says what was agreed.
pub fn handshake(s: &mut TlsStream, timeout: Option<Duration>) -> Result<Info, HandshakeError> {
    handshake_with(s, timeout, None)
}

/// `handshake`, with `watch` handled while it waits for the peer.
pub fn handshake_with(
    s: &mut TlsStream,
    timeout: Option<Duration>,
    mut watch: Watch,
) -> Result<Info, HandshakeError> {
    fd::set_nonblocking(s.sock.fd(), true).map_err(HandshakeError::Io)?;
    let started = Instant::now();
    let end = timeout.map(|t| started + t);
    while s.conn.is_handshaking() {
        if !s.flush_tls().map_err(HandshakeError::Io)? {
            wait_with(s.sock.fd(), libc::POLLOUT, end, &mut watch).map_err(HandshakeError::Io)?;
            continue;
        }
        if !s.conn.is_handshaking() {
            break;
        }
        match s.read_tls() {
            Ok(0) => return Err(HandshakeError::Closed),
            Ok(_) => {
                if let Err(e) = s.conn.process_new_packets() {
                    // The alert that tells the peer why.
                    let _ = s.flush_tls();
                    return Err(HandshakeError::Tls(e));
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                wait_with(s.sock.fd(), libc::POLLIN, end, &mut watch)
                    .map_err(HandshakeError::Io)?;
            }
            Err(e) => return Err(HandshakeError::Io(e)),
        }
    }
    // The last flight (the client's Finished, the server's tickets).
    s.flush_blocking(timeout).map_err(HandshakeError::Io)?;
    let handshake_ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(info(&s.conn, handshake_ms))
}

fn info(c: &Connection, handshake_ms: f64) -> Info {
    let (cipher, bits) = c
        .negotiated_cipher_suite()
        .map(|s| super::suite_name(s.suite()))
        .unwrap_or_default();
    let sni = match c {
        Connection::Server(s) => s.server_name().map(str::to_string),
        Connection::Client(_) => None,
    };
    Info {
        version: c
            .protocol_version()
            .map(super::version_name)
            .unwrap_or_default(),
        cipher,
        bits,
        group: c
            .negotiated_key_exchange_group()
            .map(|g| format!("{:?}", g.name())),
        alpn: c.alpn_protocol().map(super::proto_text),
        sni,
        resumed: c.handshake_kind() == Some(rustls::HandshakeKind::Resumed),
        handshake_ms: (handshake_ms * 1000.0).round() / 1000.0,
    }
}

/// Where a non-blocking handshake stands (the echo server's event loop).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Done,
    WantRead,
    WantWrite,
}

impl TlsStream {
    /// One non-blocking turn of the handshake: never waits, so one slow
    /// client never holds up the others.
    pub fn handshake_step(&mut self) -> io::Result<Progress> {
        loop {
            if !self.flush_tls()? {
                return Ok(Progress::WantWrite);
            }
            if !self.conn.is_handshaking() {
                return Ok(Progress::Done);
            }
            match self.read_tls() {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(_) => {
                    if let Err(e) = self.conn.process_new_packets() {
                        let _ = self.flush_tls();
                        return Err(io::Error::new(io::ErrorKind::InvalidData, e));
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(Progress::WantRead),
                Err(e) => return Err(e),
            }
        }
    }

    /// Decrypted bytes rustls holds that no read has taken yet: a level-
    /// triggered poll on the socket cannot see them.
    pub fn buffered(&mut self) -> bool {
        self.tcp_eof
            || self.rstart < self.rend
            || self.conn.process_new_packets().map_or(true, |s| {
                s.plaintext_bytes_to_read() > 0 || s.peer_has_closed()
            })
    }

    /// close_notify without waiting (the echo server's end of a connection).
    pub fn close_nowait(&mut self) {
        self.conn.send_close_notify();
        let _ = self.flush_tls();
    }

    /// Says what the handshake agreed on (after `handshake_step` is Done).
    pub fn info(&self, handshake_ms: f64) -> Info {
        info(&self.conn, handshake_ms)
    }
}
