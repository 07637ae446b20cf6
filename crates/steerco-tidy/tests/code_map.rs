//! ARCHITECTURE.md's code map stays true: every crate it names exists, every
//! crate has its entry (and a line in the root Cargo.toml's crate list), and
//! every file or folder it names in backticks exists where its entry says.
//! Every member shares the workspace lints.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn read(rel: &str) -> String {
    fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// One top-level bullet of the code map with its nested lines.
struct Entry {
    /// The first name in backticks, without a trailing slash: `crates/steerco-store`.
    root: String,
    /// Its line in ARCHITECTURE.md (1-based), for messages.
    line: usize,
    text: String,
}

fn code_map() -> Vec<Entry> {
    let doc = read("ARCHITECTURE.md");
    let mut entries: Vec<Entry> = Vec::new();
    let mut inside = false;
    for (i, line) in doc.lines().enumerate() {
        if line.starts_with("## ") {
            inside = line.trim() == "## Code map";
            continue;
        }
        if !inside {
            continue;
        }
        if let Some(rest) = line.strip_prefix("- ") {
            let root = backticked(rest).into_iter().next().unwrap_or_else(|| {
                panic!(
                    "ARCHITECTURE.md:{}: a code map entry starts with a path in backticks",
                    i + 1
                )
            });
            entries.push(Entry {
                root: root.trim_end_matches('/').to_string(),
                line: i + 1,
                text: line.to_string(),
            });
        } else if let Some(e) = entries.last_mut() {
            e.text.push(' ');
            e.text.push_str(line.trim());
        }
    }
    assert!(
        !entries.is_empty(),
        "ARCHITECTURE.md has no \"## Code map\" section"
    );
    entries
}

fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// A name in backticks that is a file or folder of the repository (not an
/// identifier, a command, a URL path or a pattern).
fn is_path(tok: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        ".rs", ".ts", ".js", ".svelte", ".json", ".yaml", ".toml", ".sql", ".in", ".py", ".md",
    ];
    !tok.starts_with('/')
        && tok
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c))
        && (tok.contains('/') || EXTENSIONS.iter().any(|x| tok.ends_with(x)))
}

/// The crates of the workspace: crates/* with a Cargo.toml.
fn crates() -> BTreeSet<String> {
    fs::read_dir(repo().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn every_crate_has_its_entry_and_every_entry_exists() {
    let entries = code_map();
    let mut problems = Vec::new();
    for e in &entries {
        if !repo().join(&e.root).exists() {
            problems.push(format!(
                "ARCHITECTURE.md:{}: `{}` does not exist",
                e.line, e.root
            ));
        }
    }
    let named: BTreeSet<&str> = entries.iter().map(|e| e.root.as_str()).collect();
    for c in crates() {
        let root = format!("crates/{c}");
        if !named.contains(root.as_str()) {
            problems.push(format!(
                "ARCHITECTURE.md: the code map has no entry for `{root}`"
            ));
        }
    }
    if !named.contains("src-tauri") {
        problems.push("ARCHITECTURE.md: the code map has no entry for `src-tauri/`".into());
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Where a name in an entry may be: the entry's `src/`, the entry's folder,
/// `crates/`, the repository root, or a folder the entry named before it
/// (`ops/` then `risk.rs`; `steerco-sync/src/server/` then `client.rs`).
/// A module `x.rs` may be `x/mod.rs`.
fn resolve(entry_root: &Path, earlier_dirs: &[PathBuf], tok: &str) -> Option<PathBuf> {
    let repo = repo();
    let mut bases = vec![
        entry_root.join("src"),
        entry_root.to_path_buf(),
        repo.join("crates"),
        repo.clone(),
    ];
    bases.extend(earlier_dirs.iter().cloned());
    for base in bases {
        let p = base.join(tok);
        let found = if tok.ends_with('/') {
            p.is_dir()
        } else {
            p.exists()
        };
        if found {
            return Some(p);
        }
        if let Some(module) = tok.strip_suffix(".rs") {
            let p = base.join(module).join("mod.rs");
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

#[test]
fn every_path_in_the_code_map_exists_in_its_entry() {
    let mut problems = Vec::new();
    for e in code_map() {
        let root = repo().join(&e.root);
        let mut dirs: Vec<PathBuf> = Vec::new();
        for tok in backticked(&e.text).into_iter().skip(1) {
            if !is_path(&tok) {
                continue;
            }
            match resolve(&root, &dirs, &tok) {
                Some(p) if p.is_dir() => dirs.push(p),
                Some(_) => {}
                None => problems.push(format!(
                    "ARCHITECTURE.md:{}: `{tok}` is listed under `{}` but is not there",
                    e.line, e.root
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_root_cargo_toml_lists_every_crate() {
    let toml = read("Cargo.toml");
    let listed: BTreeSet<String> = toml
        .lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| {
            let name = l.trim_start_matches('#').split(':').next()?.trim();
            name.starts_with("steerco-").then(|| name.to_string())
        })
        .collect();
    let crates = crates();
    assert_eq!(
        listed, crates,
        "the crate list at the top of Cargo.toml (`#   name : what`) differs from crates/"
    );
}

#[test]
fn every_member_shares_the_workspace_lints() {
    let mut members: Vec<String> = crates()
        .into_iter()
        .map(|c| format!("crates/{c}"))
        .collect();
    members.push("src-tauri".into());
    let missing: Vec<String> = members
        .into_iter()
        .filter(|m| {
            let toml = read(&format!("{m}/Cargo.toml"));
            !toml.contains("\n[lints]\nworkspace = true\n")
        })
        .collect();
    assert!(
        missing.is_empty(),
        "no `[lints] workspace = true` in: {}",
        missing.join(", ")
    );
}
