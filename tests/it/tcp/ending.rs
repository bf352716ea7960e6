//! How listen and connect end: bad input (exit 2), a stdout closed early
//! (quietly, exit 0), a terminal on stdin when the peer closes, and SIGINT or
//! SIGTERM in the middle of a transfer (130/143, what came is on stdout).

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::super::util::{TempDir, sockx};
use super::*;

/// Bad ports: exit 2 with a one-line error naming the value, for each of
/// the four data commands.
#[test]
fn bad_ports_exit_2() {
    for port in ["65536", "-1", "abc", "", "99999999999", "1.5"] {
        for cmd in [
            &["listen", "127.0.0.1", port][..],
            &["connect", "127.0.0.1", port][..],
            &["udp-send", "127.0.0.1", port, "x"][..],
            &["udp-recv", "127.0.0.1", port][..],
            &["listen", port][..],
        ] {
            let out = sockx(cmd).run();
            out.code(2);
            let e = out.err();
            assert!(!e.contains("panicked"), "{cmd:?}: {e}");
            if !port.starts_with('-') {
                assert!(e.contains(&format!("'{port}'")), "{cmd:?}: {e}");
            }
        }
    }
    sockx(["connect", "127.0.0.1"]).run().code(2);
    sockx(["listen"]).run().code(2);
}

/// A server that sends `argv[1]` bytes as fast as it can, ignoring the
/// client going away.
const PY_FLOOD: &str = r#"
s = tcp_server(); ready(s)
c, _ = s.accept(); c.settimeout(20)
chunk = bytes(range(256)) * 256
try:
    for _ in range(int(sys.argv[1]) // len(chunk)):
        c.sendall(chunk)
except OSError:
    pass
"#;

/// `sockx connect … | head -c1`: stdout closed early ends quietly, exit 0
/// (and `sockx listen … | head -c1` with a client sending megabytes).
#[test]
fn closed_stdout_ends_quietly() {
    let bin = super::super::util::BIN;
    let d = TempDir::new("headl");
    let mut srv = Proc::start(
        "bash",
        &[
            "-c",
            &format!(
                "'{bin}' listen -w 20s 127.0.0.1 0 </dev/null | head -c1; echo \"rc=${{PIPESTATUS[0]}}\" >&2"
            ),
        ],
        In::Null,
        Sink::Capture,
    );
    let port = port_in(&srv.line("listening on"));
    let flood = python_bg(
        "c = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=20)\ntry:\n    for _ in range(512):\n        c.sendall(b'y' * 65536)\nexcept OSError:\n    pass\n",
        &[&port.to_string()],
        In::Null,
        Sink::Null,
    );
    srv.timeout = Duration::from_secs(20);
    let out = srv.finish();
    drop(flood);
    assert_eq!(out.out(), "y");
    let e = out.err();
    assert!(e.contains("rc=0"), "{e}");
    assert!(!e.contains("error"), "{e}");
    drop(d);

    for extra in ["", "--bufsize 1024", "-x"] {
        let (srv, port) = python_server(PY_FLOOD, &["33554432"]);
        let bin = super::super::util::BIN;
        let out = super::super::util::cmd(
            "bash",
            [
                "-c",
                &format!(
                    "'{bin}' connect {extra} 127.0.0.1 {port} </dev/null 2>$D/err | head -c1 >$D/out; \
                     echo ${{PIPESTATUS[0]}}; cat $D/out; cat $D/err >&2"
                ),
            ],
        )
        .env("D", &TempDir::new("head").path().display().to_string())
        .run();
        drop(srv);
        let o = out.out();
        let mut lines = o.splitn(2, '\n');
        assert_eq!(
            lines.next(),
            Some("0"),
            "exit status ({extra}): {}",
            out.err()
        );
        assert_eq!(lines.next(), Some("\0"), "first byte ({extra})");
        let e = out.err();
        assert!(
            !e.contains("error") && !e.contains("Broken pipe") && !e.contains("panicked"),
            "{extra}: {e}"
        );
    }
}

/// A terminal on stdin nobody types in: the peer's close ends the relay
/// (listen and connect), with what arrived on stdout.
#[test]
fn terminal_stdin_ends_with_the_peer() {
    let Some((master, slave)) = pty() else {
        eprintln!("notice: no pty; skipping");
        return;
    };
    // listen: the client sends and closes.
    let (srv, port) = listener(
        &["listen", "127.0.0.1", "0"],
        In::File(slave.clone()),
        Sink::Capture,
    );
    let mut c = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    c.write_all(b"from the peer").expect("write");
    drop(c);
    let t = Instant::now();
    let out = srv.finish_open();
    out.ok();
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert_eq!(out.out(), "from the peer");

    // connect: the server greets and closes.
    let (peer, port) = python_server(
        "s = tcp_server(); ready(s)\nc, _ = s.accept(); c.sendall(b'greeting'); c.close()\n",
        &[],
    );
    let t = Instant::now();
    let out = Proc::sockx(
        &["connect", "127.0.0.1", &port.to_string()],
        In::File(slave.clone()),
        Sink::Capture,
    )
    .finish_open();
    out.ok();
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert_eq!(out.out(), "greeting");
    peer.finish().ok();
    drop(master);
}

/// A pseudo-terminal: the master (kept open) and the slave's path.
fn pty() -> Option<(std::fs::File, std::path::PathBuf)> {
    use std::os::fd::FromRawFd;
    // SAFETY: plain libc calls; the buffer is large enough for ptsname_r.
    unsafe {
        let m = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
        if m < 0 {
            return None;
        }
        let master = std::fs::File::from_raw_fd(m);
        if libc::grantpt(m) != 0 || libc::unlockpt(m) != 0 {
            return None;
        }
        let mut buf = [0 as libc::c_char; 128];
        if libc::ptsname_r(m, buf.as_mut_ptr(), buf.len()) != 0 {
            return None;
        }
        let name = std::ffi::CStr::from_ptr(buf.as_ptr());
        Some((master, std::path::PathBuf::from(name.to_str().ok()?)))
    }
}

/// Word i of the stream is i as a big-endian u64: any prefix checks itself.
/// After 16 MiB (more than the socket buffers hold) it says `sent` on stderr.
const PY_COUNTER_STREAM: &str = r#"
import struct
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
i = 0
try:
    for k in range(4000):
        c.sendall(struct.pack(">8192Q", *range(i, i + 8192)))
        i += 8192
        if k == 256:
            print("sent", file=sys.stderr, flush=True)
except OSError:
    pass
"#;

#[track_caller]
fn assert_counter_prefix(b: &[u8]) {
    for (i, w) in b.chunks(8).enumerate() {
        let want = (i as u64).to_be_bytes();
        assert_eq!(w, &want[..w.len()], "word {i} of {} bytes", b.len());
    }
}

/// SIGINT / SIGTERM during a transfer: a prompt exit 130 / 143, and what was
/// received is on stdout (a prefix of the stream, nothing lost in between).
#[test]
fn signal_during_transfer() {
    for (sig, code, sink_file) in [
        (libc::SIGINT, 130, true),
        (libc::SIGTERM, 143, false),
        (libc::SIGINT, 130, false),
    ] {
        let d = TempDir::new("sig");
        let outp = d.path().join("out.bin");
        let sink = if sink_file {
            Sink::File(outp.clone())
        } else {
            Sink::Capture
        };
        let (srv, port) = listener(&["listen", "127.0.0.1", "0"], In::Open, sink);
        let mut cli = python_bg(
            PY_COUNTER_STREAM,
            &[&port.to_string()],
            In::Null,
            Sink::Null,
        );
        // Let some megabytes through first.
        cli.line("sent");
        let t = Instant::now();
        srv.signal(sig);
        let out = srv.finish_open();
        let took = t.elapsed();
        out.code(code);
        assert!(took < Duration::from_secs(10), "{took:?}");
        assert!(!out.err().contains("error"), "{}", out.err());
        let got = if sink_file {
            std::fs::read(&outp).expect("read")
        } else {
            out.stdout.clone()
        };
        assert!(got.len() > 8, "nothing received before the signal");
        assert_counter_prefix(&got);
        drop(cli);
    }
    // connect, with the server streaming: SIGTERM.
    let (mut srv, port) = python_server(
        "import struct\ns = tcp_server(); ready(s)\nc, _ = s.accept()\ntry:\n    for k in range(4000):\n        c.sendall(struct.pack('>8192Q', *range(k * 8192, (k + 1) * 8192)))\n        if k == 256:\n            print('sent', file=sys.stderr, flush=True)\nexcept OSError:\n    pass\n",
        &[],
    );
    let cli = Proc::sockx(
        &["connect", "127.0.0.1", &port.to_string()],
        In::Open,
        Sink::Capture,
    );
    srv.line("sent");
    let t = Instant::now();
    cli.signal(libc::SIGTERM);
    let out = cli.finish_open();
    out.code(143);
    assert!(t.elapsed() < Duration::from_secs(10));
    assert!(out.stdout.len() > 8);
    assert_counter_prefix(&out.stdout);
    drop(srv);
}
