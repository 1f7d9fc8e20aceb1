//! Whole-build benchmark on a synthetic 1,000-article site, and the share of
//! the French typography pass, measured side by side in one run.
//!
//! `cargo bench --bench build` (set `VITRINE_BENCH_ARTICLES` to change the size).

mod support;

use std::path::Path;
use std::time::Instant;

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
    // (all threads), which other processes disturb less. Each build is
    // timed twice: in memory, then with its files written to tmpfs (the
    // disk is slow and erratic; see README), the whole of `vitrine build`.
    let shm = |name: &str| {
        Path::new("/dev/shm").join(format!("vitrine-bench-{}-{name}", std::process::id()))
    };
    let (output, plain_output) = (shm("typeset"), shm("plain"));
    let pairs = 41;
    let mut memory = [Timings::default(), Timings::default()];
    let mut whole = [Timings::default(), Timings::default()];
    for pair in 0..pairs {
        let (typeset, plain) = if pair % 2 == 0 {
            let typeset = time_build(&options, &output);
            (typeset, time_build(&plain_options, &plain_output))
        } else {
            let plain = time_build(&plain_options, &plain_output);
            (time_build(&options, &output), plain)
        };
        for clock in 0..2 {
            memory[clock].add(typeset.0[clock], plain.0[clock]);
            whole[clock].add(typeset.1[clock], plain.1[clock]);
        }
    }
    for dir in [&output, &plain_output] {
        let _ = std::fs::remove_dir_all(dir);
    }
    let [wall, _] = &mut memory;
    let build_max = wall.typeset.iter().copied().fold(0.0, f64::max);
    let build_ms = median(&mut wall.typeset);
    let plain_ms = median(&mut wall.plain);
    let write_ms = median(&mut whole[0].typeset);

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

    println!("build in memory      median {build_ms:8.1} ms   max {build_max:8.1} ms");
    println!("build, no typography median {plain_ms:8.1} ms");
    println!(
        "build + write (tmpfs) median {write_ms:8.1} ms   (writing {:.1} % of it)",
        100.0 * (write_ms - build_ms) / write_ms
    );
    for (build, timings) in [
        ("build in memory", &mut memory),
        ("build + write", &mut whole),
    ] {
        for (clock, timings) in ["wall", "CPU"].into_iter().zip(timings.iter_mut()) {
            let (q1, share, q3) = quartiles(&mut timings.shares);
            println!(
                "typography costs {share:4.1} % of the {build} in {clock} time (median of {pairs} pairs; quartiles {q1:.1} % and {q3:.1} %)"
            );
        }
    }
    println!(
        "typography on every whole page alone {typo_ms:8.1} ms ({:.1} % of the build; bodies are a subset)",
        100.0 * typo_ms / build_ms
    );
}

/// Wall and CPU times (ms) of one build: in memory, then with its files
/// written to `output`.
fn time_build(options: &BuildOptions, output: &Path) -> ([f64; 2], [f64; 2]) {
    let start = (Instant::now(), support::cpu_ms());
    let since = |(wall, cpu): (Instant, f64)| {
        [
            wall.elapsed().as_secs_f64() * 1000.0,
            support::cpu_ms() - cpu,
        ]
    };
    let site = vitrine::build(options).expect("build");
    let built = since(start);
    vitrine::output::write_site(&options.root, &site.files, output).expect("write");
    drop(site);
    (built, since(start))
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
