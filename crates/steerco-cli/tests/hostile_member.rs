//! The hostile-member harness (#16) through a real encrypted folder: three
//! honest members are real `steerco` processes on their own workspace files;
//! the test is a fourth member who knows the passphrase. It reads the folder
//! like any member (the key from the marker), then writes sealed segments of
//! its own that mix honest changes with far-future stamps, words, fields,
//! tables and operations this version does not know, edits of append-only
//! rows and approvals without their event. Every honest sync exits 0, the
//! honest changes arrive, each hostile one waits, visibly, with its kind and
//! reason, and the honest members keep syncing with each other.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value as Json};
use steerco_store::merge::ChangeRecord;
use steerco_sync::crypto::Key;
use steerco_sync::folder::folder_marker;
use steerco_sync::segment;

const NOW: &str = "2026-03-01T09:00:00Z";
const NOW_MS: i64 = 1_772_355_600_000;
const DAY_MS: i64 = 24 * 3_600_000;
const PASSPHRASE: &str = "vores fælles sætning";
/// The hostile member's replica: a folder of its own, like any member's.
const HOSTILE: &str = "e1e1e1e1e1e1e1e1";
/// A forged approval hash (the right form, no event's minutes give it).
const FORGED_HASH: &str = "v2:0000000000000000000000000000000000000000000000000000000000000000";
/// A hash of the first kind (before approvals kept their minutes): beside an
/// approval event that holds the minutes, it can only be forged.
const FORGED_V1_HASH: &str = "00000000000000000000000000000000000000000000000000000000000000ff";

struct Member {
    ws: PathBuf,
    user: &'static str,
}

impl Member {
    /// `steerco args` at the wall time `now`; fails the test unless it exits 0.
    fn at(&self, now: &str, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
            .args(args)
            .env("STEERCO_WORKSPACE", &self.ws)
            .env("STEERCO_USER", self.user)
            .env("STEERCO_NOW", now)
            .env_remove("STEERCO_CLOCK_SKEW")
            .env("STEERCO_TEST_PASSPHRASE", PASSPHRASE)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
        assert!(out.status.success(), "{} {args:?}: {stderr}", self.user);
        String::from_utf8(out.stdout).unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        self.at(NOW, args)
    }

    fn id(&self, args: &[&str]) -> String {
        self.ok(args).trim().to_string()
    }

    /// `sync folder` with the passphrase (a join when the file is not there).
    fn sync_at(&self, now: &str, folder: &Path) -> String {
        let f = folder.to_str().unwrap();
        let args = ["sync", "folder", f, "--passphrase-env"];
        self.at(now, &[&args[..], &["STEERCO_TEST_PASSPHRASE"]].concat())
    }

    fn sync(&self, folder: &Path) -> String {
        self.sync_at(NOW, folder)
    }

    fn export(&self) -> Json {
        serde_json::from_str(&self.ok(&["export", "json"])).unwrap()
    }

    fn status(&self) -> Json {
        serde_json::from_str(&self.ok(&["sync", "status", "--json"])).unwrap()
    }
}

/// A row of the export by table and id.
fn row<'a>(export: &'a Json, table: &str, id: &str) -> Option<&'a Json> {
    export["tables"][table]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
}

/// Every change in the folder's segments, as a member with the key reads them.
fn read_folder(folder: &Path, ws: &str, key: &Key) -> Vec<ChangeRecord> {
    let mut all = Vec::new();
    for replica in std::fs::read_dir(folder).unwrap().flatten() {
        if !replica.path().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(replica.path()).unwrap().flatten() {
            if file.path().extension().is_some_and(|e| e == "seg") {
                let bytes = std::fs::read(file.path()).unwrap();
                all.extend(segment::decode(&bytes, ws, Some(key)).unwrap().1);
            }
        }
    }
    all
}

/// The first change into `tbl` whose fields include `with`.
fn find<'a>(changes: &'a [ChangeRecord], tbl: &str, with: (&str, &str)) -> &'a ChangeRecord {
    changes
        .iter()
        .find(|c| c.tbl == tbl && c.fields.get(with.0).and_then(Json::as_str) == Some(with.1))
        .unwrap_or_else(|| panic!("no {tbl} with {with:?} in the folder"))
}

/// A change of the hostile member, stamped `ms` after NOW.
fn rec(ms: i64, op: &str, tbl: &str, row: &str, fields: Json) -> ChangeRecord {
    ChangeRecord {
        hlc: format!("{:013}-0000-{HOSTILE}", NOW_MS + ms),
        author_id: None,
        tbl: tbl.into(),
        row_id: row.into(),
        op: op.into(),
        fields: fields.as_object().cloned().unwrap(),
        prev: None,
    }
}

/// `rec` as an edit made knowing the value it replaces (the one `stamp`
/// gave `field`), as an honest member's edit is: no conflict.
fn knowing(mut rec: ChangeRecord, field: &str, stamp: &str) -> ChangeRecord {
    rec.prev = json!({ field: stamp }).as_object().cloned();
    rec
}

/// Segment `seq` of the hostile member, sealed with the folder's key and put
/// where a member's files go (through a temporary name, as members do).
fn plant(folder: &Path, ws: &str, key: &Key, seq: u64, changes: &[ChangeRecord]) {
    let bytes = segment::encode(ws, HOSTILE, seq, changes, Some(key)).unwrap();
    let dir = folder.join(HOSTILE);
    std::fs::create_dir_all(&dir).unwrap();
    let tmp = dir.join(".tmp-hostile");
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(tmp, dir.join(format!("{seq:010}.seg"))).unwrap();
}

/// What waits on a member, per kind, all of it the hostile member's.
fn waiting_kinds(m: &Member) -> BTreeMap<String, usize> {
    let status = m.status();
    let waiting = status["waiting"].as_array().unwrap();
    assert_eq!(status["pending"], waiting.len(), "{status}");
    let mut kinds = BTreeMap::new();
    for w in waiting {
        assert_eq!(w["replica"], HOSTILE, "{w}");
        *kinds
            .entry(w["kind"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    kinds
}

fn kinds(newer: usize, refused: usize, ahead: usize) -> BTreeMap<String, usize> {
    [
        ("newer_version", newer),
        ("refused", refused),
        ("clock_ahead", ahead),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(k, n)| (k.to_string(), n))
    .collect()
}

#[test]
fn a_hostile_members_changes_wait_visibly_and_the_honest_ones_travel() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("shared");
    let member = |name: &str, user| Member {
        ws: dir.path().join(format!("{name}.steerco")),
        user,
    };
    let (anne, bent, carl) = (
        member("a", "Anne"),
        member("b", "Bent"),
        member("c", "Carl"),
    );

    // Anne: a committee, an approved meeting with an action and a comment on
    // it, and a closed meeting not approved yet.
    anne.ok(&["init", "--name", "Fjendtlig"]);
    let c = ["committee", "add", "--name", "Styregruppen", "--kind"];
    anne.ok(&[&c[..], &["steering"]].concat());
    let m = ["member", "add", "--committee", "Styregruppen", "--name"];
    anne.ok(&[&m[..], &["Bo Medlem", "--role", "member"]].concat());
    let meeting = |title: &str| {
        let add = ["meeting", "add", "--committee", "Styregruppen", "--title"];
        let id = anne.id(&[&add[..], &[title, "--at", "2026-02-26T10:00"]].concat());
        anne.ok(&["agenda", "add", &id, "--title", "Status"]);
        anne.ok(&["meeting", "state", &id, "open"]);
        anne.ok(&["meeting", "state", &id, "in-progress"]);
        id
    };
    let m1 = meeting("Møde 1");
    let add = [
        "outcome",
        "add",
        &m1,
        "--item",
        "2",
        "--action",
        "Lav en plan",
    ];
    let task = anne.id(&[&add[..], &["--owner", "Bo Medlem", "--due", "2026-04-01"]].concat());
    anne.ok(&["meeting", "state", &m1, "closed"]);
    anne.ok(&["task", "comment", &task, "--text", "Startet"]);
    anne.ok(&["meeting", "state", &m1, "approved"]);
    let m2 = meeting("Møde 2");
    anne.ok(&["meeting", "state", &m2, "closed"]);
    assert!(anne.sync(&folder).contains("sent"));
    for joiner in [&bent, &carl] {
        assert!(joiner.sync(&folder).contains("joined"));
    }
    // What the joins wrote (who each member is) reaches everyone first.
    for m in [&anne, &bent, &carl, &anne, &bent] {
        m.sync(&folder);
    }

    // The hostile member unlocks the folder as any member does and learns the
    // rows' ids from Anne's segments.
    let marker = folder_marker(&folder).unwrap().unwrap();
    let ws = marker.workspace.clone();
    let key = marker.encryption.unwrap().unlock(PASSPHRASE, &ws).unwrap();
    let seen = read_folder(&folder, &ws, &key);
    let named = find(&seen, "committee", ("name", "Styregruppen"));
    let (committee, named) = (named.row_id.clone(), named.hlc.clone());
    let comment = find(&seen, "task_comment", ("text", "Startet"))
        .row_id
        .clone();
    let event = seen
        .iter()
        .find(|c| {
            c.tbl == "meeting_event"
                && c.fields["meeting_id"] == m1.as_str()
                && c.fields["to_state"] == "closed"
        })
        .unwrap()
        .row_id
        .clone();
    let hash1 = row(&anne.export(), "meeting", &m1).unwrap()["minutes_hash"].clone();
    assert!(hash1.as_str().unwrap().starts_with("v2:"), "{hash1}");

    let person = "e1e1e1e1-0000-4000-8000-000000000001";
    let approve = json!({"state": "approved", "approved_at": NOW, "minutes_hash": FORGED_HASH});
    let first = vec![
        // Honest: a rename, a new person, a second comment (an insert into
        // an append-only table is how it grows).
        knowing(
            rec(
                1000,
                "update",
                "committee",
                &committee,
                json!({"name": "Datastyregruppen"}),
            ),
            "name",
            &named,
        ),
        rec(
            1001,
            "insert",
            "person",
            person,
            json!({"name": "Hanne Hostil", "sample": false}),
        ),
        rec(
            1002,
            "insert",
            "task_comment",
            "e1e1e1e1-0000-4000-8000-000000000002",
            json!({"task_id": task, "text": "Jeg er med", "recorded_at": NOW}),
        ),
        // A newer version's word, value, operation, table and field.
        rec(
            2000,
            "update",
            "committee",
            &committee,
            json!({"kind": "board"}),
        ),
        rec(
            2001,
            "update",
            "meeting",
            &m2,
            json!({"duration_min": "long"}),
        ),
        rec(
            2002,
            "merge_into",
            "meeting",
            &m2,
            json!({"title": "Slået sammen"}),
        ),
        rec(
            2003,
            "insert",
            "budget_forecast",
            "e1e1e1e1-0000-4000-8000-000000000003",
            json!({"amount": 5}),
        ),
        rec(2004, "update", "meeting", &m2, json!({"mood": "anspændt"})),
        // Append-only rows edited, deleted, overwritten by an insert.
        rec(
            3000,
            "update",
            "task_comment",
            &comment,
            json!({"text": "Forfalsket"}),
        ),
        rec(
            3001,
            "delete",
            "meeting_event",
            &event,
            json!({"deleted": 1}),
        ),
        rec(
            3002,
            "insert",
            "meeting_event",
            &event,
            json!({"meeting_id": m1, "from_state": "closed", "to_state": "approved", "recorded_at": NOW}),
        ),
        // Approvals without their event: a new one, and an approval's hash.
        rec(4000, "update", "meeting", &m2, approve),
        rec(
            4001,
            "update",
            "meeting",
            &m1,
            json!({"minutes_hash": FORGED_HASH}),
        ),
        rec(
            4002,
            "update",
            "meeting",
            &m1,
            json!({"minutes_hash": FORGED_V1_HASH}),
        ),
        // Thirty days ahead.
        rec(
            30 * DAY_MS,
            "update",
            "meeting",
            &m2,
            json!({"title": "Fra fremtiden"}),
        ),
    ];
    plant(&folder, &ws, &key, 1, &first);

    // Three rounds: no sync stops, each names what waits.
    for round in 0..3 {
        for m in [&anne, &bent, &carl] {
            let report = m.sync(&folder);
            let applied = if round == 0 { 3 } else { 0 };
            assert!(
                report.contains(&format!(": {applied} changes applied"))
                    && report.contains(", 12 waiting")
                    && !report.contains("set aside"),
                "{} round {round}: {report}",
                m.user
            );
        }
    }
    for m in [&anne, &bent, &carl] {
        let data = m.export();
        let field = |t: &str, id: &str, f: &str| row(&data, t, id).unwrap()[f].clone();
        // The honest changes applied...
        assert_eq!(field("committee", &committee, "name"), "Datastyregruppen");
        assert_eq!(field("person", person, "name"), "Hanne Hostil");
        let comments: Vec<&str> = data["tables"]["task_comment"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["text"].as_str().unwrap())
            .collect();
        assert_eq!(comments.len(), 2, "{comments:?}");
        assert!(comments.contains(&"Startet") && comments.contains(&"Jeg er med"));
        // ...and none of the hostile ones did.
        assert_eq!(field("committee", &committee, "kind"), "steering");
        assert_eq!(field("meeting", &m2, "title"), "Møde 2");
        assert_eq!(field("meeting", &m2, "state"), "closed");
        assert_eq!(field("meeting", &m2, "minutes_hash"), Json::Null);
        assert_eq!(field("meeting", &m1, "minutes_hash"), hash1);
        assert_eq!(field("meeting_event", &event, "to_state"), "closed");
        assert!(data["tables"].get("budget_forecast").is_none());
        assert_eq!(waiting_kinds(m), kinds(5, 6, 1), "{}", m.user);

        // Each is listed with its kind and reason.
        let text = m.ok(&["sync", "status"]);
        let waits =
            |line: String| assert!(text.contains(&line), "{}: no {line:?} in\n{text}", m.user);
        let from = format!("from {HOSTILE}");
        waits(format!("change waits (clock_ahead): update meeting {m2} {from}: stamped 720 hours ahead of this machine's clock by replica {HOSTILE}"));
        waits(format!("change waits (newer_version): merge_into meeting {m2} {from}: operation \"merge_into\" is from a newer version"));
        waits(format!("change waits (newer_version): insert budget_forecast e1e1e1e1-0000-4000-8000-000000000003 {from}: table budget_forecast is from a newer version"));
        waits(format!("change waits (newer_version): update meeting {m2} {from}: field meeting.mood is from a newer version"));
        waits(format!("change waits (newer_version): update committee {committee} {from}: this version rejects the value of committee.kind"));
        waits(format!("change waits (newer_version): update meeting {m2} {from}: this version rejects the value of meeting.duration_min"));
        waits(format!("change waits (refused): update task_comment {comment} {from}: task_comment is append-only: the update of row {comment} is refused"));
        waits(format!("change waits (refused): delete meeting_event {event} {from}: meeting_event is append-only:"));
        waits(format!("change waits (refused): insert meeting_event {event} {from}: meeting_event is append-only: an insert over row {event} with other values is refused"));
        for meeting in [&m1, &m2] {
            waits(format!("change waits (refused): update meeting {meeting} {from}: an approval of meeting {meeting} without its meeting event is refused"));
        }
        let approvals = format!("update meeting {m1} {from}: an approval of meeting {m1} without");
        assert_eq!(text.matches(&approvals).count(), 2, "{text}");
        assert_eq!(text.matches("change waits (").count(), 12, "{text}");
    }

    // The honest members go on: Bent renames the committee and comments;
    // meanwhile the hostile member sends an honest change and a hostile one
    // again. Both members' changes travel; the hostile one waits too.
    bent.ok(&[
        "committee",
        "set",
        "Datastyregruppen",
        "--name",
        "Bents styregruppe",
    ]);
    bent.ok(&["task", "comment", &task, "--text", "Fra Bent"]);
    let second = vec![
        knowing(
            rec(
                5000,
                "update",
                "person",
                person,
                json!({"email": "hanne@example.org"}),
            ),
            "email",
            &first[1].hlc,
        ),
        rec(
            5001,
            "update",
            "task_comment",
            &comment,
            json!({"text": "Igen"}),
        ),
    ];
    plant(&folder, &ws, &key, 2, &second);
    for m in [&bent, &anne, &carl, &bent] {
        let report = m.sync(&folder);
        assert!(
            report.contains(", 13 waiting") && !report.contains("set aside"),
            "{report}"
        );
    }
    for m in [&anne, &bent, &carl] {
        let data = m.export();
        let field = |t: &str, id: &str, f: &str| row(&data, t, id).unwrap()[f].clone();
        assert_eq!(field("committee", &committee, "name"), "Bents styregruppe");
        assert_eq!(field("person", person, "email"), "hanne@example.org");
        assert_eq!(field("task_comment", &comment, "text"), "Startet");
        let comments = data["tables"]["task_comment"].as_array().unwrap();
        assert_eq!(comments.len(), 3);
        assert!(comments.iter().any(|c| c["text"] == "Fra Bent"));
        let conflicts = m.ok(&["conflict", "list", "--json"]);
        assert_eq!(conflicts.trim(), "[]", "{}", m.user);
        assert_eq!(waiting_kinds(m), kinds(5, 7, 1), "{}", m.user);
    }
    assert_eq!(anne.export(), bent.export());
    assert_eq!(anne.export(), carl.export());

    // Parked is not lost: once Carl's clock has caught up with the change
    // stamped ahead, it applies (and only it); the refused ones stay.
    let report = carl.sync_at("2026-04-01T09:00:00Z", &folder);
    assert!(
        report.contains(": 1 changes applied") && report.contains(", 12 waiting"),
        "{report}"
    );
    let data = carl.export();
    assert_eq!(
        row(&data, "meeting", &m2).unwrap()["title"],
        "Fra fremtiden"
    );
    assert_eq!(waiting_kinds(&carl), kinds(5, 7, 0));
}
