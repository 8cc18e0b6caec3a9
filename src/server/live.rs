//! Live updates: a connection of its own that LISTENs on the project
//! channel and hands over the revision numbers of new commits, so the app
//! fetches only what changed ([`super::ServerProject::refresh`]).

use super::connect::connect;
use super::error::ServerError;
use super::revisions::{CHANNEL, Revision};
use super::url::ServerUrl;
use postgres::fallible_iterator::FallibleIterator;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

/// A subscription; dropping it stops the thread.
pub struct Live {
    revisions: Receiver<LiveEvent>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveEvent {
    /// A commit made the project this revision.
    Revision(Revision),
    /// The connection was lost; the thread tries again every second and
    /// sends `Online` when it is back (the app then refreshes: commits
    /// while it was away were not announced to it).
    Offline(String),
    Online,
}

/// Called after each event is sent: the app passes one that wakes its
/// window, so an idle window repaints only when something happened.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

struct Outbox {
    tx: Sender<LiveEvent>,
    wake: Option<Wake>,
}

impl Outbox {
    /// False once the subscription is gone.
    fn send(&self, e: LiveEvent) -> bool {
        let sent = self.tx.send(e).is_ok();
        if let Some(w) = &self.wake {
            w();
        }
        sent
    }
}

impl Live {
    pub(crate) fn start(url: &ServerUrl, project: i64, wake: Option<Wake>) -> Result<Live, ServerError> {
        let mut client = connect(url)?;
        listen(&mut client, url.user())?;
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (url, stop) = (url.clone(), stop.clone());
            let out = Outbox { tx, wake };
            std::thread::Builder::new()
                .name("server-live".into())
                .spawn(move || run(client, &url, project, &out, &stop))
                .map_err(|e| ServerError::Invalid(format!("cannot start the live-update thread: {e}")))?
        };
        Ok(Live {
            revisions: rx,
            stop,
            thread: Some(thread),
        })
    }

    /// The next event, waiting at most `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<LiveEvent> {
        // Timed out, or the thread is gone.
        self.revisions.recv_timeout(timeout).ok()
    }

    /// Every event that has arrived, without waiting.
    pub fn pending(&self) -> Vec<LiveEvent> {
        self.revisions.try_iter().collect()
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn listen(client: &mut postgres::Client, role: &str) -> Result<(), ServerError> {
    client
        .batch_execute(&format!("LISTEN {CHANNEL}"))
        .map_err(|e| ServerError::from_pg(e, role))
}

fn run(mut client: postgres::Client, url: &ServerUrl, project: i64, tx: &Outbox, stop: &AtomicBool) {
    let prefix = format!("{project}:");
    // Short waits, so dropping the subscription is quick.
    let tick = Duration::from_millis(100);
    while !stop.load(Ordering::Relaxed) {
        let mut lost = None;
        {
            let mut notes = client.notifications();
            let mut iter = notes.timeout_iter(tick);
            loop {
                match iter.next() {
                    Ok(Some(n)) => {
                        if let Some(rev) = n.payload().strip_prefix(&prefix).and_then(|r| r.parse().ok())
                            && !tx.send(LiveEvent::Revision(rev))
                        {
                            return;
                        }
                    }
                    Ok(None) => break,
                    Err(e) => {
                        lost = Some(e.to_string());
                        break;
                    }
                }
            }
        }
        if client.is_closed() && lost.is_none() {
            lost = Some("the server closed the connection".into());
        }
        if let Some(reason) = lost {
            if !tx.send(LiveEvent::Offline(reason)) {
                return;
            }
            loop {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(Duration::from_secs(1));
                if let Ok(mut c) = connect(url)
                    && listen(&mut c, url.user()).is_ok()
                {
                    client = c;
                    break;
                }
            }
            if !tx.send(LiveEvent::Online) {
                return;
            }
        }
    }
}
