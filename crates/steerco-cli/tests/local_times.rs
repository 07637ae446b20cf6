//! Times people read are local (issue 12, point 5), through the real binary
//! built with `test-clock` (STEERCO_NOW fixes the instant of an approval):
//! `meeting show` and `meeting list`, a meeting's and an initiative's history,
//! `search`, `sync status` and the minutes (Markdown, PDF) say the wall time
//! in the workspace's zone with its abbreviation, while `--json`, the
//! canonical export and iCalendar keep the exact UTC instant.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// 18:54:58.316 UTC on a winter day: 19:54 in Copenhagen (CET, UTC+1), 03:54
/// the next day in Tokyo (JST, UTC+9).
const WINTER: &str = "2026-11-29T18:54:58.316Z";
/// 10:30 UTC on a summer day: 12:30 in Copenhagen (CEST, UTC+2).
const SUMMER: &str = "2026-06-15T10:30:00Z";

fn steerco(ws: &Path, now: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(args)
        .env("STEERCO_WORKSPACE", ws)
        .env("STEERCO_NOW", now)
        .env("STEERCO_USER", "Sekretær Test")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(ws: &Path, now: &str, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&steerco(ws, now, args)).unwrap()
}

/// A workspace in `zone` with a meeting starting at `starts` (wall time in
/// that zone), every step (the approval too) taken when the clock says `now`.
fn approved_meeting(dir: &Path, zone: &str, starts: &str, now: &str) -> (PathBuf, String) {
    let ws = dir.join("ws.steerco");
    steerco(&ws, now, &["init", "--time-zone", zone]);
    steerco(
        &ws,
        now,
        &[
            "committee",
            "add",
            "--name",
            "Styregruppen",
            "--kind",
            "steering",
        ],
    );
    let m = steerco(
        &ws,
        now,
        &[
            "meeting",
            "add",
            "--committee",
            "Styregruppen",
            "--title",
            "Vintermøde",
            "--at",
            starts,
            "--duration",
            "60",
        ],
    )
    .trim()
    .to_string();
    for state in ["open", "in-progress", "closed", "approved"] {
        steerco(&ws, now, &["meeting", "state", &m, state]);
    }
    (ws, m)
}

fn tool(program: &str, package: &str, args: &[&str]) -> Output {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} ({e}): install the Debian package {package} (tools/setup)")
        });
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn a_winter_approval_reads_as_copenhagen_time_and_machines_keep_utc() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, m) = approved_meeting(dir.path(), "Europe/Copenhagen", "2026-11-29T17:00", WINTER);

    let show = steerco(&ws, WINTER, &["meeting", "show", &m]);
    assert!(show.contains("2026-11-29 17:00 CET, 60 min"), "{show}");
    assert!(
        show.contains("approved by Sekretær Test at 2026-11-29 19:54 CET"),
        "{show}"
    );
    assert!(
        show.contains("2026-11-29 19:54 CET  closed -> approved by Sekretær Test"),
        "the meeting's history in local time: {show}"
    );
    assert!(
        !show.contains("18:54") && !show.contains("16:00"),
        "no UTC wall time: {show}"
    );
    let list = steerco(&ws, WINTER, &["meeting", "list"]);
    assert!(list.contains("2026-11-29 17:00 CET"), "{list}");
    assert!(!list.contains("16:00"), "{list}");

    // --json keeps the recorded instants exactly.
    let view = json(&ws, WINTER, &["meeting", "show", &m, "--json"]);
    assert_eq!(view["approved_at"], WINTER);
    assert_eq!(view["starts_at"], "2026-11-29T16:00:00Z");
    assert_eq!(
        view["events"].as_array().unwrap().last().unwrap()["at"],
        WINTER
    );
    assert_eq!(
        json(&ws, WINTER, &["meeting", "list", "--json"])[0]["starts_at"],
        "2026-11-29T16:00:00Z"
    );

    // The minutes, in both languages and as PDF text.
    for lang in ["da", "en"] {
        let md = steerco(
            &ws,
            WINTER,
            &["export", "minutes", &m, "--format", "md", "--lang", lang],
        );
        assert!(
            md.contains("Sekretær Test (2026-11-29 19:54 CET)"),
            "{lang}: {md}"
        );
        assert!(md.contains("2026-11-29 17:00–18:00"), "{lang}: {md}");
        assert!(!md.contains("18:54"), "{lang}: {md}");
    }
    let pdf = dir.path().join("referat.pdf");
    steerco(
        &ws,
        WINTER,
        &[
            "export",
            "minutes",
            &m,
            "--format",
            "pdf",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    let text =
        String::from_utf8(tool("pdftotext", "poppler-utils", &[pdf.to_str().unwrap(), "-"]).stdout)
            .unwrap();
    assert!(text.contains("2026-11-29 19:54 CET"), "{text}");
    assert!(!text.contains("18:54"), "{text}");

    // Files for machines keep UTC: the canonical export and iCalendar's stamp.
    let export = steerco(&ws, WINTER, &["export", "json"]);
    assert!(export.contains(&format!("\"{WINTER}\"")), "{export}");
    assert!(!export.contains("19:54"), "{export}");
    let ics = steerco(&ws, WINTER, &["export", "ics", &m]);
    assert!(ics.contains("DTSTAMP:20261129T185458Z"), "{ics}");
    assert!(
        ics.contains("DTSTART;TZID=Europe/Copenhagen:20261129T170000"),
        "{ics}"
    );
}

#[test]
fn a_summer_approval_histories_search_and_sync_status_read_as_local_time() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, m) = approved_meeting(dir.path(), "Europe/Copenhagen", "2026-06-15T09:00", SUMMER);
    let show = steerco(&ws, SUMMER, &["meeting", "show", &m]);
    assert!(show.contains("2026-06-15 09:00 CEST, 60 min"), "{show}");
    assert!(show.contains("at 2026-06-15 12:30 CEST"), "{show}");
    let md = steerco(&ws, SUMMER, &["export", "minutes", &m, "--format", "md"]);
    assert!(md.contains("Sekretær Test (2026-06-15 12:30 CEST)"), "{md}");
    assert_eq!(
        json(&ws, SUMMER, &["meeting", "show", &m, "--json"])["approved_at"],
        "2026-06-15T10:30:00.000Z"
    );

    // An initiative's history.
    steerco(
        &ws,
        SUMMER,
        &[
            "initiative",
            "add",
            "--code",
            "1.1",
            "--title",
            "Brugerrejser",
        ],
    );
    let history = steerco(&ws, SUMMER, &["initiative", "history", "1.1"]);
    assert!(history.contains("2026-06-15 12:30 CEST"), "{history}");
    assert!(!history.contains("10:30"), "{history}");
    assert_eq!(
        json(&ws, SUMMER, &["initiative", "history", "1.1", "--json"])[0]["at"],
        "2026-06-15T10:30:00.000Z"
    );

    // A meeting at 00:30 local is on its local day (the UTC day before).
    let night = steerco(
        &ws,
        SUMMER,
        &[
            "meeting",
            "add",
            "--committee",
            "Styregruppen",
            "--title",
            "Natmøde",
            "--at",
            "2026-06-20T00:30",
        ],
    )
    .trim()
    .to_string();
    let item = steerco(
        &ws,
        SUMMER,
        &["agenda", "add", &night, "--title", "Midnatspunkt"],
    );
    let item = item.trim();
    let hits = steerco(&ws, SUMMER, &["search", "Midnatspunkt"]);
    assert!(hits.contains("2026-06-20"), "{hits}");
    assert!(!hits.contains("2026-06-19"), "{hits}");
    // Its decisions are dated by that local day in the register too.
    steerco(&ws, SUMMER, &["meeting", "state", &night, "open"]);
    steerco(
        &ws,
        SUMMER,
        &[
            "outcome",
            "add",
            &night,
            "--item",
            item,
            "--decision",
            "Vedtaget ved midnat",
        ],
    );
    let register = json(&ws, SUMMER, &["decision", "list", "--json"]);
    let midnight = register
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["text"] == "Vedtaget ved midnat")
        .unwrap();
    assert_eq!(midnight["date"], "2026-06-20", "{register}");

    // sync status: when the peer's last change was made and applied.
    let folder = dir.path().join("shared");
    let folder = folder.to_str().unwrap();
    steerco(&ws, SUMMER, &["sync", "folder", folder]);
    let other = dir.path().join("other.steerco");
    steerco(&other, SUMMER, &["sync", "folder", folder]);
    let status = steerco(&other, SUMMER, &["sync", "status"]);
    assert!(
        status.contains("last change 2026-06-15 12:30 CEST (applied 2026-06-15 12:30 CEST)"),
        "{status}"
    );
    let status = json(&other, SUMMER, &["sync", "status", "--json"]);
    assert!(
        status["peers"][0]["last_change_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-06-15T10:30:00"),
        "{status}"
    );
}

#[test]
fn the_workspace_zone_decides_not_copenhagen() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, m) = approved_meeting(dir.path(), "Asia/Tokyo", "2026-11-30T09:00", WINTER);
    let show = steerco(&ws, WINTER, &["meeting", "show", &m]);
    assert!(show.contains("2026-11-30 09:00 JST, 60 min"), "{show}");
    assert!(show.contains("at 2026-11-30 03:54 JST"), "{show}");
    let md = steerco(
        &ws,
        WINTER,
        &["export", "minutes", &m, "--format", "md", "--lang", "en"],
    );
    assert!(md.contains("Sekretær Test (2026-11-30 03:54 JST)"), "{md}");
    assert_eq!(
        json(&ws, WINTER, &["meeting", "show", &m, "--json"])["approved_at"],
        WINTER
    );
}
