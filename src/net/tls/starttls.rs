//! STARTTLS: the plain-text dialogue that upgrades an SMTP, IMAP or POP3
//! connection before the TLS handshake (RFC 3207, 3501, 2595). Every line
//! goes through the traced socket calls, so --trace shows the dialogue.

use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::net::sock::Sock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proto {
    Smtp,
    Imap,
    Pop3,
}

impl Proto {
    pub fn parse(s: &str) -> std::result::Result<Proto, String> {
        match s.to_ascii_lowercase().as_str() {
            "smtp" => Ok(Proto::Smtp),
            "imap" => Ok(Proto::Imap),
            "pop3" => Ok(Proto::Pop3),
            _ => Err("expected smtp, imap or pop3".into()),
        }
    }
}

/// Reads one line without reading past it (a peek finds its end, so the
/// TLS handshake that follows finds its bytes untouched), within `end`.
fn line(sock: &Sock, end: Instant, peer: &str) -> Result<String> {
    let mut b = [0u8; 8192];
    loop {
        super::stream::wait(sock.fd(), libc::POLLIN, Some(end))
            .map_err(|e| Error::os(format!("STARTTLS dialogue with {peer}"), &e))?;
        let n = match sock.recv(&mut b, libc::MSG_PEEK | libc::MSG_DONTWAIT) {
            Ok(0) => {
                return Err(Error::tls(format!(
                    "STARTTLS with {peer}: the server closed the connection"
                )));
            }
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(Error::os(format!("recv from {peer}"), &e)),
        };
        let Some(nl) = b[..n].iter().position(|c| *c == b'\n') else {
            if n == b.len() {
                return Err(Error::tls(format!(
                    "STARTTLS with {peer}: a line longer than 8 KiB"
                )));
            }
            // Half a line: wait for the rest (bounded by `end`).
            std::thread::sleep(Duration::from_millis(5));
            continue;
        };
        let got = sock
            .recv(&mut b[..nl + 1], 0)
            .map_err(|e| Error::os(format!("recv from {peer}"), &e))?;
        return Ok(String::from_utf8_lossy(&b[..got]).trim_end().to_string());
    }
}

/// SMTP's replies run on while the fourth byte is '-'.
fn reply(sock: &Sock, end: Instant, peer: &str) -> Result<String> {
    for _ in 0..100 {
        let l = line(sock, end, peer)?;
        if l.as_bytes().get(3) != Some(&b'-') {
            return Ok(l);
        }
    }
    Err(Error::tls(format!(
        "STARTTLS with {peer}: a reply of more than 100 lines"
    )))
}

fn send(sock: &Sock, text: &str, peer: &str) -> Result<()> {
    let mut b = text.as_bytes();
    while !b.is_empty() {
        let n = sock
            .send(b, 0)
            .map_err(|e| Error::os(format!("send to {peer}"), &e))?;
        b = &b[n..];
    }
    Ok(())
}

fn expect(got: &str, ok: &str, what: &str, peer: &str) -> Result<()> {
    if got.starts_with(ok) {
        Ok(())
    } else {
        Err(Error::tls(format!(
            "STARTTLS with {peer}: {what}: the server said {:?}",
            crate::ui::escape::text(got)
        )))
    }
}

/// Runs the upgrade dialogue; afterwards the socket is ready for the handshake.
pub fn upgrade(sock: &Sock, proto: Proto, timeout: Option<Duration>, peer: &str) -> Result<()> {
    let end = Instant::now() + timeout.unwrap_or(Duration::from_secs(30));
    match proto {
        Proto::Smtp => {
            expect(&reply(sock, end, peer)?, "220", "greeting", peer)?;
            send(sock, "EHLO sockx\r\n", peer)?;
            expect(&reply(sock, end, peer)?, "250", "EHLO", peer)?;
            send(sock, "STARTTLS\r\n", peer)?;
            expect(&reply(sock, end, peer)?, "220", "STARTTLS", peer)
        }
        Proto::Imap => {
            expect(&line(sock, end, peer)?, "* OK", "greeting", peer)?;
            send(sock, "a1 STARTTLS\r\n", peer)?;
            for _ in 0..100 {
                let l = line(sock, end, peer)?;
                if l.starts_with("a1 ") {
                    return expect(&l, "a1 OK", "STARTTLS", peer);
                }
            }
            Err(Error::tls(format!("STARTTLS with {peer}: no tagged reply")))
        }
        Proto::Pop3 => {
            expect(&line(sock, end, peer)?, "+OK", "greeting", peer)?;
            send(sock, "STLS\r\n", peer)?;
            expect(&line(sock, end, peer)?, "+OK", "STLS", peer)
        }
    }
}
