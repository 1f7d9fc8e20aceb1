//! The stages put together: from a site root to the files of the built site,
//! all in memory, so `build` writes them and `serve` serves them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::Diagnostics;
use crate::load::MEDIA_DIR;
use crate::model::{Date, Hold, Site};
use crate::output::{self, OutputFile, StaticRoute};
use crate::routes::Route;
use crate::urls::BaseUrl;
use crate::validate::Publication;
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
    /// Articles and pages left out as drafts or dated later.
    pub held: Vec<(PathBuf, Hold)>,
}

/// Builds the whole site in memory; returns every problem found, or the files.
///
/// Each stage runs even when an earlier one found problems, as far as its
/// input allows, so that one build reports them all: a wrong id does not
/// hide a broken link, a broken template or an unreadable static file.
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
    // Links to a file that failed to load would all be reported broken:
    // bodies wait until every file loads.
    let complete = diagnostics.is_empty();
    let (mut site, problems) = validate::validate_partial(content, publication);
    diagnostics.extend(problems);
    let base = BaseUrl::parse(options.base_url.as_deref().unwrap_or(&site.config.url));
    site.config.url = base.absolute_root();

    let bodies = complete.then(|| markdown::render_bodies(&site, &base));
    let templates = templates::load(root, &site.config.theme, &base, site.config.typography);
    let statics = output::static_files(root, &static_dirs(root, &site));
    let (bodies, mut templates, statics) = match (bodies, templates, statics) {
        (Some(Ok(bodies)), Ok(templates), Ok(statics)) => (bodies, templates, statics),
        (bodies, templates, statics) => {
            diagnostics.extend(bodies.and_then(Result::err).unwrap_or_default());
            diagnostics.extend(templates.err().unwrap_or_default());
            diagnostics.extend(statics.err().unwrap_or_default());
            return Err(diagnostics.sorted());
        }
    };
    // A site with validation problems still renders: unknown ids are left
    // out of the pages, so what fails here is the templates' own doing.
    let rendered = render::render_site(&site, &bodies, &base, &mut templates);
    let pages = rendered.as_ref().map_or(0, |files| {
        files.iter().filter(|f| f.path.ends_with(".html")).count()
    });
    let files = match rendered.and_then(|rendered| output::merge(rendered, statics)) {
        Ok(files) if diagnostics.is_empty() => files,
        Ok(_) => return Err(diagnostics.sorted()),
        Err(problems) => {
            diagnostics.extend(problems);
            return Err(diagnostics.sorted());
        }
    };
    Ok(BuiltSite {
        files,
        pages,
        articles: site.articles.len(),
        typesetting: bodies.typesetting,
        held: site.held,
    })
}

/// Static folders, in override order: theme, site, then the editors' media.
fn static_dirs(root: &Path, site: &Site) -> Vec<(PathBuf, StaticRoute)> {
    let theme = templates::theme_dir(root, &site.config.theme);
    vec![
        (theme.join("static"), |file| Route::Static(file)),
        (root.join("static"), |file| Route::Static(file)),
        (root.join("content").join(MEDIA_DIR), |file| {
            Route::Media(file)
        }),
    ]
}
