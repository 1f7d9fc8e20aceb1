//! French-language helpers: URL slugs and date formatting.

use jiff::civil::Date;

/// Builds a URL slug: lowercase ASCII letters and digits joined by single
/// hyphens, e.g. `Bièvre et l'UPEC : bilan` → `bievre-et-lupec-bilan`.
///
/// Latin letters lose their diacritics (`é` → `e`, `œ` → `oe`, `ß` → `ss`);
/// apostrophes vanish without a separator (`l'UPEC` → `lupec`); emoji,
/// symbols and letters of other scripts are dropped; any other run of
/// punctuation or spaces becomes one `-`. The result matches
/// `^[a-z0-9]+(-[a-z0-9]+)*$` or is empty: the caller decides what an empty
/// slug means.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A separator is only written once the next kept character shows up,
    // which collapses runs and trims both ends for free.
    let mut pending_dash = false;
    for c in text.chars() {
        let piece = slug_piece(c);
        match piece {
            Piece::Skip => continue,
            Piece::Separator => {
                pending_dash = true;
                continue;
            }
            Piece::Letter(_) | Piece::Pair(_) => {}
        }
        if pending_dash && !out.is_empty() {
            out.push('-');
        }
        pending_dash = false;
        match piece {
            Piece::Letter(b) => out.push(char::from(b)),
            Piece::Pair(s) => out.push_str(s),
            Piece::Separator | Piece::Skip => {}
        }
    }
    out
}

/// What one input character contributes to a slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// One lowercase ASCII letter or digit.
    Letter(u8),
    /// A ligature or sharp s spelled with two letters.
    Pair(&'static str),
    /// Punctuation or space: separates words.
    Separator,
    /// Dropped without a trace (apostrophes, emoji, other scripts).
    Skip,
}

/// Base letters for U+00C0..=U+017F (Latin-1 letters and Latin
/// Extended-A), one byte per code point. `*` marks ligatures handled in
/// [`ligature`]; `_` marks the two operators (× ÷) found in that range.
const LATIN: &[u8; 192] = b"aaaaaa*ceeeeiiiidnooooo_ouuuuy**aaaaaa*ceeeeiiiidnooooo_ouuuuy*y\
aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkklllllllllln\
nnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

fn slug_piece(c: char) -> Piece {
    if c.is_ascii_alphanumeric() {
        return Piece::Letter(c.to_ascii_lowercase() as u8);
    }
    match c {
        '\'' | '\u{2018}' | '\u{2019}' | '\u{2bc}' => Piece::Skip,
        _ if c.is_ascii() => Piece::Separator,
        '\u{c0}'..='\u{17f}' => latin_piece(c),
        'Ș' | 'ș' => Piece::Letter(b's'),
        'Ț' | 'ț' => Piece::Letter(b't'),
        'ẞ' => Piece::Pair("ss"),
        'ª' => Piece::Letter(b'a'),
        'º' => Piece::Letter(b'o'),
        '¹' => Piece::Letter(b'1'),
        '²' => Piece::Letter(b'2'),
        '³' => Piece::Letter(b'3'),
        // Soft hyphen, zero-width characters, direction marks, BOM and
        // emoji variation selectors are invisible: keep words glued.
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' => Piece::Skip,
        '\u{fe00}'..='\u{fe0f}' | '\u{feff}' => Piece::Skip,
        // Latin-1 symbols (currency, ©, °, fractions…) are dropped; the
        // remaining Latin-1 punctuation (« » ¡ ¿ § · NBSP) separates.
        '¢' | '£' | '¤' | '¥' | '¦' | '¨' | '©' | '¬' | '®' | '¯' | '°' | '±' | '´' | 'µ' | '¶'
        | '¸' | '¼' | '½' | '¾' => Piece::Skip,
        '\u{80}'..='\u{bf}' => Piece::Separator,
        // General punctuation (dashes, quotes, ellipsis, spaces) and CJK
        // punctuation separate words.
        '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{303f}' => Piece::Separator,
        _ if c.is_whitespace() => Piece::Separator,
        // Letters of other scripts, emoji and symbols cannot be spelled in
        // ASCII without a transliteration table: drop them.
        _ => Piece::Skip,
    }
}

fn latin_piece(c: char) -> Piece {
    let index = c as usize - 0xc0;
    match LATIN[index] {
        b'*' => Piece::Pair(ligature(c)),
        b'_' => Piece::Separator,
        b => Piece::Letter(b),
    }
}

fn ligature(c: char) -> &'static str {
    match c {
        'Æ' | 'æ' => "ae",
        'Œ' | 'œ' => "oe",
        'Þ' | 'þ' => "th",
        'Ĳ' | 'ĳ' => "ij",
        _ => "ss", // ß
    }
}

/// How [`format_date`] writes a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `15 octobre 2023`, `1er octobre 2023`.
    Long,
    /// `lundi 9 octobre 2023`, `dimanche 1er octobre 2023`.
    WithWeekday,
    /// `15/10/2023`, `01/10/2023`.
    Short,
}

/// Reads a style name as written in templates: `long`, `jour` (with the
/// weekday) or `court`.
pub fn parse_date_style(name: &str) -> Option<DateStyle> {
    match name {
        "long" => Some(DateStyle::Long),
        "jour" => Some(DateStyle::WithWeekday),
        "court" => Some(DateStyle::Short),
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// Lowercase French name of a month numbered 1 to 12; empty outside that
/// range (jiff never yields such a month).
pub fn month_name(month: i8) -> &'static str {
    usize::try_from(month)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|m| MONTHS.get(m))
        .copied()
        .unwrap_or("")
}

/// Formats a date the French way. The first day of a month is written
/// `1er` in the long styles; numbers are never padded there.
pub fn format_date(date: Date, style: DateStyle) -> String {
    let day = date.day();
    let year = date.year();
    let month = date.month();
    let ordinal = if day == 1 { "er" } else { "" };
    match style {
        DateStyle::Short => format!("{day:02}/{month:02}/{year}"),
        DateStyle::Long => format!("{day}{ordinal} {} {year}", month_name(month)),
        DateStyle::WithWeekday => {
            let weekday = WEEKDAYS[date.weekday().to_monday_zero_offset() as usize];
            format!("{weekday} {day}{ordinal} {} {year}", month_name(month))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn is_slug(s: &str) -> bool {
        !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }

    #[test]
    fn slug_of_a_real_title() {
        assert_eq!(
            slugify(
                "Grand-Orly Seine Bièvre et l'UPEC : un engagement renouvelé pour la \
                 formation et l'innovation"
            ),
            "grand-orly-seine-bievre-et-lupec-un-engagement-renouvele-pour-la-formation-et-\
             linnovation"
        );
    }

    #[test]
    fn slug_lowercases_ascii() {
        assert_eq!(slugify("Hello World 2024"), "hello-world-2024");
    }

    #[test]
    fn slug_strips_french_accents() {
        assert_eq!(
            slugify("À la fête, ça côtoie l'été naïf où Noël dîne"),
            "a-la-fete-ca-cotoie-lete-naif-ou-noel-dine"
        );
        assert_eq!(slugify("ÉÈÊËÀÂÄÎÏÔÖÙÛÜŸÇ"), "eeeeaaaiioouuuyc");
    }

    #[test]
    fn slug_strips_european_accents() {
        assert_eq!(slugify("Dvořák Łódź Ærø Øre"), "dvorak-lodz-aero-ore");
        assert_eq!(slugify("Ñandú São Tomé"), "nandu-sao-tome");
        assert_eq!(slugify("Şişli Ștefan Țară Ğ"), "sisli-stefan-tara-g");
        assert_eq!(slugify("Erdős Kővári Đorđe Ħal"), "erdos-kovari-dorde-hal");
    }

    #[test]
    fn slug_spells_ligatures() {
        assert_eq!(
            slugify("Œuvre cœur ÆGIS ex æquo"),
            "oeuvre-coeur-aegis-ex-aequo"
        );
        assert_eq!(slugify("Straße ẞ Þór"), "strasse-ss-thor");
        assert_eq!(slugify("Ĳssel"), "ijssel");
    }

    #[test]
    fn slug_drops_apostrophes_without_separator() {
        assert_eq!(slugify("l'UPEC"), "lupec");
        assert_eq!(slugify("aujourd’hui"), "aujourdhui");
        assert_eq!(slugify("l‘arbre"), "larbre");
        assert_eq!(slugify("lʼîle"), "lile");
    }

    #[test]
    fn slug_drops_emoji_and_symbols() {
        assert_eq!(slugify("Fête 🎉 de la musique"), "fete-de-la-musique");
        assert_eq!(slugify("Bravo👏🏽!"), "bravo");
        assert_eq!(slugify("Marque® déposée © 2024"), "marque-deposee-2024");
        assert_eq!(slugify("40 € et 20 %"), "40-et-20");
        assert_eq!(slugify("❤️ Paris"), "paris");
    }

    #[test]
    fn slug_drops_other_scripts() {
        assert_eq!(slugify("Москва 2024"), "2024");
        assert_eq!(slugify("東京 Tokyo"), "tokyo");
        assert_eq!(slugify("Ελλάδα"), "");
    }

    #[test]
    fn slug_collapses_and_trims_separators() {
        assert_eq!(
            slugify("  --Bonjour,   le   monde !--  "),
            "bonjour-le-monde"
        );
        assert_eq!(slugify("« Citation » — suite…"), "citation-suite");
        assert_eq!(slugify("a/b\\c_d.e"), "a-b-c-d-e");
        assert_eq!(slugify("mot\u{a0}:\u{202f}fin"), "mot-fin");
    }

    #[test]
    fn slug_ignores_invisible_characters() {
        assert_eq!(slugify("co\u{ad}opé\u{200b}ration"), "cooperation");
    }

    #[test]
    fn slug_may_be_empty() {
        assert_eq!(slugify(""), "");
        assert_eq!(slugify(" !?… "), "");
        assert_eq!(slugify("🎉"), "");
    }

    #[test]
    fn latin_table_covers_its_range() {
        assert_eq!(LATIN.len(), 0x180 - 0xc0);
        for c in '\u{c0}'..='\u{17f}' {
            let piece = slug_piece(c);
            let expected_separator = c == '×' || c == '÷';
            assert_eq!(piece == Piece::Separator, expected_separator, "{c}");
        }
        assert_eq!(slug_piece('ÿ'), Piece::Letter(b'y'));
        assert_eq!(slug_piece('ſ'), Piece::Letter(b's'));
        assert_eq!(slug_piece('Ž'), Piece::Letter(b'z'));
        assert_eq!(slug_piece('Ÿ'), Piece::Letter(b'y'));
        assert_eq!(slug_piece('İ'), Piece::Letter(b'i'));
        assert_eq!(slug_piece('ŉ'), Piece::Letter(b'n'));
    }

    proptest! {
        #[test]
        fn slugify_output_is_a_stable_slug(text in "\\PC{0,40}") {
            let slug = slugify(&text);
            prop_assert!(is_slug(&slug), "{:?} -> {:?}", text, slug);
            prop_assert_eq!(slugify(&slug), slug.clone());
        }

        #[test]
        fn slugify_handles_french_titles(
            text in "[a-zA-Zéèêàçœ’' :;!?«»0-9\u{a0}\u{202f}-]{0,40}"
        ) {
            let slug = slugify(&text);
            prop_assert!(is_slug(&slug), "{:?} -> {:?}", text, slug);
            prop_assert_eq!(slugify(&slug), slug.clone());
        }
    }

    #[test]
    fn date_styles_parse_from_french_names() {
        assert_eq!(parse_date_style("long"), Some(DateStyle::Long));
        assert_eq!(parse_date_style("jour"), Some(DateStyle::WithWeekday));
        assert_eq!(parse_date_style("court"), Some(DateStyle::Short));
        assert_eq!(parse_date_style("short"), None);
        assert_eq!(parse_date_style(""), None);
    }

    #[test]
    fn month_names() {
        assert_eq!(month_name(1), "janvier");
        assert_eq!(month_name(2), "février");
        assert_eq!(month_name(8), "août");
        assert_eq!(month_name(12), "décembre");
        assert_eq!(month_name(0), "");
        assert_eq!(month_name(13), "");
        assert_eq!(month_name(-1), "");
    }

    #[test]
    fn long_dates() {
        assert_eq!(
            format_date(date(2023, 10, 15), DateStyle::Long),
            "15 octobre 2023"
        );
        assert_eq!(
            format_date(date(2023, 10, 1), DateStyle::Long),
            "1er octobre 2023"
        );
        assert_eq!(
            format_date(date(2024, 2, 9), DateStyle::Long),
            "9 février 2024"
        );
    }

    #[test]
    fn dates_with_weekday() {
        assert_eq!(
            format_date(date(2023, 10, 9), DateStyle::WithWeekday),
            "lundi 9 octobre 2023"
        );
        assert_eq!(
            format_date(date(2023, 10, 1), DateStyle::WithWeekday),
            "dimanche 1er octobre 2023"
        );
        assert_eq!(
            format_date(date(2024, 8, 31), DateStyle::WithWeekday),
            "samedi 31 août 2024"
        );
    }

    #[test]
    fn short_dates() {
        assert_eq!(
            format_date(date(2023, 10, 15), DateStyle::Short),
            "15/10/2023"
        );
        assert_eq!(
            format_date(date(2023, 3, 1), DateStyle::Short),
            "01/03/2023"
        );
    }
}
