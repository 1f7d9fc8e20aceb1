//! Lists of numbers written as one JSON string, so that a posting takes
//! one or two bytes instead of three or four (`decode` in `recherche.js`
//! reads them).
//!
//! The digits are the printable ASCII characters from `!` to `~` but `"`
//! and `\`, the two JSON would escape: 92 digits. The first [`LAST`] end a
//! number, the other [`MORE`] come before its last digit. A number `n` is
//! its last digit `n % LAST`, after `n / LAST` in bijective base [`MORE`]
//! (digits 1 to `MORE`, no zero; none for 0), so every string of digits
//! ending with a last digit is exactly one list: numbers below 64 take one
//! character, below 1,856 two, below 52,032 three.

/// The digits, in order of value.
const DIGITS: &[u8; 92] = &digits();
/// How many digits end a number.
pub const LAST: u64 = 64;
/// How many digits continue one.
const MORE: u64 = DIGITS.len() as u64 - LAST;

const fn digits() -> [u8; 92] {
    let mut digits = [0u8; 92];
    let (mut c, mut at) = (b'!', 0);
    while c <= b'~' {
        if c != b'"' && c != b'\\' {
            digits[at] = c;
            at += 1;
        }
        c += 1;
    }
    digits
}

/// Appends `n`'s digits to `out`.
pub fn push(out: &mut String, n: u64) {
    let mut rest = n / LAST;
    // At most 13 digits before the last: 28^13 > u64::MAX / 64.
    let mut before = [0u8; 13];
    let mut at = before.len();
    while rest > 0 {
        rest -= 1;
        at -= 1;
        before[at] = DIGITS[(LAST + rest % MORE) as usize];
        rest /= MORE;
    }
    out.extend(before[at..].iter().map(|d| char::from(*d)));
    out.push(char::from(DIGITS[(n % LAST) as usize]));
}

/// `numbers` as a JSON string literal.
pub fn push_list(json: &mut String, numbers: impl IntoIterator<Item = u64>) {
    json.push('"');
    numbers.into_iter().for_each(|n| push(json, n));
    json.push('"');
}

/// The numbers of a string of digits, or `None` when it is not one (a
/// character outside the digits, or digits continuing past its end).
pub fn decode(text: &str) -> Option<Vec<u64>> {
    let mut numbers = Vec::new();
    let mut before: u64 = 0;
    let mut open = false;
    for byte in text.bytes() {
        let value = DIGITS.iter().position(|d| *d == byte)? as u64;
        if value < LAST {
            numbers.push(before.checked_mul(LAST)?.checked_add(value)?);
            (before, open) = (0, false);
        } else {
            before = before.checked_mul(MORE)?.checked_add(value - LAST + 1)?;
            open = true;
        }
    }
    (!open).then_some(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn encoded(numbers: &[u64]) -> String {
        let mut out = String::new();
        numbers.iter().for_each(|n| push(&mut out, *n));
        out
    }

    #[test]
    fn the_digits_are_json_safe_and_distinct() {
        let mut sorted = DIGITS.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), 92);
        assert!(
            DIGITS
                .iter()
                .all(|d| d.is_ascii_graphic() && *d != b'"' && *d != b'\\')
        );
        assert_eq!((DIGITS[0], DIGITS[91]), (b'!', b'~'));
    }

    #[test]
    fn lengths_change_at_the_boundaries() {
        let length = |n| encoded(&[n]).len();
        assert_eq!(encoded(&[0]), "!");
        assert_eq!(encoded(&[63]), "b", "no quote, no backslash");
        for (n, len) in [
            (0, 1),
            (63, 1),
            (64, 2),
            (64 + 64 * 28 - 1, 2),
            (64 + 64 * 28, 3),
            (64 + 64 * 28 + 64 * 28 * 28 - 1, 3),
            (64 + 64 * 28 + 64 * 28 * 28, 4),
        ] {
            assert_eq!(length(n), len, "{n}");
            assert_eq!(decode(&encoded(&[n])), Some(vec![n]), "{n}");
        }
        assert_eq!(decode(&encoded(&[u64::MAX])), Some(vec![u64::MAX]));
    }

    #[test]
    fn what_is_no_list_is_refused() {
        assert_eq!(decode(""), Some(vec![]));
        // A digit continuing past the end, a character JSON escapes, a space.
        let open = char::from(DIGITS[LAST as usize]);
        assert_eq!(decode(&format!("!{open}")), None);
        assert_eq!(decode("!\""), None);
        assert_eq!(decode("! "), None);
        assert_eq!(decode(&"~".repeat(20)), None, "overflow");
    }

    #[test]
    fn a_list_is_one_json_string() {
        let mut json = String::new();
        push_list(&mut json, [0, 5, 70, 100_000]);
        assert_eq!(json, format!("\"{}\"", encoded(&[0, 5, 70, 100_000])));
        assert_eq!(json.matches('"').count(), 2, "{json}");
        assert_eq!(
            decode(&json[1..json.len() - 1]),
            Some(vec![0, 5, 70, 100_000])
        );
    }

    proptest! {
        /// Any list comes back as written, and each number takes as many
        /// digits as its size says.
        #[test]
        fn any_list_round_trips(numbers in prop::collection::vec(
            prop_oneof![0u64..200, 0u64..100_000, any::<u64>()], 0..50)
        ) {
            let text = encoded(&numbers);
            prop_assert_eq!(decode(&text), Some(numbers.clone()));
            let bound = |n: u64| {
                let (mut span, mut below, mut len) = (LAST, LAST, 1);
                while n >= below {
                    span = span.saturating_mul(MORE);
                    below = below.saturating_add(span);
                    len += 1;
                }
                len
            };
            prop_assert_eq!(text.len(), numbers.iter().map(|n| bound(*n)).sum::<usize>());
        }

        /// Any string of digits ending with a last digit is a list, and
        /// writing that list gives the same string back (one spelling).
        #[test]
        fn every_string_of_digits_is_one_list(
            digits in prop::collection::vec(0usize..92, 0..30), last in 0usize..64
        ) {
            let mut text: String = digits.iter().map(|d| char::from(DIGITS[*d])).collect();
            text.push(char::from(DIGITS[last]));
            if let Some(numbers) = decode(&text) {
                prop_assert_eq!(encoded(&numbers), text);
            }
        }
    }
}
