//! `errno NAME|NUMBER` and `errno --list`: an error code's name, number and
//! the system's message (strerror / gai_strerror, asked at run time), with
//! the advice of `errno_table`: which calls return it, why, what to try.

use serde::Serialize;

use super::errno_table::{self, Advice, TABLE};
use super::{Ctx, Run};
use crate::cli::ErrnoArgs;
use crate::error::{Error, Result, exit};
use crate::net::errno;
use crate::ui::{self, Paint, Report, escape, human};

#[derive(Debug, Serialize)]
struct Code {
    name: &'static str,
    number: i32,
    /// "errno" or "gai" (a getaddrinfo/getnameinfo return code).
    kind: &'static str,
    aliases: Vec<&'static str>,
    message: String,
    calls: Vec<&'static str>,
    cause: Option<&'static str>,
    fix: Option<&'static str>,
}

impl Code {
    fn of(kind: &'static str, name: &'static str, number: i32) -> Code {
        let advice: Option<&Advice> = errno_table::find(name);
        Code {
            name,
            number,
            kind,
            aliases: advice.map(|a| a.aliases.to_vec()).unwrap_or_default(),
            message: if kind == "gai" {
                errno::gai_message(number)
            } else {
                errno::message(number)
            },
            calls: advice.map(|a| a.calls.to_vec()).unwrap_or_default(),
            cause: advice.map(|a| a.cause),
            fix: advice.map(|a| a.fix),
        }
    }
}

impl Report for Code {
    fn human(&self, p: &Paint) -> String {
        let mut rows = vec![
            ("name", p.value(self.name)),
            ("number", self.number.to_string()),
            ("message", escape::text(&self.message).into_owned()),
        ];
        if !self.aliases.is_empty() {
            rows.push(("aliases", self.aliases.join(", ")));
        }
        if !self.calls.is_empty() {
            rows.push(("returned by", self.calls.join(", ")));
        }
        if let Some(c) = self.cause {
            rows.push(("usually", c.to_string()));
        }
        if let Some(f) = self.fix {
            rows.push(("try", f.to_string()));
        }
        human::kv(p, &rows)
    }
}

/// `--list`: one line per code.
#[derive(Debug, Serialize)]
#[serde(transparent)]
struct List(Vec<Code>);

impl Report for List {
    fn human(&self, p: &Paint) -> String {
        let mut s = String::new();
        for c in &self.0 {
            s.push_str(&format!(
                "{:<16} {:>4}  {}\n",
                p.value(c.name),
                c.number,
                escape::text(&c.message)
            ));
        }
        s
    }
}

/// The errno value of a name (or an alias), as Python's `errno` module has it.
fn errno_number(name: &str) -> Option<(&'static str, i32)> {
    let canonical = errno_table::find(name).map_or(name, |a| a.name);
    (1..200).find_map(|n| {
        errno::name(n)
            .filter(|x| x.eq_ignore_ascii_case(canonical))
            .map(|x| (x, n))
    })
}

/// The EAI_ value of a name (glibc's negative codes, as Python's `socket.EAI_*`).
fn gai_number(name: &str) -> Option<(&'static str, i32)> {
    (-20..0).find_map(|c| {
        let n = errno::gai_name(c);
        (n != "EAI_UNKNOWN" && n.eq_ignore_ascii_case(name)).then_some((n, c))
    })
}

/// Looks a NAME or NUMBER up; None when it is no code sockx knows.
fn lookup(q: &str) -> Option<Code> {
    if let Ok(n) = q.parse::<i32>() {
        return if n < 0 {
            let name = errno::gai_name(n);
            (name != "EAI_UNKNOWN").then(|| Code::of("gai", name, n))
        } else {
            errno::name(n).map(|name| Code::of("errno", name, n))
        };
    }
    if q.len() > 4 && q[..4].eq_ignore_ascii_case("EAI_") {
        return gai_number(q).map(|(name, n)| Code::of("gai", name, n));
    }
    errno_number(q).map(|(name, n)| Code::of("errno", name, n))
}

impl Run for ErrnoArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        if self.list {
            let all = TABLE.iter().filter_map(|a| lookup(a.name)).collect();
            ui::result(&List(all))?;
            return Ok(exit::OK);
        }
        let q = match (self.query, self.global.ipv4, self.global.ipv6) {
            (Some(q), _, _) => q,
            (None, true, false) => "-4".into(),
            (None, false, true) => "-6".into(),
            _ => {
                return Err(Error::usage("errno: give a NAME or NUMBER, or --list"));
            }
        };
        let code = lookup(q.trim()).ok_or_else(|| {
            Error::usage(format!(
                "errno: '{}' is not an errno or EAI_ name or number",
                escape::text(&q)
            ))
            .with_hint("sockx errno --list shows the codes sockx explains")
        })?;
        ui::result(&code)?;
        Ok(exit::OK)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_numbers_and_aliases() {
        assert_eq!(lookup("econnreset").map(|c| c.number), Some(104));
        assert_eq!(lookup("104").map(|c| c.name), Some("ECONNRESET"));
        assert_eq!(lookup("EWOULDBLOCK").map(|c| c.name), Some("EAGAIN"));
        assert_eq!(
            lookup("EAI_NONAME").map(|c| c.number),
            Some(libc::EAI_NONAME)
        );
        assert_eq!(lookup("-2").map(|c| c.name), Some("EAI_NONAME"));
        assert!(lookup("EFOO").is_none());
        assert!(lookup("0").is_none());
    }

    /// Every entry of the table resolves to a number (no typo in a name).
    #[test]
    fn every_table_entry_is_a_code() {
        for a in TABLE {
            assert!(lookup(a.name).is_some(), "{} is not a code", a.name);
        }
    }
}
