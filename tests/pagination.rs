//! Output that grows linearly with the site: paginated lists link to a
//! window of pages (first, last, neighbours, gaps), partner and theme pages
//! are paginated like the news list, the feed holds the latest articles
//! only, and no file but the sitemap grows with the number of articles.
//! The window itself and the sitemap's split above 1,000 addresses are
//! unit-tested beside their code (src/render/pagination.rs, sitemap.rs).

mod common;

use common::assertions::{assert_at, single};
use common::{Built, Fixture};
use vitrine::validate::ContentError;

const SITE: &str = "content/site.yaml";

/// Adds `count` articles citing partner `alpha` and theme `sante`, dated
/// before the minimal site's two (which stay the newest), one day apart.
fn add_articles(site: &Fixture, count: usize) {
    for i in 0..count {
        // Day i after 2020-01-01 in a 28-day month calendar: unique dates.
        let (year, month, day) = (2020 + i / 336, 1 + (i / 28) % 12, 1 + i % 28);
        site.write(
            &format!("content/actualites/a-{i:03}.md"),
            &format!(
                "---\ntitre: Article {i:03}\ndate: {year}-{month:02}-{day:02}\n\
                 partenaires: [alpha]\nthematiques: [sante]\n---\n\nTexte {i}.\n"
            ),
        );
    }
}

fn build(site: &Fixture) -> Built {
    site.build()
        .unwrap_or_else(|d| panic!("the site should build:\n{d}"))
}

/// The pagination of a page as text: `< 1 … 4 [5] 6 … 9 >`, the current
/// page in brackets, `<` and `>` for the previous and next links; and the
/// link of each numbered page.
fn row(html: &str) -> (String, Vec<(String, String)>) {
    let Some(start) = html.find("<nav class=\"pagination\" aria-label=\"Pagination\">") else {
        return (String::new(), Vec::new());
    };
    let nav = &html[start..start + html[start..].find("</nav>").expect("closed nav")];
    let mut shown = Vec::new();
    let mut links = Vec::new();
    for item in nav.split("<li").skip(1) {
        let href = item
            .split_once("href=\"")
            .map(|(_, rest)| rest[..rest.find('"').expect("quoted")].to_string());
        if item.starts_with(" class=\"pagination__ellipse\" aria-hidden=\"true\">…</li>") {
            shown.push("…".to_string());
        } else if item.contains("rel=\"prev\">Page précédente</a>") {
            shown.push("<".to_string());
        } else if item.contains("rel=\"next\">Page suivante</a>") {
            shown.push(">".to_string());
        } else {
            // Read as « Page 3 » by screen readers, shown as « 3 ».
            let (_, rest) = item
                .split_once(" aria-label=\"Page ")
                .unwrap_or_else(|| panic!("a page link: {item}"));
            let (label, rest) = rest.split_once("\">").expect("a closed attribute");
            let number = rest[..rest.find("</a>").expect("link")].to_string();
            assert_eq!(label, number, "accessible name of {item}");
            links.push((number.clone(), href.expect("a link")));
            if item.contains("aria-current=\"page\"") {
                shown.push(format!("[{number}]"));
            } else {
                shown.push(number);
            }
        }
    }
    (shown.join(" "), links)
}

#[test]
fn the_news_list_links_to_a_window_of_pages() {
    let site = Fixture::minimal();
    // 2 + 30 articles, 2 a page: 16 pages.
    add_articles(&site, 30);
    let built = build(&site);
    let cases = [
        ("/actualites/", "[1] 2 3 … 16 >"),
        ("/actualites/page/2/", "< 1 [2] 3 4 … 16 >"),
        ("/actualites/page/5/", "< 1 2 3 4 [5] 6 7 … 16 >"),
        ("/actualites/page/8/", "< 1 … 6 7 [8] 9 10 … 16 >"),
        ("/actualites/page/15/", "< 1 … 13 14 [15] 16 >"),
        ("/actualites/page/16/", "< 1 … 14 15 [16]"),
    ];
    for (path, expected) in cases {
        let html = built.page(path);
        let (shown, links) = row(&html);
        assert_eq!(shown, expected, "{path}");
        for (number, href) in links {
            let want = match number.as_str() {
                "1" => "/actualites/".to_string(),
                n => format!("/actualites/page/{n}/"),
            };
            assert_eq!(href, want, "{path}");
        }
        assert_eq!(shown.matches('[').count(), 1, "one current page: {path}");
    }
    let middle = built.page("/actualites/page/8/");
    assert!(middle.contains("href=\"/actualites/page/7/\" rel=\"prev\""));
    assert!(middle.contains("href=\"/actualites/page/9/\" rel=\"next\""));
    assert!(!built.has("actualites/page/17/index.html"));
}

#[test]
fn a_single_page_has_no_pagination_and_small_counts_show_every_page() {
    let site = Fixture::minimal();
    let built = build(&site);
    // Two articles, two a page.
    assert_eq!(row(&built.page("/actualites/")).0, "");
    assert!(!built.has("actualites/page/2/index.html"));

    site.replace(SITE, "pagination: 2", "pagination: 1");
    add_articles(&site, 3);
    let built = build(&site);
    assert_eq!(row(&built.page("/actualites/")).0, "[1] 2 3 4 5 >");
    assert_eq!(row(&built.page("/actualites/page/3/")).0, "< 1 2 [3] 4 5 >");
}

#[test]
fn partner_and_theme_pages_are_paginated_like_the_news_list() {
    let site = Fixture::minimal();
    // `alpha`: `premier` and 11 more, 2 a page: 6 pages. `sante`: all 13.
    add_articles(&site, 11);
    let built = build(&site);
    let partner = |n: usize| match n {
        1 => "/partenaires/alpha/".to_string(),
        n => format!("/partenaires/alpha/page/{n}/"),
    };
    assert_eq!(row(&built.page(&partner(1))).0, "[1] 2 3 … 6 >");
    assert_eq!(row(&built.page(&partner(4))).0, "< 1 2 3 [4] 5 6 >");
    assert!(!built.has("partenaires/alpha/page/7/index.html"));
    for n in 1..=6 {
        let html = built.page(&partner(n));
        for (number, href) in row(&html).1 {
            assert_eq!(href, partner(number.parse().expect("number")));
        }
        // Two articles a page, newest first.
        let cards = html.matches("<article class=\"carte\">").count();
        assert_eq!(cards, 2, "page {n}");
        if n > 1 {
            assert!(
                html.contains(&format!("<title>Alpha – page {n} sur 6 — Hub test</title>")),
                "{html}"
            );
        }
    }
    assert!(built.page(&partner(1)).contains("Premier article"));
    assert!(built.page(&partner(2)).contains("Article 009"));
    assert!(built.page(&partner(6)).contains("Article 000"));
    // `beta` has one article: one page, no pagination.
    assert_eq!(row(&built.page("/partenaires/beta/")).0, "");
    assert!(!built.has("partenaires/beta/page/2/index.html"));

    // The theme: 13 articles, 7 pages, the last with one.
    let last = built.page("/thematiques/sante/page/7/");
    assert_eq!(row(&last).0, "< 1 … 5 6 [7]");
    assert_eq!(last.matches("<article class=\"carte\">").count(), 1);
    assert!(
        built
            .page("/thematiques/sante/page/4/")
            .contains("href=\"/thematiques/sante/page/5/\" rel=\"next\"")
    );
    assert!(!built.has("thematiques/sante/page/8/index.html"));

    // Every page is announced once in the single sitemap.
    let sitemap = built.file("sitemap.xml");
    assert!(sitemap.contains("<urlset"), "{sitemap}");
    for path in [
        "partenaires/alpha/page/6/",
        "thematiques/sante/page/7/",
        "actualites/page/7/",
    ] {
        let loc = format!("<loc>https://example.org/{path}</loc>");
        assert_eq!(sitemap.matches(&loc).count(), 1, "{loc} in {sitemap}");
    }
    assert!(!built.has("sitemap-1.xml"));
}

/// The `<title>`s of the feed's entries.
fn feed_titles(built: &Built) -> Vec<String> {
    built
        .file("atom.xml")
        .split("<entry>")
        .skip(1)
        .map(|entry| {
            let (_, rest) = entry.split_once("<title>").expect("a title");
            rest[..rest.find("</title>").expect("closed")].to_string()
        })
        .collect()
}

#[test]
fn the_feed_holds_the_latest_twenty_articles_by_default() {
    let site = Fixture::minimal();
    add_articles(&site, 30);
    let titles = feed_titles(&build(&site));
    assert_eq!(titles.len(), 20);
    assert_eq!(titles[0], "Premier article");
    assert_eq!(titles[1], "Second article");
    // Then the newest of the others: 029 down to 012.
    assert_eq!(titles[2], "Article 029");
    assert_eq!(titles[19], "Article 012");
}

#[test]
fn the_feed_holds_as_many_articles_as_the_site_asks() {
    let site = Fixture::minimal();
    add_articles(&site, 5);
    site.replace(SITE, "pagination: 2\n", "pagination: 2\narticles_flux: 3\n");
    let built = build(&site);
    assert_eq!(
        feed_titles(&built),
        ["Premier article", "Second article", "Article 004"]
    );
    // The feed's date is its newest entry's.
    assert!(
        built
            .file("atom.xml")
            .contains("<updated>2023-10-15T00:00:00Z</updated>")
    );
    // More than the site has: all of them.
    site.replace(SITE, "articles_flux: 3", "articles_flux: 500");
    assert_eq!(feed_titles(&build(&site)).len(), 7);
}

/// The tiny site with `articles_flux: <value>` added after `theme`, line 5.
fn feed_setting(value: &str) -> vitrine::Diagnostics {
    let site = Fixture::tiny();
    let before = site.published();
    site.replace(
        SITE,
        "theme: essai\n",
        &format!("theme: essai\narticles_flux: {value}\n"),
    );
    site.fails(&before)
}

#[test]
fn an_empty_feed_is_refused_with_its_line() {
    let diagnostics = feed_setting("0");
    let diagnostic = single(&diagnostics);
    assert!(matches!(
        diagnostic.problem::<ContentError>(),
        Some(ContentError::InvalidFeedEntries)
    ));
    assert_at(diagnostic, SITE, Some(5));
    assert_eq!(
        diagnostic.to_string(),
        "erreur : le flux doit contenir au moins un article\n  \
         --> content/site.yaml:5:1\n  \
         = aide : écrivez par exemple « articles_flux: 20 » (les 20 articles les plus récents)"
    );
}

#[test]
fn a_feed_size_that_is_not_a_positive_integer_is_refused_in_french() {
    let cases = [
        (
            "-5",
            "articles_flux : nombre négatif (« -5 ») : il faut un nombre positif",
        ),
        (
            "vingt",
            "articles_flux : il faut un nombre entier, pas un texte (« vingt »)",
        ),
        (
            "2.5",
            "articles_flux : il faut un nombre entier, pas un nombre décimal (« 2.5 »)",
        ),
    ];
    for (value, message) in cases {
        let diagnostics = feed_setting(value);
        let diagnostic = single(&diagnostics);
        assert_at(diagnostic, SITE, Some(5));
        let text = diagnostic.to_string();
        assert!(
            text.starts_with(&format!("erreur : {message}\n  --> content/site.yaml:5:")),
            "{value}: {text}"
        );
    }
}

#[test]
fn the_cli_names_the_feed_setting_line() {
    let site = Fixture::tiny();
    site.replace(SITE, "theme: essai\n", "theme: essai\narticles_flux: 0\n");
    let output = site.vitrine(&["build"]);
    let stderr = common::assertions::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "erreur : le flux doit contenir au moins un article\n  --> content/site.yaml:5:1"
        ),
        "{stderr}"
    );
}

/// The size of the largest file but the sitemap, and its path.
fn largest_file(built: &Built) -> (usize, String) {
    built
        .files
        .iter()
        .filter(|(path, _)| !path.starts_with("sitemap"))
        .map(|(path, bytes)| (bytes.len(), path.clone()))
        .max()
        .expect("files")
}

#[test]
fn no_file_but_the_sitemap_grows_with_the_archive() {
    let small = Fixture::minimal();
    add_articles(&small, 40);
    let large = Fixture::minimal();
    add_articles(&large, 160);
    let (small_size, small_path) = largest_file(&build(&small));
    let large_built = build(&large);
    let (large_size, large_path) = largest_file(&large_built);
    // Four times the articles: the largest page differs by a few digits
    // (« 162 articles », « page 9 sur 81 »), not by a list of them all.
    assert!(
        large_size <= small_size + 64,
        "{large_path}: {large_size} bytes, {small_path}: {small_size} bytes"
    );
    assert_eq!(feed_titles(&large_built).len(), 20);
}

#[test]
fn above_a_thousand_addresses_the_sitemap_becomes_an_index_of_small_parts() {
    let site = Fixture::minimal();
    add_articles(&site, 1_000);
    let built = build(&site);
    let index = built.file("sitemap.xml");
    assert!(index.contains("<sitemapindex"), "{index}");
    let parts: Vec<&String> = built
        .files
        .keys()
        .filter(|path| path.starts_with("sitemap-"))
        .collect();
    assert!(parts.len() >= 2, "{parts:?}");
    let mut addresses = Vec::new();
    for part in &parts {
        assert!(
            index.contains(&format!("/{part}</loc>")),
            "{part} in the index"
        );
        let text = built.file(part);
        let urls: Vec<&str> = text
            .split("<loc>")
            .skip(1)
            .map(|rest| rest.split("</loc>").next().expect("closed"))
            .collect();
        assert!(urls.len() <= 1_000, "{part}: {} addresses", urls.len());
        assert!(text.len() < 300_000, "{part}: {} bytes", text.len());
        addresses.extend(urls);
    }
    let unique: std::collections::BTreeSet<&str> = addresses.iter().copied().collect();
    assert_eq!(unique.len(), addresses.len(), "every address once");
    for i in [0, 499, 999] {
        let article = format!("/actualites/article-{i:03}/</loc>");
        let listed = parts
            .iter()
            .filter(|part| built.file(part).contains(&article));
        assert_eq!(listed.count(), 1, "{article}");
    }
}
