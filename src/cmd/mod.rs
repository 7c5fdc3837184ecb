//! Subcommands: one module each; this file parses the command line.

mod build;
mod check;
mod import;
mod report;
mod scaffold;
mod serve;
mod verify;

use crate::model::Date;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code: the source has errors.
pub const EXIT_SOURCE_ERRORS: u8 = 1;
/// Exit code: usage or I/O problem.
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "isms-site",
    version,
    about = "Turn an ISO/IEC 27001 ISMS source folder into a cross-linked static evidence site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print errors only.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: stage timings.
    #[arg(short, long, global = true)]
    verbose: bool,
}

/// How diagnostics are printed.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style text.
    Human,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands.
    Github,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site.
    Build {
        /// Source folder.
        #[arg(default_value = ".")]
        src: PathBuf,
        /// Output folder (default: SRC/public, or `output` in isms.yaml).
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Absolute URL the site is published at: adds canonical links and
        /// sitemap.xml (links between pages stay relative).
        #[arg(long, value_name = "URL", value_parser = crate::model::config::parse_base_url)]
        base_url: Option<String>,
        /// The date to evaluate overdue and due-soon against (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Replace a non-empty output folder that isms-site did not create.
        #[arg(long)]
        force: bool,
        /// Rebuild OUT whenever the source changes (no server).
        #[arg(long)]
        watch: bool,
        /// With --watch: poll for changes (WSL2, containers, network drives).
        #[arg(long, requires = "watch")]
        poll: bool,
    },
    /// Serve the site with live reload, rebuilding on every change.
    Serve {
        /// Source folder.
        #[arg(default_value = ".")]
        src: PathBuf,
        /// Port to listen on.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on (use 0.0.0.0 to allow other machines).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes instead of native file events (WSL2, containers, network drives).
        #[arg(long)]
        poll: bool,
        /// The date to evaluate overdue and due-soon against (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        /// Also answer requests for this host name (repeatable). By default only
        /// 127.0.0.1, localhost, [::1] and the --bind address are answered
        /// (any IP address with --bind 0.0.0.0); other names get 421, which
        /// stops DNS-rebinding pages from reading the site.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
    },
    /// Check the source and print diagnostics, without writing a site.
    Check {
        /// Source folder.
        #[arg(default_value = ".")]
        src: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// The date to evaluate overdue and due-soon against (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Write a small, valid starter ISMS into a new folder.
    Init {
        /// The new source folder.
        dir: PathBuf,
        /// Organisation name.
        #[arg(long)]
        organization: Option<String>,
    },
    /// Add a policy, audit, action, review or metric from a template.
    New {
        /// What to create.
        #[arg(value_enum)]
        kind: scaffold::Kind,
        /// Id of the new record (default: the next free one).
        #[arg(long)]
        id: Option<String>,
        /// Source folder.
        #[arg(default_value = ".")]
        src: PathBuf,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Re-hash a built site (and its source) against its manifest.json.
    Verify {
        /// The site folder a build wrote.
        out: PathBuf,
        /// Also check the source and evidence files of this source folder.
        #[arg(long, value_name = "SRC")]
        source: Option<PathBuf>,
    },
    /// Convert a project of another tool into an isms-site source folder.
    Import {
        #[command(subcommand)]
        from: ImportFrom,
    },
}

#[derive(Subcommand, Debug)]
enum ImportFrom {
    /// A strongdm/comply project (policies, procedures, narratives, standards).
    Comply {
        /// The comply project folder.
        src: PathBuf,
        /// The new isms-site source folder.
        dest: PathBuf,
        /// Organisation name for `{{.Name}}` (default: comply.yml's name).
        #[arg(long)]
        organization: Option<String>,
        /// Write into a non-empty DEST.
        #[arg(long)]
        force: bool,
    },
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

/// Run the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let verbosity = if cli.quiet {
        report::Verbosity::Quiet
    } else if cli.verbose {
        report::Verbosity::Verbose
    } else {
        report::Verbosity::Normal
    };
    let code = match cli.command {
        Command::Build {
            src,
            out,
            base_url,
            as_of,
            strict,
            force,
            watch,
            poll,
        } => build::run(build::Options {
            src,
            out,
            base_url,
            as_of,
            strict,
            force,
            verbosity,
            watch,
            poll,
        }),
        Command::Serve {
            src,
            port,
            bind,
            open,
            poll,
            as_of,
            allow_host,
        } => serve::run(serve::Args {
            src,
            port,
            bind,
            open,
            poll,
            as_of,
            allow_hosts: allow_host,
        }),
        Command::Check {
            src,
            format,
            as_of,
            strict,
        } => check::run(&src, format, as_of, strict, verbosity),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "isms-site", &mut std::io::stdout());
            0
        }
        Command::Verify { out, source } => verify::run(&out, source.as_deref(), verbosity),
        Command::Init { dir, organization } => scaffold::init(&dir, organization),
        Command::New { kind, id, src } => scaffold::new(kind, id, &src),
        Command::Import {
            from:
                ImportFrom::Comply {
                    src,
                    dest,
                    organization,
                    force,
                },
        } => import::comply(&src, &dest, organization, force),
    };
    ExitCode::from(code)
}

/// Check that SRC is a readable folder; print a message otherwise.
fn source_folder_ok(src: &std::path::Path) -> bool {
    if src.is_dir() {
        return true;
    }
    if src.exists() {
        eprintln!("error: {} is not a folder", src.display());
    } else {
        eprintln!("error: source folder {} does not exist", src.display());
    }
    eprintln!("   = help: pass the folder holding isms.yaml, policies/, audits/ ... (default: .)");
    false
}
