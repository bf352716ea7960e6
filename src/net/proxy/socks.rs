//! The SOCKS dialogues (RFC 1928 SOCKS5 with RFC 1929 username/password;
//! SOCKS4 and its 4a extension for names), each step traced with the
//! reply explained.

use std::net::IpAddr;

use super::{Plan, recv_exact, send_all, target};
use crate::error::{Error, Result};
use crate::net::sock::Sock;
use crate::trace;

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

pub(super) fn socks5(sock: &Sock, plan: &Plan) -> Result<()> {
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

pub(super) fn socks4(sock: &Sock, plan: &Plan) -> Result<()> {
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
