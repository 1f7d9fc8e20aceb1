//! What editors write, as typed values: the data files (YAML) and the
//! front matter of Markdown files, as loaded and before any check.
//!
//! Keys are French (editors type them); Rust names are English. Unknown keys
//! are errors: a typo must never be silently ignored.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Date;

/// `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    #[serde(rename = "titre", alias = "title")]
    pub title: String,
    pub description: String,
    /// Base URL, e.g. `https://example.org/hub/`.
    pub url: String,
    #[serde(rename = "langue", default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Articles per page of `/actualites/`.
    #[serde(default = "default_pagination")]
    pub pagination: usize,
    /// Entries of `atom.xml`: the latest articles, so the feed stays the
    /// same size however long the archive.
    #[serde(rename = "articles_flux", default = "default_feed_entries")]
    pub feed_entries: usize,
    #[serde(rename = "typographie", default = "yes")]
    pub typography: bool,
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    pub contact: Contact,
    /// The legal notice (LCEN): required for a production build.
    #[serde(rename = "mentions_legales", default)]
    pub legal: Option<super::legal::LegalNotice>,
    /// What the site collects about its visitors.
    #[serde(rename = "donnees_personnelles", default)]
    pub personal_data: super::legal::PersonalData,
    /// The accessibility status (loi 2005-102 art. 47, décret 2019-768).
    #[serde(rename = "accessibilite", default)]
    pub accessibility: super::legal::Accessibility,
    /// The social card of pages without their own (`og:image`), e.g.
    /// `/medias/partage.jpg`: cut to 1200 × 630.
    #[serde(rename = "image_partage", default)]
    pub share_image: Option<String>,
    /// Named targets of `vitrine publish NAME`.
    #[serde(default)]
    pub publication: std::collections::BTreeMap<String, PublishTarget>,
}

/// One target of `publication:` in `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PublishTarget {
    /// `file:///…`, `sftp://…` or `s3://…`.
    #[serde(rename = "adresse")]
    pub url: String,
    /// S3: the service's address, e.g. `https://s3.fr-par.scw.cloud`.
    #[serde(rename = "point_d_acces", default)]
    pub endpoint: Option<String>,
    /// S3: the region, e.g. `fr-par`.
    #[serde(default)]
    pub region: Option<String>,
}

fn default_language() -> String {
    "fr".to_string()
}
fn default_theme() -> String {
    "hub".to_string()
}
fn default_pagination() -> usize {
    10
}
fn default_feed_entries() -> usize {
    20
}
fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    #[serde(rename = "titre", alias = "title")]
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(rename = "adresse")]
    pub address: Vec<String>,
    #[serde(rename = "telephone")]
    pub phone: Option<String>,
    #[serde(rename = "courriel", default)]
    pub email: Option<String>,
}

/// `convention.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Convention {
    #[serde(rename = "titre", alias = "title")]
    pub title: String,
    #[serde(rename = "resume", default)]
    pub summary: Option<String>,
    #[serde(rename = "signee_le")]
    pub signed_on: Date,
    /// Year the partnership started.
    #[serde(rename = "depuis")]
    pub since: u16,
    #[serde(rename = "duree_ans")]
    pub duration_years: u16,
    /// Partner ids of the signatories.
    #[serde(rename = "parties")]
    pub parties: Vec<String>,
    /// Partner ids of the university's local sites.
    #[serde(rename = "implantations", default)]
    pub local_sites: Vec<String>,
    /// Partner ids of the associated local actors.
    #[serde(rename = "acteurs", default)]
    pub actors: Vec<String>,
    #[serde(rename = "domaines")]
    pub domains: Vec<Domain>,
    /// Theme ids, in the convention's order.
    #[serde(rename = "thematiques")]
    pub themes: Vec<String>,
    #[serde(default)]
    pub citations: Vec<Quote>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub id: String,
    #[serde(rename = "titre", alias = "title")]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(rename = "thematiques", default)]
    pub themes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    #[serde(rename = "auteur")]
    pub author: String,
    #[serde(rename = "fonction")]
    pub role: String,
    #[serde(rename = "texte")]
    pub text: String,
}

/// One entry of `partenaires.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub id: String,
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(rename = "nom_court", default)]
    pub short_name: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub url: Option<String>,
    pub description: String,
    /// e.g. `/medias/logos/upec.png`: shown on partner cards and pages.
    #[serde(default)]
    pub logo: Option<String>,
}

/// One entry of `thematiques.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    #[serde(rename = "titre", alias = "title")]
    pub title: String,
    pub description: String,
}

/// The front matter of a news article.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleMeta {
    #[serde(rename = "titre", alias = "title")]
    pub title: String,
    pub date: Date,
    #[serde(rename = "rubrique", default)]
    pub rubric: Option<String>,
    #[serde(rename = "chapo", alias = "description", default)]
    pub lead: Option<String>,
    #[serde(rename = "partenaires", default)]
    pub partners: Vec<String>,
    #[serde(rename = "thematiques", default)]
    pub themes: Vec<String>,
    #[serde(rename = "brouillon", alias = "draft", default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub image_alt: Option<String>,
    /// Former addresses, which redirect here (Zola's and Hugo's `aliases`).
    #[serde(rename = "anciennes_adresses", alias = "aliases", default)]
    pub aliases: Vec<String>,
    /// A stable identity that survives renaming the file: the ledger of
    /// addresses records it instead of the file's path.
    #[serde(rename = "identifiant", alias = "id", default)]
    pub id: Option<String>,
    /// Where the subject of `image` is, e.g. `30% 40%` (from the left,
    /// from the top): the social card is cut around it.
    #[serde(default)]
    pub image_focus: Option<String>,
    #[serde(rename = "typographie", default)]
    pub typography: Option<bool>,
    /// Shown as the home page's « À la une » (the newest one so marked).
    #[serde(rename = "a_la_une", default)]
    pub featured: bool,
}

/// The front matter of a standalone page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    #[serde(rename = "titre", alias = "title")]
    pub title: String,
    #[serde(rename = "chapo", alias = "description", default)]
    pub lead: Option<String>,
    #[serde(rename = "brouillon", alias = "draft", default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    /// Former addresses, which redirect here (Zola's and Hugo's `aliases`).
    #[serde(rename = "anciennes_adresses", alias = "aliases", default)]
    pub aliases: Vec<String>,
    /// A stable identity that survives renaming the file: the ledger of
    /// addresses records it instead of the file's path.
    #[serde(rename = "identifiant", alias = "id", default)]
    pub id: Option<String>,
    #[serde(rename = "typographie", default)]
    pub typography: Option<bool>,
    /// `publier: false` keeps the page out of the site (menu, footer,
    /// sitemap, output): it stays in the repository as documentation.
    #[serde(rename = "publier", default = "yes")]
    pub publish: bool,
}

/// A Markdown file as loaded: its metadata, body and where it came from.
#[derive(Debug, Clone)]
pub struct Document<M> {
    /// Path relative to the site root, e.g. `content/actualites/x.md`.
    pub source: PathBuf,
    pub meta: M,
    /// Front matter text, kept to locate ids for error messages.
    pub front_matter: String,
    pub front_matter_line: usize,
    pub body: String,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

pub type ArticleSource = Document<ArticleMeta>;
pub type PageSource = Document<PageMeta>;

/// The front matter that gives an article or a page its place on the site.
pub trait Placement {
    fn title(&self) -> &str;
    /// The slug the editor chose, if any.
    fn slug(&self) -> Option<&str>;
    /// The page's own typography switch, if set.
    fn typography(&self) -> Option<bool>;
    /// Former addresses the editor declared.
    fn aliases(&self) -> &[String];
    /// The stable identity the editor gave, if any.
    fn id(&self) -> Option<&str>;
}

macro_rules! placement {
    ($meta:ty) => {
        impl Placement for $meta {
            fn title(&self) -> &str {
                &self.title
            }
            fn slug(&self) -> Option<&str> {
                self.slug.as_deref()
            }
            fn typography(&self) -> Option<bool> {
                self.typography
            }
            fn aliases(&self) -> &[String] {
                &self.aliases
            }
            fn id(&self) -> Option<&str> {
                self.id.as_deref()
            }
        }
    };
}
placement!(ArticleMeta);
placement!(PageMeta);

/// Everything loaded from `content/`, before validation.
#[derive(Debug, Clone)]
pub struct Content {
    pub config: SiteConfig,
    pub convention: Convention,
    pub partners: Vec<Partner>,
    pub themes: Vec<Theme>,
    pub articles: Vec<ArticleSource>,
    pub pages: Vec<PageSource>,
    /// Files of `content/medias/`, relative to `content/`.
    pub media: Vec<PathBuf>,
    pub sources: DataSources,
}

/// The text of the data files that hold ids, to point errors at their line.
#[derive(Debug, Clone, Default)]
pub struct DataSources {
    pub site: String,
    pub convention: String,
    pub partners: String,
    pub themes: String,
}
