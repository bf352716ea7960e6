//! byteorder against struct.pack / socket.htons / socket.htonl / int.from_bytes.

use serde_json::{Value, json};

use super::Oracle;
use crate::util::sockx;

/// For each [literal, bits|null]: what the spec's JSON must say, computed
/// with struct and socket. The 64-bit hton/ntoh are the byte swaps spelled
/// out with int.from_bytes (Python has no htonll).
const ORACLE: &str = r#"
import json, socket, struct, sys
out = []
for lit, bits in json.load(open(sys.argv[1])):
    v = int(lit, 0)
    if bits is None:
        bits = 16 if v <= 0xFFFF else 32 if v <= 0xFFFFFFFF else 64
    f = {16: 'H', 32: 'I', 64: 'Q'}[bits]
    host = struct.pack('=' + f, v)
    net = struct.pack('!' + f, v)
    if bits == 16:
        hton, ntoh = socket.htons(v), socket.ntohs(v)
    elif bits == 32:
        hton, ntoh = socket.htonl(v), socket.ntohl(v)
    else:
        hton = int.from_bytes(net, sys.byteorder)
        ntoh = int.from_bytes(host, 'big')
    out.append({'value': v, 'bits': bits, 'host_order': sys.byteorder,
                'host_bytes': host.hex(), 'network_bytes': net.hex(),
                'hton': hton, 'ntoh': ntoh})
print(json.dumps(out))
"#;

const LITERALS: &[&str] = &[
    "0",
    "1",
    "0x12",
    "255",
    "0x100",
    "0x1234",
    "0X1234",
    "0x7fff",
    "32768",
    "0xfffe",
    "65535",
    "65536",
    "0b1",
    "0B1010",
    "0o777",
    "0O17",
    "0x12345678",
    "0x7fffffff",
    "2147483648",
    "0xdeadbeef",
    "0xdead_beef",
    "4294967295",
    "4294967296",
    "0x0102030405060708",
    "0x7fffffffffffffff",
    "9223372036854775808",
    "0xfedcba9876543210",
    "18446744073709551615",
];

/// The value of a test literal (only to pick the widths that hold it).
fn literal_value(lit: &str) -> u128 {
    let l = lit.to_ascii_lowercase().replace('_', "");
    let (digits, radix) = match l.get(..2) {
        Some("0x") => (&l[2..], 16),
        Some("0o") => (&l[2..], 8),
        Some("0b") => (&l[2..], 2),
        _ => (l.as_str(), 10),
    };
    u128::from_str_radix(digits, radix).expect("test literal")
}

/// Every literal at its default width and at every width that holds it.
fn cases() -> Vec<(&'static str, Option<u32>)> {
    let mut v = Vec::new();
    for &lit in LITERALS {
        v.push((lit, None));
        let n = literal_value(lit);
        for bits in [16u32, 32, 64] {
            if n < 1u128 << bits {
                v.push((lit, Some(bits)));
            }
        }
    }
    v
}

fn args(lit: &str, bits: Option<u32>, json: bool) -> Vec<String> {
    let mut a = Vec::new();
    if json {
        a.push("--json".to_string());
    }
    a.extend(["byteorder".to_string(), lit.to_string()]);
    if let Some(b) = bits {
        a.extend(["--bits".to_string(), b.to_string()]);
    }
    a
}

#[test]
fn byteorder_every_width_matches_python_struct() {
    let cases = cases();
    let input: Value = cases.iter().map(|(l, b)| json!([l, b])).collect();
    let want = Oracle::new("byteorder", ORACLE, &input).run_here();
    for ((lit, bits), want) in cases.iter().zip(want.as_array().expect("list")) {
        let out = sockx(args(lit, *bits, true)).run();
        out.ok();
        assert_eq!(out.json(), *want, "byteorder {lit} --bits {bits:?}");

        // The human rendering shows the same numbers and bytes.
        let human = sockx(args(lit, *bits, false)).run();
        human.ok();
        let text = human.out();
        let squeezed: String = text.split_whitespace().collect();
        for n in ["value", "hton", "ntoh"] {
            let v = want[n].to_string();
            assert!(
                text.contains(&v),
                "human byteorder {lit}: no {n} {v}:\n{text}"
            );
        }
        for b in ["host_bytes", "network_bytes"] {
            let hex = want[b].as_str().expect("hex");
            assert!(
                squeezed.contains(hex),
                "human byteorder {lit}: no {b} {hex}:\n{text}"
            );
        }
        assert!(text.contains(want["host_order"].as_str().expect("order")));
        assert!(human.err().is_empty(), "stderr not empty: {}", human.err());
    }
}

#[test]
fn byteorder_default_width_is_the_smallest_that_holds_the_value() {
    for (lit, bits) in [
        ("0xffff", 16),
        ("0x10000", 32),
        ("0xffffffff", 32),
        ("0x100000000", 64),
    ] {
        let out = sockx(["--json", "byteorder", lit]).run();
        out.ok();
        // The oracle: how many bytes Python's int needs, rounded up to a C width.
        let need: u32 = super::python(&format!(
            "v={lit}\nprint(next(b for b in (16, 32, 64) if v < 1 << b))"
        ))
        .parse()
        .expect("bits");
        assert_eq!(need, bits);
        assert_eq!(out.json()["bits"], need, "byteorder {lit}");
    }
}

#[test]
fn byteorder_bad_input_exits_2_naming_the_value() {
    // (arguments after `byteorder`, what the error line must quote, clap's error?)
    let cases: &[(&[&str], &str, bool)] = &[
        (&["0x1g"], "'0x1g'", false),
        (&["18446744073709551616"], "'18446744073709551616'", false),
        (&["0x10000000000000000"], "'0x10000000000000000'", false),
        (&["-1"], "'-1'", false),
        (&["-0x10"], "'-0x10'", false),
        (&["70000", "--bits", "16"], "70000", false),
        (&["4294967296", "--bits", "32"], "4294967296", false),
        (&["0x1_0000", "--bits", "16"], "65536", false),
        (&[""], "''", false),
        (&["abc"], "'abc'", false),
        (&["0x"], "'0x'", false),
        (&["0b102"], "'0b102'", false),
        (&["0o8"], "'0o8'", false),
        (&["1.5"], "'1.5'", false),
        (&["1e3"], "'1e3'", false),
        (&["1__0"], "'1__0'", false),
        (&["\u{0661}\u{0662}"], "'\u{0661}\u{0662}'", false),
        (&["\u{ff11}\u{ff12}"], "'\u{ff11}\u{ff12}'", false),
        (&["\u{b2}"], "'\u{b2}'", false),
        (&["1", "--bits", "8"], "'8'", true),
        (&["1", "--bits", "128"], "'128'", true),
        (&["1", "--bits", ""], "--bits", true),
    ];
    for (rest, needle, from_clap) in cases {
        let mut a = vec!["byteorder"];
        a.extend_from_slice(rest);
        let out = sockx(&a).run();
        out.code(2).error_line(needle);
        assert!(out.stdout.is_empty(), "stdout for {a:?}: {}", out.out());
        if !from_clap {
            let err = out.err();
            assert_eq!(err.lines().count(), 1, "one error line for {a:?}: {err}");
            assert!(err.starts_with("sockx: error: "), "{err}");
        }
    }

    // The numeric rejects are what struct refuses to pack at that width.
    let refused = super::python(
        "import struct\n\
         for f, v in (('!Q', -1), ('!Q', 2**64), ('!H', 70000), ('!I', 2**32), ('!H', 65536)):\n\
         \ttry:\n\t\tstruct.pack(f, v); print('packed', f, v)\n\
         \texcept struct.error:\n\t\tprint('refused')",
    );
    assert!(
        refused.lines().all(|l| l == "refused"),
        "python packs a value sockx rejects: {refused}"
    );
}

#[test]
fn byteorder_global_options_before_and_after() {
    let want = Oracle::new("byteorder-global", ORACLE, &json!([["0x1234", null]])).run_here();
    let mut seen = Vec::new();
    for a in [
        vec!["--json", "byteorder", "0x1234"],
        vec!["byteorder", "--json", "0x1234"],
        vec!["byteorder", "0x1234", "--json"],
        vec!["--color", "never", "byteorder", "--json", "0x1234"],
    ] {
        let out = sockx(&a).run();
        out.ok();
        assert_eq!(out.json(), want[0], "{a:?}");
        seen.push(out.out());
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]));

    // --trace names the C functions and their results, on stderr only.
    let out = sockx(["byteorder", "--trace", "0x1234"]).run();
    out.ok();
    let htons = super::python("import socket; print(socket.htons(0x1234))");
    let ntohs = super::python("import socket; print(socket.ntohs(0x1234))");
    let err = out.err();
    assert!(
        err.contains(&format!("htons(4660) = {htons}")),
        "trace: {err}"
    );
    assert!(
        err.contains(&format!("ntohs(4660) = {ntohs}")),
        "trace: {err}"
    );
    assert!(!out.out().contains("htons(4660) ="), "trace went to stdout");
}
