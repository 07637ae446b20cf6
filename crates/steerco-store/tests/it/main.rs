//! Store integration tests: real SQLite files in temporary folders.

mod attachments;
mod change_log;
mod cold_log;
mod corrections;
mod demo;
mod export;
mod focus_areas;
mod hostile;
mod identity;
mod initiative_restore;
mod merge_rules;
mod migrations;
mod minutes;
mod portfolio;
mod published;
mod reads;
mod reads_dashboard;
mod resolutions;
mod search_rank;
mod sync_servers;
mod tasks;
mod votes;
mod write_path;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use steerco_domain::Clock;
use steerco_store::{NewWorkspace, Store};

/// A clock the test moves by hand; clones share the same time.
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<DateTime<Utc>>>);

impl TestClock {
    pub fn at(rfc3339: &str) -> Self {
        TestClock(Arc::new(Mutex::new(
            DateTime::parse_from_rfc3339(rfc3339)
                .unwrap()
                .with_timezone(&Utc),
        )))
    }
    pub fn advance(&self, ms: i64) {
        *self.0.lock().unwrap() += Duration::milliseconds(ms);
    }
    pub fn set(&self, rfc3339: &str) {
        *self.0.lock().unwrap() = DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .with_timezone(&Utc);
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub fn ws_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.steerco"))
}

/// A new workspace with a fixed id, "me" chosen, clock at 2026-03-01.
pub fn new_store(dir: &Path, name: &str) -> (Store, TestClock) {
    let clock = TestClock::at("2026-03-01T09:00:00Z");
    let mut store = Store::create(
        &ws_path(dir, name),
        NewWorkspace {
            id: Some("00000000-0000-4000-8000-000000000001".into()),
            name: "Test".into(),
            time_zone: "Europe/Copenhagen".into(),
        },
        Box::new(clock.clone()),
    )
    .unwrap();
    // A fixed person id, so two test workspaces can hold identical content.
    store
        .write(vec![steerco_store::RowChange::insert(
            "person",
            "00000000-0000-4000-8000-00000000000a",
        )
        .set("name", "Tester")
        .set("sample", false)])
        .unwrap();
    store.set_me("Tester").unwrap();
    (store, clock)
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}
