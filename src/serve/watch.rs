//! Watching the sources: which file events matter (a small pure function,
//! tested below), the watcher itself, and the debounce that turns a burst
//! of events (an editor's save, a `git checkout` of 300 files) into one
//! rebuild.
//!
//! Only `site.toml`, `content/`, `templates/`, `static/`, `themes/` and
//! `taxonomies/` (introductions of terms) are watched, never the site root recursively: `public/`, `target/` or
//! `.git/` may sit there, and writing the output where we watch would loop.
//! `site.toml` is watched through its folder, so an editor that saves by
//! writing a temporary file and renaming it over is seen.

use crate::content::is_ignored_name;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Component, Path};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// The folders of a site that hold sources, watched recursively.
pub const SOURCE_DIRS: [&str; 5] = [
    "content",
    "templates",
    "static",
    "themes",
    crate::intros::INTROS_DIR,
];

/// The path of `path` relative to `root`, `/`-separated, if a change there
/// can change the site; `None` for anything else (the output folder,
/// editors' swap and backup files, hidden files).
pub fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for c in rel.components() {
        let Component::Normal(name) = c else {
            return None;
        };
        let name = name.to_str()?;
        if is_ignored_name(name) {
            return None;
        }
        parts.push(name);
    }
    let first = *parts.first()?;
    let wanted =
        (parts.len() == 1 && first == crate::config::CONFIG_FILE) || SOURCE_DIRS.contains(&first);
    wanted.then(|| parts.join("/"))
}

/// What the rebuild loop receives.
pub enum Message {
    /// File events, paths as the watcher reports them; `closed` when a
    /// writer closed the file (its content is complete).
    Paths {
        paths: Vec<std::path::PathBuf>,
        closed: bool,
    },
    /// A search index finished for build generation `.0`.
    Index(u64, Vec<crate::search::IndexFile>),
}

/// Starts watching `root`. File events go to `tx` as `Message::Paths`.
pub fn start(root: &Path, poll: bool, tx: Sender<Message>) -> notify::Result<Box<dyn Watcher>> {
    let handler = move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else {
            return;
        };
        let closed = matches!(
            event.kind,
            EventKind::Access(AccessKind::Close(AccessMode::Write))
        );
        // Reads (ours included, while rebuilding) change nothing.
        if matches!(event.kind, EventKind::Access(_)) && !closed {
            return;
        }
        let paths = event.paths;
        let _ = tx.send(Message::Paths { paths, closed });
    };
    let mut watcher: Box<dyn Watcher> = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
        Box::new(notify::PollWatcher::new(handler, config)?)
    } else {
        Box::new(notify::recommended_watcher(handler)?)
    };
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    watch_sources(watcher.as_mut(), root);
    Ok(watcher)
}

/// (Re)watches every source folder that exists: a folder created, or
/// deleted and created again, after the server started is picked up.
pub fn watch_sources(watcher: &mut dyn Watcher, root: &Path) {
    for dir in SOURCE_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            let _ = watcher.unwatch(&path);
            if let Err(e) = watcher.watch(&path, RecursiveMode::Recursive) {
                eprintln!("carnet serve : impossible de surveiller {dir}/ : {e}");
            }
        }
    }
}

/// How long to wait for more events before rebuilding, and at most.
///
/// Saving one file gives events for one path (the editor's temporary and
/// swap files are ignored). Once its writer closed it, the file is complete
/// and `closed_quiet`, a few milliseconds without another path, is enough
/// to rebuild: the page is back at once. Without that signal (polling,
/// renames) the sources must be `quiet` a little longer. Once two paths
/// changed, a burst is under way (a `git checkout`, a folder copied, `sed
/// -i`'s temporary file): waiting `burst_quiet` for the next event keeps a
/// busy machine's pauses from splitting it into several rebuilds.
#[derive(Debug, Clone, Copy)]
pub struct Debounce {
    pub closed_quiet: Duration,
    pub quiet: Duration,
    pub burst_quiet: Duration,
    pub max: Duration,
}

/// What arrived during one debounce window.
#[derive(Default)]
pub struct Batch {
    /// Relevant changed paths, relative to the root.
    pub changed: BTreeSet<String>,
    /// When the first relevant event arrived.
    pub first: Option<Instant>,
    /// Finished search indexes, newest last.
    pub indexes: Vec<(u64, Vec<crate::search::IndexFile>)>,
}

/// Waits for the next relevant change, then for the burst to end: no event
/// for `quiet`, or `max` after the first one. `None` when the watcher is
/// gone. Search indexes that finish meanwhile are returned at once, and an
/// empty batch at `wake`, if nothing happened by then.
pub fn next_batch(
    rx: &Receiver<Message>,
    root: &Path,
    debounce: Debounce,
    wake: Option<Instant>,
) -> Option<Batch> {
    let mut batch = Batch::default();
    let mut first: Option<Instant> = None;
    let mut closed_alone = false;
    loop {
        let message = match (first, wake) {
            (None, None) => rx.recv().ok()?,
            (None, Some(wake)) => {
                match rx.recv_timeout(wake.saturating_duration_since(Instant::now())) {
                    Ok(m) => m,
                    Err(RecvTimeoutError::Timeout) => return Some(batch),
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            (Some(start), _) => {
                let left = debounce.max.saturating_sub(start.elapsed());
                let quiet = if batch.changed.len() > 1 {
                    debounce.burst_quiet
                } else if closed_alone {
                    debounce.closed_quiet
                } else {
                    debounce.quiet
                };
                match rx.recv_timeout(quiet.min(left)) {
                    Ok(m) => m,
                    Err(RecvTimeoutError::Timeout) => return Some(batch),
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
        };
        match message {
            Message::Paths { paths, closed } => {
                let before = batch.changed.len();
                batch
                    .changed
                    .extend(paths.iter().filter_map(|p| relevant(root, p)));
                if first.is_none() && batch.changed.len() > before {
                    first = Some(Instant::now());
                    batch.first = first;
                }
                closed_alone = closed && batch.changed.len() == 1;
            }
            Message::Index(generation, files) => {
                batch.indexes.push((generation, files));
                if first.is_none() {
                    return Some(batch);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(paths: Vec<std::path::PathBuf>, closed: bool) -> Message {
        Message::Paths { paths, closed }
    }

    #[test]
    fn which_events_matter() {
        let root = Path::new("/site");
        let cases = [
            ("/site/site.toml", Some("site.toml")),
            ("/site/content/ateliers/a.md", Some("content/ateliers/a.md")),
            ("/site/content", Some("content")),
            ("/site/templates/page.html", Some("templates/page.html")),
            ("/site/static/logo.png", Some("static/logo.png")),
            (
                "/site/themes/t/templates/base.html",
                Some("themes/t/templates/base.html"),
            ),
            (
                "/site/taxonomies/themes/violences.md",
                Some("taxonomies/themes/violences.md"),
            ),
            ("/site/content/ateliers/.a.md.swp", None),
            ("/site/content/ateliers/a.md~", None),
            ("/site/content/#a.md#", None),
            ("/site/content/.goutputstream-XYZ12", None),
            ("/site/content/4913", None),
            ("/site/content/.git/index", None),
            ("/site/site.toml~", None),
            ("/site/.site.toml.swp", None),
            ("/site/public/index.html", None),
            ("/site/README.md", None),
            ("/site/sub/site.toml", None),
            ("/elsewhere/site.toml", None),
        ];
        for (path, want) in cases {
            assert_eq!(relevant(root, Path::new(path)).as_deref(), want, "{path}");
        }
    }

    #[test]
    fn a_burst_is_one_batch() {
        let (tx, rx) = std::sync::mpsc::channel();
        let root = Path::new("/site");
        for i in 0..300 {
            let path = root.join(format!("content/p{i}.md"));
            tx.send(paths(vec![path], true)).unwrap();
        }
        tx.send(paths(vec![root.join("public/x.html")], false))
            .unwrap();
        let d = Debounce {
            closed_quiet: Duration::from_millis(5),
            quiet: Duration::from_millis(20),
            burst_quiet: Duration::from_millis(40),
            max: Duration::from_secs(2),
        };
        let batch = next_batch(&rx, root, d, None).unwrap();
        assert_eq!(batch.changed.len(), 300);
        drop(tx);
        assert!(next_batch(&rx, root, d, None).is_none());
    }

    #[test]
    fn irrelevant_events_do_not_start_a_window() {
        let (tx, rx) = std::sync::mpsc::channel();
        let root = Path::new("/site");
        tx.send(paths(vec![root.join("public/x.html")], false))
            .unwrap();
        tx.send(Message::Index(3, vec![])).unwrap();
        let d = Debounce {
            closed_quiet: Duration::from_millis(5),
            quiet: Duration::from_millis(20),
            burst_quiet: Duration::from_millis(40),
            max: Duration::from_secs(2),
        };
        let batch = next_batch(&rx, root, d, None).unwrap();
        assert!(batch.changed.is_empty());
        assert_eq!(batch.indexes.len(), 1);
    }
}
