//! The `vitrine` binary: exit codes and French messages of `check` and `new`.

mod common;

use common::Fixture;
use common::assertions::{stderr, stdout};

const ARTICLE: &str = "content/actualites/premier-article.md";

#[test]
fn build_succeeds_on_the_fixture() {
    let site = Fixture::tiny();
    let run = site.vitrine(&["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stdout(&run).starts_with("Site construit dans "),
        "{}",
        stdout(&run)
    );
    assert!(
        site.path("public/actualites/premier-article/index.html")
            .is_file()
    );
}

#[test]
fn check_of_a_clean_site_passes_and_writes_nothing() {
    let site = Fixture::tiny();
    let run = site.vitrine(&["check"]);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    assert_eq!(
        stdout(&run).trim(),
        "Vérification terminée : 0 erreur, 0 avertissement."
    );
    assert!(!site.path("public").exists(), "check must not write output");
}

#[test]
fn check_warnings_pass_unless_strict() {
    let site = Fixture::tiny();
    site.replace(
        ARTICLE,
        "Un paragraphe",
        "![](/style.css) [cliquez ici](https://exemple.org/). Un paragraphe",
    );
    let run = site.vitrine(&["check"]);
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(0), "{out}");
    assert!(
        out.contains(&format!(
            "avertissement : image sans texte alternatif\n  --> {ARTICLE}:9:1\n  = aide : "
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "avertissement : texte de lien peu explicite « cliquez ici »\n  --> {ARTICLE}:9:17"
        )),
        "{out}"
    );
    assert!(
        out.ends_with("Vérification terminée : 0 erreur, 2 avertissements.\n"),
        "{out}"
    );

    let run = site.vitrine(&["check", "--strict"]);
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(1), "{out}");
    assert!(
        out.contains("erreur : image sans texte alternatif"),
        "{out}"
    );
    assert!(
        out.ends_with("Vérification terminée : 2 erreurs, 0 avertissement.\n"),
        "{out}"
    );
}

#[test]
fn check_reports_build_errors_and_lints_together() {
    let site = Fixture::tiny();
    site.replace(ARTICLE, "[upec, territoire]", "[upek, territoire]");
    site.replace(ARTICLE, "## Un intertitre", "#### Un intertitre");
    let run = site.vitrine(&["check", "--root", "."]);
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!(
            "erreur : identifiant de partenaire inconnu « upek »\n  --> {ARTICLE}:5:15"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "avertissement : le premier intertitre est de niveau 4 au lieu de 2\n  --> {ARTICLE}:11:1"
        )),
        "{out}"
    );
    assert!(out.contains("Vérification terminée : 1 erreur, "), "{out}");
}

#[test]
fn check_lists_what_will_not_be_published() {
    let site = Fixture::tiny();
    site.write(
        "content/actualites/futur.md",
        "---\ntitre: Plus tard\ndate: 2999-03-03\nchapo: Bientôt.\npartenaires: [upec]\nthematiques: [sante]\n---\nTexte.\n",
    );
    site.replace(ARTICLE, "chapo:", "brouillon: true\nchapo:");
    let run = site.vitrine(&["check"]);
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(0), "{out}");
    assert!(
        out.contains(&format!(
            "note : ne sera pas publié : brouillon\n  --> {ARTICLE}:4:1"
        )),
        "{out}"
    );
    assert!(
        out.contains(
            "note : ne sera pas publié : daté du 3 mars 2999\n  --> content/actualites/futur.md:3:1"
        ),
        "{out}"
    );
    // Nothing published cites these any more.
    assert!(
        out.contains("aucun article publié ne cite le partenaire « territoire »"),
        "{out}"
    );
}

#[test]
fn check_finds_broken_menu_links_in_site_yaml() {
    let site = Fixture::tiny();
    site.replace("content/site.yaml", "url: /a-propos/", "url: /apropos/");
    let run = site.vitrine(&["check"]);
    let out = stdout(&run);
    assert!(
        out.contains("avertissement : lien interne cassé « /apropos/ » sur la page "),
        "{out}"
    );
    assert!(out.contains("  --> content/site.yaml:9:10"), "{out}");
}

#[test]
fn check_of_a_site_without_content() {
    let site = Fixture::tiny();
    site.remove("content");
    let run = site.vitrine(&["check"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stdout(&run).contains("erreur : le dossier de contenu est introuvable"),
        "{}",
        stdout(&run)
    );
}

#[test]
fn new_article_is_a_draft_that_builds() {
    let site = Fixture::tiny();
    let run = site.vitrine(&["new", "actualites", "L'été « en fête » : 2024 !"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let out = stdout(&run);
    let created = "content/actualites/lete-en-fete-2024.md";
    assert!(
        out.starts_with(&format!("Fichier créé : {created}\n")),
        "{out}"
    );
    assert!(out.contains("Prochaines étapes"), "{out}");
    let text = site.read(created);
    assert!(
        text.contains("titre: \"L'été « en fête » : 2024 !\"\n"),
        "{text}"
    );
    assert!(text.contains("brouillon: true\n"), "{text}");
    assert!(text.contains("#   upec, territoire\n"), "{text}");
    assert!(text.contains("#   ville-durable, sante\n"), "{text}");

    // Skipped by a normal build, built with --drafts.
    let run = site.vitrine(&["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!site.path("public/actualites/lete-en-fete-2024").exists());
    let run = site.vitrine(&["build", "--drafts"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        site.path("public/actualites/lete-en-fete-2024/index.html")
            .is_file()
    );
}

#[test]
fn new_page_with_root() {
    let site = Fixture::tiny();
    let root = site.root().to_str().expect("UTF-8 temp path");
    let run = site.vitrine(&["new", "pages", "Mentions légales", "--root", root]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(site.path("content/pages/mentions-legales.md").is_file());
    let run = site.vitrine(&["build", "--drafts"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(site.path("public/mentions-legales/index.html").is_file());
}

#[test]
fn new_refuses_to_overwrite() {
    let site = Fixture::tiny();
    let before = site.read(ARTICLE);
    let run = site.vitrine(&["new", "actualites", "Premier article"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).starts_with(&format!("erreur : le fichier {ARTICLE} existe déjà\n")),
        "{}",
        stderr(&run)
    );
    assert_eq!(site.read(ARTICLE), before);
}

#[test]
fn new_refuses_unknown_sections() {
    let site = Fixture::tiny();
    let run = site.vitrine(&["new", "articles", "Un titre"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("erreur : section inconnue « articles »"),
        "{err}"
    );
    assert!(err.contains("actualites, pages"), "{err}");
}

#[test]
fn new_refuses_titles_without_a_slug() {
    let site = Fixture::tiny();
    let run = site.vitrine(&["new", "actualites", "🎉 !!"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("impossible de tirer un nom de fichier du titre « 🎉 !! »"),
        "{}",
        stderr(&run)
    );
    let run = site.vitrine(&["new", "pages", "Actualités"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("l'adresse /actualites/ est réservée"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn new_without_content_folder() {
    let site = Fixture::tiny();
    site.remove("content");
    let run = site.vitrine(&["new", "actualites", "Titre"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("le dossier de contenu ./content est introuvable")
            || stderr(&run).contains("le dossier de contenu content est introuvable"),
        "{}",
        stderr(&run)
    );
}
