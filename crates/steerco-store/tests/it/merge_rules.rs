//! One case per merge rule (ARCHITECTURE.md, "Sync"), at the level of
//! `Store::merge`: two replicas (SQLite files) start from the same base, each
//! runs its script, then they exchange changes both ways until nothing moves.
//! Both must end with the same rows and conflicts; the expectation shows them
//! as text. `UPDATE_EXPECT=1 cargo test -p steerco-store --test it merge_rules`
//! rewrites the expectations after a deliberate change of a rule.
//!
//! A script is one command a line:
//!   insert|update TABLE ID field=value ...   (value: "json string", null, 12, word)
//!   delete TABLE ID
//!   restore TABLE ID                         (undo a delete)
//!   move MEETING ITEM TO                     (an agenda item to a 1-based place)
//!   state MEETING MOVE [REASON]              (a meeting state move)
//!   clock +Ns | +Nm                          (this replica's clock runs ahead)
//!   sync                                     (both replicas exchange, then go on)
//! Replica b's clock is 30 s ahead of a's, so of two concurrent edits b's is
//! the later one; every command takes a second.

use std::collections::BTreeSet;

use chrono::Duration;
use expect_test::{expect, Expect};
use serde_json::Value as Json;
use steerco_domain::Value;
use steerco_store::merge::{ChangeRecord, MergeReport};
use steerco_store::{order_key, schema, NewWorkspace, RowChange, Store};

use super::{temp, ws_path, TestClock};

const BASE_TIME: &str = "2026-03-10T08:00:00Z";

/// The base both replicas start from: a person, an initiative with a
/// three-line description, a committee and its meeting in progress with
/// three agenda items and a note in the minutes.
fn base() -> Vec<RowChange> {
    let k1 = order_key::between(None, None);
    let k2 = order_key::between(Some(&k1), None);
    let k3 = order_key::between(Some(&k2), None);
    let item = |id: &str, key: &str, title: &str| {
        RowChange::insert("agenda_item", id)
            .set("meeting_id", "m1")
            .set("position", key)
            .set("title", title)
            .set("closed", false)
            .set("kind", "item")
    };
    vec![
        RowChange::insert("person", "p1")
            .set("name", "Tester")
            .set("sample", false),
        RowChange::insert("initiative", "i1")
            .set("code", "8.1")
            .set("code_verified", true)
            .set("title", "Digital post")
            .set("title_verified", true)
            .set("title_en_verified", false)
            .set("description", "Mål\nPlan\nBudget"),
        RowChange::insert("committee", "c1")
            .set("name", "Styregruppe")
            .set("kind", "steering")
            .set("sample", false),
        RowChange::insert("meeting", "m1")
            .set("committee_id", "c1")
            .set("title", "Styregruppemøde")
            .set("starts_at", "2026-03-10T09:00:00Z")
            .set("duration_min", 120)
            .set("state", "in_progress")
            .set("sample", false),
        item("a1", &k1, "Status"),
        item("a2", &k2, "Økonomi"),
        item("a3", &k3, "Eventuelt"),
        RowChange::insert("outcome", "o1")
            .set("meeting_id", "m1")
            .set("agenda_item_id", "a1")
            .set("kind", "note")
            .set("text", "Status taget til efterretning")
            .set("recorded_at", "2026-03-10T09:10:00Z"),
    ]
}

struct Replica {
    name: &'static str,
    store: Store,
    clock: TestClock,
}

/// Two replicas of one workspace: `a` made it and wrote the base, `b`
/// joined from `a`'s changes. Returns them and the last stamp of the base.
fn replicas(dir: &std::path::Path) -> (Replica, Replica, String) {
    let clock_a = TestClock::at(BASE_TIME);
    let mut a = Store::create(
        &ws_path(dir, "a"),
        NewWorkspace {
            id: Some("w1".into()),
            name: "Test".into(),
            time_zone: "Europe/Copenhagen".into(),
        },
        Box::new(clock_a.clone()),
    )
    .unwrap();
    a.write(base()).unwrap();
    a.set_me("Tester").unwrap();
    let base_end = a.all_changes().unwrap().last().unwrap().hlc.clone();
    let a = Replica {
        name: "a",
        store: a,
        clock: clock_a,
    };
    let b = joined(dir, "b", &a);
    a.clock.set("2026-03-10T08:01:00Z");
    b.clock.set("2026-03-10T08:01:30Z");
    (a, b, base_end)
}

/// A new replica joined from `from`'s changes.
fn joined(dir: &std::path::Path, name: &'static str, from: &Replica) -> Replica {
    let clock = TestClock::at(BASE_TIME);
    let mut store = Store::create_for_join(&ws_path(dir, name), Box::new(clock.clone())).unwrap();
    store.merge(&from.store.all_changes().unwrap()).unwrap();
    store.set_me("Tester").unwrap();
    Replica { name, store, clock }
}

/// A replica's own changes after the base (what its segments carry).
fn own_changes(r: &Replica, base_end: &str) -> Vec<ChangeRecord> {
    let me = r.store.replica().to_string();
    r.store
        .all_changes()
        .unwrap()
        .into_iter()
        .filter(|c| c.hlc.as_str() > base_end && c.hlc.ends_with(&me))
        .collect()
}

/// The words of a script line, a quoted value (JSON string syntax) as one.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for ch in line.chars() {
        if quoted {
            cur.push(ch);
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                quoted = false;
            }
        } else if ch == '"' {
            quoted = true;
            cur.push(ch);
        } else if ch.is_whitespace() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(ch);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn value(text: &str) -> Value {
    if text.starts_with('"') {
        Value::Text(serde_json::from_str(text).unwrap())
    } else if text == "null" {
        Value::Null
    } else if let Ok(n) = text.parse::<i64>() {
        Value::Int(n)
    } else {
        Value::Text(text.to_string())
    }
}

fn row_change(verb: &str, args: &[String]) -> RowChange {
    let def = schema::table(&args[0]).unwrap_or_else(|| panic!("no table {}", args[0]));
    let id = args[1].clone();
    let mut change = match verb {
        "insert" => RowChange::insert(def.name, id),
        "update" => RowChange::update(def.name, id),
        "restore" => RowChange::restore(def.name, id),
        _ => RowChange::delete(def.name, id),
    };
    for pair in &args[2..] {
        let (name, v) = pair.split_once('=').unwrap();
        let field = def
            .field(name)
            .unwrap_or_else(|| panic!("{} has no field {name}", def.name));
        change = change.set(field.name, value(v));
    }
    change
}

/// Run one line of a script on a replica.
fn run(r: &mut Replica, line: &str) {
    let w = words(line);
    let Some((verb, args)) = w.split_first() else {
        return;
    };
    match verb.as_str() {
        "insert" | "update" | "delete" | "restore" => {
            r.store.write(vec![row_change(verb, args)]).unwrap();
        }
        "move" => {
            let to: usize = args[2].parse().unwrap();
            r.store.move_agenda_item(&args[0], &args[1], to).unwrap();
        }
        "state" => {
            let reason = args.get(2).map(String::as_str);
            r.store
                .set_meeting_state(&args[0], &args[1], reason)
                .unwrap();
        }
        "clock" => {
            let n: i64 = args[0][1..args[0].len() - 1].parse().unwrap();
            let ahead = match args[0].chars().last() {
                Some('m') => Duration::minutes(n),
                _ => Duration::seconds(n),
            };
            r.clock.advance(ahead.num_milliseconds());
        }
        other => panic!("unknown command {other:?} in {line:?}"),
    }
    r.clock.advance(1000);
}

/// Each sends all it has to the other, until a round applies nothing (a
/// conflict found in one round is a change the next one carries).
fn exchange(a: &mut Replica, b: &mut Replica, reports: &mut Vec<(&'static str, MergeReport)>) {
    for _ in 0..6 {
        let to_b: Vec<ChangeRecord> = a.store.all_changes().unwrap();
        let into_b = b.store.merge(&to_b).unwrap();
        let to_a: Vec<ChangeRecord> = b.store.all_changes().unwrap();
        let into_a = a.store.merge(&to_a).unwrap();
        let moved = into_a.applied + into_b.applied;
        reports.push((a.name, into_a));
        reports.push((b.name, into_b));
        if moved == 0 {
            return;
        }
    }
    panic!("no quiet round after 6 exchanges");
}

fn shown(field: &str, v: &Json) -> String {
    match (field, v) {
        // A hash says nothing to a reader; its version does.
        ("minutes_hash", Json::String(s)) => format!("{:?}", format!("{}…", &s[..11])),
        _ => v.to_string(),
    }
}

/// The rows any change after the base touched, as they are now, then the
/// agendas of those meetings in order, then every conflict.
fn render(r: &Replica, base_end: &str) -> String {
    let s = &r.store;
    let mut touched = BTreeSet::new();
    for c in s.all_changes().unwrap() {
        if c.hlc.as_str() > base_end && c.tbl != "conflict" {
            let order = schema::TABLES.iter().position(|t| t.name == c.tbl).unwrap();
            touched.insert((order, c.tbl, c.row_id));
        }
    }
    let mut out = Vec::new();
    let mut events = Vec::new();
    let mut meetings = BTreeSet::new();
    for (_, table, id) in &touched {
        let def = schema::table(table).unwrap();
        let mut fields = Vec::new();
        for f in def.fields {
            if matches!(f.name, "sample" | "minutes") {
                continue;
            }
            match s.field_value(table, id, f.name).unwrap() {
                None | Some(Json::Null) => {}
                Some(v) => fields.push(format!("{}={}", f.name, shown(f.name, &v))),
            }
        }
        let deleted = s.field_value(table, id, "deleted").unwrap() == Some(Json::from(1));
        let fields = fields.join(" ");
        match table.as_str() {
            // Its rows have new random ids: shown by content.
            "meeting_event" => events.push(format!("{table}: {fields}")),
            _ => out.push(format!(
                "{table} {id}{}: {fields}",
                if deleted { " (deleted)" } else { "" }
            )),
        }
        match table.as_str() {
            "meeting" => {
                meetings.insert(id.clone());
            }
            "agenda_item" => {
                if let Some(Json::String(m)) = s.field_value(table, id, "meeting_id").unwrap() {
                    meetings.insert(m);
                }
            }
            _ => {}
        }
    }
    events.sort();
    out.extend(events);
    for m in meetings {
        let titles: Vec<String> = s
            .meeting(&m)
            .unwrap()
            .items
            .into_iter()
            .map(|i| i.title)
            .collect();
        out.push(format!("agenda of {m}: {}", titles.join(" | ")));
    }
    let mut conflicts: Vec<String> = s
        .conflicts()
        .unwrap()
        .into_iter()
        .map(|c| {
            let state = match (&c.resolved, &c.resolution) {
                (false, _) => "open".to_string(),
                (true, Some(how)) => format!("resolved: {how}"),
                (true, None) => "resolved".to_string(),
            };
            let mut line = if c.field == "minutes" {
                format!(
                    "conflict {} {} minutes changed after approval ({state})",
                    c.table, c.row_id
                )
            } else {
                let v =
                    |v: &Option<String>| v.as_deref().map_or("null".into(), |v| format!("{v:?}"));
                format!(
                    "conflict {} {} {}: {} won over {} ({state})",
                    c.table,
                    c.row_id,
                    c.field,
                    v(&c.winner_value),
                    v(&c.loser_value)
                )
            };
            let text = |v: &Option<String>| v.as_deref().map_or("-".into(), |v| format!("{v:?}"));
            for ch in &c.minutes_changes {
                line.push_str(&format!(
                    "\n  {} {} {}: {} -> {}",
                    ch.part,
                    text(&ch.name),
                    ch.field,
                    text(&ch.approved),
                    text(&ch.now)
                ));
            }
            line
        })
        .collect();
    conflicts.sort();
    if conflicts.is_empty() {
        conflicts.push("no conflicts".into());
    }
    out.extend(conflicts);
    out.join("\n") + "\n"
}

/// What the merges reported that a reader should see: a replica whose clock
/// runs ahead (named a or b, as replica ids are random).
fn flags(a: &Replica, b: &Replica, reports: &[(&'static str, MergeReport)]) -> String {
    let mut out = BTreeSet::new();
    for (to, report) in reports {
        for (replica, seconds) in &report.clock_ahead {
            let from = [a, b]
                .into_iter()
                .find(|r| r.store.replica().to_string() == *replica)
                .map_or("?", |r| r.name);
            out.insert(format!(
                "{to} was told {from}'s clock is {seconds} s ahead\n"
            ));
        }
    }
    out.into_iter().collect()
}

/// Phases of a script: the lines between `sync`s.
fn phases(script: &str) -> Vec<Vec<&str>> {
    let mut out = vec![Vec::new()];
    for line in script.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line == "sync" {
            out.push(Vec::new());
        } else {
            out.last_mut().unwrap().push(line);
        }
    }
    out
}

/// Run `ops_a` on replica a and `ops_b` on replica b from the base, phase by
/// phase (a `sync` line ends one: both exchange before the next), exchange
/// at the end, and compare what both then hold with `expect`.
fn check(ops_a: &str, ops_b: &str, expect: Expect) {
    let dir = temp();
    let (mut a, mut b, base_end) = replicas(dir.path());
    let (pa, pb) = (phases(ops_a), phases(ops_b));
    let mut reports = Vec::new();
    for i in 0..pa.len().max(pb.len()) {
        if i > 0 {
            a.clock.advance(60_000);
            b.clock.advance(60_000);
        }
        for line in pa.get(i).into_iter().flatten() {
            run(&mut a, line);
        }
        for line in pb.get(i).into_iter().flatten() {
            run(&mut b, line);
        }
        exchange(&mut a, &mut b, &mut reports);
    }
    let (ra, rb) = (render(&a, &base_end), render(&b, &base_end));
    assert_eq!(ra, rb, "the replicas did not converge");
    expect.assert_eq(&(flags(&a, &b, &reports) + &ra));
}

#[test]
fn last_writer_wins_per_field() {
    // Concurrent edits of two fields of one row both stay; an edit made on
    // top of another (after a sync) simply wins.
    check(
        r#"
        update initiative i1 title="Digital post 2.0"
        "#,
        r#"
        update initiative i1 lead="Bo"
        sync
        update initiative i1 title="Digital Post"
        "#,
        expect![[r#"
            initiative i1: code="8.1" code_verified=1 title="Digital Post" title_verified=1 title_en_verified=0 description="Mål\nPlan\nBudget" lead="Bo"
            no conflicts
        "#]],
    );
}

#[test]
fn a_concurrent_edit_is_kept_as_a_conflict() {
    // Both changed the title from the same version: the later stamp (b's)
    // wins everywhere, a's value is kept to review.
    check(
        r#"update initiative i1 title="Digital post A""#,
        r#"update initiative i1 title="Digital post B""#,
        expect![[r#"
            initiative i1: code="8.1" code_verified=1 title="Digital post B" title_verified=1 title_en_verified=0 description="Mål\nPlan\nBudget"
            conflict initiative i1 title: "Digital post B" won over "Digital post A" (open)
        "#]],
    );
}

#[test]
fn long_texts_merge_three_way_by_line() {
    check(
        r#"update initiative i1 description="Mål for 2027\nPlan\nBudget""#,
        r#"update initiative i1 description="Mål\nPlan\nBudget: 4 mio. kr.""#,
        expect![[r#"
            initiative i1: code="8.1" code_verified=1 title="Digital post" title_verified=1 title_en_verified=0 description="Mål for 2027\nPlan\nBudget: 4 mio. kr."
            no conflicts
        "#]],
    );
}

#[test]
fn overlapping_text_edits_fall_back_to_the_field_rule() {
    check(
        r#"update initiative i1 description="Mål\nPlan A\nBudget""#,
        r#"update initiative i1 description="Mål\nPlan B\nBudget""#,
        expect![[r#"
            initiative i1: code="8.1" code_verified=1 title="Digital post" title_verified=1 title_en_verified=0 description="Mål\nPlan B\nBudget"
            conflict initiative i1 description: "Mål\nPlan B\nBudget" won over "Mål\nPlan A\nBudget" (open)
        "#]],
    );
}

#[test]
fn append_only_rows_are_a_union() {
    check(
        r#"
        insert status_update s1 initiative_id=i1 dimension=overall rag=green date=2026-03-01 recorded_at=2026-03-10T08:01:00.000Z sample=0
        "#,
        r#"
        insert status_update s2 initiative_id=i1 dimension=overall rag=red date=2026-02-15 recorded_at=2026-03-10T08:01:30.000Z sample=0
        "#,
        expect![[r#"
            status_update s1: initiative_id="i1" dimension="overall" rag="green" date="2026-03-01" recorded_at="2026-03-10T08:01:00.000Z"
            status_update s2: initiative_id="i1" dimension="overall" rag="red" date="2026-02-15" recorded_at="2026-03-10T08:01:30.000Z"
            no conflicts
        "#]],
    );
}

#[test]
fn concurrent_moves_in_an_ordered_list_merge_per_item() {
    // a moves Status to the end, b moves Eventuelt to the top: each item
    // keeps its own move, without a conflict, in one order everywhere.
    check(
        "move m1 1 3",
        "move m1 3 1",
        expect![[r#"
            agenda_item a1: meeting_id="m1" position="w" title="Status" closed=0 kind="item"
            agenda_item a3: meeting_id="m1" position="F" title="Eventuelt" closed=0 kind="item"
            agenda of m1: Eventuelt | Økonomi | Status
            no conflicts
        "#]],
    );
}

#[test]
fn delete_against_edit_keeps_the_edit_on_the_tombstone() {
    check(
        "delete agenda_item a2",
        r#"update agenda_item a2 title="Økonomi og budget""#,
        expect![[r#"
            agenda_item a2 (deleted): meeting_id="m1" position="k" title="Økonomi og budget" closed=0 kind="item"
            agenda of m1: Status | Eventuelt
            conflict agenda_item a2 deleted: "deleted" won over "{\"title\":\"Økonomi og budget\"}" (open)
            conflict agenda_item a2 title: "deleted" won over "Økonomi og budget" (open)
        "#]],
    );
}

#[test]
fn a_restore_brings_the_tombstone_back_on_every_replica() {
    // a deletes, both sync, a undoes the delete: b takes the restore as the
    // later change of `deleted` (it replaced the delete b has), not as an
    // edit of a tombstone, so there is no conflict.
    check(
        "delete initiative i1\nsync\nrestore initiative i1",
        "",
        expect![[r#"
            initiative i1: code="8.1" code_verified=1 title="Digital post" title_verified=1 title_en_verified=0 description="Mål\nPlan\nBudget"
            no conflicts
        "#]],
    );
}

#[test]
fn a_restore_leaves_a_delete_against_edit_conflict_to_review() {
    // b edited what a deleted; a then undoes its delete: the initiative is
    // live with b's edit, and the conflict stays for a person to review.
    check(
        "delete initiative i1\nsync\nrestore initiative i1",
        r#"update initiative i1 lead="Bo""#,
        expect![[r#"
            initiative i1: code="8.1" code_verified=1 title="Digital post" title_verified=1 title_en_verified=0 description="Mål\nPlan\nBudget" lead="Bo"
            conflict initiative i1 deleted: "deleted" won over "{\"lead\":\"Bo\"}" (open)
            conflict initiative i1 lead: "deleted" won over "Bo" (open)
        "#]],
    );
}

#[test]
fn a_clock_far_ahead_is_named_and_later_edits_still_win() {
    // b's clock runs 10 minutes ahead: a hears of it, and a's edit made
    // after the sync still outranks b's, though a's wall clock is behind.
    check(
        r#"
        sync
        update initiative i1 title="Digital post (a, later)"
        "#,
        r#"
        clock +10m
        update initiative i1 title="Digital post (b, clock ahead)"
        "#,
        expect![[r#"
            a was told b's clock is 631 s ahead
            initiative i1: code="8.1" code_verified=1 title="Digital post (a, later)" title_verified=1 title_en_verified=0 description="Mål\nPlan\nBudget"
            no conflicts
        "#]],
    );
}

#[test]
fn approved_minutes_changed_by_sync_are_applied_and_flagged() {
    // a closes and approves the meeting while b, not knowing, corrects the
    // note: the correction is applied on both, and a conflict says what
    // differs from the approved minutes.
    check(
        r#"
        state m1 closed
        state m1 approved
        "#,
        r#"update outcome o1 text="Status taget til efterretning med en rettelse""#,
        expect![[r#"
            meeting m1: committee_id="c1" title="Styregruppemøde" starts_at="2026-03-10T09:00:00Z" duration_min=120 state="approved" approved_by="p1" approved_at="2026-03-10T08:01:01.000Z" minutes_hash="v2:551973c5…" cancelled=0
            outcome o1: meeting_id="m1" agenda_item_id="a1" kind="note" text="Status taget til efterretning med en rettelse" recorded_at="2026-03-10T09:10:00Z"
            meeting_event: meeting_id="m1" from_state="closed" to_state="approved" author_id="p1" recorded_at="2026-03-10T08:01:01.000Z"
            meeting_event: meeting_id="m1" from_state="in_progress" to_state="closed" author_id="p1" recorded_at="2026-03-10T08:01:00.000Z"
            agenda of m1: Status | Økonomi | Eventuelt
            conflict meeting m1 minutes changed after approval (open)
              note "Status taget til efterretning" text: "Status taget til efterretning" -> "Status taget til efterretning med en rettelse"
        "#]],
    );
}

#[test]
fn changes_for_a_row_not_here_yet_wait_and_apply_when_it_comes() {
    // a adds an initiative, b edits it, and c hears from b first (files
    // arrive in any order): b's edit waits in pending_change and applies
    // with the merge that brings a's row.
    let dir = temp();
    let (mut a, mut b, base_end) = replicas(dir.path());
    let mut c = joined(dir.path(), "c", &a);
    c.clock.set("2026-03-10T08:02:00Z");
    run(
        &mut a,
        r#"insert initiative i2 code="8.2" code_verified=1 title="Ny" title_verified=1 title_en_verified=0"#,
    );
    b.store.merge(&own_changes(&a, &base_end)).unwrap();
    run(&mut b, r#"update initiative i2 title="Ny dataplatform""#);
    let early = c.store.merge(&own_changes(&b, &base_end)).unwrap();
    let waiting = c.store.pending_changes().unwrap().len();
    let late = c.store.merge(&own_changes(&a, &base_end)).unwrap();
    let after = c.store.pending_changes().unwrap().len();
    let mut reports = Vec::new();
    exchange(&mut a, &mut b, &mut reports);
    exchange(&mut a, &mut c, &mut reports);
    let (ra, rb, rc) = (
        render(&a, &base_end),
        render(&b, &base_end),
        render(&c, &base_end),
    );
    assert_eq!(ra, rb, "a and b did not converge");
    assert_eq!(ra, rc, "a and c did not converge");
    expect![[r#"
        b's edit first: applied 0 pending 1; waiting 1
        a's insert next: applied 2 pending 0; waiting 0
        initiative i2: code="8.2" code_verified=1 title="Ny dataplatform" title_verified=1 title_en_verified=0
        no conflicts
    "#]]
    .assert_eq(&format!(
        "b's edit first: applied {} pending {}; waiting {waiting}\n\
         a's insert next: applied {} pending {}; waiting {after}\n{rc}",
        early.applied, early.pending, late.applied, late.pending
    ));
}

/// A merge keeps an update's fields and writes them to the file with the
/// row's next ones (`row_cache.rs`): a batch merged at once must leave what
/// merging it change by change leaves (rows, agendas, conflicts, the search
/// index and the log), through every path that writes or reads rows on the
/// way: repeated edits of one field, concurrent edits and long texts
/// (conflict records written mid-merge), delete against edit, a restore,
/// moves, minutes in a meeting, an outcome's kind changed on its own. (A
/// batch where a change waits for a row that arrives later in it is retried
/// at the end of the merge, not at once: that one differs, as it did before.)
#[test]
fn a_batch_merges_as_its_changes_one_at_a_time() {
    let dir = temp();
    let (mut a, mut b, base_end) = replicas(dir.path());
    // Two more replicas of the base, to take both a's and b's changes.
    let mut at_once = joined(dir.path(), "c", &a);
    let mut one_by_one = joined(dir.path(), "d", &a);
    for line in [
        r#"update initiative i1 title="Digital post 2""#,
        r#"update initiative i1 lead="Ann""#,
        r#"update initiative i1 title="Digital post 3""#,
        r#"update initiative i1 description="Mål for 2027\nPlan\nBudget""#,
        r#"update initiative i1 title="Digital post 4" lead="Ane""#,
        r#"update outcome o1 text="Status godkendt""#,
        r#"update outcome o1 text="Status godkendt med bemærkninger""#,
        r#"insert outcome o2 meeting_id="m1" agenda_item_id="a2" kind="note" text="Budget vedtaget" recorded_at="2026-03-10T09:20:00Z""#,
        r#"update outcome o2 text="Budget vedtaget, 4 mio. kr.""#,
        r#"update outcome o2 agenda_item_id="a3""#,
        r#"update outcome o2 kind="decision" decision_status="adopted""#,
        "move m1 a3 1",
        r#"update agenda_item a2 title="Økonomi og budget""#,
        "delete agenda_item a2",
        "restore agenda_item a2",
        r#"update agenda_item a2 title="Økonomi 2027""#,
        "delete agenda_item a1",
        r#"update initiative i1 title="Digital post 5""#,
    ] {
        run(&mut a, line);
    }
    for line in [
        r#"update initiative i1 title="Digital Post B""#,
        r#"update initiative i1 description="Mål\nPlan\nBudget: 4 mio. kr.""#,
        r#"update outcome o1 text="Status noteret""#,
        r#"update agenda_item a1 title="Status og fremdrift""#,
        r#"update agenda_item a1 closed=1"#,
    ] {
        run(&mut b, line);
    }
    // b's edits just before a's delete of a1: the delete meets b's edits of
    // a1 kept and not yet written (a conflict record writes every kept row).
    let from_a = own_changes(&a, &base_end);
    let delete = from_a
        .iter()
        .position(|c| c.op == "delete" && c.row_id == "a1")
        .unwrap();
    let mut batch = from_a[..delete].to_vec();
    batch.extend(own_changes(&b, &base_end));
    batch.extend_from_slice(&from_a[delete..]);
    let report = at_once.store.merge(&batch).unwrap();
    assert_eq!(report.applied, batch.len());
    assert!(report.conflicts >= 4, "{report:?}");
    let mut conflicts = 0;
    for change in &batch {
        let one = one_by_one
            .store
            .merge(std::slice::from_ref(change))
            .unwrap();
        conflicts += one.conflicts;
    }
    assert_eq!(conflicts, report.conflicts);
    let shown = render(&at_once, &base_end);
    assert_eq!(shown, render(&one_by_one, &base_end));
    assert!(
        shown
            .contains(r#"conflict agenda_item a1 title: "deleted" won over "Status og fremdrift""#),
        "{shown}"
    );
    // The search index too (it copies a row's kind: migration 23).
    let found = |r: &Replica| {
        let hits: Vec<_> = ["status", "budget", "økonomi"]
            .iter()
            .map(|word| r.store.search(word, 20).unwrap())
            .collect();
        assert!(hits.iter().all(|h| !h.is_empty()));
        serde_json::to_string(&hits).unwrap()
    };
    assert_eq!(found(&at_once), found(&one_by_one));
    // Every change each holds, but the conflict records each wrote itself.
    let logged = |r: &Replica| -> Vec<ChangeRecord> {
        let me = r.store.replica().to_string();
        let mut all = r.store.all_changes().unwrap();
        all.retain(|c| !c.hlc.ends_with(&me));
        all
    };
    assert_eq!(logged(&at_once), logged(&one_by_one));
}
