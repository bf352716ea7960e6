//! One TLS session's start, client or server side: wrap_socket, the
//! handshake, and what it agreed on, traced in Python's `ssl` notation and
//! reported as events; failures worded with every reason (exit 5).

use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::ServerName;
use rustls::{ClientConnection, Connection, ServerConfig, ServerConnection};

use super::config::{self, ClientPlan};
use super::stream::{HandshakeError, handshake};
use super::verify::{HelloRecorder, Verifier, explain};
use super::{Info, TlsStream, Watch};
use crate::error::{Error, Result};
use crate::event::{Event, Sink};
use crate::net::sock::Sock;
use crate::trace;

/// A client session after its handshake.
pub struct Client {
    pub stream: TlsStream,
    pub info: Info,
    pub verifier: Arc<Verifier>,
}

fn server_name(name: &str) -> Result<ServerName<'static>> {
    let bare = name.trim_matches(['[', ']']);
    ServerName::try_from(bare.to_string()).map_err(|_| {
        Error::usage(format!(
            "'{name}' is neither a DNS name nor an IP address (--sni)"
        ))
    })
}

fn trace_info(info: &Info) {
    trace::ok("version", String::new, || format!("'{}'", info.version));
    trace::ok("cipher", String::new, || {
        format!("('{}', '{}', {})", info.cipher, info.version, info.bits)
    });
    trace::ok("selected_alpn_protocol", String::new, || match &info.alpn {
        Some(p) => format!("'{p}'"),
        None => "None".into(),
    });
}

/// Maps a failed handshake to the error users see.
fn failed(e: HandshakeError, peer: &str, verifier: Option<&Verifier>) -> Error {
    let err = match e {
        HandshakeError::Io(e) => return Error::os(format!("TLS handshake with {peer}"), &e),
        HandshakeError::Closed => Error::tls(format!(
            "TLS handshake with {peer}: the peer closed the connection during the handshake (is it speaking TLS?)"
        )),
        HandshakeError::Tls(e) => {
            let cert = matches!(
                e,
                rustls::Error::InvalidCertificate(_) | rustls::Error::General(_)
            );
            match verifier {
                Some(v) if cert => {
                    let problems = v.problems();
                    let list = if problems.is_empty() {
                        explain(&e)
                    } else {
                        problems.join("; ")
                    };
                    Error::tls(format!(
                        "certificate verification failed for '{}': {list}",
                        v.name
                    ))
                    .with_hint("sockx tls HOST PORT shows the chain; --cafile FILE or --pin sha256:HEX trusts a certificate")
                }
                _ => Error::tls(format!("TLS handshake with {peer} failed: {}", explain(&e))),
            }
        }
    };
    trace::ok("do_handshake", String::new, || {
        format!("ssl.SSLError({:?})", err.message)
    });
    err
}

/// wrap_socket(server_hostname=NAME) and do_handshake. Under --insecure
/// every problem found is a warning.
/// The client context, made before any socket exists: a bad --cafile,
/// --cert or name is invalid input, not a failed connection.
pub struct Prepared {
    cfg: Arc<rustls::ClientConfig>,
    verifier: Arc<Verifier>,
    name: ServerName<'static>,
}

pub fn prepare(plan: &ClientPlan) -> Result<Prepared> {
    let (cfg, verifier) = config::client(plan)?;
    let name = server_name(&plan.name)?;
    Ok(Prepared {
        cfg,
        verifier,
        name,
    })
}

pub fn connect(
    sock: Sock,
    plan: &ClientPlan,
    prepared: Prepared,
    timeout: Option<Duration>,
    peer: &str,
    sink: &mut dyn Sink,
) -> Result<Client> {
    let Prepared {
        cfg,
        verifier,
        name,
    } = prepared;
    if let Some(proto) = plan.starttls {
        super::starttls::upgrade(&sock, proto, timeout, peer)?;
    }
    let fd = sock.fd();
    trace::ok(
        "ctx.wrap_socket",
        || format!("{fd}, server_hostname='{}'", plan.name),
        || format!("<ssl.SSLSocket fd={fd}>"),
    );
    let conn =
        ClientConnection::new(cfg, name).map_err(|e| Error::tls(format!("TLS setup: {e}")))?;
    let mut stream = TlsStream::new(sock, Connection::Client(conn));
    let mut info = match handshake(&mut stream, timeout) {
        Ok(i) => i,
        Err(e) => return Err(failed(e, peer, Some(&verifier))),
    };
    trace::ok("do_handshake", String::new, || "None".into());
    info.sni = Some(plan.name.clone()).filter(|n| n.parse::<std::net::IpAddr>().is_err());
    trace_info(&info);
    let seen = verifier.seen();
    trace::ok("getpeercert", String::new, || match seen.chain.first() {
        Some(c) => super::x509::py_cert(c),
        None => "None".into(),
    });
    if seen.accepted_by == Some("insecure") {
        for p in verifier.problems() {
            sink.event(Event::Warning {
                message: format!("--insecure: {p}"),
            });
        }
    }
    sink.event(Event::Tls {
        info: info.clone(),
        verified_by: seen.accepted_by.map(str::to_string),
        peer_sha256: seen.chain.first().map(|c| super::fingerprint(c)),
    });
    Ok(Client {
        stream,
        info,
        verifier,
    })
}

/// wrap_socket(server_side=True) and do_handshake on an accepted socket.
pub fn accept(
    sock: Sock,
    cfg: &Arc<ServerConfig>,
    hello: &HelloRecorder,
    timeout: Option<Duration>,
    peer: &str,
    sink: &mut dyn Sink,
    watch: Watch,
) -> Result<TlsStream> {
    let fd = sock.fd();
    trace::ok(
        "ctx.wrap_socket",
        || format!("{fd}, server_side=True"),
        || format!("<ssl.SSLSocket fd={fd}>"),
    );
    let conn =
        ServerConnection::new(cfg.clone()).map_err(|e| Error::tls(format!("TLS setup: {e}")))?;
    let mut stream = TlsStream::new(sock, Connection::Server(conn));
    let r = super::stream::handshake_with(&mut stream, timeout, watch);
    if let Some(mut offer) = hello.take() {
        offer.versions = stream.offered_versions();
        sink.event(Event::ClientHello { offer });
    }
    let info = r.map_err(|e| failed(e, peer, None))?;
    trace::ok("do_handshake", String::new, || "None".into());
    trace_info(&info);
    let client_cert = stream
        .conn
        .peer_certificates()
        .and_then(|c| c.first())
        .map(|c| super::fingerprint(c));
    sink.event(Event::Tls {
        info,
        verified_by: client_cert
            .as_ref()
            .map(|_| "client certificate".to_string()),
        peer_sha256: client_cert,
    });
    Ok(stream)
}

/// The end of a relay over TLS: a peer that closed TCP without close_notify
/// is said, not silently accepted.
pub fn report_eof(stream: &TlsStream, sink: &mut dyn Sink) {
    if stream.eof == super::Eof::TcpFin {
        sink.event(Event::Warning {
            message: "the peer closed the TCP connection without a TLS close_notify: what arrived may have been cut short".into(),
        });
    }
    if stream.eof != super::Eof::Open {
        sink.event(Event::TlsEof { eof: stream.eof });
    }
}
