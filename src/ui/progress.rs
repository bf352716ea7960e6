//! `--progress`: bytes each way and the current rate, on stderr — redrawn in
//! place while stderr is a terminal (like pv), one summary line at the end
//! otherwise, and `progress` events under --json. The data path asks `due()`
//! (one clock read) and only formats when a redraw is due.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use super::event::human_bytes;
use super::{Event, err_line};
use crate::ui;

pub struct Progress {
    start: Instant,
    last: Instant,
    last_in: u64,
    last_out: u64,
    tty: bool,
    json: bool,
    every: Duration,
    drew: bool,
    /// A label for a datagram count (udp-recv, udp-send), if counted.
    unit: Option<&'static str>,
}

impl Progress {
    pub fn new(unit: Option<&'static str>) -> Progress {
        let now = Instant::now();
        let json = ui::json();
        let tty = !json && std::io::stderr().is_terminal();
        Progress {
            start: now,
            last: now,
            last_in: 0,
            last_out: 0,
            tty,
            json,
            every: if tty {
                Duration::from_millis(250)
            } else {
                Duration::from_secs(1)
            },
            drew: false,
            unit,
        }
    }

    /// How long until the next redraw (for poll timeouts); None when only a
    /// final line will be printed.
    pub fn next_in(&self, now: Instant) -> Option<Duration> {
        if !self.tty && !self.json {
            return None;
        }
        Some((self.last + self.every).saturating_duration_since(now))
    }

    pub fn due(&self, now: Instant) -> bool {
        (self.tty || self.json) && now >= self.last + self.every
    }

    fn rate(bytes: u64, secs: f64) -> u64 {
        if secs <= 0.0 {
            0
        } else {
            (bytes as f64 / secs) as u64
        }
    }

    fn line(
        &self,
        bytes_in: u64,
        bytes_out: u64,
        rate_in: u64,
        rate_out: u64,
        count: Option<u64>,
    ) -> String {
        let mut s = format!(
            "in {} ({}/s)  out {} ({}/s)",
            human_bytes(bytes_in),
            human_bytes(rate_in),
            human_bytes(bytes_out),
            human_bytes(rate_out)
        );
        if let (Some(u), Some(c)) = (self.unit, count) {
            s.push_str(&format!("  {c} {u}"));
        }
        s
    }

    /// Redraws (terminal) or emits an event (JSON) when due.
    pub fn tick(&mut self, now: Instant, bytes_in: u64, bytes_out: u64, count: Option<u64>) {
        if !self.due(now) {
            return;
        }
        let secs = now.duration_since(self.last).as_secs_f64();
        let rate_in = Self::rate(bytes_in - self.last_in, secs);
        let rate_out = Self::rate(bytes_out - self.last_out, secs);
        self.last = now;
        self.last_in = bytes_in;
        self.last_out = bytes_out;
        if self.json {
            ui::event(&Event::Progress {
                bytes_in,
                bytes_out,
                rate_in,
                rate_out,
            });
        } else {
            let line = self.line(bytes_in, bytes_out, rate_in, rate_out, count);
            let _ = std::io::Write::write_all(
                &mut std::io::stderr().lock(),
                format!("\r\x1b[K{line}").as_bytes(),
            );
            self.drew = true;
        }
    }

    /// The final state: a last redraw and newline on a terminal, a summary
    /// line otherwise, a last event under --json. Rates are averages.
    pub fn finish(&mut self, bytes_in: u64, bytes_out: u64, count: Option<u64>) {
        let secs = self.start.elapsed().as_secs_f64();
        let (rate_in, rate_out) = (Self::rate(bytes_in, secs), Self::rate(bytes_out, secs));
        if self.json {
            ui::event(&Event::Progress {
                bytes_in,
                bytes_out,
                rate_in,
                rate_out,
            });
            return;
        }
        let line = format!(
            "{} in {:.2} s",
            self.line(bytes_in, bytes_out, rate_in, rate_out, count),
            secs
        );
        if self.tty {
            let _ = std::io::Write::write_all(
                &mut std::io::stderr().lock(),
                format!("\r\x1b[K{line}\n").as_bytes(),
            );
        } else {
            err_line(&line);
        }
    }
}
