//! A file of the site opened to be copied as it is, so that static files
//! and media reach the output without being held in memory.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::{ReadError, Refused};

/// A file of the site opened by [`Files::open`], ready to be copied.
#[derive(Debug)]
pub struct Opened {
    /// Where the editor sees it, for refusals.
    path: PathBuf,
    limit: u64,
    contents: Contents,
}

#[derive(Debug)]
enum Contents {
    /// A regular file on disk, within its cap when opened.
    Disk(File),
    Memory(Vec<u8>),
}

/// Why a copy failed: the file read (it grew past its cap meanwhile), or
/// the file written.
#[derive(Debug)]
pub enum CopyError {
    Source(Refused),
    Output(io::Error),
}

impl Opened {
    pub(super) fn disk(path: PathBuf, file: File, limit: u64) -> Self {
        let contents = Contents::Disk(file);
        Self {
            path,
            limit,
            contents,
        }
    }

    pub(super) fn memory(path: PathBuf, bytes: Vec<u8>, limit: u64) -> Self {
        let contents = Contents::Memory(bytes);
        Self {
            path,
            limit,
            contents,
        }
    }

    /// Copies the file into a new file `dest`. From disk the kernel copies
    /// (`io::copy` between files uses `copy_file_range`): the bytes never
    /// pass through the build.
    pub fn copy_to(self, dest: &Path) -> Result<(), CopyError> {
        let mut out = File::create(dest).map_err(CopyError::Output)?;
        match self.contents {
            Contents::Disk(file) => {
                // One byte past the cap tells a file that grew beyond it.
                let mut capped = file.take(self.limit + 1);
                let copied = io::copy(&mut capped, &mut out).map_err(CopyError::Output)?;
                within(&self.path, copied, self.limit).map_err(CopyError::Source)
            }
            Contents::Memory(bytes) => out.write_all(&bytes).map_err(CopyError::Output),
        }
    }

    /// The file's bytes, at most its cap.
    pub fn into_bytes(self) -> Result<Vec<u8>, Refused> {
        let file = match self.contents {
            Contents::Disk(file) => file,
            Contents::Memory(bytes) => return Ok(bytes),
        };
        let mut bytes = Vec::new();
        let mut capped = file.take(self.limit + 1);
        if let Err(error) = capped.read_to_end(&mut bytes) {
            let error = ReadError::Io(error);
            return Err(Refused {
                path: self.path,
                error,
            });
        }
        within(&self.path, bytes.len() as u64, self.limit)?;
        Ok(bytes)
    }
}

/// Refuses a file that turned out larger than its cap while being read.
fn within(path: &Path, size: u64, limit: u64) -> Result<(), Refused> {
    if size <= limit {
        return Ok(());
    }
    let error = ReadError::TooLarge { size, limit };
    Err(Refused {
        path: path.to_path_buf(),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Files, SiteFiles};

    /// A file of `dir` holding `size` bytes, opened with a cap of 10.
    fn opened(dir: &Path, size: usize) -> (PathBuf, Result<Opened, Refused>) {
        let path = dir.join("fichier.bin");
        std::fs::write(&path, vec![b'x'; size]).unwrap();
        let files = SiteFiles::new(dir);
        let (found, _) = files.walk(dir);
        (path, files.open(&found[0], 10))
    }

    fn too_large(refused: &Refused) -> Option<(u64, u64)> {
        match refused.error {
            ReadError::TooLarge { size, limit } => Some((size, limit)),
            _ => None,
        }
    }

    #[test]
    fn copies_the_file_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let (_, opened) = opened(dir.path(), 10);
        let copy = dir.path().join("copie.bin");
        opened.unwrap().copy_to(&copy).unwrap();
        assert_eq!(std::fs::read(copy).unwrap(), b"xxxxxxxxxx");
    }

    #[test]
    fn a_file_over_its_cap_is_refused_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let (_, opened) = opened(dir.path(), 11);
        assert_eq!(too_large(&opened.unwrap_err()), Some((11, 10)));
    }

    /// Appends to the file, as an editor saving it during the build.
    fn grow(path: &Path) {
        let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
        file.write_all(&[b'y'; 1000]).unwrap();
    }

    #[test]
    fn a_file_that_grows_past_its_cap_after_opening_is_refused_when_copied() {
        let (dir, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (path, opened) = opened(dir.path(), 10);
        let opened = opened.unwrap();
        grow(&path);
        match opened.copy_to(&out.path().join("copie.bin")) {
            Err(CopyError::Source(refused)) => {
                assert_eq!(too_large(&refused), Some((11, 10)));
                assert_eq!(refused.path, path);
            }
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn a_file_that_grows_past_its_cap_after_opening_is_refused_when_read() {
        let dir = tempfile::tempdir().unwrap();
        let (path, opened) = opened(dir.path(), 10);
        let opened = opened.unwrap();
        grow(&path);
        let refused = opened.into_bytes().unwrap_err();
        assert_eq!(too_large(&refused), Some((11, 10)));
    }
}
