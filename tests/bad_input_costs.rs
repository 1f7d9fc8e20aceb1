//! Bad inputs that cost: each must build (or fail) in time linear in its
//! size, so each quadratic input below is large enough that the old code
//! took far longer than the one-second bound. Also the heading anchor's
//! escaping, and YAML and template errors worded for editors: located where
//! the problem starts, always in French.

mod common;

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use common::assertions::{assert_at, assert_french, problem, single};
use common::{Fixture, accepted, tiny};
use vitrine::Diagnostics;
use vitrine::load::LoadError;

const ARTICLE: &str = "content/actualites/premier-article.md";
const PAGE: &str = "content/pages/a-propos.md";
const PARTNERS: &str = "content/partenaires.yaml";
const THEMES: &str = "content/thematiques.yaml";

/// Debug builds of the tiny site take a few tens of milliseconds: one
/// second leaves room for a loaded machine, not for quadratic work.
const BOUND: Duration = Duration::from_secs(1);

/// Timed tests run one at a time, so they do not slow each other down.
static TIMED: Mutex<()> = Mutex::new(());

/// Runs `work` and checks it took less than [`BOUND`].
fn within_bound<T>(what: &str, work: impl FnOnce() -> T) -> T {
    let _alone = TIMED.lock().unwrap_or_else(PoisonError::into_inner);
    let started = Instant::now();
    let result = work();
    let elapsed = started.elapsed();
    assert!(elapsed < BOUND, "{what} took {elapsed:?}");
    result
}

/// The tiny site with `defect` applied; it must fail, in French.
fn refused(defect: impl FnOnce(&Fixture)) -> Diagnostics {
    let site = Fixture::tiny();
    defect(&site);
    let diagnostics = site.errors();
    for diagnostic in diagnostics.iter() {
        assert_french(diagnostic);
    }
    diagnostics
}

fn article_with_body(body: &str) -> String {
    format!("{}\n{body}", tiny::ARTICLE)
}

// ---------------------------------------------------------------------------
// Cost linear in the input.

#[test]
fn twenty_thousand_identical_headings_build_in_time() {
    let body = "## Même titre\n\n".repeat(20_000);
    let site = Fixture::tiny();
    site.write(ARTICLE, &article_with_body(&body));
    let built = within_bound("20,000 identical headings", || site.build())
        .unwrap_or_else(|d| panic!("should build:\n{d}"));
    let html = built.file("actualites/premier-article/index.html");
    assert!(html.contains(r#"<h2 id="meme-titre">"#), "first id");
    assert!(html.contains(r#"<h2 id="meme-titre-20000">"#), "last id");
    assert!(!html.contains("meme-titre-20001"));
}

#[test]
fn suffixed_ids_written_by_the_editor_are_skipped() {
    let body = "## A {#a-2}\n\n## A\n\n## A\n\n## A {#a-3}\n";
    let (_, built) = accepted(|s| {
        s.write(ARTICLE, &article_with_body(body));
    });
    let html = built.file("actualites/premier-article/index.html");
    for id in ["a-2", "a", "a-3-2", "a-3"] {
        assert_eq!(
            html.matches(&format!(r#"<h2 id="{id}">"#)).count(),
            1,
            "{id} in {html}"
        );
    }
}

// ---------------------------------------------------------------------------
// The heading anchor escapes its id.

#[test]
fn heading_id_cannot_inject_an_attribute() {
    let (_, built) = accepted(|s| {
        s.write(
            ARTICLE,
            &article_with_body("## T {#a\"onmouseover=\"x}\n\nVoir [T](#a\"onmouseover=\"x).\n"),
        );
    });
    let html = built.file("actualites/premier-article/index.html");
    assert!(!html.contains("\"onmouseover"), "{html}");
    assert!(
        html.contains(r##"<h2 id="a&quot;onmouseover=&quot;x">"##),
        "{html}"
    );
    assert!(
        html.contains(r##"<a class="ancre" href="#a&quot;onmouseover=&quot;x""##),
        "{html}"
    );
}

#[test]
fn huge_anchor_typo_gets_no_edit_distance() {
    // Two 50,000-character ids one letter apart: an edit distance between
    // them is 2.5 billion steps.
    let long = "a".repeat(50_000);
    let body = format!("## {long}\n\nVoir [la suite](#{long}b).\n");
    let diagnostics = within_bound("a typo in a 50,000-character anchor", || {
        let diagnostics = refused(|s| {
            s.write(ARTICLE, &article_with_body(&body));
        });
        let _ = diagnostics.to_string();
        diagnostics
    });
    let diagnostic = single(&diagnostics);
    assert_at(diagnostic, ARTICLE, Some(17));
    let hint = diagnostic.hint().unwrap_or_default();
    // The hint lists the page's anchors, the long one among them.
    assert_eq!(
        hint,
        format!("ancres de cette page : {long}, un-intertitre")
    );
}

#[test]
fn broken_anchors_to_a_long_page_do_not_copy_its_anchors() {
    // A page of 2,000 headings, and 2,000 links to anchors it does not have.
    let headings: String = (0..2_000).map(|n| format!("## Partie {n}\n\n")).collect();
    let links: String = (0..2_000)
        .map(|n| format!("[x](@/pages/a-propos.md#absente-{n})\n"))
        .collect();
    let diagnostics = within_bound("2,000 broken anchors to 2,000 headings", || {
        let diagnostics = refused(|s| {
            s.write(PAGE, &format!("{}\n{headings}", tiny::PAGE));
            s.write(ARTICLE, &article_with_body(&links));
        });
        let _ = diagnostics.to_string();
        diagnostics
    });
    assert_eq!(diagnostics.len(), 2_000);
    let first = diagnostics.iter().next().expect("one");
    assert_at(first, ARTICLE, Some(15));
    assert_eq!(
        first.to_string(),
        format!(
            "erreur : lien vers une ancre introuvable « #absente-0 » dans @/pages/a-propos.md\n  --> {ARTICLE}:15:1\n  = aide : ancres de cette page : partie-0, partie-1, partie-10, partie-100, partie-1000, partie-1001, partie-1002, partie-1003, partie-1004, partie-1005, … (2001 en tout)"
        )
    );
}

#[test]
fn broken_links_do_not_copy_the_list_of_every_file() {
    use std::collections::BTreeMap;
    use std::path::Path;
    use vitrine::markdown::{LinkContext, Source, render};
    use vitrine::urls::BaseUrl;

    // A site of 2,500 files; one body with 500 links to files it lacks
    // (1.25 M edit distances and copies of the file list before the fix).
    let links: BTreeMap<String, String> = (0..2_500)
        .map(|n| {
            (
                format!("actualites/article-{n}.md"),
                format!("/actualites/article-{n}/"),
            )
        })
        .collect();
    let body: String = (0..500)
        .map(|n| format!("[x](@/actualites/articel-{n}.md)\n"))
        .collect();
    let base = BaseUrl::parse("https://exemple.fr/");
    let context = LinkContext {
        base: &base,
        links: &links,
        images: &Default::default(),
    };
    let source = Source {
        key: "actualites/a.md".to_string(),
        file: Path::new(ARTICLE),
        first_line: 8,
    };
    let errors = within_bound("500 broken links in a site of 2,500 files", || {
        let errors = render(&body, &source, &context, false).expect_err("broken links");
        let _: Vec<String> = errors.iter().map(ToString::to_string).collect();
        errors
    });
    assert_eq!(errors.len(), 500);
    assert_eq!(
        errors[0].to_string(),
        format!(
            "erreur : lien vers un fichier introuvable « @/actualites/articel-0.md »\n  --> {ARTICLE}:8:1\n  = aide : vouliez-vous dire « @/actualites/article-0.md » ?\n           un lien interne s'écrit « @/actualites/fichier.md » ou « @/pages/fichier.md »"
        )
    );
}

// ---------------------------------------------------------------------------
// YAML aliases.

#[test]
fn megabyte_value_repeated_by_aliases_is_refused_in_time() {
    // A 1 MB title, repeated by 1,000 aliases: a gigabyte to copy.
    let aliases = vec!["*t"; 1_000].join(", ");
    let front = format!(
        "---\ntitre: &t \"{}\"\ndate: 2023-10-15\npartenaires: [{aliases}]\n---\n\nTexte.\n",
        "x".repeat(1 << 20)
    );
    let diagnostics = within_bound("a 1 MB value repeated 1,000 times", || {
        refused(|s| {
            s.write(ARTICLE, &front);
        })
    });
    let diagnostic = single(&diagnostics);
    assert!(matches!(problem(diagnostic), Some(LoadError::Yaml(_))));
    assert_at(diagnostic, ARTICLE, Some(4));
    assert_eq!(
        diagnostic.to_string(),
        format!(
            "erreur : les alias YAML (« *nom ») répètent trop de texte\n  --> {ARTICLE}:4\n  = aide : écrivez chaque valeur en entier plutôt que de la répéter avec « &nom » et « *nom »"
        )
    );
}

#[test]
fn a_few_aliases_are_still_accepted() {
    let (_, built) = accepted(|s| {
        s.write(
            THEMES,
            "- id: ville-durable\n  titre: &titre Ville durable\n  description: *titre\n\n- id: sante\n  titre: Santé\n  description: Bien vieillir.\n",
        );
    });
    assert!(built.has("thematiques/ville-durable/index.html"));
}

// ---------------------------------------------------------------------------
// YAML and template errors, worded for editors.

/// The single YAML problem of a refused site, with its message and hint.
fn yaml_error(defect: impl FnOnce(&Fixture)) -> (String, vitrine::Diagnostic) {
    let mut diagnostics = refused(defect);
    assert_eq!(diagnostics.len(), 1, "{diagnostics}");
    let diagnostic = diagnostics.0.remove(0);
    let Some(LoadError::Yaml(error)) = problem(&diagnostic) else {
        panic!("{diagnostic}")
    };
    (error.message.clone(), diagnostic)
}

#[test]
fn unclosed_quote_in_front_matter_points_at_its_opening_line() {
    // Twenty lines of front matter after the open quote: libyaml gives up
    // at the closing `---`, line 22.
    let filler: String = (0..19).map(|n| format!("# note {n}\n")).collect();
    let (message, diagnostic) = yaml_error(|s| {
        s.write(
            ARTICLE,
            &format!("---\ntitre: \"Premier article\ndate: 2023-10-15\n{filler}---\n\nTexte.\n"),
        );
    });
    assert_eq!(message, "guillemet ouvert ligne 2 jamais fermé");
    assert_at(&diagnostic, ARTICLE, Some(2));
    assert_eq!(diagnostic.location.column, Some(8));
}

#[test]
fn unclosed_quote_in_a_data_file_points_at_its_opening_line() {
    let (message, diagnostic) = yaml_error(|s| {
        s.replace(
            PARTNERS,
            "nom: Territoire d'essai",
            "nom: \"Territoire d'essai",
        );
    });
    assert_eq!(message, "guillemet ouvert ligne 7 jamais fermé");
    assert_at(&diagnostic, PARTNERS, Some(7));
}

#[test]
fn unclosed_bracket_points_at_its_opening_line() {
    let (message, diagnostic) = yaml_error(|s| {
        s.replace(
            ARTICLE,
            "partenaires: [upec, territoire]",
            "partenaires: [upec, territoire",
        );
    });
    assert_eq!(message, "crochet « [ » ouvert ligne 5 jamais fermé");
    assert_at(&diagnostic, ARTICLE, Some(5));
}

#[test]
fn yaml_messages_unknown_to_vitrine_are_still_french() {
    // An escape libyaml refuses, a second document: neither shows
    // serde_yaml's English.
    for (file, from, to, expected) in [
        (
            ARTICLE,
            "titre: Premier article",
            "titre: \"Premier \\q article\"",
            "YAML invalide : « \\ » inconnu dans un texte entre guillemets doubles (écrivez « \\\\ », ou des guillemets simples)",
        ),
        (
            THEMES,
            "- id: sante",
            "---\n- id: sante",
            "YAML invalide : le texte contient plusieurs documents YAML (une ligne « --- » en trop ?)",
        ),
    ] {
        let (message, diagnostic) = yaml_error(|s| {
            s.replace(file, from, to);
        });
        assert_eq!(message, expected);
        assert_eq!(diagnostic.location.file, std::path::PathBuf::from(file));
        assert!(!diagnostic.to_string().contains("while"), "{diagnostic}");
    }
}

#[test]
fn template_messages_unknown_to_vitrine_are_still_french() {
    // Tera's "Tried to iterate using key value on variable …" is not in
    // vitrine's table: the editor gets French, never Tera's English.
    let diagnostics = refused(|s| {
        s.write(
            "themes/essai/templates/404.html",
            "{% for k, v in site.titre %}{{ k }}{% endfor %}",
        );
    });
    let diagnostic = single(&diagnostics);
    assert_at(diagnostic, "themes/essai/templates/404.html", Some(1));
    let first_line = diagnostic.to_string();
    let first_line = first_line.lines().next().unwrap_or_default();
    assert_eq!(
        first_line,
        "erreur : erreur dans le gabarit « 404.html » : construction non reconnue à cet endroit"
    );
}

#[test]
fn id_differing_only_by_case_is_suggested() {
    let diagnostics = refused(|s| {
        s.replace(
            ARTICLE,
            "partenaires: [upec, territoire]",
            "partenaires: [UPEC, territoire]",
        );
    });
    let diagnostic = single(&diagnostics);
    assert_at(diagnostic, ARTICLE, Some(5));
    assert_eq!(
        diagnostic.to_string(),
        format!(
            "erreur : identifiant de partenaire inconnu « UPEC »\n  --> {ARTICLE}:5:15\n  = aide : vouliez-vous dire « upec » ?\n           identifiants définis dans content/partenaires.yaml : upec, territoire"
        )
    );
}

#[test]
fn empty_slug_key_is_not_asked_to_be_added() {
    let diagnostics = refused(|s| {
        s.replace(ARTICLE, "titre: Premier article", "titre: \"🎉\"\nslug:");
    });
    let hint = single(&diagnostics).hint().unwrap_or_default();
    assert_eq!(
        hint,
        "la clé « slug » est vide : donnez-lui une valeur, par exemple « slug: mon-article »"
    );
    let diagnostics = refused(|s| {
        s.replace(ARTICLE, "titre: Premier article", "titre: \"🎉\"");
    });
    let hint = single(&diagnostics).hint().unwrap_or_default();
    assert_eq!(
        hint,
        "ajoutez une clé « slug », par exemple « slug: mon-article »"
    );
}

#[test]
fn check_does_not_ask_to_add_an_empty_lead_key() {
    let site = Fixture::tiny();
    site.replace(ARTICLE, "chapo: Un article pour les tests.", "chapo: \"\"");
    let output = site.vitrine(&["check"]);
    let stdout = common::assertions::stdout(&output);
    assert!(
        stdout.contains(
            "la clé « chapo » est vide : écrivez-y une ou deux phrases qui résument l'article"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("ajoutez une ligne « chapo"), "{stdout}");
}
