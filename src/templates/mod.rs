//! Loading and compiling the Tera templates once per build: the theme's
//! `templates/`, overridden file by file by the site's own `templates/`, plus
//! our filters (French dates, typography, links under the base URL).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

mod dedent;
mod errors;
mod filters;
mod memo;

use crate::error::{Describe, Diagnostic, Diagnostics, Location, display_path};
use crate::load::{LoadError, refusal};
use crate::routes;
use crate::source::{self, DATA_LIMIT, Files, Layout, SiteFile, SiteFiles};
use crate::urls::BaseUrl;
use crate::urls::slash_path;
use filters::register_filters;

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
}

impl Describe for TemplateError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            TemplateError::MissingTheme(_) => "vérifiez la clé « theme » de content/site.yaml et le dossier themes/".into(),
            TemplateError::MissingTemplate(name) => {
                format!("ajoutez {name} dans le dossier templates/ du thème ou du site")
            }
            TemplateError::Syntax(_) | TemplateError::Render { .. } => {
                "corrigez le gabarit à l'endroit indiqué (syntaxe Tera : {{ variable }}, {% if %}…{% endif %})".into()
            }
        })
    }
}

/// The compiled templates and where each came from (for error locations).
pub struct Templates {
    pub tera: Tera,
    files: BTreeMap<String, PathBuf>,
    root: PathBuf,
    /// The text of each template used: the theme's, then the site's.
    texts: Vec<(PathBuf, String)>,
    /// What loading removed from each HTML template, by name.
    removed: BTreeMap<String, dedent::Removed>,
}

/// Templates a theme may leave out: vitrine's own text is used then. The
/// sitemap index is the protocol's markup and nothing else, so few themes
/// would write one, and themes written before it existed still build; so
/// do themes without a « page retirée » (`addresses`), which gets a plain one.
const DEFAULT_TEMPLATES: [(&str, &str); 7] = [
    ("sitemap-index.xml", include_str!("sitemap-index.xml")),
    ("page-retiree.html", include_str!("page-retiree.html")),
    // The legal and index pages every site has, for themes written
    // before them; the theme's own replace them.
    (
        "partenaires.html",
        include_str!("defaults/partenaires.html"),
    ),
    (
        "thematiques.html",
        include_str!("defaults/thematiques.html"),
    ),
    (
        "plan-du-site.html",
        include_str!("defaults/plan-du-site.html"),
    ),
    (
        "mentions-legales.html",
        include_str!("defaults/mentions-legales.html"),
    ),
    (
        "accessibilite.html",
        include_str!("defaults/accessibilite.html"),
    ),
];

/// Room for a typical page, so that rendering rarely grows its buffer.
const PAGE_CAPACITY: usize = 16 * 1024;

/// Loads and compiles all templates; reports every broken one.
pub fn load(
    root: &Path,
    theme: &str,
    base: &BaseUrl,
    typography: bool,
) -> Result<Templates, Diagnostics> {
    load_from(&SiteFiles::new(root), theme, base, typography)
}

/// [`load`] from any source of files.
pub fn load_from(
    site_files: &dyn Files,
    theme: &str,
    base: &BaseUrl,
    typography: bool,
) -> Result<Templates, Diagnostics> {
    let root = site_files.root();
    let layout = Layout::new(root).with_theme(theme);
    let theme_templates = layout.theme_templates();
    if !site_files.is_dir(&theme_templates) {
        let site_yaml = layout.content_file("site.yaml");
        let location = crate::validate::locate(
            display_path(root, &site_yaml),
            &read_or_empty(site_files, &site_yaml),
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
    let mut found = BTreeMap::new();
    let mut refused = Vec::new();
    for (rank, dir) in layout.template_dirs().iter().enumerate() {
        refused.extend(collect(site_files, dir, rank, &mut found, &mut diagnostics));
    }
    let mut sources: Vec<(String, String)> = DEFAULT_TEMPLATES
        .iter()
        .filter(|(name, _)| !found.contains_key(*name))
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    let mut texts = Vec::with_capacity(found.len());
    for (name, (rank, file)) in &found {
        match read_text(site_files, file) {
            Ok(text) => {
                texts.push((*rank, display_path(root, &file.path), text.clone()));
                sources.push((name.clone(), text));
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    // In the order of the walks, as paths sort by component.
    texts.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let texts = texts
        .into_iter()
        .map(|(_, path, text)| (path, text))
        .collect();
    let files: BTreeMap<String, PathBuf> = found
        .into_iter()
        .map(|(name, (_, file))| (name, file.path))
        .collect();
    for name in routes::required_templates() {
        // A refused link (to the theme, say) is the problem to fix.
        let path = theme_templates.join(name);
        let explained = refused.iter().any(|link| path.starts_with(link));
        let has_default = DEFAULT_TEMPLATES
            .iter()
            .any(|(default, _)| *default == name);
        if !files.contains_key(name) && !explained && !has_default {
            let dir = display_path(root, &theme_templates);
            diagnostics.push(Diagnostic::new(
                Location::file(dir),
                TemplateError::MissingTemplate(name.into()),
            ));
        }
    }
    let (sources, removed) = dedent_html(sources);
    let mut tera = Tera::new();
    register_filters(&mut tera, base.clone(), typography);
    let templates = Templates {
        tera,
        files,
        root: root.to_path_buf(),
        texts,
        removed,
    };
    let mut templates = diagnostics.into_result(templates)?;
    // Tera compiles all templates together so that `extends` resolves.
    if let Err(error) = templates.tera.add_raw_templates(sources) {
        return Err(templates.compile_diagnostics(&error));
    }
    Ok(templates)
}

/// The HTML templates without their indentation (see [`dedent`]); what
/// each lost, to locate Tera's errors in the text the editor wrote.
fn dedent_html(
    sources: Vec<(String, String)>,
) -> (Vec<(String, String)>, BTreeMap<String, dedent::Removed>) {
    let mut removed = BTreeMap::new();
    let sources = sources
        .into_iter()
        .map(|(name, text)| {
            if !name.ends_with(".html") {
                return (name, text);
            }
            let (text, lost) = dedent::dedent(&text);
            if lost.changed() {
                removed.insert(name.clone(), lost);
            }
            (name, text)
        })
        .collect();
    (sources, removed)
}

/// A file's text to locate a key in; its problems are reported elsewhere.
fn read_or_empty(site_files: &dyn Files, path: &Path) -> String {
    site_files
        .read_path(path, DATA_LIMIT)
        .ok()
        .and_then(|bytes| source::utf8(bytes).ok())
        .unwrap_or_default()
}

/// The templates below `dir` (the `rank`-th folder), by name; a later
/// folder replaces earlier ones. Returns the paths refused, which are reported.
fn collect(
    site_files: &dyn Files,
    dir: &Path,
    rank: usize,
    files: &mut BTreeMap<String, (usize, SiteFile)>,
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let (found, refused) = site_files.walk(dir);
    for file in found {
        let name = slash_path(file.path.strip_prefix(dir).unwrap_or(&file.path));
        files.insert(name, (rank, file));
    }
    refused
        .into_iter()
        .map(|refused| {
            let path = refused.path.clone();
            diagnostics.push(refusal(site_files.root(), refused));
            path
        })
        .collect()
}

/// A template's text, capped like every text of the site.
fn read_text(site_files: &dyn Files, file: &SiteFile) -> Result<String, Diagnostic> {
    let bytes = site_files
        .read(file, DATA_LIMIT)
        .map_err(|refused| refusal(site_files.root(), refused))?;
    source::utf8(bytes).map_err(|line| {
        let file = display_path(site_files.root(), &file.path);
        Diagnostic::new(Location::at(file, line, None), LoadError::InvalidUtf8)
    })
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

    /// Whether the theme or the site has the template `name`.
    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// The text of each template used, named as the editor sees it: the
    /// theme's first, then the site's own, each sorted by name.
    pub fn texts(&self) -> &[(PathBuf, String)] {
        &self.texts
    }

    /// The column in the file as written of `column` on `line` of the
    /// template as compiled (without its indentation).
    pub(super) fn column(&self, template: &str, line: usize, column: usize) -> usize {
        match self.removed.get(template) {
            Some(removed) => removed.column(line, column),
            None => column,
        }
    }

    pub(super) fn display(&self, template: &str) -> PathBuf {
        match self.files.get(template) {
            Some(path) => display_path(&self.root, path),
            None => PathBuf::from(template),
        }
    }
}
