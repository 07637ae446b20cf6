//! The files generated from the command list are fresh. With
//! UPDATE_BINDINGS=1 (`make bindings`) this test rewrites them instead.

use std::path::{Path, PathBuf};

use steerco_app_core::generate;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn check(rel: &str, expected: &str) {
    let path = repo(rel);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, expected).unwrap();
        return;
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "{rel} is stale: run `make bindings` and commit the result"
    );
}

#[test]
fn generated_files_are_fresh() {
    let bindings = steerco_app_core::bindings::generate();
    check("ui/src/lib/bindings.ts", &bindings);
    check(
        "ui/src/lib/commands.ts",
        &generate::typescript_client(&bindings),
    );
    check("src-tauri/src/command_names.in", &generate::command_names());
    check(
        "src-tauri/capabilities/main.json",
        &generate::capabilities(),
    );
}

#[test]
fn names_are_unique_and_snake_case() {
    let mut names: Vec<&str> = steerco_app_core::COMMANDS.iter().map(|c| c.name).collect();
    let n = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), n, "a command is declared twice");
    for name in names {
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{name}"
        );
    }
}
