//! Byte-level scanning of the source: characters, letters, stretches of
//! plain words.

/// The character starting at `at`, a character boundary.
#[inline(always)]
pub(super) fn char_at(src: &str, at: usize) -> char {
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
pub(super) fn letters_end(src: &str, mut at: usize) -> usize {
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
/// ending at `from`, if there is one. See
/// [`Typographer::text`](super::engine::Typographer::text).
#[inline(always)]
pub(super) fn stretch(src: &str, from: usize) -> Option<(usize, usize)> {
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
    // A space typed before a comma is for the gap rules to see: the
    // stretch stops before it.
    if let Some(space) = bytes[from..end].windows(2).position(|w| w == b" ,") {
        end = from + space;
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
pub(super) fn ascii_prose(x: u64) -> usize {
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
/// U+017F but × and ÷ — which otherwise take a slow Unicode table lookup;
/// and for the signs French text is full of: Latin-1's (no-break space,
/// « », where only ª, µ and º are letters) and the general punctuation
/// (U+2000 to U+206F: thin spaces, ’, —, …), where none is.
pub(super) fn is_alphabetic(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{c0}'..='\u{17f}' => c != '×' && c != '÷',
        '\u{80}'..='\u{bf}' => matches!(c, 'ª' | 'µ' | 'º'),
        '\u{2000}'..='\u{206f}' => false,
        _ => !c.is_ascii() && c.is_alphabetic(),
    }
}

/// `char::is_alphanumeric` with the same shortcut: no character in that
/// Latin range is numeric.
pub(super) fn is_alphanumeric(c: char) -> bool {
    match c {
        '0'..='9' | '\u{c0}'..='\u{17f}' => is_alphabetic(c) || c.is_ascii_digit(),
        // Latin-1's ², ³, ¹, ¼, ½, ¾ are numeric; no general punctuation is.
        '\u{80}'..='\u{bf}' => is_alphabetic(c) || c.is_numeric(),
        '\u{2000}'..='\u{206f}' => false,
        _ => is_alphabetic(c) || (!c.is_ascii() && c.is_numeric()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_agree_with_unicode() {
        for c in ('\0'..='\u{2fff}').chain(['\u{1d400}', '\u{ff10}']) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
