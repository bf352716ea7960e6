//! Interactive use in a real terminal (tmux), --progress as a user sees it,
//! and the hints errors carry.
//!
//! Each tmux test runs its own server on a private socket
//! (`tmux -L sockx-test-PID-N`, no config file), drives the panes with
//! send-keys, reads them with capture-pane, bounds every wait, and kills the
//! server when it ends (also on failure: `Drop`). Traffic stays on 127.0.0.1.

use std::io::Write;
use std::net::{TcpStream, UdpSocket};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::netns;
use super::util::{BIN, Out, cmd, free_port, free_udp_port, have, is_root, sockx};

/// How long any one thing may take to show up in a pane.
const WAIT: Duration = Duration::from_secs(15);

/// A tmux server of our own with one window; killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// A detached session whose first pane runs a plain bash.
    fn new() -> Option<Tmux> {
        if !have("tmux") || !have("bash") {
            return None;
        }
        static N: AtomicUsize = AtomicUsize::new(0);
        let t = Tmux {
            socket: format!(
                "sockx-test-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ),
        };
        t.run(&[
            "new-session",
            "-d",
            "-s",
            "ux",
            "-x",
            "200",
            "-y",
            "30",
            "env PS1='$ ' bash --norc --noprofile",
        ])
        .ok();
        Some(t)
    }

    #[track_caller]
    fn run(&self, args: &[&str]) -> Out {
        // -u: the panes speak UTF-8 whatever the locale of the test.
        let mut all = vec!["-u", "-L", &self.socket, "-f", "/dev/null"];
        all.extend_from_slice(args);
        cmd("tmux", all).timeout(Duration::from_secs(10)).run()
    }

    /// The panes' ids (%N), in order.
    fn panes(&self) -> Vec<String> {
        self.run(&["list-panes", "-t", "ux", "-F", "#{pane_id}"])
            .out()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Splits the window: a second pane with its own bash.
    fn split(&self) -> String {
        self.run(&[
            "split-window",
            "-t",
            "ux",
            "-v",
            "env PS1='$ ' bash --norc --noprofile",
        ])
        .ok();
        let panes = self.panes();
        assert_eq!(panes.len(), 2, "panes: {panes:?}");
        panes[1].clone()
    }

    /// Types `text` into a pane, then Enter.
    fn type_line(&self, pane: &str, text: &str) {
        self.run(&["send-keys", "-t", pane, "-l", text]).ok();
        self.run(&["send-keys", "-t", pane, "Enter"]).ok();
    }

    fn key(&self, pane: &str, key: &str) {
        self.run(&["send-keys", "-t", pane, key]).ok();
    }

    /// What the pane shows (rows, trailing blanks trimmed).
    fn screen(&self, pane: &str) -> String {
        self.run(&["capture-pane", "-p", "-t", pane]).out()
    }

    /// Waits for `TAG=N`, the status a command line typed as
    /// `...; echo TAG=$?` printed (the typed line itself shows `TAG=$?`).
    #[track_caller]
    fn wait_exit(&self, pane: &str, tag: &str) -> (i32, String) {
        let end = Instant::now() + WAIT;
        let key = format!("{tag}=");
        loop {
            let s = self.screen(pane);
            let code = s.lines().find_map(|l| {
                let rest = &l[l.find(&key)? + key.len()..];
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse::<i32>().ok()
            });
            if let Some(c) = code {
                return (c, s);
            }
            assert!(
                Instant::now() < end,
                "pane {pane} never showed {key}N within {WAIT:?}; it shows:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the pane shows `needle` (on a line that is not the
    /// typed command itself); returns the screen.
    #[track_caller]
    fn wait_for(&self, pane: &str, needle: &str) -> String {
        let end = Instant::now() + WAIT;
        loop {
            let s = self.screen(pane);
            if s.lines()
                .any(|l| l.contains(needle) && !l.starts_with("$ "))
            {
                return s;
            }
            assert!(
                Instant::now() < end,
                "pane {pane} never showed {needle:?} within {WAIT:?}; it shows:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = cmd("tmux", ["-L", &self.socket, "kill-server"])
            .timeout(Duration::from_secs(10))
            .run();
    }
}

/// The seeds' chat, with sockx on both ends: `listen` in one pane, `connect`
/// in the other; a line typed in either appears in the other; Ctrl-D on the
/// client half-closes, and both end with status 0.
#[test]
fn lines_typed_in_each_pane_appear_in_the_other() {
    let Some(t) = Tmux::new() else { return };
    let server = t.panes()[0].clone();
    let client = t.split();
    let port = free_port().to_string();
    t.type_line(
        &server,
        &format!("{BIN} -v listen 127.0.0.1 {port}; echo server-exit=$?"),
    );
    t.wait_for(&server, &format!("listening on 127.0.0.1:{port}"));
    t.type_line(
        &client,
        &format!("{BIN} -v connect 127.0.0.1 {port}; echo client-exit=$?"),
    );
    t.wait_for(&client, &format!("connected to 127.0.0.1:{port}"));
    t.wait_for(&server, "connection from 127.0.0.1:");

    // The client's words reach the server's pane, which never typed them.
    t.type_line(&client, "hi, are you there? (from the client)");
    t.wait_for(&server, "hi, are you there? (from the client)");
    t.type_line(&server, "yes, loud and clear (from the server)");
    t.wait_for(&client, "yes, loud and clear (from the server)");
    t.type_line(&client, "second line 第二行");
    t.wait_for(&server, "second line 第二行");

    // Ctrl-D: the client's stdin ends, SHUT_WR; the server sees EOF and
    // ends (its terminal has nothing to send); then the client sees EOF.
    t.key(&client, "C-d");
    let (code, s) = t.wait_exit(&server, "server-exit");
    assert_eq!(code, 0, "server pane:\n{s}");
    assert!(
        s.contains("peer closed its side (EOF)"),
        "server pane:\n{s}"
    );
    let (code, c) = t.wait_exit(&client, "client-exit");
    assert_eq!(code, 0, "client pane:\n{c}");
    assert!(c.contains("shutdown(SHUT_WR) sent"), "client pane:\n{c}");
    // Payload is not doubled: each line the server received shows once.
    let n = s.matches("(from the client)").count();
    assert_eq!(n, 1, "server pane:\n{s}");
}

/// The progress lines on a screen: they are the ones with a rate.
fn progress_lines(screen: &str) -> Vec<&str> {
    screen.lines().filter(|l| l.contains("B/s)")).collect()
}

/// On a terminal, --progress redraws one line in place (carriage return,
/// erase line) while bytes arrive, and leaves one summary line at the end.
#[test]
fn progress_redraws_one_line_in_place_on_a_terminal() {
    let Some(t) = Tmux::new() else { return };
    let pane = t.panes()[0].clone();
    let port = free_port();
    t.type_line(
        &pane,
        &format!("{BIN} listen --progress 127.0.0.1 {port} >/dev/null; echo exit=$?"),
    );
    t.wait_for(&pane, "listening on");
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let chunk = vec![b'x'; 100_000];
    let mut seen = Vec::new();
    // 20 chunks, 100 ms apart: about 8 redraws at 250 ms.
    for i in 0..20 {
        s.write_all(&chunk).expect("send");
        std::thread::sleep(Duration::from_millis(100));
        if i % 5 == 4 {
            let screen = t.screen(&pane);
            let lines = progress_lines(&screen);
            assert!(lines.len() <= 1, "progress on several lines:\n{screen}");
            seen.extend(lines.iter().map(|l| l.to_string()));
        }
    }
    drop(s);
    let (code, screen) = t.wait_exit(&pane, "exit");
    assert_eq!(code, 0, "{screen}");
    // Redrawn: it showed changing counts while the bytes came...
    seen.dedup();
    assert!(
        seen.len() >= 2,
        "the progress line did not change while bytes arrived: {seen:?}"
    );
    assert!(seen.iter().all(|l| l.starts_with("in ")), "{seen:?}");
    // ...and in place: one line at the end, the summary with all the bytes.
    let lines = progress_lines(&screen);
    assert_eq!(lines.len(), 1, "progress on several lines:\n{screen}");
    assert!(
        lines[0].starts_with("in 1.9 MiB (") && lines[0].ends_with(" s"),
        "summary {:?}",
        lines[0]
    );
}

/// udp-send --progress on a terminal: datagrams and bytes sent, redrawn on
/// one line; nothing about bytes in (nothing is received without --wait).
#[test]
fn udp_send_progress_on_a_terminal() {
    let Some(t) = Tmux::new() else { return };
    let pane = t.panes()[0].clone();
    let rx = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let port = rx.local_addr().expect("addr").port();
    t.type_line(
        &pane,
        &format!(
            "{BIN} udp-send --progress --count 12 --interval 100ms 127.0.0.1 {port} tick; echo exit=$?"
        ),
    );
    let (code, screen) = t.wait_exit(&pane, "exit");
    assert_eq!(code, 0, "{screen}");
    let lines = progress_lines(&screen);
    assert_eq!(lines.len(), 1, "progress on several lines:\n{screen}");
    assert!(
        lines[0].starts_with("out 48 B (") && lines[0].contains("  12 datagrams sent  "),
        "summary {:?}",
        lines[0]
    );
    rx.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut buf = [0u8; 64];
    for _ in 0..12 {
        let n = rx.recv(&mut buf).expect("a datagram");
        assert_eq!(&buf[..n], b"tick");
    }
}

/// Off a terminal: one summary line on stderr (never stdout); under --json
/// `progress` events with the datagram count.
#[test]
fn udp_send_progress_summary_and_json() {
    let rx = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let port = rx.local_addr().expect("addr").port().to_string();
    let out = sockx([
        "udp-send",
        "--progress",
        "127.0.0.1",
        &port,
        "a",
        "bb",
        "ccc",
    ])
    .run();
    out.ok();
    assert!(out.stdout.is_empty(), "stdout {:?}", out.out());
    let err = out.err();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "stderr {err:?}");
    assert!(
        lines[0].starts_with("out 6 B (") && lines[0].contains("  3 datagrams sent  "),
        "{err:?}"
    );

    let out = sockx([
        "--json",
        "udp-send",
        "--progress",
        "127.0.0.1",
        &port,
        "a",
        "bb",
    ])
    .run();
    out.ok();
    assert!(out.stdout.is_empty(), "stdout {:?}", out.out());
    let ev = out.events();
    let p = ev
        .iter()
        .rfind(|e| e["event"] == "progress")
        .unwrap_or_else(|| panic!("no progress event: {ev:?}"));
    assert_eq!(p["datagrams"], 2, "{p}");
    assert_eq!(p["bytes_out"], 3, "{p}");
    assert_eq!(p["bytes_in"], 0, "{p}");
}

/// Errors that teach: the one-line error names the call and errno, and a
/// hint says what to do.
#[test]
fn errors_carry_hints_refused_and_privileged() {
    // Nothing listens on a port we just released.
    let port = free_port().to_string();
    sockx(["connect", "127.0.0.1", &port])
        .run()
        .code(1)
        .error_line("Connection refused (ECONNREFUSED); hint: nothing is listening there");
    let dir = super::util::TempDir::new("ux-hint");
    let path = dir.path().join("nobody.sock").display().to_string();
    sockx(["connect", "-U", &path])
        .run()
        .code(1)
        .error_line("(ENOENT); hint: no socket file there: start the server first");
    let uport = free_udp_port().to_string();
    sockx(["udp-send", "--wait", "2s", "127.0.0.1", &uport, "ping"])
        .run()
        .code(1)
        .error_line("hint: the peer answered with ICMP port unreachable");

    // A privileged port, as a user without CAP_NET_BIND_SERVICE.
    let as_user: Vec<&str> = if is_root() {
        if !have("setpriv") {
            return;
        }
        vec![
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            BIN,
        ]
    } else {
        vec![BIN]
    };
    let start = std::fs::read_to_string("/proc/sys/net/ipv4/ip_unprivileged_port_start")
        .ok()
        .and_then(|s| s.trim().parse::<u16>().ok())
        .unwrap_or(1024);
    if start <= 80 {
        eprintln!("notice: port 80 is not privileged here; skipping that check");
        return;
    }
    let mut args = as_user[1..].to_vec();
    args.extend(["listen", "127.0.0.1", "80"]);
    cmd(as_user[0], &args)
        .timeout(Duration::from_secs(10))
        .run()
        .code(1)
        .error_line(
            "Permission denied (EACCES); hint: port 80 needs root (or CAP_NET_BIND_SERVICE)",
        );
}

/// A name that is not found (inside the private namespace: no lookup leaves
/// the machine): exit 3 and a hint, for a forward and a reverse lookup.
#[test]
fn errors_carry_hints_name_not_found() {
    if !netns::available() {
        return;
    }
    let outs = netns::run(&[
        "sockx connect nosuch.example.test 80",
        "sockx resolve nosuch.example.test",
        "sockx resolve 127.0.0.99",
        "sockx getnameinfo --flags namereqd 127.0.0.99 80",
    ]);
    outs[0]
        .code(3)
        .error_line("(EAI_NONAME); hint: check the spelling, /etc/hosts");
    outs[1]
        .code(3)
        .error_line("hint: check the spelling, /etc/hosts");
    outs[2]
        .code(3)
        .error_line("(HOST_NOT_FOUND); hint: no name for that address");
    outs[3]
        .code(3)
        .error_line("(EAI_NONAME); hint: no name for that address");
}
