//! Our Tera filters: `typo` (French typography of a text), `date_fr`
//! (French dates) and `lien` (site paths under the base URL).

use tera::{Kwargs, State, Tera};

use crate::french::{DateStyle, format_date, parse_date_style};
use crate::model::Date;
use crate::typography::typeset_text;
use crate::urls::BaseUrl;

pub(super) fn register_filters(tera: &mut Tera, base: BaseUrl, typography: bool) {
    tera.register_filter("typo", move |text: &str, _: Kwargs, state: &State| {
        if !typography {
            return text.to_string();
        }
        // Most strings need no change; only then is the page's own switch
        // worth looking up (tens of thousands of calls per large build).
        let typeset = typeset_text(text);
        let page_allows = || {
            state
                .get::<bool>("typographie")
                .ok()
                .flatten()
                .unwrap_or(true)
        };
        if typeset != text && !page_allows() {
            return text.to_string();
        }
        typeset
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
