//! The proxy dialogue of `connect --proxy`: on a socket already connected
//! to the proxy, ask it to connect onward, then hand the socket to the relay
//! as if it were connected to the target. SOCKS5 (RFC 1928, with RFC 1929
//! username/password) sends the target's name to the proxy, which resolves
//! it (curl's socks5h: no local lookup of the target); SOCKS4a likewise for
//! a name; HTTP CONNECT (RFC 9110 9.3.6) with Basic Proxy-Authorization.
//! Each step is a `--trace` line (`socks5(connect, 'db', 5432) = 0x05
//! connection refused`), on top of the send/recv calls themselves. A refusal
//! is exit 1 with the proxy's reason.

use std::net::IpAddr;
use std::time::Duration;

use super::sock::Sock;
use super::stdio;
use crate::error::{Error, Result};
use crate::trace;

mod socks;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Socks5,
    Socks4,
    Http,
}

/// Every decision about the dialogue, made once from the arguments.
#[derive(Debug, Clone)]
pub struct Plan {
    pub kind: Kind,
    /// The target as given (a name is sent as a name).
    pub host: String,
    pub port: u16,
    /// --proxy-auth USER:PASS.
    pub auth: Option<(String, String)>,
    /// -w: for each reply of the proxy.
    pub timeout: Option<Duration>,
    /// The proxy as messages name it.
    pub proxy: String,
}

/// Runs the dialogue; Ok when the proxy says it is connected to the target.
pub fn handshake(sock: &Sock, plan: &Plan) -> Result<()> {
    match plan.kind {
        Kind::Socks5 => socks::socks5(sock, plan),
        Kind::Socks4 => socks::socks4(sock, plan),
        Kind::Http => http(sock, plan),
    }
}

fn send_all(sock: &Sock, mut buf: &[u8], plan: &Plan) -> Result<()> {
    while !buf.is_empty() {
        let n = sock
            .send(buf, 0)
            .map_err(|e| Error::os(format!("send to proxy {}", plan.proxy), &e))?;
        buf = &buf[n..];
    }
    Ok(())
}

/// Waits (-w) until the proxy has something to say.
fn wait(sock: &Sock, plan: &Plan) -> Result<()> {
    let ready = stdio::wait_fd(sock.fd(), libc::POLLIN, stdio::poll_ms(plan.timeout))
        .map_err(|e| Error::os("poll", &e))?;
    if !ready {
        return Err(Error::timeout(format!(
            "timed out: proxy {} did not answer (-w)",
            plan.proxy
        )));
    }
    Ok(())
}

fn recv_exact(sock: &Sock, buf: &mut [u8], plan: &Plan, step: &str) -> Result<()> {
    let mut got = 0;
    while got < buf.len() {
        wait(sock, plan)?;
        let n = sock
            .recv(&mut buf[got..], 0)
            .map_err(|e| Error::os(format!("recv from proxy {}", plan.proxy), &e))?;
        if n == 0 {
            return Err(Error::failed(format!(
                "proxy {} closed the connection during the {step}",
                plan.proxy
            )));
        }
        got += n;
    }
    Ok(())
}

fn target(plan: &Plan) -> String {
    format!("{} port {}", plan.host, plan.port)
}

fn http(sock: &Sock, plan: &Plan) -> Result<()> {
    let authority = match plan.host.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => format!("[{v6}]:{}", plan.port),
        _ => format!("{}:{}", plan.host, plan.port),
    };
    let mut req = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some((u, p)) = &plan.auth {
        req.push_str(&format!(
            "Proxy-Authorization: Basic {}\r\n",
            base64(format!("{u}:{p}").as_bytes())
        ));
    }
    req.push_str("\r\n");
    send_all(sock, req.as_bytes(), plan)?;
    let head = read_head(sock, plan)?;
    let status = head.lines().next().unwrap_or("").trim_end().to_string();
    let code = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse::<u16>().ok());
    trace::ok("http", || format!("CONNECT {authority}"), || status.clone());
    match code {
        Some(200..=299) if status.starts_with("HTTP/") => Ok(()),
        _ if !status.starts_with("HTTP/") => Err(Error::failed(format!(
            "{} is not an HTTP proxy: it answered {:?}",
            plan.proxy, status
        ))),
        c => {
            let e = Error::failed(format!(
                "proxy {} refused CONNECT {authority}: {}",
                plan.proxy, status
            ));
            Err(match (c, &plan.auth) {
                (Some(407), None) => e.with_hint("the proxy wants --proxy-auth USER:PASS"),
                _ => e,
            })
        }
    }
}

/// The reply's head, up to and including the blank line, and not one byte
/// more: what follows it is the target's, for the relay. Peeks, then takes
/// only what belongs to the head.
fn read_head(sock: &Sock, plan: &Plan) -> Result<String> {
    const MAX: usize = 16 * 1024;
    let mut head: Vec<u8> = Vec::new();
    let mut peek = [0u8; 4096];
    loop {
        wait(sock, plan)?;
        let n = sock
            .recv(&mut peek, libc::MSG_PEEK)
            .map_err(|e| Error::os(format!("recv from proxy {}", plan.proxy), &e))?;
        if n == 0 {
            return Err(Error::failed(format!(
                "proxy {} closed the connection before answering CONNECT",
                plan.proxy
            )));
        }
        let before = head.len();
        head.extend_from_slice(&peek[..n]);
        let take = match find_blank_line(&head, before.saturating_sub(3)) {
            Some(end) => end - before,
            None => n,
        };
        head.truncate(before + take);
        let mut sink = vec![0u8; take];
        let mut got = 0;
        while got < take {
            got += sock
                .recv(&mut sink[got..], 0)
                .map_err(|e| Error::os(format!("recv from proxy {}", plan.proxy), &e))?;
        }
        if head.ends_with(b"\r\n\r\n") {
            return Ok(String::from_utf8_lossy(&head).into_owned());
        }
        if head.len() > MAX {
            return Err(Error::failed(format!(
                "proxy {}'s answer to CONNECT has no end of headers in its first {MAX} bytes",
                plan.proxy
            )));
        }
    }
}

/// The index just past the first CRLF CRLF at or after `from`.
fn find_blank_line(b: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| from + i + 4)
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }

    #[test]
    fn blank_line_found_across_chunks() {
        assert_eq!(find_blank_line(b"HTTP/1.1 200 OK\r\n\r\nxyz", 0), Some(19));
        assert_eq!(find_blank_line(b"a\r\n\r", 0), None);
        assert_eq!(super::socks::socks5_reply(5), "connection refused");
    }
}
