//! `steerco task | milestone | risk | topic` corrections as real processes:
//! tasks of their own (add, set, comment, show, delete, any state from any
//! state), actions from minutes (reassigned, never retitled once approved,
//! never deleted here), milestones, risks and topics corrected and deleted.
//! Every bad input is refused with one line and changes nothing.

mod common;

use common::Ws;
use serde_json::Value;

const A: &str = "Styregruppe A";
const B: &str = "Styregruppe B";

/// The demo (initiatives, milestones, risks) with two committees and a person.
fn workspace() -> Ws {
    let ws = Ws::new();
    ws.ok(&["init", "--demo"]);
    for name in [A, B] {
        ws.committee(name, "steering");
    }
    ws.ok(&["person", "add", "--name", "Bo Medlem"]);
    ws
}

fn task(ws: &Ws, id: &str) -> Value {
    ws.json(&["task", "show", id, "--json"])
}

/// `head` then `extra`: a command with some options.
fn with<'a>(head: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    head.iter().chain(extra).copied().collect()
}

/// The ids of the tasks of their own in `list` (the demo has actions too).
fn own(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .filter(|t| t["own"] == true)
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_task_of_its_own_is_added_corrected_commented_moved_and_deleted() {
    let ws = workspace();
    let add = |extra: &[&'static str]| with(&["task", "add"], extra);
    ws.refused(
        &add(&["--title", "Skriv udkast"]),
        "needs a committee or an initiative",
    );
    ws.refused(
        &add(&["--title", "  ", "--committee", A]),
        "a task needs a title",
    );
    ws.refused(
        &add(&["--title", "X", "--committee", "Ingen komité"]),
        "no committee \"Ingen komité\"",
    );
    ws.refused(
        &add(&["--title", "X", "--committee", A, "--owner", "Ingen"]),
        "no person named \"Ingen\"",
    );
    ws.refused(
        &add(&["--title", "X", "--committee", A, "--due", "2026-13-01"]),
        "not a date",
    );
    ws.refused(
        &add(&["--title", "X", "--initiative", "8.1"]),
        "0 committees cover initiative 8.1",
    );

    // With only an initiative: the board of the one committee covering it.
    ws.ok(&["committee", "cover", A, "--initiative", "8.1"]);
    let by_initiative = ws.id(&add(&["--title", "Tjek data", "--initiative", "8.1"]));
    let t = task(&ws, &by_initiative)["task"].clone();
    assert_eq!(t["committee"], A);
    assert_eq!(t["initiative"], "8.1");
    ws.ok(&["committee", "cover", B, "--initiative", "8.1"]);
    ws.refused(
        &add(&["--title", "X", "--initiative", "8.1"]),
        "2 committees cover initiative 8.1",
    );

    let id = ws.id(&add(&[
        "--title",
        "Skriv udkast",
        "--owner",
        "Bo Medlem",
        "--due",
        "2026-02-01",
        "--committee",
        B,
        "--description",
        "Til næste møde",
    ]));
    let t = task(&ws, &id);
    assert_eq!(t["task"]["text"], "Skriv udkast");
    assert_eq!(t["task"]["own"], true);
    assert_eq!(t["task"]["meeting"], Value::Null);
    assert_eq!(t["task"]["meeting_id"], Value::Null);
    assert_eq!(t["task"]["description"], "Til næste møde");
    assert_eq!(t["task"]["state"], "todo");
    assert_eq!(t["task"]["overdue"], true, "due before 2026-03-01");
    assert_eq!(t["comments"], Value::Array(vec![]));
    let json = ws.json(&add(&["--title", "Med JSON", "--committee", A, "--json"]));
    assert_eq!(json["text"], "Med JSON");
    assert_eq!(json["owner"], Value::Null);
    assert_eq!(json["due_date"], Value::Null);

    // On the board, in the lists and on the dashboard.
    let list = ws.json(&["task", "list", "--json"]);
    assert_eq!(own(&list).len(), 3, "{list}");
    let overdue = ws.json(&["task", "list", "--overdue", "--json"]);
    assert_eq!(own(&overdue), vec![id.clone()]);
    let board = ws.json(&["task", "list", "--committee", B, "--json"]);
    assert_eq!(board.as_array().unwrap().len(), 1);
    let dash = ws.json(&["dashboard", "--json"]);
    assert!(
        dash["overdue_actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == id.as_str()),
        "an overdue own task is on the dashboard"
    );
    let hits = ws.json(&["search", "udkast", "--json"]);
    assert_eq!(hits[0]["id"], id.as_str());
    assert_eq!(hits[0]["committee"], B);
    assert!(ws.ok(&["search", "udkast"]).contains("Skriv udkast"));

    // Corrections.
    let set = |extra: &[&'static str]| with(&["task", "set", &id], extra);
    ws.refused(&set(&[]), "nothing to change");
    ws.refused(&set(&["--title", ""]), "a task needs a title");
    ws.refused(&set(&["--owner", "Ingen"]), "no person named");
    ws.refused(&set(&["--due", "1. marts"]), "not a date");
    ws.refused(&["task", "set", "ffffffff", "--title", "X"], "no task");
    ws.ok(&set(&[
        "--title",
        "Skriv budgetudkast",
        "--due",
        "2026-04-01",
        "--description",
        "Med bilag",
    ]));
    let t = task(&ws, &id)["task"].clone();
    assert_eq!(t["text"], "Skriv budgetudkast");
    assert_eq!(t["due_date"], "2026-04-01");
    assert_eq!(t["overdue"], false);
    assert_eq!(t["description"], "Med bilag");
    ws.ok(&set(&["--owner", "", "--due", "", "--description", ""]));
    let t = task(&ws, &id)["task"].clone();
    assert_eq!(
        t["owner"],
        Value::Null,
        "a task of its own may have no owner"
    );
    assert_eq!(t["due_date"], Value::Null);
    assert_eq!(t["description"], Value::Null);
    ws.ok(&[
        "task",
        "assign",
        &id,
        "--owner",
        "Bo Medlem",
        "--due",
        "2026-05-01",
    ]);
    let t = task(&ws, &id)["task"].clone();
    assert_eq!(t["owner"], "Bo Medlem");
    assert_eq!(t["due_date"], "2026-05-01");
    ws.refused(&["task", "assign", &id], "nothing to change");

    // Any state in one step.
    for state in ["done", "doing", "todo", "blocked", "done", "todo"] {
        ws.ok(&["task", "state", &id, state]);
        assert_eq!(task(&ws, &id)["task"]["state"], state);
    }
    ws.refused(&["task", "state", &id, "finished"], "not a task state");

    // The comment thread, in order, by the acting person.
    ws.refused(
        &["task", "comment", &id, "--text", " "],
        "a comment needs a text",
    );
    ws.refused(&["task", "comment", "ffffffff", "--text", "x"], "no task");
    ws.id(&["task", "comment", &id, "--text", "Jeg tager den"]);
    ws.id(&["task", "comment", &id, "--text", "Bilag 3 mangler"]);
    let t = task(&ws, &id);
    let comments = t["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[0]["text"], "Jeg tager den");
    assert_eq!(comments[1]["text"], "Bilag 3 mangler");
    assert_eq!(comments[0]["author"], "Sekretær Test");
    assert_eq!(t["task"]["comments"], 2);
    let shown = ws.ok(&["task", "show", &id]);
    assert!(shown.contains("a task of its own"), "{shown}");
    assert!(shown.contains("Sekretær Test: Bilag 3 mangler"), "{shown}");
    ws.refused(&["task", "show", "ffffffff"], "no task");

    // Delete: a tombstone, gone from the board.
    ws.refused(&["task", "delete", "ffffffff"], "no task");
    ws.ok(&["task", "delete", &id]);
    ws.refused(&["task", "show", &id], "no task");
    let list = ws.json(&["task", "list", "--json"]);
    assert_eq!(own(&list).len(), 2);
    assert!(!own(&list).contains(&id));
}

#[test]
fn an_action_from_approved_minutes_is_reassigned_but_not_retitled_or_deleted() {
    let ws = workspace();
    let m = &ws.id(&[
        "meeting",
        "add",
        "--committee",
        A,
        "--title",
        "Møde 1",
        "--at",
        "2026-02-10T10:00",
    ]);
    ws.ok(&["agenda", "add", m, "--title", "Økonomi"]);
    for state in ["open", "in-progress"] {
        ws.ok(&["meeting", "state", m, state]);
    }
    let action = ws.id(&[
        "outcome",
        "add",
        m,
        "--item",
        "2",
        "--action",
        "Lav budget",
        "--owner",
        "Bo Medlem",
        "--due",
        "2026-03-15",
    ]);
    // While the minutes can change, the title is the minutes' text.
    ws.ok(&["task", "set", &action, "--title", "Lav budget 2027"]);
    for state in ["closed", "approved"] {
        ws.ok(&["meeting", "state", m, state]);
    }
    let t = task(&ws, &action)["task"].clone();
    assert_eq!(t["own"], false);
    assert_eq!(t["meeting_id"], m.as_str());
    assert_eq!(t["text"], "Lav budget 2027");

    ws.refused(
        &["task", "set", &action, "--title", "Andet"],
        "minutes are approved",
    );
    ws.refused(
        &["task", "set", &action, "--owner", ""],
        "an action needs an owner",
    );
    ws.refused(
        &["task", "set", &action, "--due", ""],
        "an action needs a due date",
    );
    ws.refused(
        &["task", "delete", &action],
        "action from a meeting's minutes",
    );
    // The same title is no change to the minutes.
    ws.ok(&[
        "task",
        "set",
        &action,
        "--title",
        "Lav budget 2027",
        "--description",
        "Noter",
    ]);

    ws.ok(&["person", "add", "--name", "Anne Formand"]);
    ws.ok(&[
        "task",
        "set",
        &action,
        "--owner",
        "Anne Formand",
        "--due",
        "2026-04-30",
    ]);
    let t = task(&ws, &action)["task"].clone();
    assert_eq!(t["owner"], "Anne Formand");
    assert_eq!(t["due_date"], "2026-04-30");
    assert_eq!(t["description"], "Noter");
    // The minutes keep the owner and due date as decided, and stay approved.
    let show = ws.json(&["meeting", "show", m, "--json"]);
    let outcome = &show["items"][1]["outcomes"][0];
    assert_eq!(outcome["owner"], "Bo Medlem");
    assert_eq!(outcome["due_date"], "2026-03-15");
    assert_eq!(show["state"], "approved");
    assert!(ws
        .json(&["conflict", "list", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn milestones_are_retitled_replanned_and_deleted() {
    let ws = workspace();
    let list = ws.json(&["milestone", "list", "--initiative", "8.1", "--json"]);
    let id = list[0]["id"].as_str().unwrap().to_string();
    let count = list.as_array().unwrap().len();
    ws.refused(&["milestone", "set", &id], "nothing to change");
    ws.refused(
        &["milestone", "set", &id, "--title", " "],
        "a milestone needs a title",
    );
    ws.refused(
        &["milestone", "set", &id, "--due", "2026-02-30"],
        "not a date",
    );
    ws.refused(
        &["milestone", "set", "ffffffff", "--title", "X"],
        "no milestone",
    );
    ws.ok(&["milestone", "set", &id, "--title", "Ny titel"]);
    ws.ok(&[
        "milestone",
        "set",
        &id,
        "--title",
        "Ny titel 2",
        "--due",
        "2027-01-15",
    ]);
    let list = ws.json(&["milestone", "list", "--initiative", "8.1", "--json"]);
    let m = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id.as_str())
        .unwrap();
    assert_eq!(m["title"], "Ny titel 2");
    assert_eq!(m["planned_date"], "2027-01-15");

    ws.refused(&["milestone", "delete", "ffffffff"], "no milestone");
    ws.ok(&["milestone", "delete", &id]);
    let list = ws.json(&["milestone", "list", "--initiative", "8.1", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), count - 1);
    ws.refused(&["milestone", "delete", &id], "no milestone");
}

#[test]
fn risks_are_corrected_and_optional_fields_cleared() {
    let ws = workspace();
    let list = ws.json(&["risk", "list", "--json"]);
    let id = list[0]["id"].as_str().unwrap().to_string();
    let set = |extra: &[&'static str]| with(&["risk", "set", &id], extra);
    ws.refused(&set(&[]), "nothing to change");
    ws.refused(&set(&["--title", ""]), "a risk needs a title");
    ws.refused(&set(&["--owner", "Ingen"]), "no person named");
    ws.refused(&set(&["--review", "snart"]), "not a date");
    ws.refused(&["risk", "set", "ffffffff", "--title", "X"], "no risk");
    ws.ok(&set(&[
        "--title",
        "Leverandør forsinket",
        "--cause",
        "Få leverandører",
        "--consequence",
        "Senere drift",
        "--mitigation",
        "To leverandører",
        "--owner",
        "Bo Medlem",
        "--review",
        "2026-06-01",
    ]));
    let risk = |ws: &Ws| {
        ws.json(&["risk", "list", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id.as_str())
            .unwrap()
            .clone()
    };
    let r = risk(&ws);
    assert_eq!(r["title"], "Leverandør forsinket");
    assert_eq!(r["cause"], "Få leverandører");
    assert_eq!(r["consequence"], "Senere drift");
    assert_eq!(r["mitigation"], "To leverandører");
    assert_eq!(r["owner"], "Bo Medlem");
    assert_eq!(r["review_date"], "2026-06-01");
    ws.ok(&set(&["--mitigation", "", "--owner", "", "--review", ""]));
    let r = risk(&ws);
    assert_eq!(r["mitigation"], Value::Null);
    assert_eq!(r["owner"], Value::Null);
    assert_eq!(r["review_date"], Value::Null);
    assert_eq!(r["cause"], "Få leverandører", "left as it was");
}

#[test]
fn topics_are_corrected_and_deleted() {
    let ws = workspace();
    ws.ok(&[
        "topic",
        "add",
        "--committee",
        A,
        "--title",
        "Datastrategi",
        "--note",
        "Fra Bo",
    ]);
    let topics = ws.json(&["topic", "list", "--json"]);
    let id = topics[0]["id"].as_str().unwrap().to_string();
    ws.refused(&["topic", "set", &id], "nothing to change");
    ws.refused(
        &["topic", "set", &id, "--title", " "],
        "a topic needs a title",
    );
    ws.refused(&["topic", "set", "ffffffff", "--title", "X"], "no topic");
    ws.ok(&["topic", "set", &id, "--title", "Datastrategi 2027"]);
    let t = &ws.json(&["topic", "list", "--json"])[0];
    assert_eq!(t["title"], "Datastrategi 2027");
    assert_eq!(t["note"], "Fra Bo", "left as it was");
    ws.ok(&["topic", "set", &id, "--note", ""]);
    assert_eq!(
        ws.json(&["topic", "list", "--json"])[0]["note"],
        Value::Null
    );
    ws.refused(&["topic", "delete", "ffffffff"], "no topic");
    ws.ok(&["topic", "delete", &id]);
    assert!(ws
        .json(&["topic", "list", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
    ws.refused(&["topic", "delete", &id], "no topic");
}
