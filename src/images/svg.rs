//! SVG from `content/`: published as it is only when it can run nothing
//! and fetch nothing. A browser shows an SVG opened at its own address as
//! a page, scripts and all: one from a partner must not carry any.

/// What makes an SVG unsafe to publish, and the 1-based line where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsafe {
    pub what: String,
    pub line: usize,
}

/// Elements that run code or embed another document.
const ELEMENTS: [&str; 5] = ["script", "foreignobject", "iframe", "embed", "object"];

/// The first thing in `text` that could run code or fetch from elsewhere:
/// a `<script>` (or another active element), an event handler attribute
/// (`onload=`…), a `javascript:` address, or a reference outside the file
/// (`href` not starting with `#`, `url(` to another file, `@import`).
pub fn check(text: &str) -> Result<(), Unsafe> {
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<(usize, String)> = Vec::new();
    for element in ELEMENTS {
        if let Some(at) = find_tag(&lower, element) {
            found.push((at, format!("un élément <{element}>")));
        }
    }
    if let Some((at, name)) = event_handler(&lower) {
        found.push((at, format!("un gestionnaire d'événement « {name} »")));
    }
    if let Some((at, target)) = external_reference(&lower, text) {
        found.push((at, format!("une référence externe « {target} »")));
    }
    if let Some(at) = lower.find("javascript:") {
        found.push((at, "une adresse « javascript: »".into()));
    }
    if let Some(at) = lower.find("@import") {
        found.push((at, "une feuille de style importée (@import)".into()));
    }
    match found.into_iter().min_by_key(|(at, _)| *at) {
        Some((at, what)) => Err(Unsafe {
            what,
            line: text[..at].matches('\n').count() + 1,
        }),
        None => Ok(()),
    }
}

/// Where `<name` opens an element (not `<names`).
fn find_tag(lower: &str, name: &str) -> Option<usize> {
    let needle = format!("<{name}");
    lower.match_indices(&needle).map(|(at, _)| at).find(|at| {
        let next = lower[at + needle.len()..].chars().next();
        next.is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/')
    })
}

/// An attribute `on…=` inside a tag.
fn event_handler(lower: &str) -> Option<(usize, String)> {
    let bytes = lower.as_bytes();
    let mut in_tag = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'o' if in_tag && i > 0 && bytes[i - 1].is_ascii_whitespace() => {
                let rest = &lower[i..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                let after = rest[name.len()..].trim_start();
                if name.starts_with("on") && name.len() > 2 && after.starts_with('=') {
                    return Some((i, name));
                }
            }
            _ => {}
        }
    }
    None
}

/// An `href`/`xlink:href`/`src` value, or a CSS `url(…)`, that does not
/// point inside the file (`#id`) or hold the data itself (`data:`).
fn external_reference(lower: &str, text: &str) -> Option<(usize, String)> {
    let local =
        |value: &str| value.is_empty() || value.starts_with('#') || value.starts_with("data:");
    let mut found = None;
    for attribute in ["href", "src"] {
        for (at, _) in lower.match_indices(attribute) {
            let before = lower[..at].chars().next_back();
            if !before.is_some_and(|c| c.is_ascii_whitespace() || c == ':') {
                continue;
            }
            let rest = lower[at + attribute.len()..].trim_start();
            let Some(rest) = rest.strip_prefix('=') else {
                continue;
            };
            let rest = rest.trim_start();
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let value_at = lower.len() - rest.len() + 1;
            let end = lower[value_at..]
                .find(quote)
                .map_or(lower.len(), |e| value_at + e);
            let value = text[value_at..end].trim();
            if !local(&value.to_ascii_lowercase()) {
                found = earliest(found, (at, value.to_string()));
            }
        }
    }
    for (at, _) in lower.match_indices("url(") {
        let rest = &text[at + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let value = rest[..end].trim().trim_matches(['"', '\'']);
        if !local(&value.to_ascii_lowercase()) {
            found = earliest(found, (at, value.to_string()));
        }
    }
    found
}

fn earliest(found: Option<(usize, String)>, new: (usize, String)) -> Option<(usize, String)> {
    match found {
        Some(old) if old.0 <= new.0 => Some(old),
        _ => Some(new),
    }
}

/// The intrinsic size of an SVG: its root's `width` and `height` in pixels,
/// else its `viewBox`; `None` when it gives neither.
pub fn size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let number = |name: &str| -> Option<f64> {
        let value = attribute(tag, name)?;
        let value = value.trim().trim_end_matches("px");
        value.parse().ok()
    };
    let pixels = |v: f64| (v.is_finite() && v >= 1.0).then(|| v.round() as u32);
    if let (Some(w), Some(h)) = (number("width"), number("height")) {
        return Some((pixels(w)?, pixels(h)?));
    }
    let view_box: Vec<f64> = attribute(tag, "viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view_box[..] {
        [_, _, w, h] => Some((pixels(w)?, pixels(h)?)),
        _ => None,
    }
}

/// The value of `name="…"` in a tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut search = 0;
    while let Some(found) = tag[search..].find(name) {
        let at = search + found;
        search = at + name.len();
        let before = tag[..at].chars().next_back();
        if !before.is_some_and(|c| c.is_ascii_whitespace()) {
            continue;
        }
        let rest = tag[search..].trim_start().strip_prefix('=')?.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let rest = &rest[1..];
        return Some(&rest[..rest.find(quote)?]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn what(text: &str) -> Option<(String, usize)> {
        check(text).err().map(|u| (u.what, u.line))
    }

    #[test]
    fn a_plain_drawing_is_safe() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n<defs><linearGradient id=\"g\"/></defs>\n<rect fill=\"url(#g)\" width=\"10\" height=\"10\"/><use href=\"#g\"/></svg>";
        assert_eq!(what(svg), None);
        assert_eq!(size(svg), Some((10, 10)));
    }

    #[test]
    fn scripts_handlers_and_outside_references_are_named() {
        assert_eq!(
            what("<svg>\n<script>alert(1)</script></svg>"),
            Some(("un élément <script>".into(), 2))
        );
        assert_eq!(
            what("<svg onload=\"x()\"></svg>"),
            Some(("un gestionnaire d'événement « onload »".into(), 1))
        );
        assert_eq!(
            what("<svg><image href=\"https://a.fr/x.png\"/></svg>"),
            Some(("une référence externe « https://a.fr/x.png »".into(), 1))
        );
        assert_eq!(
            what("<svg><rect style=\"fill:url(http://a.fr/p)\"/></svg>"),
            Some(("une référence externe « http://a.fr/p »".into(), 1))
        );
        assert!(what("<svg><foreignObject/></svg>").is_some());
        // Words that merely start like a handler or an element are fine.
        assert_eq!(what("<svg><scripts/><g data-once=\"1\"/></svg>"), None);
    }

    #[test]
    fn size_reads_width_height_or_view_box() {
        assert_eq!(size("<svg width=\"200px\" height=\"80\">"), Some((200, 80)));
        assert_eq!(size("<svg viewBox=\"0 0 300 150\">"), Some((300, 150)));
        assert_eq!(size("<svg>"), None);
    }
}
