//! Votes through the real binary (test clock): a vote on an agenda item
//! with a declared interest, an absent member and an observer, the quorum,
//! a tie and the casting vote, the minutes naming who voted how; a written
//! resolution, provisional after its closing time, then final.

mod common;

use std::process::{Command, Output};

use common::Ws;
use serde_json::Value;

/// A steering group (chair Anne; members Bo, Carl, Dina; observer Olga) in
/// an open meeting with one item, Dina absent. Returns the meeting and item.
fn meeting(ws: &Ws) -> (String, String) {
    ws.committee("Styregruppe", "steering");
    for (name, role) in [
        ("Anne", "chair"),
        ("Bo", "member"),
        ("Carl", "member"),
        ("Dina", "member"),
        ("Olga", "observer"),
    ] {
        ws.member("Styregruppe", name, role);
    }
    let m = ws.meeting("Styregruppe", "Styregruppemøde", "2026-03-02T10:00", &[]);
    ws.ok(&["meeting", "state", &m, "open"]);
    let item = ws.id(&["agenda", "add", &m, "--title", "Budget 2026"]);
    for (name, status) in [
        ("Anne", "present"),
        ("Bo", "present"),
        ("Carl", "present"),
        ("Olga", "present"),
        ("Dina", "apologies"),
    ] {
        ws.ok(&["meeting", "attend", &m, "--name", name, "--status", status]);
    }
    (m, item)
}

#[test]
fn a_vote_on_an_agenda_item_with_quorum_interest_and_casting_vote() {
    let ws = Ws::empty("Kommunen");
    let (m, item) = meeting(&ws);
    ws.ok(&["committee", "set", "Styregruppe", "--quorum", "3"]);
    ws.refused(
        &["committee", "set", "Styregruppe", "--quorum", "-1"],
        "a quorum is between 0 and 1000",
    );
    let declared = ws.id(&[
        "interest",
        "declare",
        &item[..8],
        "--member",
        "Carl",
        "--note",
        "Ejer aktier i leverandøren",
    ]);
    let vote = ws.id(&[
        "vote",
        "add",
        &item[..8],
        "--proposal",
        "Budgettet godkendes",
    ]);
    let cast = |who: &str, choice: &str| {
        [
            "vote",
            "cast",
            vote.as_str(),
            "--member",
            who,
            "--choice",
            choice,
        ]
        .map(String::from)
    };
    ws.refused(&strs(&cast("Carl", "for")), "declared an interest");
    ws.refused(&strs(&cast("Dina", "for")), "not recorded as present");
    ws.refused(
        &strs(&cast("Olga", "for")),
        "is an observer and does not vote",
    );
    ws.refused(
        &strs(&cast("Anne", "maybe")),
        "use one of: for, against, abstain",
    );
    ws.ok(&strs(&cast("Anne", "for")));
    ws.ok(&strs(&cast("Bo", "against")));

    // Two of five count (Carl declared an interest, Dina is absent, Olga
    // observes): not quorate.
    let shown = ws.json(&["vote", "show", &vote[..8], "--json"]);
    assert_eq!(shown["result"], "open");
    assert_eq!(shown["count"]["counted"], 2);
    assert_eq!(shown["count"]["result"], "not_quorate");
    assert_eq!(ws.ok(&["vote", "close", &vote]).trim(), "not_quorate");
    ws.refused(&["vote", "close", &vote], "this vote is closed");
    ws.refused(&strs(&cast("Bo", "for")), "this vote is closed");

    // Quorum two: a tie rejects, unless the chair has the casting vote.
    ws.ok(&["committee", "set", "Styregruppe", "--quorum", "2"]);
    let tie = |ws: &Ws| {
        let v = ws.id(&["vote", "add", &item, "--proposal", "Budgettet godkendes"]);
        ws.ok(&["vote", "cast", &v, "--member", "Anne", "--choice", "for"]);
        ws.ok(&["vote", "cast", &v, "--member", "Bo", "--choice", "against"]);
        ws.ok(&["vote", "close", &v]).trim().to_string()
    };
    assert_eq!(tie(&ws), "rejected");
    ws.ok(&["committee", "set", "Styregruppe", "--casting-vote", "true"]);
    assert_eq!(tie(&ws), "adopted");
    let decisions = ws.json(&["decision", "list", "--json"]);
    assert_eq!(decisions.as_array().unwrap().len(), 1);
    assert_eq!(decisions[0]["text"], "Budgettet godkendes");

    let list = ws.json(&["vote", "list", "--json"]);
    let results: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["not_quorate", "rejected", "adopted"]);

    // The minutes name the declaration and who voted how.
    let md = ws.ok(&["export", "minutes", &m, "--format", "md"]);
    for line in [
        "- **Inhabilitet:** Carl (Ejer aktier i leverandøren)",
        "- **Afstemning:** Budgettet godkendes: ikke beslutningsdygtig (for: Anne; imod: Bo; undlod at stemme: ingen)",
        "- **Afstemning:** Budgettet godkendes: forkastet (for: Anne; imod: Bo; undlod at stemme: ingen)",
        "- **Afstemning:** Budgettet godkendes: vedtaget (for: Anne; imod: Bo; undlod at stemme: ingen); formandens stemme var afgørende",
        "- **Beslutning:** Budgettet godkendes (vedtaget)",
    ] {
        assert!(md.lines().any(|l| l == line), "{line:?} in:\n{md}");
    }
    // Declared again: the same declaration.
    let again = ws.id(&["interest", "declare", &item, "--member", "carl"]);
    assert_eq!(again, declared);
}

fn strs(a: &[String]) -> Vec<&str> {
    a.iter().map(String::as_str).collect()
}

/// `steerco args` on `ws` at `now` (the test clock), as the secretary.
fn at(ws: &Ws, now: &str, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(args)
        .env("STEERCO_WORKSPACE", &ws.path)
        .env("STEERCO_NOW", now)
        .env("STEERCO_USER", "Sekretær Test")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    out
}

fn ok_at(ws: &Ws, now: &str, args: &[&str]) -> String {
    let out = at(ws, now, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn show_at(ws: &Ws, now: &str, vote: &str) -> Value {
    serde_json::from_str(&ok_at(ws, now, &["vote", "show", vote, "--json"])).unwrap()
}

#[test]
fn a_written_resolution_is_provisional_after_its_closing_time_then_final() {
    let ws = Ws::empty("Kommunen");
    meeting(&ws);
    ws.refused(
        &[
            "vote",
            "add",
            "--committee",
            "Styregruppe",
            "--proposal",
            "Strategien vedtages",
            "--closes",
            "2026-02-28T12:00",
        ],
        "has passed",
    );
    let usage = ws.run(&["vote", "add", "--proposal", "Uden punkt"]);
    assert_eq!(usage.status.code(), Some(2), "no item and no committee");
    let vote = ws.id(&[
        "vote",
        "add",
        "--committee",
        "Styregruppe",
        "--proposal",
        "Strategien vedtages",
        "--closes",
        "2026-03-05T13:00",
    ]);
    let shown = ws.json(&["vote", "show", &vote, "--json"]);
    assert_eq!(
        shown["closes_at"], "2026-03-05T12:00:00Z",
        "13:00 in Copenhagen"
    );
    assert_eq!(shown["result"], "open");
    for (who, choice) in [("Anne", "for"), ("Bo", "against"), ("Bo", "for")] {
        ok_at(
            &ws,
            "2026-03-02T09:00:00Z",
            &["vote", "cast", &vote, "--member", who, "--choice", choice],
        );
    }
    // After the closing time: Carl's vote is refused, nothing changed.
    let late = at(
        &ws,
        "2026-03-05T12:00:01Z",
        &[
            "vote", "cast", &vote, "--member", "Carl", "--choice", "against",
        ],
    );
    assert_eq!(late.status.code(), Some(1));
    let err = String::from_utf8_lossy(&late.stderr);
    assert!(
        err.contains("closed at 2026-03-05 13:00 CET") && err.trim().lines().count() == 1,
        "{err}"
    );
    // Carl may have voted elsewhere and not synced: provisional.
    let shown = show_at(&ws, "2026-03-06T09:00:00Z", &vote);
    assert_eq!(shown["result"], "provisional");
    assert_eq!(shown["waiting_for"], serde_json::json!(["Carl", "Dina"]));
    assert_eq!(shown["count"]["result"], "adopted");
    let refused = at(&ws, "2026-03-06T09:00:00Z", &["vote", "close", &vote]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("provisional"));
    let text = ok_at(&ws, "2026-03-06T09:00:00Z", &["vote", "show", &vote]);
    assert!(text.starts_with("result: provisional\n"), "{text}");
    assert!(text.contains("waiting for: Carl, Dina"), "{text}");
    // After the grace period the result is final, and the close records it.
    let shown = show_at(&ws, "2026-03-12T12:00:00Z", &vote);
    assert_eq!(shown["result"], "adopted");
    assert_eq!(shown["closed"], false);
    assert_eq!(
        ok_at(&ws, "2026-03-12T12:00:00Z", &["vote", "close", &vote]).trim(),
        "adopted"
    );
    let shown = show_at(&ws, "2026-03-12T12:00:00Z", &vote);
    assert_eq!(shown["closed"], true);
    let decisions = ws.json(&["decision", "list", "--json"]);
    assert_eq!(decisions[0]["id"], shown["decision_id"]);
    assert_eq!(decisions[0]["date"], "2026-03-05");
    assert_eq!(decisions[0]["committee"], "Styregruppe");
}
