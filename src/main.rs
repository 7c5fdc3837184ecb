//! The `isms-site` command line: parse arguments, run a subcommand, map the
//! outcome to an exit code (0 ok, 1 source errors, 2 usage or I/O problem).

use std::process::ExitCode;

fn main() -> ExitCode {
    isms_site::cmd::main()
}
