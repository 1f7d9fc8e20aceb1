//! Rules that change one character inside or between words: apostrophe,
//! ellipsis, en dash.

use super::triggers::WORDS;
use super::{Pass, Run};
use crate::typography::item::{Edit, Item, Kind, next_visible, prev_visible};

/// Runs when the run has a `'`, a `-` or a `.` after a `.`.
pub(super) const PASS: Pass = Pass {
    wants: WORDS,
    apply: |run: &mut Run| word_rules(run.items, run.marks),
};

/// Rules that change one visible character: apostrophe, ellipsis, dash.
fn word_rules(items: &mut [Item], marks: &[u32]) {
    // Dot runs already judged end before this index.
    let mut judged = 0;
    // Whether a `'` opened a quotation that no `'` has closed yet.
    let mut quoting = false;
    for at in marks.iter().map(|&at| at as usize) {
        match items[at].ch {
            _ if items[at].kind != Kind::Char => {}
            '\'' if between_letters(items, at) => items[at].edit = Edit::Put('’'),
            '\'' => match apostrophe_side(items, at) {
                Side::Opens => quoting = true,
                Side::Ends if quoting => quoting = false,
                Side::Ends => items[at].edit = Edit::Put('’'),
                Side::Neither => {}
            },
            // A marked dot follows a dot: judge the whole run once.
            '.' if at >= judged => {
                let start = at - items[..at].iter().rev().take_while(|it| it.is('.')).count();
                let run = items[start..].iter().take_while(|it| it.is('.')).count();
                if run == 3 {
                    items[start].edit = Edit::Put('…');
                    items[start + 1].edit = Edit::Drop;
                    items[start + 2].edit = Edit::Drop;
                }
                judged = start + run;
            }
            '-' if spaced_dash(items, at) => items[at].edit = Edit::Put('–'),
            _ => {}
        }
    }
}

fn between_letters(items: &[Item], at: usize) -> bool {
    let letter = |k: Option<usize>| k.is_some_and(|k| items[k].is_letter());
    letter(prev_visible(items, at)) && letter(next_visible(items, at))
}

/// Where a `'` that is not between letters stands.
enum Side {
    /// Before a word, after a blank: it opens a quotation (`'tis`, too).
    Opens,
    /// After a letter, before a blank or a mark: it closes a quotation,
    /// or ends a name (`Silver Innov'`).
    Ends,
    Neither,
}

fn apostrophe_side(items: &[Item], at: usize) -> Side {
    let (before, after) = (prev_visible(items, at), next_visible(items, at));
    let letter = |k: Option<usize>| k.is_some_and(|k| items[k].is_letter());
    let blank = |k: Option<usize>| k.is_none_or(|k| items[k].is_space() || items[k].is_opening());
    if blank(before) && letter(after) {
        Side::Opens
    } else if before.is_some_and(|k| items[k].kind == Kind::Char && items[k].is_letter())
        && !after.is_some_and(|k| items[k].is_word() || items[k].is('\''))
    {
        Side::Ends
    } else {
        Side::Neither
    }
}

/// ` - ` between words becomes ` – `; `10 - 5` (arithmetic) stays.
fn spaced_dash(items: &[Item], at: usize) -> bool {
    let (Some((before, spaced_before)), Some((after, spaced_after))) =
        (solid_before(items, at), solid_after(items, at))
    else {
        return false;
    };
    let (before, after) = (items[before], items[after]);
    spaced_before
        && spaced_after
        && (before.is_word()
            || is_any!(
                before,
                '.' | '!' | '?' | ')' | ']' | '}' | '…' | '»' | '”' | '\'' | '’'
            ))
        && (after.is_word() || is_any!(after, '(' | '[' | '{' | '«' | '“'))
        && !(before.is_digit() && after.is_digit())
}

/// The previous solid item and whether a space lies in between.
fn solid_before(items: &[Item], at: usize) -> Option<(usize, bool)> {
    let found = items[..at].iter().rposition(Item::is_solid)?;
    let spaced = items[found + 1..at].iter().any(Item::is_space);
    Some((found, spaced))
}

fn solid_after(items: &[Item], at: usize) -> Option<(usize, bool)> {
    let found = at + 1 + items[at + 1..].iter().position(Item::is_solid)?;
    let spaced = items[at + 1..found].iter().any(Item::is_space);
    Some((found, spaced))
}
