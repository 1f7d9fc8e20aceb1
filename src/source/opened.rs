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
