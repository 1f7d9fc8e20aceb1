//! Issue 17 on the built example site: the legal and accessibility pages
//! and mention, the plan du site and index pages, breadcrumbs, metadata the
//! browser-free way, theme polish that shows in the HTML, and typography of
//! the visible and read-aloud text. (The Nu Html Checker, JSON-LD parsing
//! and axe run in tests/browser/, through tests/browser.rs.)

mod common;

use common::assertions::{assert_at, assert_french, single};
use common::{Built, Fixture};
use vitrine::legal::LegalError;

/// The example site as `vitrine build` publishes it (a production build).
fn production(fixture: &Fixture) -> Result<Built, vitrine::Diagnostics> {
    let mut options = fixture.options();
    options.production = true;
    fixture.build_with(&options)
}

fn example() -> Built {
    production(&Fixture::example()).unwrap_or_else(|d| panic!("the example builds:\n{d}"))
}

/// Every HTML page of the site: (output path, text).
fn pages(built: &Built) -> Vec<(&str, &str)> {
    built
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path.as_str(), std::str::from_utf8(bytes).expect("utf-8")))
        .collect()
}

/// The 1-based line of the first line of `text` starting with `start`.
fn line_of(text: &str, start: &str) -> usize {
    text.lines()
        .position(|line| line.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting with {start:?}"))
        + 1
}

/// The visible text of a page: without script, style, head, code and pre,
/// tags removed, the entities the theme writes decoded.
fn visible_text(html: &str) -> String {
    let mut text = html.to_string();
    for element in ["head", "script", "style", "code", "pre"] {
        while let Some(start) = [format!("<{element}>"), format!("<{element} ")]
            .iter()
            .filter_map(|open| text.find(open.as_str()))
            .min()
        {
            let close = format!("</{element}>");
            let end = text[start..]
                .find(&close)
                .map_or(text.len(), |e| start + e + close.len());
            text.replace_range(start..end, " ");
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", "\u{a0}")
        .replace("&#8239;", "\u{202f}")
        .replace("&amp;", "&")
}

/// The values of the read-aloud attributes of a page.
fn read_aloud(html: &str) -> Vec<String> {
    let mut values = Vec::new();
    for name in [" aria-label=\"", " alt=\"", " title=\""] {
        for (at, _) in html.match_indices(name) {
            let start = at + name.len();
            let end = html[start..].find('"').expect("closed attribute");
            values.push(html[start..start + end].to_string());
        }
    }
    values
}

#[test]
fn every_page_shows_the_accessibility_status_linking_to_the_statement() {
    let built = example();
    let pages = pages(&built);
    assert!(pages.len() >= 30, "{} pages", pages.len());
    for (path, html) in pages {
        assert!(
            html.contains("/accessibilite/\">Accessibilité&nbsp;: non conforme</a>"),
            "{path}: no accessibility mention"
        );
    }
}

#[test]
fn the_statement_says_status_contact_and_recourse() {
    let built = example();
    let statement = visible_text(&built.page("/accessibilite/"));
    for expected in [
        "Déclaration d’accessibilité",
        "est non conforme",
        "faute d’audit",
        "Non-conformités",
        "Dérogations pour charge disproportionnée",
        "schéma pluriannuel",
        "contact@hub-innovation.example.fr",
        "Défenseur des droits",
        "Libre réponse 71120",
        "1er\u{a0}juin 2024",
    ] {
        assert!(statement.contains(expected), "statement lacks {expected:?}");
    }
}

#[test]
fn a_claimed_conformity_needs_an_audit() {
    let fixture = Fixture::example();
    fixture.replace(
        "content/site.yaml",
        "  conformite: non",
        "  conformite: partielle",
    );
    let diagnostics = production(&fixture).err().expect("refused");
    let diagnostic = single(&diagnostics);
    assert_french(diagnostic);
    assert_eq!(
        diagnostic.to_string().lines().next(),
        Some("erreur : conformité « partielle » déclarée sans audit")
    );
    let text = fixture.read("content/site.yaml");
    assert_at(
        diagnostic,
        "content/site.yaml",
        Some(line_of(&text, "  conformite:")),
    );

    // With its audit, the statement gives its date and rate.
    fixture.replace(
        "content/site.yaml",
        "  conformite: partielle",
        "  conformite: partielle\n  audit:\n    date: 2024-05-02\n    taux: 78.5",
    );
    let built = production(&fixture).expect("builds");
    let statement = visible_text(&built.page("/accessibilite/"));
    assert!(
        statement.contains("est partiellement conforme"),
        "{statement}"
    );
    assert!(
        statement.contains("78.5\u{a0}% des critères"),
        "{statement}"
    );
    assert!(
        built
            .page("/")
            .contains("Accessibilité&nbsp;: partiellement conforme")
    );
}

#[test]
fn legal_notice_and_personal_data_come_from_the_settings() {
    let built = example();
    let legal = visible_text(&built.page("/mentions-legales/"));
    for expected in [
        "Éditeur",
        "Établissement public territorial Grand-Orly Seine Bièvre",
        "Direction de la publication",
        "Michel Leprêtre",
        "Hébergeur",
        "OVH SAS",
        "59100\u{a0}Roubaix",
        "Données personnelles",
        "ne collecte aucune donnée personnelle",
        "Aucun cookie",
        "Aucun traceur",
    ] {
        assert!(legal.contains(expected), "legal notice lacks {expected:?}");
    }
    assert!(
        built
            .page("/mentions-legales/")
            .contains("id=\"donnees-personnelles\"")
    );
    // Phone links in international form.
    assert!(
        built
            .page("/mentions-legales/")
            .contains("href=\"tel:+33972101007\"")
    );
    assert!(built.page("/").contains("href=\"tel:+33178182222\""));
}

/// Each required field, removed from the example's settings, is refused by
/// a production build naming its key, at its section's line.
#[test]
fn a_production_build_refuses_each_missing_legal_field() {
    let cases = [
        (
            "  editeur: Établissement",
            "mentions_legales.editeur",
            "mentions_legales:",
        ),
        (
            "  directeur_publication:",
            "mentions_legales.directeur_publication",
            "mentions_legales:",
        ),
        (
            "    nom: OVH SAS",
            "mentions_legales.hebergeur.nom",
            "  hebergeur:",
        ),
        (
            "    telephone: +33 9",
            "mentions_legales.hebergeur.telephone",
            "  hebergeur:",
        ),
    ];
    for (line_start, key, section) in cases {
        let fixture = Fixture::example();
        let text = fixture.read("content/site.yaml");
        let line = text
            .lines()
            .find(|l| l.starts_with(line_start))
            .expect("line");
        fixture.replace("content/site.yaml", &format!("{line}\n"), "");
        let text = fixture.read("content/site.yaml");
        let diagnostics = production(&fixture).err().expect("refused");
        let diagnostic = single(&diagnostics);
        assert_french(diagnostic);
        assert_eq!(
            diagnostic.to_string().lines().next().map(str::to_string),
            Some(format!(
                "erreur : mention légale obligatoire manquante : « {key} »"
            ))
        );
        assert!(matches!(
            diagnostic.problem::<LegalError>(),
            Some(LegalError::Missing { .. })
        ));
        assert_at(
            diagnostic,
            "content/site.yaml",
            Some(line_of(&text, section)),
        );
        // The preview and a drafts build accept it; nothing stands in for it.
        let built = fixture.build().expect("preview builds");
        assert!(built.page("/mentions-legales/").contains("non renseign"));
    }
}

#[test]
fn a_site_without_legal_section_is_refused_at_the_file_and_by_the_binary() {
    let fixture = Fixture::example();
    let text = fixture.read("content/site.yaml");
    let start = text.find("\n# Mentions légales").expect("section");
    let end = text
        .find("\n# Ce que le site collecte")
        .expect("next section");
    fixture.write(
        "content/site.yaml",
        &format!("{}{}", &text[..start], &text[end..]),
    );
    let diagnostics = production(&fixture).err().expect("refused");
    assert_eq!(diagnostics.len(), 5, "{diagnostics}");
    for diagnostic in diagnostics.iter() {
        assert_at(diagnostic, "content/site.yaml", None);
    }
    let output = fixture.vitrine(&["build"]);
    assert!(!output.status.success());
    let stderr = common::assertions::stderr(&output);
    assert!(
        stderr.contains("erreur : mention légale obligatoire manquante : « mentions_legales.directeur_publication »\n  --> content/site.yaml\n"),
        "{stderr}"
    );
    assert!(stderr.contains("aide : écrivez par exemple « directeur_publication: Camille Martin » sous « mentions_legales: »"), "{stderr}");
    // `--drafts` is not a publication: it builds.
    assert!(fixture.vitrine(&["build", "--drafts"]).status.success());
}

#[test]
fn a_placeholder_is_never_published() {
    let fixture = Fixture::example();
    fixture.replace(
        "content/site.yaml",
        "  directeur_publication: Michel Leprêtre, président de l'établissement public territorial",
        "  directeur_publication: À compléter",
    );
    let text = fixture.read("content/site.yaml");
    let diagnostics = production(&fixture).err().expect("refused");
    let diagnostic = single(&diagnostics);
    assert_eq!(
        diagnostic.to_string().lines().next(),
        Some(
            "erreur : valeur provisoire « À compléter » pour « mentions_legales.directeur_publication »"
        )
    );
    assert_at(
        diagnostic,
        "content/site.yaml",
        Some(line_of(&text, "  directeur_publication:")),
    );
}

#[test]
fn the_site_map_reaches_every_page_and_index_pages_list_everything() {
    let built = example();
    let plan = built.page("/plan-du-site/");
    let sitemap = built.file("sitemap.xml");
    let mut count = 0;
    for loc in sitemap.split("<loc>").skip(1) {
        let url = &loc[..loc.find("</loc>").expect("closed")];
        let path = url
            .strip_prefix("https://hub-innovation.example.fr")
            .expect("absolute");
        // Pages 2… of the news list are for browsing: the plan links
        // every article itself.
        if path != "/" && !path.contains("/page/") {
            assert!(
                plan.contains(&format!("href=\"{path}\"")),
                "plan du site lacks {path}"
            );
        }
        count += 1;
    }
    assert!(count >= 30, "{count} addresses in the sitemap");
    let partners = built.page("/partenaires/");
    let themes = built.page("/thematiques/");
    for (path, _) in pages(&built) {
        for (section, index) in [("partenaires", &partners), ("thematiques", &themes)] {
            let id = path
                .strip_prefix(&format!("{section}/"))
                .and_then(|p| p.strip_suffix("/index.html"))
                .filter(|id| !id.contains('/'));
            if let Some(id) = id {
                let link = format!("href=\"/{section}/{id}/\"");
                assert!(index.contains(&link), "/{section}/ lacks {id}");
            }
        }
    }
}

/// Trimming the last segment of any address gives a page, not a 404 (the
/// `/page/` segment of paginated lists aside).
#[test]
fn trimming_an_address_never_gives_a_404() {
    let built = example();
    for (path, _) in pages(&built) {
        let Some(folder) = path.strip_suffix("index.html") else {
            continue;
        };
        let mut segments: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
        while segments.pop().is_some() {
            if segments.last() == Some(&"page") {
                continue;
            }
            let parent = format!(
                "{}index.html",
                segments.iter().map(|s| format!("{s}/")).collect::<String>()
            );
            assert!(built.has(&parent), "{path}: {parent} is missing");
        }
    }
}

#[test]
fn every_page_below_the_home_page_has_breadcrumbs() {
    let built = example();
    for (path, html) in pages(&built) {
        let expected = path != "index.html" && path != "404.html";
        assert_eq!(html.contains("class=\"fil-ariane\""), expected, "{path}");
        if expected {
            assert!(html.contains("\"@type\":\"BreadcrumbList\""), "{path}");
        }
    }
}

#[test]
fn an_unpublished_page_is_nowhere_on_the_site() {
    let built = example();
    assert!(!built.has("guide-de-redaction/index.html"));
    for (path, bytes) in &built.files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("guide-de-redaction/"),
            "{path} names the guide"
        );
        assert!(
            !text.contains(">Guide de rédaction<"),
            "{path} links the guide"
        );
    }
}

#[test]
fn metadata_of_the_home_page_and_of_an_article() {
    let built = example();
    let home = built.page("/");
    assert!(home.contains("\"@type\":\"WebSite\""));
    assert!(home.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    // The site's card (`image_partage` of site.yaml), cut to 1200 × 630.
    assert!(home.contains(
        "<meta property=\"og:image\" content=\"https://hub-innovation.example.fr/medias/campus-bord-de-seine-partage.jpg\">"
    ));
    assert!(home.contains("<meta property=\"og:image:width\" content=\"1200\">"));
    assert!(home.contains("<meta name=\"theme-color\""));
    assert!(home.contains("<link rel=\"apple-touch-icon\" href=\"/apple-touch-icon.png\">"));
    assert!(
        built.has("partage.png")
            && built.has("apple-touch-icon.png")
            && built.has("favicon-32.png")
    );
    assert!(!built.page("/404.html").contains("rel=\"canonical\""));
    let article = built.page(
        "/actualites/grand-orly-seine-bievre-et-lupec-un-engagement-renouvele-pour-la-formation-et-linnovation/",
    );
    assert!(article.contains("\"@type\":\"NewsArticle\""));
    assert!(article.contains("\"datePublished\":\"2023-10-15\""));
    // The title is cut at a word boundary for search engines: ≤ 60 characters.
    let title = &article[article.find("<title>").unwrap() + 7..article.find("</title>").unwrap()];
    let own = title.split(" — ").next().unwrap();
    assert!(own.chars().count() <= 60 && own.ends_with('…'), "{own}");
    assert!(!own.ends_with(" …"), "{own}");
}

#[test]
fn home_has_one_h1_and_the_featured_article() {
    let built = example();
    let home = built.page("/");
    assert_eq!(home.matches("<h1").count(), 1);
    // The site name appears once as a heading: the header's brand is the H1.
    assert!(home.contains("<h1 class=\"entete__h1\">"));
    let featured = &home[home.find("class=\"a-la-une\"").expect("À la une")..];
    let featured = &featured[..featured.find("</section>").unwrap()];
    assert!(featured.contains("À la une"));
    assert!(featured.contains("/actualites/grand-orly-seine-bievre-et-lupec-un-engagement-renouvele-pour-la-formation-et-linnovation/"));
    assert!(featured.contains("<img"), "the featured article's image");
}

#[test]
fn style_sheet_is_minified_and_fingerprinted_in_production() {
    let built = example();
    assert!(!built.has("style.css"));
    let sheets: Vec<&String> = built.files.keys().filter(|p| p.ends_with(".css")).collect();
    assert_eq!(sheets.len(), 1, "{sheets:?}");
    let name = sheets[0];
    let hash = name
        .strip_prefix("style.")
        .and_then(|n| n.strip_suffix(".css"))
        .expect("style.<hash>.css");
    assert!(
        hash.len() == 10 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{name}"
    );
    let css = built.file(name);
    assert!(!css.contains("\n  ") && !css.contains("/*"), "not minified");
    assert!(css.contains("prefers-color-scheme:dark"), "dark scheme");
    assert!(built.page("/").contains(&format!("href=\"/{name}\"")));
    // The preview keeps the plain name (it reloads a saved sheet in place).
    let preview = Fixture::example().build().expect("preview");
    assert!(preview.has("style.css"));
}

#[test]
fn the_feed_has_no_heading_anchors() {
    let built = example();
    let feed = built.file("atom.xml");
    assert!(feed.contains("<entry>"));
    assert!(feed.contains("ancrage"), "the bodies are there");
    assert!(!feed.contains("ancre&quot;"), "« # » anchors in the feed");
    assert!(
        !feed.contains("&gt;#&lt;/a&gt;"),
        "« # » anchors in the feed"
    );
}

#[test]
fn quotes_have_figcaptions_and_hyphenated_names_hold_together() {
    let built = example();
    let convention = built.page("/convention/");
    assert!(convention.contains("<figure class=\"citation\">"));
    assert!(convention.contains("<figcaption class=\"citation__auteur\">"));
    // Names from the data: the same characters, kept on one line.
    assert!(
        built
            .page("/")
            .contains("<span class=\"insecable\">Grand-Orly</span>")
    );
    assert!(!built.page("/").contains('\u{2011}'), "searchable hyphens");
}

#[test]
fn no_straight_apostrophe_in_visible_or_read_aloud_text() {
    let built = example();
    for (path, html) in pages(&built) {
        let text = visible_text(html);
        if let Some(at) = text.find('\'') {
            let context: String = text[at.saturating_sub(40)..].chars().take(80).collect();
            panic!("{path}: straight apostrophe in « {context} »");
        }
        for value in read_aloud(html) {
            assert!(
                !value.contains('\'') && !value.contains("&#39;"),
                "{path}: {value:?}"
            );
            assert!(
                !value.contains("« ") && !value.contains(" »"),
                "{path}: plain space in guillemets: {value:?}"
            );
        }
    }
}

#[test]
fn numbers_and_their_words_are_joined_by_no_break_spaces() {
    let built = example();
    let text: String = pages(&built)
        .iter()
        .map(|(_, html)| visible_text(html))
        .collect();
    for expected in [
        "9\u{a0}octobre",
        "UMR\u{a0}7182",
        "BP\u{a0}748",
        "01\u{a0}78\u{a0}18\u{a0}22\u{a0}22",
        "Silver Innov’",
    ] {
        assert!(text.contains(expected), "{expected:?} not found");
    }
    for broken in ["9 octobre", "UMR 7182", "BP 748", "01 78 18"] {
        assert!(!text.contains(broken), "{broken:?} with a plain space");
    }
}

#[test]
fn the_site_map_stays_small_on_a_large_archive() {
    // Beyond its newest articles, the plan leads to the news list, whose
    // pages reach the rest: it does not grow with the archive.
    let site = Fixture::minimal();
    for n in 0..60 {
        site.write(
            &format!("content/actualites/a{n:02}.md"),
            &format!(
                "---\ntitre: Article {n:02}\ndate: 2023-01-{:02}\n---\n\nTexte.\n",
                1 + n % 28
            ),
        );
    }
    let built = site.build().expect("builds");
    let plan = built.page("/plan-du-site/");
    let start = plan.find("<ul class=\"plan\">").expect("the plan's list");
    let list = &plan[start..plan.find("</main>").expect("main")];
    let listed = list.matches("href=\"/actualites/").count();
    // 50 articles, the list itself and the link to the older ones.
    assert_eq!(listed, 52, "{plan}");
    assert!(
        plan.contains("12\u{a0}actualités plus anciennes, dans la liste des actualités</a>"),
        "{plan}"
    );
}

#[test]
fn the_lead_article_keeps_the_links_of_its_source() {
    let built = example();
    let article = built.page(
        "/actualites/grand-orly-seine-bievre-et-lupec-un-engagement-renouvele-pour-la-formation-et-linnovation/",
    );
    for href in [
        "/partenaires/upec/",
        "/partenaires/cluster-eau-milieu-sols/",
        "/partenaires/materiaupole/",
        "/partenaires/silver-innov/",
        "/partenaires/campus-urbain/",
        "/partenaires/ecole-georges-melies/",
        "/actualites/a-vitry-sur-seine-liut-de-creteil-vitry-au-coeur-du-reseau-territorial-des-campus/",
        "https://iut.u-pec.fr/",
    ] {
        assert!(article.contains(&format!("href=\"{href}\"")), "{href}");
    }
    assert!(
        article.contains("Cette synergie promet de nouvelles perspectives pour le territoire.")
    );
}
