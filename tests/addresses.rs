//! Addresses never break: across successive publishes (a build, then
//! `record_published` with its files, as `vitrine publish` does), every
//! address ever recorded answers with its page, a redirect to a live page,
//! or the « page retirée »; host files say the same; a bad ledger or alias
//! is reported in French at its file and line.

mod common;

use std::collections::BTreeSet;

use common::assertions::{assert_at, assert_french, single, stderr, stdout};
use common::{Built, Fixture};
use vitrine::addresses::{self, AddressError, Ledger};

const LEDGER: &str = "content/adresses.txt";

fn article(title: &str, date: &str, extra: &str) -> String {
    format!(
        "---\ntitre: {title}\ndate: {date}\npartenaires: [alpha]\nthematiques: [sante]\n{extra}---\n\nDu texte.\n"
    )
}

/// The minimal site with four articles: two pages of news (two a page).
fn site() -> Fixture {
    let fixture = Fixture::minimal();
    fixture
        .write(
            "content/actualites/troisieme.md",
            &article("Troisième article", "2023-09-01", ""),
        )
        .write(
            "content/actualites/quatrieme.md",
            &article("Quatrième article", "2023-08-01", ""),
        );
    fixture
}

/// Builds the site and records what it published, as `vitrine publish`
/// does after a transfer.
fn publish(fixture: &Fixture) -> Built {
    let built = fixture.build().unwrap_or_else(|e| panic!("{e}"));
    let files: Vec<String> = built.files.keys().cloned().collect();
    addresses::record_published(fixture.root(), &files).unwrap_or_else(|e| panic!("{e}"));
    built
}

/// Every address of the ledger.
fn recorded(fixture: &Fixture) -> BTreeSet<String> {
    let text = fixture.read(LEDGER);
    let ledger = Ledger::parse(&text, LEDGER.as_ref()).expect("a ledger vitrine wrote reads back");
    ledger.entries.into_keys().collect()
}

#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Page,
    Redirect(String),
    Retired,
}

/// What the built site answers at `address` (`None`: nothing, a 404).
fn answer(built: &Built, address: &str) -> Option<Answer> {
    let file = vitrine::routes::output_file(address);
    let text = std::str::from_utf8(built.files.get(&file)?).unwrap();
    if let Some((_, rest)) = text.split_once("http-equiv=\"refresh\" content=\"0; url=") {
        let to = rest.split('"').next().unwrap().to_string();
        assert!(
            text.contains(&format!(
                "<link rel=\"canonical\" href=\"https://example.org{to}\">"
            )),
            "{text}"
        );
        assert!(text.contains(&format!("<a href=\"{to}\">")), "{text}");
        return Some(Answer::Redirect(to));
    }
    if text.contains("<h1>Page retirée</h1>") {
        assert!(text.contains("href=\"/actualites/\""), "{text}");
        return Some(Answer::Retired);
    }
    Some(Answer::Page)
}

/// Every address ever recorded answers: its page, a redirect in one step
/// to a page, or the « page retirée ».
fn assert_nothing_breaks(fixture: &Fixture, built: &Built, ever: &BTreeSet<String>) {
    for address in ever {
        match answer(built, address) {
            Some(Answer::Page | Answer::Retired) => {}
            Some(Answer::Redirect(to)) => assert_eq!(
                answer(built, &to),
                Some(Answer::Page),
                "{address} redirects to {to}, which is no page"
            ),
            None => panic!(
                "{address} answers nothing; ledger:\n{}",
                fixture.read(LEDGER)
            ),
        }
    }
}

fn redirect(to: &str) -> Option<Answer> {
    Some(Answer::Redirect(to.to_string()))
}

#[test]
fn renames_slugs_titles_and_deletions_across_three_publishes_break_no_address() {
    let fixture = site();
    let mut ever = BTreeSet::new();

    // 1. First publish: every page is recorded, with its file.
    let first = publish(&fixture);
    ever.extend(recorded(&fixture));
    for address in [
        "/",
        "/actualites/",
        "/actualites/page/2/",
        "/actualites/premier-article/",
        "/actualites/second-article/",
        "/actualites/troisieme-article/",
        "/actualites/quatrieme-article/",
        "/a-propos/",
        "/convention/",
        "/partenaires/alpha/",
    ] {
        assert!(ever.contains(address), "{address} not recorded: {ever:?}");
        assert_eq!(answer(&first, address), Some(Answer::Page), "{address}");
    }
    assert!(
        fixture
            .read(LEDGER)
            .contains("\n/actualites/second-article/ content/actualites/second.md\n")
    );
    assert!(
        !ever
            .iter()
            .any(|a| a.ends_with(".html") || a.contains("sitemap"))
    );

    // 2. A file renamed (same title: same address), a slug given, a title
    // edited (the slug follows it), an article deleted.
    let premier = fixture.read("content/actualites/premier.md");
    fixture
        .remove("content/actualites/premier.md")
        .write("content/actualites/premier-renomme.md", &premier)
        .replace(
            "content/actualites/second.md",
            "titre: Second article\n",
            "titre: Second article\nslug: deuxieme\n",
        )
        .replace(
            "content/actualites/second.md",
            "@/actualites/premier.md",
            "@/actualites/premier-renomme.md",
        )
        .replace(
            "content/actualites/quatrieme.md",
            "titre: Quatrième article",
            "titre: Quatrième article revu",
        )
        .remove("content/actualites/troisieme.md");
    let second = publish(&fixture);
    ever.extend(recorded(&fixture));
    assert_eq!(
        answer(&second, "/actualites/premier-article/"),
        Some(Answer::Page)
    );
    assert_eq!(
        answer(&second, "/actualites/second-article/"),
        redirect("/actualites/deuxieme/")
    );
    assert_eq!(
        answer(&second, "/actualites/quatrieme-article/"),
        redirect("/actualites/quatrieme-article-revu/")
    );
    assert_eq!(
        answer(&second, "/actualites/troisieme-article/"),
        Some(Answer::Retired)
    );
    // The renamed file now answers for its address.
    assert!(
        fixture
            .read(LEDGER)
            .contains("\n/actualites/premier-article/ content/actualites/premier-renomme.md\n")
    );
    assert_nothing_breaks(&fixture, &second, &ever);

    // 3. The slug changes again (both former addresses lead to the new one
    // in one step), the renamed file is renamed and retitled at once (its
    // editor declares the former address), an article is deleted (one
    // list page fewer).
    fixture
        .replace(
            "content/actualites/second.md",
            "slug: deuxieme",
            "slug: deuxieme-bis",
        )
        .replace(
            "content/actualites/second.md",
            "@/actualites/premier-renomme.md",
            "@/actualites/p1.md",
        )
        .remove("content/actualites/premier-renomme.md")
        .write(
            "content/actualites/p1.md",
            &premier.replace(
                "titre: Premier article\n",
                "titre: Le premier, retitré\nanciennes_adresses: [/actualites/premier-article/]\n",
            ),
        )
        .remove("content/actualites/quatrieme.md");
    let third = publish(&fixture);
    ever.extend(recorded(&fixture));
    for former in ["/actualites/second-article/", "/actualites/deuxieme/"] {
        assert_eq!(
            answer(&third, former),
            redirect("/actualites/deuxieme-bis/"),
            "{former}"
        );
    }
    assert_eq!(
        answer(&third, "/actualites/premier-article/"),
        redirect("/actualites/le-premier-retitre/")
    );
    for gone in [
        "/actualites/quatrieme-article/",
        "/actualites/quatrieme-article-revu/",
        "/actualites/troisieme-article/",
    ] {
        assert_eq!(answer(&third, gone), Some(Answer::Retired), "{gone}");
    }
    assert_eq!(
        answer(&third, "/actualites/page/2/"),
        redirect("/actualites/")
    );
    assert_nothing_breaks(&fixture, &third, &ever);

    // Neither redirects nor retired pages are announced.
    let sitemap = third.file("sitemap.xml");
    let feed = third.file("atom.xml");
    for former in [
        "/actualites/second-article/",
        "/actualites/troisieme-article/",
    ] {
        assert!(!sitemap.contains(former), "{sitemap}");
        assert!(!feed.contains(former), "{feed}");
    }
    // The ledger never forgets, and reads the same when nothing changes.
    let before = fixture.read(LEDGER);
    publish(&fixture);
    assert_eq!(fixture.read(LEDGER), before);
    assert!(ever.iter().all(|a| before.contains(&format!("\n{a}"))));
}

/// The site after a slug change and a deletion, built under `base`.
fn moved_site(base: Option<&str>) -> Built {
    let fixture = site();
    publish(&fixture);
    fixture
        .replace(
            "content/actualites/second.md",
            "titre: Second article\n",
            "titre: Second article\nslug: deuxieme\n",
        )
        .remove("content/actualites/troisieme.md");
    let mut options = fixture.options();
    options.base_url = base.map(str::to_string);
    fixture
        .build_with(&options)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn host_files_redirect_retire_and_set_headers() {
    let built = moved_site(None);
    let htaccess = built.file(".htaccess");
    for line in [
        "ErrorDocument 404 /404.html\n",
        "ErrorDocument 410 /410.html\n",
        "  RedirectMatch 301 ^/actualites/second-article/(index\\.html)?$ https://example.org/actualites/deuxieme/\n",
        "  RedirectMatch gone ^/actualites/troisieme-article/(index\\.html)?$\n",
        "  Header always set X-Content-Type-Options \"nosniff\"\n",
        "  <FilesMatch \"\\.[0-9a-f]{8,}\\.(css|js|mjs|png|jpe?g|gif|webp|avif|svg|woff2?)$\">\n    Header set Cache-Control \"public, max-age=31536000, immutable\"\n",
        "  AddOutputFilterByType DEFLATE text/html text/css",
    ] {
        assert!(htaccess.contains(line), "no {line:?} in:\n{htaccess}");
    }
    // The page Apache shows with its 410 is the « page retirée ».
    assert!(built.file("410.html").contains("<h1>Page retirée</h1>"));
    let redirects = built.file("_redirects");
    let rules: Vec<&str> = redirects.lines().filter(|l| !l.starts_with('#')).collect();
    // One article fewer: its partner's second list page leads to the first.
    assert_eq!(
        rules,
        [
            "/actualites/second-article/ /actualites/deuxieme/ 301!",
            "/partenaires/alpha/page/2/ /partenaires/alpha/ 301!"
        ]
    );
    let headers = built.file("_headers");
    assert!(
        headers.contains("/*\n  X-Content-Type-Options: nosniff\n"),
        "{headers}"
    );
    assert!(
        headers.contains("/actualites/troisieme-article/\n  X-Robots-Tag: noindex\n"),
        "{headers}"
    );
}

#[test]
fn under_a_sub_path_every_rule_and_page_carries_it() {
    let built = moved_site(Some("https://example.org/hub/"));
    let htaccess = built.file(".htaccess");
    for line in [
        "ErrorDocument 404 /hub/404.html\n",
        "ErrorDocument 410 /hub/410.html\n",
        "RedirectMatch 301 ^/hub/actualites/second-article/(index\\.html)?$ https://example.org/hub/actualites/deuxieme/\n",
        "RedirectMatch gone ^/hub/actualites/troisieme-article/(index\\.html)?$\n",
    ] {
        assert!(htaccess.contains(line), "no {line:?} in:\n{htaccess}");
    }
    assert!(
        built
            .file("_redirects")
            .contains("\n/hub/actualites/second-article/ /hub/actualites/deuxieme/ 301!\n")
    );
    assert!(built.file("_headers").contains("\n/hub/*\n"));
    let page = built.page("/actualites/second-article/");
    assert!(
        page.contains("content=\"0; url=/hub/actualites/deuxieme/\""),
        "{page}"
    );
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://example.org/hub/actualites/deuxieme/\">"
        ),
        "{page}"
    );
    let retired = built.page("/actualites/troisieme-article/");
    assert!(retired.contains("href=\"/hub/actualites/\""), "{retired}");
    assert!(retired.contains("<meta name=\"robots\" content=\"noindex\">"));
}

#[test]
fn a_theme_without_a_retired_page_gets_vitrines_own() {
    let fixture = Fixture::tiny();
    fixture.write(
        LEDGER,
        "/actualites/disparu/ content/actualites/disparu.md\n/ancien.html\n",
    );
    let built = fixture.build().unwrap_or_else(|e| panic!("{e}"));
    for file in ["actualites/disparu/index.html", "ancien.html", "410.html"] {
        let page = built.file(file);
        assert!(page.contains("<h1>Page retirée</h1>"), "{page}");
        assert!(page.contains("<a href=\"/actualites/\">Toutes les actualités</a>"));
    }
}

#[test]
fn check_lists_the_addresses_that_will_redirect_or_disappear() {
    let fixture = site();
    publish(&fixture);
    fixture
        .replace(
            "content/actualites/second.md",
            "titre: Second article\n",
            "titre: Second article\nslug: deuxieme\n",
        )
        .remove("content/actualites/troisieme.md");
    let ledger = fixture.read(LEDGER);
    let line_of = |address: &str| ledger.lines().position(|l| l.starts_with(address)).unwrap() + 1;
    let output = fixture.vitrine(&["check"]);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}{}", stderr(&output));
    let moved = format!(
        "note : l'adresse publiée /actualites/second-article/ redirigera vers /actualites/deuxieme/\n  --> content/adresses.txt:{}\n",
        line_of("/actualites/second-article/")
    );
    let gone = format!(
        "note : l'adresse publiée /actualites/troisieme-article/ n'a plus de page : elle affichera « page retirée »\n  --> content/adresses.txt:{}\n",
        line_of("/actualites/troisieme-article/")
    );
    assert!(out.contains(&moved), "{out}");
    assert!(out.contains(&gone), "{out}");
}

#[test]
fn build_records_addresses_only_when_asked() {
    let fixture = site();
    let output = fixture.vitrine(&["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!fixture.path(LEDGER).exists());
    let output = fixture.vitrine(&["build", "--enregistrer-adresses"]);
    let out = stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        out.contains("Adresses enregistrées dans content/adresses.txt : "),
        "{out}"
    );
    assert!(
        fixture
            .read(LEDGER)
            .contains("\n/actualites/premier-article/ content/actualites/premier.md\n")
    );
    // Drafts are never recorded: the two options do not go together.
    let output = fixture.vitrine(&["build", "--drafts", "--enregistrer-adresses"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

/// Builds `fixture`, expecting one problem, reported in French.
fn one_error(fixture: &Fixture) -> vitrine::Diagnostic {
    let mut diagnostics = fixture.errors();
    let diagnostic = single(&diagnostics);
    assert_french(diagnostic);
    diagnostics.0.remove(0)
}

#[test]
fn a_ledger_edited_into_nonsense_is_refused_at_its_line() {
    for (line, text) in [
        (
            "actualites/sans-barre/",
            "ligne illisible dans le registre des adresses : « actualites/sans-barre/ »",
        ),
        (
            "<<<<<<< HEAD",
            "ligne illisible dans le registre des adresses : « <<<<<<< HEAD »",
        ),
        (
            "/actualites/sans-barre-finale",
            "ligne illisible dans le registre des adresses : « /actualites/sans-barre-finale »",
        ),
        (
            "/a-propos/",
            "l'adresse /a-propos/ figure deux fois dans le registre des adresses (déjà ligne 2)",
        ),
    ] {
        let fixture = site();
        fixture.write(
            LEDGER,
            &format!("# registre\n/a-propos/ content/pages/a-propos.md\n{line}\n/convention/\n"),
        );
        let diagnostic = one_error(&fixture);
        assert_eq!(diagnostic.message(), text);
        assert_at(&diagnostic, LEDGER, Some(3));
        assert!(diagnostic.problem::<AddressError>().is_some());
        assert!(diagnostic.to_string().contains("  = aide : "));
        // Recording refuses it too, and leaves the file as it was.
        let before = fixture.read(LEDGER);
        let refused = addresses::record_published(fixture.root(), &["/x/".into()]).unwrap_err();
        assert_eq!(single(&refused).message(), text);
        assert_eq!(fixture.read(LEDGER), before);
    }
}

#[test]
fn a_ledger_that_is_not_text_is_refused() {
    let fixture = site();
    fixture.write_bytes(LEDGER, b"/a-propos/\n/\xff/\n");
    let diagnostic = one_error(&fixture);
    assert_eq!(
        diagnostic.message(),
        "le registre des adresses n'est pas du texte UTF-8 valide"
    );
    assert_at(&diagnostic, LEDGER, Some(2));
}

#[test]
fn bad_former_addresses_are_refused_at_their_line() {
    let cases = [
        (
            "[/a-propos/]",
            "l'ancienne adresse /a-propos/ est l'adresse actuelle de content/pages/a-propos.md",
        ),
        (
            "[/convention/]",
            "l'ancienne adresse /convention/ est celle d'une page que vitrine produit",
        ),
        (
            "[/actualites/troisieme-article/]",
            "l'ancienne adresse /actualites/troisieme-article/ est l'adresse actuelle de cette page : elle redirigerait vers elle-même",
        ),
        (
            "[/410.html]",
            "l'ancienne adresse /410.html est celle d'une page que vitrine produit",
        ),
        (
            "[actualites/x/]",
            "ancienne adresse invalide « actualites/x/ » : elle commence par « / », sans le domaine",
        ),
        (
            "[/medias/photo.jpg]",
            "ancienne adresse invalide « /medias/photo.jpg » : c'est celle d'un fichier : une adresse de page finit par « / » ou « .html »",
        ),
    ];
    for (aliases, text) in cases {
        let fixture = site();
        fixture.write(
            "content/actualites/troisieme.md",
            &article(
                "Troisième article",
                "2023-09-01",
                &format!("anciennes_adresses: {aliases}\n"),
            ),
        );
        let diagnostic = one_error(&fixture);
        assert_eq!(diagnostic.message(), text, "{aliases}");
        assert_at(&diagnostic, "content/actualites/troisieme.md", Some(6));
    }
}

#[test]
fn a_former_address_declared_twice_names_both_files() {
    let fixture = site();
    fixture
        .write(
            "content/actualites/troisieme.md",
            &article(
                "Troisième article",
                "2023-09-01",
                "aliases:\n  - /ancien/\n",
            ),
        )
        .write(
            "content/actualites/quatrieme.md",
            &article("Quatrième article", "2023-08-01", "aliases: [/ancien]\n"),
        );
    let diagnostic = one_error(&fixture);
    assert_eq!(
        diagnostic.message(),
        "l'ancienne adresse /ancien/ est déjà déclarée par content/actualites/troisieme.md"
    );
    assert_at(&diagnostic, "content/actualites/quatrieme.md", Some(6));
}

#[test]
fn a_declared_former_address_redirects_without_any_ledger() {
    let fixture = site();
    fixture.write(
        "content/pages/a-propos.md",
        "---\ntitre: À propos\nanciennes_adresses: [/qui-sommes-nous/, /presentation.html]\n---\n\nLe hub.\n",
    );
    let built = fixture.build().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answer(&built, "/qui-sommes-nous/"), redirect("/a-propos/"));
    assert_eq!(answer(&built, "/presentation.html"), redirect("/a-propos/"));
    // Once published, the address is recorded with the file declaring it.
    publish(&fixture);
    let ledger = fixture.read(LEDGER);
    assert!(ledger.contains("\n/qui-sommes-nous/ content/pages/a-propos.md\n"));
    assert!(ledger.contains("\n/presentation.html content/pages/a-propos.md\n"));
    assert!(!ledger.contains("404.html") && !ledger.contains("_redirects"));
    // The declaration may go: the ledger remembers where they lead.
    fixture.write(
        "content/pages/a-propos.md",
        "---\ntitre: À propos\n---\n\nLe hub.\n",
    );
    let built = publish(&fixture);
    assert_eq!(answer(&built, "/qui-sommes-nous/"), redirect("/a-propos/"));
    assert_eq!(answer(&built, "/presentation.html"), redirect("/a-propos/"));
}

#[test]
fn an_identity_follows_a_file_renamed_and_retitled_at_once() {
    let fixture = site();
    fixture.write(
        "content/actualites/troisieme.md",
        &article("Troisième article", "2023-09-01", "identifiant: rentree\n"),
    );
    publish(&fixture);
    assert!(
        fixture
            .read(LEDGER)
            .contains("\n/actualites/troisieme-article/ identifiant:rentree\n")
    );
    fixture.remove("content/actualites/troisieme.md").write(
        "content/actualites/rentree-2024.md",
        &article("La rentrée 2024", "2023-09-01", "identifiant: rentree\n"),
    );
    let built = publish(&fixture);
    assert_eq!(
        answer(&built, "/actualites/troisieme-article/"),
        redirect("/actualites/la-rentree-2024/")
    );
}

#[test]
fn identities_are_well_formed_and_unique() {
    let fixture = site();
    fixture.write(
        "content/actualites/troisieme.md",
        &article(
            "Troisième article",
            "2023-09-01",
            "identifiant: Rentrée 2024\n",
        ),
    );
    let diagnostic = one_error(&fixture);
    assert_eq!(
        diagnostic.message(),
        "identifiant invalide « Rentrée 2024 »"
    );
    assert_at(&diagnostic, "content/actualites/troisieme.md", Some(6));

    let fixture = site();
    fixture
        .write(
            "content/actualites/troisieme.md",
            &article("Troisième article", "2023-09-01", "id: rentree\n"),
        )
        .write(
            "content/actualites/quatrieme.md",
            &article("Quatrième article", "2023-08-01", "identifiant: rentree\n"),
        );
    let diagnostic = one_error(&fixture);
    assert_eq!(
        diagnostic.message(),
        "l'identifiant « rentree » est déjà celui de content/actualites/troisieme.md"
    );
    assert_at(&diagnostic, "content/actualites/quatrieme.md", Some(6));
}
