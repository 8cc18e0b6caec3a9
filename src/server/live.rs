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

impl Live {
    pub(crate) fn start(url: &ServerUrl, project: i64) -> Result<Live, ServerError> {
        let mut client = connect(url)?;
        listen(&mut client, url.user())?;
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (url, stop) = (url.clone(), stop.clone());
            std::thread::Builder::new()
                .name("server-live".into())
                .spawn(move || run(client, &url, project, &tx, &stop))
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

fn run(mut client: postgres::Client, url: &ServerUrl, project: i64, tx: &Sender<LiveEvent>, stop: &AtomicBool) {
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
                            && tx.send(LiveEvent::Revision(rev)).is_err()
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
            if tx.send(LiveEvent::Offline(reason)).is_err() {
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
            if tx.send(LiveEvent::Online).is_err() {
                return;
            }
        }
    }
}
