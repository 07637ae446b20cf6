//! What the app gets when an operation fails: a stable code with typed
//! parameters (the UI says it in its language from these) and the English
//! message the CLI prints. These pin the JSON, as the UI's types expect it.

use serde_json::json;
use steerco_app_core::problem::ApiError;

use steerco_domain::SystemClock;
use steerco_store::{NewWorkspace, Store};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// A new workspace in `dir` with "me" chosen (the clock is the real one).
fn new_store(dir: &std::path::Path, name: &str) -> (Store, ()) {
    let path = dir.join(format!("{name}.steerco"));
    let mut store = Store::create(&path, NewWorkspace::default(), Box::new(SystemClock)).unwrap();
    store.set_me("Tester").unwrap();
    (store, ())
}

fn json_of(e: steerco_store::StoreError) -> serde_json::Value {
    serde_json::to_value(ApiError::from(e)).unwrap()
}

#[test]
fn a_refusal_reaches_the_app_as_its_code_and_parameters() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "errors");
    s.add_committee("Styregruppen", "steering", None, None)
        .unwrap();

    let e = s
        .add_committee("Styregruppen", "steering", None, None)
        .unwrap_err();
    assert_eq!(
        json_of(e),
        json!({
            "code": "committee_exists",
            "params": {"name": "Styregruppen"},
            "message": "a committee named \"Styregruppen\" exists already",
        })
    );

    let e = s.add_committee("  ", "steering", None, None).unwrap_err();
    assert_eq!(
        json_of(e),
        json!({
            "code": "missing",
            "params": {"what": "committee_name"},
            "message": "a committee needs a name",
        })
    );

    let e = s
        .add_committee("Arbejdsgruppen", "club", None, None)
        .unwrap_err();
    assert_eq!(
        json_of(e),
        json!({
            "code": "not_one_of",
            "params": {
                "value": "club",
                "what": "committee_kind",
                "allowed": ["portfolio", "steering", "working"],
            },
            "message": "\"club\" is not a committee kind; use one of: portfolio, steering, working",
        })
    );
}

#[test]
fn a_lookup_names_what_it_looked_for() {
    let dir = temp();
    let (s, _) = new_store(dir.path(), "errors");
    let e = s.find_committee("Ingen").unwrap_err();
    assert_eq!(
        json_of(e),
        json!({
            "code": "not_found",
            "params": {"kind": "committee", "key": "Ingen"},
            "message": "no committee \"Ingen\"",
        })
    );
    let e = steerco_store::dates::parse_date("1. marts").unwrap_err();
    assert_eq!(
        json_of(e),
        json!({
            "code": "not_a_date",
            "params": {"value": "1. marts"},
            "message": "\"1. marts\" is not a date; use YYYY-MM-DD",
        })
    );
}
