//! URLs: the one validation every URL written in data goes through, and
//! site paths (`/actualites/x/`) turned into links that work under the base
//! URL, sub-path included (`https://example.org/hub/` → `/hub/actualites/x/`).
//!
//! Validation accepts an allow-list (http(s) with a host, site paths for the
//! menu, `mailto:`/`tel:` for the menu) and refuses everything else, so no
//! disguise of `javascript:` can slip through; the disguises are still
//! decoded as a browser would, to tell the editor why a URL is refused.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

/// A relative file path written with `/`, as in URLs and content keys.
pub fn slash_path(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// The published base URL, split into what links need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, no trailing slash: `https://example.org`.
    origin: String,
    /// Sub-path with both slashes: `/hub/`, or `/`.
    prefix: String,
}

impl BaseUrl {
    /// Accepts `https://host`, `https://host/`, `https://host/sub`, `https://host/sub/`.
    pub fn parse(url: &str) -> Self {
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        let path_start = url[after_scheme..]
            .find('/')
            .map_or(url.len(), |i| after_scheme + i);
        let origin = url[..path_start].to_string();
        let path = url[path_start..].trim_matches('/');
        let prefix = if path.is_empty() {
            "/".to_string()
        } else {
            format!("/{path}/")
        };
        Self { origin, prefix }
    }

    /// The base URL with its trailing slash, as templates show it.
    pub fn absolute_root(&self) -> String {
        format!("{}{}", self.origin, self.prefix)
    }

    /// `/x/` → `/hub/x/`. Paths not starting with `/` are returned unchanged.
    pub fn link(&self, path: &str) -> String {
        match path.strip_prefix('/') {
            Some(rest) if !rest.starts_with('/') => format!("{}{rest}", self.prefix),
            _ => path.to_string(),
        }
    }

    /// `/x/` → `https://example.org/hub/x/`.
    pub fn absolute(&self, path: &str) -> String {
        let link = self.link(path);
        if link.starts_with('/') && !link.starts_with("//") {
            format!("{}{link}", self.origin)
        } else {
            link
        }
    }
}

/// What a URL field of the site's data accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlField {
    /// Where the site is published (`url` of site.yaml, `--base-url`): an
    /// absolute http(s) URL, without query or fragment.
    Base,
    /// A partner's web site: an absolute http(s) URL.
    Partner,
    /// A menu entry: a site path (`/a-propos/`), an absolute http(s) URL, or
    /// `mailto:`/`tel:`. These two run no code, and « Nous écrire » is a
    /// common menu entry; the other fields name web sites, so refuse them.
    Menu,
}

impl UrlField {
    fn noun(self) -> &'static str {
        match self {
            UrlField::Base => "adresse du site",
            UrlField::Partner => "adresse de partenaire",
            UrlField::Menu => "adresse de menu",
        }
    }

    /// The accepted forms, when no corrected URL can be guessed.
    fn hint(self) -> &'static str {
        match self {
            UrlField::Base => {
                "écrivez l'adresse complète de publication, par exemple « https://exemple.fr/hub/ »"
            }
            UrlField::Partner => {
                "écrivez l'adresse complète du site du partenaire, par exemple « https://www.u-pec.fr/ », ou retirez la ligne « url »"
            }
            UrlField::Menu => {
                "écrivez le chemin d'une page du site (« /a-propos/ »), l'adresse complète d'un autre site (« https://www.u-pec.fr/ »), « mailto:… » ou « tel:… »"
            }
        }
    }
}

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    Empty,
    /// `javascript:`, `vbscript:` or `data:`, however it is disguised.
    Script {
        scheme: String,
    },
    /// Any other scheme the field does not take (`ftp:`, `mailto:` for a partner).
    Scheme {
        scheme: String,
    },
    /// `//host/`: whether it is http or https depends on the page showing it.
    ProtocolRelative,
    /// `https://` or `https:host` without `//host`, `mailto:` with nothing after.
    Incomplete {
        scheme: String,
    },
    /// A bare word: `upec.fr`, `accueil`.
    Relative,
    /// `/a-propos/` where a full URL is needed.
    SitePath,
    /// Whitespace, a control character, `\`, `"`, `<`, `>` or `` ` ``.
    Character(char),
    /// `&#104;ttps://…`: an HTML character reference, not a URL character.
    Reference,
    /// `?` or `#` in the base URL, which links are built on.
    QueryOrFragment,
}

/// A URL of the data refused for its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlError {
    pub field: UrlField,
    pub url: String,
    pub problem: UrlProblem,
}

impl UrlError {
    /// Why the URL is refused, without naming the field (the command line
    /// names the option instead).
    pub fn reason(&self) -> String {
        match &self.problem {
            UrlProblem::Empty => "l'adresse est vide".into(),
            UrlProblem::Script { scheme } => {
                format!("une adresse « {scheme}: » peut exécuter du code dans la page")
            }
            UrlProblem::Scheme { scheme } => {
                format!("les adresses « {scheme}: » ne sont pas acceptées ici")
            }
            UrlProblem::ProtocolRelative => "il manque « https: » devant « // »".into(),
            UrlProblem::Incomplete { scheme } => match scheme.as_str() {
                "mailto" => "il manque l'adresse électronique après « mailto: »".into(),
                "tel" => "il manque le numéro après « tel: »".into(),
                _ => format!("« {scheme}:// » doit être suivi du nom du site"),
            },
            UrlProblem::Relative if self.field == UrlField::Menu => {
                "il manque « / » (page du site) ou « https:// » (autre site) au début".into()
            }
            UrlProblem::Relative => "il manque « https:// » au début".into(),
            UrlProblem::SitePath => {
                "il faut une adresse complète, qui commence par « https:// »".into()
            }
            UrlProblem::Character(c) => {
                format!("caractère interdit dans une adresse : {}", char_name(*c))
            }
            UrlProblem::Reference => {
                "code HTML « &…; » dans l'adresse : écrivez les caractères eux-mêmes".into()
            }
            UrlProblem::QueryOrFragment => {
                "l'adresse du site ne peut contenir ni « ? » ni « # »".into()
            }
        }
    }

    /// The URL as the editor can read it (control characters escaped).
    pub fn shown_url(&self) -> String {
        shown(&self.url)
    }

    /// The corrected URL when it is obvious, the accepted forms otherwise.
    pub fn hint(&self) -> String {
        let url = self.url.as_str();
        match self.problem {
            UrlProblem::ProtocolRelative => format!("écrivez « https:{url} »"),
            UrlProblem::Relative if looks_like_host(url) => format!("écrivez « https://{url} »"),
            UrlProblem::Relative if self.field == UrlField::Menu && looks_like_slug(url) => {
                format!("écrivez « /{url}/ » pour une page du site")
            }
            UrlProblem::Character(_) => {
                "retirez-le ; s'il fait partie de l'adresse, écrivez son code (%20 pour une espace)"
                    .into()
            }
            _ => self.field.hint().into(),
        }
    }
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = self.field.noun();
        match self.problem {
            UrlProblem::Empty => write!(f, "{noun} vide"),
            _ => write!(
                f,
                "{noun} invalide « {} » : {}",
                shown(&self.url),
                self.reason()
            ),
        }
    }
}

impl std::error::Error for UrlError {}

/// Accepts `url` for `field`, or says why not. The one gate of every URL
/// written in data or on the command line.
pub fn check_url(url: &str, field: UrlField) -> Result<(), UrlError> {
    match problem(url, field) {
        None => Ok(()),
        Some(problem) => Err(UrlError {
            field,
            url: url.to_string(),
            problem,
        }),
    }
}

fn problem(url: &str, field: UrlField) -> Option<UrlProblem> {
    if url.is_empty() {
        return Some(UrlProblem::Empty);
    }
    // First what a browser would run, so that the message names the danger
    // whatever else is wrong with the URL.
    if let Some(scheme) = browser_scheme(url).filter(|s| runs_code(s)) {
        return Some(UrlProblem::Script { scheme });
    }
    if let Some(c) = url.chars().find(|c| is_forbidden(*c)) {
        return Some(UrlProblem::Character(c));
    }
    if decode_references(url) != url {
        return Some(UrlProblem::Reference);
    }
    match scheme(url) {
        Some(scheme) if scheme == "http" || scheme == "https" => http_problem(url, scheme, field),
        Some(scheme) if field == UrlField::Menu && (scheme == "mailto" || scheme == "tel") => {
            (url.len() == scheme.len() + 1).then_some(UrlProblem::Incomplete { scheme })
        }
        Some(scheme) => Some(UrlProblem::Scheme { scheme }),
        None if url.starts_with("//") => Some(UrlProblem::ProtocolRelative),
        None if url.starts_with('/') => (field != UrlField::Menu).then_some(UrlProblem::SitePath),
        None => Some(UrlProblem::Relative),
    }
}

/// `scheme://host…`: a host is required; the base URL takes no query or
/// fragment, as every link of the site is built on it.
fn http_problem(url: &str, scheme: String, field: UrlField) -> Option<UrlProblem> {
    let rest = &url[scheme.len() + 1..];
    let Some(after) = rest.strip_prefix("//") else {
        return Some(UrlProblem::Incomplete { scheme });
    };
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..end];
    let host_and_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = match host_and_port.find(']') {
        Some(close) if host_and_port.starts_with('[') => &host_and_port[..=close],
        _ => host_and_port.split(':').next().unwrap_or(""),
    };
    if host.is_empty() {
        return Some(UrlProblem::Incomplete { scheme });
    }
    let has_query = after[end..].contains(['?', '#']);
    (field == UrlField::Base && has_query).then_some(UrlProblem::QueryOrFragment)
}

/// Schemes whose URLs run code in the page (`data:` can carry a whole
/// HTML document with its script).
pub fn runs_code(scheme: &str) -> bool {
    matches!(scheme, "javascript" | "vbscript" | "data")
}

/// The scheme of `url`, lowercased: a letter, then letters, digits, `+`,
/// `-` or `.`, then `:`.
fn scheme(url: &str) -> Option<String> {
    let name = &url[..url.find(':')?];
    let mut chars = name.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| name.to_ascii_lowercase())
}

/// The scheme a browser finds in `url` written in an HTML attribute:
/// character references decoded, tabs and newlines dropped anywhere, spaces
/// and control characters trimmed at the start (as the URL standard does).
/// Percent-encoding is not decoded: browsers do not decode it in a scheme.
pub fn browser_scheme(url: &str) -> Option<String> {
    let decoded = decode_references(url);
    let cleaned: String = decoded
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    scheme(cleaned.trim_start_matches(|c: char| c <= ' '))
}

/// Named references that can spell a scheme or hide a character.
const NAMED_REFERENCES: [(&str, char); 5] = [
    ("colon;", ':'),
    ("Tab;", '\t'),
    ("NewLine;", '\n'),
    ("sol;", '/'),
    ("amp;", '&'),
];

/// Decodes the character references a browser decodes in an attribute
/// value: numeric ones (`&#106;`, `&#x6A;`, `;` optional, leading zeros
/// allowed) and the named ones of [`NAMED_REFERENCES`].
fn decode_references(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        decoded.push_str(&rest[..start]);
        rest = &rest[start..];
        let (c, len) = reference(rest).unwrap_or(('&', 1));
        decoded.push(c);
        rest = &rest[len..];
    }
    decoded.push_str(rest);
    Cow::Owned(decoded)
}

/// The character of the reference at the start of `text` (which starts
/// with `&`) and the reference's length in bytes.
fn reference(text: &str) -> Option<(char, usize)> {
    let body = &text[1..];
    if let Some((name, c)) = NAMED_REFERENCES.iter().find(|(n, _)| body.starts_with(n)) {
        return Some((*c, 1 + name.len()));
    }
    let number = body.strip_prefix('#')?;
    let (prefix, radix) = match number.strip_prefix(['x', 'X']) {
        Some(_) => (1, 16),
        None => (0, 10),
    };
    let digits = &number[prefix..];
    let count = digits
        .bytes()
        .take_while(|b| (*b as char).is_digit(radix))
        .count();
    let c = char::from_u32(u32::from_str_radix(&digits[..count], radix).ok()?)?;
    let semicolon = usize::from(digits[count..].starts_with(';'));
    Some((c, 2 + prefix + count + semicolon))
}

/// Characters that never belong in a URL written in data: browsers drop
/// or reinterpret them (tabs, `\` read as `/`), or they end an attribute.
fn is_forbidden(c: char) -> bool {
    c.is_control() || c.is_whitespace() || matches!(c, '\\' | '"' | '<' | '>' | '`')
}

fn char_name(c: char) -> String {
    match c {
        '\t' => "tabulation".into(),
        '\n' | '\r' => "retour à la ligne".into(),
        c if c.is_control() => format!("caractère de contrôle {}", shown(&c.to_string())),
        c if c.is_whitespace() => "espace".into(),
        c => format!("« {c} »"),
    }
}

/// `url` as the editor can read it: control characters written as in a
/// YAML double-quoted string (`\t`, `\x01`).
fn shown(url: &str) -> String {
    let mut text = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '\t' => text.push_str("\\t"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            c if c.is_control() => text.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => text.push(c),
        }
    }
    text
}

/// `upec.fr`, `www.u-pec.fr/recherche`: a host name missing its scheme.
fn looks_like_host(url: &str) -> bool {
    let host = url.split('/').next().unwrap_or("");
    host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | ':'))
}

/// `accueil`, `a-propos`: a page's slug missing its slashes.
fn looks_like_slug(url: &str) -> bool {
    url.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_sub_path() {
        let base = BaseUrl::parse("https://example.org/hub");
        assert_eq!(base.absolute_root(), "https://example.org/hub/");
        assert_eq!(base.link("/actualites/"), "/hub/actualites/");
        assert_eq!(base.link("/"), "/hub/");
        assert_eq!(
            base.absolute("/atom.xml"),
            "https://example.org/hub/atom.xml"
        );
        assert_eq!(base.link("https://other.org/"), "https://other.org/");
        assert_eq!(base.link("//cdn/x"), "//cdn/x");
    }

    #[test]
    fn browsers_see_the_scheme_through_disguises() {
        for url in [
            "javascript:x",
            " \u{1}JavaScript:x",
            "java\tscr\nipt:x",
            "&#106;avascript:x",
            "&#X6a;avascript&colon;x",
            "&#0000106avascript:x",
            "j&NewLine;avascript:x",
        ] {
            assert_eq!(
                browser_scheme(url).as_deref(),
                Some("javascript"),
                "{url:?}"
            );
        }
        // Browsers decode neither percent-encoding nor unknown references
        // in a scheme: these are relative paths.
        assert_eq!(browser_scheme("javascript%3Ax"), None);
        assert_eq!(browser_scheme("&#xZZ;javascript:x"), None);
        assert_eq!(browser_scheme("/javascript:x"), None);
    }

    #[test]
    fn references_decode_as_in_attributes() {
        assert_eq!(
            decode_references("a&amp;b&#65&#x42;&sol;&zz;&"),
            "a&bAB/&zz;&"
        );
        assert_eq!(decode_references("&#99999999999;"), "&#99999999999;");
    }

    #[test]
    fn only_the_allowed_forms_pass() {
        let ok = |url, field| check_url(url, field).is_ok();
        assert!(ok("https://a.fr", UrlField::Base));
        assert!(ok("http://[::1]:80/", UrlField::Partner));
        assert!(ok("/", UrlField::Menu));
        assert!(ok("tel:+33100000000", UrlField::Menu));
        assert!(!ok("tel:+33100000000", UrlField::Partner));
        assert!(!ok("https://@:80/", UrlField::Partner));
        assert!(!ok("https://a.fr/#x", UrlField::Base));
        assert!(!ok("https://a.fr/&#120;", UrlField::Partner));
        assert!(!ok("/\\a.fr", UrlField::Menu));
        assert!(!ok("https://a.fr/\u{a0}", UrlField::Partner));
    }

    #[test]
    fn root_base_url() {
        let base = BaseUrl::parse("http://127.0.0.1:1111/");
        assert_eq!(base.link("/a/"), "/a/");
        assert_eq!(base.absolute("/a/"), "http://127.0.0.1:1111/a/");
    }
}
