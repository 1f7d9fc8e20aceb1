//! Whole-build benchmark on a synthetic 1,000-article site, and the share of
//! the French typography pass in the build's time, measured in one run.
//!
//! `cargo bench --bench build` (set `VITRINE_BENCH_ARTICLES` to change the size).

mod support;

use std::path::Path;
use std::time::Instant;

use vitrine::BuildOptions;

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

    // Two measures of the typography pass's share of the build.
    //
    // 1. Inside each build: the time the pass took on the bodies (summed
    //    over threads, as the build reports it) against the build's CPU
    //    time (all threads). Both come from the same run, so the noise of
    //    a shared machine, which makes whole runs faster or slower, hits
    //    them alike: this is the figure to go by.
    // 2. Across builds: pairs of builds with and without typography, in
    //    alternating order; the share is the median of each pair's own
    //    share. This also counts indirect costs (caches, allocation), but
    //    on a busy 2-core machine its quartiles lie far apart.
    //
    // Each build is timed in memory, then with its files written to tmpfs
    // (the disk is slow and erratic; see README): the whole of `vitrine
    // build`.
    let shm = |name: &str| {
        Path::new("/dev/shm").join(format!("vitrine-bench-{}-{name}", std::process::id()))
    };
    let (output, plain_output) = (shm("typeset"), shm("plain"));
    let pairs = 41;
    let mut inside = [Vec::new(), Vec::new()];
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
        for (stage, shares) in inside.iter_mut().enumerate() {
            shares.push(100.0 * typeset.typesetting / typeset.cpu[stage]);
        }
        memory[0].add(typeset.wall[0], plain.wall[0]);
        memory[1].add(typeset.cpu[0], plain.cpu[0]);
        whole[0].add(typeset.wall[1], plain.wall[1]);
        whole[1].add(typeset.cpu[1], plain.cpu[1]);
    }
    for dir in [&output, &plain_output] {
        let _ = std::fs::remove_dir_all(dir);
    }
    let build_ms = median(&mut memory[0].typeset);
    let plain_ms = median(&mut memory[0].plain);
    let write_ms = median(&mut whole[0].typeset);

    println!("build in memory       median {build_ms:8.1} ms");
    println!("build, no typography  median {plain_ms:8.1} ms");
    println!(
        "build + write (tmpfs) median {write_ms:8.1} ms   (writing {:.1} % of it)",
        100.0 * (write_ms - build_ms) / write_ms
    );
    println!("1. typography's time inside each build, against the build's CPU time:");
    for (build, shares) in ["build in memory", "build + write"]
        .into_iter()
        .zip(&mut inside)
    {
        let (q1, share, q3) = quartiles(shares);
        println!(
            "   typography costs {share:4.1} % of the {build} (median of {pairs} builds; quartiles {q1:.1} % and {q3:.1} %)"
        );
    }
    println!("2. builds with and without typography, side by side:");
    for (build, timings) in [
        ("build in memory", &mut memory),
        ("build + write", &mut whole),
    ] {
        for (clock, timings) in ["wall", "CPU"].into_iter().zip(timings.iter_mut()) {
            let (q1, share, q3) = quartiles(&mut timings.shares);
            println!(
                "   typography costs {share:4.1} % of the {build} in {clock} time (median of {pairs} pairs; quartiles {q1:.1} % and {q3:.1} %)"
            );
        }
    }
}

/// Times of one build, in milliseconds: wall and CPU time in memory
/// (index 0), then with its files written to `output` (index 1), and the
/// typography pass's time as the build reports it.
struct BuildTimes {
    wall: [f64; 2],
    cpu: [f64; 2],
    typesetting: f64,
}

fn time_build(options: &BuildOptions, output: &Path) -> BuildTimes {
    let (wall, cpu) = (Instant::now(), support::cpu_ms());
    let ms = |wall: Instant| wall.elapsed().as_secs_f64() * 1000.0;
    let site = vitrine::build(options).expect("build");
    let built = (ms(wall), support::cpu_ms() - cpu);
    vitrine::output::write_site(&options.root, &site.files, output).expect("write");
    let typesetting = site.typesetting.as_secs_f64() * 1000.0;
    drop(site);
    BuildTimes {
        wall: [built.0, ms(wall)],
        cpu: [built.1, support::cpu_ms() - cpu],
        typesetting,
    }
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
