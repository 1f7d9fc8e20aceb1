//! `vitrine publish`: sends the built site to its host, incrementally and
//! safely. The target keeps a manifest of what vitrine published there
//! ([`manifest`]); a publish sends only new and changed files, assets
//! first, then pages, then the sitemap, feed and manifest, and deletes
//! last, so a reader never meets a page whose stylesheet is not there yet.
//! Each file goes under a temporary name and is renamed into place; a lock
//! on the target keeps two publishes apart; a publish cut in the middle is
//! completed by the next one; files vitrine did not publish are never
//! deleted. Each kind of target is one [`Transport`].

pub mod error;
pub mod file;
pub mod manifest;
pub mod plan;
pub mod s3;
pub mod sftp;
pub mod target;

use std::time::{Duration, Instant};

pub use error::PublishError;
pub use manifest::{MANIFEST, Manifest};
pub use plan::{Change, Plan};
pub use target::Target;

use crate::output::OutputFile;
use manifest::BadLine;

/// The lock's name at the target's root (a folder on file and SFTP
/// targets, created atomically; an object on S3).
pub const LOCK: &str = ".vitrine-verrou";
/// Where files wait under a temporary name before their rename.
pub const UPLOADS: &str = ".vitrine-envoi";

/// One kind of target: the few operations a publish needs.
pub trait Transport {
    /// The target as the editor named it, for messages.
    fn name(&self) -> String;
    /// Connects and checks the target is a folder; creates it when missing
    /// if `create` (a dry run creates nothing: a missing folder is empty).
    fn open(&mut self, create: bool) -> Result<(), PublishError>;
    /// A control file at the target's root, if it exists.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, PublishError>;
    /// Takes the lock, writing `owner` in it; `Ok(Some(owner))` names who
    /// holds it when it is already taken.
    fn lock(&mut self, owner: &str) -> Result<Option<String>, PublishError>;
    fn unlock(&mut self) -> Result<(), PublishError>;
    /// Sends the files in order, each under a temporary name then renamed
    /// into place; `sent` is called with each file's size once it is there.
    fn send(
        &mut self,
        files: &[(&str, &[u8])],
        sent: &mut dyn FnMut(u64),
    ) -> Result<(), PublishError>;
    /// Deletes files vitrine published, and their folders left empty.
    fn delete(&mut self, paths: &[String]) -> Result<(), PublishError>;
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Plan only: read the target's manifest, change nothing.
    pub dry_run: bool,
    /// Take the lock even if another machine holds it.
    pub break_lock: bool,
}

/// What a publish did (or, in a dry run, would do).
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub added: (usize, u64),
    pub changed: (usize, u64),
    pub deleted: (usize, u64),
    /// Bytes sent, the manifest included.
    pub sent_bytes: u64,
    pub sent_files: usize,
    /// Lines of the target's manifest left out because they were unreadable.
    pub bad_lines: Vec<BadLine>,
    /// The lock an interrupted publish of this machine left, taken over.
    pub stale_lock: Option<String>,
    pub elapsed: Duration,
}

/// What the terminal shows while files go.
pub trait Progress {
    fn start(&mut self, _files: usize, _bytes: u64) {}
    fn sent(&mut self, _bytes: u64) {}
    fn done(&mut self) {}
}

impl Progress for () {}

/// Publishes `files` (the built site) through `transport`.
pub fn publish(
    files: &[OutputFile],
    transport: &mut dyn Transport,
    options: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary, PublishError> {
    let start = Instant::now();
    transport.open(!options.dry_run)?;
    let (published, bad_lines) = match transport.read(MANIFEST)? {
        Some(bytes) => Manifest::parse(&String::from_utf8_lossy(&bytes)),
        None => Default::default(),
    };
    let plan = Plan::new(files, &published);
    let mut summary = Summary {
        added: plan.count(Change::Added),
        changed: plan.count(Change::Changed),
        deleted: plan.deleted(),
        bad_lines,
        ..Summary::default()
    };
    // A manifest with unreadable lines is rewritten even when no file changed.
    if options.dry_run || (plan.is_empty() && summary.bad_lines.is_empty()) {
        summary.elapsed = start.elapsed();
        return Ok(summary);
    }
    summary.stale_lock = take_lock(transport, options)?;
    let result = apply(&plan, &published, transport, &mut summary, progress);
    progress.done();
    // A cut connection cannot unlock: the next publish of this machine
    // takes the lock over (see `take_lock`).
    let unlocked = transport.unlock();
    result?;
    unlocked?;
    summary.elapsed = start.elapsed();
    Ok(summary)
}

fn apply(
    plan: &Plan,
    published: &Manifest,
    transport: &mut dyn Transport,
    summary: &mut Summary,
    progress: &mut dyn Progress,
) -> Result<(), PublishError> {
    let sends: Vec<(&str, &[u8])> = plan
        .sends
        .iter()
        .map(|send| (send.file.path.as_str(), send.file.contents.as_slice()))
        .collect();
    progress.start(sends.len(), sends.iter().map(|(_, c)| c.len() as u64).sum());
    transport.send(&sends, &mut |bytes| {
        summary.sent_files += 1;
        summary.sent_bytes += bytes;
        progress.sent(bytes);
    })?;
    let before = plan.manifest_before_deletions(published).to_text();
    send_manifest(transport, &before, summary)?;
    if !plan.deletes.is_empty() {
        let paths: Vec<String> = plan.deletes.iter().map(|(p, _)| p.clone()).collect();
        transport.delete(&paths)?;
        send_manifest(transport, &plan.manifest.to_text(), summary)?;
    }
    Ok(())
}

fn send_manifest(
    transport: &mut dyn Transport,
    text: &str,
    summary: &mut Summary,
) -> Result<(), PublishError> {
    transport.send(&[(MANIFEST, text.as_bytes())], &mut |bytes| {
        summary.sent_bytes += bytes;
    })
}

/// Takes the target's lock. A lock left by a publish of this machine whose
/// process is gone (killed, or cut from the server) is taken over and
/// returned; one held elsewhere is an error unless `break_lock`.
fn take_lock(
    transport: &mut dyn Transport,
    options: &Options,
) -> Result<Option<String>, PublishError> {
    let owner = Owner::me().to_text();
    let Some(held) = transport.lock(&owner)? else {
        return Ok(None);
    };
    let holder = Owner::parse(&held);
    if !(options.break_lock || holder.as_ref().is_some_and(Owner::is_gone)) {
        return Err(PublishError::Locked {
            target: transport.name(),
            owner: holder.map_or_else(
                || "verrou sans propriétaire lisible".into(),
                |o| o.describe(),
            ),
        });
    }
    transport.unlock()?;
    match transport.lock(&owner)? {
        None => Ok(Some(holder.map_or_else(|| held.clone(), |o| o.describe()))),
        Some(again) => Err(PublishError::Locked {
            target: transport.name(),
            owner: Owner::parse(&again).map_or(again, |o| o.describe()),
        }),
    }
}

/// Who holds a lock: the machine, the process, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Owner {
    host: String,
    pid: u32,
    since: String,
}

impl Owner {
    fn me() -> Owner {
        Owner {
            host: hostname(),
            pid: std::process::id(),
            since: jiff::Timestamp::now().to_string(),
        }
    }

    fn to_text(&self) -> String {
        format!(
            "hote={}\npid={}\ndepuis={}\n",
            self.host, self.pid, self.since
        )
    }

    fn parse(text: &str) -> Option<Owner> {
        let field = |key: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
                .map(str::to_string)
        };
        Some(Owner {
            host: field("hote")?,
            pid: field("pid")?.parse().ok()?,
            since: field("depuis")?,
        })
    }

    /// A publish of this machine that no longer runs.
    fn is_gone(&self) -> bool {
        self.host == hostname() && !std::path::Path::new(&format!("/proc/{}", self.pid)).exists()
    }

    fn describe(&self) -> String {
        format!(
            "verrou posé par la machine « {} », processus {}, le {}",
            self.host, self.pid, self.since
        )
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|name| name.trim().to_string())
        .unwrap_or_else(|_| "inconnue".into())
}

/// Paths of the folders that hold `path`, outermost first.
pub(crate) fn parents(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_round_trips() {
        let me = Owner::me();
        assert_eq!(Owner::parse(&me.to_text()), Some(me.clone()));
        assert!(!me.is_gone());
    }

    #[test]
    fn parents_outermost_first() {
        assert_eq!(parents("a/b/c.html").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(parents("c.html").count(), 0);
    }
}
