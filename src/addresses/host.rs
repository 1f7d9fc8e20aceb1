//! Host rules, written at the root of every built site: `.htaccess` for
//! Apache (shared hosting), `_redirects` for Netlify, Cloudflare Pages and
//! GitLab Pages, `_headers` for Netlify and Cloudflare Pages. Paths carry
//! the base's sub-path, so a site published under `/hub/` gets rules for
//! `/hub/…`. Hosts that read none of them still have the redirect pages.

use crate::routes::Route;
use crate::urls::BaseUrl;

use super::Plan;

pub const HTACCESS_FILE: &str = ".htaccess";
pub const REDIRECTS_FILE: &str = "_redirects";
pub const HEADERS_FILE: &str = "_headers";

/// Security headers every response carries.
const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "SAMEORIGIN"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// A fingerprinted file name (`style.3f9a1c2b.css`): its content never
/// changes at that name, so it is cached for a year.
const FINGERPRINTED: &str = r"\.[0-9a-f]{8,}\.(css|js|mjs|png|jpe?g|gif|webp|avif|svg|woff2?)$";

/// Each host file and its text.
pub fn files(base: &BaseUrl, plan: &Plan) -> [(&'static str, String); 3] {
    [
        (HTACCESS_FILE, htaccess(base, plan)),
        (HEADERS_FILE, headers(base, plan)),
        (REDIRECTS_FILE, redirects(base, plan)),
    ]
}

const GENERATED: &str = "# Produit par vitrine à chaque construction : ne le modifiez pas ici.\n";

fn htaccess(base: &BaseUrl, plan: &Plan) -> String {
    let mut text = format!("{GENERATED}# Règles pour Apache (hébergement mutualisé).\n\n");
    text.push_str("AddDefaultCharset utf-8\n");
    text.push_str(&format!(
        "ErrorDocument 404 {}\n",
        base.link(&Route::NotFound.path())
    ));
    if !plan.retired.is_empty() {
        text.push_str(&format!(
            "ErrorDocument 410 {}\n",
            base.link(&format!("/{}", super::RETIRED_FILE))
        ));
    }
    if !plan.redirects.is_empty() || !plan.retired.is_empty() {
        // Anchored, so that an address never catches the ones below it.
        text.push_str("\n<IfModule mod_alias.c>\n");
        for (from, moved) in &plan.redirects {
            text.push_str(&format!(
                "  RedirectMatch 301 {} {}\n",
                anchored(&base.link(from)),
                base.absolute(&moved.to)
            ));
        }
        for address in plan.retired.keys() {
            text.push_str(&format!(
                "  RedirectMatch gone {}\n",
                anchored(&base.link(address))
            ));
        }
        text.push_str("</IfModule>\n");
    }
    text.push_str("\n<IfModule mod_headers.c>\n");
    for (name, value) in SECURITY_HEADERS {
        text.push_str(&format!("  Header always set {name} \"{value}\"\n"));
    }
    text.push_str(
        "  Header set Cache-Control \"public, max-age=3600\"\n  \
         <FilesMatch \"\\.(html|xml|txt)$\">\n    Header set Cache-Control \"no-cache\"\n  </FilesMatch>\n",
    );
    text.push_str(&format!(
        "  <FilesMatch \"{FINGERPRINTED}\">\n    Header set Cache-Control \"public, max-age=31536000, immutable\"\n  </FilesMatch>\n"
    ));
    text.push_str("</IfModule>\n\n<IfModule mod_deflate.c>\n  AddOutputFilterByType DEFLATE text/html text/css text/plain text/xml application/xml application/atom+xml application/javascript application/json image/svg+xml\n</IfModule>\n");
    text
}

/// Netlify, Cloudflare Pages, GitLab Pages. `301!` redirects even though
/// a file (the redirect page) is there; a host that does not know `!`
/// skips the line and serves that page. Retired addresses keep their page:
/// Cloudflare and GitLab accept no 410 here.
fn redirects(base: &BaseUrl, plan: &Plan) -> String {
    let mut text =
        format!("{GENERATED}# Redirections pour Netlify, Cloudflare Pages et GitLab Pages.\n");
    for (from, moved) in &plan.redirects {
        text.push_str(&format!(
            "{} {} 301!\n",
            base.link(from),
            base.link(&moved.to)
        ));
    }
    text
}

/// Netlify and Cloudflare Pages.
fn headers(base: &BaseUrl, plan: &Plan) -> String {
    let mut text = format!("{GENERATED}# En-têtes pour Netlify et Cloudflare Pages.\n");
    text.push_str(&format!("{}*\n", base.link("/")));
    for (name, value) in SECURITY_HEADERS {
        text.push_str(&format!("  {name}: {value}\n"));
    }
    // Retired pages answer 200 there: keep them out of search engines.
    for address in plan.retired.keys() {
        text.push_str(&format!(
            "{}\n  X-Robots-Tag: noindex\n",
            base.link(address)
        ));
    }
    text
}

/// `^/hub/x/(index\.html)?$`: the address and its file, nothing below.
fn anchored(link: &str) -> String {
    let mut pattern = String::from("^");
    for c in link.chars() {
        if ".^$*+?()[]{}|\\".contains(c) {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    if link.ends_with('/') {
        pattern.push_str(r"(index\.html)?");
    }
    pattern.push('$');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_one_address_only() {
        assert_eq!(anchored("/hub/a.b/"), r"^/hub/a\.b/(index\.html)?$");
        assert_eq!(anchored("/x.html"), r"^/x\.html$");
    }
}
