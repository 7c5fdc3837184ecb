//! The `isms-site` command line: parse arguments, run a subcommand, map the
//! outcome to an exit code (0 ok, 1 source errors, 2 usage or I/O problem).

use std::process::ExitCode;

/// mimalloc: the build allocates many short-lived strings on every thread;
/// it is 10-25% faster than the system allocator here (see docs/performance.md).
/// Built with `no_thp`: with transparent huge pages every first touch of
/// fresh heap zeroes 2 MiB, which cost 6% of a build and 40 MB of peak memory.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    isms_site::cmd::main()
}
