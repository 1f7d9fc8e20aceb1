//! `file:///path`: a local or mounted folder (a web root, a network share).

use std::fs;
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};

use super::{LOCK, PublishError, Transport, UPLOADS, parents};
use crate::error::io_message;

/// The lock folder's file naming its owner.
const OWNER: &str = "proprietaire";

pub struct FileTarget {
    root: PathBuf,
}

impl FileTarget {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        FileTarget { root: root.into() }
    }

    fn error(&self, error: &io::Error) -> PublishError {
        let target = self.name();
        let detail = io_message(error);
        match error.raw_os_error() {
            // ENOSPC, EDQUOT, EFBIG (a file-size limit).
            Some(28 | 122 | 27) => PublishError::Full { target, detail },
            Some(20) => PublishError::NotAFolder { target },
            _ => PublishError::Failed { target, detail },
        }
    }

    fn write_new(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        file.write_all(contents)?;
        file.sync_all()
    }
}

impl Transport for FileTarget {
    fn name(&self) -> String {
        format!("« file://{} »", self.root.display())
    }

    fn open(&mut self, create: bool) -> Result<(), PublishError> {
        match fs::metadata(&self.root) {
            Ok(meta) if !meta.is_dir() => {
                return Err(PublishError::NotAFolder {
                    target: self.name(),
                });
            }
            Ok(_) => {}
            Err(error) if error.kind() == ErrorKind::NotFound => {
                if create {
                    fs::create_dir_all(&self.root).map_err(|e| self.error(&e))?;
                }
            }
            Err(error) => return Err(self.error(&error)),
        }
        Ok(())
    }

    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, PublishError> {
        match fs::read(self.root.join(name)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
            Err(error) => Err(self.error(&error)),
        }
    }

    fn lock(&mut self, owner: &str) -> Result<Option<String>, PublishError> {
        let lock = self.root.join(LOCK);
        match fs::create_dir(&lock) {
            Ok(()) => {}
            Err(error) if error.kind() == ErrorKind::AlreadyExists => {
                let held = fs::read_to_string(lock.join(OWNER)).unwrap_or_default();
                return Ok(Some(held));
            }
            Err(error) => return Err(self.error(&error)),
        }
        self.write_new(&lock.join(OWNER), owner.as_bytes())
            .map_err(|e| self.error(&e))?;
        // What an interrupted publish left under temporary names, now that
        // no other publish can be writing there.
        let uploads = self.root.join(UPLOADS);
        if uploads.exists() {
            fs::remove_dir_all(&uploads).map_err(|e| self.error(&e))?;
        }
        Ok(None)
    }

    fn unlock(&mut self) -> Result<(), PublishError> {
        let lock = self.root.join(LOCK);
        match fs::remove_file(lock.join(OWNER)) {
            Ok(()) => {}
            Err(error) if error.kind() == ErrorKind::NotFound => {}
            Err(error) => return Err(self.error(&error)),
        }
        match fs::remove_dir(&lock) {
            Err(error) if error.kind() != ErrorKind::NotFound => Err(self.error(&error)),
            _ => Ok(()),
        }
    }

    fn send(
        &mut self,
        files: &[(&str, &[u8])],
        sent: &mut dyn FnMut(u64),
    ) -> Result<(), PublishError> {
        let uploads = self.root.join(UPLOADS);
        fs::create_dir_all(&uploads).map_err(|e| self.error(&e))?;
        for (index, (path, contents)) in files.iter().enumerate() {
            let temporary = uploads.join(index.to_string());
            let _ = fs::remove_file(&temporary);
            let placed = self.write_new(&temporary, contents).and_then(|()| {
                for folder in parents(path) {
                    make_folder(&self.root.join(folder))?;
                }
                fs::rename(&temporary, self.root.join(path))
            });
            if let Err(error) = placed {
                let _ = fs::remove_file(&temporary);
                let _ = fs::remove_dir(&uploads);
                return Err(self.error(&error));
            }
            sent(contents.len() as u64);
        }
        let _ = fs::remove_dir(&uploads);
        Ok(())
    }

    fn delete(&mut self, paths: &[String]) -> Result<(), PublishError> {
        for path in paths {
            match fs::remove_file(self.root.join(path)) {
                Err(error) if error.kind() != ErrorKind::NotFound => {
                    return Err(self.error(&error));
                }
                _ => {}
            }
            // Innermost first; a folder still holding anything stays.
            let folders: Vec<&str> = parents(path).collect();
            for folder in folders.iter().rev() {
                if fs::remove_dir(self.root.join(folder)).is_err() {
                    break;
                }
            }
        }
        Ok(())
    }
}

/// A folder, or an error if the name is taken by something else.
fn make_folder(path: &Path) -> io::Result<()> {
    match fs::create_dir(path) {
        Err(error) if error.kind() == ErrorKind::AlreadyExists && !path.is_dir() => {
            Err(io::Error::new(
                ErrorKind::AlreadyExists,
                format!("{} n'est pas un dossier", path.display()),
            ))
        }
        Err(error) if error.kind() != ErrorKind::AlreadyExists => Err(error),
        _ => Ok(()),
    }
}
