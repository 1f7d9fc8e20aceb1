//! `vitrine build` end to end: each page kind, sub-path base URLs,
//! determinism, drafts, and the output directory swap.

mod common;

use common::Fixture;
use std::time::Duration;

#[test]
fn article_page_reads_like_the_hub_article() {
    let built = Fixture::minimal().build().expect("build");
    let page = built.page("/actualites/premier-article/");
    assert!(page.contains(r#"<html lang="fr""#), "lang");
    assert!(page.contains("Innovation"), "rubric label");
    assert!(page.contains("<h1"), "title heading");
    assert!(page.contains("Premier article"));
    assert!(page.contains("Publié le"), "publication line");
    assert!(
        page.contains(r#"datetime="2023-10-15""#),
        "machine-readable date"
    );
    assert!(page.contains("15\u{a0}octobre 2023"), "French date");
    assert!(page.contains("Le chapo."), "lead");
    assert!(page.contains(r#"<h2 id="une-section">"#), "heading id");
    assert!(
        page.contains(r#"href="/partenaires/alpha/""#),
        "partner link"
    );
    assert!(page.contains(r#"href="/thematiques/sante/""#), "theme link");
    assert!(page.contains(
        r#"<link rel="canonical" href="https://example.org/actualites/premier-article/">"#
    ));
    assert!(page.contains(r#"<meta name="description""#));
    assert!(page.contains(r#"property="og:title""#));
    assert!(page.contains("<address"), "contact block");
}

#[test]
fn every_page_kind_is_produced() {
    let built = Fixture::minimal().build().expect("build");
    for path in [
        "index.html",
        "actualites/index.html",
        "actualites/premier-article/index.html",
        "actualites/second-article/index.html",
        "partenaires/alpha/index.html",
        "partenaires/beta/index.html",
        "thematiques/sante/index.html",
        "convention/index.html",
        "a-propos/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "style.css",
    ] {
        assert!(built.has(path), "missing {path}");
    }
}

#[test]
fn partner_and_theme_pages_list_their_articles() {
    let built = Fixture::minimal().build().expect("build");
    let alpha = built.page("/partenaires/alpha/");
    assert!(alpha.contains("Premier article") && !alpha.contains("Second article"));
    let theme = built.page("/thematiques/sante/");
    assert!(theme.contains("Premier article") && theme.contains("Second article"));
    assert!(theme.contains("Recherche"), "related action domain");
    let convention = built.page("/convention/");
    for text in [
        "Alpha",
        "Beta",
        "Recherche",
        "Chercher",
        "Santé",
        "2015",
        "9\u{a0}octobre 2023",
    ] {
        assert!(convention.contains(text), "convention page lacks {text}");
    }
}

#[test]
fn news_list_is_paginated_newest_first() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/actualites/troisieme.md",
        "---\ntitre: Troisième article\ndate: 2024-01-05\npartenaires: [alpha]\nthematiques: [sante]\n---\nTexte.\n",
    );
    let built = fixture.build().expect("build");
    let first = built.page("/actualites/");
    let second = built.page("/actualites/page/2/");
    let (newest, older) = (
        first.find("Troisième article"),
        first.find("Premier article"),
    );
    assert!(
        newest.is_some() && older.is_some() && newest < older,
        "newest first"
    );
    assert!(!first.contains("Second article"), "two per page");
    assert!(second.contains("Second article"));
    assert!(
        first.contains(r#"href="/actualites/page/2/""#),
        "link to next page"
    );
    assert!(
        second.contains(r#"href="/actualites/""#),
        "link back to page 1"
    );
}

#[test]
fn feed_sitemap_and_robots_use_absolute_urls() {
    let built = Fixture::minimal().build().expect("build");
    let feed = built.page("/atom.xml");
    assert!(feed.contains(r#"<feed xmlns="http://www.w3.org/2005/Atom""#));
    assert!(feed.contains("https://example.org/actualites/premier-article/"));
    let first = feed.find("Premier article").expect("entry");
    let second = feed.find("Second article").expect("entry");
    assert!(first < second, "newest first");
    let sitemap = built.page("/sitemap.xml");
    for url in [
        "https://example.org/",
        "https://example.org/convention/",
        "https://example.org/a-propos/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "sitemap lacks {url}"
        );
    }
    assert!(
        !sitemap.contains("404"),
        "the 404 page is not in the sitemap"
    );
    assert!(
        built
            .page("/robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
}

#[test]
fn sub_path_base_url_keeps_every_link_inside_the_sub_path() {
    let fixture = Fixture::minimal();
    let mut options = fixture.options();
    options.base_url = Some("https://example.org/hub/".into());
    let built = fixture.build_with(&options).expect("build");
    for (path, bytes) in &built.files {
        if !(path.ends_with(".html") || path.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for attribute in ["href=\"/", "src=\"/"] {
            for (index, _) in text.match_indices(attribute) {
                let link = &text[index + attribute.len() - 1..];
                assert!(
                    link.starts_with("/hub/"),
                    "{path}: link outside the sub-path: {}",
                    &link[..40.min(link.len())]
                );
            }
        }
    }
    let page = built.page("/actualites/premier-article/");
    assert!(page.contains(r#"href="/hub/partenaires/alpha/""#));
    // The header logo is drawn by the theme's static file, under the sub-path.
    assert!(
        page.contains(r##"<use href="/hub/logo.svg#logo"/>"##),
        "{page}"
    );
    assert!(String::from_utf8_lossy(&built.files["logo.svg"]).contains(r#"<symbol id="logo""#));
    assert!(
        built
            .page("/actualites/second-article/")
            .contains(r#"href="/hub/actualites/premier-article/#une-section""#)
    );
    assert!(
        built
            .page("/sitemap.xml")
            .contains("<loc>https://example.org/hub/convention/</loc>")
    );
}

#[test]
fn drafts_and_future_articles_wait_unless_asked() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/actualites/brouillon.md",
        "---\ntitre: Article en cours\ndate: 2023-11-01\nbrouillon: true\npartenaires: [alpha]\nthematiques: [sante]\n---\nTexte.\n",
    );
    fixture.write(
        "content/actualites/futur.md",
        "---\ntitre: Article futur\ndate: 2030-01-01\npartenaires: [alpha]\nthematiques: [sante]\n---\nTexte.\n",
    );
    let built = fixture.build().expect("build");
    assert!(!built.has("actualites/article-en-cours/index.html"));
    assert!(!built.has("actualites/article-futur/index.html"));
    let with_drafts = fixture
        .build_with(&{
            let mut options = fixture.options();
            options.drafts = true;
            options
        })
        .expect("build");
    assert!(with_drafts.has("actualites/article-en-cours/index.html"));
    assert!(with_drafts.has("actualites/article-futur/index.html"));
}

#[test]
fn site_templates_override_the_theme() {
    let fixture = Fixture::minimal();
    fixture.write("templates/page.html", "PAGE PERSO {{ page.titre | typo }}");
    let built = fixture.build().expect("build");
    assert_eq!(built.page("/a-propos/"), "PAGE PERSO À propos");
}

#[test]
fn output_is_byte_identical_across_builds() {
    let fixture = Fixture::example();
    let first = fixture.build().expect("build");
    let second = fixture.build().expect("build");
    assert_eq!(first.files, second.files);
}

#[test]
fn build_command_writes_the_site_and_replaces_stale_files() {
    let fixture = Fixture::minimal();
    let output = fixture.vitrine(&["build"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Site construit") && stdout.contains("pages"),
        "{stdout}"
    );
    assert!(
        fixture
            .path("public/actualites/premier-article/index.html")
            .is_file()
    );

    fixture.remove("content/actualites/second.md");
    fixture.write(
        "content/actualites/premier.md",
        &fixture.read("content/actualites/premier.md"),
    );
    let output = fixture.vitrine(&["build"]);
    assert!(output.status.success());
    assert!(
        !fixture.path("public/actualites/second-article").exists(),
        "stale page removed"
    );
}

#[test]
fn failed_build_exits_1_and_leaves_the_previous_output_untouched() {
    let fixture = Fixture::minimal();
    assert!(fixture.vitrine(&["build"]).status.success());
    let before = fixture.snapshot("public");
    fixture.write(
        "content/actualites/premier.md",
        "---\ntitre: Premier article\ndate: 2023-10-15\npartenaires: [alpah]\n---\n",
    );
    let output = fixture.vitrine(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("content/actualites/premier.md:4:15"),
        "{stderr}"
    );
    assert!(
        stderr.contains("« alpah »") && stderr.contains("vouliez-vous dire « alpha »"),
        "{stderr}"
    );
    assert_eq!(fixture.snapshot("public"), before);
}

#[test]
fn all_problems_of_a_build_are_reported_at_once() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/actualites/premier.md",
        "---\ntitre: Premier article\ndate: 2023-10-15\npartenaires: [zeta]\n---\n",
    );
    fixture.write(
        "content/actualites/second.md",
        "---\ntitre: Second\ndate: 2023-13-01\n---\n",
    );
    fixture.write("content/pages/a-propos.md", "pas d'en-tête\n");
    let errors = fixture.errors();
    let files: Vec<String> = errors
        .iter()
        .map(|d| d.location.file.display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "content/actualites/premier.md",
            "content/actualites/second.md",
            "content/pages/a-propos.md"
        ],
        "{errors}"
    );
}

#[test]
fn markdown_links_reach_generated_pages_too() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/pages/a-propos.md",
        "---\ntitre: À propos\n---\n\nLire [la convention](@/convention), [Alpha](@/partenaires/alpha) et [Santé](@/thematiques/sante).\n",
    );
    let mut options = fixture.options();
    options.base_url = Some("https://example.org/hub/".into());
    let page = fixture
        .build_with(&options)
        .expect("build")
        .page("/a-propos/");
    for href in [
        "/hub/convention/",
        "/hub/partenaires/alpha/",
        "/hub/thematiques/sante/",
    ] {
        assert!(
            page.contains(&format!(r#"href="{href}""#)),
            "missing {href}"
        );
    }
    fixture.write(
        "content/pages/a-propos.md",
        "---\ntitre: À propos\n---\n\n[Zeta](@/partenaires/zeta)\n",
    );
    let errors = fixture.errors();
    assert_eq!(
        errors.iter().next().map(|d| d.location.to_string()),
        Some("content/pages/a-propos.md:5:1".into())
    );
}

#[test]
fn typography_is_applied_everywhere_and_can_be_switched_off() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/actualites/premier.md",
        "---\ntitre: \"L'UPEC : un titre\"\ndate: 2023-10-15\nchapo: \"Un chapo : \\\"cité\\\" !\"\npartenaires: [alpha]\nthematiques: [sante]\n---\n\nLe texte de l'UPEC : \"bienvenue\" ! Et `l'UPEC : code`.\n",
    );
    fixture.write(
        "content/actualites/second.md",
        "---\ntitre: \"Sans typographie : l'UPEC\"\ndate: 2023-10-01\ntypographie: false\npartenaires: [beta]\nthematiques: [sante]\n---\n\nLe texte de l'UPEC : \"tel quel\" !\n",
    );
    let built = fixture.build().expect("build");
    let page = built.page("/actualites/lupec-un-titre/");
    assert!(
        page.contains("Le texte de l’UPEC\u{a0}: «\u{a0}bienvenue\u{a0}»\u{202f}!"),
        "body"
    );
    assert!(
        page.contains("<code>l'UPEC : code</code>"),
        "code untouched"
    );
    assert!(
        page.contains("L’UPEC\u{a0}: un titre</h1>"),
        "title through the typo filter"
    );
    assert!(page.contains("<title>L’UPEC\u{a0}: un titre"), "<title>");
    assert!(
        page.contains("Un chapo\u{a0}: «\u{a0}cité\u{a0}»\u{202f}!"),
        "lead"
    );
    let feed = built.page("/atom.xml");
    assert!(feed.contains("L’UPEC\u{a0}: un titre"), "feed");
    let reported = |fixture: &Fixture| {
        vitrine::build(&fixture.options())
            .expect("build")
            .typesetting
    };
    assert!(
        reported(&fixture) > Duration::ZERO,
        "the pass's time is reported"
    );

    let plain = built.page("/actualites/sans-typographie-lupec/");
    assert!(
        plain.contains("Le texte de l'UPEC : \"tel quel\" !"),
        "page switch"
    );
    assert!(
        plain.contains("Sans typographie : l&#39;UPEC</h1>"),
        "page switch applies to its title: {plain}"
    );

    fixture.write(
        "content/site.yaml",
        &fixture
            .read("content/site.yaml")
            .replace("pagination: 2\n", "pagination: 2\ntypographie: false\n"),
    );
    let page = fixture
        .build()
        .expect("build")
        .page("/actualites/lupec-un-titre/");
    assert!(
        page.contains("Le texte de l'UPEC : \"bienvenue\" !"),
        "site switch"
    );
    assert!(
        page.contains("L&#39;UPEC : un titre</h1>"),
        "site switch applies to titles"
    );
    assert_eq!(reported(&fixture), Duration::ZERO, "no pass, no time");
}

/// Counts the elements named `name` of a document, failing on any XML error.
fn count_elements(xml: &str, name: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut count = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == name => count += 1,
            Ok(quick_xml::events::Event::Eof) => return count,
            Ok(_) => {}
            Err(error) => panic!("malformed XML at {}: {error}", reader.buffer_position()),
        }
    }
}

#[test]
fn feed_and_sitemap_are_well_formed_xml_even_with_markup_in_names() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/actualites/premier.md",
        "---\ntitre: \"R&D <b>avancée</b> : « Alpha & Beta »\"\ndate: 2023-10-15\npartenaires: [alpha]\nthematiques: [sante]\n---\n\n## Une section\n\nDu texte & <em>du balisage</em>.\n",
    );
    let built = fixture.build().expect("build");
    let feed = built.page("/atom.xml");
    assert_eq!(count_elements(&feed, "entry"), 2);
    assert!(feed.contains("R&amp;D &lt;b&gt;"), "escaped title");
    let sitemap = built.page("/sitemap.xml");
    let pages = built
        .files
        .keys()
        .filter(|p| p.ends_with("index.html"))
        // The search page is no page to announce (noindex).
        .filter(|p| *p != "recherche/index.html")
        .count();
    assert_eq!(count_elements(&sitemap, "url"), pages, "every page, once");
}
