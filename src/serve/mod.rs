//! `serve` and `build --watch`: rebuild on change and, for `serve`, serve
//! the site over HTTP with live reload.
//!
//! One thread waits for debounced file events ([`watch`]) and rebuilds
//! ([`state::Builder`]: cached parsing, then resolve and analyse); the new
//! snapshot is swapped in whole and only then are browsers told to reload
//! ([`http`]). Pages render lazily on request and are cached until the next
//! swap, so a save costs one pipeline run plus the pages actually viewed.

mod confine;
pub mod http;
pub mod limits;
pub mod state;
pub mod watch;

use crate::model::Date;
use http::Shared;
use state::{BuildReport, Builder, Snapshot};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Instant;

/// Options of `serve`.
#[derive(Clone, Debug)]
pub struct Options {
    /// Source folder.
    pub src: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Poll instead of native file events.
    pub poll: bool,
    /// The as-of date.
    pub as_of: Date,
    /// Stop on Ctrl-C (the command line); tests stop with [`Server::stop`].
    pub ctrl_c: bool,
    /// Print rebuilds and diagnostics to stderr.
    pub print: bool,
    /// Host names answered besides 127.0.0.1, localhost, [::1] and `bind`
    /// (`--allow-host`); requests naming any other host get 421.
    pub allow_hosts: Vec<String>,
}

/// How often an open live-reload stream gets a keep-alive comment (well
/// under [`limits::IDLE_TIMEOUT`], which would close it).
pub const SSE_KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(10);

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port is taken.
    #[error("port {port} on {bind} is already in use")]
    PortTaken {
        /// Address.
        bind: IpAddr,
        /// Port.
        port: u16,
    },
    /// Binding failed for another reason.
    #[error("cannot listen on {bind}:{port}: {source}")]
    Bind {
        /// Address.
        bind: IpAddr,
        /// Port.
        port: u16,
        /// Why.
        source: std::io::Error,
    },
    /// The watcher could not start.
    #[error("cannot watch {path}: {source}")]
    Watch {
        /// Folder.
        path: String,
        /// Why.
        source: notify_debouncer_full::notify::Error,
    },
    /// The runtime could not start.
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    activity: Arc<Activity>,
    stop_tx: Option<tokio::sync::oneshot::Sender<()>>,
    http: Option<JoinHandle<()>>,
    builds: Option<JoinHandle<()>>,
}

/// When the build loop last did something, for [`Server::wait_idle`].
struct Activity {
    state: std::sync::Mutex<(bool, Instant)>,
}

impl Activity {
    fn set(&self, building: bool) {
        if let Ok(mut s) = self.state.lock() {
            *s = (building, Instant::now());
        }
    }

    fn idle_for(&self) -> Option<std::time::Duration> {
        let s = self.state.lock().ok()?;
        (!s.0).then(|| s.1.elapsed())
    }
}

/// Print a build's outcome on the terminal.
pub fn print_build(report: &BuildReport, started: Instant, changed: &[String], first: bool) {
    let color = crate::diag::stderr_color();
    for d in &report.diagnostics {
        if d.severity != crate::diag::Severity::Note {
            eprintln!("{}", d.render(color));
        }
    }
    let what = if first {
        "built".to_string()
    } else {
        match changed {
            [one] => format!("rebuilt after a change to {one}"),
            many => format!("rebuilt after changes to {} paths", many.len()),
        }
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let check = report.check_time.as_secs_f64() * 1000.0;
    if report.ok {
        eprintln!(
            "[serve] {what} in {ms:.1} ms (load, resolve and analyse {check:.1} ms; {} errors, {} warnings)",
            report.errors, report.warnings
        );
    } else {
        eprintln!(
            "[serve] {what} in {ms:.1} ms: {} errors, {} warnings; the last good site stays served",
            report.errors, report.warnings
        );
    }
}

impl Server {
    /// Build the site, bind the port, start watching and serving.
    pub fn start(opts: Options) -> Result<Server, ServeError> {
        let root = crate::output::absolute(&opts.src);
        let listener = std::net::TcpListener::bind((opts.bind, opts.port)).map_err(|source| {
            if source.kind() == std::io::ErrorKind::AddrInUse {
                ServeError::PortTaken {
                    bind: opts.bind,
                    port: opts.port,
                }
            } else {
                ServeError::Bind {
                    bind: opts.bind,
                    port: opts.port,
                    source,
                }
            }
        })?;
        let addr = listener.local_addr().map_err(ServeError::Runtime)?;
        listener
            .set_nonblocking(true)
            .map_err(ServeError::Runtime)?;
        let watcher = start_watch(&root, None, opts.poll)?;
        let started = Instant::now();
        let mut builder = Builder::new(&root, opts.as_of);
        let (snapshot, report) = builder.build(&Snapshot::default());
        if opts.print {
            print_build(&report, started, &[], true);
        }
        let hosts = http::AllowedHosts::new(opts.bind, &opts.allow_hosts);
        let shared = Arc::new(Shared::new(snapshot, hosts));
        let stop = Arc::new(AtomicBool::new(false));
        let activity = Arc::new(Activity {
            state: std::sync::Mutex::new((false, Instant::now())),
        });
        let builds = {
            let shared = shared.clone();
            let stop = stop.clone();
            let activity = activity.clone();
            let print = opts.print;
            let root = root.clone();
            std::thread::Builder::new()
                .name("isms-serve-build".into())
                .spawn(move || {
                    // Own the whole watcher (not just its channel) so it
                    // keeps watching for as long as this loop runs.
                    let watcher = watcher;
                    let should_stop = || stop.load(Ordering::Relaxed);
                    while let Some(batch) = watch::next_batch(&watcher.changes, &should_stop) {
                        let started = Instant::now();
                        activity.set(true);
                        // Read per batch: an edit of isms.yaml may move it.
                        let theme_dir = crate::source::Layout::of(&root).theme;
                        if !batch.exact || watch::touches_theme(&batch.paths, &theme_dir) {
                            builder.theme_changed();
                        }
                        let (snapshot, report) =
                            builder.build_changed(&shared.current(), batch.exact_paths());
                        shared.publish(snapshot);
                        activity.set(false);
                        if print {
                            print_build(&report, started, &batch.paths, false);
                        }
                    }
                })
                .map_err(ServeError::Runtime)?
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(ServeError::Runtime)?;
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let http = {
            let shared = shared.clone();
            let ctrl_c = opts.ctrl_c;
            std::thread::Builder::new()
                .name("isms-serve-http".into())
                .spawn(move || {
                    runtime.block_on(async move {
                        let listener = match tokio::net::TcpListener::from_std(listener) {
                            Ok(l) => l,
                            Err(e) => {
                                eprintln!("error: cannot start the server: {e}");
                                return;
                            }
                        };
                        let app = http::router(shared.clone());
                        let shutdown = async move {
                            if ctrl_c {
                                tokio::select! {
                                    _ = tokio::signal::ctrl_c() => {}
                                    _ = stop_rx => {}
                                }
                            } else {
                                let _ = stop_rx.await;
                            }
                            shared.shutdown();
                        };
                        let listener = limits::Limited::new(listener);
                        if let Err(e) = axum::serve(listener, app)
                            .with_graceful_shutdown(shutdown)
                            .await
                        {
                            eprintln!("error: the server stopped: {e}");
                        }
                    });
                    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
                })
                .map_err(ServeError::Runtime)?
        };
        Ok(Server {
            addr,
            shared,
            stop,
            activity,
            stop_tx: Some(stop_tx),
            http: Some(http),
            builds: Some(builds),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The snapshot being served.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.shared.current()
    }

    /// Wait until no change has arrived and no build has run for `quiet`
    /// (false if that does not happen within `timeout`).
    pub fn wait_idle(&self, quiet: std::time::Duration, timeout: std::time::Duration) -> bool {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if self.activity.idle_for().is_some_and(|idle| idle >= quiet) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        false
    }

    /// Wait until the server stops (Ctrl-C), then stop the build loop.
    pub fn wait(mut self) {
        if let Some(http) = self.http.take() {
            let _ = http.join();
        }
        self.stop_builds();
    }

    fn stop_builds(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(builds) = self.builds.take() {
            let _ = builds.join();
        }
    }

    /// Stop serving and watching.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        if let Some(tx) = self.stop_tx.take() {
            let _ = tx.send(());
        }
        if let Some(http) = self.http.take() {
            let _ = http.join();
        }
        self.stop_builds();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.halt();
    }
}

/// The hint printed when the watcher cannot start.
pub const WATCH_HELP: &str = "try --poll on WSL2, containers and network drives";

/// Watch `root` (skipping `out`), by polling if asked.
fn start_watch(root: &Path, out: Option<&Path>, poll: bool) -> Result<watch::Watcher, ServeError> {
    watch::watch(root, watch::Filter::new(root, out), poll).map_err(|source| ServeError::Watch {
        path: root.display().to_string(),
        source,
    })
}

/// `build --watch`: rebuild `out` whenever the source changes, until killed.
/// `build_once` builds with the shared parse cache and returns its exit code.
pub fn watch_builds(
    src: &Path,
    out: Option<&Path>,
    poll: bool,
    mut build_once: impl FnMut(&[String]) -> u8,
) -> Result<(), ServeError> {
    let root = crate::output::absolute(src);
    let watcher = start_watch(&root, out, poll)?;
    build_once(&[]);
    eprintln!(
        "[watch] watching {} for changes (Ctrl-C to stop)",
        src.display()
    );
    while let Some(batch) = watch::next_batch(&watcher.changes, &|| false) {
        build_once(&batch.paths);
    }
    Ok(())
}
