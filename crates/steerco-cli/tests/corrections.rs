//! Correcting the record from the command line (#15), as real processes:
//! agenda items, outcomes, members, people, committees and meetings; their
//! deletes and undos; approved minutes and cancelled meetings refusing
//! edits. Every refusal: exit 1, one line, the workspace unchanged.

mod common;

use common::Ws;
use serde_json::Value;

/// A committee with Anne as chair, an initiative, and a meeting in progress
/// with one item ("Økonomi") holding a decision and an action for Anne.
struct Setup {
    ws: Ws,
    meeting: String,
    item: String,
    decision: String,
    action: String,
}

fn setup() -> Setup {
    let ws = Ws::empty("Test");
    ws.committee("Styregruppen", "steering");
    ws.member("Styregruppen", "Anne", "chair");
    ws.ok(&["person", "add", "--name", "Bo"]);
    ws.ok(&[
        "initiative",
        "add",
        "--code",
        "8.1",
        "--title",
        "Digital post",
    ]);
    let meeting = ws.meeting(
        "Styregruppen",
        "Styregruppemøde",
        "2026-03-10T09:00",
        &["--duration", "90", "--location", "Lokale 1"],
    );
    let item = ws.id(&["agenda", "add", &meeting, "--title", "Økonomi"]);
    ws.ok(&["meeting", "state", &meeting, "open"]);
    ws.ok(&["meeting", "state", &meeting, "in-progress"]);
    let decision = ws.id(&[
        "outcome",
        "add",
        &meeting,
        "--item",
        &item,
        "--decision",
        "Budgettet godkemdes",
    ]);
    let action = ws.id(&[
        "outcome",
        "add",
        &meeting,
        "--item",
        &item,
        "--action",
        "Send budgettet",
        "--owner",
        "Anne",
        "--due",
        "2026-04-01",
    ]);
    Setup {
        ws,
        meeting,
        item,
        decision,
        action,
    }
}

fn show(ws: &Ws, meeting: &str) -> Value {
    ws.json(&["meeting", "show", meeting, "--json"])
}

/// The agenda item `id` of a meeting's view, if live.
fn item<'a>(view: &'a Value, id: &str) -> Option<&'a Value> {
    view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
}

fn outcome<'a>(view: &'a Value, id: &str) -> Option<&'a Value> {
    view["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["outcomes"].as_array().unwrap())
        .find(|o| o["id"] == id)
}

#[test]
fn agenda_items_are_corrected_deleted_and_restored() {
    let s = setup();
    let ws = &s.ws;
    let short = &s.item[..8];
    ws.ok(&[
        "agenda",
        "set",
        short,
        "--title",
        "Økonomi og budget",
        "--presenter",
        "Anne",
        "--duration",
        "20",
        "--initiative",
        "8.1",
        "--closed",
        "true",
    ]);
    let view = show(ws, &s.meeting);
    let it = item(&view, &s.item).unwrap();
    assert_eq!(it["title"], "Økonomi og budget");
    assert_eq!(it["presenter"], "Anne");
    assert_eq!(it["duration_min"], 20);
    assert_eq!(it["initiative"], "8.1");
    assert_eq!(it["closed"], true);
    ws.ok(&[
        "agenda",
        "set",
        short,
        "--presenter",
        "",
        "--initiative",
        "",
        "--closed",
        "false",
    ]);
    let view = show(ws, &s.meeting);
    let it = item(&view, &s.item).unwrap();
    assert!(it["presenter"].is_null() && it["initiative"].is_null());
    assert_eq!(it["closed"], false);

    ws.refused(&["agenda", "set", short, "--title", " "], "needs a title");
    ws.refused(
        &["agenda", "set", short, "--duration", "5000"],
        "between 0 and 1440",
    );
    ws.refused(&["agenda", "set", short], "nothing to change");
    ws.refused(
        &["agenda", "set", short, "--initiative", "9.9"],
        "no initiative",
    );
    ws.refused(
        &["agenda", "set", "abcdef12", "--title", "X"],
        "no agenda item",
    );

    // A delete takes the item's outcomes with it; the undo brings all back.
    assert_eq!(ws.id(&["agenda", "delete", short]), s.item);
    let view = show(ws, &s.meeting);
    assert!(item(&view, &s.item).is_none());
    assert_eq!(view["items"].as_array().unwrap().len(), 1, "the follow-up");
    let tasks = ws.json(&["task", "list", "--json"]);
    assert!(tasks.as_array().unwrap().is_empty(), "the action went too");
    ws.refused(&["agenda", "delete", short], "no agenda item");
    ws.ok(&["agenda", "restore", short]);
    let view = show(ws, &s.meeting);
    assert!(outcome(&view, &s.decision).is_some() && outcome(&view, &s.action).is_some());
    ws.refused(&["agenda", "restore", short], "not deleted");
    ws.refused(&["agenda", "restore", "abcdef12"], "no agenda item");
}

#[test]
fn outcomes_are_corrected_deleted_and_restored() {
    let s = setup();
    let ws = &s.ws;
    // A typo in a decision is corrected, not superseded.
    ws.ok(&[
        "outcome",
        "set",
        &s.decision,
        "--text",
        "Budgettet godkendes",
    ]);
    // An action's owner and due date as decided; the task follows.
    ws.ok(&[
        "outcome",
        "set",
        &s.action,
        "--owner",
        "Bo",
        "--due",
        "2026-04-15",
    ]);
    let view = show(ws, &s.meeting);
    assert_eq!(
        outcome(&view, &s.decision).unwrap()["text"],
        "Budgettet godkendes"
    );
    let a = outcome(&view, &s.action).unwrap();
    assert_eq!(
        (a["owner"].as_str(), a["due_date"].as_str()),
        (Some("Bo"), Some("2026-04-15"))
    );
    let task = &ws.json(&["task", "list", "--json"])[0];
    assert_eq!(
        (task["owner"].as_str(), task["due_date"].as_str()),
        (Some("Bo"), Some("2026-04-15"))
    );

    ws.refused(
        &["outcome", "set", &s.decision, "--owner", "Bo"],
        "only an action",
    );
    ws.refused(
        &["outcome", "set", &s.action, "--owner", "Carl"],
        "no person named",
    );
    ws.refused(
        &["outcome", "set", &s.action, "--due", "15-04-2026"],
        "not a date",
    );
    ws.refused(&["outcome", "set", &s.action, "--text", ""], "needs a text");
    ws.refused(&["outcome", "set", &s.action], "nothing to change");
    ws.refused(&["outcome", "set", "abcdef12", "--text", "x"], "no outcome");

    assert_eq!(ws.id(&["outcome", "delete", &s.decision]), s.decision);
    assert!(outcome(&show(ws, &s.meeting), &s.decision).is_none());
    assert!(ws
        .json(&["decision", "list", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
    ws.refused(&["outcome", "delete", &s.decision], "no outcome");
    ws.ok(&["outcome", "restore", &s.decision[..8]]);
    assert!(outcome(&show(ws, &s.meeting), &s.decision).is_some());
    ws.refused(&["outcome", "restore", &s.decision], "not deleted");
}

#[test]
fn approved_minutes_refuse_every_correction_until_reopened() {
    let s = setup();
    let ws = &s.ws;
    let deleted = ws.id(&["outcome", "delete", &s.action]);
    ws.ok(&["meeting", "state", &s.meeting, "closed"]);
    // Closed: the agenda is fixed, the minutes can still be corrected.
    ws.refused(
        &["agenda", "set", &s.item, "--title", "X"],
        "the agenda cannot be changed while the meeting is in closed",
    );
    ws.ok(&["meeting", "state", &s.meeting, "approved"]);
    let approved = "the minutes are approved and read-only";
    ws.refused(&["agenda", "set", &s.item, "--title", "X"], approved);
    ws.refused(&["agenda", "delete", &s.item], approved);
    ws.refused(&["outcome", "set", &s.decision, "--text", "X"], approved);
    ws.refused(&["outcome", "delete", &s.decision], approved);
    ws.refused(&["outcome", "restore", &deleted], approved);
    ws.refused(
        &[
            "meeting",
            "attend",
            &s.meeting,
            "--name",
            "Anne",
            "--status",
            "apologies",
        ],
        approved,
    );
    ws.refused(
        &["meeting", "set", &s.meeting, "--title", "X"],
        "to change the meeting's details",
    );
    ws.ok(&[
        "meeting",
        "state",
        &s.meeting,
        "reopened",
        "--reason",
        "Tastefejl",
    ]);
    ws.ok(&[
        "outcome",
        "set",
        &s.decision,
        "--text",
        "Budgettet godkendes",
    ]);
    ws.ok(&["outcome", "restore", &deleted]);
}

#[test]
fn members_and_people_are_corrected() {
    let s = setup();
    let ws = &s.ws;
    let members = |ws: &Ws| -> Vec<(String, String)> {
        ws.json(&["committee", "list", "--json"])[0]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["name"].as_str().unwrap().to_string(),
                    m["role"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let m = |role: &str| {
        vec![
            "member",
            "set",
            "--committee",
            "Styregruppen",
            "--name",
            "Anne",
            "--role",
        ]
        .into_iter()
        .chain([role])
        .map(str::to_string)
        .collect::<Vec<_>>()
    };
    let args = m("secretary");
    ws.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(members(ws), [("Anne".to_string(), "secretary".to_string())]);
    let args = m("boss");
    ws.refused(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        "not a role",
    );
    let bo = ["--committee", "Styregruppen", "--name", "Bo"];
    ws.refused(
        &[&["member", "set"][..], &bo, &["--role", "member"]].concat(),
        "no member \"Bo\"",
    );
    ws.refused(
        &[&["member", "delete"][..], &bo].concat(),
        "no member \"Bo\"",
    );
    ws.refused(
        &["member", "delete", "--committee", "Intet", "--name", "Anne"],
        "no committee",
    );
    let anne = ["--committee", "Styregruppen", "--name", "Anne"];
    let id = ws.id(&[&["member", "delete"][..], &anne].concat());
    assert!(members(ws).is_empty());
    ws.refused(&[&["member", "delete"][..], &anne].concat(), "no member");
    ws.ok(&[&["member", "restore"][..], &anne].concat());
    assert_eq!(members(ws).len(), 1);
    ws.refused(&[&["member", "restore"][..], &anne].concat(), "not deleted");
    // Removed and added again: the same row.
    ws.ok(&[&["member", "delete"][..], &anne].concat());
    let again = ws.id(&[&["member", "add"][..], &anne, &["--role", "chair"]].concat());
    assert_eq!(again, id);

    let email = |ws: &Ws| {
        let people = ws.json(&["person", "list", "--json"]);
        people
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "Anne")
            .unwrap()["email"]
            .clone()
    };
    ws.ok(&["person", "set", "Anne", "--email", "anne@example.dk"]);
    assert_eq!(email(ws), "anne@example.dk");
    ws.refused(
        &["person", "set", "Anne", "--email", "anne@example"],
        "not an e-mail address",
    );
    ws.refused(
        &["person", "set", "Carl", "--email", "c@example.dk"],
        "no person",
    );
    ws.ok(&["person", "set", "Anne", "--email", ""]);
    assert!(email(ws).is_null());
}

#[test]
fn a_committee_without_meetings_is_deleted_and_restored() {
    let s = setup();
    let ws = &s.ws;
    ws.refused(&["committee", "delete", "Styregruppen"], "has 1 meeting(s)");
    ws.committee("Arbejdsgruppen", "working");
    ws.member("Arbejdsgruppen", "Bo", "member");
    ws.ok(&[
        "committee",
        "cover",
        "Arbejdsgruppen",
        "--initiative",
        "8.1",
    ]);
    ws.ok(&["committee", "delete", "Arbejdsgruppen"]);
    let names = |ws: &Ws| -> Vec<String> {
        ws.json(&["committee", "list", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(ws), ["Styregruppen"]);
    ws.refused(&["committee", "delete", "Arbejdsgruppen"], "no committee");
    ws.ok(&["committee", "restore", "Arbejdsgruppen"]);
    let all = ws.json(&["committee", "list", "--json"]);
    let back = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Arbejdsgruppen")
        .unwrap();
    assert_eq!(back["members"].as_array().unwrap().len(), 1);
    assert_eq!(back["initiatives"], serde_json::json!(["8.1"]));
    ws.refused(&["committee", "restore", "Arbejdsgruppen"], "not deleted");
}

#[test]
fn meetings_are_rescheduled_and_cancelled() {
    let s = setup();
    let ws = &s.ws;
    let m = ws.meeting("Styregruppen", "Næste møde", "2026-04-10T09:00", &[]);
    ws.ok(&[
        "meeting",
        "set",
        &m,
        "--title",
        "Aprilmødet",
        "--at",
        "2026-04-14T13:00",
        "--duration",
        "60",
        "--location",
        "Rådhuset",
    ]);
    let view = show(ws, &m);
    assert_eq!(view["title"], "Aprilmødet");
    assert_eq!(view["starts_at"], "2026-04-14T11:00:00Z");
    assert_eq!(
        (view["duration_min"].as_i64(), view["location"].as_str()),
        (Some(60), Some("Rådhuset"))
    );
    assert_eq!(view["cancelled"], false);
    ws.ok(&["meeting", "set", &m, "--location", ""]);
    assert!(show(ws, &m)["location"].is_null());
    ws.refused(
        &["meeting", "set", &m, "--duration", "0"],
        "between 1 minute and 24 hours",
    );
    ws.refused(
        &["meeting", "set", &m, "--at", "i morgen"],
        "not a date and time",
    );
    ws.refused(&["meeting", "set", &m, "--title", ""], "needs a title");
    ws.refused(&["meeting", "set", &m], "nothing to change");

    // Only a meeting not yet held is cancelled; the one in progress is not.
    ws.refused(&["meeting", "cancel", &s.meeting], "not yet held");
    ws.ok(&["meeting", "cancel", &m, "--reason", "Formanden er syg"]);
    let view = show(ws, &m);
    assert_eq!(view["cancelled"], true);
    let last = view["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["from_state"].as_str(), last["to_state"].as_str()),
        (Some("draft"), Some("cancelled"))
    );
    assert_eq!(last["reason"], "Formanden er syg");
    let list = ws.json(&["meeting", "list", "--json"]);
    let summary = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == m.as_str())
        .unwrap();
    assert_eq!(summary["cancelled"], true);
    assert!(summary.get("location").is_some());
    assert!(ws.ok(&["meeting", "show", &m]).contains("cancelled"));
    // Kept as it was: no moves, no edits.
    let cancelled = "the meeting is cancelled";
    ws.refused(&["meeting", "state", &m, "open"], cancelled);
    ws.refused(&["meeting", "cancel", &m], cancelled);
    ws.refused(&["meeting", "set", &m, "--title", "X"], cancelled);
    ws.refused(&["agenda", "add", &m, "--title", "X"], cancelled);
    ws.refused(
        &[
            "meeting", "attend", &m, "--name", "Anne", "--status", "present",
        ],
        cancelled,
    );
    ws.refused(&["meeting", "cancel", "abcdef12"], "no meeting");
}
