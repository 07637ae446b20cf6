//! `steerco focus-area ...` and `initiative set --focus-area` on a workspace
//! that starts empty, as a committee setting up its own portfolio would, and
//! the initiatives without a focus area in the dashboard and the report.

mod common;

use common::Ws;
use serde_json::Value;

/// What these tests read of a workspace.
trait FocusAreas {
    /// The focus area numbers in their order.
    fn order(&self) -> Vec<i64>;
    fn initiative(&self, code: &str) -> Value;
}

impl FocusAreas for Ws {
    fn order(&self) -> Vec<i64> {
        let list = self.json(&["focus-area", "list", "--json"]);
        let list = list.as_array().unwrap();
        for (k, f) in list.iter().enumerate() {
            assert_eq!(f["place"], k + 1, "{f}");
        }
        list.iter().map(|f| f["number"].as_i64().unwrap()).collect()
    }

    fn initiative(&self, code: &str) -> Value {
        self.json(&["initiative", "show", code, "--json"])
    }
}

#[test]
fn a_committee_adds_renames_renumbers_reorders_and_deletes_focus_areas() {
    let ws = Ws::empty("Styregruppen");
    assert!(ws.order().is_empty());
    let id = ws.ok(&["focus-area", "add", "--number", "1", "--name", "Data"]);
    assert_eq!(id.trim().len(), 36, "prints the new id: {id}");
    ws.ok(&["focus-area", "add", "--number", "2", "--name", "Borgere"]);
    let third = ws.json(&[
        "focus-area",
        "add",
        "--number",
        "3",
        "--name",
        "Drift",
        "--json",
    ]);
    assert_eq!(third["number"], 3);
    assert_eq!(third["initiatives"], 0);
    assert_eq!(ws.order(), [1, 2, 3]);

    ws.ok(&[
        "initiative",
        "add",
        "--code",
        "1.1",
        "--title",
        "Datadeling",
        "--focus-area",
        "1",
    ]);
    // Renumbered: the initiative moves along, its code stays.
    ws.ok(&[
        "focus-area",
        "set",
        "1",
        "--number",
        "7",
        "--name",
        "Gode data",
    ]);
    let one = ws.initiative("1.1");
    assert_eq!(one["code"], "1.1");
    assert_eq!(one["focus_area"], 7);
    ws.ok(&["focus-area", "set", "7", "--name-en", "Good data"]);
    let list = ws.json(&["focus-area", "list", "--json"]);
    // Never moved by hand: the areas follow their numbers.
    assert_eq!(ws.order(), [2, 3, 7]);
    let seven = &list.as_array().unwrap()[2];
    assert_eq!(seven["number"], 7);
    assert_eq!(seven["name_da"], "Gode data");
    assert_eq!(seven["name_en"], "Good data");
    assert_eq!(seven["initiatives"], 1);
    let table = ws.ok(&["focus-area", "list"]);
    assert!(
        table.contains("Gode data") && table.contains("Good data"),
        "{table}"
    );

    // Reordered by hand; a new area then goes last, whatever its number.
    ws.ok(&["focus-area", "move", "3", "--to", "1"]);
    assert_eq!(ws.order(), [3, 2, 7]);
    ws.ok(&["focus-area", "move", "7", "--to", "2"]);
    assert_eq!(ws.order(), [3, 7, 2]);
    ws.ok(&["focus-area", "move", "2", "--to", "3"]);
    assert_eq!(ws.order(), [3, 7, 2]);
    ws.ok(&["focus-area", "add", "--number", "4", "--name", "Nyt"]);
    assert_eq!(ws.order(), [3, 7, 2, 4]);
    // The portfolio follows the order.
    ws.ok(&[
        "initiative",
        "add",
        "--code",
        "3.1",
        "--title",
        "Drift",
        "--focus-area",
        "3",
    ]);
    let codes: Vec<Value> = ws
        .json(&["initiative", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].clone())
        .collect();
    assert_eq!(codes, ["3.1", "1.1"]);

    // Deleting: an empty area goes; one with initiatives once they left it.
    ws.ok(&["focus-area", "delete", "4"]);
    ws.ok(&["initiative", "set", "1.1", "--focus-area", ""]);
    assert_eq!(ws.initiative("1.1")["focus_area"], Value::Null);
    ws.ok(&["focus-area", "delete", "7"]);
    assert_eq!(ws.order(), [3, 2]);
    ws.ok(&["initiative", "set", "1.1", "--focus-area", "2"]);
    assert_eq!(ws.initiative("1.1")["focus_area"], 2);
    // A deleted number can be used again.
    ws.ok(&["focus-area", "add", "--number", "7", "--name", "Igen"]);
    assert_eq!(ws.order(), [3, 2, 7]);
}

#[test]
fn bad_focus_area_input_is_refused_and_changes_nothing() {
    let ws = Ws::empty("Styregruppen");
    ws.refused(
        &[
            "initiative",
            "add",
            "--code",
            "1.1",
            "--title",
            "T",
            "--focus-area",
            "1",
        ],
        "no focus area \"1\"",
    );
    ws.ok(&["focus-area", "add", "--number", "1", "--name", "Data"]);
    ws.ok(&["focus-area", "add", "--number", "2", "--name", "Borgere"]);
    ws.ok(&[
        "initiative",
        "add",
        "--code",
        "1.1",
        "--title",
        "Datadeling",
        "--focus-area",
        "1",
    ]);
    let add =
        |n: &'static str, name: &'static str| ["focus-area", "add", "--number", n, "--name", name];
    ws.refused(&add("1", "Igen"), "focus area 1 exists already");
    ws.refused(&add("0", "Nul"), "\"0\" is not a focus area number");
    ws.refused(&add("5", "  "), "a focus area needs a name");
    ws.refused(
        &["focus-area", "add", "--number=-3", "--name", "Minus"],
        "is not a focus area number",
    );
    ws.refused(
        &["focus-area", "set", "9", "--name", "X"],
        "no focus area \"9\"",
    );
    ws.refused(
        &["focus-area", "set", "1", "--number", "2"],
        "focus area 2 exists already",
    );
    ws.refused(
        &["focus-area", "set", "1", "--number", "0"],
        "is not a focus area number",
    );
    ws.refused(
        &["focus-area", "set", "1", "--name", ""],
        "a focus area needs a name",
    );
    ws.refused(&["focus-area", "set", "1"], "nothing to change");
    ws.refused(
        &["focus-area", "move", "1", "--to", "3"],
        "place 3 is not in the list of focus areas (1 to 2)",
    );
    ws.refused(&["focus-area", "move", "1", "--to", "0"], "place 0");
    ws.refused(
        &["focus-area", "move", "9", "--to", "1"],
        "no focus area \"9\"",
    );
    ws.refused(
        &["focus-area", "delete", "1"],
        "focus area 1 still holds 1 initiative(s)",
    );
    ws.refused(&["focus-area", "delete", "9"], "no focus area \"9\"");
    ws.refused(
        &["initiative", "set", "1.1", "--focus-area", "9"],
        "no focus area \"9\"",
    );
    ws.refused(
        &["initiative", "set", "1.1", "--focus-area", "x"],
        "invalid digit",
    );
    // Usage errors exit 2.
    let out = ws.run(&["focus-area", "add", "--number", "x", "--name", "X"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(ws.order(), [1, 2]);
}

#[test]
fn initiatives_without_a_focus_area_are_counted_and_reported() {
    let ws = Ws::empty("Styregruppen");
    ws.ok(&["focus-area", "add", "--number", "1", "--name", "Data"]);
    ws.ok(&[
        "initiative",
        "add",
        "--code",
        "1.1",
        "--title",
        "Datadeling",
        "--focus-area",
        "1",
    ]);
    ws.ok(&[
        "initiative",
        "add",
        "--code",
        "1.2",
        "--title",
        "Datakvalitet",
        "--focus-area",
        "1",
    ]);
    ws.ok(&[
        "initiative",
        "add",
        "--code",
        "X.1",
        "--title",
        "Løst initiativ",
    ]);
    ws.ok(&["initiative", "status", "X.1", "--rag", "red"]);

    // The dashboard's counts: one row per area and one for no focus area,
    // adding up to every initiative.
    let d = ws.json(&["dashboard", "--json"]);
    let areas = d["focus_areas"].as_array().unwrap();
    assert_eq!(areas.len(), 2, "{areas:?}");
    assert_eq!(areas[0]["number"], 1);
    assert_eq!(areas[1]["number"], Value::Null);
    assert_eq!(areas[1]["red"], 1);
    let total: i64 = areas
        .iter()
        .flat_map(|a| ["green", "amber", "red", "grey"].map(|k| a[k].as_i64().unwrap()))
        .sum();
    assert_eq!(total, 3);
    let table = ws.ok(&["dashboard"]);
    assert!(table.contains("(no focus area)"), "{table}");

    // The annual status report lists it under its own heading.
    let md = ws.ok(&["report", "status", "--year", "2026", "--format", "md"]);
    assert!(
        md.contains(
            "Porteføljen omfatter 3 initiativer: 2 i 1 fokusområder og 1 uden fokusområde."
        ),
        "{md}"
    );
    let heading = md
        .find("Uden fokusområde")
        .expect("a heading for no focus area");
    assert!(md[heading..].contains("Løst initiativ"), "{md}");
    assert!(!md.contains("i 0 fokusområder"), "{md}");
    // The PDF and DOCX writers lay out the same blocks.
    for format in ["pdf", "docx"] {
        let file = ws.path.with_extension(format);
        let file = file.to_str().unwrap();
        ws.ok(&[
            "report", "status", "--year", "2026", "--format", format, "-o", file,
        ]);
        assert!(std::fs::metadata(file).unwrap().len() > 1000, "{format}");
    }

    // Without any focus area at all, the numbers still add up.
    ws.ok(&["initiative", "set", "1.1", "--focus-area", ""]);
    ws.ok(&["initiative", "set", "1.2", "--focus-area", ""]);
    ws.ok(&["focus-area", "delete", "1"]);
    let md = ws.ok(&["report", "status", "--year", "2026", "--format", "md"]);
    assert!(
        md.contains(
            "Porteføljen omfatter 3 initiativer: 0 i 0 fokusområder og 3 uden fokusområde."
        ),
        "{md}"
    );
    for title in ["Datadeling", "Datakvalitet", "Løst initiativ"] {
        assert!(md.contains(title), "{title} missing: {md}");
    }
}
