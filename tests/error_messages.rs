//! The French wording of every kind of error, as editors read it: each
//! fixture breaks the tiny site in the ways of one kind, and its report,
//! laid out by the one printer, is compared with a snapshot committed in
//! `tests/snapshots/`. A library upgrade (YAML, Tera, clap) or a change of
//! wording that alters a message fails `cargo test`.
//!
//! After a deliberate change, review and accept the new texts with
//! `INSTA_UPDATE=always cargo test --test error_messages`, then read the
//! diff of `tests/snapshots/`. Without it, insta writes nothing in CI
//! (`CI=true`) and only a `.snap.new` beside the snapshot elsewhere; the
//! test fails either way.

mod common;

use std::path::Path;

use common::Fixture;
use common::assertions::{stderr, stdout};

const ARTICLE: &str = "content/actualites/premier-article.md";
const PAGE: &str = "content/pages/a-propos.md";
const SITE: &str = "content/site.yaml";

/// The report of the library build of `site`, which must fail.
fn build_report(site: &Fixture) -> String {
    relative(site, &site.errors().to_string())
}

/// The reports of several broken copies of the tiny site, one for each
/// defect that stops the build on its own.
fn build_reports(defects: &[&dyn Fn(&Fixture)]) -> String {
    let reports: Vec<String> = defects
        .iter()
        .map(|defect| {
            let site = Fixture::tiny();
            defect(&site);
            build_report(&site)
        })
        .collect();
    reports.join("\n\n")
}

/// Temp folders differ from one run to the next: the site root is shown
/// as `<site>`.
fn relative(site: &Fixture, text: &str) -> String {
    let real = std::fs::canonicalize(site.root()).expect("canonical root");
    text.replace(&real.display().to_string(), "<site>")
        .replace(&site.root().display().to_string(), "<site>")
}

/// An article of the tiny site, named `name`, with `front` between the
/// `---` and `body` after.
fn article(site: &Fixture, name: &str, front: &str, body: &str) {
    site.write(
        &format!("content/actualites/{name}.md"),
        &format!("---\n{front}---\n\n{body}"),
    );
}

#[test]
fn load() {
    let site = Fixture::tiny();
    site.remove("content/convention.yaml");
    site.write("content/actualites/notes.txt", "x");
    site.write("content/actualites/2023/autre.md", "x");
    site.write_bytes(PAGE, b"---\ntitre: A\n---\n\nCaf\xe9\n");
    insta::assert_snapshot!(build_report(&site));
}

#[test]
fn front_matter() {
    let site = Fixture::tiny();
    site.write(PAGE, "");
    site.write(
        "content/actualites/sans-fin.md",
        "---\ntitre: A\n\nTexte.\n",
    );
    site.write("content/actualites/sans-entete.md", "Texte seul.\n");
    insta::assert_snapshot!(build_report(&site));
}

#[test]
fn yaml() {
    let site = Fixture::tiny();
    site.replace(ARTICLE, "date: 2023-10-15", "date: hier");
    site.replace(PAGE, "titre: À propos", "titre: À propos\ntitle: About");
    article(
        &site,
        "syntaxe",
        "titre: \"Premier\ndate: 2023-10-16\n",
        "Texte.\n",
    );
    article(
        &site,
        "faute",
        "titre: Faute\ndate: 2023-10-17\nchappo: Un chapo.\n",
        "Texte.\n",
    );
    article(&site, "sans-date", "titre: Sans date\n", "Texte.\n");
    site.replace(
        SITE,
        "titre: Site d'essai",
        "titre: Site d'essai\ntitre: Bis",
    );
    insta::assert_snapshot!(build_report(&site));
}

#[test]
fn content() {
    let site = Fixture::tiny();
    site.replace(
        ARTICLE,
        "partenaires: [upec, territoire]",
        "partenaires: [upek]",
    );
    site.replace(
        ARTICLE,
        "thematiques: [ville-durable, sante]",
        "thematiques: [santé]",
    );
    site.replace(
        ARTICLE,
        "chapo: Un article pour les tests.",
        "chapo: Un article pour les tests.\nimage: absente.jpg\nimage_alt: Rien",
    );
    article(
        &site,
        "doublon",
        "titre: Premier article\ndate: 2023-10-16\n",
        "Texte.\n",
    );
    article(
        &site,
        "mauvais-slug",
        "titre: Mauvais\ndate: 2023-10-17\nslug: Mauvais Slug\n",
        "Texte.\n",
    );
    site.replace(
        "content/thematiques.yaml",
        "- id: sante",
        "- id: Santé Publique",
    );
    insta::assert_snapshot!(build_report(&site));
}

#[test]
fn markdown_links() {
    let report = build_reports(&[
        &|site| {
            site.replace(ARTICLE, "@/pages/a-propos.md", "@/pages/a-propo.md");
        },
        &|site| {
            site.replace(
                ARTICLE,
                "@/pages/a-propos.md",
                "@/pages/a-propos.md#qui-sommes-nou",
            );
            site.replace(
                ARTICLE,
                "Un paragraphe",
                "Voir [plus bas](#un-intertitr). Un paragraphe",
            );
        },
    ]);
    insta::assert_snapshot!(report);
}

#[test]
fn templates() {
    let report = build_reports(&[
        &|site| {
            site.write(
                "themes/essai/templates/page.html",
                // Indented: the columns are the file's, though vitrine
                // removes the indentation when it loads the template.
                "<h1>{{ page.titre }}</h1>\n{% if page.chapo %}\n  <p>{{ page.chapo }</p>\n",
            );
        },
        &|site| {
            site.write(
                "themes/essai/templates/page.html",
                "<h1>{{ page.titre }}</h1>\n\t<p>{{ page.auteur }}</p>\n",
            );
        },
        &|site| {
            site.remove("themes/essai/templates/_menu.html");
        },
        &|site| {
            site.remove("themes/essai/templates/partner.html");
        },
        &|site| {
            site.write("templates/404.html", "{{ inconnue }}");
        },
        &|site| {
            site.replace(SITE, "theme: essai", "theme: inconnu");
        },
    ]);
    insta::assert_snapshot!(report);
}

#[test]
fn output() {
    let site = Fixture::tiny();
    site.write("static/index.html", "<p>ancienne accueil</p>");
    let conflict = build_report(&site);
    site.remove("static/index.html");
    site.write("fichier", "je suis un fichier");
    let runs = [
        ["build", "--output", "content"],
        ["build", "--output", "."],
        ["build", "--output", "fichier/public"],
    ];
    let mut report = conflict;
    for args in runs {
        let run = site.vitrine(&args);
        report.push_str(&format!(
            "\n\n$ vitrine {} (code {:?})\n{}",
            args.join(" "),
            run.status.code(),
            relative(&site, &stderr(&run))
        ));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn urls() {
    let site = Fixture::tiny();
    site.replace(SITE, "url: https://exemple.fr/", "url: exemple.fr");
    site.replace(SITE, "url: /a-propos/", "url: javascript:alert(1)");
    site.replace(
        "content/partenaires.yaml",
        "description: Signataire.\n\n- id: territoire",
        "description: Signataire.\n  url: //upec.fr\n\n- id: territoire",
    );
    let mut report = build_report(&site);
    let run = site.vitrine(&["build", "--base-url", "ftp://exemple.fr"]);
    report.push_str(&format!(
        "\n\n$ vitrine build --base-url ftp://exemple.fr (code {:?})\n{}",
        run.status.code(),
        stderr(&run)
    ));
    insta::assert_snapshot!(report);
}

#[cfg(unix)]
#[test]
fn source_refusals() {
    let site = Fixture::tiny();
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("secret.md"), "secret").expect("write");
    let real_outside = std::fs::canonicalize(outside.path()).expect("canonical");
    std::os::unix::fs::symlink("..", site.path("content/actualites/boucle")).expect("symlink");
    std::os::unix::fs::symlink("nulle-part.md", site.path("content/actualites/lien.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(
        real_outside.join("secret.md"),
        site.path("content/pages/secret.md"),
    )
    .expect("symlink");
    let big = std::fs::File::create(site.path("content/actualites/immense.md")).expect("create");
    big.set_len(vitrine::source::MARKDOWN_LIMIT + 1)
        .expect("sparse file");
    std::fs::create_dir_all(site.path("static")).expect("mkdir");
    std::os::unix::net::UnixListener::bind(site.path("static/prise")).expect("socket");
    let report = build_report(&site).replace(&real_outside.display().to_string(), "<dehors>");
    insta::assert_snapshot!(report);
}

#[test]
fn check_warnings() {
    let site = Fixture::tiny();
    site.replace(ARTICLE, "chapo: Un article pour les tests.\n", "");
    site.replace(
        ARTICLE,
        "## Un intertitre",
        "# Un titre\n\n#### Trop bas\n\n[cliquez ici](/convention/) et [](/convention/)",
    );
    article(
        &site,
        "brouillon",
        "titre: Brouillon\ndate: 2023-10-16\nbrouillon: true\n",
        "<script>alert(1)</script>\n\n[lien](/absente/)\n",
    );
    let page = site.read(PAGE);
    site.write(
        PAGE,
        &format!("{page}\n<script>alert(1)</script>\n\nVoir [la liste](/absente/).\n"),
    );
    let report = vitrine::check::check(&site.options(), false);
    insta::assert_snapshot!(relative(&site, &report.to_string()));
}

#[test]
fn addresses() {
    const LEDGER: &str = "content/adresses.txt";
    let front = |extra: &str| format!("titre: Autre\ndate: 2023-10-01\n{extra}");
    let report = build_reports(&[
        &|site| {
            site.write(LEDGER, "/a-propos/\nactualites/x/\n/a-propos/\n");
        },
        &|site| {
            site.write_bytes(LEDGER, b"/a-propos/\n/\xff/\n");
        },
        &|site| {
            let aliases =
                "anciennes_adresses: [ancien, /a-propos/, /convention/, /actualites/autre/]\n";
            article(site, "autre", &front(aliases), "Texte.\n");
        },
        &|site| {
            article(
                site,
                "autre",
                &front("aliases: [/ancien/]\nidentifiant: Un Id\n"),
                "Texte.\n",
            );
            article(
                site,
                "encore",
                "titre: Encore\ndate: 2023-09-01\nanciennes_adresses: [/ancien/]\n",
                "Texte.\n",
            );
        },
        &|site| {
            article(site, "autre", &front("identifiant: le-meme\n"), "Texte.\n");
            article(
                site,
                "encore",
                "titre: Encore\ndate: 2023-09-01\nid: le-meme\n",
                "Texte.\n",
            );
        },
    ]);
    insta::assert_snapshot!(report);
}

#[test]
fn command_line() {
    let site = Fixture::tiny();
    let mut report = String::new();
    let missing = site.path("absent");
    let missing = missing.to_str().expect("utf-8 path");
    for args in [
        vec!["bulid"],
        vec!["build", "--drafs"],
        vec!["new", "blog", "Un titre"],
        vec!["new", "actualites", "Premier article"],
        vec!["new", "actualites", "!!!"],
        vec!["check", "--root", missing],
    ] {
        let run = site.vitrine(&args);
        let command = format!(
            "$ vitrine {} (code {:?})",
            args.join(" "),
            run.status.code()
        );
        let said = format!("{command}\n{}{}\n", stdout(&run), stderr(&run));
        report.push_str(&relative(&site, &said));
    }
    insta::assert_snapshot!(report);
}

/// The fixtures' root never leaks into a snapshot.
#[test]
fn snapshots_hold_no_temp_path() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let temp = std::env::temp_dir().display().to_string();
    for entry in std::fs::read_dir(dir).expect("snapshots") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "snap") {
            let text = std::fs::read_to_string(&path).expect("read");
            assert!(!text.contains(&temp), "{}", path.display());
        }
    }
}

/// The legal settings a production build refuses (issue 17).
#[test]
fn legal() {
    let site = Fixture::tiny();
    site.replace(SITE, "  directeur_publication: Camille Martin\n", "")
        .replace(
            SITE,
            "  editeur: Mairie d'essai\n",
            "  editeur: À compléter\n",
        )
        .replace(
            SITE,
            "url: https://exemple.fr/\n",
            "url: https://exemple.fr/\naccessibilite:\n  conformite: totale\n",
        );
    let mut options = site.options();
    options.production = true;
    let errors = vitrine::build(&options).expect_err("refused");
    insta::assert_snapshot!(relative(&site, &errors.to_string()));
}
