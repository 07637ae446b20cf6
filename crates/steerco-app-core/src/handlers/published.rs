//! Published reports: the list (publishing and saving a file need the
//! window's dialogs and the reports crate's errors: src-tauri's published.rs
//! through this crate's `published`).

use steerco_store::ops::published::PublishedReportView;
use steerco_store::{Result, Store};

use crate::requests::*;

/// Every published report, the latest first, each with its files and
/// whether their bytes are on this computer.
pub fn report_published_list(
    s: &Store,
    _: ReportPublishedListRequest,
) -> Result<Vec<PublishedReportView>> {
    s.published_reports()
}
