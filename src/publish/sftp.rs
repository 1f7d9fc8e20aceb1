//! `sftp://user@host[:port]/path`, through the system's OpenSSH `sftp`
//! client in batch mode: the editor's own SSH set-up applies as it is
//! (agent, key files, `~/.ssh/config` with its host aliases and jumps),
//! and the host key is checked against `known_hosts` by OpenSSH itself,
//! which refuses an unknown host (`StrictHostKeyChecking=yes`).
//!
//! Each operation is one `sftp` session running a batch of commands; a
//! batch stops at its first failing command (those written `-cmd` may
//! fail). Files are put under `.vitrine-envoi/` and renamed into place
//! with OpenSSH's atomic `posix-rename`.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{LOCK, PublishError, Transport, UPLOADS, parents};
use crate::error::io_message;

pub struct SftpTarget {
    user: Option<String>,
    host: String,
    port: Option<u16>,
    /// The site's folder on the server; empty: the login folder.
    path: String,
    /// `-F`: an SSH configuration file instead of `~/.ssh/config`.
    pub ssh_config: Option<PathBuf>,
    /// `-i`: a private key file, besides the agent's keys.
    pub identity: Option<PathBuf>,
    /// Local copies of the files a batch puts or gets.
    work: tempfile::TempDir,
    /// The folder does not exist yet (a dry run, which creates nothing).
    missing: bool,
    /// A session of this publish succeeded.
    answered: std::cell::Cell<bool>,
}

impl SftpTarget {
    pub fn new(
        user: Option<String>,
        host: String,
        port: Option<u16>,
        path: String,
    ) -> Result<Self, PublishError> {
        let work = tempfile::tempdir().map_err(|error| PublishError::Failed {
            target: String::new(),
            detail: io_message(&error),
        })?;
        Ok(SftpTarget {
            user,
            host,
            port,
            path,
            ssh_config: None,
            identity: None,
            work,
            missing: false,
            answered: std::cell::Cell::new(false),
        })
    }

    /// The batch's first line: into the site's folder.
    fn cd(&self) -> String {
        if self.path.is_empty() {
            String::new()
        } else {
            format!("cd {}\n", quote(&self.path))
        }
    }

    /// Runs one batch; `on_line` sees each command as `sftp` runs it.
    fn run(&self, batch: &str, on_line: &mut dyn FnMut(&str)) -> Result<(), Failure> {
        let file = self.work.path().join("commandes");
        std::fs::write(&file, batch).map_err(|e| Failure::Local(io_message(&e)))?;
        let mut command = Command::new("sftp");
        command
            .arg("-b")
            .arg(&file)
            .args(["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"])
            .args(["-o", "ConnectTimeout=15"])
            // A server that stops answering ends the session in 15 s.
            .args(["-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3"])
            // One SSH connection for every session of this publish; it
            // ends with the target (see `Drop`), or 30 s after the last use.
            .args(["-o", "ControlMaster=auto", "-o", "ControlPersist=30", "-o"])
            .arg(format!("ControlPath={}", self.control().display()));
        if let Some(config) = &self.ssh_config {
            command.arg("-F").arg(config);
        }
        if let Some(identity) = &self.identity {
            command.arg("-i").arg(identity);
        }
        if let Some(port) = self.port {
            command.arg("-P").arg(port.to_string());
        }
        let destination = match &self.user {
            Some(user) => format!("{user}@{}", self.host),
            None => self.host.clone(),
        };
        // `--` : a host name starting with `-` is not an option.
        command.arg("--").arg(destination);
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().map_err(Failure::Spawn)?;
        let mut stderr = child.stderr.take().expect("piped stderr");
        let errors = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        if let Some(stdout) = child.stdout.take() {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                on_line(&line);
            }
        }
        let status = child.wait().map_err(|e| Failure::Local(io_message(&e)))?;
        let errors = errors.join().unwrap_or_default();
        if status.success() {
            self.answered.set(true);
            Ok(())
        } else {
            Err(Failure::Remote(errors, status.code()))
        }
    }

    /// What a failed session means, in French.
    fn error(&self, failure: Failure) -> PublishError {
        let target = self.name();
        let (stderr, code) = match failure {
            Failure::Spawn(error) => {
                return PublishError::MissingProgram {
                    program: "sftp".into(),
                    detail: io_message(&error),
                };
            }
            Failure::Local(detail) => return PublishError::Failed { target, detail },
            Failure::Remote(stderr, code) => (stderr, code),
        };
        let has = |needle: &str| stderr.contains(needle);
        // The line that says it, not OpenSSH's closing « Connection closed ».
        let said = |needles: &[&str]| {
            stderr
                .lines()
                .find(|line| needles.iter().any(|n| line.contains(n)))
                .map(|line| line.trim().to_string())
        };
        if has("REMOTE HOST IDENTIFICATION HAS CHANGED") {
            return PublishError::ChangedHostKey {
                host: self.host.clone(),
            };
        }
        if has("Host key verification failed") {
            return PublishError::UnknownHostKey {
                host: self.host.clone(),
                port: self.port.unwrap_or(22),
                fingerprint: self.fingerprint(),
            };
        }
        if let Some(detail) = said(&["Permission denied (", "Too many authentication failures"]) {
            return PublishError::Denied { target, detail };
        }
        // Refused after an earlier session of this publish succeeded: the
        // server went away in the middle.
        if let Some(detail) = said(UNREACHABLE) {
            return if self.answered.get() || has("sftp>") {
                PublishError::Cut { target, detail }
            } else {
                PublishError::Unreachable { target, detail }
            };
        }
        if let Some(detail) = said(CUT) {
            return PublishError::Cut { target, detail };
        }
        // A failed command ends a batch with code 1; a lost connection
        // with 255, or kills `sftp` outright (SIGPIPE) without a word.
        if code != Some(1) && self.answered.get() {
            let detail = match code {
                Some(code) => format!("la session SSH s'est arrêtée (code {code})"),
                None => "la session SSH s'est arrêtée net".into(),
            };
            return PublishError::Cut { target, detail };
        }
        if has("is not a directory") || has("Can't change directory") || has("realpath") {
            return PublishError::NotAFolder { target };
        }
        // OpenSSH's server reports a full disk or quota as a bare
        // « Failure » of the write.
        if let Some(detail) = said(&["No space left", "quota", "write remote"]) {
            return PublishError::Full { target, detail };
        }
        PublishError::Failed {
            target,
            detail: last_line(&stderr),
        }
    }

    /// The server's key fingerprints as `ssh-keyscan` sees them, for the
    /// editor to compare with the host's before accepting one.
    fn fingerprint(&self) -> String {
        let scan = Command::new("ssh-keyscan")
            .args(["-T", "5", "-p", &self.port.unwrap_or(22).to_string(), "--"])
            .arg(&self.host)
            .stderr(Stdio::null())
            .output();
        let Ok(scan) = scan else {
            return "inconnue : ssh-keyscan est introuvable".into();
        };
        let keys = self.work.path().join("cles");
        if std::fs::write(&keys, &scan.stdout).is_err() {
            return "inconnue".into();
        }
        let listed = Command::new("ssh-keygen").arg("-lf").arg(&keys).output();
        let text = listed
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        // `256 SHA256:… [host]:port (ED25519)`: the fingerprint and type.
        let prints: Vec<String> = text
            .lines()
            .filter_map(|line| {
                let mut words = line.split_whitespace();
                let print = words.nth(1)?;
                let kind = words.last()?;
                Some(format!("{} {print}", kind.trim_matches(['(', ')'])))
            })
            .collect();
        let preferred = prints
            .iter()
            .find(|p| p.starts_with("ED25519 "))
            .or(prints.first());
        preferred.cloned().unwrap_or_else(|| "inconnue".into())
    }

    /// The socket of the shared connection.
    fn control(&self) -> PathBuf {
        self.work.path().join("ssh")
    }

    fn local(&self, name: &str) -> PathBuf {
        self.work.path().join(name)
    }
}

/// What OpenSSH says of a host it cannot reach.
const UNREACHABLE: &[&str] = &[
    "Connection refused",
    "Could not resolve hostname",
    "No route to host",
    "Network is unreachable",
    "Connection timed out",
    "Name or service not known",
];

/// What it says of a connection lost during the session.
const CUT: &[&str] = &[
    "Connection closed",
    "Connection reset",
    "Broken pipe",
    "Timeout, server",
    "Connection to",
    "client_loop",
    "Write failed",
];

impl Drop for SftpTarget {
    /// Closes the shared connection, if one was opened.
    fn drop(&mut self) {
        if self.control().exists() {
            let _ = Command::new("ssh")
                .arg("-o")
                .arg(format!("ControlPath={}", self.control().display()))
                .args(["-O", "exit", "--", &self.host])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

enum Failure {
    Spawn(std::io::Error),
    Local(String),
    /// What `sftp` said, and its exit code (none: killed by a signal).
    Remote(String, Option<i32>),
}

impl Transport for SftpTarget {
    fn name(&self) -> String {
        let user = self
            .user
            .as_ref()
            .map(|u| format!("{u}@"))
            .unwrap_or_default();
        let port = self.port.map(|p| format!(":{p}")).unwrap_or_default();
        let path = if self.path.starts_with('/') {
            self.path.clone()
        } else {
            format!("/~/{}", self.path)
        };
        format!("« sftp://{user}{}{port}{path} »", self.host)
    }

    fn open(&mut self, create: bool) -> Result<(), PublishError> {
        let mut batch = String::new();
        if create {
            for folder in parents(&format!("{}/", self.path)) {
                if !folder.is_empty() {
                    let _ = writeln!(batch, "-mkdir {}", quote(folder));
                }
            }
        }
        batch.push_str(&self.cd());
        match self.run(&batch, &mut |_| {}) {
            Err(Failure::Remote(stderr, _)) if !create && stderr.contains("No such file") => {
                self.missing = true;
                Ok(())
            }
            result => result.map_err(|f| self.error(f)),
        }
    }

    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, PublishError> {
        if self.missing {
            return Ok(None);
        }
        let local = self.local("lu");
        let _ = std::fs::remove_file(&local);
        let batch = format!("{}-get {} {}\n", self.cd(), quote(name), quote_path(&local));
        self.run(&batch, &mut |_| {}).map_err(|f| self.error(f))?;
        match std::fs::read(&local) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(_) => Ok(None),
        }
    }

    fn lock(&mut self, owner: &str) -> Result<Option<String>, PublishError> {
        let local = self.local("proprietaire");
        std::fs::write(&local, owner).map_err(|e| PublishError::Failed {
            target: self.name(),
            detail: io_message(&e),
        })?;
        // `mkdir` is atomic: of two publishes, one only creates the lock;
        // its owner appears whole, by a rename.
        // Then, under the lock, what an interrupted publish left.
        let batch = format!(
            "{}mkdir {LOCK}\nput {} {LOCK}/nouveau\nrename {LOCK}/nouveau {LOCK}/proprietaire\n-rm {UPLOADS}/*\n-rmdir {UPLOADS}\n",
            self.cd(),
            quote_path(&local)
        );
        match self.run(&batch, &mut |_| {}) {
            Ok(()) => Ok(None),
            Err(Failure::Remote(stderr, _))
                if stderr.contains("mkdir") && !stderr.contains("Permission denied") =>
            {
                let held = self.read(&format!("{LOCK}/proprietaire"))?;
                Ok(Some(
                    String::from_utf8_lossy(&held.unwrap_or_default()).into_owned(),
                ))
            }
            Err(failure) => Err(self.error(failure)),
        }
    }

    fn unlock(&mut self) -> Result<(), PublishError> {
        let batch = format!(
            "{}-rm {LOCK}/proprietaire\n-rm {LOCK}/nouveau\n-rmdir {LOCK}\n",
            self.cd()
        );
        self.run(&batch, &mut |_| {}).map_err(|f| self.error(f))
    }

    fn send(
        &mut self,
        files: &[(&str, &[u8])],
        sent: &mut dyn FnMut(u64),
    ) -> Result<(), PublishError> {
        let mut batch = format!("{}-mkdir {UPLOADS}\n", self.cd());
        let mut folders: Vec<&str> = files.iter().flat_map(|(path, _)| parents(path)).collect();
        folders.sort_by_key(|f| (f.matches('/').count(), *f));
        folders.dedup();
        for folder in folders {
            let _ = writeln!(batch, "-mkdir {}", quote(folder));
        }
        for (index, (path, contents)) in files.iter().enumerate() {
            let local = self.local(&index.to_string());
            std::fs::write(&local, contents).map_err(|e| PublishError::Failed {
                target: self.name(),
                detail: io_message(&e),
            })?;
            let _ = writeln!(
                batch,
                "put {} {UPLOADS}/{index}\nrename {UPLOADS}/{index} {}",
                quote_path(&local),
                quote(path)
            );
        }
        let _ = writeln!(batch, "-rmdir {UPLOADS}");
        let mut done = files.iter().map(|(_, contents)| contents.len() as u64);
        let result = self.run(&batch, &mut |line| {
            if line.starts_with("sftp> rename ")
                && let Some(size) = done.next()
            {
                sent(size);
            }
        });
        for index in 0..files.len() {
            let _ = std::fs::remove_file(self.local(&index.to_string()));
        }
        result.map_err(|f| self.error(f))
    }

    fn delete(&mut self, paths: &[String]) -> Result<(), PublishError> {
        let mut batch = self.cd();
        let mut folders: Vec<&str> = Vec::new();
        for path in paths {
            let _ = writeln!(batch, "-rm {}", quote_glob(path));
            folders.extend(parents(path));
        }
        // Innermost first; a folder still holding anything stays.
        folders.sort_by_key(|f| std::cmp::Reverse((f.matches('/').count(), *f)));
        folders.dedup();
        for folder in folders {
            let _ = writeln!(batch, "-rmdir {}", quote(folder));
        }
        self.run(&batch, &mut |_| {}).map_err(|f| self.error(f))
    }
}

/// A path as one argument of an `sftp` batch command.
fn quote(path: &str) -> String {
    let mut quoted = String::from("\"");
    for c in path.chars() {
        if matches!(c, '"' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// For `rm`, which expands wildcards: they are escaped too.
fn quote_glob(path: &str) -> String {
    let mut quoted = String::from("\"");
    for c in path.chars() {
        if matches!(c, '"' | '\\' | '*' | '?' | '[' | ']') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

fn quote_path(path: &Path) -> String {
    quote(&path.to_string_lossy())
}

/// The last line OpenSSH printed, its most telling one; not the refusals
/// of `-mkdir` for folders that exist already.
fn last_line(stderr: &str) -> String {
    stderr
        .lines()
        .map(str::trim)
        .rfind(|line| !line.is_empty() && !line.starts_with("remote mkdir"))
        .unwrap_or("la session s'est arrêtée sans message")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_batch_arguments() {
        assert_eq!(quote("a b/c\"d\\e.html"), r#""a b/c\"d\\e.html""#);
        assert_eq!(quote_glob("a*b?[c].txt"), r#""a\*b\?\[c\].txt""#);
    }

    #[test]
    fn names_the_target_as_written() {
        let target =
            SftpTarget::new(Some("anne".into()), "h".into(), Some(2222), "www".into()).unwrap();
        assert_eq!(target.name(), "« sftp://anne@h:2222/~/www »");
        let target = SftpTarget::new(None, "h".into(), None, "/srv/www".into()).unwrap();
        assert_eq!(target.name(), "« sftp://h/srv/www »");
    }
}
