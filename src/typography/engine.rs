//! The scanning engine: collects a run's items, notes which characters can
//! make a rule fire (`Typographer::note`, in `rules/triggers.rs` beside the
//! trigger bits), runs the passes those need and writes out the edits.

use std::cell::Cell;

use super::item::{Edit, Item, Kind, OPAQUE};
use super::markup::Class;
use super::rules::{GAPS, LINKS, Run, Scratch, Triggers, apply_passes};
use super::scan::{char_at, is_alphabetic, letters_end, stretch};

/// The buffers of a [`Typographer`], empty between runs.
#[derive(Default)]
pub(super) struct Buffers {
    pub(super) items: Vec<Item>,
    /// Indices of the run's marked items, in order.
    marks: Vec<u32>,
    /// The passes' own buffers.
    scratch: Scratch,
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

/// Collects the items of one run, then typesets and writes it out. The
/// fields `note` uses are visible to the rules.
pub(super) struct Typographer<'a> {
    pub(super) src: &'a str,
    html: bool,
    /// Whether stretches of words become stand-ins; see [`Typographer::text`].
    stand_ins: bool,
    out: String,
    /// End of the source written out so far: untouched text and markup are
    /// copied in one piece up to the next edit.
    copied: usize,
    pub(super) buffers: Buffers,
    /// Triggers among the run's items so far.
    pub(super) triggers: Triggers,
    /// Index of the last visible item of the run if it is a digit.
    pub(super) digit: Option<u32>,
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
    pub(super) fn mark(&mut self, triggers: Triggers, index: u32) {
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
        let run = &mut Run {
            items: &mut self.buffers.items[..],
            marks: &self.buffers.marks[..],
            src: self.src,
            html: self.html,
            scratch: &mut self.buffers.scratch,
        };
        apply_passes(triggers, run);
        // Write the edits, each after the source that precedes it.
        for item in run
            .items
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
