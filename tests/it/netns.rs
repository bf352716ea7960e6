//! Hermetic name resolution (spec §7): commands run inside a private mount,
//! network and UTS namespace (`unshare -m -n -u`) where `lo` is the only
//! interface, /etc/resolv.conf names 127.0.0.1, and a real DNS server
//! (dnsmasq) answers for the test zone and NXDOMAIN for everything else,
//! forward and reverse. /etc/hosts and /etc/nsswitch.conf are ours too, and
//! the host name is `sockx-test`, so results do not depend on the machine.

#![allow(dead_code)]

use std::path::Path;

use super::util::{Out, TempDir, have, is_root, required};

/// The test zone. Every address is on loopback or in fd00:5ec::/64 (never routed:
/// the namespace has no interface but lo); nothing is ever sent to them but DNS
/// questions to 127.0.0.1:53 inside the namespace.
const DNSMASQ_CONF: &str = "\
no-resolv
no-hosts
port=53
listen-address=127.0.0.1
bind-interfaces
no-round-robin
local=/#/
host-record=web.example.test,127.0.0.10
cname=www.example.test,web.example.test
host-record=multi.example.test,127.0.0.11
host-record=multi.example.test,127.0.0.12
host-record=multi.example.test,127.0.0.13
host-record=v6.example.test,fd00:5ec::6
host-record=dual.example.test,127.0.0.20,fd00:5ec::20
cname=alias.example.test,www.example.test
cname=v6alias.example.test,v6.example.test
host-record=v6multi.example.test,fd00:5ec::a
host-record=v6multi.example.test,fd00:5ec::b
";

const HOSTS: &str = "\
127.0.0.1\tlocalhost
127.0.1.1\tsockx-test.example.test sockx-test
127.0.2.1\tshorthost shorthost.example.test
127.0.2.2\tnodots nodots-alias
";

const NSSWITCH: &str = "hosts: files dns\nservices: files\nprotocols: files\n";

const SCRIPT: &str = r#"
set -u
D="$1"
ip link set lo up || exit 90
mount --bind "$D/resolv.conf" /etc/resolv.conf || exit 91
mount --bind "$D/hosts" /etc/hosts || exit 92
mount --bind "$D/nsswitch.conf" /etc/nsswitch.conf || exit 93
hostname sockx-test || exit 94
dnsmasq --keep-in-foreground --conf-file="$D/dnsmasq.conf" --pid-file="$D/dnsmasq.pid" 2>"$D/dnsmasq.log" &
DP=$!
ready=0
for i in $(seq 1 200); do
  if python3 -c 'import socket; socket.gethostbyname("web.example.test")' 2>/dev/null; then ready=1; break; fi
  sleep 0.025
done
[ "$ready" = 1 ] || { kill $DP; exit 95; }
i=0
while IFS= read -r -d '' c; do
  timeout 20 bash -c "$c" >"$D/out.$i" 2>"$D/err.$i" </dev/null
  echo $? >"$D/rc.$i"
  i=$((i+1))
done <"$D/cmds"
kill $DP
wait $DP 2>/dev/null
exit 0
"#;

/// Whether the namespace can be made here (root, unshare, dnsmasq, ip);
/// prints a notice and skips otherwise, or panics under SOCKX_REQUIRE_PEERS=1.
pub fn available() -> bool {
    if !is_root() {
        if required() {
            panic!("name-resolution tests need root (unshare -m -n -u)");
        }
        eprintln!("notice: not root; skipping a name-resolution test");
        return false;
    }
    have("dnsmasq") && have("unshare") && have("ip")
}

/// Runs each shell command inside one fresh namespace, in order, and returns
/// their outcomes. `sockx` in a command is the binary under test.
pub fn run(cmds: &[&str]) -> Vec<Out> {
    let d = TempDir::new("ns");
    let p = d.path();
    let w = |name: &str, text: &str| std::fs::write(p.join(name), text).expect("write");
    w("dnsmasq.conf", DNSMASQ_CONF);
    w("hosts", HOSTS);
    w("nsswitch.conf", NSSWITCH);
    w(
        "resolv.conf",
        "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n",
    );
    w("script.sh", SCRIPT);
    let bin_dir = Path::new(super::util::BIN)
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let mut list = Vec::new();
    for c in cmds {
        list.extend_from_slice(c.as_bytes());
        list.push(0);
    }
    std::fs::write(p.join("cmds"), list).expect("write cmds");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = super::util::cmd(
        "unshare",
        [
            "--mount",
            "--net",
            "--uts",
            "bash",
            &p.join("script.sh").display().to_string(),
            &p.display().to_string(),
        ],
    )
    .env("PATH", &path)
    .timeout(std::time::Duration::from_secs(60 + 20 * cmds.len() as u64))
    .run();
    assert_eq!(
        out.code,
        0,
        "namespace setup failed (exit {}): {} {}",
        out.code,
        out.err(),
        std::fs::read_to_string(p.join("dnsmasq.log")).unwrap_or_default()
    );
    (0..cmds.len())
        .map(|i| {
            let read = |n: &str| std::fs::read(p.join(format!("{n}.{i}"))).unwrap_or_default();
            let code = String::from_utf8_lossy(&read("rc"))
                .trim()
                .parse()
                .unwrap_or(-1);
            Out {
                code,
                stdout: read("out"),
                stderr: read("err"),
            }
        })
        .collect()
}
