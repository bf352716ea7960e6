//! --trace-time: the times on trace lines and events, as `strace -r -T`
//! shows them. Each line gets the time since sockx started and since the
//! previous line; a call also gets how long it took (`trace` stamps its
//! start). Nothing here runs unless the option is on.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

static START: OnceLock<Instant> = OnceLock::new();
/// The previous line's time since the start, in µs.
static PREV_US: AtomicU64 = AtomicU64::new(0);

/// Sets the time every stamp counts from (at start-up, once).
pub fn start() {
    let _ = START.set(Instant::now());
}

/// A traced call's start and how long it took.
#[derive(Debug, Clone, Copy)]
pub struct Call {
    pub start: Instant,
    pub dur: Duration,
}

/// One line's times, in µs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    /// Since the start (for a call, when it began).
    pub t_us: u64,
    /// Since the previous line's `t_us`.
    pub delta_us: u64,
    /// How long the call took (calls only, when its start was stamped).
    pub dur_us: Option<u64>,
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// The times of a line being written now (or of `call`, which began earlier).
pub fn times(call: Option<Call>) -> Times {
    let start = *START.get_or_init(Instant::now);
    let at = call.map_or_else(Instant::now, |c| c.start);
    let t_us = micros(at.saturating_duration_since(start));
    let prev = PREV_US.swap(t_us, Ordering::Relaxed);
    Times {
        t_us,
        delta_us: t_us.saturating_sub(prev),
        dur_us: call.map(|c| micros(c.dur)),
    }
}

/// Adds `"t_us":N,"delta_us":N[,"dur_us":N]` to a JSON object.
pub fn splice_json(obj: &mut String, t: &Times) {
    if !obj.ends_with('}') {
        return;
    }
    obj.pop();
    let sep = if obj.ends_with('{') { "" } else { "," };
    obj.push_str(&format!(
        "{sep}\"t_us\":{},\"delta_us\":{}",
        t.t_us, t.delta_us
    ));
    if let Some(d) = t.dur_us {
        obj.push_str(&format!(",\"dur_us\":{d}"));
    }
    obj.push('}');
}

fn secs(us: u64) -> String {
    format!("{}.{:06}", us / 1_000_000, us % 1_000_000)
}

/// `   0.012345 +0.000051 TEXT <0.000040>`: the first line stamped (a
/// continuation, such as a hex dump, stays as it is) and a call's duration
/// at the end of its line.
pub fn human(text: &str, t: &Times) -> String {
    let (first, rest) = match text.split_once('\n') {
        Some((f, r)) => (f, Some(r)),
        None => (text, None),
    };
    let mut s = format!("{:>11} +{} {first}", secs(t.t_us), secs(t.delta_us));
    if let Some(d) = t.dur_us {
        s.push_str(&format!(" <{}>", secs(d)));
    }
    if let Some(r) = rest {
        s.push('\n');
        s.push_str(r);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let t = Times {
            t_us: 1_012_345,
            delta_us: 51,
            dur_us: Some(50_300),
        };
        assert_eq!(
            human("connect(3, ('127.0.0.1', 9)) = 0", &t),
            "   1.012345 +0.000051 connect(3, ('127.0.0.1', 9)) = 0 <0.050300>"
        );
        let mut j = "{\"event\":\"call\"}".to_string();
        splice_json(&mut j, &t);
        assert_eq!(
            j,
            "{\"event\":\"call\",\"t_us\":1012345,\"delta_us\":51,\"dur_us\":50300}"
        );
        let mut e = "{}".to_string();
        splice_json(&mut e, &Times { dur_us: None, ..t });
        assert_eq!(e, "{\"t_us\":1012345,\"delta_us\":51}");
    }
}
