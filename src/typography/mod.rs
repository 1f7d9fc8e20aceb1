//! French typography after the Imprimerie nationale's *Lexique des règles
//! typographiques*: no-break spaces before high punctuation and inside
//! guillemets, guillemets for straight quotes, typographic apostrophe,
//! ellipsis, digit grouping, units, en dash.
//!
//! Both entry points feed one [`Typographer`]. The input becomes a stream of
//! *items*: one per character of text, zero-width markup items for inline
//! tags and comments, and opaque word-like items for entities, protected
//! elements (`code`, `kbd`…), URLs and e-mail addresses. Block-level tags cut
//! the stream into runs. Each run goes through a few linear passes — protect
//! links, pair quotes, word rules, then *gap* rules that decide the spacing
//! between two visible characters — and is written out: untouched items are
//! copied byte for byte, so typeset text comes back unchanged when typeset
//! again. While a run's items are pushed, the characters that can make a
//! rule fire are noted: the passes visit only those items and their
//! neighbours, a pass whose triggers are absent is skipped, and a run
//! without any is copied whole.
//!
//! The engine and the rules live apart: `engine.rs` (the `Typographer`:
//! items, marks, buffers, running the passes, writing out), `item.rs` (what
//! the rules ask of an item), `scan.rs` (byte-level scans: letters,
//! stretches of plain words), `markup.rs` (tags and entities), and
//! `rules/`, one file per family of rules with the trigger table; its
//! module doc says how to add a rule.

/// Whether an item is a character of text matching the pattern. A
/// `matches!` compiles to a few comparisons where `[char]::contains` loops;
/// the rules ask this of nearly every item.
macro_rules! is_any {
    ($item:expr, $pattern:pat) => {{
        let item: &Item = &$item;
        item.kind == Kind::Char && matches!(item.ch, $pattern)
    }};
}

mod attributes;
mod engine;
mod item;
mod markup;
mod rules;
mod scan;
#[cfg(test)]
mod tests;

use engine::Typographer;
use item::{Kind, OPAQUE};
use markup::{scan_entity, scan_markup};
// The fast paths, for the tests to compare with the slow ones.
use rules::needs_work;
#[cfg(test)]
use scan::{ascii_prose, is_alphabetic, is_alphanumeric, letters_end};

/// No-break space: before `:`, inside guillemets, between number and unit.
const NBSP: char = '\u{a0}';
/// Narrow no-break space: before `; ! ?` and between digit groups.
const NNBSP: char = '\u{202f}';

/// Applies French typography to plain text (titles, YAML strings, feeds).
/// Nothing is parsed as HTML: `<` and `&` are ordinary characters.
pub fn typeset_text(text: &str) -> String {
    if !needs_work(text.as_bytes()) || u32::try_from(text.len()).is_err() {
        return text.to_owned();
    }
    typeset_plain(text, true)
}

/// [`typeset_text`] on a text that may need work.
/// `stand_ins` is false only in tests (see [`Typographer::text`]).
fn typeset_plain(text: &str, stand_ins: bool) -> String {
    let mut typographer = Typographer::new(text, false, stand_ins);
    let mut at = 0;
    while at < text.len() {
        at = typographer.text(at);
    }
    typographer.finish()
}

/// Applies French typography to the text nodes of an HTML fragment, keeping
/// tags, attributes, comments, entities and the content of `code`, `pre`,
/// `kbd`, `samp`, `script`, `style`, `textarea`, `math` and `svg` intact.
/// Inline tags are transparent to the rules; block-level tags end a run.
pub fn typeset_html(html: &str) -> String {
    typeset_markup(html, true)
}

fn typeset_markup(html: &str, stand_ins: bool) -> String {
    if !needs_work(html.as_bytes()) || u32::try_from(html.len()).is_err() {
        return html.to_owned();
    }
    let mut typographer = Typographer::new(html, true, stand_ins);
    let bytes = html.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'<' => {
                if let Some((end, class)) = scan_markup(bytes, at) {
                    typographer.markup(at, end, class);
                    at = end;
                    continue;
                }
            }
            b' ' => {
                typographer.space(at);
                at += 1;
                continue;
            }
            b'&' => {
                if let Some((end, decoded)) = scan_entity(html, at) {
                    match decoded {
                        Some(c) => typographer.push(at, end, c, Kind::Char),
                        None => typographer.push(at, end, OPAQUE, Kind::Opaque),
                    }
                    at = end;
                    continue;
                }
            }
            _ => {}
        }
        at = typographer.text(at);
    }
    attributes::typeset_attributes(typographer.finish())
}
