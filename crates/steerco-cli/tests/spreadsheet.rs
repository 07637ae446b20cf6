//! `steerco import spreadsheet` and `export spreadsheet` through the real
//! binary, with files as Danish spreadsheet programs write them: CSV with `;`,
//! a byte-order mark, decimal commas and dd-mm-yyyy dates; Windows-1252 CSV;
//! XLSX written by LibreOffice headless in the test. Bad rows are refused
//! with their row numbers and nothing changes; `--update` is needed to change
//! an existing code; export and import round-trip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const NOW: &str = "2026-03-01T09:00:00Z";

fn run(ws: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(args)
        .env("STEERCO_WORKSPACE", ws)
        .env("STEERCO_NOW", NOW)
        .env("STEERCO_USER", "Sekretær Test")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    out
}

fn steerco(ws: &Path, args: &[&str]) -> String {
    let out = run(ws, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command that must be refused; returns its stderr.
fn refused(ws: &Path, args: &[&str]) -> String {
    let out = run(ws, args);
    assert_eq!(out.status.code(), Some(1), "{args:?} should be refused");
    String::from_utf8(out.stderr).unwrap()
}

fn new_ws(dir: &Path, name: &str) -> PathBuf {
    let ws = dir.join(name);
    steerco(&ws, &["init"]);
    ws
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

fn export(ws: &Path) -> Value {
    serde_json::from_str(&steerco(ws, &["export", "json"])).unwrap()
}

fn table<'a>(doc: &'a Value, name: &str) -> &'a Vec<Value> {
    doc["tables"][name].as_array().unwrap()
}

/// The portfolio as the sheet carries it, ids replaced by what the sheet
/// names rows by (focus area numbers, initiative codes), sorted: two
/// workspaces with the same sheet content give the same value.
fn portfolio(doc: &Value) -> Value {
    let areas = table(doc, "focus_area");
    let area_of = |id: &Value| {
        areas
            .iter()
            .find(|a| &a["id"] == id)
            .map(|a| serde_json::json!([a["number"], a["name_da"]]))
            .unwrap_or(Value::Null)
    };
    let inits = table(doc, "initiative");
    let code_of = |id: &Value| {
        inits
            .iter()
            .find(|i| &i["id"] == id)
            .map(|i| i["code"].clone())
            .unwrap()
    };
    let mut initiatives: Vec<Value> = inits
        .iter()
        .map(|i| {
            serde_json::json!({
                "code": i["code"], "title": i["title"], "lead": i["lead"],
                "phase": i["phase"], "focus_area": area_of(&i["focus_area_id"]),
                "start": i["start_date"], "end": i["end_date"],
            })
        })
        .collect();
    initiatives.sort_by_key(|i| i["code"].to_string());
    let mut years: Vec<Value> = table(doc, "initiative_year")
        .iter()
        .filter(|y| !y["budget"].is_null() || !y["actual"].is_null())
        .map(|y| {
            serde_json::json!([
                code_of(&y["initiative_id"]),
                y["year"],
                y["budget"],
                y["actual"]
            ])
        })
        .collect();
    years.sort_by_key(|y| y.to_string());
    serde_json::json!({"initiatives": initiatives, "years": years})
}

fn initiative<'a>(doc: &'a Value, code: &str) -> &'a Value {
    table(doc, "initiative")
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("no initiative {code}"))
}

fn budget(doc: &Value, code: &str, year: i64) -> (Value, Value) {
    let id = &initiative(doc, code)["id"];
    let y = table(doc, "initiative_year")
        .iter()
        .find(|y| &y["initiative_id"] == id && y["year"] == year)
        .unwrap_or_else(|| panic!("no {year} for {code}"));
    (y["budget"].clone(), y["actual"].clone())
}

const DANISH: &str = "\u{feff}Fokusområde;Nr.;Titel;Ansvarlig;Fase;Start;Slut;Budget 2026;Forbrug 2026;Budget 2027\r\n\
1 Digital velfærd;1.1;Sammenhængende borgerforløb;Åse Østergård;Implementering;01-02-2026;31.12.2027;1.250.000,00;312.500,50;2.000.000\r\n\
1 Digital velfærd;1.10;\"Data; deling og AI\";;analyse;2026-03-01;;750.000;;\r\n\
;;;;;;;;;\r\n\
2. Infrastruktur;2.1;Fælles log-in;Bo;Drift;;;1 500 000 kr.;;\r\n\
Infrastruktur;2.2;Netværk;;udbud;;;;;\r\n\
;9;Uden fokus;;;;;;;\r\n";

#[test]
fn danish_csv_with_bom_semicolons_and_decimal_commas() {
    let dir = tempfile::tempdir().unwrap();
    let ws = new_ws(dir.path(), "ws.steerco");
    // One krone and fifty øre is not whole kroner: first refused, row 2 named.
    let file = write(dir.path(), "portefølje.csv", DANISH.as_bytes());
    let err = refused(&ws, &["import", "spreadsheet", &file]);
    assert!(
        err.contains("row 2: forbrug 2026") || err.contains("row 2: actual 2026"),
        "{err}"
    );
    assert!(err.contains("312.500,50"), "{err}");
    let fixed = DANISH.replace("312.500,50", "312.500,00");
    let file = write(dir.path(), "portefølje.csv", fixed.as_bytes());

    let preview = steerco(&ws, &["import", "spreadsheet", &file, "--preview"]);
    assert!(
        preview.contains("would import: 5 new, 0 updated, 0 unchanged, 0 bad"),
        "{preview}"
    );
    assert!(
        preview.contains("new focus area 1 Digital velfærd"),
        "{preview}"
    );
    assert!(
        table(&export(&ws), "initiative").is_empty(),
        "a preview writes nothing"
    );

    let out = steerco(&ws, &["import", "spreadsheet", &file]);
    assert!(out.contains("imported: 5 new"), "{out}");
    let doc = export(&ws);
    let i = initiative(&doc, "1.1");
    assert_eq!(i["title"], "Sammenhængende borgerforløb");
    assert_eq!(i["lead"], "Åse Østergård");
    assert_eq!(i["phase"], "implementation");
    assert_eq!(i["start_date"], "2026-02-01");
    assert_eq!(i["end_date"], "2027-12-31");
    assert_eq!(initiative(&doc, "1.10")["title"], "Data; deling og AI");
    assert_eq!(
        budget(&doc, "1.1", 2026),
        (1_250_000.into(), 312_500.into())
    );
    assert_eq!(budget(&doc, "1.1", 2027), (2_000_000.into(), Value::Null));
    assert_eq!(budget(&doc, "2.1", 2026), (1_500_000.into(), Value::Null));
    // Focus areas: "2. Infrastruktur" and "Infrastruktur" are one, created once.
    let mut areas: Vec<(i64, String)> = table(&doc, "focus_area")
        .iter()
        .map(|a| {
            (
                a["number"].as_i64().unwrap(),
                a["name_da"].as_str().unwrap().into(),
            )
        })
        .collect();
    areas.sort();
    assert_eq!(
        areas,
        vec![(1, "Digital velfærd".into()), (2, "Infrastruktur".into())]
    );
    let two = &table(&doc, "focus_area")
        .iter()
        .find(|a| a["number"] == 2)
        .unwrap()["id"];
    assert_eq!(&initiative(&doc, "2.2")["focus_area_id"], two);
    assert!(initiative(&doc, "9")["focus_area_id"].is_null());
}

#[test]
fn windows_1252_csv_with_commas_and_english_headers() {
    let dir = tempfile::tempdir().unwrap();
    let ws = new_ws(dir.path(), "ws.steerco");
    // "Sundhed på tværs" and "Søren Ærø" in Windows-1252: æ, ø, å, Æ are
    // single bytes that are not valid UTF-8.
    let bytes: &[u8] = b"Focus area,Code,Title,Lead,Phase,Start,End,Budget 2026,Actual 2026\r\n\
3 Sundhed,3.1,Sundhed p\xE5 tv\xE6rs,S\xF8ren \xC6r\xF8,Tender,15-01-2026,30-06-2026,\"1,250,000\",0\r\n";
    let file = write(dir.path(), "sheet.csv", bytes);
    steerco(&ws, &["import", "spreadsheet", &file]);
    let doc = export(&ws);
    let i = initiative(&doc, "3.1");
    assert_eq!(i["title"], "Sundhed på tværs");
    assert_eq!(i["lead"], "Søren Ærø");
    assert_eq!(i["phase"], "tender");
    assert_eq!(i["start_date"], "2026-01-15");
    assert_eq!(budget(&doc, "3.1", 2026), (1_250_000.into(), 0.into()));
}

/// LibreOffice headless, with a profile of its own in `dir`.
fn soffice(dir: &Path, args: &[&str]) {
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let out = Command::new("soffice")
        .args(["--headless", "--norestore", &profile])
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run soffice ({e}): install libreoffice-calc-nogui (tools/setup)")
        });
    assert!(
        out.status.success(),
        "soffice {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn xlsx_written_by_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let ws = new_ws(dir.path(), "ws.steerco");
    // A Danish CSV turned into XLSX by LibreOffice: the code column as text
    // (column 2 type 2), start and end as day-month-year dates (type 4), so
    // the workbook holds real date cells and number cells as Excel would.
    let csv = "Fokusområde;Nr.;Titel;Ansvarlig;Fase;Start;Slut;Budget 2026;Forbrug 2026\n\
4 Data;4.10;Datadeling;Ida;Analyse;01-03-2026;31-12-2026;450000;12000\n\
4 Data;4.2;Åbne data;;Drift;15-06-2025;;;\n";
    let src = write(dir.path(), "ark.csv", csv.as_bytes());
    soffice(
        dir.path(),
        &[
            "--infilter=CSV:59,34,76,1,2/2/6/4/7/4",
            "--convert-to",
            "xlsx",
            "--outdir",
            dir.path().to_str().unwrap(),
            &src,
        ],
    );
    // Named .dat: the content, not the name, says it is XLSX.
    let xlsx = dir.path().join("ark.dat");
    std::fs::rename(dir.path().join("ark.xlsx"), &xlsx).unwrap();
    steerco(&ws, &["import", "spreadsheet", xlsx.to_str().unwrap()]);
    let doc = export(&ws);
    let i = initiative(&doc, "4.10");
    assert_eq!(i["title"], "Datadeling");
    assert_eq!(i["phase"], "analysis");
    assert_eq!(i["start_date"], "2026-03-01");
    assert_eq!(i["end_date"], "2026-12-31");
    assert_eq!(budget(&doc, "4.10", 2026), (450_000.into(), 12_000.into()));
    assert_eq!(initiative(&doc, "4.2")["start_date"], "2025-06-15");
}

#[test]
fn bad_rows_are_refused_by_row_number_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = new_ws(dir.path(), "ws.steerco");
    steerco(
        &ws,
        &[
            "import",
            "spreadsheet",
            &write(dir.path(), "a.csv", b"Nr.;Titel\n1.1;Eksisterende\n"),
        ],
    );
    let before = steerco(&ws, &["export", "json"]);
    // Row 2 good; 3 a bad date; (4 blank); 5 a bad phase and a bad amount;
    // 6 no title; 7 the code of row 2; 8 an existing code changed without
    // --update; 9 a focus area number that does not exist; 10 end before start.
    let csv = "Fokusområde;Nr.;Titel;Fase;Start;Slut;Budget 2026\n\
;2.1;God;;;;\n\
;2.2;Dårlig dato;;32-01-2026;;\n\
;;;;;;\n\
;2.3;Dårlig fase;færdig;;;mange penge\n\
;2.4;;;;;\n\
;2.1;Igen;;;;\n\
;1.1;Ny titel;;;;\n\
7;2.5;Uden område;;;;\n\
;2.6;Baglæns;;01-02-2026;01-01-2026;\n";
    let file = write(dir.path(), "bad.csv", csv.as_bytes());
    let err = refused(&ws, &["import", "spreadsheet", &file]);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    for expected in [
        "row 3: start: \"32-01-2026\" is not a date",
        "row 5: \"færdig\" is not a phase",
        "\"mange penge\" is not an amount",
        "row 6: a new initiative needs a title",
        "row 7: code 2.1 is in row 2 already",
        "row 8: initiative 1.1 exists and differs",
        "row 9: no focus area number 7",
        "row 10: the end date 2026-01-01 is before the start date 2026-02-01",
    ] {
        assert!(err.contains(expected), "{expected:?} not in {err}");
    }
    assert!(!err.contains("row 2:") && !err.contains("row 4:"), "{err}");
    assert_eq!(steerco(&ws, &["export", "json"]), before, "nothing changed");

    // The preview shows the same, changes nothing and is not a refusal.
    let preview = steerco(
        &ws,
        &["import", "spreadsheet", &file, "--preview", "--json"],
    );
    let p: Value = serde_json::from_str(&preview).unwrap();
    assert_eq!(p["bad"], 7);
    assert_eq!(p["new"], 1);
    let rows: Vec<i64> = p["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"].as_i64().unwrap())
        .collect();
    assert_eq!(rows, vec![2, 3, 5, 6, 7, 8, 9, 10]);
    assert_eq!(p["rows"][1]["outcome"]["kind"], "bad");
    assert_eq!(p["rows"][1]["outcome"]["problems"][0]["code"], "bad_date");
    assert_eq!(steerco(&ws, &["export", "json"]), before);

    // A file that is no spreadsheet, and one without a code column.
    let err = refused(
        &ws,
        &[
            "import",
            "spreadsheet",
            &write(dir.path(), "x.csv", b"Titel;Fase\nA;drift\n"),
        ],
    );
    assert!(err.contains("no code column"), "{err}");
    let err = refused(
        &ws,
        &[
            "import",
            "spreadsheet",
            &write(dir.path(), "x.xlsx", b"PK\x03\x04 broken"),
        ],
    );
    assert!(err.contains("not a spreadsheet"), "{err}");
    assert_eq!(steerco(&ws, &["export", "json"]), before);
}

#[test]
fn an_existing_code_changes_only_with_update_and_blanks_keep_values() {
    let dir = tempfile::tempdir().unwrap();
    let ws = new_ws(dir.path(), "ws.steerco");
    let first = "Nr.;Titel;Ansvarlig;Fase;Budget 2026;Forbrug 2026\n\
5.1;Første;Anna;analyse;100;10\n\
5.2;Anden;Bo;drift;200;\n";
    let file = write(dir.path(), "first.csv", first.as_bytes());
    steerco(&ws, &["import", "spreadsheet", &file]);
    // The same file again: every row unchanged, allowed without --update.
    let out = steerco(&ws, &["import", "spreadsheet", &file]);
    assert!(
        out.contains("0 new, 0 updated, 2 unchanged, 0 bad"),
        "{out}"
    );

    // 5.1: a new title, lead blank (kept), budget changed, actual blank (kept).
    let second = "Nr.;Titel;Ansvarlig;Fase;Budget 2026;Forbrug 2026\n\
5.1;Første, rettet;;;150;\n\
5.2;Anden;Bo;drift;200;\n\
5.3;Tredje;;;;\n";
    let file = write(dir.path(), "second.csv", second.as_bytes());
    let before = steerco(&ws, &["export", "json"]);
    let err = refused(&ws, &["import", "spreadsheet", &file]);
    assert!(
        err.contains("row 2: initiative 5.1 exists and differs"),
        "{err}"
    );
    assert_eq!(steerco(&ws, &["export", "json"]), before);

    let preview = steerco(
        &ws,
        &["import", "spreadsheet", &file, "--update", "--preview"],
    );
    assert!(preview.contains("title, budget 2026"), "{preview}");
    let out = steerco(&ws, &["import", "spreadsheet", &file, "--update"]);
    assert!(
        out.contains("1 new, 1 updated, 1 unchanged, 0 bad"),
        "{out}"
    );
    let doc = export(&ws);
    let i = initiative(&doc, "5.1");
    assert_eq!(i["title"], "Første, rettet");
    assert_eq!(i["lead"], "Anna");
    assert_eq!(i["phase"], "analysis");
    assert_eq!(budget(&doc, "5.1", 2026), (150.into(), 10.into()));
    assert_eq!(initiative(&doc, "5.3")["title"], "Tredje");
}

#[test]
fn a_focus_area_is_renamed_only_with_update() {
    let dir = tempfile::tempdir().unwrap();
    let ws = new_ws(dir.path(), "ws.steerco");
    let first = "Fokusområde;Nr.;Titel\n1 Gammelt navn;1.1;A\n";
    steerco(
        &ws,
        &[
            "import",
            "spreadsheet",
            &write(dir.path(), "1.csv", first.as_bytes()),
        ],
    );
    let second = "Fokusområde;Nr.;Titel\n1 Nyt navn;1.1;A\nNyt navn;1.2;B\n";
    let file = write(dir.path(), "2.csv", second.as_bytes());
    let before = steerco(&ws, &["export", "json"]);
    let err = refused(&ws, &["import", "spreadsheet", &file]);
    assert!(
        err.contains("row 2: focus area 1 is named \"Gammelt navn\"; import with --update to rename it to \"Nyt navn\""),
        "{err}"
    );
    assert_eq!(steerco(&ws, &["export", "json"]), before);
    let out = steerco(&ws, &["import", "spreadsheet", &file, "--update"]);
    assert!(
        out.contains("rename focus area 1 from \"Gammelt navn\" to \"Nyt navn\""),
        "{out}"
    );
    let doc = export(&ws);
    let areas = table(&doc, "focus_area");
    assert_eq!(areas.len(), 1);
    assert_eq!(areas[0]["name_da"], "Nyt navn");
    // The name alone finds the renamed area.
    assert_eq!(initiative(&doc, "1.2")["focus_area_id"], areas[0]["id"]);
}

#[test]
fn export_and_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    // A portfolio made from a sheet, then edited through the CLI. (Not the
    // demo: its initiatives without a verified title have no title, and an
    // import asks every new initiative for one.)
    let a = new_ws(dir.path(), "a.steerco");
    let first = DANISH.replace("312.500,50", "312.500,00");
    steerco(
        &a,
        &[
            "import",
            "spreadsheet",
            &write(dir.path(), "first.csv", first.as_bytes()),
        ],
    );
    steerco(
        &a,
        &[
            "initiative",
            "add",
            "--code",
            "1.2",
            "--title",
            "Tilføjet",
            "--focus-area",
            "1",
            "--lead",
            "Kim",
        ],
    );
    steerco(
        &a,
        &[
            "initiative",
            "budget",
            "1.2",
            "--year",
            "2025",
            "--budget",
            "42",
        ],
    );
    // A title a spreadsheet program would take for a formula, and an
    // initiative without a focus area.
    steerco(
        &a,
        &[
            "initiative",
            "add",
            "--code",
            "99",
            "--title",
            "=Ikke en formel",
            "--phase",
            "tender",
        ],
    );
    steerco(
        &a,
        &[
            "initiative",
            "budget",
            "99",
            "--year",
            "2030",
            "--actual",
            "5",
        ],
    );
    let xlsx = dir.path().join("portefølje.xlsx");
    let csv = dir.path().join("portefølje.csv");
    steerco(&a, &["export", "spreadsheet", "-o", xlsx.to_str().unwrap()]);
    steerco(&a, &["export", "spreadsheet", "-o", csv.to_str().unwrap()]);
    // LibreOffice reads the XLSX as written: codes as text, dates as dates.
    soffice(
        dir.path(),
        &[
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76",
            "--outdir",
            dir.path().join("lo").to_str().unwrap(),
            xlsx.to_str().unwrap(),
        ],
    );
    let seen = std::fs::read_to_string(dir.path().join("lo/portefølje.csv")).unwrap();
    assert!(
        seen.contains("1 Digital velfærd;1.10;\"Data; deling og AI\";;Analyse;01-03-2026;"),
        "{seen}"
    );
    let expected = portfolio(&export(&a));
    assert_eq!(expected["initiatives"].as_array().unwrap().len(), 7);

    for (name, file) in [("b.steerco", &xlsx), ("c.steerco", &csv)] {
        let ws = new_ws(dir.path(), name);
        steerco(&ws, &["import", "spreadsheet", file.to_str().unwrap()]);
        assert_eq!(portfolio(&export(&ws)), expected, "{}", file.display());
        // Importing its own export again changes nothing.
        let out = steerco(&ws, &["import", "spreadsheet", file.to_str().unwrap()]);
        assert!(out.contains("0 new, 0 updated"), "{out}");
        // And it exports the same sheet.
        let again = dir.path().join(format!("{name}.csv"));
        steerco(
            &ws,
            &["export", "spreadsheet", "-o", again.to_str().unwrap()],
        );
        assert_eq!(
            std::fs::read(&again).unwrap(),
            std::fs::read(&csv).unwrap(),
            "{name}"
        );
    }
    let sheet = std::fs::read_to_string(&csv).unwrap();
    assert!(
        sheet.starts_with("\u{feff}Fokusområde;Nr.;Titel;"),
        "{sheet}"
    );
    assert!(sheet.contains(";99;'=Ikke en formel;;Udbud;"), "{sheet}");

    // A name that says neither format is refused.
    let err = refused(&a, &["export", "spreadsheet", "-o", "x.ods"]);
    assert!(err.contains(".xlsx or .csv"), "{err}");
}
