//! Where each folder of a site is, said once: loading, templates, static
//! files, the preview's watcher and the output's guard all ask [`Layout`].

use std::path::{Path, PathBuf};

/// The editors' folder: data files, articles, pages, media.
pub const CONTENT_DIR: &str = "content";
/// Folders of `content/` and what they hold.
pub const ARTICLES_DIR: &str = "actualites";
pub const PAGES_DIR: &str = "pages";
/// Files copied as they are to `/medias/` (images of articles).
pub const MEDIA_DIR: &str = "medias";
/// The ledger of every address the site has published, in `content/`
/// (kept with the content; see `addresses`).
pub const LEDGER_FILE: &str = "adresses.txt";
/// The site's own templates and static files, which replace the theme's
/// file by file.
pub const TEMPLATES_DIR: &str = "templates";
pub const STATIC_DIR: &str = "static";
/// One folder per theme, each with `templates/` and `static/`.
pub const THEMES_DIR: &str = "themes";

/// What a static folder publishes: assets at the site's root, or the
/// editors' media (their addresses come from `routes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaticKind {
    Assets,
    Media,
}

/// The folders of the site at `root` using the theme `theme`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    root: PathBuf,
    theme: String,
}

impl Layout {
    /// The folders at the root whose files make the site, whatever its
    /// theme: what the preview watches and what no output may touch.
    pub const SOURCE_DIRS: [&str; 4] = [CONTENT_DIR, THEMES_DIR, TEMPLATES_DIR, STATIC_DIR];

    /// The theme is named in `content/site.yaml`: until it is read, the
    /// layout knows every folder but the theme's.
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            theme: String::new(),
        }
    }

    pub fn with_theme(mut self, theme: &str) -> Self {
        self.theme = theme.to_string();
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn content(&self) -> PathBuf {
        self.root.join(CONTENT_DIR)
    }

    /// A data file of `content/`, e.g. `site.yaml`.
    pub fn content_file(&self, name: &str) -> PathBuf {
        self.content().join(name)
    }

    pub fn media(&self) -> PathBuf {
        self.content().join(MEDIA_DIR)
    }

    /// The theme's folder.
    pub fn theme(&self) -> PathBuf {
        self.root.join(THEMES_DIR).join(&self.theme)
    }

    pub fn theme_templates(&self) -> PathBuf {
        self.theme().join(TEMPLATES_DIR)
    }

    /// Template folders, theme first: the site's replace the theme's by name.
    pub fn template_dirs(&self) -> [PathBuf; 2] {
        [self.theme_templates(), self.root.join(TEMPLATES_DIR)]
    }

    /// Static folders in override order (the theme's, the site's, then the
    /// editors' media), each with the address its files are published under.
    pub fn static_dirs(&self) -> [(PathBuf, StaticKind); 3] {
        [
            (self.theme().join(STATIC_DIR), StaticKind::Assets),
            (self.root.join(STATIC_DIR), StaticKind::Assets),
            (self.media(), StaticKind::Media),
        ]
    }

    /// [`Layout::SOURCE_DIRS`] below the root.
    pub fn source_dirs(&self) -> [PathBuf; 4] {
        Self::SOURCE_DIRS.map(|dir| self.root.join(dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_folders_follow_its_name() {
        let layout = Layout::new(Path::new("site")).with_theme("hub");
        assert_eq!(
            layout.template_dirs(),
            [
                PathBuf::from("site/themes/hub/templates"),
                PathBuf::from("site/templates")
            ]
        );
        assert_eq!(
            layout.static_dirs(),
            [
                (PathBuf::from("site/themes/hub/static"), StaticKind::Assets),
                (PathBuf::from("site/static"), StaticKind::Assets),
                (PathBuf::from("site/content/medias"), StaticKind::Media),
            ]
        );
    }
}
