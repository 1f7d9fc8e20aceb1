//! The processing cache: `.vitrine-cache/images/` at the site root, one
//! folder per source content and parameters, holding the encoded files
//! and their sizes. A second build, and every `serve` rebuild, reads them
//! instead of decoding and encoding again. Safe to delete: the next build
//! makes it again. It ignores itself for git (its own `.gitignore`).
//!
//! Writes go to a temporary folder renamed into place, so that a build
//! interrupted midway leaves no half entry; a failed write is no error
//! (the cache only saves time).

use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// The cache folder, below the site root.
pub const CACHE_DIR: &str = ".vitrine-cache";
/// Raised whenever processing or the names of the files change, so that
/// old entries are not reused (2: cards named by their focus).
const VERSION: u32 = 2;

/// One encoded file of an entry: its role (`480.webp`, `card.jpg`…),
/// pixel size and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub role: String,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// What processing one source with one set of parameters gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The original's size, oriented.
    pub width: u32,
    pub height: u32,
    pub files: Vec<Encoded>,
}

/// The cache of one site, or none (a site held in memory).
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
}

/// The key of `bytes` processed with `parameters`: 128 bits of two keyed
/// SipHashes (std's, with fixed keys: the same on every run).
pub fn key(bytes: &[u8], parameters: &str) -> String {
    let half = |salt: u8| {
        let mut hasher = std::hash::DefaultHasher::new();
        (salt, VERSION, parameters, bytes).hash(&mut hasher);
        hasher.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

impl Cache {
    /// The cache of the site at `root`.
    pub fn at(root: &Path) -> Self {
        Self {
            dir: Some(root.join(CACHE_DIR).join("images")),
        }
    }

    /// No cache: everything is processed.
    pub fn none() -> Self {
        Self { dir: None }
    }

    /// The entry of `key`, if it is there whole.
    pub fn get(&self, key: &str) -> Option<Entry> {
        let dir = self.dir.as_ref()?.join(key);
        let index = fs::read_to_string(dir.join("index")).ok()?;
        let mut lines = index.lines();
        let (width, height) = sizes(lines.next()?)?;
        let mut files = Vec::new();
        for line in lines {
            let (role, size) = line.split_once(' ')?;
            let (width, height) = sizes(size)?;
            let bytes = fs::read(dir.join(role)).ok()?;
            files.push(Encoded {
                role: role.to_string(),
                width,
                height,
                bytes,
            });
        }
        Some(Entry {
            width,
            height,
            files,
        })
    }

    /// Keeps `entry` under `key`; failures are ignored.
    pub fn put(&self, key: &str, entry: &Entry) {
        let Some(dir) = &self.dir else { return };
        let _ = self.write(dir, key, entry);
    }

    fn write(&self, dir: &Path, key: &str, entry: &Entry) -> std::io::Result<()> {
        fs::create_dir_all(dir)?;
        let top = dir.parent().unwrap_or(dir);
        let ignore = top.join(".gitignore");
        if !ignore.exists() {
            fs::write(
                &ignore,
                "# Cache de vitrine : se recrée seul, peut être supprimé.\n*\n",
            )?;
        }
        let temporary = dir.join(format!(".{key}.{}", std::process::id()));
        let _ = fs::remove_dir_all(&temporary);
        fs::create_dir(&temporary)?;
        let mut index = format!("{} {}\n", entry.width, entry.height);
        for file in &entry.files {
            fs::write(temporary.join(&file.role), &file.bytes)?;
            index.push_str(&format!("{} {} {}\n", file.role, file.width, file.height));
        }
        fs::write(temporary.join("index"), index)?;
        let target = dir.join(key);
        if fs::rename(&temporary, &target).is_err() {
            // Another build wrote it first: same content.
            let _ = fs::remove_dir_all(&temporary);
        }
        Ok(())
    }
}

fn sizes(text: &str) -> Option<(u32, u32)> {
    let (w, h) = text.split_once(' ')?;
    Some((w.parse().ok()?, h.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_comes_back_whole_and_keys_follow_content_and_parameters() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::at(root.path());
        let entry = Entry {
            width: 10,
            height: 5,
            files: vec![Encoded {
                role: "480.webp".into(),
                width: 4,
                height: 2,
                bytes: vec![1, 2, 3],
            }],
        };
        let key = key(b"abc", "photo");
        assert_eq!(key.len(), 32);
        assert_ne!(key, super::key(b"abd", "photo"));
        assert_ne!(key, super::key(b"abc", "logo"));
        assert_eq!(cache.get(&key), None);
        cache.put(&key, &entry);
        assert_eq!(cache.get(&key), Some(entry));
        let ignore = root.path().join(CACHE_DIR).join(".gitignore");
        assert!(fs::read_to_string(ignore).unwrap().contains('*'));
    }
}
