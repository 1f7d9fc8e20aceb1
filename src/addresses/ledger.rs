//! The ledger of published addresses, `content/adresses.txt`: one address
//! a line, sorted, followed by the file that published it. Plain text so
//! that a diff reads as « this address was published » and a merge of two
//! branches rarely conflicts; vitrine writes it, editors commit it.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Diagnostics, Location, display_path};
use crate::load::refusal;
use crate::source::{self, DATA_LIMIT, Files, Layout};

use super::{AddressError, LEDGER_FILE, normalize};

/// What the file says above its lines.
const HEADER: &str = "\
# Adresses publiées par vitrine : une par ligne, suivie du fichier qui la publiait.
# vitrine tient ce registre (vitrine publish, vitrine build --enregistrer-adresses) :
# une adresse qui n'est plus produite redirige vers la nouvelle adresse de son
# fichier, ou affiche « page retirée ». Gardez ce fichier avec le contenu ;
# n'en retirez une ligne que pour laisser cette adresse répondre « page introuvable ».
";

/// One address of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The Markdown file that published it (`content/actualites/x.md`),
    /// when one did: a generated page (a list, a partner) has none.
    pub source: Option<String>,
    /// Its line in the file (0 for an address not written yet).
    pub line: usize,
}

/// Every address vitrine has published, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    pub entries: BTreeMap<String, Entry>,
}

/// The ledger's path below the site root, as editors see it.
pub fn ledger_path() -> PathBuf {
    Path::new(source::CONTENT_DIR).join(LEDGER_FILE)
}

impl Ledger {
    /// Reads the ledger of the site `files` reads; none yet is an empty one.
    pub fn read(files: &dyn Files) -> Result<Self, Diagnostics> {
        let path = Layout::new(files.root()).content_file(LEDGER_FILE);
        let bytes = match files.read_path(&path, DATA_LIMIT) {
            Ok(bytes) => bytes,
            Err(refused) if refused.error.is_not_found() => return Ok(Self::default()),
            Err(refused) => return Err(refusal(files.root(), refused).into()),
        };
        let shown = display_path(files.root(), &path);
        let text = source::utf8(bytes).map_err(|line| {
            Diagnostic::new(
                Location::at(&shown, line, None),
                AddressError::LedgerNotText,
            )
        })?;
        Self::parse(&text, &shown)
    }

    /// Parses the ledger's text; every malformed line is reported, at its line.
    pub fn parse(text: &str, file: &Path) -> Result<Self, Diagnostics> {
        let mut ledger = Self::default();
        let mut diagnostics = Diagnostics::default();
        // Some editors on Windows save UTF-8 with a byte order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let at = Location::at(file, line, Some(1));
            let (address, source) = match trimmed.split_once(char::is_whitespace) {
                Some((address, source)) => (address, Some(source.trim().to_string())),
                None => (trimmed, None),
            };
            let address = match normalize(address) {
                // vitrine writes addresses normalized: anything else was
                // typed by hand, or left by a merge (`<<<<<<<`).
                Ok(normal) if normal == address => normal,
                Ok(_) | Err(_) => {
                    let problem = AddressError::LedgerLine {
                        text: trimmed.to_string(),
                    };
                    diagnostics.push(Diagnostic::new(at, problem));
                    continue;
                }
            };
            if let Some(first) = ledger.entries.get(&address) {
                let problem = AddressError::LedgerDuplicate {
                    address,
                    first_line: first.line,
                };
                diagnostics.push(Diagnostic::new(at, problem));
                continue;
            }
            ledger.entries.insert(address, Entry { source, line });
        }
        diagnostics.into_result(ledger)
    }

    /// Adds `address`, or gives it the file that publishes it now.
    pub fn record(&mut self, address: String, source: Option<String>) {
        let entry = self.entries.entry(address).or_insert(Entry {
            source: None,
            line: 0,
        });
        if source.is_some() {
            entry.source = source;
        }
    }

    /// The file's text: the header, then one line per address, sorted.
    pub fn text(&self) -> String {
        let mut text = String::from(HEADER);
        for (address, entry) in &self.entries {
            text.push_str(address);
            if let Some(source) = &entry.source {
                text.push(' ');
                text.push_str(source);
            }
            text.push('\n');
        }
        text
    }

    /// Writes the ledger into the site at `root`: to a temporary file
    /// beside it, synced, then renamed over it, so that an interrupted
    /// write leaves the previous ledger whole. Nothing is written when the
    /// text is the same.
    /// Writes the ledger unless it holds this text already; says whether
    /// it wrote.
    pub fn write(&self, root: &Path) -> io::Result<bool> {
        let path = Layout::new(root).content_file(LEDGER_FILE);
        let text = self.text();
        if fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            return Ok(false);
        }
        // Hidden: the site's walks skip it, should it be left behind.
        let temporary = path.with_file_name(format!(".{LEDGER_FILE}.{}", std::process::id()));
        let written = (|| {
            let mut file = fs::File::create(&temporary)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            fs::rename(&temporary, &path)
        })();
        if written.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        written.map(|()| true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ledger_reads_back_what_it_writes() {
        let mut ledger = Ledger::default();
        ledger.record("/b/".into(), Some("content/pages/b.md".into()));
        ledger.record("/a/".into(), None);
        ledger.record("/b/".into(), None);
        let text = ledger.text();
        assert!(text.ends_with("/a/\n/b/ content/pages/b.md\n"), "{text}");
        let read = Ledger::parse(&text, Path::new("x")).unwrap();
        assert_eq!(read.text(), text);
        assert_eq!(
            read.entries["/b/"].source.as_deref(),
            Some("content/pages/b.md")
        );
    }

    #[test]
    fn windows_line_ends_and_byte_order_mark_are_read() {
        let read =
            Ledger::parse("\u{feff}/a/ content/pages/a.md\r\n/b/\r\n", Path::new("x")).unwrap();
        assert_eq!(read.entries.len(), 2);
        assert_eq!(
            read.entries["/a/"].source.as_deref(),
            Some("content/pages/a.md")
        );
    }

    #[test]
    fn sources_may_hold_spaces() {
        let read = Ledger::parse("/a/   content/pages/mon fichier.md\n", Path::new("x")).unwrap();
        assert_eq!(
            read.entries["/a/"].source.as_deref(),
            Some("content/pages/mon fichier.md")
        );
    }
}
