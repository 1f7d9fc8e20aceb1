//! Read-aloud attributes (`aria-label`, `alt`, `title`…) typeset like the
//! visible text: a screen reader says what sighted readers see, and the
//! attributes of a page never keep the straight apostrophes or plain
//! spaces its text lost.

use std::collections::HashMap;

use super::markup::scan_markup;
use super::typeset_text;

/// The attributes whose value is read aloud or shown as text, as they
/// start in a tag.
const READ_ALOUD: [&str; 5] = [
    "aria-label=\"",
    "alt=\"",
    "title=\"",
    "aria-description=\"",
    "placeholder=\"",
];

/// `html` with the values of its tags' read-aloud attributes typeset
/// (values are escaped text, which the rules treat as text: entities stay);
/// the elements whose content is protected keep it.
pub(super) fn typeset_attributes(html: String) -> String {
    // Where the tags holding such attributes start: found from the
    // attributes themselves (a text's quotes are escaped, so a needle is in
    // a tag), unless an element whose content is raw text could hold one.
    let values = value_starts(&html);
    if values.is_empty() {
        return html;
    }
    let raw_text = html.match_indices('<').any(|(at, _)| {
        let name = &html.as_bytes()[at + 1..];
        [&b"script"[..], b"style", b"textarea"]
            .iter()
            .any(|element| name.starts_with(element))
    });
    let starts = if raw_text {
        every_tag(&html)
    } else {
        let mut starts: Vec<usize> = values
            .iter()
            .filter_map(|&at| html[..at].rfind('<'))
            .collect();
        starts.dedup();
        starts
    };
    // A page may repeat a value (the same label on several links): each
    // is set once.
    let mut memo: HashMap<&str, String> = HashMap::new();
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 16);
    let mut copied = 0;
    for start in starts {
        if start < copied {
            continue;
        }
        let Some((end, _)) = scan_markup(bytes, start) else {
            continue;
        };
        // Only the opening tag itself: a protected element's content
        // (`<code>`, `<pre>`) is never touched.
        let tag_end = tag_end(&html[start..end]).map_or(end, |len| start + len);
        let tag = &html[start..tag_end];
        if !tag.starts_with("<!") && READ_ALOUD.iter().any(|needle| tag.contains(needle)) {
            out.push_str(&html[copied..start]);
            typeset_tag(tag, &mut out, &mut memo);
            copied = tag_end;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// The start of every tag, skipping what protected elements hold.
fn every_tag(html: &str) -> Vec<usize> {
    let bytes = html.as_bytes();
    let mut starts = Vec::new();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        match scan_markup(bytes, start) {
            Some((end, _)) => {
                starts.push(start);
                at = end.max(start + 1);
            }
            None => at = start + 1,
        }
    }
    starts
}

/// Where each read-aloud value starts (after `name="`), found from the
/// quotes (the one pass over the page, a `memchr` search).
fn value_starts(html: &str) -> Vec<usize> {
    let bytes = html.as_bytes();
    let mut starts = Vec::new();
    let mut at = 0;
    while let Some(offset) = html[at..].find('"') {
        let quote = at + offset;
        at = quote + 1;
        if quote == 0 || bytes[quote - 1] != b'=' {
            continue;
        }
        let before = &html[..quote + 1];
        let named = READ_ALOUD.iter().any(|needle| {
            before.ends_with(needle)
                && before[..before.len() - needle.len()]
                    .ends_with(|c: char| c.is_ascii_whitespace())
        });
        if named {
            starts.push(quote + 1);
        }
    }
    starts
}

/// The length of a tag up to its first `>` outside quotes.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Writes `tag` to `out` with its read-aloud values typeset.
fn typeset_tag<'a>(tag: &'a str, out: &mut String, memo: &mut HashMap<&'a str, String>) {
    // Every value's span, in the order of the tag.
    let mut values: Vec<(usize, usize)> = Vec::new();
    for needle in READ_ALOUD {
        for (found, _) in tag.match_indices(needle) {
            let before = tag[..found].chars().next_back();
            let start = found + needle.len();
            if let (true, Some(len)) = (
                before.is_some_and(char::is_whitespace),
                tag[start..].find('"'),
            ) {
                values.push((start, start + len));
            }
        }
    }
    values.sort_unstable();
    let mut copied = 0;
    for (start, end) in values {
        if start < copied {
            continue;
        }
        let value = &tag[start..end];
        let typeset = memo.entry(value).or_insert_with(|| typeset_text(value));
        out.push_str(&tag[copied..start]);
        out.push_str(typeset);
        copied = end;
    }
    out.push_str(&tag[copied..]);
}

#[cfg(test)]
mod tests {
    use super::super::typeset_html;

    #[test]
    fn read_aloud_attributes_are_typeset_like_text() {
        assert_eq!(
            typeset_html(r##"<a aria-label="Retour à « L'accueil »" href="#l'a">x</a>"##),
            "<a aria-label=\"Retour à «\u{a0}L’accueil\u{a0}»\" href=\"#l'a\">x</a>"
        );
        assert_eq!(
            typeset_html(r#"<img alt="l'été : 9 octobre" src="a'b.png">"#),
            "<img alt=\"l’été\u{a0}: 9\u{a0}octobre\" src=\"a'b.png\">"
        );
    }

    #[test]
    fn protected_content_and_other_attributes_stay() {
        let code = r#"<code>&lt;a title="l'x"&gt;</code> <pre title="l'a">a title="l'b"</pre>"#;
        assert_eq!(
            typeset_html(code),
            r#"<code>&lt;a title="l'x"&gt;</code> <pre title="l’a">a title="l'b"</pre>"#
        );
        assert_eq!(
            typeset_html(r#"<a data-title="l'x">y</a>"#),
            r#"<a data-title="l'x">y</a>"#
        );
        // A raw-text element's content is never taken for a tag.
        let script = r#"<script>var t = '<a title="l'x">';</script><img alt="l'y">"#;
        assert_eq!(
            typeset_html(script),
            r#"<script>var t = '<a title="l'x">';</script><img alt="l’y">"#
        );
    }
}
