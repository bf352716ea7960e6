//! The prober's and `connect --ping`'s results on stdout, as they finish:
//! JSON Lines under --json (one object per port or attempt, then
//! `{"summary":{…}}`), lines in human mode. Buffered, and written out once
//! per batch (`Sink::flush`), so a 65,535-port scan makes a few hundred
//! writes, not 65,535. On a terminal, a progress line on stderr is redrawn
//! while a large scan runs. Every other event goes to stderr as usual.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use super::{Paint, escape};
use crate::event::{Event, Sink};
use crate::net::ping;
use crate::net::probe::{self, State};

/// Human: one line per port up to this many ports; above, the open ones.
pub const EVERY_PORT_UP_TO: usize = 20;

/// How long stdout may take the last results once a signal came.
const AFTER_SIGNAL: Duration = Duration::from_secs(2);

pub struct Results {
    buf: Vec<u8>,
    json: bool,
    /// Human: a line for every port (else the open ones only).
    every: bool,
    /// Human: the summary line of a scan.
    summary: bool,
    /// Probes expected, for the progress line (None: no progress line).
    progress: Option<(usize, Instant)>,
    done: usize,
    open: usize,
    /// The first error writing stdout; nothing more is written after it.
    pub error: Option<std::io::Error>,
}

impl Results {
    /// For a scan of `ports` ports × `probes` probes in all.
    pub fn scan(ports: usize, probes: usize) -> Results {
        let json = super::json();
        let large = ports > EVERY_PORT_UP_TO;
        let tty = !json && super::verbosity() >= 0 && std::io::stderr().is_terminal();
        Results {
            every: !large || super::verbosity() >= 1,
            summary: large,
            progress: (tty && large).then(|| (probes, Instant::now())),
            ..Results::ping()
        }
    }

    pub fn ping() -> Results {
        Results {
            buf: Vec::with_capacity(64 * 1024),
            json: super::json(),
            every: true,
            summary: true,
            progress: None,
            done: 0,
            open: 0,
            error: None,
        }
    }

    fn line(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
        self.buf.push(b'\n');
    }

    fn json_line<T: serde::Serialize>(&mut self, v: &T) {
        if escape::json_to_writer(&mut self.buf, v).is_ok() {
            self.buf.push(b'\n');
        }
    }

    fn tick(&mut self) {
        let Some((total, last)) = self.progress else {
            return;
        };
        let now = Instant::now();
        if now.duration_since(last) >= Duration::from_millis(250) {
            self.progress = Some((total, now));
            super::redraw_line(&format!(
                "probed {} of {total} ports, {} open",
                self.done, self.open
            ));
        }
    }
}

impl Sink for Results {
    fn event(&mut self, e: Event) {
        let p = super::paint_out();
        match e {
            Event::Probe(r) => {
                self.done += 1;
                self.open += usize::from(r.open);
                if self.json {
                    self.json_line(&r);
                } else if self.every || r.open {
                    self.line(&probe_line(&r, p));
                }
            }
            Event::ProbeSummary(s) => {
                if self.json {
                    self.json_line(&Summarised { summary: &s });
                } else if self.summary || s.interrupted {
                    self.line(&scan_summary(&s));
                }
            }
            Event::Ping(a) => {
                if self.json {
                    self.json_line(&a);
                } else {
                    self.line(&ping_line(&a, p));
                }
            }
            Event::PingSummary(s) => {
                if self.json {
                    self.json_line(&Summarised { summary: &s });
                } else {
                    for l in ping_summary(&s) {
                        self.line(&l);
                    }
                }
            }
            other => super::event(&other),
        }
    }

    fn is_open(&self) -> bool {
        self.error.is_none()
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() && self.error.is_none() {
            super::clear_redrawn();
            // After SIGINT the results so far and the summary still go out,
            // but a stopped reader cannot hold the exit up for long.
            if crate::sys::signal::pending().is_some() {
                let n =
                    crate::net::stdio::write_within(libc::STDOUT_FILENO, &self.buf, AFTER_SIGNAL);
                if n < self.buf.len() {
                    self.error = Some(std::io::Error::from_raw_os_error(libc::EINTR));
                }
            } else if let Err(e) = crate::net::stdio::write_all(libc::STDOUT_FILENO, &self.buf) {
                self.error = Some(e);
            }
        }
        self.buf.clear();
        self.tick();
    }
}

/// `{"summary":{…}}`, the fields in their declared order.
#[derive(serde::Serialize)]
struct Summarised<'a, T> {
    summary: &'a T,
}

fn rtt(ms: f64) -> String {
    format!("{ms:.2} ms")
}

fn probe_line(r: &probe::ProbeResult, p: &Paint) -> String {
    let who = if r.host == r.address {
        escape::text(&r.host).into_owned()
    } else {
        format!("{} ({})", escape::text(&r.host), r.address)
    };
    let detail = match (r.state, &r.error, r.rtt_ms) {
        (State::Open, _, Some(t)) => format!("{} ({})", p.good("open"), rtt(t)),
        (State::Open, _, None) => p.good("open"),
        (s, e, t) => {
            let mut why: Vec<String> = Vec::new();
            why.extend(e.clone());
            why.extend(t.map(rtt));
            if why.is_empty() {
                why.push("no answer".to_string());
            }
            format!("{} ({})", p.bad(s.name()), why.join(", "))
        }
    };
    format!("{who} port {} {detail}", r.port)
}

fn scan_summary(s: &probe::Summary) -> String {
    let on = if s.addresses.len() == 1 && s.addresses[0] == s.host {
        escape::text(&s.host).into_owned()
    } else {
        format!("{} ({})", escape::text(&s.host), s.addresses.join(", "))
    };
    let timeout =
        crate::event::show_duration(Duration::from_micros((s.timeout_ms * 1000.0) as u64));
    format!(
        "{} ports on {on}: {} open, {} closed, {} filtered (timeout {timeout}{}), {:.2} s{}",
        s.ports,
        s.open,
        s.closed,
        s.filtered,
        if s.adaptive { ", adaptive" } else { "" },
        s.elapsed_s,
        if s.interrupted {
            format!(", interrupted after {} probes", s.probed)
        } else {
            String::new()
        }
    )
}

/// `127.0.0.1:80`, `[::1]:80`, `localhost:80`.
fn host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{}]:{port}", escape::text(host))
    } else {
        format!("{}:{port}", escape::text(host))
    }
}

fn ping_line(a: &ping::Attempt, p: &Paint) -> String {
    let to = format!("{} ({})", host_port(&a.host, a.port), a.address);
    match (a.state, &a.error, a.rtt_ms) {
        (State::Open, _, t) => format!(
            "{} to {to}: seq={} time={}",
            p.good("connected"),
            a.seq,
            t.map_or("?".into(), rtt)
        ),
        (s, e, t) => format!(
            "{} {to}: seq={} {}{}",
            p.bad(s.name()),
            a.seq,
            e.as_deref().unwrap_or("no answer"),
            t.map(|t| format!(" time={}", rtt(t))).unwrap_or_default()
        ),
    }
}

fn ping_summary(s: &ping::Summary) -> Vec<String> {
    let pct = if s.sent == 0 {
        0.0
    } else {
        s.failed as f64 * 100.0 / s.sent as f64
    };
    let mut out = vec![
        format!(
            "--- {} tcp connect statistics ---",
            host_port(&s.host, s.port)
        ),
        format!(
            "{} attempts, {} connected, {} failed ({pct:.0}% failed), time {:.2} s",
            s.sent, s.ok, s.failed, s.elapsed_s
        ),
    ];
    if let (Some(a), Some(b), Some(c), Some(d)) = (s.min_ms, s.avg_ms, s.max_ms, s.mdev_ms) {
        out.push(format!(
            "rtt min/avg/max/mdev = {a:.3}/{b:.3}/{c:.3}/{d:.3} ms"
        ));
    }
    out
}
