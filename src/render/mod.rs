//! Stage 4: a typed list of render jobs, rendered in parallel with the
//! templates compiled once and the shared context built once; each file
//! goes to the output's sink as soon as it is rendered.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use tera::{Context, Value};

mod pagination;
mod sitemap;
mod values;

use crate::error::{Diagnostic, Diagnostics};
use crate::images::Place;
use crate::markdown::Bodies;
use crate::model::{Article, Convention, Site};
use crate::output::{OutputFile, Sink};
use crate::routes::Route;
use crate::templates::Templates;
use crate::urls::BaseUrl;
use pagination::{NEIGHBOURS, Slot};
use sitemap::{SITEMAP_URLS, Sitemap};
use values::{
    ArticleValue, ConventionValue, DomainValue, PageLink, PageValue, PaginationValue, SitemapEntry,
    partner_value, share_value, theme_value,
};

/// How many articles the home page shows.
const HOME_ARTICLES: usize = 3;

/// One file to render: which template, for which part of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Job {
    Home,
    ArticleList {
        page: usize,
    },
    Article(usize),
    /// Page `page` (from 1) of the partner `index`'s articles.
    Partner {
        index: usize,
        page: usize,
    },
    /// Page `page` (from 1) of the theme `index`'s articles.
    Theme {
        index: usize,
        page: usize,
    },
    Convention,
    Page(usize),
    NotFound,
    Feed,
    Sitemap,
    SitemapIndex,
    SitemapPart(usize),
    Robots,
    PartnerIndex,
    ThemeIndex,
    SitePlan,
    Legal,
    Accessibility,
    Search,
}

impl Job {
    /// The job's address, which names its template and output file.
    fn route(self, site: &Site) -> Route<'_> {
        match self {
            Job::Home => Route::Home,
            Job::ArticleList { page } => Route::ArticleList(page),
            Job::Article(i) => Route::article(&site.articles[i]),
            Job::Partner { index, page } => Route::Partner(&site.partners[index].id, page),
            Job::Theme { index, page } => Route::Theme(&site.themes[index].id, page),
            Job::Convention => Route::Convention,
            Job::Page(i) => Route::page(&site.pages[i]),
            Job::NotFound => Route::NotFound,
            Job::Feed => Route::Feed,
            Job::Sitemap => Route::Sitemap,
            Job::SitemapIndex => Route::SitemapIndex,
            Job::SitemapPart(n) => Route::SitemapPart(n),
            Job::Robots => Route::Robots,
            Job::PartnerIndex => Route::PartnerIndex,
            Job::ThemeIndex => Route::ThemeIndex,
            Job::SitePlan => Route::SitePlan,
            Job::Legal => Route::Legal,
            Job::Accessibility => Route::Accessibility,
            Job::Search => Route::Search,
        }
    }
}

/// What rendering did: every file's path, rendered or tried (the addresses
/// static files may not take), and the problems.
pub struct Rendered {
    pub paths: Vec<String>,
    pub problems: Diagnostics,
}

impl Rendered {
    /// How many HTML pages were rendered (or tried).
    pub fn pages(&self) -> usize {
        self.paths.iter().filter(|p| p.ends_with(".html")).count()
    }
}

/// Renders the whole site, handing each file to `sink` as soon as it is
/// rendered, so that the site is never held whole.
pub fn render_site(
    site: &Site,
    bodies: &Bodies,
    base: &BaseUrl,
    templates: &mut Templates,
    sink: &dyn Sink,
) -> Rendered {
    render_jobs(site, bodies, base, templates, sink, |_, _| true)
}

/// Renders again only the files that show article `index` (whose context
/// holds its value): all that a change to its body alone changes, as long
/// as its heading ids, and everything else of the site, stayed the same.
pub fn render_showing(
    site: &Site,
    bodies: &Bodies,
    base: &BaseUrl,
    templates: &mut Templates,
    sink: &dyn Sink,
    index: usize,
) -> Rendered {
    render_jobs(site, bodies, base, templates, sink, |shared, job| {
        shared.shown(site, job).contains(&index)
    })
}

/// Renders the jobs `selected` keeps.
fn render_jobs(
    site: &Site,
    bodies: &Bodies,
    base: &BaseUrl,
    templates: &mut Templates,
    sink: &dyn Sink,
    selected: impl Fn(&Shared, Job) -> bool + Sync,
) -> Rendered {
    let shared = Shared::new(site, bodies, base);
    templates
        .tera
        .global_context()
        .extend(shared.global_context(site));
    let mut jobs = shared.jobs(site);
    if templates.has(crate::search::TEMPLATE) {
        jobs.push(Job::Search);
    }
    let sitemap = shared.sitemap(site, &jobs);
    let sitemap_jobs = sitemap.jobs();
    let templates = &*templates;
    let results: Vec<(String, Result<(), Diagnostic>)> = jobs
        .par_iter()
        .with_max_len(crate::PARALLEL_PIECE)
        .chain(sitemap_jobs.par_iter())
        .filter(|job| selected(&shared, **job))
        .map(|job| {
            let route = job.route(site);
            let path = route.output_file();
            let rendered = || {
                let context = shared.context(site, *job, &sitemap);
                let typography = shared.typography(site, *job);
                // Every kind of address a job renders names its template.
                let template = route.template().unwrap_or_default();
                let html = templates.render(template, &context, typography)?;
                sink.put(OutputFile::new(path.clone(), html))
            };
            let result = rendered();
            (path, result)
        })
        .collect();
    // The pages' values of a large site take a while to free.
    crate::drop_in_background(shared.articles);
    let mut problems = Diagnostics::default();
    let mut paths = Vec::with_capacity(results.len());
    let mut seen = std::collections::HashSet::new();
    for (path, result) in results {
        paths.push(path);
        // One broken template fails every page using it (and a full disk
        // every write): report it once.
        if let Err(diagnostic) = result
            && seen.insert(diagnostic.to_string())
        {
            problems.push(diagnostic);
        }
    }
    Rendered { paths, problems }
}

/// Template values computed once per build and shared by every job.
struct Shared<'a> {
    site: &'a Site,
    bodies: &'a Bodies,
    base: &'a BaseUrl,
    /// Each article's value, made when a job first needs it: a rebuild
    /// that renders a few pages makes a few. Its body is `bodies`' own
    /// string, shared, not a copy.
    articles: Vec<OnceLock<Value>>,
    partners: Vec<Value>,
    themes: Vec<Value>,
    pages: Vec<Value>,
    /// Article indexes citing each partner / theme id, newest first.
    by_partner: BTreeMap<&'a str, Vec<usize>>,
    by_theme: BTreeMap<&'a str, Vec<usize>>,
    per_page: usize,
}

impl<'a> Shared<'a> {
    fn new(site: &'a Site, bodies: &'a Bodies, base: &'a BaseUrl) -> Self {
        let mut by_partner: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut by_theme: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, article) in site.articles.iter().enumerate() {
            for id in &article.doc.meta.partners {
                by_partner.entry(id).or_default().push(index);
            }
            for id in &article.doc.meta.themes {
                by_theme.entry(id).or_default().push(index);
            }
        }
        let count = |map: &BTreeMap<&str, Vec<usize>>, id: &str| map.get(id).map_or(0, Vec::len);
        let partners: Vec<Value> = site
            .partners
            .iter()
            .map(|p| {
                let count = count(&by_partner, &p.id);
                Value::from_serializable(&partner_value(p, base, count, &site.images))
            })
            .collect();
        let themes: Vec<Value> = site
            .themes
            .iter()
            .map(|t| Value::from_serializable(&theme_value(t, base, count(&by_theme, &t.id))))
            .collect();
        let mut shared = Self {
            site,
            bodies,
            base,
            articles: site.articles.iter().map(|_| OnceLock::new()).collect(),
            partners,
            themes,
            pages: Vec::new(),
            by_partner,
            by_theme,
            per_page: site.config.pagination.max(1),
        };
        shared.pages = site
            .pages
            .iter()
            .zip(&bodies.pages)
            .map(|(page, html)| {
                Value::from_serializable(&PageValue {
                    titre: &page.doc.meta.title,
                    chapo: page.doc.meta.lead.as_deref(),
                    slug: &page.slug,
                    lien: base.link(&page.path),
                    contenu: html,
                })
            })
            .collect();
        shared
    }

    /// The value of article `i`, with its body (`contenu`), shared by
    /// every page that shows it.
    fn article(&self, i: usize) -> Value {
        self.articles[i]
            .get_or_init(|| {
                let site = self.site;
                let value = Value::from_serializable(&self.article_value(site, &site.articles[i]));
                let mut map = value.into_map().unwrap_or_default();
                map.insert("contenu".into(), self.bodies.articles[i].value());
                Value::from(map)
            })
            .clone()
    }

    /// An article's value, but its body.
    fn article_value<'s>(&self, site: &Site, article: &'s Article) -> ArticleValue<'s> {
        let meta = &article.doc.meta;
        let written = meta
            .image
            .as_ref()
            .map(|i| format!("/{}", i.trim().trim_start_matches('/')));
        let picture = written.as_ref().and_then(|i| site.images.photos.get(i));
        // The processed image's widest file, never the original.
        let (image, size) = match (picture, &written) {
            (Some(picture), _) => {
                let (path, size) = picture.main();
                (Some(path.to_string()), size)
            }
            (None, written) => (written.clone(), None),
        };
        // Read aloud: typeset like the text around it (the markup is
        // inserted as it is, past the templates' `typo` filter).
        let alt = meta.image_alt.as_deref().unwrap_or_default();
        let alt = match article.typography {
            true => crate::typography::typeset_text(alt),
            false => alt.to_string(),
        };
        let image_html = picture.map(|p| p.html(self.base, &alt, Place::Column, true));
        ArticleValue {
            titre: &meta.title,
            date: meta.date,
            rubrique: meta.rubric.as_deref(),
            chapo: meta.lead.as_deref(),
            slug: &article.slug,
            lien: self.base.link(&article.path),
            lien_absolu: self.base.absolute(&article.path),
            partenaires: self.lookup(&self.partners, &site.partners, |p| &p.id, &meta.partners),
            thematiques: self.lookup(&self.themes, &site.themes, |t| &t.id, &meta.themes),
            image: image.as_deref().map(|i| self.base.link(i)),
            image_absolue: image.as_deref().map(|i| self.base.absolute(i)),
            image_alt: meta.image_alt.as_deref(),
            image_html,
            image_largeur: size.map(|s| s.0),
            image_hauteur: size.map(|s| s.1),
            brouillon: meta.draft,
        }
    }

    /// The template values for `ids`, in the order the editor wrote them.
    fn lookup<T>(
        &self,
        values: &[Value],
        items: &[T],
        id: impl Fn(&T) -> &String,
        ids: &[String],
    ) -> Vec<Value> {
        ids.iter()
            .filter_map(|wanted| items.iter().position(|item| id(item) == wanted))
            .map(|index| values[index].clone())
            .collect()
    }

    /// Values every template sees: site, convention, partners, themes.
    fn global_context(&self, site: &Site) -> Context {
        let mut context = Context::new();
        context.insert("site", &site.config);
        context.insert("convention", &self.convention_value(&site.convention, site));
        context.insert_value("partenaires", Value::from(self.partners.clone()));
        context.insert_value("thematiques", Value::from(self.themes.clone()));
        context.insert_value("pages", Value::from(self.pages.clone()));
        context.insert("ressources", &site.assets);
        context
    }

    fn convention_value<'s>(&self, convention: &'s Convention, site: &Site) -> ConventionValue<'s> {
        let partners = |ids: &[String]| self.lookup(&self.partners, &site.partners, |p| &p.id, ids);
        let themes = |ids: &[String]| self.lookup(&self.themes, &site.themes, |t| &t.id, ids);
        ConventionValue {
            titre: &convention.title,
            resume: convention.summary.as_deref(),
            signee_le: convention.signed_on,
            depuis: convention.since,
            duree_ans: convention.duration_years,
            fin: i32::from(convention.signed_on.year()) + i32::from(convention.duration_years),
            parties: partners(&convention.parties),
            implantations: partners(&convention.local_sites),
            acteurs: partners(&convention.actors),
            domaines: convention
                .domains
                .iter()
                .map(|d| DomainValue {
                    id: &d.id,
                    titre: &d.title,
                    description: d.description.as_deref(),
                    actions: &d.actions,
                    thematiques: themes(&d.themes),
                })
                .collect(),
            thematiques: themes(&convention.themes),
            citations: &convention.citations,
        }
    }

    /// How many pages a list of `count` articles takes (an empty list
    /// still has its first page).
    fn pages_for(&self, count: usize) -> usize {
        count.div_ceil(self.per_page).max(1)
    }

    /// The articles citing partner `index`, newest first.
    fn partner_articles(&self, site: &Site, index: usize) -> &[usize] {
        let id = site.partners[index].id.as_str();
        self.by_partner.get(id).map_or(&[], Vec::as_slice)
    }

    /// The articles on theme `index`, newest first.
    fn theme_articles(&self, site: &Site, index: usize) -> &[usize] {
        let id = site.themes[index].id.as_str();
        self.by_theme.get(id).map_or(&[], Vec::as_slice)
    }

    fn jobs(&self, site: &Site) -> Vec<Job> {
        let mut jobs = vec![
            Job::Home,
            Job::Convention,
            Job::NotFound,
            Job::Feed,
            Job::Robots,
            Job::PartnerIndex,
            Job::ThemeIndex,
            Job::SitePlan,
            Job::Legal,
            Job::Accessibility,
        ];
        let list_pages = self.pages_for(site.articles.len());
        jobs.extend((1..=list_pages).map(|page| Job::ArticleList { page }));
        jobs.extend((0..site.articles.len()).map(Job::Article));
        for index in 0..site.partners.len() {
            let pages = self.pages_for(self.partner_articles(site, index).len());
            jobs.extend((1..=pages).map(|page| Job::Partner { index, page }));
        }
        for index in 0..site.themes.len() {
            let pages = self.pages_for(self.theme_articles(site, index).len());
            jobs.extend((1..=pages).map(|page| Job::Theme { index, page }));
        }
        jobs.extend((0..site.pages.len()).map(Job::Page));
        jobs
    }

    /// The site path of a job's page (`None` for files that are not pages).
    fn site_path(&self, site: &Site, job: Job) -> Option<String> {
        let route = job.route(site);
        route.kind().is_page().then(|| route.path())
    }

    /// Whether a job's page is announced (sitemap): drafts and future-dated
    /// articles shown for a preview are rendered but never announced.
    fn announced(site: &Site, job: Job) -> bool {
        match job {
            Job::Article(i) => site.articles[i].hold.is_none(),
            Job::Page(i) => site.pages[i].hold.is_none(),
            // A page of results, different for each reader.
            Job::Search => false,
            _ => true,
        }
    }

    fn sitemap(&self, site: &Site, jobs: &[Job]) -> Sitemap {
        let entries: Vec<SitemapEntry> = jobs
            .iter()
            .filter(|job| Self::announced(site, **job))
            .filter_map(|job| {
                let path = self.site_path(site, *job)?;
                let lastmod = match job {
                    Job::Article(i) => Some(site.articles[*i].doc.meta.date),
                    _ => None,
                };
                Some((path, lastmod))
            })
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .map(|(path, lastmod)| SitemapEntry {
                loc: self.base.absolute(&path),
                lastmod,
            })
            .collect();
        Sitemap::new(entries, SITEMAP_URLS, self.base)
    }

    fn context(&self, site: &Site, job: Job, sitemap: &Sitemap) -> Context {
        let mut context = Context::new();
        let path = self.site_path(site, job);
        // Files that are not pages (feed, sitemap…) are shown the 404 page's.
        let shown_path = path.clone().unwrap_or_else(|| Route::NotFound.path());
        context.insert("chemin", &shown_path);
        context.insert("canonique", &self.base.absolute(&shown_path));
        // One share image per page: the article's card, else the site's.
        let card = match job {
            Job::Article(i) => site.images.cards.get(&site.articles[i].doc.source),
            _ => None,
        };
        if let Some(card) = card.or(site.images.default_card.as_ref()) {
            context.insert("image_partage", &share_value(card, self.base));
        }
        match job {
            Job::Home => {
                context.insert_value("articles", self.indexed(&self.home_articles(site)));
                let featured = featured(site).map_or(Value::none(), |i| self.article(i));
                context.insert_value("a_la_une", featured);
            }
            Job::SitePlan => {
                context.insert("plan_articles", &plan_articles(site, self.base));
                let more = site.articles.len().saturating_sub(PLAN_ARTICLES);
                context.insert("plan_articles_autres", &more);
            }
            Job::ArticleList { page } => {
                let count = site.articles.len();
                context.insert_value("articles", self.indexed(&self.shown(site, job)));
                context.insert(
                    "pagination",
                    &self.pagination(count, page, Route::ArticleList),
                );
            }
            Job::Article(i) => {
                context.insert_value("article", self.article(i));
                let (older, newer) = self.neighbours(i);
                let value = |n: Option<usize>| n.map_or(Value::none(), |n| self.article(n));
                context.insert_value("precedent", value(older));
                context.insert_value("suivant", value(newer));
            }
            Job::Partner { index, page } => {
                let partner = &site.partners[index];
                context.insert_value("partenaire", self.partners[index].clone());
                let articles = self.partner_articles(site, index);
                context.insert_value("articles", self.indexed(&self.shown(site, job)));
                let route = |n| Route::Partner(&partner.id, n);
                context.insert("pagination", &self.pagination(articles.len(), page, route));
                context.insert("role", &partner_role(&site.convention, &partner.id));
            }
            Job::Theme { index, page } => {
                let theme = &site.themes[index];
                context.insert_value("thematique", self.themes[index].clone());
                let articles = self.theme_articles(site, index);
                context.insert_value("articles", self.indexed(&self.shown(site, job)));
                let route = |n| Route::Theme(&theme.id, n);
                context.insert("pagination", &self.pagination(articles.len(), page, route));
                let domains: Vec<_> = site
                    .convention
                    .domains
                    .iter()
                    .filter(|d| d.themes.contains(&theme.id))
                    .map(|d| DomainValue {
                        id: &d.id,
                        titre: &d.title,
                        description: d.description.as_deref(),
                        actions: &d.actions,
                        thematiques: self.lookup(&self.themes, &site.themes, |t| &t.id, &d.themes),
                    })
                    .collect();
                context.insert("domaines", &domains);
            }
            Job::Page(i) => {
                context.insert_value("page", self.pages[i].clone());
            }
            Job::Feed => {
                let latest = self.shown(site, job);
                context.insert_value("articles", self.indexed(&latest));
                let updated = latest
                    .first()
                    .map(|i| site.articles[*i].doc.meta.date)
                    .unwrap_or(site.convention.signed_on);
                context.insert("mis_a_jour", &updated);
            }
            Job::Sitemap => context.insert_value("entrees", sitemap.part(1)),
            Job::SitemapPart(n) => context.insert_value("entrees", sitemap.part(n)),
            Job::SitemapIndex => context.insert_value("parties", sitemap.index()),
            Job::Convention
            | Job::NotFound
            | Job::Robots
            | Job::PartnerIndex
            | Job::ThemeIndex
            | Job::Legal
            | Job::Accessibility
            | Job::Search => {}
        }
        context
    }

    /// Whether the page allows typography: its own switch, or the site's.
    fn typography(&self, site: &Site, job: Job) -> bool {
        match job {
            Job::Article(i) => site.articles[i].typography,
            Job::Page(i) => site.pages[i].typography,
            _ => site.config.typography,
        }
    }

    /// The articles whose values a job's context holds, hence whose
    /// bodies its template may show: the one source of what a page shows.
    fn shown(&self, site: &Site, job: Job) -> Vec<usize> {
        let count = site.articles.len();
        match job {
            Job::Home => {
                let mut shown = self.home_articles(site);
                shown.extend(featured(site));
                shown
            }
            Job::ArticleList { page } => self.page_range(count, page).collect(),
            Job::Article(i) => {
                let (older, newer) = self.neighbours(i);
                [Some(i), older, newer].into_iter().flatten().collect()
            }
            Job::Partner { index, page } => {
                let articles = self.partner_articles(site, index);
                articles[self.page_range(articles.len(), page)].to_vec()
            }
            Job::Theme { index, page } => {
                let articles = self.theme_articles(site, index);
                articles[self.page_range(articles.len(), page)].to_vec()
            }
            // The latest announced articles only: the feed's readers
            // want the news, and its size must not follow the archive's.
            Job::Feed => (0..count)
                .filter(|i| Self::announced(site, Job::Article(*i)))
                .take(site.config.feed_entries)
                .collect(),
            Job::Convention
            | Job::Page(_)
            | Job::NotFound
            | Job::Sitemap
            | Job::SitemapIndex
            | Job::SitemapPart(_)
            | Job::Robots
            | Job::PartnerIndex
            | Job::ThemeIndex
            | Job::SitePlan
            | Job::Legal
            | Job::Accessibility
            | Job::Search => Vec::new(),
        }
    }

    /// The latest articles the home page lists, without its « À la une ».
    fn home_articles(&self, site: &Site) -> Vec<usize> {
        let featured = featured(site);
        (0..site.articles.len())
            .filter(|i| Some(*i) != featured)
            .take(HOME_ARTICLES)
            .collect()
    }

    /// The older and the newer article next to article `i` (newest first:
    /// the older one comes next in the list).
    fn neighbours(&self, i: usize) -> (Option<usize>, Option<usize>) {
        let older = (i + 1 < self.articles.len()).then_some(i + 1);
        (older, i.checked_sub(1))
    }

    fn indexed(&self, indexes: &[usize]) -> Value {
        Value::from(indexes.iter().map(|i| self.article(*i)).collect::<Vec<_>>())
    }

    /// The positions page `page` (from 1) shows of a list of `count`.
    fn page_range(&self, count: usize, page: usize) -> std::ops::Range<usize> {
        let start = (page.saturating_sub(1) * self.per_page).min(count);
        start..(start + self.per_page).min(count)
    }

    /// The links of page `page` of a list of `count` articles, page `n`
    /// being at `route(n)`: a window, so every page has a few links only.
    fn pagination<'r>(
        &self,
        count: usize,
        page: usize,
        route: impl Fn(usize) -> Route<'r>,
    ) -> PaginationValue {
        let total_pages = self.pages_for(count);
        let link = |n: usize| self.base.link(&route(n).path());
        PaginationValue {
            page,
            total_pages,
            total_articles: count,
            precedente: (page > 1).then(|| link(page - 1)),
            suivante: (page < total_pages).then(|| link(page + 1)),
            pages: pagination::window(page, total_pages, NEIGHBOURS)
                .into_iter()
                .map(|slot| match slot {
                    Slot::Page(n) => PageLink::page(n, link(n), n == page),
                    Slot::Gap => PageLink::gap(),
                })
                .collect(),
        }
    }
}

/// The newest article marked `a_la_une: true`, shown first on the home page.
fn featured(site: &Site) -> Option<usize> {
    site.articles.iter().position(|a| a.doc.meta.featured)
}

/// Articles the plan du site lists by name, the newest: no page but the
/// sitemap grows with the archive (the news list's pages reach the rest).
const PLAN_ARTICLES: usize = 50;

/// The newest articles of the plan du site, by title and link only.
fn plan_articles(site: &Site, base: &BaseUrl) -> Vec<PlanEntry> {
    site.articles
        .iter()
        .take(PLAN_ARTICLES)
        .map(|a| PlanEntry {
            titre: a.doc.meta.title.clone(),
            lien: base.link(&a.path),
            date: a.doc.meta.date,
        })
        .collect()
}

#[derive(serde::Serialize)]
struct PlanEntry {
    titre: String,
    lien: String,
    date: crate::model::Date,
}

fn partner_role(convention: &Convention, id: &str) -> Option<&'static str> {
    let has = |ids: &[String]| ids.iter().any(|i| i == id);
    if has(&convention.parties) {
        Some("Signataire de la convention")
    } else if has(&convention.local_sites) {
        Some("Implantation de l'université sur le territoire")
    } else if has(&convention.actors) {
        Some("Acteur associé")
    } else {
        None
    }
}
