//! The pages at former addresses: a redirect that works on any static host
//! (meta refresh, `rel=canonical` and a visible link), and the « page
//! retirée », rendered by the theme's `page-retiree.html` (vitrine's own
//! when the theme has none). Neither is a job of the site: neither is in
//! the sitemap nor the feed.

use tera::Context;

use crate::error::Diagnostic;
use crate::model::Site;
use crate::templates::Templates;
use crate::urls::BaseUrl;

/// The template of the « page retirée ».
pub const RETIRED_TEMPLATE: &str = "page-retiree.html";
/// The « page retirée » once more at the root, for the hosts that answer
/// 410 with a page of their choice (Apache's `ErrorDocument 410`).
pub const RETIRED_FILE: &str = "410.html";

/// The page at a former address that leads to `to`, a live address.
pub fn redirect(base: &BaseUrl, to: &str) -> Vec<u8> {
    let link = escape(&base.link(to));
    let absolute = escape(&base.absolute(to));
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n  <meta charset=\"utf-8\">\n  \
         <title>Page déplacée</title>\n  <meta name=\"robots\" content=\"noindex\">\n  \
         <link rel=\"canonical\" href=\"{absolute}\">\n  \
         <meta http-equiv=\"refresh\" content=\"0; url={link}\">\n</head>\n<body>\n  \
         <p>Cette page a changé d’adresse\u{a0}: <a href=\"{link}\">{absolute}</a></p>\n\
         </body>\n</html>\n"
    )
    .into_bytes()
}

/// The « page retirée » at `address`.
pub fn retired(
    templates: &Templates,
    base: &BaseUrl,
    address: &str,
    site: &Site,
) -> Result<Vec<u8>, Diagnostic> {
    let mut context = Context::new();
    context.insert("chemin", address);
    context.insert("canonique", &base.absolute(address));
    templates.render(RETIRED_TEMPLATE, &context, site.config.typography)
}

/// Addresses are checked (no quote, no `<`), but a page is escaped anyway.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
