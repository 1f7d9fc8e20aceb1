//! "Did you mean…?": the known name closest to one an editor mistyped
//! (a partner id, a link target, a YAML key).

/// Ids longer than this get no suggestion: typos are found in the ids
/// editors type, and an edit distance costs the product of two lengths,
/// which a 1 MB id must not reach.
const MAX_SUGGESTED_CHARS: usize = 64;

/// The closest candidate to `wanted`, if one is close enough to be a typo.
/// Case does not count (`UPEC` finds `upec`); a candidate containing
/// `wanted`, or contained in it, is close too (`grand-orly`). Each candidate
/// costs at most `MAX_SUGGESTED_CHARS²` steps, most a length comparison.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = short_lowercase(wanted)?;
    let wanted_chars: Vec<char> = wanted.chars().collect();
    let limit = (wanted_chars.len() / 3).max(2);
    let mut rows = (Vec::new(), Vec::new());
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower = short_lowercase(candidate)?;
            let length_gap = lower.chars().count().abs_diff(wanted_chars.len());
            // The distance between a text and one containing it is the
            // difference of their lengths.
            if lower.contains(wanted.as_ref()) || wanted.contains(lower.as_ref()) {
                return Some((length_gap, candidate));
            }
            if length_gap > limit {
                return None; // at least that many insertions
            }
            let chars: Vec<char> = lower.chars().collect();
            let distance = bounded_edit_distance(&wanted_chars, &chars, limit, &mut rows)?;
            Some((distance, candidate))
        })
        .min()
        .map(|(_, candidate)| candidate)
}

/// `text` in lower case, if it is short enough to be compared. Ids are
/// mostly lower case already: those are not copied.
fn short_lowercase(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    // Checking bytes first keeps a huge text from being walked at all.
    if text.len() > 4 * MAX_SUGGESTED_CHARS || text.chars().count() > MAX_SUGGESTED_CHARS {
        return None;
    }
    Some(if text.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(text.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    })
}

/// Levenshtein distance on characters, or `None` once it exceeds `limit`.
/// `rows` are reused from one candidate to the next.
fn bounded_edit_distance(
    a: &[char],
    b: &[char],
    limit: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    let (previous, current) = rows;
    previous.clear();
    previous.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        current.clear();
        current.push(i + 1);
        let mut row_min = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            let cell = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            row_min = row_min.min(cell);
            current.push(cell);
        }
        // Every later row is at least this row's minimum.
        if row_min > limit {
            return None;
        }
        std::mem::swap(previous, current);
    }
    Some(previous[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_and_rejects_strangers() {
        let ids = ["upec", "grand-orly-seine-bievre", "lissi"];
        assert_eq!(closest("upek", ids), Some("upec"));
        assert_eq!(closest("grand-orly", ids), Some("grand-orly-seine-bievre"));
        assert_eq!(closest("zzzzzzzz", ids), None);
    }

    #[test]
    fn closest_ignores_case() {
        assert_eq!(closest("UPEC", ["lissi", "upec"]), Some("upec"));
        assert_eq!(closest("Upek", ["lissi", "upec"]), Some("upec"));
    }

    #[test]
    fn closest_skips_huge_ids() {
        let huge = "a".repeat(100_000);
        let near = format!("{huge}b");
        assert_eq!(closest(&huge, [near.as_str(), "upec"]), None);
        assert_eq!(closest("upec", [near.as_str(), "upek"]), Some("upek"));
    }
}
