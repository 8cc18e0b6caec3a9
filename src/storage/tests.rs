use super::*;
use crate::model::{ActorKind, Command, Position, ops};

fn sample() -> Workspace {
    let mut ws = Workspace::new();
    let id = crate::model::ArticleId(ws.alloc_id());
    let art = crate::model::Article::new(
        id,
        "Talks".into(),
        crate::model::Date::new(2025, 2, 18),
        "x.txt".into(),
        "Erdoğan said talks – “useful” – went on.".into(),
    );
    ws.apply(Command::AddArticle(Box::new(art))).unwrap();
    let actor = crate::model::ActorId(ws.alloc_id());
    ws.apply(Command::AddActor(crate::model::Actor::new(
        actor,
        "Recep Tayyip Erdoğan",
        ActorKind::Person,
    )))
    .unwrap();
    let issue = ws.issue_by_key("participation").unwrap().id;
    let cmd = ops::new_manual_stance(&mut ws, id, actor, issue, Position::Support, 0, 18, "note".into()).unwrap();
    ws.apply(cmd).unwrap();
    ws
}

#[test]
fn save_and_open_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.stance.json");
    let ws = sample();
    save_workspace(&ws, &path).unwrap();
    let back = open_workspace(&path).unwrap();
    assert_eq!(to_bytes(&back), to_bytes(&ws));
    assert_eq!(back.stances().next().unwrap().evidence.text, "Erdoğan said talks");
    // Indexes are rebuilt: duplicates are still detected after reopening.
    assert!(back.article_by_hash(&ws.articles().next().unwrap().hash).is_some());
    assert_eq!(back.stances_of(ws.articles().next().unwrap().id).count(), 1);
}

#[test]
fn previous_version_is_kept_as_bak_and_no_temp_files_remain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.stance.json");
    let mut ws = sample();
    save_workspace(&ws, &path).unwrap();
    let first = std::fs::read(&path).unwrap();
    let id = crate::model::ActorId(ws.alloc_id());
    ws.apply(Command::AddActor(crate::model::Actor::new(
        id,
        "Second",
        ActorKind::State,
    )))
    .unwrap();
    save_workspace(&ws, &path).unwrap();
    assert_eq!(std::fs::read(backup_path(&path)).unwrap(), first);
    assert_ne!(std::fs::read(&path).unwrap(), first);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn failed_save_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.stance.json");
    save_workspace(&sample(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    // Saving "into" a path whose parent is a file fails at the temp-file step.
    let bad = path.join("inside.stance.json");
    let err = save_workspace(&sample(), &bad).unwrap_err();
    assert_eq!(err.path, bad);
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // A read-only folder: the rename cannot happen, the old file stays.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        let inside = ro.join("w.stance.json");
        save_workspace(&sample(), &inside).unwrap();
        let old = std::fs::read(&inside).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        let mut changed = sample();
        let id = crate::model::ActorId(changed.alloc_id());
        changed
            .apply(Command::AddActor(crate::model::Actor::new(id, "New", ActorKind::State)))
            .unwrap();
        let result = save_workspace(&changed, &inside);
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
        // Root ignores directory permissions; the check only means something otherwise.
        if let Err(e) = result {
            assert!(e.to_string().contains("permission denied"));
            assert_eq!(std::fs::read(&inside).unwrap(), old);
        }
    }
}

/// The bytes of a save without its checksum, as another tool would write
/// them (a hand edit then reaches the content checks).
fn unsealed(bytes: &[u8]) -> String {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let at = text.rfind(",\n  \"checksum\"").expect("saves carry a checksum");
    format!("{}\n}}\n", &text[..at])
}

#[test]
fn bad_files_give_clear_errors() {
    let good = to_bytes(&sample());
    let plain = unsealed(&good);
    let current = format!("\"schema_version\": {}", crate::model::SCHEMA_VERSION);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (good[..good.len() / 2].to_vec(), "truncated"),
        (b"\x89PNG\r\n\x1a\n\0\0".to_vec(), "binary data"),
        (vec![0xff, 0xfe, 0x41], "binary data"),
        (
            b"{\"format\": \"stance-tracker-workspace\", \"schema_version\": 1,, }".to_vec(),
            "corrupted at line 1",
        ),
        (
            b"{\"name\": \"some other json\"}".to_vec(),
            "not a Stance Tracker workspace",
        ),
        (b"[1, 2, 3]".to_vec(), "not a Stance Tracker workspace"),
        (b"".to_vec(), "truncated"),
        (
            plain.replacen(&current, "\"schema_version\": 99", 1).into_bytes(),
            "newer version of Stance Tracker (schema 99",
        ),
        (
            plain.replacen(&current, "\"schema_version\": \"2\"", 1).into_bytes(),
            "its \"schema_version\" is \"2\", a string",
        ),
        (
            plain.replacen(&current, "\"schema_version\": 1.5", 1).into_bytes(),
            "is 1.5, not a whole number",
        ),
        (
            plain.replacen(&format!("{current},"), "", 1).into_bytes(),
            "it has no \"schema_version\" field",
        ),
        (
            plain.replacen("\"end\": 18", "\"end\": 99999", 1).into_bytes(),
            "lies outside the article",
        ),
        (
            plain
                .replacen("\"text\": \"Erdoğan said talks\"", "\"text\": \"forged\"", 1)
                .into_bytes(),
            "does not match the article",
        ),
    ];
    for (bytes, expected) in cases {
        let err = parse_workspace(&bytes).unwrap_err().to_string();
        assert!(err.contains(expected), "expected {expected:?} in {err:?}");
    }
}

/// Any byte that changes after a save is noticed on open: in an article's
/// text the article is named, elsewhere the file's checksum says so; the
/// message points to the backup and to salvage.
#[test]
fn a_changed_byte_anywhere_is_refused_with_what_was_hit() {
    let good = to_bytes(&sample());
    let text = String::from_utf8(good.clone()).unwrap();
    let damaged_text = text.replacen("went on", "went in", 1);
    let err = parse_workspace(damaged_text.as_bytes()).unwrap_err();
    let StorageErrorKind::Damaged(d) = &err else {
        panic!("expected damage, got {err:?}")
    };
    assert_eq!(d.articles.len(), 1);
    assert!(
        err.to_string()
            .contains("the text of article 4 \"Talks\" no longer matches its checksum")
    );
    assert!(err.to_string().contains(".bak"));
    assert!(err.to_string().contains("stance-tracker salvage"));
    // Whitespace inside a text, a note, a position and an id: outside the
    // articles' words, so only the whole file's checksum catches them.
    for (from, to) in [
        ("talks – ", "talks  – "),
        ("\"note\": \"note\"", "\"note\": \"nope\""),
        ("\"position\": \"support\"", "\"position\": \"oppose\""),
        ("\"position\": \"support\"", "\"position\": \"suppxrt\""),
        ("\"next_id\": 7", "\"next_id\": 8"),
    ] {
        assert!(text.contains(from), "{from}");
        let bytes = text.replacen(from, to, 1);
        let err = parse_workspace(bytes.as_bytes()).unwrap_err();
        assert!(
            matches!(&err, StorageErrorKind::Damaged(d) if d.articles.is_empty()),
            "{from} -> {to}: {err:?}"
        );
        assert!(err.to_string().contains("its checksum does not match"), "{err}");
    }
    // Deleting the checksum line is how a deliberate hand edit is accepted.
    let mut edited = unsealed(&good).replacen("\"note\": \"note\"", "\"note\": \"edited\"", 1);
    let ws = parse_workspace(edited.as_bytes()).unwrap();
    assert_eq!(ws.stances().next().unwrap().note, "edited");
    // Old files have per-article hashes and no checksum: text damage is still named.
    edited = unsealed(&good).replacen("went on", "went in", 1);
    assert!(matches!(
        parse_workspace(edited.as_bytes()),
        Err(StorageErrorKind::Damaged(_))
    ));
}

#[test]
fn the_streaming_open_verifies_the_checksum_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.stance.json");
    save_workspace(&sample(), &path).unwrap();
    assert!(open_workspace(&path).is_ok());
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("\"note\": \"note\"", "\"note\": \"nope\"", 1);
    std::fs::write(&path, text).unwrap();
    let err = open_workspace(&path).unwrap_err();
    assert!(matches!(err.kind, StorageErrorKind::Damaged(_)), "{err}");
    assert!(err.to_string().starts_with(&path.display().to_string()));
}

#[test]
fn salvage_keeps_what_checks_out_and_lists_the_rest() {
    let mut ws = sample();
    let id = crate::model::ArticleId(ws.alloc_id());
    let second = crate::model::Article::new(id, "Second".into(), None, "y.txt".into(), "Another text here.".into());
    ws.apply(Command::AddArticle(Box::new(second))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.stance.json");
    save_workspace(&ws, &path).unwrap();
    let damaged = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("went on", "went in", 1)
        .replacen("\"kind\": \"person\"", "\"kind\": \"persxn\"", 1);
    std::fs::write(&path, &damaged).unwrap();
    assert!(open_workspace(&path).is_err());
    let s = salvage_workspace(&path).unwrap();
    assert_eq!(s.workspace.article_count(), 1, "{:?}", s.left_out);
    assert_eq!(s.workspace.articles().next().unwrap().title, "Second");
    assert_eq!(s.workspace.stance_count(), 0);
    assert_eq!(s.workspace.issues().count(), 3);
    let all = s.left_out.join("\n");
    assert!(
        all.contains("article 4 \"Talks\": its text no longer matches its checksum"),
        "{all}"
    );
    assert!(
        all.contains("actor 5 \"Recep Tayyip Erdoğan\": it cannot be read"),
        "{all}"
    );
    assert!(all.contains("stance 6"), "{all}");
    assert!(s.unverified);
    assert!(s.summary().contains("recovered 1 article(s)"));
    // The salvage saves as a workspace that opens cleanly, and the damaged file is untouched.
    let out = dir.path().join("recovered.stance.json");
    save_workspace(&s.workspace, &out).unwrap();
    assert_eq!(open_workspace(&out).unwrap().article_count(), 1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), damaged);
    // Nothing readable at all: the message says so.
    std::fs::write(&path, b"{\"format\": \"stance-tracker-workspace\", \"art").unwrap();
    let Err(e) = salvage_workspace(&path) else {
        panic!("a cut-off file has no structure to salvage")
    };
    assert!(e.to_string().contains("structure"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_workspace_behind_a_symbolic_link_is_saved_in_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("synced");
    std::fs::create_dir(&real_dir).unwrap();
    let target = real_dir.join("w.stance.json");
    let link = dir.path().join("w.stance.json");
    save_workspace(&sample(), &target).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let mut ws = open_workspace(&link).unwrap();
    let id = crate::model::ActorId(ws.alloc_id());
    ws.apply(Command::AddActor(crate::model::Actor::new(id, "New", ActorKind::State)))
        .unwrap();
    save_workspace(&ws, &link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(),
        "the link stays a link"
    );
    assert_eq!(
        open_workspace(&target).unwrap().actors().count(),
        2,
        "the target has the new content"
    );
    let bak = backup_path(&target);
    assert!(
        std::fs::symlink_metadata(&bak).unwrap().is_file(),
        "the backup is a real file beside the target"
    );
    assert_eq!(open_workspace(&bak).unwrap().actors().count(), 1);
    assert!(!backup_path(&link).exists(), "no backup beside the link");
    // One lock for both names: a holder through the target blocks the link.
    assert_eq!(lock::lock_path(&link), lock::lock_path(&target));
    let other = serde_json::json!({"pid": 1, "host": std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned()).unwrap_or_default(), "user": "ana", "since": 0});
    std::fs::write(lock::lock_path(&target), other.to_string()).unwrap();
    assert!(lock::WorkspaceLock::acquire(&link).is_err());
    // A dangling link saves into the file it names.
    let fresh_target = real_dir.join("new.stance.json");
    let fresh_link = dir.path().join("new.stance.json");
    std::os::unix::fs::symlink(&fresh_target, &fresh_link).unwrap();
    save_workspace(&sample(), &fresh_link).unwrap();
    assert!(fresh_target.is_file());
    assert!(std::fs::symlink_metadata(&fresh_link).unwrap().file_type().is_symlink());
}

#[test]
fn exports_never_write_over_a_workspace_or_its_backup() {
    let dir = tempfile::tempdir().unwrap();
    let ws_path = dir.path().join("w.stance.json");
    save_workspace(&sample(), &ws_path).unwrap();
    save_workspace(&sample(), &ws_path).unwrap();
    let other = dir.path().join("other.stance.json");
    save_workspace(&sample(), &other).unwrap();
    let lock = lock::WorkspaceLock::acquire(&ws_path).unwrap();
    let hard = dir.path().join("hard-link.csv");
    std::fs::hard_link(&ws_path, &hard).unwrap();
    let before: Vec<_> = [&ws_path, &backup_path(&ws_path), &other, &hard]
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    for out in [
        ws_path.clone(),
        backup_path(&ws_path),
        lock::lock_path(&ws_path),
        other.clone(),
        hard.clone(),
        dir.path().join("./w.stance.json"),
    ] {
        let err = write_export(&out, b"a,b\n", Some(&ws_path)).unwrap_err();
        assert!(err.to_string().contains("never writes over a workspace"), "{err}");
    }
    let after: Vec<_> = [&ws_path, &backup_path(&ws_path), &other, &hard]
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    assert_eq!(before, after, "nothing was written");
    drop(lock);
    let fine = dir.path().join("stances.csv");
    write_export(&fine, b"a,b\n", Some(&ws_path)).unwrap();
    write_export(&fine, b"a,b,c\n", Some(&ws_path)).unwrap();
    assert_eq!(std::fs::read(&fine).unwrap(), b"a,b,c\n");
}

#[cfg(unix)]
#[test]
fn special_files_are_written_in_place_and_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(&fifo).unwrap())
    };
    assert_eq!(output_kind(&fifo), OutputKind::Special);
    write_output(&fifo, b"through the pipe\n").unwrap();
    assert_eq!(reader.join().unwrap(), b"through the pipe\n");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "still a FIFO");
    // A workspace is never saved onto one.
    let err = save_workspace(&sample(), &fifo).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(output_kind(std::path::Path::new("-")), OutputKind::Stdout);
    assert_eq!(output_kind(std::path::Path::new("/dev/stdout")), OutputKind::Special);
    assert_eq!(output_kind(&dir.path().join("new.csv")), OutputKind::Regular);
    write_output(std::path::Path::new("/dev/null"), b"x").unwrap();
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}

#[test]
fn opening_names_the_file_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.stance.json");
    std::fs::write(
        &path,
        b"{\"format\": \"stance-tracker-workspace\", \"schema_version\": 1, \"art",
    )
    .unwrap();
    let err = open_workspace(&path).unwrap_err();
    assert!(err.to_string().starts_with(&path.display().to_string()));
    assert!(matches!(err.kind, StorageErrorKind::Truncated { .. }));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let missing = open_workspace(&dir.path().join("nope.stance.json")).unwrap_err();
    assert!(missing.to_string().contains("does not exist"));
}

#[test]
fn extension_helper() {
    use std::path::Path;
    assert_eq!(
        with_workspace_extension(Path::new("/a/b")),
        Path::new("/a/b.stance.json")
    );
    assert_eq!(
        with_workspace_extension(Path::new("/a/b.json")),
        Path::new("/a/b.stance.json")
    );
    assert_eq!(
        with_workspace_extension(Path::new("/a/b.stance.json")),
        Path::new("/a/b.stance.json")
    );
}
