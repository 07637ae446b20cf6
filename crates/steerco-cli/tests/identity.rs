//! Whom changes are credited to, through the real binary: `--as`, then
//! STEERCO_USER, then the installation's identity (the data folder the app
//! shares), then the login name. One-run identities are never remembered, and
//! nothing already recorded is rewritten.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

struct Install {
    _dir: tempfile::TempDir,
    data: PathBuf,
    ws: PathBuf,
}

impl Install {
    fn new() -> Install {
        let dir = tempfile::tempdir().unwrap();
        Install {
            data: dir.path().join("data"),
            ws: dir.path().join("ws.steerco"),
            _dir: dir,
        }
    }

    /// Runs the CLI as login "frederik" with this installation's data folder;
    /// `env` adds variables (STEERCO_USER).
    fn run(&self, ws: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
        let data = self.data.to_str().unwrap();
        let mut all = vec![("STEERCO_DATA_DIR", data), ("USER", "frederik")];
        all.extend_from_slice(env);
        let unset: &[&str] = if env.iter().any(|(k, _)| *k == "STEERCO_USER") {
            &["USERNAME"]
        } else {
            &["USERNAME", "STEERCO_USER"]
        };
        common::steerco(ws, &all, unset, args).trim().to_string()
    }

    fn add(&self, code: &str, env: &[(&str, &str)], extra: &[&str]) {
        let mut args = vec!["initiative", "add", "--code", code, "--title", "T"];
        args.extend_from_slice(extra);
        self.run(&self.ws, env, &args);
    }

    /// Who the log credits with adding initiative `code`.
    fn author(&self, code: &str) -> String {
        let out = self.run(&self.ws, &[], &["initiative", "history", code, "--json"]);
        let history: Value = serde_json::from_str(&out).unwrap();
        let entries = history.as_array().unwrap();
        let insert = entries.iter().find(|e| e["op"] == "insert").unwrap();
        insert["author"].as_str().unwrap().to_string()
    }
}

#[test]
fn flag_then_env_then_installation_then_login() {
    let i = Install::new();
    i.run(&i.ws, &[], &["init", "--name", "Identities"]);
    i.add("1.1", &[], &[]);
    assert_eq!(
        i.author("1.1"),
        "frederik",
        "no identity yet: the login name"
    );

    assert_eq!(
        i.run(&i.ws, &[], &["person", "me", "--set", "Formand Frederik"]),
        "Formand Frederik"
    );
    i.add("1.2", &[], &[]);
    assert_eq!(
        i.author("1.2"),
        "Formand Frederik",
        "the installation's identity beats the login"
    );

    let env = [("STEERCO_USER", "Sekretær Sofie")];
    i.add("1.3", &env, &[]);
    assert_eq!(
        i.author("1.3"),
        "Sekretær Sofie",
        "STEERCO_USER beats the installation"
    );
    i.add("1.4", &env, &["--as", "Gæst Gustav"]);
    assert_eq!(i.author("1.4"), "Gæst Gustav", "--as beats STEERCO_USER");

    i.add("1.5", &[], &[]);
    assert_eq!(
        i.author("1.5"),
        "Formand Frederik",
        "one-run identities are not remembered"
    );
    assert_eq!(i.run(&i.ws, &[], &["person", "me"]), "Formand Frederik");
    assert_eq!(i.author("1.1"), "frederik", "history is not rewritten");

    // The installation's identity lives in the data folder the app reads.
    let settings: Value =
        serde_json::from_str(&std::fs::read_to_string(i.data.join("settings.json")).unwrap())
            .unwrap();
    assert_eq!(settings["my_name"], "Formand Frederik");
}

#[test]
fn a_workspace_remembering_another_person_still_credits_the_installation_identity() {
    let i = Install::new();
    // Made by another installation of the same login (no identity there).
    let elsewhere = Install::new();
    elsewhere.run(&i.ws, &[], &["init", "--name", "Elsewhere"]);
    i.run(&i.ws, &[], &["person", "me", "--set", "Formand Frederik"]);
    // That bound this workspace too; a second one made elsewhere is not.
    let other_ws = i.ws.with_file_name("other.steerco");
    elsewhere.run(&other_ws, &[], &["init", "--name", "Other"]);
    i.run(
        &other_ws,
        &[],
        &["initiative", "add", "--code", "2.1", "--title", "T"],
    );
    let out = i.run(&other_ws, &[], &["initiative", "history", "2.1", "--json"]);
    let history: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(history[0]["author"], "Formand Frederik");
}
