//! The preview server over real HTTP: each test copies the example site to a
//! temp dir, starts the server in-process on an ephemeral loopback port and
//! talks to it with raw requests (exact bytes, so traversal attempts reach
//! the server as written).

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::files::example_site;
use common::preview::{Preview, WAIT, request};
use common::sse::{open_events, sse_until};
use vitrine::serve::Change;

/// An article of the site: its Markdown file and its page's URL path.
fn some_article(site: &Path) -> (PathBuf, String) {
    let dir = site.join("content/actualites");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let file = files.into_iter().next().expect("an article");
    // Mark the article, then find its page in a build (slugs may differ from
    // file names).
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n\nPhrase témoin d'origine.\n")).unwrap();
    let built = vitrine::build(&vitrine::BuildOptions::new(site)).expect("example site builds");
    let page = built
        .files
        .iter()
        .find(|f| {
            f.path.starts_with("actualites/")
                && String::from_utf8_lossy(&f.contents).contains("Phrase témoin d’origine")
        })
        .expect("the article's page");
    let url = format!("/{}", page.path.trim_end_matches("index.html"));
    (file, url)
}

#[test]
fn every_file_kind_gets_its_content_type() {
    let site = example_site();
    let statics = site.path().join("static");
    std::fs::create_dir_all(statics.join("docs")).unwrap();
    for name in [
        "photo.png",
        "photo.jpg",
        "photo.webp",
        "anim.gif",
        "site.ico",
        "data.json",
        "police.woff2",
        "docs/rapport.pdf",
        "app.js",
        "notes.txt",
    ] {
        std::fs::write(statics.join(name), b"x").unwrap();
    }
    let preview = Preview::on(site);
    for (path, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/photo.png", "image/png"),
        ("/photo.jpg", "image/jpeg"),
        ("/photo.webp", "image/webp"),
        ("/anim.gif", "image/gif"),
        ("/site.ico", "image/x-icon"),
        ("/data.json", "application/json"),
        ("/police.woff2", "font/woff2"),
        ("/docs/rapport.pdf", "application/pdf"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/__vitrine/apercu.js", "text/javascript; charset=utf-8"),
    ] {
        let reply = preview.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(expected), "{path}");
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    }
}

#[test]
fn directories_serve_their_index_and_redirect_without_slash() {
    let preview = Preview::on(example_site());
    let listing = preview.get("/actualites/");
    assert_eq!(listing.status, 200);
    assert!(listing.text().contains("<html"));

    let redirect = preview.get("/actualites");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/actualites/"));
    let with_query = preview.get("/actualites?x=1");
    assert_eq!(with_query.header("location"), Some("/actualites/?x=1"));

    // A folder without index.html is not listed.
    let statics = preview.get("/medias/");
    assert_eq!(statics.status, 404);
}

#[test]
fn unknown_pages_get_the_site_404_page() {
    let preview = Preview::on(example_site());
    let reply = preview.get("/nulle-part/");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let expected = std::fs::read_to_string(preview.path("themes/hub/templates/404.html")).unwrap();
    assert!(expected.contains("Page introuvable"));
    assert!(reply.text().contains("Page introuvable"));
    assert!(reply.text().contains("/__vitrine/apercu.js"));
}

#[test]
fn head_gets_the_headers_of_get_without_body() {
    let preview = Preview::on(example_site());
    for path in ["/", "/style.css", "/nulle-part/"] {
        let get = preview.get(path);
        let head = request(preview.addr(), "HEAD", path);
        assert_eq!(head.status, get.status, "{path}");
        assert!(head.body.is_empty(), "{path}");
        for name in ["content-type", "content-length", "cache-control"] {
            assert_eq!(head.header(name), get.header(name), "{path} {name}");
        }
        assert_eq!(
            get.header("content-length"),
            Some(get.body.len().to_string().as_str())
        );
    }
    assert_eq!(request(preview.addr(), "POST", "/").status, 405);
}

#[test]
fn nothing_is_cached() {
    let preview = Preview::on(example_site());
    for path in [
        "/",
        "/style.css",
        "/atom.xml",
        "/nulle-part/",
        "/actualites",
    ] {
        assert_eq!(
            preview.get(path).header("cache-control"),
            Some("no-store"),
            "{path}"
        );
    }
}

#[test]
fn the_script_goes_into_served_html_only() {
    let preview = Preview::on(example_site());
    let script = "<script src=\"/__vitrine/apercu.js\"";
    let home = preview.get("/").text();
    assert!(home.contains(script));
    let at = home.find(script).unwrap();
    assert!(home[at..].contains("</body>"), "before </body>");
    for path in [
        "/style.css",
        "/atom.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/favicon.svg",
    ] {
        assert!(!preview.get(path).text().contains("__vitrine"), "{path}");
    }
    // What `build` produces never carries it.
    let built = vitrine::build(&vitrine::BuildOptions::new(preview.root())).unwrap();
    for file in &built.files {
        assert!(
            !String::from_utf8_lossy(&file.contents).contains("__vitrine"),
            "{}",
            file.path
        );
    }
}

#[test]
fn escapes_from_the_site_are_refused() {
    let site = example_site();
    std::fs::write(site.path().join("secret.txt"), "SECRET-VITRINE").unwrap();
    let preview = Preview::on(site);
    for target in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e/secret.txt",
        "/actualites%2f..%2f..%2fx",
        "/actualites/%2e%2e/%2e%2e/secret.txt",
        "//etc/passwd",
        "/..%5c..%5cx",
        "/..\\secret.txt",
        "/secret.txt%00.html",
        "/etc/passwd",
        "/content/site.yaml",
    ] {
        let reply = request(preview.addr(), "GET", target);
        assert!(
            reply.status == 400 || reply.status == 404,
            "{target}: {}",
            reply.status
        );
        let text = reply.text();
        for leak in ["SECRET-VITRINE", "[package]", "root:x:0", "titre:"] {
            assert!(!text.contains(leak), "{target} leaked {leak}");
        }
    }
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_a_fix_clears_the_error() {
    let site = example_site();
    let (article, url) = some_article(site.path());
    let mut preview = Preview::on(site);
    let good = std::fs::read_to_string(&article).unwrap();
    let mut events = open_events(preview.addr(), WAIT);

    let edited = good.replace("Phrase témoin d'origine.", "Phrase témoin modifiée.");
    std::fs::write(&article, &edited).unwrap();
    assert!(matches!(
        preview.next_change(),
        Change::Rebuilt {
            styles_only: false,
            ..
        }
    ));
    sse_until(&mut events, "reload");
    assert!(preview.get(&url).text().contains("Phrase témoin modifiée"));

    // Invalid YAML in the front matter.
    let broken = edited.replacen("---\n", "---\noups: : deux-points en trop\n", 1);
    std::fs::write(&article, broken).unwrap();
    let Change::Failed { report, .. } = preview.next_change() else {
        panic!("the build should fail");
    };
    let file_name = format!(
        "content/actualites/{}",
        article.file_name().unwrap().to_str().unwrap()
    );
    assert!(report.contains(&file_name), "{report}");
    let failure = sse_until(&mut events, "failure");
    assert!(failure.contains("vitrine-erreur"));

    let page = preview.get(&url);
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("Phrase témoin modifiée"), "last good site");
    assert!(text.contains("<div id=\"vitrine-erreur\" role=\"alert\""));
    assert!(text.contains(&file_name));
    assert!(preview.server().error().is_some());

    std::fs::write(&article, good.replace("d'origine", "corrigée")).unwrap();
    assert!(matches!(preview.next_change(), Change::Rebuilt { .. }));
    sse_until(&mut events, "reload");
    let text = preview.get(&url).text();
    assert!(text.contains("Phrase témoin corrigée"));
    assert!(!text.contains("vitrine-erreur"));
    assert!(preview.server().error().is_none());
}

#[test]
fn a_site_that_never_built_is_served_as_an_error_page_until_fixed() {
    let site = example_site();
    let config = site.path().join("content/site.yaml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{good}\n: : [\n")).unwrap();
    let mut preview = Preview::on(site);
    assert!(matches!(
        preview.server().first_build(),
        Change::Failed { .. }
    ));

    let page = preview.get("/");
    assert_eq!(page.status, 500);
    let text = page.text();
    assert!(text.contains("Le site n’a pas pu être construit"));
    assert!(text.contains("vitrine-erreur") && text.contains("content/site.yaml"));
    assert!(
        preview
            .get("/actualites/nimporte/")
            .text()
            .contains("vitrine-erreur")
    );

    std::fs::write(&config, good).unwrap();
    assert!(matches!(preview.next_change(), Change::Rebuilt { .. }));
    let home = preview.get("/");
    assert_eq!(home.status, 200);
    assert!(!home.text().contains("vitrine-erreur"));
}

#[test]
fn style_sheet_changes_refresh_styles_without_reload() {
    let mut preview = Preview::on(example_site());
    let mut events = open_events(preview.addr(), WAIT);
    let css = preview.path("themes/hub/static/style.css");
    let text = std::fs::read_to_string(&css).unwrap();
    std::fs::write(&css, format!("{text}\n.vitrine-test {{ color: red; }}\n")).unwrap();
    assert!(matches!(
        preview.next_change(),
        Change::Rebuilt {
            styles_only: true,
            ..
        }
    ));
    sse_until(&mut events, "styles");
    assert!(preview.get("/style.css").text().contains(".vitrine-test"));
}

#[test]
fn editor_temporary_files_are_ignored_and_bursts_give_one_rebuild() {
    let mut preview = Preview::with(example_site(), |mut options| {
        options.debounce = Duration::from_millis(400);
        options
    });
    let dir = preview.path("content/actualites");
    // Written then removed, as editors do around a save.
    for name in [".article.md.swp", "article.md~", "4913", ".#article.md"] {
        std::fs::write(dir.join(name), "x").unwrap();
        std::fs::remove_file(dir.join(name)).unwrap();
    }
    preview.assert_no_change_within(Duration::from_millis(800));

    let article = preview.path("content/pages/a-propos.md");
    let text = std::fs::read_to_string(&article).unwrap();
    for i in 0..5 {
        std::fs::write(&article, format!("{text}\n\nVersion {i}.\n")).unwrap();
    }
    // An atomic save, as `sed -i` does: a temporary file renamed over.
    let temporary = preview.path("content/pages/sedX4b2Q9");
    std::fs::write(&temporary, format!("{text}\n\nVersion finale.\n")).unwrap();
    std::fs::rename(&temporary, &article).unwrap();
    let change = preview.next_change();
    let Change::Rebuilt { report, .. } = change else {
        panic!("{change:?}");
    };
    assert_eq!(
        report.changed,
        vec![PathBuf::from("content/pages/a-propos.md")]
    );
    preview.assert_no_change_within(Duration::from_millis(800));
}

/// The command itself: a port already in use is a clear French error.
#[test]
fn a_port_in_use_is_reported_with_a_hint() {
    let site = example_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("le port {port} est déjà utilisé")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
}

/// Ctrl-C stops the command cleanly, even with a browser tab connected.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_command_cleanly() {
    let site = example_site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let url = loop {
        line.clear();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "no URL printed");
        if let Some(rest) = line.split("Aperçu du site : ").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    assert_eq!(request(addr, "GET", "/").status, 200);
    let _events = open_events(addr, WAIT);

    common::interrupt(child.id());
    let deadline = std::time::Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the server did not stop");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("Arrêt de l'aperçu."), "{rest}");
}
