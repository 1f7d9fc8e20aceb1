//! The bad-input corpus of the site's files: what may be read at all.
//! Symlinks leading out of the site root, FIFOs and devices, and files over
//! their size cap are each refused with a French message naming the file,
//! and the previous output stays as it was.

#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use common::assertions::{assert_at, problem, single, stderr};
use common::{Fixture, tiny};
use vitrine::Diagnostics;
use vitrine::load::LoadError;
use vitrine::source::ReadError;
use vitrine::source::{DATA_LIMIT, MARKDOWN_LIMIT, STATIC_LIMIT};

const SECRET: &str = "SECRET-HORS-DU-SITE";
const OUTSIDE_HINT: &str = "vitrine ne lit rien hors du dossier du site : remplacez le lien par une copie du fichier dans le site";
const SPECIAL_HINT: &str = "retirez-le du dossier du site ou remplacez-le par un fichier ordinaire";
const SIZE_HINT: &str = "allégez le fichier (image compressée, texte découpé en plusieurs pages) ou publiez-le ailleurs et faites un lien vers lui";

/// A folder outside the site: a valid article, a text file and a CSS file,
/// each carrying [`SECRET`].
struct Outside {
    dir: tempfile::TempDir,
}

impl Outside {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let article = tiny::ARTICLE.replace("Un paragraphe", SECRET);
        std::fs::write(dir.path().join("secret.md"), article).expect("write");
        std::fs::write(dir.path().join("secret.txt"), SECRET).expect("write");
        std::fs::write(dir.path().join("secret.html"), SECRET).expect("write");
        Self { dir }
    }

    /// The real path of `name` in it ("" for the folder itself).
    fn path(&self, name: &str) -> PathBuf {
        let dir = std::fs::canonicalize(self.dir.path()).expect("canonical");
        if name.is_empty() { dir } else { dir.join(name) }
    }
}

fn link(site: &Fixture, link: &str, target: &Path) {
    let path = site.path(link);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    symlink(target, path).expect("symlink");
}

/// The only problem is the link `at` leading to `target`, with the exact
/// message; the previous output is untouched and the build in memory
/// fails too, so nothing from outside can be published.
fn refused(at: &str, target: &Path, diagnostics: &Diagnostics) {
    let diagnostic = single(diagnostics);
    assert_at(diagnostic, at, None);
    let Some(LoadError::Read(ReadError::OutsideRoot { link, target: to })) = problem(diagnostic)
    else {
        panic!("{diagnostic}")
    };
    assert_eq!((link.as_path(), to.as_path()), (Path::new(at), target));
    assert_eq!(
        diagnostic.to_string(),
        format!(
            "erreur : lien symbolique hors du site : « {at} » pointe vers « {} »\n  --> {at}\n  = aide : {OUTSIDE_HINT}",
            target.display()
        )
    );
    assert!(!diagnostic.to_string().contains(SECRET));
}

/// Publishes the tiny site, adds the link `at` to `name` of a folder
/// outside, and checks it is refused.
fn outside_link(at: &str, name: &str) -> (Fixture, Outside) {
    let outside = Outside::new();
    let site = Fixture::tiny();
    let before = site.published();
    link(&site, at, &outside.path(name));
    let diagnostics = site.fails(&before);
    refused(at, &outside.path(name), &diagnostics);
    (site, outside)
}

// ---------------------------------------------------------------------------
// Symlinks out of the site root, in each folder the build reads.

#[test]
fn link_to_an_outside_file_in_articles() {
    outside_link("content/actualites/fuite.md", "secret.md");
}

#[test]
fn link_to_an_outside_folder_in_articles() {
    outside_link("content/actualites/dossier", "");
}

#[test]
fn link_to_an_outside_file_in_media() {
    outside_link("content/medias/photo.jpg", "secret.txt");
}

#[test]
fn link_to_an_outside_folder_in_media() {
    outside_link("content/medias/album", "");
}

#[test]
fn link_to_an_outside_file_in_static() {
    let (site, _outside) = outside_link("static/fuite.txt", "secret.txt");
    let output = site.vitrine(&["build"]);
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "erreur : lien symbolique hors du site : « static/fuite.txt » pointe vers « "
        ),
        "{stderr}"
    );
    assert!(stderr.contains(OUTSIDE_HINT), "{stderr}");
}

#[test]
fn link_to_an_outside_folder_in_static() {
    outside_link("static/documents", "");
}

#[test]
fn link_to_an_outside_file_in_the_theme_static() {
    outside_link("themes/essai/static/fuite.css", "secret.txt");
}

#[test]
fn link_to_an_outside_folder_in_the_theme_static() {
    outside_link("themes/essai/static/vendor", "");
}

#[test]
fn link_to_an_outside_file_in_templates() {
    outside_link("templates/fuite.html", "secret.html");
}

#[test]
fn link_to_an_outside_folder_in_templates() {
    outside_link("templates/partages", "");
}

/// Moves the folder `relative` of the published tiny site out of it and
/// links it back: reported once, at the link, nothing else about it.
fn moved_out(relative: &str) {
    let outside = Outside::new();
    let site = Fixture::tiny();
    let before = site.published();
    let moved = outside.path("dossier");
    std::fs::rename(site.path(relative), &moved).expect("move");
    link(&site, relative, &moved);
    let diagnostics = site.fails(&before);
    refused(relative, &moved, &diagnostics);
}

#[test]
fn content_folder_linked_from_outside() {
    moved_out("content");
}

#[test]
fn theme_linked_from_outside() {
    moved_out("themes/essai");
}

#[test]
fn link_to_a_device_is_outside() {
    // Reading /dev/zero never ends: it must not even be opened.
    let site = Fixture::tiny();
    let before = site.published();
    link(&site, "static/zero", Path::new("/dev/zero"));
    let diagnostics = within_seconds(&site, &before);
    refused("static/zero", Path::new("/dev/zero"), &diagnostics);
}

#[test]
fn dot_dot_through_a_link_inside_leads_out() {
    // `raccourci` leads to `static/`, inside; `raccourci/../..` reads as
    // `themes/essai` but goes one level above `static/`: out of the site.
    let site = Fixture::tiny();
    site.write("static/logo.txt", "logo");
    let before = site.published();
    link(
        &site,
        "themes/essai/static/raccourci",
        Path::new("../../../static"),
    );
    link(
        &site,
        "themes/essai/static/evasion",
        Path::new("raccourci/../.."),
    );
    let diagnostics = site.fails(&before);
    let parent = std::fs::canonicalize(site.root().join("..")).expect("parent");
    refused("themes/essai/static/evasion", &parent, &diagnostics);
}

#[test]
fn links_that_stay_inside_the_root_still_work() {
    let site = Fixture::tiny();
    let copy = tiny::ARTICLE.replace("Premier article", "Article copié");
    site.write("brouillons/copie.md", &copy)
        .write("partage/charte.css", "h1 { color: navy }")
        .write("partage/404.html", "<h1>Perdu</h1>");
    link(
        &site,
        "content/actualites/copie.md",
        Path::new("../../brouillons/copie.md"),
    );
    link(
        &site,
        "static/charte.css",
        Path::new("../partage/charte.css"),
    );
    link(&site, "static/partage", Path::new("../partage"));
    link(
        &site,
        "templates/404.html",
        Path::new("../partage/404.html"),
    );
    let built = site
        .build()
        .unwrap_or_else(|d| panic!("links inside the site should build:\n{d}"));
    assert!(built.has("actualites/article-copie/index.html"));
    assert_eq!(built.file("charte.css"), "h1 { color: navy }");
    assert_eq!(built.file("partage/charte.css"), "h1 { color: navy }");
    assert_eq!(built.file("404.html"), "<h1>Perdu</h1>");
}

// ---------------------------------------------------------------------------
// Special files: only regular files are read.

/// Builds on another thread, so that a build blocked on a FIFO fails the
/// test instead of hanging the suite; then publishes into `public/` and
/// expects the same failure, with `public/` untouched.
fn within_seconds(site: &Fixture, before: &common::Snapshot) -> Diagnostics {
    let (sender, receiver) = mpsc::channel();
    let options = site.options();
    // Not joined: a blocked thread ends with the test process.
    std::thread::spawn(move || sender.send(vitrine::build(&options).map(|_| ())));
    match receiver.recv_timeout(Duration::from_secs(10)) {
        Ok(Ok(())) => panic!("the build should fail"),
        Ok(Err(_)) => site.fails(before),
        Err(_) => panic!("the build did not return within 10 s: blocked on a special file?"),
    }
}

fn mkfifo(site: &Fixture, relative: &str) {
    let path = site.path(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let status = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

fn special(at: &str, diagnostics: &Diagnostics) {
    let diagnostic = single(diagnostics);
    assert_at(diagnostic, at, None);
    assert!(matches!(
        problem(diagnostic),
        Some(LoadError::Read(ReadError::NotRegular(_)))
    ));
    assert_eq!(
        diagnostic.to_string(),
        format!(
            "erreur : ce n'est pas un fichier ordinaire mais un tube nommé (FIFO) : il n'est pas lu\n  --> {at}\n  = aide : {SPECIAL_HINT}"
        )
    );
}

#[test]
fn fifo_in_articles() {
    let site = Fixture::tiny();
    let before = site.published();
    mkfifo(&site, "content/actualites/tube.md");
    special(
        "content/actualites/tube.md",
        &within_seconds(&site, &before),
    );
}

#[test]
fn fifo_in_static() {
    let site = Fixture::tiny();
    let before = site.published();
    mkfifo(&site, "static/tube.css");
    special("static/tube.css", &within_seconds(&site, &before));
}

#[test]
fn fifo_as_a_data_file_is_reported_once() {
    let site = Fixture::tiny();
    let before = site.published();
    site.remove("content/partenaires.yaml");
    mkfifo(&site, "content/partenaires.yaml");
    special("content/partenaires.yaml", &within_seconds(&site, &before));
}

// ---------------------------------------------------------------------------
// Size caps, checked before reading: the files are sparse.

fn oversized(at: &str, size: u64, limit: u64, shown: (&str, &str)) {
    let site = Fixture::tiny();
    let before = site.published();
    let path = site.path(at);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(size).expect("sparse file");
    let diagnostics = within_seconds(&site, &before);
    let diagnostic = single(&diagnostics);
    assert_at(diagnostic, at, None);
    assert!(
        matches!(
            problem(diagnostic),
            Some(LoadError::Read(ReadError::TooLarge { size: s, limit: l })) if *s == size && *l == limit
        ),
        "{diagnostic}"
    );
    let (size, limit) = shown;
    assert_eq!(
        diagnostic.to_string(),
        format!(
            "erreur : fichier trop volumineux : {size}, la limite est de {limit}\n  --> {at}\n  = aide : {SIZE_HINT}"
        )
    );
}

#[test]
fn oversized_media() {
    oversized(
        "content/medias/film.mp4",
        STATIC_LIMIT + 1,
        STATIC_LIMIT,
        ("100,1 Mio", "100 Mio"),
    );
}

#[test]
fn oversized_static_file() {
    oversized(
        "static/archive.zip",
        3 << 30,
        STATIC_LIMIT,
        ("3 Gio", "100 Mio"),
    );
}

#[test]
fn oversized_article() {
    oversized(
        "content/actualites/enorme.md",
        MARKDOWN_LIMIT * 2,
        MARKDOWN_LIMIT,
        ("128 Mio", "64 Mio"),
    );
}

#[test]
fn oversized_data_file() {
    oversized(
        "content/thematiques.yaml",
        DATA_LIMIT + 1024,
        DATA_LIMIT,
        ("4,1 Mio", "4 Mio"),
    );
}

#[test]
fn oversized_template() {
    oversized(
        "templates/page.html",
        DATA_LIMIT * 3,
        DATA_LIMIT,
        ("12 Mio", "4 Mio"),
    );
}

// ---------------------------------------------------------------------------
// The preview server builds through the same reader.

#[cfg(feature = "serve")]
#[test]
fn serve_neither_blocks_on_a_fifo_nor_serves_a_link_out() {
    use vitrine::serve::{Change, ServeOptions};

    let outside = Outside::new();
    let site = Fixture::tiny();
    mkfifo(&site, "static/tube.css");
    link(&site, "static/fuite.txt", &outside.path("secret.txt"));
    let mut options = ServeOptions::new(site.root());
    options.port = 0;
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (sender, receiver) = mpsc::channel();
    let handle = runtime.handle().clone();
    // Not joined: a start blocked on the FIFO ends with the test process.
    std::thread::spawn(move || {
        let started = handle.block_on(vitrine::serve::start(options));
        let _ = sender.send(started);
    });
    let server = receiver
        .recv_timeout(Duration::from_secs(10))
        .expect("serve did not start within 10 s: blocked on a special file?")
        .expect("server starts");
    let Change::Failed { .. } = server.first_build() else {
        panic!("the first build should fail");
    };

    let leak = get(server.address(), "/fuite.txt");
    assert!(!leak.starts_with("HTTP/1.1 200"), "{leak}");
    assert!(!leak.contains(SECRET), "{leak}");
    let page = get(server.address(), "/");
    assert!(page.starts_with("HTTP/1.1 500"), "{page}");
    assert!(page.contains("static/fuite.txt") && page.contains("static/tube.css"));
    assert!(!page.contains(SECRET), "{page}");
    runtime.block_on(server.stop()).expect("stop");
}

/// The raw reply of the preview server to `GET path`.
#[cfg(feature = "serve")]
fn get(address: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nAccept: text/html\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).expect("reply");
    String::from_utf8_lossy(&reply).into_owned()
}

#[test]
fn a_theme_name_climbing_out_of_the_site_is_named_as_such() {
    // `theme: ../../autre` names a theme beside the site, through no link:
    // the message says the path climbs out, and nothing of it is read.
    let site = Fixture::tiny();
    let outside = Outside::new();
    std::fs::create_dir(outside.path("templates")).expect("mkdir");
    let name = outside.path("").file_name().expect("name").to_owned();
    let climb = format!("../../{}", name.to_string_lossy());
    let before = site.published();
    site.replace(
        "content/site.yaml",
        "theme: essai",
        &format!("theme: {climb}"),
    );
    let diagnostics = site.fails(&before);
    let diagnostic = single(&diagnostics);
    assert!(
        matches!(
            problem(diagnostic),
            Some(LoadError::Read(ReadError::ClimbsOut(path))) if path == Path::new("themes/../..")
        ),
        "{diagnostic}"
    );
    assert_eq!(
        diagnostic.to_string(),
        "erreur : chemin hors du site : « themes/../.. » remonte au-dessus du dossier du site\n\
         \x20 --> themes/../..\n\
         \x20 = aide : vitrine ne lit rien hors du dossier du site : un nom de dossier (comme la clé « theme » de content/site.yaml) ne peut pas contenir « .. »"
    );
}
