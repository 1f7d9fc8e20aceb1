//! Images (issue 15): article, body and logo images published in several
//! widths as WebP with a JPEG/PNG fallback, oriented, without metadata;
//! social cards; the processing cache; and every bad image refused in
//! French, naming the file and the line, the previous output untouched.

mod common;

use std::io::Cursor;

use common::Fixture;
use common::assertions::{assert_at, assert_french, single};
use image::{ImageDecoder, Rgb, RgbImage};
use vitrine::images::Images;
use vitrine::pipeline::{self, Inspector};
use vitrine::source::SiteFiles;

const FIRST: &str = "content/actualites/premier.md";
const SECOND: &str = "content/actualites/second.md";
const RED: [u8; 3] = [220, 20, 20];
const BLUE: [u8; 3] = [20, 20, 220];

/// A JPEG `width` × `height`, its left part red and the rest blue (the
/// split at `split` of the width), with an EXIF block holding
/// `orientation` and a GPS position when given.
fn photo(width: u32, height: u32, split: f32, orientation: Option<u16>) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, _| {
        Rgb(if (x as f32) < split * width as f32 {
            RED
        } else {
            BLUE
        })
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&image)
        .expect("encode");
    match orientation {
        Some(orientation) => with_exif(&jpeg, orientation),
        None => jpeg,
    }
}

/// Text in the EXIF block that must never be published.
const SECRET: &[u8] = b"Domicile-du-photographe";

/// `jpeg` with an APP1 EXIF segment: orientation, a description (the
/// secret) and a GPS latitude.
fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = tag.to_le_bytes().to_vec();
        e.extend(kind.to_le_bytes());
        e.extend(count.to_le_bytes());
        e.extend(value.to_le_bytes());
        e
    };
    // IFD0 at 8: 3 entries (2 + 36 + 4 bytes), then the description, then the GPS IFD.
    let description_at = 8 + 2 + 3 * 12 + 4;
    let gps_at = description_at + SECRET.len() as u32 + 1;
    tiff.extend(3u16.to_le_bytes());
    tiff.extend(entry(0x010e, 2, SECRET.len() as u32 + 1, description_at));
    tiff.extend(entry(0x0112, 3, 1, u32::from(orientation)));
    tiff.extend(entry(0x8825, 4, 1, gps_at));
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(SECRET);
    tiff.push(0);
    // GPS IFD: latitude reference "N" and latitude 48/1 51/1 0/1.
    let rationals_at = gps_at + 2 + 2 * 12 + 4;
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(entry(0x0001, 2, 2, u32::from(b'N')));
    tiff.extend(entry(0x0002, 5, 3, rationals_at));
    tiff.extend(0u32.to_le_bytes());
    for (n, d) in [(48u32, 1u32), (51, 1), (0, 1)] {
        tiff.extend(n.to_le_bytes());
        tiff.extend(d.to_le_bytes());
    }
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xff, 0xe1]);
    out.extend(
        u16::try_from(segment.len() + 2)
            .expect("small")
            .to_be_bytes(),
    );
    out.extend(segment);
    out.extend(&jpeg[2..]);
    out
}

/// The pixel size of an encoded image.
fn size_of(bytes: &[u8]) -> (u32, u32) {
    image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .expect("format")
        .into_dimensions()
        .expect("dimensions")
}

fn pixel(bytes: &[u8], x: u32, y: u32) -> [u8; 3] {
    let image = image::load_from_memory(bytes).expect("decode").into_rgb8();
    image.get_pixel(x, y).0
}

fn is_red(p: [u8; 3]) -> bool {
    p[0] > 150 && p[2] < 100
}

fn is_blue(p: [u8; 3]) -> bool {
    p[2] > 150 && p[0] < 100
}

/// The minimal site with `image: /medias/photo.jpg` on the first article.
fn with_article_image(bytes: &[u8]) -> Fixture {
    let site = Fixture::minimal();
    site.write_bytes("content/medias/photo.jpg", bytes).replace(
        FIRST,
        "chapo: Le chapo.\n",
        "chapo: Le chapo.\nimage: /medias/photo.jpg\nimage_alt: Le campus au bord de la Seine\n",
    );
    site
}

#[test]
fn an_article_image_is_published_in_every_width_and_two_formats() {
    let site = with_article_image(&photo(2000, 1000, 0.5, None));
    let built = site.build().expect("builds");
    for width in [480, 960, 1600] {
        for format in ["webp", "jpg"] {
            let path = format!("medias/photo-{width}.{format}");
            let bytes = &built.files[&path];
            assert_eq!(size_of(bytes), (width, width / 2), "{path}");
        }
    }
    assert_eq!(&built.files["medias/photo-480.webp"][8..12], b"WEBP");
    assert!(
        !built.has("medias/photo.jpg"),
        "the original is never published"
    );
    let page = built.page("/actualites/premier-article/");
    let webp = "srcset=\"/medias/photo-480.webp 480w, /medias/photo-960.webp 960w, /medias/photo-1600.webp 1600w\"";
    assert!(
        page.contains(&format!("<source type=\"image/webp\" {webp}")),
        "{page}"
    );
    assert!(page.contains("srcset=\"/medias/photo-480.jpg 480w, /medias/photo-960.jpg 960w, /medias/photo-1600.jpg 1600w\""), "{page}");
    assert!(page.contains("sizes=\"(max-width: 48rem) calc(100vw - 2rem), 46rem\""));
    // The article's image is the first of its page: it loads at once.
    assert!(page.contains(
        "<img src=\"/medias/photo-1600.jpg\" srcset=\"/medias/photo-480.jpg 480w, /medias/photo-960.jpg 960w, /medias/photo-1600.jpg 1600w\" sizes=\"(max-width: 48rem) calc(100vw - 2rem), 46rem\" width=\"1600\" height=\"800\" alt=\"Le campus au bord de la Seine\" fetchpriority=\"high\">"
    ), "{page}");
    assert!(
        !page.contains("medias/photo.jpg"),
        "the original is never linked"
    );
}

#[test]
fn a_small_original_is_never_enlarged() {
    let site = with_article_image(&photo(700, 350, 0.5, None));
    let built = site.build().expect("builds");
    let page = built.page("/actualites/premier-article/");
    assert!(
        page.contains("/medias/photo-480.webp 480w, /medias/photo-700.webp 700w\""),
        "{page}"
    );
    assert!(!built.has("medias/photo-960.webp"));
    assert_eq!(size_of(&built.files["medias/photo-700.jpg"]), (700, 350));
}

#[test]
fn body_images_are_pictures_lazy_but_the_first_of_a_page() {
    let site = Fixture::minimal();
    site.write_bytes("content/medias/vue.jpg", &photo(800, 600, 0.5, None))
        .replace(
            SECOND,
            "Voir le",
            "![Une vue du **campus**](/medias/vue.jpg)\n\n![Encore](/medias/vue.jpg)\n\nVoir le",
        )
        .replace(
            "content/pages/a-propos.md",
            "Le hub.",
            "Le hub.\n\n![](/medias/vue.jpg \"Titre\")",
        );
    let built = site.build().expect("builds");
    let page = built.page("/actualites/second-article/");
    let first = page
        .find("alt=\"Une vue du campus\" fetchpriority=\"high\">")
        .expect(&page);
    let second = page
        .find("alt=\"Encore\" loading=\"lazy\" decoding=\"async\">")
        .expect(&page);
    assert!(first < second);
    assert!(page.contains("width=\"800\" height=\"600\""));
    assert!(page.contains("/medias/vue-480.webp 480w, /medias/vue-800.webp 800w"));
    // A page that opens with the article's image: body images all wait.
    site.write_bytes("content/medias/photo.jpg", &photo(1000, 500, 0.5, None))
        .replace(
            SECOND,
            "date: 2023-10-01\n",
            "date: 2023-10-01\nimage: /medias/photo.jpg\nimage_alt: Photo\n",
        );
    let page = site
        .build()
        .expect("builds")
        .page("/actualites/second-article/");
    assert!(
        page.contains("alt=\"Une vue du campus\" loading=\"lazy\""),
        "{page}"
    );
    assert!(
        page.contains("alt=\"Photo\" fetchpriority=\"high\">"),
        "{page}"
    );
}

#[test]
fn exif_orientation_is_applied_and_no_metadata_is_published() {
    // Orientation 6: the camera was turned; seen upright, the left of the
    // stored pixels is the top.
    let site = with_article_image(&photo(1200, 600, 0.5, Some(6)));
    let built = site.build().expect("builds");
    let jpeg = &built.files["medias/photo-480.jpg"];
    assert_eq!(size_of(jpeg), (480, 960));
    assert!(is_red(pixel(jpeg, 240, 100)), "{:?}", pixel(jpeg, 240, 100));
    assert!(is_blue(pixel(jpeg, 240, 860)));
    let page = built.page("/actualites/premier-article/");
    assert!(page.contains("width=\"600\" height=\"1200\""), "{page}");
    for (path, bytes) in &built.files {
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(
            !has(b"Exif") && !has(SECRET),
            "metadata published in {path}"
        );
        if path.ends_with(".jpg") {
            let mut decoder =
                image::codecs::jpeg::JpegDecoder::new(Cursor::new(bytes)).expect("jpeg");
            assert_eq!(decoder.exif_metadata().expect("read"), None, "{path}");
        }
    }
}

#[test]
fn each_article_has_a_1200_by_630_card_cut_around_its_focus() {
    // A wide photo: red on its left third, blue elsewhere.
    let site = with_article_image(&photo(3000, 1000, 0.33, None));
    site.replace(FIRST, "image_alt:", "image_focus: 5% 50%\nimage_alt:");
    let built = site.build().expect("builds");
    let card = &built.files["medias/photo-partage-50-500.jpg"];
    assert_eq!(size_of(card), (1200, 630));
    assert_eq!(&card[..3], &[0xff, 0xd8, 0xff], "a JPEG");
    // Cut at the left edge: the card's left half is red.
    assert!(is_red(pixel(card, 300, 315)));
    let page = built.page("/actualites/premier-article/");
    for meta in [
        "<meta property=\"og:image\" content=\"https://example.org/medias/photo-partage-50-500.jpg\">",
        "<meta property=\"og:image:type\" content=\"image/jpeg\">",
        "<meta property=\"og:image:width\" content=\"1200\">",
        "<meta property=\"og:image:height\" content=\"630\">",
        // X reads og:image: its own twitter:image would repeat it.
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
    ] {
        assert!(page.contains(meta), "{meta} missing in:\n{page}");
    }
    assert!(!page.contains("twitter:image"), "{page}");
    // Focus on the right: blue.
    site.replace(FIRST, "image_focus: 5% 50%", "image_focus: 95% 50%");
    let card = site.build().expect("builds").files["medias/photo-partage-950-500.jpg"].clone();
    assert!(is_blue(pixel(&card, 300, 315)));
}

#[test]
fn pages_without_their_own_image_share_the_site_default() {
    let site = Fixture::minimal();
    site.write_bytes("content/medias/partage.jpg", &photo(1600, 900, 0.5, None));
    // Without one: the theme's card.
    let before = site.build().expect("builds").page("/a-propos/");
    assert!(
        before.contains("<meta property=\"og:image\" content=\"https://example.org/partage.png\">"),
        "{before}"
    );
    let text = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &format!("{text}image_partage: /medias/partage.jpg\n"),
    );
    let built = site.build().expect("builds");
    for page in ["/a-propos/", "/", "/actualites/premier-article/"] {
        let html = built.page(page);
        assert!(
            html.contains("content=\"https://example.org/medias/partage-partage.jpg\">"),
            "{page}:\n{html}"
        );
    }
    assert_eq!(
        size_of(&built.files["medias/partage-partage.jpg"]),
        (1200, 630)
    );
}

/// Counts the image work of each build.
#[derive(Default)]
struct Count {
    processed: usize,
    reused: usize,
}

impl vitrine::markdown::BodyInspector for Count {
    fn body(
        &self,
        _: &vitrine::markdown::Source,
        _: &vitrine::commonmark::LineIndex,
        _: &[(pulldown_cmark::Event<'_>, std::ops::Range<usize>)],
    ) {
    }
}

impl Inspector for Count {
    fn images(&mut self, images: &Images) {
        self.processed = images.processed;
        self.reused = images.reused;
    }
}

fn counted(site: &Fixture) -> (Count, Vec<vitrine::output::OutputFile>) {
    let mut count = Count::default();
    let built = pipeline::build_with(&SiteFiles::new(site.root()), &site.options(), &mut count)
        .expect("builds");
    (count, built.files)
}

#[test]
fn a_second_build_takes_every_image_from_the_cache() {
    let site = with_article_image(&photo(2000, 1000, 0.5, None));
    site.write_bytes("content/medias/vue.jpg", &photo(800, 600, 0.5, None))
        .replace(SECOND, "Voir le", "![Vue](/medias/vue.jpg)\n\nVoir le");
    let (first, files) = counted(&site);
    // The article's photo and its card, the body's photo.
    assert_eq!((first.processed, first.reused), (3, 0));
    let (second, again) = counted(&site);
    assert_eq!((second.processed, second.reused), (0, 3));
    assert_eq!(files, again, "the cache gives the very same files");
    let ignore = site.read(".vitrine-cache/.gitignore");
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    // A changed image is processed again, alone.
    site.write_bytes("content/medias/vue.jpg", &photo(800, 600, 0.25, None));
    let (third, _) = counted(&site);
    assert_eq!((third.processed, third.reused), (1, 2));
    // Deleting the cache is safe: everything is made again, the same.
    site.remove(".vitrine-cache");
    site.write_bytes("content/medias/vue.jpg", &photo(800, 600, 0.5, None));
    let (fourth, rebuilt) = counted(&site);
    assert_eq!((fourth.processed, fourth.reused), (3, 0));
    assert_eq!(files, rebuilt, "processing is deterministic");
}

#[test]
fn partner_logos_show_on_cards_and_partner_pages() {
    let site = Fixture::minimal();
    let logo = RgbImage::from_fn(600, 200, |x, _| Rgb(if x < 300 { RED } else { BLUE }));
    let mut png = Vec::new();
    logo.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    site.write_bytes("content/medias/logos/alpha.png", &png)
        .write(
            "content/medias/logos/beta.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 100\"><rect width=\"300\" height=\"100\" fill=\"#036\"/></svg>",
        );
    let partners = site.read("content/partenaires.yaml");
    let partners = partners
        .replacen(
            "  description:",
            "  logo: /medias/logos/alpha.png\n  description:",
            1,
        )
        .replacen(
            "- id: beta\n",
            "- id: beta\n  logo: /medias/logos/beta.svg\n",
            1,
        );
    site.write("content/partenaires.yaml", &partners);
    let built = site.build().expect("builds");
    assert_eq!(
        size_of(&built.files["medias/logos/alpha-320.png"]),
        (320, 107)
    );
    assert!(built.has("medias/logos/alpha-160.webp"));
    assert!(!built.has("medias/logos/alpha.png"));
    let page = built.page("/partenaires/alpha/");
    assert!(page.contains("<div class=\"partenaire__logo\"><picture><source type=\"image/webp\" srcset=\"/medias/logos/alpha-160.webp 160w, /medias/logos/alpha-320.webp 320w\" sizes=\"10rem\">"), "{page}");
    assert!(
        page.contains("width=\"320\" height=\"107\" alt=\"\" fetchpriority=\"high\">"),
        "{page}"
    );
    let convention = built.page("/convention/");
    assert!(
        convention.contains("alpha-320.png\" srcset="),
        "{convention}"
    );
    assert!(convention.contains("alt=\"\" loading=\"lazy\" decoding=\"async\">"));
    assert!(convention.contains("<img src=\"/medias/logos/beta.svg\" alt=\"\" width=\"300\" height=\"100\" loading=\"lazy\" decoding=\"async\">"), "{convention}");
}

// Bad input: each refused in French, at its file and line, the previous
// output untouched.

/// The minimal site, published, then given `bytes` as the second
/// article's body image `name` (line 8 of the file): the one problem.
fn body_image_fails(name: &str, bytes: Option<&[u8]>) -> vitrine::Diagnostic {
    let site = Fixture::minimal();
    let before = site.published();
    if let Some(bytes) = bytes {
        site.write_bytes(&format!("content/medias/{name}"), bytes);
    }
    site.replace(
        SECOND,
        "Voir le",
        &format!("![Une photo](/medias/{name})\n\nVoir le"),
    );
    let mut diagnostics = site.fails(&before);
    assert_eq!(diagnostics.len(), 1, "{diagnostics}");
    let diagnostic = diagnostics.0.remove(0);
    assert_at(&diagnostic, SECOND, Some(8));
    diagnostic
}

#[test]
fn a_corrupt_image_is_refused() {
    let diagnostic = body_image_fails(
        "abimee.jpg",
        Some(b"\xff\xd8\xff\xe0 pas vraiment une photo"),
    );
    assert_eq!(
        diagnostic.to_string(),
        "erreur : image illisible « /medias/abimee.jpg » : ce n'est pas une image JPEG, PNG ou WebP valide\n  --> content/actualites/second.md:8:1\n  = aide : le fichier est abîmé ou n'est pas une image : ouvrez-le dans un logiciel d'images et enregistrez-le en JPEG ou en PNG"
    );
}

#[test]
fn a_zero_byte_image_is_refused() {
    let diagnostic = body_image_fails("vide.jpg", Some(b""));
    assert_eq!(
        diagnostic.message(),
        "image vide (0 octet) « /medias/vide.jpg »"
    );
    assert_eq!(
        diagnostic.hint().as_deref(),
        Some("le fichier est vide : copiez à nouveau l'image depuis son origine")
    );
}

#[test]
fn a_heic_photo_is_refused_with_how_to_convert_it() {
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
    let diagnostic = body_image_fails("iphone.heic", Some(heic));
    assert_eq!(
        diagnostic.message(),
        "format HEIC non pris en charge « /medias/iphone.heic »"
    );
    let hint = diagnostic.hint().expect("hint");
    assert!(hint.contains("convertissez la photo en JPEG"), "{hint}");
    assert!(hint.contains("Aperçu"), "{hint}");
    // Named .jpg, still HEIC inside: told the same.
    let diagnostic = body_image_fails("renommee.jpg", Some(heic));
    assert_eq!(
        diagnostic.message(),
        "format HEIC non pris en charge « /medias/renommee.jpg »"
    );
}

/// A PNG that declares `width` × `height` pixels and holds almost nothing.
fn bomb(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend(u32::try_from(data.len()).expect("small").to_be_bytes());
        let mut crc_input = kind.to_vec();
        crc_input.extend(data);
        out.extend(&crc_input);
        out.extend(crc32(&crc_input).to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = width.to_be_bytes().to_vec();
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &header);
    chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut png, b"IEND", &[]);
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_decompression_bomb_is_refused_before_decoding() {
    let png = bomb(40_000, 40_000);
    assert!(png.len() < 100);
    let started = std::time::Instant::now();
    let diagnostic = body_image_fails("bombe.png", Some(&png));
    assert_eq!(
        diagnostic.message(),
        "image trop grande « /medias/bombe.png » : 40000 × 40000 pixels, la limite est de 50 millions de pixels"
    );
    // Decoding 1.6 billion pixels would take minutes and 4.8 GB.
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn a_missing_body_image_is_named() {
    let diagnostic = body_image_fails("absente.jpg", None);
    assert_eq!(
        diagnostic.message(),
        "image introuvable « /medias/absente.jpg »"
    );
}

#[test]
fn an_svg_with_a_script_is_refused_naming_the_element() {
    let site = Fixture::minimal();
    let before = site.published();
    site.write(
        "content/medias/logos/piege.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect width=\"1\" height=\"1\"/>\n<script>fetch('/')</script>\n</svg>",
    );
    let diagnostics = site.fails(&before);
    let diagnostic = single(&diagnostics);
    assert_french(diagnostic);
    assert_at(diagnostic, "content/medias/logos/piege.svg", Some(3));
    assert_eq!(
        diagnostic.message(),
        "SVG refusé « /medias/logos/piege.svg » : il contient un élément <script>"
    );
}

#[test]
fn an_invalid_focus_is_named_at_its_line() {
    let site = with_article_image(&photo(800, 400, 0.5, None));
    site.replace(FIRST, "image_alt:", "image_focus: au milieu\nimage_alt:");
    let diagnostics = site.errors();
    let diagnostic = single(&diagnostics);
    assert_french(diagnostic);
    assert_at(diagnostic, FIRST, Some(7));
    assert_eq!(
        diagnostic.message(),
        "point d'intérêt invalide « au milieu »"
    );
}

#[test]
fn the_preview_shows_a_new_image_at_once_and_processes_it_in_the_background() {
    let site = with_article_image(&photo(2000, 1000, 0.5, None));
    let mut options = site.options();
    options.defer_images = true;
    let files = SiteFiles::new(site.root());
    let mut count = Count::default();
    let built = pipeline::build_with(&files, &options, &mut count).expect("builds");
    // Nothing was waited for: the page shows the original, at its size.
    assert_eq!((count.processed, count.reused), (0, 0));
    let page = built
        .files
        .iter()
        .find(|f| f.path == "actualites/premier-article/index.html")
        .expect("page");
    let page = String::from_utf8_lossy(&page.contents);
    assert!(page.contains("<img src=\"/medias/photo.jpg\" alt=\"Le campus au bord de la Seine\" width=\"2000\" height=\"1000\" fetchpriority=\"high\">"), "{page}");
    assert!(built.files.iter().any(|f| f.path == "medias/photo.jpg"));
    // Once the background work is done, the next rebuild finds it all.
    vitrine::images::settle();
    let mut count = Count::default();
    let built = pipeline::build_with(&files, &options, &mut count).expect("builds");
    assert_eq!((count.processed, count.reused), (0, 2));
    assert!(
        built
            .files
            .iter()
            .any(|f| f.path == "medias/photo-1600.webp")
    );
}

// `vitrine check`: images far too large, unused, or described by a file name.

fn findings(site: &Fixture) -> Vec<(String, String)> {
    let report = vitrine::check::check(&site.options(), false);
    assert!(report.errors.is_empty(), "{}", report.errors);
    report
        .findings
        .iter()
        .map(|f| {
            let at = format!(
                "{}:{}",
                f.location.file.display(),
                f.location.line.unwrap_or(0)
            );
            (at, f.lint.to_string())
        })
        .collect()
}

#[test]
fn check_warns_of_oversized_unused_and_file_named_images() {
    let site = with_article_image(&photo(3400, 1000, 0.5, None));
    site.write_bytes("content/medias/oubli.jpg", &photo(100, 100, 0.5, None))
        .write_bytes("content/medias/vue.jpg", &photo(800, 600, 0.5, None))
        .replace(
            SECOND,
            "Voir le",
            "![IMG_2041.jpg](/medias/vue.jpg)\n\nVoir le",
        )
        .replace(
            FIRST,
            "image_alt: Le campus au bord de la Seine",
            "image_alt: DSC00012",
        );
    let found = findings(&site);
    let has = |at: &str, message: &str| {
        assert!(
            found.iter().any(|(a, m)| a == at && m == message),
            "{at} {message} not in {found:#?}"
        );
    };
    has(
        "content/medias/photo.jpg:0",
        "image bien plus grande que nécessaire : 3\u{202f}400 × 1\u{202f}000 pixels",
    );
    has(
        "content/medias/oubli.jpg:0",
        "image que ne montre aucune page",
    );
    has(
        &format!("{SECOND}:8"),
        "le texte alternatif « IMG_2041.jpg » est un nom de fichier",
    );
    has(
        &format!("{FIRST}:7"),
        "le texte alternatif « DSC00012 » est un nom de fichier",
    );
    // Used images, of a sensible size and well described: nothing to say.
    assert!(
        !found
            .iter()
            .any(|(a, _)| a.starts_with("content/medias/vue.jpg")),
        "{found:#?}"
    );
}

#[test]
fn a_damaged_cache_entry_is_made_again() {
    let site = with_article_image(&photo(1000, 500, 0.5, None));
    let (_, files) = counted(&site);
    // Every entry's list of files emptied, as by a hand or a full disk.
    for entry in std::fs::read_dir(site.path(".vitrine-cache/images")).expect("cache") {
        let entry = entry.expect("entry").path();
        let index = std::fs::read_to_string(entry.join("index")).expect("index");
        let first = index.lines().next().expect("size line").to_string();
        std::fs::write(entry.join("index"), format!("{first}\n")).expect("write");
    }
    let (count, again) = counted(&site);
    assert_eq!((count.processed, count.reused), (2, 0));
    assert_eq!(files, again);
}

#[test]
fn an_article_card_and_the_site_card_of_one_image_are_two_files() {
    let site = with_article_image(&photo(3000, 1000, 0.33, None));
    site.replace(FIRST, "image_alt:", "image_focus: 5% 50%\nimage_alt:");
    let text = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &format!("{text}image_partage: /medias/photo.jpg\n"),
    );
    let built = site.build().expect("builds");
    let article = built.page("/actualites/premier-article/");
    assert!(
        article.contains("content=\"https://example.org/medias/photo-partage-50-500.jpg\">"),
        "{article}"
    );
    let page = built.page("/a-propos/");
    assert!(
        page.contains("content=\"https://example.org/medias/photo-partage.jpg\">"),
        "{page}"
    );
    // Cut at the left edge, and at the centre (blue there).
    assert!(is_red(pixel(
        &built.files["medias/photo-partage-50-500.jpg"],
        300,
        315
    )));
    assert!(is_blue(pixel(
        &built.files["medias/photo-partage.jpg"],
        900,
        315
    )));
}
