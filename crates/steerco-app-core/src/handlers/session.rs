//! The session: settings, who I am, which workspace is open.

use crate::preset::Preset;
use crate::session::{AppState, Session};
use steerco_store::Result;

use crate::requests::*;

pub fn app_state(s: &mut Session, _: AppStateRequest) -> Result<AppState> {
    s.state()
}

pub fn app_language(s: &mut Session, r: AppLanguageRequest) -> Result<AppState> {
    s.set_language(&r.lang)?;
    s.state()
}

/// Read on each call: an administrator may put the file in place while the
/// app runs, and it is small.
pub fn app_preset(_: &mut Session, _: AppPresetRequest) -> Result<Preset> {
    Ok(crate::preset::read(&crate::preset::system_path()))
}

pub fn help_about(s: &mut Session, _: HelpAboutRequest) -> Result<crate::help::HelpInfo> {
    Ok(crate::help::info(s))
}

pub fn person_me(s: &mut Session, r: PersonMeRequest) -> Result<AppState> {
    s.set_my_name(&r.name)?;
    s.state()
}

pub fn identity_choose(s: &mut Session, r: IdentityChooseRequest) -> Result<AppState> {
    s.choose_identity(r.keep_recorded)?;
    s.state()
}

pub fn workspace_demo(s: &mut Session, _: WorkspaceDemoRequest) -> Result<AppState> {
    s.open_demo()?;
    s.state()
}

pub fn workspace_open(s: &mut Session, r: WorkspaceOpenRequest) -> Result<AppState> {
    s.open(std::path::Path::new(r.path.trim()))?;
    s.state()
}
