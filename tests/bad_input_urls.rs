//! Bad URLs and script in what editors write: every URL that comes from data
//! (`url` of site.yaml, of a menu entry, of a partner, and `--base-url`)
//! goes through one validation; `check` warns on raw `<script>`, `on…=`
//! event handlers and links whose scheme runs code in Markdown bodies.
//!
//! Each refused form is checked for each field with its exact French
//! message, file, line and hint; valid URLs are still accepted.

mod common;

use common::Fixture;
use common::assertions::{assert_french, single, stderr, stdout};
use vitrine::check::{Lint, Report};

const SITE: &str = "content/site.yaml";
const PARTNERS: &str = "content/partenaires.yaml";
const PAGE: &str = "content/pages/a-propos.md";

/// A URL field of the data files, and how to put a value in it.
#[derive(Clone, Copy, Debug)]
enum Field {
    /// `url` of site.yaml: line 3 of the tiny site.
    Site,
    /// `url` of the second menu entry: line 9.
    Menu,
    /// `url` of the second partner: line 10 (the first one has a valid `url`
    /// on line 4, so the line is found by occurrence, not by value).
    Partner,
}

impl Field {
    fn write(self, site: &Fixture, yaml: &str) {
        match self {
            Field::Site => {
                site.replace(SITE, "url: https://exemple.fr/", &format!("url: {yaml}"));
            }
            Field::Menu => {
                site.replace(SITE, "    url: /a-propos/", &format!("    url: {yaml}"));
            }
            Field::Partner => {
                site.replace(
                    PARTNERS,
                    "  type: Université\n",
                    "  type: Université\n  url: https://www.u-pec.fr/\n",
                );
                site.replace(
                    PARTNERS,
                    "  type: Collectivité\n",
                    &format!("  type: Collectivité\n  url: {yaml}\n"),
                );
            }
        }
    }

    /// `file:line:column` of the `url` key.
    fn location(self) -> &'static str {
        match self {
            Field::Site => "content/site.yaml:3:1",
            Field::Menu => "content/site.yaml:9:5",
            Field::Partner => "content/partenaires.yaml:10:3",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Field::Site => "adresse du site",
            Field::Menu => "adresse de menu",
            Field::Partner => "adresse de partenaire",
        }
    }

    /// The hint when no corrected form can be guessed.
    fn hint(self) -> &'static str {
        match self {
            Field::Site => {
                "écrivez l'adresse complète de publication, par exemple « https://exemple.fr/hub/ »"
            }
            Field::Menu => {
                "écrivez le chemin d'une page du site (« /a-propos/ »), l'adresse complète d'un autre site (« https://www.u-pec.fr/ »), « mailto:… » ou « tel:… »"
            }
            Field::Partner => {
                "écrivez l'adresse complète du site du partenaire, par exemple « https://www.u-pec.fr/ », ou retirez la ligne « url »"
            }
        }
    }
}

const FIELDS: [Field; 3] = [Field::Site, Field::Menu, Field::Partner];

/// The tiny site with `yaml` as the value of `field`: the build fails with
/// exactly this message, location and hint.
fn refused(field: Field, yaml: &str, shown: &str, reason: &str, hint: &str) {
    let site = Fixture::tiny();
    field.write(&site, yaml);
    let diagnostics = site.errors();
    let diagnostic = single(&diagnostics);
    assert_french(diagnostic);
    let expected = format!(
        "erreur : {} invalide « {shown} » : {reason}\n  --> {}\n  = aide : {hint}",
        field.noun(),
        field.location()
    );
    assert_eq!(diagnostic.to_string(), expected, "{field:?} = {yaml}");
}

/// The tiny site with `yaml` as the value of `field` builds.
fn accepted(field: Field, yaml: &str) -> common::Built {
    let site = Fixture::tiny();
    field.write(&site, yaml);
    site.build()
        .unwrap_or_else(|d| panic!("{field:?} = {yaml} should build:\n{d}"))
}

const SCRIPT: &str = "une adresse « javascript: » peut exécuter du code dans la page";

/// `javascript:` in every disguise a browser would still run.
const JAVASCRIPT_FORMS: [(&str, &str); 9] = [
    ("javascript:alert(1)", "javascript:alert(1)"),
    ("JaVaScRiPt:alert(1)", "JaVaScRiPt:alert(1)"),
    ("\"  javascript:alert(1)\"", "  javascript:alert(1)"),
    ("\"\\x01javascript:alert(1)\"", "\\x01javascript:alert(1)"),
    ("\"java\\tscript:alert(1)\"", "java\\tscript:alert(1)"),
    ("\"java\\nscript:alert(1)\"", "java\\nscript:alert(1)"),
    ("\"&#106;avascript:alert(1)\"", "&#106;avascript:alert(1)"),
    (
        "\"&#x6A;avascript&colon;alert(1)\"",
        "&#x6A;avascript&colon;alert(1)",
    ),
    (
        "\"&#0000106avascript:alert(1)\"",
        "&#0000106avascript:alert(1)",
    ),
];

#[test]
fn javascript_is_refused_in_every_field_and_disguise() {
    for field in FIELDS {
        for (yaml, shown) in JAVASCRIPT_FORMS {
            refused(field, yaml, shown, SCRIPT, field.hint());
        }
    }
}

#[test]
fn data_and_vbscript_are_refused_in_every_field() {
    for field in FIELDS {
        refused(
            field,
            "\"data:text/html,<script>alert(1)</script>\"",
            "data:text/html,<script>alert(1)</script>",
            "une adresse « data: » peut exécuter du code dans la page",
            field.hint(),
        );
        refused(
            field,
            "VBScript:MsgBox(1)",
            "VBScript:MsgBox(1)",
            "une adresse « vbscript: » peut exécuter du code dans la page",
            field.hint(),
        );
    }
}

#[test]
fn protocol_relative_urls_are_refused_with_the_https_form() {
    for field in FIELDS {
        refused(
            field,
            "//upec.fr/",
            "//upec.fr/",
            "il manque « https: » devant « // »",
            "écrivez « https://upec.fr/ »",
        );
    }
    // Browsers read a backslash as a slash: `/\host` leaves the site too.
    refused(
        Field::Menu,
        "'/\\upec.fr/'",
        "/\\upec.fr/",
        "caractère interdit dans une adresse : « \\ »",
        "retirez-le ; s'il fait partie de l'adresse, écrivez son code (%20 pour une espace)",
    );
}

#[test]
fn bare_words_are_refused_with_a_corrected_form() {
    for field in FIELDS {
        let reason = match field {
            Field::Menu => "il manque « / » (page du site) ou « https:// » (autre site) au début",
            _ => "il manque « https:// » au début",
        };
        refused(
            field,
            "upec.fr",
            "upec.fr",
            reason,
            "écrivez « https://upec.fr »",
        );
        let hint = match field {
            Field::Menu => "écrivez « /accueil/ » pour une page du site",
            _ => field.hint(),
        };
        refused(field, "accueil", "accueil", reason, hint);
    }
}

#[test]
fn other_schemes_and_incomplete_urls_are_refused() {
    for field in FIELDS {
        refused(
            field,
            "ftp://upec.fr/",
            "ftp://upec.fr/",
            "les adresses « ftp: » ne sont pas acceptées ici",
            field.hint(),
        );
        refused(
            field,
            "\"https://\"",
            "https://",
            "« https:// » doit être suivi du nom du site",
            field.hint(),
        );
        refused(
            field,
            "https:upec.fr",
            "https:upec.fr",
            "« https:// » doit être suivi du nom du site",
            field.hint(),
        );
        refused(
            field,
            "\"https://exemple.fr/mon dossier/\"",
            "https://exemple.fr/mon dossier/",
            "caractère interdit dans une adresse : espace",
            "retirez-le ; s'il fait partie de l'adresse, écrivez son code (%20 pour une espace)",
        );
        refused(
            field,
            "\"https://exemple.fr/\\\"onmouseover=\\\"x\"",
            "https://exemple.fr/\"onmouseover=\"x",
            "caractère interdit dans une adresse : « \" »",
            "retirez-le ; s'il fait partie de l'adresse, écrivez son code (%20 pour une espace)",
        );
    }
}

#[test]
fn empty_urls_are_refused() {
    for field in FIELDS {
        let site = Fixture::tiny();
        field.write(&site, "\"\"");
        let diagnostics = site.errors();
        let expected = format!(
            "erreur : {} vide\n  --> {}\n  = aide : {}",
            field.noun(),
            field.location(),
            field.hint()
        );
        assert_eq!(single(&diagnostics).to_string(), expected);
    }
}

#[test]
fn site_paths_are_for_the_menu_only() {
    for field in [Field::Site, Field::Partner] {
        refused(
            field,
            "/a-propos/",
            "/a-propos/",
            "il faut une adresse complète, qui commence par « https:// »",
            field.hint(),
        );
    }
    accepted(Field::Menu, "/a-propos/");
    accepted(Field::Menu, "/");
    accepted(Field::Menu, "/convention/#domaines");
}

#[test]
fn mailto_and_tel_are_for_the_menu_only() {
    let built = accepted(Field::Menu, "mailto:contact@exemple.fr");
    assert!(
        built
            .page("/")
            .contains("<a href=\"mailto:contact@exemple.fr\">À propos</a>"),
        "{}",
        built.page("/")
    );
    accepted(Field::Menu, "tel:+33100000000");
    refused(
        Field::Menu,
        "\"mailto:\"",
        "mailto:",
        "il manque l'adresse électronique après « mailto: »",
        Field::Menu.hint(),
    );
    refused(
        Field::Menu,
        "\"tel:\"",
        "tel:",
        "il manque le numéro après « tel: »",
        Field::Menu.hint(),
    );
    for field in [Field::Site, Field::Partner] {
        refused(
            field,
            "mailto:contact@exemple.fr",
            "mailto:contact@exemple.fr",
            "les adresses « mailto: » ne sont pas acceptées ici",
            field.hint(),
        );
    }
}

#[test]
fn the_site_url_has_no_query_or_fragment() {
    refused(
        Field::Site,
        "https://exemple.fr/?page=1",
        "https://exemple.fr/?page=1",
        "l'adresse du site ne peut contenir ni « ? » ni « # »",
        Field::Site.hint(),
    );
    accepted(Field::Partner, "https://www.u-pec.fr/?lang=fr#haut");
    accepted(Field::Menu, "https://www.u-pec.fr/?lang=fr#haut");
}

#[test]
fn absolute_http_and_https_urls_are_accepted_everywhere() {
    for field in FIELDS {
        for url in [
            "https://exemple.fr/",
            "http://exemple.fr",
            "HTTPS://Exemple.fr/hub/",
            "https://exemple.fr:8443/hub/",
            "http://127.0.0.1:1111/",
            "http://[::1]:1111/",
            "https://fr.wikipedia.org/wiki/L'Haÿ-les-Roses",
        ] {
            accepted(field, url);
        }
    }
}

#[test]
fn the_partner_url_is_published_as_written() {
    // The example gives UPEC its official site (issue 17).
    let site = Fixture::example();
    let built = site
        .build()
        .unwrap_or_else(|d| panic!("should build:\n{d}"));
    assert!(
        built
            .page("/partenaires/upec/")
            .contains("<a href=\"https://www.u-pec.fr/\" rel=\"external\">"),
        "{}",
        built.page("/partenaires/upec/")
    );
}

#[test]
fn every_bad_url_of_a_build_is_reported_at_once() {
    let site = Fixture::tiny();
    let before = site.published();
    Field::Menu.write(&site, "javascript:alert(1)");
    Field::Partner.write(&site, "//upec.fr/");
    site.replace(SITE, "url: https://exemple.fr/", "url: exemple.fr");
    let diagnostics = site.fails(&before);
    let locations: Vec<String> = diagnostics.iter().map(|d| d.location.to_string()).collect();
    assert_eq!(
        locations,
        [
            Field::Partner.location(),
            Field::Site.location(),
            Field::Menu.location()
        ]
    );
}

// ---------------------------------------------------------------------------
// `--base-url`: a command-line error, exit code 2, nothing written.

fn base_url_refused(value: &str, reason: &str, hint: &str) {
    let site = Fixture::tiny();
    let run = site.vitrine(&["build", "--base-url", value]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert_eq!(
        stderr(&run),
        format!(
            "erreur : valeur invalide « {value} » pour --base-url : {reason}\n  = aide : {hint}\n"
        )
    );
    assert_eq!(stdout(&run), "");
    assert!(!site.path("public").exists(), "nothing is written");
}

#[test]
fn base_url_option_refuses_scripts_and_non_absolute_urls() {
    let hint = Field::Site.hint();
    base_url_refused("javascript:alert(1)", SCRIPT, hint);
    base_url_refused(" JAVASCRIPT:alert(1)", SCRIPT, hint);
    base_url_refused(
        "data:text/html,x",
        "une adresse « data: » peut exécuter du code dans la page",
        hint,
    );
    base_url_refused(
        "//exemple.fr/hub/",
        "il manque « https: » devant « // »",
        "écrivez « https://exemple.fr/hub/ »",
    );
    base_url_refused(
        "exemple.fr",
        "il manque « https:// » au début",
        "écrivez « https://exemple.fr »",
    );
    base_url_refused(
        "/hub/",
        "il faut une adresse complète, qui commence par « https:// »",
        hint,
    );
    base_url_refused(
        "ftp://exemple.fr/",
        "les adresses « ftp: » ne sont pas acceptées ici",
        hint,
    );
    base_url_refused("", "l'adresse est vide", hint);
}

#[test]
fn base_url_option_accepts_http_and_https() {
    let site = Fixture::tiny();
    let run = site.vitrine(&["build", "--base-url", "https://autre.example/hub"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://autre.example/hub/</loc>"),
        "{sitemap}"
    );
    let run = site.vitrine(&["build", "--base-url", "http://127.0.0.1:8080/"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
}

#[test]
fn the_example_site_still_builds_and_checks_clean_of_script() {
    let site = Fixture::example();
    let run = site.vitrine(&["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let report = vitrine::check::check(&site.options(), false);
    assert!(report.errors.is_empty(), "{report}");
    assert_eq!(script_findings(&report), Vec::<(String, String)>::new());
}

// ---------------------------------------------------------------------------
// `check`: script in Markdown bodies.

/// Line 7 `<script>`, 9 `onerror`, 11 two `javascript:` links (one written
/// with a character reference), 13 a raw `<a href="JAVASCRIPT:…">`, 15 a
/// tag whose `onclick` is on the next line, 18 code (silent), `vbscript:`
/// and `data:` links, and a `data:` image (silent). Line 20 is clean.
const SCRIPTED_PAGE: &str = "\
---
titre: À propos
---

## Qui sommes-nous

<script>alert(1)</script>

<img src=\"/style.css\" alt=\"\" onerror=\"alert(1)\">

Un [lien](javascript:alert(1)) et un [autre](&#106;avascript:alert(1)).

<a href=\"JAVASCRIPT:alert(1)\">texte</a>

<div
  onclick=\"alert(1)\">bloc</div>

`<script>` en code, [vb](VBScript:x), [données](data:text/html,x) et ![image](data:image/png;base64,AA==).

<p title=\"onclick=x\">Une <a href=\"https://exemple.fr/?javascript:x\">adresse</a> <!-- <script> --> saine.</p>
";

fn is_script_lint(lint: &Lint) -> bool {
    matches!(
        lint,
        Lint::RawScript | Lint::EventHandler { .. } | Lint::ScriptLink { .. }
    )
}

/// (location, message) of the script lints of a report.
fn script_findings(report: &Report) -> Vec<(String, String)> {
    report
        .findings
        .iter()
        .filter(|f| is_script_lint(&f.lint))
        .map(|f| (f.location.to_string(), f.lint.to_string()))
        .collect()
}

#[test]
fn check_warns_on_script_in_markdown_with_file_and_line() {
    let site = Fixture::tiny();
    site.write(PAGE, SCRIPTED_PAGE);
    let report = vitrine::check::check(&site.options(), false);
    let found = script_findings(&report);
    let expected: Vec<(String, String)> = [
        ("7:1", "balise « <script> » dans le texte"),
        (
            "9:1",
            "attribut « onerror » dans le texte : il peut exécuter du code",
        ),
        (
            "11:4",
            "lien « javascript: » dans le texte : il peut exécuter du code",
        ),
        (
            "11:38",
            "lien « javascript: » dans le texte : il peut exécuter du code",
        ),
        (
            "13:1",
            "lien « javascript: » dans le texte : il peut exécuter du code",
        ),
        (
            "15:1",
            "attribut « onclick » dans le texte : il peut exécuter du code",
        ),
        (
            "18:21",
            "lien « vbscript: » dans le texte : il peut exécuter du code",
        ),
        (
            "18:39",
            "lien « data: » dans le texte : il peut exécuter du code",
        ),
    ]
    .into_iter()
    .map(|(at, message)| (format!("{PAGE}:{at}"), message.to_string()))
    .collect();
    assert_eq!(found, expected);
    assert!(report.passes(), "warnings only:\n{report}");
}

#[test]
fn check_script_warnings_through_the_binary() {
    let site = Fixture::tiny();
    site.write(PAGE, SCRIPTED_PAGE);
    let run = site.vitrine(&["check"]);
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(0), "{out}");
    for block in [
        format!(
            "avertissement : balise « <script> » dans le texte\n  --> {PAGE}:7:1\n  = aide : le texte d'une page ne peut pas exécuter de script : retirez la balise (un script a sa place dans le thème)"
        ),
        format!(
            "avertissement : attribut « onerror » dans le texte : il peut exécuter du code\n  --> {PAGE}:9:1\n  = aide : retirez l'attribut : le texte d'une page ne peut pas exécuter de script"
        ),
        format!(
            "avertissement : lien « javascript: » dans le texte : il peut exécuter du code\n  --> {PAGE}:11:4\n  = aide : un lien mène à une page : [texte](https://exemple.fr/) ou [texte](@/pages/a-propos.md)"
        ),
    ] {
        assert!(out.contains(&block), "missing:\n{block}\nin:\n{out}");
    }
    let strict = site.vitrine(&["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stdout(&strict));
}
