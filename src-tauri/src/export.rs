//! Export files (minutes and agendas as PDF, DOCX or Markdown, a meeting's
//! board pack, a meeting as iCalendar, the decision register and the task
//! list as CSV) saved where the user picks in the native save dialog
//! (src/dialog.rs); the invitation (agenda PDF and .ics) into a folder the
//! user picks. In a build with the `test-seams` feature only,
//! $STEERCO_SAVE_DIR sends the file into that folder under its default name
//! without asking: a shortcut for the end-to-end tests that are not about the
//! dialog (test_dialog.py goes through the real one).

use std::path::{Path, PathBuf};

use steerco_app_core::problem::{shown, Problem};
use steerco_app_core::requests::{ExportFileRequest, MeetingInviteRequest};
use steerco_app_core::session::ApiError;
use steerco_reports::from_store::{self, ExportError, Format};
use steerco_reports::{ExportOptions, Lang};
use steerco_store::refusal::Vocabulary;
use steerco_store::{dates, Refusal};
use tauri::{AppHandle, State};

use crate::dialog::Purpose;
use crate::Shell;

type Res<T> = Result<T, ApiError>;

fn api(e: ExportError) -> ApiError {
    ApiError::from(e)
}

/// What to export: `what` is minutes or agenda (with `format` pdf, docx or
/// md), the board pack (`pack`, a PDF), ics (all need `meeting`), decisions or tasks, or a report: status-report,
/// deliverables and highlight, whose `subject` is the year, the half-year
/// (YYYY-H1) or "CODE PERIOD". Returns the file's bytes and its default name.
fn render(
    shell: &State<Shell>,
    what: &str,
    meeting: Option<&str>,
    format: Option<&str>,
    opts: ExportOptions,
) -> Res<(Vec<u8>, String)> {
    let session = shell.core.session();
    let store = session.store().map_err(ApiError::from)?;
    let en = opts.language == Lang::En;
    let bad = |r: Refusal| ApiError::from(ExportError::from(r));
    let meeting_date = |id: &str| -> Res<(String, String)> {
        let m = store.meeting(id).map_err(ApiError::from)?;
        // The file is named by the meeting's local day, as the minutes say.
        let tz = store.time_zone().map_err(ApiError::from)?;
        Ok((m.id.clone(), dates::local_day_of(tz, &m.starts_at)))
    };
    match (what, meeting) {
        ("minutes" | "agenda", Some(id)) => {
            let ext = format.unwrap_or("pdf");
            let format: Format = ext.parse().map_err(bad)?;
            let (id, date) = meeting_date(id)?;
            let (bytes, stem) = if what == "minutes" {
                let stem = if en { "minutes" } else { "referat" };
                (from_store::minutes_file(store, &id, format, opts), stem)
            } else {
                let stem = if en { "agenda" } else { "dagsorden" };
                (from_store::agenda_file(store, &id, format, opts), stem)
            };
            Ok((bytes.map_err(api)?, format!("{stem}-{date}.{ext}")))
        }
        ("pack", Some(id)) => {
            let (id, date) = meeting_date(id)?;
            let made = from_store::board_pack_file(store, &id, opts).map_err(api)?;
            // The pack's agenda names the papers it lists without their pages.
            if !made.left_out.is_empty() {
                tracing::info!(
                    left_out = made.left_out.len(),
                    "board pack: papers listed by name only"
                );
            }
            let stem = if en { "board-pack" } else { "moedemappe" };
            Ok((made.bytes, format!("{stem}-{date}.pdf")))
        }
        ("ics", Some(id)) => {
            let (id, date) = meeting_date(id)?;
            let text = from_store::meeting_ics(store, &id).map_err(api)?;
            let stem = if en { "meeting" } else { "moede" };
            Ok((text.into_bytes(), format!("{stem}-{date}.ics")))
        }
        ("decisions", _) => Ok((
            from_store::decisions_csv(store).map_err(api)?,
            if en {
                "decisions.csv"
            } else {
                "beslutninger.csv"
            }
            .into(),
        )),
        ("tasks", _) => Ok((
            from_store::tasks_csv(store).map_err(api)?,
            if en { "tasks.csv" } else { "opgaver.csv" }.into(),
        )),
        ("status-report" | "deliverables" | "highlight", Some(subject)) => {
            let ext = format.unwrap_or("pdf");
            let f: Format = ext.parse().map_err(bad)?;
            let (bytes, stem) = match what {
                "status-report" => {
                    let year: i32 = subject.parse().map_err(|_| {
                        bad(Refusal::NotAYear {
                            value: subject.to_string(),
                        })
                    })?;
                    let stem = if en {
                        "status-report"
                    } else {
                        "statusredegoerelse"
                    };
                    (
                        from_store::status_report_file(store, year, f, opts),
                        format!("{stem}-{year}"),
                    )
                }
                "deliverables" => {
                    let stem = if en {
                        "deliverables"
                    } else {
                        "leveranceoversigt"
                    };
                    (
                        from_store::deliverables_file(store, subject, f, opts),
                        format!("{stem}-{subject}"),
                    )
                }
                _ => {
                    let (key, period) = subject.split_once(' ').unwrap_or((subject, ""));
                    // The file is named by the initiative's code, whatever addressed it.
                    let id = store.find_initiative(key).map_err(ApiError::from)?;
                    let code = store.initiative(&id).map_err(ApiError::from)?.summary.code;
                    (
                        from_store::highlight_file(store, &id, period, f, opts),
                        format!("highlight-{code}-{period}"),
                    )
                }
            };
            Ok((bytes.map_err(api)?, format!("{stem}.{ext}")))
        }
        (other, _) => Err(bad(Refusal::not_one_of(
            other,
            Vocabulary::Export,
            &[
                "minutes",
                "agenda",
                "pack",
                "ics",
                "decisions",
                "tasks",
                "status-report",
                "deliverables",
                "highlight",
            ],
        ))),
    }
}

/// The options the app's language word (da, else en) and the closed-items
/// choice make.
fn options(omit_closed: bool, language: &str) -> ExportOptions {
    ExportOptions {
        omit_closed,
        language: if language == "en" { Lang::En } else { Lang::Da },
    }
}

/// $STEERCO_SAVE_DIR, in a `test-seams` build only: where files go without a
/// dialog. Compiled out of other builds, so a release binary does not even
/// hold the name (`make bench` checks with tools/seam-free).
pub(crate) fn save_dir() -> Option<PathBuf> {
    #[cfg(feature = "test-seams")]
    {
        std::env::var_os("STEERCO_SAVE_DIR").map(PathBuf::from)
    }
    #[cfg(not(feature = "test-seams"))]
    {
        None
    }
}

/// Export a file and save it; the path it went to, None when the user cancelled.
pub fn export_file(
    _: &AppHandle,
    shell: &State<Shell>,
    req: ExportFileRequest,
) -> Res<Option<String>> {
    let ExportFileRequest {
        what,
        meeting,
        format,
        omit_closed,
        language,
        path,
    } = req;
    let opts = options(omit_closed, &language);
    let (bytes, name) = render(shell, &what, meeting.as_deref(), format.as_deref(), opts)?;
    let path: Option<PathBuf> = match save_dir() {
        Some(dir) => Some(dir.join(&name)),
        None => {
            let ext = name.rsplit('.').next().unwrap_or_default().to_string();
            crate::dialog::save_file(
                shell,
                Purpose::Export,
                path,
                &ext.to_uppercase(),
                &[ext.as_str()],
                &name,
            )?
        }
    };
    let Some(path) = path else { return Ok(None) };
    write(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

fn write(path: &Path, bytes: &[u8]) -> Res<()> {
    std::fs::write(path, bytes).map_err(|e| {
        ApiError::new(
            Problem::Io {
                path: Some(shown(path)),
                detail: e.to_string(),
            },
            format!("could not write {}: {e}", path.display()),
        )
    })
}

/// Send the invitation: the agenda as PDF and the meeting as .ics, both made
/// before anything is asked or written (a meeting that cannot be exported
/// writes nothing), into a folder the user picks (a typed path where there is
/// no dialog; $STEERCO_SAVE_DIR in `test-seams` builds). Returns the two paths,
/// agenda first; None when the user cancelled.
pub fn meeting_invite(
    _: &AppHandle,
    shell: &State<Shell>,
    req: MeetingInviteRequest,
) -> Res<Option<Vec<String>>> {
    let MeetingInviteRequest {
        meeting,
        omit_closed,
        language,
        path,
    } = req;
    let opts = options(omit_closed, &language);
    let files = [
        render(shell, "agenda", Some(&meeting), Some("pdf"), opts)?,
        render(shell, "ics", Some(&meeting), None, opts)?,
    ];
    let folder = match save_dir() {
        Some(dir) => Some(dir),
        None => crate::dialog::pick_folder(shell, Purpose::Invitation, path)?,
    };
    let Some(folder) = folder else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for (bytes, name) in files {
        let path = folder.join(name);
        write(&path, &bytes)?;
        out.push(path.display().to_string());
    }
    Ok(Some(out))
}
