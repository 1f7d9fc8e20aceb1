//! Lints of what editors wrote: front matter of articles, Markdown bodies
//! (with lines in the original file), ids nobody cites, and what will not be
//! published.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::{Finding, Lint, MAX_LEAD_CHARS, MAX_TITLE_CHARS, header};
use crate::commonmark::LineIndex;
use crate::error::Location;
use crate::model::{ArticleSource, Content, Date, Document};
use crate::validate::{IdKind, Publication, locate, locate_key};

/// Link texts that say nothing out of context, compared after lowercasing
/// and dropping punctuation.
const VAGUE_LINK_TEXTS: [&str; 9] = [
    "ici",
    "cliquez ici",
    "cliquer ici",
    "clique ici",
    "lien",
    "ce lien",
    "cliquez",
    "cliquez sur ce lien",
    "en cliquant ici",
];

/// A published body: its file, text and first line.
pub(super) type Body<'a> = (&'a Path, &'a str, usize);

/// Every content lint but those of bodies, for the articles and pages
/// `publication` publishes, plus a note for each one it does not; and the
/// bodies to lint ([`body`]).
pub(super) fn lint(content: &Content, publication: Publication) -> (Vec<Finding>, Vec<Body<'_>>) {
    let mut findings = Vec::new();
    let mut bodies = Vec::new();
    let published = |draft: bool, date: Option<Date>| {
        publication.drafts || (!draft && date.is_none_or(|d| d <= publication.today))
    };
    let mut cited_partners = HashSet::new();
    let mut cited_themes = HashSet::new();
    for article in &content.articles {
        let meta = &article.meta;
        if !meta.draft && meta.date > publication.today {
            let location = key(article, &["date"]);
            findings.push(Finding::new(location, Lint::Future { date: meta.date }));
        }
        if meta.draft {
            findings.push(Finding::new(
                key(article, &["brouillon", "draft"]),
                Lint::Draft,
            ));
        }
        if !published(meta.draft, Some(meta.date)) {
            continue;
        }
        cited_partners.extend(meta.partners.iter().map(String::as_str));
        cited_themes.extend(meta.themes.iter().map(String::as_str));
        findings.extend(front_matter(article));
        bodies.push((
            article.source.as_path(),
            article.body.as_str(),
            article.body_line,
        ));
    }
    for page in &content.pages {
        if page.meta.draft {
            findings.push(Finding::new(
                key(page, &["brouillon", "draft"]),
                Lint::Draft,
            ));
        }
        if published(page.meta.draft, None) {
            bodies.push((page.source.as_path(), page.body.as_str(), page.body_line));
        }
    }
    let unused = |kind: IdKind, id: &str, text: &str| {
        let file = match kind {
            IdKind::Partner => "content/partenaires.yaml",
            _ => "content/thematiques.yaml",
        };
        let location = locate(file, text, 1, id, 0);
        let lint = match kind {
            IdKind::Partner => Lint::UnusedPartner { id: id.to_string() },
            _ => Lint::UnusedTheme { id: id.to_string() },
        };
        Finding::new(location, lint)
    };
    for partner in &content.partners {
        if !cited_partners.contains(partner.id.as_str()) {
            findings.push(unused(
                IdKind::Partner,
                &partner.id,
                &content.sources.partners,
            ));
        }
    }
    for theme in &content.themes {
        if !cited_themes.contains(theme.id.as_str()) {
            findings.push(unused(IdKind::Theme, &theme.id, &content.sources.themes));
        }
    }
    (findings, bodies)
}

/// The line of the first of `keys` present in the front matter, or line 1.
fn key<M>(doc: &Document<M>, keys: &[&str]) -> Location {
    keys.iter()
        .map(|k| locate_key(&doc.source, &doc.front_matter, doc.front_matter_line, k))
        .find(|location| location.line.is_some())
        .unwrap_or_else(|| header(&doc.source))
}

fn front_matter(article: &ArticleSource) -> Vec<Finding> {
    let meta = &article.meta;
    let mut findings = Vec::new();
    let mut push = |keys: &[&str], lint| findings.push(Finding::new(key(article, keys), lint));
    if meta.partners.is_empty() {
        push(&["partenaires", "titre", "title"], Lint::NoPartner);
    }
    if meta.themes.is_empty() {
        push(&["thematiques", "titre", "title"], Lint::NoTheme);
    }
    let lead = meta.lead.as_deref().map(str::trim).unwrap_or_default();
    let chars = lead.chars().count();
    if lead.is_empty() {
        push(
            &["chapo", "description", "titre", "title"],
            Lint::MissingLead {
                written: key(article, &["chapo", "description"]).line.is_some(),
            },
        );
    } else if chars > MAX_LEAD_CHARS {
        push(&["chapo", "description"], Lint::LongLead { chars });
    }
    let chars = meta.title.trim().chars().count();
    if chars > MAX_TITLE_CHARS {
        push(&["titre", "title"], Lint::LongTitle { chars });
    }
    let has_alt = meta
        .image_alt
        .as_deref()
        .is_some_and(|a| !a.trim().is_empty());
    if meta.image.is_some() && !has_alt {
        let written = key(article, &["image_alt"]).line.is_some();
        push(&["image"], Lint::FrontMatterImageWithoutAlt { written });
    }
    if let Some(alt) = meta
        .image_alt
        .as_deref()
        .filter(|a| super::images::is_file_name(a))
    {
        let text = alt.trim().to_string();
        push(&["image_alt"], Lint::AltIsFileName { text });
    }
    findings
}

/// What an open link or image has collected so far.
struct Open {
    is_image: bool,
    offset: usize,
    text: String,
}

/// Accessibility and script lints of one Markdown body, from the events
/// the Markdown stage parsed.
pub(super) fn body(
    file: &Path,
    lines: &LineIndex,
    events: &[(Event<'_>, Range<usize>)],
) -> Vec<Finding> {
    let at = |offset: usize| lines.location(file, offset);
    let mut findings = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut previous: Option<u8> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = heading_level(*level);
                let lint = match previous {
                    _ if level == 1 => Some(Lint::H1InBody),
                    None if level != 2 => Some(Lint::FirstHeading { level }),
                    Some(from) if level > from + 1 => Some(Lint::HeadingSkip { from, to: level }),
                    _ => None,
                };
                if let Some(lint) = lint {
                    findings.push(Finding::new(at(range.start), lint));
                }
                previous = Some(level);
            }
            Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => {
                open.push(Open {
                    is_image: matches!(event, Event::Start(Tag::Image { .. })),
                    offset: range.start,
                    text: String::new(),
                });
            }
            Event::Text(text) | Event::Code(text) => {
                for item in &mut open {
                    item.text.push_str(text);
                }
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                let Some(item) = open.pop() else { continue };
                let lint = if item.text.trim().is_empty() {
                    Some(if item.is_image {
                        Lint::ImageWithoutAlt
                    } else {
                        Lint::EmptyLinkText
                    })
                } else if item.is_image && super::images::is_file_name(&item.text) {
                    Some(Lint::AltIsFileName {
                        text: item.text.trim().to_string(),
                    })
                } else if !item.is_image && is_vague(&item.text) {
                    Some(Lint::VagueLinkText {
                        text: item.text.trim().to_string(),
                    })
                } else {
                    None
                };
                if let Some(lint) = lint {
                    findings.push(Finding::new(at(item.offset), lint));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for offset in images_without_alt(html) {
                    findings.push(Finding::new(
                        at(range.start + offset),
                        Lint::HtmlImageWithoutAlt,
                    ));
                }
            }
            _ => {}
        }
    }
    findings.extend(super::scripts::lint(file, lines, events));
    findings
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn is_vague(text: &str) -> bool {
    let words: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    VAGUE_LINK_TEXTS.contains(&words.as_str())
}

/// Byte offsets of the `<img` tags of raw HTML that have no `alt`
/// attribute at all (`alt=""` marks a decorative image and is fine).
fn images_without_alt(html: &str) -> Vec<usize> {
    let lower = html.to_ascii_lowercase();
    let mut offsets = Vec::new();
    for (start, _) in lower.match_indices("<img") {
        let rest = &lower[start + 4..];
        if !rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/') {
            continue; // `<imgx>` is another tag
        }
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        let has_alt = tag.match_indices("alt").any(|(i, _)| {
            let before = tag[..i].chars().next_back();
            let after = tag[i + 3..].chars().next();
            before.is_some_and(|c| c.is_ascii_whitespace())
                && after.is_none_or(|c| c == '=' || c == '/' || c.is_ascii_whitespace())
        });
        if !has_alt {
            offsets.push(start);
        }
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lints(body: &str) -> Vec<(usize, Lint)> {
        super::super::lint_body(Path::new("a.md"), body, 10)
            .into_iter()
            .map(|f| (f.location.line.unwrap_or(0), f.lint))
            .collect()
    }

    #[test]
    fn headings_start_at_h2_and_do_not_skip() {
        assert_eq!(lints("## A\n\n### B\n\n## C\n\n### D\n"), []);
        assert_eq!(
            lints("### A\n\n## B\n\n#### C\n\n# D\n"),
            [
                (10, Lint::FirstHeading { level: 3 }),
                (14, Lint::HeadingSkip { from: 2, to: 4 }),
                (16, Lint::H1InBody),
            ]
        );
    }

    #[test]
    fn images_need_an_alternative_text() {
        assert_eq!(
            lints(
                "![](a.jpg) ![Une photo](b.jpg)\n\n<img src=\"c.jpg\">\n\n<p><img alt=\"\" src=d.jpg><IMG SRC=e.jpg /></p>\n"
            ),
            [
                (10, Lint::ImageWithoutAlt),
                (12, Lint::HtmlImageWithoutAlt),
                (14, Lint::HtmlImageWithoutAlt),
            ]
        );
    }

    #[test]
    fn links_need_a_meaningful_text() {
        assert_eq!(
            lints(
                "Texte\n[](a) [Cliquez ici !](b) [ici](c) [le programme](d) [![Logo](x.png)](e) [Lien.](f)\n"
            ),
            [
                (11, Lint::EmptyLinkText),
                (
                    11,
                    Lint::VagueLinkText {
                        text: "Cliquez ici !".into()
                    }
                ),
                (11, Lint::VagueLinkText { text: "ici".into() }),
                (
                    11,
                    Lint::VagueLinkText {
                        text: "Lien.".into()
                    }
                ),
            ]
        );
    }

    #[test]
    fn raw_img_alt_detection() {
        assert_eq!(
            images_without_alt("<img src=a alt=\"x\">"),
            Vec::<usize>::new()
        );
        assert_eq!(images_without_alt("<img alt src=a>"), Vec::<usize>::new());
        assert_eq!(images_without_alt("x <img data-alt=\"y\" src=a>"), vec![2]);
        assert_eq!(images_without_alt("<imgs>"), Vec::<usize>::new());
    }
}
