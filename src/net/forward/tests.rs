//! The forwarder engine through a `Vec<Event>` sink, on loopback sockets:
//! what it reports for a clean connection (both FINs passed, bytes counted
//! each way), a failed onward connect, a refused client, and -x.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::time::Duration;

use super::{Plan, serve};
use crate::event::{Direction, Event, ForwardEnd};
use crate::net::acl::{Acl, parse_list};
use crate::net::addr::Addr;
use crate::net::sock::Sock;

fn listener() -> (Sock, u16) {
    let s = Sock::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    s.bind(&Addr::Inet("127.0.0.1:0".parse().unwrap())).unwrap();
    s.listen(16).unwrap();
    let port = s.local_addr().unwrap().port().unwrap();
    (s, port)
}

fn plan(to: u16, copy: bool) -> Plan {
    Plan {
        to: vec![Addr::Inet(format!("127.0.0.1:{to}").parse().unwrap())],
        to_name: format!("127.0.0.1 port {to}"),
        copy_only: copy,
        hex: copy,
        bufsize: 7,
        idle: Some(Duration::from_secs(20)),
        max_conns: None,
        acl: Acl::default(),
        stop_after: Some(1),
    }
}

/// A client that sends `msg`, half-closes and reads to EOF (in a thread).
fn client(port: u16, msg: &'static [u8]) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        // A refused client may be closed (even reset) before it writes.
        let _ = c.write_all(msg);
        let _ = c.shutdown(Shutdown::Write);
        let mut got = Vec::new();
        let _ = c.read_to_end(&mut got);
        got
    })
}

/// A target that reads to EOF, then answers with the bytes upper-cased.
fn upper_target() -> (std::thread::JoinHandle<()>, u16) {
    let t = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = t.local_addr().unwrap().port();
    let h = std::thread::spawn(move || {
        let (mut s, _) = t.accept().unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut got = Vec::new();
        s.read_to_end(&mut got).unwrap();
        s.write_all(&got.to_ascii_uppercase()).unwrap();
    });
    (h, port)
}

#[test]
fn forwards_both_ways_and_reports_the_connection() {
    for copy in [false, true] {
        let (target, tport) = upper_target();
        let (l, port) = listener();
        let c = client(port, b"passed through");
        let mut ev: Vec<Event> = Vec::new();
        serve(&l, &plan(tport, copy), &mut ev).unwrap();
        assert_eq!(c.join().unwrap(), b"PASSED THROUGH");
        target.join().unwrap();
        assert!(
            matches!(ev[0], Event::ForwardAccepted { conn: 1, .. }),
            "{ev:?}"
        );
        assert!(
            matches!(ev[1], Event::ForwardConnected { conn: 1, .. }),
            "{ev:?}"
        );
        let Some(Event::ForwardClosed {
            bytes_up,
            bytes_down,
            how,
            ..
        }) = ev.last()
        else {
            panic!("{ev:?}")
        };
        assert_eq!((*bytes_up, *bytes_down, *how), (14, 14, ForwardEnd::Closed));
        // -x (copy path, recv(7)): the chunks of each direction, in order.
        let up: Vec<u8> = ev
            .iter()
            .filter_map(|e| match e {
                Event::ForwardData {
                    conn: 1,
                    direction: Direction::Out,
                    data,
                    ..
                } => Some(data.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(
            up,
            if copy {
                b"passed through".to_vec()
            } else {
                vec![]
            }
        );
    }
}

#[test]
fn failed_onward_connect_closes_the_client_and_is_reported() {
    // A port bound but not listening: refused.
    let closed = Sock::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    closed
        .bind(&Addr::Inet("127.0.0.1:0".parse().unwrap()))
        .unwrap();
    let cport = closed.local_addr().unwrap().port().unwrap();
    let (l, port) = listener();
    let c = client(port, b"x");
    let mut ev: Vec<Event> = Vec::new();
    serve(&l, &plan(cport, false), &mut ev).unwrap();
    assert_eq!(c.join().unwrap(), b"");
    let failed = ev.iter().find_map(|e| match e {
        Event::ForwardFailed { errno, conn, .. } => Some((errno.clone(), *conn)),
        _ => None,
    });
    assert_eq!(failed, Some(("ECONNREFUSED".to_string(), 1)), "{ev:?}");
}

#[test]
fn a_refused_client_is_reported_and_the_next_is_served() {
    let (target, tport) = upper_target();
    let (l, port) = listener();
    let mut p = plan(tport, false);
    p.acl.deny = parse_list("127.0.0.1").unwrap();
    p.acl.allow = parse_list("127.0.0.0/8").unwrap();
    let refused = client(port, b"no");
    // The allowed client (bound to 127.0.0.2) connects once the refused one is done.
    let allowed = std::thread::spawn(move || {
        // Whatever became of the refused client, the allowed one must come,
        // or serve() would wait for it forever.
        let refused = refused.join().unwrap_or_default();
        let s = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
        let src: std::net::SocketAddr = "127.0.0.2:0".parse().unwrap();
        let dst: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        s.bind(&src.into()).unwrap();
        s.connect(&dst.into()).unwrap();
        let mut s: TcpStream = s.into();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(b"yes").unwrap();
        s.shutdown(Shutdown::Write).unwrap();
        let mut got = Vec::new();
        let _ = s.read_to_end(&mut got);
        (refused, got)
    });
    let mut ev: Vec<Event> = Vec::new();
    serve(&l, &p, &mut ev).unwrap();
    let (refused, got) = allowed.join().unwrap();
    assert_eq!(got, b"YES");
    assert_eq!(refused, b"");
    target.join().unwrap();
    assert!(
        ev.iter()
            .any(|e| matches!(e, Event::Rejected { reason, .. } if reason.contains("--deny"))),
        "{ev:?}"
    );
}
