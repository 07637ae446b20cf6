//! The Help menu's diagnostics (never workspace content) and the user
//! guide's place, on a real workspace file, sync folder and log file.

use std::path::Path;

use steerco_app_core::help::{guide_path, Diagnostics};
use steerco_app_core::logs::{self, Program};
use steerco_app_core::session::Session;
use steerco_domain::{Clock, SystemClock};
use steerco_store::{NewWorkspace, Store};

const NAME: &str = "Hemmeligt Arbejdsrum Ørnereden";

fn clock() -> Box<dyn Clock> {
    Box::new(SystemClock)
}

/// A demo workspace with a telling name, open in a session.
fn session(dir: &Path) -> Session {
    let path = dir.join("ornereden-budget.steerco");
    let settings = NewWorkspace {
        name: NAME.into(),
        ..Default::default()
    };
    let mut store = Store::create(&path, settings, clock()).unwrap();
    store.set_me("Tester").unwrap();
    store.load_demo().unwrap();
    drop(store);
    Session::start(&dir.join("data"), Some(&path), Some("Tester"), clock)
}

#[test]
fn diagnostics_say_what_runs_and_how_it_syncs_but_no_workspace_content() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let path = s.workspace_path().unwrap().to_path_buf();

    // A log with our start line, a line that (wrongly) quotes the
    // workspace's path, and a debug line with a title.
    let logs_dir = dir.path().join("logs");
    let sub = logs::subscriber(
        logs::appender(&logs_dir, Program::App).unwrap(),
        tracing::level_filters::LevelFilter::DEBUG,
    );
    tracing::subscriber::with_default(sub, || {
        logs::start(Program::App);
        tracing::info!(target: "steerco_app", path = %path.display(), "opened");
        tracing::debug!(target: "steerco_app", title = "Digital post til alle", "debug only");
    });

    let before = Diagnostics::collect(&s, Some(&logs_dir));
    assert_eq!(before.sync, "none");

    let folder = dir.path().join("shared");
    steerco_sync::sync_folder(s.store_mut().unwrap(), &folder, None).unwrap();
    let d = Diagnostics::collect(&s, Some(&logs_dir));
    assert_eq!(d.sync, "folder");
    let text = d.text();

    assert!(
        text.starts_with(&format!("Steerco {}\n", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    let schema = steerco_store::migrate::latest_version();
    assert!(
        text.contains(&format!(
            "Schema: {schema} (this version), {schema} (open workspace)"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("Platform: {}", std::env::consts::OS)),
        "{text}"
    );
    assert!(text.contains("Sync: folder"), "{text}");
    assert!(
        text.contains(&format!("Log folder: {}", logs_dir.display())),
        "{text}"
    );
    assert!(text.contains("Recent log lines (2):"), "{text}");
    assert!(text.contains("start"), "{text}");
    assert!(text.contains("opened path=<workspace>"), "{text}");

    // Nothing of the workspace: its name, its file, any initiative's title.
    assert!(!text.contains(NAME), "{text}");
    assert!(!text.contains("ornereden-budget"), "{text}");
    assert!(!text.contains("Digital post"), "{text}");
    let portfolio = s.store().unwrap().portfolio().unwrap();
    assert!(portfolio.initiatives.len() > 10);
    for i in &portfolio.initiatives {
        for title in [&i.title, &i.title_en].into_iter().flatten() {
            assert!(!text.contains(title.as_str()), "{title} in {text}");
        }
    }
}

#[test]
fn diagnostics_without_a_workspace_or_a_log_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path(), None, None, clock);
    let text = Diagnostics::collect(&s, None).text();
    assert!(text.contains("Sync: no workspace open\n"), "{text}");
    assert!(text.contains("Log folder: none\n"), "{text}");
    assert!(text.contains("Recent log lines (0):\n"), "{text}");
}

#[test]
fn the_guide_is_found_among_the_app_s_resources_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("guide");
    std::fs::create_dir_all(&guide).unwrap();
    std::fs::write(guide.join("en.md"), "# Guide").unwrap();
    std::fs::write(guide.join("da.md"), "# Vejledning").unwrap();
    assert_eq!(
        guide_path(Some(dir.path()), "en"),
        Some(guide.join("en.md"))
    );
    assert_eq!(
        guide_path(Some(dir.path()), "da"),
        Some(guide.join("da.md"))
    );
    // Another language falls back to Danish, the app's first language.
    assert_eq!(
        guide_path(Some(dir.path()), "xx"),
        Some(guide.join("da.md"))
    );
}
