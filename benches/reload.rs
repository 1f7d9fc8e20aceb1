//! Save-to-reload latency of `vitrine serve`: the time from writing an
//! article's Markdown file to the `reload` event reaching a browser's event
//! stream, through the file watcher, the debounce, a full in-memory rebuild
//! and Server-Sent Events.
//!
//! Two sites: the example site of the repository, and a synthetic one made
//! of the example plus 1,000 generated articles (~600 words each, citing
//! partners and themes). Each is measured over several saves (default 10,
//! `VITRINE_BENCH_ROUNDS` to change) and reported as median and max.
//!
//! Run: `cargo bench --bench reload`
//! Targets: < 100 ms on the example site, < 1 s on 1,000 articles.

mod support;

use std::fmt::Write as _;
use std::io::BufReader;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::files::example_site;
use support::sse::{next_event, open_events};
use tokio::runtime::Runtime;
use vitrine::serve::{Change, ServeOptions, start};

const WAIT: Duration = Duration::from_secs(30);

fn main() {
    let rounds = std::env::var("VITRINE_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let runtime = Runtime::new().expect("a Tokio runtime");
    let debounce = ServeOptions::new(".").debounce;
    println!(
        "Save-to-reload latency, {rounds} saves per site (debounce {} ms included)\n",
        debounce.as_millis()
    );
    println!(
        "{:<28} {:>7} {:>13} {:>10} {:>13} {:>10}",
        "site", "files", "latency med.", "max", "rebuild med.", "max"
    );

    let example = example_site();
    measure(
        &runtime,
        "example site",
        example.path(),
        rounds,
        Duration::from_millis(100),
    );
    let synthetic = example_site();
    add_articles(synthetic.path(), 1_000);
    measure(
        &runtime,
        "example + 1,000 articles",
        synthetic.path(),
        rounds,
        Duration::from_secs(1),
    );
}

fn measure(runtime: &Runtime, name: &str, root: &Path, rounds: usize, target: Duration) {
    let mut options = ServeOptions::new(root);
    options.port = 0;
    let server = runtime.block_on(start(options)).expect("the server starts");
    let files = match server.first_build() {
        Change::Rebuilt { report, .. } => report.files,
        Change::Failed { report, .. } => panic!("the site does not build:\n{report}"),
    };
    let mut changes = server.subscribe();
    let mut events = open_events(server.address(), WAIT);
    let article = root.join("content/actualites/convention-upec-2023.md");
    let original = std::fs::read_to_string(&article).expect("the example article");

    let mut latencies = Vec::new();
    let mut rebuilds = Vec::new();
    for round in 0..rounds {
        // Let the previous save settle, as between two real saves.
        std::thread::sleep(Duration::from_millis(300));
        let start = Instant::now();
        std::fs::write(&article, format!("{original}\n\nMesure numéro {round}.\n")).unwrap();
        wait_event(&mut events, "reload");
        latencies.push(start.elapsed());
        let change = runtime
            .block_on(async { tokio::time::timeout(WAIT, changes.recv()).await })
            .expect("a rebuild")
            .expect("the change stream");
        match change {
            Change::Rebuilt { report, .. } => rebuilds.push(report.elapsed),
            Change::Failed { report, .. } => panic!("rebuild failed:\n{report}"),
        }
    }
    runtime.block_on(server.stop()).expect("a clean stop");

    let (median, max) = stats(&mut latencies);
    let (build_median, build_max) = stats(&mut rebuilds);
    let verdict = if max < target { "ok" } else { "OVER TARGET" };
    println!(
        "{name:<28} {files:>7} {:>10.1} ms {:>7.1} ms {:>10.1} ms {:>7.1} ms  target < {} ms: {verdict}",
        ms(median),
        ms(max),
        ms(build_median),
        ms(build_max),
        target.as_millis()
    );
}

fn stats(samples: &mut [Duration]) -> (Duration, Duration) {
    samples.sort();
    let n = samples.len();
    let median = if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2
    };
    (median, samples[n - 1])
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Reads the event stream until an event named `name`; a failed build
/// stops the benchmark.
fn wait_event(reader: &mut BufReader<TcpStream>, name: &str) {
    loop {
        let (event, _) = next_event(reader).expect("event stream open");
        if event == name {
            return;
        }
        assert!(event != "failure", "the build failed");
    }
}

/// The entries of a data file: `- id: x` and the `nom:` or `titre:` after it.
fn entries(file: PathBuf) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let value = |v: &str| v.trim().trim_matches('"').to_string();
        if let Some(id) = line.strip_prefix("- id:") {
            entries.push((value(id), value(id)));
        } else if let Some(name) = line
            .strip_prefix("  nom:")
            .or_else(|| line.strip_prefix("  titre:"))
            && let Some(last) = entries.last_mut()
        {
            last.1 = value(name);
        }
    }
    entries
}

/// Writes `count` articles of about 600 words, citing partners and themes.
fn add_articles(root: &Path, count: usize) {
    let partners = entries(root.join("content/partenaires.yaml"));
    let themes = entries(root.join("content/thematiques.yaml"));
    assert!(!partners.is_empty() && !themes.is_empty());
    let rubrics = [
        "Innovation",
        "Recherche",
        "Formation",
        "Vie étudiante",
        "Territoire",
    ];
    for i in 0..count {
        let mut text = String::new();
        let cited: Vec<&(String, String)> = (0..3)
            .map(|k| &partners[(i + k * 7) % partners.len()])
            .collect();
        let (theme, theme_name) = &themes[i % themes.len()];
        let _ = write!(
            text,
            "---\ntitre: \"Projet {i} : le territoire et l'université avancent ensemble\"\n\
             date: {}-{:02}-{:02}\nrubrique: {}\n\
             chapo: \"Un point d'étape sur le projet {i}, mené avec les partenaires de la convention.\"\n\
             partenaires:\n",
            2016 + i % 8,
            1 + i % 12,
            1 + i % 28,
            rubrics[i % rubrics.len()]
        );
        for (partner, _) in &cited {
            let _ = writeln!(text, "  - {partner}");
        }
        let _ = write!(text, "thematiques:\n  - {theme}\n---\n\n");
        for section in 0..3 {
            let _ = write!(text, "## Étape {section} du projet\n\n");
            for paragraph in 0..2 {
                let _ = writeln!(
                    text,
                    "Le projet {i} associe {} et {} autour de la thématique « {theme_name} ». \
                     Les équipes ont présenté leurs premiers résultats : \"des avancées concrètes\", \
                     selon les porteurs du projet, qui saluent l'engagement des étudiants et des \
                     laboratoires... Quels enseignements en tirer ? D'abord, que la coopération \
                     entre le territoire et l'université produit des effets visibles ! Ensuite, que \
                     les entreprises locales trouvent dans ces échanges des compétences nouvelles. \
                     La phase {section}.{paragraph} prévoit des ateliers, des visites de sites et \
                     une restitution publique ouverte aux habitants, aux associations et aux élus \
                     du territoire ; le calendrier sera précisé dans les prochaines semaines.\n",
                    cited[0].1, cited[1].1
                );
            }
        }
        let _ = writeln!(
            text,
            "- un comité de suivi réunit {} chaque trimestre ;\n- un bilan est publié chaque année.\n\n\
             Voir aussi [la convention](@/actualites/convention-upec-2023.md).",
            cited[2].1
        );
        std::fs::write(
            root.join(format!("content/actualites/projet-{i:04}.md")),
            text,
        )
        .unwrap();
    }
}
