//! resolve against socket.gethostbyname_ex / gethostbyaddr (default), and
//! against socket.getaddrinfo(name, None, AF_INET6 | AF_UNSPEC, SOCK_STREAM,
//! 0, AI_CANONNAME) deduplicated for -6 / --all. Only inside the namespace.

use serde_json::{Value, json};

use super::{Oracle, gai_exit, oracle_json, sockx_sh};
use crate::netns;
use crate::util::Out;

/// Each case is [query, mode]: mode "ex" (no option), "6" (-6) or "all"
/// (--all). An address is looked up backwards whatever the mode, as the spec
/// says. Answers are {hostname, aliases, addresses} or the exception.
const ORACLE: &str = r#"
import errno, ipaddress, json, socket, sys

def is_addr(q):
    try:
        ipaddress.ip_address(q.split('%')[0])
        return True
    except ValueError:
        return False

def eai(code):
    n = sorted(k for k in dir(socket) if k.startswith('EAI_') and getattr(socket, k) == code)
    return n[0] if n else str(code)

out = []
for q, mode in json.load(open(sys.argv[1])):
    try:
        if is_addr(q):
            r = socket.gethostbyaddr(q)
            res = {'hostname': r[0], 'aliases': r[1], 'addresses': r[2]}
            call = ('gethostbyaddr', repr(r))
        elif mode == 'ex':
            r = socket.gethostbyname_ex(q)
            res = {'hostname': r[0], 'aliases': r[1], 'addresses': r[2]}
            call = ('gethostbyname_ex', repr(r))
        else:
            fam = socket.AF_INET6 if mode == '6' else socket.AF_UNSPEC
            r = socket.getaddrinfo(q, None, fam, socket.SOCK_STREAM, 0, socket.AI_CANONNAME)
            addrs = []
            for *_, sa in r:
                if sa[0] not in addrs:
                    addrs.append(sa[0])
            canon = r[0][3] or q
            # A query that is not the canonical name is its alias (the
            # documented shape of gethostbyname_ex for -6/--all).
            res = {'hostname': canon,
                   'aliases': [] if canon.lower() == q.lower() else [q],
                   'addresses': addrs}
            call = ('getaddrinfo', None)
        out.append({'ok': res, 'call': call})
    except socket.gaierror as e:
        out.append({'gaierror': eai(e.errno)})
    except socket.herror as e:
        out.append({'herror': e.strerror})
    except OSError as e:
        out.append({'oserror': errno.errorcode[e.errno]})
print(json.dumps(out))
"#;

const CASES: &[(&str, &str)] = &[
    ("www.example.test", "ex"),
    ("alias.example.test", "ex"),
    ("web.example.test", "ex"),
    ("WWW.EXAMPLE.TEST", "ex"),
    ("www.example.test.", "ex"),
    ("multi.example.test", "ex"),
    ("dual.example.test", "ex"),
    ("localhost", "ex"),
    ("sockx-test", "ex"),
    ("sockx-test.example.test", "ex"),
    ("shorthost", "ex"),
    ("nodots-alias", "ex"),
    ("127.0.2.1", "ex"),
    ("127.1", "ex"),
    ("2130706433", "ex"),
    ("v6.example.test", "ex"),
    ("nx.example.test", "ex"),
    ("nx", "ex"),
    ("127.0.0.10", "ex"),
    ("127.0.0.12", "ex"),
    ("127.0.0.1", "ex"),
    ("127.0.1.1", "ex"),
    ("fd00:5ec::6", "ex"),
    ("fd00:5ec::20", "ex"),
    ("127.0.0.99", "ex"),
    ("::1", "ex"),
    ("fd00:5ec::99", "ex"),
    // Regression: glibc answers with an AF_INET entry, which Python refuses
    // (OSError EAFNOSUPPORT); sockx printed it.
    ("::ffff:127.0.0.10", "ex"),
    ("dual.example.test", "6"),
    ("v6.example.test", "6"),
    ("v6alias.example.test", "6"),
    ("v6multi.example.test", "6"),
    ("www.example.test", "6"),
    ("nx.example.test", "6"),
    ("127.0.0.10", "6"),
    ("dual.example.test", "all"),
    ("www.example.test", "all"),
    ("alias.example.test", "all"),
    ("multi.example.test", "all"),
    ("v6multi.example.test", "all"),
    ("sockx-test", "all"),
    ("localhost", "all"),
    ("web.example.test", "all"),
    ("nx.example.test", "all"),
    ("fd00:5ec::20", "all"),
];

fn args(q: &'static str, mode: &str, json: bool) -> Vec<&'static str> {
    let mut a = Vec::new();
    if json {
        a.push("--json");
    }
    match mode {
        "6" => a.extend(["-6", "resolve", q]),
        "all" => a.extend(["resolve", "--all", q]),
        _ => a.extend(["resolve", q]),
    }
    a
}

fn check_error(what: &str, want: &Value, out: &Out) {
    assert!(out.stdout.is_empty(), "{what}: stdout {:?}", out.out());
    assert_eq!(out.err().lines().count(), 1, "{what}: {}", out.err());
    if let Some(e) = want["gaierror"].as_str() {
        out.code(gai_exit(e)).error_line(e);
    } else if let Some(msg) = want["herror"].as_str() {
        // CPython reads the global h_errno, which glibc leaves unset for some
        // failures ("Resolver Error 0"); the lookup failed all the same.
        out.code(3).error_line("HOST_NOT_FOUND");
        if msg == "Unknown host" {
            out.error_line(msg);
        }
    } else if let Some(e) = want["oserror"].as_str() {
        out.code(1).error_line(e);
    } else {
        panic!("{what}: unexpected oracle answer {want}");
    }
}

#[test]
fn resolve_matches_python_in_namespace() {
    if !netns::available() {
        return;
    }
    let input: Value = CASES.iter().map(|(q, m)| json!([q, m])).collect();
    let oracle = Oracle::new("resolve", ORACLE, &input);
    let mut cmds = vec![oracle.sh.clone()];
    for (q, m) in CASES {
        cmds.push(sockx_sh(&args(q, m, true)));
        cmds.push(sockx_sh(&args(q, m, false)));
    }
    let refs: Vec<&str> = cmds.iter().map(String::as_str).collect();
    let outs = netns::run(&refs);
    let want = oracle_json(&outs[0]);
    for (i, (q, m)) in CASES.iter().enumerate() {
        let what = format!("resolve {q} ({m})");
        let w = &want[i];
        let (js, human) = (&outs[1 + 2 * i], &outs[2 + 2 * i]);
        if w.get("ok").is_none() {
            check_error(&what, w, js);
            check_error(&what, w, human);
            continue;
        }
        js.ok();
        let j = js.json();
        assert_eq!(j["query"], *q, "{what}: query");
        assert_eq!(j["hostname"], w["ok"]["hostname"], "{what}: hostname");
        assert_eq!(j["aliases"], w["ok"]["aliases"], "{what}: aliases");
        assert_eq!(j["addresses"], w["ok"]["addresses"], "{what}: addresses");
        assert_eq!(
            j.as_object().map(|o| o.len()),
            Some(4),
            "{what}: fields {j}"
        );

        human.ok();
        let text = human.out();
        let hostname = w["ok"]["hostname"].as_str().expect("hostname");
        assert!(
            text.lines().next().is_some_and(|l| l.ends_with(hostname)),
            "{what}: hostname line\n{text}"
        );
        for v in w["ok"]["aliases"]
            .as_array()
            .into_iter()
            .chain(w["ok"]["addresses"].as_array())
            .flatten()
        {
            let v = v.as_str().expect("str");
            assert!(
                text.lines().any(|l| l.split_whitespace().any(|c| c == v)),
                "{what}: {v} missing\n{text}"
            );
        }
    }
}

#[test]
fn resolve_trace_and_global_options_in_namespace() {
    if !netns::available() {
        return;
    }
    let oracle = Oracle::new(
        "resolve-trace",
        ORACLE,
        &json!([
            ["www.example.test", "ex"],
            ["127.0.0.10", "ex"],
            ["127.0.0.99", "ex"]
        ]),
    );
    let outs = netns::run(&[
        &oracle.sh,
        "sockx --trace resolve www.example.test",
        "sockx --json --trace resolve www.example.test",
        "sockx --trace resolve 127.0.0.10",
        "sockx --trace resolve 127.0.0.99",
        "sockx --trace resolve nx.example.test",
        "sockx resolve --json www.example.test",
        "sockx resolve www.example.test --json",
        "sockx --json resolve www.example.test",
        "sockx --trace resolve --all dual.example.test",
    ]);
    let want = oracle_json(&outs[0]);
    let ex_repr = want[0]["call"][1].as_str().expect("repr");
    let addr_repr = want[1]["call"][1].as_str().expect("repr");

    // getaddrinfo (CPython's setipaddr), then gethostbyname_r whose result
    // is Python's gethostbyname_ex triple.
    let t = outs[1].ok().err();
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines.len(), 2, "{t}");
    assert!(
        lines[0].starts_with("getaddrinfo('www.example.test', None, AF_INET, "),
        "{t}"
    );
    assert!(lines[0].contains("('127.0.0.10', 0)"), "{t}");
    assert_eq!(
        lines[1],
        format!("gethostbyname_r('www.example.test') = {ex_repr}")
    );

    let j = &outs[2];
    j.ok();
    assert_eq!(j.json()["hostname"], "web.example.test");
    let calls: Vec<Value> = j.events();
    assert_eq!(calls.len(), 2, "{}", j.err());
    assert!(calls.iter().all(|e| e["event"] == "call"));
    assert_eq!(calls[0]["call"], "getaddrinfo");
    assert_eq!(calls[1]["call"], "gethostbyname_r");
    assert_eq!(calls[1]["args"], "'www.example.test'");
    assert_eq!(calls[1]["result"], ex_repr);

    let t = outs[3].ok().err();
    assert_eq!(
        t,
        format!("gethostbyaddr_r('127.0.0.10', AF_INET) = {addr_repr}\n")
    );

    // Failures in the trace: the h_errno, the EAI_ code.
    outs[4].code(3);
    assert!(want[2]["herror"].is_string(), "python: {}", want[2]);
    assert!(
        outs[4].err().lines().any(|l| l
            .starts_with("gethostbyaddr_r('127.0.0.99', AF_INET) = NULL")
            && l.contains("HOST_NOT_FOUND")),
        "{}",
        outs[4].err()
    );
    outs[5].code(3);
    assert!(
        outs[5]
            .err()
            .lines()
            .any(|l| l.starts_with("getaddrinfo('nx.example.test'") && l.contains("= EAI_NONAME")),
        "{}",
        outs[5].err()
    );

    // --json before or after the subcommand or its argument: the same document.
    let docs: Vec<String> = outs[6..9].iter().map(|o| o.ok().out()).collect();
    assert!(docs.windows(2).all(|w| w[0] == w[1]), "{docs:?}");

    // --all goes through getaddrinfo only.
    let t = outs[9].ok().err();
    assert!(
        t.starts_with(
            "getaddrinfo('dual.example.test', None, AF_UNSPEC, SOCK_STREAM, 0, AI_CANONNAME) = ["
        ),
        "{t}"
    );
    assert!(!t.contains("gethostbyname"), "{t}");
}
