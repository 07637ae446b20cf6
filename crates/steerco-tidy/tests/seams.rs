//! Test seams stay in test builds (issue #16, point 11): no crate turns one on
//! by default or through a normal dependency, and the Makefile's `run` and
//! `bench` build what a user runs without any. The seams are the Cargo
//! features below; what a release binary still holds of them is checked by
//! tools/seam-free in `make bench` (the names of their environment variables).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Features that exist for tests only.
const SEAMS: [&str; 4] = ["test-clock", "test-seams", "failpoints", "wrong-merge"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Every member's Cargo.toml, relative to the repo.
fn manifests() -> Vec<String> {
    let mut out = vec!["src-tauri/Cargo.toml".to_string()];
    for e in std::fs::read_dir(repo().join("crates")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if e.path().join("Cargo.toml").is_file() {
            out.push(format!("crates/{name}/Cargo.toml"));
        }
    }
    out.sort();
    out
}

/// The lines of each `[section]` of a TOML file (enough for Cargo.toml:
/// headers on their own lines, comments dropped).
fn sections(toml: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = vec![(String::new(), Vec::new())];
    for line in toml.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.starts_with('[') && line.ends_with(']') && !line.contains('=') {
            out.push((line.trim_matches(['[', ']']).trim().to_string(), Vec::new()));
        } else if !line.is_empty() {
            out.last_mut().unwrap().1.push(line.to_string());
        }
    }
    out
}

/// `[features]`: each feature and what it turns on (arrays may span lines).
fn features(toml: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (name, lines) in sections(toml) {
        if name != "features" {
            continue;
        }
        let joined = lines.join(" ");
        for entry in joined.split(']') {
            let Some((key, items)) = entry.split_once('=') else {
                continue;
            };
            let items = items
                .trim()
                .trim_start_matches('[')
                .split(',')
                .map(|i| i.trim().trim_matches('"').to_string())
                .filter(|i| !i.is_empty())
                .collect();
            out.insert(key.trim().trim_matches('"').to_string(), items);
        }
    }
    out
}

/// The seams a feature turns on, directly or through other features of the
/// crate (`dep/feature` and `dep?/feature` by the feature's name).
fn seams_of(features: &BTreeMap<String, Vec<String>>, feature: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![feature.to_string()];
    let mut found = BTreeSet::new();
    while let Some(f) = todo.pop() {
        if !seen.insert(f.clone()) || f.starts_with("dep:") {
            continue;
        }
        let own = f.rsplit('/').next().unwrap_or(&f);
        if SEAMS.contains(&own) {
            found.insert(f.clone());
        }
        if !f.contains('/') {
            todo.extend(features.get(&f).into_iter().flatten().cloned());
        }
    }
    found
}

/// Seams named in the dependency tables of a normal or build dependency:
/// those would be in every build. Dev-dependencies may name them (resolver
/// 2 keeps their features out of the binaries).
fn seams_in_dependencies(toml: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (name, lines) in sections(toml) {
        let deps = name.ends_with("dependencies") || name.contains("dependencies.");
        if !deps || name.contains("dev-dependencies") {
            continue;
        }
        for line in lines {
            if SEAMS.iter().any(|s| line.contains(&format!("\"{s}\""))) {
                out.push(format!("[{name}] {line}"));
            }
        }
    }
    out
}

/// A Makefile's variables, rules (prerequisites) and recipes, with `\`
/// continuations joined.
struct Makefile {
    vars: BTreeMap<String, String>,
    prereqs: BTreeMap<String, Vec<String>>,
    recipes: BTreeMap<String, Vec<String>>,
}

impl Makefile {
    fn parse(text: &str) -> Makefile {
        let joined = text.replace("\\\n", " ");
        let mut m = Makefile {
            vars: BTreeMap::new(),
            prereqs: BTreeMap::new(),
            recipes: BTreeMap::new(),
        };
        let mut target: Option<String> = None;
        for line in joined.lines() {
            if let Some(recipe) = line.strip_prefix('\t') {
                if let Some(t) = &target {
                    m.recipes.entry(t.clone()).or_default().push(recipe.into());
                }
                continue;
            }
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let line = line.strip_prefix("export ").unwrap_or(line);
            let assign = [":=", "?=", "="]
                .iter()
                .filter_map(|op| line.find(op).map(|at| (at, op.len())))
                .min();
            let colon = line.find(':');
            match (assign, colon) {
                (Some((at, len)), c) if c.is_none_or(|c| c >= at) => {
                    let name = line[..at].trim().to_string();
                    m.vars.insert(name, line[at + len..].trim().to_string());
                    target = None;
                }
                (_, Some(c)) => {
                    let name = line[..c].trim().to_string();
                    let deps = line[c + 1..].split_whitespace().map(String::from);
                    m.prereqs.insert(name.clone(), deps.collect());
                    target = Some(name);
                }
                _ => target = None,
            }
        }
        m
    }

    /// `$(NAME)` replaced by its value, repeatedly (unknown names: empty).
    fn expand(&self, text: &str) -> String {
        let mut s = text.to_string();
        for _ in 0..20 {
            let Some(start) = s.find("$(") else { break };
            let Some(len) = s[start..].find(')') else {
                break;
            };
            let name = &s[start + 2..start + len];
            let value = self.vars.get(name).cloned().unwrap_or_default();
            s.replace_range(start..=start + len, &value);
        }
        s
    }

    /// What `make target` runs: its recipe and its prerequisites', expanded.
    fn runs(&self, target: &str) -> String {
        let mut seen = BTreeSet::new();
        let mut todo = vec![target.to_string()];
        let mut out = Vec::new();
        while let Some(t) = todo.pop() {
            if seen.insert(t.clone()) {
                out.extend(self.recipes.get(&t).into_iter().flatten().cloned());
                todo.extend(self.prereqs.get(&t).into_iter().flatten().cloned());
            }
        }
        self.expand(&out.join("\n"))
    }
}

fn seams_named(text: &str) -> Vec<&'static str> {
    SEAMS.into_iter().filter(|s| text.contains(s)).collect()
}

#[test]
fn no_crate_turns_a_seam_on_by_default_or_through_a_dependency() {
    let manifests = manifests();
    assert!(manifests.len() > 8, "found only {manifests:?}");
    let mut bad = Vec::new();
    for rel in &manifests {
        let toml = std::fs::read_to_string(repo().join(rel)).unwrap();
        let features = features(&toml);
        let default = seams_of(&features, "default");
        if !default.is_empty() {
            bad.push(format!("{rel}: default features turn on {default:?}"));
        }
        for line in seams_in_dependencies(&toml) {
            bad.push(format!("{rel}: {line}"));
        }
    }
    let root = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    for line in seams_in_dependencies(&root) {
        bad.push(format!("Cargo.toml: {line}"));
    }
    assert!(
        root.contains("resolver = \"2\""),
        "dev-dependency features leak into builds without resolver 2"
    );
    assert!(
        bad.is_empty(),
        "test seams in normal builds:\n{}",
        bad.join("\n")
    );
}

#[test]
fn make_run_and_make_bench_build_without_seams() {
    let make = Makefile::parse(&std::fs::read_to_string(repo().join("Makefile")).unwrap());
    for target in ["run", "bench"] {
        let runs = make.runs(target);
        // Guards against a parse that found nothing: both build the app.
        assert!(
            runs.contains("-p steerco-app") && runs.contains("custom-protocol"),
            "make {target} no longer builds the app here:\n{runs}"
        );
        assert!(
            seams_named(&runs).is_empty(),
            "make {target} builds with the test seams {:?}:\n{runs}",
            seams_named(&runs)
        );
    }
    // The end-to-end tests' app keeps them (and the expansion sees them).
    assert_eq!(
        seams_named(&make.runs("app")),
        ["test-clock", "test-seams"],
        "make app"
    );
    // src-tauri's release feature turns on no seam.
    let tauri = features(&std::fs::read_to_string(repo().join("src-tauri/Cargo.toml")).unwrap());
    assert!(seams_of(&tauri, "custom-protocol").is_empty());
}

/// The checks find a seam where one is (so the tests above can fail).
#[test]
fn the_checks_find_seams() {
    let toml = [
        "[features]",
        "# x",
        "default = [\"fast\"]",
        "fast = [",
        "  \"steerco-domain/test-clock\",",
        "]",
        "[dependencies]",
        "steerco-store = { path = \"x\", features = [\"failpoints\"] }",
        "[dev-dependencies]",
        "steerco-sync = { path = \"y\", features = [\"failpoints\"] }",
    ]
    .join("\n");
    let toml = toml.as_str();
    let f = features(toml);
    assert_eq!(
        seams_of(&f, "default"),
        BTreeSet::from(["steerco-domain/test-clock".to_string()])
    );
    assert_eq!(seams_in_dependencies(toml).len(), 1);
    // The Makefile before #16: `run` built the end-to-end tests' app.
    let old = [
        "APP_FEATURES ?= custom-protocol,test-clock,test-seams",
        "X := a \\",
        "  b",
        "run: setup app",
        "\t$(CARGO) build -p steerco-cli",
        "app:",
        "\tcargo build -p steerco-app --features $(APP_FEATURES)",
        "setup:",
        "\t@tools/setup",
    ]
    .join("\n");
    let m = Makefile::parse(&old);
    assert_eq!(m.vars["X"], "a    b");
    assert_eq!(seams_named(&m.runs("run")), ["test-clock", "test-seams"]);
}
