//! Every address of the built site, and the file that serves it, computed
//! here and nowhere else. Each kind of address names the template that
//! renders it (so the templates a theme must provide follow from this list)
//! and the folder it occupies (which a standalone page may not take).
//!
//! Depends on the model only: loading, validation, rendering, `check` and
//! the preview server ask it for addresses, never the other way round.

use std::collections::BTreeSet;

use crate::model::{Article, Page, Partner, Theme};

/// Folders of the site's addresses.
const ARTICLES: &str = "actualites";
const LIST_PAGES: &str = "page";
const PARTNERS: &str = "partenaires";
const THEMES: &str = "thematiques";
const CONVENTION: &str = "convention";
const MEDIA: &str = "medias";
const SITE_PLAN: &str = "plan-du-site";
const LEGAL: &str = "mentions-legales";
const ACCESSIBILITY: &str = "accessibilite";
const SEARCH: &str = "recherche";

/// The kinds of address, without the part that tells two apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Home,
    Article,
    ArticleList,
    Partner,
    Theme,
    Convention,
    Page,
    NotFound,
    Feed,
    Sitemap,
    /// The sitemap of a site too large for one: a list of its parts.
    SitemapIndex,
    Robots,
    Media,
    Static,
    /// `/partenaires/`: every partner.
    PartnerIndex,
    /// `/thematiques/`: every theme.
    ThemeIndex,
    /// The plan du site: every page.
    SitePlan,
    /// The mentions légales, with the données personnelles section.
    Legal,
    /// The déclaration d'accessibilité.
    Accessibility,
    /// The search page; rendered when the theme has its template.
    Search,
}

impl Kind {
    /// Every kind, in the order their templates are listed.
    pub const ALL: [Kind; 20] = [
        Kind::Home,
        Kind::Article,
        Kind::ArticleList,
        Kind::Partner,
        Kind::Theme,
        Kind::Convention,
        Kind::Page,
        Kind::NotFound,
        Kind::Feed,
        Kind::Sitemap,
        Kind::SitemapIndex,
        Kind::Robots,
        Kind::Media,
        Kind::Static,
        Kind::PartnerIndex,
        Kind::ThemeIndex,
        Kind::SitePlan,
        Kind::Legal,
        Kind::Accessibility,
        Kind::Search,
    ];

    /// The template that renders it; `None` for files copied as they are.
    pub fn template(self) -> Option<&'static str> {
        Some(match self {
            Kind::Home => "index.html",
            Kind::Article => "article.html",
            Kind::ArticleList => "list.html",
            Kind::Partner => "partner.html",
            Kind::Theme => "thematique.html",
            Kind::Convention => "convention.html",
            Kind::Page => "page.html",
            Kind::NotFound => "404.html",
            Kind::Feed => "atom.xml",
            Kind::Sitemap => "sitemap.xml",
            Kind::SitemapIndex => "sitemap-index.xml",
            Kind::Robots => "robots.txt",
            Kind::PartnerIndex => "partenaires.html",
            Kind::ThemeIndex => "thematiques.html",
            Kind::SitePlan => "plan-du-site.html",
            Kind::Legal => "mentions-legales.html",
            Kind::Accessibility => "accessibilite.html",
            Kind::Search => "recherche.html",
            Kind::Media | Kind::Static => return None,
        })
    }

    /// Whether it is a page of the site: an address ending in `/`, served
    /// by its `index.html` and listed in the sitemap.
    pub fn is_page(self) -> bool {
        match self {
            Kind::Home
            | Kind::Article
            | Kind::ArticleList
            | Kind::Partner
            | Kind::Theme
            | Kind::Convention
            | Kind::Page
            | Kind::PartnerIndex
            | Kind::ThemeIndex
            | Kind::SitePlan
            | Kind::Legal
            | Kind::Accessibility => true,
            Kind::Search => true,
            Kind::NotFound
            | Kind::Feed
            | Kind::Sitemap
            | Kind::SitemapIndex
            | Kind::Robots
            | Kind::Media
            | Kind::Static => false,
        }
    }

    /// The top-level folder its addresses live in (`""`: the root itself).
    /// Standalone pages are what is checked against these; files at the
    /// root have a dot, which no slug has; static files are the site's own.
    fn folder(self) -> Option<&'static str> {
        match self {
            Kind::Home => Some(""),
            Kind::Article | Kind::ArticleList => Some(ARTICLES),
            Kind::Partner | Kind::PartnerIndex => Some(PARTNERS),
            Kind::Theme | Kind::ThemeIndex => Some(THEMES),
            Kind::SitePlan => Some(SITE_PLAN),
            Kind::Legal => Some(LEGAL),
            Kind::Accessibility => Some(ACCESSIBILITY),
            Kind::Convention => Some(CONVENTION),
            Kind::Media => Some(MEDIA),
            Kind::Search => Some(SEARCH),
            Kind::Page
            | Kind::NotFound
            | Kind::Feed
            | Kind::Sitemap
            | Kind::SitemapIndex
            | Kind::Robots
            | Kind::Static => None,
        }
    }
}

/// The templates every theme must provide: one per kind rendered, but
/// the search page's, which a theme may leave out (no search then).
pub fn required_templates() -> impl Iterator<Item = &'static str> {
    Kind::ALL
        .into_iter()
        .filter(|kind| *kind != Kind::Search)
        .filter_map(Kind::template)
}

/// Addresses the site itself takes for its sections: `/`, `/actualites/`…
/// A standalone page may not take them.
pub fn reserved() -> BTreeSet<String> {
    Kind::ALL
        .into_iter()
        .filter_map(Kind::folder)
        .map(|folder| folder_path(&[folder]))
        .collect()
}

pub fn is_reserved(path: &str) -> bool {
    reserved().contains(path)
}

/// One address of the built site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    Home,
    /// Page `n` (from 1) of the article list.
    ArticleList(usize),
    /// An article, by slug.
    Article(&'a str),
    /// Page `n` (from 1) of a partner's articles, by the partner's id.
    Partner(&'a str, usize),
    /// Page `n` (from 1) of a theme's articles, by the theme's id.
    Theme(&'a str, usize),
    Convention,
    /// A standalone page, by slug.
    Page(&'a str),
    NotFound,
    Feed,
    /// The sitemap, when one file holds every address.
    Sitemap,
    /// The sitemap of a larger site: the list of its parts, at the same
    /// address as a single sitemap would be (so `robots.txt` names either).
    SitemapIndex,
    /// Part `n` (from 1) of a sitemap split by [`Route::SitemapIndex`].
    SitemapPart(usize),
    Robots,
    /// A file of the editors' media, by its path below `content/medias/`.
    Media(&'a str),
    /// A file of a `static/` folder, by its path below it.
    Static(&'a str),
    PartnerIndex,
    ThemeIndex,
    SitePlan,
    Legal,
    Accessibility,
    /// The search page.
    Search,
}

impl<'a> Route<'a> {
    pub fn article(article: &'a Article) -> Self {
        Route::Article(&article.slug)
    }

    pub fn page(page: &'a Page) -> Self {
        Route::Page(&page.slug)
    }

    /// The first page of a partner.
    pub fn partner(partner: &'a Partner) -> Self {
        Route::Partner(&partner.id, 1)
    }

    /// The first page of a theme.
    pub fn theme(theme: &'a Theme) -> Self {
        Route::Theme(&theme.id, 1)
    }

    pub fn kind(&self) -> Kind {
        match self {
            Route::Home => Kind::Home,
            Route::ArticleList(_) => Kind::ArticleList,
            Route::Article(_) => Kind::Article,
            Route::Partner(..) => Kind::Partner,
            Route::Theme(..) => Kind::Theme,
            Route::Convention => Kind::Convention,
            Route::Page(_) => Kind::Page,
            Route::NotFound => Kind::NotFound,
            Route::Feed => Kind::Feed,
            Route::Sitemap | Route::SitemapPart(_) => Kind::Sitemap,
            Route::SitemapIndex => Kind::SitemapIndex,
            Route::Robots => Kind::Robots,
            Route::Media(_) => Kind::Media,
            Route::Static(_) => Kind::Static,
            Route::PartnerIndex => Kind::PartnerIndex,
            Route::ThemeIndex => Kind::ThemeIndex,
            Route::SitePlan => Kind::SitePlan,
            Route::Legal => Kind::Legal,
            Route::Accessibility => Kind::Accessibility,
            Route::Search => Kind::Search,
        }
    }

    /// The template that renders it; `None` for files copied as they are.
    pub fn template(&self) -> Option<&'static str> {
        self.kind().template()
    }

    /// Site path without the base, e.g. `/actualites/mon-article/`.
    pub fn path(&self) -> String {
        match *self {
            Route::Home => folder_path(&[]),
            Route::ArticleList(n) => paged_path(&[ARTICLES], n),
            Route::Article(slug) => folder_path(&[ARTICLES, slug]),
            Route::Partner(id, n) => paged_path(&[PARTNERS, id], n),
            Route::Theme(id, n) => paged_path(&[THEMES, id], n),
            Route::Convention => folder_path(&[CONVENTION]),
            Route::Page(slug) => folder_path(&[slug]),
            Route::NotFound => "/404.html".to_string(),
            Route::Feed => "/atom.xml".to_string(),
            Route::Sitemap | Route::SitemapIndex => "/sitemap.xml".to_string(),
            Route::SitemapPart(n) => format!("/sitemap-{n}.xml"),
            Route::Robots => "/robots.txt".to_string(),
            Route::Media(file) => format!("/{MEDIA}/{file}"),
            Route::Static(file) => format!("/{file}"),
            Route::PartnerIndex => folder_path(&[PARTNERS]),
            Route::ThemeIndex => folder_path(&[THEMES]),
            Route::SitePlan => folder_path(&[SITE_PLAN]),
            Route::Legal => folder_path(&[LEGAL]),
            Route::Accessibility => folder_path(&[ACCESSIBILITY]),
            Route::Search => folder_path(&[SEARCH]),
        }
    }

    /// The file of the built site that serves it, e.g.
    /// `actualites/mon-article/index.html`.
    pub fn output_file(&self) -> String {
        output_file(&self.path())
    }

    /// The key an internal link `@/…` names it by, for the pages vitrine
    /// generates (`@/convention`, `@/partenaires/upec`); articles and pages
    /// are named by their Markdown file instead.
    pub fn link_key(&self) -> Option<String> {
        match self {
            Route::ArticleList(1)
            | Route::Partner(_, 1)
            | Route::Theme(_, 1)
            | Route::Convention
            | Route::PartnerIndex
            | Route::ThemeIndex
            | Route::SitePlan
            | Route::Legal
            | Route::Accessibility => Some(self.path().trim_matches('/').to_string()),
            _ => None,
        }
    }
}

/// Page `n` of a list at `segments`: the list's own address for the
/// first, then `…/page/<n>/`.
fn paged_path(segments: &[&str], n: usize) -> String {
    if n <= 1 {
        return folder_path(segments);
    }
    let n = n.to_string();
    let mut paged = segments.to_vec();
    paged.extend([LIST_PAGES, &n]);
    folder_path(&paged)
}

/// `["a", "b"]` → `/a/b/`; no segment → `/`.
fn folder_path(segments: &[&str]) -> String {
    let mut path = String::from("/");
    for segment in segments.iter().filter(|s| !s.is_empty()) {
        path.push_str(segment);
        path.push('/');
    }
    path
}

/// The file that serves a site path: a folder (`/x/`, `/`) is served by its
/// `index.html`, a file by itself (`/atom.xml` → `atom.xml`).
pub fn output_file(path: &str) -> String {
    let file = path.trim_start_matches('/');
    if file.is_empty() || file.ends_with('/') {
        format!("{file}index.html")
    } else {
        file.to_string()
    }
}

/// The site path a file of the built site serves: `x/index.html` → `/x/`.
pub fn site_path(output_file: &str) -> String {
    format!(
        "/{}",
        output_file
            .strip_suffix("index.html")
            .unwrap_or(output_file)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_has_its_address_and_file() {
        let cases = [
            (Route::Home, "/", "index.html"),
            (
                Route::ArticleList(1),
                "/actualites/",
                "actualites/index.html",
            ),
            (
                Route::ArticleList(3),
                "/actualites/page/3/",
                "actualites/page/3/index.html",
            ),
            (
                Route::Article("x"),
                "/actualites/x/",
                "actualites/x/index.html",
            ),
            (
                Route::Partner("upec", 1),
                "/partenaires/upec/",
                "partenaires/upec/index.html",
            ),
            (
                Route::Partner("upec", 2),
                "/partenaires/upec/page/2/",
                "partenaires/upec/page/2/index.html",
            ),
            (
                Route::Theme("eau", 1),
                "/thematiques/eau/",
                "thematiques/eau/index.html",
            ),
            (
                Route::Theme("eau", 12),
                "/thematiques/eau/page/12/",
                "thematiques/eau/page/12/index.html",
            ),
            (Route::Convention, "/convention/", "convention/index.html"),
            (Route::Page("a-propos"), "/a-propos/", "a-propos/index.html"),
            (Route::NotFound, "/404.html", "404.html"),
            (Route::Feed, "/atom.xml", "atom.xml"),
            (Route::Sitemap, "/sitemap.xml", "sitemap.xml"),
            (Route::SitemapIndex, "/sitemap.xml", "sitemap.xml"),
            (Route::SitemapPart(3), "/sitemap-3.xml", "sitemap-3.xml"),
            (Route::Robots, "/robots.txt", "robots.txt"),
            (
                Route::PartnerIndex,
                "/partenaires/",
                "partenaires/index.html",
            ),
            (Route::ThemeIndex, "/thematiques/", "thematiques/index.html"),
            (Route::SitePlan, "/plan-du-site/", "plan-du-site/index.html"),
            (
                Route::Legal,
                "/mentions-legales/",
                "mentions-legales/index.html",
            ),
            (
                Route::Accessibility,
                "/accessibilite/",
                "accessibilite/index.html",
            ),
            (Route::Search, "/recherche/", "recherche/index.html"),
            (Route::Media("a/b.jpg"), "/medias/a/b.jpg", "medias/a/b.jpg"),
            (
                Route::Static("css/site.css"),
                "/css/site.css",
                "css/site.css",
            ),
        ];
        for (route, path, file) in cases {
            assert_eq!(route.path(), path, "{route:?}");
            assert_eq!(route.output_file(), file, "{route:?}");
            assert_eq!(route.kind().is_page(), path.ends_with('/'), "{route:?}");
            if route.kind().is_page() {
                assert_eq!(site_path(file), path, "{route:?}");
            }
        }
    }

    #[test]
    fn sections_are_reserved_and_pages_are_not() {
        let reserved: Vec<String> = reserved().into_iter().collect();
        assert_eq!(
            reserved,
            [
                "/",
                "/accessibilite/",
                "/actualites/",
                "/convention/",
                "/medias/",
                "/mentions-legales/",
                "/partenaires/",
                "/plan-du-site/",
                "/recherche/",
                "/thematiques/"
            ]
        );
        assert!(is_reserved(&Route::Page("convention").path()));
        assert!(!is_reserved(&Route::Page("a-propos").path()));
    }

    #[test]
    fn every_rendered_kind_names_a_distinct_template() {
        let templates: Vec<&str> = required_templates().collect();
        assert_eq!(templates.len(), 17);
        let distinct: BTreeSet<&str> = templates.iter().copied().collect();
        assert_eq!(distinct.len(), templates.len());
        assert_eq!(templates[0], "index.html");
    }

    #[test]
    fn generated_pages_are_linked_by_their_path() {
        assert_eq!(Route::Convention.link_key().as_deref(), Some("convention"));
        assert_eq!(
            Route::ArticleList(1).link_key().as_deref(),
            Some("actualites")
        );
        assert_eq!(
            Route::Partner("upec", 1).link_key().as_deref(),
            Some("partenaires/upec")
        );
        assert_eq!(Route::ArticleList(2).link_key(), None);
        assert_eq!(Route::Partner("upec", 2).link_key(), None);
        assert_eq!(Route::Theme("eau", 2).link_key(), None);
        assert_eq!(Route::Article("x").link_key(), None);
    }
}
