//! The relay options shared by connect and listen (-C, --send-only,
//! --recv-only, -i, -o, --log-json, --frame) and connect's heartbeat, and
//! the one place they become the relay's `Shape` (checked together, no I/O).

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::parse;
use crate::error::{Error, Result};
use crate::net::relay::frame::{self, Kind};
use crate::net::relay::shape::{Heartbeat, Shape};

#[derive(Debug, Args, Default)]
pub struct RelayOpts {
    /// Send each LF from stdin as CRLF (as ncat -C)
    #[arg(short = 'C', long)]
    pub crlf: bool,

    /// Only send: never read the socket; end at stdin's EOF after shutdown(SHUT_WR)
    #[arg(long, conflicts_with = "recv_only")]
    pub send_only: bool,

    /// Only receive: never read stdin (and send no SHUT_WR, as ncat)
    #[arg(long)]
    pub recv_only: bool,

    /// Pause between lines sent from stdin (with --ping: between attempts, default 1s)
    #[arg(
        short = 'i',
        long,
        value_name = "DURATION",
        value_parser = parse::duration,
        long_help = "The pause between lines sent from stdin (as nc -i): each line is sent \
whole, then nothing is sent for DURATION (a line longer than 128 KiB goes in pieces \
of 128 KiB, the pause between them; --bufsize does not change that). The pause is \
sockx's own, not idleness: -w does not count it. With connect --ping, the time from \
one attempt's start to the next (default 1s). DURATION is seconds (0.5) or 500ms, 2s, \
1m."
    )]
    pub interval: Option<Duration>,

    /// Session log: both directions as a hex dump with direction marks and timestamps
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Session log as JSON Lines events (data in hex, t_us, unix_us)
    #[arg(long, value_name = "FILE")]
    pub log_json: Option<PathBuf>,

    /// Messages: each stdin line goes out as one, each one received comes out as a line
    #[arg(
        long,
        value_name = "KIND",
        value_parser = ["len32", "len16", "line"],
        long_help = "Messages on the byte stream. Each stdin line (without its newline) goes \
out as one message; each message received is written to stdout as one line. len32: a \
4-byte length in network byte order before the payload (Python: struct.pack('!I', \
len(m)) + m), len16: 2 bytes ('!H'), line: the payload and a newline. A message cut \
short by the peer's EOF, or announcing more than 16 MiB (len32), is an error (exit 1); \
a stdin line too long for one message is invalid input (exit 2). --trace shows each \
message beside the recv() and send() calls that carried it."
    )]
    pub frame: Option<String>,
}

#[derive(Debug, Args, Default)]
pub struct HeartbeatOpts {
    /// When idle for INTERVAL send a heartbeat; MISSES (default 3) unanswered: peer dead, exit 4
    #[arg(
        long,
        value_name = "INTERVAL[,MISSES]",
        value_parser = heartbeat,
        long_help = "Application heartbeat. When no byte has crossed the connection either way \
for INTERVAL, send --heartbeat-data; each further INTERVAL with nothing received since is \
a miss, and MISSES misses in a row (default 3) declare the peer dead: exit 4 with a \
message that names the heartbeat. Anything received clears the count (an echo server \
answers heartbeats naturally). Events heartbeat_sent, heartbeat_missed. Heartbeats stop \
at stdin's EOF (our direction is shut); misses are still counted. Unlike --keepalive \
(TCP probes, answered by the peer's kernel), a heartbeat needs the peer's program to answer."
    )]
    pub heartbeat: Option<(Duration, u32, String)>,

    /// The heartbeat's bytes (default "\n"; \n \r \t \\ \xNN escapes)
    #[arg(long, value_name = "TEXT", requires = "heartbeat")]
    pub heartbeat_data: Option<String>,
}

/// INTERVAL[,MISSES]: a duration above zero and a count of 1 to 1000.
fn heartbeat(s: &str) -> std::result::Result<(Duration, u32, String), String> {
    let (iv, misses) = match s.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let interval = parse::duration(iv)?;
    if interval.is_zero() {
        return Err("the interval must be above zero".into());
    }
    let misses = match misses {
        None => 3,
        Some(m) => match parse::count(m) {
            Ok(n) if n <= 1000 => n as u32,
            _ => return Err("MISSES must be a count from 1 to 1000".into()),
        },
    };
    Ok((interval, misses, s.to_string()))
}

/// The escapes of --heartbeat-data: \n \r \t \\ \xNN.
fn unescape(s: &str) -> Result<Vec<u8>> {
    let bad = || {
        Error::usage(parse::invalid(
            "--heartbeat-data",
            s,
            "use \\n \\r \\t \\\\ \\xNN",
        ))
    };
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let c = *b.get(i + 1).ok_or_else(bad)?;
        i += 2;
        out.push(match c {
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'\\' => b'\\',
            b'x' => {
                let h = s.get(i..i + 2).ok_or_else(bad)?;
                i += 2;
                u8::from_str_radix(h, 16).map_err(|_| bad())?
            }
            _ => return Err(bad()),
        });
    }
    Ok(out)
}

impl RelayOpts {
    /// A session log was asked for (the relay must see the bytes).
    pub fn logging(&self) -> bool {
        self.output.is_some() || self.log_json.is_some()
    }

    /// Any option here (so the echo server can refuse those it cannot honour).
    pub fn any_but_frame(&self) -> bool {
        self.crlf || self.send_only || self.recv_only || self.interval.is_some() || self.logging()
    }

    pub fn frame_kind(&self) -> Option<Kind> {
        self.frame.as_deref().map(|f| match f {
            "len32" => Kind::Len32,
            "len16" => Kind::Len16,
            _ => Kind::Line,
        })
    }

    /// The relay's shape; `hb` is connect's heartbeat.
    pub fn shape(&self, hb: Option<&HeartbeatOpts>, trace: bool) -> Result<Shape> {
        let frame = self.frame_kind();
        if self.crlf && matches!(frame, Some(Kind::Len32 | Kind::Len16)) {
            return Err(Error::usage(
                "-C ends lines with CRLF; --frame len32/len16 messages have no line end (use --frame line)",
            ));
        }
        if self.recv_only && (self.crlf || self.interval.is_some()) {
            return Err(Error::usage(
                "--recv-only never reads stdin: -C and -i have nothing to act on",
            ));
        }
        let heartbeat = match hb.and_then(|h| h.heartbeat.clone().map(|v| (v, h))) {
            None => None,
            Some(((interval, misses, spec), h)) => {
                if self.recv_only {
                    return Err(Error::usage(
                        "--heartbeat sends on the connection; --recv-only never sends",
                    ));
                }
                if self.send_only {
                    return Err(Error::usage(
                        "--heartbeat waits for an answer; --send-only never reads the socket",
                    ));
                }
                let text = match &h.heartbeat_data {
                    Some(t) => unescape(t)?,
                    None => b"\n".to_vec(),
                };
                if text.is_empty() || text.len() > 4096 {
                    return Err(Error::usage("--heartbeat-data takes 1 to 4096 bytes"));
                }
                let data = match frame {
                    // A heartbeat is one line, so one message.
                    Some(kind) => {
                        let line = text.strip_suffix(b"\n").unwrap_or(&text);
                        let mut out = Vec::new();
                        frame::encode(kind, line, self.crlf, &mut out).map_err(Error::usage)?;
                        out
                    }
                    None => text,
                };
                Some(Heartbeat {
                    interval,
                    misses,
                    data,
                    spec,
                })
            }
        };
        Ok(Shape {
            crlf: self.crlf,
            interval: self.interval,
            frame,
            send_only: self.send_only,
            recv_only: self.recv_only,
            heartbeat,
            trace_frames: trace && frame.is_some(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heartbeat_spec() {
        assert_eq!(
            heartbeat("2s,5").unwrap(),
            (Duration::from_secs(2), 5, "2s,5".into())
        );
        assert_eq!(heartbeat("500ms").unwrap().1, 3);
        assert!(heartbeat("0").is_err());
        assert!(heartbeat("1s,0").is_err());
        assert!(heartbeat("1s,x").is_err());
    }

    #[test]
    fn heartbeat_data_escapes() {
        assert_eq!(unescape("PING\\r\\n").unwrap(), b"PING\r\n");
        assert_eq!(unescape("\\x00\\\\").unwrap(), b"\x00\\");
        assert!(unescape("\\q").is_err());
        assert!(unescape("\\x4").is_err());
    }
}
