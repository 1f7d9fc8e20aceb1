//! The served state: the files of the last good build, the report of the
//! last failed one, and a version that changes with every build so a page
//! can tell it is out of date. Builds are turned into [`Change`]s here and
//! broadcast to the browsers and the terminal.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use tokio::sync::{broadcast, watch};

use crate::error::Message;
use crate::incremental::{self, Kept, Rebuilt};
use crate::output::OutputFile;
use crate::pipeline::BuildOptions;

/// Files of a good build, by relative `/`-separated path.
pub type Files = HashMap<String, Bytes>;

/// How to build the site; the same for every rebuild.
#[derive(Debug, Clone)]
pub struct Builder {
    pub root: PathBuf,
    pub drafts: bool,
    pub base_url: String,
    /// See [`super::ServeOptions::build`].
    pub build: Option<super::BuildFn>,
    /// What the last finished build leaves for the next incremental one.
    pub previous: Arc<Mutex<Previous>>,
}

/// What the last finished build left to build on.
#[derive(Debug, Default)]
pub struct Previous {
    /// The build it came from.
    number: u64,
    /// Its state and files, when it was good.
    good: Option<Good>,
}

#[derive(Debug)]
struct Good {
    kept: Kept,
    files: Arc<Files>,
    pages: usize,
    articles: usize,
}

/// What one build gave, as the terminal and the benchmarks see it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BuildReport {
    pub pages: usize,
    pub articles: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// The changed files that caused the build, relative to the site root
    /// (empty for the first build).
    pub changed: Vec<PathBuf>,
}

/// One build, as broadcast to browser tabs and to the terminal.
#[derive(Debug, Clone)]
pub enum Change {
    /// A good build replaced the site. `styles_only` when only style sheets
    /// changed and the page showed no error: browsers refresh the sheets
    /// without reloading.
    Rebuilt {
        version: String,
        styles_only: bool,
        report: BuildReport,
    },
    /// A build failed: the previous good site is still served, with `report`
    /// (the French diagnostics) shown over every page.
    Failed {
        version: String,
        report: Arc<str>,
        problems: usize,
        elapsed: Duration,
        changed: Vec<PathBuf>,
        /// Whether a good build is still served: false until the site has
        /// built once.
        kept: bool,
    },
}

impl Change {
    pub fn version(&self) -> &str {
        match self {
            Change::Rebuilt { version, .. } | Change::Failed { version, .. } => version,
        }
    }
}

/// What requests are answered from; replaced whole on every build.
#[derive(Debug)]
pub struct Snapshot {
    /// The last good build; `None` while the site has never built.
    pub files: Option<Arc<Files>>,
    /// The last build's diagnostics when it failed.
    pub error: Option<Arc<str>>,
    pub version: String,
    /// The build this snapshot came from: builds are numbered as they
    /// start, and one that ends after a newer one was swapped in is dropped.
    pub number: u64,
}

pub struct State {
    builder: Builder,
    snapshot: RwLock<Arc<Snapshot>>,
    changes: broadcast::Sender<Change>,
    /// Distinguishes this server from a previous one on the same port, so a
    /// tab reconnecting after a restart reloads.
    instance: String,
    builds: std::sync::atomic::AtomicU64,
    pub shutdown: watch::Receiver<bool>,
}

impl State {
    /// Runs the first build; its failure still gives a state to serve.
    pub async fn first(builder: Builder, shutdown: watch::Receiver<bool>) -> (Self, Change) {
        let instance = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let state = Self {
            builder,
            snapshot: RwLock::new(Arc::new(Snapshot {
                files: None,
                error: None,
                version: String::new(),
                number: 0,
            })),
            changes: broadcast::channel(64).0,
            instance: format!("{instance:x}"),
            builds: std::sync::atomic::AtomicU64::new(0),
            shutdown,
        };
        let change = state
            .rebuild(Vec::new())
            .await
            .expect("the first build has no newer build to lose against");
        (state, change)
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        // A poisoned lock only means a panic elsewhere; the snapshot is whole.
        Arc::clone(
            &self
                .snapshot
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }

    /// Builds the whole site in memory, swaps it in when good, and
    /// broadcasts what happened. `changed` are absolute paths.
    ///
    /// The build runs on a thread of its own, off the async runtime: a build
    /// stuck on a file that never answers holds neither the next build nor
    /// the server's shutdown. `None` when a build started later has already
    /// been swapped in: this one is out of date and is dropped.
    pub async fn rebuild(&self, changed: Vec<PathBuf>) -> Option<Change> {
        let number = self
            .builds
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let outcome = self.builder.spawn(number, changed.clone()).await;
        let changed: Vec<PathBuf> = changed
            .iter()
            .map(|path| relative(&self.builder.root, path))
            .collect();
        let version = format!("{}-{number}", self.instance);
        let mut current = self
            .snapshot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if current.number > number {
            return None;
        }
        let previous = Arc::clone(&current);
        let (mut snapshot, change) = match outcome {
            Ok(Ok((files, mut report))) => {
                report.changed = changed;
                let styles_only = previous.error.is_none()
                    && previous.files.is_some()
                    && !report.changed.is_empty()
                    && report.changed.iter().all(|path| is_style_sheet(path));
                let snapshot = Snapshot {
                    files: Some(files),
                    error: None,
                    version: version.clone(),
                    number,
                };
                let change = Change::Rebuilt {
                    version,
                    styles_only,
                    report,
                };
                (snapshot, change)
            }
            Ok(Err((report, problems, elapsed))) => {
                failed(&previous, version, report, problems, elapsed, changed)
            }
            Err(stopped) => {
                // The pipeline promises no panics; if one slips through, the
                // server keeps going and says so.
                let text = format!("la construction s'est arrêtée net ({stopped})");
                let report = Message::error(&text).to_string();
                failed(&previous, version, report, 1, Duration::ZERO, changed)
            }
        };
        snapshot.number = number;
        *current = Arc::new(snapshot);
        drop(current);
        // No receiver is fine: nobody is listening yet.
        let _ = self.changes.send(change.clone());
        Some(change)
    }
}

fn failed(
    previous: &Snapshot,
    version: String,
    report: String,
    problems: usize,
    elapsed: Duration,
    changed: Vec<PathBuf>,
) -> (Snapshot, Change) {
    let report: Arc<str> = report.into();
    let snapshot = Snapshot {
        files: previous.files.clone(),
        error: Some(Arc::clone(&report)),
        version: version.clone(),
        number: previous.number,
    };
    let change = Change::Failed {
        version,
        report,
        problems,
        elapsed,
        changed,
        kept: previous.files.is_some(),
    };
    (snapshot, change)
}

type Built = Result<(Arc<Files>, BuildReport), (String, usize, Duration)>;

impl Builder {
    /// Runs one build on a new thread. The error is why it gave no result
    /// (a panic, or no thread to run it).
    async fn spawn(&self, number: u64, changed: Vec<PathBuf>) -> Result<Built, String> {
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let builder = self.clone();
        std::thread::Builder::new()
            .name("vitrine-build".into())
            .spawn(move || {
                let outcome = std::panic::catch_unwind(|| builder.build(number, &changed))
                    .map_err(|panic| panic_message(panic.as_ref()));
                // The server may have stopped waiting: nothing to do then.
                let _ = sender.send(outcome);
            })
            .map_err(|error| format!("impossible de lancer la construction : {error}"))?;
        receiver
            .await
            .unwrap_or_else(|_| Err("la construction n'a rien rendu".into()))
    }

    /// Build `number` in memory, after the absolute paths `changed`
    /// changed. Today's date is taken anew each time, so a server left
    /// running publishes tomorrow's articles tomorrow.
    fn build(&self, number: u64, changed: &[PathBuf]) -> Built {
        let start = Instant::now();
        let options = BuildOptions {
            base_url: Some(self.base_url.clone()),
            drafts: self.drafts,
            defer_images: true,
            ..BuildOptions::new(&self.root)
        };
        let Some(build) = self.build else {
            return self.incremental(&options, number, changed, start);
        };
        match build(&options) {
            Ok(site) => {
                let files = Arc::new(files(site.files));
                let report = report(&files, site.pages, site.articles, start);
                Ok((files, report))
            }
            Err(diagnostics) => Err((diagnostics.to_string(), diagnostics.len(), start.elapsed())),
        }
    }

    /// The pipeline's build, starting from the previous build's results
    /// when it is the one just before: a build in between may have read
    /// changes this one is not told of.
    fn incremental(
        &self,
        options: &BuildOptions,
        number: u64,
        changed: &[PathBuf],
        start: Instant,
    ) -> Built {
        let previous = {
            let mut previous = self.lock_previous();
            let next = previous.number + 1 == number;
            previous.good.take().filter(|_| next)
        };
        let (kept, served) = match previous {
            Some(good) => (
                Some(good.kept),
                Some((good.files, good.pages, good.articles)),
            ),
            None => (None, None),
        };
        let (result, kept) = incremental::rebuild(kept, options, changed);
        let built = result.map(|rebuilt| match (rebuilt, served) {
            (Rebuilt::Changed(changed), Some((files, pages, articles))) => {
                let mut files = Files::clone(&files);
                files.extend(
                    changed
                        .into_iter()
                        .map(|file| (file.path, Bytes::from(file.contents))),
                );
                (Arc::new(files), pages, articles)
            }
            (Rebuilt::Whole(site), _) => (Arc::new(files(site.files)), site.pages, site.articles),
            (Rebuilt::Changed(_), None) => unreachable!("only a kept build is changed"),
        });
        let mut previous = self.lock_previous();
        // A build that ends after a newer one leaves nothing to build on.
        if previous.number < number {
            previous.number = number;
            previous.good = built.as_ref().ok().zip(kept).map(|(built, kept)| Good {
                kept,
                files: Arc::clone(&built.0),
                pages: built.1,
                articles: built.2,
            });
        }
        drop(previous);
        match built {
            Ok((files, pages, articles)) => {
                let report = report(&files, pages, articles, start);
                Ok((files, report))
            }
            Err(diagnostics) => Err((diagnostics.to_string(), diagnostics.len(), start.elapsed())),
        }
    }

    fn lock_previous(&self) -> std::sync::MutexGuard<'_, Previous> {
        // A poisoned lock only means a panic in a build: start afresh.
        self.previous.lock().unwrap_or_else(|poisoned| {
            let mut previous = poisoned.into_inner();
            previous.good = None;
            previous
        })
    }
}

/// The files of a build, as served.
fn files(files: Vec<OutputFile>) -> Files {
    files
        .into_iter()
        .map(|file| (file.path, Bytes::from(file.contents)))
        .collect()
}

fn report(files: &Files, pages: usize, articles: usize, start: Instant) -> BuildReport {
    BuildReport {
        pages,
        articles,
        files: files.len(),
        elapsed: start.elapsed(),
        changed: Vec::new(),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panique".into())
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn is_style_sheet(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("css"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the repository's example site.
    fn example_site() -> tempfile::TempDir {
        let site = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["content", "themes"] {
            for entry in walkdir::WalkDir::new(repo.join(dir)) {
                let entry = entry.unwrap();
                let target = site.path().join(entry.path().strip_prefix(repo).unwrap());
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(target).unwrap();
                } else {
                    std::fs::copy(entry.path(), target).unwrap();
                }
            }
        }
        site
    }

    /// Adds `text` at the end of an article's body; returns its path.
    fn append(root: &Path, article: &str, text: &str) -> PathBuf {
        let path = root.join("content/actualites").join(article);
        let body = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{body}\n{text}\n")).unwrap();
        path
    }

    #[test]
    fn a_build_starts_from_the_previous_one_only_if_none_ran_in_between() {
        let site = example_site();
        let builder = Builder {
            root: site.path().to_path_buf(),
            drafts: false,
            base_url: "http://127.0.0.1:1111/".into(),
            build: None,
            previous: Arc::default(),
        };
        // Whether an article's page shows `text`.
        let shows = |built: &Built, text: &str| {
            let (files, _) = built.as_ref().unwrap();
            files.iter().any(|(path, bytes)| {
                path.starts_with("actualites/")
                    && path.ends_with("/index.html")
                    && String::from_utf8_lossy(bytes).contains(text)
            })
        };
        builder.build(1, &[]).unwrap();
        // Build 2, still running, was told of this change...
        append(
            site.path(),
            "convention-upec-2023.md",
            "Lu par la deuxième.",
        );
        // ...and build 3 of this one only: it must not start from build 1.
        let changed = append(
            site.path(),
            "entreprendre-etudiant-miee.md",
            "Lu par la troisième.",
        );
        let third = builder.build(3, &[changed]);
        assert!(shows(&third, "Lu par la troisième."));
        assert!(shows(&third, "Lu par la deuxième."));

        // Build 2 ends late: build 4 still shows every change.
        builder.build(2, &[]).unwrap();
        let changed = append(
            site.path(),
            "convention-upec-2023.md",
            "Lu par la quatrième.",
        );
        let fourth = builder.build(4, &[changed]);
        assert!(shows(&fourth, "Lu par la troisième."));
        assert!(shows(&fourth, "Lu par la quatrième."));
    }

    #[test]
    fn only_css_files_count_as_style_sheets() {
        assert!(is_style_sheet(Path::new("themes/hub/static/style.css")));
        assert!(is_style_sheet(Path::new("static/EXTRA.CSS")));
        assert!(!is_style_sheet(Path::new("content/actualites/a.md")));
        assert!(!is_style_sheet(Path::new("themes/hub/templates/base.html")));
    }
}
