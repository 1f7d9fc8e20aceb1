//! The preview server behind `vitrine serve`: builds the site in memory,
//! serves it on the loopback interface, watches the sources and rebuilds the
//! whole site on every change, then tells open browser tabs to reload over
//! Server-Sent Events. Nothing is ever written to `public/`.
//!
//! One job per file: `site` holds the served state and turns builds into
//! changes, `http` answers requests, `inject` adds the live-reload script and
//! the error overlay to HTML pages, `watch` turns file events into debounced
//! rebuilds. The terminal side is the binary's (`src/cmd/serve.rs`).
//!
//! Compiled with the `serve` feature only (on by default).
//!
//! Tests and benchmarks start the server in-process with [`start`] on port 0
//! and read the bound address from the returned [`Server`].

mod connections;
mod host;
mod http;
mod inject;
mod site;
mod watch;

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{broadcast, watch as signal};
use tokio::task::JoinHandle;

use crate::{BuildOptions, BuiltSite, Diagnostics};

pub use connections::Limits;
pub use http::content_type;
pub use site::{BuildReport, Change};

/// The reserved URL prefix of the preview machinery (script, event stream).
pub const RESERVED_PREFIX: &str = "/__vitrine/";

/// A whole build of the site in memory.
pub type BuildFn = fn(&BuildOptions) -> Result<BuiltSite, Diagnostics>;

/// What to serve and where.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServeOptions {
    /// The site root: holds `content/`, `themes/`, optionally `templates/` and `static/`.
    pub root: PathBuf,
    /// Interface to listen on; loopback unless the editor asks otherwise.
    pub bind: IpAddr,
    /// 0 picks a free port (tests, benchmarks).
    pub port: u16,
    /// Publish drafts and future-dated articles too.
    pub drafts: bool,
    /// Quiet time after the last file event before rebuilding: editors save
    /// in bursts (temporary file, rename, metadata).
    pub debounce: Duration,
    /// Connections served at once, and the time a request head may take.
    pub limits: Limits,
    /// A build to run instead of the pipeline's for the first build and
    /// every rebuild (tests put a slow one here). `None`: the pipeline's,
    /// incremental (`crate::incremental`).
    pub build: Option<BuildFn>,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            drafts: false,
            debounce: Duration::from_millis(50),
            limits: Limits::default(),
            build: None,
        }
    }
}

/// Why the server could not start. Build errors are not here: a site that
/// does not build is still served, with its errors shown in the page.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("le port {port} est déjà utilisé sur {ip}")]
    PortInUse { ip: IpAddr, port: u16 },
    #[error("impossible d'écouter sur {addr} : {}", describe_io(.source))]
    Bind {
        addr: SocketAddr,
        #[source]
        source: io::Error,
    },
    #[error("le dossier du site « {} » est introuvable", .0.display())]
    NoRoot(PathBuf),
    #[error("aucun site dans « {} » : {missing} est introuvable", .root.display())]
    NoSite {
        root: PathBuf,
        missing: &'static str,
    },
    #[error("surveillance des fichiers impossible : {0}")]
    Watch(#[source] notify::Error),
    #[error("démarrage du serveur impossible : {}", describe_io(.0))]
    Runtime(#[source] io::Error),
}

impl ServeError {
    /// What the editor can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            ServeError::PortInUse { port, .. } => format!(
                "un autre aperçu tourne peut-être déjà : arrêtez-le, ou choisissez un autre port avec --port, par exemple --port {}",
                port.checked_add(1).unwrap_or(1112)
            ),
            ServeError::Bind { .. } => {
                "choisissez une autre adresse avec --bind (127.0.0.1 par défaut) ou un port au-dessus de 1024 avec --port".into()
            }
            ServeError::NoRoot(_) | ServeError::NoSite { .. } => {
                "lancez vitrine depuis le dossier du site (celui qui contient content/site.yaml), ou indiquez-le avec --root DOSSIER".into()
            }
            ServeError::Watch(_) => {
                "sous Linux, la limite de fichiers surveillés se relève avec sysctl fs.inotify.max_user_watches".into()
            }
            ServeError::Runtime(_) => return None,
        })
    }
}

/// I/O errors in French for the cases editors meet; the system's text otherwise.
fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::PermissionDenied => {
            "permission refusée (les ports inférieurs à 1024 sont réservés)".into()
        }
        io::ErrorKind::AddrNotAvailable => "cette adresse n'appartient pas à cette machine".into(),
        _ => error.to_string(),
    }
}

/// A running preview server. Dropping it without [`Server::stop`] leaves
/// the tasks running until the runtime shuts down.
pub struct Server {
    address: SocketAddr,
    url: String,
    state: Arc<site::State>,
    first_build: Change,
    shutdown: signal::Sender<bool>,
    serving: JoinHandle<io::Result<()>>,
    watching: JoinHandle<()>,
}

/// Builds the site, binds the socket, starts watching, and serves until
/// [`Server::stop`]. Must run inside a multi-threaded Tokio runtime.
///
/// # Errors
/// When the site root is missing, the address cannot be bound (port in
/// use) or the folders cannot be watched. A site that does not build is
/// not an error: it is served with its diagnostics.
pub async fn start(options: ServeOptions) -> Result<Server, ServeError> {
    let root = site_root(&options.root)?;
    let requested = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(requested)
        .await
        .map_err(|source| match source.kind() {
            io::ErrorKind::AddrInUse => ServeError::PortInUse {
                ip: options.bind,
                port: options.port,
            },
            _ => ServeError::Bind {
                addr: requested,
                source,
            },
        })?;
    let address = listener.local_addr().map_err(ServeError::Runtime)?;
    let url = base_url(address);

    let hosts = Arc::new(host::Hosts::new(address, &url));
    let builder = site::Builder {
        root: root.clone(),
        drafts: options.drafts,
        base_url: url.clone(),
        build: options.build,
        previous: Arc::default(),
    };
    let (shutdown, shutdown_rx) = signal::channel(false);
    let (state, first_build) = site::State::first(builder, shutdown_rx.clone()).await;
    let state = Arc::new(state);

    let watcher = watch::Watcher::start(&root).map_err(ServeError::Watch)?;
    let watching = tokio::spawn(watch::run(
        watcher,
        Arc::clone(&state),
        options.debounce,
        shutdown_rx.clone(),
    ));
    let serving = tokio::spawn(connections::serve(
        listener,
        http::router(Arc::clone(&state)),
        hosts,
        options.limits,
        shutdown_rx,
    ));
    Ok(Server {
        address,
        url,
        state,
        first_build,
        shutdown,
        serving,
        watching,
    })
}

impl Server {
    /// The bound address (the real port when 0 was asked).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The site's address, `http://127.0.0.1:1111/`, also its base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// What the first build gave.
    pub fn first_build(&self) -> &Change {
        &self.first_build
    }

    /// Every later rebuild, good or failed, as it happens.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.state.subscribe()
    }

    /// The French report of the last build when it failed.
    pub fn error(&self) -> Option<Arc<str>> {
        self.state.snapshot().error.clone()
    }

    /// Stops watching, ends the event streams and lets requests in flight
    /// finish (two seconds at most).
    ///
    /// # Errors
    /// When the HTTP server itself failed while running.
    pub async fn stop(self) -> io::Result<()> {
        let _ = self.shutdown.send(true);
        let _ = self.watching.await;
        let mut serving = self.serving;
        match tokio::time::timeout(Duration::from_secs(2), &mut serving).await {
            Ok(Ok(result)) => result,
            Ok(Err(join)) => Err(io::Error::other(join)),
            Err(_) => {
                serving.abort();
                Ok(())
            }
        }
    }
}

/// The canonical site root, or why there is no site there: a newcomer who
/// starts the preview in the wrong folder learns which folder was searched,
/// in full, rather than reading build errors about a site that is not there.
fn site_root(given: &std::path::Path) -> Result<PathBuf, ServeError> {
    let full = std::path::absolute(given).unwrap_or_else(|_| given.to_path_buf());
    let root = std::fs::canonicalize(given)
        .ok()
        .filter(|root| root.is_dir())
        .ok_or(ServeError::NoRoot(full))?;
    let missing = if !root.join("content").is_dir() {
        "le dossier content/"
    } else if !root.join("content/site.yaml").is_file() {
        "le fichier content/site.yaml"
    } else {
        return Ok(root);
    };
    Err(ServeError::NoSite { root, missing })
}

/// The base URL the site is built with: the address browsers will use.
fn base_url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        // Listening everywhere: this machine is still reachable on loopback.
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, address.port()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_names_a_reachable_address() {
        let v4 = |s: &str| s.parse::<SocketAddr>().unwrap();
        assert_eq!(base_url(v4("127.0.0.1:1111")), "http://127.0.0.1:1111/");
        assert_eq!(base_url(v4("0.0.0.0:8080")), "http://127.0.0.1:8080/");
        assert_eq!(base_url(v4("[::1]:1111")), "http://[::1]:1111/");
        assert_eq!(base_url(v4("[::]:1111")), "http://[::1]:1111/");
    }

    #[test]
    fn port_in_use_suggests_another_port() {
        let error = ServeError::PortInUse {
            ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
        };
        assert_eq!(
            error.to_string(),
            "le port 1111 est déjà utilisé sur 127.0.0.1"
        );
        assert!(error.hint().unwrap().contains("--port 1112"));
    }
}
