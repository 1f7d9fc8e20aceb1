//! Gap rules: the space between two visible characters, decided once per
//! gap — no-break spaces before `: ; ! ?` and `»`, after `«`, before `%`,
//! between digit groups and between a number and its unit.

use super::numbers::{Chain, Grouping, digit_chain, is_unit};
use super::triggers::{GAPS, QUOTES};
use super::{Pass, Run};
use crate::typography::item::{Edit, Item, Kind};
use crate::typography::{NBSP, NNBSP};

/// Runs when the run has a character that takes a space (digits too, see
/// [`GAPS`]), or a `"`: paired quotes become guillemets, which take spaces.
pub(super) const PASS: Pass = Pass {
    wants: GAPS | QUOTES,
    apply: |run: &mut Run| gap_rules(run.items, run.marks, run.src, run.html),
};

/// Where a missing space goes when the gap holds markup only.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// Right after the left character (after «).
    Left,
    /// Right before the right character (before : ; ! ? » %).
    Right,
}

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
        if (is_any!(item, '»' | ';' | '!' | '?' | ':' | ',' | '.') || item.is_digit())
            && decided.is_none_or(|decided| at > decided)
            && let Some(left) = items[..at].iter().rposition(Item::is_solid)
            && !(item.is_digit() && items[left].is_digit())
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
    if tight(items, left, right, spaces) {
        for item in items[left + 1..right].iter_mut().filter(|it| it.is_space()) {
            item.edit = Edit::Drop;
        }
        return;
    }
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
    if b.is_digit() && spaces > 0 && !a.is_digit() {
        return names_number(items, src, left, right).then_some((NBSP, Anchor::Right));
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
        if right != left + 2 {
            return None;
        }
        return match digit_chain(items, left, right, chain) {
            Grouping::Thousands => Some((NNBSP, Anchor::Right)),
            Grouping::Phone if !line_break(items, left, right) => Some((NBSP, Anchor::Right)),
            Grouping::Phone => None,
            Grouping::Loose => None,
        };
    }
    let word = b.kind == Kind::Char && b.is_letter() && !line_break(items, left, right);
    (word || is_unit(items, src, right)).then_some((NBSP, Anchor::Right))
}

/// A word that goes with the number after it: an abbreviation in capitals
/// (`UMR 7182`, `BP 748`), or the `h` of a time (`10 h 30`). Never across
/// a line break of the source.
fn names_number(items: &[Item], src: &str, left: usize, right: usize) -> bool {
    let a = items[left];
    if a.kind != Kind::Char || !a.is_letter() || line_break(items, left, right) {
        return false;
    }
    let spelled = &src[a.start as usize..a.end as usize];
    let capitals = spelled.chars().count() >= 2 && spelled.chars().all(char::is_uppercase);
    let hour = spelled == "h"
        && items[..left]
            .iter()
            .rposition(Item::is_solid)
            .is_some_and(|before| items[before].is_digit() && before + 1 < left);
    capitals || hour
}

/// Whether the gap between two solid items holds a line break.
fn line_break(items: &[Item], left: usize, right: usize) -> bool {
    items[left + 1..right]
        .iter()
        .any(|it| is_any!(it, '\n' | '\r'))
}

/// No space before a `,` or a `.` that ends a word (`mot , suite`), except
/// across a line break; `.5`, `.htaccess`, ` ...` and a mark after an
/// opening bracket or a guillemet stay.
fn tight(items: &[Item], left: usize, right: usize, spaces: usize) -> bool {
    let (a, b, next) = (items[left], items[right], items.get(right + 1));
    spaces > 0
        && is_any!(b, ',' | '.')
        && ((a.kind == Kind::Char && a.is_word())
            || is_any!(a, ')' | ']' | '»' | '”' | '’' | '\'' | '…' | '%' | '€'))
        && next.is_none_or(|n| n.is_markup() || n.is_space() || is_any!(n, ')' | '»' | '”'))
        && !line_break(items, left, right)
}

/// Before `; ! ?`: a typed space is replaced unless the mark starts a word
/// (`!important`); a missing one is added after a word when the mark ends
/// it. `?!` gets one space, before its first mark.
fn mark_gap(items: &[Item], left: usize, right: usize, spaces: usize, html: bool) -> bool {
    let (a, next) = (items[left], items.get(right + 1));
    if spaces > 0 {
        return !a.is_opening() && !next.is_some_and(Item::is_word);
    }
    // A `»` closes a quotation when it follows some text.
    let closing = a.is_word() || (a.is('»') && items[..left].iter().any(Item::is_solid));
    if !closing || (!html && items[right].is(';') && entity_tail(items, left)) {
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
