//! The accept loop: every connection gets a slot among a fixed number, must
//! send its request head within a time limit, and makes room for newcomers
//! while it sends nothing. A client holding many silent or half-sent
//! connections (slowloris) thus never keeps another one out: when the slots
//! are full, the oldest connection that is not in the middle of a request is
//! closed to let the new one in. Event streams are in the middle of a
//! request for as long as they last, so they are capped on their own.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};
use tower::ServiceExt as _;

use super::host::Hosts;

/// How many connections are served at once, and how long a request head
/// may take to arrive.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Limits {
    pub connections: usize,
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            // Far more than a browser opens, far fewer than the usual
            // limit of 1,024 open files.
            connections: 512,
            header_timeout: Duration::from_secs(10),
        }
    }
}

impl Limits {
    /// Event streams take at most a quarter of the slots, so requests for
    /// pages always find room.
    pub fn streams(&self) -> usize {
        (self.connections / 4).max(1)
    }
}

/// The live connections, oldest first, and the slots they hold.
pub struct Connections {
    slots: Arc<Semaphore>,
    streams: Arc<Semaphore>,
    capacity: usize,
    live: Mutex<BTreeMap<u64, Arc<Entry>>>,
    next: AtomicU64,
}

/// One connection as the table sees it.
#[derive(Default)]
pub struct Entry {
    /// Requests being answered, event streams included.
    busy: AtomicUsize,
    evicted: AtomicBool,
    evict: Notify,
}

/// Marks its connection busy while alive (a request being answered, an
/// event stream open).
pub struct Busy(Arc<Entry>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Carried by each request so an event stream can keep its connection busy.
#[derive(Clone)]
pub struct Connection {
    entry: Arc<Entry>,
    streams: Arc<Semaphore>,
}

/// An open event stream: its connection stays busy (never evicted) and it
/// holds one of the streams' slots.
pub struct Stream {
    _busy: Busy,
    _slot: OwnedSemaphorePermit,
}

impl Connection {
    /// `None` when as many streams as allowed are already open.
    pub fn open_stream(&self) -> Option<Stream> {
        let slot = Arc::clone(&self.streams).try_acquire_owned().ok()?;
        Some(Stream {
            _busy: busy(&self.entry),
            _slot: slot,
        })
    }
}

fn busy(entry: &Arc<Entry>) -> Busy {
    entry.busy.fetch_add(1, Ordering::AcqRel);
    Busy(Arc::clone(entry))
}

impl Connections {
    pub fn new(limits: Limits) -> Self {
        let capacity = limits.connections.max(1);
        Self {
            slots: Arc::new(Semaphore::new(capacity)),
            streams: Arc::new(Semaphore::new(limits.streams())),
            capacity,
            live: Mutex::new(BTreeMap::new()),
            next: AtomicU64::new(0),
        }
    }

    fn live(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<Entry>>> {
        self.live.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A slot for a new connection: a free one, or the one of the oldest
    /// idle connection, closed for it. Waits only when every connection is
    /// answering a request.
    async fn admit(&self) -> OwnedSemaphorePermit {
        if let Ok(permit) = Arc::clone(&self.slots).try_acquire_owned() {
            return permit;
        }
        self.evict_oldest_idle();
        Arc::clone(&self.slots)
            .acquire_owned()
            .await
            .unwrap_or_else(|_| unreachable!("the slots are never closed"))
    }

    fn evict_oldest_idle(&self) {
        let live = self.live();
        let idle = live.values().find(|entry| {
            entry.busy.load(Ordering::Acquire) == 0 && !entry.evicted.swap(true, Ordering::AcqRel)
        });
        if let Some(entry) = idle {
            entry.evict.notify_one();
        }
    }

    fn register(&self) -> (u64, Connection) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let entry = Arc::new(Entry::default());
        self.live().insert(id, Arc::clone(&entry));
        let connection = Connection {
            entry,
            streams: Arc::clone(&self.streams),
        };
        (id, connection)
    }

    /// Waits until every connection has ended.
    async fn drained(&self) {
        let all = u32::try_from(self.capacity).unwrap_or(u32::MAX);
        let _ = self.slots.acquire_many(all).await;
    }
}

/// Accepts connections until shutdown, then lets the open ones finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    hosts: Arc<Hosts>,
    limits: Limits,
    mut shutdown: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let connections = Arc::new(Connections::new(limits));
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.wait_for(|stop| *stop) => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors, or a connection reset before it
                // was accepted: wait a little rather than spin.
                if !is_connection_error(&error) {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                continue;
            }
        };
        let permit = tokio::select! {
            permit = connections.admit() => permit,
            _ = shutdown.wait_for(|stop| *stop) => break,
        };
        let (id, connection) = connections.register();
        let task = Task {
            connections: Arc::clone(&connections),
            id,
            connection,
            _permit: permit,
        };
        tokio::spawn(task.run(
            stream,
            router.clone(),
            Arc::clone(&hosts),
            limits.header_timeout,
            shutdown.clone(),
        ));
    }
    drop(listener);
    connections.drained().await;
    Ok(())
}

fn is_connection_error(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// One connection being served; leaves the table and frees its slot when
/// dropped.
struct Task {
    connections: Arc<Connections>,
    id: u64,
    connection: Connection,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Task {
    fn drop(&mut self) {
        self.connections.live().remove(&self.id);
    }
}

type Answer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

impl Task {
    async fn run(
        self,
        stream: TcpStream,
        router: Router,
        hosts: Arc<Hosts>,
        header_timeout: Duration,
        mut shutdown: watch::Receiver<bool>,
    ) {
        let connection = self.connection.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            answer(&router, &hosts, &connection, request)
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout);
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        tokio::pin!(connection);
        let mut stopping = false;
        loop {
            tokio::select! {
                // The connection's errors (timeouts, resets) concern one
                // client only.
                _ = connection.as_mut() => break,
                () = self.connection.entry.evict.notified() => break,
                _ = shutdown.wait_for(|stop| *stop), if !stopping => {
                    stopping = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// A request: refused when its `Host` is foreign, else routed, with the
/// connection marked busy until the response head is ready.
fn answer(
    router: &Router,
    hosts: &Hosts,
    connection: &Connection,
    request: Request<Incoming>,
) -> Answer {
    if let Some(refusal) = hosts.refuse(&request) {
        return Box::pin(std::future::ready(Ok(refusal)));
    }
    let busy = busy(&connection.entry);
    let mut request = request.map(Body::new);
    request.extensions_mut().insert(connection.clone());
    let router = router.clone();
    Box::pin(async move {
        let response = router.oneshot(request).await;
        drop(busy);
        response
    })
}
