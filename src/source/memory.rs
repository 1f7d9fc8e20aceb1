//! A site held in memory: a map from path to bytes, for another front end
//! (a CMS back end, tests) that has no folder to build from.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::{Files, Opened, ReadError, Refused, SiteFile, is_editor_artifact};

/// Files by path, e.g. `content/site.yaml`; the root is the empty path, so
/// diagnostics name files as on disk.
#[derive(Debug, Clone, Default)]
pub struct MemoryFiles {
    root: PathBuf,
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryFiles {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the file at `path`, relative to the site root.
    pub fn insert(&mut self, path: impl AsRef<Path>, contents: impl Into<Vec<u8>>) {
        self.files.insert(normalize(path.as_ref()), contents.into());
    }

    fn refuse(path: &Path, error: ReadError) -> Refused {
        Refused {
            path: path.to_path_buf(),
            error,
        }
    }
}

impl<P: AsRef<Path>, C: Into<Vec<u8>>> FromIterator<(P, C)> for MemoryFiles {
    fn from_iter<I: IntoIterator<Item = (P, C)>>(iter: I) -> Self {
        let mut files = Self::new();
        for (path, contents) in iter {
            files.insert(path, contents);
        }
        files
    }
}

/// `./content//a.md` and `content/a.md` are the same file.
fn normalize(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect()
}

impl Files for MemoryFiles {
    fn root(&self) -> &Path {
        &self.root
    }

    fn is_dir(&self, path: &Path) -> bool {
        let dir = normalize(path);
        self.files
            .keys()
            .any(|file| file != &dir && file.starts_with(&dir))
    }

    fn walk(&self, dir: &Path) -> (Vec<SiteFile>, Vec<Refused>) {
        let prefix = normalize(dir);
        let files = self
            .files
            .range(prefix.clone()..)
            .map(|(path, _)| path)
            .take_while(|path| path.starts_with(&prefix))
            .filter(|path| {
                let below = path.strip_prefix(&prefix).unwrap_or(path);
                // The file itself is not in it: like a file on disk, it is
                // no folder and holds no files.
                below.components().next().is_some()
                    && below
                        .components()
                        .all(|c| !is_editor_artifact(&c.as_os_str().to_string_lossy()))
            })
            .map(|path| SiteFile::new(path.clone()))
            .collect();
        (files, Vec::new())
    }

    fn read(&self, file: &SiteFile, limit: u64) -> Result<Vec<u8>, Refused> {
        self.read_path(&file.path, limit)
    }

    fn read_path(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
        let Some(bytes) = self.files.get(&normalize(path)) else {
            let error = if self.is_dir(path) {
                ReadError::NotRegular("un dossier")
            } else {
                ReadError::Io(io::ErrorKind::NotFound.into())
            };
            return Err(Self::refuse(path, error));
        };
        let size = bytes.len() as u64;
        if size > limit {
            return Err(Self::refuse(path, ReadError::TooLarge { size, limit }));
        }
        Ok(bytes.clone())
    }

    fn open(&self, file: &SiteFile, limit: u64) -> Result<Opened, Refused> {
        let bytes = self.read(file, limit)?;
        Ok(Opened::memory(file.path.clone(), bytes, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(files: &MemoryFiles, dir: &str) -> Vec<PathBuf> {
        let (found, refused) = files.walk(Path::new(dir));
        assert!(refused.is_empty());
        found.into_iter().map(|f| f.path).collect()
    }

    #[test]
    fn walks_like_a_folder_and_skips_editor_files() {
        let files: MemoryFiles = [
            ("static/b/z.css", "z"),
            ("./static/a.css", "a"),
            ("static/a.css~", "old"),
            ("static/.cache/x", "hidden"),
            ("statics/no.css", "no"),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            paths(&files, "static"),
            [
                PathBuf::from("static/a.css"),
                PathBuf::from("static/b/z.css")
            ]
        );
        assert!(paths(&files, "static/a.css").is_empty());
        assert!(paths(&files, "absent").is_empty());
        assert!(files.is_dir(Path::new("static/b")));
        assert!(!files.is_dir(Path::new("static/a.css")));
    }

    #[test]
    fn reads_up_to_the_limit() {
        let files: MemoryFiles = [("a.txt", "0123456789")].into_iter().collect();
        assert_eq!(
            files.read_path(Path::new("a.txt"), 10).unwrap(),
            b"0123456789"
        );
        let refused = files.read_path(Path::new("a.txt"), 9).unwrap_err();
        assert!(matches!(
            refused.error,
            ReadError::TooLarge { size: 10, limit: 9 }
        ));
        let missing = files.read_path(Path::new("b.txt"), 9).unwrap_err();
        assert!(missing.error.is_not_found());
    }
}
