//! The image stage: every image the site shows (an article's `image`, the
//! images of Markdown bodies, partners' `logo`, the site's `image_partage`)
//! is published in several widths, in WebP with a JPEG or PNG fallback,
//! oriented and without metadata, plus a 1200 × 630 social card per
//! article; SVG is published as it is once found safe. Originals of raster
//! images are never published (their EXIF may hold the photographer's GPS
//! position). Processed files are kept in a cache (see [`cache`]).
//!
//! Images are processed in parallel, one per thread: each result depends
//! on its source and parameters only, so the build stays deterministic.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;

mod background;
pub mod cache;
mod encode;
mod html;
mod svg;

pub use crate::model::images::{Images, Picture, Variant};
pub use background::settle;
pub use cache::{CACHE_DIR, Cache};
pub use encode::MAX_PIXELS;
pub use html::Place;

use crate::commonmark::LineIndex;
use crate::error::{Describe, Diagnostic, Diagnostics, Location, display_path};
use crate::model::{Content, Hold};
use crate::output::{OutputFile, Sink};
use crate::source::{CONTENT_DIR, Files, Layout, MEDIA_DIR, STATIC_LIMIT, StaticKind};
use crate::validate::{content_key, locate, locate_key, locate_nested_key};
use cache::{Encoded, Entry};
use encode::{Encoding, Pixels};

/// Widths of photos (article images and body images), in pixels: a phone
/// (480 CSS px at 1x, or 2x of a narrow column), a laptop, a large screen
/// at 2x. Never wider than the original.
pub const PHOTO_WIDTHS: [u32; 3] = [480, 960, 1600];
/// Widths of logos: shown at most 10rem (160 CSS px) wide.
pub const LOGO_WIDTHS: [u32; 2] = [160, 320];
/// Social cards (`og:image`): what Facebook, LinkedIn and Mastodon expect.
pub const CARD_SIZE: (u32, u32) = (1200, 630);
/// A theme's own share image (at the root of its `static/`), the last
/// resort of `og:image`.
pub const THEME_CARD: &str = "partage.png";

/// Extensions decoded and republished; their originals are never copied.
const RASTER: [&str; 4] = ["jpg", "jpeg", "png", "webp"];
/// Formats refused with a hint to convert them (phones' own formats).
const CONVERT: [&str; 6] = ["heic", "heif", "avif", "tif", "tiff", "bmp"];

/// Whether the media file at `path` is processed (or refused) rather than
/// copied as it is.
pub fn is_processed(path: &str) -> bool {
    let extension = extension(path);
    RASTER.contains(&extension.as_str()) || CONVERT.contains(&extension.as_str())
}

fn extension(path: &str) -> String {
    Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// What one image is used for, which sets how it is processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Use {
    Photo,
    Logo,
    /// A social card, cut around a focus point (per mille of the width
    /// and height).
    Card {
        focus: (u16, u16),
    },
}

impl Use {
    /// The parameters that change the files: part of the cache key.
    fn parameters(self) -> String {
        let q = format!(
            "webp{} jpeg{} card{}",
            encode::WEBP_QUALITY,
            encode::JPEG_QUALITY,
            encode::CARD_QUALITY
        );
        match self {
            Use::Photo => format!("photo {PHOTO_WIDTHS:?} {q}"),
            Use::Logo => format!("logo {LOGO_WIDTHS:?} {q}"),
            Use::Card { focus } => format!("card {CARD_SIZE:?} {focus:?} {q}"),
        }
    }
}

/// One place that shows an image.
#[derive(Debug, Clone)]
pub struct Request {
    /// As written, e.g. `/medias/photo.jpg`.
    pub address: String,
    pub use_: Use,
    /// Where it is named, for errors.
    pub location: Location,
    /// The Markdown file naming it (articles and pages), if any.
    pub document: Option<PathBuf>,
    /// From an article's front matter (not a body).
    pub front: bool,
    /// Shown by a page (not only an SVG checked because it is published).
    pub shown: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("image vide (0 octet) « {0} »")]
    Empty(String),
    #[error("image illisible « {0} » : ce n'est pas une image JPEG, PNG ou WebP valide")]
    Unreadable(String),
    #[error("format HEIC non pris en charge « {0} »")]
    Heic(String),
    #[error("format d'image non pris en charge « {0} »")]
    Unsupported(String),
    #[error("image trop grande « {path} » : {width} × {height} pixels, la limite est de {limit} millions de pixels", limit = MAX_PIXELS / 1_000_000)]
    TooLarge {
        path: String,
        width: u32,
        height: u32,
    },
    #[error("image introuvable « {0} »")]
    Missing(String),
    #[error("SVG refusé « {path} » : il contient {what}")]
    UnsafeSvg { path: String, what: String },
    #[error("point d'intérêt invalide « {0} »")]
    InvalidFocus(String),
    /// Found while decoding, before the file's name is known here.
    #[error("image illisible")]
    Corrupt,
    #[error("image trop grande")]
    TooManyPixels { width: u32, height: u32 },
}

impl Describe for ImageError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            ImageError::Empty(_) => "le fichier est vide : copiez à nouveau l'image depuis son origine".into(),
            ImageError::Unreadable(_) | ImageError::Corrupt => "le fichier est abîmé ou n'est pas une image : ouvrez-le dans un logiciel d'images et enregistrez-le en JPEG ou en PNG".into(),
            ImageError::Heic(_) => "les navigateurs n'affichent pas le HEIC des iPhone : convertissez la photo en JPEG (sur Mac : ouvrez-la dans Aperçu, puis Fichier > Exporter > JPEG ; sur l'iPhone : Réglages > Appareil photo > Formats > « Le plus compatible » ; sous Linux : « heif-convert photo.heic photo.jpg »)".into(),
            ImageError::Unsupported(_) => "enregistrez l'image en JPEG (photo) ou en PNG (logo, dessin) ; un logo peut aussi être en SVG".into(),
            ImageError::TooLarge { .. } | ImageError::TooManyPixels { .. } => "réduisez-la dans un logiciel d'images à moins de 6 000 pixels de côté : le site publie au plus 1 600 pixels de large".into(),
            ImageError::Missing(_) => format!("placez l'image dans content/{MEDIA_DIR}/ et écrivez son adresse, par exemple « /{MEDIA_DIR}/nom.jpg »"),
            ImageError::UnsafeSvg { .. } => "un SVG publié ne doit contenir ni script, ni gestionnaire d'événement (onload…), ni référence à un autre fichier : retirez-les dans un logiciel de dessin, ou publiez le logo en PNG".into(),
            ImageError::InvalidFocus(_) => "écrivez la position du sujet en pourcentages de la largeur puis de la hauteur, par exemple « image_focus: 30% 40% »".into(),
        })
    }
}

/// Every image `content` shows, where it is named.
pub fn requests(content: &Content) -> (Vec<Request>, Diagnostics) {
    let mut requests = Vec::new();
    let mut diagnostics = Diagnostics::default();
    // Parsing the bodies for their images is most of this: on every core.
    let in_bodies: Vec<Vec<Request>> = (content.articles.par_iter())
        .map(|doc| body_requests(&doc.source, &doc.body, doc.body_line))
        .chain(
            (content.pages.par_iter())
                .map(|doc| body_requests(&doc.source, &doc.body, doc.body_line)),
        )
        .with_max_len(crate::PARALLEL_PIECE)
        .collect();
    let mut in_bodies = in_bodies.into_iter();
    for doc in &content.articles {
        let meta = &doc.meta;
        if let Some(image) = &meta.image {
            let location = locate(
                &doc.source,
                &doc.front_matter,
                doc.front_matter_line,
                image,
                0,
            );
            let request = |use_| Request {
                address: address(image),
                use_,
                location: location.clone(),
                document: Some(doc.source.clone()),
                front: true,
                shown: true,
            };
            requests.push(request(Use::Photo));
            match focus(meta.image_focus.as_deref()) {
                Ok(focus) => requests.push(request(Use::Card { focus })),
                Err(error) => {
                    let written = meta.image_focus.as_deref().unwrap_or_default();
                    let at = locate(
                        &doc.source,
                        &doc.front_matter,
                        doc.front_matter_line,
                        written,
                        0,
                    );
                    diagnostics.push(Diagnostic::new(at, error));
                }
            }
        }
        requests.extend(in_bodies.next().unwrap_or_default());
    }
    requests.extend(in_bodies.flatten());
    let partners_file = Path::new(CONTENT_DIR).join("partenaires.yaml");
    let logos = content.partners.iter().filter_map(|p| p.logo.as_ref());
    for (occurrence, logo) in logos.enumerate() {
        requests.push(Request {
            address: address(logo),
            use_: Use::Logo,
            location: locate_nested_key(
                &partners_file,
                &content.sources.partners,
                "logo",
                occurrence,
            ),
            document: None,
            front: false,
            shown: true,
        });
    }
    // Every SVG of `content/medias/` is published: each is checked.
    for file in &content.media {
        let file = crate::urls::slash_path(file);
        if extension(&file) == "svg" {
            requests.push(Request {
                address: address(&file),
                use_: Use::Photo,
                location: Location::file(Path::new(CONTENT_DIR).join(&file)),
                document: None,
                front: false,
                shown: false,
            });
        }
    }
    if let Some(image) = &content.config.share_image {
        let site_file = Path::new(CONTENT_DIR).join("site.yaml");
        requests.push(Request {
            address: address(image),
            use_: Use::Card { focus: (500, 500) },
            location: locate_key(&site_file, &content.sources.site, 1, "image_partage"),
            document: None,
            front: false,
            shown: true,
        });
    }
    (requests, diagnostics)
}

/// Whether the media file at `path` is an image (processed, refused or
/// published as it is).
pub fn is_image(path: &str) -> bool {
    is_processed(path) || ["svg", "gif"].contains(&extension(path).as_str())
}

/// `/medias/x.jpg` however written (`medias/x.jpg`).
fn address(written: &str) -> String {
    format!("/{}", written.trim().trim_start_matches('/'))
}

/// The images of a Markdown body that are files of `content/medias/`.
pub fn body_images(body: &str) -> Vec<(String, usize)> {
    // Every image, inline or by reference, is written `![`: a body without
    // one is not parsed again.
    if !body.contains("![") {
        return Vec::new();
    }
    Parser::new_ext(body, crate::commonmark::options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Image { dest_url, .. }) => Some((dest_url.to_string(), range.start)),
            _ => None,
        })
        .filter(|(url, _)| {
            url.trim_start_matches('/')
                .starts_with(&format!("{MEDIA_DIR}/"))
        })
        .map(|(url, at)| (address(&url), at))
        .collect()
}

fn body_requests(source: &Path, body: &str, first_line: usize) -> Vec<Request> {
    let images = body_images(body);
    if images.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(body, first_line);
    (images.into_iter())
        .map(|(address, at)| Request {
            address,
            use_: Use::Photo,
            location: lines.location(source, at),
            document: Some(source.to_path_buf()),
            front: false,
            shown: true,
        })
        .collect()
}

/// `image_focus: 30% 40%` as per mille; the centre when not given.
fn focus(written: Option<&str>) -> Result<(u16, u16), ImageError> {
    let Some(written) = written else {
        return Ok((500, 500));
    };
    let invalid = || ImageError::InvalidFocus(written.to_string());
    let parts: Vec<f64> = written
        .split_whitespace()
        .map(|p| {
            p.trim_end_matches('%')
                .trim()
                .replace(',', ".")
                .parse::<f64>()
        })
        .collect::<Result<_, _>>()
        .map_err(|_| invalid())?;
    match parts[..] {
        [x, y] if (0.0..=100.0).contains(&x) && (0.0..=100.0).contains(&y) => {
            Ok(((x * 10.0).round() as u16, (y * 10.0).round() as u16))
        }
        _ => Err(invalid()),
    }
}

/// Processes every image of `requests` not held back with its document,
/// taking what it can from `cache`, and hands their files to `sink`.
/// `defer` (the preview): an image not in the cache is processed in the
/// background, into the cache, and the page shows its original meanwhile,
/// so that no image holds back the preview of a text edit.
pub fn process(
    files: &dyn Files,
    theme: &str,
    requests: &[Request],
    held: &[(PathBuf, Hold)],
    (cache, defer): (&Cache, bool),
    sink: &dyn Sink,
) -> (Images, Diagnostics) {
    let held: HashSet<&Path> = held.iter().map(|(path, _)| path.as_path()).collect();
    let requests: Vec<&Request> = requests
        .iter()
        .filter(|r| r.document.as_deref().is_none_or(|d| !held.contains(d)))
        .collect();
    // One job per image and use, named where first found.
    let mut jobs: BTreeMap<(&str, Use), &Request> = BTreeMap::new();
    for request in &requests {
        jobs.entry((request.address.as_str(), request.use_))
            .or_insert(request);
    }
    let layout = Layout::new(files.root());
    let counts = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    // Each image's files go to the sink as soon as they exist, so that the
    // images of a site are never held all at once; a file two uses share
    // (a small logo also shown as a photo) goes once.
    let put: Mutex<BTreeSet<String>> = Mutex::default();
    let results: Vec<_> =
        jobs.into_par_iter()
            .map(|((address, use_), request)| {
                let result = process_one(files, &layout, request, (cache, defer), &counts)
                    .and_then(|processed| {
                        let Some((picture, published)) = processed else {
                            return Ok(None);
                        };
                        let mut paths = Vec::new();
                        for (path, bytes) in published {
                            let first = put
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .insert(path.clone());
                            if first {
                                sink.put(OutputFile::new(path.clone(), bytes))?;
                            }
                            paths.push(path);
                        }
                        Ok(Some((picture, paths)))
                    });
                ((address.to_string(), use_), result)
            })
            .collect();
    let mut images = Images {
        processed: counts.0.load(Ordering::Relaxed),
        reused: counts.1.load(Ordering::Relaxed),
        deferred: counts.2.load(Ordering::Relaxed),
        ..Images::default()
    };
    let mut outputs: BTreeSet<String> = BTreeSet::new();
    let mut diagnostics = Diagnostics::default();
    let mut done: BTreeMap<(String, Use), Picture> = BTreeMap::new();
    for (job, result) in results {
        match result {
            Ok(Some((picture, paths))) => {
                outputs.extend(paths);
                done.insert(job, picture);
            }
            Ok(None) => {}
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    for request in &requests {
        let Some(picture) = done.get(&(request.address.clone(), request.use_)) else {
            continue;
        };
        match request.use_ {
            Use::Photo => {
                images
                    .photos
                    .insert(request.address.clone(), picture.clone());
                if request.front
                    && let Some(doc) = &request.document
                {
                    images.headed.insert(content_key(doc));
                }
            }
            Use::Logo => {
                images
                    .logos
                    .insert(request.address.clone(), picture.clone());
            }
            Use::Card { .. } => {
                let Picture::Raster { fallback, .. } = picture else {
                    continue;
                };
                let card = fallback[0].clone();
                match &request.document {
                    Some(doc) => {
                        images.cards.insert(doc.clone(), card);
                    }
                    None => images.default_card = Some(card),
                }
            }
        }
    }
    if images.default_card.is_none() {
        images.default_card = theme_card(files, &layout.with_theme(theme));
    }
    images.paths = outputs.into_iter().collect();
    (images, diagnostics)
}

/// What one image gave: its picture and its files (output path → bytes),
/// or nothing (a card of an SVG: the default card stands in).
type Processed = Option<(Picture, Vec<(String, Vec<u8>)>)>;

fn process_one(
    files: &dyn Files,
    layout: &Layout,
    request: &Request,
    (cache, defer): (&Cache, bool),
    counts: &(AtomicUsize, AtomicUsize, AtomicUsize),
) -> Result<Processed, Diagnostic> {
    let fail = |error| Diagnostic::new(request.location.clone(), error);
    let address = &request.address;
    let Some(relative) = address.strip_prefix(&format!("/{MEDIA_DIR}/")) else {
        // An article's `image` outside `content/medias/` is the
        // validation's to report.
        if request.front {
            return Ok(None);
        }
        return Err(fail(ImageError::Missing(address.clone())));
    };
    let path = layout.media().join(relative);
    let extension = extension(address);
    if extension == "heic" || extension == "heif" {
        return Err(fail(ImageError::Heic(address.clone())));
    }
    let bytes = match files.read_path(&path, STATIC_LIMIT) {
        Ok(bytes) => bytes,
        Err(refused) if refused.error.is_not_found() => {
            // An article's `image` that is missing is the validation's to report.
            if request.front {
                return Ok(None);
            }
            return Err(fail(ImageError::Missing(address.clone())));
        }
        Err(refused) => return Err(crate::load::refusal(files.root(), refused)),
    };
    if extension == "svg" {
        return svg_picture(files, &path, address, &bytes, request.use_);
    }
    if bytes.is_empty() {
        return Err(fail(ImageError::Empty(address.clone())));
    }
    if is_heic(&bytes) {
        return Err(fail(ImageError::Heic(address.clone())));
    }
    if !RASTER.contains(&extension.as_str()) {
        if CONVERT.contains(&extension.as_str()) {
            return Err(fail(ImageError::Unsupported(address.clone())));
        }
        // A GIF, say: published as it is.
        return Ok(None);
    }
    let key = cache::key(&bytes, &request.use_.parameters());
    // An entry without a fallback file is no entry (a cache edited by hand).
    let cached = cache
        .get(&key)
        .filter(|entry| entry.files.iter().any(|f| !f.role.ends_with(".webp")));
    let entry = match cached {
        Some(entry) => {
            counts.1.fetch_add(1, Ordering::Relaxed);
            entry
        }
        None if defer => {
            counts.2.fetch_add(1, Ordering::Relaxed);
            return Ok(background::defer(bytes, request.use_, key, cache, address));
        }
        None => {
            let entry = encode_entry(&bytes, request.use_).map_err(|error| {
                fail(match error {
                    ImageError::TooManyPixels { width, height } => ImageError::TooLarge {
                        path: address.clone(),
                        width,
                        height,
                    },
                    _ => ImageError::Unreadable(address.clone()),
                })
            })?;
            counts.0.fetch_add(1, Ordering::Relaxed);
            cache.put(&key, &entry);
            entry
        }
    };
    Ok(Some(picture(address, entry)))
}

/// HEIF's signature (`ftypheic`, `ftypmif1`…), whatever the file's name.
fn is_heic(bytes: &[u8]) -> bool {
    bytes.get(4..8) == Some(b"ftyp")
        && bytes.get(8..12).is_some_and(|brand| {
            [
                b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1",
            ]
            .contains(&brand.try_into().unwrap_or(&[0; 4]))
        })
}

fn svg_picture(
    files: &dyn Files,
    path: &Path,
    address: &str,
    bytes: &[u8],
    use_: Use,
) -> Result<Processed, Diagnostic> {
    let text = String::from_utf8_lossy(bytes);
    if let Err(found) = svg::check(&text) {
        let file = display_path(files.root(), path);
        let location = Location::at(file, found.line, None);
        let error = ImageError::UnsafeSvg {
            path: address.to_string(),
            what: found.what,
        };
        return Err(Diagnostic::new(location, error));
    }
    if matches!(use_, Use::Card { .. }) {
        return Ok(None);
    }
    let picture = Picture::Single {
        path: address.to_string(),
        size: svg::size(&text),
    };
    Ok(Some((picture, Vec::new())))
}

/// Decodes and encodes one image for `use_`.
fn encode_entry(bytes: &[u8], use_: Use) -> Result<Entry, ImageError> {
    let (pixels, encoding) = encode::decode(bytes)?;
    let mut files = Vec::new();
    match use_ {
        Use::Photo | Use::Logo => {
            let widths: &[u32] = if use_ == Use::Logo {
                &LOGO_WIDTHS
            } else {
                &PHOTO_WIDTHS
            };
            // Each width on its own thread: a 12-megapixel photo is most
            // of the image work of a build.
            let encoded: Vec<Vec<Encoded>> = published_widths(pixels.width, widths)
                .into_par_iter()
                .map(|width| variants(&pixels, width, encoding))
                .collect();
            files.extend(encoded.into_iter().flatten());
        }
        Use::Card { focus } => {
            let (w, h) = CARD_SIZE;
            let at = (f64::from(focus.0) / 1000.0, f64::from(focus.1) / 1000.0);
            let card = pixels.card(w, h, at);
            files.push(Encoded {
                role: card_role(focus),
                width: w,
                height: h,
                bytes: card.jpeg(encode::CARD_QUALITY),
            });
        }
    }
    Ok(Entry {
        width: pixels.width,
        height: pixels.height,
        files,
    })
}

/// The card's name: `partage.jpg` cut around the centre, else with its
/// focus (`partage-300-400.jpg`), so that two cards of one image (an
/// article's, the site's default) never share a file.
fn card_role(focus: (u16, u16)) -> String {
    if focus == (500, 500) {
        "partage.jpg".into()
    } else {
        format!("partage-{}-{}.jpg", focus.0, focus.1)
    }
}

fn variants(pixels: &Pixels, width: u32, encoding: Encoding) -> Vec<Encoded> {
    let resized;
    let scaled = if width == pixels.width {
        pixels
    } else {
        resized = pixels.resized(width);
        &resized
    };
    let file = |extension: &str, bytes| Encoded {
        role: format!("{width}.{extension}"),
        width: scaled.width,
        height: scaled.height,
        bytes,
    };
    vec![
        file("webp", scaled.webp(encoding)),
        file(encoding.fallback_extension(), scaled.fallback(encoding)),
    ]
}

/// The widths published of an image `original` pixels wide: those of
/// `widths` narrower than it, and the widest it allows.
pub fn published_widths(original: u32, widths: &[u32]) -> Vec<u32> {
    let largest = widths
        .iter()
        .copied()
        .max()
        .unwrap_or(original)
        .min(original);
    let mut published: BTreeSet<u32> = widths.iter().copied().filter(|w| *w < largest).collect();
    published.insert(largest);
    published.into_iter().collect()
}

/// The picture of an entry, and its files at their output paths: the
/// original's path without extension, then `-480.webp`, `-partage.jpg`…
fn picture(address: &str, entry: Entry) -> (Picture, Vec<(String, Vec<u8>)>) {
    let stem = address
        .rsplit_once('.')
        .map_or(address, |(stem, _)| stem)
        .to_string();
    let mut modern = Vec::new();
    let mut fallback = Vec::new();
    let mut published = Vec::new();
    let original = (entry.width, entry.height);
    for file in entry.files {
        let path = format!("{stem}-{}", file.role);
        let variant = Variant {
            path: path.clone(),
            width: file.width,
            height: file.height,
        };
        if file.role.ends_with(".webp") {
            modern.push(variant);
        } else {
            fallback.push(variant);
        }
        published.push((path.trim_start_matches('/').to_string(), file.bytes));
    }
    let picture = Picture::Raster {
        modern,
        fallback,
        original,
    };
    (picture, published)
}

/// The theme's `partage.png` (or the site's `static/` one), with
/// its size read from its header.
fn theme_card(files: &dyn Files, layout: &Layout) -> Option<Variant> {
    let dirs = layout.static_dirs();
    let dir = dirs
        .iter()
        .rev()
        .filter(|(_, kind)| matches!(kind, StaticKind::Assets))
        .map(|(dir, _)| dir.join(THEME_CARD))
        .find(|path| files.read_path(path, STATIC_LIMIT).is_ok())?;
    let bytes = files.read_path(&dir, STATIC_LIMIT).ok()?;
    let (width, height) = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()?;
    Some(Variant {
        path: format!("/{THEME_CARD}"),
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_exceed_the_original() {
        assert_eq!(published_widths(4000, &PHOTO_WIDTHS), vec![480, 960, 1600]);
        assert_eq!(published_widths(1000, &PHOTO_WIDTHS), vec![480, 960, 1000]);
        assert_eq!(published_widths(300, &PHOTO_WIDTHS), vec![300]);
        assert_eq!(published_widths(960, &PHOTO_WIDTHS), vec![480, 960]);
    }

    #[test]
    fn focus_reads_two_percentages() {
        assert_eq!(focus(None).unwrap(), (500, 500));
        assert_eq!(focus(Some("30% 40%")).unwrap(), (300, 400));
        assert_eq!(focus(Some("12,5 100")).unwrap(), (125, 1000));
        assert!(focus(Some("30%")).is_err());
        assert!(focus(Some("120% 4%")).is_err());
    }

    #[test]
    fn heic_is_known_by_its_signature() {
        assert!(is_heic(b"\0\0\0\x18ftypheic\0\0\0\0"));
        assert!(!is_heic(b"\xff\xd8\xff\xe0"));
    }
}
