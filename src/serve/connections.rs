//! The accept loop and the lifetime of every connection: HTTP/1 by hyper with a
//! header-read timeout, a cap on open connections (the oldest idle one is closed to make
//! room for a new one), and a brief back-off when the process runs out of descriptors.
//!
//! A connection is busy from the moment hyper hands it a request until that response's
//! body has been sent; a live-reload event stream is a body that never ends, so it is
//! never closed to make room. Anything else is idle: waiting for a request, reading a
//! header that has not arrived whole, or kept alive between requests.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{Request, Response};
use axum::Router;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};

use super::report::{Reporter, ServeEvent};

/// How long a client has to send a whole request header, counted from when the
/// connection opened or its last response was sent: a slower or silent connection, and
/// a keep-alive connection idle that long, is closed. A browser on this computer sends
/// its header in one go and reconnects at once when an idle connection was closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Open connections before each new one closes the oldest idle one: far more than the
/// six a browser opens per site, and well under the usual limit of 1,024 descriptors.
pub const MAX_CONNECTIONS: usize = 256;
/// Descriptors kept free for the rebuild (reading the site's files) once the process
/// has run out of them.
const FD_HEADROOM: usize = 32;
/// The wait before accepting again after an error that closing connections cannot help.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);
/// The wait after closing idle connections for descriptors, for their sockets to close.
const CLOSE_PAUSE: Duration = Duration::from_millis(10);

/// Accepts and serves connections until `stop` becomes true, then waits for the open
/// ones to finish (each is told to close once its current response is sent). A failure
/// to accept goes to `report`, once until a connection is accepted again.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    mut stop: watch::Receiver<bool>,
    report: Reporter,
) {
    let table = Connections::new(MAX_CONNECTIONS);
    // Every connection task holds a receiver: all have ended when the sender is closed.
    let (running, running_rx) = watch::channel(());
    let mut failing = false;
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|s| *s) => break,
        };
        match accepted {
            Ok((stream, _)) => {
                failing = false;
                let slot = table.open();
                let task = connection(stream, router.clone(), slot, stop.clone());
                let running = running_rx.clone();
                tokio::spawn(async move {
                    task.await;
                    drop(running);
                });
            }
            // The client gave up before it was accepted: nothing to wait for.
            Err(e) if is_connection_error(&e) => {}
            Err(e) => {
                let out_of_descriptors = is_out_of_descriptors(&e);
                let closed = if out_of_descriptors {
                    table.out_of_descriptors()
                } else {
                    0
                };
                if !failing {
                    report.send(ServeEvent::CannotAccept {
                        error: e,
                        out_of_descriptors,
                    });
                    failing = true;
                }
                let pause = if closed > 0 {
                    CLOSE_PAUSE
                } else {
                    ACCEPT_BACKOFF
                };
                tokio::time::sleep(pause).await;
            }
        }
    }
    drop(running_rx);
    drop(listener);
    running.closed().await;
}

/// Serves one connection until it ends, is closed to make room, or the server stops
/// (then it ends once the response in progress is sent).
async fn connection(
    stream: TcpStream,
    router: Router,
    slot: Slot,
    mut stop: watch::Receiver<bool>,
) {
    let service = Tracked {
        inner: TowerToHyperService::new(router),
        table: slot.table.clone(),
        id: slot.id,
    };
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let mut conn = pin!(builder.serve_connection(TokioIo::new(stream), service));
    let mut stopping = false;
    loop {
        tokio::select! {
            // An error here is the client's (a timeout, a malformed request, a reset).
            _ = conn.as_mut() => break,
            // Dropping the connection closes its socket.
            () = slot.close.notified() => break,
            _ = stop.wait_for(|s| *s), if !stopping => {
                conn.as_mut().graceful_shutdown();
                stopping = true;
            }
        }
    }
}

/// Errors of one connection that went away before it was accepted.
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset, Interrupted};
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset | Interrupted
    )
}

/// EMFILE or ENFILE (the same numbers on Linux, macOS and the BSDs), or Windows'
/// WSAEMFILE: the process or the system has no descriptor left for the connection.
fn is_out_of_descriptors(e: &std::io::Error) -> bool {
    matches!(e.raw_os_error(), Some(23 | 24 | 10024))
}

/// The open connections, shared by the accept loop and the connection tasks.
#[derive(Clone)]
struct Connections(Arc<Mutex<Table>>);

struct Table {
    next_id: u64,
    /// Lowered when the process runs out of descriptors below MAX_CONNECTIONS.
    cap: usize,
    /// By id, which is the order they were opened in.
    open: BTreeMap<u64, Entry>,
}

struct Entry {
    /// Requests whose response is not yet sent (at most one at a time in HTTP/1).
    busy: usize,
    /// When the connection opened or last finished a response.
    idle_since: Instant,
    /// Told to close: no longer counted against the cap.
    closing: bool,
    close: Arc<Notify>,
}

impl Connections {
    fn new(cap: usize) -> Connections {
        Connections(Arc::new(Mutex::new(Table {
            next_id: 0,
            cap,
            open: BTreeMap::new(),
        })))
    }

    fn lock(&self) -> MutexGuard<'_, Table> {
        // The table stays consistent whatever a panicking holder was doing.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts a new connection in, closing the oldest idle ones while over the cap.
    fn open(&self) -> Slot {
        let mut table = self.lock();
        let id = table.next_id;
        table.next_id += 1;
        let close = Arc::new(Notify::new());
        table.open.insert(
            id,
            Entry {
                busy: 0,
                idle_since: Instant::now(),
                closing: false,
                close: Arc::clone(&close),
            },
        );
        let cap = table.cap;
        table.close_idle(cap, id);
        Slot {
            table: self.clone(),
            id,
            close,
        }
    }

    /// The process ran out of descriptors: from now on the cap is what is open now,
    /// less some headroom for the rebuild, and idle connections over it are closed.
    /// Returns how many were told to close.
    fn out_of_descriptors(&self) -> usize {
        let mut table = self.lock();
        let live = table.live();
        let cap = table.cap.min(live - FD_HEADROOM.min(live / 2));
        table.cap = cap;
        table.close_idle(cap, u64::MAX)
    }

    fn set_busy(&self, id: u64, busy: bool) {
        let mut table = self.lock();
        if let Some(entry) = table.open.get_mut(&id) {
            if busy {
                entry.busy += 1;
            } else {
                entry.busy = entry.busy.saturating_sub(1);
                if entry.busy == 0 {
                    entry.idle_since = Instant::now();
                }
            }
        }
    }
}

impl Table {
    /// Connections not told to close.
    fn live(&self) -> usize {
        self.open.values().filter(|e| !e.closing).count()
    }

    /// Tells the idle connections that have been idle longest, never `keep`, to close
    /// until no more than `cap` are left. Returns how many were told.
    fn close_idle(&mut self, cap: usize, keep: u64) -> usize {
        let mut over = self.live().saturating_sub(cap);
        let mut closed = 0;
        while over > 0 {
            let oldest = self
                .open
                .iter_mut()
                .filter(|(id, e)| **id != keep && !e.closing && e.busy == 0)
                .min_by_key(|(_, e)| e.idle_since);
            let Some((_, entry)) = oldest else {
                break; // every other connection is busy: the cap is exceeded for now
            };
            entry.closing = true;
            entry.close.notify_one();
            over -= 1;
            closed += 1;
        }
        closed
    }
}

/// A connection's place in the table, held by its task: dropping it counts it out.
struct Slot {
    table: Connections,
    id: u64,
    close: Arc<Notify>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.table.lock().open.remove(&self.id);
    }
}

/// Marks its connection busy until dropped (with the response body, or unanswered).
struct Busy {
    table: Connections,
    id: u64,
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.table.set_busy(self.id, false);
    }
}

/// The router as hyper's service, marking the connection busy for each request.
struct Tracked {
    inner: TowerToHyperService<Router>,
    table: Connections,
    id: u64,
}

type ResponseFuture =
    Pin<Box<dyn Future<Output = Result<Response<TrackedBody>, Infallible>> + Send>>;

impl hyper::service::Service<Request<Incoming>> for Tracked {
    type Response = Response<TrackedBody>;
    type Error = Infallible;
    type Future = ResponseFuture;

    fn call(&self, request: Request<Incoming>) -> ResponseFuture {
        self.table.set_busy(self.id, true);
        let busy = Busy {
            table: self.table.clone(),
            id: self.id,
        };
        let response = self.inner.call(request);
        Box::pin(async move {
            let response = response.await?;
            Ok(response.map(|body| TrackedBody { body, _busy: busy }))
        })
    }
}

/// A response body that keeps its connection busy until it is sent (or dropped).
struct TrackedBody {
    body: Body,
    _busy: Busy,
}

impl hyper::body::Body for TrackedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(table: &Connections) -> Vec<(u64, bool)> {
        let table = table.lock();
        table.open.iter().map(|(id, e)| (*id, e.closing)).collect()
    }

    #[test]
    fn over_the_cap_the_oldest_idle_connection_closes() {
        let table = Connections::new(3);
        let first = table.open();
        let second = table.open();
        let third = table.open();
        // The first is busy (an event stream, or a response being sent).
        table.set_busy(first.id, true);
        let fourth = table.open();
        assert_eq!(
            ids(&table),
            vec![(0, false), (1, true), (2, false), (3, false)]
        );
        // The second goes; the third, now idle for longest, is next.
        drop(second);
        let _fifth = table.open();
        assert_eq!(
            ids(&table),
            vec![(0, false), (2, true), (3, false), (4, false)]
        );
        drop((first, third, fourth));
    }

    #[test]
    fn a_new_connection_is_kept_when_every_other_is_busy() {
        let table = Connections::new(1);
        let first = table.open();
        table.set_busy(first.id, true);
        let second = table.open();
        assert_eq!(ids(&table), vec![(0, false), (1, false)]);
        // Once the first is idle again, it is the one closed for the next.
        table.set_busy(first.id, false);
        table.set_busy(second.id, true);
        let _third = table.open();
        assert_eq!(ids(&table), vec![(0, true), (1, false), (2, false)]);
    }

    #[test]
    fn out_of_descriptors_lowers_the_cap_and_closes_idle_ones() {
        let table = Connections::new(MAX_CONNECTIONS);
        let slots: Vec<Slot> = (0..40).map(|_| table.open()).collect();
        // 40 open: the cap becomes 40 - 20 (the headroom, at most half of them).
        assert_eq!(table.out_of_descriptors(), 20);
        assert_eq!(table.lock().cap, 20);
        let closing: Vec<u64> = ids(&table)
            .into_iter()
            .filter(|(_, c)| *c)
            .map(|(id, _)| id)
            .collect();
        assert_eq!(closing, (0..20).collect::<Vec<u64>>());
        drop(slots);
        assert!(table.lock().open.is_empty());
    }

    #[test]
    fn descriptor_errors_are_told_apart() {
        assert!(is_out_of_descriptors(&std::io::Error::from_raw_os_error(
            24
        )));
        assert!(!is_out_of_descriptors(&std::io::Error::other("x")));
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        assert!(is_connection_error(&reset));
    }
}
