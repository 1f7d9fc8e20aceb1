//! The typography rules, in passes over one run of items (see the engine
//! in `engine.rs`), each pass with the triggers that make it run:
//!
//! - `links`: URLs and e-mail addresses written in text become opaque, so
//!   that no rule touches them (a `@`, `://`, `www.` or `mailto:`);
//! - `quotes`: straight double quotes paired into « » or “ ” (a `"`);
//! - `words`: apostrophe (inside a word, or ending one outside a
//!   quotation), ellipsis, en dash (a `'`, `..` or `-`);
//! - `gaps`: the space between two visible characters, before `: ; ! ?`
//!   and `»`, after `«`, before `%`, none before `,` and `.`, and with
//!   `numbers`, between digit groups, in phone numbers, between a number
//!   and the word after it and between an abbreviation and its number (a
//!   `: ; ! ? « »`, a `,` or `.` after a space, a digit followed by a
//!   space or `%` or after a word and a space; also a `"`, which pairing
//!   may turn into a guillemet).
//!
//! # How to add a rule
//!
//! A rule of an existing family is a few lines in its file: a unit in
//! `numbers::UNITS`, a new kind of gap in `gaps::decide`. A new family is
//! one file and one registration: write the file here with a function over
//! a [`Run`] that visits the marked items (`run.marks`) and their
//! neighbours and sets their `edit` or `ins`, expose it as a
//! `const PASS: Pass` with the triggers it waits for, declare the module
//! and apply its `PASS` in [`apply_passes`] where the order needs it — after
//! `links`, and before `gaps` if the rule makes characters that take
//! spaces. If the rule fires on a character that no trigger notes yet,
//! give it a bit in `triggers.rs`, note the character in
//! `Typographer::note` there and let `needs_work` see it. A rule must not
//! fire away from a marked item, nor inside a stretch of plain words (see
//! `Typographer::text`): the property test `stand_ins_change_nothing`
//! checks it on random input, and the idempotence tests that typeset text
//! comes back unchanged; add the rule's characters to their `PIECES`.

mod gaps;
mod links;
mod numbers;
mod quotes;
mod triggers;
mod words;

use super::item::Item;
pub(super) use triggers::{GAPS, LINKS, Triggers, needs_work};

/// Runs the passes the run's triggers ask for, in order: links first, so
/// that no rule touches a URL; quotes before gaps, which space the
/// guillemets. Each pass is named here rather than looked up in an array,
/// so that it is called, and inlined, directly.
pub(super) fn apply_passes(triggers: Triggers, run: &mut Run<'_>) {
    apply(links::PASS, triggers, run);
    apply(quotes::PASS, triggers, run);
    apply(words::PASS, triggers, run);
    apply(gaps::PASS, triggers, run);
}

#[inline(always)]
fn apply(pass: Pass, triggers: Triggers, run: &mut Run<'_>) {
    if triggers & pass.wants != 0 {
        (pass.apply)(run);
    }
}

/// A pass over a run's items, and the triggers that make it run.
pub(super) struct Pass {
    /// The pass runs when the run holds any of these triggers.
    pub(super) wants: Triggers,
    pub(super) apply: fn(&mut Run<'_>),
}

/// One run of items, as the passes see it.
pub(super) struct Run<'r> {
    /// The run's items: the passes set their `edit` and `ins`, and the
    /// links pass their `kind`.
    pub(super) items: &'r mut [Item],
    /// Indices of the items where a rule can fire, in order.
    pub(super) marks: &'r [u32],
    /// The text the items' offsets point into.
    pub(super) src: &'r str,
    /// Whether the text is HTML, as opposed to plain text.
    pub(super) html: bool,
    pub(super) scratch: &'r mut Scratch,
}

/// Buffers the passes keep from one run to the next, so that a run
/// allocates nothing.
#[derive(Default)]
pub(super) struct Scratch {
    /// Stacks for quote pairing.
    openers: Vec<usize>,
    styles: Vec<bool>,
}
