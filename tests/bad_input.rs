//! The bad-input corpus: each test starts from the tiny valid site of
//! `common/tiny.rs`, publishes it to `public/`, applies one defect, builds again and
//! checks the exact problem, its file and line, that the message is French
//! and names the file, and that `public/` is byte-identical afterwards.
//! A representative subset also runs the `vitrine` binary (exit code 1).

mod common;

use std::path::PathBuf;

use common::assertions::{assert_at, assert_french, problem, single, stderr};
use common::{Fixture, Snapshot, accepted, tiny};
use vitrine::Diagnostics;
use vitrine::error::Describe;
use vitrine::frontmatter::SplitError;
use vitrine::load::LoadError;
use vitrine::markdown::MarkdownError;
use vitrine::output::OutputError;
use vitrine::source::ReadError;
use vitrine::templates::TemplateError;
use vitrine::validate::{ContentError, IdKind};

const ARTICLE: &str = "content/actualites/premier-article.md";
const PAGE: &str = "content/pages/a-propos.md";
const SITE: &str = "content/site.yaml";
const PARTNERS: &str = "content/partenaires.yaml";
const THEMES: &str = "content/thematiques.yaml";
const CONVENTION: &str = "content/convention.yaml";

/// A site published once, then broken by `defect`.
struct Broken {
    site: Fixture,
    before: Snapshot,
    diagnostics: Diagnostics,
}

fn broken(defect: impl FnOnce(&Fixture)) -> Broken {
    let site = Fixture::tiny();
    let before = site.published();
    defect(&site);
    let diagnostics = site.fails(&before);
    Broken {
        site,
        before,
        diagnostics,
    }
}

impl Broken {
    fn single(&self) -> &vitrine::Diagnostic {
        single(&self.diagnostics)
    }

    fn problem<T: Describe>(&self) -> Option<&T> {
        problem(self.single())
    }

    fn message(&self) -> String {
        self.diagnostics.to_string()
    }

    /// `vitrine build` fails with exit code 1, points at `at` (`file:line`)
    /// and leaves `public/` as it was.
    fn cli(&self, at: &str) {
        let output = self.site.vitrine(&["build"]);
        let stderr = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&format!("--> {at}")), "{stderr}");
        assert!(stderr.contains("Échec : "), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(self.site.snapshot("public"), self.before);
    }
}

// ---------------------------------------------------------------------------
// Markdown files: front matter delimiters and encoding.

#[test]
fn empty_article() {
    let case = broken(|s| {
        s.write(ARTICLE, "");
    });
    assert!(matches!(
        case.problem(),
        Some(LoadError::FrontMatter(SplitError::Empty))
    ));
    assert_at(case.single(), ARTICLE, Some(1));
    case.cli(&format!("{ARTICLE}:1"));
}

#[test]
fn blank_article() {
    let case = broken(|s| {
        s.write(ARTICLE, "\n  \n\t\n");
    });
    assert!(matches!(
        case.problem(),
        Some(LoadError::FrontMatter(SplitError::Empty))
    ));
}

#[test]
fn front_matter_not_closed() {
    let case = broken(|s| {
        s.write(
            ARTICLE,
            "---\ntitre: Sans fin\ndate: 2023-10-15\n\nLe texte.\n",
        );
    });
    assert!(matches!(
        case.problem(),
        Some(LoadError::FrontMatter(SplitError::Unclosed))
    ));
    assert_at(case.single(), ARTICLE, Some(1));
    assert!(
        case.message().contains("jamais fermé"),
        "{}",
        case.message()
    );
}

#[test]
fn no_front_matter() {
    let case = broken(|s| {
        s.write(ARTICLE, "# Un titre\n\nDu texte.\n");
    });
    assert!(matches!(
        case.problem(),
        Some(LoadError::FrontMatter(SplitError::NoFrontMatter))
    ));
    assert!(
        case.message().contains("titre: Mon article"),
        "{}",
        case.message()
    );
}

#[test]
fn invalid_utf8_points_at_the_line() {
    let case = broken(|s| {
        let mut bytes = tiny::ARTICLE.as_bytes().to_vec();
        // Latin-1 "é" on line 9 (the first body paragraph).
        let at = tiny::ARTICLE.find("Un paragraphe").expect("paragraph");
        bytes.insert(at, 0xe9);
        s.write_bytes(ARTICLE, &bytes);
    });
    assert!(matches!(case.problem(), Some(LoadError::InvalidUtf8)));
    assert_at(case.single(), ARTICLE, Some(9));
    case.cli(&format!("{ARTICLE}:9"));
}

#[test]
fn invalid_utf8_in_a_data_file() {
    let case = broken(|s| {
        s.write_bytes(SITE, b"titre: Caf\xe9\n");
    });
    assert!(matches!(case.problem(), Some(LoadError::InvalidUtf8)));
    assert_at(case.single(), SITE, Some(1));
}

#[test]
fn binary_file_named_md() {
    let case = broken(|s| {
        s.write_bytes(
            "content/actualites/image.md",
            &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0xff],
        );
    });
    assert!(matches!(case.problem(), Some(LoadError::InvalidUtf8)));
    assert_at(case.single(), "content/actualites/image.md", Some(1));
}

#[test]
fn utf8_bom_is_accepted() {
    let (_, built) = accepted(|s| {
        s.write(ARTICLE, &format!("\u{feff}{}", tiny::ARTICLE));
        s.write(SITE, &format!("\u{feff}{}", tiny::SITE));
    });
    assert!(
        built
            .file("actualites/premier-article/index.html")
            .contains("Premier article")
    );
}

#[test]
fn crlf_line_endings_are_accepted() {
    let (_, built) = accepted(|s| {
        s.write(ARTICLE, &tiny::ARTICLE.replace('\n', "\r\n"));
        s.write(PARTNERS, &tiny::PARTNERS.replace('\n', "\r\n"));
    });
    let html = built.file("actualites/premier-article/index.html");
    assert!(!html.contains('\r'), "{html}");
}

#[test]
fn crlf_line_numbers_stay_right() {
    let case = broken(|s| {
        let text = tiny::ARTICLE.replace("[upec, territoire]", "[upek, territoire]");
        s.write(ARTICLE, &text.replace('\n', "\r\n"));
    });
    assert_at(case.single(), ARTICLE, Some(5));
    assert_eq!(case.single().location.column, Some(15));
}

#[test]
fn classic_mac_line_endings_count_lines() {
    let case = broken(|s| {
        let text = tiny::ARTICLE.replace("date: 2023-10-15", "date: hier");
        s.write(ARTICLE, &text.replace('\n', "\r"));
    });
    assert_at(case.single(), ARTICLE, Some(3));
}

// ---------------------------------------------------------------------------
// YAML: syntax, types, keys.

#[test]
fn yaml_syntax_error_in_front_matter() {
    let case = broken(|s| {
        s.replace(
            ARTICLE,
            "titre: Premier article",
            "titre: Premier : article: deux",
        );
    });
    let Some(LoadError::Yaml(error)) = case.problem() else {
        panic!("{}", case.message())
    };
    assert!(
        error.message.starts_with("YAML invalide"),
        "{}",
        error.message
    );
    assert_at(case.single(), ARTICLE, Some(2));
    case.cli(&format!("{ARTICLE}:2"));
}

#[test]
fn yaml_unclosed_quote_in_data_file() {
    let case = broken(|s| {
        s.replace(
            PARTNERS,
            "nom: Territoire d'essai",
            "nom: \"Territoire d'essai",
        );
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert_eq!(case.single().location.file, PathBuf::from(PARTNERS));
    assert!(case.single().location.line.is_some(), "{}", case.message());
}

#[test]
fn tabs_in_yaml() {
    let case = broken(|s| {
        s.replace(
            ARTICLE,
            "partenaires: [upec, territoire]",
            "partenaires:\n\t- upec",
        );
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert_at(case.single(), ARTICLE, Some(6));
    assert!(case.message().contains("tabulations"), "{}", case.message());
}

#[test]
fn date_as_text() {
    let case = broken(|s| {
        s.replace(ARTICLE, "date: 2023-10-15", "date: le 15 octobre");
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert_at(case.single(), ARTICLE, Some(3));
    assert!(case.message().contains("AAAA-MM-JJ"), "{}", case.message());
}

#[test]
fn impossible_date() {
    let case = broken(|s| {
        s.replace(ARTICLE, "date: 2023-10-15", "date: 2023-02-30");
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert_at(case.single(), ARTICLE, Some(3));
    assert!(
        case.message().contains("« 2023-02-30 »"),
        "{}",
        case.message()
    );
}

#[test]
fn list_as_string() {
    let case = broken(|s| {
        s.replace(
            ARTICLE,
            "partenaires: [upec, territoire]",
            "partenaires: upec",
        );
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert_at(case.single(), ARTICLE, Some(5));
    assert!(
        case.message().contains("il faut une liste"),
        "{}",
        case.message()
    );
}

#[test]
fn boolean_as_text() {
    let case = broken(|s| {
        s.replace(ARTICLE, "chapo:", "brouillon: peut-être\nchapo:");
    });
    assert_at(case.single(), ARTICLE, Some(4));
    assert!(case.message().contains("booléen"), "{}", case.message());
}

#[test]
fn number_out_of_range() {
    let case = broken(|s| {
        s.replace(CONVENTION, "duree_ans: 3", "duree_ans: 70000");
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert_at(case.single(), CONVENTION, Some(4));
    assert!(case.message().contains("70000"), "{}", case.message());
    assert!(
        !case.message().contains("pas un nombre"),
        "{}",
        case.message()
    );
}

#[test]
fn front_matter_is_a_list() {
    let case = broken(|s| {
        s.write(ARTICLE, "---\n- titre\n- date\n---\nTexte.\n");
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert!(case.message().contains("clé"), "{}", case.message());
}

#[test]
fn front_matter_is_null() {
    let case = broken(|s| {
        s.write(ARTICLE, "---\n~\n---\nTexte.\n");
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
}

#[test]
fn unknown_field_in_front_matter() {
    let case = broken(|s| {
        s.replace(ARTICLE, "chapo:", "auteur: Moi\nchapo:");
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert_at(case.single(), ARTICLE, Some(4));
    assert!(
        case.message().contains("champ inconnu « auteur »"),
        "{}",
        case.message()
    );
}

#[test]
fn misspelt_field_gets_a_suggestion() {
    let case = broken(|s| {
        s.replace(ARTICLE, "partenaires:", "partenaire:");
    });
    assert_at(case.single(), ARTICLE, Some(5));
    assert!(
        case.message().contains("vouliez-vous dire « partenaires »"),
        "{}",
        case.message()
    );
}

#[test]
fn duplicate_key_in_front_matter() {
    let case = broken(|s| {
        s.replace(ARTICLE, "chapo:", "titre: Encore\nchapo:");
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert!(
        case.message().contains("« titre » apparaît deux fois"),
        "{}",
        case.message()
    );
    assert_eq!(case.single().location.line, Some(4), "{}", case.message());
}

#[test]
fn missing_required_field() {
    let case = broken(|s| {
        s.replace(ARTICLE, "date: 2023-10-15\n", "");
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert!(
        case.message()
            .contains("le champ obligatoire « date » est absent"),
        "{}",
        case.message()
    );
    assert_eq!(case.single().location.file, PathBuf::from(ARTICLE));
}

#[test]
fn missing_required_field_in_data_list() {
    let case = broken(|s| {
        s.replace(PARTNERS, "  type: Collectivité\n", "");
    });
    assert!(case.message().contains("« type »"), "{}", case.message());
    assert_eq!(case.single().location.file, PathBuf::from(PARTNERS));
    assert!(
        case.single().location.line.is_some_and(|l| l >= 6),
        "{}",
        case.message()
    );
}

#[test]
fn empty_partner_list_leaves_every_reference_unknown() {
    // An empty list is a valid list: the references to it are what fails.
    let case = broken(|s| {
        s.write(PARTNERS, "# Aucun partenaire pour l'instant.\n");
    });
    assert_eq!(case.diagnostics.len(), 4, "{}", case.message());
    for diagnostic in case.diagnostics.iter() {
        assert!(matches!(
            problem(diagnostic),
            Some(ContentError::UnknownId { .. })
        ));
        assert!(diagnostic.location.line.is_some(), "{diagnostic}");
    }
    assert!(
        case.message()
            .contains("content/partenaires.yaml ne définit aucun identifiant"),
        "{}",
        case.message()
    );
}

#[test]
fn empty_site_yaml() {
    let case = broken(|s| {
        s.write(SITE, "");
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert_eq!(case.single().location.file, PathBuf::from(SITE));
}

#[test]
fn site_yaml_is_a_list() {
    let case = broken(|s| {
        s.write(SITE, "- titre: Site\n- url: https://exemple.fr/\n");
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert_at(case.single(), SITE, Some(1));
}

#[test]
fn undefined_yaml_alias() {
    let case = broken(|s| {
        s.replace(ARTICLE, "titre: Premier article", "titre: *titre");
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
    assert_at(case.single(), ARTICLE, Some(2));
}

#[test]
fn yaml_alias_bomb() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!(
            "{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
        ));
    }
    let case = broken(|s| {
        s.write(ARTICLE, &format!("---\n{bomb}---\n"));
    });
    assert!(matches!(case.problem(), Some(LoadError::Yaml(_))));
}

#[test]
fn unknown_key_in_site_yaml_gets_a_suggestion() {
    let case = broken(|s| {
        s.replace(SITE, "titre:", "titel:");
    });
    assert_at(case.single(), SITE, Some(1));
    assert!(
        case.message().contains("vouliez-vous dire « titre »"),
        "{}",
        case.message()
    );
    case.cli(&format!("{SITE}:1"));
}

#[test]
fn english_aliases_are_accepted() {
    let (_, built) = accepted(|s| {
        s.replace(SITE, "titre:", "title:");
        s.replace(ARTICLE, "titre:", "title:");
        s.replace(ARTICLE, "chapo:", "draft: false\ndescription:");
    });
    assert!(
        built
            .file("actualites/premier-article/index.html")
            .contains("Premier article")
    );
}

// ---------------------------------------------------------------------------
// Ids and references.

#[test]
fn unknown_partner_id_suggests_the_closest() {
    let case = broken(|s| {
        s.replace(ARTICLE, "[upec, territoire]", "[upek, territoire]");
    });
    let Some(ContentError::UnknownId { kind, id, .. }) = case.problem() else {
        panic!("{}", case.message())
    };
    assert_eq!((*kind, id.as_str()), (IdKind::Partner, "upek"));
    assert_at(case.single(), ARTICLE, Some(5));
    assert_eq!(case.single().location.column, Some(15));
    assert!(
        case.message().contains("vouliez-vous dire « upec »"),
        "{}",
        case.message()
    );
    case.cli(&format!("{ARTICLE}:5:15"));
}

#[test]
fn unknown_theme_id() {
    let case = broken(|s| {
        s.replace(ARTICLE, "[ville-durable, sante]", "[ville-durabe, sante]");
    });
    let Some(ContentError::UnknownId { kind, .. }) = case.problem() else {
        panic!("{}", case.message())
    };
    assert_eq!(*kind, IdKind::Theme);
    assert_at(case.single(), ARTICLE, Some(6));
    assert!(
        case.message().contains("« ville-durable »"),
        "{}",
        case.message()
    );
}

#[test]
fn unknown_partner_in_convention() {
    let case = broken(|s| {
        s.replace(
            CONVENTION,
            "parties: [upec, territoire]",
            "parties: [upec, teritoire]",
        );
    });
    assert!(matches!(
        case.problem(),
        Some(ContentError::UnknownId { .. })
    ));
    assert_at(case.single(), CONVENTION, Some(5));
}

#[test]
fn duplicate_partner_ids() {
    let case = broken(|s| {
        let copy = "- id: upec\n  nom: Autre\n  type: École\n  description: Doublon.\n";
        s.write(PARTNERS, &format!("{}\n{copy}", tiny::PARTNERS));
    });
    assert!(matches!(
        case.problem(),
        Some(ContentError::DuplicateId {
            kind: IdKind::Partner,
            ..
        })
    ));
    assert_at(case.single(), PARTNERS, Some(11));
}

#[test]
fn duplicate_theme_ids() {
    let case = broken(|s| {
        s.replace(THEMES, "id: sante", "id: ville-durable");
        s.replace(CONVENTION, "[ville-durable, sante]", "[ville-durable]");
        s.replace(ARTICLE, "[ville-durable, sante]", "[ville-durable]");
    });
    assert!(matches!(
        case.problem(),
        Some(ContentError::DuplicateId {
            kind: IdKind::Theme,
            ..
        })
    ));
    assert_at(case.single(), THEMES, Some(5));
}

#[test]
fn malformed_id() {
    let case = broken(|s| {
        s.replace(PARTNERS, "id: territoire", "id: Le Territoire");
        s.replace(CONVENTION, "[upec, territoire]", "[upec]");
        s.replace(ARTICLE, "[upec, territoire]", "[upec]");
    });
    assert!(matches!(
        case.problem(),
        Some(ContentError::InvalidId { .. })
    ));
    assert_at(case.single(), PARTNERS, Some(6));
}

#[test]
fn missing_image() {
    let case = broken(|s| {
        s.replace(
            ARTICLE,
            "chapo:",
            "image: /medias/absente.jpg\nimage_alt: Rien\nchapo:",
        );
    });
    assert!(matches!(
        case.problem(),
        Some(ContentError::MissingMedia { .. })
    ));
    assert_at(case.single(), ARTICLE, Some(4));
}

// ---------------------------------------------------------------------------
// Slugs and URLs.

#[test]
fn two_articles_with_the_same_title() {
    let case = broken(|s| {
        s.write("content/actualites/zz-copie.md", tiny::ARTICLE);
    });
    let Some(ContentError::DuplicateUrl { path, other }) = case.problem() else {
        panic!("{}", case.message())
    };
    assert_eq!(path, "/actualites/premier-article/");
    assert_eq!(other, &PathBuf::from(ARTICLE));
    assert_at(case.single(), "content/actualites/zz-copie.md", Some(2));
}

#[test]
fn explicit_slug_colliding_with_a_derived_one() {
    let case = broken(|s| {
        let other = tiny::ARTICLE
            .replace(
                "titre: Premier article",
                "titre: Un autre\nslug: premier-article",
            )
            .replace("2023-10-15", "2023-10-16");
        s.write("content/actualites/autre.md", &other);
    });
    assert!(matches!(
        case.problem(),
        Some(ContentError::DuplicateUrl { .. })
    ));
    assert!(
        case.message().contains("/actualites/premier-article/"),
        "{}",
        case.message()
    );
}

#[test]
fn page_slug_on_a_reserved_path() {
    let case = broken(|s| {
        s.write(
            "content/pages/liste.md",
            "---\ntitre: Nos actualités\nslug: actualites\n---\nTexte.\n",
        );
    });
    let Some(ContentError::DuplicateUrl { path, .. }) = case.problem() else {
        panic!("{}", case.message())
    };
    assert_eq!(path, "/actualites/");
    assert!(case.message().contains("réservée"), "{}", case.message());
    assert_eq!(
        case.single().location.file,
        PathBuf::from("content/pages/liste.md")
    );
}

#[test]
fn invalid_explicit_slug() {
    let case = broken(|s| {
        s.replace(ARTICLE, "chapo:", "slug: Mon Article\nchapo:");
    });
    let Some(ContentError::InvalidSlug { suggestion, .. }) = case.problem() else {
        panic!("{}", case.message())
    };
    assert_eq!(suggestion, "mon-article");
    assert_at(case.single(), ARTICLE, Some(4));
}

#[test]
fn title_of_only_emoji_gives_no_slug() {
    let case = broken(|s| {
        s.replace(ARTICLE, "titre: Premier article", "titre: \"🎉🎉\"");
    });
    assert!(matches!(
        case.problem(),
        Some(ContentError::EmptySlug { .. })
    ));
    assert_at(case.single(), ARTICLE, Some(2));
    assert!(
        case.message().contains("slug: mon-article"),
        "{}",
        case.message()
    );
}

#[test]
fn invalid_base_url() {
    let case = broken(|s| {
        s.replace(SITE, "url: https://exemple.fr/", "url: exemple.fr");
    });
    assert!(matches!(case.problem(), Some(ContentError::InvalidUrl(_))));
    assert_at(case.single(), SITE, Some(3));
}

#[test]
fn zero_pagination() {
    let case = broken(|s| {
        s.replace(SITE, "theme: essai", "theme: essai\npagination: 0");
    });
    assert!(matches!(
        case.problem(),
        Some(ContentError::InvalidPagination)
    ));
    assert_at(case.single(), SITE, Some(5));
}

// ---------------------------------------------------------------------------
// Markdown bodies.

#[test]
fn broken_internal_link() {
    let case = broken(|s| {
        s.replace(ARTICLE, "@/pages/a-propos.md", "@/pages/apropos.md");
    });
    let Some(MarkdownError::BrokenLink { target, .. }) = case.problem() else {
        panic!("{}", case.message())
    };
    assert_eq!(target, "@/pages/apropos.md");
    assert_at(case.single(), ARTICLE, Some(13));
    assert_eq!(case.single().location.column, Some(6));
    assert!(
        case.message()
            .contains("vouliez-vous dire « @/pages/a-propos.md »"),
        "{}",
        case.message()
    );
    case.cli(&format!("{ARTICLE}:13:6"));
}

#[test]
fn broken_anchor() {
    let case = broken(|s| {
        s.replace(
            ARTICLE,
            "@/pages/a-propos.md",
            "@/pages/a-propos.md#qui-sommes-nou",
        );
    });
    let Some(MarkdownError::BrokenAnchor { anchor, .. }) = case.problem() else {
        panic!("{}", case.message())
    };
    assert_eq!(anchor, "qui-sommes-nou");
    assert_at(case.single(), ARTICLE, Some(13));
    assert!(
        case.message().contains("« #qui-sommes-nous »"),
        "{}",
        case.message()
    );
}

#[test]
fn broken_anchor_on_the_same_page() {
    let case = broken(|s| {
        s.replace(
            ARTICLE,
            "Un paragraphe",
            "Voir [plus bas](#nulle-part). Un paragraphe",
        );
    });
    assert!(matches!(
        case.problem(),
        Some(MarkdownError::BrokenAnchor { .. })
    ));
    assert_at(case.single(), ARTICLE, Some(9));
}

#[test]
fn fifty_megabyte_article_is_built() {
    // About 50 MB of paragraphs. Built without crashing: the time goes to
    // Markdown and typography, linear in the size.
    let paragraph =
        "Le territoire et l'université coopèrent : « formation », recherche ; innovation !\n\n";
    let count = 50 * 1024 * 1024 / paragraph.len();
    let started = std::time::Instant::now();
    let (_, built) = accepted(|s| {
        let mut text = tiny::ARTICLE.to_string();
        text.reserve(count * paragraph.len());
        for _ in 0..count {
            text.push_str(paragraph);
        }
        s.write(ARTICLE, &text);
    });
    let html = built.file("actualites/premier-article/index.html");
    assert!(html.len() > 50 * 1024 * 1024, "{}", html.len());
    eprintln!("50 MB article built in {:?}", started.elapsed());
}

#[test]
fn deeply_nested_markdown_is_built() {
    let (_, built) = accepted(|s| {
        let body = format!(
            "{} au fond\n\n{}- x\n",
            ">".repeat(10_000),
            "  - ".repeat(2_000)
        );
        s.write(ARTICLE, &format!("{}{body}", tiny::ARTICLE));
    });
    let html = built.file("actualites/premier-article/index.html");
    assert!(html.matches("<blockquote>").count() >= 1000, "nesting lost");
}

#[test]
fn raw_html_from_yaml_is_escaped() {
    let (_, built) = accepted(|s| {
        s.replace(
            PARTNERS,
            "nom: Territoire d'essai",
            "nom: \"<script>alert('x')</script> Territoire\"",
        );
    });
    let html = built.file("partenaires/territoire/index.html");
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
}

// ---------------------------------------------------------------------------
// Files and folders of `content/`.

#[test]
fn missing_content_folder() {
    let case = broken(|s| {
        s.remove("content");
    });
    assert!(matches!(case.problem(), Some(LoadError::NoContentDir)));
    assert_at(case.single(), "content", None);
    case.cli("content");
}

#[test]
fn missing_site_yaml() {
    let case = broken(|s| {
        s.remove(SITE);
    });
    assert!(matches!(case.problem(), Some(LoadError::MissingFile)));
    assert_at(case.single(), SITE, None);
    case.cli(SITE);
}

#[test]
fn unknown_file_is_reported_not_dropped() {
    let case = broken(|s| {
        s.write("content/actualites/notes.txt", "à faire");
    });
    assert!(matches!(case.problem(), Some(LoadError::UnexpectedFile)));
    assert_at(case.single(), "content/actualites/notes.txt", None);
}

#[test]
fn article_in_a_subfolder_is_reported() {
    let case = broken(|s| {
        s.write("content/actualites/2023/autre.md", tiny::ARTICLE);
    });
    assert!(matches!(case.problem(), Some(LoadError::UnexpectedFile)));
    assert_at(case.single(), "content/actualites/2023/autre.md", None);
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content() {
    let case = broken(|s| {
        std::os::unix::fs::symlink("..", s.path("content/actualites/boucle")).expect("symlink");
    });
    assert!(matches!(
        case.problem(),
        Some(LoadError::Read(ReadError::SymlinkLoop))
    ));
    assert_at(case.single(), "content/actualites/boucle", None);
    case.cli("content/actualites/boucle");
}

#[cfg(unix)]
#[test]
fn dangling_symlink_in_content() {
    let case = broken(|s| {
        std::os::unix::fs::symlink("nulle-part.md", s.path("content/actualites/lien.md"))
            .expect("symlink");
    });
    assert!(matches!(
        case.problem(),
        Some(LoadError::Read(ReadError::Io(_)))
    ));
    assert_at(case.single(), "content/actualites/lien.md", None);
}

#[test]
fn several_problems_are_reported_at_once_in_file_order() {
    let case = broken(|s| {
        s.write(PAGE, "");
        s.replace(ARTICLE, "date: 2023-10-15", "date: hier");
        s.write("content/actualites/notes.txt", "x");
    });
    let files: Vec<_> = case
        .diagnostics
        .iter()
        .map(|d| d.location.file.display().to_string())
        .collect();
    assert_eq!(
        files,
        ["content/actualites/notes.txt", ARTICLE, PAGE],
        "{}",
        case.message()
    );
}

// ---------------------------------------------------------------------------
// Themes and templates.

#[test]
fn missing_theme() {
    let case = broken(|s| {
        s.replace(SITE, "theme: essai", "theme: essaie");
    });
    assert!(matches!(
        case.problem(),
        Some(TemplateError::MissingTheme(_))
    ));
    assert_at(case.single(), SITE, Some(4));
}

#[test]
fn missing_required_template() {
    let case = broken(|s| {
        s.remove("themes/essai/templates/partner.html");
    });
    let Some(TemplateError::MissingTemplate(name)) = case.problem() else {
        panic!("{}", case.message())
    };
    assert_eq!(name, "partner.html");
    assert_at(case.single(), "themes/essai/templates", None);
}

#[test]
fn missing_included_template() {
    let case = broken(|s| {
        s.remove("themes/essai/templates/_menu.html");
    });
    // Reported at each include, with its line and column.
    let places: Vec<String> = case
        .diagnostics
        .iter()
        .map(|d| d.location.to_string())
        .collect();
    assert_eq!(
        places,
        [
            "themes/essai/templates/article.html:1:40",
            "themes/essai/templates/index.html:1:37"
        ]
    );
    for diagnostic in case.diagnostics.iter() {
        let Some(TemplateError::MissingTemplate(name)) = problem(diagnostic) else {
            panic!("{diagnostic}")
        };
        assert_eq!(name, "_menu.html");
    }
}

#[test]
fn template_syntax_error() {
    let case = broken(|s| {
        s.write(
            "themes/essai/templates/page.html",
            "<h1>{{ page.titre }}</h1>\n{% if page.chapo %}\n<p>{{ page.chapo }</p>\n",
        );
    });
    assert!(matches!(case.problem(), Some(TemplateError::Syntax(_))));
    assert_eq!(
        case.single().location.file,
        PathBuf::from("themes/essai/templates/page.html")
    );
    assert!(case.single().location.line.is_some(), "{}", case.message());
    case.cli("themes/essai/templates/page.html:");
}

#[test]
fn template_with_undefined_variable() {
    let case = broken(|s| {
        s.write(
            "themes/essai/templates/page.html",
            "<h1>{{ page.titre }}</h1>\n<p>{{ page.auteur }}</p>\n",
        );
    });
    assert!(matches!(case.problem(), Some(TemplateError::Render { .. })));
    assert_at(case.single(), "themes/essai/templates/page.html", Some(2));
    assert!(case.message().contains("auteur"), "{}", case.message());
}

#[test]
fn template_overridden_by_the_site_is_blamed() {
    let case = broken(|s| {
        s.write("templates/404.html", "{{ inconnue }}");
    });
    assert_at(case.single(), "templates/404.html", Some(1));
}

#[test]
fn static_file_on_a_page_path() {
    let case = broken(|s| {
        s.write("static/index.html", "<p>ancienne accueil</p>");
    });
    assert!(matches!(case.problem(), Some(OutputError::Conflict(_))));
    assert_at(case.single(), "static/index.html", None);
}

// ---------------------------------------------------------------------------
// The output directory.

#[test]
fn output_under_a_regular_file() {
    // Tests run as root, so a read-only parent would not stop the write;
    // a path below a regular file fails for every user.
    let site = Fixture::tiny();
    site.write("fichier", "je suis un fichier");
    let output = site.path("fichier/public");
    let diagnostics = site.publish_to(&output).expect_err("cannot write there");
    let diagnostic = single(&diagnostics);
    assert!(matches!(problem(diagnostic), Some(OutputError::Io(_))));
    assert_french(diagnostic);
    assert_eq!(site.read("fichier"), "je suis un fichier");

    let run = site.vitrine(&["build", "--output", "fichier/public"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("fichier"), "{}", stderr(&run));
}

#[test]
fn output_inside_content_is_refused() {
    let site = Fixture::tiny();
    let before = site.snapshot("content");
    let diagnostics = site
        .publish_to(&site.path("content/public"))
        .expect_err("refused");
    assert!(matches!(
        problem(single(&diagnostics)),
        Some(OutputError::Unsafe(_))
    ));
    assert_french(single(&diagnostics));
    assert_eq!(site.snapshot("content"), before);

    let run = site.vitrine(&["build", "--output", "content"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("dossier de sortie refusé"),
        "{}",
        stderr(&run)
    );
    assert_eq!(site.snapshot("content"), before);
}

#[test]
fn output_equal_to_the_root_is_refused() {
    let site = Fixture::tiny();
    let before = site.snapshot(".");
    let diagnostics = site.publish_to(site.root()).expect_err("refused");
    assert!(matches!(
        problem(single(&diagnostics)),
        Some(OutputError::Unsafe(_))
    ));
    let run = site.vitrine(&["build", "--output", "."]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("il contient le site lui-même"),
        "{}",
        stderr(&run)
    );
    assert_eq!(site.snapshot("."), before);
}

#[test]
fn output_is_a_regular_file() {
    let site = Fixture::tiny();
    site.write("public", "pas un dossier");
    let run = site.vitrine(&["build"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert_eq!(site.read("public"), "pas un dossier");
}
