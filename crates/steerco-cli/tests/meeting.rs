//! A secretary runs a meeting from the command line, as real processes:
//! committees, agenda, minutes, the state machine, decisions and tasks.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const NOW: &str = "2026-03-01T09:00:00Z";

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

    fn run(&self, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
            .args(args)
            .env("STEERCO_WORKSPACE", &self.path)
            .env("STEERCO_NOW", NOW)
            .env("STEERCO_USER", "Sekretær Test")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
        out
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// A refusal: exit 1, one line on stderr, and the export unchanged.
    fn refused(&self, args: &[&str], says: &str) {
        let before = self.ok(&["export", "json"]);
        let out = self.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        // (Not assert_eq: the whole export would fill the screen.)
        assert!(
            self.ok(&["export", "json"]) == before,
            "{args:?} changed data"
        );
    }
}

fn titles(ws: &Ws, meeting: &str) -> Vec<String> {
    ws.json(&["agenda", "list", meeting, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_meeting_from_agenda_to_approved_minutes() {
    let ws = Ws::new();
    ws.ok(&["init", "--demo"]);
    ws.ok(&[
        "committee",
        "add",
        "--name",
        "Porteføljestyregruppen",
        "--kind",
        "portfolio",
    ]);
    ws.ok(&[
        "committee",
        "add",
        "--name",
        "Arbejdsgruppe Data",
        "--kind",
        "working",
        "--parent",
        "Porteføljestyregruppen",
    ]);
    ws.refused(
        &["committee", "add", "--name", "X", "--kind", "advisory"],
        "not a committee kind",
    );
    ws.ok(&[
        "member",
        "add",
        "--committee",
        "Arbejdsgruppe Data",
        "--name",
        "Anne Formand",
        "--role",
        "chair",
    ]);
    ws.ok(&[
        "member",
        "add",
        "--committee",
        "Arbejdsgruppe Data",
        "--name",
        "Bo Medlem",
        "--role",
        "member",
    ]);
    ws.ok(&[
        "committee",
        "set",
        "Arbejdsgruppe Data",
        "--mandate",
        "Forbereder beslutninger om data.",
    ]);
    ws.refused(
        &[
            "committee",
            "set",
            "Porteføljestyregruppen",
            "--parent",
            "Arbejdsgruppe Data",
        ],
        "below it",
    );
    let committees = ws.json(&["committee", "list", "--json"]);
    let wg = committees
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "working")
        .unwrap();
    assert_eq!(wg["parent"], "Porteføljestyregruppen");
    assert_eq!(wg["mandate"], "Forbereder beslutninger om data.");
    assert_eq!(wg["members"][0]["role"], "chair");

    let m = ws.ok(&[
        "meeting",
        "add",
        "--committee",
        "Arbejdsgruppe Data",
        "--title",
        "Møde 1",
        "--at",
        "2026-03-02T10:00",
        "--duration",
        "60",
    ]);
    let show = ws.json(&["meeting", "show", &m, "--json"]);
    assert_eq!(show["state"], "draft");
    assert_eq!(
        show["starts_at"], "2026-03-02T09:00:00Z",
        "10:00 in Copenhagen"
    );
    assert_eq!(show["items"][0]["kind"], "follow_up");

    ws.ok(&[
        "agenda",
        "add",
        &m,
        "--title",
        "Status på datadeling",
        "--initiative",
        "8.1",
        "--duration",
        "30",
    ]);
    ws.ok(&[
        "agenda",
        "add",
        &m,
        "--title",
        "Udbud (fortroligt)",
        "--closed",
        "--duration",
        "20",
    ]);
    ws.ok(&[
        "agenda",
        "add",
        &m,
        "--title",
        "Eventuelt",
        "--duration",
        "20",
    ]);
    let agenda = ws.ok(&["agenda", "list", &m]);
    assert!(
        agenda.contains("warning: the agenda plans 70 min"),
        "{agenda}"
    );
    // Move "Eventuelt" (item 4) to place 2.
    ws.ok(&["agenda", "move", &m, "4", "--to", "2"]);
    assert_eq!(
        titles(&ws, &m),
        [
            "Opfølgning på handlinger fra tidligere møder",
            "Eventuelt",
            "Status på datadeling",
            "Udbud (fortroligt)"
        ]
    );

    // Illegal moves change nothing.
    ws.refused(
        &["outcome", "add", &m, "--item", "3", "--note", "x"],
        "in draft",
    );
    ws.refused(
        &["meeting", "state", &m, "approved"],
        "cannot move to approved",
    );
    ws.ok(&["meeting", "state", &m, "open"]);
    ws.refused(
        &["outcome", "add", &m, "--item", "9", "--note", "x"],
        "no agenda item",
    );
    let out = ws.run(&[
        "outcome",
        "add",
        &m,
        "--item",
        "3",
        "--action",
        "Lav plan",
        "--due",
        "2026-03-20",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs an owner"));
    ws.refused(
        &[
            "outcome",
            "add",
            &m,
            "--item",
            "3",
            "--action",
            "Lav plan",
            "--owner",
            "Ukendt Person",
            "--due",
            "2026-03-20",
        ],
        "no person named",
    );

    ws.ok(&["meeting", "state", &m, "in-progress"]);
    ws.ok(&[
        "outcome",
        "add",
        &m,
        "--item",
        "3",
        "--note",
        "Gennemgang af status.",
    ]);
    ws.ok(&[
        "outcome",
        "add",
        &m,
        "--item",
        "3",
        "--decision",
        "Datadeling prioriteres i 2026.",
    ]);
    let task = ws.ok(&[
        "outcome",
        "add",
        &m,
        "--item",
        "3",
        "--action",
        "Udarbejd plan for datadeling",
        "--owner",
        "Bo Medlem",
        "--due",
        "2026-02-20",
    ]);
    ws.ok(&["meeting", "state", &m, "closed"]);
    // Minutes can still be finished after the meeting.
    ws.ok(&["outcome", "add", &m, "--item", "2", "--note", "Intet."]);
    ws.ok(&["meeting", "state", &m, "approved"]);
    let show = ws.json(&["meeting", "show", &m, "--json"]);
    assert_eq!(show["state"], "approved");
    assert_eq!(show["approved_by"], "Sekretær Test");
    let hash = show["minutes_hash"].as_str().unwrap();
    assert!(hash.starts_with("v2:") && hash.len() == 3 + 64, "{hash}");
    ws.refused(
        &["outcome", "add", &m, "--item", "3", "--note", "for sent"],
        "approved and read-only",
    );
    ws.refused(&["meeting", "state", &m, "reopened"], "needs a reason");
    ws.ok(&[
        "meeting",
        "state",
        &m,
        "reopened",
        "--reason",
        "Rettelse af referat",
    ]);
    let show = ws.json(&["meeting", "show", &m, "--json"]);
    assert_eq!(show["state"], "in_progress");
    let last = show["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["to_state"].as_str(), last["reason"].as_str()),
        (Some("reopened"), Some("Rettelse af referat"))
    );

    // The decision register and the task list.
    let decisions = ws.json(&["decision", "list", "--json"]);
    assert_eq!(decisions[0]["text"], "Datadeling prioriteres i 2026.");
    assert_eq!(decisions[0]["committee"], "Arbejdsgruppe Data");
    assert_eq!(decisions[0]["initiative"], "8.1");
    let tasks = ws.json(&[
        "task",
        "list",
        "--json",
        "--committee",
        "Arbejdsgruppe Data",
    ]);
    assert_eq!(tasks.as_array().unwrap().len(), 1);
    assert_eq!(tasks[0]["owner"], "Bo Medlem");
    assert_eq!(
        tasks[0]["overdue"], true,
        "due 2026-02-20, today 2026-03-01"
    );
    assert_eq!(
        // On its own board: the demo's sample actions are overdue too.
        ws.json(&[
            "task",
            "list",
            "--json",
            "--overdue",
            "--committee",
            "Arbejdsgruppe Data",
        ])
        .as_array()
        .unwrap()
        .len(),
        1
    );

    // The next meeting's follow-up item lists the open action, until it is done.
    let m2 = ws.ok(&[
        "meeting",
        "add",
        "--committee",
        "Arbejdsgruppe Data",
        "--title",
        "Møde 2",
        "--at",
        "2026-04-02T10:00",
    ]);
    let next = ws.json(&["meeting", "show", &m2, "--json"]);
    assert_eq!(next["follow_up"][0]["text"], "Udarbejd plan for datadeling");
    let shown = ws.ok(&["meeting", "show", &m2]);
    assert!(
        shown.contains("open action: Udarbejd plan for datadeling"),
        "{shown}"
    );
    ws.refused(&["task", "state", &task, "finished"], "not a task state");
    ws.ok(&["task", "state", &task, "done"]);
    let next = ws.json(&["meeting", "show", &m2, "--json"]);
    assert!(next["follow_up"].as_array().unwrap().is_empty());
    assert_eq!(
        // On its own board: the demo's sample actions are overdue too.
        ws.json(&[
            "task",
            "list",
            "--json",
            "--overdue",
            "--committee",
            "Arbejdsgruppe Data",
        ])
        .as_array()
        .unwrap()
        .len(),
        0
    );
}

#[test]
fn search_finds_danish_words_by_prefix_and_attendance_is_kept() {
    let ws = Ws::new();
    ws.ok(&["init", "--demo"]);
    ws.ok(&[
        "committee",
        "add",
        "--name",
        "Styregruppen",
        "--kind",
        "steering",
    ]);
    ws.ok(&[
        "member",
        "add",
        "--committee",
        "Styregruppen",
        "--name",
        "Åse Ærø",
        "--role",
        "chair",
    ]);
    let m = ws.ok(&[
        "meeting",
        "add",
        "--committee",
        "Styregruppen",
        "--title",
        "Kvartalsmøde",
        "--at",
        "2026-03-02T10:00",
    ]);
    // Members are invited; attendance is recorded per person.
    let show = ws.json(&["meeting", "show", &m, "--json"]);
    assert_eq!(show["attendance"][0]["name"], "Åse Ærø");
    assert_eq!(show["attendance"][0]["status"], "invited");
    ws.ok(&[
        "meeting",
        "attend",
        &m,
        "--name",
        "Åse Ærø",
        "--status",
        "present",
    ]);
    ws.ok(&[
        "meeting",
        "attend",
        &m,
        "--name",
        "Gæst Østergård",
        "--status",
        "apologies",
    ]);
    ws.refused(
        &["meeting", "attend", &m, "--name", "X", "--status", "late"],
        "not an attendance",
    );
    let show = ws.json(&["meeting", "show", &m, "--json"]);
    let statuses: Vec<(String, String)> = show["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().into(),
                a["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("Åse Ærø".into(), "present".into()),
            ("Gæst Østergård".into(), "apologies".into())
        ]
    );

    ws.ok(&["agenda", "add", &m, "--title", "Årsrapport for økonomien"]);
    ws.ok(&["meeting", "state", &m, "open"]);
    ws.ok(&[
        "outcome",
        "add",
        &m,
        "--item",
        "2",
        "--decision",
        "Beslutningen om udbuddet er udskudt til næste år.",
    ]);
    ws.ok(&[
        "outcome",
        "add",
        &m,
        "--item",
        "2",
        "--note",
        "Økonomien følges på hvert møde; særlig fokus på større udgifter.",
    ]);
    let kinds = |q: &str| -> Vec<String> {
        ws.json(&["search", q, "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["kind"].as_str().unwrap().to_string())
            .collect()
    };
    // A prefix finds longer forms; case is ignored; æ, ø, å are letters.
    assert_eq!(kinds("beslut"), ["decision"]);
    assert_eq!(kinds("BESLUTNINGEN"), ["decision"]);
    assert_eq!(kinds("økonomi").len(), 2, "the agenda item and the note");
    assert_eq!(kinds("årsrap"), ["agenda"]);
    assert_eq!(kinds("større udgift"), ["note"]);
    assert!(kinds("oekonomi").is_empty());
    assert!(kinds("arsrapport").is_empty(), "å is not a");
    // Search syntax in the input is text, never an error.
    assert!(kinds("\"udbud* OR NEAR(").len() <= 1);
    let table = ws.ok(&["search", "udbuddet"]);
    assert!(table.contains("Beslutningen om udbuddet"), "{table}");
}

#[test]
fn backlog_topics_previous_agendas_and_decision_statuses() {
    let ws = Ws::new();
    ws.ok(&["init", "--demo"]);
    ws.ok(&[
        "committee",
        "add",
        "--name",
        "Styregruppen",
        "--kind",
        "steering",
    ]);
    let m1 = ws.ok(&[
        "meeting",
        "add",
        "--committee",
        "Styregruppen",
        "--title",
        "Januar",
        "--at",
        "2026-01-10T10:00",
    ]);
    ws.ok(&[
        "agenda",
        "add",
        &m1,
        "--title",
        "Porteføljestatus",
        "--duration",
        "30",
        "--presenter",
        "Sekretariatet",
    ]);
    ws.ok(&["agenda", "add", &m1, "--title", "Risici", "--closed"]);
    // The next meeting starts from the previous agenda (after its own follow-up item).
    let m2 = ws.ok(&[
        "meeting",
        "add",
        "--committee",
        "Styregruppen",
        "--title",
        "Februar",
        "--at",
        "2026-02-10T10:00",
        "--from-previous",
    ]);
    let items = ws.json(&["agenda", "list", &m2, "--json"]);
    let got: Vec<(&str, bool)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["title"].as_str().unwrap(), i["closed"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("Opfølgning på handlinger fra tidligere møder", false),
            ("Porteføljestatus", false),
            ("Risici", true)
        ]
    );
    ws.refused(
        &[
            "meeting",
            "add",
            "--committee",
            "Styregruppen",
            "--title",
            "Før",
            "--at",
            "2025-01-01T10:00",
            "--from-previous",
        ],
        "no earlier meeting",
    );

    // A topic from the backlog goes on an agenda and leaves the backlog.
    let topic = ws.ok(&[
        "topic",
        "add",
        "--committee",
        "Styregruppen",
        "--title",
        "Ny governance-model",
    ]);
    let listed = ws.json(&["topic", "list", "--json"]);
    assert_eq!(listed[0]["title"], "Ny governance-model");
    assert!(listed[0]["meeting_id"].is_null());
    ws.ok(&["topic", "schedule", &topic, "--meeting", &m2]);
    assert_eq!(
        ws.json(&["agenda", "list", &m2, "--json"])[3]["title"],
        "Ny governance-model"
    );
    assert_eq!(
        ws.json(&["topic", "list", "--json"])[0]["meeting_id"],
        m2.as_str()
    );
    ws.refused(
        &["topic", "schedule", &topic, "--meeting", &m2],
        "on an agenda already",
    );

    // Decision statuses; superseding marks the old one.
    ws.ok(&["meeting", "state", &m2, "open"]);
    let d1 = ws.ok(&[
        "outcome",
        "add",
        &m2,
        "--item",
        "2",
        "--decision",
        "Model A vælges.",
    ]);
    ws.ok(&["decision", "state", &d1, "proposed"]);
    assert_eq!(
        ws.json(&["decision", "list", "--json"])[0]["status"],
        "proposed"
    );
    ws.refused(
        &["decision", "state", &d1, "maybe"],
        "not a decision status",
    );
    ws.ok(&[
        "outcome",
        "add",
        &m2,
        "--item",
        "2",
        "--decision",
        "Model B vælges i stedet.",
        "--supersedes",
        &d1,
    ]);
    let register = ws.json(&["decision", "list", "--json"]);
    let status_of = |text: &str| {
        register
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["text"] == text)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status_of("Model A vælges."), "superseded");
    assert_eq!(status_of("Model B vælges i stedet."), "adopted");
}
