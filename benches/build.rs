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

    let runs = 9;
    let (build_ms, build_max) = support::measure(runs, || {
        vitrine::build(&options).expect("build");
    });

    // The same site with typography switched off site-wide.
    let site_yaml = temp.path().join("content/site.yaml");
    let original = std::fs::read_to_string(&site_yaml).expect("site.yaml");
    std::fs::write(
        &site_yaml,
        format!("{original}\ntypographie: false\n").replace("typographie: true\n", ""),
    )
    .expect("write");
    let (plain_ms, _) = support::measure(runs, || {
        vitrine::build(&options).expect("build");
    });
    std::fs::write(&site_yaml, &original).expect("restore");

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
