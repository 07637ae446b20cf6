//! The chair's overview against hand-computed fixtures, through the real
//! binary with the test clock (STEERCO_NOW): the grey rule, milestones
//! slipped and due, heat-map counts, banding and "moved since".

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

struct Ws {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Ws {
    fn new() -> Ws {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.steerco");
        Ws { _dir: dir, path }
    }

    fn run_at(&self, now: &str, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
            .args(args)
            .env("STEERCO_WORKSPACE", &self.path)
            .env("STEERCO_NOW", now)
            .env("STEERCO_USER", "Formand Test")
            .output()
            .unwrap();
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
        out
    }

    fn at(&self, now: &str, args: &[&str]) -> String {
        let out = self.run_at(now, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    fn json(&self, now: &str, args: &[&str]) -> Value {
        serde_json::from_str(&self.at(now, args)).unwrap()
    }

    fn refused(&self, args: &[&str], says: &str) {
        let before = self.at(MARCH, &["export", "json"]);
        let out = self.run_at(MARCH, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(
            self.at(MARCH, &["export", "json"]) == before,
            "{args:?} changed data"
        );
    }
}

const JANUARY: &str = "2026-01-10T09:00:00Z";
const MARCH: &str = "2026-03-01T09:00:00Z";

fn fixture() -> Ws {
    let ws = Ws::new();
    ws.at(JANUARY, &["init"]);
    for (code, title) in [("1.1", "Ét"), ("1.2", "To"), ("1.3", "Tre")] {
        ws.at(
            JANUARY,
            &["initiative", "add", "--code", code, "--title", title],
        );
    }
    ws
}

fn overall(d: &Value, code: &str) -> String {
    d["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap()["overall"]["rag"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_grey_rule_and_trends() {
    let ws = fixture();
    // 1.1: last update 2025-11-15, 106 days before 1 March: grey at 90 days.
    ws.at(
        JANUARY,
        &[
            "initiative",
            "status",
            "1.1",
            "--rag",
            "green",
            "--on",
            "2025-11-15",
        ],
    );
    // 1.2: amber then red, the latest 45 days old: red, worsening.
    ws.at(
        JANUARY,
        &[
            "initiative",
            "status",
            "1.2",
            "--rag",
            "amber",
            "--on",
            "2025-12-01",
        ],
    );
    ws.at(
        MARCH,
        &[
            "initiative",
            "status",
            "1.2",
            "--rag",
            "red",
            "--on",
            "2026-01-15",
        ],
    );
    // 1.3: never reported: grey.
    let d = ws.json(MARCH, &["dashboard", "--json"]);
    assert_eq!(d["grey_after_days"], 90);
    assert_eq!(overall(&d, "1.1"), "grey");
    assert_eq!(overall(&d, "1.2"), "red");
    assert_eq!(overall(&d, "1.3"), "grey");
    let i2 = d["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "1.2")
        .unwrap()
        .clone();
    assert_eq!(i2["overall"]["trend"], "worsening");
    // Looking back to the end of 2025: the January update does not count yet.
    let then = ws.json(MARCH, &["dashboard", "--json", "--as-of", "2025-12-31"]);
    assert_eq!(then["today"], "2025-12-31");
    assert_eq!(overall(&then, "1.1"), "green", "46 days old then");
    assert_eq!(overall(&then, "1.2"), "amber");
    // A longer rule brings 1.1 back.
    ws.at(MARCH, &["workspace", "set", "--grey-after-days", "120"]);
    let d = ws.json(MARCH, &["dashboard", "--json"]);
    assert_eq!(overall(&d, "1.1"), "green");
    ws.refused(
        &["workspace", "set", "--grey-after-days", "0"],
        "between 1 and 3650",
    );
}

#[test]
fn milestones_slip_by_the_three_rules_and_due_looks_90_days_ahead() {
    let ws = fixture();
    let add = |title: &str, due: &str| {
        ws.at(
            JANUARY,
            &[
                "milestone",
                "add",
                "--initiative",
                "1.1",
                "--title",
                title,
                "--due",
                due,
            ],
        )
    };
    let late = add("Ikke nået", "2026-02-01"); // not done by its date
    let done_late = add("Nået for sent", "2026-02-05"); // done after it
    let moved = add("Flyttet", "2026-05-01"); // re-planned later
    let on_time = add("Nået til tiden", "2026-02-20");
    let soon = add("Snart", "2026-04-01"); // due within 90 days
    let far = add("Langt ude", "2026-09-01"); // beyond 90 days
    ws.at(
        "2026-02-10T09:00:00Z",
        &["milestone", "done", &done_late, "--on", "2026-02-10"],
    );
    ws.at(
        "2026-02-18T09:00:00Z",
        &["milestone", "done", &on_time, "--on", "2026-02-18"],
    );
    ws.at(
        JANUARY,
        &["milestone", "replan", &moved, "--due", "2026-06-15"],
    );
    let d = ws.json(MARCH, &["dashboard", "--json"]);
    let ids = |key: &str| -> Vec<String> {
        let mut v: Vec<String> = d[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    let mut slipped = vec![late.clone(), done_late.clone(), moved.clone()];
    slipped.sort();
    assert_eq!(ids("milestones_slipped"), slipped);
    assert_eq!(ids("milestones_due"), vec![soon]);
    let timeline = d["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 6);
    let m = timeline.iter().find(|m| m["id"] == moved.as_str()).unwrap();
    assert_eq!(
        (m["first_planned"].as_str(), m["planned"].as_str()),
        (Some("2026-05-01"), Some("2026-06-15"))
    );
    assert!(
        !timeline.iter().find(|m| m["id"] == far.as_str()).unwrap()["slipped"]
            .as_bool()
            .unwrap()
    );
}

#[test]
fn heat_map_counts_banding_and_moves() {
    let ws = fixture();
    ws.at(JANUARY, &["person", "add", "--name", "Ejer Ærø"]);
    let a = ws.at(
        JANUARY,
        &[
            "risk",
            "add",
            "--initiative",
            "1.1",
            "--title",
            "Leverandør går konkurs",
            "--likelihood",
            "2",
            "--impact",
            "5",
            "--residual-likelihood",
            "1",
            "--residual-impact",
            "4",
            "--owner",
            "Ejer Ærø",
        ],
    );
    let b = ws.at(
        JANUARY,
        &[
            "risk",
            "add",
            "--initiative",
            "1.2",
            "--title",
            "Forsinket udbud",
            "--likelihood",
            "4",
            "--impact",
            "4",
        ],
    );
    let _c = ws.at(
        JANUARY,
        &[
            "risk",
            "add",
            "--initiative",
            "1.2",
            "--title",
            "Manglende data",
            "--likelihood",
            "2",
            "--impact",
            "3",
        ],
    );
    // Inherent: (2,5), (4,4), (2,3).
    let map = ws.json(
        MARCH,
        &["risk", "heatmap", "--json", "--since", "2026-02-01"],
    );
    let count = |m: &Value, l: usize, i: usize| m["counts"][l - 1][i - 1].as_i64().unwrap();
    assert_eq!(
        (count(&map, 2, 5), count(&map, 4, 4), count(&map, 2, 3)),
        (1, 1, 1)
    );
    let total: i64 = (1..=5)
        .flat_map(|l| (1..=5).map(move |i| (l, i)))
        .map(|(l, i)| count(&map, l, i))
        .sum();
    assert_eq!(total, 3);
    // Residual: a at (1,4); the others have none, so they stay where they are.
    let res = ws.json(MARCH, &["risk", "heatmap", "--residual", "--json"]);
    assert_eq!(
        (count(&res, 1, 4), count(&res, 2, 5), count(&res, 4, 4)),
        (1, 0, 1)
    );
    // Default bands 4,12: 4 low, 6 medium, 16 high.
    let band = |code_title: &str| -> String {
        ws.json(MARCH, &["risk", "list", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["title"] == code_title)
            .unwrap()["band"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(band("Leverandør går konkurs"), "low", "residual 1x4 = 4");
    assert_eq!(band("Manglende data"), "medium", "2x3 = 6");
    assert_eq!(band("Forsinket udbud"), "high", "4x4 = 16");
    ws.at(MARCH, &["workspace", "set", "--risk-bands", "6,16"]);
    assert_eq!(band("Manglende data"), "low");
    assert_eq!(band("Forsinket udbud"), "medium");
    ws.refused(
        &["workspace", "set", "--risk-bands", "12,4"],
        "low < medium",
    );

    // A reassessment in February moves b; nothing else moved since 1 February.
    ws.at(
        "2026-02-15T09:00:00Z",
        &["risk", "assess", &b, "--likelihood", "5", "--impact", "4"],
    );
    let map = ws.json(
        MARCH,
        &["risk", "heatmap", "--json", "--since", "2026-02-01"],
    );
    assert_eq!((count(&map, 4, 4), count(&map, 5, 4)), (0, 1));
    let moved: Vec<String> = map["cells"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| {
            c["moved"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(moved, vec![b.clone()]);
    // The history keeps the earlier assessment.
    let list = ws.json(MARCH, &["risk", "list", "--json"]);
    let rb = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == b.as_str())
        .unwrap();
    assert_eq!(rb["history"][0]["inherent"], serde_json::json!([4, 4]));
    // The dashboard's top risks: by residual (else inherent) score.
    let d = ws.json(MARCH, &["dashboard", "--json"]);
    let top: Vec<&str> = d["top_risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        top,
        [
            "Forsinket udbud",
            "Manglende data",
            "Leverandør går konkurs"
        ]
    );
    // A closed risk leaves the map.
    ws.at(MARCH, &["risk", "state", &a, "closed"]);
    let res = ws.json(MARCH, &["risk", "heatmap", "--residual", "--json"]);
    assert_eq!(count(&res, 1, 4), 0);
}

#[test]
fn bad_scores_initiatives_and_dates_are_refused() {
    let ws = fixture();
    ws.refused(
        &[
            "risk",
            "add",
            "--initiative",
            "1.1",
            "--title",
            "X",
            "--likelihood",
            "6",
            "--impact",
            "2",
        ],
        "run from 1 to 5",
    );
    ws.refused(
        &[
            "risk",
            "add",
            "--initiative",
            "1.1",
            "--title",
            "X",
            "--likelihood",
            "2",
            "--impact",
            "2",
            "--residual-likelihood",
            "0",
            "--residual-impact",
            "1",
        ],
        "run from 1 to 5",
    );
    ws.refused(
        &[
            "risk",
            "add",
            "--initiative",
            "9.9",
            "--title",
            "X",
            "--likelihood",
            "2",
            "--impact",
            "2",
        ],
        "9.9",
    );
    ws.refused(
        &[
            "risk",
            "add",
            "--initiative",
            "1.1",
            "--title",
            "X",
            "--likelihood",
            "2",
            "--impact",
            "2",
            "--review",
            "2026-02-30",
        ],
        "2026-02-30",
    );
    let r = ws.at(
        MARCH,
        &[
            "risk",
            "add",
            "--initiative",
            "1.1",
            "--title",
            "X",
            "--likelihood",
            "2",
            "--impact",
            "2",
        ],
    );
    ws.refused(
        &["risk", "assess", &r, "--likelihood", "3", "--impact", "9"],
        "run from 1 to 5",
    );
    ws.refused(
        &[
            "milestone",
            "replan",
            "nothing-like-this",
            "--due",
            "2026-05-01",
        ],
        "nothing-like-this",
    );
}
