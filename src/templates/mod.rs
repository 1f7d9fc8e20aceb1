//! Loading and compiling the Tera templates once per build: the theme's
//! `templates/`, overridden file by file by the site's own `templates/`, plus
//! our filters (French dates, typography, links under the base URL).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

mod errors;
mod filters;
mod memo;

use crate::error::{Diagnostic, Diagnostics, Location, display_path, io_message};
use crate::load::is_editor_artifact;
use crate::urls::BaseUrl;
use crate::urls::slash_path;
use filters::register_filters;

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

/// Room for a typical page, so that rendering rarely grows its buffer.
const PAGE_CAPACITY: usize = 16 * 1024;

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
    /// Renders one template to bytes; errors are located in the template's
    /// file. Tera's `render` would check the whole page is UTF-8 again (it
    /// is by construction), which costs more as typography adds no-break
    /// spaces and guillemets. `typography` is the page's own switch, which
    /// the `typo` filter obeys.
    pub fn render(
        &self,
        name: &str,
        context: &tera::Context,
        typography: bool,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut page = Vec::with_capacity(PAGE_CAPACITY);
        filters::with_page_typography(typography, || self.tera.render_to(name, context, &mut page))
            .map_err(|error| self.diagnostic(&error))?;
        Ok(page)
    }

    pub(super) fn display(&self, template: &str) -> PathBuf {
        match self.files.get(template) {
            Some(path) => display_path(&self.root, path),
            None => PathBuf::from(template),
        }
    }
}
