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
//! again. While a run's items are pushed, the characters that can make a
//! rule fire are noted: the passes visit only those items and their
//! neighbours, a pass whose triggers are absent is skipped, and a run
//! without any is copied whole.

/// Whether an item is a character of text matching the pattern. A
/// `matches!` compiles to a few comparisons where `[char]::contains` loops;
/// the rules ask this of nearly every item.
macro_rules! is_any {
    ($item:expr, $pattern:pat) => {{
        let item: &Item = &$item;
        item.kind == Kind::Char && matches!(item.ch, $pattern)
    }};
}

mod links;
mod markup;
#[cfg(test)]
mod tests;

use std::cell::Cell;

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
    typeset_plain(text, true)
}

/// [`typeset_text`] on a text that may need work.
/// `stand_ins` is false only in tests (see [`Typographer::text`]).
fn typeset_plain(text: &str, stand_ins: bool) -> String {
    let mut typographer = Typographer::new(text, false, stand_ins);
    let mut at = 0;
    while at < text.len() {
        at = typographer.text(at);
    }
    typographer.finish()
}

/// Applies French typography to the text nodes of an HTML fragment, keeping
/// tags, attributes, comments, entities and the content of `code`, `pre`,
/// `kbd`, `samp`, `script`, `style`, `textarea`, `math` and `svg` intact.
/// Inline tags are transparent to the rules; block-level tags end a run.
pub fn typeset_html(html: &str) -> String {
    typeset_markup(html, true)
}

fn typeset_markup(html: &str, stand_ins: bool) -> String {
    if !needs_work(html.as_bytes()) || u32::try_from(html.len()).is_err() {
        return html.to_owned();
    }
    let mut typographer = Typographer::new(html, true, stand_ins);
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
            b' ' => {
                typographer.space(at);
                at += 1;
                continue;
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
        at = typographer.text(at);
    }
    typographer.finish()
}

/// The character starting at `at`, a character boundary.
#[inline(always)]
fn char_at(src: &str, at: usize) -> char {
    let b = src.as_bytes()[at];
    if b.is_ascii() {
        char::from(b)
    } else {
        src[at..]
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER)
    }
}

/// End of the letters starting at `at`.
#[inline(always)]
fn letters_end(src: &str, mut at: usize) -> usize {
    loop {
        match letter_len(src, at) {
            0 => return at,
            len => at += len,
        }
    }
}

/// Length of the letter at `at`, or 0 if there is none.
#[inline(always)]
fn letter_len(src: &str, at: usize) -> usize {
    let bytes = src.as_bytes();
    match bytes.get(at) {
        Some(b'a'..=b'z' | b'A'..=b'Z') => 1,
        Some(b) if b.is_ascii() => 0,
        // French letters are two bytes, C3 80 to C5 BF (U+00C0 to
        // U+017F), all of them letters but × and ÷ (C3 97, C3 B7).
        Some(0xc4 | 0xc5) => 2,
        Some(0xc3) if !matches!(bytes.get(at + 1), Some(0x97 | 0xb7)) => 2,
        Some(_) => match src[at..].chars().next() {
            Some(c) if is_alphabetic(c) => c.len_utf8(),
            _ => 0,
        },
        None => 0,
    }
}

/// The last word of the stretch of words, spaces and commas after the word
/// ending at `from`, if there is one. See [`Typographer::text`].
#[inline(always)]
fn stretch(src: &str, from: usize) -> Option<(usize, usize)> {
    // Most words are followed by something else, which the next two bytes
    // tell inline: a stretch starts with a separator, then a separator or
    // a letter.
    match src.as_bytes().get(from..from + 2)? {
        [
            b' ' | b',',
            b' ' | b',' | b'a'..=b'z' | b'A'..=b'Z' | 0x80..,
        ] => stretch_end(src, from),
        _ => None,
    }
}

/// [`stretch`] after a separator followed by a separator or a letter.
fn stretch_end(src: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = src.as_bytes();
    let separator = |b: &u8| *b == b' ' || *b == b',';
    // Where the stretch ends: ASCII eight bytes at a time (most of prose),
    // other letters one at a time, back to eight at a time right after.
    let mut end = from;
    loop {
        if let Some(chunk) = bytes[end..].first_chunk() {
            let prose = ascii_prose(u64::from_le_bytes(*chunk));
            end += prose;
            if prose == 8 {
                continue;
            }
        }
        end += match bytes.get(end) {
            Some(b' ' | b',') => 1,
            _ => match letter_len(src, end) {
                0 => break,
                len => len,
            },
        };
    }
    // Its last word, found backwards: past the separators that end the
    // stretch, up to the one before the word (every byte of a stretch
    // that is no separator belongs to a letter).
    let word_end = from + bytes[from..end].iter().rposition(|b| !separator(b))? + 1;
    let word = from + bytes[from..word_end].iter().rposition(separator)? + 1;
    Some((word, word_end))
}

/// How many of the eight bytes of `x`, from the first, are ASCII letters,
/// spaces or commas. Each byte's high bit is computed from its low seven
/// bits, which no addition here carries out of: folded to lower case, a
/// letter is from 0x61 (adding 0x1f reaches 0x80) to 0x7a (adding 0x05
/// stays below it); a space or a comma XORed with itself is 0 (adding
/// 0x7f stays below 0x80).
fn ascii_prose(x: u64) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let each = |byte: u8| u64::from(byte) * 0x0101_0101_0101_0101;
    let low = x & !HIGH;
    let folded = low | each(0x20);
    let letter = (folded + each(0x1f)) & !(folded + each(0x05));
    let space = !((low ^ each(b' ')) + each(0x7f));
    let comma = !((low ^ each(b',')) + each(0x7f));
    let prose = (letter | space | comma) & !x & HIGH;
    (!prose & HIGH).trailing_zeros() as usize / 8
}

/// `char::is_alphabetic`, answering directly for ASCII and for the Latin-1
/// and Latin Extended-A letters of French (é, ç, œ…) — all of U+00C0 to
/// U+017F but × and ÷ — which otherwise take a slow Unicode table lookup.
fn is_alphabetic(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{c0}'..='\u{17f}' => c != '×' && c != '÷',
        _ => !c.is_ascii() && c.is_alphabetic(),
    }
}

/// `char::is_alphanumeric` with the same shortcut: no character in that
/// Latin range is numeric.
fn is_alphanumeric(c: char) -> bool {
    match c {
        '0'..='9' | '\u{c0}'..='\u{17f}' => is_alphabetic(c) || c.is_ascii_digit(),
        _ => is_alphabetic(c) || (!c.is_ascii() && c.is_numeric()),
    }
}

/// Cheap pre-scan: can any rule fire at all? Most short strings (names,
/// dates, labels) skip the whole machinery.
///
/// A hyphen inside a word (Grand-Orly, frequent in names) cannot become a
/// dash, which wants spaces around it. Without another trigger, only a
/// digit could still make a rule fire in such a string — when followed by
/// a space this scan does not look for (a form feed, U+3000…) — so the
/// string is typeset as before if it has one.
fn needs_work(bytes: &[u8]) -> bool {
    let (mut word_hyphen, mut digit) = (false, false);
    for (at, &b) in bytes.iter().enumerate() {
        // Letters, spaces and most of UTF-8 fail this first, cheap test.
        if !matches!(b, b'!'..=b'?' | 0xc2) {
            continue;
        }
        let next = bytes.get(at + 1).copied();
        let alphanumeric = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
        let triggers = match b {
            b'-' if alphanumeric(at.checked_sub(1).map(|before| bytes[before]))
                && alphanumeric(next) =>
            {
                word_hyphen = true;
                false
            }
            b';' | b':' | b'!' | b'?' | b'"' | b'\'' | b'%' | b'-' | b'&' => true,
            b'.' => next == Some(b'.'),
            // « and » are C2 AB and C2 BB in UTF-8.
            0xc2 => matches!(next, Some(0xab | 0xbb)),
            // A digit followed by a space (ASCII, or a multi-byte one
            // starting with C2 or E2): digit groups and units.
            b'0'..=b'9' => {
                digit = true;
                matches!(next, Some(b' ' | b'\t' | b'\n' | b'\r' | 0xc2 | 0xe2))
            }
            _ => false,
        };
        if triggers {
            return true;
        }
    }
    word_hyphen && digit
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
        self.kind == Kind::Opaque || (self.kind == Kind::Char && is_alphanumeric(self.ch))
    }
    fn is_letter(&self) -> bool {
        self.kind == Kind::Opaque || (self.kind == Kind::Char && is_alphabetic(self.ch))
    }
    fn is_digit(&self) -> bool {
        self.kind == Kind::Char && self.ch.is_ascii_digit()
    }
    fn is_opening(&self) -> bool {
        is_any!(self, '(' | '[' | '{' | '«' | '“' | '‘')
    }
}

/// The passes a run needs, as a set of bits: each is set when a character
/// that can make one of its rules fire is pushed, and that item is marked.
/// No rule fires away from a marked item (see [`Typographer::note`]), so
/// the passes visit the marks only and a pass without its bit is skipped.
type Triggers = u8;
/// A `"` (pairing, and the guillemets' spaces).
const QUOTES: Triggers = 1;
/// A `'`, a `-`, or a `.` after a `.`.
const WORDS: Triggers = 2;
/// A `; ! ? : « »`, or a digit followed by a space, `%` or `‰` (the digit
/// is marked).
const GAPS: Triggers = 4;
/// A `@`, or the `://`, `www.` or `mailto:` of a URL: links to protect.
/// Not marked: `protect_links` visits every item, rarely.
const LINKS: Triggers = 8;

/// The buffers of a [`Typographer`], empty between runs.
#[derive(Default)]
struct Buffers {
    items: Vec<Item>,
    /// Indices of the run's marked items, in order.
    marks: Vec<u32>,
    /// Stacks for quote pairing.
    openers: Vec<usize>,
    styles: Vec<bool>,
}

thread_local! {
    /// Buffers kept from one call to the next: a build typesets thousands
    /// of short strings (titles, names), and allocating the buffers anew
    /// cost as much as typesetting them.
    static BUFFERS: Cell<Buffers> = Cell::default();
}

/// Buffers that grew larger than this many items (a huge run) are freed
/// rather than kept for the thread's lifetime.
const KEPT_ITEMS: usize = 1 << 16;

/// Collects the items of one run, then typesets and writes it out.
struct Typographer<'a> {
    src: &'a str,
    html: bool,
    /// Whether stretches of words become stand-ins; see [`Typographer::text`].
    stand_ins: bool,
    out: String,
    /// End of the source written out so far: untouched text and markup are
    /// copied in one piece up to the next edit.
    copied: usize,
    buffers: Buffers,
    /// Triggers among the run's items so far.
    triggers: Triggers,
    /// Index of the last visible item of the run if it is a digit.
    digit: Option<u32>,
}

impl<'a> Typographer<'a> {
    fn new(src: &'a str, html: bool, stand_ins: bool) -> Self {
        Typographer {
            src,
            html,
            stand_ins,
            out: String::with_capacity(src.len() + src.len() / 16),
            copied: 0,
            buffers: BUFFERS.take(),
            triggers: 0,
            digit: None,
        }
    }

    /// Offsets fit in `u32`: callers reject longer inputs.
    #[inline]
    fn push(&mut self, start: usize, end: usize, ch: char, kind: Kind) {
        match kind {
            Kind::Char => self.note(start, end, ch),
            Kind::Opaque => self.digit = None,
            // Markup is transparent: a digit before it is still last.
            Kind::Markup => {}
        }
        self.item(start, end, ch, kind);
    }

    /// Pushes an ASCII space, the most frequent item after words: what
    /// [`Typographer::note`] does for it, without the dispatch.
    #[inline(always)]
    fn space(&mut self, at: usize) {
        if let Some(digit) = self.digit.take() {
            self.mark(GAPS, digit);
        }
        self.item(at, at + 1, ' ', Kind::Char);
    }

    /// Records triggers, and the item where they can make a rule fire.
    #[inline(always)]
    fn mark(&mut self, triggers: Triggers, index: u32) {
        self.triggers |= triggers;
        self.buffers.marks.push(index);
    }

    /// Pushes an item that needs no noting.
    #[inline(always)]
    fn item(&mut self, start: usize, end: usize, ch: char, kind: Kind) {
        self.buffers.items.push(Item {
            start: start as u32,
            end: end as u32,
            ch,
            kind,
            edit: Edit::Keep,
            ins: None,
        });
    }

    /// Notes the triggers of a character item about to be pushed, and marks
    /// the item where a rule can fire. Each rule needs one of these:
    /// pairing a `"`; the apostrophe, the en dash and the ellipsis (whose
    /// second dot is marked) their character; a gap decision a `; ! ? :`
    /// or a `»` (possibly a paired `"`) on its right, a `«` (the same) on
    /// its left, or a digit on its left followed by a space, `%` or `‰`.
    #[inline(always)]
    fn note(&mut self, start: usize, end: usize, ch: char) {
        let index = self.buffers.items.len() as u32;
        let digit = std::mem::replace(&mut self.digit, ch.is_ascii_digit().then_some(index));
        let src = self.src.as_bytes();
        let (triggers, mark) = match ch {
            '"' => (QUOTES, index),
            '\'' | '-' => (WORDS, index),
            '.' if self.buffers.items.last().is_some_and(|it| it.is('.')) => (WORDS, index),
            // The URL prefixes end with `.` or `:`, and their bytes are text
            // items: `url_span` matches them in the source.
            '.' if start >= 3 && src[start - 3..start].eq_ignore_ascii_case(b"www") => {
                self.triggers |= LINKS;
                return;
            }
            ':' => {
                let url = src[end..].starts_with(b"//")
                    || (start >= 6 && src[start - 6..start].eq_ignore_ascii_case(b"mailto"));
                (GAPS | if url { LINKS } else { 0 }, index)
            }
            ';' | '!' | '?' | '«' | '»' => (GAPS, index),
            '@' => {
                self.triggers |= LINKS;
                return;
            }
            _ => match digit {
                Some(digit) if ch == '%' || ch == '‰' || ch.is_whitespace() => (GAPS, digit),
                _ => return,
            },
        };
        self.mark(triggers, mark);
    }

    /// Pushes the text at `at` and returns where the next item starts.
    ///
    /// A run of letters is one item: no rule looks inside a word. The
    /// item's `ch` is the first letter; rules that need the spelling (units,
    /// URLs) read the source.
    ///
    /// After a word, the words, spaces and commas that follow, up to the
    /// last of those words, become a single space item, a stand-in: prose
    /// is mostly such stretches, and nothing in them can change. Every rule
    /// looks at a marked item's neighbours and stops at the first word on
    /// either side, which stays a real item, or scans only digits; the
    /// scans that go on through words (an entity's name before `;`, an
    /// e-mail's local part) stop at a space or a comma, as they do at the
    /// stand-in, and a unit must not be followed by a word, which neither a
    /// space, a comma nor the stand-in is. URLs do run through commas: once
    /// a URL prefix appears, the run's remaining text is itemized in full.
    #[inline(always)]
    fn text(&mut self, at: usize) -> usize {
        // ASCII, most of the text, skips the decoding and the letter table.
        let b = self.src.as_bytes()[at];
        let (c, end, letter) = if b.is_ascii() {
            (char::from(b), at + 1, b.is_ascii_alphabetic())
        } else {
            let c = char_at(self.src, at);
            (c, at + c.len_utf8(), is_alphabetic(c))
        };
        if !letter {
            self.push(at, end, c, Kind::Char);
            return end;
        }
        // Words trigger nothing (see `note`) and are no digit.
        self.digit = None;
        let end = letters_end(self.src, end);
        self.item(at, end, c, Kind::Char);
        if !self.stand_ins || self.triggers & LINKS != 0 {
            return end;
        }
        let Some((word, word_end)) = stretch(self.src, end) else {
            return end;
        };
        self.item(end, word, ' ', Kind::Char);
        self.item(word, word_end, char_at(self.src, word), Kind::Char);
        word_end
    }

    fn markup(&mut self, start: usize, end: usize, class: Class) {
        match class {
            Class::Inline => self.push(start, end, OPAQUE, Kind::Markup),
            Class::InlineProtected => self.push(start, end, OPAQUE, Kind::Opaque),
            Class::Block => self.flush(),
        }
    }

    /// Typesets the run and writes out its edits; the source between edits
    /// is copied when the next edit, or the end, comes.
    fn flush(&mut self) {
        let triggers = std::mem::take(&mut self.triggers);
        self.digit = None;
        if !self.buffers.marks.is_empty() {
            self.typeset_run(triggers);
        }
        self.buffers.items.clear();
        self.buffers.marks.clear();
    }

    fn typeset_run(&mut self, triggers: Triggers) {
        let (items, marks) = (&mut self.buffers.items[..], &self.buffers.marks[..]);
        if triggers & LINKS != 0 {
            protect_links(items, self.src);
        }
        if triggers & QUOTES != 0 {
            pair_quotes(
                items,
                marks,
                &mut self.buffers.openers,
                &mut self.buffers.styles,
            );
        }
        if triggers & WORDS != 0 {
            word_rules(items, marks);
        }
        // Paired quotes become guillemets, which take spaces.
        if triggers & (GAPS | QUOTES) != 0 {
            gap_rules(items, marks, self.src, self.html);
        }
        // Write the edits, each after the source that precedes it.
        for item in items
            .iter()
            .filter(|it| it.ins.is_some() || it.edit != Edit::Keep)
        {
            self.out
                .push_str(&self.src[self.copied..item.start as usize]);
            if let Some(c) = item.ins {
                self.out.push(c);
            }
            self.copied = match item.edit {
                Edit::Keep => item.start as usize,
                Edit::Put(c) => {
                    self.out.push(c);
                    item.end as usize
                }
                Edit::Drop => item.end as usize,
            };
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.out.push_str(&self.src[self.copied..]);
        if self.buffers.items.capacity() <= KEPT_ITEMS {
            BUFFERS.set(self.buffers);
        }
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

// ---------------------------------------------------------------- words

/// Rules that change one visible character: apostrophe, ellipsis, dash.
fn word_rules(items: &mut [Item], marks: &[u32]) {
    // Dot runs already judged end before this index.
    let mut judged = 0;
    for at in marks.iter().map(|&at| at as usize) {
        match items[at].ch {
            _ if items[at].kind != Kind::Char => {}
            '\'' if between_letters(items, at) => items[at].edit = Edit::Put('’'),
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
/// per gap, so two rules never fight over the same spaces. [`decide`] does
/// nothing unless the gap has a `» ; ! ? :` on its right or a `«` or a
/// digit on its left, all marked (an unmarked digit's gap has no space,
/// nor `%` on its right: nothing to decide). The gaps are visited in order,
/// so that digit chains are still judged from their first gap.
fn gap_rules(items: &mut [Item], marks: &[u32], src: &str, html: bool) {
    let mut chain: Chain = None;
    // The right end of the last gap decided: a gap between two marks is
    // reached from both.
    let mut decided = None;
    for at in marks.iter().map(|&at| at as usize) {
        let item = items[at];
        if is_any!(item, '»' | ';' | '!' | '?' | ':')
            && decided.is_none_or(|decided| at > decided)
            && let Some(left) = items[..at].iter().rposition(Item::is_solid)
        {
            decided = Some(at);
            apply_gap(items, src, left, at, html, &mut chain);
        }
        if (item.is('«') || item.is_digit())
            && let Some(offset) = items[at + 1..].iter().position(Item::is_solid)
        {
            let right = at + 1 + offset;
            decided = Some(right);
            apply_gap(items, src, at, right, html, &mut chain);
        }
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
    if is_any!(b, ';' | '!' | '?') {
        return mark_gap(items, left, right, spaces, html).then_some((NNBSP, Anchor::Right));
    }
    if b.is(':') {
        return colon_gap(items, left, right, spaces).then_some((NBSP, Anchor::Right));
    }
    if !a.is_digit() {
        return None;
    }
    if is_any!(b, '%' | '‰') {
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
    next.is_none_or(|n| n.is_markup() || n.is_space() || is_any!(n, '?' | '!' | '»' | ')'))
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
