//! The `.htaccess` vitrine writes, read by a real Apache (Debian's
//! `apache2`, started by the test on 127.0.0.1 with `AllowOverride All`,
//! the site published under `/hub/`): moved addresses answer 301 to their
//! new address, retired ones 410 with the « page retirée », unknown ones
//! 404 with the site's page; headers, caching and compression as written.
//! Skipped with a notice where `apache2` is missing, unless required
//! (`VITRINE_REQUIRE_APACHE=1` or `CI=true`; `.ci/run` installs it).

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Fixture;

const APACHE: &str = "/usr/sbin/apache2";
const MODULES: &str = "/usr/lib/apache2/modules";

fn required() -> bool {
    let set = |name: &str, values: &[&str]| {
        std::env::var(name).is_ok_and(|v| values.contains(&v.as_str()))
    };
    set("VITRINE_REQUIRE_APACHE", &["1"]) || set("CI", &["true", "1"])
}

/// A running Apache, stopped when dropped.
struct Apache {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Apache {
    /// Serves `www` (whose `.htaccess` files apply) on a free port.
    fn serve(www: &Path, dir: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = dir.join("error.log");
        let modules = [
            "mpm_event",
            "authz_core",
            "dir",
            "mime",
            "alias",
            "headers",
            "filter",
            "deflate",
        ]
        .map(|m| format!("LoadModule {m}_module {MODULES}/mod_{m}.so\n"))
        .concat();
        let conf = format!(
            "{modules}\
             Listen 127.0.0.1:{port}\nServerName 127.0.0.1\n\
             PidFile {dir}/apache.pid\nErrorLog {log}\nLogLevel warn\n\
             User nobody\nGroup nogroup\n\
             TypesConfig /etc/mime.types\n\
             DocumentRoot {www}\nDirectoryIndex index.html\n\
             <Directory {www}>\n  AllowOverride All\n  Require all granted\n</Directory>\n",
            dir = dir.display(),
            log = log.display(),
            www = www.display(),
        );
        let conf_file = dir.join("apache.conf");
        std::fs::write(&conf_file, conf).expect("write apache.conf");
        let child = Command::new(APACHE)
            .arg("-f")
            .arg(&conf_file)
            .arg("-DFOREGROUND")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start apache2");
        let apache = Self { child, port, log };
        apache.wait_until_up();
        apache
    }

    fn wait_until_up(&self) {
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "apache2 did not start:\n{}",
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// One request; gzip accepted when `gzip`.
    fn get(&self, path: &str, gzip: bool) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        let encoding = if gzip {
            "Accept-Encoding: gzip\r\n"
        } else {
            ""
        };
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{encoding}Connection: close\r\n\r\n"
        )
        .expect("send");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read");
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("headers end");
        let head = String::from_utf8_lossy(&bytes[..split]).to_string();
        let body = String::from_utf8_lossy(&bytes[split + 4..]).to_string();
        let status = head.split(' ').nth(1).expect("status").parse().unwrap();
        Reply { status, head, body }
    }
}

impl Drop for Apache {
    /// SIGTERM: Apache stops its worker processes, which a SIGKILL of the
    /// parent would leave running.
    fn drop(&mut self) {
        let stopped = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        if !stopped {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Every folder traversable and every file readable by Apache's user.
fn open_up(path: &Path) {
    let mode = if path.is_dir() { 0o755 } else { 0o644 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("read dir") {
            open_up(&entry.expect("entry").path());
        }
    }
}

#[test]
fn apache_answers_moved_retired_and_unknown_addresses_as_the_htaccess_says() {
    if !Path::new(APACHE).exists() {
        assert!(
            !required(),
            "the Apache test is required here (VITRINE_REQUIRE_APACHE=1 or CI=true) but {APACHE} is missing; .ci/run installs it (apt-get install apache2)"
        );
        let _ = writeln!(
            std::io::stderr(),
            "Apache test skipped: {APACHE} is missing (set VITRINE_REQUIRE_APACHE=1 to require it)"
        );
        return;
    }
    // First publish, then a slug change and a deletion.
    let fixture = Fixture::minimal();
    fixture
        .write(
            "content/actualites/troisieme.md",
            "---\ntitre: Troisième article\ndate: 2023-09-01\npartenaires: [alpha]\nthematiques: [sante]\n---\n\nDu texte.\n",
        )
        .write("static/app.0123abcd.css", "body { color: black }\n");
    let first = vitrine::build(&fixture.options()).expect("first build");
    let files: Vec<String> = first.files.into_iter().map(|f| f.path).collect();
    vitrine::addresses::record_published(fixture.root(), &files).expect("recorded");
    fixture
        .replace(
            "content/actualites/second.md",
            "titre: Second article\n",
            "titre: Second article\nslug: deuxieme\n",
        )
        .remove("content/actualites/troisieme.md");

    let server = tempfile::tempdir().expect("temp dir");
    let www = server.path().join("www");
    let mut options = fixture.options();
    options.base_url = Some("https://example.org/hub/".into());
    std::fs::create_dir(&www).expect("web root");
    vitrine::pipeline::publish(&options, &www.join("hub")).expect("published");
    open_up(server.path());
    let apache = Apache::serve(&www, server.path());

    let moved = apache.get("/hub/actualites/second-article/", false);
    assert_eq!(moved.status, 301, "{}", moved.head);
    assert_eq!(
        moved.header("Location"),
        Some("https://example.org/hub/actualites/deuxieme/")
    );
    let moved_file = apache.get("/hub/actualites/second-article/index.html", false);
    assert_eq!(moved_file.status, 301, "{}", moved_file.head);

    let retired = apache.get("/hub/actualites/troisieme-article/", false);
    assert_eq!(retired.status, 410, "{}", retired.head);
    assert!(
        retired.body.contains("<h1>Page retirée</h1>"),
        "{}",
        retired.body
    );
    assert!(retired.body.contains("href=\"/hub/actualites/\""));

    // Anchored: what lies below a former address is not caught.
    let below = apache.get("/hub/actualites/second-article/autre/", false);
    assert_eq!(below.status, 404, "{}", below.head);
    assert!(below.body.contains("Page introuvable"), "{}", below.body);

    let page = apache.get("/hub/actualites/deuxieme/", true);
    assert_eq!(page.status, 200, "{}", page.head);
    assert_eq!(page.header("X-Content-Type-Options"), Some("nosniff"));
    assert_eq!(
        page.header("Referrer-Policy"),
        Some("strict-origin-when-cross-origin")
    );
    assert_eq!(page.header("Cache-Control"), Some("no-cache"));
    assert_eq!(
        page.header("Content-Encoding"),
        Some("gzip"),
        "{}",
        page.head
    );

    let style = apache.get("/hub/style.css", false);
    assert_eq!(style.header("Cache-Control"), Some("public, max-age=3600"));
    let fingerprinted = apache.get("/hub/app.0123abcd.css", false);
    assert_eq!(fingerprinted.status, 200, "{}", fingerprinted.head);
    assert_eq!(
        fingerprinted.header("Cache-Control"),
        Some("public, max-age=31536000, immutable")
    );
}
