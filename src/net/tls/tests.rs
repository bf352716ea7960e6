//! The TLS stream as an engine, in-process over loopback: a client and a
//! server (threads) with a throwaway certificate pinned by the client; 4 MiB
//! through non-blocking writes (WouldBlock and the retried buffer), then
//! close_notify, and the events each side reported (a `Vec<Event>` sink);
//! the x509 explanations of certificates made with rcgen.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use super::config::{self, ClientPlan, ServerPlan, Trust, Version};
use super::stream::wait;
use super::x509::{analyse, dns_matches, rfc3339};
use super::{Eof, session};
use crate::event::Event;
use crate::net::addr::Addr;
use crate::net::sock::Sock;
use crate::net::stream::Stream;
use rustls::pki_types::CertificateDer;

fn server_plan() -> ServerPlan {
    ServerPlan {
        identity: None,
        names: vec!["localhost".into(), "127.0.0.1".into()],
        client_ca: None,
        alpn: vec![b"x".to_vec()],
        min: Version::V12,
        max: Version::V13,
    }
}

/// A client of `to` that trusts exactly the pinned certificate, and the
/// events its handshake reported.
fn pinned_client(to: &Addr, pin: [u8; 32]) -> (session::Client, Vec<Event>) {
    let sock = Sock::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    sock.connect(to).unwrap();
    let cplan = ClientPlan {
        name: "127.0.0.1".into(),
        trust: Trust::System,
        insecure: false,
        pin: Some(pin),
        alpn: vec![b"x".to_vec()],
        min: Version::V12,
        max: Version::V13,
        identity: None,
        starttls: None,
    };
    let prepared = session::prepare(&cplan).unwrap();
    let mut events: Vec<Event> = Vec::new();
    let c = session::connect(
        sock,
        &cplan,
        prepared,
        Some(Duration::from_secs(30)),
        "srv",
        &mut events,
    )
    .unwrap();
    (c, events)
}

fn deadline() -> Option<std::time::Instant> {
    Some(std::time::Instant::now() + Duration::from_secs(30))
}

#[test]
fn stream_moves_bytes_and_ends_with_close_notify() {
    let plan = server_plan();
    let id = config::identity(&plan).unwrap();
    let (cfg, hello) = config::server(&plan, &id).unwrap();
    let lst = Sock::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    lst.bind(&Addr::Inet(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))))
        .unwrap();
    lst.listen(1).unwrap();
    let to = lst.local_addr().unwrap();
    let pin = super::parse_pin(&id.fingerprint).unwrap();
    let data: Vec<u8> = (0..4u32 << 20).map(|i| (i % 251) as u8).collect();
    let want = data.clone();

    let server = std::thread::spawn(move || {
        let (conn, _) = lst.accept().unwrap();
        let mut events: Vec<Event> = Vec::new();
        let mut s = session::accept(
            conn,
            &cfg,
            &hello,
            Some(Duration::from_secs(30)),
            "peer",
            &mut events,
            None,
        )
        .unwrap();
        let mut got = Vec::new();
        let mut buf = vec![0; 65536];
        loop {
            match s.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    wait(s.fd(), libc::POLLIN, deadline()).unwrap()
                }
                Err(e) => panic!("server read: {e}"),
            }
        }
        (got, s.eof, events)
    });

    let (mut c, events) = pinned_client(&to, pin);
    assert_eq!(c.info.alpn.as_deref(), Some("x"));
    let mut off = 0;
    let mut blocked = 0;
    while off < data.len() {
        // The same bytes are offered again after WouldBlock, as the relay does.
        match c.stream.write(&data[off..(off + 300_000).min(data.len())]) {
            Ok(n) => off += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                blocked += 1;
                wait(c.stream.fd(), libc::POLLOUT, deadline()).unwrap();
            }
            Err(e) => panic!("client write: {e}"),
        }
    }
    c.stream.shutdown_write().unwrap();
    let (got, eof, sevents) = server.join().unwrap();
    assert_eq!(got.len(), want.len(), "blocked {blocked} times");
    assert!(got == want, "the bytes differ");
    assert_eq!(eof, Eof::CloseNotify);
    assert!(matches!(events.last(), Some(Event::Tls { verified_by: Some(by), .. }) if by == "pin"));
    assert!(
        sevents
            .iter()
            .any(|e| matches!(e, Event::ClientHello { offer }
                if offer.alpn == ["x"] && offer.versions == ["TLSv1.3", "TLSv1.2"]))
    );
    assert!(sevents.iter().any(|e| matches!(e, Event::Tls { .. })));
}

/// A peer that resets before our close_notify left: the send that meets
/// the reset consumes the socket's error, so shutdown_write keeps it: the
/// relay gets ENOTCONN ("the peer is gone"), and the next read and its
/// last check (take_error) say ECONNRESET/EPIPE, so the relay reports the
/// reset with its counts instead of a bare shutdown(SHUT_WR) error or exit 0.
#[test]
fn reset_met_by_close_notify_is_reported_by_read_and_take_error() {
    let plan = server_plan();
    let id = config::identity(&plan).unwrap();
    let (cfg, hello) = config::server(&plan, &id).unwrap();
    let lst = Sock::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    lst.bind(&Addr::Inet(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))))
        .unwrap();
    lst.listen(1).unwrap();
    let to = lst.local_addr().unwrap();
    let pin = super::parse_pin(&id.fingerprint).unwrap();
    let server = std::thread::spawn(move || {
        let (conn, _) = lst.accept().unwrap();
        let mut events: Vec<Event> = Vec::new();
        let s = session::accept(
            conn,
            &cfg,
            &hello,
            Some(Duration::from_secs(30)),
            "peer",
            &mut events,
            None,
        )
        .unwrap();
        // close() with SO_LINGER 0: an RST, no close_notify.
        socket2::SockRef::from(&s.sock)
            .set_linger(Some(Duration::ZERO))
            .unwrap();
    });
    let (mut c, _) = pinned_client(&to, pin);
    server.join().unwrap();
    // Until the reset is in (POLLHUP/POLLERR), bounded.
    let fd = c.stream.fd();
    let end = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let mut p = [crate::sys::fd::pollfd(fd, libc::POLLIN)];
        crate::sys::fd::poll(&mut p, 100).unwrap();
        if p[0].revents & (libc::POLLHUP | libc::POLLERR) != 0 {
            break;
        }
        assert!(std::time::Instant::now() < end, "no reset arrived");
    }
    let gone = c.stream.shutdown_write().unwrap_err();
    assert_eq!(gone.raw_os_error(), Some(libc::ENOTCONN), "{gone}");
    let reset = [Some(libc::ECONNRESET), Some(libc::EPIPE)];
    let e = c.stream.read(&mut [0; 64]).unwrap_err();
    assert!(reset.contains(&e.raw_os_error()), "read: {e}");
    let e = c
        .stream
        .take_error()
        .unwrap()
        .expect("take_error keeps the reset");
    assert!(reset.contains(&e.raw_os_error()), "take_error: {e}");
}

// x509: dates, names and the problems of a chain.

#[test]
fn dates_and_wildcards() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(1_709_210_096), "2024-02-29T12:34:56Z");
    assert!(dns_matches("*.example.test", "www.example.test"));
    assert!(!dns_matches("*.example.test", "a.b.example.test"));
    assert!(!dns_matches("*.example.test", "example.test"));
    assert!(dns_matches("LocalHost", "localhost."));
}

fn cert(names: &[&str], from: (i32, u8, u8), to: (i32, u8, u8)) -> CertificateDer<'static> {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let mut p =
        rcgen::CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
            .unwrap();
    p.not_before = rcgen::date_time_ymd(from.0, from.1, from.2);
    p.not_after = rcgen::date_time_ymd(to.0, to.1, to.2);
    p.self_signed(&key).unwrap().der().clone()
}

/// Not yet valid and expired say their dates; a pinned self-signed
/// certificate is not faulted for being self-signed, an unpinned one is.
#[test]
fn validity_problems_name_the_dates() {
    let future = cert(&["localhost"], (2200, 1, 2), (2201, 1, 1));
    let a = analyse(std::slice::from_ref(&future), "localhost", &[], None);
    assert!(
        a.problems
            .iter()
            .any(|p| p.starts_with("not yet valid") && p.contains("2200-01-02")),
        "{:?}",
        a.problems
    );
    assert!(a.problems.iter().any(|p| p.starts_with("self-signed")));
    let old = cert(&["127.0.0.1"], (2000, 1, 1), (2001, 3, 4));
    let pin = super::sha256(&old);
    let a = analyse(std::slice::from_ref(&old), "127.0.0.1", &[], Some(pin));
    assert_eq!(a.problems.len(), 1, "{:?}", a.problems);
    assert!(a.problems[0].contains("2001-03-04"), "{:?}", a.problems);
    let a = analyse(std::slice::from_ref(&old), "::1", &[], Some(pin));
    assert!(
        a.problems
            .iter()
            .any(|p| p.contains("expected '::1'") && p.contains("IP:127.0.0.1"))
    );
}
