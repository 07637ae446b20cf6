//! Who changes are credited to: one identity per installation, remembered
//! per workspace, asked about once when the two disagree.

use steerco_store::identity::{Identity, IdentitySource};
use steerco_store::Store;

use super::{new_store, temp, TestClock};

fn installation(name: &str) -> Identity {
    Identity {
        name: name.into(),
        source: IdentitySource::Installation,
    }
}

/// Adds a person and says whom the log credits with it.
fn add_and_credit(store: &mut Store, name: &str) -> String {
    let id = store.add_person(name, false).unwrap();
    author_of(store, &id)
}

fn author_of(store: &Store, person: &str) -> String {
    let changes = store.field_history("person", person, "name").unwrap();
    let author = changes[0].author_id.clone().unwrap();
    store.person_name(&author).unwrap().unwrap()
}

#[test]
fn a_workspace_that_remembers_another_person_asks_once_and_rewrites_nothing() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "ws");
    // "Tester" was remembered when the workspace was made (as the CLI does).
    let before = store.add_person("Made by Tester", false).unwrap();
    assert_eq!(author_of(&store, &before), "Tester");

    let q = store.act_as(&installation("Formand Frederik")).unwrap();
    let q = q.expect("another person is remembered: a question");
    assert_eq!(
        (q.recorded.as_str(), q.installation.as_str()),
        ("Tester", "Formand Frederik")
    );

    // Choosing the installation's identity credits new changes to it…
    store.choose_identity("Formand Frederik", false).unwrap();
    assert_eq!(
        add_and_credit(&mut store, "Made by Frederik"),
        "Formand Frederik"
    );
    // …asks no more, and history keeps its author.
    assert!(store
        .act_as(&installation("Formand Frederik"))
        .unwrap()
        .is_none());
    assert_eq!(author_of(&store, &before), "Tester");
}

#[test]
fn keeping_the_recorded_person_is_remembered_for_that_identity() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "ws");
    assert!(store.act_as(&installation("Frederik")).unwrap().is_some());
    store.choose_identity("Frederik", true).unwrap();
    assert_eq!(add_and_credit(&mut store, "Kept"), "Tester");
    let path = store.path().to_path_buf();
    drop(store);
    let mut store = Store::open(&path, Box::new(TestClock::at("2026-03-02T09:00:00Z"))).unwrap();
    assert!(
        store.act_as(&installation("Frederik")).unwrap().is_none(),
        "asked once"
    );
    assert_eq!(add_and_credit(&mut store, "Still kept"), "Tester");
}

#[test]
fn a_one_run_identity_credits_its_run_and_is_not_remembered() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "ws");
    let flag = Identity {
        name: "Gæst".into(),
        source: IdentitySource::Flag,
    };
    assert!(store.act_as(&flag).unwrap().is_none());
    assert_eq!(add_and_credit(&mut store, "By the guest"), "Gæst");
    assert!(
        store.act_as(&installation("Tester")).unwrap().is_none(),
        "still remembers Tester"
    );
}
