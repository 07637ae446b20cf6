//! `steerco attachment` (#18, local slice) as real processes: every verb,
//! exit 0 done, 1 refused with one line and nothing changed (rows or blob
//! files), 2 a usage error; binary content byte for byte through the blob
//! store beside the workspace.

mod common;

use std::path::{Path, PathBuf};

use common::Ws;
use serde_json::Value;

/// A meeting of a committee with an open and a closed item:
/// (workspace, meeting, open item, closed item).
fn setup() -> (Ws, String, String, String) {
    let ws = Ws::empty("Test");
    ws.committee("Styregruppen", "steering");
    let meeting = ws.meeting(
        "Styregruppen",
        "Styregruppemøde",
        "2026-03-10T09:00",
        &["--duration", "90"],
    );
    let item = ws.id(&["agenda", "add", &meeting, "--title", "Økonomi"]);
    let closed = ws.id(&[
        "agenda",
        "add",
        &meeting,
        "--title",
        "Personalesag",
        "--closed",
    ]);
    (ws, meeting, item, closed)
}

/// Every byte value, in an order no text handling keeps.
fn binary(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(73).wrapping_add(seed) ^ (i >> 8) as u8)
        .collect()
}

fn write(ws: &Ws, name: &str, bytes: &[u8]) -> PathBuf {
    let path = ws.dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn blobs(ws: &Ws) -> PathBuf {
    PathBuf::from(format!("{}.blobs", ws.path.display()))
}

/// Every file under the blob store, as paths relative to it.
fn blob_files(ws: &Ws) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            if e.path().is_dir() {
                walk(&e.path(), root, out);
            } else {
                let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
                out.push(rel.display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(&blobs(ws), &blobs(ws), &mut out);
    out.sort();
    out
}

/// Refused (exit 1, one line, rows unchanged) and no blob file written.
fn refused(ws: &Ws, args: &[&str], says: &str) {
    let before = blob_files(ws);
    ws.refused(args, says);
    assert_eq!(blob_files(ws), before, "{args:?} wrote a blob file");
}

fn usage(ws: &Ws, args: &[&str]) {
    let out = ws.run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?} is a usage error");
}

fn list(ws: &Ws, meeting: &str) -> Vec<Value> {
    ws.json(&["attachment", "list", meeting, "--json"])
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn every_verb_round_trips_a_binary_file_byte_for_byte() {
    let (ws, meeting, item, closed) = setup();
    let v1 = binary(200_000, 11);
    let paper = write(&ws, "budget.pdf", &v1);

    let id = ws.id(&[
        "attachment",
        "add",
        &item[..8],
        s(&paper),
        "--title",
        "Budget 2026",
    ]);
    let on_closed = ws.id(&[
        "attachment",
        "add",
        &closed,
        s(&write(&ws, "sag.sh", b"echo")),
    ]);

    let papers = list(&ws, &meeting);
    assert_eq!(papers.len(), 2);
    let a = &papers[0];
    assert_eq!(a["id"], id.as_str());
    assert_eq!(a["title"], "Budget 2026");
    assert_eq!(a["item_title"], "Økonomi");
    assert_eq!(a["size"], 200_000);
    assert_eq!(a["versions"], 1);
    assert_eq!(a["closed"], false);
    assert_eq!(a["latest"]["version"], 1);
    assert_eq!(a["latest"]["file_name"], "budget.pdf");
    assert_eq!(a["latest"]["media_type"], "application/pdf");
    assert_eq!(a["latest"]["executable"], false);
    assert_eq!(a["latest"]["available"], true);
    assert_eq!(a["latest"]["added_by"], "Sekretær Test");
    let b = &papers[1];
    assert_eq!(
        (b["id"].as_str(), b["title"].as_str()),
        (Some(on_closed.as_str()), Some("sag.sh"))
    );
    assert_eq!(
        (&b["closed"], &b["latest"]["executable"]),
        (&Value::Bool(true), &Value::Bool(true))
    );
    let table = ws.ok(&["attachment", "list", &meeting]);
    assert!(
        table.contains("Budget 2026") && table.contains("1 of 1"),
        "{table}"
    );
    assert!(table.contains("195.3 KiB"), "{table}");
    assert!(
        table.contains("closed item, could run: save only"),
        "{table}"
    );

    // get: to a file and to stdout, byte-equal.
    let out = ws.dir().join("ud.pdf");
    assert_eq!(ws.ok(&["attachment", "get", &id, "-o", s(&out)]), "");
    assert_eq!(std::fs::read(&out).unwrap(), v1);
    let piped = ws.run(&["attachment", "get", &id[..8]]);
    assert_eq!(piped.status.code(), Some(0));
    assert_eq!(piped.stdout, v1);

    // replace: version 2, version 1 kept and readable.
    let v2 = binary(70_001, 200);
    let newer = write(&ws, "budget-rev.pdf", &v2);
    assert_eq!(
        ws.ok(&["attachment", "replace", &id, s(&newer)]).trim(),
        "2"
    );
    let a = list(&ws, &meeting)[0].clone();
    assert_eq!(
        (&a["versions"], &a["size"]),
        (&Value::from(2), &Value::from(70_001))
    );
    let history: Vec<&str> = a["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["file_name"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["budget.pdf", "budget-rev.pdf"]);
    ws.ok(&["attachment", "get", &id, "-o", s(&out)]);
    assert_eq!(std::fs::read(&out).unwrap(), v2);
    ws.ok(&["attachment", "get", &id, "-o", s(&out), "--version", "1"]);
    assert_eq!(std::fs::read(&out).unwrap(), v1);

    // delete and restore.
    assert_eq!(ws.ok(&["attachment", "delete", &id]).trim(), id);
    assert_eq!(list(&ws, &meeting).len(), 1);
    refused(
        &ws,
        &["attachment", "get", &id, "-o", s(&out)],
        "no attachment",
    );
    assert_eq!(ws.ok(&["attachment", "restore", &id]), "");
    assert_eq!(list(&ws, &meeting)[0]["versions"], 2);
    refused(
        &ws,
        &["attachment", "restore", &id],
        "this attachment is not deleted",
    );
    ws.ok(&["attachment", "get", &id, "-o", s(&out)]);
    assert_eq!(std::fs::read(&out).unwrap(), v2);
}

#[test]
fn bad_input_is_refused_or_a_usage_error_and_changes_nothing() {
    let (ws, meeting, item, _) = setup();
    let paper = write(&ws, "p.pdf", &binary(2048, 1));
    let id = ws.id(&["attachment", "add", &item, s(&paper)]);

    refused(
        &ws,
        &["attachment", "add", "nosuchitem", s(&paper)],
        "no agenda item",
    );
    refused(
        &ws,
        &["attachment", "add", &item, s(&ws.dir().join("missing.pdf"))],
        "cannot read",
    );
    refused(
        &ws,
        &["attachment", "add", &item, s(ws.dir())],
        "is not a file",
    );
    refused(&ws, &["attachment", "list", "nosuchmeeting"], "no meeting");
    refused(
        &ws,
        &["attachment", "replace", "nosuchpaper", s(&paper)],
        "no attachment",
    );
    refused(
        &ws,
        &["attachment", "delete", "nosuchpaper"],
        "no attachment",
    );
    refused(
        &ws,
        &["attachment", "get", &id, "--version", "9"],
        "version 9 does not exist; the attachment has versions 1 to 1",
    );
    usage(&ws, &["attachment", "add", &item]);
    usage(&ws, &["attachment", "get"]);
    usage(&ws, &["attachment", "get", &id, "--version", "two"]);
    usage(&ws, &["attachment", "rename", &id]);

    // The size limit: refused before any row or blob is written.
    refused(
        &ws,
        &["workspace", "set", "--attachment-limit-mib", "0"],
        "between 1 and 4096 MiB",
    );
    ws.ok(&["workspace", "set", "--attachment-limit-mib", "1"]);
    let big = write(&ws, "big.pdf", &binary(1024 * 1024 + 10, 2));
    refused(
        &ws,
        &["attachment", "add", &item, s(&big)],
        "big.pdf is 1.0 MiB; the workspace takes attachments of at most 1.0 MiB",
    );
    refused(
        &ws,
        &["attachment", "replace", &id, s(&big)],
        "at most 1.0 MiB",
    );

    // A damaged blob: refused, and the output file is not written.
    let blob = blob_files(&ws).pop().unwrap();
    let path = blobs(&ws).join(&blob);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    let out = ws.dir().join("out.pdf");
    refused(
        &ws,
        &["attachment", "get", &id, "-o", s(&out)],
        "the stored content of p.pdf is damaged",
    );
    assert!(!out.exists());
    std::fs::remove_file(&path).unwrap();
    refused(&ws, &["attachment", "get", &id], "is not on this computer");
    assert_eq!(list(&ws, &meeting)[0]["latest"]["available"], false);
}

#[test]
fn approved_minutes_keep_their_papers_as_they_are() {
    let (ws, meeting, item, _) = setup();
    let paper = write(&ws, "p.pdf", b"%PDF-1.4 paper");
    let id = ws.id(&["attachment", "add", &item, s(&paper)]);
    for state in ["open", "in-progress", "closed"] {
        ws.ok(&["meeting", "state", &meeting, state]);
    }
    // Held: slides shown at the meeting can still be filed.
    let slides = ws.id(&["attachment", "add", &item, s(&paper), "--title", "Slides"]);
    ws.ok(&["attachment", "delete", &slides]);
    ws.ok(&["meeting", "state", &meeting, "approved"]);
    let approved = "the minutes are approved and read-only";
    refused(&ws, &["attachment", "add", &item, s(&paper)], approved);
    refused(&ws, &["attachment", "replace", &id, s(&paper)], approved);
    refused(&ws, &["attachment", "delete", &id], approved);
    refused(&ws, &["attachment", "restore", &slides], approved);
    let piped = ws.run(&["attachment", "get", &id]);
    assert_eq!(piped.stdout, b"%PDF-1.4 paper");
}

/// An add killed after storing its blob and before its rows: nothing in the
/// workspace, the orphan blob left for collection, and a retry adds the
/// paper on the same blob.
#[cfg(feature = "failpoints")]
#[test]
fn an_add_killed_after_its_blob_leaves_only_an_orphan() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let (ws, meeting, item, _) = setup();
    let paper = write(&ws, "p.pdf", &binary(10_000, 9));
    let before = ws.ok(&["export", "json"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(["attachment", "add", &item, s(&paper)])
        .env("STEERCO_WORKSPACE", &ws.path)
        .env("STEERCO_NOW", "2026-03-01T09:00:00Z")
        .env("STEERCO_USER", "Sekretær Test")
        .env("STEERCO_FAILPOINT", "attachment_blob_stored")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Up to the failpoint's line (what came before it says why, if not).
    let mut seen = Vec::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        let reached = line == "failpoint attachment_blob_stored";
        seen.push(line);
        if reached {
            break;
        }
    }
    assert_eq!(
        seen.last().map(String::as_str),
        Some("failpoint attachment_blob_stored"),
        "{seen:?}"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(ws.ok(&["export", "json"]), before);
    let orphans = blob_files(&ws);
    assert_eq!(orphans.len(), 1, "{orphans:?}");
    ws.id(&["attachment", "add", &item, s(&paper)]);
    assert_eq!(blob_files(&ws), orphans, "the retry uses the same blob");
    assert_eq!(list(&ws, &meeting).len(), 1);
}
