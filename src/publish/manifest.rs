//! The manifest a publish leaves on its target: one line per file vitrine
//! published there (content hash, size, path), so that the next publish
//! sends only what changed and deletes only what it published itself.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

/// The manifest's name at the target's root.
pub const MANIFEST: &str = ".vitrine-manifeste";
/// Its first line: the format, so a later vitrine can change it.
const HEADER: &str = "# vitrine manifeste 1 : empreinte SHA-256, taille, chemin";

/// What vitrine published on a target, by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest(pub BTreeMap<String, Entry>);

/// One published file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// SHA-256 of the contents, in lowercase hex.
    pub hash: String,
    pub size: u64,
}

impl Entry {
    pub fn of(contents: &[u8]) -> Self {
        let digest = Sha256::digest(contents);
        let mut hash = String::with_capacity(64);
        for byte in digest {
            let _ = write!(hash, "{byte:02x}");
        }
        Entry {
            hash,
            size: contents.len() as u64,
        }
    }
}

/// A line of a manifest that was edited into something vitrine cannot
/// read: it is left out, so the file it named is sent again and never
/// deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based.
    pub line: usize,
    pub reason: &'static str,
}

impl Manifest {
    /// Reads a manifest; the lines it cannot use are returned apart.
    pub fn parse(text: &str) -> (Manifest, Vec<BadLine>) {
        let mut manifest = Manifest::default();
        let mut bad = Vec::new();
        for (index, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            match parse_line(line) {
                Ok((path, entry)) => {
                    manifest.0.insert(path, entry);
                }
                Err(reason) => bad.push(BadLine {
                    line: index + 1,
                    reason,
                }),
            }
        }
        (manifest, bad)
    }

    pub fn to_text(&self) -> String {
        let mut text = format!("{HEADER}\n");
        for (path, entry) in &self.0 {
            let _ = writeln!(text, "{} {} {path}", entry.hash, entry.size);
        }
        text
    }
}

fn parse_line(line: &str) -> Result<(String, Entry), &'static str> {
    let mut parts = line.splitn(3, ' ');
    let (Some(hash), Some(size), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
        return Err("il faut trois champs : empreinte, taille, chemin");
    };
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("l'empreinte n'est pas un SHA-256 en hexadécimal");
    }
    let size = size
        .parse()
        .map_err(|_| "la taille n'est pas un nombre d'octets")?;
    if !is_site_path(path) {
        return Err("le chemin sort du site ou désigne un fichier de vitrine");
    }
    Ok((
        path.to_string(),
        Entry {
            hash: hash.to_ascii_lowercase(),
            size,
        },
    ))
}

/// A path vitrine may write or delete on a target: relative, `/`-separated,
/// without `.` or `..` parts, and not one of vitrine's own control files.
/// A hand-edited manifest naming anything else is never obeyed.
pub fn is_site_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with(".vitrine-")
        && !path.contains('\\')
        && !path.contains('\0')
        && !path.contains('\n')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let mut manifest = Manifest::default();
        manifest.0.insert("a b/index.html".into(), Entry::of(b"x"));
        manifest.0.insert("style.css".into(), Entry::of(b""));
        let (read, bad) = Manifest::parse(&manifest.to_text());
        assert_eq!(read, manifest);
        assert!(bad.is_empty());
    }

    #[test]
    fn hash_is_sha256() {
        assert_eq!(
            Entry::of(b"abc").hash,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn bad_lines_are_left_out_with_their_number() {
        let good = Entry::of(b"x").hash;
        let text = format!(
            "{HEADER}\n{good} 1 ok.html\nnimportequoi\n{good} 1 ../../etc/passwd\n{good} x a.html\n"
        );
        let (manifest, bad) = Manifest::parse(&text);
        assert_eq!(manifest.0.keys().collect::<Vec<_>>(), ["ok.html"]);
        let lines: Vec<usize> = bad.iter().map(|b| b.line).collect();
        assert_eq!(lines, [3, 4, 5]);
    }

    #[test]
    fn paths_outside_the_site_are_refused() {
        for path in [
            "",
            "/etc/passwd",
            "a/../b",
            "./a",
            "a//b",
            ".vitrine-verrou/x",
            "a\\b",
        ] {
            assert!(!is_site_path(path), "{path}");
        }
        assert!(is_site_path("actualites/un-article/index.html"));
        assert!(is_site_path(".well-known/x"));
    }
}
