//! The CSV registers, read back with the csv crate.

mod common;

use common::*;
use steerco_reports::{decisions_csv, tasks_csv};

fn read(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("UTF-8 BOM for Excel");
    let mut r = csv::Reader::from_reader(body);
    let head = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (head, rows)
}

#[test]
fn decisions_round_trip_and_formulas_are_neutralised() {
    let (head, rows) = read(&decisions_csv(&decisions()));
    assert_eq!(
        head,
        [
            "id",
            "date",
            "committee",
            "meeting",
            "text",
            "status",
            "supersedes",
            "initiative"
        ]
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][4], DECISION);
    assert_eq!(rows[0][1], "2026-03-04");
    assert_eq!(rows[0][6], "");
    let r = &rows[1];
    assert_eq!(r[2], "'=cmd|' /C calc'!A0");
    assert_eq!(r[3], "'+SUM(A1:A2)");
    assert_eq!(r[4], "'-2+3, \"citat\"\nny linje");
    assert_eq!(r[5], "'@status");
    assert_eq!(r[6], "'\tD-0");
    assert_eq!(r[7], "'\rskjult");
}

#[test]
fn tasks_round_trip() {
    let bytes = tasks_csv(&tasks());
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF records");
    let (head, rows) = read(&bytes);
    assert_eq!(
        head,
        [
            "id",
            "title",
            "owner",
            "due",
            "state",
            "committee",
            "meeting",
            "initiative",
            "overdue"
        ]
    );
    assert_eq!(rows[0][1], "'=HYPERLINK(\"http://x\";\"klik\")");
    assert_eq!(rows[0][2], "Søren Ødegård");
    assert_eq!(rows[0][3], "2026-04-01");
    assert_eq!(rows[0][8], "true");
    // An empty register is just the header.
    let (_, none) = read(&tasks_csv(&[]));
    assert!(none.is_empty());
}
