//! Papers on agenda items for the app (steerco-store's attachment
//! operations): the version a request means, looked up in its meeting's
//! list so that the flags the store computed (could run, on this computer)
//! decide what the shell does with it; and the copy of a document that the
//! system's viewer opens. The shell (src-tauri/src/papers.rs) only adds the
//! native dialogs and the hand-over to the viewer.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use steerco_store::ops::attachment::AttachmentVersion;
use steerco_store::ops::file_kind;
use steerco_store::refusal::Entity;
use steerco_store::{Refusal, Store, StoreError};

use crate::problem::{shown, ApiError, Problem};

/// How long a copy opened in the viewer stays in the cache: long enough for
/// the viewer to have read it, short enough that papers (of closed items
/// too) do not pile up outside the workspace.
pub const OPENED_KEPT: Duration = Duration::from_secs(24 * 60 * 60);

/// Version `version` of paper `id` on `meeting` (the latest when None).
/// Two replicas that replaced a paper at once gave two versions one number:
/// the later counts, as in the store's own lookup.
pub fn version(
    store: &Store,
    meeting: &str,
    id: &str,
    version: Option<i64>,
) -> Result<AttachmentVersion, StoreError> {
    let paper = store
        .attachments(meeting)?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| StoreError::NotFound {
            kind: Entity::Attachment,
            key: id.to_string(),
        })?;
    let Some(n) = version else {
        return Ok(paper.latest);
    };
    let latest = paper.latest.version;
    paper
        .history
        .into_iter()
        .rev()
        .find(|v| v.version == n)
        .ok_or_else(|| Refusal::NoSuchVersion { version: n, latest }.into())
}

/// Copy a document's version into `cache` for the system's viewer, under
/// its own file name in a folder of its own (so two papers named alike do
/// not meet), checked against its hash on the way out. A file that could
/// run is refused (opening a script or a `.desktop` file would run it):
/// when its row says so before anything is written, when its first bytes
/// say so the copy is removed. Copies older than [`OPENED_KEPT`] go first.
pub fn open_copy(
    store: &Store,
    meeting: &str,
    id: &str,
    version: Option<i64>,
    cache: &Path,
) -> Result<PathBuf, ApiError> {
    let v = self::version(store, meeting, id, version)?;
    if v.executable {
        return Err(could_run(v.file_name));
    }
    forget_old(cache, OPENED_KEPT);
    // The version's id comes from a row another replica may have written:
    // only its plain characters name the folder.
    let folder: String =
        v.id.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
    let dir = cache.join(if folder.is_empty() { "paper" } else { &folder });
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, &e))?;
    let dest = dir.join(safe_file_name(&v.file_name));
    store.save_attachment(id, Some(v.version), &dest)?;
    // The flag came with the row, perhaps from another replica that did not
    // look at the content: the copy's first bytes are asked again.
    if file_kind::could_run(&v.file_name, &head(&dest).map_err(|e| io(&dest, &e))?) {
        let _ = std::fs::remove_file(&dest);
        return Err(could_run(v.file_name));
    }
    Ok(dest)
}

fn could_run(file_name: String) -> ApiError {
    let message = format!("{file_name} could run: save it and look at it instead of opening it");
    ApiError::new(Problem::CouldRun { file_name }, message)
}

/// A file's first bytes, as many as telling a program needs.
fn head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(8);
    std::fs::File::open(path)?.take(8).read_to_end(&mut head)?;
    Ok(head)
}

/// Remove the opened copies older than `age` (what a viewer still shows
/// stays: on some systems it cannot be removed, and then it waits).
fn forget_old(cache: &Path, age: Duration) {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|d| d > age));
        if old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Names Windows reserves whatever their extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The longest name kept, in characters (file systems allow 255 bytes).
const MAX_NAME: usize = 120;

/// A paper's file name, which a row from another replica may hold, as one
/// plain file name on any system: no folders, no parent, no hidden file,
/// none of the characters Windows refuses, not a reserved device name, not
/// too long (the extension kept). Never empty.
pub fn safe_file_name(name: &str) -> String {
    let plain: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    // Leading dots would hide the file (or make `..`); Windows drops
    // trailing dots and spaces.
    let mut name = plain
        .trim()
        .trim_start_matches('.')
        .trim_end_matches(['.', ' '])
        .to_string();
    if name.chars().count() > MAX_NAME {
        let ext: String = match name.rsplit_once('.') {
            Some((_, e)) if e.chars().count() <= 10 => format!(".{e}"),
            _ => String::new(),
        };
        let stem: String = name.chars().take(MAX_NAME - ext.chars().count()).collect();
        name = format!("{}{ext}", stem.trim_end_matches(['.', ' ']));
    }
    let stem = name.split('.').next().unwrap_or_default().to_lowercase();
    if RESERVED.contains(&stem.trim_end()) {
        name.insert(0, '_');
    }
    if name.is_empty() {
        "paper".to_string()
    } else {
        name
    }
}

fn io(path: &Path, e: &std::io::Error) -> ApiError {
    ApiError::new(
        Problem::Io {
            path: Some(shown(path)),
            detail: e.to_string(),
        },
        format!("could not copy the paper to {}: {e}", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_from_a_row_stays_one_plain_name() {
        for (given, safe) in [
            ("Budget 2026.pdf", "Budget 2026.pdf"),
            ("../../.bashrc", "_.._.bashrc"),
            ("..", "paper"),
            ("", "paper"),
            ("  .hidden.txt  ", "hidden.txt"),
            ("a/b\\c.pdf", "a_b_c.pdf"),
            ("C:\\x.pdf", "C__x.pdf"),
            ("what?<>|*\".pdf", "what______.pdf"),
            ("tab\there.pdf", "tab_here.pdf"),
            ("trailing. . ", "trailing"),
            ("CON.txt", "_CON.txt"),
            ("nul", "_nul"),
            ("console.txt", "console.txt"),
            ("Æbleskiver — referat.docx", "Æbleskiver — referat.docx"),
        ] {
            assert_eq!(safe_file_name(given), safe, "{given:?}");
        }
        let long = format!("{}.pdf", "å".repeat(300));
        let cut = safe_file_name(&long);
        assert_eq!(cut.chars().count(), MAX_NAME);
        assert!(cut.ends_with("å.pdf"), "{cut}");
    }

    #[test]
    fn old_opened_copies_go_and_new_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        let new = dir.path().join("new");
        for d in [&old, &new] {
            std::fs::create_dir(d).unwrap();
            std::fs::write(d.join("x.pdf"), b"%PDF-").unwrap();
        }
        let past = SystemTime::now() - Duration::from_secs(3 * 24 * 60 * 60);
        std::fs::File::open(&old)
            .unwrap()
            .set_modified(past)
            .unwrap();
        forget_old(dir.path(), OPENED_KEPT);
        assert!(!old.exists());
        assert!(new.join("x.pdf").exists());
        // A cache not made yet is no error.
        forget_old(&dir.path().join("none"), OPENED_KEPT);
    }
}
