//! The site's files: every stage that reads the site's folders (content,
//! templates, static files, media) goes through [`Files`], so one place
//! decides what may be read. Two implementations:
//!
//! - [`SiteFiles`], a folder on disk, which enforces the safety rules:
//!   nothing outside the site root, whatever symlinks or `..` lead there;
//!   only regular files (a FIFO would block the build forever, a device
//!   could be endless); no file larger than its cap, checked before reading
//!   and enforced while reading;
//! - [`MemoryFiles`], files held in memory (tests, a CMS back end), capped
//!   the same way.
//!
//! Both skip editors' temporary files ([`is_editor_artifact`]) and report
//! every entry that cannot be read, never silently dropping one. Where each
//! folder is, is said once by [`Layout`].

use std::io;
use std::path::{Path, PathBuf};

mod disk;
mod layout;
mod memory;
mod opened;

pub use disk::SiteFiles;
pub use layout::{
    ARTICLES_DIR, CONTENT_DIR, LEDGER_FILE, Layout, MEDIA_DIR, PAGES_DIR, STATIC_DIR, StaticKind,
    TEMPLATES_DIR, THEMES_DIR,
};
pub use memory::MemoryFiles;
pub use opened::{CopyError, Opened};

const MIB: u64 = 1024 * 1024;
/// Markdown: a long article is a few hundred KiB, and the build stays
/// linear well past this (a 50 MB article builds in seconds).
pub const MARKDOWN_LIMIT: u64 = 64 * MIB;
/// YAML data files and templates: a few KiB each in practice.
pub const DATA_LIMIT: u64 = 4 * MIB;
/// Static files and media (images, PDF, short videos), copied to the output
/// without being held (but by builds kept in memory); hosts such as GitHub
/// Pages refuse larger files anyway.
pub const STATIC_LIMIT: u64 = 100 * MIB;

/// Where the stages read the site from. Paths are below [`Files::root`],
/// as [`Layout`] names them.
pub trait Files: Send + Sync {
    /// The root as given: diagnostics name files relative to it.
    fn root(&self) -> &Path;

    /// Where a build may keep its caches (the site root, on disk); none
    /// for files held in memory, whose root may be anywhere.
    fn cache_root(&self) -> Option<&Path> {
        None
    }

    /// Whether `path` is a folder (that may hold files).
    fn is_dir(&self, path: &Path) -> bool;

    /// Every regular file below `dir`, sorted by path, skipping editors'
    /// temporary files; every entry that cannot be used is in the second
    /// list. A `dir` that does not exist holds no files.
    fn walk(&self, dir: &Path) -> (Vec<SiteFile>, Vec<Refused>);

    /// Reads a file found by [`Files::walk`], at most `limit` bytes.
    fn read(&self, file: &SiteFile, limit: u64) -> Result<Vec<u8>, Refused>;

    /// Reads the file at `path`, at most `limit` bytes.
    fn read_path(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refused>;

    /// Opens a file found by [`Files::walk`] to be copied as it is (static
    /// files, media) without being held in memory: checked as
    /// [`Files::read`] checks it, and still capped at `limit` bytes while
    /// copied.
    fn open(&self, file: &SiteFile, limit: u64) -> Result<Opened, Refused>;
}

/// A regular file found by [`Files::walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// Where the editor sees it (below the root as given).
    pub path: PathBuf,
    /// What is opened: on disk, the resolved path, inside the real root.
    real: PathBuf,
}

impl SiteFile {
    /// A file that is read where it is named (no link to resolve).
    pub fn new(path: PathBuf) -> Self {
        Self {
            real: path.clone(),
            path,
        }
    }
}

/// A file of the site that cannot be read, and why.
#[derive(Debug)]
pub struct Refused {
    pub path: PathBuf,
    pub error: ReadError,
}

/// Why a file or folder of the site cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("lecture impossible : {}", crate::error::io_message(.0))]
    Io(#[source] io::Error),
    #[error("boucle de liens symboliques")]
    SymlinkLoop,
    #[error("lien symbolique hors du site : « {} » pointe vers « {} »", .link.display(), .target.display())]
    OutsideRoot { link: PathBuf, target: PathBuf },
    /// A path written with `..` (a theme's name, say) that climbs out.
    #[error("chemin hors du site : « {} » remonte au-dessus du dossier du site", .0.display())]
    ClimbsOut(PathBuf),
    #[error("ce n'est pas un fichier ordinaire mais {0} : il n'est pas lu")]
    NotRegular(&'static str),
    #[error("fichier trop volumineux : {}, la limite est de {}", size_text(*.size), size_text(*.limit))]
    TooLarge { size: u64, limit: u64 },
}

impl ReadError {
    pub fn hint(&self) -> String {
        match self {
            ReadError::Io(_) => "vérifiez que le fichier existe et qu'il est lisible",
            ReadError::SymlinkLoop => {
                "supprimez le lien symbolique qui pointe vers un dossier parent"
            }
            ReadError::OutsideRoot { .. } => {
                "vitrine ne lit rien hors du dossier du site : remplacez le lien par une copie du fichier dans le site"
            }
            ReadError::ClimbsOut(_) => {
                "vitrine ne lit rien hors du dossier du site : un nom de dossier (comme la clé « theme » de content/site.yaml) ne peut pas contenir « .. »"
            }
            ReadError::NotRegular(_) => {
                "retirez-le du dossier du site ou remplacez-le par un fichier ordinaire"
            }
            ReadError::TooLarge { .. } => {
                "allégez le fichier (image compressée, texte découpé en plusieurs pages) ou publiez-le ailleurs et faites un lien vers lui"
            }
        }
        .to_string()
    }

    /// Whether the file is simply not there.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

/// Hidden files and the leftovers of editors, which are nobody's content:
/// vim's swap files, backups and write test (`4913`), Emacs's locks and
/// autosaves, the temporary copies of some IDEs (`___jb_tmp___`) and of
/// browser-based editors (`.crswap`). Every walk and the watcher agree on it.
pub fn is_editor_artifact(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".crswap",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|suffix| lower.ends_with(suffix))
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
}
