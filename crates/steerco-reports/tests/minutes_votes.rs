//! Votes and declarations of interest in the minutes, from a real store:
//! the same lines in Markdown, PDF (read back by pdftotext) and DOCX.

mod common;

use common::*;
use steerco_reports::from_store::{minutes, minutes_file, Format};
use steerco_reports::{ExportOptions, Lang};

/// A meeting in progress where Carl declared an interest in the budget item,
/// and Anne (chair) and Bo voted on it: Anne for, Bo abstained; adopted.
fn voted(dir: &std::path::Path) -> (steerco_store::Store, String) {
    let mut s = store(dir);
    s.add_committee("Styregruppe", "steering", None, None)
        .unwrap();
    for (name, role) in [("Anne", "chair"), ("Bo", "member"), ("Carl", "member")] {
        s.add_member("Styregruppe", name, role).unwrap();
    }
    let m = s
        .add_meeting("Styregruppe", "Styregruppemøde", start(), 90)
        .unwrap();
    s.set_meeting_state(&m, "open", None).unwrap();
    let item = s
        .add_agenda_item(&m, "Budget 2026", None, None, None, false)
        .unwrap();
    for name in ["Anne", "Bo", "Carl"] {
        s.set_attendance(&m, name, "present").unwrap();
    }
    s.declare_interest(&item, "Carl", Some("Ejer aktier i leverandøren"))
        .unwrap();
    let vote = s.add_vote(&item, "Budgettet godkendes").unwrap();
    s.cast_vote(&vote, "Anne", "for").unwrap();
    s.cast_vote(&vote, "Bo", "abstain").unwrap();
    s.close_vote(&vote).unwrap();
    (s, m)
}

#[test]
fn the_minutes_name_declarations_and_who_voted_how() {
    let dir = tempfile::tempdir().unwrap();
    let (s, m) = voted(dir.path());
    let model = minutes(&s, &m).unwrap();
    let item = &model.items[1];
    assert_eq!(item.interests.len(), 1);
    assert_eq!(item.votes[0].votes_for, ["Anne"]);
    assert_eq!(item.votes[0].abstain, ["Bo"]);
    assert_eq!(item.votes[0].result, "adopted");

    let md = |language| {
        let opts = ExportOptions {
            omit_closed: false,
            language,
        };
        String::from_utf8(minutes_file(&s, &m, Format::Md, opts).unwrap()).unwrap()
    };
    let da = md(Lang::Da);
    for line in [
        "- **Inhabilitet:** Carl (Ejer aktier i leverandøren)",
        "- **Afstemning:** Budgettet godkendes: vedtaget (for: Anne; imod: ingen; undlod at stemme: Bo)",
        "- **Beslutning:** Budgettet godkendes (vedtaget)",
    ] {
        assert!(da.lines().any(|l| l == line), "{line:?} in:\n{da}");
    }
    let en = md(Lang::En);
    for line in [
        "- **Declared interest:** Carl (Ejer aktier i leverandøren)",
        "- **Vote:** Budgettet godkendes: adopted (for: Anne; against: none; abstained: Bo)",
    ] {
        assert!(en.lines().any(|l| l == line), "{line:?} in:\n{en}");
    }

    let pdf = minutes_file(&s, &m, Format::Pdf, ExportOptions::default()).unwrap();
    let path = write(dir.path(), "m.pdf", &pdf);
    let text = stdout(&run(
        "pdftotext",
        "poppler-utils",
        &["-enc", "UTF-8", &path, "-"],
    ));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Inhabilitet: Carl (Ejer aktier i leverandøren)",
        "Afstemning: Budgettet godkendes: vedtaget (for: Anne; imod: ingen; undlod at stemme: Bo)",
    ] {
        assert!(flat.contains(needle), "{needle:?} in:\n{text}");
    }
    // docx-rs stores its parts uncompressed: the runs are in the bytes.
    let docx = minutes_file(&s, &m, Format::Docx, ExportOptions::default()).unwrap();
    let raw = String::from_utf8_lossy(&docx);
    assert!(raw.contains("Inhabilitet:"));
    assert!(raw
        .contains("Budgettet godkendes: vedtaget (for: Anne; imod: ingen; undlod at stemme: Bo)"));
}
