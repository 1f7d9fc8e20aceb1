//! Whole-build benchmark on a synthetic 1,000-article site, and the share of
//! the French typography pass, measured side by side in one run.
//!
//! `cargo bench --bench build` (set `VITRINE_BENCH_ARTICLES` to change the size).

mod support;

use vitrine::BuildOptions;
use vitrine::typography::typeset_html;

fn main() {
    let n: usize = std::env::var("VITRINE_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let temp = tempfile::tempdir().expect("temp dir");
    support::synthetic_site(temp.path(), n);
    let options = BuildOptions::new(temp.path());
    let built = vitrine::build(&options).expect("synthetic site builds");
    println!(
        "synthetic site: {n} extra articles, {} pages, {} files",
        built.pages,
        built.files.len()
    );

    // The same site with typography switched off site-wide, built in
    // alternation with the first so that machine noise hits both alike.
    let plain = tempfile::tempdir().expect("temp dir");
    support::files::copy_dir(temp.path(), plain.path());
    let site_yaml = plain.path().join("content/site.yaml");
    let original = std::fs::read_to_string(&site_yaml).expect("site.yaml");
    let switched_off = format!(
        "{}\ntypographie: false\n",
        original.replace("typographie: true\n", "")
    );
    std::fs::write(&site_yaml, switched_off).expect("write");
    let plain_options = BuildOptions::new(plain.path());

    // Pairs of builds, with and without typography, in alternating order.
    // The share is the median of each pair's own share, which cancels the
    // drifts of a shared machine; it is given in wall time and in CPU time
    // (all threads), which other processes disturb less.
    let pairs = 41;
    let (mut wall, mut cpu) = (Timings::default(), Timings::default());
    for pair in 0..pairs {
        let time = |options| {
            let (start, cpu_start) = (std::time::Instant::now(), support::cpu_ms());
            drop(vitrine::build(options).expect("build"));
            let cpu_end = support::cpu_ms();
            (start.elapsed().as_secs_f64() * 1000.0, cpu_end - cpu_start)
        };
        let (typeset, plain) = if pair % 2 == 0 {
            let typeset = time(&options);
            (typeset, time(&plain_options))
        } else {
            let plain = time(&plain_options);
            (time(&options), plain)
        };
        wall.add(typeset.0, plain.0);
        cpu.add(typeset.1, plain.1);
    }
    let build_max = wall.typeset.iter().copied().fold(0.0, f64::max);
    let build_ms = median(&mut wall.typeset);

    // The typography pass alone, on every rendered HTML page.
    let runs = 15;
    let pages: Vec<String> = built
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| String::from_utf8_lossy(&f.contents).into_owned())
        .collect();
    let (typo_ms, _) = support::measure(runs, || {
        for page in &pages {
            std::hint::black_box(typeset_html(page));
        }
    });

    // Build and write to tmpfs (the disk is slow and erratic; see README).
    let output =
        std::path::Path::new("/dev/shm").join(format!("vitrine-bench-{}", std::process::id()));
    let (write_ms, _) = support::measure(runs, || {
        let site = vitrine::build(&options).expect("build");
        vitrine::output::write_site(temp.path(), &site.files, &output).expect("write");
    });
    let _ = std::fs::remove_dir_all(&output);

    println!("build in memory      median {build_ms:8.1} ms   max {build_max:8.1} ms");
    println!(
        "build, no typography median {:8.1} ms",
        median(&mut wall.plain)
    );
    for (clock, timings) in [("wall", &mut wall), ("CPU", &mut cpu)] {
        let (q1, share, q3) = quartiles(&mut timings.shares);
        println!(
            "typography costs {share:.1} % of the build in {clock} time (median of {pairs} pairs; quartiles {q1:.1} % and {q3:.1} %)"
        );
    }
    println!(
        "typography on every whole page alone {typo_ms:8.1} ms ({:.1} % of the build; bodies are a subset)",
        100.0 * typo_ms / build_ms
    );
    println!(
        "build + write (tmpfs) median {write_ms:8.1} ms   (writing {:.1} % of it)",
        100.0 * (write_ms - build_ms) / write_ms
    );
}

/// Build times with and without typography, and the share of each pair.
#[derive(Default)]
struct Timings {
    typeset: Vec<f64>,
    plain: Vec<f64>,
    shares: Vec<f64>,
}

impl Timings {
    fn add(&mut self, typeset: f64, plain: f64) {
        self.typeset.push(typeset);
        self.plain.push(plain);
        self.shares.push(100.0 * (typeset - plain) / typeset);
    }
}

fn quartiles(values: &mut [f64]) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    (values[n / 4], values[n / 2], values[3 * n / 4])
}

fn median(values: &mut [f64]) -> f64 {
    quartiles(values).1
}
