//! Safe defaults and UDP honesty (issue 6, areas 5 and 6), where tcp/ and
//! udp/ leave gaps. Safe defaults: no option runs a program (help and man
//! page), the AF_UNIX socket file's care against symlinks, directories,
//! FIFOs and a socket swapped in while sockx runs, and the listening line of
//! every server saying which interfaces it binds. UDP honesty: sockx as the
//! sender of the largest datagram (IPv4 and IPv6) and of one byte too many,
//! a truncated reply to udp-send --wait with its real length, an empty
//! datagram, --echo of the largest datagram, ECONNREFUSED over IPv6.

use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::UnixListener;

use serde_json::Value;

use super::tcp::{In, Proc, Sink, listener, python_bg, python_run};
use super::udp::{payloads, py_receiver, received};
use super::util::{TempDir, random_bytes, sockx};

/// Option names of a subcommand's --help.
fn options(cmd: &str) -> Vec<String> {
    let out = sockx([cmd, "--help"]).run();
    out.ok();
    out.out()
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .flat_map(|l| {
            l.split([',', ' ', '='])
                .filter(|w| w.starts_with('-'))
                .map(|w| w.split('[').next().unwrap_or(w).to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// No option runs a program: listen and connect have nothing like nc's -e
/// or ncat's --exec/--sh-exec/--lua-exec (nor does any other subcommand),
/// and the man page says so and why.
#[test]
fn no_option_runs_a_program() {
    for cmd in [
        "listen",
        "connect",
        "udp-send",
        "udp-recv",
        "chat",
        "chat-server",
    ] {
        let opts = options(cmd);
        assert!(opts.iter().any(|o| o == "--help"), "{cmd}: {opts:?}");
        // (-C is nc's and ncat's CRLF option, as in sockx: it runs nothing.)
        for bad in ["-e", "--exec", "--sh-exec", "--lua-exec", "--command"] {
            assert!(!opts.iter().any(|o| o == bad), "{cmd} has {bad}: {opts:?}");
        }
        if cmd != "udp-recv" {
            assert!(!opts.iter().any(|o| o == "-c"), "{cmd} has -c: {opts:?}");
        }
    }
    let man = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man/sockx.1"),
    )
    .expect("man/sockx.1");
    let sec = man
        .split(".SH ")
        .find(|s| s.starts_with("SECURITY"))
        .expect("a SECURITY section in sockx(1)");
    assert!(sec.contains("never executes a program"), "{sec}");
    assert!(sec.contains("\\-e"), "{sec}");
    assert!(sec.contains("remote shell"), "{sec}");
}

/// listen -U and udp-recv -U touch nothing but a socket: a symlink (even to
/// a stale socket), a directory and a FIFO are refused (exit 1) and left as
/// they were, the symlink's target too.
#[test]
fn unix_path_refuses_what_is_not_a_socket() {
    let d = TempDir::new("unixcare");
    let target = d.path().join("precious.txt");
    std::fs::write(&target, b"keep me").expect("write");
    let link = d.path().join("link.sock");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let stale = d.path().join("stale.sock");
    drop(UnixListener::bind(&stale).expect("bind"));
    let link_to_socket = d.path().join("link2.sock");
    std::os::unix::fs::symlink(&stale, &link_to_socket).expect("symlink");
    let dir = d.path().join("dir.sock");
    std::fs::create_dir(&dir).expect("mkdir");
    let fifo = d.path().join("fifo.sock");
    let c = std::ffi::CString::new(fifo.display().to_string()).expect("path");
    // SAFETY: c is a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    for p in [&link, &link_to_socket, &dir, &fifo] {
        let ps = p.display().to_string();
        for cmd in ["listen", "udp-recv"] {
            let out = sockx([cmd, "-U", &ps]).run();
            out.code(1).error_line("not a socket");
            assert_eq!(out.err().lines().count(), 1, "{}", out.err());
        }
    }
    assert_eq!(std::fs::read(&target).expect("target"), b"keep me");
    assert!(std::fs::symlink_metadata(&link).expect("link").is_symlink());
    assert!(
        std::fs::symlink_metadata(&link_to_socket)
            .expect("link")
            .is_symlink()
    );
    assert!(
        std::fs::symlink_metadata(&stale)
            .expect("stale socket")
            .file_type()
            .is_socket()
    );
    assert!(dir.is_dir());
    assert!(
        std::fs::symlink_metadata(&fifo)
            .expect("fifo")
            .file_type()
            .is_fifo()
    );
}

/// A socket file replaced while sockx runs (another server's socket, or a
/// regular file) is not removed when sockx ends: only the very file it
/// created (same device and inode) is.
#[test]
fn unix_path_removes_only_its_own_socket() {
    for cmd in ["listen", "udp-recv"] {
        let d = TempDir::new("unixown");
        let path = d.path().join("s.sock");
        let ps = path.display().to_string();
        // Another server's socket takes the path.
        let (p, _) = listener(&[cmd, "-U", &ps], In::Null, Sink::Null);
        std::fs::rename(&path, d.path().join("moved.sock")).expect("rename");
        let other = UnixListener::bind(&path).expect("bind the path again");
        p.signal(libc::SIGTERM);
        assert_eq!(p.finish().code, 143);
        assert!(
            std::fs::symlink_metadata(&path)
                .expect("the other server's socket")
                .file_type()
                .is_socket(),
            "{cmd} removed a socket it did not create"
        );
        drop(other);
        std::fs::remove_file(&path).expect("rm");
        // A regular file takes the path.
        let (p, _) = listener(&[cmd, "-U", &ps], In::Null, Sink::Null);
        std::fs::remove_file(&path).expect("rm");
        std::fs::write(&path, b"someone else's").expect("write");
        p.signal(libc::SIGINT);
        assert_eq!(p.finish().code, 130);
        assert_eq!(std::fs::read(&path).expect("file"), b"someone else's");
    }
}

/// Every server says in its listening line which interfaces it binds: all
/// of them by default, loopback when given 127.0.0.1 or ::1.
#[test]
fn listening_lines_name_the_interfaces() {
    for (args, start, end) in [
        (
            &["udp-recv", "0"][..],
            "listening on 0.0.0.0:",
            "(all interfaces)",
        ),
        (
            &["-6", "udp-recv", "0"][..],
            "listening on [::]:",
            "(all interfaces)",
        ),
        (
            &["chat-server", "0"][..],
            "listening on 0.0.0.0:",
            "(all interfaces)",
        ),
        (
            &["udp-recv", "127.0.0.1", "0"][..],
            "listening on 127.0.0.1:",
            "(loopback only)",
        ),
        (
            &["listen", "::1", "0"][..],
            "listening on [::1]:",
            "(loopback only)",
        ),
        (
            &["listen", "-k", "--echo", "0"][..],
            "listening on 0.0.0.0:",
            "(all interfaces)",
        ),
    ] {
        let mut p = Proc::sockx(args, In::Null, Sink::Null);
        let line = p.line("listening");
        assert!(
            line.starts_with(start) && line.ends_with(end),
            "{args:?}: {line}"
        );
    }
}

/// sockx as the sender: a MESSAGE of 65,507 bytes (IPv4) or 65,527 (IPv6)
/// arrives whole as one datagram; one byte more is refused with EMSGSIZE
/// (exit 1), never cut or split.
#[test]
fn largest_datagram_sent_whole_and_one_more_refused() {
    for (v6, host, max) in [(false, "127.0.0.1", 65507usize), (true, "::1", 65527)] {
        // A message argument must be text: printable bytes.
        let msg: String = random_bytes(max, 77)
            .iter()
            .map(|b| char::from(b'a' + b % 26))
            .collect();
        let (rx, port) = py_receiver(1, "1", v6);
        sockx(["udp-send", host, &port.to_string(), &msg])
            .run()
            .ok();
        let got = payloads(&received(rx));
        assert_eq!(got.len(), 1, "{host}: one datagram");
        assert!(
            got[0] == msg.as_bytes(),
            "{host}: {} bytes arrived",
            got[0].len()
        );

        let port = super::util::free_udp_port().to_string();
        let out = sockx(["udp-send", host, &port, &format!("{msg}x")]).run();
        out.code(1).error_line("EMSGSIZE");
    }
}

/// udp-send --wait with a reply larger than --bufsize: reported truncated
/// with the datagram's real length (human and JSON), never silently cut.
#[test]
fn truncated_reply_says_so() {
    for json in [false, true] {
        let reply = random_bytes(5000, 78);
        let mut srv = python_bg(
            r#"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0)); ready(s)
s.settimeout(20)
d, a = s.recvfrom(70000)
s.sendto(bytes.fromhex(sys.argv[1]), a)
s.sendto(b"small", a)
"#,
            &[&hex::encode(&reply)],
            In::Null,
            Sink::Null,
        );
        let line = srv.line("port ");
        let port = line.split_whitespace().nth(1).expect("port").to_string();
        let mut args = vec![
            "udp-send",
            "--wait",
            "1s",
            "--bufsize",
            "100",
            "127.0.0.1",
            &port,
            "hi",
        ];
        if json {
            args.insert(0, "--json");
        }
        let out = sockx(args).run();
        out.ok();
        if json {
            let objs: Vec<Value> = out
                .out()
                .lines()
                .map(|l| serde_json::from_str(l).expect("JSON"))
                .collect();
            assert_eq!(objs.len(), 2, "{}", out.out());
            assert_eq!(objs[0]["bytes"], 5000);
            assert_eq!(objs[0]["truncated"], true);
            assert_eq!(objs[0]["hex"], hex::encode(&reply[..100]));
            assert_eq!(objs[1]["bytes"], 5);
            assert_eq!(objs[1]["truncated"], false);
        } else {
            assert!(
                out.out()
                    .contains("5000 bytes, truncated to 100 (MSG_TRUNC)"),
                "{}",
                out.out()
            );
            assert!(out.out().contains("5 bytes: small"), "{}", out.out());
        }
        drop(srv);
    }
}

/// An empty datagram is a datagram: udp-recv counts and shows it (0 bytes),
/// udp-send sends one for an empty MESSAGE.
#[test]
fn empty_datagrams_count() {
    let (rx, port) = listener(
        &["--json", "udp-recv", "-c", "2", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    python_run(
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nfor d in (b'', b'x'):\n    s.sendto(d, ('127.0.0.1', int(sys.argv[1])))\n",
        &[&port.to_string()],
    );
    let out = rx.finish();
    out.ok();
    let sizes: Vec<u64> = out
        .out()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).expect("JSON")["bytes"]
                .as_u64()
                .expect("n")
        })
        .collect();
    assert_eq!(sizes, [0, 1]);

    let (rx, port) = py_receiver(2, "1", false);
    sockx(["udp-send", "127.0.0.1", &port.to_string(), "", "y"])
        .run()
        .ok();
    assert_eq!(payloads(&received(rx)), [b"".to_vec(), b"y".to_vec()]);
}

/// udp-recv --echo sends the largest datagram back whole.
#[test]
fn echo_of_the_largest_datagram_is_whole() {
    let (rx, port) = listener(
        &["udp-recv", "--raw", "--echo", "-c", "1", "127.0.0.1", "0"],
        In::Null,
        Sink::Null,
    );
    let out = python_run(
        r#"
import hashlib
data = os.urandom(65507)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(10)
s.sendto(data, ("127.0.0.1", int(sys.argv[1])))
back, _ = s.recvfrom(70000)
print(len(back), back == data)
"#,
        &[&port.to_string()],
    );
    assert_eq!(out.out().trim(), "65507 True");
    rx.finish().ok();
}

/// --wait to a closed port over IPv6: ECONNREFUSED, exit 1.
#[test]
fn wait_to_closed_ipv6_port_is_refused() {
    let s = std::net::UdpSocket::bind("[::1]:0").expect("bind");
    let port = s.local_addr().expect("addr").port().to_string();
    drop(s);
    let out = sockx(["udp-send", "--wait", "2s", "::1", &port, "anyone?"]).run();
    out.code(1).error_line("ECONNREFUSED");
    assert!(out.err().contains("nobody is listening"), "{}", out.err());
}
