//! File events to rebuilds: `content/`, `themes/`, `templates/` and
//! `static/` are watched; editors' temporary files and hidden files are
//! ignored; a burst of events becomes one rebuild once the folder has been
//! quiet for the debounce time.

use std::collections::{BTreeSet, HashSet};
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use tokio::sync::{mpsc, watch};
use tokio::time::{Instant, timeout};

use super::site::State;
use crate::source::{Layout, SiteFiles, is_editor_artifact};

/// A burst that never pauses still gets rebuilt after this long.
const MAX_WAIT: Duration = Duration::from_secs(1);

pub struct Watcher {
    root: PathBuf,
    site_files: SiteFiles,
    inner: RecommendedWatcher,
    watched: HashSet<PathBuf>,
    paths: mpsc::UnboundedReceiver<Touched>,
}

/// A source path an event touched, and whether the event made it appear.
type Touched = (PathBuf, bool);

impl Watcher {
    /// Watches the root itself (to see the folders appear or be replaced)
    /// and each of the watched folders that exists. `root` is canonical.
    pub fn start(root: &Path) -> notify::Result<Self> {
        let (sender, paths) = mpsc::unbounded_channel();
        let filter_root = root.to_path_buf();
        let handler = move |event: notify::Result<Event>| {
            // Errors of the notification backend (queue overflow) are rare;
            // the next event rebuilds anyway.
            let Ok(event) = event else { return };
            if !changes_content(event.kind) {
                return;
            }
            let appeared = matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(RenameMode::To))
            );
            for path in event.paths {
                if is_source(&filter_root, &path) {
                    let _ = sender.send((path, appeared));
                }
            }
        };
        // Links are not followed: one to `/` would watch the whole disk.
        // A folder linked inside the root is watched where it really is.
        let config = notify::Config::default().with_follow_symlinks(false);
        let inner = RecommendedWatcher::new(handler, config)?;
        let mut watcher = Self {
            root: root.to_path_buf(),
            site_files: SiteFiles::new(root),
            inner,
            watched: HashSet::new(),
            paths,
        };
        watcher.inner.watch(root, RecursiveMode::NonRecursive)?;
        for dir in Layout::new(root).source_dirs() {
            watcher.watch_dir(&dir)?;
        }
        Ok(watcher)
    }

    fn watch_dir(&mut self, dir: &Path) -> notify::Result<()> {
        // A watched folder that is itself a link out of the site is not
        // read by builds, so it is not watched either.
        let inside = self.site_files.is_inside(dir);
        if inside && dir.is_dir() && self.watched.insert(dir.to_path_buf()) {
            self.inner.watch(dir, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    /// A watched folder created or replaced after start (`git checkout`,
    /// a theme copied in) is watched from then on.
    fn follow(&mut self, path: &Path) {
        if path.parent() == Some(self.root.as_path()) {
            self.watched.remove(path);
            let _ = self.inner.unwatch(path);
            let _ = self.watch_dir(path);
        }
    }
}

/// Rebuilds after each burst of changes until shutdown. Each rebuild runs
/// on its own, so one stuck on a file never delays the next burst's.
pub async fn run(
    mut watcher: Watcher,
    state: Arc<State>,
    quiet: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let first = tokio::select! {
            path = watcher.paths.recv() => path,
            _ = shutdown.wait_for(|stop| *stop) => return,
        };
        let Some(first) = first else { return };
        let mut burst = Burst::default();
        burst.add(first);
        let deadline = Instant::now() + MAX_WAIT;
        while Instant::now() < deadline {
            match timeout(quiet, watcher.paths.recv()).await {
                Ok(Some(touched)) => burst.add(touched),
                Ok(None) => return,
                Err(_) => break,
            }
        }
        for path in &burst.changed {
            watcher.follow(path);
        }
        let changed = burst.settle();
        if !changed.is_empty() {
            let state = Arc::clone(&state);
            tokio::spawn(async move { state.rebuild(changed).await });
        }
    }
}

/// The paths touched by one burst of events.
#[derive(Default)]
struct Burst {
    changed: BTreeSet<PathBuf>,
    appeared: HashSet<PathBuf>,
}

impl Burst {
    fn add(&mut self, (path, appeared): Touched) {
        if appeared {
            self.appeared.insert(path.clone());
        }
        self.changed.insert(path);
    }

    /// The paths that really changed: a file that appeared and is already
    /// gone was a tool's temporary file (`sed -i`, atomic saves).
    fn settle(self) -> Vec<PathBuf> {
        let Self { changed, appeared } = self;
        changed
            .into_iter()
            .filter(|path| !appeared.contains(path) || path.symlink_metadata().is_ok())
            .collect()
    }
}

/// Events that may change a file's contents. Reads (including our own
/// builds') are not changes.
fn changes_content(kind: EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Whether a changed path is a source of the site: inside a watched folder
/// (or that folder itself), not hidden, not an editor's temporary file.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = relative.components();
    let Some(Component::Normal(first)) = components.next() else {
        return false;
    };
    if !Layout::SOURCE_DIRS
        .iter()
        .any(|dir| OsStr::new(dir) == first)
    {
        return false;
    }
    relative.components().all(|component| match component {
        Component::Normal(name) => !is_editor_artifact(&name.to_string_lossy()),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_the_watched_folders_minus_temporary_files() {
        let root = Path::new("/site");
        let yes = |p: &str| assert!(is_source(root, Path::new(p)), "{p}");
        let no = |p: &str| assert!(!is_source(root, Path::new(p)), "{p}");
        yes("/site/content/actualites/a.md");
        yes("/site/themes/hub/static/style.css");
        yes("/site/templates/article.html");
        yes("/site/static/logo.png");
        yes("/site/content");
        no("/site/public/index.html");
        no("/site/README.md");
        no("/elsewhere/content/a.md");
        no("/site/content/actualites/.a.md.swp");
        no("/site/content/actualites/a.md.swp");
        no("/site/content/actualites/a.md~");
        no("/site/content/actualites/4913");
        no("/site/content/actualites/.#a.md");
        no("/site/content/actualites/#a.md#");
        no("/site/content/.git/config");
        no("/site/static/a.css.crswap");
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_linked_from_outside_is_not_watched() {
        let outside = tempfile::tempdir().unwrap();
        let site = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(site.path()).unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("static")).unwrap();
        let watcher = Watcher::start(&root).unwrap();
        assert!(watcher.watched.contains(&root.join("content")));
        assert!(!watcher.watched.contains(&root.join("static")));
    }

    #[test]
    fn a_hidden_root_is_not_a_hidden_file() {
        let root = Path::new("/tmp/.tmpAbC");
        assert!(is_source(root, Path::new("/tmp/.tmpAbC/content/a.md")));
    }

    #[test]
    fn files_that_came_and_went_in_a_burst_are_not_changes() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("a.md");
        std::fs::write(&kept, "x").unwrap();
        let mut burst = Burst::default();
        burst.add((dir.path().join("sedX1b2c3"), true));
        burst.add((dir.path().join("sedX1b2c3"), false));
        burst.add((kept.clone(), true));
        burst.add((dir.path().join("deleted.md"), false));
        assert_eq!(burst.settle(), vec![kept, dir.path().join("deleted.md")]);
    }

    #[test]
    fn reads_do_not_trigger_rebuilds() {
        use notify::event::CreateKind;
        assert!(!changes_content(EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(changes_content(EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_content(EventKind::Modify(ModifyKind::Any)));
        assert!(changes_content(EventKind::Create(CreateKind::File)));
    }
}
