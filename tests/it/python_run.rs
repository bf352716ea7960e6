//! `--python` programs that talk to sockx: a generated server with `sockx
//! connect` and a generated client with `sockx listen` (bytes exact, TCP and
//! Unix sockets), the port probe, the echo server, the UDP programs, the
//! chat room both ways, --reuseport, -w's exit 4.

use std::io::Write;
use std::time::Duration;

use super::python_gen::{program, run_py};
use super::util::{cmd, port_of, random_bytes, sha256, sockx};

/// A generated TCP server and `sockx connect`: 256 KiB each way, bytes exact.
#[test]
fn python_server_talks_to_sockx_connect() {
    let up = random_bytes(256 * 1024, 7);
    let down = random_bytes(256 * 1024, 8);
    let prog = program(&["listen", "127.0.0.1", "0"]);
    let mut srv = cmd("python3", ["-c", &prog])
        .timeout(Duration::from_secs(60))
        .spawn();
    let port = port_of(&srv.stderr_line("listening on"));
    // The program writes stdout as it reads the socket: drain it meanwhile.
    let mut so = srv.child.as_mut().and_then(|c| c.stdout.take()).unwrap();
    let drain = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut so, &mut v);
        v
    });
    let mut sin = srv.stdin();
    let d = down.clone();
    let feeder = std::thread::spawn(move || {
        let _ = sin.write_all(&d);
    });
    let client = sockx(["connect", "127.0.0.1", &port.to_string()])
        .stdin(up.clone())
        .timeout(Duration::from_secs(60))
        .run();
    client.ok();
    feeder.join().unwrap();
    let server = srv.wait();
    assert_eq!(server.code, 0, "{}", server.err());
    assert_eq!(sha256(&client.stdout), sha256(&down), "server to client");
    assert_eq!(
        sha256(&drain.join().unwrap()),
        sha256(&up),
        "client to server"
    );
}

/// A generated client (with --nodelay, --keepalive, -w, -s) and `sockx listen`.
#[test]
fn python_client_talks_to_sockx_listen() {
    let up = random_bytes(200_000, 9);
    let down = random_bytes(100_000, 10);
    let mut srv = sockx(["listen", "127.0.0.1", "0"])
        .timeout(Duration::from_secs(60))
        .spawn();
    let port = port_of(&srv.stderr_line("listening on")).to_string();
    let mut sin = srv.stdin();
    let d = down.clone();
    let feeder = std::thread::spawn(move || {
        let _ = sin.write_all(&d);
    });
    let prog = program(&[
        "connect",
        "--nodelay",
        "--keepalive",
        "60,10,5",
        "-w",
        "20",
        "-s",
        "127.0.0.1",
        "127.0.0.1",
        &port,
    ]);
    for want in [
        "TCP_NODELAY",
        "TCP_KEEPIDLE, 60",
        "settimeout(20",
        "sock.bind(('127.0.0.1', 0))",
    ] {
        assert!(prog.contains(want), "{want} missing:\n{prog}");
    }
    let client = cmd("python3", ["-c", &prog])
        .stdin(up.clone())
        .timeout(Duration::from_secs(60))
        .run();
    feeder.join().unwrap();
    assert_eq!(client.code, 0, "{}", client.err());
    let server = srv.wait();
    server.ok();
    assert_eq!(sha256(&client.stdout), sha256(&down), "server to client");
    assert_eq!(sha256(&server.stdout), sha256(&up), "client to server");
    // A refused connection: sockx's status 1.
    let closed = super::util::free_port().to_string();
    let refused = run_py(&program(&["connect", "127.0.0.1", &closed]), b"");
    assert_eq!(refused.code, 1, "{}", refused.err());
    assert!(
        refused.err().contains("Connection refused"),
        "{}",
        refused.err()
    );
}

/// `connect -z` as connect_ex per port: the same open/closed verdicts.
#[test]
fn python_port_probe_matches_sockx() {
    let open = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let op = open.local_addr().unwrap().port();
    let cp = super::util::free_port();
    let ports = format!("{op},{cp}");
    let py = run_py(&program(&["connect", "-z", "127.0.0.1", &ports]), b"");
    assert_eq!(
        py.code,
        1,
        "a closed port is status 1, as for sockx: {}",
        py.err()
    );
    assert_eq!(py.out(), format!("{op} open\n{cp} closed (ECONNREFUSED)\n"));
    sockx(["connect", "-z", "127.0.0.1", &ports]).run().code(1);
}

/// The generated `--upper -k` server serves one client after another.
#[test]
fn python_upper_server_answers_sockx_clients() {
    let prog = program(&["listen", "--upper", "-k", "127.0.0.1", "0"]);
    let mut srv = cmd("python3", ["-c", &prog]).spawn();
    let port = port_of(&srv.stderr_line("listening on")).to_string();
    for text in ["hello, world\n", "again: ünïcode stays\n"] {
        let out = sockx(["connect", "127.0.0.1", &port]).stdin(text).run();
        out.ok();
        assert_eq!(out.stdout, text.as_bytes().to_ascii_uppercase());
    }
    srv.signal(libc::SIGTERM);
    let _ = srv.wait();
}

/// Generated UDP programs with sockx on the other side.
#[test]
fn python_udp_programs_interoperate() {
    // A generated receiver, sockx sending.
    let prog = program(&["udp-recv", "-c", "2", "-w", "20", "127.0.0.1", "0"]);
    let mut rx = cmd("python3", ["-c", &prog]).spawn();
    let port = port_of(&rx.stderr_line("listening on")).to_string();
    let sent = sockx(["udp-send", "127.0.0.1", &port, "hello", "wörld"]).run();
    sent.ok();
    let got = rx.wait();
    assert_eq!(got.code, 0, "{}", got.err());
    let lines: Vec<String> = got.out().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].ends_with(" 5 bytes: hello"), "{lines:?}");
    assert!(lines[1].ends_with(" 6 bytes: wörld"), "{lines:?}");
    // sockx receiving, a generated sender: --count 2 sends each message twice.
    let mut rx = sockx(["udp-recv", "--raw", "-c", "4", "-w", "20", "127.0.0.1", "0"]).spawn();
    let port = port_of(&rx.stderr_line("listening on")).to_string();
    let py = run_py(
        &program(&["udp-send", "--count", "2", "127.0.0.1", &port, "a", "bc"]),
        b"",
    );
    assert_eq!(py.code, 0, "{}", py.err());
    let got = rx.wait();
    got.ok();
    assert_eq!(got.stdout, b"abcabc");
    // Messages with quotes, backslashes and a newline: bytes exact (the
    // program quotes them; the command line is only a comment).
    let hostile = ["\"\"\"", "a\\b'c", "x\ny"];
    let mut rx = sockx([
        "udp-recv",
        "--json",
        "-c",
        "3",
        "-w",
        "20",
        "127.0.0.1",
        "0",
    ])
    .spawn();
    let port = port_of(&rx.stderr_line("listening")).to_string();
    let mut args = vec!["udp-send", "127.0.0.1", &port];
    args.extend_from_slice(&hostile);
    let py = run_py(&program(&args), b"");
    assert_eq!(py.code, 0, "{}", py.err());
    let got = rx.wait();
    got.ok();
    let texts: Vec<String> = got
        .out()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(texts, hostile);
    // Lines of stdin, one datagram each, without the newline.
    let mut rx = sockx([
        "udp-recv",
        "--json",
        "-c",
        "2",
        "-w",
        "20",
        "127.0.0.1",
        "0",
    ])
    .spawn();
    let port = port_of(&rx.stderr_line("listening")).to_string();
    let py = run_py(&program(&["udp-send", "127.0.0.1", &port]), b"one\ntwo");
    assert_eq!(py.code, 0, "{}", py.err());
    let got = rx.wait();
    got.ok();
    let texts: Vec<String> = got
        .out()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["text"].to_string())
        .collect();
    assert_eq!(texts, ["\"one\"", "\"two\""]);
}

/// The generated chat room server with two sockx chat clients.
#[test]
fn python_chat_server_relays_between_sockx_clients() {
    let prog = program(&["chat-server", "127.0.0.1", "0"]);
    let mut srv = cmd("python3", ["-c", &prog]).spawn();
    let port = port_of(&srv.stderr_line("listening on")).to_string();
    // --json: alice's events on stderr say when her name went out and
    // when bob has left; read them line by line.
    let mut alice = sockx(["--json", "chat", "--name", "alice", "127.0.0.1", &port]).spawn();
    let events = lines(alice.child.as_mut().and_then(|c| c.stderr.take()).unwrap());
    let next = |needle: &str| loop {
        let l = events
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no {needle}"));
        if l.contains(needle) {
            return l;
        }
    };
    next("\"sent\"");
    let mut bob = sockx(["chat", "--name", "bob", "127.0.0.1", &port]).spawn();
    let mut bob_in = bob.stdin();
    bob_in.write_all(b"hi alice\nq\n").unwrap();
    drop(bob_in);
    bob.wait().ok();
    assert!(next("\"kind\":\"leave\"").contains("bob"));
    let mut alice_in = alice.stdin();
    alice_in.write_all(b"q\n").unwrap();
    drop(alice_in);
    let alice_out = alice.wait();
    alice_out.ok();
    srv.signal(libc::SIGTERM);
    let _ = srv.wait();
    let seen = alice_out.out();
    assert!(seen.contains("bob: 加入了群聊"), "{seen}");
    assert!(seen.contains("bob:hi alice"), "{seen}");
    assert!(seen.contains("bob：离开了聊天室"), "{seen}");
}

/// The lines of a child's stream, as they come.
fn lines(r: impl std::io::Read + Send + 'static) -> std::sync::mpsc::Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in std::io::BufRead::lines(std::io::BufReader::new(r)).map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

/// The generated chat client joins a sockx room, speaks, and leaves with `q`.
#[test]
fn python_chat_client_in_a_sockx_room() {
    let mut room = sockx(["--json", "chat-server", "127.0.0.1", "0"]).spawn();
    let events = lines(room.child.as_mut().and_then(|c| c.stderr.take()).unwrap());
    let next = |needle: &str| loop {
        let l = events
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no {needle}"));
        if l.contains(needle) {
            return l;
        }
    };
    let port = port_of(&next("\"listening\"")).to_string();
    let prog = program(&["chat", "--name", "carol", "127.0.0.1", &port]);
    // The last line has no newline: sent anyway, then EOF leaves (q).
    let py = run_py(&prog, "hello room\nlast words".as_bytes());
    assert_eq!(py.code, 0, "{}", py.err());
    let join = next("\"kind\":\"join\"");
    assert!(join.contains("carol"), "{join}");
    let msg = next("\"kind\":\"message\"");
    assert!(msg.contains("carol:hello room"), "{msg}");
    let last = next("\"kind\":\"message\"");
    assert!(last.contains("carol:last words"), "{last}");
    let leave = next("\"kind\":\"leave\"");
    assert!(leave.contains("carol"), "{leave}");
    room.signal(libc::SIGTERM);
    let _ = room.wait();
}

/// A generated Unix-socket server (listen -U) and `sockx connect -U`.
#[test]
fn python_unix_server_talks_to_sockx_connect() {
    let dir = super::util::TempDir::new("pyunix");
    let path = dir.path().join("s");
    let path = path.to_str().unwrap();
    let prog = program(&["listen", "-U", path]);
    let mut srv = cmd("python3", ["-c", &prog]).spawn();
    // Announced after listen(), as sockx does: never a refused connect.
    let line = srv.stderr_line("listening on");
    assert!(line.contains(path), "{line}");
    let mut sin = srv.stdin();
    sin.write_all(b"from the server\n").unwrap();
    drop(sin);
    let out = sockx(["connect", "-U", path])
        .stdin("from the client\n")
        .run();
    out.ok();
    assert_eq!(out.out(), "from the server\n");
    let server = srv.wait();
    assert_eq!(server.code, 0, "{}", server.err());
    assert_eq!(server.out(), "from the client\n");
    // And the other way round: a generated -U client, sockx listening.
    let path2 = dir.path().join("t");
    let path2 = path2.to_str().unwrap();
    let mut srv = sockx(["listen", "-U", path2]).spawn();
    let _ = srv.stderr_line("listening on");
    let mut sin = srv.stdin();
    sin.write_all(b"hello from sockx\n").unwrap();
    drop(sin);
    let py = run_py(&program(&["connect", "-U", path2]), b"hello from python\n");
    assert_eq!(py.code, 0, "{}", py.err());
    assert_eq!(py.out(), "hello from sockx\n");
    let server = srv.wait();
    server.ok();
    assert_eq!(server.out(), "hello from python\n");
}

/// udp-recv --upper as a program answers `sockx udp-send --wait`; an idle
/// generated server exits 4 after -w, as sockx does.
#[test]
fn python_udp_upper_and_idle_timeout() {
    let prog = program(&[
        "udp-recv",
        "--upper",
        "-c",
        "1",
        "-w",
        "20",
        "127.0.0.1",
        "0",
    ]);
    let mut rx = cmd("python3", ["-c", &prog]).spawn();
    let port = port_of(&rx.stderr_line("listening on")).to_string();
    let out = sockx(["udp-send", "--wait", "1s", "--raw", "127.0.0.1", &port])
        .stdin("shout")
        .run();
    out.ok();
    assert!(rx.wait().code == 0);
    assert!(out.out().contains("SHOUT"), "{}", out.out());
    let idle = run_py(&program(&["listen", "-w", "0.2", "127.0.0.1", "0"]), b"");
    assert_eq!(idle.code, 4, "{}", idle.err());
    sockx(["listen", "-w", "0.2", "127.0.0.1", "0"])
        .run()
        .code(4);
}

/// --reuseport in a generated server lets sockx bind the same port beside
/// it (without it, sockx's bind fails with EADDRINUSE).
#[test]
fn python_reuseport_shares_the_port_with_sockx() {
    let prog = program(&["udp-recv", "--reuseport", "-w", "20", "127.0.0.1", "0"]);
    let mut rx = cmd("python3", ["-c", &prog]).spawn();
    let port = port_of(&rx.stderr_line("listening on")).to_string();
    sockx(["udp-recv", "--reuseport", "-w", "0.1", "127.0.0.1", &port])
        .run()
        .ok();
    sockx(["udp-recv", "-w", "0.1", "127.0.0.1", &port])
        .run()
        .code(1)
        .error_line("EADDRINUSE");
    rx.signal(libc::SIGTERM);
    let _ = rx.wait();
}
