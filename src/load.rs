//! Stage 1: walk `content/`, read every file, split front matter and parse
//! YAML into the typed model. Every problem of every file is collected.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Diagnostics, Location, display_path};
use crate::frontmatter::{self, SplitError};
use crate::model::{ArticleMeta, Content, DataSources, Document, PageMeta};
use crate::yaml::{self, YamlError};

/// Folders of `content/` and what they hold.
pub const ARTICLES_DIR: &str = "actualites";
pub const PAGES_DIR: &str = "pages";
/// Files copied as they are to `/medias/` (images of articles).
pub const MEDIA_DIR: &str = "medias";
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
    #[error("lecture impossible : {}", crate::error::io_message(.0))]
    Io(#[source] io::Error),
    #[error("le fichier n'est pas du texte UTF-8 valide")]
    InvalidUtf8,
    #[error("boucle de liens symboliques")]
    SymlinkLoop,
    #[error("fichier non reconnu : il ne serait pas publié")]
    UnexpectedFile,
    #[error("{0}")]
    FrontMatter(SplitError),
    #[error("{}", .0.message)]
    Yaml(YamlError),
}

impl LoadError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            LoadError::NoContentDir => {
                "lancez vitrine depuis le dossier du site, ou indiquez-le avec --root DOSSIER"
                    .to_string()
            }
            LoadError::MissingFile => {
                "créez ce fichier (voir le site d'exemple dans content/)".to_string()
            }
            LoadError::Io(_) => "vérifiez que le fichier existe et qu'il est lisible".to_string(),
            LoadError::InvalidUtf8 => {
                "enregistrez le fichier en UTF-8 depuis votre éditeur".to_string()
            }
            LoadError::SymlinkLoop => {
                "supprimez le lien symbolique qui pointe vers un dossier parent".to_string()
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
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return (
            None,
            problem(root, &content_dir, None, LoadError::NoContentDir).into(),
        );
    }
    let mut diagnostics = Diagnostics::default();
    let files = discover(root, &content_dir, &mut diagnostics);

    let config = data_file(root, &content_dir, "site.yaml", &mut diagnostics);
    let convention = data_file(root, &content_dir, "convention.yaml", &mut diagnostics);
    let partners = data_file(root, &content_dir, "partenaires.yaml", &mut diagnostics);
    let themes = data_file(root, &content_dir, "thematiques.yaml", &mut diagnostics);
    let articles = documents::<ArticleMeta>(root, &files.articles, &mut diagnostics);
    let pages = documents::<PageMeta>(root, &files.pages, &mut diagnostics);

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

/// The Markdown files and media found below `content/`, sorted by path.
#[derive(Default)]
struct Files {
    articles: Vec<PathBuf>,
    pages: Vec<PathBuf>,
    media: Vec<PathBuf>,
}

fn discover(root: &Path, content_dir: &Path, diagnostics: &mut Diagnostics) -> Files {
    let mut files = Files::default();
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker
        .into_iter()
        .filter_entry(|e| !is_ignored(e.file_name()))
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(content_dir).to_path_buf();
                let kind = if error.loop_ancestor().is_some() {
                    LoadError::SymlinkLoop
                } else {
                    LoadError::Io(
                        error
                            .into_io_error()
                            .unwrap_or_else(|| io::Error::other("?")),
                    )
                };
                diagnostics.push(problem(root, &path, None, kind));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path().to_path_buf();
        let relative = path.strip_prefix(content_dir).unwrap_or(&path);
        let mut parts = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy());
        let first = parts.next().unwrap_or_default();
        let is_markdown = path.extension().is_some_and(|e| e == "md");
        match (first.as_ref(), relative.components().count()) {
            (name, 1) if DATA_FILES.contains(&name) => {}
            (ARTICLES_DIR, 2) if is_markdown => files.articles.push(path),
            (PAGES_DIR, 2) if is_markdown => files.pages.push(path),
            (MEDIA_DIR, _) => files.media.push(relative.to_path_buf()),
            _ => diagnostics.push(problem(root, &path, None, LoadError::UnexpectedFile)),
        }
    }
    files
}

/// Hidden files and editors' temporary files are not content.
fn is_ignored(name: &std::ffi::OsStr) -> bool {
    is_editor_artifact(&name.to_string_lossy())
}

/// Hidden files and the leftovers of editors, which are nobody's content:
/// vim's swap files, backups and write test (`4913`), Emacs's locks and
/// autosaves, the temporary copies of some IDEs (`___jb_tmp___`) and of
/// browser-based editors (`.crswap`). Every stage and the watcher agree on it.
pub fn is_editor_artifact(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".crswap",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|suffix| lower.ends_with(suffix))
}

/// Reads one data file of `content/` (e.g. `partenaires.yaml`) on its own.
pub fn data<T: DeserializeOwned>(root: &Path, name: &str) -> Result<T, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    match data_file(root, &root.join("content"), name, &mut diagnostics) {
        Some((value, _)) => Ok(value),
        None => Err(diagnostics),
    }
}

fn data_file<T: DeserializeOwned>(
    root: &Path,
    content_dir: &Path,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<(T, String)> {
    let path = content_dir.join(name);
    if !path.is_file() {
        diagnostics.push(problem(root, &path, None, LoadError::MissingFile));
        return None;
    }
    let result = read_text(&path).and_then(|text| {
        let text = frontmatter::normalize(&text).into_owned();
        let value = yaml::parse::<T>(&text).map_err(|e| yaml_problem(e, 0))?;
        Ok((value, text))
    });
    result
        .map_err(|(line, kind)| diagnostics.push(problem_at(root, &path, line, kind)))
        .ok()
}

fn documents<M: DeserializeOwned + Send>(
    root: &Path,
    paths: &[PathBuf],
    diagnostics: &mut Diagnostics,
) -> Vec<Document<M>> {
    let results: Vec<_> = paths
        .par_iter()
        .map(|path| document::<M>(root, path))
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    for (path, result) in paths.iter().zip(results) {
        match result {
            Ok(document) => documents.push(document),
            Err((line, kind)) => diagnostics.push(problem_at(root, path, line, kind)),
        }
    }
    documents
}

type Located = (Option<(usize, Option<usize>)>, LoadError);

fn document<M: DeserializeOwned>(root: &Path, path: &Path) -> Result<Document<M>, Located> {
    let text = read_text(path)?;
    let text = frontmatter::normalize(&text);
    let split =
        frontmatter::split(&text).map_err(|e| (Some((1, None)), LoadError::FrontMatter(e)))?;
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
    (location, LoadError::Yaml(error))
}

fn read_text(path: &Path) -> Result<String, Located> {
    let bytes = std::fs::read(path).map_err(|e| (None, LoadError::Io(e)))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        (Some((line, None)), LoadError::InvalidUtf8)
    })
}

fn problem(root: &Path, path: &Path, line: Option<usize>, kind: LoadError) -> Diagnostic {
    problem_at(root, path, line.map(|l| (l, None)), kind)
}

fn problem_at(
    root: &Path,
    path: &Path,
    at: Option<(usize, Option<usize>)>,
    kind: LoadError,
) -> Diagnostic {
    let file = display_path(root, path);
    let location = match at {
        Some((line, column)) => Location::at(file, line, column),
        None => Location::file(file),
    };
    Diagnostic::new(location, kind)
}
