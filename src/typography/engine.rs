//! The scanning engine: collects a run's items, notes which characters can
//! make a rule fire, runs the passes those need and writes out the edits.

use std::cell::Cell;

use super::item::{Edit, Item, Kind, OPAQUE};
use super::links::protect_links;
use super::markup::Class;
use super::rules::gaps::gap_rules;
use super::rules::quotes::pair_quotes;
use super::rules::words::word_rules;
use super::scan::{char_at, is_alphabetic, letters_end, stretch};

/// The passes a run needs, as a set of bits: each is set when a character
/// that can make one of its rules fire is pushed, and that item is marked.
/// No rule fires away from a marked item (see [`Typographer::note`]), so
/// the passes visit the marks only and a pass without its bit is skipped.
type Triggers = u8;
/// A `"` (pairing, and the guillemets' spaces).
const QUOTES: Triggers = 1;
/// A `'`, a `-`, or a `.` after a `.`.
const WORDS: Triggers = 2;
/// A `; ! ? : « »`, or a digit followed by a space, `%` or `‰` (the digit
/// is marked).
const GAPS: Triggers = 4;
/// A `@`, or the `://`, `www.` or `mailto:` of a URL: links to protect.
/// Not marked: `protect_links` visits every item, rarely.
const LINKS: Triggers = 8;

/// The buffers of a [`Typographer`], empty between runs.
#[derive(Default)]
struct Buffers {
    items: Vec<Item>,
    /// Indices of the run's marked items, in order.
    marks: Vec<u32>,
    /// Stacks for quote pairing.
    openers: Vec<usize>,
    styles: Vec<bool>,
}

thread_local! {
    /// Buffers kept from one call to the next: a build typesets thousands
    /// of short strings (titles, names), and allocating the buffers anew
    /// cost as much as typesetting them.
    static BUFFERS: Cell<Buffers> = Cell::default();
}

/// Buffers that grew larger than this many items (a huge run) are freed
/// rather than kept for the thread's lifetime.
const KEPT_ITEMS: usize = 1 << 16;

/// Collects the items of one run, then typesets and writes it out.
pub(super) struct Typographer<'a> {
    src: &'a str,
    html: bool,
    /// Whether stretches of words become stand-ins; see [`Typographer::text`].
    stand_ins: bool,
    out: String,
    /// End of the source written out so far: untouched text and markup are
    /// copied in one piece up to the next edit.
    copied: usize,
    buffers: Buffers,
    /// Triggers among the run's items so far.
    triggers: Triggers,
    /// Index of the last visible item of the run if it is a digit.
    digit: Option<u32>,
}

impl<'a> Typographer<'a> {
    pub(super) fn new(src: &'a str, html: bool, stand_ins: bool) -> Self {
        Typographer {
            src,
            html,
            stand_ins,
            out: String::with_capacity(src.len() + src.len() / 16),
            copied: 0,
            buffers: BUFFERS.take(),
            triggers: 0,
            digit: None,
        }
    }

    /// Offsets fit in `u32`: callers reject longer inputs.
    #[inline]
    pub(super) fn push(&mut self, start: usize, end: usize, ch: char, kind: Kind) {
        match kind {
            Kind::Char => self.note(start, end, ch),
            Kind::Opaque => self.digit = None,
            // Markup is transparent: a digit before it is still last.
            Kind::Markup => {}
        }
        self.item(start, end, ch, kind);
    }

    /// Pushes an ASCII space, the most frequent item after words: what
    /// [`Typographer::note`] does for it, without the dispatch.
    #[inline(always)]
    pub(super) fn space(&mut self, at: usize) {
        if let Some(digit) = self.digit.take() {
            self.mark(GAPS, digit);
        }
        self.item(at, at + 1, ' ', Kind::Char);
    }

    /// Records triggers, and the item where they can make a rule fire.
    #[inline(always)]
    fn mark(&mut self, triggers: Triggers, index: u32) {
        self.triggers |= triggers;
        self.buffers.marks.push(index);
    }

    /// Pushes an item that needs no noting.
    #[inline(always)]
    fn item(&mut self, start: usize, end: usize, ch: char, kind: Kind) {
        self.buffers.items.push(Item {
            start: start as u32,
            end: end as u32,
            ch,
            kind,
            edit: Edit::Keep,
            ins: None,
        });
    }

    /// Notes the triggers of a character item about to be pushed, and marks
    /// the item where a rule can fire. Each rule needs one of these:
    /// pairing a `"`; the apostrophe, the en dash and the ellipsis (whose
    /// second dot is marked) their character; a gap decision a `; ! ? :`
    /// or a `»` (possibly a paired `"`) on its right, a `«` (the same) on
    /// its left, or a digit on its left followed by a space, `%` or `‰`.
    #[inline(always)]
    fn note(&mut self, start: usize, end: usize, ch: char) {
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
            ';' | '!' | '?' | '«' | '»' => (GAPS, index),
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

    /// Pushes the text at `at` and returns where the next item starts.
    ///
    /// A run of letters is one item: no rule looks inside a word. The
    /// item's `ch` is the first letter; rules that need the spelling (units,
    /// URLs) read the source.
    ///
    /// After a word, the words, spaces and commas that follow, up to the
    /// last of those words, become a single space item, a stand-in: prose
    /// is mostly such stretches, and nothing in them can change. Every rule
    /// looks at a marked item's neighbours and stops at the first word on
    /// either side, which stays a real item, or scans only digits; the
    /// scans that go on through words (an entity's name before `;`, an
    /// e-mail's local part) stop at a space or a comma, as they do at the
    /// stand-in, and a unit must not be followed by a word, which neither a
    /// space, a comma nor the stand-in is. URLs do run through commas: once
    /// a URL prefix appears, the run's remaining text is itemized in full.
    #[inline(always)]
    pub(super) fn text(&mut self, at: usize) -> usize {
        // ASCII, most of the text, skips the decoding and the letter table.
        let b = self.src.as_bytes()[at];
        let (c, end, letter) = if b.is_ascii() {
            (char::from(b), at + 1, b.is_ascii_alphabetic())
        } else {
            let c = char_at(self.src, at);
            (c, at + c.len_utf8(), is_alphabetic(c))
        };
        if !letter {
            self.push(at, end, c, Kind::Char);
            return end;
        }
        // Words trigger nothing (see `note`) and are no digit.
        self.digit = None;
        let end = letters_end(self.src, end);
        self.item(at, end, c, Kind::Char);
        if !self.stand_ins || self.triggers & LINKS != 0 {
            return end;
        }
        let Some((word, word_end)) = stretch(self.src, end) else {
            return end;
        };
        self.item(end, word, ' ', Kind::Char);
        self.item(word, word_end, char_at(self.src, word), Kind::Char);
        word_end
    }

    pub(super) fn markup(&mut self, start: usize, end: usize, class: Class) {
        match class {
            Class::Inline => self.push(start, end, OPAQUE, Kind::Markup),
            Class::InlineProtected => self.push(start, end, OPAQUE, Kind::Opaque),
            Class::Block => self.flush(),
        }
    }

    /// Typesets the run and writes out its edits; the source between edits
    /// is copied when the next edit, or the end, comes.
    fn flush(&mut self) {
        let triggers = std::mem::take(&mut self.triggers);
        self.digit = None;
        if !self.buffers.marks.is_empty() {
            self.typeset_run(triggers);
        }
        self.buffers.items.clear();
        self.buffers.marks.clear();
    }

    fn typeset_run(&mut self, triggers: Triggers) {
        let (items, marks) = (&mut self.buffers.items[..], &self.buffers.marks[..]);
        if triggers & LINKS != 0 {
            protect_links(items, self.src);
        }
        if triggers & QUOTES != 0 {
            pair_quotes(
                items,
                marks,
                &mut self.buffers.openers,
                &mut self.buffers.styles,
            );
        }
        if triggers & WORDS != 0 {
            word_rules(items, marks);
        }
        // Paired quotes become guillemets, which take spaces.
        if triggers & (GAPS | QUOTES) != 0 {
            gap_rules(items, marks, self.src, self.html);
        }
        // Write the edits, each after the source that precedes it.
        for item in items
            .iter()
            .filter(|it| it.ins.is_some() || it.edit != Edit::Keep)
        {
            self.out
                .push_str(&self.src[self.copied..item.start as usize]);
            if let Some(c) = item.ins {
                self.out.push(c);
            }
            self.copied = match item.edit {
                Edit::Keep => item.start as usize,
                Edit::Put(c) => {
                    self.out.push(c);
                    item.end as usize
                }
                Edit::Drop => item.end as usize,
            };
        }
    }

    pub(super) fn finish(mut self) -> String {
        self.flush();
        self.out.push_str(&self.src[self.copied..]);
        if self.buffers.items.capacity() <= KEPT_ITEMS {
            BUFFERS.set(self.buffers);
        }
        self.out
    }
}
