//! A test's little network: a temporary folder holding the shared folder
//! and each member's workspace file, and what a test looks for in it.
#![allow(dead_code)] // each test binary uses its own share

use std::path::{Path, PathBuf};

pub struct Net {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Net {
    pub fn new() -> Net {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        Net { _dir: dir, root }
    }

    /// The shared folder.
    pub fn folder(&self) -> PathBuf {
        self.root.join("shared")
    }

    /// A member's workspace file.
    pub fn ws(&self, name: &str) -> PathBuf {
        self.root.join(format!("{name}.steerco"))
    }

    /// A file to attach, named `name`, holding `bytes`.
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let dir = self.root.join("papers-to-attach");
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// The papers' files in the shared folder, by name.
    pub fn papers(&self) -> Vec<PathBuf> {
        let dir = self.folder().join(steerco_sync::papers::PAPERS);
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        v.sort();
        v
    }
}

/// Every file under `dir`.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for f in std::fs::read_dir(d).into_iter().flatten().flatten() {
            let p = f.path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
