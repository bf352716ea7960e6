//! sockx: parse the command line, decide output settings once, dispatch to
//! the subcommand, and turn its outcome into an exit status. A closed stdout
//! ends quietly; every other error is one line on stderr.

// Parts of the socket layer are written ahead of the subcommands that use
// them; this goes once every subcommand is in.
#![allow(dead_code)]

mod cli;
mod cmd;
mod docgen;
mod error;
mod net;
#[cfg(test)]
mod proptests;
mod trace;
mod ui;

use clap::Parser;

use crate::error::exit;

fn main() {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors to
            // stderr with status 2 (clap's convention matches ours).
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            print_clap_error(&e);
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
        trace: g.trace,
        verbosity: if g.quiet { -1 } else { g.verbose.min(3) as i8 },
        color: g.color.unwrap_or(cli::ColorWhen::Auto),
    });
    let ctx = cmd::Ctx::new(&g);
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
    let unsafe_arg = args
        .iter()
        .any(|a| matches!(ui::escape::text(a), std::borrow::Cow::Owned(_)));
    if !e.use_stderr() || !unsafe_arg {
        let _ = e.print();
        return;
    }
    let escaped = args.iter().map(|a| ui::escape::text(a).into_owned());
    match cli::Cli::try_parse_from(escaped) {
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
