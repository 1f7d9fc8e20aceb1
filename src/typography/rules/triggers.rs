//! What makes each pass run: the trigger bits, the characters that set
//! them ([`Typographer::note`], kept here beside the bits rather than in
//! the engine) and the pre-scan that lets most strings skip everything.

use crate::typography::engine::Typographer;
use crate::typography::item::{Item, Kind};

/// The passes a run needs, as a set of bits: each is set when a character
/// that can make one of its rules fire is pushed, and that item is marked.
/// No rule fires away from a marked item (see [`Typographer::note`]), so
/// the passes visit the marks only and a pass without its bit is skipped.
pub(in crate::typography) type Triggers = u8;
/// A `"` (pairing, and the guillemets' spaces).
pub(in crate::typography) const QUOTES: Triggers = 1;
/// A `'`, a `-`, or a `.` after a `.`.
pub(in crate::typography) const WORDS: Triggers = 2;
/// A `; ! ? : « »`, a `,` or `.` after a space, a digit followed by a
/// space, `%` or `‰`, or a digit after a word and spaces (the digit is
/// marked).
pub(in crate::typography) const GAPS: Triggers = 4;
/// A `@`, or the `://`, `www.` or `mailto:` of a URL: links to protect.
/// Not marked: `protect_links` visits every item, rarely.
pub(in crate::typography) const LINKS: Triggers = 8;

impl Typographer<'_> {
    /// Notes the triggers of a character item about to be pushed, and marks
    /// the item where a rule can fire. Each rule needs one of these:
    /// pairing a `"`; the apostrophe, the en dash and the ellipsis (whose
    /// second dot is marked) their character; a gap decision a `; ! ? :`
    /// or a `»` (possibly a paired `"`) on its right, a `«` (the same) on
    /// its left, or a digit on its left followed by a space, `%` or `‰`.
    #[inline(always)]
    pub(in crate::typography) fn note(&mut self, start: usize, end: usize, ch: char) {
        let index = self.buffers.items.len() as u32;
        let digit = std::mem::replace(&mut self.digit, ch.is_ascii_digit().then_some(index));
        let src = self.src.as_bytes();
        let (triggers, mark) = match ch {
            '"' => (QUOTES, index),
            '\'' | '-' => (WORDS, index),
            '.' if self.buffers.items.last().is_some_and(|it| it.is('.')) => (WORDS, index),
            // The URL prefixes end with `.` or `:`, and their bytes are text
            // items: `url_span` matches them in the source.
            '.' if start >= 3 && src[start - 3..start].eq_ignore_ascii_case(b"www") => {
                self.triggers |= LINKS;
                return;
            }
            ':' => {
                let url = src[end..].starts_with(b"//")
                    || (start >= 6 && src[start - 6..start].eq_ignore_ascii_case(b"mailto"));
                (GAPS | if url { LINKS } else { 0 }, index)
            }
            // A space typed before `,` or `.` goes.
            ',' | '.' if self.after_space() => (GAPS, index),
            ';' | '!' | '?' | '«' | '»' => (GAPS, index),
            // A word before a number (`UMR 7182`, `10 h 30`).
            '0'..='9' if self.after_word_and_space() => (GAPS, index),
            '@' => {
                self.triggers |= LINKS;
                return;
            }
            _ => match digit {
                Some(digit) if ch == '%' || ch == '‰' || ch.is_whitespace() => (GAPS, digit),
                _ => return,
            },
        };
        self.mark(triggers, mark);
    }
}

impl Typographer<'_> {
    /// Whether the last visible item is a space.
    fn after_space(&self) -> bool {
        let mut visible = self.buffers.items.iter().rev().filter(|it| !it.is_markup());
        visible.next().is_some_and(Item::is_space)
    }

    /// Whether the last visible items are a word, then spaces.
    fn after_word_and_space(&self) -> bool {
        let visible = || self.buffers.items.iter().rev().filter(|it| !it.is_markup());
        let spaces = visible().take_while(|it| it.is_space()).count();
        let before = visible().nth(spaces);
        spaces > 0 && before.is_some_and(|it| it.kind == Kind::Char && it.is_letter())
    }
}

/// Cheap pre-scan: can any rule fire at all? Most short strings (names,
/// dates, labels) skip the whole machinery.
///
/// A hyphen inside a word (Grand-Orly, frequent in names) cannot become a
/// dash, which wants spaces around it. Without another trigger, only a
/// digit could still make a rule fire in such a string — when followed by
/// a space this scan does not look for (a form feed, U+3000…) — so the
/// string is typeset as before if it has one.
pub(in crate::typography) fn needs_work(bytes: &[u8]) -> bool {
    let (mut word_hyphen, mut digit) = (false, false);
    for (at, &b) in bytes.iter().enumerate() {
        // Letters, spaces and most of UTF-8 fail this first, cheap test.
        if !matches!(b, b'!'..=b'?' | 0xc2) {
            continue;
        }
        let next = bytes.get(at + 1).copied();
        let alphanumeric = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
        let triggers = match b {
            b'-' if alphanumeric(at.checked_sub(1).map(|before| bytes[before]))
                && alphanumeric(next) =>
            {
                word_hyphen = true;
                false
            }
            // A space typed before a comma or a full stop.
            b',' | b'.' if after_space(bytes, at) => true,
            b';' | b':' | b'!' | b'?' | b'"' | b'\'' | b'%' | b'-' | b'&' => true,
            b'.' => next == Some(b'.'),
            // « and » are C2 AB and C2 BB in UTF-8.
            0xc2 => matches!(next, Some(0xab | 0xbb)),
            // A digit followed by a space (ASCII, or a multi-byte one
            // starting with C2 or E2): digit groups, units and words; or
            // after one (a byte of a multi-byte space is 80 or above): a
            // word before a number.
            b'0'..=b'9' => {
                digit = true;
                matches!(next, Some(b' ' | b'\t' | b'\n' | b'\r' | 0xc2 | 0xe2))
                    || after_space(bytes, at)
            }
            _ => false,
        };
        if triggers {
            return true;
        }
    }
    word_hyphen && digit
}

/// Whether the byte before `at` can end a space, or markup after one: an
/// ASCII space, the last byte of a multi-byte one (80 or above; letters
/// too, which is safe), or the end of a tag or an entity.
fn after_space(bytes: &[u8], at: usize) -> bool {
    at.checked_sub(1)
        .is_some_and(|before| matches!(bytes[before], b'\t'..=b'\r' | b' ' | b'>' | b';' | 0x80..))
}
