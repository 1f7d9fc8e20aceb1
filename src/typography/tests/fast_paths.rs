//! The fast paths: each must give what the full machinery gives.

use super::*;

#[test]
fn latin_shortcuts_agree_with_unicode() {
    for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
        assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
    }
}

#[test]
fn letters_end_where_the_letters_do() {
    let naive = |s: &str| s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
    for c in (0..0x3000)
        .chain([0x1f600, 0x10ffff])
        .filter_map(char::from_u32)
    {
        for word in [format!("a{c}b"), format!("é{c}"), format!("{c}")] {
            assert_eq!(letters_end(&word, 0), naive(&word), "{word:?}");
        }
    }
}

#[test]
fn ascii_prose_counts_letters_spaces_and_commas() {
    let prose = |b: u8| b.is_ascii_alphabetic() || b == b' ' || b == b',';
    for (first, second) in [(0, 1), (3, 7)] {
        for a in 0..=u8::MAX {
            for b in 0..=u8::MAX {
                let mut bytes = *b"abcXYZ ,";
                bytes[first] = a;
                bytes[second] = b;
                let expected = bytes.iter().position(|&b| !prose(b)).unwrap_or(8);
                assert_eq!(
                    ascii_prose(u64::from_le_bytes(bytes)),
                    expected,
                    "{bytes:?}"
                );
            }
        }
    }
}

/// Stretches of words between the characters that matter become one
/// stand-in item; these are the rules that look past a word.
#[test]
fn stand_ins_keep_links_entities_and_units() {
    assert_eq!(
        both("Voir le site https://exemple.fr/a,b c ; fin"),
        "Voir le site https://exemple.fr/a,b c\u{202f}; fin"
    );
    assert_eq!(
        both("Écrire à jean.dupont@exemple.fr, merci ; fin"),
        "Écrire à jean.dupont@exemple.fr, merci\u{202f}; fin"
    );
    assert_eq!(
        both("mot, www.exemple.fr, mot ; fin"),
        "mot, www.exemple.fr, mot\u{202f}; fin"
    );
    assert_eq!(
        both("texte, mailto:a@b.fr, texte ; fin"),
        "texte, mailto:a@b.fr, texte\u{202f}; fin"
    );
    unchanged("les mots, puis &amp; fin");
    assert_eq!(
        both("Il fait 10 km de long, et plus ; oui"),
        "Il fait 10\u{a0}km de long, et plus\u{202f}; oui"
    );
    assert_eq!(
        both("Il a 1 m, deux ; trois"),
        "Il a 1\u{a0}m, deux\u{202f}; trois"
    );
    assert_eq!(
        both("Il a 10 m’a dit ; non"),
        "Il a 10\u{a0}m’a dit\u{202f}; non"
    );
    unchanged("Hub innovation Grand-Orly Seine Bièvre");
}

#[test]
fn word_hyphens_alone_need_no_work_unless_a_digit_is_there() {
    assert!(!needs_work(b"Grand-Orly Seine Bi\xc3\xa8vre"));
    assert!(needs_work(b"Grand-Orly 10 km"));
    // A form feed is a space the pre-scan does not look for.
    assert_eq!(both("Grand-Orly 10\u{c}km"), "Grand-Orly 10\u{a0}km");
    assert!(needs_work(b"a - b"));
    assert!(needs_work(b"<!-- x -->"));
}

#[test]
fn marks_found_through_entities_and_markup() {
    assert_eq!(html("un &#46;&#46;&#46; deux"), "un … deux");
    assert_eq!(
        html("Il a 10<b> km</b> ; oui"),
        "Il a 10<b>\u{a0}km</b>\u{202f}; oui"
    );
    assert_eq!(both("voir www.x.fr... et"), "voir www.x.fr… et");
    assert_eq!(
        html("<p>Texte simple</p>\n<p>Oui ?</p>"),
        "<p>Texte simple</p>\n<p>Oui\u{202f}?</p>"
    );
}
