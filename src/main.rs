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
            let _ = e.print();
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
