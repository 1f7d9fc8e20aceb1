//! Fuzzes what editors type most: a Markdown file with YAML front matter.
//! The input goes through the same path as `load` then `markdown`: normalize
//! (BOM, CRLF), split the front matter, parse it as an article and as a page,
//! locate ids in it the way validation does, then render the body to HTML
//! with French typography. Nothing may panic, and the line numbers handed to
//! editors must stay inside the file.

#![no_main]

use std::collections::BTreeMap;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vitrine::frontmatter;
use vitrine::markdown::{self, LinkContext, Source};
use vitrine::model::{ArticleMeta, PageMeta};
use vitrine::urls::BaseUrl;
use vitrine::{french, typography, validate, yaml};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = frontmatter::normalize(text);
    let lines = text.lines().count().max(1);
    let Ok(split) = frontmatter::split(&text) else {
        // Bodies without front matter still go through Markdown below.
        render(&text, 1);
        return;
    };
    assert!(
        split.body_line <= lines + 1,
        "body line past the end of the file"
    );
    for parsed in [
        yaml::parse::<ArticleMeta>(split.front_matter).err(),
        yaml::parse::<PageMeta>(split.front_matter).err(),
    ]
    .into_iter()
    .flatten()
    {
        if let Some(line) = parsed.line {
            assert!(
                line + split.front_matter_line - 1 <= lines + 1,
                "YAML error past the end"
            );
        }
    }
    if let Ok(meta) = yaml::parse::<ArticleMeta>(split.front_matter) {
        let _ = french::slugify(&meta.title);
        for id in meta.partners.iter().chain(&meta.themes) {
            let location =
                validate::locate("a.md", split.front_matter, split.front_matter_line, id, 0);
            if let Some(line) = location.line {
                assert!(line <= lines, "id located past the end of the file");
            }
        }
    }
    render(split.body, split.body_line);
    let _ = typography::typeset_text(split.body);
});

fn render(body: &str, first_line: usize) {
    let base = BaseUrl::parse("https://exemple.fr/hub/");
    let links: BTreeMap<String, String> =
        [("actualites/b.md".to_string(), "/actualites/b/".to_string())].into();
    let context = LinkContext {
        base: &base,
        links: &links,
    };
    let source = Source {
        key: "actualites/a.md".to_string(),
        file: Path::new("content/actualites/a.md"),
        first_line,
    };
    let _ = markdown::render(body, &source, &context, true);
    let _ = markdown::render(body, &source, &context, false);
}
