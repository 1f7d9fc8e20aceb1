//! The site's files: every stage that reads the site's folders (content,
//! templates, static files, media) goes through [`SiteFiles`], so one place
//! enforces what may be read:
//!
//! - nothing outside the site root, whatever symlinks or `..` lead there
//!   (links that stay inside the root keep working);
//! - only regular files: a FIFO would block the build forever, a device
//!   could be endless;
//! - no file larger than its cap, checked before reading and enforced while
//!   reading, so a file that grows cannot exhaust memory;
//! - editors' temporary files are skipped, and every entry that cannot be
//!   read is reported, never silently dropped.

use std::fs::{self, File, FileType};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use crate::error::{Describe, Diagnostic, Location, display_path};
use crate::load::is_editor_artifact;

const MIB: u64 = 1024 * 1024;
/// Markdown: a long article is a few hundred KiB, and the build stays
/// linear well past this (a 50 MB article builds in seconds).
pub const MARKDOWN_LIMIT: u64 = 64 * MIB;
/// YAML data files and templates: a few KiB each in practice.
pub const DATA_LIMIT: u64 = 4 * MIB;
/// Static files and media (images, PDF, short videos), each held in memory
/// during the build; hosts such as GitHub Pages refuse larger files anyway.
pub const STATIC_LIMIT: u64 = 100 * MIB;

/// The site root, resolved once, and the rules above.
#[derive(Debug, Clone)]
pub struct SiteFiles {
    /// The root as given: diagnostics name files relative to it.
    root: PathBuf,
    /// The root with every symlink resolved: what "inside" means.
    real_root: PathBuf,
}

/// A regular file found by [`SiteFiles::walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// Where the editor sees it (below the root as given).
    pub path: PathBuf,
    /// The resolved path that is opened, inside the real root.
    real: PathBuf,
}

/// Why a file of the site is not read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("lecture impossible : {}", crate::error::io_message(.0))]
    Io(#[source] io::Error),
    #[error("boucle de liens symboliques")]
    SymlinkLoop,
    #[error("lien symbolique hors du site : « {} » pointe vers « {} »", .link.display(), .target.display())]
    OutsideRoot { link: PathBuf, target: PathBuf },
    #[error("ce n'est pas un fichier ordinaire mais {0} : il n'est pas lu")]
    NotRegular(&'static str),
    #[error("fichier trop volumineux : {}, la limite est de {}", size_text(*.size), size_text(*.limit))]
    TooLarge { size: u64, limit: u64 },
}

impl Describe for SourceError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            SourceError::Io(_) => {
                "vérifiez que le fichier existe et qu'il est lisible".to_string()
            }
            SourceError::SymlinkLoop => {
                "supprimez le lien symbolique qui pointe vers un dossier parent".to_string()
            }
            SourceError::OutsideRoot { .. } => {
                "vitrine ne lit rien hors du dossier du site : remplacez le lien par une copie du fichier dans le site".to_string()
            }
            SourceError::NotRegular(_) => {
                "retirez-le du dossier du site ou remplacez-le par un fichier ordinaire".to_string()
            }
            SourceError::TooLarge { .. } => {
                "allégez le fichier (image compressée, texte découpé en plusieurs pages) ou publiez-le ailleurs et faites un lien vers lui".to_string()
            }
        })
    }
}

/// A file of the site that cannot be read, and why.
#[derive(Debug)]
pub struct Refused {
    pub path: PathBuf,
    pub error: SourceError,
}

impl SiteFiles {
    pub fn new(root: &Path) -> Self {
        // A missing root resolves to itself: reads then fail as not found.
        let real_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Self {
            root: root.to_path_buf(),
            real_root,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether `path` exists and resolves inside the root.
    pub fn is_inside(&self, path: &Path) -> bool {
        fs::canonicalize(path).is_ok_and(|real| real.starts_with(&self.real_root))
    }

    /// The diagnostic of a refused file, located relative to the root.
    pub fn diagnostic(&self, refused: Refused) -> Diagnostic {
        Diagnostic::new(
            Location::file(display_path(&self.root, &refused.path)),
            refused.error,
        )
    }

    /// Every regular file below `dir`, sorted by path, skipping editors'
    /// temporary files. Links are followed only while they stay inside the
    /// root; every entry that cannot be used is in the second list. A `dir`
    /// that does not exist holds no files.
    pub fn walk(&self, dir: &Path) -> (Vec<SiteFile>, Vec<Refused>) {
        let mut walk = Walk::default();
        if fs::symlink_metadata(dir).is_err_and(|e| e.kind() == io::ErrorKind::NotFound) {
            return (walk.files, walk.refused);
        }
        match self.resolve(dir) {
            Ok((real, kind)) if kind.is_dir() => self.walk_dir(dir, real, &mut walk),
            // Not a folder: like a missing one, it holds no files.
            Ok(_) => {}
            Err(refused) => walk.refused.push(refused),
        }
        (walk.files, walk.refused)
    }

    /// Reads a file found by [`SiteFiles::walk`], at most `limit` bytes.
    pub fn read(&self, file: &SiteFile, limit: u64) -> Result<Vec<u8>, Refused> {
        read_capped(&file.real, limit).map_err(|error| Refused {
            path: file.path.clone(),
            error,
        })
    }

    /// Reads the file at `path` (below the root), at most `limit` bytes.
    pub fn read_path(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
        let refuse = |error| Refused {
            path: path.to_path_buf(),
            error,
        };
        let (real, kind) = self.resolve(path)?;
        regular(kind).map_err(refuse)?;
        read_capped(&real, limit).map_err(refuse)
    }

    /// The resolved path of `path` and what it is, if it is inside the
    /// root. Leaving the root is reported at the link that leads out.
    fn resolve(&self, path: &Path) -> Result<(PathBuf, FileType), Refused> {
        let refuse = |error| Refused {
            path: path.to_path_buf(),
            error,
        };
        let real = fs::canonicalize(path).map_err(|e| refuse(SourceError::Io(e)))?;
        if !real.starts_with(&self.real_root) {
            let link = self.first_escape(path);
            let target = fs::canonicalize(&link).unwrap_or(real);
            let error = SourceError::OutsideRoot {
                link: display_path(&self.root, &link),
                target,
            };
            return Err(Refused { path: link, error });
        }
        let meta = fs::metadata(&real).map_err(|e| refuse(SourceError::Io(e)))?;
        Ok((real, meta.file_type()))
    }

    /// The first part of `path` that leads out of the root: the symlink
    /// (or `..`) the editor has to replace.
    fn first_escape(&self, path: &Path) -> PathBuf {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        let mut prefix = self.root.clone();
        for component in relative.components() {
            prefix.push(component);
            if !self.is_inside(&prefix) && !matches!(component, Component::CurDir) {
                return prefix;
            }
        }
        path.to_path_buf()
    }

    /// Walks `dir` (resolved to `real`), whose real ancestors in this walk
    /// are on `walk.stack`.
    fn walk_dir(&self, dir: &Path, real: PathBuf, walk: &mut Walk) {
        let entries = match read_dir_sorted(dir) {
            Ok(entries) => entries,
            Err(error) => return walk.refuse(dir, SourceError::Io(error)),
        };
        walk.stack.push(real.clone());
        for (name, file_type) in entries {
            if is_editor_artifact(&name.to_string_lossy()) {
                continue;
            }
            let path = dir.join(&name);
            // Only links need resolving: a plain entry of a folder inside
            // the root is inside the root, and is what the listing says.
            let resolved = if file_type.is_symlink() {
                self.resolve(&path)
            } else {
                Ok((real.join(&name), file_type))
            };
            match resolved {
                Ok((real, kind)) if kind.is_dir() => {
                    // A link back to a folder being walked would never end.
                    if walk.stack.iter().any(|open| open.starts_with(&real)) {
                        walk.refuse(&path, SourceError::SymlinkLoop);
                    } else {
                        self.walk_dir(&path, real, walk);
                    }
                }
                Ok((real, kind)) => match regular(kind) {
                    Ok(()) => walk.files.push(SiteFile { path, real }),
                    Err(error) => walk.refuse(&path, error),
                },
                Err(refused) => walk.refused.push(refused),
            }
        }
        walk.stack.pop();
    }
}

#[derive(Default)]
struct Walk {
    files: Vec<SiteFile>,
    refused: Vec<Refused>,
    /// The real paths of the folders being walked, outermost first.
    stack: Vec<PathBuf>,
}

impl Walk {
    fn refuse(&mut self, path: &Path, error: SourceError) {
        self.refused.push(Refused {
            path: path.to_path_buf(),
            error,
        });
    }
}

/// The entries of a folder by name, each with its own type (not its
/// target's). An entry that cannot be listed fails the whole folder.
fn read_dir_sorted(dir: &Path) -> io::Result<Vec<(std::ffi::OsString, FileType)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        entries.push((entry.file_name(), entry.file_type()?));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

/// Only regular files are read: reading a FIFO waits for a writer, a
/// device may never end.
fn regular(kind: FileType) -> Result<(), SourceError> {
    if kind.is_file() {
        Ok(())
    } else {
        Err(SourceError::NotRegular(special_kind(kind)))
    }
}

#[cfg(unix)]
fn special_kind(file_type: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_dir() {
        "un dossier"
    } else if file_type.is_fifo() {
        "un tube nommé (FIFO)"
    } else if file_type.is_socket() {
        "une socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "un périphérique"
    } else {
        "un fichier spécial"
    }
}

#[cfg(not(unix))]
fn special_kind(_: FileType) -> &'static str {
    "un fichier spécial"
}

/// Reads a resolved regular file, refusing it past `limit` bytes: by its
/// size first, then by what is actually read (it may grow meanwhile).
fn read_capped(real: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
    let file = open(real).map_err(SourceError::Io)?;
    // What was opened may not be what was checked (replaced in between).
    let meta = file.metadata().map_err(SourceError::Io)?;
    regular(meta.file_type())?;
    let too_large = |size| SourceError::TooLarge { size, limit };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(SourceError::Io)?;
    match u64::try_from(bytes.len()) {
        Ok(read) if read <= limit => Ok(bytes),
        _ => Err(too_large(bytes.len() as u64)),
    }
}

/// Opens without blocking (a FIFO swapped in after the check must not
/// hang the open) and without following a link swapped in at the end.
#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK | O_NOFOLLOW have the same values on Linux' main ABIs;
    // libc gives the right ones everywhere.
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// The text of `bytes`, or the line of the first byte that is not UTF-8.
pub fn utf8(bytes: Vec<u8>) -> Result<String, usize> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        valid.iter().filter(|b| **b == b'\n').count() + 1
    })
}

/// A size as editors read it: `5,3 Mio`, `12 Kio`, `300 octets`. Rounded
/// up, so a file over a limit never reads as the limit itself.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "Gio"), (1 << 20, "Mio"), (1 << 10, "Kio")];
    for (unit, name) in UNITS {
        if bytes >= unit {
            let tenths = (u128::from(bytes) * 10).div_ceil(u128::from(unit));
            let (whole, tenth) = (tenths / 10, tenths % 10);
            return if tenth == 0 {
                format!("{whole} {name}")
            } else {
                format!("{whole},{tenth} {name}")
            };
        }
    }
    format!("{bytes} octets")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_french_units() {
        assert_eq!(size_text(300), "300 octets");
        assert_eq!(size_text(12 * 1024), "12 Kio");
        assert_eq!(size_text(DATA_LIMIT), "4 Mio");
        assert_eq!(size_text(5 * MIB + MIB / 4), "5,3 Mio");
        assert_eq!(size_text(STATIC_LIMIT + 1), "100,1 Mio");
        assert_eq!(size_text(3 << 30), "3 Gio");
    }

    #[test]
    fn reads_regular_files_up_to_the_limit_only() {
        // /dev/zero reports a size of 0 and never ends: refused once opened,
        // even when reached without the walk's checks.
        let error = read_capped(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(matches!(error, SourceError::NotRegular("un périphérique")));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "0123456789").unwrap();
        assert_eq!(read_capped(&file, 10).unwrap(), b"0123456789");
        assert!(matches!(
            read_capped(&file, 9),
            Err(SourceError::TooLarge { size: 10, limit: 9 })
        ));
    }

    #[test]
    fn walks_sorted_regular_files_and_skips_editor_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("static/b")).unwrap();
        fs::write(root.join("static/b/z.css"), "z").unwrap();
        fs::write(root.join("static/a.css"), "a").unwrap();
        fs::write(root.join("static/a.css~"), "old").unwrap();
        fs::write(root.join("static/.cache"), "hidden").unwrap();
        let files = SiteFiles::new(root);
        let (found, refused) = files.walk(&root.join("static"));
        assert!(refused.is_empty(), "{refused:?}");
        let paths: Vec<_> = found.iter().map(|f| f.path.clone()).collect();
        assert_eq!(
            paths,
            [root.join("static/a.css"), root.join("static/b/z.css")]
        );
        assert!(files.walk(&root.join("absent")).0.is_empty());
    }
}
