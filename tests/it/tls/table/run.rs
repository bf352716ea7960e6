//! The TLS table's runner: one row starts sockx and its peer (python3's
//! ssl over a MemoryBIO, openssl, or sockx), drives the ending the row
//! names, and checks both directions (length, sha256), the exit status and
//! stderr. Every wait is a readiness sign with a generous deadline.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use super::super::super::tcp::{In, Proc, Sink, file, port_in, wait_tcp_listening};
use super::super::super::util::{BIN, TempDir, free_port, random_bytes, sha256, wait_until};
use super::super::{Pki, TLS_PEER, pathbuf, tools};
use super::*;

pub(super) fn run_table(group: &str, rows: Vec<Row>) {
    if !tools() {
        return;
    }
    let filter = std::env::var("SOCKX_TABLE_FILTER").unwrap_or_default();
    // Developers: SOCKX_TABLE_RUNS=5 runs every row five times, as the TCP
    // table does.
    let runs: usize = std::env::var("SOCKX_TABLE_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .clamp(1, 100);
    let pki = Pki::new();
    let mut failed = Vec::new();
    let mut total = 0;
    let chosen = rows.iter().filter(|r| r.name().contains(&filter));
    for (r, i) in chosen.flat_map(|r| (1..=runs).map(move |i| (r, i))) {
        total += 1;
        let t = Instant::now();
        let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_row(&pki, r)));
        let problems = res.unwrap_or_else(|e| {
            vec![format!(
                "harness panic: {}",
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            )]
        });
        let took = t.elapsed().as_secs_f64();
        let name = if runs > 1 {
            format!("{} [run {i}]", r.name())
        } else {
            r.name()
        };
        if problems.is_empty() {
            eprintln!("tls table {name}: ok ({took:.1} s)");
        } else {
            eprintln!("tls table {name}: FAILED ({took:.1} s)");
            failed.push(format!("  {name}\n      {}", problems.join("\n      ")));
        }
    }
    assert!(
        failed.is_empty(),
        "{group}: {} of {total} rows failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// The peer: a python3 MemoryBIO TLS peer, openssl, or sockx.
fn start_peer(pki: &Pki, r: &Row, port: u16, d: &Path) -> Proc {
    let send = d.join("down").display().to_string();
    let role = if r.mode == Mode::Connect {
        "server"
    } else {
        "client"
    };
    match r.peer {
        Peer::Python => Proc::start(
            "python3",
            &[
                "-c",
                TLS_PEER,
                role,
                &port.to_string(),
                r.end.how(r.stdin),
                &send,
                &pki.path("chain.pem"),
                &pki.path("leaf.key"),
                &pki.path("root.pem"),
            ],
            In::Null,
            Sink::Capture,
        ),
        Peer::Openssl if r.mode == Mode::Connect => {
            // s_server stops at its own stdin's EOF: it is kept open.
            let accept = format!("127.0.0.1:{port}");
            let (leaf, int, key) = (
                pki.path("leaf.pem"),
                pki.path("int.pem"),
                pki.path("leaf.key"),
            );
            let a = [
                "s_server",
                "-accept",
                &accept,
                "-quiet",
                "-naccept",
                "1",
                "-cert",
                &leaf,
                "-cert_chain",
                &int,
                "-key",
                &key,
            ];
            Proc::start("openssl", &a, In::Open, Sink::File(d.join("peer.out")))
        }
        Peer::Openssl => {
            let connect = format!("127.0.0.1:{port}");
            let a = ["s_client", "-connect", &connect, "-quiet"];
            Proc::start("openssl", &a, In::Null, Sink::File(d.join("peer.out")))
        }
        Peer::Sockx if r.mode == Mode::Connect => {
            let (chain, key) = (pki.path("chain.pem"), pki.path("leaf.key"));
            let p = port.to_string();
            let a = [
                "listen",
                "--tls",
                "--cert",
                &chain,
                "--key",
                &key,
                "127.0.0.1",
                &p,
            ];
            let stdin = In::File(d.join("down"));
            Proc::sockx(&a, stdin, Sink::File(d.join("peer.out")))
        }
        Peer::Sockx => {
            let (root, p) = (pki.path("root.pem"), port.to_string());
            let a = ["connect", "--tls", "--cafile", &root, "localhost", &p];
            let stdin = In::File(d.join("down"));
            Proc::sockx(&a, stdin, Sink::File(d.join("peer.out")))
        }
    }
}

/// One row: start both ends, drive the ending, check everything.
fn run_row(pki: &Pki, r: &Row) -> Vec<String> {
    let mut p = Vec::new();
    let dir = TempDir::new("tlstable");
    let d = dir.path();
    let seed = r
        .name()
        .bytes()
        .fold(7u64, |h, b| h.wrapping_mul(31) ^ u64::from(b));
    let up = random_bytes(r.up, seed);
    let down = if matches!(r.end, End::Signal(_)) {
        random_bytes(STREAM_BLOCK, seed ^ 1)
    } else {
        random_bytes(r.down, seed ^ 1)
    };
    let up_file = file(d, "up", &up);
    file(d, "down", &down);
    let out = d.join("sockx.out");
    // A connect row's pipe is written after the peer's close_notify (the
    // order the row names); a listener's stdin flows from the start (an
    // idle listener stdin ends with its peer, by rule).
    let gated = r.end == End::PeerFirst && r.mode == Mode::Connect && r.stdin == Stdin::Pipe;
    let stdin = match r.stdin {
        Stdin::Pipe if gated || matches!(r.end, End::Signal(_)) => In::Open,
        Stdin::Pipe => In::Bytes(up.clone()),
        Stdin::File => In::File(up_file),
        Stdin::Null => In::Null,
        Stdin::Zero => In::File(pathbuf("/dev/zero")),
    };
    let root = pki.path("root.pem");
    let (chain, key) = (pki.path("chain.pem"), pki.path("leaf.key"));
    // A connect row's port is filled in once the peer listens.
    let mut args: Vec<&str> = Vec::new();
    if r.mode == Mode::Connect {
        args.push("connect");
        args.extend_from_slice(r.opts);
        args.extend(["--tls", "--cafile", &root, "localhost", "0"]);
    } else {
        args.push("listen");
        args.extend_from_slice(r.opts);
        args.extend(["--tls", "--cert", &chain, "--key", &key, "127.0.0.1", "0"]);
    }
    // stdout closed: `sockx … | head -c1`, sockx's own exit status kept.
    let wrap = [
        "-c",
        r#"b="$1"; shift; "$b" "$@" | head -c1; exit "${PIPESTATUS[0]}""#,
        "sh",
        BIN,
    ];
    let spawn = |args: &[&str], stdin: In| {
        let sink = Sink::File(out.clone());
        if r.end == End::StdoutClosed {
            let mut a = wrap.to_vec();
            a.extend_from_slice(args);
            Proc::start("bash", &a, stdin, sink)
        } else {
            Proc::sockx(args, stdin, sink)
        }
    };
    let (mut sx, mut peer);
    if r.mode == Mode::Connect {
        let port = free_port();
        peer = start_peer(pki, r, port, d);
        if r.peer == Peer::Python {
            peer.line("port ");
        } else {
            wait_tcp_listening(port);
        }
        // The python server picked its own port: sockx connects there.
        let port = if r.peer == Peer::Python {
            port_of_peer(&peer)
        } else {
            port
        };
        let sp = port.to_string();
        let mut a = args.clone();
        *a.last_mut().expect("port") = &sp;
        sx = spawn(&a, stdin);
    } else {
        sx = spawn(&args, stdin);
        let l = sx.line("listening");
        peer = start_peer(pki, r, port_in(&l), d);
    }
    let deadline = Instant::now() + ROW_TIMEOUT;
    sx.timeout = ROW_TIMEOUT;
    peer.timeout = ROW_TIMEOUT;

    // Drive the ending.
    if gated {
        peer.line("fin");
        // The peer's close_notify ends socket → stdout at once though stdin
        // is idle: stdout is closed (/dev/null in its place), or a pipeline
        // reading it would hang.
        let fd1 = format!("/proc/{}/fd/1", sx.pid());
        let file = std::fs::canonicalize(&out).expect("stdout file");
        let closed = || std::fs::read_link(&fd1).map_or(true, |l| l != file);
        if !wait_until(Duration::from_secs(10), closed) {
            p.push("stdout still open 10 s after the peer's close_notify (stdin idle)".into());
        }
        let _ = sx.stdin().write_all(&up);
        sx.close_stdin();
    }
    if let End::Signal(sig) = r.end {
        let flowing = if r.stdin == Stdin::Zero {
            wait_line(&mut peer, "flowing", deadline)
        } else {
            wait_until(ROW_TIMEOUT, || file_len(&out) >= 4096)
        };
        if !flowing {
            p.push(format!("no flow before the signal: {:?}", sx.stderr_now()));
        }
        sx.signal(sig);
        if !wait_until(SIGNAL_BOUND, || sx.exited()) {
            p.push(format!("still running {SIGNAL_BOUND:?} after signal {sig}"));
        }
    }
    let s = sx.finish_open();
    let pc = if matches!(r.end, End::Signal(_)) {
        drop(peer);
        None
    } else {
        Some(peer.finish())
    };

    // Exit status and stderr.
    let err = s.err();
    let errlines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("sockx: error") || l.contains("panicked"))
        .collect();
    let want = match r.end {
        End::Signal(sig) => 128 + sig,
        e if e.is_error() => 1,
        _ => 0,
    };
    if s.code != want {
        p.push(format!("exit {} (want {want}); stderr: {err:?}", s.code));
    }
    if r.end.is_error() {
        // "the rest of stdin was not sent" unless all of it had been handed
        // to TCP before the reset (then the line says all of it was sent).
        let all = format!("after {:.1} MiB sent", r.up as f64 / MIB as f64);
        let one = errlines.len() == 1
            && [
                "connection reset by peer after ",
                "the peer closed the connection after ",
            ]
            .iter()
            .any(|w| errlines[0].contains(w))
            && (errlines[0].contains("the rest of stdin was not sent")
                || errlines[0].contains(&all));
        if !one {
            p.push(format!(
                "want one error line `connection reset by peer (or the peer closed the connection) after N sent …; the rest of stdin was not sent`, got {errlines:?}"
            ));
        }
    } else if !errlines.is_empty() {
        p.push(format!("error on stderr: {errlines:?}"));
    }
    let warned = err.contains("without a TLS close_notify");
    match (r.end == End::NoCloseNotify, warned) {
        (true, false) => p.push(format!("no close_notify warning: {err:?}")),
        (false, true) if !r.end.is_error() => {
            p.push(format!("a close_notify warning on a clean end: {err:?}"))
        }
        _ => {}
    }

    // What the peer received, against sockx's stdin.
    let full = !r.end.is_error() && !matches!(r.end, End::Signal(_));
    if let Some(pc) = pc {
        let (n, sha) = match r.peer {
            Peer::Python => {
                let o = pc.out();
                let f: Vec<&str> = o.split_whitespace().collect();
                if f.first() != Some(&"recv") {
                    p.push(format!("python peer said {o:?}; stderr {:?}", pc.err()));
                    (0, String::new())
                } else {
                    (f[1].parse().unwrap_or(0), f[2].to_string())
                }
            }
            _ => {
                let got = std::fs::read(d.join("peer.out")).unwrap_or_default();
                (got.len(), sha256(&got))
            }
        };
        if full {
            if n != r.up || sha != sha256(&up) {
                p.push(format!(
                    "the peer got {n} B of {} (sha256 differs: {})",
                    r.up,
                    sha != sha256(&up)
                ));
            }
            if pc.code != 0 {
                p.push(format!("peer exit {}: {:?}", pc.code, pc.err()));
            }
        } else if n >= r.up {
            p.push(format!(
                "the peer got all {n} B before it reset: the row proves nothing"
            ));
        }
    }

    // What sockx wrote, against what the peer sent.
    let got = std::fs::read(&out).unwrap_or_default();
    match r.end {
        End::Signal(_) => {
            if r.stdin != Stdin::Zero && got.is_empty() {
                p.push("nothing on stdout before the signal".into());
            }
            if let Some(i) = got
                .iter()
                .enumerate()
                .position(|(i, b)| *b != down[i % down.len()])
            {
                p.push(format!(
                    "stdout ({} B) is not a prefix of the stream: byte {i}",
                    got.len()
                ));
            }
        }
        End::StdoutClosed if got.as_slice() != &down[..down.len().min(1)] => {
            p.push(format!("stdout {got:?}, want the first byte"));
        }
        End::StdoutClosed => {}
        _ if got.len() != r.down || sha256(&got) != sha256(&down) => p.push(format!(
            "stdout: {} B of the peer's {} (sha256 differs)",
            got.len(),
            r.down
        )),
        _ => {}
    }
    p
}

fn port_of_peer(peer: &Proc) -> u16 {
    peer.stderr_now()
        .lines()
        .find_map(|l| l.strip_prefix("port "))
        .and_then(|p| p.trim().parse().ok())
        .expect("the peer's port line")
}

fn wait_line(p: &mut Proc, needle: &str, deadline: Instant) -> bool {
    wait_until(deadline.saturating_duration_since(Instant::now()), || {
        p.stderr_now().contains(needle)
    })
}

fn file_len(p: &Path) -> usize {
    std::fs::metadata(p).map_or(0, |m| m.len() as usize)
}
