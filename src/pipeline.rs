//! The stages put together: from a site root to the files of the built site,
//! all in memory, so `build` writes them and `serve` serves them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::Diagnostics;
use crate::load::MEDIA_DIR;
use crate::model::Date;
use crate::output::{self, OutputFile};
use crate::urls::BaseUrl;
use crate::validate::{Publication, Site};
use crate::{load, markdown, render, templates, validate};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root: holds `content/`, `themes/`, optionally `templates/` and `static/`.
    pub root: PathBuf,
    /// Replaces `url` of `site.yaml` (e.g. the preview server's address).
    pub base_url: Option<String>,
    /// Publish drafts and future-dated articles too.
    pub drafts: bool,
    /// The day of the build; articles dated later wait.
    pub today: Date,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            base_url: None,
            drafts: false,
            today: today(),
        }
    }
}

/// Today's date in the machine's time zone.
pub fn today() -> Date {
    Date(jiff::ZonedDateTime::now().date())
}

/// A built site, not yet written anywhere.
#[derive(Debug, Clone)]
pub struct BuiltSite {
    /// Every file, sorted by path.
    pub files: Vec<OutputFile>,
    /// How many HTML pages were rendered.
    pub pages: usize,
    pub articles: usize,
    /// Time the typography pass took on the bodies, summed over threads:
    /// nearly all of its cost, as the strings that templates typeset are
    /// short and memoized.
    pub typesetting: Duration,
}

/// Builds the whole site in memory; returns every problem found, or the files.
pub fn build(options: &BuildOptions) -> Result<BuiltSite, Diagnostics> {
    let root = options.root.as_path();
    let publication = Publication {
        drafts: options.drafts,
        today: options.today,
    };
    // Files that failed to load are left out and the rest is still
    // validated, so that one build reports the problems of every file.
    let (content, mut diagnostics) = load::load_partial(root);
    let Some(content) = content else {
        return Err(diagnostics.sorted());
    };
    let mut site = match validate::validate(content, publication) {
        Ok(site) if diagnostics.is_empty() => site,
        Ok(_) => return Err(diagnostics.sorted()),
        Err(problems) => {
            diagnostics.extend(problems);
            return Err(diagnostics.sorted());
        }
    };
    let base = BaseUrl::parse(options.base_url.as_deref().unwrap_or(&site.config.url));
    site.config.url = base.absolute_root();

    // Markdown and templates fail independently: report both at once.
    let bodies = markdown::render_bodies(&site, &base);
    let templates = templates::load(root, &site.config.theme, &base, site.config.typography);
    let (bodies, mut templates) = match (bodies, templates) {
        (Ok(bodies), Ok(templates)) => (bodies, templates),
        (bodies, templates) => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.extend(bodies.err().unwrap_or_default());
            diagnostics.extend(templates.err().unwrap_or_default());
            return Err(diagnostics.sorted());
        }
    };
    let rendered = render::render_site(&site, &bodies, &base, &mut templates)?;
    let pages = rendered
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .count();
    let statics = output::static_files(root, &static_dirs(root, &site))?;
    let files = output::merge(rendered, statics)?;
    Ok(BuiltSite {
        files,
        pages,
        articles: site.articles.len(),
        typesetting: bodies.typesetting,
    })
}

/// Static folders, in override order: theme, site, then the editors' media.
fn static_dirs(root: &Path, site: &Site) -> Vec<(PathBuf, &'static str)> {
    vec![
        (
            templates::theme_dir(root, &site.config.theme).join("static"),
            "",
        ),
        (root.join("static"), ""),
        (root.join("content").join(MEDIA_DIR), "medias/"),
    ]
}
