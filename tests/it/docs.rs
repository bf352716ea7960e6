//! The committed man pages and completions must be what the clap definition
//! generates now: regenerate into a temporary directory and compare.

use std::path::Path;

use super::util::{TempDir, sockx};

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn man_pages_and_completions_are_fresh() {
    let tmp = TempDir::new("gen");
    sockx(["generate", "--out-dir", &tmp.path().display().to_string()])
        .run()
        .ok();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for sub in ["man", "completions"] {
        let fresh = tmp.path().join(sub);
        let committed = root.join(sub);
        let (a, b) = (files(&fresh), files(&committed));
        if a != b {
            stale.push(format!("{sub}/: generated {a:?}, committed {b:?}"));
            continue;
        }
        for f in a {
            if std::fs::read(fresh.join(&f)).ok() != std::fs::read(committed.join(&f)).ok() {
                stale.push(format!("{sub}/{f}"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files (run `cargo run -- generate --out-dir .`): {stale:?}"
    );
}

#[test]
fn every_subcommand_has_a_man_page_with_exit_status_and_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let main = std::fs::read_to_string(root.join("sockx.1")).expect("man/sockx.1");
    for section in [
        ".SH \"EXIT STATUS\"",
        ".SH EXAMPLES",
        ".SH \"JSON OUTPUT\"",
        ".SH \"SEE ALSO\"",
    ] {
        assert!(main.contains(section), "sockx.1 lacks {section}");
    }
    let help = sockx(["--help"]).run();
    let subs: Vec<String> = help
        .out()
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|s| s != "help")
        .collect();
    assert!(subs.len() >= 17, "subcommands in --help: {subs:?}");
    for s in subs {
        let page = std::fs::read_to_string(root.join(format!("sockx-{s}.1")))
            .unwrap_or_else(|_| panic!("man/sockx-{s}.1 missing"));
        for section in [".SH \"EXIT STATUS\"", ".SH EXAMPLES", ".SH SYNOPSIS"] {
            assert!(page.contains(section), "sockx-{s}.1 lacks {section}");
        }
    }
}

/// Every page has the sections of a man page, refers to the peers and the
/// socket pages, and renders without a roff warning within 80 columns.
#[test]
fn man_pages_render_cleanly_with_every_section() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let pages = files(&root);
    assert!(pages.len() >= 18, "man pages: {pages:?}");
    let groff = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join("groff").is_file()))
        .unwrap_or(false);
    if !groff {
        eprintln!("notice: groff not installed; man pages are checked as roff source only");
    }
    for page in pages {
        let src = std::fs::read_to_string(root.join(&page)).expect("read page");
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH DESCRIPTION",
            ".SH OPTIONS",
            ".SH \"EXIT STATUS\"",
            ".SH EXAMPLES",
            ".SH \"SEE ALSO\"",
        ] {
            assert!(src.contains(section), "{page} lacks {section}");
        }
        assert!(src.is_ascii(), "{page}: raw non-ASCII (use \\[uXXXX])");
        if !groff {
            continue;
        }
        let path = root.join(&page).display().to_string();
        let out = super::util::cmd("groff", ["-ww", "-man", "-Tutf8", "-P-cbou", &path]).run();
        assert_eq!(out.code, 0, "groff {page}: {}", out.err());
        assert!(out.err().is_empty(), "groff warns on {page}: {}", out.err());
        let text = out.out();
        let see_also = text
            .split("SEE ALSO")
            .nth(1)
            .unwrap_or_else(|| panic!("{page}: no SEE ALSO"));
        let see_also: String = see_also.split_whitespace().collect::<Vec<_>>().join(" ");
        for r in [
            "nc(1)",
            "ncat(1)",
            "socat(1)",
            "getaddrinfo(3)",
            "socket(7)",
            "tcp(7)",
            "udp(7)",
        ] {
            assert!(
                see_also.contains(r),
                "{page}: SEE ALSO lacks {r}: {see_also}"
            );
        }
        if page != "sockx.1" {
            assert!(
                see_also.contains("sockx(1)"),
                "{page}: SEE ALSO lacks sockx(1)"
            );
        }
        for l in text.lines() {
            assert!(
                l.chars().count() <= 80,
                "{page}: wider than 80 columns: {l:?}"
            );
        }
    }
}
