//! Real servers for the publish tests, started on 127.0.0.1 on a free port
//! with temporary keys: OpenSSH's `sshd` (Debian `openssh-server`) and
//! `s3s-fs` (crates.io), which `.ci/run` installs. Outside CI a missing
//! server skips the test with a notice; in CI (`CI` set) it fails it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// Whether `program` runs here; if not, a notice (or a failure in CI).
pub fn available(program: &str, why: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        || Path::new(program).exists();
    if !found {
        let required = ["CI", "VITRINE_REQUIRE_SERVERS"]
            .iter()
            .any(|name| std::env::var_os(name).is_some());
        assert!(
            !required,
            "{program} is missing in CI ({why}): .ci/run installs it"
        );
        eprintln!("NOTICE: {program} is missing ({why}); test skipped");
    }
    found
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

fn wait_for_port(port: u16, child: &mut Child) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("server exited early: {status}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `program` with `args`, expecting success.
fn run(program: &str, args: &[&str]) {
    let status = Command::new(program).args(args).status().expect(program);
    assert!(status.success(), "{program} {args:?}");
}

/// `sshd` on 127.0.0.1 serving the current user with a fresh key pair.
pub struct Sshd {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Option<Child>,
}

pub const SSHD: &str = "/usr/sbin/sshd";

impl Sshd {
    pub fn start() -> Option<Sshd> {
        if !available(SSHD, "openssh-server") || !available("sftp", "openssh-client") {
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path().to_str().expect("utf-8 temp dir").to_string();
        for key in ["host", "user", "other"] {
            run(
                "ssh-keygen",
                &["-q", "-t", "ed25519", "-N", "", "-f", &format!("{d}/{key}")],
            );
        }
        std::fs::copy(format!("{d}/user.pub"), format!("{d}/authorized_keys")).expect("copy");
        // sshd running as root needs its privilege separation folder.
        let _ = std::fs::create_dir_all("/run/sshd");
        let mut sshd = Sshd {
            dir,
            port: free_port(),
            child: None,
        };
        sshd.write_client_configs();
        sshd.restart();
        Some(sshd)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write_client_configs(&self) {
        let d = self.dir.path().display();
        let host_key = std::fs::read_to_string(self.path("host.pub")).expect("host key");
        std::fs::write(
            self.path("known_hosts"),
            format!("[127.0.0.1]:{} {host_key}", self.port),
        )
        .expect("known_hosts");
        std::fs::write(self.path("empty_known_hosts"), "").expect("known_hosts");
        for (name, known, key) in [
            ("ssh_config", "known_hosts", "user"),
            ("ssh_config_unknown_host", "empty_known_hosts", "user"),
            ("ssh_config_wrong_key", "known_hosts", "other"),
        ] {
            std::fs::write(
                self.path(name),
                format!(
                    "Host *\n  UserKnownHostsFile {d}/{known}\n  GlobalKnownHostsFile /dev/null\n  \
                     IdentityFile {d}/{key}\n  IdentitiesOnly yes\n  IdentityAgent none\n"
                ),
            )
            .expect("ssh config");
        }
        std::fs::write(
            self.path("sshd_config"),
            format!(
                "Port {}\nListenAddress 127.0.0.1\nHostKey {d}/host\nPidFile {d}/sshd.pid\n\
                 AuthorizedKeysFile {d}/authorized_keys\nPasswordAuthentication no\n\
                 KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n\
                 Subsystem sftp internal-sftp\nLogLevel ERROR\nMaxStartups 50\n",
                self.port
            ),
        )
        .expect("sshd config");
    }

    /// (Re)starts the server on the same port.
    pub fn restart(&mut self) {
        let config = self.path("sshd_config");
        let mut child = Command::new(SSHD)
            .arg("-D")
            .arg("-e")
            .arg("-f")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sshd");
        wait_for_port(self.port, &mut child);
        self.child = Some(child);
    }

    /// Kills the server and every session it forked, by their ids: the
    /// connections in progress are cut.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            for pid in descendants(child.id()) {
                let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn url(&self, path: &Path) -> String {
        format!(
            "sftp://{}@127.0.0.1:{}{}",
            user(),
            self.port,
            path.display()
        )
    }

    /// `vitrine publish` of `root` to `path` through this server, with the
    /// client configuration `config` (one of those written at start).
    pub fn publish(&self, root: &Path, path: &Path, config: &str, extra: &[&str]) -> Output {
        let mut args = vec![
            "publish".to_string(),
            "--root".into(),
            root.display().to_string(),
            "--to".into(),
            self.url(path),
            "--ssh-config".into(),
            self.path(config).display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        vitrine(&args, &[])
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Every process below `pid`, from /proc.
pub fn descendants(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let mut parents = vec![pid];
    while let Some(parent) = parents.pop() {
        let Ok(entries) = std::fs::read_dir("/proc") else {
            break;
        };
        for entry in entries.flatten() {
            let Some(child) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            // `pid (name) state ppid …`: the name may hold spaces.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if ppid == Some(parent) {
                found.push(child);
                parents.push(child);
            }
        }
    }
    found
}

pub fn user() -> String {
    let out = Command::new("id").arg("-un").output().expect("id -un");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// `s3s-fs` on 127.0.0.1 with a bucket `site`.
pub struct S3Server {
    pub data: tempfile::TempDir,
    pub port: u16,
    child: Option<Child>,
}

pub const KEY: &str = "VITRINEKEY";
pub const SECRET: &str = "vitrine-secret-de-test";

impl S3Server {
    pub fn start() -> Option<S3Server> {
        if !available(
            "s3s-fs",
            "cargo install s3s-fs --version 0.14.1 --features binary",
        ) {
            return None;
        }
        let data = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(data.path().join("site")).expect("bucket");
        let mut server = S3Server {
            data,
            port: free_port(),
            child: None,
        };
        server.restart();
        Some(server)
    }

    pub fn restart(&mut self) {
        let mut child = Command::new("s3s-fs")
            .args(["--host", "127.0.0.1", "--port", &self.port.to_string()])
            .args(["--access-key", KEY, "--secret-key", SECRET])
            .arg(self.data.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start s3s-fs");
        wait_for_port(self.port, &mut child);
        self.child = Some(child);
    }

    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// `vitrine publish`'s arguments to send `root` to `url` on this server.
    pub fn publish_args(&self, root: &Path, url: &str) -> Vec<String> {
        [
            "publish",
            "--root",
            &root.display().to_string(),
            "--to",
            url,
            "--endpoint",
            &self.endpoint(),
        ]
        .map(String::from)
        .to_vec()
    }

    pub fn publish(&self, root: &Path, url: &str, secret: &str, extra: &[&str]) -> Output {
        let mut args = self.publish_args(root, url);
        args.extend(extra.iter().map(|s| s.to_string()));
        vitrine(
            &args,
            &[
                ("AWS_ACCESS_KEY_ID", KEY),
                ("AWS_SECRET_ACCESS_KEY", secret),
            ],
        )
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Runs the `vitrine` binary, without the user's SSH agent nor AWS settings.
pub fn vitrine(args: &[String], env: &[(&str, &str)]) -> Output {
    spawn_vitrine(args, env)
        .wait_with_output()
        .expect("run vitrine")
}

pub fn spawn_vitrine(args: &[String], env: &[(&str, &str)]) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    command.args(args);
    for name in [
        "SSH_AUTH_SOCK",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
    ] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run vitrine")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file below `dir` (vitrine's own control files left out) and its
/// SHA-256.
pub fn tree(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("below")
                .to_string_lossy();
            if !relative.starts_with(".vitrine-") {
                let bytes = std::fs::read(entry.path()).expect("read");
                files.insert(relative.into_owned(), sha(&bytes));
            }
        }
    }
    files
}

pub fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The target's manifest, by path.
pub fn manifest(dir: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(dir.join(".vitrine-manifeste")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.splitn(3, ' ');
            let hash = parts.next()?;
            parts.next()?;
            Some((parts.next()?.to_string(), hash.to_string()))
        })
        .collect()
}

/// The site the target serves is whole: every file its manifest names is
/// there with those very bytes, and nothing waits under a temporary name
/// in its place.
pub fn assert_complete(dir: &Path) {
    let files = tree(dir);
    let manifest = manifest(dir);
    assert!(!manifest.is_empty(), "no manifest in {}", dir.display());
    for (path, hash) in &manifest {
        assert_eq!(files.get(path), Some(hash), "{path} is missing or partial");
    }
    assert!(!dir.join(".vitrine-verrou").exists(), "lock left behind");
}

/// A publish with nothing new (`publish`) says so and writes no file of
/// the target `dir`.
pub fn assert_sends_nothing(dir: &Path, publish: impl FnOnce() -> Output) {
    let before = times(dir);
    let again = ok(&publish());
    assert!(
        again.contains("est déjà à jour : aucun fichier envoyé."),
        "{again}"
    );
    assert_eq!(
        times(dir),
        before,
        "a publish with no change writes nothing"
    );
}

/// The modification times of every file below `dir`, to show a publish
/// wrote nothing.
pub fn times(dir: &Path) -> BTreeMap<String, std::time::SystemTime> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e
                .path()
                .strip_prefix(dir)
                .expect("below")
                .display()
                .to_string();
            (
                path,
                e.metadata().expect("metadata").modified().expect("mtime"),
            )
        })
        .collect()
}

/// The output of a publish that must succeed: its standard output.
pub fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "publish failed:\n{}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// The output of a publish that must fail: its standard error.
pub fn failed(output: &Output) -> String {
    assert!(
        !output.status.success(),
        "publish should fail:\n{}",
        text(&output.stdout)
    );
    text(&output.stderr)
}

/// The site as `vitrine publish` builds it, by path and hash.
pub fn built(site: &crate::common::Fixture) -> BTreeMap<String, String> {
    let built = site.build_for_production().expect("the fixture builds");
    built
        .files
        .iter()
        .map(|(path, bytes)| (path.clone(), sha(bytes)))
        .collect()
}

/// A 400 kB tmpfs mounted for a full-disk test, unmounted when dropped;
/// `None` (with a notice) where mounting is not allowed.
pub struct SmallDisk(PathBuf);

impl SmallDisk {
    pub fn mount(at: &Path) -> Option<Self> {
        std::fs::create_dir(at).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=400k", "tmpfs"])
            .arg(at)
            .output()
            .is_ok_and(|o| o.status.success());
        if !mounted {
            eprintln!("NOTICE: cannot mount a small tmpfs (not root?); full-disk test skipped");
            return None;
        }
        Some(Self(at.to_path_buf()))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}
