//! The board pack read from the store: the meeting and its agenda items in order, each
//! with the latest version of its papers, their bytes read from the blob store (checked
//! against their hash there).

use std::collections::HashMap;

use steerco_store::ops::attachment::AttachmentView;
use steerco_store::Store;

use super::{header, ExportError};
use crate::model::ExportOptions;
use crate::pack::{board_pack_pdf, BoardPack, PackItem, PackPaper, PackPdf};

/// The meeting's board pack as the export model. With `omit_closed` the closed items'
/// papers are not even read. A paper whose content has not arrived (or is damaged)
/// goes in with no bytes, so the pack lists it as one that could not be included.
pub fn board_pack(
    store: &Store,
    meeting: &str,
    opts: &ExportOptions,
) -> Result<BoardPack, ExportError> {
    let view = store.meeting(meeting)?;
    let mut papers: HashMap<String, Vec<AttachmentView>> = HashMap::new();
    for a in store.attachments(&view.id)? {
        papers.entry(a.item_id.clone()).or_default().push(a);
    }
    let mut items = Vec::new();
    for i in view
        .items
        .iter()
        .filter(|i| !(opts.omit_closed && i.closed))
    {
        let mut item = PackItem {
            position: i.number as u32,
            title: i.title.clone(),
            presenter: i.presenter.clone(),
            closed: i.closed,
            papers: Vec::new(),
        };
        for a in papers.remove(&i.id).unwrap_or_default() {
            let bytes = if a.latest.available {
                store
                    .attachment_bytes(&a.id, None)
                    .map(|(_, b)| b)
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            item.papers.push(PackPaper {
                title: a.title,
                file_name: a.latest.file_name,
                media_type: a.latest.media_type,
                bytes,
            });
        }
        items.push(item);
    }
    Ok(BoardPack {
        meeting: header(store, &view)?,
        items,
    })
}

/// The board pack as a PDF, with its page count and the papers left out.
pub fn board_pack_file(
    store: &Store,
    meeting: &str,
    opts: ExportOptions,
) -> Result<PackPdf, ExportError> {
    Ok(board_pack_pdf(&board_pack(store, meeting, &opts)?, &opts)?)
}
