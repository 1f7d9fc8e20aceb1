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

    let runs = 15;
    let mut typeset_times = Vec::with_capacity(runs);
    let mut plain_times = Vec::with_capacity(runs);
    for _ in 0..runs {
        typeset_times
            .push(support::measure(1, || drop(vitrine::build(&options).expect("build"))).0);
        plain_times
            .push(support::measure(1, || drop(vitrine::build(&plain_options).expect("build"))).0);
    }
    let median = |times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        (times[times.len() / 2], times[times.len() - 1])
    };
    let (build_ms, build_max) = median(&mut typeset_times);
    let (plain_ms, _) = median(&mut plain_times);

    // The typography pass alone, on every rendered HTML page.
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
        "build, no typography median {plain_ms:8.1} ms   (typography costs {:.1} % of the build)",
        100.0 * (build_ms - plain_ms) / build_ms
    );
    println!(
        "typography on every whole page alone {typo_ms:8.1} ms ({:.1} % of the build; bodies are a subset)",
        100.0 * typo_ms / build_ms
    );
    println!(
        "build + write (tmpfs) median {write_ms:8.1} ms   (writing {:.1} % of it)",
        100.0 * (write_ms - build_ms) / write_ms
    );
}
