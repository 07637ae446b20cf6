//! Reminders as desktop notifications while the app runs: a thread checks
//! at start-up, every 15 minutes and whenever the workspace changes (the
//! `workspace-changed` event: an edit, a sync, another workspace opened),
//! shows what steerco-app-core's `reminders::due` selects through the
//! notification plugin and remembers it as shown (`mark_sent`). The page
//! never calls the plugin, so the window is granted none of its commands.
//!
//! In a `test-seams` build, $STEERCO_NOTIFY_SINK names a file that gets each
//! notification as a JSON line instead of the desktop (the end-to-end tests).

use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

use steerco_app_core::reminders::{self, Notice};
use tauri::{AppHandle, Listener, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::Shell;

/// Often enough that a day's reminders come soon after midnight or a wake
/// from sleep; each check is a few queries.
const EVERY: Duration = Duration::from_secs(15 * 60);

pub fn spawn(app: &AppHandle) {
    let (poke, pokes) = channel();
    app.listen_any("workspace-changed", move |_| {
        let _ = poke.send(());
    });
    let app = app.clone();
    std::thread::spawn(move || run(&app, &pokes));
}

fn run(app: &AppHandle, pokes: &Receiver<()>) {
    loop {
        check(app);
        match pokes.recv_timeout(EVERY) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        // A burst of changes (a sync) is one check.
        while pokes.try_recv().is_ok() {}
    }
}

/// Show what is due and not shown today. Under the session's lock, so the
/// workspace cannot change between the selection and the record of it
/// (showing only hands the notification over; it does not wait for it).
fn check(app: &AppHandle) {
    let shell = app.state::<Shell>();
    let session = shell.core.session();
    let Ok(store) = session.store() else { return };
    let now = store.now();
    let due = reminders::settings(store).and_then(|s| reminders::due(store, &s, now));
    let due = match due {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!(code = e.code(), "reminders not checked");
            return;
        }
    };
    let shown: Vec<_> = due
        .into_iter()
        .filter(|r| show(app, &r.notice(session.language())))
        .collect();
    if let Err(e) = reminders::mark_sent(store, &shown, now) {
        tracing::warn!(code = e.code(), "reminders shown but not remembered");
    }
    if !shown.is_empty() {
        tracing::info!(count = shown.len(), "reminders shown");
    }
}

/// Hand a notification to the desktop (or the test sink); whether it went.
fn show(app: &AppHandle, notice: &Notice) -> bool {
    if let Some(sink) = sink() {
        return append(&sink, notice);
    }
    let shown = app
        .notification()
        .builder()
        .title(&notice.title)
        .body(&notice.body)
        .show();
    match shown {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, "a reminder could not be shown");
            false
        }
    }
}

fn append(sink: &std::path::Path, notice: &Notice) -> bool {
    use std::io::Write;
    let line = match serde_json::to_string(notice) {
        Ok(line) => line,
        Err(_) => return false,
    };
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(sink)
        .and_then(|mut f| writeln!(f, "{line}"))
        .is_ok()
}

/// $STEERCO_NOTIFY_SINK, in a `test-seams` build only. Compiled out of other
/// builds, so a release binary does not hold the name (tools/seam-free).
fn sink() -> Option<std::path::PathBuf> {
    #[cfg(feature = "test-seams")]
    {
        std::env::var_os("STEERCO_NOTIFY_SINK").map(std::path::PathBuf::from)
    }
    #[cfg(not(feature = "test-seams"))]
    {
        None
    }
}
