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
    // (« Mentions légales » is a page vitrine generates since issue 17.)
    let run = site.vitrine(&["new", "pages", "Plan d'accès", "--root", root]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(site.path("content/pages/plan-dacces.md").is_file());
    let run = site.vitrine(&["build", "--drafts"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(site.path("public/plan-dacces/index.html").is_file());
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

/// One defect of each lint kind, on the default theme: each is reported with
/// its file and line, and drafts and future articles are listed.
#[test]
fn check_reports_each_lint_kind_with_file_and_line() {
    let site = Fixture::minimal();
    let long_title = "Un titre beaucoup trop long pour un article ".repeat(3);
    let long_lead = "Un chapo bien trop long. ".repeat(13);
    site.write(
        "content/medias/x.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "content/actualites/defauts.md",
        &format!(
            "---\ntitre: {long_title}\ndate: 2023-11-02\nchapo: {long_lead}\npartenaires: []\nthematiques: [sante]\nimage: /medias/x.svg\n---\n\n# Un titre de niveau un\n\n## Section\n\n#### Trop profond\n\n![](/medias/x.svg)\n\n[](https://example.org/) et [ici](https://example.org/).\n"
        ),
    );
    site.write(
        "content/actualites/sans-theme.md",
        "---\ntitre: Sans thématique\ndate: 2023-11-03\npartenaires: [alpha]\n---\n\nTexte.\n",
    );
    site.write(
        "content/actualites/brouillon.md",
        "---\ntitre: En cours\ndate: 2023-11-04\nbrouillon: true\npartenaires: [alpha]\nthematiques: [sante]\n---\nTexte.\n",
    );
    site.write(
        "content/actualites/futur.md",
        "---\ntitre: Plus tard\ndate: 2099-03-03\npartenaires: [alpha]\nthematiques: [sante]\n---\nTexte.\n",
    );
    let partners = site.read("content/partenaires.yaml");
    site.write(
        "content/partenaires.yaml",
        &format!("{partners}- id: gamma\n  nom: Gamma\n  type: Cluster\n  description: Personne ne le cite.\n"),
    );
    let themes = site.read("content/thematiques.yaml");
    site.write(
        "content/thematiques.yaml",
        &format!("{themes}- id: culture\n  titre: Culture\n  description: Personne ne la cite.\n"),
    );
    site.replace(
        "content/site.yaml",
        "    url: /actualites/\n",
        "    url: /actualites/\n  - titre: Nulle part\n    url: /nulle-part/\n",
    );

    let run = site.vitrine(&["check"]);
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(0), "warnings alone pass: {out}");
    let defects = "content/actualites/defauts.md";
    for (message, location) in [
        ("titre trop long (131 caractères)", format!("{defects}:2:1")),
        ("chapo trop long (324 caractères)", format!("{defects}:4:1")),
        (
            "l'article ne cite aucun partenaire",
            format!("{defects}:5:1"),
        ),
        (
            "image de l'article sans texte alternatif",
            format!("{defects}:7:1"),
        ),
        (
            "intertitre de niveau 1 dans le texte",
            format!("{defects}:10:1"),
        ),
        (
            "niveau d'intertitre sauté : 2 puis 4",
            format!("{defects}:14:1"),
        ),
        ("image sans texte alternatif", format!("{defects}:16:1")),
        ("lien sans texte", format!("{defects}:18:1")),
        (
            "texte de lien peu explicite « ici »",
            format!("{defects}:18:29"),
        ),
        (
            "l'article ne cite aucune thématique",
            "content/actualites/sans-theme.md:2:1".into(),
        ),
        (
            "l'article n'a pas de chapo",
            "content/actualites/sans-theme.md:2:1".into(),
        ),
        (
            "aucun article publié ne cite le partenaire « gamma »",
            "content/partenaires.yaml:9:7".into(),
        ),
        (
            "aucun article publié ne cite la thématique « culture »",
            "content/thematiques.yaml:4:7".into(),
        ),
        (
            "lien interne cassé « /nulle-part/ »",
            "content/site.yaml:11:10".into(),
        ),
        (
            "ne sera pas publié : brouillon",
            "content/actualites/brouillon.md:4:1".into(),
        ),
        (
            "ne sera pas publié : daté du 3 mars 2099",
            "content/actualites/futur.md:3:1".into(),
        ),
    ] {
        assert!(out.contains(message), "missing « {message} »:\n{out}");
        let block = &out[out.find(message).unwrap_or(0)..];
        assert!(
            block.lines().nth(1).is_some_and(|l| l.ends_with(&location)),
            "« {message} » not at {location}:\n{out}"
        );
    }
    assert!(
        out.ends_with("Vérification terminée : 0 erreur, 15 avertissements, 2 notes.\n"),
        "{out}"
    );
}

#[test]
fn help_and_command_line_errors_are_french() {
    let site = Fixture::tiny();
    let run = site.vitrine(&["build", "--help"]);
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(0));
    assert!(
        out.contains("Utilisation : vitrine build [options]"),
        "{out}"
    );
    assert!(
        out.contains("--output <DOSSIER>") && out.contains("(par défaut : .)"),
        "{out}"
    );
    for english in ["Usage", "Print help", "[default", "[OPTIONS]"] {
        assert!(!out.contains(english), "English « {english} » in:\n{out}");
    }

    let run = site.vitrine(&["biuld"]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(
        err.starts_with(
            "erreur : commande inconnue « biuld »\n  = aide : vouliez-vous dire « build » ?"
        ),
        "{err}"
    );

    let run = site.vitrine(&["build", "--outptu", "x"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("option inconnue « --outptu »"),
        "{}",
        stderr(&run)
    );

    let run = site.vitrine(&["new"]);
    assert!(
        stderr(&run).contains("il manque <SECTION>, <TITRE>"),
        "{}",
        stderr(&run)
    );
}

/// The preview is a cargo feature (`serve`, on by default): the help lists
/// `vitrine serve` only when it is compiled in, and a vitrine compiled
/// without it says so in French when asked for it.
#[test]
fn serve_is_listed_only_when_compiled_in() {
    let site = Fixture::tiny();
    let help = site.vitrine(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    // The column of descriptions follows the longest command's name.
    let listed = stdout(&help).lines().any(|line| {
        line.starts_with("  serve ")
            && line
                .trim_end()
                .ends_with("le reconstruit à chaque modification")
    });
    assert_eq!(listed, cfg!(feature = "serve"), "{}", stdout(&help));
}

#[cfg(not(feature = "serve"))]
#[test]
fn serve_left_out_of_this_vitrine_says_so() {
    let site = Fixture::tiny();
    for args in [
        &["serve"][..],
        &["serve", "--port", "0", "--root", "ailleurs"],
        &["serve", "--help"],
        &["help", "serve"],
    ] {
        let run = site.vitrine(args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&run), "", "{args:?}");
        assert_eq!(
            stderr(&run),
            "erreur : cette version de vitrine a été compilée sans l'aperçu : « vitrine serve » n'y existe pas\n\
             \x20 = aide : « vitrine build » construit le site dans public/ ; pour l'aperçu, compilez vitrine \
             avec la fonctionnalité « serve » (active par défaut)\n",
            "{args:?}"
        );
    }
    // Only `serve` is special: other unknown commands stay unknown.
    let run = site.vitrine(&["servir"]);
    assert!(
        stderr(&run).starts_with("erreur : commande inconnue « servir »\n"),
        "{}",
        stderr(&run)
    );
}
