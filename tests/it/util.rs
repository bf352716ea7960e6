//! The test harness: run the real binary (with a timeout, killed by pid),
//! run python3 as the oracle, require peers (skip with a notice, or fail
//! when SOCKX_REQUIRE_PEERS=1 as in CI), and run commands inside a private
//! network namespace with a real DNS server (spec §7).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_sockx");

/// The outcome of a finished command.
#[derive(Debug, Clone)]
pub struct Out {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Out {
    pub fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {:?} / stderr {:?}",
                self.out(),
                self.err()
            )
        })
    }
    /// stdout as JSON Lines (connect -z, connect --ping): the result
    /// objects in the order written, and the `{"summary":…}` object's body.
    pub fn results(&self) -> (Vec<serde_json::Value>, Option<serde_json::Value>) {
        let mut results = Vec::new();
        let mut summary = None;
        for l in self.out().lines() {
            let v: serde_json::Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e} / stderr {:?}", self.err()));
            match v.get("summary") {
                Some(s) => summary = Some(s.clone()),
                None => results.push(v),
            }
        }
        (results, summary)
    }
    /// stderr parsed as JSON Lines.
    pub fn events(&self) -> Vec<serde_json::Value> {
        self.err()
            .lines()
            .filter(|l| l.starts_with('{'))
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
            .collect()
    }
    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code,
            0,
            "exit {} stdout {:?} stderr {:?}",
            self.code,
            self.out(),
            self.err()
        );
        self
    }
    #[track_caller]
    pub fn code(&self, c: i32) -> &Self {
        assert_eq!(
            self.code,
            c,
            "expected exit {c}, got {}; stdout {:?} stderr {:?}",
            self.code,
            self.out(),
            self.err()
        );
        self
    }
    /// A one-line error naming `needle`, and no panic.
    #[track_caller]
    pub fn error_line(&self, needle: &str) -> &Self {
        let e = self.err();
        assert!(!e.contains("panicked"), "panic: {e}");
        assert!(!e.contains("RUST_BACKTRACE"), "panic: {e}");
        assert!(
            e.contains(needle),
            "stderr {e:?} does not mention {needle:?}"
        );
        self
    }
}

/// A command under test: args, stdin, env, timeout.
pub struct Cmd {
    cmd: Command,
    stdin: Option<Vec<u8>>,
    timeout: Duration,
}

pub fn sockx<I, S>(args: I) -> Cmd
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = Command::new(BIN);
    cmd.args(args).env_remove("NO_COLOR");
    Cmd {
        cmd,
        stdin: None,
        timeout: Duration::from_secs(20),
    }
}

pub fn cmd<I, S>(program: &str, args: I) -> Cmd
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = Command::new(program);
    cmd.args(args);
    Cmd {
        cmd,
        stdin: None,
        timeout: Duration::from_secs(20),
    }
}

impl Cmd {
    pub fn stdin(mut self, data: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(data.into());
        self
    }
    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.cmd.env(k, v);
        self
    }
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }
    /// Runs to completion (killed after the timeout, which fails the test).
    #[track_caller]
    pub fn run(mut self) -> Out {
        self.cmd.stdin(if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        self.cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("spawn");
        let stdin = self.stdin.take();
        let mut pipe = child.stdin.take();
        let writer = std::thread::spawn(move || {
            if let (Some(data), Some(p)) = (stdin, pipe.as_mut()) {
                let _ = p.write_all(&data);
            }
            drop(pipe);
        });
        let out = wait_output(child, self.timeout);
        let _ = writer.join();
        out.unwrap_or_else(|| panic!("timed out after {:?}", self.timeout))
    }
    /// Starts in the background with piped stdin/stdout/stderr.
    pub fn spawn(mut self) -> Bg {
        self.cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let child = self.cmd.spawn().expect("spawn");
        Bg {
            child: Some(child),
            timeout: self.timeout,
            stderr_rest: None,
        }
    }
}

/// Collects stdout/stderr of a child and waits, killing it after `timeout`.
fn wait_output(mut child: Child, timeout: Duration) -> Option<Out> {
    let mut so = child.stdout.take();
    let mut se = child.stderr.take();
    let t1 = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(s) = so.as_mut() {
            let _ = s.read_to_end(&mut v);
        }
        v
    });
    let t2 = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(s) = se.as_mut() {
            let _ = s.read_to_end(&mut v);
        }
        v
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait().expect("wait") {
            Some(st) => break Some(st),
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let stdout = t1.join().unwrap_or_default();
    let stderr = t2.join().unwrap_or_default();
    let st = status?;
    use std::os::unix::process::ExitStatusExt;
    let code = st.code().unwrap_or_else(|| 128 + st.signal().unwrap_or(0));
    Some(Out {
        code,
        stdout,
        stderr,
    })
}

/// A background process, killed by pid when dropped.
pub struct Bg {
    pub child: Option<Child>,
    timeout: Duration,
    stderr_rest: Option<std::thread::JoinHandle<Vec<u8>>>,
}

impl Bg {
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, |c| c.id())
    }
    pub fn stdin(&mut self) -> std::process::ChildStdin {
        self.child
            .as_mut()
            .and_then(|c| c.stdin.take())
            .expect("stdin")
    }
    /// Reads stderr until a line containing `needle` appears; returns that line.
    /// The rest of stderr keeps flowing into the returned buffer's owner.
    pub fn stderr_line(&mut self, needle: &str) -> String {
        let err = self
            .child
            .as_mut()
            .and_then(|c| c.stderr.take())
            .expect("stderr");
        let (line, rest) = read_until_line(err, needle, self.timeout);
        // The thread keeps draining stderr; wait() prepends what it collected.
        self.stderr_rest = Some(rest);
        line
    }
    /// Closes stdin and waits for the process to end.
    pub fn wait(mut self) -> Out {
        let mut child = self.child.take().expect("child");
        drop(child.stdin.take());
        let rest = self.stderr_rest.take();
        let mut out = wait_output(child, self.timeout).unwrap_or_else(|| panic!("timed out"));
        if let Some(r) = rest {
            out.stderr = r.join().unwrap_or_default();
        }
        out
    }
    pub fn signal(&self, sig: i32) {
        // SAFETY: sending a signal to our own child by pid.
        unsafe { libc::kill(self.pid() as i32, sig) };
    }
}

impl Drop for Bg {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Reads lines from `r` until one contains `needle`; returns it and a thread
/// that collects what was read so far plus the rest of the stream.
fn read_until_line(
    mut r: impl Read + Send + 'static,
    needle: &str,
    timeout: Duration,
) -> (String, std::thread::JoinHandle<Vec<u8>>) {
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let needle = needle.to_string();
    let handle = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        let mut sent = false;
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    all.extend_from_slice(&buf[..n]);
                    if !sent {
                        let text = String::from_utf8_lossy(&all);
                        if let Some(l) = text.lines().find(|l| l.contains(&needle)) {
                            let _ = tx.send(l.to_string());
                            sent = true;
                        }
                    }
                }
            }
        }
        if !sent {
            let _ = tx.send(String::new());
        }
        all
    });
    let line = rx.recv_timeout(timeout).unwrap_or_default();
    (line, handle)
}

/// The port in a `listening on 127.0.0.1:PORT` line or a JSON listening event.
pub fn port_of(line: &str) -> u16 {
    if line.starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        return v["local"]["port"].as_u64().expect("port") as u16;
    }
    let addr = line.split_whitespace().nth(2).expect("address");
    addr.rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port")
}

/// Whether a peer program is installed. Missing: a printed notice and a skip,
/// or a failure when SOCKX_REQUIRE_PEERS=1 (CI installs every peer).
pub fn have(program: &str) -> bool {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false);
    if !found {
        if required() {
            panic!("{program} is required (SOCKX_REQUIRE_PEERS=1) but not installed");
        }
        eprintln!("notice: {program} not installed; skipping this test");
    }
    found
}

pub fn required() -> bool {
    std::env::var("SOCKX_REQUIRE_PEERS").is_ok_and(|v| v == "1")
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Runs python3 code (the oracle) and returns its stdout, trimmed.
#[track_caller]
pub fn python(code: &str) -> String {
    let out = cmd("python3", ["-c", code]).run();
    assert_eq!(out.code, 0, "python failed: {}", out.err());
    out.out().trim_end().to_string()
}

/// A fresh temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "sockx-test-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("mkdir");
        TempDir(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A free TCP port on 127.0.0.1 (bound then released; good enough for tests
/// that cannot use port 0).
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

pub fn free_udp_port() -> u16 {
    let s = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    s.local_addr().expect("addr").port()
}

pub fn sha256(data: &[u8]) -> String {
    let out = cmd("sha256sum", Vec::<String>::new())
        .stdin(data.to_vec())
        .run();
    out.out()
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
pub fn random_bytes(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    let mut v = Vec::with_capacity(n + 8);
    while v.len() < n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.extend_from_slice(&x.to_le_bytes());
    }
    v.truncate(n);
    v
}

/// Waits until `f` returns true, up to `timeout`.
pub fn wait_until(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + timeout;
    while Instant::now() < end {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}
