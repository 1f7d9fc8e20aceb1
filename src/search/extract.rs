//! The text a rendered page is found by: the element the theme marks
//! `data-recherche` (else `<main>`), without the elements inside it marked
//! `data-recherche-ignorer` (breadcrumbs, lists of other articles) nor
//! scripts. The menu and the footer are outside: never indexed.
//!
//! The pages are the theme's, well-formed by construction, so a scan of
//! tags is enough: an element ends where the count of its own tag name,
//! opened and closed, falls back to zero.

/// The marker of the indexed element, and of the parts it leaves out.
const REGION: &str = "data-recherche";
const IGNORED: &str = "data-recherche-ignorer";

/// Elements whose content is no text.
const RAW: [&str; 4] = ["script", "style", "template", "noscript"];

/// Elements that do not separate words: `<em>mot</em>s` is one word.
const INLINE: [&str; 18] = [
    "a", "abbr", "b", "bdi", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "small", "span",
    "strong", "sub", "sup", "time",
];

/// One tag: `<name attrs>` or `</name>`, ending before byte `end`.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    attrs: &'a str,
    end: usize,
}

/// The tag starting at `start` (a `<`); `None` for a `<` that opens none.
fn tag_at(html: &str, start: usize) -> Option<Tag<'_>> {
    let rest = &html[start + 1..];
    let closing = rest.starts_with('/');
    let name_start = start + 1 + usize::from(closing);
    let name_len = html[name_start..]
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(html.len() - name_start);
    if name_len == 0 {
        return None;
    }
    let close = html[start..].find('>')? + start;
    Some(Tag {
        name: &html[name_start..name_start + name_len],
        closing,
        attrs: &html[name_start + name_len..close],
        end: close + 1,
    })
}

/// Whether `attrs` has the attribute `name` (alone or with a value).
fn has_attribute(attrs: &str, name: &str) -> bool {
    attrs.match_indices(name).any(|(at, _)| {
        let before = attrs[..at].chars().next_back();
        let after = attrs[at + name.len()..].chars().next();
        before.is_some_and(char::is_whitespace)
            && after.is_none_or(|c| c == '=' || c == '/' || c.is_whitespace())
    })
}

/// Where the indexed element starts: its tag's end, and its name.
fn region(html: &str) -> Option<(usize, &str)> {
    let mut main = None;
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        at = start + 1;
        let Some(tag) = tag_at(html, start) else {
            continue;
        };
        if tag.closing {
            continue;
        }
        if has_attribute(tag.attrs, REGION) {
            return Some((tag.end, tag.name));
        }
        if main.is_none() && tag.name.eq_ignore_ascii_case("main") {
            main = Some((tag.end, tag.name));
        }
    }
    main
}

/// The searchable text of a page: words separated by single spaces.
pub fn page_text(html: &str) -> String {
    let Some((start, region_name)) = region(html) else {
        return String::new();
    };
    let mut text = String::new();
    let mut depth = 1usize;
    // The element being skipped, and how deep in its own name we are.
    let mut skipped: Option<(&str, usize)> = None;
    let mut at = start;
    while at < html.len() {
        let Some(offset) = html[at..].find('<') else {
            break;
        };
        if skipped.is_none() {
            push_text(&mut text, &html[at..at + offset]);
        }
        let start = at + offset;
        if html[start..].starts_with("<!--") {
            at = html[start..]
                .find("-->")
                .map_or(html.len(), |end| start + end + 3);
            continue;
        }
        let Some(tag) = tag_at(html, start) else {
            if skipped.is_none() {
                text.push('<');
            }
            at = start + 1;
            continue;
        };
        at = tag.end;
        if tag.name.eq_ignore_ascii_case(region_name) {
            if tag.closing {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            } else {
                depth += 1;
            }
        }
        if let Some((name, level)) = &mut skipped {
            if tag.name.eq_ignore_ascii_case(name) {
                if tag.closing {
                    *level -= 1;
                } else {
                    *level += 1;
                }
                if *level == 0 {
                    skipped = None;
                }
            }
            continue;
        }
        let raw = RAW.iter().any(|r| tag.name.eq_ignore_ascii_case(r));
        if !tag.closing && (raw || has_attribute(tag.attrs, IGNORED)) {
            skipped = Some((tag.name, 1));
        }
        if !INLINE.iter().any(|i| tag.name.eq_ignore_ascii_case(i)) {
            text.push(' ');
        }
    }
    collapse(&text)
}

/// Appends a run of text, its character references decoded.
fn push_text(text: &mut String, run: &str) {
    let mut rest = run;
    while let Some(amp) = rest.find('&') {
        text.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match rest.find(';').filter(|&end| end <= 10) {
            Some(end) => match decode(&rest[1..end]) {
                Some(c) => {
                    text.push(c);
                    rest = &rest[end + 1..];
                }
                None => {
                    text.push('&');
                    rest = &rest[1..];
                }
            },
            None => {
                text.push('&');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
}

/// The character a reference names (`amp`, `#39`, `#x202F`).
fn decode(name: &str) -> Option<char> {
    let number = |digits: &str, radix| u32::from_str_radix(digits, radix).ok();
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                number(hex, 16)
            } else {
                number(name.strip_prefix('#')?, 10)
            };
            code.and_then(char::from_u32)
        }
    }
}

/// Runs of ASCII white space become one space; no-break spaces, which
/// French typography placed, stay.
fn collapse(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Titre</title></head>
<body><header><nav>Menu Actualités</nav></header>
<main id="contenu"><nav class="ariane" data-recherche-ignorer><a href="/">Accueil</a></nav>
<article class="article" data-recherche><h1>Les <em>labo</em>ratoires</h1>
<p>Recherche &amp; innovation&nbsp;: l’<abbr>UPEC</abbr> à Créteil</p>
<div data-recherche-ignorer><div>caché</div><p>aussi</p></div>
<script>var x = "<p>non</p>";</script><!-- <p>commentaire</p> -->
<div><div>fin</div></div></article>
<nav class="voisins">Article suivant</nav></main>
<footer>Pied de page</footer></body></html>"#;

    #[test]
    fn the_marked_element_is_indexed_without_chrome() {
        assert_eq!(
            page_text(PAGE),
            "Les laboratoires Recherche & innovation\u{a0}: l’UPEC à Créteil fin"
        );
    }

    #[test]
    fn main_is_indexed_when_nothing_is_marked() {
        let page = PAGE.replace(" data-recherche>", ">");
        let text = page_text(&page);
        assert!(text.starts_with("Les laboratoires"), "{text}");
        assert!(text.ends_with("fin Article suivant"), "{text}");
        assert!(!text.contains("Menu") && !text.contains("Pied"), "{text}");
        assert!(!text.contains("Accueil"), "{text}");
    }

    #[test]
    fn a_page_without_main_has_no_text() {
        assert_eq!(page_text("<p>Bonjour</p>"), "");
    }

    #[test]
    fn references_decode_and_stray_ampersands_stay() {
        let page = "<main>A &#233;t&#xE9; &unknown; R&D 3 < 4</main>";
        assert_eq!(page_text(page), "A été &unknown; R&D 3 < 4");
    }

    #[test]
    fn inline_elements_do_not_split_words_nor_add_spaces() {
        let page = "<main><p>établie le <time datetime=\"2024-06-01\">1er juin</time>.</p></main>";
        assert_eq!(page_text(page), "établie le 1er juin.");
    }
}
