//! Our Tera filters: `typo` (French typography of a text), `date_fr`
//! (French dates) and `lien` (site paths under the base URL).

use std::cell::Cell;

use tera::{Kwargs, State, Tera, Value};

use super::memo::typeset_value;
use crate::french::{DateStyle, format_date, parse_date_style};
use crate::model::Date;
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
        |text: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
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
            Ok(format_date(date.0, style))
        },
    );
    tera.register_filter("tel", |number: &str, _: Kwargs, _: &State| {
        international_phone(number)
    });
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

#[cfg(test)]
mod tests {
    use super::*;

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
