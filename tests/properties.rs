//! Property tests of the paths every editor's file takes: front matter
//! splitting, slugs, and Markdown → HTML. No input may panic.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use vitrine::french::slugify;
use vitrine::frontmatter::{normalize, split};
use vitrine::markdown::{LinkContext, Source, render};
use vitrine::urls::BaseUrl;

fn render_body(body: &str, typography: bool) -> String {
    let base = BaseUrl::parse("https://exemple.fr/hub/");
    let links: BTreeMap<String, String> = [(
        "actualites/autre.md".to_string(),
        "/actualites/autre/".to_string(),
    )]
    .into();
    let context = LinkContext {
        base: &base,
        links: &links,
        images: &Default::default(),
    };
    let source = Source {
        key: "actualites/a.md".to_string(),
        file: Path::new("content/actualites/a.md"),
        first_line: 8,
    };
    match render(body, &source, &context, typography) {
        Ok(rendered) => rendered.html,
        // Broken links are errors, located in the body.
        Err(errors) => {
            for error in &errors {
                let line = error.location.line.expect("errors have a line");
                assert!(line >= 8 && line < 8 + body.lines().count().max(1) + 1);
            }
            String::new()
        }
    }
}

/// Markdown made of the constructs editors use, without `<` or `&` so that
/// every tag of the output is generated, never copied from raw HTML.
fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "## ",
        "### ",
        "# ",
        "> ",
        "- ",
        "1. ",
        "* ",
        "**",
        "*",
        "_",
        "`",
        "```\n",
        "    ",
        "\n",
        "\n\n",
        "[lien](@/actualites/autre.md)",
        "[x](/convention/)",
        "![image](/i.png)",
        "| a | b |\n|---|---|\n| c | d |\n",
        "l'UPEC",
        "« guillemets »",
        "\"cité\"",
        " : ",
        " ; ",
        " ! ",
        " ? ",
        "...",
        "---\n",
        "texte",
        "Été",
        "œuvre",
        "https://exemple.fr",
        "[^1]",
        "[^1]: note\n",
        "~~barré~~",
        " ",
        "#",
        "\\",
        "{#ancre}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn markdown_never_panics(body in "\\PC{0,400}", typography in any::<bool>()) {
        render_body(&body, typography);
    }

    #[test]
    fn markdown_without_raw_html_gives_balanced_tags(body in markdownish(), typography in any::<bool>()) {
        let html = render_body(&body, typography);
        for tag in ["p", "blockquote", "ul", "ol", "li", "h2", "h3", "em", "strong", "code", "table", "a"] {
            let open = count(&html, &format!("<{tag}>")) + count(&html, &format!("<{tag} "));
            let close = count(&html, &format!("</{tag}>"));
            prop_assert_eq!(open, close, "<{}> in {:?} → {}", tag, body, html);
        }
    }

    #[test]
    fn typography_is_idempotent_on_rendered_html(body in markdownish()) {
        let once = render_body(&body, true);
        prop_assert_eq!(vitrine::typography::typeset_html(&once), once);
    }

    #[test]
    fn front_matter_split_never_panics(text in "\\PC{0,200}|(---|\r\n|\n|\u{feff}|titre: a|\r){0,12}") {
        let text = normalize(&text);
        if let Ok(split) = split(&text) {
            prop_assert!(text.ends_with(split.body));
            // The body starts on the line after the closing delimiter (a
            // file ending right after `---` has an empty body on no line).
            let before_body = &text[..text.len() - split.body.len()];
            if before_body.ends_with('\n') {
                prop_assert_eq!(before_body.matches('\n').count() + 1, split.body_line);
            }
        }
    }

    #[test]
    fn front_matter_and_body_come_back(front in "[a-z]{1,8}: [a-zé ]{0,12}(\n[a-z]{1,8}: [0-9]{1,4}){0,4}", body in "[a-zA-Z .\n]{0,80}", crlf in any::<bool>()) {
        let file = format!("---\n{front}\n---\n{body}");
        let file = if crlf { file.replace('\n', "\r\n") } else { file };
        let text = normalize(&file);
        let split = split(&text).expect("well-formed file");
        prop_assert_eq!(split.front_matter, format!("{front}\n"));
        prop_assert_eq!(split.body, body.as_str());
        prop_assert_eq!(split.body_line, front.lines().count() + 3);
    }

    #[test]
    fn slugs_are_lowercase_ascii_words_or_empty(text in "\\PC{0,60}") {
        let slug = slugify(&text);
        let well_formed = slug.split('-').all(|word| {
            !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        prop_assert!(slug.is_empty() || well_formed, "{:?} → {:?}", text, slug);
        prop_assert_eq!(slugify(&slug), slug.clone(), "slugs are fixed points");
    }
}
