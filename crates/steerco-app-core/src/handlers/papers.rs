//! Papers on agenda items: the meeting's list and a delete (a tombstone; the
//! undo is `undo_delete` with `attachment`). Adding a file, a new version,
//! saving and opening need the native dialogs and the system's viewer: the
//! shell's, around `crate::papers`.

use steerco_store::ops::attachment::AttachmentView;
use steerco_store::{Result, Store};

use crate::requests::*;

/// The papers of a meeting's agenda items, in agenda order.
pub fn attachment_list(s: &Store, r: AttachmentListRequest) -> Result<Vec<AttachmentView>> {
    s.attachments(&r.meeting)
}

/// Delete a paper; answers its id (what the undo takes).
pub fn attachment_delete(s: &mut Store, r: AttachmentDeleteRequest) -> Result<String> {
    s.delete_attachment(&r.id)
}
