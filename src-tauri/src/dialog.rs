//! Native file dialogs, always outside the app's process.
//!
//! An in-process GTK dialog opens and closes the files of the folder it
//! shows, and on Linux that drops the app's SQLite locks on a workspace in
//! that folder (see crates/steerco-store/src/presence.rs). So rfd runs with
//! its `xdg-portal` backend: the desktop portal draws the dialog in its own
//! process, and where there is no portal rfd starts zenity. Where neither
//! exists rfd would answer "cancelled"; we say so instead
//! (`Problem::NoFileDialog`) and the UI asks for the path as text, which it
//! passes back as `typed` (a typed path skips the dialog).

use std::path::PathBuf;

use steerco_app_core::problem::{ApiError, Problem};

use crate::Shell;

type Res<T> = Result<T, ApiError>;

/// What a dialog is for: its window title, in the app's language.
#[derive(Clone, Copy)]
pub enum Purpose {
    OpenWorkspace,
    CreateWorkspace,
    Export,
    SyncFolder,
    Spreadsheet,
    Invitation,
    Paper,
    PaperVersion,
    SavePaper,
    SavePublished,
}

fn title(shell: &Shell, purpose: Purpose) -> &'static str {
    let session = shell.core.session();
    let en = session.language() == "en";
    match (purpose, en) {
        (Purpose::OpenWorkspace, false) => "Åbn et arbejdsområde",
        (Purpose::OpenWorkspace, true) => "Open a workspace",
        (Purpose::CreateWorkspace, false) => "Opret et arbejdsområde",
        (Purpose::CreateWorkspace, true) => "Create a workspace",
        (Purpose::Export, false) => "Gem eksport",
        (Purpose::Export, true) => "Save export",
        (Purpose::SyncFolder, false) => "Vælg den delte mappe",
        (Purpose::SyncFolder, true) => "Choose the shared folder",
        (Purpose::Spreadsheet, false) => "Vælg et regneark (CSV eller XLSX)",
        (Purpose::Spreadsheet, true) => "Choose a spreadsheet (CSV or XLSX)",
        (Purpose::Invitation, false) => "Vælg en mappe til indkaldelsen",
        (Purpose::Invitation, true) => "Choose a folder for the invitation",
        (Purpose::Paper, false) => "Vælg et bilag",
        (Purpose::Paper, true) => "Choose a paper",
        (Purpose::PaperVersion, false) => "Vælg bilagets nye version",
        (Purpose::PaperVersion, true) => "Choose the paper's new version",
        (Purpose::SavePaper, false) => "Gem en kopi af bilaget",
        (Purpose::SavePaper, true) => "Save a copy of the paper",
        (Purpose::SavePublished, false) => "Gem den udgivne rapport",
        (Purpose::SavePublished, true) => "Save the published report",
    }
}

fn no_dialog() -> ApiError {
    ApiError::new(
        Problem::NoFileDialog,
        "no file dialog is available on this computer (install xdg-desktop-portal-gtk or zenity); type the path instead",
    )
}

/// Pick an existing file (any file when `extensions` is empty); None when
/// the user cancels.
pub fn pick_file(
    shell: &Shell,
    purpose: Purpose,
    typed: Option<String>,
    filter: &str,
    extensions: &[&str],
) -> Res<Option<PathBuf>> {
    if let Some(path) = given(typed) {
        return Ok(Some(path));
    }
    Ok(filtered(dialog(shell, purpose)?, filter, extensions).pick_file())
}

/// Choose where to save `file_name` (offering every file type when
/// `extensions` is empty); None when the user cancels. A typed folder gets
/// `file_name` inside it.
pub fn save_file(
    shell: &Shell,
    purpose: Purpose,
    typed: Option<String>,
    filter: &str,
    extensions: &[&str],
    file_name: &str,
) -> Res<Option<PathBuf>> {
    if let Some(path) = given(typed) {
        return Ok(Some(if path.is_dir() {
            path.join(file_name)
        } else {
            path
        }));
    }
    Ok(filtered(dialog(shell, purpose)?, filter, extensions)
        .set_file_name(file_name)
        .save_file())
}

/// A dialog showing only files with `extensions`, or every file.
fn filtered(dialog: rfd::FileDialog, filter: &str, extensions: &[&str]) -> rfd::FileDialog {
    if extensions.is_empty() {
        dialog
    } else {
        dialog.add_filter(filter, extensions)
    }
}

/// Pick a folder; None when the user cancels.
pub fn pick_folder(shell: &Shell, purpose: Purpose, typed: Option<String>) -> Res<Option<PathBuf>> {
    if let Some(path) = given(typed) {
        return Ok(Some(path));
    }
    Ok(dialog(shell, purpose)?.pick_folder())
}

fn given(typed: Option<String>) -> Option<PathBuf> {
    typed
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// A dialog titled for its purpose, or why there can be none.
fn dialog(shell: &Shell, purpose: Purpose) -> Res<rfd::FileDialog> {
    if available() {
        Ok(rfd::FileDialog::new().set_title(title(shell, purpose)))
    } else {
        Err(no_dialog())
    }
}

#[cfg(target_os = "linux")]
fn available() -> bool {
    zenity_on_path() || portal_file_chooser()
}

/// Windows and macOS draw their dialogs in system components that do not
/// touch SQLite's locks, and always have one.
#[cfg(not(target_os = "linux"))]
fn available() -> bool {
    true
}

#[cfg(target_os = "linux")]
fn zenity_on_path() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()))
}

/// The portal offers a file chooser only when one of its backends implements
/// it; asking for its interfaces also starts it by D-Bus activation, as the
/// dialog itself would.
#[cfg(target_os = "linux")]
fn portal_file_chooser() -> bool {
    use std::time::Duration;
    let Ok(conn) = dbus::blocking::Connection::new_session() else {
        return false;
    };
    let proxy = conn.with_proxy(
        "org.freedesktop.portal.Desktop",
        "/org/freedesktop/portal/desktop",
        Duration::from_secs(5),
    );
    let introspected: Result<(String,), _> =
        proxy.method_call("org.freedesktop.DBus.Introspectable", "Introspect", ());
    introspected.is_ok_and(|(xml,)| xml.contains("org.freedesktop.portal.FileChooser"))
}
