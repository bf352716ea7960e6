//! connect -z in a namespace: every state, the summary, nmap's agreement,
//! --concurrency, RLIMIT_NOFILE, SIGINT mid-scan, the ephemeral range, -s,
//! every address of a name, the progress line.

use serde_json::Value;

use super::super::util::have;
use super::{OPEN, SETUP, available, in_ns, open_ports, states};

/// Every state, named by the call that decided it; the summary; nmap -sT
/// agrees on the open ports; --concurrency 1 finds the same; a 64-descriptor
/// RLIMIT_NOFILE finds the same (and -v says the concurrency was lowered);
/// the human form of a large scan is the open ports and a summary line.
#[test]
fn every_state_in_a_namespace() {
    if !available() {
        return;
    }
    let ports = "1-1024,8080";
    let outs = in_ns(
        SETUP,
        &[
            &format!("sockx --json connect -z -w 1s 127.0.0.2 {ports}"),
            &format!("sockx --json connect -z -w 500ms --concurrency 1 127.0.0.2 {ports}"),
            &format!(
                "prlimit --nofile=64:64 sockx --json connect -z -w 500ms 127.0.0.2 {ports} && exit 9; \
                 prlimit --nofile=64:64 sockx -v connect -z -w 500ms 127.0.0.2 1-300 >/dev/null"
            ),
            &format!("sockx connect -z -w 1s 127.0.0.2 {ports}"),
            &format!("nmap -sT -Pn -n -p {ports} 127.0.0.2"),
            "sockx connect -z -w 1s 127.0.0.2 22,23,25,136",
            "sockx --json connect -z 127.0.0.2 22,25",
            "sockx --json connect -z 127.0.0.2 22,80,8080",
        ],
    );
    let n = 1025;
    // 1. The default: every state.
    let main = &outs[0];
    main.code(1);
    let m = states(main);
    assert_eq!(m.len(), n);
    assert_eq!(open_ports(&m), OPEN);
    for (port, (state, error)) in &m {
        let want = match port {
            22 | 80 | 8080 => ("open", Value::Null),
            25 | 135 => ("filtered", Value::Null),
            136 => ("filtered", Value::from("EHOSTUNREACH")),
            _ => ("closed", Value::from("ECONNREFUSED")),
        };
        assert_eq!((state.as_str(), error), (want.0, &want.1), "port {port}");
    }
    let (_, summary) = main.results();
    let s = summary.expect("a summary");
    assert_eq!(
        (
            &s["ports"],
            &s["probed"],
            &s["open"],
            &s["closed"],
            &s["filtered"]
        ),
        (&n.into(), &n.into(), &3.into(), &(n - 6).into(), &3.into()),
        "{s}"
    );
    assert_eq!(s["interrupted"], false);
    assert_eq!(s["adaptive"], false);
    assert_eq!(s["timeout_ms"], 1000.0);
    assert_eq!(s["addresses"], serde_json::json!(["127.0.0.2"]));
    // 2. One at a time: the same answer.
    outs[1].code(1);
    assert_eq!(states(&outs[1]), m);
    // 3. 64 descriptors: the same answer, a lower concurrency said under -v.
    let low = &outs[2];
    low.code(1);
    assert_eq!(states(low), m);
    let (_, s) = low.results();
    let c = s.expect("summary")["concurrency"].as_u64().unwrap();
    assert!((1..=48).contains(&c), "concurrency {c} with 64 descriptors");
    assert!(low.err().contains("lowered to 48"), "{}", low.err());
    // 4. Human, more than 20 ports: the open ones, then the summary.
    let human = &outs[3];
    human.code(1);
    let text = human.out();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    let mut opened: Vec<&str> = lines[..3].to_vec();
    opened.sort();
    for (l, p) in opened.iter().zip([
        "127.0.0.2 port 22 open (",
        "127.0.0.2 port 80 open (",
        "127.0.0.2 port 8080 open (",
    ]) {
        assert!(l.starts_with(p) && l.ends_with(" ms)"), "{l}");
    }
    assert!(
        lines[3]
            .starts_with("1025 ports on 127.0.0.2: 3 open, 1019 closed, 3 filtered (timeout 1s), "),
        "{}",
        lines[3]
    );
    // 5. nmap's connect scan finds the same open ports.
    if outs[4].code == 0 {
        let nmap: Vec<u64> = outs[4]
            .out()
            .lines()
            .filter_map(|l| {
                let (p, rest) = l.split_once("/tcp")?;
                (rest.split_whitespace().next()? == "open").then_some(())?;
                p.parse().ok()
            })
            .collect();
        assert_eq!(nmap, OPEN, "{}", outs[4].out());
    } else {
        eprintln!("notice: nmap did not run: {}", outs[4].err());
    }
    // 6. Human, up to 20 ports: a line for each, with what decided it.
    let few = &outs[5];
    few.code(1);
    let mut lines: Vec<String> = few.out().lines().map(String::from).collect();
    lines.sort();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(
        lines[0].starts_with("127.0.0.2 port 136 filtered (EHOSTUNREACH, "),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("127.0.0.2 port 22 open ("),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("127.0.0.2 port 23 closed (ECONNREFUSED, "),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3], "127.0.0.2 port 25 filtered (no answer)");
    // 7. Without -w the timeout adapts: at least 250 ms, at most 3 s.
    let adaptive = &outs[6];
    adaptive.code(1);
    let (_, s) = adaptive.results();
    let s = s.expect("summary");
    assert_eq!(s["adaptive"], true);
    let t = s["timeout_ms"].as_f64().unwrap();
    assert!((250.0..=3000.0).contains(&t), "{t}");
    assert!(s["elapsed_s"].as_f64().unwrap() >= 0.24, "{s}");
    assert_eq!(states(adaptive)[&25].0, "filtered");
    // 8. Every port open: exit 0.
    outs[7].ok();
}

/// A SIGINT mid-scan: every result so far is on stdout, well formed, then
/// the summary (interrupted), and the exit status is 130.
#[test]
fn interrupted_scan_keeps_its_results() {
    if !available() {
        return;
    }
    let setup = r#"$IPT -A INPUT -i lo -d 127.0.0.2 -p tcp --dport 1000:1100 -j DROP || exit 97"#;
    let run = |args: &str| {
        format!(
            "sockx {args} >\"$D/scan\" 2>\"$D/scan.err\" & P=$!\n\
             for i in $(seq 1 800); do [ \"$(grep -c . \"$D/scan\")\" -ge {{N}} ] && break; sleep 0.025; done\n\
             kill -INT $P; wait $P; rc=$?; cat \"$D/scan\"; cat \"$D/scan.err\" >&2; exit $rc"
        )
    };
    let json = run("--json connect -z -w 10s --concurrency 10 127.0.0.2 1-999,1000-1100")
        .replace("{N}", "999");
    let human = run("-v connect -z -w 10s --concurrency 10 127.0.0.2 1-999,1000-1100")
        .replace("{N}", "999");
    let outs = in_ns(setup, &[&json, &human]);
    let out = &outs[0];
    out.code(130);
    let m = states(out);
    for p in 1..=999 {
        assert_eq!(m.get(&p).map(|s| s.0.as_str()), Some("closed"), "port {p}");
    }
    let (results, summary) = out.results();
    let s = summary.expect("the summary after an interrupt");
    assert_eq!(s["interrupted"], true);
    assert_eq!(s["probed"].as_u64(), Some(results.len() as u64));
    assert!(
        out.out().ends_with("}}\n"),
        "summary last: {:?}",
        &out.out()[out.out().len().saturating_sub(200)..]
    );
    // Human, -v: every port so far, then the summary saying so.
    let h = &outs[1];
    h.code(130);
    let text = h.out();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 999, "{}", lines.len());
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("1100 ports on 127.0.0.2: 0 open, ") && last.contains("interrupted after"),
        "{last}"
    );
}

/// The whole ephemeral port range of an idle namespace: a probe's source
/// port may be the very port it probes (it then connects to itself) or the
/// port another probe is probing from; nothing listens, so nothing may be
/// reported open. With -s (bind before connect) too.
#[test]
fn ephemeral_range_has_no_open_port() {
    if !available() {
        return;
    }
    let range = "R=$(tr '\\t' '-' </proc/sys/net/ipv4/ip_local_port_range); ";
    let outs = in_ns(
        "",
        &[
            &format!("{range}sockx --json connect -z -w 2s 127.0.0.1 $R"),
            &format!("{range}sockx --json connect -z -w 2s -s 127.0.0.1 127.0.0.1 $R"),
        ],
    );
    for out in &outs {
        out.code(1);
        let m = states(out);
        assert!(m.len() > 1000, "{}", m.len());
        assert_eq!(open_ports(&m), Vec::<u64>::new());
        assert!(
            m.values().all(|(s, _)| s == "closed"),
            "{:?}",
            m.values().find(|(s, _)| s != "closed")
        );
    }
}

/// -s: the listener sees the source address; a source of the wrong family
/// is a usage error. Every address of HOST is probed (getaddrinfo order),
/// and the exit status counts a port open on any of them.
#[test]
fn source_and_every_address() {
    if !available() {
        return;
    }
    let peer = r#"python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.2",7));s.listen();print("ready",flush=True);c,a=s.accept();print(a[0],flush=True)' >"$D/peer" &
for i in $(seq 1 400); do grep -q ready "$D/peer" && break; sleep 0.025; done
sockx --json connect -z -s 127.0.0.9 127.0.0.2 7; rc=$?; wait; cat "$D/peer" >&2; exit $rc"#;
    let outs = in_ns(
        SETUP,
        &[
            peer,
            "sockx connect -z -s ::1 127.0.0.2 22",
            "sockx --json connect -z -w 1s --concurrency 1 dual 22,23",
            "python3 -c \"import socket; print(' '.join(dict.fromkeys(a[4][0] for a in socket.getaddrinfo('dual', 0, type=socket.SOCK_STREAM))))\"",
            "sockx --json -4 connect -z dual 22",
            "sockx --json -6 connect -z -w 1s dual 22",
        ],
    );
    outs[0].ok();
    assert!(
        outs[0].err().lines().any(|l| l == "127.0.0.9"),
        "{}",
        outs[0].err()
    );
    outs[1].code(2);
    let out = &outs[2];
    out.code(1);
    let (results, summary) = out.results();
    let got: Vec<(String, u64, String)> = results
        .iter()
        .map(|r| {
            (
                r["address"].as_str().unwrap().to_string(),
                r["port"].as_u64().unwrap(),
                r["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            ("127.0.0.2".to_string(), 22, "open".to_string()),
            ("127.0.0.2".to_string(), 23, "closed".to_string()),
            ("::1".to_string(), 22, "closed".to_string()),
            ("::1".to_string(), 23, "closed".to_string()),
        ]
    );
    assert!(results.iter().all(|r| r["host"] == "dual"));
    // In getaddrinfo's order (python's, the oracle).
    let order: Vec<Value> = outs[3].out().split_whitespace().map(Value::from).collect();
    assert_eq!(order.len(), 2, "{}", outs[3].out());
    assert_eq!(summary.unwrap()["addresses"], Value::from(order.clone()));
    let first: Vec<&Value> = results.iter().take(2).map(|r| &r["address"]).collect();
    assert_eq!(first, [&order[0], &order[0]], "the first address first");
    // -4 and -6: only that family's addresses (glibc also answers an IPv4
    // query for a `::1` hosts line with 127.0.0.1).
    outs[4].ok();
    let (r, _) = outs[4].results();
    assert!(
        r.iter()
            .all(|a| a["address"].as_str().unwrap().contains('.')),
        "{r:?}"
    );
    assert!(
        r.iter()
            .any(|a| a["address"] == "127.0.0.2" && a["state"] == "open"),
        "{r:?}"
    );
    outs[5].code(1);
    let (r, _) = outs[5].results();
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(
        (&r[0]["address"], &r[0]["state"]),
        (&"::1".into(), &"closed".into())
    );
}

/// On a terminal a large scan redraws a progress line on stderr, and clears
/// it before the summary; off a terminal (every other test) there is none.
#[test]
fn progress_line_on_a_terminal() {
    if !available() || !have("script") {
        return;
    }
    let outs = in_ns(
        "",
        &[
            "script -qfec 'sockx connect -z 127.0.0.1 1-65535' /dev/null",
            "sockx connect -z 127.0.0.1 1-65535",
        ],
    );
    // The counts are the other tests' business (on a loaded machine a SYN
    // may go unanswered for the adaptive 3 s); nothing listens, so 0 open.
    let tty = outs[0].out();
    assert!(tty.contains("\r\x1b[Kprobed "), "{tty:?}");
    assert!(
        tty.contains("\r\x1b[K65535 ports on 127.0.0.1: 0 open, "),
        "{tty:?}"
    );
    let plain = &outs[1];
    plain.code(1);
    assert!(!plain.err().contains("probed"), "{}", plain.err());
    assert!(
        plain
            .out()
            .starts_with("65535 ports on 127.0.0.1: 0 open, "),
        "{}",
        plain.out()
    );
}

/// Options of one mode given to another, and bad values: one line, exit 2.
#[test]
fn probe_usage_errors() {
    use super::super::util::sockx;
    for args in [
        &["connect", "--concurrency", "5", "127.0.0.1", "80"][..],
        &["connect", "--count", "2", "127.0.0.1", "80"],
        &["connect", "-z", "-i", "1s", "127.0.0.1", "80"],
        &["connect", "--ping", "-z", "127.0.0.1", "80"],
        &["connect", "-z", "--concurrency", "0", "127.0.0.1", "80"],
        &["connect", "-z", "-x", "127.0.0.1", "80"],
        &["connect", "--ping", "127.0.0.1", "1-5"],
        &["connect", "--ping", "--count", "0", "127.0.0.1", "80"],
        &["connect", "--ping", "127.0.0.1"],
    ] {
        let out = sockx(args).run();
        assert_eq!(out.code, 2, "{args:?}: {}", out.err());
        assert!(!out.err().contains("panicked"), "{args:?}: {}", out.err());
    }
}

/// -s with a port: one probe at a time from that port; the first open
/// port's connection leaves it in TIME_WAIT, and the next probe still binds
/// it (SO_REUSEADDR) and finds the second open port.
#[test]
fn source_port_probes_one_after_another() {
    use super::super::util::{free_port, sockx};
    let a = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let b = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let (pa, pb) = (
        a.local_addr().unwrap().port(),
        b.local_addr().unwrap().port(),
    );
    let src = format!("127.0.0.1:{}", free_port());
    let out = sockx([
        "--json",
        "connect",
        "-z",
        "-s",
        &src,
        "127.0.0.1",
        &format!("{pa},{pb}"),
    ])
    .run();
    out.ok();
    let m = states(&out);
    assert_eq!(open_ports(&m).len(), 2, "{m:?}");
    let (_, s) = out.results();
    assert_eq!(s.expect("summary")["concurrency"], 1);
}

/// `connect -z … | head -1`: once stdout's reader is gone the scan stops
/// (exit 0, as for a closed pipe anywhere) instead of probing on for no
/// one. 20,000 refusing ports come first (head has long exited when they
/// are done), then dropped ones that would hold each probe 30 s.
#[test]
fn closed_stdout_stops_the_scan() {
    if !available() {
        return;
    }
    let outs = in_ns(
        "$IPT -A INPUT -i lo -d 127.0.0.2 -p tcp --dport 20001:65535 -j DROP || exit 97",
        &["start=$(date +%s); \
           sockx --json connect -z -w 30s --concurrency 1 127.0.0.2 1-65535 | head -1; \
           rc=${PIPESTATUS[0]}; echo \"took $(( $(date +%s) - start ))\" >&2; exit $rc"],
    );
    let out = &outs[0];
    out.ok();
    assert_eq!(out.results().0.len(), 1, "{}", out.out());
    let took: u64 = out
        .err()
        .trim()
        .strip_prefix("took ")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{}", out.err()));
    assert!(took < 30, "the scan went on for {took} s after head exited");
}
