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
//! again.

mod links;
mod markup;
#[cfg(test)]
mod tests;

use links::protect_links;
use markup::{Class, scan_entity, scan_markup};

/// No-break space: before `:`, inside guillemets, between number and unit.
const NBSP: char = '\u{a0}';
/// Narrow no-break space: before `; ! ?` and between digit groups.
const NNBSP: char = '\u{202f}';
/// Placeholder character of opaque items; rules look at their kind instead.
const OPAQUE: char = '\u{fffc}';

/// Applies French typography to plain text (titles, YAML strings, feeds).
/// Nothing is parsed as HTML: `<` and `&` are ordinary characters.
pub fn typeset_text(text: &str) -> String {
    if !needs_work(text.as_bytes()) || u32::try_from(text.len()).is_err() {
        return text.to_owned();
    }
    let mut typographer = Typographer::new(text, false);
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let end = char_end(text, at, c);
        typographer.push(at, end, c, Kind::Char);
        at = end;
    }
    typographer.finish()
}

/// Applies French typography to the text nodes of an HTML fragment, keeping
/// tags, attributes, comments, entities and the content of `code`, `pre`,
/// `kbd`, `samp`, `script`, `style`, `textarea`, `math` and `svg` intact.
/// Inline tags are transparent to the rules; block-level tags end a run.
pub fn typeset_html(html: &str) -> String {
    if !needs_work(html.as_bytes()) || u32::try_from(html.len()).is_err() {
        return html.to_owned();
    }
    let mut typographer = Typographer::new(html, true);
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
        let Some(c) = html[at..].chars().next() else {
            break;
        };
        let end = char_end(html, at, c);
        typographer.push(at, end, c, Kind::Char);
        at = end;
    }
    typographer.finish()
}

/// End of the text item starting with `c` at `at`. A run of letters is one
/// item: no rule looks inside a word, and prose is mostly letters, so this
/// divides the work by the length of a word. The item's `ch` is the first
/// letter; rules that need the spelling (units, URLs) read the source.
fn char_end(src: &str, at: usize, c: char) -> usize {
    if !c.is_alphabetic() {
        return at + c.len_utf8();
    }
    let bytes = src.as_bytes();
    let mut end = at + c.len_utf8();
    while end < bytes.len() {
        if bytes[end].is_ascii_alphabetic() {
            end += 1;
            continue;
        }
        match src[end..].chars().next() {
            Some(next) if !next.is_ascii() && next.is_alphabetic() => end += next.len_utf8(),
            _ => break,
        }
    }
    end
}

/// Cheap pre-scan: can any rule fire at all? Most short strings (names,
/// dates, labels) skip the whole machinery.
fn needs_work(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(at, &b)| {
        let next = bytes.get(at + 1).copied();
        match b {
            b';' | b':' | b'!' | b'?' | b'"' | b'\'' | b'%' | b'-' | b'&' => true,
            b'.' => next == Some(b'.'),
            // « and » are C2 AB and C2 BB in UTF-8.
            0xc2 => matches!(next, Some(0xab | 0xbb)),
            // A digit followed by a space (ASCII, or a multi-byte one
            // starting with C2 or E2): digit groups and units.
            b'0'..=b'9' => matches!(next, Some(b' ' | b'\t' | b'\n' | b'\r' | 0xc2 | 0xe2)),
            _ => false,
        }
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// A character of text (possibly written as an entity in HTML).
    Char,
    /// Word-like content never modified: unknown entity, protected element,
    /// URL or e-mail character.
    Opaque,
    /// Inline tag or comment: transparent to the rules, zero width.
    Markup,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Edit {
    Keep,
    Put(char),
    Drop,
}

#[derive(Clone, Copy, Debug)]
struct Item {
    start: u32,
    end: u32,
    /// The character the rules see: decoded entity, or the resolved
    /// guillemet/curly quote for a paired straight quote.
    ch: char,
    kind: Kind,
    edit: Edit,
    /// Character inserted just before this item.
    ins: Option<char>,
}

impl Item {
    fn is(&self, c: char) -> bool {
        self.kind == Kind::Char && self.ch == c
    }
    fn is_any(&self, set: &[char]) -> bool {
        self.kind == Kind::Char && set.contains(&self.ch)
    }
    fn is_space(&self) -> bool {
        self.kind == Kind::Char && self.ch.is_whitespace()
    }
    fn is_markup(&self) -> bool {
        self.kind == Kind::Markup
    }
    /// Visible and not a space: the items that delimit gaps.
    fn is_solid(&self) -> bool {
        !self.is_markup() && !self.is_space()
    }
    fn is_word(&self) -> bool {
        self.kind == Kind::Opaque || (self.kind == Kind::Char && self.ch.is_alphanumeric())
    }
    fn is_letter(&self) -> bool {
        self.kind == Kind::Opaque || (self.kind == Kind::Char && self.ch.is_alphabetic())
    }
    fn is_digit(&self) -> bool {
        self.kind == Kind::Char && self.ch.is_ascii_digit()
    }
    fn is_opening(&self) -> bool {
        self.is_any(&['(', '[', '{', '«', '“', '‘'])
    }
}

/// Collects the items of one run, then typesets and writes it out.
struct Typographer<'a> {
    src: &'a str,
    html: bool,
    out: String,
    items: Vec<Item>,
    /// Scratch stacks for quote pairing, kept to reuse their allocation.
    openers: Vec<usize>,
    styles: Vec<bool>,
}

impl<'a> Typographer<'a> {
    fn new(src: &'a str, html: bool) -> Self {
        Typographer {
            src,
            html,
            out: String::with_capacity(src.len() + src.len() / 16),
            // Runs end at block tags: a few thousand items cover most.
            items: Vec::with_capacity(src.len().min(4096)),
            openers: Vec::new(),
            styles: Vec::new(),
        }
    }

    /// Offsets fit in `u32`: callers reject longer inputs.
    fn push(&mut self, start: usize, end: usize, ch: char, kind: Kind) {
        self.items.push(Item {
            start: start as u32,
            end: end as u32,
            ch,
            kind,
            edit: Edit::Keep,
            ins: None,
        });
    }

    fn markup(&mut self, start: usize, end: usize, class: Class) {
        match class {
            Class::Inline => self.push(start, end, OPAQUE, Kind::Markup),
            Class::InlineProtected => self.push(start, end, OPAQUE, Kind::Opaque),
            Class::Block => {
                self.flush();
                self.out.push_str(&self.src[start..end]);
            }
        }
    }

    fn flush(&mut self) {
        if self.items.is_empty() {
            return;
        }
        let items = &mut self.items[..];
        protect_links(items, self.src);
        pair_quotes(items, &mut self.openers, &mut self.styles);
        word_rules(items);
        gap_rules(items, self.src, self.html);
        // Untouched items are contiguous in the source: copy them by spans.
        let mut span = 0..0;
        for item in &self.items {
            let (start, end) = (item.start as usize, item.end as usize);
            if item.ins.is_none() && item.edit == Edit::Keep && start == span.end {
                span.end = end;
                continue;
            }
            self.out.push_str(&self.src[span]);
            if let Some(c) = item.ins {
                self.out.push(c);
            }
            match item.edit {
                Edit::Keep => span = start..end,
                Edit::Put(c) => {
                    self.out.push(c);
                    span = end..end;
                }
                Edit::Drop => span = end..end,
            }
        }
        self.out.push_str(&self.src[span]);
        self.items.clear();
    }

    fn finish(mut self) -> String {
        self.flush();
        self.out
    }
}

fn prev_visible(items: &[Item], at: usize) -> Option<usize> {
    items[..at].iter().rposition(|it| !it.is_markup())
}

fn next_visible(items: &[Item], at: usize) -> Option<usize> {
    let offset = items[at + 1..].iter().position(|it| !it.is_markup())?;
    Some(at + 1 + offset)
}

// ---------------------------------------------------------------- quotes

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
    } else if item.ch.is_whitespace() || ['"', '«', '»', '“', '”'].contains(&item.ch) {
        Side::Blank
    } else if ['(', '[', '{'].contains(&item.ch) {
        Side::Open
    } else if ['.', ',', ';', ':', '!', '?', ')', ']', '}', '…'].contains(&item.ch) {
        Side::Close
    } else {
        Side::Other
    }
}

/// Pairs straight double quotes within the run. A quote opens when it
/// follows a blank and precedes a word, closes in the mirror case; the
/// others stay straight. Unpaired quotes stay unpaired on a second pass:
/// unmatched closers all precede unmatched openers.
fn pair_quotes(items: &mut [Item], openers: &mut Vec<usize>, styles: &mut Vec<bool>) {
    openers.clear();
    let mut paired = false;
    for at in 0..items.len() {
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
        style_quotes(items, styles);
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

/// Chooses « » for outer pairs and “ ” for pairs inside guillemets.
fn style_quotes(items: &mut [Item], styles: &mut Vec<bool>) {
    styles.clear();
    let mut depth = 0usize;
    for item in items.iter_mut().filter(|it| it.kind == Kind::Char) {
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

// ---------------------------------------------------------------- words

/// Rules that change one visible character: apostrophe, ellipsis, dash.
fn word_rules(items: &mut [Item]) {
    let mut at = 0;
    while at < items.len() {
        match items[at].ch {
            _ if items[at].kind != Kind::Char => {}
            '\'' if between_letters(items, at) => items[at].edit = Edit::Put('’'),
            '.' => {
                let run = items[at..].iter().take_while(|it| it.is('.')).count();
                if run == 3 {
                    items[at].edit = Edit::Put('…');
                    items[at + 1].edit = Edit::Drop;
                    items[at + 2].edit = Edit::Drop;
                }
                at += run;
                continue;
            }
            '-' if spaced_dash(items, at) => items[at].edit = Edit::Put('–'),
            _ => {}
        }
        at += 1;
    }
}

fn between_letters(items: &[Item], at: usize) -> bool {
    let letter = |k: Option<usize>| k.is_some_and(|k| items[k].is_letter());
    letter(prev_visible(items, at)) && letter(next_visible(items, at))
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
            || before.is_any(&['.', '!', '?', ')', ']', '}', '…', '»', '”', '\'', '’']))
        && (after.is_word() || after.is_any(&['(', '[', '{', '«', '“']))
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
/// per gap, so two rules never fight over the same spaces.
fn gap_rules(items: &mut [Item], src: &str, html: bool) {
    let mut last: Option<usize> = None;
    let mut chain: Chain = None;
    for right in 0..items.len() {
        if !items[right].is_solid() {
            continue;
        }
        if let Some(left) = last {
            apply_gap(items, src, left, right, html, &mut chain);
        }
        last = Some(right);
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
    if b.is_any(&[';', '!', '?']) {
        return mark_gap(items, left, right, spaces, html).then_some((NNBSP, Anchor::Right));
    }
    if b.is(':') {
        return colon_gap(items, left, right, spaces).then_some((NBSP, Anchor::Right));
    }
    if !a.is_digit() {
        return None;
    }
    if b.is_any(&['%', '‰']) {
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
    next.is_none_or(|n| n.is_markup() || n.is_space() || n.is_any(&['?', '!', '»', ')']))
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
                && (it.ch.is_alphabetic() || ['²', '°', '€', '$', '£'].contains(&it.ch))
        })
        .count();
    let end = at + len;
    if len == 0
        || items
            .get(end)
            .is_some_and(|n| n.is_word() || n.is_any(&['\'', '’']))
    {
        return false;
    }
    let spelled = &src[items[at].start as usize..items[end - 1].end as usize];
    UNITS.contains(&spelled)
}
