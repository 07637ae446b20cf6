//! Papers on agenda items (steerco-app-core's `papers`): a file picked in
//! the native dialog (src/dialog.rs) is attached or becomes a paper's next
//! version; a version is saved where the user picks, or a document's copy
//! goes to the system's viewer (the `open` crate, out of process; the core
//! refuses a file that could run). Every dialog runs before the session's
//! lock is taken. As with the exports, a `test-seams` build saves into
//! $STEERCO_SAVE_DIR without asking.

use std::path::PathBuf;

use steerco_app_core::papers;
use steerco_app_core::problem::{shown, ApiError, Problem};
use steerco_app_core::requests::{
    AttachmentAddRequest, AttachmentOpenRequest, AttachmentReplaceRequest, AttachmentSaveRequest,
};
use tauri::{AppHandle, Manager, State};

use crate::commands::with;
use crate::dialog::Purpose;
use crate::Shell;

type Res<T> = Result<T, ApiError>;

/// Attach a file the user picks to an agenda item; the paper's id, None
/// when the user cancelled.
pub fn attachment_add(
    _: &AppHandle,
    shell: &State<Shell>,
    req: AttachmentAddRequest,
) -> Res<Option<String>> {
    let Some(file) = crate::dialog::pick_file(shell, Purpose::Paper, req.path, "", &[])? else {
        return Ok(None);
    };
    with(shell, |s| {
        s.store_mut()?
            .add_attachment(&req.item, &file, req.title.as_deref())
    })
    .map(Some)
}

/// A file the user picks becomes the paper's next version; its number, None
/// when the user cancelled.
pub fn attachment_replace(
    _: &AppHandle,
    shell: &State<Shell>,
    req: AttachmentReplaceRequest,
) -> Res<Option<i64>> {
    let picked = crate::dialog::pick_file(shell, Purpose::PaperVersion, req.path, "", &[])?;
    let Some(file) = picked else { return Ok(None) };
    with(shell, |s| s.store_mut()?.replace_attachment(&req.id, &file)).map(Some)
}

/// Save a version (the latest when none is given) where the user picks,
/// under its own file name; the path, None when the user cancelled.
pub fn attachment_save(
    _: &AppHandle,
    shell: &State<Shell>,
    req: AttachmentSaveRequest,
) -> Res<Option<String>> {
    let v = with(shell, |s| {
        papers::version(s.store()?, &req.meeting, &req.id, req.version)
    })?;
    let name = papers::safe_file_name(&v.file_name);
    let path: Option<PathBuf> = match crate::export::save_dir() {
        Some(dir) => Some(dir.join(&name)),
        None => crate::dialog::save_file(shell, Purpose::SavePaper, req.path, "", &[], &name)?,
    };
    let Some(path) = path else { return Ok(None) };
    with(shell, |s| {
        s.store()?.save_attachment(&req.id, Some(v.version), &path)
    })?;
    Ok(Some(shown(&path)))
}

/// Open a document's version in the system's viewer: its checked copy in
/// the app's cache folder goes to the opener. The file opened.
pub fn attachment_open(
    app: &AppHandle,
    shell: &State<Shell>,
    req: AttachmentOpenRequest,
) -> Res<String> {
    let cache = app
        .path()
        .app_cache_dir()
        .map_err(|e| io(None, e.to_string()))?
        .join("papers");
    let path = {
        let session = shell.core.session();
        let store = session.store().map_err(ApiError::from)?;
        papers::open_copy(store, &req.meeting, &req.id, req.version, &cache)?
    };
    open::that_detached(&path).map_err(|e| io(Some(shown(&path)), e.to_string()))?;
    // No name or path at info: they may say what the paper is about.
    tracing::info!("a paper went to the system's viewer");
    tracing::debug!(path = %path.display(), "paper opened");
    Ok(shown(&path))
}

fn io(path: Option<String>, detail: String) -> ApiError {
    let message = format!("cannot open the paper: {detail}");
    ApiError::new(Problem::Io { path, detail }, message)
}
