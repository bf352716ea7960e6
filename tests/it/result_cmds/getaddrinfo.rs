//! getaddrinfo against socket.getaddrinfo: every tuple (family, type, proto,
//! canonname, sockaddr with flowinfo/scope_id), in the resolver's order, for
//! each family, type, protocol and flag; errors by their EAI_ name and exit
//! status. Names are looked up only inside the namespace.

use serde_json::{Value, json};

use super::{Oracle, gai_exit, oracle_json, sockx_sh};
use crate::netns;
use crate::util::{Out, sockx};

/// Each case: {host, port, family, type, proto, flags} as names of socket
/// constants (or numbers). Answers as the spec's JSON, the human cells in
/// Python's repr, or the EAI_ name of the gaierror.
const ORACLE: &str = r#"
import json, socket, sys

def name(enum, v):
    try:
        return enum(v).name
    except ValueError:
        return str(v)

def eai(code):
    n = sorted(k for k in dir(socket) if k.startswith('EAI_') and getattr(socket, k) == code)
    return n[0] if n else str(code)

def sockaddr(fam, sa):
    d = {'family': name(socket.AddressFamily, fam), 'address': sa[0], 'port': sa[1]}
    if fam == socket.AF_INET6:
        d['flowinfo'] = sa[2]
        d['scope_id'] = sa[3]
    return d

out = []
for c in json.load(open(sys.argv[1])):
    proto = c.get('proto', 0)
    if isinstance(proto, str):
        proto = getattr(socket, proto)
    typ = c.get('type')
    typ = getattr(socket, typ) if typ else 0
    flags = 0
    for f in c.get('flags', []):
        flags |= getattr(socket, f)
    fam = getattr(socket, c.get('family', 'AF_UNSPEC'))
    try:
        r = socket.getaddrinfo(c.get('host'), c.get('port'), fam, typ, proto, flags)
    except socket.gaierror as e:
        out.append({'error': eai(e.errno), 'strerror': e.strerror})
        continue
    out.append({
        'ok': [{'family': name(socket.AddressFamily, f), 'type': name(socket.SocketKind, t),
                'proto': p, 'canonname': cn, 'sockaddr': sockaddr(f, sa)}
               for f, t, p, cn, sa in r],
        'human': [[name(socket.AddressFamily, f), name(socket.SocketKind, t), str(p),
                   repr(cn), repr(sa)] for f, t, p, cn, sa in r],
        'repr': ['(%s, %s, %d, %r, %r)' % (name(socket.AddressFamily, f),
                 name(socket.SocketKind, t), p, cn, sa) for f, t, p, cn, sa in r],
    })
print(json.dumps(out))
"#;

/// One case: sockx's arguments after `getaddrinfo`, the same call for
/// Python, and the exit status when the spec says more than the EAI_ code.
struct Case {
    args: Vec<&'static str>,
    py: Value,
    exit: Option<i32>,
}

fn case(args: &[&'static str], py: Value) -> Case {
    Case {
        args: args.to_vec(),
        py,
        exit: None,
    }
}

/// Cases that look names up: run only inside the namespace.
fn name_cases() -> Vec<Case> {
    let mut v = vec![
        // Numeric addresses, no flags.
        case(
            &["127.0.0.1", "80"],
            json!({"host": "127.0.0.1", "port": 80}),
        ),
        case(&["::1", "80"], json!({"host": "::1", "port": 80})),
        case(&["[::1]", "443"], json!({"host": "::1", "port": 443})),
        case(&["127.0.0.1"], json!({"host": "127.0.0.1"})),
        case(&["0.0.0.0", "0"], json!({"host": "0.0.0.0", "port": 0})),
        case(&["127.1", "7"], json!({"host": "127.1", "port": 7})),
        case(
            &["::ffff:127.0.0.1", "9"],
            json!({"host": "::ffff:127.0.0.1", "port": 9}),
        ),
        case(
            &["fe80::1%1", "22"],
            json!({"host": "fe80::1%1", "port": 22}),
        ),
        case(
            &["fe80::1%lo", "22"],
            json!({"host": "fe80::1%lo", "port": 22}),
        ),
        // Names: /etc/hosts, multi-address, CNAME, IPv6-only, dual-stack.
        case(
            &["localhost", "80"],
            json!({"host": "localhost", "port": 80}),
        ),
        case(
            &["sockx-test", "80"],
            json!({"host": "sockx-test", "port": 80}),
        ),
        case(
            &["multi.example.test", "80"],
            json!({"host": "multi.example.test", "port": 80}),
        ),
        case(
            &["--type", "stream", "multi.example.test", "80"],
            json!({"host": "multi.example.test", "port": 80, "type": "SOCK_STREAM"}),
        ),
        case(
            &["www.example.test", "80"],
            json!({"host": "www.example.test", "port": 80}),
        ),
        case(
            &["--flags", "canonname", "www.example.test", "80"],
            json!({"host": "www.example.test", "port": 80, "flags": ["AI_CANONNAME"]}),
        ),
        case(
            &[
                "--flags",
                "canonname",
                "--type",
                "stream",
                "alias.example.test",
            ],
            json!({"host": "alias.example.test", "type": "SOCK_STREAM", "flags": ["AI_CANONNAME"]}),
        ),
        case(
            &["--flags", "canonname", "multi.example.test", "53"],
            json!({"host": "multi.example.test", "port": 53, "flags": ["AI_CANONNAME"]}),
        ),
        case(
            &["--flags", "canonname", "localhost"],
            json!({"host": "localhost", "flags": ["AI_CANONNAME"]}),
        ),
        case(
            &["--flags", "canonname", "127.0.0.1", "1"],
            json!({"host": "127.0.0.1", "port": 1, "flags": ["AI_CANONNAME"]}),
        ),
        case(
            &["v6.example.test", "443"],
            json!({"host": "v6.example.test", "port": 443}),
        ),
        case(
            &["v6multi.example.test", "443"],
            json!({"host": "v6multi.example.test", "port": 443}),
        ),
        case(
            &["--flags", "canonname", "v6alias.example.test", "443"],
            json!({"host": "v6alias.example.test", "port": 443, "flags": ["AI_CANONNAME"]}),
        ),
        case(
            &["dual.example.test", "80"],
            json!({"host": "dual.example.test", "port": 80}),
        ),
        // Families: --family, -4, -6 (before and after the subcommand).
        case(
            &["--family", "inet", "dual.example.test", "80"],
            json!({"host": "dual.example.test", "port": 80, "family": "AF_INET"}),
        ),
        case(
            &["--family", "inet6", "dual.example.test", "80"],
            json!({"host": "dual.example.test", "port": 80, "family": "AF_INET6"}),
        ),
        case(
            &["--family", "unspec", "dual.example.test", "80"],
            json!({"host": "dual.example.test", "port": 80, "family": "AF_UNSPEC"}),
        ),
        case(
            &["-4", "dual.example.test", "80"],
            json!({"host": "dual.example.test", "port": 80, "family": "AF_INET"}),
        ),
        case(
            &["-6", "dual.example.test", "80"],
            json!({"host": "dual.example.test", "port": 80, "family": "AF_INET6"}),
        ),
        case(
            &["-6", "multi.example.test", "80"],
            json!({"host": "multi.example.test", "port": 80, "family": "AF_INET6"}),
        ),
        case(
            &["-4", "v6.example.test", "80"],
            json!({"host": "v6.example.test", "port": 80, "family": "AF_INET"}),
        ),
        case(
            &["--family", "inet6", "localhost", "80"],
            json!({"host": "localhost", "port": 80, "family": "AF_INET6"}),
        ),
        // Types and protocols.
        case(
            &["--type", "stream", "localhost", "80"],
            json!({"host": "localhost", "port": 80, "type": "SOCK_STREAM"}),
        ),
        case(
            &["--type", "dgram", "dual.example.test", "53"],
            json!({"host": "dual.example.test", "port": 53, "type": "SOCK_DGRAM"}),
        ),
        case(
            &["--type", "raw", "dual.example.test"],
            json!({"host": "dual.example.test", "type": "SOCK_RAW"}),
        ),
        case(
            &["--type", "raw", "--proto", "1", "127.0.0.1"],
            json!({"host": "127.0.0.1", "type": "SOCK_RAW", "proto": 1}),
        ),
        case(
            &["--proto", "tcp", "web.example.test", "80"],
            json!({"host": "web.example.test", "port": 80, "proto": "IPPROTO_TCP"}),
        ),
        case(
            &["--proto", "udp", "web.example.test", "53"],
            json!({"host": "web.example.test", "port": 53, "proto": "IPPROTO_UDP"}),
        ),
        case(
            &["--proto", "6", "127.0.0.1", "80"],
            json!({"host": "127.0.0.1", "port": 80, "proto": 6}),
        ),
        case(
            &["--proto", "17", "--type", "dgram", "::1", "53"],
            json!({"host": "::1", "port": 53, "proto": 17, "type": "SOCK_DGRAM"}),
        ),
        case(
            &["--proto", "132", "--type", "stream", "127.0.0.1", "80"],
            json!({"host": "127.0.0.1", "port": 80, "proto": 132, "type": "SOCK_STREAM"}),
        ),
        case(
            &["--proto", "0", "127.0.0.1", "80"],
            json!({"host": "127.0.0.1", "port": 80, "proto": 0}),
        ),
        // Flags.
        case(
            &["--flags", "passive", "--no-host", "80"],
            json!({"host": null, "port": 80, "flags": ["AI_PASSIVE"]}),
        ),
        case(
            &[
                "--flags",
                "passive",
                "--type",
                "stream",
                "--no-host",
                "8080",
            ],
            json!({"host": null, "port": 8080, "type": "SOCK_STREAM", "flags": ["AI_PASSIVE"]}),
        ),
        case(
            &["-6", "--flags", "passive", "--no-host", "80"],
            json!({"host": null, "port": 80, "family": "AF_INET6", "flags": ["AI_PASSIVE"]}),
        ),
        case(&["--no-host", "80"], json!({"host": null, "port": 80})),
        case(
            &["--flags", "passive", "127.0.0.1", "80"],
            json!({"host": "127.0.0.1", "port": 80, "flags": ["AI_PASSIVE"]}),
        ),
        case(
            &["--flags", "numerichost", "127.0.0.1", "80"],
            json!({"host": "127.0.0.1", "port": 80, "flags": ["AI_NUMERICHOST"]}),
        ),
        case(
            &["--flags", "numericserv", "localhost", "80"],
            json!({"host": "localhost", "port": 80, "flags": ["AI_NUMERICSERV"]}),
        ),
        case(
            &[
                "--family",
                "inet6",
                "--flags",
                "v4mapped",
                "multi.example.test",
                "80",
            ],
            json!({"host": "multi.example.test", "port": 80, "family": "AF_INET6",
                   "flags": ["AI_V4MAPPED"]}),
        ),
        case(
            &["-6", "--flags", "v4mapped,all", "dual.example.test", "80"],
            json!({"host": "dual.example.test", "port": 80, "family": "AF_INET6",
                   "flags": ["AI_V4MAPPED", "AI_ALL"]}),
        ),
        case(
            &["-6", "--flags", "v4mapped", "dual.example.test", "80"],
            json!({"host": "dual.example.test", "port": 80, "family": "AF_INET6",
                   "flags": ["AI_V4MAPPED"]}),
        ),
        case(
            &[
                "-6",
                "--flags",
                "v4mapped",
                "--flags",
                "canonname",
                "www.example.test",
            ],
            json!({"host": "www.example.test", "family": "AF_INET6",
                   "flags": ["AI_V4MAPPED", "AI_CANONNAME"]}),
        ),
        case(
            &["--flags", "all", "dual.example.test", "80"],
            json!({"host": "dual.example.test", "port": 80, "flags": ["AI_ALL"]}),
        ),
        case(
            &["--flags", "addrconfig", "dual.example.test", "80"],
            json!({"host": "dual.example.test", "port": 80, "flags": ["AI_ADDRCONFIG"]}),
        ),
        case(
            &["--flags", "addrconfig", "localhost", "80"],
            json!({"host": "localhost", "port": 80, "flags": ["AI_ADDRCONFIG"]}),
        ),
        case(
            &[
                "--flags",
                "canonname,numericserv,addrconfig",
                "web.example.test",
                "80",
            ],
            json!({"host": "web.example.test", "port": 80,
                   "flags": ["AI_CANONNAME", "AI_NUMERICSERV", "AI_ADDRCONFIG"]}),
        ),
        // Service names.
        case(
            &["localhost", "http"],
            json!({"host": "localhost", "port": "http"}),
        ),
        case(
            &["multi.example.test", "domain"],
            json!({"host": "multi.example.test", "port": "domain"}),
        ),
        case(
            &["--type", "dgram", "127.0.0.1", "domain"],
            json!({"host": "127.0.0.1", "port": "domain", "type": "SOCK_DGRAM"}),
        ),
        case(
            &["--no-host", "http"],
            json!({"host": null, "port": "http"}),
        ),
        case(
            &["127.0.0.1", "0080"],
            json!({"host": "127.0.0.1", "port": "0080"}),
        ),
        // Errors: a name not found (3), malformed requests (2).
        case(
            &["nx.example.test", "80"],
            json!({"host": "nx.example.test", "port": 80}),
        ),
        case(&["nx", "80"], json!({"host": "nx", "port": 80})),
        case(
            &["--flags", "canonname", "nx.example.test"],
            json!({"host": "nx.example.test", "flags": ["AI_CANONNAME"]}),
        ),
        case(
            &["--family", "inet6", "web.example.test", "80"],
            json!({"host": "web.example.test", "port": 80, "family": "AF_INET6"}),
        ),
        case(
            &["127.0.0.1", "nosuchservice"],
            json!({"host": "127.0.0.1", "port": "nosuchservice"}),
        ),
        case(
            &["--type", "dgram", "localhost", "http"],
            json!({"host": "localhost", "port": "http", "type": "SOCK_DGRAM"}),
        ),
        case(
            &["--type", "raw", "127.0.0.1", "80"],
            json!({"host": "127.0.0.1", "port": 80, "type": "SOCK_RAW"}),
        ),
        case(
            &["--type", "stream", "--proto", "udp", "127.0.0.1", "80"],
            json!({"host": "127.0.0.1", "port": 80, "type": "SOCK_STREAM",
                   "proto": "IPPROTO_UDP"}),
        ),
        case(
            &["--type", "dgram", "--proto", "tcp", "localhost", "80"],
            json!({"host": "localhost", "port": 80, "type": "SOCK_DGRAM",
                   "proto": "IPPROTO_TCP"}),
        ),
        case(
            &["--flags", "canonname", "--no-host", "80"],
            json!({"host": null, "port": 80, "flags": ["AI_CANONNAME"]}),
        ),
        case(
            &["--family", "inet", "::1", "80"],
            json!({"host": "::1", "port": 80, "family": "AF_INET"}),
        ),
        case(
            &["-6", "127.0.0.1", "80"],
            json!({"host": "127.0.0.1", "port": 80, "family": "AF_INET6"}),
        ),
    ];
    // The request contradicts its own flags: nothing was looked up, so this
    // is invalid input (2), though glibc words it EAI_NONAME (sockx said 3,
    // "not found").
    v.push(Case {
        exit: Some(2),
        ..case(
            &["--flags", "numerichost", "localhost", "80"],
            json!({"host": "localhost", "port": 80, "flags": ["AI_NUMERICHOST"]}),
        )
    });
    v.push(Case {
        exit: Some(2),
        ..case(
            &["--flags", "numerichost", "www.example.test"],
            json!({"host": "www.example.test", "flags": ["AI_NUMERICHOST"]}),
        )
    });
    v.push(Case {
        exit: Some(2),
        ..case(
            &["--flags", "numericserv", "127.0.0.1", "http"],
            json!({"host": "127.0.0.1", "port": "http", "flags": ["AI_NUMERICSERV"]}),
        )
    });
    v
}

/// Checks one case's JSON and human runs against the oracle's answer.
fn check(c: &Case, want: &Value, json_out: &Out, human_out: &Out) {
    let what = format!("getaddrinfo {:?}", c.args);
    if let Some(err) = want["error"].as_str() {
        let code = c.exit.unwrap_or_else(|| gai_exit(err));
        for out in [json_out, human_out] {
            out.code(code).error_line(err);
            assert!(out.stdout.is_empty(), "{what}: stdout {:?}", out.out());
            assert_eq!(out.err().lines().count(), 1, "{what}: {}", out.err());
        }
        return;
    }
    assert!(c.exit.is_none(), "{what}: python succeeded: {want}");
    json_out.ok();
    assert_eq!(json_out.json(), want["ok"], "{what}");

    // Human: a header, then one row per tuple in order, each cell as Python
    // shows it (the sockaddr in its repr).
    human_out.ok();
    let text = human_out.out();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    let cells = want["human"].as_array().expect("human");
    assert_eq!(rows.len(), cells.len(), "{what}: rows\n{text}");
    for (row, cells) in rows.iter().zip(cells) {
        let mut at = 0;
        for cell in cells.as_array().expect("cells") {
            let cell = cell.as_str().expect("cell");
            let found = row[at..]
                .find(cell)
                .unwrap_or_else(|| panic!("{what}: no {cell:?} in row {row:?}"));
            at += found + cell.len();
        }
    }
}

fn run_cases(cases: &[Case], in_namespace: bool) {
    let input: Value = cases.iter().map(|c| c.py.clone()).collect();
    let oracle = Oracle::new("gai", ORACLE, &input);
    let mut cmds = vec![oracle.sh.clone()];
    for c in cases {
        let mut a = vec!["--json", "getaddrinfo"];
        a.extend(&c.args);
        cmds.push(sockx_sh(&a));
        let mut a = vec!["getaddrinfo"];
        a.extend(&c.args);
        cmds.push(sockx_sh(&a));
    }
    let outs: Vec<Out> = if in_namespace {
        let refs: Vec<&str> = cmds.iter().map(String::as_str).collect();
        netns::run(&refs)
    } else {
        let bin_dir = std::path::Path::new(crate::util::BIN)
            .parent()
            .expect("bin dir")
            .display()
            .to_string();
        let path = format!("{bin_dir}:{}", std::env::var("PATH").unwrap_or_default());
        cmds.iter()
            .map(|c| crate::util::cmd("sh", ["-c", c]).env("PATH", &path).run())
            .collect()
    };
    let want = oracle_json(&outs[0]);
    let want = want.as_array().expect("list");
    assert_eq!(want.len(), cases.len());
    for (i, c) in cases.iter().enumerate() {
        check(c, &want[i], &outs[1 + 2 * i], &outs[2 + 2 * i]);
    }
}

#[test]
fn getaddrinfo_matches_python_in_namespace() {
    if !netns::available() {
        return;
    }
    run_cases(&name_cases(), true);
}

/// AI_NUMERICHOST and AI_NUMERICSERV make glibc look nothing up: safe to run
/// on the machine itself.
#[test]
fn getaddrinfo_numeric_matches_python_here() {
    let nf = ["AI_NUMERICHOST", "AI_NUMERICSERV"];
    let cases = vec![
        case(
            &["--flags", "numerichost,numericserv", "127.0.0.1", "80"],
            json!({"host": "127.0.0.1", "port": 80, "flags": nf}),
        ),
        case(
            &["--flags", "numerichost,numericserv", "::1", "65535"],
            json!({"host": "::1", "port": 65535, "flags": nf}),
        ),
        case(
            &[
                "--flags",
                "numerichost",
                "--flags",
                "numericserv",
                "[::1]",
                "0",
            ],
            json!({"host": "::1", "port": 0, "flags": nf}),
        ),
        case(
            &[
                "--flags",
                "numerichost,numericserv",
                "--type",
                "dgram",
                "0.0.0.0",
                "53",
            ],
            json!({"host": "0.0.0.0", "port": 53, "type": "SOCK_DGRAM", "flags": nf}),
        ),
        case(
            &[
                "--flags",
                "numerichost,numericserv,canonname",
                "127.0.0.1",
                "80",
            ],
            json!({"host": "127.0.0.1", "port": 80,
                   "flags": ["AI_NUMERICHOST", "AI_NUMERICSERV", "AI_CANONNAME"]}),
        ),
        case(
            &[
                "--flags",
                "numerichost,numericserv",
                "-6",
                "--flags",
                "v4mapped",
                "127.0.0.1",
                "1",
            ],
            json!({"host": "127.0.0.1", "port": 1, "family": "AF_INET6",
                   "flags": ["AI_NUMERICHOST", "AI_NUMERICSERV", "AI_V4MAPPED"]}),
        ),
        case(
            &["--flags", "numerichost,numericserv", "fe80::1%1", "22"],
            json!({"host": "fe80::1%1", "port": 22, "flags": nf}),
        ),
        case(
            &[
                "--flags",
                "numerichost,numericserv,passive",
                "--no-host",
                "9",
            ],
            json!({"host": null, "port": 9,
                   "flags": ["AI_NUMERICHOST", "AI_NUMERICSERV", "AI_PASSIVE"]}),
        ),
        case(
            &[
                "--flags",
                "numerichost,numericserv",
                "--proto",
                "udp",
                "::1",
                "5",
            ],
            json!({"host": "::1", "port": 5, "proto": "IPPROTO_UDP", "flags": nf}),
        ),
        case(
            &[
                "--flags",
                "numerichost,numericserv",
                "--family",
                "inet",
                "::1",
                "5",
            ],
            json!({"host": "::1", "port": 5, "family": "AF_INET", "flags": nf}),
        ),
        case(
            &[
                "--flags",
                "numerichost,numericserv",
                "--type",
                "raw",
                "127.0.0.1",
                "5",
            ],
            json!({"host": "127.0.0.1", "port": 5, "type": "SOCK_RAW", "flags": nf}),
        ),
    ];
    run_cases(&cases, false);
}

#[test]
fn getaddrinfo_invalid_ports_exit_2_naming_the_port() {
    let nf = "numerichost,numericserv";
    for (args, needle) in [
        (vec!["127.0.0.1", "65536"], "'65536'"),
        (
            vec!["127.0.0.1", "99999999999999999999"],
            "'99999999999999999999'",
        ),
        (vec!["127.0.0.1", "-1"], "'-1'"),
        (vec!["127.0.0.1", "--", "-1"], "'-1'"),
        (vec!["127.0.0.1", ""], "''"),
        (vec!["127.0.0.1", "80 "], "'80 '"),
    ] {
        let mut a = vec!["getaddrinfo", "--flags", nf];
        a.extend(&args);
        let out = sockx(&a).run();
        out.code(2).error_line(needle);
        assert!(out.stdout.is_empty());
    }
    // abc is no number and no service: EAI_SERVICE, as Python's gaierror says.
    let out = sockx(["getaddrinfo", "--flags", "numerichost", "127.0.0.1", "abc"]).run();
    let py = super::python(
        "import socket\ntry:\n\tsocket.getaddrinfo('127.0.0.1', 'abc', flags=socket.AI_NUMERICHOST)\n\
         except socket.gaierror as e:\n\tprint([k for k in dir(socket) if k.startswith('EAI_') \
         and getattr(socket, k) == e.errno][0])",
    );
    assert_eq!(py, "EAI_SERVICE");
    out.code(2).error_line(&py).error_line("abc");

    // -4/-6 and a different --family contradict each other.
    let out = sockx([
        "-4",
        "getaddrinfo",
        "--family",
        "inet6",
        "--flags",
        nf,
        "::1",
        "1",
    ])
    .run();
    out.code(2).error_line("--family");
    // Neither HOST nor PORT: Python's getaddrinfo(None, None) is EAI_NONAME;
    // sockx refuses it as usage.
    let out = sockx(["getaddrinfo", "--no-host"]).run();
    out.code(2).error_line("HOST or a PORT");
    // An empty HOST is not NULL: invalid input, as for every HOST.
    let out = sockx(["getaddrinfo", ""]).run();
    out.code(2).error_line("empty host");
}

#[test]
fn getaddrinfo_trace_in_namespace() {
    if !netns::available() {
        return;
    }
    // (sockx arguments, Python's call, the arguments as the trace writes them)
    let cases: &[(&[&str], Value, &str)] = &[
        (
            &["--type", "stream", "multi.example.test", "80"],
            json!({"host": "multi.example.test", "port": 80, "type": "SOCK_STREAM"}),
            "'multi.example.test', 80, AF_UNSPEC, SOCK_STREAM, 0, 0",
        ),
        (
            &[
                "--flags",
                "canonname",
                "--proto",
                "tcp",
                "www.example.test",
                "http",
            ],
            json!({"host": "www.example.test", "port": "http", "proto": "IPPROTO_TCP",
                   "flags": ["AI_CANONNAME"]}),
            "'www.example.test', 'http', AF_UNSPEC, 0, 6, AI_CANONNAME",
        ),
        (
            &["-6", "--flags", "passive", "--no-host", "8080"],
            json!({"host": null, "port": 8080, "family": "AF_INET6", "flags": ["AI_PASSIVE"]}),
            "None, 8080, AF_INET6, 0, 0, AI_PASSIVE",
        ),
        (
            &["dual.example.test", "80"],
            json!({"host": "dual.example.test", "port": 80}),
            "'dual.example.test', 80, AF_UNSPEC, 0, 0, 0",
        ),
        (
            &["nx.example.test", "80"],
            json!({"host": "nx.example.test", "port": 80}),
            "'nx.example.test', 80, AF_UNSPEC, 0, 0, 0",
        ),
    ];
    let input: Value = cases.iter().map(|c| c.1.clone()).collect();
    let oracle = Oracle::new("gai-trace", ORACLE, &input);
    let mut cmds = vec![oracle.sh.clone()];
    for (args, _, _) in cases {
        let mut a = vec!["--trace", "getaddrinfo"];
        a.extend(*args);
        cmds.push(sockx_sh(&a));
        let mut a = vec!["--json", "--trace", "getaddrinfo"];
        a.extend(*args);
        cmds.push(sockx_sh(&a));
    }
    let refs: Vec<&str> = cmds.iter().map(String::as_str).collect();
    let outs = netns::run(&refs);
    let want = oracle_json(&outs[0]);
    for (i, (args, _, call_args)) in cases.iter().enumerate() {
        let w = &want[i];
        // The trace shows the first four answers in Python's repr, then a count.
        let result = match w["repr"].as_array() {
            Some(r) => {
                let mut shown: Vec<String> = r
                    .iter()
                    .take(4)
                    .map(|x| x.as_str().expect("repr").to_string())
                    .collect();
                if r.len() > 4 {
                    shown.push(format!("... {} more", r.len() - 4));
                }
                format!("[{}]", shown.join(", "))
            }
            None => format!(
                "{} ({})",
                w["error"].as_str().expect("error"),
                w["strerror"].as_str().expect("strerror")
            ),
        };
        let human = &outs[1 + 2 * i];
        let line = human.err().lines().next().unwrap_or_default().to_string();
        assert_eq!(
            line,
            format!("getaddrinfo({call_args}) = {result}"),
            "--trace getaddrinfo {args:?}"
        );
        let js = &outs[2 + 2 * i];
        let ev = js.events();
        assert_eq!(ev.len(), 1, "{args:?}: {}", js.err());
        assert_eq!(ev[0]["event"], "call");
        assert_eq!(ev[0]["call"], "getaddrinfo");
        assert_eq!(ev[0]["args"], *call_args);
        if let Some(e) = w["error"].as_str() {
            assert_eq!(ev[0]["errno"], e, "{args:?}");
            assert_eq!(ev[0]["error"], w["strerror"], "{args:?}");
            js.code(gai_exit(e));
        } else {
            assert_eq!(ev[0]["result"], result.as_str(), "{args:?}");
            assert_eq!(js.ok().json(), w["ok"], "{args:?}");
        }
    }
}
