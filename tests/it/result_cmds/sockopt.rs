//! sockopt against getsockopt/setsockopt on a fresh Python socket of the same
//! kind: the whole table for each --type (and -6), sets with the value the
//! kernel keeps, the JSON shapes, the trace and bad input.

use serde_json::{Value, json};

use super::Oracle;
use crate::util::{Out, sockx};

/// Input: a list of {family, type, ops: [[NAME, VALUE|null], ...]}. Each op
/// sets NAME when VALUE is given, then reads it, on one socket per case, as
/// sockx does. Values are read the way the brief of each option says:
/// SO_LINGER as struct linger ('ii'), the timeouts as struct timeval ('ll'),
/// TCP_CONGESTION as bytes up to the NUL, everything else as an int.
const ORACLE: &str = r#"
import errno, json, socket, struct, sys

# <linux/in.h> IP_RECVERR, <linux/in6.h> IPV6_RECVERR: not in Python's module.
FALLBACK = {'IP_RECVERR': 11, 'IPV6_RECVERR': 25}

def const(n):
    return getattr(socket, n) if hasattr(socket, n) else FALLBACK[n]

def level(n):
    for prefix, lv in (('SO_', 'SOL_SOCKET'), ('TCP_', 'IPPROTO_TCP'),
                       ('IPV6_', 'IPPROTO_IPV6'), ('IP_', 'IPPROTO_IP')):
        if n.startswith(prefix):
            return lv
    raise KeyError(n)

def get(s, n):
    lv, o = getattr(socket, level(n)), const(n)
    try:
        if n == 'SO_LINGER':
            a, b = struct.unpack('ii', s.getsockopt(lv, o, 8))
            return {'value': {'onoff': a, 'linger': b}}
        if n in ('SO_RCVTIMEO', 'SO_SNDTIMEO'):
            a, b = struct.unpack('ll', s.getsockopt(lv, o, 16))
            return {'value': {'sec': a, 'usec': b}}
        if n == 'TCP_CONGESTION':
            return {'value': s.getsockopt(lv, o, 16).split(b'\0')[0].decode()}
        return {'value': s.getsockopt(lv, o)}
    except OSError as e:
        return {'error': errno.errorcode[e.errno]}

def put(s, n, v):
    lv, o = getattr(socket, level(n)), const(n)
    if n == 'SO_LINGER':
        s.setsockopt(lv, o, struct.pack('ii', v['onoff'], v['linger']))
    elif n in ('SO_RCVTIMEO', 'SO_SNDTIMEO'):
        s.setsockopt(lv, o, struct.pack('ll', v['sec'], v['usec']))
    elif n == 'TCP_CONGESTION':
        s.setsockopt(lv, o, v.encode())
    else:
        s.setsockopt(lv, o, v)

out = []
for case in json.load(open(sys.argv[1])):
    s = socket.socket(getattr(socket, case['family']), getattr(socket, case['type']))
    rows = []
    for n, v in case['ops']:
        row = {'level': level(n), 'name': n}
        if v is not None:
            try:
                put(s, n, v)
            except OSError as e:
                rows.append({'name': n, 'set_error': errno.errorcode[e.errno]})
                break
        row.update(get(s, n))
        if v is not None:
            row['requested'] = v
        rows.append(row)
    s.close()
    out.append(rows)
print(json.dumps(out))
"#;

/// The kinds of socket: sockx's options, Python's family and type.
const KINDS: &[(&[&str], &str, &str)] = &[
    (&[], "AF_INET", "SOCK_STREAM"),
    (&["--type", "tcp"], "AF_INET", "SOCK_STREAM"),
    (&["--type", "udp"], "AF_INET", "SOCK_DGRAM"),
    (&["--type", "unix-stream"], "AF_UNIX", "SOCK_STREAM"),
    (&["--type", "unix-dgram"], "AF_UNIX", "SOCK_DGRAM"),
    (&["-6"], "AF_INET6", "SOCK_STREAM"),
    (&["-6", "--type", "udp"], "AF_INET6", "SOCK_DGRAM"),
    (&["-4", "--type", "udp"], "AF_INET", "SOCK_DGRAM"),
];

/// What spec §3 says the table covers, by level.
const SOL_SOCKET: &[&str] = &[
    "SO_REUSEADDR",
    "SO_REUSEPORT",
    "SO_KEEPALIVE",
    "SO_BROADCAST",
    "SO_RCVBUF",
    "SO_SNDBUF",
    "SO_RCVLOWAT",
    "SO_SNDLOWAT",
    "SO_RCVTIMEO",
    "SO_SNDTIMEO",
    "SO_LINGER",
    "SO_TYPE",
    "SO_ERROR",
    "SO_DOMAIN",
    "SO_PROTOCOL",
    "SO_ACCEPTCONN",
    "SO_OOBINLINE",
    "SO_PRIORITY",
];
const IPPROTO_TCP: &[&str] = &[
    "TCP_NODELAY",
    "TCP_MAXSEG",
    "TCP_KEEPIDLE",
    "TCP_KEEPINTVL",
    "TCP_KEEPCNT",
    "TCP_QUICKACK",
    "TCP_CORK",
    "TCP_USER_TIMEOUT",
    "TCP_CONGESTION",
];
const IPPROTO_IP: &[&str] = &["IP_TTL", "IP_TOS", "IP_MULTICAST_TTL", "IP_MULTICAST_LOOP"];
const IPPROTO_IPV6: &[&str] = &["IPV6_V6ONLY", "IPV6_UNICAST_HOPS"];

fn sockopt(pre: &[&str], post: &[&str]) -> Out {
    let mut a: Vec<&str> = pre.to_vec();
    a.push("sockopt");
    a.extend(post);
    sockx(a).run()
}

#[test]
fn sockopt_tables_match_python_getsockopt() {
    let mut tables = Vec::new();
    let mut input = Vec::new();
    for (opts, family, socktype) in KINDS {
        let out = sockopt(&["--json"], opts);
        out.ok();
        let table = out.json();
        let names: Vec<String> = table
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r["name"].as_str().expect("name").to_string())
            .collect();

        let inet = *family != "AF_UNIX";
        let mut required: Vec<&str> = SOL_SOCKET.to_vec();
        if inet {
            required.extend(IPPROTO_IP);
        }
        if inet && *socktype == "SOCK_STREAM" {
            required.extend(IPPROTO_TCP);
        }
        if *family == "AF_INET6" {
            required.extend(IPPROTO_IPV6);
        }
        for r in &required {
            assert!(names.iter().any(|n| n == r), "{opts:?}: {r} missing");
        }
        // No option of another protocol on this socket.
        for n in &names {
            let foreign = (!inet && (n.starts_with("TCP_") || n.starts_with("IP")))
                || (*socktype == "SOCK_DGRAM" && n.starts_with("TCP_"))
                || (*family != "AF_INET6" && n.starts_with("IPV6_"));
            assert!(!foreign, "{opts:?}: {n} listed");
        }
        let ops: Vec<Value> = names.iter().map(|n| json!([n, null])).collect();
        input.push(json!({"family": family, "type": socktype, "ops": ops}));
        tables.push(table);
    }
    let want = Oracle::new("sockopt", ORACLE, &Value::Array(input)).run_here();
    for (i, (opts, _, _)) in KINDS.iter().enumerate() {
        let got = tables[i].as_array().expect("array");
        let want = want[i].as_array().expect("array");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g, w, "sockopt {opts:?}");
        }
    }
}

/// Sets on one kind of socket: sockx's options, Python's family and type,
/// and each NAME=VALUE with the value it means (what `requested` must say
/// and what Python sets).
struct SetCase {
    opts: &'static [&'static str],
    family: &'static str,
    socktype: &'static str,
    ops: Vec<(&'static str, Value)>,
}

fn set_cases() -> Vec<SetCase> {
    vec![
        SetCase {
            opts: &[],
            family: "AF_INET",
            socktype: "SOCK_STREAM",
            ops: vec![
                ("SO_RCVBUF=4096", json!(4096)),
                ("SO_SNDBUF=0x1000", json!(4096)),
                ("SO_LINGER=1,5", json!({"onoff": 1, "linger": 5})),
                ("SO_RCVTIMEO=1.5", json!({"sec": 1, "usec": 500000})),
                ("SO_SNDTIMEO=250ms", json!({"sec": 0, "usec": 250000})),
                ("TCP_NODELAY=1", json!(1)),
                ("so_keepalive=on", json!(1)),
                ("TCP_KEEPIDLE=60", json!(60)),
                ("TCP_KEEPINTVL=10", json!(10)),
                ("TCP_KEEPCNT=3", json!(3)),
                ("TCP_USER_TIMEOUT=1000", json!(1000)),
                ("TCP_CORK=1", json!(1)),
                ("TCP_CONGESTION=reno", json!("reno")),
                ("SO_REUSEADDR=1", json!(1)),
                ("SO_REUSEPORT=1", json!(1)),
                ("SO_OOBINLINE=1", json!(1)),
                ("SO_PRIORITY=3", json!(3)),
                ("SO_RCVLOWAT=16", json!(16)),
                ("IP_TTL=5", json!(5)),
                ("IP_TOS=16", json!(16)),
                ("SO_RCVBUF=1", json!(1)),
            ],
        },
        SetCase {
            opts: &["-6"],
            family: "AF_INET6",
            socktype: "SOCK_STREAM",
            ops: vec![
                ("IPV6_V6ONLY=1", json!(1)),
                ("IPV6_UNICAST_HOPS=7", json!(7)),
                ("IPV6_UNICAST_HOPS=-1", json!(-1)),
            ],
        },
        SetCase {
            opts: &["-6", "--type", "udp"],
            family: "AF_INET6",
            socktype: "SOCK_DGRAM",
            ops: vec![
                ("IPV6_MULTICAST_HOPS=2", json!(2)),
                ("IPV6_MULTICAST_LOOP=0", json!(0)),
                ("IP_TTL=9", json!(9)),
            ],
        },
        SetCase {
            opts: &["--type", "udp"],
            family: "AF_INET",
            socktype: "SOCK_DGRAM",
            ops: vec![
                ("SO_BROADCAST=1", json!(1)),
                ("IP_MULTICAST_TTL=3", json!(3)),
                ("IP_MULTICAST_LOOP=0", json!(0)),
                ("SO_RCVBUF=100000", json!(100000)),
            ],
        },
        SetCase {
            opts: &["--type", "unix-stream"],
            family: "AF_UNIX",
            socktype: "SOCK_STREAM",
            ops: vec![
                ("SO_PASSCRED=1", json!(1)),
                ("SO_SNDBUF=10000", json!(10000)),
                ("SO_LINGER=off", json!({"onoff": 0, "linger": 0})),
            ],
        },
    ]
}

#[test]
fn sockopt_sets_match_python_setsockopt_then_getsockopt() {
    let cases = set_cases();
    let input: Value = cases
        .iter()
        .map(|c| {
            let ops: Vec<Value> = c
                .ops
                .iter()
                .map(|(arg, v)| {
                    json!([arg.split('=').next().unwrap_or_default().to_uppercase(), v])
                })
                .collect();
            json!({"family": c.family, "type": c.socktype, "ops": ops})
        })
        .collect();
    let want = Oracle::new("sockopt-set", ORACLE, &input).run_here();
    for (i, c) in cases.iter().enumerate() {
        let mut args: Vec<&str> = c.opts.to_vec();
        args.extend(c.ops.iter().map(|(a, _)| *a));
        let out = sockopt(&["--json"], &args);
        out.ok();
        assert_eq!(out.json(), want[i], "sockopt {args:?}");
        for (row, (arg, v)) in want[i].as_array().expect("rows").iter().zip(&c.ops) {
            assert_eq!(row["requested"], *v, "{arg}: requested");
        }
    }

    // Linux doubles SO_RCVBUF: the human table shows both numbers.
    let rcvbuf = want[0][0]["value"].as_i64().expect("value");
    assert_eq!(rcvbuf, 8192, "the kernel's doubling, as Python reads it");
    let out = sockopt(&[], &["SO_RCVBUF=4096"]);
    out.ok();
    let text = out.out();
    let row = text
        .lines()
        .find(|l| l.contains("SO_RCVBUF"))
        .unwrap_or_else(|| panic!("no SO_RCVBUF row:\n{text}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert!(cells.contains(&"4096"), "requested missing: {row}");
    assert!(
        cells.contains(&rcvbuf.to_string().as_str()),
        "value missing: {row}"
    );
    assert!(text.lines().next().is_some_and(|h| h.contains("requested")));
}

#[test]
fn sockopt_json_shapes() {
    let want = Oracle::new(
        "sockopt-shapes",
        ORACLE,
        &json!([{"family": "AF_INET", "type": "SOCK_STREAM", "ops": [
            ["SO_LINGER", null], ["SO_RCVTIMEO", null], ["SO_SNDTIMEO", null],
            ["TCP_CONGESTION", null], ["SO_RCVBUF", null]]}]),
    )
    .run_here();
    for (i, name) in [
        "SO_LINGER",
        "SO_RCVTIMEO",
        "SO_SNDTIMEO",
        "TCP_CONGESTION",
        "SO_RCVBUF",
    ]
    .iter()
    .enumerate()
    {
        // A single NAME is an array of one, without "requested".
        let out = sockopt(&["--json"], &[name]);
        out.ok();
        let j = out.json();
        assert_eq!(j.as_array().map(Vec::len), Some(1), "{name}: {j}");
        assert_eq!(j[0], want[0][i], "{name}");
        assert!(j[0].get("requested").is_none());
    }
    let lower = sockopt(&["--json"], &["so_linger"]).json();
    assert_eq!(lower[0]["name"], "SO_LINGER", "names are case-insensitive");
    let linger = &want[0][0]["value"];
    assert_eq!(
        linger
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["linger".to_string(), "onoff".to_string()])
    );
    assert!(want[0][3]["value"].is_string(), "TCP_CONGESTION is a name");

    // After a set: requested in the same shape as the value.
    let out = sockopt(
        &["--json"],
        &["SO_LINGER=1,5", "SO_RCVTIMEO=1.5", "SO_RCVBUF"],
    );
    let j = out.ok().json();
    assert_eq!(j[0]["requested"], json!({"onoff": 1, "linger": 5}));
    assert_eq!(j[1]["requested"], json!({"sec": 1, "usec": 500000}));
    assert!(j[2].get("requested").is_none(), "no set, no requested: {j}");
}

#[test]
fn sockopt_trace_shows_each_call_in_order() {
    let want = Oracle::new(
        "sockopt-trace",
        ORACLE,
        &json!([{"family": "AF_INET", "type": "SOCK_STREAM", "ops": [["SO_RCVBUF", 4096]]}]),
    )
    .run_here();
    let value = want[0][0]["value"].to_string();

    let out = sockx(["--trace", "sockopt", "SO_RCVBUF=4096"]).run();
    out.ok();
    let err = out.err();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    let fd = lines[0]
        .strip_prefix("socket(AF_INET, SOCK_STREAM, 0) = ")
        .unwrap_or_else(|| panic!("socket line: {err}"));
    assert!(fd.parse::<u32>().is_ok(), "{err}");
    assert_eq!(
        lines[1],
        format!("setsockopt({fd}, SOL_SOCKET, SO_RCVBUF, 4096) = 0")
    );
    assert_eq!(
        lines[2],
        format!("getsockopt({fd}, SOL_SOCKET, SO_RCVBUF) = {value}")
    );
    assert_eq!(lines[3], format!("close({fd}) = 0"));

    // Under --json: JSON Lines call events on stderr, the result on stdout.
    let out = sockx(["--json", "--trace", "sockopt", "SO_RCVBUF=4096"]).run();
    out.ok();
    assert_eq!(out.json(), want[0]);
    let ev = out.events();
    let calls: Vec<(&str, &str, &str)> = ev
        .iter()
        .map(|e| {
            assert_eq!(e["event"], "call", "{e}");
            (
                e["call"].as_str().expect("call"),
                e["args"].as_str().expect("args"),
                e["result"].as_str().expect("result"),
            )
        })
        .collect();
    let fd = calls[0].2;
    assert_eq!(
        calls,
        [
            ("socket", "AF_INET, SOCK_STREAM, 0", fd),
            (
                "setsockopt",
                &*format!("{fd}, SOL_SOCKET, SO_RCVBUF, 4096"),
                "0"
            ),
            (
                "getsockopt",
                &*format!("{fd}, SOL_SOCKET, SO_RCVBUF"),
                &*value
            ),
            ("close", fd, "0"),
        ]
    );

    // IPv6: the socket call names AF_INET6.
    let out = sockx(["-6", "--trace", "sockopt", "IPV6_V6ONLY=1"]).run();
    out.ok();
    assert!(
        out.err().starts_with("socket(AF_INET6, SOCK_STREAM, 0) = "),
        "{}",
        out.err()
    );
    assert!(
        out.err().contains(", IPPROTO_IPV6, IPV6_V6ONLY, 1) = 0\n"),
        "{}",
        out.err()
    );
}

#[test]
fn sockopt_bad_input_exits_2_naming_the_value() {
    // (sockx arguments, what the error must name)
    let cases: &[(&[&str], &[&str])] = &[
        (&["sockopt", "SO_RCVBUFF"], &["'SO_RCVBUFF'"]),
        (&["sockopt", "SO_RCVBUF=abc"], &["'abc'", "SO_RCVBUF"]),
        (&["sockopt", "SO_RCVBUF="], &["''", "SO_RCVBUF"]),
        (&["sockopt", "SO_RCVBUF=99999999999"], &["'99999999999'"]),
        (&["sockopt", "SO_RCVBUF=-"], &["'-'"]),
        (&["sockopt", "SO_TYPE=1"], &["SO_TYPE", "read-only"]),
        (&["sockopt", "SO_ERROR=0"], &["SO_ERROR", "read-only"]),
        (
            &["sockopt", "--type", "udp", "TCP_NODELAY"],
            &["TCP_NODELAY", "udp"],
        ),
        (
            &["sockopt", "--type", "udp", "TCP_NODELAY=1"],
            &["TCP_NODELAY"],
        ),
        (&["sockopt", "IPV6_V6ONLY=1"], &["IPV6_V6ONLY", "-6"]),
        (&["sockopt", "--type", "unix-stream", "IP_TTL"], &["IP_TTL"]),
        (&["sockopt", "SO_LINGER=1"], &["'1'", "SO_LINGER"]),
        (&["sockopt", "SO_LINGER=1,x"], &["'1,x'"]),
        (&["sockopt", "SO_RCVTIMEO=-1"], &["'-1'", "SO_RCVTIMEO"]),
        (&["sockopt", "SO_RCVTIMEO=soon"], &["'soon'"]),
        (&["sockopt", "TCP_NODELAY=maybe"], &["'maybe'"]),
        (&["sockopt", "TCP_CONGESTION="], &["''"]),
        (&["sockopt", "TCP_CONGESTION=a b"], &["'a b'"]),
        (&["sockopt", "=1"], &["''"]),
        (&["-6", "sockopt", "--type", "unix-dgram"], &["-6"]),
    ];
    for (args, needles) in cases {
        // Under --trace: bad input is refused before any socket exists
        // (regression: an option of another protocol was refused only after
        // socket()).
        let mut a = vec!["--trace"];
        a.extend(*args);
        let out = sockx(&a).run();
        out.code(2);
        for n in *needles {
            out.error_line(n);
        }
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.out());
        let err = out.err();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("sockx: error: "), "{err}");
        assert!(!err.contains("socket("), "{args:?} made a socket: {err}");
    }

    // An unknown name lists close names, SO_RCVBUF among them.
    let out = sockx(["sockopt", "SO_RCVBUFF"]).run();
    out.code(2);
    let err = out.err().replace("SO_RCVBUFF", "");
    assert!(err.contains("SO_RCVBUF"), "no suggestion: {}", out.err());
    let out = sockx(["sockopt", "nodelay"]).run();
    out.code(2).error_line("TCP_NODELAY");
}

#[test]
fn sockopt_set_failures_match_python_oserror() {
    // setsockopt refused by the kernel: Python raises OSError, sockx exits 1
    // naming the same errno.
    let cases: &[(&[&str], &str, &str, &str, Value)] = &[
        (
            &["-6"],
            "AF_INET6",
            "SOCK_STREAM",
            "IPV6_MULTICAST_HOPS",
            json!(2),
        ),
        (&[], "AF_INET", "SOCK_STREAM", "IP_MULTICAST_TTL", json!(3)),
        (
            &[],
            "AF_INET",
            "SOCK_STREAM",
            "TCP_CONGESTION",
            json!("nosuchalgo"),
        ),
        (&[], "AF_INET", "SOCK_STREAM", "TCP_MAXSEG", json!(1)),
        (&[], "AF_INET", "SOCK_STREAM", "IP_TTL", json!(0)),
    ];
    let input: Value = cases
        .iter()
        .map(|(_, f, t, n, v)| json!({"family": f, "type": t, "ops": [[n, v]]}))
        .collect();
    let want = Oracle::new("sockopt-fail", ORACLE, &input).run_here();
    for (i, (pre, _, _, name, v)) in cases.iter().enumerate() {
        let e = want[i][0]["set_error"]
            .as_str()
            .unwrap_or_else(|| panic!("python accepted {name}={v}: {}", want[i]));
        let arg = format!(
            "{name}={}",
            v.as_str().map_or(v.to_string(), str::to_string)
        );
        let out = sockopt(pre, &[&arg]);
        out.code(1).error_line(e).error_line(name);
        assert!(out.stdout.is_empty(), "{arg}: {}", out.out());
    }
}
