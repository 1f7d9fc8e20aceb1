//! Tera's errors as diagnostics: located in the template file (theme or
//! site override) and worded in French.

use tera::ErrorKind;

use super::{TemplateError, Templates};
use crate::error::{Diagnostic, Diagnostics, Location};

impl Templates {
    /// Once every template is parsed, Tera checks what they refer to
    /// (includes, filters, blocks) and joins all its reports in one message:
    /// each becomes a diagnostic at its template, line and column.
    pub(super) fn compile_diagnostics(&self, error: &tera::Error) -> Diagnostics {
        let ErrorKind::Msg(text) = error.kind() else {
            return self.diagnostic(error).into();
        };
        let reports = parse_reports(text);
        if reports.is_empty() {
            return self.diagnostic(error).into();
        }
        let mut diagnostics = Diagnostics::default();
        for report in reports {
            let column = report
                .column
                .map(|column| self.column(&report.template, report.line, column));
            let location = Location::at(self.display(&report.template), report.line, column);
            let problem = match report.message.strip_prefix("Unknown template `") {
                Some(rest) => {
                    TemplateError::MissingTemplate(rest.trim_end_matches('`').to_string())
                }
                None => TemplateError::Syntax(translate(&report.message)),
            };
            diagnostics.push(Diagnostic::new(location, problem));
        }
        diagnostics.sorted()
    }

    /// A Tera error as a diagnostic pointing at the template file and line.
    pub(super) fn diagnostic(&self, error: &tera::Error) -> Diagnostic {
        let (template, span, message, syntax) = match error.kind() {
            ErrorKind::SyntaxError(report) => (
                report.filename(),
                Some(report.span()),
                report.message(),
                true,
            ),
            ErrorKind::RenderingError(report) => (
                report.filename(),
                Some(report.span()),
                report.message(),
                false,
            ),
            ErrorKind::TemplateNotFound(name) => {
                return Diagnostic::new(
                    Location::file(self.display(name)),
                    TemplateError::MissingTemplate(name.clone()),
                );
            }
            ErrorKind::MissingParent { current, parent } => {
                return Diagnostic::new(
                    Location::file(self.display(current)),
                    TemplateError::MissingTemplate(parent.clone()),
                );
            }
            _ => ("", None, "", false),
        };
        let location = match span {
            Some(span) => Location::at(
                self.display(template),
                span.start_line,
                Some(self.column(template, span.start_line, span.start_col + 1)),
            ),
            None => Location::file(self.display(template)),
        };
        let message = translate(message);
        let problem = if syntax {
            TemplateError::Syntax(message)
        } else {
            TemplateError::Render {
                template: template.to_string(),
                message,
            }
        };
        Diagnostic::new(location, problem)
    }
}

/// One `error: …` report of Tera's rustc-like text.
#[derive(Debug, PartialEq, Eq)]
struct Report {
    message: String,
    template: String,
    line: usize,
    column: Option<usize>,
}

/// Reads `error: MESSAGE` followed by ` --> TEMPLATE:LINE:COLUMN` pairs.
fn parse_reports(text: &str) -> Vec<Report> {
    let mut reports = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("error: ") {
            message = Some(rest.to_string());
        } else if let (Some(at), Some(_)) = (line.trim_start().strip_prefix("--> "), &message) {
            let mut parts = at.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok());
            let number = parts.next().and_then(|l| l.parse().ok());
            if let (Some(template), Some(number)) = (parts.next(), number) {
                reports.push(Report {
                    message: message.take().unwrap_or_default(),
                    template: template.to_string(),
                    line: number,
                    column,
                });
            }
        }
    }
    reports
}

/// Tera's messages in French. Names between backticks are kept; a message
/// not known here is shown as Tera wrote it, saying so.
fn translate(message: &str) -> String {
    let message = message.trim_end_matches('.');
    let name = |rest: &str| rest.split('`').next().unwrap_or("").to_string();
    type French = fn(String) -> String;
    let prefixed: [(&str, French); 11] = [
        ("Unknown filter `", |n| format!("filtre inconnu « {n} »")),
        ("Unknown function `", |n| {
            format!("fonction inconnue « {n} »")
        }),
        ("Unknown test `", |n| format!("test inconnu « {n} »")),
        ("Unknown template `", |n| format!("gabarit inconnu « {n} »")),
        ("Unknown component `", |n| {
            format!("composant inconnu « {n} »")
        }),
        ("Field `", |n| format!("le champ « {n} » n'existe pas")),
        ("Block `", |n| {
            format!("le bloc « {n} » n'existe dans aucun gabarit parent")
        }),
        ("Template already contains a block named `", |n| {
            format!("le bloc « {n} » est défini deux fois")
        }),
        ("Template is already extending `", |n| {
            format!("le gabarit hérite déjà de « {n} »")
        }),
        ("Iteration not possible on type `", |n| {
            format!("impossible de parcourir avec « for » une valeur de type « {n} »")
        }),
        ("Missing keyword argument `", |n| {
            format!("argument « {n} » manquant")
        }),
    ];
    if let Some(rest) = message.strip_prefix("Variable `") {
        let name = name(rest);
        return if rest.contains("exists but its value is undefined") {
            format!("la variable « {name} » existe mais n'a pas de valeur")
        } else {
            format!("la variable « {name} » n'est pas définie")
        };
    }
    for (prefix, french) in prefixed {
        if let Some(rest) = message.strip_prefix(prefix) {
            return french(name(rest));
        }
    }
    if let Some(rest) = message.strip_prefix("Found ") {
        let split = rest
            .split_once(" but expected ")
            .or_else(|| rest.split_once(" but was expecting "));
        if let Some((found, expected)) = split {
            let found = found.trim_matches('`');
            return format!(
                "« {found} » inattendu ici, il fallait : {}",
                french_tokens(expected)
            );
        }
    }
    let fixed = match message {
        "Unexpected end of input" => "fin du gabarit inattendue : une balise n'est pas fermée",
        "Unexpected character" => "caractère inattendu",
        "Tried to render a variable that is undefined" => "la valeur affichée n'est pas définie",
        "Cannot index into an undefined value" => "accès à un élément d'une valeur non définie",
        _ if message.starts_with("String opened with") => {
            "texte ouvert par un guillemet jamais fermé"
        }
        _ if message.starts_with("Closing comment tag") => "commentaire {# … #} jamais fermé",
        // Tera's English never reaches editors, even for a message not
        // known here.
        _ => "construction non reconnue à cet endroit",
    };
    fixed.to_string()
}

/// The words of Tera's "expected …" lists in French.
fn french_tokens(expected: &str) -> String {
    let mut text = format!(" {expected} ");
    for (english, french) in [
        (" one of:", " l'un de :"),
        (" or ", " ou "),
        (" an integer", " un entier"),
        (" a string", " un texte"),
        (" a bool", " un booléen"),
        (" identifier", " un identifiant"),
        (" ident,", " un identifiant,"),
        (" integer,", " un entier,"),
        (" float,", " un décimal,"),
        (" string,", " un texte,"),
        (" bool,", " un booléen,"),
        (" string ", " un texte "),
    ] {
        text = text.replace(english, french);
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_reports_are_split_and_located() {
        let text = "error: Unknown template `_menu.html`\n --> article.html:1:40\n  |\n1 | x\n  |\n\nerror: Unknown filter `typ`\n  --> index.html:12:3\n   |";
        let reports = parse_reports(text);
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[1].template, "index.html");
        assert_eq!((reports[1].line, reports[1].column), (12, Some(3)));
        assert_eq!(translate(&reports[1].message), "filtre inconnu « typ »");
    }

    #[test]
    fn common_messages_are_french() {
        assert_eq!(
            translate("Found `}` but expected }}."),
            "« } » inattendu ici, il fallait : }}"
        );
        assert_eq!(
            translate("Variable `page.auteur` is not defined. Did you mean `page.titre`?"),
            "la variable « page.auteur » n'est pas définie"
        );
        assert_eq!(
            translate("Something new"),
            "construction non reconnue à cet endroit"
        );
    }
}
