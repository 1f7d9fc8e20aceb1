//! Straight double quotes: paired into guillemets, or curly quotes
//! inside guillemets.

use super::triggers::QUOTES;
use super::{Pass, Run, Scratch};
use crate::typography::item::{Edit, Item, Kind, next_visible, prev_visible};

/// Runs when the run has a `"`.
pub(super) const PASS: Pass = Pass {
    wants: QUOTES,
    apply: |run: &mut Run| {
        let Scratch { openers, styles } = run.scratch;
        pair_quotes(run.items, run.marks, openers, styles);
    },
};

/// How a straight quote's neighbour reads. Spaces, the run's ends and every
/// kind of double quote are alike: a rule-inserted no-break space only ever
/// appears next to a guillemet, so the class of a quote's neighbours — and
/// therefore the pairing — is the same when the output is typeset again.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Blank,
    Open,
    Close,
    Other,
}

fn side(items: &[Item], at: Option<usize>) -> Side {
    let Some(item) = at.map(|k| items[k]) else {
        return Side::Blank;
    };
    if item.kind != Kind::Char {
        Side::Other
    } else if item.ch.is_whitespace() || matches!(item.ch, '"' | '«' | '»' | '“' | '”') {
        Side::Blank
    } else if matches!(item.ch, '(' | '[' | '{') {
        Side::Open
    } else if matches!(
        item.ch,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '…'
    ) {
        Side::Close
    } else {
        Side::Other
    }
}

/// Pairs straight double quotes within the run. A quote opens when it
/// follows a blank and precedes a word, closes in the mirror case; the
/// others stay straight. Unpaired quotes stay unpaired on a second pass:
/// unmatched closers all precede unmatched openers.
fn pair_quotes(
    items: &mut [Item],
    marks: &[u32],
    openers: &mut Vec<usize>,
    styles: &mut Vec<bool>,
) {
    openers.clear();
    let mut paired = false;
    for at in marks.iter().map(|&at| at as usize) {
        if !items[at].is('"') || is_prime(items, at) {
            continue;
        }
        let before = side(items, prev_visible(items, at));
        let after = side(items, next_visible(items, at));
        let opens = matches!(before, Side::Blank | Side::Open) && after != Side::Blank;
        let closes = matches!(after, Side::Blank | Side::Close) && before != Side::Blank;
        if opens && !closes {
            openers.push(at);
        } else if closes
            && !opens
            && let Some(open) = openers.pop()
        {
            items[open].edit = Edit::Put('«');
            items[at].edit = Edit::Put('»');
            paired = true;
        }
    }
    if paired {
        style_quotes(items, marks, styles);
    }
}

/// `2'33"`: a double prime, not a quote.
fn is_prime(items: &[Item], at: usize) -> bool {
    let mut start = at;
    while start > 0 && items[start - 1].is_digit() {
        start -= 1;
    }
    start < at && start >= 2 && items[start - 1].is('\'') && items[start - 2].is_digit()
}

/// Chooses « » for outer pairs and “ ” for pairs inside guillemets. The
/// quotes and guillemets are all marked.
fn style_quotes(items: &mut [Item], marks: &[u32], styles: &mut Vec<bool>) {
    styles.clear();
    let mut depth = 0usize;
    for &at in marks {
        let item = &mut items[at as usize];
        if item.kind != Kind::Char {
            continue;
        }
        let styled = match (item.ch, item.edit) {
            ('"', Edit::Put('«')) => {
                let outer = depth == 0;
                styles.push(outer);
                if outer {
                    depth += 1;
                    '«'
                } else {
                    '“'
                }
            }
            ('"', Edit::Put(_)) => {
                if styles.pop().unwrap_or(true) {
                    depth = depth.saturating_sub(1);
                    '»'
                } else {
                    '”'
                }
            }
            ('«', _) => {
                depth += 1;
                continue;
            }
            ('»', _) => {
                depth = depth.saturating_sub(1);
                continue;
            }
            _ => continue,
        };
        item.ch = styled;
        item.edit = Edit::Put(styled);
    }
}
