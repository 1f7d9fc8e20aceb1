//! Stage 2: check what editors wrote against itself (ids, references, slugs,
//! URLs) and decide what gets published and where.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::{Describe, Diagnostic, Diagnostics, Location};
use crate::french::slugify;
use crate::load::MEDIA_DIR;
use crate::model::{
    ArticleSource, Content, Date, Document, Hold, Page, Partner, Placement, Published, Site,
    SiteConfig, Theme,
};
use crate::routes::{self, Route};
use crate::suggest::closest;
use crate::urls::{UrlError, UrlField, check_url, slash_path};

/// Build choices that change what is published.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Publication {
    pub drafts: bool,
    /// Articles dated after this day wait (unless drafts are shown).
    pub today: Date,
    /// A build to publish: the legal notice must be complete.
    pub production: bool,
}

impl Publication {
    /// What a build publishes on `today`, with drafts or not.
    pub fn new(drafts: bool, today: Date) -> Self {
        Self {
            drafts,
            today,
            production: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Partner,
    Theme,
    Domain,
}

impl IdKind {
    fn noun(self) -> &'static str {
        match self {
            IdKind::Partner => "partenaire",
            IdKind::Theme => "thématique",
            IdKind::Domain => "domaine",
        }
    }

    fn file(self) -> &'static str {
        match self {
            IdKind::Partner => "content/partenaires.yaml",
            IdKind::Theme => "content/thematiques.yaml",
            IdKind::Domain => "content/convention.yaml",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("identifiant de {} inconnu « {id} »", .kind.noun())]
    UnknownId {
        kind: IdKind,
        id: String,
        /// The ids of the data file, shared by every unknown reference.
        known: std::sync::Arc<[String]>,
    },
    #[error("l'identifiant de {} « {id} » est déjà utilisé", .kind.noun())]
    DuplicateId { kind: IdKind, id: String },
    #[error("identifiant de {} invalide « {id} »", .kind.noun())]
    InvalidId { kind: IdKind, id: String },
    #[error("l'adresse {path} est déjà celle de {}", .other.display())]
    DuplicateUrl { path: String, other: PathBuf },
    #[error("impossible de tirer une adresse (slug) du titre « {title} »")]
    EmptySlug {
        title: String,
        /// The front matter has a `slug` key, left empty.
        slug_written: bool,
    },
    #[error("slug invalide « {slug} »")]
    InvalidSlug { slug: String, suggestion: String },
    #[error(transparent)]
    InvalidUrl(#[from] UrlError),
    #[error("image introuvable « {path} »")]
    MissingMedia { path: String },
    #[error("la pagination doit être d'au moins un article par page")]
    InvalidPagination,
    #[error("le flux doit contenir au moins un article")]
    InvalidFeedEntries,
}

impl Describe for ContentError {
    fn hint(&self) -> Option<String> {
        match self {
            ContentError::UnknownId { kind, id, known } => {
                let mut hint = String::new();
                if let Some(best) = closest(id, known.iter().map(String::as_str)) {
                    hint = format!("vouliez-vous dire « {best} » ?\n");
                }
                if known.is_empty() {
                    hint.push_str(&format!("{} ne définit aucun identifiant", kind.file()));
                } else {
                    hint.push_str(&format!("identifiants définis dans {} : {}", kind.file(), sample(known)));
                }
                Some(hint)
            }
            ContentError::DuplicateId { .. } => Some("chaque identifiant doit être unique : renommez l'un des deux".into()),
            ContentError::InvalidId { .. } | ContentError::InvalidSlug { .. } => Some(match self {
                ContentError::InvalidSlug { suggestion, .. } if !suggestion.is_empty() => {
                    format!("utilisez des minuscules sans accents, des chiffres et des tirets, par exemple « {suggestion} »")
                }
                _ => "utilisez des minuscules sans accents, des chiffres et des tirets, par exemple « ville-durable »".into(),
            }),
            ContentError::DuplicateUrl { .. } => {
                Some("changez le titre de l'un des deux, ou donnez-lui une clé « slug » différente".into())
            }
            // Never ask for a key the file already has: say to fill it.
            ContentError::EmptySlug { slug_written: true, .. } => Some("la clé « slug » est vide : donnez-lui une valeur, par exemple « slug: mon-article »".into()),
            ContentError::EmptySlug { slug_written: false, .. } => Some("ajoutez une clé « slug », par exemple « slug: mon-article »".into()),
            ContentError::InvalidUrl(error) => Some(error.hint()),
            ContentError::MissingMedia { .. } => {
                Some(format!("placez l'image dans content/{MEDIA_DIR}/ et écrivez « image: /{MEDIA_DIR}/nom.jpg »"))
            }
            ContentError::InvalidPagination => Some("écrivez par exemple « pagination: 10 »".into()),
            ContentError::InvalidFeedEntries => Some("écrivez par exemple « articles_flux: 20 » (les 20 articles les plus récents)".into()),
        }
    }
}

/// The first ids of a list, and how many there are: a hint names a few,
/// it does not copy a list of thousands into each diagnostic.
fn sample(ids: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = ids[..ids.len().min(SHOWN)].join(", ");
    if ids.len() > SHOWN {
        text.push_str(&format!(", … ({} en tout)", ids.len()));
    }
    text
}

/// Validates `content` and decides what is published.
pub fn validate(content: Content, publication: Publication) -> Result<Site, Diagnostics> {
    let (site, diagnostics) = validate_partial(content, publication);
    diagnostics.into_result(site)
}

/// Validates `content` and decides what is published, returning the site
/// even when problems were found, so that later stages can report theirs.
pub fn validate_partial(content: Content, publication: Publication) -> (Site, Diagnostics) {
    let mut checker = Checker::new(&content);
    checker.check_config(&content.config, &content.sources.site);
    let legal = crate::legal::check(
        &content.config,
        &content.sources.site,
        publication.production,
    );
    checker.diagnostics.0.extend(legal);
    checker.check_data(&content);
    // The address of each file of `content/medias/`, which images name.
    let media: HashSet<String> = content
        .media
        .iter()
        .filter_map(|file| {
            let file = slash_path(file.strip_prefix(MEDIA_DIR).ok()?);
            Some(Route::Media(&file).path())
        })
        .collect();
    let hold = |draft: bool, date: Option<Date>| match date {
        _ if draft => Some(Hold::Draft),
        Some(date) if date > publication.today => Some(Hold::Future(date)),
        _ => None,
    };
    let mut held = Vec::new();
    let site_typography = content.config.typography;

    let article_path = |slug: &str| Route::Article(slug).path();
    let page_path = |slug: &str| Route::Page(slug).path();
    let mut articles = Vec::new();
    for doc in content.articles {
        checker.check_references(&doc);
        checker.check_image(&doc, &media);
        let hold = hold(doc.meta.draft, Some(doc.meta.date));
        match hold {
            Some(hold) if !publication.drafts => held.push((doc.source, hold)),
            _ => articles.extend(checker.place(doc, article_path, site_typography, hold)),
        }
    }
    let mut pages: Vec<Page> = Vec::new();
    // `publier: false`: documentation kept in the repository, never part
    // of the site (no file, no menu or footer entry, no sitemap line).
    for doc in content.pages.into_iter().filter(|doc| doc.meta.publish) {
        let hold = hold(doc.meta.draft, None);
        match hold {
            Some(hold) if !publication.drafts => held.push((doc.source, hold)),
            _ => pages.extend(checker.place(doc, page_path, site_typography, hold)),
        }
    }
    // Newest first; ties broken by title then path so output is deterministic.
    articles.sort_by(|a, b| {
        (b.doc.meta.date, &a.doc.meta.title, &a.path).cmp(&(
            a.doc.meta.date,
            &b.doc.meta.title,
            &b.path,
        ))
    });
    let mut links = BTreeMap::new();
    for article in &articles {
        links.insert(content_key(&article.doc.source), article.path.clone());
    }
    for page in &pages {
        links.insert(content_key(&page.doc.source), page.path.clone());
    }
    // Generated pages can be linked to as well: `@/convention`, `@/partenaires/upec`.
    for (key, path) in generated_pages(&content.partners, &content.themes) {
        links.insert(key, path);
    }
    let site = Site {
        config: content.config,
        convention: content.convention,
        partners: content.partners,
        themes: content.themes,
        articles,
        pages,
        media: content.media,
        links,
        held,
        assets: BTreeMap::new(),
        images: Default::default(),
    };
    (site, checker.diagnostics.sorted())
}

/// Link keys of the pages vitrine generates, with their site paths.
fn generated_pages(partners: &[Partner], themes: &[Theme]) -> Vec<(String, String)> {
    [
        Route::Convention,
        Route::ArticleList(1),
        Route::PartnerIndex,
        Route::ThemeIndex,
        Route::SitePlan,
        Route::Legal,
        Route::Accessibility,
    ]
    .into_iter()
    .chain(partners.iter().map(Route::partner))
    .chain(themes.iter().map(Route::theme))
    .filter_map(|route| Some((route.link_key()?, route.path())))
    .collect()
}

/// `content/actualites/x.md` → `actualites/x.md`, the key internal links use.
pub fn content_key(source: &Path) -> String {
    let path = slash_path(source);
    path.strip_prefix("content/").unwrap_or(&path).to_string()
}

struct Checker {
    diagnostics: Diagnostics,
    partner_ids: std::sync::Arc<[String]>,
    theme_ids: std::sync::Arc<[String]>,
    claimed: BTreeMap<String, PathBuf>,
}

impl Checker {
    fn new(content: &Content) -> Self {
        let mut claimed = BTreeMap::new();
        for path in routes::reserved() {
            claimed.insert(path, PathBuf::from("vitrine (adresse réservée)"));
        }
        Self {
            diagnostics: Diagnostics::default(),
            partner_ids: content.partners.iter().map(|p| p.id.clone()).collect(),
            theme_ids: content.themes.iter().map(|t| t.id.clone()).collect(),
            claimed,
        }
    }

    fn report(&mut self, location: Location, error: ContentError) {
        self.diagnostics.push(Diagnostic::new(location, error));
    }

    fn check_config(&mut self, config: &SiteConfig, text: &str) {
        let file = "content/site.yaml";
        self.check_url(&config.url, UrlField::Base, || {
            locate_key(file, text, 1, "url")
        });
        for (index, item) in config.menu.iter().enumerate() {
            self.check_url(&item.url, UrlField::Menu, || {
                locate_nested_key(file, text, "url", index)
            });
        }
        if config.pagination == 0 {
            self.report(
                locate_key(file, text, 1, "pagination"),
                ContentError::InvalidPagination,
            );
        }
        if config.feed_entries == 0 {
            self.report(
                locate_key(file, text, 1, "articles_flux"),
                ContentError::InvalidFeedEntries,
            );
        }
    }

    /// Reports `url` if `field` does not accept it, at `location()`.
    fn check_url(&mut self, url: &str, field: UrlField, location: impl FnOnce() -> Location) {
        if let Err(error) = check_url(url, field) {
            self.report(location(), error.into());
        }
    }

    /// Ids of the data files: well formed, unique, and every reference known.
    fn check_data(&mut self, content: &Content) {
        let partners: Vec<&str> = content.partners.iter().map(|p| p.id.as_str()).collect();
        let themes: Vec<&str> = content.themes.iter().map(|t| t.id.as_str()).collect();
        let domains: Vec<&str> = content
            .convention
            .domains
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        self.check_ids(IdKind::Partner, &partners, &content.sources.partners);
        self.check_ids(IdKind::Theme, &themes, &content.sources.themes);
        self.check_ids(IdKind::Domain, &domains, &content.sources.convention);
        // The n-th partner with a `url` has the n-th `url:` of the file.
        let urls = content.partners.iter().filter_map(|p| p.url.as_deref());
        for (index, url) in urls.enumerate() {
            self.check_url(url, UrlField::Partner, || {
                locate_nested_key(
                    IdKind::Partner.file(),
                    &content.sources.partners,
                    "url",
                    index,
                )
            });
        }

        let convention = &content.convention;
        let text = &content.sources.convention;
        let partner_refs = convention
            .parties
            .iter()
            .chain(&convention.local_sites)
            .chain(&convention.actors);
        let theme_refs = convention
            .themes
            .iter()
            .chain(convention.domains.iter().flat_map(|d| &d.themes));
        let mut unknown = Vec::new();
        for id in partner_refs {
            unknown.extend(self.unknown(IdKind::Partner, id));
        }
        for id in theme_refs {
            unknown.extend(self.unknown(IdKind::Theme, id));
        }
        for error in unknown {
            let location = locate("content/convention.yaml", text, 1, error_id(&error), 0);
            self.report(location, error);
        }
    }

    fn check_ids(&mut self, kind: IdKind, ids: &[&str], text: &str) {
        let mut seen = HashSet::new();
        for id in ids {
            let is_new = seen.insert(*id);
            let error = if slugify(id) != *id {
                ContentError::InvalidId {
                    kind,
                    id: id.to_string(),
                }
            } else if !is_new {
                ContentError::DuplicateId {
                    kind,
                    id: id.to_string(),
                }
            } else {
                continue;
            };
            let occurrence = usize::from(!is_new);
            self.report(locate(kind.file(), text, 1, id, occurrence), error);
        }
    }

    fn unknown(&self, kind: IdKind, id: &str) -> Option<ContentError> {
        let known = if kind == IdKind::Partner {
            &self.partner_ids
        } else {
            &self.theme_ids
        };
        (!known.iter().any(|k| k == id)).then(|| ContentError::UnknownId {
            kind,
            id: id.to_string(),
            known: known.clone(),
        })
    }

    fn check_references(&mut self, doc: &ArticleSource) {
        let partners = doc
            .meta
            .partners
            .iter()
            .filter_map(|id| self.unknown(IdKind::Partner, id));
        let themes = doc
            .meta
            .themes
            .iter()
            .filter_map(|id| self.unknown(IdKind::Theme, id));
        let errors: Vec<_> = partners.chain(themes).collect();
        for error in errors {
            let location = locate(
                &doc.source,
                &doc.front_matter,
                doc.front_matter_line,
                error_id(&error),
                0,
            );
            self.report(location, error);
        }
    }

    fn check_image(&mut self, doc: &ArticleSource, media: &HashSet<String>) {
        let Some(image) = &doc.meta.image else { return };
        let address = format!("/{}", image.trim_start_matches('/'));
        if !media.contains(&address) {
            let location = locate(
                &doc.source,
                &doc.front_matter,
                doc.front_matter_line,
                image,
                0,
            );
            self.report(
                location,
                ContentError::MissingMedia {
                    path: image.clone(),
                },
            );
        }
    }

    /// Gives a published document its slug and its path (`path_of` the
    /// slug, the route's), and claims that path.
    fn place<M: Placement>(
        &mut self,
        doc: Document<M>,
        path_of: impl Fn(&str) -> String,
        site_typography: bool,
        hold: Option<Hold>,
    ) -> Option<Published<M>> {
        let slug = self.slug(&doc)?;
        let path = path_of(&slug);
        self.claim(&path, &doc);
        let typography = site_typography && doc.meta.typography().unwrap_or(true);
        Some(Published {
            doc,
            slug,
            path,
            typography,
            hold,
        })
    }

    /// The slug given in front matter (checked) or derived from the title.
    fn slug<M: Placement>(&mut self, doc: &Document<M>) -> Option<String> {
        let title = doc.meta.title();
        let (slug, error) = match doc.meta.slug() {
            Some(given) if slugify(given) == given => return Some(given.to_string()),
            Some(given) => (
                given,
                ContentError::InvalidSlug {
                    slug: given.to_string(),
                    suggestion: slugify(given),
                },
            ),
            None => {
                let slug = slugify(title);
                if !slug.is_empty() {
                    return Some(slug);
                }
                (
                    title,
                    ContentError::EmptySlug {
                        title: title.to_string(),
                        slug_written: locate_key(&doc.source, &doc.front_matter, 1, "slug")
                            .line
                            .is_some(),
                    },
                )
            }
        };
        let location = locate(
            &doc.source,
            &doc.front_matter,
            doc.front_matter_line,
            slug,
            0,
        );
        // Still placed, at the suggested slug, so that links to it are not
        // reported broken as well; the build fails all the same.
        let placed = match &error {
            ContentError::InvalidSlug { suggestion, .. } if !suggestion.is_empty() => {
                Some(suggestion.clone())
            }
            _ => None,
        };
        self.report(location, error);
        placed
    }

    /// Records that `doc` produces `path`, reporting a second claimant.
    fn claim<M>(&mut self, path: &str, doc: &Document<M>) {
        if let Some(other) = self.claimed.get(path) {
            let error = ContentError::DuplicateUrl {
                path: path.to_string(),
                other: other.clone(),
            };
            let line = locate(
                &doc.source,
                &doc.front_matter,
                doc.front_matter_line,
                "titre",
                0,
            );
            self.report(line, error);
        } else {
            self.claimed.insert(path.to_string(), doc.source.clone());
        }
    }
}

fn error_id(error: &ContentError) -> &str {
    match error {
        ContentError::UnknownId { id, .. } => id,
        _ => "",
    }
}

/// The line of the top-level `key:` of a YAML text (first at column 1);
/// `first_line` is the file line of `text`'s first line.
pub fn locate_key(file: impl AsRef<Path>, text: &str, first_line: usize, key: &str) -> Location {
    let file = file.as_ref().to_path_buf();
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or_else(
            || Location::file(&file),
            |index| Location::at(&file, first_line + index, Some(1)),
        )
}

/// The `occurrence`-th (0-based) `key:` of the entries of a YAML list
/// (`- key:` or an indented `key:`; top-level keys and comments are skipped).
pub fn locate_nested_key(
    file: impl AsRef<Path>,
    text: &str,
    key: &str,
    occurrence: usize,
) -> Location {
    let file = file.as_ref().to_path_buf();
    let mut keys = text.lines().enumerate().filter_map(|(index, line)| {
        let body = line.trim_start_matches([' ', '-']);
        let is_key = body
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'));
        let column = line.len() - body.len() + 1;
        (is_key && column > 1).then_some((index + 1, column))
    });
    match keys.nth(occurrence) {
        Some((line, column)) => Location::at(file, line, Some(column)),
        None => Location::file(file),
    }
}

/// Finds the `occurrence`-th (0-based) line of `text` where `needle` stands as
/// a whole token; `first_line` is the file line of `text`'s first line.
pub fn locate(
    file: impl AsRef<Path>,
    text: &str,
    first_line: usize,
    needle: &str,
    occurrence: usize,
) -> Location {
    let file = file.as_ref().to_path_buf();
    if needle.is_empty() {
        return Location::file(file);
    }
    let is_token_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut seen = 0;
    for (index, line) in text.lines().enumerate() {
        for (column, _) in line.match_indices(needle) {
            let before = line[..column].chars().next_back();
            let after = line[column + needle.len()..].chars().next();
            if before.is_some_and(is_token_char) || after.is_some_and(is_token_char) {
                continue;
            }
            if seen == occurrence {
                return Location::at(
                    file,
                    first_line + index,
                    Some(line[..column].chars().count() + 1),
                );
            }
            seen += 1;
        }
    }
    Location::file(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_whole_tokens_only() {
        let text = "titre: upec\npartenaires: [upec-x, upec]\n";
        let location = locate("a.md", text, 2, "upec", 1);
        assert_eq!((location.line, location.column), (Some(3), Some(23)));
        assert_eq!(locate("a.md", text, 2, "absent", 0).line, None);
    }

    #[test]
    fn locate_nested_key_counts_list_entries_only() {
        let text = "url: https://a.fr/\nmenu:\n  # url: commentaire\n  - titre: A\n    url: /a/\n  - url: /b/\n";
        let at = |n| {
            let location = locate_nested_key("site.yaml", text, "url", n);
            (location.line, location.column)
        };
        assert_eq!(at(0), (Some(5), Some(5)));
        assert_eq!(at(1), (Some(6), Some(5)));
        assert_eq!(at(2), (None, None));
    }

    #[test]
    fn locate_key_finds_top_level_keys_only() {
        let text = "# url: commentaire\ncontact:\n  url: x\nurl : https://a.fr/\n";
        let location = locate_key("site.yaml", text, 1, "url");
        assert_eq!((location.line, location.column), (Some(4), Some(1)));
        assert_eq!(locate_key("site.yaml", text, 1, "titre").line, None);
    }
}
