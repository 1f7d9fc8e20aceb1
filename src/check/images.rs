//! Lints of images: originals far larger than any published width needs
//! (they weigh on the repository and on every first build), images of
//! `content/medias/` that nothing shows, and alternative texts that are a
//! file name (`IMG_2041.jpg` tells a blind reader nothing).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Finding, Lint};
use crate::error::Location;
use crate::images::{self, Images, LOGO_WIDTHS, PHOTO_WIDTHS, Picture};
use crate::model::Content;
use crate::source::CONTENT_DIR;
use crate::urls::slash_path;

/// An original more than this many times wider than the widest published
/// copy is "far larger".
const OVERSIZE: u32 = 2;

/// What `loaded` keeps to lint images once processed: the media images and
/// the addresses something names.
#[derive(Debug, Default)]
pub(super) struct Media {
    files: Vec<PathBuf>,
    used: BTreeSet<String>,
}

impl Media {
    pub(super) fn of(content: &Content) -> Self {
        let (requests, _) = images::requests(content);
        let mut used: BTreeSet<String> = requests
            .into_iter()
            .filter(|r| r.shown)
            .map(|r| r.address)
            .collect();
        let files: Vec<PathBuf> = content
            .media
            .iter()
            .filter(|f| images::is_image(&slash_path(f)))
            .cloned()
            .collect();
        // A link to the file (`[la photo en grand](/medias/x.jpg)`) uses it too.
        let texts: Vec<&str> = content
            .articles
            .iter()
            .map(|a| a.body.as_str())
            .chain(content.pages.iter().map(|p| p.body.as_str()))
            .collect();
        for file in &files {
            let address = format!("/{}", slash_path(file));
            if texts.iter().any(|t| t.contains(&address[1..])) {
                used.insert(address);
            }
        }
        Self { files, used }
    }

    /// Unused images and oversized originals.
    pub(super) fn lint(&self, images: &Images) -> Vec<Finding> {
        let mut findings = Vec::new();
        for file in &self.files {
            let address = format!("/{}", slash_path(file));
            if !self.used.contains(&address) {
                findings.push(Finding::new(at(file), Lint::UnusedImage));
            }
        }
        let shown = images
            .photos
            .iter()
            .map(|(a, p)| (a, p, PHOTO_WIDTHS[PHOTO_WIDTHS.len() - 1]))
            .chain(
                images
                    .logos
                    .iter()
                    .map(|(a, p)| (a, p, LOGO_WIDTHS[LOGO_WIDTHS.len() - 1])),
            );
        let mut seen = BTreeSet::new();
        for (address, picture, widest) in shown {
            let Picture::Raster { original, .. } = picture else {
                continue;
            };
            if original.0 > OVERSIZE * widest && seen.insert(address) {
                let file = Path::new(address.trim_start_matches('/'));
                let lint = Lint::OversizedImage {
                    width: original.0,
                    height: original.1,
                    widest,
                };
                findings.push(Finding::new(at(file), lint));
            }
        }
        findings
    }
}

/// A media file (`medias/x.jpg`, as `Content::media` names it) as a place.
fn at(file: &Path) -> Location {
    Location::file(Path::new(CONTENT_DIR).join(file))
}

/// Whether an alternative text is a file name (`photo.jpg`, `IMG_2041`,
/// `DSC00012`): what a phone or a camera names a picture, not what it shows.
pub(super) fn is_file_name(alt: &str) -> bool {
    let alt = alt.trim();
    let lower = alt.to_ascii_lowercase();
    let has_extension = Path::new(&lower)
        .extension()
        .is_some_and(|e| images::is_image(&format!("x.{}", e.to_string_lossy())));
    let camera = [
        "img_",
        "img-",
        "dsc",
        "dscn",
        "pxl_",
        "photo_",
        "image_",
        "screenshot",
        "capture",
    ]
    .iter()
    .any(|prefix| {
        lower.strip_prefix(prefix).is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || "_-. ".contains(c))
        })
    });
    camera || (!alt.contains(' ') && has_extension)
}

/// `4000` as `4 000` (narrow no-break space, as French writes numbers).
pub(super) fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_told_from_descriptions() {
        assert!(is_file_name("IMG_2041.jpg"));
        assert!(is_file_name("IMG_2041"));
        assert!(is_file_name("DSC00012"));
        assert!(is_file_name("campus.JPEG"));
        assert!(is_file_name("PXL_20240912_101112"));
        assert!(!is_file_name("Le campus de Vitry au printemps"));
        assert!(!is_file_name("Logo"));
        assert!(!is_file_name("Photo de la signature, le 9 octobre 2023"));
        assert_eq!(thousands(4000), "4\u{202f}000");
        assert_eq!(thousands(320), "320");
    }
}
