//! Numbers: digit groups and unit symbols, for the gap rules.

use crate::typography::item::{Item, Kind};
use crate::typography::scan::is_alphabetic;

/// Digit groups already examined: last index of the chain and its verdict.
pub(super) type Chain = Option<(usize, bool)>;

/// `12 000`, `1 234 567`: a first group of 1 to 3 digits, then groups of
/// exactly 3, each after a single typed space. Phone numbers (`01 78 18`)
/// and years side by side fail the test. Chains are judged once, from
/// their first gap, to stay linear.
pub(super) fn digit_chain(items: &[Item], left: usize, right: usize, chain: &mut Chain) -> bool {
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
