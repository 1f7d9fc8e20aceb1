//! Numbers: digit groups and unit symbols, for the gap rules.

use crate::typography::item::{Item, Kind};
use crate::typography::scan::is_alphabetic;

/// How a chain of digit groups reads, judged once from its first gap.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Grouping {
    /// Not a number the gaps of which are kept: years side by side.
    Loose,
    /// Thousands: narrow no-break spaces.
    Thousands,
    /// A French phone number: no-break spaces, so that it never breaks.
    Phone,
}

/// Digit groups already examined: last index of the chain and its verdict.
pub(super) type Chain = Option<(usize, Grouping)>;

/// `12 000`, `1 234 567`: a first group of 1 to 3 digits, then groups of
/// exactly 3, each after a single typed space. `01 78 18 22 22` and
/// `+33 1 78 18 22 22` are phone numbers; other chains (years side by
/// side) are loose. Chains are judged once, from their first gap, to stay
/// linear.
pub(super) fn digit_chain(
    items: &[Item],
    left: usize,
    right: usize,
    chain: &mut Chain,
) -> Grouping {
    if let Some((end, grouping)) = *chain
        && right <= end
    {
        return grouping;
    }
    let first = items[..=left]
        .iter()
        .rev()
        .take_while(|it| it.is_digit())
        .count();
    // The groups' lengths, as far as a phone number goes (no allocation).
    let mut groups = [0; 6];
    groups[0] = first;
    let (mut count, mut thousands) = (1, first <= 3);
    let mut start = right;
    let end = loop {
        let len = items[start..].iter().take_while(|it| it.is_digit()).count();
        thousands &= len == 3;
        if let Some(slot) = groups.get_mut(count) {
            *slot = len;
        }
        count += 1;
        let last = start + len - 1;
        let linked = items.get(last + 1).is_some_and(Item::is_space)
            && items.get(last + 2).is_some_and(Item::is_digit);
        if !linked {
            break last;
        }
        start = last + 2;
    };
    let begin = left + 1 - first;
    let grouping = if thousands {
        Grouping::Thousands
    } else if count <= groups.len()
        && is_phone(items, begin, &groups[..count])
        && !items.get(end + 1).is_some_and(Item::is_word)
    {
        Grouping::Phone
    } else {
        Grouping::Loose
    };
    *chain = Some((end, grouping));
    grouping
}

/// `01 78 18 22 22`, or `+33 1 78 18 22 22`, standing alone: the groups'
/// lengths, and the item the first group starts at.
fn is_phone(items: &[Item], begin: usize, groups: &[usize]) -> bool {
    let before = begin.checked_sub(1).map(|at| &items[at]);
    if before.is_some_and(|it| it.is('+')) {
        let prefix = begin >= 2 && items[begin - 2].is_word();
        return groups == [2, 1, 2, 2, 2, 2]
            && items[begin].is('3')
            && items[begin + 1].is('3')
            && !prefix;
    }
    groups == [2, 2, 2, 2, 2] && items[begin].is('0') && !before.is_some_and(Item::is_word)
}

const UNITS: [&str; 24] = [
    "€", "$", "£", "km", "m", "cm", "mm", "kg", "g", "t", "h", "min", "s", "ha", "m²", "km²", "°C",
    "Mo", "Go", "ko", "To", "kWh", "MW", "kW",
];

/// A whole unit symbol starts at `at` (`10 km`, not `10 kms` or `1 m'a`).
pub(super) fn is_unit(items: &[Item], src: &str, at: usize) -> bool {
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
