//! `steerco report publish | published` (#19) as real processes: a report
//! published is fetched later byte for byte while the live report moves on,
//! on this computer and on another member's after a folder sync; a refusal is
//! exit 1 with one line and changes nothing; bytes that have not arrived are
//! refused clearly, never made up.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::Ws;

const FORMATS: [&str; 3] = ["pdf", "docx", "md"];
const PASS: &str = "en lang og hemmelig sætning";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The live highlight report of 8.1 for 2026-Q1 in every format, as
/// `report highlight` writes it, named `stem`.
fn live(ws: &Ws, stem: &str) -> Vec<Vec<u8>> {
    FORMATS
        .iter()
        .map(|f| {
            let out = ws.dir().join(format!("{stem}.{f}"));
            ws.ok(&[
                "report",
                "highlight",
                "8.1",
                "--period",
                "2026-Q1",
                "--format",
                f,
                "-o",
                s(&out),
            ]);
            std::fs::read(out).unwrap()
        })
        .collect()
}

/// `report published get ID --format F -o FILE` for every format on `ws`.
fn got(ws: &Path, id: &str, user: &str) -> Vec<Vec<u8>> {
    FORMATS
        .iter()
        .map(|f| {
            let out = ws.with_extension(format!("got.{f}"));
            let r = run(
                ws,
                user,
                &[
                    "report",
                    "published",
                    "get",
                    id,
                    "--format",
                    f,
                    "-o",
                    s(&out),
                ],
            );
            assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
            std::fs::read(out).unwrap()
        })
        .collect()
}

/// `steerco args` on `ws` as `user`, with the folder's passphrase in $P.
fn run(ws: &Path, user: &str, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(args)
        .env("STEERCO_WORKSPACE", ws)
        .env("STEERCO_NOW", "2026-03-01T09:00:00Z")
        .env("STEERCO_USER", user)
        .env("P", PASS)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    out
}

fn blobs(ws: &Path) -> PathBuf {
    PathBuf::from(format!("{}.blobs", ws.display()))
}

#[test]
fn a_published_report_comes_back_byte_for_byte_while_the_live_one_moves_on() {
    let ws = Ws::new();
    ws.ok(&["init", "--demo"]);
    let before = live(&ws, "before");
    let id = ws.id(&[
        "report",
        "publish",
        "highlight",
        "8.1",
        "--period",
        "2026-Q1",
    ]);
    ws.ok(&[
        "initiative",
        "status",
        "8.1",
        "--rag",
        "red",
        "--note",
        "Leverandøren er gået konkurs",
    ]);
    let after = live(&ws, "after");
    assert_ne!(after[2], before[2], "the live report moved on");
    assert_eq!(got(&ws.path, &id[..8], "Sekretær Test"), before);
    // No -o: the file on stdout.
    let md = ws.ok(&["report", "published", "get", &id, "--format", "md"]);
    assert_eq!(md.as_bytes(), before[2]);

    let status = ws.id(&["report", "publish", "status", "--year", "2017"]);
    let half = ws.id(&["report", "publish", "deliverables", "--half", "2026-H1"]);
    let list = ws.json(&["report", "published", "list", "--json"]);
    let list = list.as_array().unwrap();
    let ids: Vec<&str> = list.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [half.as_str(), status.as_str(), id.as_str()]);
    let hl = &list[2];
    assert_eq!(hl["kind"], "highlight");
    assert_eq!(hl["period"], "8.1 2026-Q1");
    assert_eq!(hl["published_by"], "Sekretær Test");
    assert_eq!(hl["published_at"], "2026-03-01T09:00:00.000Z");
    let files: Vec<(&str, &str)> = hl["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["format"].as_str().unwrap(),
                f["file_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            ("pdf", "highlight-8.1-2026-Q1.pdf"),
            ("docx", "highlight-8.1-2026-Q1.docx"),
            ("md", "highlight-8.1-2026-Q1.md")
        ]
    );
    let table = ws.ok(&["report", "published", "list"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    for word in ["ID", "KIND", "PERIOD", "BY", "WHEN", "FORMATS"] {
        assert!(lines[0].contains(word), "{table}");
    }
    let row = lines[3];
    for cell in [
        &id[..8],
        "highlight",
        "8.1 2026-Q1",
        "Sekretær Test",
        "2026-03-01 10:00 CET",
        "pdf, docx, md",
    ] {
        assert!(row.contains(cell), "{cell} missing: {table}");
    }
}

#[test]
fn refusals_and_usage_errors_change_nothing() {
    let ws = Ws::new();
    ws.ok(&["init", "--demo"]);
    let refused = |args: &[&str], says: &str| {
        ws.refused(args, says);
        assert!(!blobs(&ws.path).exists(), "{args:?} stored a file");
    };
    refused(
        &["report", "publish", "deliverables", "--half", "2026-H3"],
        "is not a half-year",
    );
    refused(
        &[
            "report",
            "publish",
            "highlight",
            "99.9",
            "--period",
            "2026-Q1",
        ],
        "no initiative",
    );
    refused(
        &[
            "report",
            "publish",
            "highlight",
            "8.1",
            "--period",
            "spring",
        ],
        "is not a period",
    );
    refused(
        &["report", "published", "get", "abcdef12", "--format", "pdf"],
        "no published report \"abcdef12\"",
    );
    let id = ws.id(&["report", "publish", "status", "--year", "2017"]);
    ws.refused(
        &["report", "published", "get", &id, "--format", "xlsx"],
        "use one of: pdf, docx, md",
    );
    for args in [
        &["report", "publish", "status"][..],
        &["report", "publish", "nothing"],
        &["report", "published", "get", &id],
    ] {
        assert_eq!(ws.run(args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn another_member_gets_it_by_folder_sync_and_is_refused_clearly_until_then() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.steerco"), dir.path().join("b.steerco"));
    let folder = dir.path().join("shared");
    let ok = |ws: &Path, user: &str, args: &[&str]| {
        let out = run(ws, user, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let sync = ["sync", "folder", s(&folder), "--passphrase-env", "P"];
    ok(&a, "Anne", &["init", "--demo"]);
    let id = ok(
        &a,
        "Anne",
        &["report", "publish", "status", "--year", "2026"],
    );
    let id = id.trim();
    let published = got(&a, id, "Anne");
    ok(&a, "Anne", &sync);
    // Later edits on Anne's side change the live 2026 report, not the record.
    ok(
        &a,
        "Anne",
        &[
            "initiative",
            "status",
            "8.1",
            "--rag",
            "red",
            "--note",
            "Senere",
        ],
    );
    ok(&a, "Anne", &sync);

    ok(&b, "Bent", &sync);
    assert_eq!(got(&b, id, "Bent"), published);
    let list: serde_json::Value =
        serde_json::from_str(&ok(&b, "Bent", &["report", "published", "list", "--json"])).unwrap();
    assert_eq!(list[0]["published_by"], "Anne");

    // The files gone from Bent's computer (a new member's that has not
    // synced the papers yet): refused in one line, the target left alone.
    std::fs::remove_dir_all(blobs(&b)).unwrap();
    let target = dir.path().join("target.pdf");
    let out = run(
        &b,
        "Bent",
        &[
            "report",
            "published",
            "get",
            id,
            "--format",
            "pdf",
            "-o",
            s(&target),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("statusredegoerelse-2026.pdf is not on this computer; sync"),
        "{stderr}"
    );
    assert!(!target.exists());
    let table = ok(&b, "Bent", &["report", "published", "list"]);
    assert!(table.contains("pdf (not on this computer)"), "{table}");
    ok(&b, "Bent", &sync);
    assert_eq!(got(&b, id, "Bent"), published);
}
