//! What the Sync view shows: the workspace's sync panel (steerco-store) and
//! the state of the app's background sync with a server, which lives in the
//! app's memory, never in the workspace.

use serde::Serialize;
use steerco_store::merge::SyncPanel;

use crate::problem::ApiError;

/// The background sync with a server, as it stands.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LiveSync {
    /// `connecting`, `online`, `offline` (trying again in `retry_in_s`) or
    /// `refused` (token, passphrase, workspace: the user must act).
    pub state: String,
    /// Why, when offline or refused (the UI says it in its language).
    pub error: Option<ApiError>,
    pub retry_in_s: Option<u32>,
    /// When the server last answered (RFC 3339).
    pub last_contact: Option<String>,
    /// Which of the workspace's addresses answered then (`BASE/NAME`).
    pub address: Option<String>,
    /// Grows with each status told, so the UI keeps the newest of what it
    /// hears by event and what it reads with the view.
    pub serial: u32,
}

/// The Sync view: the panel, and the background sync when there is one.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncView {
    #[serde(flatten)]
    #[ts(flatten)]
    pub panel: SyncPanel,
    pub live: Option<LiveSync>,
}

impl SyncView {
    pub fn new(panel: SyncPanel, live: Option<LiveSync>) -> SyncView {
        SyncView { panel, live }
    }
}

impl From<SyncPanel> for SyncView {
    fn from(panel: SyncPanel) -> SyncView {
        SyncView::new(panel, None)
    }
}
