//! Papers through a real `steerco-server` and real `steerco` processes
//! (#18): a 50 MiB paper and a text edit in one sync, the sync killed with
//! the paper half uploaded: the edit arrives, the paper waits, the next sync
//! sends it whole; nothing of a paper is readable in the server's files.
//! Needs the `failpoints` feature (make test builds with it).
#![cfg(all(unix, feature = "failpoints"))]

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::server::*;
use sha2::{Digest, Sha256};

/// Bytes no text handling helps, with `marker` written every 64 KiB.
fn paper(len: usize, seed: u8, marker: &str) -> Vec<u8> {
    let mut v: Vec<u8> = (0..len)
        .map(|i| (i as u8).wrapping_mul(73).wrapping_add(seed) ^ (i >> 9) as u8)
        .collect();
    for at in (0..len - marker.len()).step_by(1 << 16) {
        v[at..at + marker.len()].copy_from_slice(marker.as_bytes());
    }
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for f in std::fs::read_dir(d).into_iter().flatten().flatten() {
            let p = f.path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn json(ws: &Path, user: &str, token: &str, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(ws, user, token, args)).unwrap()
}

#[test]
fn a_big_paper_cut_off_mid_upload_waits_while_the_text_edit_arrives() {
    let s = acme();
    let (a, b) = (&s.a, &s.b);
    let (ta, tb) = (&s.ta, &s.tb);
    let url = format!("{}/acme", s.base);
    let sync = sync_args(&url);
    ok(a, "Anne", ta, &["init", "--name", "Acme"]);
    ok(
        a,
        "Anne",
        ta,
        &[
            "committee",
            "add",
            "--name",
            "Styregruppen",
            "--kind",
            "steering",
        ],
    );
    let meeting = ok(
        a,
        "Anne",
        ta,
        &[
            "meeting",
            "add",
            "--committee",
            "Styregruppen",
            "--title",
            "Møde",
            "--at",
            "2026-03-10T09:00",
        ],
    )
    .trim()
    .to_string();
    let item = ok(
        a,
        "Anne",
        ta,
        &["agenda", "add", &meeting, "--title", "Økonomi"],
    )
    .trim()
    .to_string();
    let small = paper(200_000, 1, "NOTATHEMMELIGT");
    let small_file = s.dir.path().join("notat-om-udbud.pdf");
    std::fs::write(&small_file, &small).unwrap();
    let small_id = ok(
        a,
        "Anne",
        ta,
        &["attachment", "add", &item, small_file.to_str().unwrap()],
    )
    .trim()
    .to_string();
    ok(a, "Anne", ta, &sync);
    let joined = ok(b, "Bent", tb, &sync);
    assert!(
        joined.contains("papers: sent 0 (0.0 MiB), received 1"),
        "{joined}"
    );

    // A 50 MiB paper and an edit of the item's title, then one sync that
    // is killed with the paper half uploaded.
    let big = paper(50 * 1024 * 1024, 2, "BUDGETBILAGHEMMELIGT");
    let big_file = s.dir.path().join("budgetbilag-2027.pdf");
    std::fs::write(&big_file, &big).unwrap();
    let big_id = ok(
        a,
        "Anne",
        ta,
        &["attachment", "add", &item, big_file.to_str().unwrap()],
    )
    .trim()
    .to_string();
    ok(
        a,
        "Anne",
        ta,
        &["agenda", "set", &item, "--title", "Økonomi og budget"],
    );
    let mut cut = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(sync)
        .env("STEERCO_WORKSPACE", a)
        .env("STEERCO_USER", "Anne")
        .env("STEERCO_TOKEN", ta)
        .env("STEERCO_PASS", "korrekt hest batteri")
        .env("STEERCO_FAILPOINT", "paper-half-moved")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(cut.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "failpoint paper-half-moved");
    cut.kill().unwrap();
    cut.wait().unwrap();

    let got = ok(b, "Bent", tb, &sync);
    assert!(got.contains("received 0 (0.0 MiB), 1 waiting"), "{got}");
    let agenda = json(b, "Bent", tb, &["agenda", "list", &meeting, "--json"]);
    assert!(agenda.to_string().contains("Økonomi og budget"), "{agenda}");
    let listed = json(b, "Bent", tb, &["attachment", "list", &meeting, "--json"]);
    let waiting = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == big_id.as_str())
        .unwrap();
    assert_eq!(waiting["latest"]["available"], false, "{waiting}");
    let status = ok(b, "Bent", tb, &["sync", "status"]);
    assert!(
        status.contains("papers waiting: 1 (budgetbilag-2027.pdf); not fetched by choice: 0"),
        "{status}"
    );
    // Bent's choice of papers: kept on his computer, said back.
    let said = ok(b, "Bent", tb, &["sync", "papers"]);
    assert_eq!(said.trim(), "papers: syncs fetch every paper");
    let said = ok(b, "Bent", tb, &["sync", "papers", "mine"]);
    assert_eq!(
        said.trim(),
        "papers: syncs fetch the papers of my committees only"
    );
    let status = ok(b, "Bent", tb, &["sync", "status"]);
    assert!(
        status.contains("papers waiting: 0 (); not fetched by choice: 1"),
        "{status}"
    );
    assert_eq!(
        run(b, "Bent", tb, &["sync", "papers", "some"])
            .status
            .code(),
        Some(2)
    );
    ok(b, "Bent", tb, &["sync", "papers", "all"]);

    // The next sync sends it whole; Bent gets it byte for byte.
    let again = ok(a, "Anne", ta, &sync);
    assert!(again.contains("papers: sent 1 (50.0 MiB)"), "{again}");
    let got = ok(b, "Bent", tb, &sync);
    assert!(got.contains("received 1 (50.0 MiB), 0 waiting"), "{got}");
    for (id, bytes) in [(&big_id, &big), (&small_id, &small)] {
        let out = s.dir.path().join(format!("{id}.out"));
        ok(
            b,
            "Bent",
            tb,
            &["attachment", "get", id, "-o", out.to_str().unwrap()],
        );
        assert!(std::fs::read(&out).unwrap() == *bytes, "{id} arrived whole");
    }

    // Nothing of a paper (content, name, content hash) in the server's files.
    let hash = |b: &[u8]| -> String {
        Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect()
    };
    let secrets = [
        "BUDGETBILAGHEMMELIGT".to_string(),
        "NOTATHEMMELIGT".to_string(),
        "budgetbilag-2027".to_string(),
        "notat-om-udbud".to_string(),
        hash(&big),
        hash(&small),
    ];
    let files = walk(&s.data);
    assert!(files.len() >= 3, "{files:?}");
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        for secret in &secrets {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{f:?} holds {secret}");
        }
    }
}
