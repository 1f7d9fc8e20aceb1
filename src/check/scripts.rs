//! Lints of script in Markdown bodies: raw `<script>` tags, `on…=` event
//! handler attributes, and links whose scheme runs code (`javascript:`,
//! `vbscript:`, `data:`). The build publishes raw HTML as written, as
//! editors may need a table or a video; `check` is where script is flagged.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Tag};

use super::{Finding, Lint};
use crate::commonmark::LineIndex;
use crate::urls::{browser_scheme, runs_code};

/// Attributes holding a URL that a browser follows or loads.
const URL_ATTRIBUTES: [&str; 10] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
];

/// Script lints of one Markdown body, located in the file.
pub(super) fn lint(
    file: &Path,
    lines: &LineIndex,
    events: &[(Event<'_>, Range<usize>)],
) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut tags = Tags::default();
    for (event, range) in events {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                tags.feed(html, range.start, &mut found);
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                found.extend(script_scheme(dest_url, true).map(|lint| (range.start, lint)));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                found.extend(script_scheme(dest_url, false).map(|lint| (range.start, lint)));
            }
            _ => {}
        }
        // A tag never spans anything but raw HTML.
        tags = Tags::default();
    }
    found
        .into_iter()
        .map(|(offset, lint)| Finding::new(lines.location(file, offset), lint))
        .collect()
}

/// `ScriptLink` if `url` runs code when followed (`is_link`) or loaded: a
/// `data:` image is only an image.
fn script_scheme(url: &str, is_link: bool) -> Option<Lint> {
    let scheme = browser_scheme(url).filter(|s| runs_code(s))?;
    (is_link || scheme != "data").then_some(Lint::ScriptLink { scheme })
}

/// Raw HTML read tag by tag. The HTML of a block comes line by line, so a
/// tag may start in one event and end in a later one.
#[derive(Default)]
struct Tags {
    /// The tag being read (from its `<`) and its offset in the body.
    open: Option<(String, usize)>,
    /// Inside `<!-- … -->`, whose content is no markup.
    in_comment: bool,
}

impl Tags {
    /// Reads `html` (at `offset` in the body), pushing the lints of every
    /// tag it completes.
    fn feed(&mut self, html: &str, offset: usize, found: &mut Vec<(usize, Lint)>) {
        let mut index = 0;
        while index < html.len() {
            let rest = &html[index..];
            if self.in_comment {
                let Some(end) = rest.find("-->") else { return };
                self.in_comment = false;
                index += end + 3;
            } else if let Some((mut tag, start)) = self.open.take() {
                match tag_end(&tag, rest) {
                    Some(end) => {
                        tag.push_str(&rest[..end]);
                        found.extend(tag_lints(&tag).into_iter().map(|lint| (start, lint)));
                        index += end + 1;
                    }
                    None => {
                        tag.push_str(rest);
                        self.open = Some((tag, start));
                        return;
                    }
                }
            } else {
                let Some(lt) = rest.find('<') else { return };
                let after = &rest[lt + 1..];
                if after.starts_with("!--") {
                    self.in_comment = true;
                    index += lt + 4;
                } else if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    self.open = Some((String::new(), offset + index + lt));
                    index += lt + 1;
                } else {
                    index += lt + 1;
                }
            }
        }
    }
}

/// The byte index in `rest` of the `>` that ends the tag, whose text so
/// far is `tag` (quotes opened there are still open).
fn tag_end(tag: &str, rest: &str) -> Option<usize> {
    let mut quote = open_quote(tag);
    for (index, c) in rest.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(index),
            _ => {}
        }
    }
    None
}

/// The quote still open at the end of a partial tag.
fn open_quote(tag: &str) -> Option<char> {
    let mut quote = None;
    for c in tag.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            _ => {}
        }
    }
    quote
}

/// The lints of one complete tag, given without its `<` and `>`.
fn tag_lints(tag: &str) -> Vec<Lint> {
    let name_end = tag
        .find(|c: char| c.is_ascii_whitespace() || c == '/')
        .unwrap_or(tag.len());
    let mut lints = Vec::new();
    if tag[..name_end].eq_ignore_ascii_case("script") {
        lints.push(Lint::RawScript);
    }
    for (name, value) in attributes(&tag[name_end..]) {
        let name = name.to_ascii_lowercase();
        if name.len() > 2 && name.starts_with("on") {
            lints.push(Lint::EventHandler { attribute: name });
        } else if URL_ATTRIBUTES.contains(&name.as_str()) {
            let is_link = !matches!(name.as_str(), "src" | "srcset" | "poster" | "background");
            lints.extend(script_scheme(value, is_link));
        }
    }
    lints
}

/// The attributes of a tag (after its name): name and value, as browsers
/// split them (no space needed after a quoted value: `a="1"b="2"`).
fn attributes(mut rest: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return found;
        }
        let name_end = rest
            .char_indices()
            .skip(1) // a name may start with `=` in HTML; never empty
            .find(|(_, c)| c.is_ascii_whitespace() || matches!(c, '=' | '/'))
            .map_or(rest.len(), |(i, _)| i);
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let Some(after_equals) = rest.strip_prefix('=') else {
            found.push((name, ""));
            continue;
        };
        rest = after_equals.trim_start();
        let (value, next) = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = &rest[1..];
                let end = inner.find(quote).unwrap_or(inner.len());
                (&inner[..end], inner.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = rest
                    .find(|c: char| c.is_ascii_whitespace())
                    .unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            }
        };
        found.push((name, value));
        rest = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lints(body: &str) -> Vec<(usize, Lint)> {
        let events: Vec<_> = pulldown_cmark::Parser::new_ext(body, crate::commonmark::options())
            .into_offset_iter()
            .collect();
        lint(Path::new("a.md"), &LineIndex::new(body, 1), &events)
            .into_iter()
            .map(|f| (f.location.line.unwrap_or(0), f.lint))
            .collect()
    }

    fn handler(name: &str) -> Lint {
        Lint::EventHandler {
            attribute: name.into(),
        }
    }

    fn link(scheme: &str) -> Lint {
        Lint::ScriptLink {
            scheme: scheme.into(),
        }
    }

    #[test]
    fn attributes_split_as_browsers_do() {
        assert_eq!(
            attributes(" href=\"#\"onclick='x' data-a=b c /"),
            [("href", "#"), ("onclick", "x"), ("data-a", "b"), ("c", "")]
        );
        assert_eq!(attributes(" a = \"1 > 2\""), [("a", "1 > 2")]);
    }

    #[test]
    fn script_tags_in_any_case() {
        assert_eq!(
            lints("<SCRIPT src=x.js></SCRIPT>\n\nUn <script>x</script> en ligne.\n"),
            [(1, Lint::RawScript), (3, Lint::RawScript)]
        );
        assert_eq!(lints("<scripts>\n\n<noscript>x</noscript>\n"), []);
    }

    #[test]
    fn event_handlers_however_written() {
        // Raw HTML blocks reach the browser as written; inline, CommonMark
        // needs a space before each attribute, or the tag is escaped text.
        assert_eq!(
            lints(
                "<div>\n<a href=\"#\"onclick=\"x\">a</a>\n<svg/onload=x>\n</div>\n\nUn <b ONMOUSEOVER = x>b</b> et <a href=\"#\"onclick=\"x\">c</a>.\n"
            ),
            [
                (2, handler("onclick")),
                (3, handler("onload")),
                (6, handler("onmouseover"))
            ]
        );
    }

    #[test]
    fn quoted_text_and_comments_are_not_markup() {
        assert_eq!(
            lints(
                "<p title=\"onclick=x <script>\">a</p>\n\n<!-- <script> onload= -->\n\nUn texte onclick=x.\n"
            ),
            []
        );
    }

    #[test]
    fn tags_spanning_lines_are_read_whole() {
        assert_eq!(
            lints("<div\n  class=\"a\"\n  onclick=\"x\">b</div>\n"),
            [(1, handler("onclick"))]
        );
    }

    #[test]
    fn links_that_run_code() {
        assert_eq!(
            lints(
                "[a](javascript:x) [b](JAVA&#83;CRIPT:x) [c](data:text/html,x) ![d](data:image/png;base64,AA==) ![e](vbscript:x)\n"
            ),
            [
                (1, link("javascript")),
                (1, link("javascript")),
                (1, link("data")),
                (1, link("vbscript"))
            ]
        );
        assert_eq!(
            lints(
                "<a href=\" &#x6A;avascript&colon;x\">a</a> <img src=\"data:image/png;base64,AA==\" alt=\"\"> <iframe src=\"javascript:x\"></iframe>\n"
            ),
            [(1, link("javascript")), (1, link("javascript"))]
        );
        assert_eq!(
            lints("[a](https://exemple.fr/?javascript:x) [b](/javascript:x)\n"),
            []
        );
    }
}
