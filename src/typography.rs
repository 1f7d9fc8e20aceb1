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

// ---------------------------------------------------------------- links

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
    if !items[at].is_any(&['h', 'H', 'w', 'W', 'm', 'M']) || (at > 0 && items[at - 1].is_word()) {
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
        && items[end - 1].is_any(&[
            '.', ',', ';', ':', '!', '?', ')', ']', '\'', '’', '"', '»', '”', '…',
        ])
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
            !item.ch.is_whitespace() && !['<', '>', '"', '«', '»', '“', '”'].contains(&item.ch)
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
        it.kind == Kind::Char && (alnum(it) || ['.', '_', '%', '+', '-', '\''].contains(&it.ch))
    };
    let domain = |it: &Item| it.kind == Kind::Char && (alnum(it) || it.ch == '.' || it.ch == '-');
    let mut start = at;
    while start > 0 && local(&items[start - 1]) {
        start -= 1;
    }
    while start < at && items[start].is_any(&['.', '\'', '-']) {
        start += 1;
    }
    let mut end = at + 1;
    while end < items.len() && domain(&items[end]) {
        end += 1;
    }
    while end > at + 1 && items[end - 1].is_any(&['.', '-']) {
        end -= 1;
    }
    let dotted = items[at + 1..end].iter().any(|it| it.is('.'));
    (start < at && dotted).then_some((start, end))
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

// ---------------------------------------------------------------- HTML

/// What a piece of markup means for the text around it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    /// Inline tag or comment: text flows through it.
    Inline,
    /// `code`, `kbd`, `samp`, `math`, `svg` element: an untouchable word.
    InlineProtected,
    /// Block-level tag, or a `pre`/`script`/`style`/`textarea` element:
    /// the text before and after are separate runs.
    Block,
}

/// Recognizes the markup starting at `at` (a `<`) and returns its end and
/// class; `None` when the `<` is plain text (`a < b`). Unterminated markup
/// runs to the end of the input, which then stays untouched.
fn scan_markup(bytes: &[u8], at: usize) -> Option<(usize, Class)> {
    let rest = &bytes[at..];
    for (open, close) in [
        (&b"<!--"[..], &b"-->"[..]),
        (b"<![CDATA[", b"]]>"),
        (b"<!", b">"),
        (b"<?", b">"),
    ] {
        if rest.starts_with(open) {
            return Some((find_after(bytes, at + open.len(), close), Class::Inline));
        }
    }
    let closing = rest.get(1) == Some(&b'/');
    let name_start = at + 1 + usize::from(closing);
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|&&b| is_name_byte(b))
        .count();
    let name = &bytes[name_start..name_start + name_len];
    let (end, self_closing) = tag_end(bytes, name_start + name_len);
    let class = match tag_class(name) {
        TagClass::Protected { block } if !closing && !self_closing => {
            let end = element_end(
                bytes,
                end,
                name,
                !block || name.eq_ignore_ascii_case(b"pre"),
            );
            return Some((
                end,
                if block {
                    Class::Block
                } else {
                    Class::InlineProtected
                },
            ));
        }
        TagClass::Protected { block: true } | TagClass::Block => Class::Block,
        TagClass::Protected { block: false } | TagClass::Inline => Class::Inline,
    };
    Some((end, class))
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b':'
}

fn find_after(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    bytes[from.min(bytes.len())..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map_or(bytes.len(), |p| from + p + needle.len())
}

/// End of a tag whose name ends at `from`, skipping quoted attribute
/// values; also tells whether the tag is self-closing (`<br/>`).
fn tag_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut at = from;
    let mut after_equals = false;
    while at < bytes.len() {
        let b = bytes[at];
        match b {
            b'>' => return (at + 1, at > from && bytes[at - 1] == b'/'),
            b'"' | b'\'' if after_equals => {
                at = find_after(bytes, at + 1, &[b]);
                after_equals = false;
                continue;
            }
            b'=' => after_equals = true,
            _ if !b.is_ascii_whitespace() => after_equals = false,
            _ => {}
        }
        at += 1;
    }
    (bytes.len(), false)
}

/// End of the element `name` whose start tag ends at `from`. `nested`
/// counts inner elements of the same name (`<code>` in `<code>`); raw-text
/// elements (`script`, `style`, `textarea`) end at the first closing tag.
fn element_end(bytes: &[u8], from: usize, name: &[u8], nested: bool) -> usize {
    let mut depth = 1usize;
    let mut at = from;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        let lt = at + offset;
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let name_at = lt + 1 + usize::from(closing);
        if names_match(bytes, name_at, name) {
            if closing {
                depth -= 1;
                if depth == 0 {
                    return tag_end(bytes, name_at + name.len()).0;
                }
            } else if nested {
                depth += 1;
            }
        }
        at = lt + 1;
    }
    bytes.len()
}

fn names_match(bytes: &[u8], at: usize, name: &[u8]) -> bool {
    bytes
        .get(at..at + name.len())
        .is_some_and(|found| found.eq_ignore_ascii_case(name))
        && !bytes.get(at + name.len()).is_some_and(|&b| is_name_byte(b))
}

enum TagClass {
    Inline,
    Block,
    Protected { block: bool },
}

fn tag_class(name: &[u8]) -> TagClass {
    let mut buffer = [0u8; 10];
    let Some(lower) = buffer.get_mut(..name.len()) else {
        return TagClass::Inline;
    };
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    match &*lower {
        b"code" | b"kbd" | b"samp" | b"math" | b"svg" => TagClass::Protected { block: false },
        b"pre" | b"script" | b"style" | b"textarea" => TagClass::Protected { block: true },
        b"p" | b"div" | b"li" | b"ul" | b"ol" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6"
        | b"blockquote" | b"table" | b"tr" | b"td" | b"th" | b"thead" | b"tbody" | b"tfoot"
        | b"caption" | b"section" | b"article" | b"header" | b"footer" | b"main" | b"figure"
        | b"figcaption" | b"br" | b"hr" | b"dl" | b"dt" | b"dd" | b"nav" | b"aside"
        | b"details" | b"summary" | b"address" | b"fieldset" | b"legend" | b"form" | b"hgroup"
        | b"option" => TagClass::Block,
        _ => TagClass::Inline,
    }
}

/// Reads the entity at `at` (an `&`): its end and the character the rules
/// should see, or `None` for an entity kept as an opaque word.
fn scan_entity(html: &str, at: usize) -> Option<(usize, Option<char>)> {
    let bytes = html.as_bytes();
    let rest = &bytes[at + 1..];
    let (digits_at, radix) = match rest {
        [b'#', b'x' | b'X', ..] => (at + 3, 16),
        [b'#', ..] => (at + 2, 10),
        _ => {
            let len = rest
                .iter()
                .take(32)
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if len == 0 || !rest[0].is_ascii_alphabetic() || rest.get(len) != Some(&b';') {
                return None;
            }
            return Some((at + len + 2, named_entity(&html[at + 1..at + 1 + len])));
        }
    };
    let len = bytes[digits_at..]
        .iter()
        .take(8)
        .take_while(|b| b.is_ascii_digit() || (radix == 16 && b.is_ascii_hexdigit()))
        .count();
    if len == 0 || bytes.get(digits_at + len) != Some(&b';') {
        return None;
    }
    let code = u32::from_str_radix(&html[digits_at..digits_at + len], radix).ok();
    Some((digits_at + len + 1, code.and_then(char::from_u32)))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "quot" => '"',
        "apos" => '\'',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => NBSP,
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "thinsp" => '\u{2009}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(input: &str) -> String {
        typeset_text(input)
    }

    fn html(input: &str) -> String {
        typeset_html(input)
    }

    /// Both entry points agree on markup-free text.
    fn both(input: &str) -> String {
        let plain = typeset_text(input);
        assert_eq!(
            typeset_html(input),
            plain,
            "html and text differ on {input:?}"
        );
        plain
    }

    /// Output equals input, and stays so when typeset again.
    fn unchanged_html(input: &str) {
        assert_eq!(html(input), input);
    }

    fn unchanged(input: &str) {
        assert_eq!(both(input), input);
    }

    // ---- rule 1: ; ! ?

    #[test]
    fn narrow_space_replaces_typed_space_before_marks() {
        assert_eq!(both("Vraiment ?"), "Vraiment\u{202f}?");
        assert_eq!(both("Oui ; non"), "Oui\u{202f}; non");
        assert_eq!(both("Bravo\u{a0}!"), "Bravo\u{202f}!");
        assert_eq!(both("Bravo   !"), "Bravo\u{202f}!");
        assert_eq!(both("Bravo\n!"), "Bravo\u{202f}!");
    }

    #[test]
    fn narrow_space_inserted_where_a_mark_ends_a_word() {
        assert_eq!(both("Vraiment?"), "Vraiment\u{202f}?");
        assert_eq!(both("Vraiment? Oui."), "Vraiment\u{202f}? Oui.");
        assert_eq!(both("oui; non"), "oui\u{202f}; non");
        assert_eq!(both("(vraiment!)"), "(vraiment\u{202f}!)");
        assert_eq!(both("Il a 10!"), "Il a 10\u{202f}!");
    }

    #[test]
    fn mark_runs_take_one_space() {
        assert_eq!(both("Quoi?!"), "Quoi\u{202f}?!");
        assert_eq!(both("Non!!"), "Non\u{202f}!!");
        assert_eq!(both("Quoi ?!"), "Quoi\u{202f}?!");
        assert_eq!(both("Quoi?!?"), "Quoi\u{202f}?!?");
    }

    #[test]
    fn marks_inside_words_stay() {
        unchanged("a?b");
        unchanged("x;y");
        unchanged("for(;;)");
        unchanged("i++;");
        unchanged("Voir !important");
        unchanged("! en tête");
        unchanged("(!)");
        unchanged("»!");
    }

    #[test]
    fn marks_after_inline_markup() {
        assert_eq!(html("<em>Attention</em>!"), "<em>Attention</em>\u{202f}!");
        assert_eq!(
            html("<p><em>Attention!</em></p>"),
            "<p><em>Attention\u{202f}!</em></p>"
        );
        assert_eq!(
            html("<strong>Vraiment</strong> ?"),
            "<strong>Vraiment</strong>\u{202f}?"
        );
        assert_eq!(html("<p>Fin!</p>"), "<p>Fin\u{202f}!</p>");
        assert_eq!(html("Fin!<br>Suite"), "Fin\u{202f}!<br>Suite");
    }

    #[test]
    fn entities_are_not_followed_by_a_space_in_plain_text() {
        unchanged("R&amp;D");
        assert_eq!(text("Tom &amp; Jerry"), "Tom &amp; Jerry");
        assert_eq!(text("&#8239; fin"), "&#8239; fin");
    }

    // ---- rule 2: colon

    #[test]
    fn colon_gets_a_no_break_space() {
        assert_eq!(both("Note : texte"), "Note\u{a0}: texte");
        assert_eq!(both("Note: texte"), "Note\u{a0}: texte");
        assert_eq!(both("Note\u{202f}: texte"), "Note\u{a0}: texte");
        assert_eq!(both("Note:"), "Note\u{a0}:");
        assert_eq!(both("Note :\ntexte"), "Note\u{a0}:\ntexte");
        assert_eq!(html("<p>Note:</p>"), "<p>Note\u{a0}:</p>");
        assert_eq!(
            html("Voir:<a href=\"/x\">lien</a>"),
            "Voir\u{a0}:<a href=\"/x\">lien</a>"
        );
    }

    #[test]
    fn colons_that_are_not_punctuation_stay() {
        unchanged("10:30");
        unchanged("Ratio 1:2");
        unchanged("a:b");
        unchanged("::before");
        unchanged("C:\\Windows");
        unchanged("Souris :)");
        unchanged("smiley:)");
        unchanged(": en tête");
        unchanged("ftp://serveur");
    }

    #[test]
    fn colon_after_strong_markup() {
        assert_eq!(
            html("<p><strong>UPEC</strong> : université</p>"),
            "<p><strong>UPEC</strong>\u{a0}: université</p>"
        );
        assert_eq!(
            html("<p><strong>UPEC</strong>: université</p>"),
            "<p><strong>UPEC</strong>\u{a0}: université</p>"
        );
        assert_eq!(
            html("<p><strong>UPEC </strong>: université</p>"),
            "<p><strong>UPEC\u{a0}</strong>: université</p>"
        );
    }

    // ---- rule 3: guillemets and quotes

    #[test]
    fn guillemets_get_no_break_spaces_inside() {
        assert_eq!(both("«texte»"), "«\u{a0}texte\u{a0}»");
        assert_eq!(both("« texte »"), "«\u{a0}texte\u{a0}»");
        assert_eq!(both("«\u{202f}texte\u{202f}»"), "«\u{a0}texte\u{a0}»");
        assert_eq!(both("«  texte  »"), "«\u{a0}texte\u{a0}»");
        assert_eq!(both("«»"), "«\u{a0}»");
        assert_eq!(both("« »"), "«\u{a0}»");
        assert_eq!(html("«<em>texte</em>»"), "«\u{a0}<em>texte</em>\u{a0}»");
        assert_eq!(
            html("&laquo;texte&raquo;"),
            "&laquo;\u{a0}texte\u{a0}&raquo;"
        );
    }

    #[test]
    fn straight_quotes_become_guillemets() {
        assert_eq!(both("Il dit \"bonjour\"."), "Il dit «\u{a0}bonjour\u{a0}».");
        assert_eq!(both("\"Oui\""), "«\u{a0}Oui\u{a0}»");
        assert_eq!(
            html("<p>Il dit &quot;bonjour&quot;.</p>"),
            "<p>Il dit «\u{a0}bonjour\u{a0}».</p>"
        );
        assert_eq!(html("<p>&#34;a&#x22;</p>"), "<p>«\u{a0}a\u{a0}»</p>");
    }

    #[test]
    fn quotes_pair_across_inline_markup() {
        assert_eq!(
            html("<p>\"<strong>Citation</strong>\"</p>"),
            "<p>«\u{a0}<strong>Citation</strong>\u{a0}»</p>"
        );
        assert_eq!(
            html("<p>Voir \"<a href=\"x\">le lien</a>\" ici</p>"),
            "<p>Voir «\u{a0}<a href=\"x\">le lien</a>\u{a0}» ici</p>"
        );
        assert_eq!(
            html("<p>&quot;le <em>début</em> et la fin&quot;</p>"),
            "<p>«\u{a0}le <em>début</em> et la fin\u{a0}»</p>"
        );
    }

    #[test]
    fn block_tags_reset_quote_pairing() {
        unchanged_html("<p>\"ouvert</p><p>fermé\"</p>");
        unchanged_html("<li>\"a</li><li>b\"</li>");
        assert_eq!(
            html("<p>\"a\"</p><p>\"b\"</p>"),
            "<p>«\u{a0}a\u{a0}»</p><p>«\u{a0}b\u{a0}»</p>"
        );
    }

    #[test]
    fn nested_quotes_become_curly() {
        assert_eq!(
            both("« Il a dit \"oui\" hier »"),
            "«\u{a0}Il a dit “oui” hier\u{a0}»"
        );
        assert_eq!(
            both("\"Il a dit \"oui\" hier\""),
            "«\u{a0}Il a dit “oui” hier\u{a0}»"
        );
    }

    #[test]
    fn lone_quotes_and_primes_stay() {
        unchanged("un \" seul");
        unchanged("\"ouvert sans fin");
        unchanged("fin sans début\" ici");
        unchanged("Record 2'33\"");
        unchanged("Écran de 27\"");
        unchanged("Un 5\" et un 7\"");
        unchanged("\"\"");
        assert_eq!(
            both("\"Chrono\" : 2'33\""),
            "«\u{a0}Chrono\u{a0}»\u{a0}: 2'33\""
        );
    }

    #[test]
    fn curly_quotes_typed_by_the_author_stay() {
        unchanged("Il dit “bonjour” et ‘salut’.");
    }

    // ---- rule 4: apostrophe

    #[test]
    fn apostrophe_between_letters() {
        assert_eq!(both("l'UPEC"), "l’UPEC");
        assert_eq!(both("aujourd'hui"), "aujourd’hui");
        assert_eq!(both("L'État"), "L’État");
        assert_eq!(html("l'<em>éléphant</em>"), "l’<em>éléphant</em>");
        assert_eq!(html("l&#39;arbre l&apos;eau"), "l’arbre l’eau");
    }

    #[test]
    fn other_apostrophes_stay() {
        unchanged("'tis");
        unchanged("les élèves' cahiers");
        unchanged("l' arbre");
        unchanged("2'33");
        assert_eq!(both("rock'n'roll'"), "rock’n’roll'");
        assert_eq!(both("rock'n'roll"), "rock’n’roll");
    }

    // ---- rule 5: ellipsis

    #[test]
    fn three_dots_become_an_ellipsis() {
        assert_eq!(both("Et puis..."), "Et puis…");
        assert_eq!(both("Et puis ... rien"), "Et puis … rien");
        assert_eq!(both("...et alors"), "…et alors");
        assert_eq!(both("Quoi...?"), "Quoi…?");
    }

    #[test]
    fn other_dot_runs_stay() {
        unchanged("cd ..");
        unchanged("a....b");
        unchanged("fin.");
        unchanged_html("..<em>.</em>");
    }

    // ---- rule 6: digit groups

    #[test]
    fn typed_spaces_between_digit_groups_become_narrow() {
        assert_eq!(both("12 000 habitants"), "12\u{202f}000 habitants");
        assert_eq!(both("1 234 567"), "1\u{202f}234\u{202f}567");
        assert_eq!(both("1\u{a0}234,50"), "1\u{202f}234,50");
        assert_eq!(both("3 500 000 €"), "3\u{202f}500\u{202f}000\u{a0}€");
    }

    #[test]
    fn digits_without_groups_stay() {
        unchanged("12000");
        unchanged("en 2023");
        unchanged("version 1.2.3");
        unchanged("01 78 18 22 22");
        unchanged("Tél. 01 78 18 22 22.");
        unchanged("de 1998 2000");
        unchanged("1234 567");
        unchanged("12 0000");
        unchanged("12  000");
        unchanged("1 234 56");
    }

    // ---- rule 7: percent and units

    #[test]
    fn percent_gets_a_no_break_space() {
        assert_eq!(both("50%"), "50\u{a0}%");
        assert_eq!(both("50 %"), "50\u{a0}%");
        assert_eq!(both("5‰"), "5\u{a0}‰");
        assert_eq!(both("12 000 %"), "12\u{202f}000\u{a0}%");
        unchanged("taux%");
    }

    #[test]
    fn spaced_units_get_a_no_break_space() {
        assert_eq!(both("40 €"), "40\u{a0}€");
        assert_eq!(both("10 km"), "10\u{a0}km");
        assert_eq!(both("10 h 30"), "10\u{a0}h 30");
        assert_eq!(both("1,5 m²"), "1,5\u{a0}m²");
        assert_eq!(both("20 °C."), "20\u{a0}°C.");
        assert_eq!(both("3 kWh, 2 MW"), "3\u{a0}kWh, 2\u{a0}MW");
        assert_eq!(both("8 Go"), "8\u{a0}Go");
    }

    #[test]
    fn units_are_never_inserted_or_guessed() {
        unchanged("40€");
        unchanged("10km");
        unchanged("3 ans");
        unchanged("10 kms");
        assert_eq!(both("le 1 m'a dit"), "le 1 m’a dit");
        unchanged("2 mois");
    }

    // ---- rule 8: dash

    #[test]
    fn spaced_hyphen_between_words_becomes_en_dash() {
        assert_eq!(both("Paris - Lyon"), "Paris – Lyon");
        assert_eq!(both("fin. - Début"), "fin. – Début");
        assert_eq!(both("a - « b »"), "a – «\u{a0}b\u{a0}»");
        assert_eq!(both("'simple' - fin"), "'simple' – fin");
    }

    #[test]
    fn other_hyphens_stay() {
        unchanged("Grand-Orly");
        unchanged("1990-2000");
        unchanged("10 - 5");
        unchanged("- liste");
        unchanged("a -- b");
        unchanged("a -b");
        unchanged("a- b");
    }

    // ---- rule 9: protected content

    #[test]
    fn attributes_stay() {
        unchanged_html("<a title=\"Voir : ici\" href=\"https://x.fr:8080/?a=1\">lien</a>");
        unchanged_html("<img alt=\"l'arbre...\" src='a.png'>");
        assert_eq!(
            html("<a title=\"l'avion\">l'avion</a>"),
            "<a title=\"l'avion\">l’avion</a>"
        );
        assert_eq!(
            html("<span data-x=a>l'a</span>"),
            "<span data-x=a>l’a</span>"
        );
    }

    #[test]
    fn protected_elements_stay() {
        unchanged_html("<p>Tapez <code>a : b; \"c\" l'd...</code></p>");
        unchanged_html("<pre><code>x = \"a\" ; y = 'b' ...\n12 000 %</code></pre>");
        unchanged_html("<kbd>Ctrl - C ?</kbd>");
        unchanged_html("<samp>Erreur : 50%</samp>");
        unchanged_html("<script>if (a) { b(\"x\"); } // l'a</script>");
        unchanged_html("<style>a::before { content: \"x\"; }</style>");
        unchanged_html("<textarea>l'a : b</textarea>");
        unchanged_html("<svg><text>l'a : b</text></svg>");
        unchanged_html("<math><mi>a</mi><mo>:</mo></math>");
        unchanged_html("<CODE>l'a</CODE>");
        unchanged_html("<code>a<code>b</code> l'a</code>");
        unchanged_html("<code>non fermé l'a ?");
    }

    #[test]
    fn text_around_protected_elements_is_typeset() {
        assert_eq!(
            html("<p>l'<code>x'y</code>: fin</p>"),
            "<p>l’<code>x'y</code>\u{a0}: fin</p>"
        );
        assert_eq!(html("<pre>l'a</pre><p>l'a</p>"), "<pre>l'a</pre><p>l’a</p>");
    }

    #[test]
    fn comments_and_declarations_stay() {
        unchanged_html("<!-- l'a : \"b\" -->");
        unchanged_html("<!DOCTYPE html>");
        unchanged_html("<![CDATA[ l'a ]]>");
        assert_eq!(html("l'a<!-- l'b -->l'c"), "l’a<!-- l'b -->l’c");
    }

    #[test]
    fn urls_and_emails_in_text_stay() {
        unchanged("Voir https://x.fr:8080/a?b=1&c='d'...x");
        assert_eq!(both("Voir www.x.fr..."), "Voir www.x.fr…");
        unchanged("Voir http://exemple.fr/l'a");
        unchanged("www.upec.fr/a:b");
        unchanged("mailto:jean.o'neil@upec.fr");
        unchanged("Écrire à jean.o'neil@upec.fr");
        assert_eq!(
            both("Site : https://x.fr!"),
            "Site\u{a0}: https://x.fr\u{202f}!"
        );
        assert_eq!(both("\"https://x.fr\""), "«\u{a0}https://x.fr\u{a0}»");
        unchanged_html("<a href=\"https://x.fr\">https://x.fr/l'a?b</a>");
        unchanged_html("https://x.fr/?a=1&amp;b='c'");
    }

    #[test]
    fn escaped_markup_stays_escaped() {
        assert_eq!(
            html("<p>&lt;b&gt; l'a &amp; b</p>"),
            "<p>&lt;b&gt; l’a &amp; b</p>"
        );
        unchanged_html("a &lt; b &amp;&amp; c &gt; d");
        unchanged_html("&eacute;t&eacute;");
    }

    #[test]
    fn typed_entities_for_spaces_count_as_spaces() {
        unchanged_html("Note&nbsp;: fin");
        unchanged_html("Quoi&#8239;?");
        unchanged_html("Quoi&#x202F;?");
        assert_eq!(html("Quoi&nbsp;?"), "Quoi\u{202f}?");
        assert_eq!(html("Note&#8239;: fin"), "Note\u{a0}: fin");
        unchanged_html("&laquo;&#160;a&#xA0;&raquo;");
    }

    #[test]
    fn stray_angle_brackets_are_text() {
        assert_eq!(html("a < b : c"), "a < b\u{a0}: c");
        assert_eq!(html("<3 l'a"), "<3 l’a");
        assert_eq!(text("<em>l'a</em>"), "<em>l’a</em>");
        unchanged_html("<a title=\"non fermé l'a");
    }

    // ---- rule 10: idempotence

    #[test]
    fn typeset_text_comes_back_unchanged() {
        unchanged("l’UPEC\u{a0}: «\u{a0}bienvenue\u{a0}»\u{202f}!");
        unchanged("Et puis… 12\u{202f}000\u{a0}€, 50\u{a0}%, 10\u{a0}km – fin\u{202f}?!");
        unchanged("«\u{a0}Il a dit “oui”\u{a0}»");
        unchanged_html("<p><strong>UPEC</strong>\u{a0}: «\u{a0}<em>oui</em>\u{a0}»</p>");
    }

    #[test]
    fn the_reference_example() {
        assert_eq!(
            both("l'UPEC : \"bienvenue\" !"),
            "l’UPEC\u{a0}: «\u{a0}bienvenue\u{a0}»\u{202f}!"
        );
        assert_eq!(
            html("<p>l'UPEC : &quot;bienvenue&quot; !</p>"),
            "<p>l’UPEC\u{a0}: «\u{a0}bienvenue\u{a0}»\u{202f}!</p>"
        );
    }

    #[test]
    fn plain_strings_take_the_fast_path() {
        for input in ["", "Bonjour", "Université Paris-Est", "<p>Texte simple</p>"] {
            if input.contains('-') {
                unchanged(input);
            } else {
                assert!(!needs_work(input.as_bytes()), "{input}");
                unchanged(input);
            }
        }
    }

    #[test]
    fn a_realistic_page() {
        let input = "<h2 id=\"a\">L'UPEC et l'innovation</h2>\n\
            <p>Le <strong>campus</strong> : 12 000 étudiants, 40 % de boursiers...</p>\n\
            <blockquote><p>&quot;Une réussite&quot;, dit-elle. Vraiment?</p></blockquote>\n\
            <pre><code>let x = \"a\";</code></pre>\n";
        let expected = "<h2 id=\"a\">L’UPEC et l’innovation</h2>\n\
            <p>Le <strong>campus</strong>\u{a0}: 12\u{202f}000 étudiants, 40\u{a0}% de boursiers…</p>\n\
            <blockquote><p>«\u{a0}Une réussite\u{a0}», dit-elle. Vraiment\u{202f}?</p></blockquote>\n\
            <pre><code>let x = \"a\";</code></pre>\n";
        assert_eq!(html(input), expected);
        unchanged_html(expected);
    }

    // ---- properties

    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "a", "é", "L", "x", "0", "1", "2", "3", " ", " ", "\u{a0}", "\u{202f}", "\n", "\t",
        ";", ":", "!", "?", "\"", "'", ".", "-", "%", "‰", "«", "»", "“", "”", "’", "…", "—",
        "(", ")", "[", "€", "km", "m²", "°C", "h", "@", "/", "#", "<", ">", "&",
        "<em>", "</em>", "<code>", "</code>", "<p>", "</p>", "<br>", "<pre>", "</pre>",
        "<a href=\"x:y\">", "</a>", "<!--", "-->", "&quot;", "&nbsp;", "&amp;", "&#39;",
        "&#8239;", "https://x.fr", "www.", "mailto:", "a@b.fr", "http", "s://", "w", "min",
        "to:",
    ];

    fn soup_without(max: usize, excluded: &'static [&str]) -> impl Strategy<Value = String> {
        let pieces: Vec<&str> = PIECES
            .iter()
            .copied()
            .filter(|p| !excluded.contains(p))
            .collect();
        prop::collection::vec(prop::sample::select(pieces), 0..max).prop_map(|v| v.concat())
    }

    fn soup(max: usize) -> impl Strategy<Value = String> {
        soup_without(max, &[])
    }

    /// No piece of the soup can form `<code` except the two tags.
    fn code_free(max: usize) -> impl Strategy<Value = String> {
        soup_without(max, &["<code>", "</code>"])
    }

    /// Also without a dangling `<` or `<!--` that would swallow the next
    /// tag (as a browser would), nor a `<pre>` that a `</pre>` inside the
    /// code element would close.
    fn tag_safe(max: usize) -> impl Strategy<Value = String> {
        soup_without(max, &["<code>", "</code>", "<", "<!--", "<pre>", "</pre>"])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn html_is_idempotent(input in soup(60)) {
            let once = typeset_html(&input);
            prop_assert_eq!(typeset_html(&once), once.clone(), "input {:?}", input);
        }

        #[test]
        fn text_is_idempotent(input in soup(60)) {
            let once = typeset_text(&input);
            prop_assert_eq!(typeset_text(&once), once.clone(), "input {:?}", input);
        }

        #[test]
        fn code_content_is_untouched(
            before in tag_safe(20),
            inner in code_free(20),
            after in code_free(20),
        ) {
            let input = format!("{before}<code>{inner}</code>{after}");
            let output = typeset_html(&input);
            let element = format!("<code>{inner}</code>");
            let found = output.find("<code>");
            prop_assert!(found.is_some());
            let at = found.unwrap_or_default();
            prop_assert!(output[at..].starts_with(&element), "{:?} -> {:?}", input, output);
        }

        #[test]
        fn arbitrary_unicode_never_panics(input in "\\PC{0,60}") {
            let once = typeset_html(&input);
            prop_assert_eq!(typeset_html(&once), once.clone());
            let once = typeset_text(&input);
            prop_assert_eq!(typeset_text(&once), once.clone());
        }
    }
}
