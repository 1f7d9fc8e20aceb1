//! What the preview adds to served HTML pages, and only to them: the
//! live-reload script and, when the last build failed, the error overlay.
//! `vitrine build` never goes through here.

use std::fmt::Write as _;

use crate::serve::RESERVED_PREFIX;

/// The browser side of live reload, served at `/__vitrine/apercu.js`.
pub const SCRIPT: &str = include_str!("apercu.js");

/// The overlay's look, inline so it needs no style sheet of the site.
const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;\
max-height:70vh;overflow:auto;box-sizing:border-box;margin:0;padding:1rem 1.5rem;\
background:#fff;color:#1e1e1e;border-top:.4rem solid #b3001b;\
box-shadow:0 -.25rem 1.5rem rgba(0,0,0,.3);font:1rem/1.5 system-ui,sans-serif;text-align:left";
const REPORT_STYLE: &str = "margin:.75rem 0 0;padding:.75rem;background:#fdf2f3;color:#1e1e1e;\
white-space:pre-wrap;overflow-wrap:anywhere;font:.95rem/1.5 ui-monospace,monospace";
const BUTTON_STYLE: &str = "float:right;margin-left:1rem;padding:.25rem .75rem;font:inherit;\
background:#fff;color:#1e1e1e;border:1px solid #1e1e1e;border-radius:.25rem;cursor:pointer";

/// Adds the script (and the overlay when there is an error) just before the
/// last `</body>`, or at the end of a page that has none.
pub fn inject(html: &[u8], version: &str, error: Option<&str>) -> Vec<u8> {
    inject_overlay(html, version, error.map(|error| overlay(error, true)))
}

fn inject_overlay(html: &[u8], version: &str, overlay: Option<String>) -> Vec<u8> {
    let mut addition = overlay.unwrap_or_default();
    let _ = writeln!(
        addition,
        "<script src=\"{RESERVED_PREFIX}apercu.js\" data-version=\"{}\"></script>",
        escape(version)
    );
    let at = find_last_ascii_case_insensitive(html, b"</body>").unwrap_or(html.len());
    let mut page = Vec::with_capacity(html.len() + addition.len());
    page.extend_from_slice(&html[..at]);
    page.extend_from_slice(addition.as_bytes());
    page.extend_from_slice(&html[at..]);
    page
}

/// The error box shown over the page; `report` is the diagnostics' text.
/// `kept` when a good build is still served under it; until the site has
/// built once there is no such version to speak of.
pub fn overlay(report: &str, kept: bool) -> String {
    let (title, state) = if kept {
        (
            "La dernière modification n’a pas pu être publiée dans l’aperçu",
            "L’aperçu montre la dernière version correcte du site.",
        )
    } else {
        (
            "Le site n’a pas pu être construit",
            "Le site n’a encore jamais pu être construit.",
        )
    };
    format!(
        "<div id=\"vitrine-erreur\" role=\"alert\" lang=\"fr\" style=\"{OVERLAY_STYLE}\">\
<button type=\"button\" data-vitrine-fermer style=\"{BUTTON_STYLE}\">Masquer</button>\
<p style=\"margin:0;font-weight:700;font-size:1.15rem\">{title}</p>\
<p style=\"margin:.25rem 0 0\">{state} \
Corrigez le problème ci-dessous puis enregistrez\u{a0}: la page se mettra à jour d’elle-même.</p>\
<pre style=\"{REPORT_STYLE}\">{}</pre></div>\n",
        escape(report)
    )
}

/// The page served for every HTML request while the site has never built.
pub fn error_page(report: &str, version: &str) -> Vec<u8> {
    let page = "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Le site n’a pas pu être construit — aperçu vitrine</title>\n</head>\n\
<body style=\"font:1rem/1.5 system-ui,sans-serif;margin:2rem\">\n<main>\n\
<h1>Le site n’a pas pu être construit</h1>\n\
<p>Corrigez les problèmes signalés ci-dessous et enregistrez\u{a0}: \
cette page se mettra à jour d’elle-même dès que le site sera construit.</p>\n\
</main>\n</body>\n</html>\n";
    inject_overlay(page.as_bytes(), version, Some(overlay(report, false)))
}

/// Escapes text for HTML content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

fn find_last_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn script_goes_before_the_last_closing_body() {
        let page = text(inject(
            b"<html><body><p>a</body></p></BODY></html>",
            "v1",
            None,
        ));
        assert_eq!(
            page,
            "<html><body><p>a</body></p><script src=\"/__vitrine/apercu.js\" \
             data-version=\"v1\"></script>\n</BODY></html>"
        );
    }

    #[test]
    fn pages_without_body_get_the_script_at_the_end() {
        let page = text(inject(b"<p>fragment</p>", "v1", None));
        assert!(page.starts_with("<p>fragment</p><script"));
    }

    #[test]
    fn the_report_is_escaped_in_the_overlay() {
        let page = text(inject(
            b"<body></body>",
            "v2",
            Some("erreur : <script>alert('x')</script> & \"y\""),
        ));
        assert!(page.contains("id=\"vitrine-erreur\" role=\"alert\""));
        assert!(
            page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;")
        );
        assert!(!page.contains("<script>alert"));
    }

    #[test]
    fn error_page_is_french_and_carries_the_overlay() {
        let page = text(error_page("erreur : x\n  --> content/site.yaml:2", "v1"));
        assert!(page.contains("<html lang=\"fr\">"));
        assert!(page.contains("content/site.yaml:2"));
        assert!(page.contains("vitrine-erreur"));
        assert!(page.contains("Le site n’a encore jamais pu être construit."));
        assert!(!page.contains("dernière version correcte"));
    }
}
