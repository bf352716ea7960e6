//! Data integrity of the relay: bulk random bytes both ways at once, every
//! byte value, half-close, and the end of a transfer when one side finishes
//! first (an idle listener stdin, a peer that half-closes or leaves, a client
//! stdin slower than the network). The oracle is
//! the bytes that were sent. The copy paths by descriptor type are in
//! `paths`.

use super::super::util::{TempDir, random_bytes, sha256};
use super::*;

const MIB: usize = 1 << 20;

/// Tens of MiB each way at once between sockx listen and sockx connect, each
/// side's stdin a file of random bytes and its stdout a file (sha256 compared).
#[test]
fn bulk_both_ways_files() {
    let d = TempDir::new("bulk");
    let a = random_bytes(32 * MIB, 1);
    let b = random_bytes(24 * MIB + 12345, 2);
    let a_in = file(d.path(), "a.in", &a);
    let b_in = file(d.path(), "b.in", &b);
    let (a_out, b_out) = (d.path().join("a.out"), d.path().join("b.out"));
    let (srv, port) = listener(
        &["listen", "127.0.0.1", "0"],
        In::File(a_in),
        Sink::File(a_out.clone()),
    );
    let p = port.to_string();
    let cli = Proc::sockx(
        &["connect", "127.0.0.1", &p],
        In::File(b_in),
        Sink::File(b_out.clone()),
    );
    cli.finish().ok();
    srv.finish().ok();
    let got_b = std::fs::read(&a_out).expect("listen's stdout");
    let got_a = std::fs::read(&b_out).expect("connect's stdout");
    assert_eq!(sha256(&got_b), sha256(&b), "connect → listen");
    assert_eq!(sha256(&got_a), sha256(&a), "listen → connect");
}

/// Through pipes on both sides (splice both ways). The listener's stdin is
/// small enough to sit in the pipe at once: a listener ends with its peer
/// once stdin has nothing ready (nc -l), so a bigger, slower feed could be
/// cut short by the client's early FIN — by design, see the next test.
#[test]
fn bulk_both_ways_pipes() {
    let a = random_bytes(60 * 1024 + 1, 3);
    let b = random_bytes(16 * MIB + 7, 4);
    let (srv, port) = listener(
        &["listen", "127.0.0.1", "0"],
        In::Bytes(a.clone()),
        Sink::Capture,
    );
    let p = port.to_string();
    let cli = Proc::sockx(
        &["connect", "127.0.0.1", &p],
        In::Bytes(b.clone()),
        Sink::Capture,
    );
    let c = cli.finish();
    c.ok();
    let s = srv.finish();
    s.ok();
    same_bytes(&s.stdout, &b, "connect → listen");
    same_bytes(&c.stdout, &a, "listen → connect");
}

/// The benchmark's set-up: the listener's stdin an idle pipe nobody writes
/// to (a terminal that never types), the client's stdin the data. The
/// client's FIN ends the listener (exit 0, every byte on stdout), whatever
/// path its stdin pump is parked on (splice, or the copy path of -x/--bufsize).
#[test]
fn idle_pipe_listener_ends_with_the_client() {
    for (extra, size) in [
        (&[][..], 8 * MIB + 3),
        (&["-x"][..], 64 * 1024),
        (&["--bufsize", "1024"][..], MIB),
    ] {
        let data = random_bytes(size, 5);
        let mut args = vec!["listen"];
        args.extend_from_slice(extra);
        args.extend(["127.0.0.1", "0"]);
        let (srv, port) = listener(&args, In::Open, Sink::Capture);
        let c = Proc::sockx(
            &["connect", "127.0.0.1", &port.to_string()],
            In::Bytes(data.clone()),
            Sink::Capture,
        )
        .finish();
        c.ok();
        assert!(c.stdout.is_empty());
        let s = srv.finish_open();
        s.ok();
        same_bytes(&s.stdout, &data, &format!("{extra:?}"));
    }
}

/// Every byte value, in order and reversed, both ways, through the default
/// path and the copy path.
#[test]
fn all_256_byte_values() {
    let mut data: Vec<u8> = (0..=255u8).collect();
    data.extend((0..=255u8).rev());
    data.extend(b"\r\n\x00\xff\x1b[2J");
    for extra in [&[][..], &["--bufsize", "7"][..]] {
        let mut args = vec!["listen"];
        args.extend_from_slice(extra);
        args.extend(["127.0.0.1", "0"]);
        let (srv, port) = listener(&args, In::Bytes(data.clone()), Sink::Capture);
        let p = port.to_string();
        let mut cargs = vec!["connect"];
        cargs.extend_from_slice(extra);
        cargs.extend(["127.0.0.1", &p]);
        let c = Proc::sockx(&cargs, In::Bytes(data.clone()), Sink::Capture).finish();
        c.ok();
        let s = srv.finish();
        s.ok();
        assert_eq!(s.stdout, data, "connect → listen {extra:?}");
        assert_eq!(c.stdout, data, "listen → connect {extra:?}");
    }
}

/// Half-close, connect side: stdin ends, sockx sends SHUT_WR, the server
/// (python, reading to EOF first) still replies, sockx prints it, exits 0.
#[test]
fn half_close_client_gets_reply_after_eof() {
    let msg = "hello, half-close: ünïcode stays\n".repeat(2000);
    let (srv, port) = python_server(PY_UPPER_AFTER_EOF, &[]);
    let out = Proc::sockx(
        &["--json", "connect", "127.0.0.1", &port.to_string()],
        In::Bytes(msg.clone().into_bytes()),
        Sink::Capture,
    )
    .finish();
    out.ok();
    let s = srv.finish();
    s.ok();
    assert_eq!(hex::encode(&out.stdout), s.out().trim(), "reply");
    assert!(
        out.stdout
            .starts_with(b"HELLO, HALF-CLOSE: \xc3\xbcN\xc3\xafCODE")
    );
    // Our FIN went out before the peer's came back.
    let eofs: Vec<String> = events_named(&out, "eof")
        .iter()
        .map(|e| e["direction"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(eofs, ["out", "in"], "{}", out.err());
}

/// Half-close, listen side: the listener's stdin ends first; the python
/// client reads to EOF, then replies; the listener prints it and exits 0.
#[test]
fn half_close_listener_gets_reply_after_eof() {
    let (srv, port) = listener(
        &["listen", "127.0.0.1", "0"],
        In::Bytes(b"question?".to_vec()),
        Sink::Capture,
    );
    let out = python_run(
        r#"
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
q = recv_all(c)
c.sendall(b"answer to " + q)
c.close()
print(q.decode())
"#,
        &[&port.to_string()],
    );
    assert_eq!(out.out().trim(), "question?");
    let s = srv.finish();
    s.ok();
    assert_eq!(s.out(), "answer to question?");
}

/// A peer that half-closes first (a banner, then SHUT_WR) still gets all of
/// a piped stdin that is slower than the network (the client side of
/// "both directions must be done").
#[test]
fn peer_half_closes_first_client_still_sends_all() {
    let (srv, port) = python_server(
        r#"
s = tcp_server(); ready(s)
c, _ = s.accept(); c.settimeout(20)
c.sendall(b"banner\n"); c.shutdown(socket.SHUT_WR)
print(len(recv_all(c)))
"#,
        &[],
    );
    let d = TempDir::new("slowcli");
    let producer = super::file(
        d.path(),
        "p.py",
        b"import sys, time\nfor i in range(32):\n    sys.stdout.buffer.write(b'z' * 65536); sys.stdout.flush(); time.sleep(0.003)\n",
    );
    let out = Proc::start(
        "bash",
        &[
            "-c",
            &format!(
                "set -o pipefail; python3 '{}' | '{}' connect 127.0.0.1 {port}",
                producer.display(),
                super::super::util::BIN
            ),
        ],
        In::Null,
        Sink::Capture,
    )
    .finish();
    out.ok();
    assert_eq!(out.out(), "banner\n");
    let s = srv.finish();
    s.ok();
    assert_eq!(s.out().trim(), (32 * 65536).to_string());
}

/// The peer closes entirely (not just its side) while stdin still has more
/// to come: the upload cannot finish, which is an error (exit 1) that says
/// how much was sent, with what the peer sent on stdout. (It used to end
/// quietly with 0.)
#[test]
fn peer_gone_entirely_mid_upload_is_an_error() {
    let (srv, port) = python_server(
        "s = tcp_server(); ready(s)\nc, _ = s.accept()\nc.sendall(b'bye'); c.close()\n",
        &[],
    );
    let d = TempDir::new("gone");
    let producer = super::file(
        d.path(),
        "p.py",
        b"import sys, time\nfor i in range(20):\n    time.sleep(0.05)\n    sys.stdout.buffer.write(b'late' * 1024); sys.stdout.flush()\n",
    );
    let out = Proc::start(
        "bash",
        &[
            "-c",
            &format!(
                "python3 '{}' 2>/dev/null | '{}' connect 127.0.0.1 {port}; echo \"rc=$?\" >&2",
                producer.display(),
                super::super::util::BIN
            ),
        ],
        In::Null,
        Sink::Capture,
    )
    .finish();
    srv.finish().ok();
    assert_eq!(out.out(), "bye");
    let e = out.err();
    assert!(e.contains("rc=1"), "{e}");
    assert!(e.contains("the rest of stdin was not sent"), "{e}");
}
