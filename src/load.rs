//! Stage 1: walk `content/`, read every file, split front matter and parse
//! YAML into the typed model. Every problem of every file is collected.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::error::{Describe, Diagnostic, Diagnostics, Location, display_path};
use crate::frontmatter::{self, SplitError};
use crate::model::{ArticleMeta, Content, DataSources, Document, PageMeta};
use crate::source::{
    self, DATA_LIMIT, Files, Layout, MARKDOWN_LIMIT, ReadError, Refused, SiteFile, SiteFiles,
};
pub use crate::source::{ARTICLES_DIR, MEDIA_DIR, PAGES_DIR};
use crate::yaml::{self, YamlError};

const DATA_FILES: [&str; 4] = [
    "site.yaml",
    "convention.yaml",
    "partenaires.yaml",
    "thematiques.yaml",
];

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("le dossier de contenu est introuvable")]
    NoContentDir,
    #[error("fichier obligatoire absent")]
    MissingFile,
    /// The file or a folder of its path cannot be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("le fichier n'est pas du texte UTF-8 valide")]
    InvalidUtf8,
    #[error("fichier non reconnu : il ne serait pas publié")]
    UnexpectedFile,
    #[error("{0}")]
    FrontMatter(SplitError),
    #[error("{}", .0.message)]
    Yaml(YamlError),
}

impl Describe for LoadError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            LoadError::NoContentDir => {
                "lancez vitrine depuis le dossier du site, ou indiquez-le avec --root DOSSIER"
                    .to_string()
            }
            LoadError::MissingFile => {
                "créez ce fichier (voir le site d'exemple dans content/)".to_string()
            }
            LoadError::Read(e) => e.hint(),
            LoadError::InvalidUtf8 => {
                "enregistrez le fichier en UTF-8 depuis votre éditeur".to_string()
            }
            LoadError::UnexpectedFile => format!(
                "les articles vont dans content/{ARTICLES_DIR}/*.md, les pages dans content/{PAGES_DIR}/*.md, les images dans content/{MEDIA_DIR}/"
            ),
            LoadError::FrontMatter(e) => e.hint().to_string(),
            LoadError::Yaml(e) => return e.hint.clone(),
        })
    }
}

/// Loads the whole site below `root/content`.
pub fn load(root: &Path) -> Result<Content, Diagnostics> {
    match load_partial(root) {
        (Some(content), diagnostics) => diagnostics.into_result(content),
        (None, diagnostics) => Err(diagnostics.sorted()),
    }
}

/// Loads what can be loaded: the content without the files that failed,
/// and the problems of those. `None` when a data file is unusable.
pub fn load_partial(root: &Path) -> (Option<Content>, Diagnostics) {
    load_from(&SiteFiles::new(root))
}

/// [`load_partial`] from any source of files.
pub fn load_from(site_files: &dyn Files) -> (Option<Content>, Diagnostics) {
    let root = site_files.root();
    let content_dir = Layout::new(root).content();
    if !site_files.is_dir(&content_dir) {
        return (
            None,
            problem(root, &content_dir, None, LoadError::NoContentDir).into(),
        );
    }
    let mut diagnostics = Diagnostics::default();
    let files = discover(site_files, &content_dir, &mut diagnostics);
    let config = listed_data_file(site_files, &files, "site.yaml", &mut diagnostics);
    let convention = listed_data_file(site_files, &files, "convention.yaml", &mut diagnostics);
    let partners = listed_data_file(site_files, &files, "partenaires.yaml", &mut diagnostics);
    let themes = listed_data_file(site_files, &files, "thematiques.yaml", &mut diagnostics);
    let articles = documents::<ArticleMeta>(site_files, &files.articles, &mut diagnostics);
    let pages = documents::<PageMeta>(site_files, &files.pages, &mut diagnostics);

    // A data file that failed has pushed its diagnostic.
    let (
        Some((config, site_text)),
        Some((convention, convention_text)),
        Some((partners, partners_text)),
        Some((themes, themes_text)),
    ) = (config, convention, partners, themes)
    else {
        return (None, diagnostics);
    };
    let sources = DataSources {
        site: site_text,
        convention: convention_text,
        partners: partners_text,
        themes: themes_text,
    };
    let content = Content {
        config,
        convention,
        partners,
        themes,
        articles,
        pages,
        media: files.media,
        sources,
    };
    (Some(content), diagnostics)
}

/// The Markdown files and media found below `content/`, sorted by path,
/// and the entries refused (reported already).
#[derive(Default)]
struct Found {
    articles: Vec<SiteFile>,
    pages: Vec<SiteFile>,
    media: Vec<PathBuf>,
    refused: Vec<PathBuf>,
}

fn discover(site_files: &dyn Files, content_dir: &Path, diagnostics: &mut Diagnostics) -> Found {
    let root = site_files.root();
    let mut files = Found::default();
    let (found, refused) = site_files.walk(content_dir);
    for refused in refused {
        files.refused.push(refused.path.clone());
        diagnostics.push(refusal(root, refused));
    }
    for file in found {
        let relative = file.path.strip_prefix(content_dir).unwrap_or(&file.path);
        let first = relative
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy())
            .unwrap_or_default();
        let is_markdown = file.path.extension().is_some_and(|e| e == "md");
        match (first.as_ref(), relative.components().count()) {
            (name, 1) if DATA_FILES.contains(&name) => {}
            (source::LEDGER_FILE, 1) => {}
            (ARTICLES_DIR, 2) if is_markdown => files.articles.push(file),
            (PAGES_DIR, 2) if is_markdown => files.pages.push(file),
            (MEDIA_DIR, _) => files.media.push(relative.to_path_buf()),
            _ => diagnostics.push(problem(root, &file.path, None, LoadError::UnexpectedFile)),
        }
    }
    files
}

/// The diagnostic of a file that cannot be read, located relative to `root`.
pub fn refusal(root: &Path, refused: Refused) -> Diagnostic {
    let location = Location::file(display_path(root, &refused.path));
    Diagnostic::new(location, LoadError::Read(refused.error))
}

/// Reads one data file of `content/` (e.g. `partenaires.yaml`) on its own.
pub fn data<T: DeserializeOwned>(root: &Path, name: &str) -> Result<T, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let path = Layout::new(root).content_file(name);
    match data_file(&SiteFiles::new(root), &path, &mut diagnostics) {
        Some((value, _)) => Ok(value),
        None => Err(diagnostics),
    }
}

/// A data file of the walked `content/`; one the walk refused (or a folder
/// of its path) is reported already.
fn listed_data_file<T: DeserializeOwned>(
    site_files: &dyn Files,
    files: &Found,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<(T, String)> {
    let path = Layout::new(site_files.root()).content_file(name);
    if files
        .refused
        .iter()
        .any(|refused| path.starts_with(refused))
    {
        return None;
    }
    data_file(site_files, &path, diagnostics)
}

fn data_file<T: DeserializeOwned>(
    site_files: &dyn Files,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<(T, String)> {
    let result = read_text(site_files, path).and_then(|text| {
        let text = frontmatter::normalize(&text).into_owned();
        let value = yaml::parse::<T>(&text).map_err(|e| yaml_problem(e, 0))?;
        Ok((value, text))
    });
    let root = site_files.root();
    result
        .map_err(|(line, kind)| diagnostics.push(problem_at(root, path, line, kind)))
        .ok()
}

fn documents<M: DeserializeOwned + Send>(
    site_files: &dyn Files,
    files: &[SiteFile],
    diagnostics: &mut Diagnostics,
) -> Vec<Document<M>> {
    let results: Vec<_> = files
        .par_iter()
        .with_max_len(crate::PARALLEL_PIECE)
        .map(|file| document::<M>(site_files, file))
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok(document) => documents.push(document),
            Err((line, kind)) => {
                diagnostics.push(problem_at(site_files.root(), &file.path, line, kind));
            }
        }
    }
    documents
}

/// A problem of one file, with its line and column when known.
type Located = (Option<(usize, Option<usize>)>, Box<dyn Describe>);

fn located(at: Option<(usize, Option<usize>)>, problem: impl Describe) -> Located {
    (at, Box::new(problem))
}

/// Loads one article on its own, as [`load_from`] loads it; `None` when it
/// fails to load (a full load says why).
pub fn article(site_files: &dyn Files, path: &Path) -> Option<Document<ArticleMeta>> {
    let bytes = site_files.read_path(path, MARKDOWN_LIMIT).ok()?;
    parse_document(site_files.root(), path, bytes).ok()
}

fn document<M: DeserializeOwned>(
    site_files: &dyn Files,
    file: &SiteFile,
) -> Result<Document<M>, Located> {
    let bytes = site_files
        .read(file, MARKDOWN_LIMIT)
        .map_err(|refused| located(None, LoadError::Read(refused.error)))?;
    parse_document(site_files.root(), &file.path, bytes)
}

fn parse_document<M: DeserializeOwned>(
    root: &Path,
    path: &Path,
    bytes: Vec<u8>,
) -> Result<Document<M>, Located> {
    let text = text(bytes)?;
    let text = frontmatter::normalize(&text);
    let split = frontmatter::split(&text)
        .map_err(|e| located(Some((1, None)), LoadError::FrontMatter(e)))?;
    // An empty front matter is an empty mapping, so missing keys are named.
    let yaml_text = if split.front_matter.trim().is_empty() {
        "{}"
    } else {
        split.front_matter
    };
    let meta = yaml::parse_at::<M>(yaml_text, split.front_matter_line)
        .map_err(|e| yaml_problem(e, split.front_matter_line - 1))?;
    Ok(Document {
        source: display_path(root, path),
        meta,
        front_matter: split.front_matter.to_string(),
        front_matter_line: split.front_matter_line,
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

fn yaml_problem(error: YamlError, line_offset: usize) -> Located {
    let location = error.line.map(|line| (line + line_offset, error.column));
    located(location, LoadError::Yaml(error))
}

/// A single file of `content/`; one that is not there is "missing".
fn read_text(site_files: &dyn Files, path: &Path) -> Result<String, Located> {
    match site_files.read_path(path, DATA_LIMIT) {
        Ok(bytes) => text(bytes),
        Err(refused) if refused.error.is_not_found() => Err(located(None, LoadError::MissingFile)),
        Err(refused) => Err(located(None, LoadError::Read(refused.error))),
    }
}

fn text(bytes: Vec<u8>) -> Result<String, Located> {
    source::utf8(bytes).map_err(|line| located(Some((line, None)), LoadError::InvalidUtf8))
}

fn problem(root: &Path, path: &Path, line: Option<usize>, kind: LoadError) -> Diagnostic {
    problem_at(root, path, line.map(|l| (l, None)), Box::new(kind))
}

fn problem_at(
    root: &Path,
    path: &Path,
    at: Option<(usize, Option<usize>)>,
    kind: Box<dyn Describe>,
) -> Diagnostic {
    let file = display_path(root, path);
    let location = match at {
        Some((line, column)) => Location::at(file, line, column),
        None => Location::file(file),
    };
    Diagnostic::boxed(location, kind)
}
