//! Site paths (`/actualites/x/`) turned into links that work under the base
//! URL, sub-path included (`https://example.org/hub/` → `/hub/actualites/x/`).

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
    fn root_base_url() {
        let base = BaseUrl::parse("http://127.0.0.1:1111/");
        assert_eq!(base.link("/a/"), "/a/");
        assert_eq!(base.absolute("/a/"), "http://127.0.0.1:1111/a/");
    }
}
