//! The validated site: what the checks of `validate` let through, ready to
//! render. Every reference resolves and every address is unique.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{ArticleMeta, Convention, Date, Document, PageMeta, Partner, SiteConfig, Theme};

/// The validated site: every reference resolves, every URL is unique.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub convention: Convention,
    pub partners: Vec<Partner>,
    pub themes: Vec<Theme>,
    /// Published articles, newest first.
    pub articles: Vec<Article>,
    pub pages: Vec<Page>,
    /// Media files, relative to `content/`.
    pub media: Vec<PathBuf>,
    /// Every content file (relative to `content/`, `/`-separated) → its site path.
    pub links: BTreeMap<String, String>,
    /// Articles and pages left out as drafts or dated later, by file (none
    /// when drafts are shown).
    pub held: Vec<(PathBuf, Hold)>,
    /// Fingerprinted files' site paths by their own (`/style.css` →
    /// `/style.<hash>.css`), set once the static files are known.
    pub assets: BTreeMap<String, String>,
    /// The images as processed (empty until the image stage ran).
    pub images: super::images::Images,
}

/// Why an article or page is not public yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    Draft,
    /// Dated after the day of the build.
    Future(Date),
}

/// A published article or page and its place on the site.
#[derive(Debug, Clone)]
pub struct Published<M> {
    pub doc: Document<M>,
    pub slug: String,
    /// Site path without the base, e.g. `/actualites/mon-article/`: its
    /// route's, computed once by `validate`.
    pub path: String,
    pub typography: bool,
    /// Set when it is published only because drafts are shown: rendered for
    /// the preview, never announced (feed, sitemap).
    pub hold: Option<Hold>,
}

pub type Article = Published<ArticleMeta>;
pub type Page = Published<PageMeta>;
