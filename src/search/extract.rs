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

/// What a tag does to the text around it.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Its content is no text: `script`, `style`, `template`, `noscript`.
    Raw,
    /// It does not separate words: `<em>mot</em>s` is one word.
    Inline,
    /// It separates words.
    Block,
}

/// The kind of the element named `name` (any case).
fn kind(name: &str) -> Kind {
    let mut lower = [0u8; 8];
    if name.len() > lower.len() {
        return Kind::Block;
    }
    for (to, from) in lower.iter_mut().zip(name.bytes()) {
        *to = from.to_ascii_lowercase();
    }
    match &lower[..name.len()] {
        b"script" | b"style" | b"template" | b"noscript" => Kind::Raw,
        b"a" | b"abbr" | b"b" | b"bdi" | b"cite" | b"code" | b"em" | b"i" | b"kbd" | b"mark"
        | b"q" | b"s" | b"small" | b"span" | b"strong" | b"sub" | b"sup" | b"time" => Kind::Inline,
        _ => Kind::Block,
    }
}

/// One tag: `<name attrs>` or `</name>`, ending before byte `end`.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    attrs: &'a str,
    end: usize,
}

/// The tag starting at `start` (a `<`); `None` for a `<` that opens none.
fn tag_at(html: &str, start: usize) -> Option<Tag<'_>> {
    let bytes = html.as_bytes();
    let closing = bytes.get(start + 1) == Some(&b'/');
    let name_start = start + 1 + usize::from(closing);
    let name_len = bytes[name_start.min(bytes.len())..]
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(bytes.len().saturating_sub(name_start));
    if name_len == 0 {
        return None;
    }
    let close = memchr::memchr(b'>', &bytes[name_start..])? + name_start;
    Some(Tag {
        name: &html[name_start..name_start + name_len],
        closing,
        attrs: &html[name_start + name_len..close],
        end: close + 1,
    })
}

/// Whether `attrs` has the attribute `name` (alone or with a value).
fn has_attribute(attrs: &str, name: &str) -> bool {
    // Most tags have no `data-` attribute at all.
    if memchr::memmem::find(attrs.as_bytes(), b"data-").is_none() {
        return false;
    }
    attrs.match_indices(name).any(|(at, _)| {
        let before = attrs[..at].bytes().next_back();
        let after = attrs[at + name.len()..].bytes().next();
        before.is_some_and(|b| b.is_ascii_whitespace())
            && after.is_none_or(|b| b == b'=' || b == b'/' || b.is_ascii_whitespace())
    })
}

/// Where the indexed element starts: its tag's end, and its name.
fn region(html: &str) -> Option<(usize, &str)> {
    let mut main = None;
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &html.as_bytes()[at..]) {
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
    let mut text = String::new();
    scan(html, |part, spaced, _| {
        if spaced && !text.is_empty() {
            text.push(' ');
        }
        text.push_str(part);
    });
    text
}

/// Hands the searchable text of a page to `emit` part by part, in order:
/// each part without ASCII white space, whether white space (or a tag
/// that separates words) came before it, and whether it is in an `h1`
/// (the page's title, which a search result shows apart).
pub fn scan(html: &str, emit: impl FnMut(&str, bool, bool)) {
    let Some((start, region_name)) = region(html) else {
        return;
    };
    let bytes = html.as_bytes();
    let mut text = Text {
        emit,
        space: false,
        headings: 0,
    };
    let mut depth = 1usize;
    // The element being skipped, and how deep in its own name we are.
    let mut skipped: Option<(&str, usize)> = None;
    let mut at = start;
    while at < html.len() {
        let Some(offset) = memchr::memchr(b'<', &bytes[at..]) else {
            break;
        };
        if skipped.is_none() {
            text.push_run(&html[at..at + offset]);
        }
        let start = at + offset;
        if bytes[start..].starts_with(b"<!--") {
            at = memchr::memmem::find(&bytes[start..], b"-->")
                .map_or(html.len(), |end| start + end + 3);
            continue;
        }
        let Some(tag) = tag_at(html, start) else {
            if skipped.is_none() {
                text.push_word("<");
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
        if tag.name.eq_ignore_ascii_case("h1") {
            text.headings = match tag.closing {
                true => text.headings.saturating_sub(1),
                false => text.headings + 1,
            };
        }
        let kind = kind(tag.name);
        if !tag.closing && (kind == Kind::Raw || has_attribute(tag.attrs, IGNORED)) {
            skipped = Some((tag.name, 1));
        }
        if kind != Kind::Inline {
            text.gap();
        }
    }
}

/// Text gathered run by run: character references decoded, runs of ASCII
/// white space (and tags that separate words) made one gap; no-break
/// spaces, which French typography placed, stay.
struct Text<F> {
    emit: F,
    /// A gap comes before the next part.
    space: bool,
    /// How many `h1` elements the next part is in.
    headings: usize,
}

impl<F: FnMut(&str, bool, bool)> Text<F> {
    fn gap(&mut self) {
        self.space = true;
    }

    /// Appends `part`, which has no ASCII white space.
    fn push_word(&mut self, part: &str) {
        if part.is_empty() {
            return;
        }
        (self.emit)(part, self.space, self.headings > 0);
        self.space = false;
    }

    /// Appends a run of text between tags.
    fn push_run(&mut self, run: &str) {
        let mut rest = run;
        while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
            self.push_spaced(&rest[..amp]);
            rest = &rest[amp..];
            let reference = memchr::memchr(b';', rest.as_bytes())
                .filter(|&end| end <= 10)
                .and_then(|end| Some((decode(&rest[1..end])?, end)));
            match reference {
                Some((c, end)) => {
                    if c.is_ascii_whitespace() {
                        self.gap();
                    } else {
                        self.push_word(c.encode_utf8(&mut [0; 4]));
                    }
                    rest = &rest[end + 1..];
                }
                None => {
                    self.push_word("&");
                    rest = &rest[1..];
                }
            }
        }
        self.push_spaced(rest);
    }

    /// Appends text without references, splitting it at ASCII white space.
    fn push_spaced(&mut self, run: &str) {
        let mut start = 0;
        for (at, byte) in run.bytes().enumerate() {
            if byte.is_ascii_whitespace() {
                self.push_word(&run[start..at]);
                self.gap();
                start = at + 1;
            }
        }
        self.push_word(&run[start..]);
    }
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
    fn the_parts_in_the_h1_are_told_apart() {
        let mut heading = String::new();
        scan(PAGE, |part, _, in_h1| {
            if in_h1 {
                heading.push_str(part);
            }
        });
        assert_eq!(heading, "Leslaboratoires");
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

    use proptest::prelude::*;

    proptest! {
        /// Broken markup an editor's raw HTML may leave (stray `<`, `&`,
        /// unclosed comments, tags and references, marked regions that
        /// never end, multibyte text): the scan never fails, and what it
        /// gives is words separated by single spaces.
        #[test]
        fn any_markup_gives_spaced_words(
            html in "(<main>|<main data-recherche>|<em>|</em>|<div data-recherche-ignorer>|</div>|<script>|</|<!--|-->|<|>|&|&#|;|#x|é|’|\\u{a0}| |\\n|a|1)*"
        ) {
            let text = page_text(&html);
            prop_assert!(!text.starts_with(' ') && !text.ends_with(' '));
            prop_assert!(!text.contains("  ") && !text.contains('\n'), "{:?}", text);
        }
    }
}
