//! Pixels: decoding with a pixel limit checked before any pixel is
//! decoded, EXIF orientation, resizing, and the encoders. What comes out
//! holds pixels only: re-encoding drops EXIF (GPS position, camera), XMP
//! and colour profiles of the original.

use std::io::Cursor;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{PixelType, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageReader, Limits};

use super::ImageError;

/// The largest image decoded: 50 megapixels (a phone photo has 12, a
/// professional camera's 45). A decompression bomb (40,000 × 40,000 pixels
/// in a few kB) is refused on its header, before any pixel is decoded.
pub const MAX_PIXELS: u64 = 50_000_000;

/// WebP quality of photos (libwebp's scale): no visible loss at the sizes
/// shown, a third of the fallback JPEG's bytes.
pub const WEBP_QUALITY: f32 = 80.0;
/// Quality of the fallback JPEG.
pub const JPEG_QUALITY: u8 = 82;
/// Quality of social cards (JPEG: every network reads it).
pub const CARD_QUALITY: u8 = 85;

/// A decoded image, oriented as it is meant to be seen.
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    /// RGB, or RGBA when `alpha`.
    pub data: Vec<u8>,
    pub alpha: bool,
}

/// The formats a processed image is published in: a modern one and the
/// fallback every browser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Photos: lossy WebP, JPEG fallback.
    Photo,
    /// Drawings, logos, anything with transparency: lossless WebP, PNG
    /// fallback (a JPEG would blur the edges of the letters).
    Graphic,
}

impl Encoding {
    pub fn fallback_extension(self) -> &'static str {
        match self {
            Encoding::Photo => "jpg",
            Encoding::Graphic => "png",
        }
    }
}

/// Decodes `bytes`, refusing more than [`MAX_PIXELS`] before decoding.
/// Returns the pixels, oriented by the EXIF tag, and which encoding suits
/// them (PNG, WebP with alpha: graphic).
pub fn decode(bytes: &[u8]) -> Result<(Pixels, Encoding), ImageError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ImageError::Corrupt)?;
    let Some(format) = reader.format() else {
        return Err(ImageError::Corrupt);
    };
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| ImageError::Corrupt)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageError::TooManyPixels { width, height });
    }
    if width == 0 || height == 0 {
        return Err(ImageError::Corrupt);
    }
    let orientation = decoder.orientation().map_err(|_| ImageError::Corrupt)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| ImageError::Corrupt)?;
    image.apply_orientation(orientation);
    let alpha = image.color().has_alpha();
    let encoding = if alpha || format == image::ImageFormat::Png {
        Encoding::Graphic
    } else {
        Encoding::Photo
    };
    let (width, height) = (image.width(), image.height());
    let data = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    Ok((
        Pixels {
            width,
            height,
            data,
            alpha,
        },
        encoding,
    ))
}

/// The size of an image as seen (EXIF orientation applied), from its
/// header alone; `None` when it cannot be read.
pub fn oriented_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut decoder = reader.into_decoder().ok()?;
    let (width, height) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation().ok()?,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    Some(if turned {
        (height, width)
    } else {
        (width, height)
    })
}

impl Pixels {
    fn pixel_type(&self) -> PixelType {
        if self.alpha {
            PixelType::U8x4
        } else {
            PixelType::U8x3
        }
    }

    /// The image scaled to `width` (height kept in proportion).
    pub fn resized(&self, width: u32) -> Pixels {
        let height = scaled_height(self.width, self.height, width);
        self.resize(width, height, &ResizeOptions::new())
    }

    /// A `width` × `height` picture cut from the image around `focus`
    /// (fractions of the width and height): as much of the image as the
    /// ratio allows, the focus as near the centre as the edges allow.
    pub fn card(&self, width: u32, height: u32, focus: (f64, f64)) -> Pixels {
        let (w, h) = (f64::from(self.width), f64::from(self.height));
        let ratio = f64::from(width) / f64::from(height);
        let (crop_w, crop_h) = if w / h > ratio {
            (h * ratio, h)
        } else {
            (w, w / ratio)
        };
        let left = (focus.0 * w - crop_w / 2.0).clamp(0.0, w - crop_w);
        let top = (focus.1 * h - crop_h / 2.0).clamp(0.0, h - crop_h);
        let options = ResizeOptions::new().crop(left, top, crop_w, crop_h);
        self.resize(width, height, &options)
    }

    fn resize(&self, width: u32, height: u32, options: &ResizeOptions) -> Pixels {
        let pixel_type = self.pixel_type();
        let source = ImageRef::new(self.width, self.height, &self.data, pixel_type)
            .expect("a decoded buffer holds width × height pixels");
        let mut target = Image::new(width, height, pixel_type);
        Resizer::new()
            .resize(&source, &mut target, options)
            .expect("same pixel type on both sides");
        Pixels {
            width,
            height,
            data: target.into_vec(),
            alpha: self.alpha,
        }
    }

    /// WebP: lossy for photos, lossless for graphics.
    pub fn webp(&self, encoding: Encoding) -> Vec<u8> {
        let encoder = if self.alpha {
            webp::Encoder::from_rgba(&self.data, self.width, self.height)
        } else {
            webp::Encoder::from_rgb(&self.data, self.width, self.height)
        };
        let memory = match encoding {
            Encoding::Photo => encoder.encode(WEBP_QUALITY),
            Encoding::Graphic => encoder.encode_lossless(),
        };
        memory.to_vec()
    }

    /// The fallback: JPEG for photos, PNG for graphics.
    pub fn fallback(&self, encoding: Encoding) -> Vec<u8> {
        match encoding {
            Encoding::Photo => self.jpeg(JPEG_QUALITY),
            Encoding::Graphic => self.png(),
        }
    }

    /// JPEG of the pixels (over white where transparent).
    pub fn jpeg(&self, quality: u8) -> Vec<u8> {
        let rgb;
        let data = if self.alpha {
            rgb = flatten(&self.data);
            &rgb
        } else {
            &self.data
        };
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, quality)
            .write_image(data, self.width, self.height, ExtendedColorType::Rgb8)
            .expect("writing to memory");
        out
    }

    fn png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let color = if self.alpha {
            ExtendedColorType::Rgba8
        } else {
            ExtendedColorType::Rgb8
        };
        PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
            .write_image(&self.data, self.width, self.height, color)
            .expect("writing to memory");
        out
    }
}

/// The height of a `width`-wide copy of a `from_w` × `from_h` image.
pub fn scaled_height(from_w: u32, from_h: u32, width: u32) -> u32 {
    let height = (u64::from(from_h) * u64::from(width) + u64::from(from_w) / 2) / u64::from(from_w);
    u32::try_from(height).unwrap_or(u32::MAX).max(1)
}

/// RGBA over a white background, as RGB.
fn flatten(rgba: &[u8]) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for pixel in rgba.chunks_exact(4) {
        let alpha = u16::from(pixel[3]);
        for &channel in &pixel[..3] {
            let value = (u16::from(channel) * alpha + 255 * (255 - alpha)) / 255;
            rgb.push(u8::try_from(value).unwrap_or(u8::MAX));
        }
    }
    rgb
}
