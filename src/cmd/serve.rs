//! `isms-site serve`: build, serve with live reload, rebuild on change.

use super::EXIT_USAGE;
use crate::model::Date;
use crate::pipeline;
use crate::serve::{Options, ServeError, Server};
use std::net::IpAddr;
use std::path::PathBuf;

/// Arguments of `serve`.
pub struct Args {
    /// Source folder.
    pub src: PathBuf,
    /// Port.
    pub port: u16,
    /// Address.
    pub bind: IpAddr,
    /// Open a browser.
    pub open: bool,
    /// Poll for changes.
    pub poll: bool,
    /// As-of date.
    pub as_of: Option<Date>,
    /// Host names answered besides the bound ones.
    pub allow_hosts: Vec<String>,
}

/// Run `serve` until Ctrl-C; returns the exit code.
pub fn run(args: Args) -> u8 {
    if !super::source_folder_ok(&args.src) {
        return EXIT_USAGE;
    }
    let server = match Server::start(Options {
        src: args.src.clone(),
        bind: args.bind,
        port: args.port,
        poll: args.poll,
        as_of: pipeline::as_of(args.as_of),
        ctrl_c: true,
        print: true,
        allow_hosts: args.allow_hosts.clone(),
    }) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: {e}");
            match e {
                ServeError::PortTaken { port, .. } => eprintln!(
                    "   = help: stop the other server, or pass another port, e.g. --port {}",
                    port.checked_add(1).unwrap_or(8001)
                ),
                ServeError::Watch { .. } => {
                    eprintln!("   = help: {}", crate::serve::WATCH_HELP)
                }
                _ => {}
            }
            return EXIT_USAGE;
        }
    };
    let host = match args.bind {
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    };
    let url = format!("http://{host}:{}/", server.addr().port());
    eprintln!(
        "[serve] serving {} at {url} (watching{}; Ctrl-C to stop)",
        args.src.display(),
        if args.poll { " by polling" } else { "" }
    );
    if !args.bind.is_loopback() {
        eprintln!(
            "[serve] note: listening on {}: other machines can read the site",
            args.bind
        );
    }
    if args.open {
        if let Err(e) = open::that_detached(&url) {
            eprintln!("[serve] cannot open a browser ({e}); open {url} yourself");
        }
    }
    server.wait();
    eprintln!("[serve] stopped");
    0
}
