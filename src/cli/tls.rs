//! TLS arguments: the client's (`connect --tls`, `sockx tls`) and the
//! server's (`listen --tls`), flattened into those commands, and the
//! `sockx tls` subcommand itself — Python's `ssl.SSLContext` and
//! `wrap_socket`, as options.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::parse;
use crate::net::tls::config::Version;

fn pin(s: &str) -> Result<[u8; 32], String> {
    crate::net::tls::parse_pin(s)
}

/// An ALPN list (a newtype: clap gives a bare Vec one value per item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alpn(pub Vec<String>);

fn alpn(s: &str) -> Result<Alpn, String> {
    let v: Vec<String> = s.split(',').map(str::to_string).collect();
    if v.iter().any(|p| p.is_empty() || p.len() > 255) {
        return Err("expected a comma-separated list of protocol names (h2,http/1.1)".into());
    }
    Ok(Alpn(v))
}

/// The client side of TLS.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "TLS")]
pub struct ClientTls {
    /// Trust only the CA certificates in FILE (PEM), not the system store
    #[arg(long, value_name = "FILE")]
    pub cafile: Option<PathBuf>,

    /// Name to send (SNI) and to check the certificate against (default: HOST)
    #[arg(long, value_name = "NAME")]
    pub sni: Option<String>,

    /// Do not verify the certificate (every problem is still listed on stderr)
    #[arg(long)]
    pub insecure: bool,

    /// Accept exactly the certificate with this SHA-256 fingerprint (sha256:HEX, colons optional)
    #[arg(long, value_name = "sha256:HEX", value_parser = pin)]
    pub pin: Option<[u8; 32]>,

    /// Protocols to offer with ALPN, comma-separated (h2,http/1.1)
    #[arg(long, value_name = "LIST", value_parser = alpn)]
    pub alpn: Option<Alpn>,

    /// Lowest TLS version to use: 1.2 or 1.3
    #[arg(long, value_name = "VERSION", value_parser = Version::parse)]
    pub tls_min: Option<Version>,

    /// Highest TLS version to use: 1.2 or 1.3
    #[arg(long, value_name = "VERSION", value_parser = Version::parse)]
    pub tls_max: Option<Version>,

    /// Client certificate chain (PEM), with --key
    #[arg(long, value_name = "FILE", requires = "key")]
    pub cert: Option<PathBuf>,

    /// Private key of --cert (PEM)
    #[arg(long, value_name = "FILE", requires = "cert")]
    pub key: Option<PathBuf>,

    /// Upgrade a plain-text session first: smtp (EHLO, STARTTLS), imap (a1 STARTTLS) or pop3 (STLS)
    #[arg(long, value_name = "PROTO", value_parser = crate::net::tls::starttls::Proto::parse)]
    pub starttls: Option<crate::net::tls::starttls::Proto>,
}

/// The server side of TLS.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "TLS")]
pub struct ServerTls {
    /// Wrap each accepted connection in TLS (ssl.wrap_socket(server_side=True))
    #[arg(long)]
    pub tls: bool,

    /// Certificate chain to present (PEM, leaf first); default: a throwaway one made at start
    #[arg(long, value_name = "FILE", requires = "key")]
    pub cert: Option<PathBuf>,

    /// Private key of --cert (PEM)
    #[arg(long, value_name = "FILE", requires = "cert")]
    pub key: Option<PathBuf>,

    /// Ask for a client certificate and check it against --cafile
    #[arg(long, requires = "cafile")]
    pub verify_client: bool,

    /// CA certificates (PEM) that client certificates must chain to (--verify-client)
    #[arg(long, value_name = "FILE")]
    pub cafile: Option<PathBuf>,

    /// Protocols to accept with ALPN, in order of preference (h2,http/1.1)
    #[arg(long, value_name = "LIST", value_parser = alpn)]
    pub alpn: Option<Alpn>,

    /// Lowest TLS version to accept: 1.2 or 1.3
    #[arg(long, value_name = "VERSION", value_parser = Version::parse)]
    pub tls_min: Option<Version>,

    /// Highest TLS version to accept: 1.2 or 1.3
    #[arg(long, value_name = "VERSION", value_parser = Version::parse)]
    pub tls_max: Option<Version>,
}

#[derive(Debug, Args)]
#[command(
    about = "TLS report: connect, handshake, and show the version, cipher, chain and verdict",
    override_usage = "sockx tls [OPTIONS] <HOST> <PORT>\n       sockx tls [OPTIONS] <HOST>:<PORT>",
    long_about = "\
The result command of the seeds' ssl(): connect to HOST PORT, wrap the socket in \
TLS, handshake, and report what was agreed and what was presented: the protocol \
version, cipher suite, key-exchange group, ALPN protocol, the SNI sent, whether the \
session was resumed, the connect and handshake times; the chain as the server sent \
it and the chain as built (from what was sent and the trust store), each \
certificate with subject, issuer, SANs, validity and days left, key type and size, \
signature algorithm and SHA-256 fingerprint; then the verdict with every problem \
found, each explained (expired on which date, not yet valid, the name expected and \
the names presented, a missing intermediate or an untrusted root, self-signed, a CA \
certificate used as a server certificate, wrong key usage).

Calls, in order: getaddrinfo, socket, connect (as connect does); then \
ctx.wrap_socket(fd, server_hostname=NAME), do_handshake(), version(), cipher(), \
selected_alpn_protocol(), getpeercert(); unwrap() (close_notify), close.

The report is printed even when the chain does not verify; the exit status is then \
5. The handshake is always completed (the certificate is checked after it, as \
--insecure does), so a bad certificate can be inspected.

Python equivalent:
  ctx = ssl.create_default_context(cafile=CA)
  s = ctx.wrap_socket(sock, server_hostname=H); s.getpeercert()",
    after_long_help = "\
Examples:
  sockx tls 127.0.0.1 8443 --cafile ca.pem     report, verified against ca.pem
  sockx tls localhost:8443 --sni example.test  check the certificate for another name
  sockx --json tls 127.0.0.1 8443 | jq .verdict"
)]
pub struct TlsArgs {
    /// HOST PORT or HOST:PORT
    #[arg(value_name = "ADDRESS", num_args = 1..=2, required = true)]
    pub address: Vec<String>,

    /// Connect and handshake timeout
    #[arg(short = 'w', long = "timeout", value_name = "DURATION", value_parser = parse::duration)]
    pub timeout: Option<Duration>,

    #[command(flatten)]
    pub tls: ClientTls,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}
