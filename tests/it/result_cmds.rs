//! The six result commands against python3's socket module.

use super::netns;
use super::util::{python, sockx};

#[test]
fn byteorder_matches_python_htons_htonl() {
    for v in [
        "0x1234",
        "4660",
        "0",
        "65535",
        "0x12345678",
        "80",
        "0b1010",
        "0o777",
        "4294967295",
    ] {
        let out = sockx(["--json", "byteorder", v]).run();
        out.ok();
        let j = out.json();
        let oracle = python(&format!(
            "import socket,struct\nv={v}\nbits=16 if v<=0xffff else 32\n\
             f,p=(socket.htons,'H') if bits==16 else (socket.htonl,'I')\n\
             print(v,bits,f(v),struct.pack('='+p,v).hex(),struct.pack('!'+p,v).hex(),\
             'little' if struct.pack('=H',1)==b'\\x01\\x00' else 'big')"
        ));
        let got = format!(
            "{} {} {} {} {} {}",
            j["value"],
            j["bits"],
            j["hton"],
            j["host_bytes"].as_str().unwrap(),
            j["network_bytes"].as_str().unwrap(),
            j["host_order"].as_str().unwrap()
        );
        assert_eq!(got, oracle, "byteorder {v}");
    }
}

#[test]
fn resolve_in_hermetic_dns() {
    if !netns::available() {
        return;
    }
    let outs = netns::run(&[
        "sockx --json resolve www.example.test",
        "python3 -c 'import socket,json; print(json.dumps(socket.gethostbyname_ex(\"www.example.test\")))'",
    ]);
    outs[0].ok();
    let j = outs[0].json();
    let py: serde_json::Value = serde_json::from_slice(&outs[1].stdout).expect("python json");
    assert_eq!(j["hostname"], py[0]);
    assert_eq!(j["aliases"], py[1]);
    assert_eq!(j["addresses"], py[2]);
    assert_eq!(j["hostname"], "web.example.test");
}
