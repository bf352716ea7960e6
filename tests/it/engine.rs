//! The engine core's promises that the relay table does not cover: an
//! O_NONBLOCK stdin is waited on, never spun on, and its EAGAIN is never a
//! timeout (udp-send line and --raw modes, connect); SIGINT is seen while
//! stderr is blocked (a paused pager) and while data flows on the copy path.
//! Each scenario is driven by python3, which makes the non-blocking pipe,
//! the UDP/TCP peer, and measures sockx's CPU time from /proc.

use super::util::{BIN, cmd};

/// Runs a python3 scenario with SOCKX set to the binary; its stdout must
/// end with "OK", anything else is the failure's story.
fn scenario(code: &str) {
    let out = cmd("python3", ["-c", code])
        .env("SOCKX", BIN)
        .timeout(std::time::Duration::from_secs(60))
        .run();
    let so = out.out();
    assert!(
        so.trim_end().ends_with("OK"),
        "stdout:\n{so}\nstderr:\n{}",
        out.err()
    );
}

const PRELUDE: &str = r#"
import os, sys, time, socket, fcntl, subprocess, signal
SOCKX = os.environ["SOCKX"]
def nonblocking_pipe():
    r, w = os.pipe()
    fl = fcntl.fcntl(r, fcntl.F_GETFL)
    fcntl.fcntl(r, fcntl.F_SETFL, fl | os.O_NONBLOCK)
    return r, w
def cpu_seconds(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
"#;

/// udp-send reading lines from an O_NONBLOCK stdin that is empty at first:
/// it waits (no exit 4 "timed out" from EAGAIN), sends each line, exit 0.
/// (It used to fail at once with EAGAIN, exit 4.)
#[test]
fn udp_send_lines_wait_on_a_nonblocking_stdin() {
    scenario(&format!(
        "{PRELUDE}{}",
        r#"
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0)); u.settimeout(20)
r, w = nonblocking_pipe()
p = subprocess.Popen([SOCKX, "udp-send", "127.0.0.1", str(u.getsockname()[1])], stdin=r, stderr=subprocess.PIPE)
os.close(r)
time.sleep(0.5)
os.write(w, b"one\ntw")
time.sleep(0.3)
os.write(w, b"o\nthree")
os.close(w)
got = [u.recv(100) for _ in range(3)]
rc = p.wait(20)
err = p.stderr.read().decode()
assert got == [b"one", b"two", b"three"], got
assert rc == 0, (rc, err)
print("OK")
"#
    ));
}

/// udp-send --raw with an empty O_NONBLOCK stdin does not spin: over a
/// second of waiting it uses a small fraction of a CPU second (it used to
/// burn 76-100 % of a CPU).
#[test]
fn udp_send_raw_does_not_spin_on_a_nonblocking_stdin() {
    scenario(&format!(
        "{PRELUDE}{}",
        r#"
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0)); u.settimeout(20)
r, w = nonblocking_pipe()
p = subprocess.Popen([SOCKX, "udp-send", "--raw", "127.0.0.1", str(u.getsockname()[1])], stdin=r)
os.close(r)
time.sleep(0.3)
before = cpu_seconds(p.pid)
time.sleep(1.5)
spent = cpu_seconds(p.pid) - before
os.write(w, b"payload")
assert u.recv(100) == b"payload"
os.close(w)
rc = p.wait(20)
assert rc == 0, rc
assert spent < 0.5, f"spun: {spent:.2f} s of CPU in 1.5 s idle"
print("OK")
"#
    ));
}

/// connect with an O_NONBLOCK stdin that starts empty: every byte arrives,
/// exit 0, and no CPU is burnt while stdin is idle.
#[test]
fn connect_waits_on_a_nonblocking_stdin() {
    scenario(&format!(
        "{PRELUDE}{}",
        r#"
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
r, w = nonblocking_pipe()
p = subprocess.Popen([SOCKX, "connect", "127.0.0.1", str(s.getsockname()[1])], stdin=r, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
os.close(r)
c, _ = s.accept(); c.settimeout(20)
time.sleep(0.3)
before = cpu_seconds(p.pid)
time.sleep(1.0)
spent = cpu_seconds(p.pid) - before
data = os.urandom(300000)
os.write(w, data[:1000]); time.sleep(0.1)
fcntl.fcntl(w, fcntl.F_SETFL, 0)
os.write(w, data[1000:]); os.close(w)
got = b""
while True:
    b = c.recv(65536)
    if not b: break
    got += b
c.sendall(b"reply"); c.close()
out, err = p.communicate(timeout=20)
assert got == data, (len(got), len(data))
assert out == b"reply", out
assert p.returncode == 0, (p.returncode, err)
assert spent < 0.5, f"spun: {spent:.2f} s"
print("OK")
"#
    ));
}

/// SIGINT while stderr is a pipe nobody reads (a paused pager) and the
/// trace keeps writing to it: exit 130 within seconds, and what arrived is
/// an exact prefix on stdout. (It used to retry the blocked write forever.)
#[test]
fn sigint_is_seen_while_stderr_is_blocked() {
    scenario(&format!(
        "{PRELUDE}{}",
        r#"
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
err_r, err_w = os.pipe()   # never read
p = subprocess.Popen([SOCKX, "--trace", "connect", "127.0.0.1", str(s.getsockname()[1])],
                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err_w)
os.close(err_w)
c, _ = s.accept()
c.setblocking(False)
chunk = bytes(range(256)) * 16
sent = b""
deadline = time.time() + 3
while time.time() < deadline:      # fill stderr's pipe with trace lines
    try:
        n = c.send(chunk); sent += chunk[:n]
    except BlockingIOError:
        time.sleep(0.01)
p.send_signal(signal.SIGINT)
t = time.time()
import threading
box = {}
th = threading.Thread(target=lambda: box.setdefault("out", p.stdout.read())); th.start()
try:
    rc = p.wait(10)
except subprocess.TimeoutExpired:
    p.kill(); print("not ended 10 s after SIGINT"); sys.exit(1)
th.join(10)
took = time.time() - t
out = box.get("out", b"")
assert rc == 130, rc
assert sent.startswith(out), "stdout is not a prefix of what was sent"
assert took < 5, took
print("OK")
"#
    ));
}

/// SIGTERM during a continuous flow on the copy path (--bufsize 1, -x):
/// exit 143 promptly; the loop looks at signals on every turn.
#[test]
fn sigterm_is_seen_during_a_continuous_flow() {
    for extra in [&["--bufsize", "1"][..], &["-x"][..]] {
        let args: Vec<String> = extra.iter().map(|s| format!("{s:?}")).collect();
        scenario(&format!(
            "{PRELUDE}EXTRA = [{}]\n{}",
            args.join(", "),
            r#"
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
p = subprocess.Popen([SOCKX, "connect", *EXTRA, "127.0.0.1", str(s.getsockname()[1])],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
c, _ = s.accept(); c.setblocking(False)
chunk = b"x" * 4096
end = time.time() + 1
while time.time() < end:
    try: c.send(chunk)
    except BlockingIOError: time.sleep(0.001)
p.send_signal(signal.SIGTERM)
t = time.time()
try:
    rc = p.wait(10)
except subprocess.TimeoutExpired:
    p.kill(); print("not ended 10 s after SIGTERM"); sys.exit(1)
assert rc == 143, rc
assert time.time() - t < 5
print("OK")
"#
        ));
    }
}
