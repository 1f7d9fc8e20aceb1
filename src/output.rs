//! Stage 5: where the built files go. Rendered pages and static files are
//! handed to a [`Sink`] as they are produced: kept in memory, or written to
//! a fresh directory beside the output ([`Staging`]) that is swapped in
//! place of it once the whole build succeeded. A failure leaves the
//! previous output exactly as it was. Only a folder that vitrine built (it
//! carries [`MARKER`]) or an empty one is ever replaced.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::error::{Describe, Diagnostic, Diagnostics, Location, display_path};
use crate::load::refusal;
use crate::routes::Route;
use crate::source::{
    CONTENT_DIR, CopyError, Files, Layout, Opened, STATIC_LIMIT, SiteFile, SiteFiles, THEMES_DIR,
};
use crate::urls::slash_path;

/// One file of the built site; `path` is relative and `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, contents: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("écriture impossible : {}", crate::error::io_message(.0))]
    Io(#[source] io::Error),
    #[error("dossier de sortie refusé : {0}")]
    Unsafe(Refusal),
    #[error("le fichier statique « {0} » a la même adresse qu'une page générée")]
    Conflict(String),
}

impl Describe for OutputError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            OutputError::Io(_) => "vérifiez les droits d'écriture et la place disponible, ou choisissez un autre dossier avec --output".into(),
            OutputError::Unsafe(refusal) => refusal.hint(),
            OutputError::Conflict(_) => "renommez ou supprimez ce fichier statique".into(),
        })
    }
}

/// The address of a file of a static folder, by its path below the folder.
pub type StaticRoute = for<'a> fn(&'a str) -> Route<'a>;

/// Where the files of a build go as they are produced, from several
/// threads at once: kept in memory ([`MemorySink`]: `serve`, `check`, the
/// library's `build`) or written to the folder that replaces the output
/// ([`Staging`]: `vitrine build`), so that the site is never held whole.
pub trait Sink: Sync {
    /// Takes one rendered file.
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
    /// Takes one static file, as opened and checked by the reader.
    fn copy(&self, path: &str, from: Opened) -> Result<(), Diagnostic>;
}

/// A site's files kept in memory.
#[derive(Debug, Default)]
pub struct MemorySink {
    /// The site root, to name the static files that fail to read.
    root: PathBuf,
    files: Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            files: Mutex::default(),
        }
    }

    /// Every file taken, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self
            .files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    fn push(&self, file: OutputFile) {
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        files.push(file);
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.push(file);
        Ok(())
    }

    fn copy(&self, path: &str, from: Opened) -> Result<(), Diagnostic> {
        let contents = from.into_bytes().map_err(|r| refusal(&self.root, r))?;
        self.push(OutputFile::new(path, contents));
        Ok(())
    }
}

/// Takes nothing: static files are only opened, which checks them.
struct Discard;

impl Sink for Discard {
    fn put(&self, _: OutputFile) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn copy(&self, _: &str, _: Opened) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// The static files of the site (theme's, then the site's, then
/// `content/medias/`) by output path, later folders replacing earlier ones
/// file by file; found, not read: [`Statics::copy`] copies them.
#[derive(Debug, Default)]
pub struct Statics(BTreeMap<String, SiteFile>);

/// Finds the static files of `dirs`; each folder's route gives a file (by
/// its path below the folder) its address. Files that cannot be used are
/// reported; the others are still returned, to be checked too.
pub fn static_files(
    site_files: &dyn Files,
    dirs: &[(PathBuf, StaticRoute)],
) -> (Statics, Diagnostics) {
    let root = site_files.root();
    let mut files = BTreeMap::new();
    let mut diagnostics = Diagnostics::default();
    for (dir, route) in dirs {
        let (found, refused) = site_files.walk(dir);
        for refused in refused {
            diagnostics.push(refusal(root, refused));
        }
        for file in found {
            let name = slash_path(file.path.strip_prefix(dir).unwrap_or(&file.path));
            files.insert(route(&name).output_file(), file);
        }
    }
    (Statics(files), diagnostics)
}

impl Statics {
    /// Takes out the files whose output path `wanted` accepts.
    pub fn take_if(&mut self, wanted: impl Fn(&str) -> bool) -> Vec<(String, SiteFile)> {
        let paths: Vec<String> = self.0.keys().filter(|p| wanted(p)).cloned().collect();
        paths
            .into_iter()
            .filter_map(|path| self.0.remove_entry(&path))
            .collect()
    }

    /// Puts back a file [`Statics::take_if`] took.
    pub fn put_back(&mut self, path: String, file: SiteFile) {
        self.0.insert(path, file);
    }

    /// Keeps only the files whose output path `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.0.retain(|path, _| keep(path));
    }

    /// Copies every file into `sink` (in parallel), except those whose
    /// address a rendered file (`rendered`, every path rendered or tried)
    /// has: a static file may not replace a page. Returns how many were
    /// copied.
    pub fn copy(
        self,
        site_files: &dyn Files,
        rendered: &[String],
        sink: &dyn Sink,
    ) -> Result<usize, Diagnostics> {
        let root = site_files.root();
        let taken: HashSet<&str> = rendered.iter().map(String::as_str).collect();
        let results: Vec<Result<(), Diagnostic>> = self
            .0
            .into_par_iter()
            .map(|(path, file)| {
                if taken.contains(path.as_str()) {
                    let location = Location::file(display_path(root, &file.path));
                    return Err(Diagnostic::new(location, OutputError::Conflict(path)));
                }
                let opened = site_files
                    .open(&file, STATIC_LIMIT)
                    .map_err(|r| refusal(root, r))?;
                sink.copy(&path, opened)
            })
            .collect();
        let copied = results.iter().filter(|r| r.is_ok()).count();
        let diagnostics = Diagnostics(results.into_iter().filter_map(Result::err).collect());
        diagnostics.into_result(copied)
    }

    /// Opens every file, which reports those that cannot be read, without
    /// copying any: for a build that fails before rendering.
    pub fn check(self, site_files: &dyn Files) -> Diagnostics {
        self.copy(site_files, &[], &Discard)
            .err()
            .unwrap_or_default()
    }
}

/// The file that marks a folder as built by vitrine: only such a folder, or
/// an empty one, is ever replaced. `write_site` adds it beside the site's
/// files; it is not one of them, so `serve` never serves it.
pub const MARKER: &str = ".vitrine-sortie";

/// ASCII, so that it reads the same on any server or editor.
const MARKER_TEXT: &str = "\
Ce dossier a ete construit par vitrine (vitrine build).
vitrine le remplace en entier a chaque construction : n'y mettez rien a la main.
Ce fichier indique a vitrine que le dossier est le sien ; sans lui, vitrine refuse de le remplacer.
";

/// Why an output folder is refused. Folders are named as the editor wrote
/// them, or by their real place when the output is a symlink.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("il contient le site lui-même")]
    ContainsSite,
    #[error("il contient les sources du site (« {0} »)")]
    ContainsSources(String),
    #[error("il est à l'intérieur des sources du site (« {0} »)")]
    InsideSources(String),
    #[error("c'est un fichier, pas un dossier")]
    File,
    #[error("« {0} » est un point de montage, que vitrine ne peut pas remplacer d'un bloc")]
    MountPoint(String),
    #[error("« {0} » n'est pas vide et n'a pas été construit par vitrine")]
    Foreign(String),
    #[error("« {0} » existe déjà et n'a pas été créé par vitrine")]
    Occupied(String),
}

impl Refusal {
    fn hint(&self) -> String {
        match self {
            Refusal::MountPoint(folder) => format!(
                "vitrine remplace le dossier de sortie par un nouveau, ce qu'un point de montage ne permet pas :\nconstruisez dans un sous-dossier, par exemple --output {folder}/site, et publiez ce sous-dossier"
            ),
            Refusal::Foreign(folder) => format!(
                "vitrine ne remplace qu'un dossier vide ou construit par lui (il y laisse le fichier {MARKER}) :\nchoisissez avec --output un dossier nouveau ou vide, ou videz « {folder} » vous-même si rien n'y est à garder"
            ),
            Refusal::Occupied(path) => format!(
                "vitrine se sert de ce nom pour remplacer le site sans risque : déplacez ou supprimez « {path} » vous-même"
            ),
            _ => "le dossier de sortie est remplacé à chaque construction : choisissez un dossier à part, par exemple public/".into(),
        }
    }
}

/// Refuses an output folder whose replacement could destroy anything but a
/// previous build: the sources, a file, a mount point, a folder vitrine did
/// not build. Changes nothing on disk.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    Destination::new(root, output)
        .and_then(|destination| destination.check_replaceable())
        .map_err(|error| problem(root, output, error))
}

/// Puts the previous output back when a build stopped between the two
/// renames of its swap (the old site moved aside, the new one not yet in).
/// Returns whether it did. `vitrine build` calls it before anything else.
pub fn restore_interrupted(root: &Path, output: &Path) -> Result<bool, Diagnostics> {
    Destination::new(root, output)
        .and_then(|destination| destination.restore_interrupted())
        .map_err(|error| problem(root, output, error).into())
}

/// Whether `output` holds a site built by vitrine (symlinks followed).
pub fn is_built_site(output: &Path) -> bool {
    fs::metadata(output.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Writes `files` into a fresh sibling of the output, then swaps it in; the
/// output's symlinks are resolved first, so a link keeps pointing at the
/// updated site.
pub fn write_site(root: &Path, files: &[OutputFile], output: &Path) -> Result<(), Diagnostics> {
    let staging = stage(root, output)?;
    // Every folder first, as the files are all known.
    for file in files {
        staging
            .folder_of(&file.path)
            .map_err(|error| staging.problem(OutputError::Io(error)))?;
    }
    files
        .par_iter()
        .try_for_each(|file| staging.write(&file.path, &file.contents))?;
    staging.commit()
}

/// Starts replacing the output: checks that it may be replaced, then makes
/// the fresh sibling that files are written to as they come.
pub fn stage(root: &Path, output: &Path) -> Result<Staging, Diagnostics> {
    let fail = |error| Diagnostics::from(problem(root, output, error));
    let destination = Destination::new(root, output).map_err(fail)?;
    destination.restore_interrupted().map_err(fail)?;
    destination.check_replaceable().map_err(fail)?;
    destination.make_staging().map_err(fail)?;
    Ok(Staging {
        root: root.to_path_buf(),
        output: output.to_path_buf(),
        destination,
        folders: Mutex::default(),
        swapped: false,
    })
}

/// The folder a build is written to, beside the output; [`Staging::commit`]
/// swaps it in place of the output. Dropped before that (the build failed),
/// it is removed, so that no error path leaves it behind.
///
/// Creating files is what costs on these disks, so each folder is created
/// once (parents first, no `create_dir_all` probing) and each file is
/// written with a single `fs::write`.
pub struct Staging {
    root: PathBuf,
    /// The output as given, for messages.
    output: PathBuf,
    destination: Destination,
    /// The folders created so far, below the staging folder.
    folders: Mutex<HashSet<String>>,
    swapped: bool,
}

impl Staging {
    /// Swaps the staged site in place of the output.
    pub fn commit(mut self) -> Result<(), Diagnostics> {
        let swapped = self.destination.swap();
        self.swapped = swapped.is_ok();
        swapped.map_err(|error| self.problem(error).into())
    }

    /// Writes `contents` at `path` (relative, `/`-separated).
    fn write(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        self.folder_of(path)
            .and_then(|file| fs::write(file, contents))
            .map_err(|error| self.problem(OutputError::Io(error)))
    }

    /// Where `path` goes, its folders created: a folder is created once,
    /// under the lock, so that no other thread writes into it before.
    fn folder_of(&self, path: &str) -> io::Result<PathBuf> {
        let dir = &self.destination.staging;
        let Some((parent, _)) = path.rsplit_once('/') else {
            return Ok(dir.join(path));
        };
        let mut folders = self.folders.lock().unwrap_or_else(PoisonError::into_inner);
        let mut missing = Vec::new();
        let mut folder = parent;
        while !folders.contains(folder) {
            missing.push(folder);
            match folder.rsplit_once('/') {
                Some((up, _)) => folder = up,
                None => break,
            }
        }
        // Parents first.
        for folder in missing.into_iter().rev() {
            fs::create_dir(dir.join(folder))?;
            folders.insert(folder.to_string());
        }
        Ok(dir.join(path))
    }

    fn problem(&self, error: OutputError) -> Diagnostic {
        problem(&self.root, &self.output, error)
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.write(&file.path, &file.contents)
    }

    fn copy(&self, path: &str, from: Opened) -> Result<(), Diagnostic> {
        let file = self
            .folder_of(path)
            .map_err(|error| self.problem(OutputError::Io(error)))?;
        from.copy_to(&file).map_err(|error| match error {
            CopyError::Source(refused) => refusal(&self.root, refused),
            CopyError::Output(error) => self.problem(OutputError::Io(error)),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.swapped {
            let _ = remove_ours(&self.destination.staging);
        }
    }
}

/// The output folder at its real place, and the two siblings of the swap.
struct Destination {
    dir: PathBuf,
    /// How messages name `dir`.
    folder: String,
    staging: PathBuf,
    previous: PathBuf,
}

impl Destination {
    fn new(root: &Path, output: &Path) -> Result<Self, OutputError> {
        let dir = resolve(output).map_err(OutputError::Io)?;
        refuse_sources(root, &dir)?;
        let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
            // Only the disk root has no name, and it contains the site.
            return Err(OutputError::Unsafe(Refusal::ContainsSite));
        };
        let name = name.to_string_lossy();
        let is_link = fs::symlink_metadata(output).is_ok_and(|m| m.is_symlink());
        let folder = if is_link {
            dir.clone()
        } else {
            display_path(root, output)
        };
        Ok(Self {
            staging: parent.join(format!(".{name}.vitrine-nouveau")),
            previous: parent.join(format!(".{name}.vitrine-ancien")),
            folder: folder.display().to_string(),
            dir,
        })
    }

    /// A missing folder is created; an existing one must be ours.
    fn check_replaceable(&self) -> Result<(), OutputError> {
        let metadata = match fs::symlink_metadata(&self.dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            metadata => metadata.map_err(OutputError::Io)?,
        };
        let refusal = if !metadata.is_dir() {
            Refusal::File
        } else if is_mount_point(&self.dir, &metadata) {
            Refusal::MountPoint(self.folder.clone())
        } else if !is_ours(&self.dir).map_err(OutputError::Io)? {
            Refusal::Foreign(self.folder.clone())
        } else {
            return Ok(());
        };
        Err(OutputError::Unsafe(refusal))
    }

    fn restore_interrupted(&self) -> Result<bool, OutputError> {
        let present = |path| present(path).map_err(OutputError::Io);
        if present(&self.dir)? || !present(&self.previous)? {
            return Ok(false);
        }
        fs::rename(&self.previous, &self.dir).map_err(OutputError::Io)?;
        Ok(true)
    }

    /// A fresh staging folder, marked first: one left by a crash is then
    /// ours to clear.
    fn make_staging(&self) -> Result<(), OutputError> {
        clear_leftover(&self.staging)?;
        clear_leftover(&self.previous)?;
        fs::create_dir(&self.staging).map_err(OutputError::Io)?;
        let marked = fs::write(self.staging.join(MARKER), MARKER_TEXT);
        if let Err(error) = marked {
            let _ = remove_ours(&self.staging);
            return Err(OutputError::Io(error));
        }
        Ok(())
    }

    /// Two renames: at no moment does the output hold a mix of old and new.
    /// A stop between them is undone by `restore_interrupted`.
    fn swap(&self) -> Result<(), OutputError> {
        let had_previous = present(&self.dir).map_err(OutputError::Io)?;
        if had_previous {
            fs::rename(&self.dir, &self.previous).map_err(|e| match e.kind() {
                // A bind mount has its parent's device number: found here.
                io::ErrorKind::ResourceBusy => {
                    OutputError::Unsafe(Refusal::MountPoint(self.folder.clone()))
                }
                _ => OutputError::Io(e),
            })?;
        }
        if let Err(error) = fs::rename(&self.staging, &self.dir) {
            if had_previous {
                let _ = fs::rename(&self.previous, &self.dir);
            }
            return Err(OutputError::Io(error));
        }
        if had_previous {
            // Only disk space now; the next build clears what is left.
            let _ = remove_ours(&self.previous);
        }
        Ok(())
    }
}

/// Refuses an output (already resolved) that is, holds or lies inside
/// what the build reads, compared on resolved paths so that no symlink
/// hides a source.
fn refuse_sources(root: &Path, dir: &Path) -> Result<(), OutputError> {
    let real_root = resolve(root).map_err(OutputError::Io)?;
    let refusal = if real_root.starts_with(dir) {
        Some(Refusal::ContainsSite)
    } else {
        sources(root).into_iter().find_map(|(name, source)| {
            if dir.starts_with(&source) {
                Some(Refusal::InsideSources(name))
            } else if source.starts_with(dir) {
                Some(Refusal::ContainsSources(name))
            } else {
                None
            }
        })
    };
    refusal.map_or(Ok(()), |refusal| Err(OutputError::Unsafe(refusal)))
}

/// The source folders, named as in the site and at their real place: any
/// of them, a theme or a folder of `content/` may be a symlink elsewhere.
fn sources(root: &Path) -> Vec<(String, PathBuf)> {
    let mut dirs = Layout::new(root).source_dirs().to_vec();
    for parent in [CONTENT_DIR, THEMES_DIR] {
        dirs.extend(SiteFiles::entries(&root.join(parent)));
    }
    dirs.into_iter()
        .filter_map(|dir| {
            let real = resolve(&dir).ok()?;
            Some((slash_path(&display_path(root, &dir)), real))
        })
        .collect()
}

/// How many symlinks `resolve` follows by hand before calling it a loop.
const MAX_LINKS: usize = 40;

/// Where `path` really is: absolute, every symlink resolved (a dangling
/// last link too, so that its target is what gets built) and `..` taken
/// after the symlink before it, as the system does. The part that does not
/// exist yet is taken as written.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut path = std::path::absolute(path)?;
    for _ in 0..MAX_LINKS {
        let parts: Vec<Component> = path.components().collect();
        // The longest prefix that exists, resolved by the system.
        let (mut real, found) = (1..=parts.len())
            .rev()
            .find_map(|n| {
                let prefix: PathBuf = parts[..n].iter().collect();
                fs::canonicalize(prefix).ok().map(|real| (real, n))
            })
            .unwrap_or_else(|| (parts.iter().take(1).collect(), 1.min(parts.len())));
        let rest = &parts[found..];
        if let Some(Component::Normal(name)) = rest.first()
            && let Ok(target) = fs::read_link(real.join(name))
        {
            path = real
                .join(target)
                .join(rest[1..].iter().collect::<PathBuf>());
            continue;
        }
        for part in rest {
            match part {
                Component::ParentDir => {
                    real.pop();
                }
                Component::Normal(name) => real.push(name),
                _ => {}
            }
        }
        return Ok(real);
    }
    Err(io::Error::other("trop de liens symboliques imbriqués"))
}

/// A folder vitrine may replace or delete: one it marked, or an empty one.
fn is_ours(dir: &Path) -> io::Result<bool> {
    if fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file()) {
        return Ok(true);
    }
    Ok(fs::read_dir(dir)?.next().is_none())
}

fn is_mount_point(dir: &Path, metadata: &fs::Metadata) -> bool {
    dir.parent()
        .and_then(|parent| fs::metadata(parent).ok())
        .is_some_and(|parent| parent.dev() != metadata.dev())
}

/// Whether anything, even a dangling symlink, is at `path`.
fn present(path: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Removes a staging folder or previous copy left by an earlier build, and
/// refuses to touch anything by that name that vitrine did not make.
fn clear_leftover(path: &Path) -> Result<(), OutputError> {
    if !present(path).map_err(OutputError::Io)? {
        return Ok(());
    }
    let is_dir = fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    if !is_dir || !is_ours(path).map_err(OutputError::Io)? {
        let path = path.display().to_string();
        return Err(OutputError::Unsafe(Refusal::Occupied(path)));
    }
    remove_ours(path).map_err(OutputError::Io)
}

/// Deletes a folder of ours, its marker last: if this stops midway, what is
/// left is still marked (or empty), so the next build may remove it.
fn remove_ours(dir: &Path) -> io::Result<()> {
    let device = fs::symlink_metadata(dir)?.dev();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() != MARKER {
            remove_within(&entry.path(), device)?;
        }
    }
    match fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(dir)
}

/// Removes `path` without following links or entering another file system:
/// a folder mounted inside an old output is not ours to empty.
fn remove_within(path: &Path, device: u64) -> io::Result<()> {
    let metadata = fs::symlink_metadata(path)?;
    if !metadata.is_dir() {
        return fs::remove_file(path);
    }
    if metadata.dev() != device {
        let message = format!("« {} » est un point de montage", path.display());
        return Err(io::Error::other(message));
    }
    for entry in fs::read_dir(path)? {
        remove_within(&entry?.path(), device)?;
    }
    fs::remove_dir(path)
}

fn problem(root: &Path, path: &Path, error: OutputError) -> Diagnostic {
    Diagnostic::new(Location::file(display_path(root, path)), error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn refusal(result: Result<(), Diagnostic>) -> Refusal {
        let diagnostic = result.expect_err("refused");
        match diagnostic.problem::<OutputError>() {
            Some(OutputError::Unsafe(refusal)) => refusal.clone(),
            _ => panic!("not a refusal: {diagnostic}"),
        }
    }

    #[test]
    fn writes_then_replaces_the_whole_tree() {
        let temp = tempfile::tempdir().unwrap();
        let output = temp.path().join("public");
        write_site(
            temp.path(),
            &[
                OutputFile::new("a/b/index.html", "1"),
                OutputFile::new("old.txt", "x"),
            ],
            &output,
        )
        .unwrap();
        write_site(
            temp.path(),
            &[
                OutputFile::new("a/b/index.html", "2"),
                OutputFile::new("a/c.css", "c"),
            ],
            &output,
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/b/index.html")).unwrap(),
            "2"
        );
        assert!(!output.join("old.txt").exists(), "stale files are gone");
        assert_eq!(names(temp.path()), ["public"], "no staging left behind");
        assert_eq!(names(&output), [MARKER, "a"], "the marker beside the site");
        assert!(is_built_site(&output));
    }

    #[test]
    fn refuses_outputs_that_would_destroy_sources() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        fs::create_dir(root.join("content")).unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content/public")).is_err());
        assert!(check_output_dir(root, &root.join("..")).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        fs::write(root.join("README.md"), "x").unwrap();
        assert!(check_output_dir(root, &root.join("README.md")).is_err());
    }

    #[test]
    fn resolve_follows_links_before_taking_dot_dot() {
        let temp = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(temp.path()).unwrap();
        fs::create_dir_all(base.join("a/b")).unwrap();
        symlink(base.join("a/b"), base.join("lien")).unwrap();
        // The system takes `lien/..` as `a`, not as the folder of `lien`.
        assert_eq!(
            resolve(&base.join("lien/../x/y")).unwrap(),
            base.join("a/x/y")
        );
        // A dangling link leads to its target, which may not exist yet.
        symlink("a/cible", base.join("pendant")).unwrap();
        assert_eq!(
            resolve(&base.join("pendant")).unwrap(),
            base.join("a/cible")
        );
        symlink("boucle", base.join("boucle")).unwrap();
        assert!(resolve(&base.join("boucle")).is_err());
    }

    #[test]
    fn a_mount_point_is_refused() {
        // `/proc` is a mount point on every Linux system.
        let temp = tempfile::tempdir().unwrap();
        assert_eq!(
            refusal(check_output_dir(temp.path(), Path::new("/proc"))),
            Refusal::MountPoint("/proc".into())
        );
    }

    #[test]
    fn removing_a_folder_of_ours_never_follows_its_links() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("ancien");
        fs::create_dir_all(dir.join("sous/dossier")).unwrap();
        fs::write(dir.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(dir.join("sous/dossier/page.html"), "x").unwrap();
        // A link inside is removed, never followed.
        let outside = temp.path().join("dehors");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("garde.txt"), "x").unwrap();
        symlink(&outside, dir.join("lien")).unwrap();
        remove_ours(&dir).unwrap();
        assert_eq!(names(temp.path()), ["dehors"]);
        assert_eq!(names(&outside), ["garde.txt"]);
    }

    #[test]
    fn removing_never_enters_another_file_system() {
        let temp = tempfile::tempdir().unwrap();
        let mounted = temp.path().join("monte");
        fs::create_dir(&mounted).unwrap();
        fs::write(mounted.join("garde.txt"), "x").unwrap();
        // As if `monte` were on another disk than the folder being removed.
        let other_device = fs::metadata(&mounted).unwrap().dev() + 1;
        let error = remove_within(&mounted, other_device).unwrap_err();
        assert_eq!(
            crate::error::io_message(&error),
            format!("« {} » est un point de montage", mounted.display())
        );
        assert_eq!(names(&mounted), ["garde.txt"]);
    }
}
