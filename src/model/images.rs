//! The images of a site as the image stage processed them: what pages
//! show (`images` makes them; `markdown` and `render` write the markup).

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// One published file of a processed image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Site path, e.g. `/medias/photo-480.webp`.
    pub path: String,
    pub width: u32,
    pub height: u32,
}

/// An image as pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picture {
    /// Widths in WebP (`modern`) and in the fallback format, narrowest first.
    Raster {
        modern: Vec<Variant>,
        fallback: Vec<Variant>,
        /// The original's size (oriented), never published.
        original: (u32, u32),
    },
    /// Published as it is (an SVG, or in a preview an original not
    /// processed yet); its size, if known.
    Single {
        path: String,
        size: Option<(u32, u32)>,
    },
}

/// The images of a site, as the stage processed them.
#[derive(Debug, Clone, Default)]
pub struct Images {
    /// By address as written (`/medias/x.jpg`): article and body images.
    pub photos: BTreeMap<String, Picture>,
    pub logos: BTreeMap<String, Picture>,
    /// Each article's social card, by its file.
    pub cards: BTreeMap<PathBuf, Variant>,
    /// The site's default card (`image_partage` of `site.yaml`), else the
    /// theme's.
    pub default_card: Option<Variant>,
    /// Content keys of the documents whose page opens with their front
    /// matter image: their body images all wait (`loading="lazy"`).
    pub headed: HashSet<String>,
    /// Every output path of processed files.
    pub paths: Vec<String>,
    /// Images decoded and encoded by this build.
    pub processed: usize,
    /// Images taken from the cache.
    pub reused: usize,
    /// Images left to the background (the preview), shown as originals.
    pub deferred: usize,
}
