//! Links of the built site: every `href` and `src` of the generated HTML that
//! points inside the site must lead to a generated file (and, with a
//! `#fragment`, to an element with that id). This catches what the Markdown
//! stage cannot see: menu entries of `site.yaml`, raw HTML written by hand,
//! links in templates.
//!
//! A broken link is reported once per place it comes from (a line of a
//! Markdown file, of `site.yaml` or of a template), with how many pages show it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use super::{Finding, Lint};
use crate::error::Location;
use crate::output::OutputFile;
use crate::routes;
use crate::urls::BaseUrl;
use crate::validate::locate;

/// Why a link leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// No generated file at that address.
    NoFile,
    /// An absolute path that does not start with the site's base path.
    OutsideBase { prefix: String },
    /// The page exists but has no element with that id.
    NoAnchor { anchor: String },
}

/// A broken link, and where it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Broken {
    pub href: String,
    pub reason: Reason,
    /// Site path of the first page showing it, e.g. `/actualites/x/`.
    pub page: String,
    /// How many other pages show it.
    pub others: usize,
}

impl Broken {
    pub fn hint(&self) -> Option<String> {
        Some(match &self.reason {
            Reason::NoFile => "vérifiez l'adresse : un lien vers un article s'écrit « [texte](@/actualites/fichier.md) », une image se place dans content/medias/ et s'écrit « /medias/nom.jpg »".to_string(),
            Reason::OutsideBase { prefix } => format!(
                "le site est publié sous {prefix} : écrivez le lien en Markdown « [texte](/chemin/) », ou commencez l'adresse par {prefix}"
            ),
            Reason::NoAnchor { .. } => {
                "vérifiez l'ancre : elle doit être l'identifiant (id) d'un intertitre de la page visée".to_string()
            }
        })
    }
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            Reason::NoFile => write!(f, "lien interne cassé « {} »", self.href)?,
            Reason::OutsideBase { .. } => write!(f, "lien « {} » hors du site", self.href)?,
            Reason::NoAnchor { anchor } => {
                write!(
                    f,
                    "ancre introuvable « #{anchor} » (lien « {} »)",
                    self.href
                )?;
            }
        }
        write!(f, " sur la page {}", self.page)?;
        match self.others {
            0 => Ok(()),
            1 => f.write_str(" et 1 autre page"),
            n => write!(f, " et {n} autres pages"),
        }
    }
}

/// The texts a generated link can come from, to point at the right line.
pub(super) struct Sources<'a> {
    /// Output path of a page → (Markdown file, body, first body line).
    bodies: HashMap<String, (&'a Path, &'a str, usize)>,
    site: &'a str,
    /// Templates used by the build: (shown path, text).
    templates: &'a [(PathBuf, String)],
}

impl<'a> Sources<'a> {
    pub(super) fn new(
        bodies: HashMap<String, (&'a Path, &'a str, usize)>,
        site: &'a str,
        templates: &'a [(PathBuf, String)],
    ) -> Self {
        Self {
            bodies,
            site,
            templates,
        }
    }

    /// The first place one of `needles` is written: the page's own Markdown,
    /// then `site.yaml`, then the templates.
    fn locate(&self, page: &str, needles: &[String]) -> Option<Location> {
        let found = |location: Location| location.line.is_some().then_some(location);
        if let Some((file, body, line)) = self.bodies.get(page) {
            for needle in needles {
                if let Some(location) = found(locate(file, body, *line, needle, 0)) {
                    return Some(location);
                }
            }
        }
        for needle in needles {
            let candidates = std::iter::once((Path::new("content/site.yaml"), self.site)).chain(
                self.templates
                    .iter()
                    .map(|(p, t)| (p.as_path(), t.as_str())),
            );
            for (file, text) in candidates {
                if let Some(location) = found(locate(file, text, 1, needle, 0)) {
                    return Some(location);
                }
            }
        }
        None
    }
}

/// Checks every link of the HTML files of a built site.
pub(super) fn check(files: &[OutputFile], base: &BaseUrl, sources: &Sources) -> Vec<Finding> {
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let html: Vec<(&str, &str)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| Some((f.path.as_str(), std::str::from_utf8(&f.contents).ok()?)))
        .collect();
    let ids: HashMap<&str, HashSet<String>> = html
        .iter()
        .map(|(path, text)| (*path, attribute_values(text, &["id", "name"]).collect()))
        .collect();
    let prefix = base.link("/");
    let root = base.absolute_root();

    // (source location if found, href, reason) → pages showing it, in file order.
    type Key = (Option<Location>, String, String);
    let mut broken: BTreeMap<Key, (Reason, Vec<&str>)> = BTreeMap::new();
    for (page, text) in &html {
        for href in attribute_values(text, &["href", "src"]) {
            let Some(reason) = problem(&href, page, &prefix, &root, &paths, &ids) else {
                continue;
            };
            let mut needles = vec![href.clone()];
            if let Some(rest) = href.strip_prefix(prefix.as_str()).filter(|_| prefix != "/") {
                needles.push(format!("/{rest}"));
            }
            let location = sources.locate(page, &needles);
            let key = (location, href.clone(), format!("{reason:?}"));
            let pages = &mut broken.entry(key).or_insert((reason, Vec::new())).1;
            // A menu shown twice on a page counts the page once.
            if pages.last() != Some(page) {
                pages.push(page);
            }
        }
    }
    broken
        .into_iter()
        .map(|((location, href, _), (reason, pages))| {
            // Not written in any source we know: point at the generated page.
            let location = location.unwrap_or_else(|| Location::file(pages[0]));
            let page = routes::site_path(pages[0]);
            let lint = Lint::BrokenLink(Broken {
                href,
                reason,
                page,
                others: pages.len() - 1,
            });
            Finding::new(location, lint)
        })
        .collect()
}

/// What is wrong with `href` on `page`, if it points inside the site.
fn problem(
    href: &str,
    page: &str,
    prefix: &str,
    root: &str,
    paths: &HashSet<&str>,
    ids: &HashMap<&str, HashSet<String>>,
) -> Option<Reason> {
    let (target, fragment) = match href.split_once('#') {
        Some((target, fragment)) => (target, Some(fragment)),
        None => (href, None),
    };
    let target = target.split('?').next().unwrap_or(target);
    let file = if target.is_empty() {
        page.to_string()
    } else if let Some(rest) = strip_prefix_ignore_case(target, root) {
        resolve("", rest)?
    } else if target.starts_with("//") || has_scheme(target) {
        return None; // another site, mail, phone…
    } else if let Some(rest) = target.strip_prefix('/') {
        let Some(rest) = format!("/{rest}").strip_prefix(prefix).map(str::to_string) else {
            return Some(Reason::OutsideBase {
                prefix: prefix.to_string(),
            });
        };
        resolve("", &rest)?
    } else {
        let dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
        resolve(dir, target)?
    };
    // A file, or a folder written without its final slash.
    let index = || routes::output_file(&format!("/{file}/"));
    let file = if paths.contains(file.as_str()) {
        file
    } else if paths.contains(index().as_str()) {
        index()
    } else {
        return Some(Reason::NoFile);
    };
    let anchor = percent_decode(fragment.unwrap_or(""));
    let known = ids.get(file.as_str());
    match known {
        Some(known) if !anchor.is_empty() && !known.contains(&anchor) => {
            Some(Reason::NoAnchor { anchor })
        }
        _ => None,
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// `mailto:`, `https:`, `data:`… (a colon before any `/`).
fn has_scheme(target: &str) -> bool {
    let end = target.find('/').unwrap_or(target.len());
    target[..end].contains(':')
}

/// `dir` + relative `path` → output file path; `None` if it leaves the site
/// (then it is not ours to check).
fn resolve(dir: &str, path: &str) -> Option<String> {
    let decoded = percent_decode(path);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let file = parts.join("/");
    let last = decoded.rsplit('/').next().unwrap_or("");
    // A folder is served by its index file.
    if matches!(last, "" | "." | "..") {
        return Some(routes::output_file(&format!("/{file}/")));
    }
    Some(file)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Values of the given attributes in tags, outside scripts, styles and
/// comments, with the common character references decoded.
fn attribute_values<'a>(html: &'a str, names: &'a [&'a str]) -> impl Iterator<Item = String> + 'a {
    tags(html).flat_map(move |tag| {
        names
            .iter()
            .filter_map(move |name| attribute(tag, name))
            .map(|value| decode_entities(&value))
    })
}

/// The text of each tag (`<a href="x">` → `a href="x"`), skipping the
/// contents of `<script>` and `<style>` and comments.
fn tags(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find('<')?;
            rest = &rest[start + 1..];
            if let Some(after) = rest.strip_prefix("!--") {
                rest = after.find("-->").map_or("", |end| &after[end + 3..]);
                continue;
            }
            let end = rest.find('>').unwrap_or(rest.len());
            let tag = &rest[..end];
            rest = &rest[end..];
            let name: String = tag
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if name == "script" || name == "style" {
                let close = format!("</{name}");
                rest = find_ignore_case(rest, &close).map_or("", |i| &rest[i..]);
            }
            if !tag.starts_with('/') {
                return Some(tag);
            }
        }
    })
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The value of attribute `name` in a tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    for (index, _) in lower.match_indices(name) {
        let before = lower[..index].chars().next_back();
        if !before.is_some_and(|c| c.is_ascii_whitespace()) {
            continue;
        }
        let after = tag[index + name.len()..].trim_start();
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        return Some(match value.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = &value[1..];
                inner[..inner.find(quote).unwrap_or(inner.len())].to_string()
            }
            _ => value
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or("")
                .to_string(),
        });
    }
    None
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(base: &str, files: &[OutputFile]) -> Vec<(String, String, Reason)> {
        let sources = Sources::new(HashMap::new(), "", &[]);
        check(files, &BaseUrl::parse(base), &sources)
            .into_iter()
            .map(|f| match f.lint {
                Lint::BrokenLink(b) => (b.page, b.href, b.reason),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn links_resolve_to_generated_files_and_ids() {
        let files = [
            OutputFile::new(
                "index.html",
                r##"<a href="/hub/a/">a</a><a href="a/#x">x</a><a href="https://exemple.fr/hub/a/">abs</a>
                <a href="mailto:x@y.fr">m</a><a href="https://autre.fr/">e</a><img src="/hub/style.css">
                <a href="#haut" id="haut">h</a><!-- <a href="/hub/commentaire/"> --><script>var s = '<a href="/x/">';</script>"##,
            ),
            OutputFile::new(
                "a/index.html",
                r#"<h2 id="x">X</h2><a href="../">retour</a><a href="..">r</a>"#,
            ),
            OutputFile::new("style.css", ""),
        ];
        assert_eq!(reasons("https://exemple.fr/hub/", &files), []);
    }

    #[test]
    fn broken_links_are_reported_once_with_their_pages() {
        let files = [
            OutputFile::new(
                "index.html",
                r#"<a href="/hub/nulle-part/">a</a><a href="/convention/">c</a>"#,
            ),
            OutputFile::new(
                "b/index.html",
                r#"<a href="/hub/nulle-part/">a</a><a href="/hub/#absent">x</a>"#,
            ),
        ];
        let found = reasons("https://exemple.fr/hub/", &files);
        assert_eq!(
            found,
            [
                (
                    "/".into(),
                    "/convention/".into(),
                    Reason::OutsideBase {
                        prefix: "/hub/".into()
                    }
                ),
                (
                    "/b/".into(),
                    "/hub/#absent".into(),
                    Reason::NoAnchor {
                        anchor: "absent".into()
                    }
                ),
                ("/".into(), "/hub/nulle-part/".into(), Reason::NoFile),
            ]
        );
    }

    #[test]
    fn percent_encoded_paths_are_decoded() {
        let files = [
            OutputFile::new(
                "index.html",
                r#"<a href="/fichier%20joint.pdf">a</a><a href="/caf%C3%A9/">b</a>"#,
            ),
            OutputFile::new("fichier joint.pdf", ""),
            OutputFile::new("café/index.html", ""),
        ];
        assert_eq!(reasons("https://exemple.fr/", &files), []);
    }
}
