//! A real PostgreSQL server for the server tests: `STANCE_TRACKER_TEST_PG`
//! names it (a URL of a role that may create databases and roles, e.g. the
//! cluster `.ci/run` starts). Each test gets a database of its own, so tests
//! run in parallel; it is dropped when the test ends.
//!
//! Without the variable a test skips with one line saying how to run it;
//! in CI (`CI` set) that is a failure, so the server tests never skip there.
#![allow(dead_code)]

use stance_tracker::server::{ServerUrl, connect};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const ENV: &str = "STANCE_TRACKER_TEST_PG";
pub const CTL_ENV: &str = "STANCE_TRACKER_TEST_PG_CTL";

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false")
}

/// The server's URL, or `None` (after saying so) when the tests should skip.
pub fn server_url() -> Option<String> {
    match std::env::var(ENV) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if in_ci() => panic!("{ENV} is not set: in CI the server tests must run (.ci/run starts a cluster)"),
        _ => {
            println!("skipping: set {ENV}=postgres://... (see README, 'Shared project on PostgreSQL')");
            None
        }
    }
}

/// The command that runs `pg_ctl` on the test cluster (`… pg_ctl -D DIR`),
/// or `None` (after saying so) outside CI.
pub fn pg_ctl() -> Option<String> {
    match std::env::var(CTL_ENV) {
        Ok(cmd) if !cmd.is_empty() => Some(cmd),
        _ if in_ci() => panic!("{CTL_ENV} is not set: in CI the restart test must run"),
        _ => {
            println!(
                "skipping: set {CTL_ENV}='runuser -u postgres -- pg_ctl -D DIR' to restart the server in this test \
                 (see README, 'Shared project on PostgreSQL')"
            );
            None
        }
    }
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A database (and any roles) of one test, dropped with it.
pub struct TestDb {
    base: String,
    pub name: String,
    /// The URL of the test's database as the base role (a superuser in CI).
    pub url: String,
    roles: std::sync::Mutex<Vec<String>>,
}

impl TestDb {
    /// A fresh UTF8 database, or `None` when the tests skip.
    pub fn new(label: &str) -> Option<TestDb> {
        let base = server_url()?;
        let name = format!(
            "st_{label}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        admin(&base)
            .batch_execute(&format!(
                "CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"
            ))
            .expect("the test role may create databases");
        let url = with_database(&base, &name);
        Some(TestDb {
            base,
            name,
            url,
            roles: Default::default(),
        })
    }

    /// A new login role (no password: the test cluster trusts its socket)
    /// and the URL that logs in as it.
    pub fn role(&self, label: &str) -> (String, String) {
        let role = format!("{}_{label}", self.name);
        admin(&self.base)
            .batch_execute(&format!("CREATE ROLE \"{role}\" LOGIN"))
            .expect("the test role may create roles");
        self.roles.lock().unwrap().push(role.clone());
        let url = with_user(&self.url, &role);
        (role, url)
    }

    /// A connection to the test's database as the base role.
    pub fn client(&self) -> postgres::Client {
        admin(&self.url)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let mut c = admin(&self.base);
        let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
        for r in self.roles.lock().unwrap().iter() {
            let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS \"{r}\""));
        }
    }
}

fn admin(url: &str) -> postgres::Client {
    connect(&ServerUrl::parse(url).unwrap()).unwrap_or_else(|e| panic!("cannot connect to {ENV}: {e}"))
}

/// `url` naming database `db` instead.
pub fn with_database(url: &str, db: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (head, query) = match rest.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (rest, None),
    };
    let authority = head.split('/').next().unwrap();
    let mut out = format!("{scheme}://{authority}/{db}");
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// `url` logging in as `user` (no password).
pub fn with_user(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let rest = match rest.split_once('@') {
        Some((_, after)) if !after.contains('/') || rest.find('@') < rest.find('/') => after,
        _ => rest,
    };
    format!("{scheme}://{user}@{rest}")
}

use stance_tracker::model::{Command, Document, ReliabilitySample, Status, Workspace, coders, ops};

/// The bundled sample article imported with its suggestions, then coded
/// by two coders (accepted, rejected, a manual stance with a note in three
/// scripts), with done marks and a blind reliability sample: every field a
/// round trip must keep.
pub fn sample_workspace() -> Workspace {
    use stance_tracker::import::{LoadOptions, Progress, add_to_workspace, load_paths};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let loads = load_paths(
        &[root.join("assets/samples")],
        &LoadOptions::default(),
        &Progress::default(),
    );
    let mut doc = Document::new(Workspace::new());
    let (cmd, report) = add_to_workspace(doc.workspace(), loads);
    doc.execute(cmd.expect("the sample imports")).unwrap();
    stance_tracker::analysis::suggest_into(&mut doc, &report.imported_ids()).unwrap();
    let pending: Vec<_> = doc.workspace().stances().map(|s| s.id).collect();
    assert!(pending.len() >= 4, "the sample has suggestions");
    doc.set_coder(Some("Ana".into()));
    let cmd = ops::set_status(doc.workspace(), pending[0], Status::Accepted).unwrap();
    doc.execute(cmd).unwrap();
    let cmd = ops::set_status(doc.workspace(), pending[1], Status::Rejected).unwrap();
    doc.execute(cmd).unwrap();
    doc.set_coder(Some("Ben".into()));
    let ws = doc.workspace();
    let article = ws.articles().next().unwrap().id;
    let actor = ws.actors().next().unwrap().id;
    let issue = ws.issues().next().unwrap().id;
    let mut scratch = ws.clone();
    let cmd = ops::new_manual_stance(
        &mut scratch,
        article,
        actor,
        issue,
        stance_tracker::model::Position::Mixed,
        3,
        40,
        "note: «ça», 日本語, emoji 🙂, quote ' and \\ backslash".into(),
    )
    .unwrap();
    doc.execute(cmd).unwrap();
    let ana = doc.workspace().coder_by_name("Ana").unwrap().id;
    let ben = doc.workspace().coder_by_name("Ben").unwrap().id;
    let cmd = coders::set_done(doc.workspace(), ana, &[article], true).unwrap();
    doc.execute(cmd).unwrap();
    let sample = ReliabilitySample {
        articles: [article].into(),
        coders: [ana, ben].into(),
        blind: true,
        drawn: "random sample of 1 of 1 articles, seed 7".into(),
    };
    doc.execute(Command::SetSample(Some(sample))).unwrap();
    doc.execute(Command::SetCodebookVersion("1.2".into())).unwrap();
    doc.workspace().clone()
}

/// The workspace as JSON, with `next_id` left out when `with_next_id` is
/// false (a server hands out ids in blocks, so its counter runs ahead).
pub fn as_json(ws: &Workspace, with_next_id: bool) -> serde_json::Value {
    let mut v = serde_json::to_value(ws).unwrap();
    if !with_next_id {
        v.as_object_mut().unwrap().remove("next_id");
    }
    v
}

/// Every invariant a workspace file is checked for when it opens.
pub fn assert_invariants(ws: &Workspace) {
    let bytes = stance_tracker::storage::to_bytes(ws);
    stance_tracker::storage::parse_workspace(&bytes).expect("the workspace passes every invariant");
}

/// Runs `pg_ctl` (the command [`pg_ctl`] gives) with `args`.
pub fn ctl(cmd: &str, args: &str) {
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{cmd} {args} >/dev/null"))
        .status()
        .unwrap();
    assert!(status.success(), "{cmd} {args}");
}

/// Stops the server as a crash or a power cut would.
pub fn stop_immediately(cmd: &str) {
    ctl(cmd, "-m immediate stop");
}

/// Starts the server again and waits until project `project` at `url`
/// can be read (crash recovery done).
pub fn start_and_wait(cmd: &str, url: &str, project: &str) {
    ctl(cmd, "-w start");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while stance_tracker::server::pull(url, project).is_err() {
        assert!(std::time::Instant::now() < deadline, "the server did not come back");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
