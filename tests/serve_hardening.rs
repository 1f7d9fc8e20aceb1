//! The preview server as a door: only its own `Host` is answered, silent or
//! half-sent connections neither last nor keep others out, Ctrl-C stops it
//! whatever a build is doing, a stuck build never holds the next one, and
//! a folder without a site is named in full instead of being "served".

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::files::example_site;
use common::preview::{Preview, Reply, WAIT, request_with};
use common::sse::open_events;
use vitrine::serve::Change;
use vitrine::{BuildOptions, BuiltSite, Diagnostics};

fn get(addr: SocketAddr, target: &str, host: &str) -> Reply {
    request_with(addr, "GET", target, &format!("Host: {host}\r\n"))
}

// ----- Host -----

const REFUSAL: &str = "Requête refusée\u{a0}: l’aperçu ne répond qu’à l’adresse";

#[test]
fn foreign_hosts_are_refused_with_nothing_of_the_site() {
    let preview = Preview::with(example_site(), |mut options| {
        options.drafts = true;
        options
    });
    let addr = preview.addr();
    let port = addr.port();
    let home = get(addr, "/", &addr.to_string()).text();
    assert!(home.contains("<html"));
    let expected = format!("{REFUSAL} http://{addr}/ ou à http://localhost:{port}/.\n");
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
        format!("[::1]:{port}"),
    ] {
        for target in [
            "/",
            "/actualites/",
            "/style.css",
            "/__vitrine/evenements",
            "/__vitrine/apercu.js",
        ] {
            let reply = get(addr, target, &host);
            assert_eq!(reply.status, 421, "{host} {target}");
            assert_eq!(reply.text(), expected, "{host} {target}");
        }
    }
    // Absolute-form targets name their host too.
    let absolute = get(addr, "http://evil.example/", &addr.to_string());
    assert_eq!(absolute.status, 421);
    assert!(!absolute.text().contains("<html"));
}

#[test]
fn a_request_without_host_is_refused() {
    let preview = Preview::with(example_site(), |options| options);
    let addr = preview.addr();
    let reply = request_with(addr, "GET", "/", "");
    assert_eq!(reply.status, 421);
    assert!(reply.text().starts_with(REFUSAL), "{}", reply.text());
    // Two `Host` lines: which one is meant is unclear, refused too.
    let doubled = request_with(
        addr,
        "GET",
        "/",
        &format!("Host: {addr}\r\nHost: evil.example\r\n"),
    );
    assert_ne!(doubled.status, 200);
}

#[test]
fn the_bound_address_and_localhost_are_answered() {
    let preview = Preview::with(example_site(), |options| options);
    let addr = preview.addr();
    let port = addr.port();
    for host in [
        addr.to_string(),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
    ] {
        for target in ["/", "/style.css", "/__vitrine/apercu.js"] {
            assert_eq!(get(addr, target, &host).status, 200, "{host} {target}");
        }
    }
    // The event stream too.
    let _events = open_events(addr, WAIT);
}

// ----- Connections -----

/// Whether the server closed its side of `stream` (end of file), without
/// waiting.
fn closed_by_server(mut stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut byte = [0; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Err(error) => error.kind() != ErrorKind::WouldBlock,
        Ok(_) => false,
    }
}

#[test]
fn half_sent_requests_and_idle_connections_time_out() {
    let preview = Preview::with(example_site(), |mut options| {
        options.limits.header_timeout = Duration::from_millis(300);
        options
    });
    let addr = preview.addr();
    let mut silent = TcpStream::connect(addr).unwrap();
    let mut partial = TcpStream::connect(addr).unwrap();
    partial.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
    // Keep-alive after a whole request: idle again, same limit.
    let mut kept = TcpStream::connect(addr).unwrap();
    write!(kept, "GET /robots.txt HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    for stream in [&mut silent, &mut partial, &mut kept] {
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let started = Instant::now();
        let mut rest = Vec::new();
        // The kept connection gets its answer first, then the end.
        stream
            .read_to_end(&mut rest)
            .expect("closed by the server in time");
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}

#[test]
fn a_full_server_makes_room_but_keeps_its_event_streams() {
    let preview = Preview::with(example_site(), |mut options| {
        options.limits.connections = 8;
        options
    });
    let addr = preview.addr();
    // A quarter of the slots may be event streams.
    let mut streams = vec![open_events(addr, WAIT), open_events(addr, WAIT)];
    let third = get(addr, "/__vitrine/evenements", &addr.to_string());
    assert_eq!(third.status, 503);
    assert_eq!(
        third.text(),
        "Trop d’onglets ouverts sur l’aperçu\u{a0}: fermez-en quelques-uns puis rechargez la page.\n"
    );

    let idle: Vec<TcpStream> = (0..40).map(|_| TcpStream::connect(addr).unwrap()).collect();
    let started = Instant::now();
    assert_eq!(get(addr, "/", &addr.to_string()).status, 200);
    assert!(started.elapsed() < Duration::from_secs(1));
    // Only 8 slots: most idle connections were closed to make room.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut closed = 0;
    while Instant::now() < deadline {
        closed = idle.iter().filter(|s| closed_by_server(s)).count();
        if closed >= 40 - 8 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(closed >= 40 - 8, "{closed} closed");
    // The streams were not among them: they still get the next build.
    let mut preview = preview;
    let page = preview.path("content/pages/a-propos.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nUne ligne de plus.\n")).unwrap();
    assert!(matches!(preview.next_change(), Change::Rebuilt { .. }));
    for stream in &mut streams {
        common::sse::sse_until(stream, "reload");
    }
}

/// Raises this process's soft limit of open files to what the test needs
/// (or the hard limit), and returns how many connections it can open.
#[cfg(unix)]
fn open_files_for(wanted: u64) -> u64 {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    // Room for the test harness's own files and the normal requests.
    let margin = 200;
    let hard = limit.maximum.unwrap_or(u64::MAX);
    let needed = wanted + margin;
    if limit.current.is_some_and(|soft| soft < needed) {
        let raised = rustix::process::Rlimit {
            current: Some(needed.min(hard)),
            maximum: limit.maximum,
        };
        setrlimit(Resource::Nofile, raised).expect("raise the open-file limit");
    }
    let soft = getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX);
    let possible = soft.saturating_sub(margin).min(wanted);
    if possible < wanted {
        eprintln!("note: open-file hard limit {hard}: {possible} connections instead of {wanted}");
    }
    possible
}

/// The `vitrine serve` command on `root`, with its address once printed.
struct Running {
    child: Child,
    stdout: std::sync::mpsc::Receiver<String>,
    lines: Vec<String>,
}

fn spawn_serve(root: &Path) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (sender, stdout) = std::sync::mpsc::channel();
    for pipe in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let sender = sender.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { return };
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
    }
    Running {
        child,
        stdout,
        lines: Vec::new(),
    }
}

impl Running {
    /// The line containing `text` already printed, or the next one.
    fn saw(&mut self, text: &str) -> String {
        match self.lines.iter().find(|line| line.contains(text)) {
            Some(line) => line.clone(),
            None => self.line(text),
        }
    }

    /// Waits for a line containing `text` and returns it.
    fn line(&mut self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .stdout
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no « {text} » in:\n{}", self.lines.join("\n")));
            self.lines.push(line.clone());
            if line.contains(text) {
                return line;
            }
        }
    }

    fn address(&mut self) -> SocketAddr {
        let line = self.line("Aperçu du site : ");
        let url = line.split("Aperçu du site : ").nth(1).unwrap();
        url.split_whitespace()
            .next()
            .unwrap()
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap()
    }

    /// Everything printed until now (the process has ended).
    fn output(&mut self) -> String {
        while let Ok(line) = self.stdout.recv_timeout(Duration::from_millis(500)) {
            self.lines.push(line);
        }
        self.lines.join("\n")
    }

    #[cfg(unix)]
    fn interrupt(&self) {
        common::interrupt(self.child.id());
    }

    /// The exit status, within `time`.
    fn exit_within(&mut self, time: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + time;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                self.child.kill().unwrap();
                panic!("still running after {time:?}:\n{}", self.output());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(unix)]
#[test]
fn five_thousand_idle_connections_do_not_keep_a_page_waiting() {
    let count = open_files_for(5_000) as usize;
    let site = example_site();
    let mut serve = spawn_serve(site.path());
    let addr = serve.address();
    let mut idle = Vec::with_capacity(count);
    for i in 0..count {
        let mut stream = TcpStream::connect(addr).unwrap();
        // Half of them start a request and never finish it.
        if i % 2 == 1 {
            stream.write_all(b"GET / HTTP/1.1\r\nHost: 127.").unwrap();
        }
        idle.push(stream);
    }
    let started = Instant::now();
    let home = get(addr, "/", &addr.to_string());
    let elapsed = started.elapsed();
    assert_eq!(home.status, 200);
    assert!(home.text().contains("<html"));
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    // The server holds at most its 512 slots: the others were closed.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut open: HashSet<usize> = (0..count).collect();
    while Instant::now() < deadline && open.len() > 512 {
        open.retain(|&i| !closed_by_server(&idle[i]));
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(open.len() <= 512, "{} still open", open.len());
}

// ----- Builds and Ctrl-C -----

/// Sites whose builds wait (while their `a-propos.md` says « BLOQUE ») until
/// the test lets them go: a build stuck on a file, on demand.
static HELD: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn held_build(options: &BuildOptions) -> Result<BuiltSite, Diagnostics> {
    let page = std::fs::read_to_string(options.root.join("content/pages/a-propos.md"));
    if page.is_ok_and(|text| text.contains("BLOQUE")) {
        while HELD.lock().unwrap().contains(&options.root) {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    vitrine::build(options)
}

/// Holds the builds of a site until dropped (a failed test must not leave
/// its server waiting forever).
struct Hold(PathBuf);

fn hold(root: &Path) -> Hold {
    let root = std::fs::canonicalize(root).unwrap();
    HELD.lock().unwrap().push(root.clone());
    Hold(root)
}

impl Drop for Hold {
    fn drop(&mut self) {
        HELD.lock().unwrap().retain(|held| *held != self.0);
    }
}

fn page_text(preview: &Preview) -> (PathBuf, String) {
    let page = preview.path("content/pages/a-propos.md");
    let text = std::fs::read_to_string(&page).unwrap();
    (page, text)
}

#[test]
fn a_stuck_build_does_not_hold_the_next_one_and_its_late_result_is_dropped() {
    let mut preview = Preview::with(example_site(), |mut options| {
        options.build = Some(held_build);
        options
    });
    let addr = preview.addr();
    let (page, text) = page_text(&preview);
    let held = hold(preview.root());
    std::fs::write(&page, format!("{text}\nBLOQUE\n")).unwrap();
    preview.assert_no_change_within(Duration::from_millis(500));

    // The next save builds at once, stuck build or not.
    std::fs::write(&page, format!("{text}\nEnregistrement suivant.\n")).unwrap();
    let Change::Rebuilt { report, .. } = preview.next_change() else {
        panic!("the next build should succeed");
    };
    assert_eq!(
        report.changed,
        vec![PathBuf::from("content/pages/a-propos.md")]
    );
    let about = get(addr, "/a-propos/", &addr.to_string()).text();
    assert!(about.contains("Enregistrement suivant."), "{about}");

    // The stuck build ends late: what it built is out of date, dropped.
    drop(held);
    preview.assert_no_change_within(Duration::from_secs(2));
    let about = get(addr, "/a-propos/", &addr.to_string()).text();
    assert!(about.contains("Enregistrement suivant."));
    assert!(!about.contains("BLOQUE"));
}

#[test]
fn the_server_stops_while_a_build_is_stuck() {
    let mut preview = Preview::with(example_site(), |mut options| {
        options.build = Some(held_build);
        options
    });
    let (page, text) = page_text(&preview);
    let held = hold(preview.root());
    std::fs::write(&page, format!("{text}\nBLOQUE\n")).unwrap();
    preview.assert_no_change_within(Duration::from_millis(500));

    assert!(preview.stop() < Duration::from_secs(3));
    drop(held);
}

/// A copy of the example site with `extra` more articles, slow to build in
/// a debug build (seconds), for a `vitrine serve` to be caught building.
fn slow_site(extra: usize) -> tempfile::TempDir {
    let site = example_site();
    let body =
        "Le hub accompagne les **collectivités** et les [partenaires](https://example.org/) \
                dans leurs projets — « avec soin » ; voir aussi l'article.\n\n"
            .repeat(40);
    for i in 0..extra {
        std::fs::write(
            site.path()
                .join(format!("content/actualites/lent-{i:04}.md")),
            format!(
                "---\ntitre: Article lent {i}\ndate: 2023-01-{:02}\n---\n\n## Partie {i}\n\n{body}",
                1 + i % 28
            ),
        )
        .unwrap();
    }
    site
}

/// Whether the process runs a build right now (its build thread is named).
#[cfg(target_os = "linux")]
fn building(pid: u32) -> bool {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return false;
    };
    tasks.filter_map(Result::ok).any(|task| {
        std::fs::read_to_string(task.path().join("comm"))
            .is_ok_and(|name| name.trim() == "vitrine-build")
    })
}

#[cfg(target_os = "linux")]
fn wait_until_building(serve: &Running) {
    let deadline = Instant::now() + WAIT;
    while !building(serve.child.id()) {
        assert!(Instant::now() < deadline, "no build started");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_ends_the_command_during_a_rebuild() {
    let site = slow_site(600);
    let mut serve = spawn_serve(site.path());
    serve.address();
    let page = site.path().join("content/pages/a-propos.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nModifié.\n")).unwrap();
    wait_until_building(&serve);
    serve.interrupt();
    let status = serve.exit_within(Duration::from_secs(1));
    assert_eq!(status.code(), Some(0));
    let output = serve.output();
    assert!(output.contains("Arrêt de l'aperçu."), "{output}");
    assert!(!output.contains("site reconstruit"), "{output}");
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_ends_the_command_during_the_first_build() {
    let site = slow_site(600);
    let mut serve = spawn_serve(site.path());
    wait_until_building(&serve);
    serve.interrupt();
    let status = serve.exit_within(Duration::from_secs(1));
    assert_eq!(status.code(), Some(0));
    let output = serve.output();
    assert!(output.contains("Arrêt de l'aperçu."), "{output}");
    assert!(!output.contains("Aperçu du site"), "{output}");
}

// ----- No site -----

/// `vitrine serve --root root` run from `dir`: its exit code and output,
/// or a failure if it serves instead of stopping.
fn serve_output(dir: &Path, root: &str) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(["serve", "--port", "0", "--root", root])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the command serves instead of stopping");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut text = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    (status.code(), text)
}

const HINT: &str = "  = aide : lancez vitrine depuis le dossier du site (celui qui contient \
                    content/site.yaml), ou indiquez-le avec --root DOSSIER\n";

/// `vitrine serve --root NAME` where `make` created `folder` without a
/// whole site: exit 1 and the French reason, the folder named in full.
fn no_site(make: &str, folder: &str, reason: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(make)).unwrap();
    let full = std::fs::canonicalize(dir.path().join(folder)).unwrap();
    let (code, text) = serve_output(dir.path(), folder);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        text,
        format!(
            "erreur : aucun site dans « {} » : {reason}\n{HINT}",
            full.display()
        )
    );
}

#[test]
fn a_folder_without_content_is_no_site() {
    no_site("vide", "vide", "le dossier content/ est introuvable");
}

#[test]
fn a_folder_without_site_yaml_is_no_site() {
    no_site(
        "site/content/actualites",
        "site",
        "le fichier content/site.yaml est introuvable",
    );
}

#[test]
fn a_missing_root_is_named_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::canonicalize(dir.path()).unwrap().join("ailleurs");
    let (code, text) = serve_output(dir.path(), "ailleurs");
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        text,
        format!(
            "erreur : le dossier du site « {} » est introuvable\n  = aide : lancez vitrine \
             depuis le dossier du site, ou indiquez-le avec --root DOSSIER\n",
            full.display()
        )
    );
}

#[test]
fn a_site_that_never_built_claims_no_last_good_version() {
    let site = example_site();
    let config = site.path().join("content/site.yaml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{good}\n: : [\n")).unwrap();

    let mut serve = spawn_serve(site.path());
    let addr = serve.address();
    let told = serve.saw("problème à corriger.");
    assert!(
        told.ends_with(
            "problème à corriger. Le site n'a encore jamais pu être construit : \
             l'aperçu affiche ces erreurs à la place du site."
        ),
        "{told}"
    );

    let page = get(addr, "/", &addr.to_string());
    assert_eq!(page.status, 500);
    assert!(
        page.text()
            .contains("Le site n’a encore jamais pu être construit.")
    );
    assert!(!page.text().contains("dernière version"), "{}", page.text());

    // Once it has built, a failure keeps the last good version, and says so.
    std::fs::write(&config, &good).unwrap();
    serve.line("site reconstruit");
    std::fs::write(&config, format!("{good}\n: : [\n")).unwrap();
    serve.line(
        "problème à corriger. L'aperçu montre la dernière version correcte du site, \
         avec ces erreurs par-dessus.",
    );
}
