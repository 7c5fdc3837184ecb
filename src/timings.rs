//! Phase timings for performance work: with `ISMS_SITE_TIMINGS=1` in the
//! environment, each timed phase prints one line to stderr when it ends,
//!
//! ```text
//! [timings]     12.3 ..     48.9 ms =   36.6 ms  cpu    70.1 ms = 1.92 cores  resolve (thread 0)
//! ```
//!
//! its start and end in milliseconds since the first timed phase began, its
//! length, the CPU time the whole process used meanwhile (Linux) and what
//! that makes in busy cores, its name and the rayon worker it ran on
//! (`main` outside the pool): read together, the lines are a per-thread
//! timeline, and a long phase near 1.0 cores on a machine with more is
//! serial: it runs alone while the other threads wait. Without the variable a phase costs
//! one relaxed atomic load. docs/performance.md describes the method.

use std::sync::OnceLock;
use std::time::Instant;

/// The start of the first timed phase, when timings are on.
fn epoch() -> Option<Instant> {
    static EPOCH: OnceLock<Option<Instant>> = OnceLock::new();
    *EPOCH.get_or_init(|| {
        std::env::var_os("ISMS_SITE_TIMINGS")
            .is_some_and(|v| !v.is_empty() && v != "0")
            .then(Instant::now)
    })
}

/// Whether `ISMS_SITE_TIMINGS` asks for timings.
pub fn enabled() -> bool {
    epoch().is_some()
}

/// A running phase; prints its line when dropped (see the module comment).
#[must_use = "a phase is timed until it is dropped"]
pub struct Phase {
    name: &'static str,
    start: Option<(Instant, f64)>,
}

/// CPU time used by the whole process so far, in milliseconds (all threads).
fn cpu_ms() -> f64 {
    #[cfg(target_os = "linux")]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
        t.tv_sec as f64 * 1e3 + t.tv_nsec as f64 / 1e6
    }
    #[cfg(not(target_os = "linux"))]
    {
        0.0
    }
}

/// Start timing the phase `name` (nothing happens when timings are off).
pub fn phase(name: &'static str) -> Phase {
    Phase {
        name,
        start: epoch().map(|_| (Instant::now(), cpu_ms())),
    }
}

/// Run `f` as the phase `name`.
pub fn time<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    let _phase = phase(name);
    f()
}

impl Drop for Phase {
    fn drop(&mut self) {
        let (Some((start, cpu_start)), Some(epoch)) = (self.start, epoch()) else {
            return;
        };
        let ms = |i: Instant| i.duration_since(epoch).as_secs_f64() * 1e3;
        let end = Instant::now();
        let cpu = cpu_ms() - cpu_start;
        let wall = ms(end) - ms(start);
        let thread = rayon::current_thread_index()
            .map(|i| format!("thread {i}"))
            .unwrap_or_else(|| "main".to_string());
        eprintln!(
            "[timings] {:>8.1} .. {:>8.1} ms = {:>7.1} ms  cpu {:>7.1} ms = {:>4.2} cores  {} ({thread})",
            ms(start),
            ms(end),
            wall,
            cpu,
            cpu / wall.max(1e-3),
            self.name
        );
    }
}
