//! sockx: parse the command line, decide output settings once, dispatch to
//! the subcommand, and turn its outcome into an exit status. A closed stdout
//! ends quietly; every other error is one line on stderr.

// std's runtime start-up is skipped (the entry point is `sys::entry`); the
// test harness keeps its own.
#![cfg_attr(not(test), no_main)]
// Raw calls live in `sys` alone (style item 14).
#![deny(unsafe_code)]

mod cli;
mod cmd;
mod docgen;
mod error;
pub mod escape;
mod event;
mod net;
pub mod parse;
#[cfg(test)]
mod proptests;
mod python;
#[allow(unsafe_code)]
mod sys;
mod trace;
mod ui;

use clap::{CommandFactory, FromArgMatches};

use crate::error::exit;

/// Everything after the process start-up (`sys::entry`), which calls it.
#[cfg_attr(test, allow(dead_code))]
fn run() -> ! {
    // The command is built, used and then leaked: dropping clap's tree of
    // strings and vectors costs more than anything else sockx does for a
    // result command, and the process is about to end.
    let mut command = cli::Cli::command();
    let parsed = command
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|mut m| {
            cli::Cli::from_arg_matches_mut(&mut m).map_err(|e| e.format(&mut command))
        });
    std::mem::forget(command);
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors to
            // stderr with status 2 (clap's convention matches ours).
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            print_clap_error(&plain_usage(e));
            std::process::exit(code);
        }
    };
    let g = match cli.global.merge(cli.command.global()) {
        Ok(g) => g,
        Err(msg) => {
            ui::error(&error::Error::usage(msg));
            std::process::exit(exit::USAGE);
        }
    };
    ui::init(ui::Settings {
        json: g.json,
        trace: g.trace || g.trace_time,
        trace_time: g.trace_time,
        verbosity: if g.quiet { -1 } else { g.verbose.min(3) as i8 },
        color: g.color.unwrap_or(cli::ColorWhen::Auto),
    });
    let ctx = cmd::Ctx::new(&g);
    if g.python {
        // The program instead of the command: nothing else runs.
        let code = match python::print(&cli.command, &ctx) {
            Ok(()) => exit::OK,
            Err(e) if e.quiet => e.code,
            Err(e) => {
                ui::error(&e);
                e.code
            }
        };
        std::process::exit(code);
    }
    let code = match cmd::dispatch(cli.command, &ctx) {
        Ok(code) => code,
        Err(e) if e.quiet => e.code,
        Err(e) => {
            ui::error(&e);
            e.code
        }
    };
    std::process::exit(code);
}

/// For an option it does not know but can guess (`--jsn`), clap shows the
/// usage with its guess filled in (`Usage: sockx byteorder --json <VALUE>`),
/// which reads as if --json took the value (or, before the subcommand, as
/// if it were one). The tip names the guess; the usage shown is the plain
/// one of the subcommand being parsed.
fn plain_usage(mut e: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::UnknownArgument || e.get(ContextKind::SuggestedArg).is_none() {
        return e;
    }
    let mut top = cli::Cli::command();
    top.build();
    let sub = std::env::args_os()
        .skip(1)
        .find_map(|a| top.find_subcommand(a).map(|s| s.get_name().to_string()));
    let usage = match sub.and_then(|name| top.find_subcommand_mut(name)) {
        Some(sub) => sub.render_usage(),
        None => top.render_usage(),
    };
    e.insert(ContextKind::Usage, ContextValue::StyledStr(usage));
    e
}

/// Prints clap's error. clap quotes the offending argument as it came, and
/// on a terminal it passes control bytes through (`sockx listen --bufsize
/// $'\e]0;x\a'` would set the terminal's title). When an argument holds a
/// control character, the error is made again from the arguments with those
/// characters escaped (`\x1b]0;x\x07`), so it names the value without
/// acting on the terminal. Should the escaped arguments parse, the original
/// error is printed without styles, every control character escaped.
fn print_clap_error(e: &clap::Error) {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let hostile_arg = args
        .iter()
        .any(|a| matches!(ui::escape::text(a), std::borrow::Cow::Owned(_)));
    if !e.use_stderr() || !hostile_arg {
        let _ = e.print();
        return;
    }
    let escaped = args.iter().map(|a| ui::escape::text(a).into_owned());
    match <cli::Cli as clap::Parser>::try_parse_from(escaped) {
        Err(again) => {
            let _ = again.print();
        }
        Ok(_) => {
            let plain = e.render().to_string();
            let lines: Vec<String> = plain
                .trim_end()
                .split('\n')
                .map(|l| ui::escape::text(l).into_owned())
                .collect();
            ui::err_line(&lines.join("\n"));
        }
    }
}
