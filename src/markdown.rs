//! Stage 3: Markdown bodies → HTML, with heading ids and anchors, internal
//! links resolved to URLs, then French typography on the text.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::commonmark::{LineIndex, options};
use crate::error::{Describe, Diagnostic, Diagnostics, Location};
use crate::french::slugify;
use crate::model::Site;
use crate::typography::typeset_html;
use crate::urls::BaseUrl;
use crate::validate::content_key;

#[derive(Debug, thiserror::Error)]
pub enum MarkdownError {
    #[error("lien vers un fichier introuvable « {target} »")]
    BrokenLink {
        target: String,
        /// The content key of the file it was probably meant to be.
        suggestion: Option<String>,
    },
    #[error("lien vers une ancre introuvable « #{anchor} » dans {target}")]
    BrokenAnchor {
        target: String,
        anchor: String,
        suggestion: Option<String>,
        /// The target's anchors, shared by every link to it.
        anchors: Arc<AnchorSample>,
    },
}

impl Describe for MarkdownError {
    fn hint(&self) -> Option<String> {
        match self {
            MarkdownError::BrokenLink { suggestion, .. } => {
                let mut hint =
                    "un lien interne s'écrit « @/actualites/fichier.md » ou « @/pages/fichier.md »"
                        .to_string();
                if let Some(best) = suggestion {
                    hint = format!("vouliez-vous dire « @/{best} » ?\n{hint}");
                }
                Some(hint)
            }
            MarkdownError::BrokenAnchor {
                suggestion,
                anchors,
                ..
            } => Some(match suggestion {
                Some(best) => format!("vouliez-vous dire « #{best} » ?"),
                None if anchors.total == 0 => "cette page n'a aucun intertitre".to_string(),
                None => format!("ancres de cette page : {anchors}"),
            }),
        }
    }
}

/// Broken links of one body that get a "did you mean" search: each search
/// reads every file name or anchor of the target, and past a few broken
/// links in one file (a folder renamed), more suggestions help nobody.
const SUGGESTED_PER_BODY: usize = 10;

/// The first anchors of a page, in order, and how many it has: what a hint
/// lists, without copying every heading of the page into each diagnostic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnchorSample {
    pub first: Vec<String>,
    pub total: usize,
}

impl AnchorSample {
    const SHOWN: usize = 10;

    fn of(anchors: &HashSet<String>) -> Self {
        let mut all: Vec<&String> = anchors.iter().collect();
        all.sort_unstable();
        Self {
            first: all.into_iter().take(Self::SHOWN).cloned().collect(),
            total: anchors.len(),
        }
    }
}

impl std::fmt::Display for AnchorSample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.first.join(", "))?;
        if self.total > self.first.len() {
            write!(f, ", … ({} en tout)", self.total)?;
        }
        Ok(())
    }
}

/// The content key whose file name is closest to the one `target` names:
/// a typo in `apropos.md` is far from the whole key `pages/a-propos.md`
/// but close to `a-propos.md`.
fn closest_key(target: &str, links: &BTreeMap<String, String>) -> Option<String> {
    fn file_name(path: &str) -> &str {
        let path = path.split('#').next().unwrap_or(path);
        path.rsplit('/').next().unwrap_or(path)
    }
    let best = crate::suggest::closest(file_name(target), links.keys().map(|k| file_name(k)))?;
    links.keys().find(|k| file_name(k) == best).cloned()
}

/// A body rendered to HTML, with what other bodies may link to.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Heading ids of this body, for `#ancre` links.
    pub anchors: HashSet<String>,
    /// `(target content key, anchor, location)` to check once all bodies are rendered.
    anchor_links: Vec<(String, String, Location)>,
    /// Time the typography pass took on this body.
    typesetting: Duration,
}

/// Everything a body needs to know about the rest of the site.
pub struct LinkContext<'a> {
    pub base: &'a BaseUrl,
    /// Content key (`actualites/x.md`) → site path.
    pub links: &'a BTreeMap<String, String>,
    /// The processed images, shown as `<picture>`.
    pub images: &'a crate::images::Images,
}

/// A body's HTML as the templates take it: one string shared by
/// reference. An article shows on its own page and on five or so others
/// (lists, its neighbours' pages): each used to copy it, at 10,000 articles
/// 400 MB of copies; a clone is now a count.
#[derive(Debug, Clone)]
pub struct Html(tera::Value);

impl Html {
    pub fn as_str(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }

    /// The template value, sharing this HTML.
    pub fn value(&self) -> tera::Value {
        self.0.clone()
    }
}

impl From<String> for Html {
    fn from(html: String) -> Self {
        Self(tera::Value::from(html))
    }
}

/// Rendered bodies of the site's articles and pages, in the site's order.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Bodies {
    pub articles: Vec<Html>,
    pub pages: Vec<String>,
    /// Heading ids of each body, by content key: what links to its anchors
    /// are checked against.
    pub anchors: HashMap<String, HashSet<String>>,
    /// Time the typography pass took on all of them, summed over threads.
    pub typesetting: Duration,
}

/// Sees each body's Markdown as the stage parses it, before any rewriting,
/// so that lints (`check`) need no parse of their own. Called from the
/// rendering threads, once per body.
pub trait BodyInspector: Sync {
    fn body(&self, source: &Source, lines: &LineIndex, events: &[(Event<'_>, Range<usize>)]);
}

/// Looks at nothing: what `build` uses.
impl BodyInspector for () {
    fn body(&self, _: &Source, _: &LineIndex, _: &[(Event<'_>, Range<usize>)]) {}
}

/// Parses a body that is not rendered and shows it to `inspector`.
pub fn inspect(body: &str, source: &Source, inspector: &(impl BodyInspector + ?Sized)) {
    let lines = LineIndex::new(body, source.first_line);
    let events: Vec<_> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    inspector.body(source, &lines, &events);
}

/// Renders every body in parallel and checks links between them.
pub fn render_bodies(site: &Site, base: &BaseUrl) -> Result<Bodies, Diagnostics> {
    render_bodies_with(site, base, &())
}

/// [`render_bodies`], showing each body to `inspector` as it is parsed.
pub fn render_bodies_with(
    site: &Site,
    base: &BaseUrl,
    inspector: &(impl BodyInspector + ?Sized),
) -> Result<Bodies, Diagnostics> {
    let context = LinkContext {
        base,
        links: &site.links,
        images: &site.images,
    };
    let docs = site
        .articles
        .iter()
        .map(|a| {
            (
                &a.doc.source,
                a.doc.body.as_str(),
                a.doc.body_line,
                a.typography,
            )
        })
        .chain(site.pages.iter().map(|p| {
            (
                &p.doc.source,
                p.doc.body.as_str(),
                p.doc.body_line,
                p.typography,
            )
        }));
    let docs: Vec<_> = docs.collect();
    let results: Vec<_> = docs
        .par_iter()
        .with_max_len(crate::PARALLEL_PIECE)
        .map(|(source, body, line, typography)| {
            let source = Source {
                key: content_key(source),
                file: source,
                first_line: *line,
            };
            render_with(body, &source, &context, *typography, inspector)
        })
        .collect();

    let mut diagnostics = Diagnostics::default();
    let mut rendered = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(body) => rendered.push(body),
            Err(mut errors) => {
                diagnostics.0.append(&mut errors);
                rendered.push(Rendered::default());
            }
        }
    }
    let anchors: HashMap<String, HashSet<String>> = docs
        .iter()
        .zip(&mut rendered)
        .map(|((source, ..), body)| (content_key(source), std::mem::take(&mut body.anchors)))
        .collect();
    check_anchors(&anchors, &rendered, &mut diagnostics);
    let typesetting = rendered.iter().map(|r| r.typesetting).sum();
    let mut html: Vec<String> = rendered.into_iter().map(|r| r.html).collect();
    let pages = html.split_off(site.articles.len());
    diagnostics.into_result(Bodies {
        articles: html.into_par_iter().map(Html::from).collect(),
        pages,
        anchors,
        typesetting,
    })
}

/// Renders the body of article `index` again, as [`render_bodies`] would
/// with the other bodies unchanged, and puts it in `bodies`. Returns
/// whether its heading ids stayed the same: if not, links from other bodies
/// to its anchors must be checked again (by rendering every body).
pub fn render_article(
    site: &Site,
    base: &BaseUrl,
    bodies: &mut Bodies,
    index: usize,
) -> Result<bool, Diagnostics> {
    let doc = &site.articles[index].doc;
    let key = content_key(&doc.source);
    let source = Source {
        key: key.clone(),
        file: &doc.source,
        first_line: doc.body_line,
    };
    let context = LinkContext {
        base,
        links: &site.links,
        images: &site.images,
    };
    let typography = site.articles[index].typography;
    let mut body = render(&doc.body, &source, &context, typography).map_err(Diagnostics)?;
    let anchors = std::mem::take(&mut body.anchors);
    let same = bodies.anchors.get(&key) == Some(&anchors);
    bodies.anchors.insert(key, anchors);
    let mut diagnostics = Diagnostics::default();
    check_anchors(
        &bodies.anchors,
        std::slice::from_ref(&body),
        &mut diagnostics,
    );
    bodies.articles[index] = body.html.into();
    diagnostics.into_result(same)
}

/// Checks the links of `rendered` to anchors of the bodies in `anchors`
/// (by content key).
fn check_anchors(
    anchors: &HashMap<String, HashSet<String>>,
    rendered: &[Rendered],
    diagnostics: &mut Diagnostics,
) {
    // One sample per target page, however many links miss it.
    let mut samples: HashMap<&str, Arc<AnchorSample>> = HashMap::new();
    for body in rendered {
        let mut searches = 0;
        for (target, anchor, location) in &body.anchor_links {
            let Some(target_anchors) = anchors.get(target) else {
                continue;
            };
            if target_anchors.contains(anchor) {
                continue;
            }
            let sample = samples
                .entry(target)
                .or_insert_with(|| Arc::new(AnchorSample::of(target_anchors)))
                .clone();
            searches += 1;
            let suggestion = (searches <= SUGGESTED_PER_BODY)
                .then(|| crate::suggest::closest(anchor, target_anchors.iter().map(String::as_str)))
                .flatten()
                .map(str::to_string);
            let error = MarkdownError::BrokenAnchor {
                target: format!("@/{target}"),
                anchor: anchor.clone(),
                suggestion,
                anchors: sample,
            };
            diagnostics.push(Diagnostic::new(location.clone(), error));
        }
    }
}

/// Where a body comes from, to resolve relative links and locate errors.
pub struct Source<'a> {
    /// Content key of the file, e.g. `actualites/x.md`.
    pub key: String,
    pub file: &'a std::path::Path,
    /// File line of the body's first line.
    pub first_line: usize,
}

/// Renders one body. Errors name the file and the line of the link.
pub fn render(
    body: &str,
    source: &Source,
    context: &LinkContext,
    typography: bool,
) -> Result<Rendered, Vec<Diagnostic>> {
    render_with(body, source, context, typography, &())
}

fn render_with(
    body: &str,
    source: &Source,
    context: &LinkContext,
    typography: bool,
    inspector: &(impl BodyInspector + ?Sized),
) -> Result<Rendered, Vec<Diagnostic>> {
    let lines = LineIndex::new(body, source.first_line);
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    inspector.body(source, &lines, &events);
    let headings = assign_heading_ids(&mut events);
    let anchors: HashSet<String> = headings.iter().map(|h| h.id.clone()).collect();
    let mut errors = Vec::new();
    let mut anchor_links = Vec::new();

    let mut output: Vec<Event> = Vec::with_capacity(events.len() + anchors.len());
    let mut headings = headings.into_iter();
    let mut in_self_link = false;
    // The first image of a page loads at once, unless the page opens with
    // its front matter image.
    let mut eager = !context.images.headed.contains(&source.key);
    let mut events = events.into_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Image { ref dest_url, .. })
                if context.images.photos.contains_key(&media_address(dest_url)) =>
            {
                let picture = &context.images.photos[&media_address(dest_url)];
                let alt = image_alt(&mut events);
                let place = crate::images::Place::Column;
                output.push(Event::InlineHtml(CowStr::from(picture.html(
                    context.base,
                    &alt,
                    place,
                    eager,
                ))));
                eager = false;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let location = || lines.location(source.file, range.start);
                let dest_url = match resolve(&dest_url, source, context) {
                    Resolved::Unchanged => dest_url,
                    Resolved::Url(url, anchor) => {
                        if let Some((key, anchor)) = anchor {
                            anchor_links.push((key, anchor, location()));
                        }
                        CowStr::from(url)
                    }
                    Resolved::Missing(target) => {
                        let suggestion = (errors.len() < SUGGESTED_PER_BODY)
                            .then(|| closest_key(&target, context.links))
                            .flatten();
                        errors.push(Diagnostic::new(
                            location(),
                            MarkdownError::BrokenLink { target, suggestion },
                        ));
                        dest_url
                    }
                };
                output.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = CowStr::from(context.base.link(&dest_url));
                output.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Heading { .. }) => {
                output.push(event);
                let heading = headings.next();
                if let Some(Heading {
                    id,
                    self_link: true,
                }) = heading
                {
                    output.push(Event::InlineHtml(CowStr::from(anchor_open(&id))));
                    in_self_link = true;
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if std::mem::take(&mut in_self_link) {
                    output.push(Event::InlineHtml(CowStr::from(ANCHOR_CLOSE)));
                }
                output.push(event);
            }
            other => output.push(other),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, output.into_iter());
    let mut html = crate::quotes::attributed_quotes(html);
    let mut typesetting = Duration::ZERO;
    if typography {
        let started = Instant::now();
        html = typeset_html(&html);
        typesetting = started.elapsed();
    }
    Ok(Rendered {
        html,
        anchors,
        anchor_links,
        typesetting,
    })
}

/// `/medias/x.jpg` however the body writes it.
fn media_address(url: &str) -> String {
    format!("/{}", url.trim().trim_start_matches('/'))
}

/// The text of an image's brackets, its alternative text: the events up to
/// the image's end, as plain text.
fn image_alt<'e>(events: &mut impl Iterator<Item = (Event<'e>, Range<usize>)>) -> String {
    let mut alt = String::new();
    let mut depth = 0;
    for (event, _) in events.by_ref() {
        match event {
            Event::End(TagEnd::Image) if depth == 0 => break,
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => depth -= 1,
            Event::Text(text) | Event::Code(text) => alt.push_str(&text),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    alt
}

/// A heading's id, and whether its content links to it: not when the
/// content holds a link already (links do not nest) or nothing to read.
struct Heading {
    id: String,
    self_link: bool,
}

/// Gives each heading an id: the one the editor wrote (`{#id}`), or the
/// French slug of its text, made unique with `-2`, `-3`… Returns each
/// heading, in order.
fn assign_heading_ids(events: &mut [(Event, std::ops::Range<usize>)]) -> Vec<Heading> {
    let mut ids = UniqueIds::default();
    let mut headings = Vec::new();
    for index in 0..events.len() {
        let Event::Start(Tag::Heading { id, .. }) = &events[index].0 else {
            continue;
        };
        let content = &events[index + 1..];
        let text = heading_text(content);
        let self_link = !text.trim().is_empty() && !holds_interactive(content);
        let wanted = match id {
            Some(id) => id.to_string(),
            None => Some(slugify(&text))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "section".into()),
        };
        let unique = ids.claim(wanted);
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[index].0 {
            *id = Some(CowStr::from(unique.clone()));
        }
        headings.push(Heading {
            id: unique,
            self_link,
        });
    }
    headings
}

/// Ids already given, and for each wanted id the next suffix to try: the
/// suffix only grows, so `n` identical headings cost `n` probes in all,
/// not `n²/2` as when every duplicate counted again from `-2`.
#[derive(Default)]
struct UniqueIds {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl UniqueIds {
    fn claim(&mut self, wanted: String) -> String {
        let unique = if self.used.contains(&wanted) {
            let suffix = self.next_suffix.entry(wanted.clone()).or_insert(2);
            loop {
                let candidate = format!("{wanted}-{suffix}");
                *suffix += 1;
                if !self.used.contains(&candidate) {
                    break candidate;
                }
            }
        } else {
            wanted
        };
        self.used.insert(unique.clone());
        unique
    }
}

fn heading_text(events: &[(Event, std::ops::Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// Whether a heading's content (the events after its start) holds a link,
/// a footnote reference (a link too) or raw HTML with interactive content:
/// it cannot sit inside a link to the heading.
fn holds_interactive(content: &[(Event, Range<usize>)]) -> bool {
    for (event, _) in content {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Start(Tag::Link { .. }) | Event::FootnoteReference(_) => return true,
            Event::Html(html) | Event::InlineHtml(html) if interactive_html(html) => return true,
            _ => {}
        }
    }
    false
}

/// Whether raw HTML opens or closes an element that may not sit inside a
/// link (`<a>`, form controls, embedded content with controls).
fn interactive_html(html: &str) -> bool {
    const INTERACTIVE: [&str; 12] = [
        "a", "button", "input", "select", "textarea", "label", "details", "iframe", "embed",
        "object", "audio", "video",
    ];
    html.split('<').skip(1).any(|tag| {
        let name = tag.strip_prefix('/').unwrap_or(tag);
        let end = name
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(name.len());
        INTERACTIVE
            .iter()
            .any(|element| name[..end].eq_ignore_ascii_case(element))
    })
}

/// The start of a heading's link to itself: the heading's content becomes
/// the link's (the template of [`without_anchors`]). The id is the
/// editor's (`{#id}`) and may hold any character.
fn anchor_open(id: &str) -> String {
    format!(r##"<a class="ancre" href="#{}">"##, escape_attribute(id))
}

const ANCHOR_CLOSE: &str = "</a>";

/// `html` without the heading self-links [`anchor_open`] added, their
/// content kept: the feed gives plain headings.
pub fn without_anchors(html: &str) -> String {
    const START: &str = "<a class=\"ancre\" href=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(START) {
        // The id is escaped: the first `">` ends the opening tag.
        let after = &rest[start + START.len()..];
        let Some(open_end) = after.find("\">") else {
            break;
        };
        let content = &after[open_end + 2..];
        let Some(close) = content.find(ANCHOR_CLOSE) else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&content[..close]);
        rest = &content[close + ANCHOR_CLOSE.len()..];
    }
    out.push_str(rest);
    out
}

/// Text made safe inside a double-quoted HTML attribute.
fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

enum Resolved {
    Unchanged,
    /// The URL, and the anchor to check in a content file.
    Url(String, Option<(String, String)>),
    Missing(String),
}

/// `@/actualites/x.md#a`, `autre.md`, `../pages/x.md`, `/convention/`, `#a`.
fn resolve(dest: &str, source: &Source, context: &LinkContext) -> Resolved {
    if dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("//")
    {
        return Resolved::Unchanged;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Resolved::Url(
            dest.to_string(),
            Some((source.key.clone(), anchor.to_string())),
        );
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (dest, None),
    };
    let key = if let Some(key) = path.strip_prefix("@/") {
        normalize_key(key)
    } else if path.ends_with(".md") && !path.starts_with('/') {
        let dir = source.key.rsplit_once('/').map_or("", |(dir, _)| dir);
        normalize_key(&format!("{dir}/{path}"))
    } else {
        return Resolved::Url(context.base.link(dest), None);
    };
    let Some(site_path) = key.as_ref().and_then(|k| context.links.get(k)) else {
        return Resolved::Missing(dest.to_string());
    };
    let key = key.unwrap_or_default();
    let url = context.base.link(site_path);
    match anchor {
        Some(anchor) => Resolved::Url(format!("{url}#{anchor}"), Some((key, anchor.to_string()))),
        None => Resolved::Url(url, None),
    }
}

/// Resolves `.` and `..` in a content key; `None` if it climbs out of `content/`.
fn normalize_key(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn render_one(body: &str, links: &[(&str, &str)]) -> Result<Rendered, Vec<Diagnostic>> {
        let base = BaseUrl::parse("https://example.org/hub/");
        let links: BTreeMap<String, String> = links
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let context = LinkContext {
            base: &base,
            links: &links,
            images: &Default::default(),
        };
        let source = Source {
            key: "actualites/a.md".into(),
            file: Path::new("content/actualites/a.md"),
            first_line: 5,
        };
        render(body, &source, &context, true)
    }

    #[test]
    fn feeds_get_bodies_without_heading_anchors() {
        let html = render_one(
            "## Titre *vif* {#a\"b}\n\nx\n\n### Voir [le site](https://example.org/)\n",
            &[],
        )
        .unwrap()
        .html;
        assert_eq!(
            without_anchors(&html),
            "<h2 id=\"a&quot;b\">Titre <em>vif</em></h2>\n<p>x</p>\n\
             <h3 id=\"voir-le-site\">Voir <a href=\"https://example.org/\">le site</a></h3>\n"
        );
        assert_eq!(without_anchors("<p>#</p>"), "<p>#</p>");
    }

    #[test]
    fn headings_get_french_ids_and_link_to_themselves() {
        let html = render_one("## Élan d'été\n\n## Élan d'*été*\n", &[])
            .unwrap()
            .html;
        assert_eq!(
            html,
            // The link's text is the heading's, typeset (issue 17).
            "<h2 id=\"elan-dete\"><a class=\"ancre\" href=\"#elan-dete\">Élan d’été</a></h2>\n\
             <h2 id=\"elan-dete-2\"><a class=\"ancre\" href=\"#elan-dete-2\">Élan d’<em>été</em></a></h2>\n"
        );
    }

    #[test]
    fn headings_holding_a_link_or_nothing_stay_plain() {
        let html = render_one(
            "## Voir [le site](https://example.org/)\n\n\
             ## Note[^1]\n\n\
             ## Un <a href=\"/x/\">lien</a> brut\n\n\
             ## Une <abbr title=\"Établissement public\">EPT</abbr>\n\n\
             ##\n\n[^1]: x\n",
            &[],
        )
        .unwrap()
        .html;
        assert_eq!(html.matches("class=\"ancre\"").count(), 1, "{html}");
        assert!(
            html.contains(
                "<h2 id=\"voir-le-site\">Voir <a href=\"https://example.org/\">le site</a></h2>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<h2 id=\"une-ept\"><a class=\"ancre\" href=\"#une-ept\">Une <abbr"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"section\"></h2>"), "{html}");
    }

    #[test]
    fn internal_links_become_urls_under_the_base_path() {
        let links = [("actualites/b.md", "/actualites/b/"), ("pages/p.md", "/p/")];
        let html = render_one(
            "[b](@/actualites/b.md) [p](../pages/p.md) [c](/convention/) [b2](b.md)",
            &links,
        )
        .unwrap()
        .html;
        assert!(html.contains(r#"href="/hub/actualites/b/""#), "{html}");
        assert!(html.contains(r#"href="/hub/p/""#), "{html}");
        assert!(html.contains(r#"href="/hub/convention/""#), "{html}");
        assert!(!html.contains(".md"), "{html}");
    }

    #[test]
    fn broken_link_names_the_file_and_line() {
        let errors = render_one("Texte\n\nvoir [x](@/actualites/absent.md)\n", &[]).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].location.to_string(),
            "content/actualites/a.md:7:6"
        );
        assert!(errors[0].to_string().contains("absent.md"));
    }

    #[test]
    fn broken_link_suggests_the_closest_file() {
        let links = [
            ("pages/a-propos.md", "/a-propos/"),
            ("actualites/b.md", "/actualites/b/"),
        ];
        let errors = render_one("[x](@/pages/apropos.md#haut)", &links).unwrap_err();
        let hint = errors[0].hint().unwrap_or_default();
        assert!(
            hint.contains("vouliez-vous dire « @/pages/a-propos.md »"),
            "{hint}"
        );
    }

    #[test]
    fn external_links_and_code_are_left_alone() {
        let html = render_one("[x](https://example.org/a.md) `l'UPEC : \"x\"`", &[])
            .unwrap()
            .html;
        assert!(html.contains(r#"href="https://example.org/a.md""#));
        assert!(html.contains("<code>l'UPEC : \"x\"</code>"), "{html}");
    }
}
