//! `--progress`: bytes each way and the current rate, on stderr — redrawn in
//! place while stderr is a terminal (like pv), one summary line at the end
//! otherwise, and `progress` events under --json. Never on stdout.
//!
//! The data path calls `tick` once per loop iteration with a clock reading
//! it already has: `tick` compares two instants and returns unless a redraw
//! is due (every 250 ms on a terminal, every second under --json), so the
//! relay pays no formatting or write per chunk.

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
    /// A label for a datagram count (udp-recv, udp-send), if counted.
    unit: Option<&'static str>,
    /// Whether the human line shows the incoming direction (udp-send
    /// without --wait receives nothing: "in 0 B" would be noise).
    show_in: bool,
}

impl Progress {
    pub fn new(unit: Option<&'static str>) -> Progress {
        let json = ui::json();
        Progress::with(unit, json, !json && std::io::stderr().is_terminal())
    }

    fn with(unit: Option<&'static str>, json: bool, tty: bool) -> Progress {
        let now = Instant::now();
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
            unit,
            show_in: true,
        }
    }

    /// The human line shows only what was sent.
    pub fn out_only(mut self) -> Progress {
        self.show_in = false;
        self
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

    /// `in 1.5 MiB (300.0 KiB/s)  out 0 B (0 B/s)  12 datagrams`.
    fn line(
        &self,
        bytes_in: u64,
        bytes_out: u64,
        rate_in: u64,
        rate_out: u64,
        count: Option<u64>,
    ) -> String {
        let mut s = if self.show_in {
            format!(
                "in {} ({}/s)  ",
                human_bytes(bytes_in),
                human_bytes(rate_in)
            )
        } else {
            String::new()
        };
        s.push_str(&format!(
            "out {} ({}/s)",
            human_bytes(bytes_out),
            human_bytes(rate_out)
        ));
        if let (Some(u), Some(c)) = (self.unit, count) {
            s.push_str(&format!("  {c} {u}"));
        }
        s
    }

    fn event(&self, bytes_in: u64, bytes_out: u64, rates: (u64, u64), count: Option<u64>) {
        ui::event(&Event::Progress {
            bytes_in,
            bytes_out,
            rate_in: rates.0,
            rate_out: rates.1,
            datagrams: self.unit.and(count),
        });
    }

    /// Redraws (terminal) or emits an event (JSON) when due.
    pub fn tick(&mut self, now: Instant, bytes_in: u64, bytes_out: u64, count: Option<u64>) {
        if !self.due(now) {
            return;
        }
        let secs = now.duration_since(self.last).as_secs_f64();
        let rate_in = Self::rate(bytes_in.saturating_sub(self.last_in), secs);
        let rate_out = Self::rate(bytes_out.saturating_sub(self.last_out), secs);
        self.last = now;
        self.last_in = bytes_in;
        self.last_out = bytes_out;
        if self.json {
            self.event(bytes_in, bytes_out, (rate_in, rate_out), count);
        } else {
            let line = self.line(bytes_in, bytes_out, rate_in, rate_out, count);
            ui::redraw_line(&line);
        }
    }

    /// The final state: a last redraw and newline on a terminal, a summary
    /// line otherwise, a last event under --json. Rates are averages.
    pub fn finish(&mut self, bytes_in: u64, bytes_out: u64, count: Option<u64>) {
        let secs = self.start.elapsed().as_secs_f64();
        let rates = (Self::rate(bytes_in, secs), Self::rate(bytes_out, secs));
        if self.json {
            self.event(bytes_in, bytes_out, rates, count);
            return;
        }
        let line = self.summary(bytes_in, bytes_out, rates, count, secs);
        // On a terminal err_line first clears the line being redrawn.
        err_line(&line);
    }

    fn summary(
        &self,
        bytes_in: u64,
        bytes_out: u64,
        rates: (u64, u64),
        count: Option<u64>,
        secs: f64,
    ) -> String {
        format!(
            "{}  {secs:.2} s",
            self.line(bytes_in, bytes_out, rates.0, rates.1, count)
        )
    }
}

impl crate::event::Meter for Progress {
    fn next_in(&self, now: Instant) -> Option<Duration> {
        Progress::next_in(self, now)
    }
    fn tick(&mut self, now: Instant, bytes_in: u64, bytes_out: u64, count: Option<u64>) {
        Progress::tick(self, now, bytes_in, bytes_out, count)
    }
    fn finish(&mut self, bytes_in: u64, bytes_out: u64, count: Option<u64>) {
        Progress::finish(self, bytes_in, bytes_out, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_shows_both_directions_rates_and_count() {
        let p = Progress::with(Some("datagrams"), false, false);
        assert_eq!(
            p.line(1536, 0, 3 << 20, 0, Some(3)),
            "in 1.5 KiB (3.0 MiB/s)  out 0 B (0 B/s)  3 datagrams"
        );
        let sender = Progress::with(Some("datagrams sent"), false, false).out_only();
        assert_eq!(
            sender.line(0, 40, 0, 44, Some(10)),
            "out 40 B (44 B/s)  10 datagrams sent"
        );
        let tcp = Progress::with(None, false, false);
        assert_eq!(
            tcp.summary(10, 20, (5, 10), None, 2.0),
            "in 10 B (5 B/s)  out 20 B (10 B/s)  2.00 s"
        );
    }

    #[test]
    fn redraws_only_when_due_and_only_for_a_terminal_or_json() {
        let t0 = Instant::now();
        let tty = Progress::with(None, false, true);
        assert!(!tty.due(t0));
        assert!(tty.due(t0 + Duration::from_millis(300)));
        assert_eq!(tty.next_in(tty.start), Some(Duration::from_millis(250)));
        // A pipe or file gets one summary line at the end, nothing before.
        let pipe = Progress::with(None, false, false);
        assert!(!pipe.due(t0 + Duration::from_secs(10)));
        assert_eq!(pipe.next_in(t0), None);
        let json = Progress::with(None, true, false);
        assert!(json.due(json.start + Duration::from_secs(1)));
    }
}
