//! The Help menu's user guide: the Markdown file installed with the app
//! (steerco-app-core's `help::guide_path`), opened in the program the
//! system uses for it.

use steerco_app_core::problem::{shown, Problem};
use steerco_app_core::requests::HelpGuideRequest;
use steerco_app_core::session::ApiError;
use tauri::{AppHandle, Manager, State};

use crate::Shell;

/// Open the guide in `req.lang`; the file opened.
pub fn help_guide(
    app: &AppHandle,
    _: &State<Shell>,
    req: HelpGuideRequest,
) -> Result<String, ApiError> {
    let resources = app.path().resource_dir().ok();
    let Some(path) = steerco_app_core::help::guide_path(resources.as_deref(), &req.lang) else {
        let looked = steerco_app_core::help::guide_candidates(resources.as_deref(), &req.lang);
        let detail = "the user guide is not installed with this build".to_string();
        return Err(ApiError::new(
            Problem::Io {
                path: looked.first().map(|p| shown(p)),
                detail: detail.clone(),
            },
            detail,
        ));
    };
    open::that_detached(&path).map_err(|e| {
        ApiError::new(
            Problem::Io {
                path: Some(shown(&path)),
                detail: e.to_string(),
            },
            format!("cannot open {}: {e}", path.display()),
        )
    })?;
    Ok(shown(&path))
}
