//! Save-to-visible latency of `vitrine serve`: the time from writing an
//! article's Markdown file to its page, fetched over HTTP, showing the new
//! text; through the file watcher, the debounce, the rebuild and the swap
//! of the served site.
//!
//! Sites: the repository's example site, and the shared generator's
//! synthetic site of 1,000 and 10,000 articles (`benches/support/corpus.rs`),
//! each copied to a temp folder. For each, the release `vitrine serve
//! --port 0` runs, then each of several saves (default 10,
//! `VITRINE_BENCH_ROUNDS` to change) adds a paragraph to the newest
//! published article (on the home page, the first list page and the feed:
//! the most pages to redo), and its page is fetched every millisecond until
//! the paragraph appears. Reported: median, quartiles and maximum, and the
//! median rebuild time `serve` prints.
//!
//! Run: `cargo bench --bench reload` (`VITRINE_BENCH_SIZES`, default
//! `1000,10000`, sets the synthetic sizes). Progress lines go to stderr.
//! Targets (issue 14, on the median): 100 ms on the example site, 250 ms
//! on the synthetic sites.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use support::{quartiles, thousands};
use vitrine::serve::ServeOptions;
use vitrine::source::SiteFiles;
use vitrine::validate::Publication;

const VITRINE: &str = env!("CARGO_BIN_EXE_vitrine");
/// The longest wait for the server to start or a save to show.
const WAIT: Duration = Duration::from_secs(60);

fn main() {
    let rounds: usize = std::env::var("VITRINE_BENCH_ROUNDS")
        .ok()
        .map(|n| n.parse().expect("VITRINE_BENCH_ROUNDS: a number"))
        .unwrap_or(10);
    let sizes: Vec<usize> = std::env::var("VITRINE_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".to_string())
        .split(',')
        .map(|n| n.trim().parse().expect("VITRINE_BENCH_SIZES: numbers"))
        .collect();
    println!(
        "Save-to-visible latency in `vitrine serve`, {rounds} saves per site \
         (debounce of {} ms included; page polled every ms over HTTP)\n",
        ServeOptions::new(".").debounce.as_millis()
    );
    println!("Load average at the start: {}\n", support::load_average());
    println!(
        "{:<16} {:>9} {:>15} {:>8} {:>12}  target (median)",
        "site", "median", "q1–q3", "max", "rebuild med."
    );

    let example = support::files::example_site();
    measure("example site", example.path(), rounds, 100);
    for articles in sizes {
        let corpus = support::corpus::corpus("vitrine", articles);
        let site = tempfile::tempdir().expect("temp dir");
        support::files::copy_dir(&corpus, site.path());
        let name = format!("{} articles", thousands(articles as u64));
        measure(&name, site.path(), rounds, 250);
    }
    println!("\nLoad average at the end: {}", support::load_average());
}

fn measure(name: &str, root: &Path, rounds: usize, target_ms: u64) {
    eprintln!("{name}: starting `vitrine serve`");
    let (article, page) = newest_article(root);
    let server = Server::start(root);
    assert_eq!(server.get(&page).0, 200, "{page} is served");
    eprintln!("{name}: editing {}", article.display());
    let original = std::fs::read_to_string(&article).expect("the article");

    let mut latencies = Vec::new();
    for round in 0..rounds {
        // Let the previous save settle, as between two real saves.
        std::thread::sleep(Duration::from_millis(300));
        let marker = format!("mesure{}x{round}", std::process::id());
        let start = Instant::now();
        std::fs::write(&article, format!("{original}\nMarqueur {marker}.\n")).expect("save");
        while !server.get(&page).1.contains(&marker) {
            assert!(start.elapsed() < WAIT, "the save never showed on {page}");
            std::thread::sleep(Duration::from_millis(1));
        }
        latencies.push(start.elapsed().as_secs_f64() * 1000.0);
        eprintln!("  save {}/{rounds}: {:.1} ms", round + 1, latencies[round]);
    }
    let rebuilds = server.rebuild_times();
    drop(server);

    let [q1, median, q3] = quartiles(&latencies);
    let max = latencies.iter().copied().fold(0.0, f64::max);
    let rebuild = if rebuilds.is_empty() {
        "—".to_string()
    } else {
        format!("{:.0} ms", quartiles(&rebuilds)[1])
    };
    let verdict = if median <= target_ms as f64 {
        "✓"
    } else {
        "✗"
    };
    println!(
        "{name:<16} {:>6.1} ms {:>12} {:>5.0} ms {rebuild:>12}  {verdict} ≤ {target_ms} ms",
        median,
        format!("{q1:.0}–{q3:.0} ms"),
        max
    );
}

/// A `vitrine serve` child process, stopped when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:port`.
    host: String,
    /// Its stdout, line by line.
    lines: Receiver<String>,
}

impl Server {
    fn start(root: &Path) -> Self {
        let mut child = Command::new(VITRINE)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .spawn()
            .expect("start vitrine serve");
        let stdout = child.stdout.take().expect("its stdout");
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        // "Aperçu du site : http://127.0.0.1:port/  (Ctrl-C pour arrêter)"
        let host = loop {
            let line = lines
                .recv_timeout(WAIT)
                .expect("`vitrine serve` says where the site is");
            if let Some((_, url)) = line.split_once("http://") {
                break url.split('/').next().expect("host").to_string();
            }
        };
        Self { child, host, lines }
    }

    /// The status and the whole response to `GET path`.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.host).expect("connect to the preview");
        stream.set_read_timeout(Some(WAIT)).expect("read timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host
        )
        .expect("send the request");
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .expect("read the response");
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        (status, response)
    }

    /// The rebuild times printed so far, in ms ("… site reconstruit : …,
    /// en 123 ms."), after a moment for the last one to be printed.
    fn rebuild_times(&self) -> Vec<f64> {
        let mut times = Vec::new();
        loop {
            match self.lines.recv_timeout(Duration::from_millis(500)) {
                Ok(line) if line.contains("reconstruit") => {
                    let ms: Option<f64> = line.rsplit_once(" en ").and_then(|(_, end)| {
                        end.trim_end_matches('.')
                            .trim_end_matches(" ms")
                            .parse()
                            .ok()
                    });
                    times.extend(ms);
                }
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return times,
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The newest published article of `root` (the site's first, as drafts and
/// articles dated later are left out) and its page's address, as the
/// library's stages see them.
fn newest_article(root: &Path) -> (PathBuf, String) {
    let (content, problems) = vitrine::load::load_from(&SiteFiles::new(root));
    let content = content
        .filter(|_| problems.is_empty())
        .expect("the site loads");
    let publication = Publication::new(false, vitrine::pipeline::today());
    let site = vitrine::validate::validate(content, publication).expect("the site is valid");
    let newest = site.articles.first().expect("a published article");
    (root.join(&newest.doc.source), newest.path.clone())
}
