//! Draws the example site's photo-like images: a landscape of a campus by
//! a river at the end of the day, with a grain like a phone's sensor.
use image::{Rgb, RgbImage, Rgba, RgbaImage};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]
}

fn hill(x: f32, seed: f32, base: f32, amp: f32) -> f32 {
    base + amp * ((x * 2.1 + seed).sin() * 0.5 + (x * 5.3 + seed * 2.0).sin() * 0.25 + (x * 13.0 + seed).sin() * 0.08)
}

fn photo(w: u32, h: u32, seed: u64) -> RgbImage {
    let mut rng = Rng(seed);
    // Buildings: x range, top.
    let mut buildings = Vec::new();
    let mut x = 0.05;
    while x < 0.95 {
        let width = 0.03 + rng.next() * 0.07;
        let top = 0.42 + rng.next() * 0.12;
        buildings.push((x, x + width, top, rng.next()));
        x += width + rng.next() * 0.03;
    }
    let sun = (0.72, 0.3);
    RgbImage::from_fn(w, h, |px, py| {
        let (u, v) = (px as f32 / w as f32, py as f32 / h as f32);
        let mut c = mix([70.0, 110.0, 190.0], [250.0, 190.0, 140.0], (v / 0.6).min(1.0));
        let d = ((u - sun.0).powi(2) + ((v - sun.1) * h as f32 / w as f32).powi(2)).sqrt();
        c = mix(c, [255.0, 240.0, 200.0], (1.0 - d * 8.0).clamp(0.0, 1.0));
        c = mix(c, [255.0, 210.0, 160.0], (0.25 - d).max(0.0) * 2.0);
        if v > hill(u, 1.0, 0.5, 0.05) {
            c = mix([120.0, 130.0, 150.0], [90.0, 100.0, 120.0], v);
        }
        for (x0, x1, top, tone) in &buildings {
            if u > *x0 && u < *x1 && v > *top && v < 0.66 {
                c = mix([60.0, 58.0, 70.0], [150.0, 120.0, 100.0], *tone * 0.6);
                // Windows.
                let wx = ((u - x0) * w as f32 / 14.0) as i32;
                let wy = ((v - top) * h as f32 / 18.0) as i32;
                let lx = ((u - x0) * w as f32) % 14.0;
                let ly = ((v - top) * h as f32) % 18.0;
                if lx > 4.0 && lx < 10.0 && ly > 5.0 && ly < 13.0 && (wx * 7 + wy * 3) % 5 != 0 {
                    c = [240.0, 210.0, 140.0];
                }
            }
        }
        if v > 0.66 {
            // The river, reflecting the sky.
            let r = mix([200.0, 150.0, 120.0], [40.0, 70.0, 100.0], ((v - 0.66) / 0.2).min(1.0));
            let ripple = ((v * 300.0 + (u * 40.0).sin() * 3.0).sin() * 0.5 + 0.5) * 25.0;
            c = [r[0] + ripple, r[1] + ripple, r[2] + ripple];
        }
        if v > hill(u, 4.0, 0.86, 0.04) {
            c = mix([70.0, 110.0, 50.0], [30.0, 60.0, 25.0], (v - 0.8) * 4.0);
            // Trees.
            let t = (u * 90.0).sin() * (u * 37.0).cos();
            if t > 0.3 && v < hill(u, 4.0, 0.86, 0.04) + 0.06 {
                c = [35.0, 70.0, 30.0];
            }
        }
        let n = (rng.next() - 0.5) * 8.0;
        Rgb([
            (c[0] + n).clamp(0.0, 255.0) as u8,
            (c[1] + n).clamp(0.0, 255.0) as u8,
            (c[2] + n).clamp(0.0, 255.0) as u8,
        ])
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (w, h): (u32, u32) = (args[2].parse().unwrap(), args[3].parse().unwrap());
    let quality: u8 = args.get(4).map_or(85, |q| q.parse().unwrap());
    if args[1].ends_with("-vue.png") {
        photo(w, h, 0x9E3779B97F4A7C15).save(&args[1]).unwrap();
        return;
    }
    if args[1].ends_with(".png") {
        // A logo: a rounded square with two bars.
        let img = RgbaImage::from_fn(w, h, |x, y| {
            let (u, v) = (x as f32 / w as f32, y as f32 / h as f32);
            let inside = (u - 0.5).abs() < 0.45 && (v - 0.5).abs() < 0.45;
            if !inside { return Rgba([0, 0, 0, 0]); }
            if (v > 0.3 && v < 0.42) || (v > 0.58 && v < 0.7) && u > 0.2 && u < 0.8 {
                Rgba([255, 255, 255, 255])
            } else {
                Rgba([0, 90, 140, 255])
            }
        });
        img.save(&args[1]).unwrap();
        return;
    }
    let img = photo(w, h, 0x9E3779B97F4A7C15);
    let mut out = std::fs::File::create(&args[1]).unwrap();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&img)
        .unwrap();
}
