//! Diagnostics shown to editors: every problem of a build, in French, each
//! with the file, line and column where it was found and a hint on the fix.
//!
//! Each stage has its own typed error (`LoadError`, `ContentError`,
//! `MarkdownError`, `TemplateError`, `OutputError`...), which implements
//! [`Describe`] in the stage's module; a `Diagnostic` pairs one of them with
//! its location so the stages can report many problems at once, and
//! [`Message`] lays out every report the tool prints.

use std::any::Any;
use std::fmt;
use std::path::{Path, PathBuf};

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

/// A problem found by a stage: its `Display` is the message, in French, and
/// it may say what the editor can do about it. Each stage's error type
/// implements it in its own module, so this module knows no stage.
pub trait Describe: Any + fmt::Display + fmt::Debug + Send + Sync {
    /// What the editor can do about it, when there is something to say.
    fn hint(&self) -> Option<String>;
}

/// One problem at one place.
#[derive(Debug)]
pub struct Diagnostic {
    pub location: Location,
    problem: Box<dyn Describe>,
}

impl Diagnostic {
    pub fn new(location: Location, problem: impl Describe) -> Self {
        Self::boxed(location, Box::new(problem))
    }

    /// For a stage that holds problems of several types.
    pub fn boxed(location: Location, problem: Box<dyn Describe>) -> Self {
        Self { location, problem }
    }

    /// The problem as the type of the stage that found it, if it is one
    /// (`diagnostic.problem::<LoadError>()`).
    pub fn problem<T: Describe>(&self) -> Option<&T> {
        (self.problem.as_ref() as &dyn Any).downcast_ref()
    }

    /// The message alone, without place nor hint.
    pub fn message(&self) -> String {
        self.problem.to_string()
    }

    pub fn hint(&self) -> Option<String> {
        self.problem.hint()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Message::new(Severity::Error, &self.problem)
            .at(&self.location)
            .hints(self.hint())
            .fmt(f)
    }
}

/// How much a problem matters, the first word of its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Stops the build (or fails `check`).
    Error,
    /// Worth fixing; fails `check --strict` only.
    Warning,
    /// For information.
    Note,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
            Severity::Note => "note",
        }
    }
}

/// What the tool tells the editor about one problem, laid out the one way
/// every command uses (rustc-like, in French):
/// ```text
/// erreur : identifiant de partenaire inconnu « upek »
///   --> content/actualites/x.md:5:3
///   = aide : vouliez-vous dire « upec » ?
/// ```
/// The place is left out when there is none (a command-line problem); a
/// hint of several lines goes on under its first.
pub struct Message<'a> {
    severity: Severity,
    text: &'a dyn fmt::Display,
    location: Option<&'a Location>,
    hints: Vec<String>,
}

impl<'a> Message<'a> {
    pub fn new(severity: Severity, text: &'a dyn fmt::Display) -> Self {
        Self {
            severity,
            text,
            location: None,
            hints: Vec::new(),
        }
    }

    pub fn error(text: &'a dyn fmt::Display) -> Self {
        Self::new(Severity::Error, text)
    }

    pub fn warning(text: &'a dyn fmt::Display) -> Self {
        Self::new(Severity::Warning, text)
    }

    pub fn at(mut self, location: &'a Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Each hint given, none for `None`.
    pub fn hints(mut self, hints: impl IntoIterator<Item = String>) -> Self {
        self.hints.extend(hints);
        self
    }
}

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} : {}", self.severity.label(), self.text)?;
        if let Some(location) = self.location {
            write!(f, "\n  --> {location}")?;
        }
        for hint in &self.hints {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("identifiant de partenaire inconnu « upek »")]
    struct Unknown;

    impl Describe for Unknown {
        fn hint(&self) -> Option<String> {
            Some("vouliez-vous dire « upec » ?\nou ajoutez-le à partenaires.yaml".into())
        }
    }

    #[derive(Debug, thiserror::Error)]
    #[error("autre")]
    struct Other;

    impl Describe for Other {
        fn hint(&self) -> Option<String> {
            None
        }
    }

    #[test]
    fn a_diagnostic_gives_back_its_typed_problem() {
        let diagnostic = Diagnostic::new(Location::file("a.md"), Unknown);
        assert!(diagnostic.problem::<Unknown>().is_some());
        assert!(diagnostic.problem::<Other>().is_none());
        assert_eq!(diagnostic.message(), Unknown.to_string());
    }

    #[test]
    fn diagnostics_are_laid_out_like_rustc_in_french() {
        let diagnostic = Diagnostic::new(Location::at("a.md", 5, Some(3)), Unknown);
        assert_eq!(
            diagnostic.to_string(),
            "erreur : identifiant de partenaire inconnu « upek »\n  --> a.md:5:3\n  \
             = aide : vouliez-vous dire « upec » ?\n           ou ajoutez-le à partenaires.yaml"
        );
    }

    #[test]
    fn messages_without_a_place_may_have_several_hints() {
        let message = Message::new(Severity::Warning, &"port occupé")
            .hint("arrêtez l'autre aperçu")
            .hints(None)
            .hints(Some("ou changez de port".to_string()));
        assert_eq!(
            message.to_string(),
            "avertissement : port occupé\n  = aide : arrêtez l'autre aperçu\n  = aide : ou changez de port"
        );
        assert_eq!(Message::new(Severity::Note, &"x").to_string(), "note : x");
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
