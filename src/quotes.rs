//! Quotations with their attribution in `figure`/`figcaption`, as HTML
//! wants them: a Markdown quote whose last paragraph starts with a dash
//!
//! ```markdown
//! > En renouvelant ce partenariat…
//! >
//! > — Jean-Luc Dubois-Randé, président de l'UPEC
//! ```
//!
//! becomes `<figure class="citation"><blockquote>…</blockquote>
//! <figcaption class="citation__auteur">— Jean-Luc…</figcaption></figure>`,
//! the same markup the theme gives the convention's quotes. A quote
//! without attribution, or holding another quote, is left as written.

const OPEN: &str = "<blockquote>\n";
const CLOSE: &str = "</blockquote>\n";
/// The attribution paragraph: an em dash (or a plain dash) and a space.
const ATTRIBUTIONS: [&str; 2] = ["<p>— ", "<p>- "];

/// `html` (pulldown-cmark's output) with attributed quotes in figures.
pub fn attributed_quotes(html: String) -> String {
    if !html.contains(OPEN) {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 128);
    let mut rest = html.as_str();
    while let Some(start) = rest.find(OPEN) {
        let inner_start = start + OPEN.len();
        let Some(len) = rest[inner_start..].find(CLOSE) else {
            break;
        };
        let inner = &rest[inner_start..inner_start + len];
        let end = inner_start + len + CLOSE.len();
        out.push_str(&rest[..start]);
        match split_attribution(inner) {
            Some((quote, author)) if !inner.contains("<blockquote") => {
                out.push_str("<figure class=\"citation\">\n<blockquote>\n");
                out.push_str(quote);
                out.push_str("</blockquote>\n<figcaption class=\"citation__auteur\">");
                out.push_str(author);
                out.push_str("</figcaption>\n</figure>\n");
            }
            _ => out.push_str(&rest[start..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The quote's paragraphs and its attribution's text, when its last
/// paragraph is an attribution and is not the only one.
fn split_attribution(inner: &str) -> Option<(&str, &str)> {
    let last = inner.rfind("<p>")?;
    let paragraph = &inner[last..];
    if last == 0 || !ATTRIBUTIONS.iter().any(|a| paragraph.starts_with(a)) {
        return None;
    }
    let text = paragraph
        .strip_prefix("<p>")?
        .trim_end()
        .strip_suffix("</p>")?;
    (!text.contains("<p>")).then_some((&inner[..last], text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attributed_quote_becomes_a_figure() {
        let html = "<p>a</p>\n<blockquote>\n<p>Texte.</p>\n<p>— Jean, président</p>\n</blockquote>\n<p>b</p>\n";
        assert_eq!(
            attributed_quotes(html.to_string()),
            "<p>a</p>\n<figure class=\"citation\">\n<blockquote>\n<p>Texte.</p>\n</blockquote>\n<figcaption class=\"citation__auteur\">— Jean, président</figcaption>\n</figure>\n<p>b</p>\n"
        );
    }

    #[test]
    fn other_quotes_stay() {
        for html in [
            "<blockquote>\n<p>— seul</p>\n</blockquote>\n",
            "<blockquote>\n<p>Texte.</p>\n<p>Suite.</p>\n</blockquote>\n",
            "<blockquote>\n<blockquote>\n<p>x</p>\n<p>— y</p>\n</blockquote>\n</blockquote>\n",
        ] {
            assert_eq!(attributed_quotes(html.to_string()), html);
        }
    }
}
