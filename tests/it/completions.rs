//! The committed shell completions, loaded in the real shells: completing a
//! subcommand name and an option must work in bash (with bash-completion),
//! zsh (compinit, matches captured through zpty), and fish (`complete -C`).
//! elvish and PowerShell are parsed when installed; CI has neither, so they
//! are skipped with a notice (not a failure, even under SOCKX_REQUIRE_PEERS).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::util::{TempDir, cmd, have, required, sockx};

fn completions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("completions")
}

/// The visible subcommands, as `sockx --help` lists them.
fn subcommands() -> Vec<String> {
    let help = sockx(["--help"]).run();
    help.out()
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|s| s != "help")
        .collect()
}

/// Runs a shell with a bounded time; its stdout as trimmed, non-empty lines.
#[track_caller]
fn lines(program: &str, args: &[&str]) -> Vec<String> {
    let out = cmd(program, args).timeout(Duration::from_secs(30)).run();
    assert_eq!(out.code, 0, "{program} failed: {} {}", out.out(), out.err());
    out.out()
        .lines()
        .map(|l| l.trim_end_matches('\r').trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The cases every shell must get right: a word being completed, and what
/// must (and must not) be among the candidates.
struct Case {
    line: &'static str,
    want: &'static [&'static str],
    not: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        line: "sockx lis",
        want: &["listen"],
        not: &["connect"],
    },
    Case {
        line: "sockx udp-",
        want: &["udp-send", "udp-recv"],
        not: &["listen"],
    },
    Case {
        line: "sockx listen --prog",
        want: &["--progress"],
        not: &["--raw"],
    },
    Case {
        line: "sockx udp-send --prog",
        want: &["--progress"],
        not: &[],
    },
    Case {
        line: "sockx connect --keep",
        want: &["--keepalive"],
        not: &["--keep-open"],
    },
];

/// Checks one shell's answers; `complete(line)` returns the candidates.
fn check(shell: &str, mut complete: impl FnMut(&str) -> Vec<String>) {
    for c in CASES {
        let got = complete(c.line);
        for w in c.want {
            assert!(
                got.iter().any(|g| g == w),
                "{shell}: completing {:?} does not offer {w:?}: {got:?}",
                c.line
            );
        }
        for n in c.not {
            assert!(
                !got.iter().any(|g| g == n),
                "{shell}: completing {:?} offers {n:?}: {got:?}",
                c.line
            );
        }
    }
    // Every subcommand from an empty word, and not the hidden `generate`.
    let all = complete("sockx ");
    for s in subcommands() {
        assert!(
            all.contains(&s),
            "{shell}: `sockx <TAB>` lacks {s}: {all:?}"
        );
    }
    assert!(
        !all.iter().any(|g| g == "generate"),
        "{shell}: offers the hidden generate"
    );
}

const BASH_COMPLETION: &str = "/usr/share/bash-completion/bash_completion";

/// bash: bash-completion and the script sourced, then `_sockx` called the
/// way readline calls it (COMP_WORDS, COMP_CWORD, and $1 $2 $3).
#[test]
fn bash_completes_subcommands_and_options() {
    if !have("bash") {
        return;
    }
    if !Path::new(BASH_COMPLETION).is_file() {
        assert!(
            !required(),
            "bash-completion is required (SOCKX_REQUIRE_PEERS=1)"
        );
        eprintln!("notice: bash-completion not installed; skipping this test");
        return;
    }
    let script = format!(
        r#"source {BASH_COMPLETION}
source '{}'
complete -p sockx >/dev/null || exit 7
read -ra COMP_WORDS <<< "$1"
[[ "$1" == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="$1"
COMP_POINT=${{#COMP_LINE}}
COMPREPLY=()
_sockx sockx "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}"
"#,
        completions().join("sockx.bash").display()
    );
    check("bash", |line| {
        lines(
            "bash",
            &["--norc", "--noprofile", "-c", &script, "bash", line],
        )
    });
}

/// What zsh sources inside the pseudo-terminal: compinit with our directory
/// first in $fpath, and a `compadd` that prints each match it is given.
const ZSH_INIT: &str = r#"PROMPT=
fpath=("$SOCKX_COMPLETIONS" $fpath)
autoload -Uz compinit
compinit -u -D
bindkey '^I' complete-word
null-line () { echo -E - $'\0' }
compprefuncs=( null-line )
comppostfuncs=( null-line exit )
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "$@"; return $?
  fi
  typeset -a __hits
  builtin compadd -A __hits "$@"
  [[ -n $__hits ]] || return
  local h
  for h in $__hits; do echo -E - "MATCH:$h"; done
}
echo ready
"#;

/// The zpty driver: an interactive zsh in a pseudo-terminal, the line typed
/// with a TAB, the matches read back between the two null lines.
const ZSH_CAPTURE: &str = r#"zmodload zsh/zpty || exit 7
zpty z zsh -f -i
zpty -w z "source ${(q)1}"
local line
integer ok=0
repeat 50; do zpty -r z line; [[ $line == ready* ]] && { ok=1; break }; done
(( ok )) || exit 8
zpty -w z "$2"$'\t'
integer tog=0
while zpty -r z line; do
  [[ $line == *MATCH:* ]] && print -r -- "${${line##*MATCH:}//[$'\r\n']/}"
  if [[ $line == *$'\0'* ]]; then
    (( ++tog >= 2 )) && break
  fi
done
zpty -d z
"#;

#[test]
fn zsh_completes_subcommands_and_options() {
    if !have("zsh") {
        return;
    }
    let dir = TempDir::new("zsh-comp");
    let init = dir.path().join("init.zsh");
    let capture = dir.path().join("capture.zsh");
    std::fs::write(&init, ZSH_INIT).expect("write init.zsh");
    std::fs::write(&capture, ZSH_CAPTURE).expect("write capture.zsh");
    let (init, capture) = (init.display().to_string(), capture.display().to_string());
    let comp = completions().display().to_string();
    check("zsh", |line| {
        let out = cmd("zsh", ["-f", &capture, &init, line])
            .env("SOCKX_COMPLETIONS", &comp)
            .env("HOME", &dir.path().display().to_string())
            .timeout(Duration::from_secs(30))
            .run();
        assert_eq!(
            out.code,
            0,
            "zsh capture failed: {} {}",
            out.out(),
            out.err()
        );
        out.out()
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    });
}

#[test]
fn fish_completes_subcommands_and_options() {
    if !have("fish") {
        return;
    }
    let script = completions().join("sockx.fish").display().to_string();
    let dir = TempDir::new("fish-comp");
    check("fish", |line| {
        let code = format!(
            "source '{script}'; complete -C '{}'",
            line.replace('\'', "\\'")
        );
        let out = cmd("fish", ["--no-config", "-c", &code])
            .env("HOME", &dir.path().display().to_string())
            .env("XDG_CONFIG_HOME", &dir.path().display().to_string())
            .timeout(Duration::from_secs(30))
            .run();
        assert_eq!(out.code, 0, "fish failed: {} {}", out.out(), out.err());
        // `candidate<TAB>description`
        out.out()
            .lines()
            .filter_map(|l| l.split('\t').next())
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    });
}

/// A shell CI does not install: parse the script when the shell is there,
/// else a notice (never a failure: `have` would fail under SOCKX_REQUIRE_PEERS).
fn optional_shell(program: &str) -> bool {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false);
    if !found {
        eprintln!("notice: {program} not installed; only the static check of its script runs");
    }
    found
}

#[test]
fn elvish_script_parses() {
    let script = completions().join("sockx.elv");
    if optional_shell("elvish") {
        let out = cmd("elvish", ["-compileonly", &script.display().to_string()])
            .timeout(Duration::from_secs(30))
            .run();
        assert_eq!(out.code, 0, "elvish: {} {}", out.out(), out.err());
    }
}

#[test]
fn powershell_script_parses() {
    let script = completions().join("_sockx.ps1");
    if optional_shell("pwsh") {
        let code = format!(
            "$e = $null; [void][System.Management.Automation.Language.Parser]::ParseFile('{}', [ref]$null, [ref]$e); if ($e.Count) {{ $e; exit 1 }}",
            script.display()
        );
        let out = cmd("pwsh", ["-NoProfile", "-NonInteractive", "-Command", &code])
            .timeout(Duration::from_secs(60))
            .run();
        assert_eq!(out.code, 0, "pwsh: {} {}", out.out(), out.err());
    }
}

/// Every script, whether or not its shell is here, names every subcommand
/// and each subcommand's long options, and not the hidden `generate`.
#[test]
fn every_script_names_every_subcommand() {
    let subs = subcommands();
    assert!(subs.len() >= 17, "subcommands: {subs:?}");
    for f in [
        "sockx.bash",
        "_sockx",
        "sockx.fish",
        "sockx.elv",
        "_sockx.ps1",
    ] {
        let text = std::fs::read_to_string(completions().join(f))
            .unwrap_or_else(|e| panic!("completions/{f}: {e}"));
        for s in &subs {
            assert!(text.contains(s.as_str()), "completions/{f} lacks {s}");
        }
        for opt in ["progress", "keepalive", "bufsize", "trace"] {
            assert!(text.contains(opt), "completions/{f} lacks --{opt}");
        }
        assert!(
            !text.contains("generate"),
            "completions/{f} offers generate"
        );
    }
}
