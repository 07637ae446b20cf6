//! What an attached file is, told from its name and first bytes: a media
//! type guess (for the viewer a later slice opens documents in), and whether
//! it could run. A file that could run is offered for saving, never opened:
//! opening a `.desktop` file or a script from a paper would run it.

/// Extensions of files a desktop runs, or hands to an interpreter, when
/// they are opened (Linux, Windows, macOS), in lowercase.
const RUNNABLE: &[&str] = &[
    "desktop", "sh", "bash", "zsh", "ksh", "csh", "fish", "command", "run", "bin", "appimage",
    "exe", "com", "scr", "pif", "bat", "cmd", "ps1", "psm1", "psd1", "vbs", "vbe", "js", "jse",
    "mjs", "wsf", "wsh", "hta", "cpl", "msc", "msi", "msp", "msix", "appx", "reg", "lnk", "url",
    "inf", "dll", "sys", "jar", "py", "pyw", "pl", "rb", "php", "lua", "tcl", "app", "pkg", "dmg",
    "scpt", "workflow", "deb", "rpm", "apk", "elf", "so", "dylib", "ko", "xpi", "crx",
];

/// Whether a file named `name` starting with `head` could run: by its
/// extension, a `#!` line, or a native executable's magic number.
pub fn could_run(name: &str, head: &[u8]) -> bool {
    let by_name = extension(name).is_some_and(|e| RUNNABLE.contains(&e.as_str()));
    let magic: &[&[u8]] = &[
        b"#!",
        b"MZ",               // Windows PE
        b"\x7fELF",          // Linux, BSD
        b"\xfe\xed\xfa\xce", // Mach-O 32
        b"\xfe\xed\xfa\xcf", // Mach-O 64
        b"\xce\xfa\xed\xfe", // Mach-O 32, little-endian
        b"\xcf\xfa\xed\xfe", // Mach-O 64, little-endian
        b"\xca\xfe\xba\xbe", // Mach-O universal (and Java classes)
    ];
    by_name || magic.iter().any(|m| head.starts_with(m))
}

/// Whether the name alone says the file could run (a check that needs no
/// content: another replica's row may arrive before its blob).
pub fn name_could_run(name: &str) -> bool {
    could_run(name, &[])
}

/// A media type for a file named `name` starting with `head`.
pub fn media_type(name: &str, head: &[u8]) -> &'static str {
    if head.starts_with(b"%PDF-") {
        return "application/pdf";
    }
    let types: &[(&str, &str)] = &[
        ("pdf", "application/pdf"),
        ("doc", "application/msword"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("xls", "application/vnd.ms-excel"),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("ppt", "application/vnd.ms-powerpoint"),
        (
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("odt", "application/vnd.oasis.opendocument.text"),
        ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("odp", "application/vnd.oasis.opendocument.presentation"),
        ("rtf", "application/rtf"),
        ("txt", "text/plain"),
        ("md", "text/markdown"),
        ("csv", "text/csv"),
        ("html", "text/html"),
        ("htm", "text/html"),
        ("xml", "application/xml"),
        ("json", "application/json"),
        ("png", "image/png"),
        ("jpg", "image/jpeg"),
        ("jpeg", "image/jpeg"),
        ("gif", "image/gif"),
        ("webp", "image/webp"),
        ("svg", "image/svg+xml"),
        ("zip", "application/zip"),
        ("eml", "message/rfc822"),
        ("msg", "application/vnd.ms-outlook"),
        ("ics", "text/calendar"),
    ];
    extension(name)
        .and_then(|e| types.iter().find(|(x, _)| *x == e).map(|(_, t)| *t))
        .unwrap_or("application/octet-stream")
}

/// The extension after the last dot, in lowercase (none for ".profile").
fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_could_run_is_told_by_name_or_first_bytes() {
        for name in [
            "start.desktop",
            "x.SH",
            "setup.exe",
            "a.b.ps1",
            "tool.JAR",
            "s.py",
        ] {
            assert!(could_run(name, b"hello"), "{name}");
        }
        assert!(could_run("notes.txt", b"#!/bin/sh\necho hi"));
        assert!(could_run("report", b"\x7fELF\x02\x01"));
        assert!(could_run("paper.pdf", b"MZ\x90\x00"));
        for name in ["budget.pdf", "minutes.docx", "sh", ".profile", "plain"] {
            assert!(!could_run(name, b"%PDF-1.7"), "{name}");
        }
        assert!(name_could_run("x.desktop"));
        assert!(!name_could_run("x.pdf"));
    }

    #[test]
    fn media_types_come_from_content_or_name() {
        assert_eq!(media_type("scan", b"%PDF-1.4"), "application/pdf");
        assert_eq!(media_type("Budget.XLSX", b"PK"), types_xlsx());
        assert_eq!(media_type("blob.unknown", b""), "application/octet-stream");
    }

    fn types_xlsx() -> &'static str {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    }
}
