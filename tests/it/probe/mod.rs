//! `connect -z` (the concurrent prober) and `connect --ping`, in network
//! namespaces the tests create (`unshare --net --mount`): loopback is the
//! only interface, a python listener accepts on the open ports, iptables
//! drops (filtered) or rejects with an ICMP host-unreachable on others, and
//! every other port refuses. No packet leaves the namespace. nmap -sT is
//! the oracle for the open ports. Root is needed (skipped with a notice
//! otherwise, unless SOCKX_REQUIRE_PEERS=1).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::util::{Out, TempDir, have, is_root, required};

mod ping;
mod scan;

pub const HOSTS: &str = "127.0.0.1\tlocalhost\n127.0.0.2\tdual\n::1\tdual\n";

/// Accepts and closes on HOST PORT..., then prints "ready".
const LISTENER: &str = r#"
import socket, sys, selectors
sel = selectors.DefaultSelector()
for p in map(int, sys.argv[2:]):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((sys.argv[1], p)); s.listen(4096); s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
print("ready", flush=True)
while True:
    for key, _ in sel.select():
        try:
            c, _ = key.fileobj.accept(); c.close()
        except OSError:
            pass
"#;

/// The namespace's standard target, 127.0.0.2: open 22, 80, 8080; 25 and
/// 135 dropped (filtered, no answer); 136 answered with ICMP
/// host-unreachable (filtered, EHOSTUNREACH); everything else refuses.
pub const SETUP: &str = r#"
python3 "$D/listen.py" 127.0.0.2 22 80 8080 >"$D/ready" 2>&1 &
for i in $(seq 1 400); do grep -q ready "$D/ready" && break; sleep 0.025; done
grep -q ready "$D/ready" || exit 96
$IPT -A INPUT -i lo -d 127.0.0.2 -p tcp --dport 25 -j DROP || exit 97
$IPT -A INPUT -i lo -d 127.0.0.2 -p tcp --dport 135 -j DROP || exit 97
$IPT -A INPUT -i lo -d 127.0.0.2 -p tcp --dport 136 -j REJECT --reject-with icmp-host-unreachable || exit 97
"#;

pub const OPEN: [u64; 3] = [22, 80, 8080];

const SCRIPT: &str = r#"
set -u
D="$1"
ip link set lo up || exit 90
mount --bind "$D/hosts" /etc/hosts || exit 91
IPT=$(command -v iptables-legacy || command -v iptables)
export D IPT
. "$D/setup.sh"
i=0
while IFS= read -r -d '' c; do
  timeout 120 bash -c "$c" >"$D/out.$i" 2>"$D/err.$i" </dev/null
  echo $? >"$D/rc.$i"
  i=$((i+1))
done <"$D/cmds"
kill $(jobs -p) 2>/dev/null
exit 0
"#;

/// Whether the namespace can be made here; a notice and a skip otherwise.
pub fn available() -> bool {
    if !is_root() {
        if required() {
            panic!("probe tests need root (unshare --net, iptables)");
        }
        eprintln!("notice: not root; skipping a connect -z namespace test");
        return false;
    }
    let ok = have("unshare") && have("ip") && have("python3") && have("iptables");
    if !ok && required() {
        panic!("probe tests need unshare, ip, python3 and iptables");
    }
    ok
}

/// Runs each bash command in one fresh namespace after `setup`, in order.
/// `$D` is a scratch directory; `sockx` is the binary under test.
pub fn in_ns(setup: &str, cmds: &[&str]) -> Vec<Out> {
    let d = TempDir::new("probe");
    let p = d.path();
    let w = |name: &str, text: &str| std::fs::write(p.join(name), text).expect("write");
    w("hosts", HOSTS);
    w("listen.py", LISTENER);
    w("setup.sh", setup);
    w("script.sh", SCRIPT);
    let mut list = Vec::new();
    for c in cmds {
        list.extend_from_slice(c.as_bytes());
        list.push(0);
    }
    std::fs::write(p.join("cmds"), list).expect("write cmds");
    let bin_dir = Path::new(super::util::BIN).parent().expect("bin dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = super::util::cmd(
        "unshare",
        [
            "--net",
            "--mount",
            "bash",
            &p.join("script.sh").display().to_string(),
            &p.display().to_string(),
        ],
    )
    .env("PATH", &path)
    .timeout(std::time::Duration::from_secs(60 + 130 * cmds.len() as u64))
    .run();
    assert_eq!(out.code, 0, "namespace setup failed: {}", out.err());
    (0..cmds.len())
        .map(|i| {
            let read = |n: &str| std::fs::read(p.join(format!("{n}.{i}"))).unwrap_or_default();
            Out {
                code: String::from_utf8_lossy(&read("rc"))
                    .trim()
                    .parse()
                    .unwrap_or(-1),
                stdout: read("out"),
                stderr: read("err"),
            }
        })
        .collect()
}

/// port → (state, error) from a --json scan; each port once.
pub fn states(out: &Out) -> BTreeMap<u64, (String, Value)> {
    let (results, _) = out.results();
    let mut m = BTreeMap::new();
    for r in &results {
        let port = r["port"].as_u64().expect("port");
        let state = r["state"].as_str().expect("state").to_string();
        assert_eq!(r["open"], state == "open", "{r}");
        match (state.as_str(), &r["rtt_ms"]) {
            ("open" | "closed", Value::Number(_)) => {}
            ("filtered", Value::Null) => assert_eq!(r["error"], Value::Null, "{r}"),
            ("filtered", Value::Number(_)) => assert!(r["error"].is_string(), "{r}"),
            _ => panic!("state and rtt_ms disagree: {r}"),
        }
        let again = m.insert(port, (state, r["error"].clone()));
        assert!(again.is_none(), "port {port} reported twice");
    }
    m
}

pub fn open_ports(m: &BTreeMap<u64, (String, Value)>) -> Vec<u64> {
    m.iter()
        .filter(|(_, (s, _))| s == "open")
        .map(|(p, _)| *p)
        .collect()
}
