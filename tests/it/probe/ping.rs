//! connect --ping in a namespace: open, closed, filtered, and SIGINT.

use serde_json::Value;

use super::{SETUP, available, in_ns};

/// connect --ping against an open, a closed and a filtered port; -c, -i, the
/// ping-style summary, JSON, the exit status; and an endless ping ended by
/// SIGINT (exit 0: some attempts connected).
#[test]
fn ping_open_closed_filtered() {
    if !available() {
        return;
    }
    let outs = in_ns(
        SETUP,
        &[
            "sockx connect --ping --count 3 -i 100ms 127.0.0.2 22",
            "sockx --json connect --ping --count 2 -i 50ms 127.0.0.2 23",
            "sockx --json connect --ping --count 2 -i 50ms -w 300ms 127.0.0.2 25",
            "sockx connect --ping -i 50ms 127.0.0.2:80 >\"$D/p\" & P=$!\n\
             for i in $(seq 1 400); do [ \"$(grep -c . \"$D/p\")\" -ge 3 ] && break; sleep 0.025; done\n\
             kill -INT $P; wait $P; rc=$?; cat \"$D/p\"; exit $rc",
        ],
    );
    let open = &outs[0];
    open.ok();
    let text = open.out();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{lines:?}");
    for (i, l) in lines[..3].iter().enumerate() {
        let want = format!("connected to 127.0.0.2:22 (127.0.0.2): seq={} time=", i + 1);
        assert!(l.starts_with(&want) && l.ends_with(" ms"), "{l}");
    }
    assert_eq!(lines[3], "--- 127.0.0.2:22 tcp connect statistics ---");
    assert!(
        lines[4].starts_with("3 attempts, 3 connected, 0 failed (0% failed), time "),
        "{}",
        lines[4]
    );
    assert!(
        lines[5].starts_with("rtt min/avg/max/mdev = "),
        "{}",
        lines[5]
    );
    // -i: three attempts 100 ms apart take at least 200 ms.
    let closed = &outs[1];
    closed.code(1);
    let (r, s) = closed.results();
    assert_eq!(r.len(), 2);
    for (i, a) in r.iter().enumerate() {
        assert_eq!(a["seq"], i as u64 + 1);
        assert_eq!(
            (&a["state"], &a["connected"], &a["error"]),
            (&"closed".into(), &false.into(), &"ECONNREFUSED".into())
        );
        assert!(a["rtt_ms"].is_number());
    }
    let s = s.expect("summary");
    assert_eq!(
        (&s["sent"], &s["ok"], &s["failed"]),
        (&2.into(), &0.into(), &2.into())
    );
    assert_eq!(s["min_ms"], Value::Null);
    let filtered = &outs[2];
    filtered.code(1);
    let (r, s) = filtered.results();
    assert!(
        r.iter()
            .all(|a| a["state"] == "filtered" && a["error"].is_null() && a["rtt_ms"].is_null()),
        "{r:?}"
    );
    let s = s.expect("summary");
    assert!(s["elapsed_s"].as_f64().unwrap() >= 0.55, "{s}");
    let endless = &outs[3];
    endless.ok();
    let text = endless.out();
    assert!(
        text.contains("connected to 127.0.0.2:80 (127.0.0.2): seq=3 "),
        "{text}"
    );
    assert!(
        text.contains("--- 127.0.0.2:80 tcp connect statistics ---"),
        "{text}"
    );
}
