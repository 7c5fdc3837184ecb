//! Watching the source folder: debounced file events, filtered to the
//! paths that can change the site.
//!
//! Editors save in many ways (write in place, write a temporary file and
//! rename it over the original, keep swap and backup files); the debouncer
//! folds a burst of such events into one batch, and the filter drops the
//! paths that never matter: hidden files and folders (`.git`, `.swp`,
//! isms-site's own staging folders), editor temporaries and the output
//! folder, so writing the site never triggers another build.

use crate::source::walk::is_editor_temp;
use notify_debouncer_full::notify::{self, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, NoCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How long the debouncer waits for a burst of events to end.
pub const DEBOUNCE: Duration = Duration::from_millis(50);
/// How often `--poll` rescans the source folder.
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// Which changed paths matter.
#[derive(Clone, Debug)]
pub struct Filter {
    root: PathBuf,
    out: Option<PathBuf>,
}

/// A batch of relevant changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// The changed paths, relative to SRC (`/`-separated), sorted.
    pub paths: Vec<String>,
    /// False when changes may have gone unreported (the event queue
    /// overflowed, an event of unknown kind or without paths, an output
    /// marker appeared or went): then only walking SRC again can tell what
    /// changed.
    pub exact: bool,
}

impl Batch {
    /// An exact batch of `paths`.
    pub fn of(paths: Vec<String>) -> Batch {
        Batch { paths, exact: true }
    }

    /// The paths when they are all that changed; `None` when SRC must be
    /// walked again.
    pub fn exact_paths(&self) -> Option<&[String]> {
        self.exact.then_some(self.paths.as_slice())
    }
}

impl Filter {
    /// A filter for the (canonical) source folder `root`, ignoring `out`.
    pub fn new(root: &Path, out: Option<&Path>) -> Filter {
        Filter {
            root: root.to_path_buf(),
            out: out.map(crate::output::absolute),
        }
    }

    /// The path relative to SRC if a change to it can change the site.
    pub fn relevant(&self, path: &Path) -> Option<String> {
        if let Some(out) = &self.out {
            if path.starts_with(out) {
                return None;
            }
        }
        let rel = path.strip_prefix(&self.root).ok()?;
        let mut parts = Vec::new();
        for part in rel.components() {
            let name = part.as_os_str().to_string_lossy();
            if name.starts_with('.') || is_editor_temp(&name) {
                return None;
            }
            parts.push(name.into_owned());
        }
        if parts.is_empty() {
            return None;
        }
        // A folder holding isms-site's marker is generated output.
        let mut dir = self.root.clone();
        for part in &parts {
            dir.push(part);
            if dir.join(crate::source::walk::MARKER).is_file() {
                return None;
            }
        }
        Some(parts.join("/"))
    }

    /// Is `path` isms-site's output marker in a folder that is walked?
    /// Adding or removing one changes which folders the walk skips.
    fn is_marker(&self, path: &Path) -> bool {
        if path
            .file_name()
            .is_none_or(|n| n != crate::source::walk::MARKER)
        {
            return false;
        }
        if self.out.as_ref().is_some_and(|out| path.starts_with(out)) {
            return false;
        }
        let Some(dir) = path.parent().and_then(|d| d.strip_prefix(&self.root).ok()) else {
            return false;
        };
        !dir.components()
            .any(|part| part.as_os_str().to_string_lossy().starts_with('.'))
    }
}

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    _debouncer: Box<dyn std::any::Any + Send>,
    /// Batches of relevant changes.
    pub changes: mpsc::Receiver<Batch>,
}

fn handler(filter: Filter, tx: mpsc::Sender<Batch>) -> impl FnMut(DebounceEventResult) + Send {
    move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        // Reading a file (our own build does) is not a change.
        let changes = || {
            events
                .iter()
                .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
        };
        let mut paths: Vec<String> = changes()
            .flat_map(|e| e.paths.iter())
            .filter_map(|p| filter.relevant(p))
            .collect();
        paths.sort();
        paths.dedup();
        let unsure = changes().any(|e| {
            e.need_rescan()
                || e.paths.is_empty()
                || matches!(e.kind, notify::EventKind::Any | notify::EventKind::Other)
                || e.paths.iter().any(|p| filter.is_marker(p))
        });
        if !paths.is_empty() || unsure {
            let _ = tx.send(Batch {
                paths,
                exact: !unsure,
            });
        }
    }
}

/// Watch `root` recursively (natively, or by polling when `poll`).
pub fn watch(root: &Path, filter: Filter, poll: bool) -> notify::Result<Watcher> {
    let (tx, changes) = mpsc::channel();
    let debouncer: Box<dyn std::any::Any + Send> = if poll {
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(false);
        let mut d: Debouncer<notify::PollWatcher, NoCache> =
            new_debouncer_opt(DEBOUNCE, None, handler(filter, tx), NoCache, config)?;
        d.watch(root, RecursiveMode::Recursive)?;
        Box::new(d)
    } else {
        let mut d: Debouncer<RecommendedWatcher, NoCache> = new_debouncer_opt(
            DEBOUNCE,
            None,
            handler(filter, tx),
            NoCache,
            notify::Config::default(),
        )?;
        d.watch(root, RecursiveMode::Recursive)?;
        Box::new(d)
    };
    Ok(Watcher {
        _debouncer: debouncer,
        changes,
    })
}

/// Wait for the next batch, then take every batch already queued behind it,
/// so changes that arrived during a build cause exactly one more build.
/// `None` when the watcher stopped or `stop` says so.
pub fn next_batch(changes: &mpsc::Receiver<Batch>, stop: &dyn Fn() -> bool) -> Option<Batch> {
    let mut batch = loop {
        if stop() {
            return None;
        }
        match changes.recv_timeout(Duration::from_millis(200)) {
            Ok(batch) => break batch,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    };
    while let Ok(more) = changes.try_recv() {
        batch.paths.extend(more.paths);
        batch.exact &= more.exact;
    }
    batch.paths.sort();
    batch.paths.dedup();
    Some(batch)
}

/// Does the batch touch the theme overrides: the theme folder (`theme/`,
/// or `theme:` in isms.yaml, relative to SRC), `isms.yaml` itself (which
/// may move it), or the old top-level `templates/` and `static/`?
pub fn touches_theme(batch: &[String], theme_dir: &str) -> bool {
    let theme_dir = theme_dir.trim_end_matches('/');
    batch.iter().any(|p| {
        let top = p.split('/').next().unwrap_or(p);
        top == "templates"
            || top == "static"
            || p == "isms.yaml"
            || p == "isms.yml"
            || p == theme_dir
            || p.starts_with(&format!("{theme_dir}/"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_drops_output_hidden_and_editor_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let out = root.join("public");
        let f = Filter::new(&root, Some(&out));
        assert_eq!(
            f.relevant(&root.join("policies/a.md")).as_deref(),
            Some("policies/a.md")
        );
        assert_eq!(f.relevant(&root.join("public/index.html")), None);
        assert_eq!(f.relevant(&root.join("public")), None);
        assert_eq!(f.relevant(&root.join(".git/index")), None);
        assert_eq!(f.relevant(&root.join("policies/.a.md.swp")), None);
        assert_eq!(f.relevant(&root.join("policies/a.md~")), None);
        assert_eq!(f.relevant(&root.join("policies/4913")), None);
        assert_eq!(f.relevant(&root.join("policies/.#a.md")), None);
        assert_eq!(f.relevant(&root.join(".public.isms-tmp-12/x.html")), None);
        std::fs::create_dir_all(root.join("site")).unwrap();
        std::fs::write(root.join("site").join(crate::source::walk::MARKER), "x").unwrap();
        assert_eq!(f.relevant(&root.join("site/index.html")), None);
        // A marker appearing makes the walk skip a folder: a batch that
        // holds one asks for a new walk; the output's own marker does not.
        assert!(f.is_marker(&root.join("site").join(crate::source::walk::MARKER)));
        assert!(!f.is_marker(&out.join(crate::source::walk::MARKER)));
        assert!(!f.is_marker(&root.join(".stage/.isms-site")));
        assert!(!f.is_marker(&root.join("site/index.html")));
        assert!(touches_theme(&["templates/page.html".to_string()], "theme"));
        assert!(touches_theme(&["static".to_string()], "theme"));
        assert!(touches_theme(
            &["theme/templates/base.html".to_string()],
            "theme"
        ));
        assert!(touches_theme(
            &["branding/static/style.css".to_string()],
            "branding"
        ));
        assert!(!touches_theme(&["themes.md".to_string()], "theme"));
        assert!(!touches_theme(&["policies/a.md".to_string()], "theme"));
    }

    #[test]
    fn changes_during_a_build_make_one_follow_up_batch() {
        let (tx, rx) = mpsc::channel();
        let one = |p: &str| Batch::of(vec![p.to_string()]);
        tx.send(one("policies/a.md")).unwrap();
        let first = next_batch(&rx, &|| false).unwrap();
        assert_eq!(
            first.exact_paths(),
            Some(&["policies/a.md".to_string()][..])
        );
        // Three saves arrive while the first build runs...
        tx.send(one("policies/b.md")).unwrap();
        tx.send(one("policies/a.md")).unwrap();
        tx.send(one("soa.yaml")).unwrap();
        // ... and become exactly one more build.
        let second = next_batch(&rx, &|| false).unwrap();
        assert_eq!(second.paths, ["policies/a.md", "policies/b.md", "soa.yaml"]);
        assert!(second.exact);
        // One unsure batch among them makes the merged batch unsure.
        tx.send(one("policies/a.md")).unwrap();
        tx.send(Batch::default()).unwrap();
        let third = next_batch(&rx, &|| false).unwrap();
        assert_eq!(third.exact_paths(), None);
        assert_eq!(next_batch(&rx, &|| true), None);
        drop(tx);
        assert_eq!(next_batch(&rx, &|| false), None);
    }
}
