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

/// Whether an item is a character of text matching the pattern. A
/// `matches!` compiles to a few comparisons where `[char]::contains` loops;
/// the rules ask this of nearly every item.
macro_rules! is_any {
    ($item:expr, $pattern:pat) => {{
        let item: &Item = &$item;
        item.kind == Kind::Char && matches!(item.ch, $pattern)
    }};
}

mod engine;
mod item;
mod links;
mod markup;
mod rules;
mod scan;
#[cfg(test)]
mod tests;

use engine::Typographer;
use item::{Edit, Item, Kind, OPAQUE};
use markup::{scan_entity, scan_markup};
// The fast paths, for the tests to compare with the slow ones.
#[cfg(test)]
use scan::{ascii_prose, is_alphanumeric, letters_end};
use scan::{is_alphabetic, needs_work};

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
    typographer.finish()
}

// ---------------------------------------------------------------- gaps

/// Where a missing space goes when the gap holds markup only.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// Right after the left character (after «).
    Left,
    /// Right before the right character (before : ; ! ? » %).
    Right,
}

/// Digit groups already examined: last index of the chain and its verdict.
type Chain = Option<(usize, bool)>;

/// Decides the space of every gap between two solid items. One decision
/// per gap, so two rules never fight over the same spaces. [`decide`] does
/// nothing unless the gap has a `» ; ! ? :` on its right or a `«` or a
/// digit on its left, all marked (an unmarked digit's gap has no space,
/// nor `%` on its right: nothing to decide). The gaps are visited in order,
/// so that digit chains are still judged from their first gap.
fn gap_rules(items: &mut [Item], marks: &[u32], src: &str, html: bool) {
    let mut chain: Chain = None;
    // The right end of the last gap decided: a gap between two marks is
    // reached from both.
    let mut decided = None;
    for at in marks.iter().map(|&at| at as usize) {
        let item = items[at];
        if is_any!(item, '»' | ';' | '!' | '?' | ':')
            && decided.is_none_or(|decided| at > decided)
            && let Some(left) = items[..at].iter().rposition(Item::is_solid)
        {
            decided = Some(at);
            apply_gap(items, src, left, at, html, &mut chain);
        }
        if (item.is('«') || item.is_digit())
            && let Some(offset) = items[at + 1..].iter().position(Item::is_solid)
        {
            let right = at + 1 + offset;
            decided = Some(right);
            apply_gap(items, src, at, right, html, &mut chain);
        }
    }
}

fn apply_gap(
    items: &mut [Item],
    src: &str,
    left: usize,
    right: usize,
    html: bool,
    chain: &mut Chain,
) {
    let spaces = items[left + 1..right]
        .iter()
        .filter(|it| it.is_space())
        .count();
    let Some((target, anchor)) = decide(items, src, left, right, spaces, html, chain) else {
        return;
    };
    if spaces == 0 {
        let at = if anchor == Anchor::Left {
            left + 1
        } else {
            right
        };
        items[at].ins = Some(target);
        return;
    }
    // The first space carries the result, the others go: a follower check
    // on the next gap then sees the same first item on a second pass.
    let mut first = true;
    for item in items[left + 1..right].iter_mut().filter(|it| it.is_space()) {
        item.edit = match (first, item.ch == target) {
            (false, _) => Edit::Drop,
            (true, true) => Edit::Keep,
            (true, false) => Edit::Put(target),
        };
        first = false;
    }
}

fn decide(
    items: &[Item],
    src: &str,
    left: usize,
    right: usize,
    spaces: usize,
    html: bool,
    chain: &mut Chain,
) -> Option<(char, Anchor)> {
    let (a, b) = (items[left], items[right]);
    if a.is('«') {
        return Some((NBSP, Anchor::Left));
    }
    if b.is('»') {
        return Some((NBSP, Anchor::Right));
    }
    if is_any!(b, ';' | '!' | '?') {
        return mark_gap(items, left, right, spaces, html).then_some((NNBSP, Anchor::Right));
    }
    if b.is(':') {
        return colon_gap(items, left, right, spaces).then_some((NBSP, Anchor::Right));
    }
    if !a.is_digit() {
        return None;
    }
    if is_any!(b, '%' | '‰') {
        return Some((NBSP, Anchor::Right));
    }
    if spaces == 0 {
        return None;
    }
    if b.is_digit() {
        let grouped = right == left + 2 && digit_chain(items, left, right, chain);
        return grouped.then_some((NNBSP, Anchor::Right));
    }
    is_unit(items, src, right).then_some((NBSP, Anchor::Right))
}

/// Before `; ! ?`: a typed space is replaced unless the mark starts a word
/// (`!important`); a missing one is added after a word when the mark ends
/// it. `?!` gets one space, before its first mark.
fn mark_gap(items: &[Item], left: usize, right: usize, spaces: usize, html: bool) -> bool {
    let (a, next) = (items[left], items.get(right + 1));
    if spaces > 0 {
        return !a.is_opening() && !next.is_some_and(Item::is_word);
    }
    if !a.is_word() || (!html && items[right].is(';') && entity_tail(items, left)) {
        return false;
    }
    next.is_none_or(|n| n.is_markup() || n.is_space() || is_any!(n, '?' | '!' | '»' | ')'))
}

/// Before `:` only when it ends a clause: `10:30`, `C:\`, `::` stay.
fn colon_gap(items: &[Item], left: usize, right: usize, spaces: usize) -> bool {
    let next = items.get(right + 1);
    if !next.is_none_or(|n| n.is_markup() || n.is_space() || n.is('»')) {
        return false;
    }
    if spaces > 0 {
        !items[left].is_opening()
    } else {
        items[left].is_word()
    }
}

/// In plain text, `&amp;` must not become `&amp ;`.
fn entity_tail(items: &[Item], left: usize) -> bool {
    let mut start = left + 1;
    while start > 0 && (items[start - 1].is_word() || items[start - 1].is('#')) {
        start -= 1;
    }
    start > 0 && start <= left && items[start - 1].is('&')
}

/// `12 000`, `1 234 567`: a first group of 1 to 3 digits, then groups of
/// exactly 3, each after a single typed space. Phone numbers (`01 78 18`)
/// and years side by side fail the test. Chains are judged once, from
/// their first gap, to stay linear.
fn digit_chain(items: &[Item], left: usize, right: usize, chain: &mut Chain) -> bool {
    if let Some((end, ok)) = *chain
        && right <= end
    {
        return ok;
    }
    let first = items[..=left]
        .iter()
        .rev()
        .take_while(|it| it.is_digit())
        .count();
    let mut ok = first <= 3;
    let mut start = right;
    let end = loop {
        let len = items[start..].iter().take_while(|it| it.is_digit()).count();
        ok &= len == 3;
        let last = start + len - 1;
        let linked = items.get(last + 1).is_some_and(Item::is_space)
            && items.get(last + 2).is_some_and(Item::is_digit);
        if !linked {
            break last;
        }
        start = last + 2;
    };
    *chain = Some((end, ok));
    ok
}

const UNITS: [&str; 24] = [
    "€", "$", "£", "km", "m", "cm", "mm", "kg", "g", "t", "h", "min", "s", "ha", "m²", "km²", "°C",
    "Mo", "Go", "ko", "To", "kWh", "MW", "kW",
];

/// A whole unit symbol starts at `at` (`10 km`, not `10 kms` or `1 m'a`).
fn is_unit(items: &[Item], src: &str, at: usize) -> bool {
    let len = items[at..]
        .iter()
        .take(3)
        .take_while(|it| {
            it.kind == Kind::Char
                && (is_alphabetic(it.ch) || matches!(it.ch, '²' | '°' | '€' | '$' | '£'))
        })
        .count();
    let end = at + len;
    if len == 0
        || items
            .get(end)
            .is_some_and(|n| n.is_word() || is_any!(n, '\'' | '’'))
    {
        return false;
    }
    let spelled = &src[items[at].start as usize..items[end - 1].end as usize];
    UNITS.contains(&spelled)
}
