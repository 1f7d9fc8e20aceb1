//! The markup of a processed image: `<picture>` with a WebP `<source>`
//! and an `<img>` in the fallback format, both with every width and the
//! `sizes` of the place it is shown; `width` and `height` always, so the
//! page does not move while it loads.

use super::{Picture, Variant};
use crate::urls::BaseUrl;

/// Where an image is shown: the `sizes` of its `srcset`, in the hub
/// theme's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The text column: 46rem at most, the screen less its margins below.
    Column,
    /// A partner's logo: 10rem at most.
    Logo,
}

impl Place {
    fn sizes(self) -> &'static str {
        match self {
            Place::Column => "(max-width: 48rem) calc(100vw - 2rem), 46rem",
            Place::Logo => "10rem",
        }
    }
}

impl Picture {
    /// The `<picture>` (or, for an SVG, the `<img>`) showing this image.
    /// `eager`: the first image of its page, loaded at once; the others
    /// wait until they are about to be seen.
    pub fn html(&self, base: &BaseUrl, alt: &str, place: Place, eager: bool) -> String {
        let loading = if eager {
            "fetchpriority=\"high\""
        } else {
            "loading=\"lazy\" decoding=\"async\""
        };
        let alt = escape(alt);
        match self {
            Picture::Single { path, size } => {
                let size = size.map_or(String::new(), |(w, h)| {
                    format!(" width=\"{w}\" height=\"{h}\"")
                });
                format!(
                    "<img src=\"{}\" alt=\"{alt}\"{size} {loading}>",
                    base.link(path)
                )
            }
            Picture::Raster {
                modern, fallback, ..
            } => {
                let sizes = place.sizes();
                let largest = fallback.last().expect("every image has a width");
                let mut html = String::from("<picture>");
                if !modern.is_empty() {
                    html.push_str(&format!(
                        "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\">",
                        srcset(base, modern)
                    ));
                }
                html.push_str(&format!(
                    "<img src=\"{}\" srcset=\"{}\" sizes=\"{sizes}\" width=\"{}\" height=\"{}\" alt=\"{alt}\" {loading}>",
                    base.link(&largest.path),
                    srcset(base, fallback),
                    largest.width,
                    largest.height,
                ));
                html.push_str("</picture>");
                html
            }
        }
    }

    /// The address of the widest fallback (or of the SVG), and its size.
    pub fn main(&self) -> (&str, Option<(u32, u32)>) {
        match self {
            Picture::Single { path, size } => (path, *size),
            Picture::Raster { fallback, .. } => {
                let largest = fallback.last().expect("every image has a width");
                (&largest.path, Some((largest.width, largest.height)))
            }
        }
    }
}

fn srcset(base: &BaseUrl, variants: &[Variant]) -> String {
    variants
        .iter()
        .map(|v| format!("{} {}w", base.link(&v.path), v.width))
        .collect::<Vec<_>>()
        .join(", ")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
