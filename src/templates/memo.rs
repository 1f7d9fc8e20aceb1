//! The memo of the filters of text (`typo`, `insecable`, `json`): templates
//! typeset the same titles, names and labels on every page that shows them
//! (the 1,000-article benchmark site makes 53,000 `typo` calls for 2,100
//! distinct strings; the site's name goes through `insecable` twice a
//! page). Results are kept as Tera values, so a hit is a clone: no
//! allocation, no copy of a long string (Tera shares those).

use std::cell::RefCell;

use ahash::AHashMap;
use tera::Value;

use crate::typography::typeset_text;

/// Bounds of the memo: longer strings are not kept, and it is emptied when
/// full (at most a few megabytes per thread).
const MEMO_LEN: usize = 512;
const MEMO_ENTRIES: usize = 4096;

/// The filters whose results are kept, one memo each.
#[derive(Clone, Copy)]
pub(super) enum Filter {
    Typeset,
    Unbreakable,
    Json,
}

thread_local! {
    /// aHash: several times faster than the default SipHash on short
    /// strings; Tera already depends on it.
    static MEMOS: RefCell<[AHashMap<Box<str>, Value>; 3]> = RefCell::default();
}

/// `text` typeset, as a template value.
pub(super) fn typeset_value(text: &str) -> Value {
    memoized(Filter::Typeset, text, typeset_text)
}

/// What `filter` (`compute`) gives of `text`, as a template value.
pub(super) fn memoized(filter: Filter, text: &str, compute: fn(&str) -> String) -> Value {
    if text.len() > MEMO_LEN {
        return Value::from(compute(text));
    }
    let memo = filter as usize;
    if let Some(value) = MEMOS.with_borrow(|memos| memos[memo].get(text).cloned()) {
        return value;
    }
    let value = Value::from(compute(text));
    MEMOS.with_borrow_mut(|memos| {
        let memo = &mut memos[memo];
        if memo.len() >= MEMO_ENTRIES {
            memo.clear();
        }
        memo.insert(text.into(), value.clone());
    });
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typeset(text: &str) -> String {
        typeset_value(text).as_str().expect("a string").to_string()
    }

    #[test]
    fn memoized_texts_come_out_the_same() {
        let long = "l'a ".repeat(200);
        let inputs: Vec<String> = (0..MEMO_ENTRIES + 10)
            .map(|i| format!("Article {i} : l'essai"))
            .chain([long])
            .collect();
        let first: Vec<String> = inputs.iter().map(|t| typeset(t)).collect();
        for (input, done) in inputs.iter().zip(&first) {
            assert_eq!(&typeset(input), done);
            assert_eq!(done, &typeset_text(input));
        }
        assert_eq!(typeset("Article 7 : l'essai"), "Article 7\u{a0}: l’essai");
    }

    #[test]
    fn each_filter_has_its_own_memo() {
        let shout = |text: &str| text.to_uppercase();
        let quote = |text: &str| format!("«{text}»");
        assert_eq!(
            memoized(Filter::Unbreakable, "ab", shout).as_str(),
            Some("AB")
        );
        assert_eq!(memoized(Filter::Json, "ab", quote).as_str(), Some("«ab»"));
        assert_eq!(
            memoized(Filter::Unbreakable, "ab", quote).as_str(),
            Some("AB")
        );
    }
}
