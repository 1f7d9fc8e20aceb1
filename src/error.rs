//! Diagnostics shown to editors: every problem of a build, in French, each
//! with the file, line and column where it was found and a hint on the fix.
//!
//! Each stage has its own typed error (`LoadError`, `ContentError`,
//! `MarkdownError`, `TemplateError`, `OutputError`); a `Diagnostic` pairs one
//! of them with its location so the stages can report many problems at once.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::load::LoadError;
use crate::markdown::MarkdownError;
use crate::output::OutputError;
use crate::templates::TemplateError;
use crate::validate::ContentError;

/// Where a problem is, in the file the editor wrote (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Self {
            file: file.into(),
            line: None,
            column: None,
        }
    }

    pub fn at(file: impl Into<PathBuf>, line: usize, column: Option<usize>) -> Self {
        Self {
            file: file.into(),
            line: Some(line),
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// The problem itself, typed by the stage that found it.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Content(#[from] ContentError),
    #[error(transparent)]
    Markdown(#[from] MarkdownError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl Problem {
    /// What the editor can do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            Problem::Load(e) => e.hint(),
            Problem::Content(e) => e.hint(),
            Problem::Markdown(e) => e.hint(),
            Problem::Template(e) => e.hint(),
            Problem::Output(e) => e.hint(),
        }
    }
}

/// One problem at one place.
#[derive(Debug)]
pub struct Diagnostic {
    pub location: Location,
    pub problem: Box<Problem>,
}

impl Diagnostic {
    pub fn new(location: Location, problem: impl Into<Problem>) -> Self {
        Self {
            location,
            problem: Box::new(problem.into()),
        }
    }

    pub fn hint(&self) -> Option<String> {
        self.problem.hint()
    }
}

impl fmt::Display for Diagnostic {
    /// Rustc-like layout, in French:
    /// ```text
    /// erreur : identifiant de partenaire inconnu « upek »
    ///   --> content/actualites/x.md:5:3
    ///   = aide : vouliez-vous dire « upec » ?
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "erreur : {}\n  --> {}", self.problem, self.location)?;
        if let Some(hint) = self.hint() {
            for (i, line) in hint.lines().enumerate() {
                let lead = if i == 0 { "  = aide : " } else { "           " };
                write!(f, "\n{lead}{line}")?;
            }
        }
        Ok(())
    }
}

/// All the problems of a build, sorted by file and line so the report reads
/// in the order of the files.
#[derive(Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// `Ok(value)` when nothing was reported, the sorted problems otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.sorted())
        }
    }

    /// Problems in file and line order, so the report reads like the files;
    /// a problem that two stages found at the same place is said once (a
    /// link in `content/medias/` is refused by loading and by static files).
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| a.location.cmp(&b.location));
        self.0.dedup_by(|a, b| {
            a.location == b.location && a.problem.to_string() == b.problem.to_string()
        });
        self
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Self(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// An I/O error in French: the system's own text is English and names
/// errno constants, so editors get the kind of problem instead.
pub fn io_message(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let text = match error.kind() {
        ErrorKind::NotFound => "fichier ou dossier introuvable",
        ErrorKind::PermissionDenied => "accès refusé (droits insuffisants)",
        ErrorKind::AlreadyExists => "le fichier existe déjà",
        ErrorKind::NotADirectory => "un élément du chemin est un fichier, pas un dossier",
        ErrorKind::IsADirectory => "c'est un dossier, pas un fichier",
        ErrorKind::DirectoryNotEmpty => "le dossier n'est pas vide",
        ErrorKind::ReadOnlyFilesystem => "le disque est en lecture seule",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "le disque est plein",
        ErrorKind::InvalidFilename => "nom de fichier invalide",
        ErrorKind::InvalidData => "le fichier n'est pas du texte UTF-8 valide",
        ErrorKind::Interrupted | ErrorKind::TimedOut => "opération interrompue",
        _ => {
            // Errors made by vitrine itself carry a French text.
            return match error.raw_os_error() {
                Some(code) => format!("erreur du système (code {code})"),
                None => error.to_string(),
            };
        }
    };
    text.to_string()
}

/// A path as editors see it: relative to the site root when it is inside.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Ids longer than this get no suggestion: typos are found in the ids
/// editors type, and an edit distance costs the product of two lengths,
/// which a 1 MB id must not reach.
const MAX_SUGGESTED_CHARS: usize = 64;

/// The closest candidate to `wanted`, if one is close enough to be a typo.
/// Case does not count (`UPEC` finds `upec`); a candidate containing
/// `wanted`, or contained in it, is close too (`grand-orly`). Each candidate
/// costs at most `MAX_SUGGESTED_CHARS²` steps, most a length comparison.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = short_lowercase(wanted)?;
    let wanted_chars: Vec<char> = wanted.chars().collect();
    let limit = (wanted_chars.len() / 3).max(2);
    let mut rows = (Vec::new(), Vec::new());
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower = short_lowercase(candidate)?;
            let length_gap = lower.chars().count().abs_diff(wanted_chars.len());
            // The distance between a text and one containing it is the
            // difference of their lengths.
            if lower.contains(wanted.as_ref()) || wanted.contains(lower.as_ref()) {
                return Some((length_gap, candidate));
            }
            if length_gap > limit {
                return None; // at least that many insertions
            }
            let chars: Vec<char> = lower.chars().collect();
            let distance = bounded_edit_distance(&wanted_chars, &chars, limit, &mut rows)?;
            Some((distance, candidate))
        })
        .min()
        .map(|(_, candidate)| candidate)
}

/// `text` in lower case, if it is short enough to be compared. Ids are
/// mostly lower case already: those are not copied.
fn short_lowercase(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    // Checking bytes first keeps a huge text from being walked at all.
    if text.len() > 4 * MAX_SUGGESTED_CHARS || text.chars().count() > MAX_SUGGESTED_CHARS {
        return None;
    }
    Some(if text.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(text.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    })
}

/// Levenshtein distance on characters, or `None` once it exceeds `limit`.
/// `rows` are reused from one candidate to the next.
fn bounded_edit_distance(
    a: &[char],
    b: &[char],
    limit: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    let (previous, current) = rows;
    previous.clear();
    previous.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        current.clear();
        current.push(i + 1);
        let mut row_min = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            let cell = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            row_min = row_min.min(cell);
            current.push(cell);
        }
        // Every later row is at least this row's minimum.
        if row_min > limit {
            return None;
        }
        std::mem::swap(previous, current);
    }
    Some(previous[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_and_rejects_strangers() {
        let ids = ["upec", "grand-orly-seine-bievre", "lissi"];
        assert_eq!(closest("upek", ids), Some("upec"));
        assert_eq!(closest("grand-orly", ids), Some("grand-orly-seine-bievre"));
        assert_eq!(closest("zzzzzzzz", ids), None);
    }

    #[test]
    fn closest_ignores_case() {
        assert_eq!(closest("UPEC", ["lissi", "upec"]), Some("upec"));
        assert_eq!(closest("Upek", ["lissi", "upec"]), Some("upec"));
    }

    #[test]
    fn closest_skips_huge_ids() {
        let huge = "a".repeat(100_000);
        let near = format!("{huge}b");
        assert_eq!(closest(&huge, [near.as_str(), "upec"]), None);
        assert_eq!(closest("upec", [near.as_str(), "upek"]), Some("upek"));
    }

    #[test]
    fn io_errors_are_french() {
        let error = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_message(&error), "fichier ou dossier introuvable");
        let error = std::io::Error::from_raw_os_error(20);
        assert_eq!(
            io_message(&error),
            "un élément du chemin est un fichier, pas un dossier"
        );
    }

    #[test]
    fn location_prints_line_and_column_when_known() {
        assert_eq!(Location::file("a.md").to_string(), "a.md");
        assert_eq!(Location::at("a.md", 3, None).to_string(), "a.md:3");
        assert_eq!(Location::at("a.md", 3, Some(7)).to_string(), "a.md:3:7");
    }
}
