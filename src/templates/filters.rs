//! Our Tera filters: `typo` (French typography of a text), `date_fr`
//! (French dates) and `lien` (site paths under the base URL).

use std::cell::Cell;

use tera::{Kwargs, State, Tera, Value};

use super::memo::{Filter, memoized, typeset_value};
use crate::french::{DateStyle, format_date, parse_date_style};
use crate::model::Date;
use crate::typography::typeset_text;
use crate::urls::BaseUrl;

thread_local! {
    /// Whether the page being rendered on this thread allows typography
    /// (`typographie: false` in its front matter turns it off). Set around
    /// each render: reading the page's variable from the `State` instead
    /// cost a hash lookup per `typo` call, tens of thousands per build.
    static PAGE_TYPOGRAPHY: Cell<bool> = const { Cell::new(true) };
}

/// Runs `render` with the page's typography switch seen by `typo`.
pub(super) fn with_page_typography<T>(allowed: bool, render: impl FnOnce() -> T) -> T {
    let outer = PAGE_TYPOGRAPHY.replace(allowed);
    let result = render();
    PAGE_TYPOGRAPHY.set(outer);
    result
}

pub(super) fn register_filters(tera: &mut Tera, base: BaseUrl, typography: bool) {
    tera.register_filter("typo", move |text: &str, _: Kwargs, _: &State| {
        if typography && PAGE_TYPOGRAPHY.get() {
            typeset_value(text)
        } else {
            Value::from(text)
        }
    });
    tera.register_filter(
        "date_fr",
        move |text: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let style = match kwargs.get::<&str>("style")? {
                Some(name) => parse_date_style(name).ok_or_else(|| {
                    tera::Error::message(format!(
                        "style de date inconnu « {name} » (long, jour ou court)"
                    ))
                })?,
                None => DateStyle::Long,
            };
            let date = Date::parse(text).ok_or_else(|| {
                tera::Error::message(format!(
                    "date_fr attend une date AAAA-MM-JJ, pas « {text} »"
                ))
            })?;
            let date = format_date(date.0, style);
            // Typeset like any visible text: « 9 octobre » and « 1er juin »
            // hold together (the rules join a number, not an ordinal).
            Ok(if typography && PAGE_TYPOGRAPHY.get() {
                typeset_text(&date.replacen("1er ", "1er\u{a0}", 1))
            } else {
                date
            })
        },
    );
    tera.register_filter("tel", |number: &str, _: Kwargs, _: &State| {
        international_phone(number)
    });
    tera.register_filter("json", |text: &str, _: Kwargs, _: &State| {
        memoized(Filter::Json, text, json_string)
    });
    tera.register_filter("sans_ancres", |html: &str, _: Kwargs, _: &State| {
        crate::markdown::without_anchors(html)
    });
    tera.register_filter("insecable", |text: &str, _: Kwargs, _: &State| {
        memoized(Filter::Unbreakable, text, unbreakable_hyphens)
    });
    tera.register_filter(
        "couper",
        |text: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let length = kwargs.get::<usize>("longueur")?.unwrap_or(160);
            Ok(cut_at_word(text, length))
        },
    );
    tera.register_filter(
        "lien",
        move |path: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let absolute = kwargs.get::<bool>("absolu")?.unwrap_or(false);
            Ok(if absolute {
                base.absolute(path)
            } else {
                base.link(path)
            })
        },
    );
}

/// A phone number as a `tel:` link wants it: digits only, in international
/// form (`01 78 18 22 22` → `+33178182222`; a French number starts with
/// one 0 and has ten digits; a number written with `+` keeps its own).
fn international_phone(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if number.trim_start().starts_with('+') {
        format!("+{digits}")
    } else if digits.len() == 10 && digits.starts_with('0') && !digits.starts_with("00") {
        format!("+33{}", &digits[1..])
    } else {
        digits
    }
}

/// `text` escaped for HTML, each hyphenated word (`Grand-Orly`,
/// `Vitry-sur-Seine`) in a `<span class="insecable">` the theme keeps on
/// one line: the text stays the same characters, so it is found by a
/// search and read as written (a U+2011 hyphen would be neither). Use as
/// `{{ nom | typo | insecable | safe }}`, in text only (not attributes).
fn unbreakable_hyphens(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 32);
    for (index, word) in text.split(' ').enumerate() {
        if index > 0 {
            html.push(' ');
        }
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let hyphenated = core.split('-').count() > 1
            && core
                .split('-')
                .all(|part| part.chars().next().is_some_and(char::is_alphabetic));
        if hyphenated {
            let start = word.find(core).unwrap_or(0);
            let (before, rest) = word.split_at(start);
            let (core, after) = rest.split_at(core.len());
            push_escaped(&mut html, before);
            html.push_str("<span class=\"insecable\">");
            push_escaped(&mut html, core);
            html.push_str("</span>");
            push_escaped(&mut html, after);
        } else {
            push_escaped(&mut html, word);
        }
    }
    html
}

fn push_escaped(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            c => html.push(c),
        }
    }
}

/// A JSON string literal of `text`, safe inside `<script>`: `<`, `>` and
/// `&` are escaped too, so no `</script>` can close the element early.
fn json_string(text: &str) -> String {
    let mut json = String::with_capacity(text.len() + 2);
    json.push('"');
    for c in text.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            '\n' => json.push_str("\\n"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                json.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c if c.is_control() => json.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => json.push(c),
        }
    }
    json.push('"');
    json
}

/// `text` cut to at most `length` characters at a word boundary, with `…`
/// (what search engines show of a title or a description).
fn cut_at_word(text: &str, length: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= length {
        return text.to_string();
    }
    let limit = text
        .char_indices()
        .nth(length.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..limit];
    // The last space (any kind: no-break spaces join a number to its word,
    // which must not be split either, so only plain spaces count).
    let cut = head.rfind(' ').unwrap_or(limit);
    let kept =
        head[..cut].trim_end_matches([' ', ',', ';', ':', '\u{a0}', '\u{202f}', '—', '–', '-']);
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenated_names_hold_together_and_stay_escaped() {
        assert_eq!(
            unbreakable_hyphens("Grand-Orly Seine Bièvre & l’UPEC"),
            "<span class=\"insecable\">Grand-Orly</span> Seine Bièvre &amp; l’UPEC"
        );
        assert_eq!(
            unbreakable_hyphens("(Vitry-sur-Seine), <b>"),
            "(<span class=\"insecable\">Vitry-sur-Seine</span>), &lt;b&gt;"
        );
        assert_eq!(unbreakable_hyphens("2023-2026 - x"), "2023-2026 - x");
    }

    #[test]
    fn json_strings_cannot_close_the_script() {
        assert_eq!(json_string("a\"b</script>"), r#""a\"b\u003c/script\u003e""#);
        assert_eq!(json_string("l’UPEC\n"), r#""l’UPEC\n""#);
    }

    #[test]
    fn cuts_fall_between_words() {
        assert_eq!(cut_at_word("court", 10), "court");
        assert_eq!(cut_at_word("un deux trois quatre", 12), "un deux…");
        assert_eq!(cut_at_word("le 9\u{a0}octobre 2023", 12), "le…");
        assert!(cut_at_word(&"mot ".repeat(100), 160).chars().count() <= 160);
    }

    #[test]
    fn phone_numbers_become_international() {
        assert_eq!(international_phone("01 78 18 22 22"), "+33178182222");
        assert_eq!(international_phone("01.78.18.22.22"), "+33178182222");
        assert_eq!(international_phone("+33 9 72 10 10 07"), "+33972101007");
        assert_eq!(international_phone("3939"), "3939");
    }

    fn render(tera: &Tera, allowed: bool) -> String {
        with_page_typography(allowed, || {
            tera.render("t", &tera::Context::new()).expect("render")
        })
    }

    #[test]
    fn typo_obeys_the_switch_of_each_render_only() {
        let mut tera = Tera::new();
        register_filters(&mut tera, BaseUrl::parse("https://example.org/"), true);
        tera.add_raw_template("t", "{{ \"l'UPEC : oui\" | typo }}")
            .expect("template");
        let typeset = "l’UPEC\u{a0}: oui";
        assert_eq!(render(&tera, true), typeset);
        assert_eq!(render(&tera, false), "l'UPEC : oui");
        // The switch is the page's: the next render is typeset again.
        assert_eq!(render(&tera, true), typeset);
        assert!(PAGE_TYPOGRAPHY.get(), "restored after the render");
    }
}
