//! The HTML scanner: tags (with quoted attributes), comments, protected
//! elements and entities, classified for the typography rules.

use super::NBSP;

/// What a piece of markup means for the text around it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Class {
    /// Inline tag or comment: text flows through it.
    Inline,
    /// `code`, `kbd`, `samp`, `math`, `svg` element: an untouchable word.
    InlineProtected,
    /// Block-level tag, or a `pre`/`script`/`style`/`textarea` element:
    /// the text before and after are separate runs.
    Block,
}

/// Recognizes the markup starting at `at` (a `<`) and returns its end and
/// class; `None` when the `<` is plain text (`a < b`). Unterminated markup
/// runs to the end of the input, which then stays untouched.
pub(super) fn scan_markup(bytes: &[u8], at: usize) -> Option<(usize, Class)> {
    let rest = &bytes[at..];
    if matches!(rest.get(1), Some(b'!' | b'?')) {
        for (open, close) in [
            (&b"<!--"[..], &b"-->"[..]),
            (b"<![CDATA[", b"]]>"),
            (b"<!", b">"),
            (b"<?", b">"),
        ] {
            if rest.starts_with(open) {
                return Some((find_after(bytes, at + open.len(), close), Class::Inline));
            }
        }
    }
    let closing = rest.get(1) == Some(&b'/');
    let name_start = at + 1 + usize::from(closing);
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|&&b| is_name_byte(b))
        .count();
    let name = &bytes[name_start..name_start + name_len];
    let (end, self_closing) = tag_end(bytes, name_start + name_len);
    let class = match tag_class(name) {
        TagClass::Protected { block } if !closing && !self_closing => {
            let end = element_end(
                bytes,
                end,
                name,
                !block || name.eq_ignore_ascii_case(b"pre"),
            );
            return Some((
                end,
                if block {
                    Class::Block
                } else {
                    Class::InlineProtected
                },
            ));
        }
        TagClass::Protected { block: true } | TagClass::Block => Class::Block,
        TagClass::Protected { block: false } | TagClass::Inline => Class::Inline,
    };
    Some((end, class))
}

fn is_name_byte(b: u8) -> bool {
    NAME_BYTES[usize::from(b)]
}

/// The bytes of a tag name: ASCII letters, digits, `-` and `:`.
static NAME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || byte == b'-' || byte == b':';
        b += 1;
    }
    table
};

/// End of the first `needle` from `from`, or of the input.
fn find_after(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    let mut at = from.min(bytes.len());
    // Scanning for the first byte alone is much faster than comparing
    // windows (attribute values are searched for their closing quote).
    while let Some(offset) = bytes[at..].iter().position(|&b| b == needle[0]) {
        let found = at + offset;
        if bytes[found..].starts_with(needle) {
            return found + needle.len();
        }
        at = found + 1;
    }
    bytes.len()
}

/// End of a tag whose name ends at `from`, skipping quoted attribute
/// values; also tells whether the tag is self-closing (`<br/>`).
fn tag_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut at = from;
    let mut after_equals = false;
    while at < bytes.len() {
        let b = bytes[at];
        match b {
            b'>' => return (at + 1, at > from && bytes[at - 1] == b'/'),
            b'"' | b'\'' if after_equals => {
                at = find_after(bytes, at + 1, &[b]);
                after_equals = false;
                continue;
            }
            b'=' => after_equals = true,
            _ if !b.is_ascii_whitespace() => after_equals = false,
            _ => {}
        }
        at += 1;
    }
    (bytes.len(), false)
}

/// End of the element `name` whose start tag ends at `from`. `nested`
/// counts inner elements of the same name (`<code>` in `<code>`); raw-text
/// elements (`script`, `style`, `textarea`) end at the first closing tag.
fn element_end(bytes: &[u8], from: usize, name: &[u8], nested: bool) -> usize {
    let mut depth = 1usize;
    let mut at = from;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        let lt = at + offset;
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let name_at = lt + 1 + usize::from(closing);
        if names_match(bytes, name_at, name) {
            if closing {
                depth -= 1;
                if depth == 0 {
                    return tag_end(bytes, name_at + name.len()).0;
                }
            } else if nested {
                depth += 1;
            }
        }
        at = lt + 1;
    }
    bytes.len()
}

fn names_match(bytes: &[u8], at: usize, name: &[u8]) -> bool {
    bytes
        .get(at..at + name.len())
        .is_some_and(|found| found.eq_ignore_ascii_case(name))
        && !bytes.get(at + name.len()).is_some_and(|&b| is_name_byte(b))
}

enum TagClass {
    Inline,
    Block,
    Protected { block: bool },
}

/// The class of a tag from its name, in any case.
fn tag_class(name: &[u8]) -> TagClass {
    // Folded to lower case; the known names are at most ten bytes long.
    let mut folded = [0u8; 10];
    let Some(folded) = folded.get_mut(..name.len()) else {
        return TagClass::Inline;
    };
    for (slot, b) in folded.iter_mut().zip(name) {
        *slot = b.to_ascii_lowercase();
    }
    match &*folded {
        b"code" | b"kbd" | b"samp" | b"math" | b"svg" => TagClass::Protected { block: false },
        b"pre" | b"script" | b"style" | b"textarea" => TagClass::Protected { block: true },
        b"p" | b"div" | b"li" | b"ul" | b"ol" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6"
        | b"blockquote" | b"table" | b"tr" | b"td" | b"th" | b"thead" | b"tbody" | b"tfoot"
        | b"caption" | b"section" | b"article" | b"header" | b"footer" | b"main" | b"figure"
        | b"figcaption" | b"br" | b"hr" | b"dl" | b"dt" | b"dd" | b"nav" | b"aside"
        | b"details" | b"summary" | b"address" | b"fieldset" | b"legend" | b"form" | b"hgroup"
        | b"option" => TagClass::Block,
        _ => TagClass::Inline,
    }
}

/// Reads the entity at `at` (an `&`): its end and the character the rules
/// should see, or `None` for an entity kept as an opaque word.
pub(super) fn scan_entity(html: &str, at: usize) -> Option<(usize, Option<char>)> {
    let bytes = html.as_bytes();
    let rest = &bytes[at + 1..];
    let (digits_at, radix) = match rest {
        [b'#', b'x' | b'X', ..] => (at + 3, 16),
        [b'#', ..] => (at + 2, 10),
        _ => {
            let len = rest
                .iter()
                .take(32)
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if len == 0 || !rest[0].is_ascii_alphabetic() || rest.get(len) != Some(&b';') {
                return None;
            }
            return Some((at + len + 2, named_entity(&html[at + 1..at + 1 + len])));
        }
    };
    let len = bytes[digits_at..]
        .iter()
        .take(8)
        .take_while(|b| b.is_ascii_digit() || (radix == 16 && b.is_ascii_hexdigit()))
        .count();
    if len == 0 || bytes.get(digits_at + len) != Some(&b';') {
        return None;
    }
    let code = u32::from_str_radix(&html[digits_at..digits_at + len], radix).ok();
    Some((digits_at + len + 1, code.and_then(char::from_u32)))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "quot" => '"',
        "apos" => '\'',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => NBSP,
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "thinsp" => '\u{2009}',
        _ => return None,
    })
}
