//! Rebuilding after a save without running the whole pipeline again: when
//! the one file saved is an article whose body alone changed, only that
//! body is rendered again, and only the files showing that article. Any
//! other change (front matter, new or deleted file, template, theme, data
//! file, several files at once) runs a full build. The result is always
//! the files a full build gives (`tests/incremental.rs` proves it on random
//! edits).

use std::path::{Path, PathBuf};

use crate::error::Diagnostics;
use crate::markdown::{self, Bodies, BodyInspector};
use crate::model::Site;
use crate::output::{MemorySink, OutputFile};
use crate::pipeline::{self, BuildOptions, BuiltSite, Inspector};
use crate::search::{Catalog, Indexer};
use crate::source::{ARTICLES_DIR, Layout, SiteFiles};
use crate::urls::BaseUrl;
use crate::{load, render, templates};

/// What a good build leaves for the next rebuild: its options and its
/// results up to the rendered bodies.
#[derive(Debug, Clone)]
pub struct Kept {
    options: BuildOptions,
    site: Site,
    base: BaseUrl,
    bodies: Bodies,
    /// The search index (none without a search page), and its files'
    /// paths and digests.
    search: Option<(Catalog, Vec<(String, u64)>)>,
}

/// What a rebuild gave.
#[derive(Debug)]
pub enum Rebuilt {
    /// Every file, from a full build.
    Whole(BuiltSite),
    /// The files that changed; every other file is the previous build's.
    Changed(Vec<OutputFile>),
}

/// Rebuilds the site after `changed` (paths below `options.root`) changed
/// on disk since the build that left `kept`. Returns the new state to keep:
/// none after a failed build.
pub fn rebuild(
    kept: Option<Kept>,
    options: &BuildOptions,
    changed: &[PathBuf],
) -> (Result<Rebuilt, Diagnostics>, Option<Kept>) {
    let updated = match (kept, changed) {
        // Same options, same site published (today's date decides what is).
        (Some(kept), [path]) if kept.options == *options => update(kept, path),
        _ => None,
    };
    if let Some((files, kept)) = updated {
        return (Ok(Rebuilt::Changed(files)), Some(kept));
    }
    match build(options) {
        Ok((site, kept)) => (Ok(Rebuilt::Whole(site)), Some(kept)),
        Err(diagnostics) => (Err(diagnostics), None),
    }
}

/// A full build, keeping what [`rebuild`] needs.
pub fn build(options: &BuildOptions) -> Result<(BuiltSite, Kept), Diagnostics> {
    let mut keep = Keep::default();
    let site = pipeline::build_with(&SiteFiles::new(&options.root), options, &mut keep)?;
    let Keep {
        site: Some((model, base)),
        bodies: Some(bodies),
        search,
    } = keep
    else {
        unreachable!("a good build shows its site and its bodies");
    };
    let kept = Kept {
        options: options.clone(),
        site: model,
        base,
        bodies,
        search,
    };
    Ok((site, kept))
}

/// The files that change when `path` is an article whose body alone
/// changed; `None` for any other change, or when the article's new body
/// has a problem (the full build reports it) or new heading ids (links of
/// other bodies to them are checked again by a full build).
fn update(mut kept: Kept, path: &Path) -> Option<(Vec<OutputFile>, Kept)> {
    let files = SiteFiles::new(&kept.options.root);
    let articles = Layout::new(&kept.options.root).content().join(ARTICLES_DIR);
    if path.parent() != Some(articles.as_path()) || path.extension()? != "md" {
        return None;
    }
    let new = load::article(&files, path)?;
    let index = kept
        .site
        .articles
        .iter()
        .position(|article| article.doc.source == new.source)?;
    // The same front matter at the same lines is the same metadata: the
    // site validates to the same model, the body aside.
    let old = &mut kept.site.articles[index].doc;
    if (&old.front_matter, old.front_matter_line, old.body_line)
        != (&new.front_matter, new.front_matter_line, new.body_line)
    {
        return None;
    }
    // Images are the full build's: a new one in the body, or one still
    // processed in the background, takes a full build (cache-fast).
    let images = &kept.site.images;
    let known = crate::images::body_images(&new.body)
        .iter()
        .all(|(address, _)| images.photos.contains_key(address));
    if !known || images.deferred > 0 {
        return None;
    }
    old.body = new.body;
    let same_anchors =
        markdown::render_article(&kept.site, &kept.base, &mut kept.bodies, index).ok()?;
    if !same_anchors {
        return None;
    }
    let config = &kept.site.config;
    let mut templates =
        templates::load_from(&files, &config.theme, &kept.base, config.typography).ok()?;
    let sink = MemorySink::new(&kept.options.root);
    let interner = (kept.search.as_mut())
        .map(|(catalog, _)| catalog.take_interner())
        .unwrap_or_default();
    let catalog = kept.search.as_ref().map(|(catalog, _)| catalog);
    let indexer = Indexer::new(catalog, interner, &sink);
    let mut rendered = render::render_showing(
        &kept.site,
        &kept.bodies,
        &kept.base,
        &mut templates,
        &indexer,
        index,
    );
    let found = indexer.into_found();
    if let Some((catalog, digests)) = &mut kept.search {
        catalog.absorb(found);
        // The same files as before (their number follows from the site's
        // pages, which did not change): only those whose bytes changed go.
        let changed = catalog.changed_files(digests)?;
        pipeline::put_all(changed, &sink, &mut rendered);
    }
    rendered
        .problems
        .is_empty()
        .then(|| (sink.into_files(), kept))
}

/// Keeps the validated site and the rendered bodies a build shows.
#[derive(Default)]
struct Keep {
    site: Option<(Site, BaseUrl)>,
    bodies: Option<Bodies>,
    search: Option<(Catalog, Vec<(String, u64)>)>,
}

impl BodyInspector for Keep {
    fn body(
        &self,
        _: &markdown::Source,
        _: &crate::commonmark::LineIndex,
        _: &[(pulldown_cmark::Event<'_>, std::ops::Range<usize>)],
    ) {
    }
}

impl Inspector for Keep {
    fn validated(&mut self, site: &Site, base: &BaseUrl) {
        self.site = Some((site.clone(), base.clone()));
    }

    fn rendered(&mut self, bodies: &Bodies) {
        self.bodies = Some(bodies.clone());
    }

    fn indexed(&mut self, catalog: &Catalog, files: &[(String, u64)]) {
        self.search = Some((catalog.clone(), files.to_vec()));
    }
}
