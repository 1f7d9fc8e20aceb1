//! Benchmark support: a synthetic site (the example site plus `n` generated
//! articles with realistic French bodies: headings, lists, links, quotes),
//! timings, and the test support files the benchmarks share.
//!
//! Each benchmark uses part of it.
#![allow(dead_code)]

pub mod corpus;
#[path = "../../tests/common/files.rs"]
pub mod files;
#[path = "../../tests/common/sse.rs"]
pub mod sse;

use std::fmt::Write as _;
use std::path::Path;

/// Writes the example site and `n` extra articles under `root`.
pub fn synthetic_site(root: &Path, n: usize) {
    files::copy_example(root);
    let partners = [
        "upec",
        "grand-orly-seine-bievre",
        "lissi",
        "icmpe",
        "miee",
        "materiaupole",
    ];
    let themes = [
        "ville-durable",
        "sante-bien-etre-autonomie",
        "economie-sociale-circulaire",
    ];
    for i in 0..n {
        let mut text = String::with_capacity(5_000);
        let _ = write!(
            text,
            "---\ntitre: \"Article d'essai n° {i} : l'innovation au service du territoire\"\ndate: 2022-{:02}-{:02}\nrubrique: Innovation\nchapo: \"Un chapo court pour l'article {i} : il résume l'essentiel.\"\npartenaires: [{}, {}]\nthematiques: [{}]\n---\n",
            1 + i % 12,
            1 + i % 28,
            partners[i % partners.len()],
            partners[(i + 1) % partners.len()],
            themes[i % themes.len()],
        );
        for section in 0..4 {
            let _ = write!(
                text,
                "\n## Section {section} de l'article\n\nLe territoire et l'UPEC renouvellent leur engagement : \"formation, recherche et innovation\" sont au cœur du projet ! Plus de 12 000 étudiants, 40 % de réussite en plus... Pourquoi ? Parce que l'[université](@/pages/a-propos.md) s'implique ; les acteurs locaux aussi.\n\n- un point `code: 1` ;\n- un autre point, avec **du gras** et *de l'italique* ;\n- et une adresse https://example.org:8080/a?b=c.\n\n> \"Cette alliance est essentielle\" pour le territoire, a dit la présidente.\n\nLa suite du texte développe les actions concrètes : ateliers, stages, projets tutorés et rencontres entre chercheurs et entreprises du territoire, pendant trois ans.\n"
            );
        }
        std::fs::write(
            root.join(format!("content/actualites/essai-{i:04}.md")),
            text,
        )
        .expect("write article");
    }
}

/// The first quartile, the median and the third quartile of `values`
/// (linear interpolation between the closest ranks).
pub fn quartiles(values: &[f64]) -> [f64; 3] {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |p: f64| {
        let rank = p * (sorted.len() - 1) as f64;
        let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
        sorted[low] + (rank - low as f64) * (sorted[high] - sorted[low])
    };
    [at(0.25), at(0.5), at(0.75)]
}

/// `12345` as `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The machine's load averages (1, 5 and 15 minutes), to judge the noise of
/// a run on a shared machine.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_string())
}

/// CPU time used so far by all the threads of this process, in
/// milliseconds (Linux: the first field of each thread's `schedstat`, in
/// nanoseconds). Unlike wall time, it hardly counts the time other
/// processes of a busy machine take from this one.
pub fn cpu_ms() -> f64 {
    let tasks = std::fs::read_dir("/proc/self/task").expect("/proc/self/task");
    let nanos: u64 = tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    nanos as f64 / 1e6
}
