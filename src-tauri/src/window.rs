//! The window's size and place, remembered in the data folder
//! (tauri-plugin-window-state). The plugin restores them as the window
//! opens, a place only when it is still on a screen (else the window manager
//! places the window), and saves them as the app exits; here they are also
//! saved shortly after each move or resize, so an app that is killed (or
//! crashes) still comes back as it was. A saved size larger than the screen
//! the window is on is cut down to it.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use tauri::{AppHandle, Manager, PhysicalSize, Runtime, WebviewWindow, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// The file in the data folder.
pub const FILE: &str = "window-state.json";
/// What is remembered (not visibility, decorations or full screen).
const FLAGS: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED);
/// Saved once the window has been still for this long.
const SETTLE: Duration = Duration::from_millis(400);

pub fn plugin<R: Runtime>(data_dir: &Path) -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_window_state::Builder::new()
        .with_state_flags(FLAGS)
        // The plugin joins this name to its config folder; an absolute path
        // replaces that folder (Path::join), so the file is in the data folder.
        .with_filename(data_dir.join(FILE).to_string_lossy())
        .build()
}

/// Opens the main window (tauri.conf.json's, which leaves it to this):
/// with $STEERCO_STARTUP_PROBE=empty on an empty page instead of the app, the
/// start-up benchmark's baseline, measured on the same build (the page
/// reports itself shown through `ui_ready` as the portfolio does).
pub fn open(app: &AppHandle) -> tauri::Result<()> {
    let Some(config) = app.config().app.windows.first() else {
        return Ok(());
    };
    let mut config = config.clone();
    if std::env::var("STEERCO_STARTUP_PROBE").as_deref() == Ok("empty") {
        config.url = tauri::WebviewUrl::App("probe-empty.html".into());
    }
    tauri::WebviewWindowBuilder::from_config(app, &config)?.build()?;
    Ok(())
}

/// After the plugin restored the window: fit it to its screen, and save
/// its state after each move or resize.
pub fn track(app: &AppHandle) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    fit(&window);
    let (tx, rx) = mpsc::channel::<()>();
    window.on_window_event(move |e| {
        if matches!(e, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            let _ = tx.send(());
        }
    });
    let app = app.clone();
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            // Wait for the moves of one drag to end.
            while rx.recv_timeout(SETTLE).is_ok() {}
            if let Err(e) = app.save_window_state(FLAGS) {
                tracing::warn!(error = %e, "the window's state was not saved");
            }
        }
    });
}

fn fit(window: &WebviewWindow) {
    let (Ok(Some(monitor)), Ok(size)) = (window.current_monitor(), window.outer_size()) else {
        return;
    };
    let screen = monitor.size();
    if size.width > screen.width || size.height > screen.height {
        let _ = window.set_size(PhysicalSize::new(
            size.width.min(screen.width),
            size.height.min(screen.height),
        ));
    }
}
