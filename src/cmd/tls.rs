//! `sockx tls HOST PORT`: connect, wrap_socket, do_handshake, and report what
//! was agreed, the chain as sent and as built, and the verdict with every
//! problem explained (exit 5 when the chain does not verify). Also the TLS
//! plans of `connect --tls` and `listen --tls`, made once from the arguments.

use std::time::Instant;

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::{ClientTls, ServerTls, TlsArgs};
use crate::error::{Error, Result, exit};
use crate::net::tls::config::{ClientPlan, ServerPlan, Trust, Version};
use crate::net::tls::x509::{self, Analysis};
use crate::net::tls::{Info, session};
use crate::net::{signal, target};
use crate::ui::{self, Paint, Report};

fn alpn(list: &Option<crate::cli::Alpn>) -> Vec<Vec<u8>> {
    list.iter()
        .flat_map(|a| &a.0)
        .map(|p| p.as_bytes().to_vec())
        .collect()
}

/// The client's TLS plan; `host` is what the user connects to.
pub(crate) fn client_plan(o: &ClientTls, host: &str) -> ClientPlan {
    ClientPlan {
        name: o.sni.clone().unwrap_or_else(|| host.to_string()),
        trust: match &o.cafile {
            Some(f) => Trust::File(f.clone()),
            None => Trust::System,
        },
        insecure: o.insecure,
        pin: o.pin,
        alpn: alpn(&o.alpn),
        min: o.tls_min.unwrap_or(Version::V12),
        max: o.tls_max.unwrap_or(Version::V13),
        identity: o.cert.clone().zip(o.key.clone()),
        starttls: o.starttls,
    }
}

/// TLS options given without --tls are a mistake worth saying.
pub(crate) fn client_opts_given(o: &ClientTls) -> bool {
    o.cafile.is_some()
        || o.sni.is_some()
        || o.insecure
        || o.pin.is_some()
        || o.alpn.is_some()
        || o.tls_min.is_some()
        || o.tls_max.is_some()
        || o.cert.is_some()
        || o.starttls.is_some()
}

/// The server's TLS plan, or None without --tls.
pub(crate) fn server_plan(o: &ServerTls, bound: Option<&str>) -> Result<Option<ServerPlan>> {
    if !o.tls {
        if o.cert.is_some() || o.verify_client || o.alpn.is_some() || o.cafile.is_some() {
            return Err(Error::usage(
                "--cert, --cafile, --verify-client and --alpn need --tls",
            ));
        }
        return Ok(None);
    }
    if o.cafile.is_some() && !o.verify_client {
        return Err(Error::usage(
            "listen --cafile is the CA of client certificates: add --verify-client",
        ));
    }
    let mut names = vec!["localhost".to_string(), "127.0.0.1".into(), "::1".into()];
    if let Ok(h) = crate::net::resolve::gethostname() {
        names.push(h);
    }
    if let Some(b) = bound.filter(|b| !names.iter().any(|n| n == b)) {
        names.push(b.to_string());
    }
    Ok(Some(ServerPlan {
        identity: o.cert.clone().zip(o.key.clone()),
        names,
        client_ca: o.cafile.clone().filter(|_| o.verify_client),
        alpn: alpn(&o.alpn),
        min: o.tls_min.unwrap_or(Version::V12),
        max: o.tls_max.unwrap_or(Version::V13),
    }))
}

#[derive(Debug, Serialize)]
struct TlsReport {
    host: String,
    port: u16,
    peer: String,
    #[serde(flatten)]
    info: Info,
    connect_ms: f64,
    /// How the certificate was accepted ("chain", "pin", "cafile"), or null.
    verified_by: Option<String>,
    verdict: &'static str,
    problems: Vec<String>,
    #[serde(flatten)]
    chain: Analysis,
}

fn cert_lines(p: &Paint, out: &mut String, certs: &[x509::CertInfo]) {
    for (i, c) in certs.iter().enumerate() {
        let from = c.source.map(|s| format!(" [{s}]")).unwrap_or_default();
        out.push_str(&format!("  {i} {}{from}\n", p.value(&c.subject)));
        out.push_str(&format!("    issuer     {}\n", c.issuer));
        if !c.sans.is_empty() {
            out.push_str(&format!("    names      {}\n", c.sans.join(", ")));
        }
        let left = if c.days_left < 0 {
            p.bad(&format!("expired {} days ago", -c.days_left))
        } else {
            format!("{} days left", c.days_left)
        };
        out.push_str(&format!(
            "    valid      {} to {} ({left})\n",
            c.not_before, c.not_after
        ));
        let ca = if c.is_ca { ", CA" } else { "" };
        let ss = if c.self_signed { ", self-signed" } else { "" };
        out.push_str(&format!(
            "    key        {}, signed {}{ca}{ss}\n",
            c.key, c.signature_algorithm
        ));
        out.push_str(&format!("    sha256     {}\n", c.sha256));
    }
}

impl Report for TlsReport {
    fn human(&self, p: &Paint) -> String {
        let i = &self.info;
        let mut out = format!(
            "{} port {} ({})\n  version    {}\n  cipher     {} ({} bits)\n  group      {}\n  alpn       {}\n  sni        {}\n  resumed    {}\n  connect    {:.1} ms\n  handshake  {:.1} ms\n",
            self.host,
            self.port,
            self.peer,
            i.version,
            i.cipher,
            i.bits,
            i.group.as_deref().unwrap_or("-"),
            i.alpn.as_deref().unwrap_or("-"),
            i.sni.as_deref().unwrap_or("-"),
            if i.resumed { "yes" } else { "no" },
            self.connect_ms,
            i.handshake_ms
        );
        out.push_str(&format!("chain as sent ({}):\n", self.chain.sent.len()));
        cert_lines(p, &mut out, &self.chain.sent);
        out.push_str(&format!("chain as built ({}):\n", self.chain.built.len()));
        cert_lines(p, &mut out, &self.chain.built);
        if self.verdict == "ok" {
            let by = self.verified_by.as_deref().unwrap_or("chain");
            out.push_str(&format!("verdict: {} ({by})\n", p.good("ok")));
        } else {
            out.push_str(&format!(
                "verdict: {} ({} problem{})\n",
                p.bad("FAILED"),
                self.problems.len(),
                if self.problems.len() == 1 { "" } else { "s" }
            ));
            for pr in &self.problems {
                out.push_str(&format!("  - {}\n", escape_line(pr)));
            }
        }
        out
    }
}

fn escape_line(s: &str) -> String {
    ui::escape::text(s).into_owned()
}

impl Run for TlsArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        let (host, port, rest) = target::peer_host_port(&self.address, "tls")?;
        if !rest.is_empty() {
            return Err(Error::usage("tls takes HOST PORT or HOST:PORT"));
        }
        let port = target::port(&target::port_arg(port)?, "tcp")?;
        let mut plan = client_plan(&self.tls, &host);
        // The handshake always completes, so a bad chain can be shown;
        // the verdict decides the exit status.
        let strict = !plan.insecure;
        plan.insecure = true;
        let prepared = session::prepare(&plan)?;
        signal::install().map_err(|e| Error::os("sigaction", &e))?;
        let addrs = target::peer_addrs(&host, port, ctx.family, libc::SOCK_STREAM)?;
        let started = Instant::now();
        let before = |_: &crate::net::sock::Sock| Ok(());
        let o = target::ConnectOpts {
            timeout: self.timeout,
            source: None,
            before: &before,
        };
        let sock = target::create_connection(&host, &addrs, &o, &mut ui::Stderr)?;
        let connect_ms = started.elapsed().as_secs_f64() * 1000.0;
        let peer = sock
            .peer_addr()
            .map(|a| a.describe())
            .unwrap_or_else(|_| host.clone());
        // Warnings of --insecure are the report's problems here, not stderr lines.
        let mut events: Vec<crate::event::Event> = Vec::new();
        let mut client = session::connect(sock, &plan, prepared, self.timeout, &peer, &mut events)?;
        let seen = client.verifier.seen();
        let analysis = x509::analyse(&seen.chain, &plan.name, &client.verifier.anchors, plan.pin);
        let mut problems = client.verifier.problems();
        if seen.accepted_by != Some("insecure") {
            problems.clear();
        }
        // unwrap(): close_notify, as a polite client does.
        let _ = crate::net::stream::Stream::shutdown_write(&mut client.stream);
        let ok = problems.is_empty();
        let report = TlsReport {
            host: ui::escape::text(&host).into_owned(),
            port,
            peer,
            info: client.info.clone(),
            connect_ms: (connect_ms * 1000.0).round() / 1000.0,
            verified_by: seen
                .accepted_by
                .filter(|b| *b != "insecure")
                .map(str::to_string),
            verdict: if ok { "ok" } else { "failed" },
            problems,
            chain: analysis,
        };
        ui::result(&report)?;
        Ok(if ok || !strict { exit::OK } else { exit::TLS })
    }
}
