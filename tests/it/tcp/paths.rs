//! Each way the relay moves bytes, chosen by what stdin and stdout are:
//! sendfile for a file on stdin, splice for pipes, splice through a pipe of
//! its own into a file or /dev/null, the copy path for O_APPEND, -x, --trace
//! and --bufsize. Both ends checked against a python peer.

use std::path::Path;

use super::super::util::{TempDir, random_bytes};
use super::*;

const MIB: usize = 1 << 20;

#[derive(Clone, Copy, Debug)]
enum I {
    File,
    Pipe,
    Null,
}

#[derive(Clone, Copy, Debug)]
enum O {
    File,
    Append,
    Pipe,
    Null,
}

fn stdin_of(k: I, d: &Path, data: &[u8]) -> In {
    match k {
        I::File => In::File(file(d, "stdin.bin", data)),
        I::Pipe => In::Bytes(data.to_vec()),
        I::Null => In::Null,
    }
}

fn stdout_of(k: O, d: &Path) -> Sink {
    let p = d.join("stdout.bin");
    match k {
        O::File => Sink::File(p),
        O::Append => {
            // Something already there: >> must keep it and add after it.
            std::fs::write(&p, b"before|").expect("write");
            Sink::Append(p)
        }
        O::Pipe => Sink::Capture,
        O::Null => Sink::Null,
    }
}

/// What sockx wrote to stdout, for the kinds where it can be read back.
fn written(k: O, d: &Path, out: &super::super::util::Out) -> Option<Vec<u8>> {
    let p = d.join("stdout.bin");
    match k {
        O::File => Some(std::fs::read(p).expect("read stdout file")),
        O::Append => {
            let v = std::fs::read(p).expect("read stdout file");
            assert!(v.starts_with(b"before|"), ">> lost what was there");
            Some(v[7..].to_vec())
        }
        O::Pipe => Some(out.stdout.clone()),
        O::Null => None,
    }
}

/// sockx connect with this stdin/stdout against a python server that sends
/// `down` while storing what it receives; both checked.
fn connect_case(i: I, o: O, extra: &[&str], up: &[u8], down: &[u8]) {
    let what = format!("connect stdin {i:?} stdout {o:?} {extra:?}");
    let d = TempDir::new("cpath");
    let srv_data = file(d.path(), "down.bin", down);
    let got = d.path().join("got.bin");
    let (srv, port) = python_server(
        PY_DUPLEX_SERVER,
        &[&srv_data.display().to_string(), &got.display().to_string()],
    );
    let p = port.to_string();
    let mut args = vec!["connect"];
    args.extend_from_slice(extra);
    args.extend(["127.0.0.1", &p]);
    let out = Proc::sockx(&args, stdin_of(i, d.path(), up), stdout_of(o, d.path())).finish();
    assert_eq!(out.code, 0, "{what}: {}", out.err());
    let s = srv.finish();
    assert_eq!(s.code, 0, "{what}: server {}", s.err());
    let want_up: &[u8] = if matches!(i, I::Null) { b"" } else { up };
    same_bytes(
        &std::fs::read(&got).expect("got"),
        want_up,
        &format!("{what}: up"),
    );
    if let Some(w) = written(o, d.path(), &out) {
        same_bytes(&w, down, &format!("{what}: down"));
    }
}

/// sockx listen with this stdin/stdout against a python client.
fn listen_case(i: I, o: O, extra: &[&str], up: &[u8], down: &[u8]) {
    let what = format!("listen stdin {i:?} stdout {o:?} {extra:?}");
    let d = TempDir::new("lpath");
    let mut args = vec!["listen"];
    args.extend_from_slice(extra);
    args.extend(["127.0.0.1", "0"]);
    let (srv, port) = listener(&args, stdin_of(i, d.path(), up), stdout_of(o, d.path()));
    let cli_data = file(d.path(), "cli.bin", down);
    let got = d.path().join("got.bin");
    python_run(
        PY_DUPLEX_CLIENT,
        &[
            "127.0.0.1",
            &port.to_string(),
            &cli_data.display().to_string(),
            &got.display().to_string(),
        ],
    );
    let out = srv.finish();
    assert_eq!(out.code, 0, "{what}: {}", out.err());
    let want_up: &[u8] = if matches!(i, I::Null) { b"" } else { up };
    same_bytes(
        &std::fs::read(&got).expect("got"),
        want_up,
        &format!("{what}: up"),
    );
    if let Some(w) = written(o, d.path(), &out) {
        same_bytes(&w, down, &format!("{what}: down"));
    }
}

const INS: [I; 3] = [I::File, I::Pipe, I::Null];
const OUTS: [O; 4] = [O::File, O::Append, O::Pipe, O::Null];

/// Every stdin kind × stdout kind on the connect side (sendfile, splice,
/// splice through our pipe, copy for >>, /dev/null on each end).
#[test]
fn connect_every_stdio_kind() {
    let up = random_bytes(3 * MIB + 1, 10);
    let down = random_bytes(3 * MIB + 3, 11);
    for i in INS {
        for o in OUTS {
            connect_case(i, o, &[], &up, &down);
        }
    }
}

#[test]
fn listen_every_stdio_kind() {
    let up = random_bytes(3 * MIB + 5, 12);
    let down = random_bytes(3 * MIB + 9, 13);
    for i in INS {
        for o in OUTS {
            listen_case(i, o, &[], &up, &down);
        }
    }
}

/// -x, --trace and --bufsize force the copy path; the bytes stay intact.
#[test]
fn copy_path_options_keep_bytes() {
    let up = random_bytes(200 * 1024 + 3, 14);
    let down = random_bytes(150 * 1024 + 1, 15);
    for extra in [&["--bufsize", "1024"][..], &["-x"][..]] {
        connect_case(I::File, O::File, extra, &up, &down);
        connect_case(I::Pipe, O::Pipe, extra, &up, &down);
        listen_case(I::Pipe, O::File, extra, &up, &down);
    }
    // --trace is a global option: before the subcommand.
    let d = TempDir::new("tracecopy");
    let srv_data = file(d.path(), "down.bin", &down);
    let got = d.path().join("got.bin");
    let (srv, port) = python_server(
        PY_DUPLEX_SERVER,
        &[&srv_data.display().to_string(), &got.display().to_string()],
    );
    let out = Proc::sockx(
        &["--trace", "connect", "127.0.0.1", &port.to_string()],
        In::Bytes(up.clone()),
        Sink::Capture,
    )
    .finish();
    out.ok();
    srv.finish().ok();
    same_bytes(&out.stdout, &down, "--trace down");
    same_bytes(&std::fs::read(&got).expect("got"), &up, "--trace up");
    assert!(out.err().contains("recv(3, 131072) = "), "{}", out.err());
}

/// Which system calls move the bytes, seen with strace when it is installed:
/// sendfile for a file on stdin, splice for pipes, splice through a pipe of
/// sockx's own into a file, plain recv/write for >> and -x.
#[test]
fn relay_path_follows_descriptor_types() {
    let strace = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("strace").is_file()));
    if !strace {
        eprintln!("notice: strace not installed; skipping the syscall-path check");
        return;
    }
    let up = random_bytes(300 * 1024, 16);
    let down = random_bytes(300 * 1024, 17);
    type Case<'a> = (I, O, &'a [&'a str], &'a [&'a str], &'a [&'a str]);
    let cases: [Case; 5] = [
        // (stdin, stdout, extra, must appear, must not appear)
        (
            I::File,
            O::Pipe,
            &[],
            &["sendfile(3, 0,", "splice(3, NULL, 1,"],
            &["recvfrom(3"],
        ),
        // A pipe on stdin is read with preadv2(RWF_NOWAIT) and sent (faster
        // than splicing a producer's 4 KiB pages, see relay.rs).
        (
            I::Pipe,
            O::File,
            &[],
            &["preadv2(0,", "RWF_NOWAIT", "sendto(3,", "splice(3, NULL, "],
            &["sendfile", "recvfrom(3", "splice(0,"],
        ),
        (
            I::Pipe,
            O::Null,
            &[],
            &["preadv2(0,", "sendto(3,", "splice(3, NULL, "],
            &["recvfrom(3", "splice(0,"],
        ),
        (
            I::File,
            O::Append,
            &[],
            &["sendfile(3, 0,", "recvfrom(3,", "write(1,"],
            &["splice(3"],
        ),
        (
            I::Pipe,
            O::Pipe,
            &["-x"],
            &["preadv2(0,", "sendto(3,", "recvfrom(3,", "write(1,"],
            &["splice", "sendfile"],
        ),
    ];
    for (i, o, extra, yes, no) in cases {
        let what = format!("stdin {i:?} stdout {o:?} {extra:?}");
        let d = TempDir::new("strace");
        let srv_data = file(d.path(), "down.bin", &down);
        let got = d.path().join("got.bin");
        let (srv, port) = python_server(
            PY_DUPLEX_SERVER,
            &[&srv_data.display().to_string(), &got.display().to_string()],
        );
        let log = d.path().join("strace.log");
        let p = port.to_string();
        let log_s = log.display().to_string();
        let mut args = vec![
            "-f",
            "-qq",
            "-e",
            "trace=splice,sendfile,read,preadv2,write,recvfrom,sendto",
            "-o",
            &log_s,
            super::super::util::BIN,
            "connect",
        ];
        args.extend_from_slice(extra);
        args.extend(["127.0.0.1", &p]);
        let out = Proc::start(
            "strace",
            &args,
            stdin_of(i, d.path(), &up),
            stdout_of(o, d.path()),
        )
        .finish();
        assert_eq!(out.code, 0, "{what}: {}", out.err());
        srv.finish().ok();
        if let Some(w) = written(o, d.path(), &out) {
            same_bytes(&w, &down, &what);
        }
        let t = std::fs::read_to_string(&log).expect("strace log");
        for y in yes {
            assert!(t.contains(y), "{what}: no {y:?} in strace:\n{t:.3000}");
        }
        for n in no {
            assert!(!t.contains(n), "{what}: {n:?} in strace:\n{t:.3000}");
        }
    }
}
