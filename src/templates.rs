//! Loading and compiling the Tera templates once per build: the theme's
//! `templates/`, overridden file by file by the site's own `templates/`, plus
//! our filters (French dates, typography, links under the base URL).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Kwargs, State, Tera};
use walkdir::WalkDir;

use crate::error::{Diagnostic, Diagnostics, Location, display_path, io_message};
use crate::french::{DateStyle, format_date, parse_date_style};
use crate::load::is_editor_artifact;
use crate::model::Date;
use crate::typography::typeset_text;
use crate::urls::BaseUrl;
use crate::urls::slash_path;

/// Templates every theme must provide: one per kind of output.
pub const REQUIRED: [&str; 11] = [
    "index.html",
    "article.html",
    "list.html",
    "partner.html",
    "thematique.html",
    "convention.html",
    "page.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
];

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("thème introuvable « {0} »")]
    MissingTheme(String),
    #[error("gabarit introuvable « {0} »")]
    MissingTemplate(String),
    #[error("erreur de syntaxe dans le gabarit : {0}")]
    Syntax(String),
    #[error("erreur dans le gabarit « {template} » : {message}")]
    Render { template: String, message: String },
    #[error("lecture du gabarit impossible : {0}")]
    Io(String),
}

impl TemplateError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            TemplateError::MissingTheme(_) => "vérifiez la clé « theme » de content/site.yaml et le dossier themes/".into(),
            TemplateError::MissingTemplate(name) => {
                format!("ajoutez {name} dans le dossier templates/ du thème ou du site")
            }
            TemplateError::Syntax(_) | TemplateError::Render { .. } => {
                "corrigez le gabarit à l'endroit indiqué (syntaxe Tera : {{ variable }}, {% if %}…{% endif %})".into()
            }
            TemplateError::Io(_) => return None,
        })
    }
}

/// The compiled templates and where each came from (for error locations).
pub struct Templates {
    pub tera: Tera,
    files: BTreeMap<String, PathBuf>,
    root: PathBuf,
}

/// The folders holding the theme's templates and static files.
pub fn theme_dir(root: &Path, theme: &str) -> PathBuf {
    root.join("themes").join(theme)
}

/// Loads and compiles all templates; reports every broken one.
pub fn load(
    root: &Path,
    theme: &str,
    base: &BaseUrl,
    typography: bool,
) -> Result<Templates, Diagnostics> {
    let theme_templates = theme_dir(root, theme).join("templates");
    if !theme_templates.is_dir() {
        let location = crate::validate::locate(
            "content/site.yaml",
            &read_or_empty(&root.join("content/site.yaml")),
            1,
            theme,
            0,
        );
        return Err(
            Diagnostic::new(location, TemplateError::MissingTheme(theme.to_string())).into(),
        );
    }
    let mut diagnostics = Diagnostics::default();
    // Theme first, then the site's overrides replace entries by name.
    let mut files = BTreeMap::new();
    for dir in [theme_templates, root.join("templates")] {
        collect(&dir, &mut files, root, &mut diagnostics);
    }
    let mut sources = Vec::with_capacity(files.len());
    for (name, path) in &files {
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push((name.clone(), text)),
            Err(e) => diagnostics.push(Diagnostic::new(
                Location::file(display_path(root, path)),
                TemplateError::Io(io_message(&e)),
            )),
        }
    }
    for name in REQUIRED {
        if !files.contains_key(name) {
            let dir = display_path(root, &theme_dir(root, theme).join("templates"));
            diagnostics.push(Diagnostic::new(
                Location::file(dir),
                TemplateError::MissingTemplate(name.into()),
            ));
        }
    }
    let mut tera = Tera::new();
    register_filters(&mut tera, base.clone(), typography);
    let templates = Templates {
        tera,
        files,
        root: root.to_path_buf(),
    };
    let mut templates = diagnostics.into_result(templates)?;
    // Tera compiles all templates together so that `extends` resolves.
    if let Err(error) = templates.tera.add_raw_templates(sources) {
        return Err(templates.compile_diagnostics(&error));
    }
    Ok(templates)
}

fn read_or_empty(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn collect(
    dir: &Path,
    files: &mut BTreeMap<String, PathBuf>,
    root: &Path,
    diagnostics: &mut Diagnostics,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                if !relative
                    .iter()
                    .any(|part| is_editor_artifact(&part.to_string_lossy()))
                {
                    let name = slash_path(relative);
                    files.insert(name, entry.path().to_path_buf());
                }
            }
            Ok(_) => {}
            Err(e) => diagnostics.push(Diagnostic::new(
                Location::file(display_path(root, e.path().unwrap_or(dir))),
                TemplateError::Io(
                    e.io_error()
                        .map_or_else(|| "boucle de liens symboliques".to_string(), io_message),
                ),
            )),
        }
    }
}

impl Templates {
    /// Renders one template; errors are located in the template's file.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|error| self.diagnostic(&error))
    }

    /// Once every template is parsed, Tera checks what they refer to
    /// (includes, filters, blocks) and joins all its reports in one message:
    /// each becomes a diagnostic at its template, line and column.
    fn compile_diagnostics(&self, error: &tera::Error) -> Diagnostics {
        let ErrorKind::Msg(text) = error.kind() else {
            return self.diagnostic(error).into();
        };
        let reports = parse_reports(text);
        if reports.is_empty() {
            return self.diagnostic(error).into();
        }
        let mut diagnostics = Diagnostics::default();
        for report in reports {
            let location = Location::at(self.display(&report.template), report.line, report.column);
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
    fn diagnostic(&self, error: &tera::Error) -> Diagnostic {
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
                Some(span.start_col + 1),
            ),
            None => Location::file(self.display(template)),
        };
        let message = if message.is_empty() {
            error.to_string()
        } else {
            translate(message)
        };
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

    fn display(&self, template: &str) -> PathBuf {
        match self.files.get(template) {
            Some(path) => display_path(&self.root, path),
            None => PathBuf::from(template),
        }
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
        _ => return format!("message de Tera : {message}"),
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

fn register_filters(tera: &mut Tera, base: BaseUrl, typography: bool) {
    tera.register_filter("typo", move |text: &str, _: Kwargs, state: &State| {
        let enabled = typography
            && state
                .get::<bool>("typographie")
                .ok()
                .flatten()
                .unwrap_or(true);
        if enabled {
            typeset_text(text)
        } else {
            text.to_string()
        }
    });
    tera.register_filter(
        "date_fr",
        |text: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let style = match kwargs.get::<&str>("style")? {
                Some(name) => parse_date_style(name).ok_or_else(|| {
                    tera::Error::message(format!(
                        "style de date inconnu « {name} » (long, jour ou court)"
                    ))
                })?,
                None => DateStyle::Long,
            };
            let date = Date::parse(text).ok_or_else(|| {
                tera::Error::message(format!(
                    "date_fr attend une date AAAA-MM-JJ, pas « {text} »"
                ))
            })?;
            Ok(format_date(date.0, style))
        },
    );
    tera.register_filter(
        "lien",
        move |path: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let absolute = kwargs.get::<bool>("absolu")?.unwrap_or(false);
            Ok(if absolute {
                base.absolute(path)
            } else {
                base.link(path)
            })
        },
    );
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
        assert!(translate("Something new").starts_with("message de Tera : "));
    }
}
