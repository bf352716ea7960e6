//! hostname and fqdn against socket.gethostname / socket.getfqdn. fqdn looks
//! names up (even `localhost` over IPv6 would leave the machine), so it runs
//! only inside the namespace, where the host is `sockx-test` and /etc/hosts
//! maps it to `sockx-test.example.test`.

use serde_json::{Value, json};

use super::{Oracle, oracle_json, sockx_sh};
use crate::netns;
use crate::util::{python, sockx};

#[test]
fn hostname_matches_python_gethostname() {
    let want = python("import socket; print(socket.gethostname())");
    let out = sockx(["hostname"]).run();
    out.ok();
    assert_eq!(out.out(), format!("{want}\n"));
    assert!(out.err().is_empty(), "{}", out.err());

    for a in [
        vec!["--json", "hostname"],
        vec!["hostname", "--json"],
        vec!["--color", "always", "--json", "hostname"],
    ] {
        let out = sockx(&a).run();
        out.ok();
        assert_eq!(out.json(), json!({ "hostname": want }), "{a:?}");
    }

    // The trace shows the call and its result in Python's repr.
    let repr = python("import socket; print(repr(socket.gethostname()))");
    let out = sockx(["--trace", "hostname"]).run();
    out.ok();
    assert_eq!(out.err(), format!("gethostname() = {repr}\n"));
    assert_eq!(out.out(), format!("{want}\n"));
}

/// Names for getfqdn: empty and "this host" spellings, /etc/hosts and zone
/// names (a dotless canonical name with a dotted alias, and no dot at all:
/// the two ways out of getfqdn's loop), a CNAME chain, addresses with and without a PTR, NXDOMAIN names,
/// padding (Python strips it), an IPv4-mapped address (regression: Python's
/// gethostbyaddr raises OSError there, so getfqdn returns it unchanged, where
/// sockx used glibc's AF_INET answer).
const FQDN_NAMES: &[&str] = &[
    "",
    " ",
    "localhost",
    "0.0.0.0",
    "::",
    "127.0.0.1",
    "127.0.1.1",
    "sockx-test",
    "SOCKX-TEST",
    "sockx-test.example.test",
    "shorthost",
    "127.0.2.1",
    "nodots-alias",
    "127.0.2.2",
    "www.example.test",
    "alias.example.test",
    "web.example.test",
    "WWW.EXAMPLE.TEST",
    "www.example.test.",
    "multi.example.test",
    "dual.example.test",
    "v6.example.test",
    "v6alias.example.test",
    "127.0.0.10",
    "127.0.0.11",
    "fd00:5ec::6",
    "fd00:5ec::20",
    "127.0.0.99",
    "::1",
    "::ffff:127.0.0.10",
    "fe80::1%lo",
    "127.1",
    "2130706433",
    "nx.example.test",
    "nx",
    " padded ",
    " www.example.test ",
    "\tlocalhost\n",
    "a b",
];

const FQDN_ORACLE: &str = r#"
import json, socket, sys
names = json.load(open(sys.argv[1]))
print(json.dumps({
    'fqdn': [socket.getfqdn(n) for n in names],
    'default': socket.getfqdn(),
    'hostname': socket.gethostname(),
    'self_repr': repr(socket.gethostbyaddr(socket.gethostname())),
}))
"#;

#[test]
fn fqdn_matches_python_getfqdn_in_namespace() {
    if !netns::available() {
        return;
    }
    let oracle = Oracle::new("fqdn", FQDN_ORACLE, &json!(FQDN_NAMES));
    let mut cmds = vec![oracle.sh.clone()];
    for n in FQDN_NAMES {
        cmds.push(sockx_sh(&["fqdn", n]));
        cmds.push(sockx_sh(&["--json", "fqdn", n]));
    }
    let fixed = [
        "sockx fqdn",
        "sockx --json fqdn",
        "sockx fqdn --json",
        "sockx hostname",
        "sockx --json hostname",
        "sockx --trace fqdn",
        "sockx --json --trace fqdn",
    ];
    cmds.extend(fixed.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = cmds.iter().map(String::as_str).collect();
    let outs = netns::run(&refs);
    let want = oracle_json(&outs[0]);
    let fqdns = want["fqdn"].as_array().expect("fqdn list");
    assert_eq!(want["hostname"], "sockx-test", "the namespace's host name");

    for (i, n) in FQDN_NAMES.iter().enumerate() {
        let human = &outs[1 + 2 * i];
        let js = &outs[2 + 2 * i];
        let w = fqdns[i].as_str().expect("str");
        human.ok();
        assert_eq!(human.out(), format!("{w}\n"), "fqdn {n:?}");
        js.ok();
        assert_eq!(js.json(), json!({ "fqdn": w }), "--json fqdn {n:?}");
    }

    let rest = &outs[1 + 2 * FQDN_NAMES.len()..];
    let default = want["default"].as_str().expect("default");
    rest[0].ok();
    assert_eq!(rest[0].out(), format!("{default}\n"), "fqdn with no NAME");
    assert_eq!(rest[1].ok().json(), json!({ "fqdn": default }));
    assert_eq!(rest[2].ok().json(), json!({ "fqdn": default }));
    assert_eq!(
        rest[3].ok().out(),
        "sockx-test\n",
        "hostname in the namespace"
    );
    assert_eq!(rest[4].ok().json(), json!({"hostname": want["hostname"]}));

    // --trace: gethostname, then getaddrinfo (setipaddr), then gethostbyaddr_r
    // with Python's answer as its result.
    let t = &rest[5];
    t.ok();
    assert_eq!(t.out(), format!("{default}\n"));
    let err = t.err();
    let lines: Vec<&str> = err.lines().collect();
    let pos = |f: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(f))
            .unwrap_or_else(|| panic!("no {f} call in the trace:\n{err}"))
    };
    assert_eq!(lines[pos("gethostname(")], "gethostname() = 'sockx-test'");
    assert!(pos("gethostname(") < pos("getaddrinfo('sockx-test', None"));
    assert!(pos("getaddrinfo(") < pos("gethostbyaddr_r("));
    let self_repr = want["self_repr"].as_str().expect("repr");
    assert!(
        lines[pos("gethostbyaddr_r(")].ends_with(&format!(") = {self_repr}")),
        "gethostbyaddr_r result is not Python's {self_repr}:\n{err}"
    );

    // Under --json the same calls are JSON Lines events on stderr.
    let j = &rest[6];
    j.ok();
    assert_eq!(j.json(), json!({ "fqdn": default }));
    let calls: Vec<Value> = j
        .events()
        .into_iter()
        .filter(|e| e["event"] == "call")
        .collect();
    let names: Vec<&str> = calls.iter().filter_map(|e| e["call"].as_str()).collect();
    assert_eq!(names, ["gethostname", "getaddrinfo", "gethostbyaddr_r"]);
    assert_eq!(calls[0]["result"], "'sockx-test'");
    assert_eq!(calls[2]["result"], self_repr);
}
