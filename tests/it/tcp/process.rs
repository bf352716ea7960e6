//! Running programs for the tests: stdin from bytes, a pipe the test keeps,
//! a file or /dev/null; stdout to a pipe, a file (truncated or O_APPEND) or
//! /dev/null; stderr read line by line so a test can wait for a line. Every
//! process is killed by pid when dropped, and every wait is bounded.

use std::fs::File;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::super::util::{BIN, Out};

/// What a process reads on stdin.
pub enum In {
    /// A pipe fed with these bytes, then closed.
    Bytes(Vec<u8>),
    /// A pipe the test writes to itself (`Proc::stdin`).
    Open,
    /// A regular file.
    File(PathBuf),
    /// /dev/null.
    Null,
}

/// Where a process's stdout goes.
pub enum Sink {
    /// A pipe read by the test (`Out::stdout`).
    Capture,
    /// A regular file (truncated).
    File(PathBuf),
    /// A regular file opened O_APPEND (`>>`), which splice(2) refuses.
    Append(PathBuf),
    /// /dev/null.
    Null,
}

/// A running program with its stderr read line by line, killed by pid when
/// dropped.
pub struct Proc {
    child: Option<Child>,
    stdin: Option<ChildStdin>,
    feeder: Option<JoinHandle<()>>,
    stdout: Option<JoinHandle<Vec<u8>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    stderr_thread: Option<JoinHandle<()>>,
    lines: Receiver<String>,
    pub timeout: Duration,
}

impl Proc {
    pub fn start(program: &str, args: &[&str], stdin: In, stdout: Sink) -> Proc {
        let mut c = Command::new(program);
        c.args(args).env_remove("NO_COLOR");
        let mut feed = None;
        c.stdin(match stdin {
            In::Bytes(b) => {
                feed = Some(b);
                Stdio::piped()
            }
            In::Open => Stdio::piped(),
            In::File(p) => Stdio::from(File::open(&p).expect("open stdin file")),
            In::Null => Stdio::null(),
        });
        c.stdout(match &stdout {
            Sink::Capture => Stdio::piped(),
            Sink::File(p) => Stdio::from(File::create(p).expect("create stdout file")),
            Sink::Append(p) => Stdio::from(
                std::fs::OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(p)
                    .expect("open stdout file"),
            ),
            Sink::Null => Stdio::null(),
        });
        c.stderr(Stdio::piped());
        {
            use std::os::unix::process::CommandExt;
            // SAFETY: close_range(2) is async-signal-safe. Descriptors other
            // tests leaked (without O_CLOEXEC) while this one forked are marked
            // close-on-exec, so the child's first socket is fd 3, as the
            // trace tests expect.
            unsafe {
                c.pre_exec(|| {
                    libc::syscall(libc::SYS_close_range, 3u32, u32::MAX, 4u32);
                    Ok(())
                });
            }
        }
        let mut child = c.spawn().unwrap_or_else(|e| panic!("spawn {program}: {e}"));
        let mut pipe_in = child.stdin.take();
        // What fits in the pipe is written before start returns, so that it
        // is there before any peer connects (a listener whose stdin has
        // given nothing when the peer closes ends with the peer, by rule);
        // more is fed by a thread.
        let feeder = feed.and_then(|data| {
            let mut p = pipe_in.take().expect("stdin pipe");
            if data.len() <= 16 * 1024 {
                let _ = p.write_all(&data);
                return None;
            }
            Some(std::thread::spawn(move || {
                let _ = p.write_all(&data);
            }))
        });
        let stdout = child.stdout.take().map(|mut o| {
            std::thread::spawn(move || {
                let mut v = Vec::new();
                let _ = o.read_to_end(&mut v);
                v
            })
        });
        let (tx, lines) = channel();
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let mut e = child.stderr.take().expect("stderr pipe");
        let acc = stderr.clone();
        let stderr_thread = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            let mut pending = Vec::new();
            loop {
                match e.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        acc.lock().expect("lock").extend_from_slice(&buf[..n]);
                        pending.extend_from_slice(&buf[..n]);
                        while let Some(i) = pending.iter().position(|&b| b == b'\n') {
                            let line: Vec<u8> = pending.drain(..=i).collect();
                            let _ = tx.send(String::from_utf8_lossy(&line).trim_end().to_string());
                        }
                    }
                }
            }
        });
        Proc {
            child: Some(child),
            stdin: pipe_in,
            feeder,
            stdout,
            stderr,
            stderr_thread: Some(stderr_thread),
            lines,
            timeout: Duration::from_secs(30),
        }
    }

    /// sockx with these arguments.
    pub fn sockx(args: &[&str], stdin: In, stdout: Sink) -> Proc {
        Proc::start(BIN, args, stdin, stdout)
    }

    pub fn pid(&self) -> i32 {
        self.child.as_ref().map_or(0, |c| c.id() as i32)
    }

    /// The stdin pipe of an `In::Open` process.
    pub fn stdin(&mut self) -> &mut ChildStdin {
        self.stdin.as_mut().expect("stdin is not In::Open")
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits (bounded) for a stderr line containing `needle` and returns it.
    #[track_caller]
    pub fn line(&mut self, needle: &str) -> String {
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) if l.contains(needle) => return l,
                Ok(_) => {}
                Err(_) => panic!(
                    "no stderr line with {needle:?}; stderr so far: {:?}",
                    self.stderr_now()
                ),
            }
        }
    }

    /// stderr read so far.
    pub fn stderr_now(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().expect("lock")).into_owned()
    }

    pub fn signal(&self, sig: i32) {
        // SAFETY: a signal to our own child, by pid.
        unsafe { libc::kill(self.pid(), sig) };
    }

    /// Whether the process has ended (without reaping its output).
    pub fn exited(&mut self) -> bool {
        self.child
            .as_mut()
            .is_none_or(|c| c.try_wait().ok().flatten().is_some())
    }

    /// Closes stdin and waits (bounded by `timeout`, then killed: a failure).
    #[track_caller]
    pub fn finish(mut self) -> Out {
        self.stdin = None;
        self.finish_open()
    }

    /// Waits as `finish` does, with stdin left open until the process ends.
    #[track_caller]
    pub fn finish_open(mut self) -> Out {
        let mut child = self.child.take().expect("child");
        let end = Instant::now() + self.timeout;
        let status = loop {
            match child.try_wait().expect("wait") {
                Some(st) => break st,
                None if Instant::now() > end => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!(
                        "process did not end within {:?}; stderr {:?}",
                        self.timeout,
                        self.stderr_now()
                    );
                }
                None => std::thread::sleep(Duration::from_millis(5)),
            }
        };
        if let Some(f) = self.feeder.take() {
            let _ = f.join();
        }
        let stdout = self
            .stdout
            .take()
            .map(|t| t.join().unwrap_or_default())
            .unwrap_or_default();
        if let Some(t) = self.stderr_thread.take() {
            let _ = t.join();
        }
        self.stdin = None;
        use std::os::unix::process::ExitStatusExt;
        let code = status
            .code()
            .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
        Out {
            code,
            stdout,
            stderr: self.stderr.lock().expect("lock").clone(),
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
