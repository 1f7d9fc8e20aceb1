//! The site's folder on disk, read under the rules of [`super`]: nothing
//! outside the root, only regular files, each under its cap.

use std::fs::{self, File, FileType};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use super::{Files, Opened, ReadError, Refused, SiteFile, is_editor_artifact};
use crate::error::display_path;

/// The site root, resolved once, and the rules above.
#[derive(Debug, Clone)]
pub struct SiteFiles {
    /// The root as given: diagnostics name files relative to it.
    root: PathBuf,
    /// The root with every symlink resolved: what "inside" means.
    real_root: PathBuf,
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

    /// Whether `path` exists and resolves inside the root.
    pub fn is_inside(&self, path: &Path) -> bool {
        fs::canonicalize(path).is_ok_and(|real| real.starts_with(&self.real_root))
    }

    /// The entries of `dir` (links included, wherever they lead), sorted;
    /// none if it cannot be listed. For the output's guard, which must know
    /// every place the sources really are, not read them.
    pub fn entries(dir: &Path) -> Vec<PathBuf> {
        let entries = read_dir_sorted(dir).unwrap_or_default();
        entries
            .into_iter()
            .map(|(name, _)| dir.join(name))
            .collect()
    }
}

impl Files for SiteFiles {
    fn root(&self) -> &Path {
        &self.root
    }

    fn cache_root(&self) -> Option<&Path> {
        Some(&self.root)
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    /// Links are followed only while they stay inside the root.
    fn walk(&self, dir: &Path) -> (Vec<SiteFile>, Vec<Refused>) {
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

    fn read(&self, file: &SiteFile, limit: u64) -> Result<Vec<u8>, Refused> {
        read_capped(&file.real, limit).map_err(|error| Refused {
            path: file.path.clone(),
            error,
        })
    }

    fn read_path(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
        let refuse = |error| Refused {
            path: path.to_path_buf(),
            error,
        };
        let (real, kind) = self.resolve(path)?;
        regular(kind).map_err(refuse)?;
        read_capped(&real, limit).map_err(refuse)
    }

    fn open(&self, file: &SiteFile, limit: u64) -> Result<Opened, Refused> {
        match open_capped(&file.real, limit) {
            Ok((opened, _)) => Ok(Opened::disk(file.path.clone(), opened, limit)),
            Err(error) => Err(Refused {
                path: file.path.clone(),
                error,
            }),
        }
    }
}

impl SiteFiles {
    /// The resolved path of `path` and what it is, if it is inside the
    /// root. Leaving the root is reported at the link that leads out.
    fn resolve(&self, path: &Path) -> Result<(PathBuf, FileType), Refused> {
        let refuse = |error| Refused {
            path: path.to_path_buf(),
            error,
        };
        let real = fs::canonicalize(path).map_err(|e| refuse(ReadError::Io(e)))?;
        if !real.starts_with(&self.real_root) {
            let link = self.first_escape(path);
            let shown = display_path(&self.root, &link);
            // Out through a `..` written in the path, or through a link.
            let error = if link.components().next_back() == Some(Component::ParentDir) {
                ReadError::ClimbsOut(shown)
            } else {
                let target = fs::canonicalize(&link).unwrap_or(real);
                ReadError::OutsideRoot {
                    link: shown,
                    target,
                }
            };
            return Err(Refused { path: link, error });
        }
        let meta = fs::metadata(&real).map_err(|e| refuse(ReadError::Io(e)))?;
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
            Err(error) => return walk.refuse(dir, ReadError::Io(error)),
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
                        walk.refuse(&path, ReadError::SymlinkLoop);
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
    fn refuse(&mut self, path: &Path, error: ReadError) {
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
fn regular(kind: FileType) -> Result<(), ReadError> {
    if kind.is_file() {
        Ok(())
    } else {
        Err(ReadError::NotRegular(special_kind(kind)))
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
fn read_capped(real: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, size) = open_capped(real, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    match u64::try_from(bytes.len()) {
        Ok(read) if read <= limit => Ok(bytes),
        _ => Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        }),
    }
}

/// Opens a resolved regular file and returns its size, refusing it when
/// that is past `limit` bytes; whoever reads it enforces the cap again.
fn open_capped(real: &Path, limit: u64) -> Result<(File, u64), ReadError> {
    let file = open(real).map_err(ReadError::Io)?;
    // What was opened may not be what was checked (replaced in between).
    let meta = file.metadata().map_err(ReadError::Io)?;
    regular(meta.file_type())?;
    if meta.len() > limit {
        let size = meta.len();
        return Err(ReadError::TooLarge { size, limit });
    }
    Ok((file, meta.len()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_up_to_the_limit_only() {
        // /dev/zero reports a size of 0 and never ends: refused once opened,
        // even when reached without the walk's checks.
        let error = read_capped(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(matches!(error, ReadError::NotRegular("un périphérique")));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "0123456789").unwrap();
        assert_eq!(read_capped(&file, 10).unwrap(), b"0123456789");
        assert!(matches!(
            read_capped(&file, 9),
            Err(ReadError::TooLarge { size: 10, limit: 9 })
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
