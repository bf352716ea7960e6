//! The six result commands (byteorder, hostname, fqdn, getaddrinfo, resolve,
//! sockopt) against python3's socket module as the oracle, plus what they
//! share: --trace, global options, colour and a closed stdout.
//!
//! Every name lookup runs inside the hermetic namespace (`netns::run`);
//! outside it only numeric addresses are used. An oracle is a python script
//! that gets its cases as a JSON file and prints one JSON document, so a whole
//! table of cases costs one python start.

use serde_json::Value;

use super::netns;
use super::util::{Out, TempDir, cmd, python, sockx};

mod byteorder;
mod getaddrinfo;
mod names;
mod output;
mod resolve;
mod sockopt;

/// A word quoted for sh: `it's` → `'it'\''s'`.
pub fn sq(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The shell command line `sockx ARGS…` for `netns::run` (where `sockx` is on PATH).
pub fn sockx_sh(args: &[&str]) -> String {
    std::iter::once("sockx".to_string())
        .chain(args.iter().map(|a| sq(a)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A python oracle: the script and its JSON input written to a temporary
/// directory (visible inside the namespace too), and the command running it.
pub struct Oracle {
    _dir: TempDir,
    /// `python3 'script.py' 'input.json'`.
    pub sh: String,
}

impl Oracle {
    pub fn new(tag: &str, script: &str, input: &Value) -> Oracle {
        let dir = TempDir::new(tag);
        let py = dir.path().join("oracle.py");
        let js = dir.path().join("input.json");
        std::fs::write(&py, script).expect("write oracle");
        std::fs::write(&js, input.to_string()).expect("write oracle input");
        let sh = format!(
            "python3 {} {}",
            sq(&py.display().to_string()),
            sq(&js.display().to_string())
        );
        Oracle { _dir: dir, sh }
    }

    /// Runs the oracle here (for cases that resolve no names).
    #[track_caller]
    pub fn run_here(&self) -> Value {
        oracle_json(&cmd("sh", ["-c", &self.sh]).run())
    }
}

/// The oracle's stdout as JSON (it must have succeeded).
#[track_caller]
pub fn oracle_json(out: &Out) -> Value {
    assert_eq!(out.code, 0, "python oracle failed: {}", out.err());
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("oracle output is not JSON ({e}): {}", out.out()))
}

/// Exit status the spec (§2) gives a getaddrinfo error code.
pub fn gai_exit(eai: &str) -> i32 {
    match eai {
        "EAI_NONAME" | "EAI_NODATA" | "EAI_AGAIN" | "EAI_FAIL" => 3,
        "EAI_SERVICE" | "EAI_SOCKTYPE" | "EAI_FAMILY" | "EAI_BADFLAGS" | "EAI_ADDRFAMILY" => 2,
        _ => 1,
    }
}

/// The text without ANSI escape sequences (CSI … final byte).
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if ('@'..='~').contains(&d) {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn byteorder_matches_python_htons_htonl() {
    for v in [
        "0x1234",
        "4660",
        "0",
        "65535",
        "0x12345678",
        "80",
        "0b1010",
        "0o777",
        "4294967295",
    ] {
        let out = sockx(["--json", "byteorder", v]).run();
        out.ok();
        let j = out.json();
        let oracle = python(&format!(
            "import socket,struct\nv={v}\nbits=16 if v<=0xffff else 32\n\
             f,p=(socket.htons,'H') if bits==16 else (socket.htonl,'I')\n\
             print(v,bits,f(v),struct.pack('='+p,v).hex(),struct.pack('!'+p,v).hex(),\
             'little' if struct.pack('=H',1)==b'\\x01\\x00' else 'big')"
        ));
        let got = format!(
            "{} {} {} {} {} {}",
            j["value"],
            j["bits"],
            j["hton"],
            j["host_bytes"].as_str().unwrap(),
            j["network_bytes"].as_str().unwrap(),
            j["host_order"].as_str().unwrap()
        );
        assert_eq!(got, oracle, "byteorder {v}");
    }
}

#[test]
fn resolve_in_hermetic_dns() {
    if !netns::available() {
        return;
    }
    let outs = netns::run(&[
        "sockx --json resolve www.example.test",
        "python3 -c 'import socket,json; print(json.dumps(socket.gethostbyname_ex(\"www.example.test\")))'",
    ]);
    outs[0].ok();
    let j = outs[0].json();
    let py: serde_json::Value = serde_json::from_slice(&outs[1].stdout).expect("python json");
    assert_eq!(j["hostname"], py[0]);
    assert_eq!(j["aliases"], py[1]);
    assert_eq!(j["addresses"], py[2]);
    assert_eq!(j["hostname"], "web.example.test");
}
