//! A value computed from the workspace for some key (revision, filter, …),
//! kept until the key changes. For big workspaces the computation runs on a
//! thread from a workspace snapshot (free: the maps are shared), and the
//! previous value stays on screen until the new one arrives.

use crate::model::Workspace;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

pub(crate) struct Cached<K, V> {
    done: Option<(K, Arc<V>)>,
    computing: Option<(K, Receiver<V>)>,
}

impl<K, V> Default for Cached<K, V> {
    fn default() -> Self {
        Cached {
            done: None,
            computing: None,
        }
    }
}

impl<K: PartialEq + Clone, V: Default + Send + 'static> Cached<K, V> {
    /// The value for `key`, and whether a newer one is still being computed
    /// (then the value is the previous one, or empty). `big` sends the work
    /// to a thread.
    pub fn get(
        &mut self,
        ws: &Workspace,
        key: K,
        big: bool,
        compute: impl FnOnce(&Workspace) -> V + Send + 'static,
    ) -> (Arc<V>, bool) {
        if let Some((k, v)) = &self.done
            && *k == key
        {
            // Back to a key already computed: work for another one is moot.
            self.computing = None;
            return (Arc::clone(v), false);
        }
        if let Some((k, rx)) = &self.computing
            && *k == key
        {
            if let Ok(v) = rx.try_recv() {
                let v = Arc::new(v);
                self.computing = None;
                self.done = Some((key, Arc::clone(&v)));
                return (v, false);
            }
            return (self.last(), true);
        }
        if !big {
            let v = Arc::new(compute(ws));
            self.computing = None;
            self.done = Some((key, Arc::clone(&v)));
            return (v, false);
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let snapshot = ws.clone();
        crate::ui::jobs::spawn_background(move || {
            let _ = tx.send(compute(&snapshot));
        });
        self.computing = Some((key, rx));
        (self.last(), true)
    }

    fn last(&self) -> Arc<V> {
        self.done.as_ref().map(|d| Arc::clone(&d.1)).unwrap_or_default()
    }

    /// Whether a newer value is being computed on a thread.
    pub fn is_computing(&self) -> bool {
        self.computing.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(c: &mut Cached<u64, Vec<u64>>, ws: &Workspace, key: u64) -> Arc<Vec<u64>> {
        for _ in 0..500 {
            let (v, updating) = c.get(ws, key, true, move |_| vec![key; 3]);
            if !updating {
                return v;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        panic!("the value never arrived");
    }

    #[test]
    fn big_work_runs_on_a_thread_and_the_old_value_stays_meanwhile() {
        let ws = Workspace::new();
        let mut c: Cached<u64, Vec<u64>> = Cached::default();
        // Small: at once.
        assert_eq!(c.get(&ws, 1, false, |_| vec![1]), (Arc::new(vec![1]), false));
        // Big: on a thread; until it is done the previous value is shown.
        let (shown, updating) = c.get(&ws, 2, true, |_| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            vec![2; 3]
        });
        assert!(updating);
        assert_eq!(*shown, vec![1]);
        assert_eq!(*wait(&mut c, &ws, 2), vec![2; 3]);
        // The same key again: from the cache, no new thread.
        assert_eq!(c.get(&ws, 2, true, |_| unreachable!()), (Arc::new(vec![2; 3]), false));
        assert!(!c.is_computing());
        // A key changed and changed back before its work ended: not updating.
        assert!(c.get(&ws, 3, true, |_| vec![3]).1);
        assert!(c.is_computing());
        assert_eq!(c.get(&ws, 2, true, |_| unreachable!()), (Arc::new(vec![2; 3]), false));
        assert!(!c.is_computing(), "the figures shown are current");
    }
}
