//! The stages put together: from a site root to the files of the built site,
//! handed to a sink as they are produced: kept in memory ([`build`], which
//! `serve` serves and `check` lints) or written to the folder that replaces
//! the output ([`publish`], for `vitrine build`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::error::Diagnostics;
use crate::images::{self, Images};
use crate::markdown::{Bodies, BodyInspector};
use crate::model::{Content, Date, Hold, Site};
use crate::output::{self, MemorySink, OutputFile, Sink, StaticRoute};
use crate::routes::Route;
use crate::search::{self, Catalog, Indexer, Interner};
use crate::source::{Files, Layout, SiteFiles, StaticKind};
use crate::templates::Templates;
use crate::urls::BaseUrl;
use crate::validate::Publication;
use crate::{addresses, assets, load, markdown, render, templates, validate};

/// What to build and how.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BuildOptions {
    /// The site root: holds `content/`, `themes/`, optionally `templates/` and `static/`.
    pub root: PathBuf,
    /// Replaces `url` of `site.yaml` (e.g. the preview server's address).
    pub base_url: Option<String>,
    /// Publish drafts and future-dated articles too.
    pub drafts: bool,
    /// The day of the build; articles dated later wait.
    pub today: Date,
    /// A build to publish (`vitrine build` without drafts): the legal
    /// notice's required fields must be there.
    pub production: bool,
    /// The preview's way with images: one missing from the cache is
    /// processed in the background and shown as its original meanwhile.
    pub defer_images: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            base_url: None,
            drafts: false,
            today: today(),
            production: false,
            defer_images: false,
        }
    }
}

/// Today's date in the machine's time zone.
pub fn today() -> Date {
    Date::today()
}

/// A built site, not yet written anywhere.
#[derive(Debug, Clone)]
#[non_exhaustive]
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

/// What a build handed to its sink, without the files themselves.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// How many files, pages and static files together.
    pub files: usize,
    /// How many HTML pages were rendered.
    pub pages: usize,
    pub articles: usize,
    /// See [`BuiltSite::typesetting`].
    pub typesetting: Duration,
    /// Articles and pages left out as drafts or dated later.
    pub held: Vec<(PathBuf, Hold)>,
}

/// What the stages produce, shown in order as each is ready, so that
/// another front end looks at the very results of this build instead of
/// computing them again: `check` lints them, `build` looks at none. A new
/// stage (images, search) adds its call to [`build_with`] and, if someone
/// needs to see its result, a method here.
pub trait Inspector: BodyInspector {
    /// The content as loaded, without the files that failed to load.
    fn loaded(&mut self, _content: &Content) {}
    /// The site as validated (what is published, at which address), and
    /// the base URL it is published under.
    fn validated(&mut self, _site: &Site, _base: &BaseUrl) {}
    /// The compiled templates.
    fn templates(&mut self, _templates: &Templates) {}
    /// The bodies as HTML, once all of them rendered.
    fn rendered(&mut self, _bodies: &Bodies) {}
    /// What the former addresses of the ledger and the aliases answer.
    fn addresses(&mut self, _plan: &addresses::Plan) {}
    /// The search index, once every page is indexed (never when the theme
    /// has no search page), and its files' paths and digests.
    fn indexed(&mut self, _catalog: &Catalog, _files: &[(String, u64)]) {}
    /// The images as processed (and how many were processed, how many
    /// taken from the cache).
    fn images(&mut self, _images: &Images) {}
}

impl Inspector for () {}

/// Builds the whole site of `options.root` in memory; returns every problem
/// found, or the files.
pub fn build(options: &BuildOptions) -> Result<BuiltSite, Diagnostics> {
    build_from(&SiteFiles::new(&options.root), options)
}

/// [`build`] from any source of files (a folder, files held in memory);
/// `options.root` is not read.
pub fn build_from(files: &dyn Files, options: &BuildOptions) -> Result<BuiltSite, Diagnostics> {
    build_with(files, options, &mut ())
}

/// Builds the site in memory, showing each stage's result to `inspector`.
pub fn build_with(
    files: &dyn Files,
    options: &BuildOptions,
    inspector: &mut impl Inspector,
) -> Result<BuiltSite, Diagnostics> {
    let sink = MemorySink::new(files.root());
    let report = build_into(files, options, &sink, inspector)?;
    Ok(BuiltSite {
        files: sink.into_files(),
        pages: report.pages,
        articles: report.articles,
        typesetting: report.typesetting,
        held: report.held,
    })
}

/// What `vitrine build` does: builds the site of `options.root` into a
/// fresh folder beside `output`, file by file, and swaps it in place of
/// `output` once the whole build succeeded. On failure `output` is left
/// exactly as it was, and the fresh folder is removed.
pub fn publish(options: &BuildOptions, output: &Path) -> Result<BuildReport, Diagnostics> {
    let staging = output::stage(&options.root, output)?;
    let report = build_into(&SiteFiles::new(&options.root), options, &staging, &mut ())?;
    staging.commit()?;
    Ok(report)
}

/// Builds the site, handing each file to `sink` as it is produced and
/// showing each stage's result to `inspector`. On failure, what `sink` took
/// is no site: drop it.
///
/// Each stage runs even when an earlier one found problems, as far as its
/// input allows, so that one build reports them all: a wrong id does not
/// hide a broken link, a broken template or an unreadable static file.
pub fn build_into(
    files: &dyn Files,
    options: &BuildOptions,
    sink: &dyn Sink,
    inspector: &mut impl Inspector,
) -> Result<BuildReport, Diagnostics> {
    let publication = Publication {
        drafts: options.drafts,
        today: options.today,
        production: options.production,
    };
    // Files that failed to load are left out and the rest is still
    // validated, so that one build reports the problems of every file.
    let (content, mut diagnostics) = load::load_from(files);
    let Some(content) = content else {
        return Err(diagnostics.sorted());
    };
    inspector.loaded(&content);
    // Links to a file that failed to load would all be reported broken:
    // bodies wait until every file loads.
    let complete = diagnostics.is_empty();
    let (image_requests, problems) = images::requests(&content);
    diagnostics.extend(problems);
    let (mut site, problems) = validate::validate_partial(content, publication);
    diagnostics.extend(problems);
    let base = BaseUrl::parse(options.base_url.as_deref().unwrap_or(&site.config.url));
    site.config.url = base.absolute_root();
    // Static files are known before the site is shown: the fingerprinted
    // names are part of it (a rebuild of `serve` renders with them).
    let layout = Layout::new(files.root()).with_theme(&site.config.theme);
    let static_dirs = layout
        .static_dirs()
        .map(|(dir, kind)| (dir, static_route(kind)));
    let (mut statics, unusable) = output::static_files(files, &static_dirs);
    // Raster originals are published processed, never as they are (but
    // in the preview, which shows them until they are processed).
    if !options.defer_images {
        statics.retain(|path| !(path.starts_with(MEDIA_PREFIX) && images::is_processed(path)));
    }
    let fingerprinted = assets::fingerprint(&mut statics, files, options.production);
    site.assets = fingerprinted.names.clone();
    let image_paths = process_images(
        files,
        options,
        &mut site,
        &image_requests,
        sink,
        &mut diagnostics,
    );
    inspector.images(&site.images);
    inspector.validated(&site, &base);

    let bodies = complete.then(|| markdown::render_bodies_with(&site, &base, &*inspector));
    let templates = templates::load_from(files, &site.config.theme, &base, site.config.typography);
    if let Ok(templates) = &templates {
        inspector.templates(templates);
    }
    let (bodies, mut templates) = match (bodies, templates) {
        (Some(Ok(bodies)), Ok(templates)) if unusable.is_empty() => (bodies, templates),
        (bodies, templates) => {
            diagnostics.extend(bodies.and_then(Result::err).unwrap_or_default());
            diagnostics.extend(templates.err().unwrap_or_default());
            diagnostics.extend(unusable);
            diagnostics.extend(statics.check(files));
            return Err(diagnostics.sorted());
        }
    };
    inspector.rendered(&bodies);
    // The bodies are HTML now, and no later stage reads their Markdown:
    // at 10,000 articles it weighs as much as the HTML, all render long.
    release_markdown(&mut site);
    // A site with validation problems still renders: unknown ids are left
    // out of the pages, so what fails here is the templates' own doing.
    // Pages are indexed as they go to the sink, from memory.
    let mut catalog = templates.has(search::TEMPLATE).then(|| Catalog::new(&site));
    let indexer = Indexer::new(catalog.as_ref(), Interner::default(), sink);
    let mut rendered = render::render_site(&site, &bodies, &base, &mut templates, &indexer);
    let found = indexer.into_found();
    let pages = rendered.pages();
    if let Some(catalog) = &mut catalog {
        catalog.absorb(found);
        let digests = catalog.write(&mut |files| put_all(files, sink, &mut rendered));
        inspector.indexed(catalog, &digests);
    }
    diagnostics.extend(rendered.problems);
    // After the pages, which decide which addresses are former ones.
    let former = addresses::render(files, &site, &base, &templates, &rendered.paths, sink);
    diagnostics.extend(former.problems);
    inspector.addresses(&former.plan);
    let mut paths = rendered.paths;
    paths.extend(former.paths);
    // Nor a processed image's.
    paths.extend(image_paths);
    // After the pages: a static file may not take a page's address.
    let sheets = fingerprinted.files.len();
    for sheet in fingerprinted.files {
        if let Err(problem) = sink.put(sheet) {
            diagnostics.push(problem);
        }
    }
    let copied = statics.copy(files, &paths, sink).map(|n| n + sheets);
    let copied = match copied {
        Ok(copied) if diagnostics.is_empty() => copied,
        copied => {
            diagnostics.extend(copied.err().unwrap_or_default());
            return Err(diagnostics.sorted());
        }
    };
    let report = BuildReport {
        files: paths.len() + copied,
        pages,
        articles: site.articles.len(),
        typesetting: bodies.typesetting,
        held: std::mem::take(&mut site.held),
    };
    crate::drop_in_background((site, bodies, catalog));
    Ok(report)
}

/// Frees the Markdown of the bodies (rendered into [`Bodies`]).
fn release_markdown(site: &mut Site) {
    let articles = site.articles.iter_mut().map(|a| &mut a.doc.body);
    for body in articles.chain(site.pages.iter_mut().map(|p| &mut p.doc.body)) {
        *body = String::new();
    }
}

/// Hands generated files to `sink` on every core, as rendering does its
/// own.
pub(crate) fn put_all(
    files: Vec<output::OutputFile>,
    sink: &dyn Sink,
    rendered: &mut render::Rendered,
) {
    let results: Vec<_> = (files.into_par_iter())
        .map(|file| (file.path.clone(), sink.put(file)))
        .collect();
    for (path, result) in results {
        rendered.paths.push(path);
        if let Err(diagnostic) = result {
            rendered.problems.push(diagnostic);
        }
    }
}

/// Where media files go in the output.
const MEDIA_PREFIX: &str = "medias/";

/// Runs the image stage on the images `requests` names (those of held
/// documents left out), hands their files to `sink` and puts the result in
/// `site.images`; returns the output paths of the files.
fn process_images(
    files: &dyn Files,
    options: &BuildOptions,
    site: &mut Site,
    requests: &[images::Request],
    sink: &dyn Sink,
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let cache = files
        .cache_root()
        .map_or_else(images::Cache::none, images::Cache::at);
    let (processed, problems) = images::process(
        files,
        &site.config.theme,
        requests,
        &site.held,
        (&cache, options.defer_images),
        sink,
    );
    diagnostics.extend(problems);
    site.images = processed;
    site.images.paths.clone()
}

/// The address a static folder's files get: the site's root, or `/medias/`.
fn static_route(kind: StaticKind) -> StaticRoute {
    match kind {
        StaticKind::Assets => |file| Route::Static(file),
        StaticKind::Media => |file| Route::Media(file),
    }
}
