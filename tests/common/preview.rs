//! A preview server started in-process on a copy of a site, and a raw HTTP
//! client for it (exact bytes, so hostile requests reach the server as
//! written). Shared by `tests/serve_http.rs` and `tests/serve_hardening.rs`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;
use tokio::sync::broadcast;
use vitrine::serve::{Change, ServeOptions, Server, start};

/// How long a test waits for a rebuild or a reply.
pub const WAIT: Duration = Duration::from_secs(20);

/// A server on an ephemeral loopback port, stopped when dropped.
pub struct Preview {
    runtime: Runtime,
    server: Option<Server>,
    changes: broadcast::Receiver<Change>,
    site: tempfile::TempDir,
}

impl Preview {
    /// The server with its default options on `site`.
    pub fn on(site: tempfile::TempDir) -> Self {
        Self::with(site, |options| options)
    }

    /// The server on `site`, its options changed by `options`.
    pub fn with(
        site: tempfile::TempDir,
        options: impl FnOnce(ServeOptions) -> ServeOptions,
    ) -> Self {
        let runtime = Runtime::new().unwrap();
        let mut defaults = ServeOptions::new(site.path());
        defaults.port = 0;
        let server = runtime
            .block_on(start(options(defaults)))
            .expect("server starts");
        let changes = server.subscribe();
        Self {
            runtime,
            server: Some(server),
            changes,
            site,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.as_ref().unwrap().address()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.site.path().join(relative)
    }

    pub fn root(&self) -> &Path {
        self.site.path()
    }

    pub fn server(&self) -> &Server {
        self.server.as_ref().unwrap()
    }

    /// GET `target` with the server's own `Host`.
    pub fn get(&self, target: &str) -> Reply {
        request(self.addr(), "GET", target)
    }

    /// The next rebuild, good or failed.
    pub fn next_change(&mut self) -> Change {
        let changes = &mut self.changes;
        self.runtime
            .block_on(async { tokio::time::timeout(WAIT, changes.recv()).await })
            .expect("a rebuild within the time limit")
            .expect("the change stream is open")
    }

    /// Fails with the change if one comes within `time`.
    pub fn assert_no_change_within(&mut self, time: Duration) {
        let changes = &mut self.changes;
        let change = self
            .runtime
            .block_on(async { tokio::time::timeout(time, changes.recv()).await });
        if let Ok(change) = change {
            panic!("unexpected rebuild: {change:?}");
        }
    }

    /// Stops the server, cleanly and within [`WAIT`]; returns how long it took.
    pub fn stop(&mut self) -> Duration {
        let server = self.server.take().expect("running");
        let started = Instant::now();
        self.runtime
            .block_on(async { tokio::time::timeout(WAIT, server.stop()).await })
            .expect("stops in time")
            .expect("stops cleanly");
        started.elapsed()
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            let _ = self.runtime.block_on(server.stop());
        }
    }
}

/// A reply as received: status, head and body bytes.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request on its own connection, sent byte for byte as given, with
/// `host_lines` as its `Host` header lines (none when empty).
pub fn request_with(addr: SocketAddr, method: &str, target: &str, host_lines: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\n{host_lines}Accept: text/html\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

/// One request naming the server's own address as its `Host`.
pub fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    request_with(addr, method, target, &format!("Host: {addr}\r\n"))
}
