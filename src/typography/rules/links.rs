//! URLs and e-mail addresses written in text: made opaque so that no
//! rule touches their `:`, `?`, `'` or `...`.

use super::triggers::LINKS;
use super::{Pass, Run};
use crate::typography::item::{Item, Kind};

/// Runs when the run has a `@` or a URL prefix.
pub(super) const PASS: Pass = Pass {
    wants: LINKS,
    apply: |run: &mut Run| protect_links(run.items, run.src),
};

const URL_PREFIXES: [&str; 4] = ["https://", "http://", "www.", "mailto:"];

/// Turns URLs and e-mail addresses written in text into opaque items so
/// that no rule touches their `:`, `?`, `'` or `...`.
fn protect_links(items: &mut [Item], src: &str) {
    let mut at = 0;
    while at < items.len() {
        let span = if items[at].is('@') {
            email_span(items, src, at)
        } else {
            url_span(items, src, at)
        };
        match span {
            Some((start, end)) => {
                for item in &mut items[start..end] {
                    item.kind = Kind::Opaque;
                }
                at = end;
            }
            None => at += 1,
        }
    }
}

fn url_span(items: &[Item], src: &str, at: usize) -> Option<(usize, usize)> {
    if !is_any!(items[at], 'h' | 'H' | 'w' | 'W' | 'm' | 'M') || (at > 0 && items[at - 1].is_word())
    {
        return None;
    }
    let start = items[at].start as usize;
    let prefix = URL_PREFIXES.iter().find(|p| {
        src.as_bytes()
            .get(start..start + p.len())
            .is_some_and(|found| found.eq_ignore_ascii_case(p.as_bytes()))
    })?;
    // The prefix must end on an item boundary, within plain text items.
    let prefix_end = (start + prefix.len()) as u32;
    let body = at + items[at..].iter().position(|it| it.end >= prefix_end)? + 1;
    if items[body - 1].end != prefix_end || items[at..body].iter().any(|it| it.kind != Kind::Char) {
        return None;
    }
    let mut end = body;
    while end < items.len() && is_url_item(&items[end]) {
        end += 1;
    }
    // Sentence punctuation after a URL belongs to the sentence. The set
    // includes what the rules produce (… » ”) so that a second pass cuts
    // the URL at the same place.
    while end > body
        && is_any!(
            items[end - 1],
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'' | '’' | '"' | '»' | '”' | '…'
        )
    {
        end -= 1;
    }
    (end > body).then_some((at, end))
}

fn is_url_item(item: &Item) -> bool {
    match item.kind {
        Kind::Opaque => true,
        Kind::Markup => false,
        Kind::Char => {
            !item.ch.is_whitespace() && !matches!(item.ch, '<' | '>' | '"' | '«' | '»' | '“' | '”')
        }
    }
}

fn email_span(items: &[Item], src: &str, at: usize) -> Option<(usize, usize)> {
    let ascii_word = |it: &Item| {
        src[it.start as usize..it.end as usize]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric())
    };
    let alnum = |it: &Item| it.ch.is_alphanumeric() && ascii_word(it);
    let local = |it: &Item| {
        it.kind == Kind::Char && (alnum(it) || matches!(it.ch, '.' | '_' | '%' | '+' | '-' | '\''))
    };
    let domain = |it: &Item| it.kind == Kind::Char && (alnum(it) || it.ch == '.' || it.ch == '-');
    let mut start = at;
    while start > 0 && local(&items[start - 1]) {
        start -= 1;
    }
    while start < at && is_any!(items[start], '.' | '\'' | '-') {
        start += 1;
    }
    let mut end = at + 1;
    while end < items.len() && domain(&items[end]) {
        end += 1;
    }
    while end > at + 1 && is_any!(items[end - 1], '.' | '-') {
        end -= 1;
    }
    let dotted = items[at + 1..end].iter().any(|it| it.is('.'));
    (start < at && dotted).then_some((start, end))
}
