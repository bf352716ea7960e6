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
        Kind::Socks5 => socks5(sock, plan),
        Kind::Socks4 => socks4(sock, plan),
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

pub fn socks5_reply(code: u8) -> &'static str {
    match code {
        0 => "succeeded",
        1 => "general SOCKS server failure",
        2 => "connection not allowed by ruleset",
        3 => "network unreachable",
        4 => "host unreachable",
        5 => "connection refused",
        6 => "TTL expired",
        7 => "command not supported",
        8 => "address type not supported",
        _ => "unassigned reply code",
    }
}

fn method_name(m: u8) -> &'static str {
    match m {
        0 => "no authentication",
        2 => "username/password",
        0xff => "no acceptable methods",
        _ => "unsupported method",
    }
}

fn socks5(sock: &Sock, plan: &Plan) -> Result<()> {
    let methods: &[u8] = if plan.auth.is_some() { &[0, 2] } else { &[0] };
    let mut hello = vec![5, methods.len() as u8];
    hello.extend_from_slice(methods);
    send_all(sock, &hello, plan)?;
    let mut r = [0u8; 2];
    recv_exact(sock, &mut r, plan, "SOCKS5 greeting")?;
    trace::ok(
        "socks5",
        || {
            let m: Vec<String> = methods
                .iter()
                .map(|m| format!("0x{m:02x} {}", method_name(*m)))
                .collect();
            format!("greeting, methods=[{}]", m.join(", "))
        },
        || {
            format!(
                "version {}, method 0x{:02x} {}",
                r[0],
                r[1],
                method_name(r[1])
            )
        },
    );
    if r[0] != 5 {
        return Err(Error::failed(format!(
            "{} is not a SOCKS5 proxy: it answered version {} (0x{:02x})",
            plan.proxy, r[0], r[0]
        )));
    }
    match (r[1], &plan.auth) {
        (0, _) => {}
        (2, Some((user, pass))) => {
            let mut a = vec![1, user.len() as u8];
            a.extend_from_slice(user.as_bytes());
            a.push(pass.len() as u8);
            a.extend_from_slice(pass.as_bytes());
            send_all(sock, &a, plan)?;
            let mut s = [0u8; 2];
            recv_exact(sock, &mut s, plan, "SOCKS5 authentication")?;
            trace::ok(
                "socks5",
                || format!("auth, user={user:?}"),
                || {
                    format!(
                        "status 0x{:02x} {}",
                        s[1],
                        if s[1] == 0 { "success" } else { "failure" }
                    )
                },
            );
            if s[1] != 0 {
                return Err(Error::failed(format!(
                    "proxy {} refused the username/password for {user:?} (status 0x{:02x})",
                    plan.proxy, s[1]
                )));
            }
        }
        (0xff, auth) => {
            let e = Error::failed(format!(
                "proxy {} accepted none of the authentication methods offered (0xff no acceptable methods)",
                plan.proxy
            ));
            return Err(match auth {
                None => e.with_hint("the proxy may want --proxy-auth USER:PASS"),
                Some(_) => e,
            });
        }
        (m, _) => {
            return Err(Error::failed(format!(
                "proxy {} chose method 0x{m:02x} ({}), which was not offered",
                plan.proxy,
                method_name(m)
            )));
        }
    }
    let mut req = vec![5, 1, 0];
    match plan.host.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => {
            req.push(1);
            req.extend_from_slice(&v4.octets());
        }
        Ok(IpAddr::V6(v6)) => {
            req.push(4);
            req.extend_from_slice(&v6.octets());
        }
        Err(_) => {
            req.push(3);
            req.push(plan.host.len() as u8);
            req.extend_from_slice(plan.host.as_bytes());
        }
    }
    req.extend_from_slice(&plan.port.to_be_bytes());
    send_all(sock, &req, plan)?;
    let mut head = [0u8; 4];
    recv_exact(sock, &mut head, plan, "SOCKS5 connect request")?;
    let rep = head[1];
    trace::ok(
        "socks5",
        || format!("connect, {:?}, {}", plan.host, plan.port),
        || format!("0x{rep:02x} {}", socks5_reply(rep)),
    );
    if rep != 0 {
        return Err(Error::failed(format!(
            "proxy {} could not connect to {}: 0x{rep:02x} {}",
            plan.proxy,
            target(plan),
            socks5_reply(rep)
        )));
    }
    // The bound address: read and dropped, so the relay starts at the payload.
    let len = match head[3] {
        1 => 4,
        4 => 16,
        3 => {
            let mut l = [0u8; 1];
            recv_exact(sock, &mut l, plan, "SOCKS5 reply")?;
            l[0] as usize
        }
        t => {
            return Err(Error::failed(format!(
                "proxy {} replied with address type {t}, which SOCKS5 does not define",
                plan.proxy
            )));
        }
    };
    let mut rest = vec![0u8; len + 2];
    recv_exact(sock, &mut rest, plan, "SOCKS5 reply")
}

fn socks4_reply(code: u8) -> &'static str {
    match code {
        0x5a => "request granted",
        0x5b => "request rejected or failed",
        0x5c => "rejected: the proxy cannot reach our identd",
        0x5d => "rejected: identd reports a different user",
        _ => "unknown reply code",
    }
}

fn socks4(sock: &Sock, plan: &Plan) -> Result<()> {
    let mut req = vec![4, 1];
    req.extend_from_slice(&plan.port.to_be_bytes());
    let name = match plan.host.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => {
            req.extend_from_slice(&v4.octets());
            false
        }
        Ok(IpAddr::V6(_)) => {
            return Err(Error::usage(
                "SOCKS4 carries IPv4 addresses and names only; use --proxy-type socks5 for IPv6",
            ));
        }
        // SOCKS4a: 0.0.0.x (x != 0) says "the name follows".
        Err(_) => {
            req.extend_from_slice(&[0, 0, 0, 1]);
            true
        }
    };
    req.push(0); // empty user id
    if name {
        req.extend_from_slice(plan.host.as_bytes());
        req.push(0);
    }
    send_all(sock, &req, plan)?;
    let mut r = [0u8; 8];
    recv_exact(sock, &mut r, plan, "SOCKS4 request")?;
    trace::ok(
        "socks4",
        || {
            let v = if name { "4a" } else { "4" };
            format!("connect (SOCKS{v}), {:?}, {}", plan.host, plan.port)
        },
        || format!("0x{:02x} {}", r[1], socks4_reply(r[1])),
    );
    if r[1] != 0x5a {
        return Err(Error::failed(format!(
            "proxy {} could not connect to {}: 0x{:02x} {}",
            plan.proxy,
            target(plan),
            r[1],
            socks4_reply(r[1])
        )));
    }
    Ok(())
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
        assert_eq!(socks5_reply(5), "connection refused");
    }
}
