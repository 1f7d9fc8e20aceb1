//! Splits a Markdown file into its YAML front matter and its body.
//!
//! The file must start with a line `---` and the front matter ends at the next
//! line `---`. A UTF-8 BOM and CRLF line endings are accepted (callers pass
//! text normalized by [`normalize`]).

/// A file split in two, with the line numbers needed to point editors at the
/// right line of the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// 1-based line of the first front matter line in the file.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("le fichier est vide")]
    Empty,
    #[error("le fichier ne commence pas par un en-tête « --- »")]
    NoFrontMatter,
    #[error("l'en-tête ouvert par « --- » à la ligne 1 n'est jamais fermé")]
    Unclosed,
}

impl SplitError {
    pub fn hint(self) -> &'static str {
        match self {
            SplitError::Empty | SplitError::NoFrontMatter => {
                "commencez le fichier par un en-tête, par exemple :\n---\ntitre: Mon article\ndate: 2023-10-15\n---"
            }
            SplitError::Unclosed => "ajoutez une ligne « --- » après la dernière clé de l'en-tête",
        }
    }
}

/// Drops a leading BOM and turns CRLF (and lone CR) line endings into LF, so
/// that line numbers and every later stage see one convention.
pub fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Splits normalized text. Delimiter lines may carry trailing spaces.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_delimiter(first) {
        return Err(SplitError::NoFrontMatter);
    }
    let start = first.len();
    let mut offset = start;
    for (index, line) in lines.enumerate() {
        if is_delimiter(line) {
            return Ok(Split {
                front_matter: &text[start..offset],
                front_matter_line: 2,
                body: &text[offset + line.len()..],
                // Line 1 is the opening delimiter, then `index` YAML lines,
                // then the closing delimiter.
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end() == "---"
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_front_matter_and_body_with_line_numbers() {
        let split = split("---\ntitre: a\ndate: b\n---\n\nCorps\n").unwrap();
        assert_eq!(split.front_matter, "titre: a\ndate: b\n");
        assert_eq!(split.body, "\nCorps\n");
        assert_eq!(split.front_matter_line, 2);
        assert_eq!(split.body_line, 5);
    }

    #[test]
    fn accepts_an_empty_front_matter_and_no_body() {
        let split = split("---\n---").unwrap();
        assert_eq!(split.front_matter, "");
        assert_eq!(split.body, "");
    }

    #[test]
    fn rejects_missing_or_unclosed_front_matter() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split("  \n\n"), Err(SplitError::Empty));
        assert_eq!(split("# Titre\n"), Err(SplitError::NoFrontMatter));
        assert_eq!(split("---\ntitre: a\n"), Err(SplitError::Unclosed));
    }

    #[test]
    fn normalize_drops_bom_and_crlf() {
        assert_eq!(normalize("\u{feff}---\r\na\r\n"), "---\na\n");
        assert!(matches!(normalize("plain"), std::borrow::Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn never_panics_and_parts_come_from_the_input(text in "(---\n|[a-z: \n-]{0,8}|\r\n|\u{feff}){0,12}") {
            let text = normalize(&text);
            if let Ok(split) = split(&text) {
                prop_assert!(text.contains(split.front_matter));
                prop_assert!(text.ends_with(split.body));
                prop_assert!(split.body_line >= 3);
            }
        }
    }
}
