//! The intruder harness, beside the convergence harness: 3 to 5 members
//! share an encrypted folder and make changes; between their syncs someone
//! who can write the folder but does not know the passphrase renames,
//! replays, truncates and edits the headers of files, adds files with
//! far-off numbers and copies files between replica folders. After a full
//! exchange: no change is lost (every member's export is the same and holds
//! every member's edits), no member is stuck (nothing waits), and every
//! forged file was set aside and named by some member.
//!
//! `SEED=n cargo test -p steerco-sync --test intruder` replays one seed;
//! `SEEDS=n` runs n seeds (default 200, about a minute on 2 cores: the folder
//! key is derived once per process, see `crypto::derive`; the long run is
//! `SEEDS=1000`).
//!
//! Below it, the three attacks that broke the first folder format, one by one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use steerco_domain::SystemClock;
use steerco_store::ops::initiative::{InitiativeEdit, NewInitiative};
use steerco_store::{NewWorkspace, RowChange, Store};
use steerco_sync::folder::join_folder;
use steerco_sync::{sync_folder_with, Compaction};

#[path = "common/rng.rs"]
mod rng;
use rng::{failures, seeds, Rng};

const PASSPHRASE: &str = "korrekt hest batteri";
/// Compact early, so snapshots (and forged ones) are exercised too.
const COMPACT: Compaction = Compaction { keep_segments: 4 };

struct World {
    _dir: tempfile::TempDir,
    folder: PathBuf,
    replicas: Vec<Store>,
    /// Every initiative code created: all must be everywhere in the end.
    codes: Vec<String>,
    /// Files the intruder made or changed, and those some member named.
    forged: BTreeSet<PathBuf>,
    named: BTreeSet<PathBuf>,
    log: Vec<String>,
}

/// The files of the replica folders, by folder.
fn replica_files(folder: &Path) -> Vec<(PathBuf, Vec<PathBuf>)> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        if !dir.path().is_dir() || dir.file_name() == "keys" {
            continue;
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
            .map(|f| f.path())
            .filter(|p| p.extension().is_some_and(|e| e == "seg" || e == "snap"))
            .collect();
        files.sort();
        out.push((dir.path(), files));
    }
    out.sort();
    out
}

/// The header line of a file as JSON, and the rest.
fn split(bytes: &[u8]) -> Option<(serde_json::Value, Vec<u8>)> {
    let end = bytes.iter().position(|b| *b == b'\n')?;
    let header = serde_json::from_slice(&bytes[..end]).ok()?;
    Some((header, bytes[end..].to_vec()))
}

fn join(header: &serde_json::Value, rest: &[u8]) -> Vec<u8> {
    let mut out = serde_json::to_vec(header).unwrap();
    out.extend_from_slice(rest);
    out
}

/// The highest number a segment name in `dir` claims.
fn highest(files: &[PathBuf]) -> u64 {
    files
        .iter()
        .filter_map(|p| p.file_name()?.to_str()?.get(..10)?.parse().ok())
        .max()
        .unwrap_or(0)
}

impl World {
    fn new(seed: u64, rng: &mut Rng) -> World {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("shared");
        let mut a = Store::create(
            &dir.path().join("r0.steerco"),
            NewWorkspace::default(),
            Box::new(SystemClock),
        )
        .unwrap();
        a.set_me("R0").unwrap();
        a.write(vec![RowChange::insert("focus_area", "fa-1")
            .set("number", 1)
            .set("name_da", "Et")
            .set("name_en_verified", false)])
            .unwrap();
        sync_folder_with(&mut a, &folder, Some(PASSPHRASE), COMPACT).unwrap();
        let count = 3 + rng.below(3);
        let mut replicas = vec![a];
        for r in 1..count {
            let path = dir.path().join(format!("r{r}.steerco"));
            let (mut s, _) =
                join_folder(&path, &folder, Some(PASSPHRASE), Box::new(SystemClock)).unwrap();
            s.set_me(&format!("R{r}")).unwrap();
            replicas.push(s);
        }
        World {
            _dir: dir,
            folder,
            replicas,
            codes: Vec::new(),
            forged: BTreeSet::new(),
            named: BTreeSet::new(),
            log: vec![format!("seed {seed}: {count} members")],
        }
    }

    fn op(&mut self, rng: &mut Rng, step: usize) {
        let r = rng.below(self.replicas.len());
        let ids: Vec<String> = self.replicas[r]
            .portfolio()
            .unwrap()
            .initiatives
            .into_iter()
            .map(|i| i.id)
            .collect();
        if ids.is_empty() || rng.chance(60) {
            let code = format!("{}.{}", 2 + r, step);
            self.log.push(format!("r{r} creates {code}"));
            self.replicas[r]
                .add_initiative(NewInitiative {
                    code: code.clone(),
                    title: format!("Ny {step}"),
                    focus_area: Some(1),
                    ..Default::default()
                })
                .unwrap();
            self.codes.push(code);
        } else {
            let id = &ids[rng.below(ids.len())];
            self.log.push(format!("r{r} edits {id}"));
            self.replicas[r]
                .edit_initiative(
                    id,
                    InitiativeEdit {
                        title: Some(format!("r{r} s{step}")),
                        ..Default::default()
                    },
                )
                .unwrap();
        }
    }

    fn sync(&mut self, r: usize) -> usize {
        self.log.push(format!("r{r} syncs"));
        let report = sync_folder_with(
            &mut self.replicas[r],
            &self.folder,
            Some(PASSPHRASE),
            COMPACT,
        )
        .unwrap_or_else(|e| panic!("{e}\n  {}", self.log.join("\n  ")));
        for (path, why) in &report.set_aside {
            self.log
                .push(format!("  r{r} sets aside {}: {why}", path.display()));
            self.named.insert(path.clone());
        }
        report.sent + report.merge.applied + report.snapshots_applied
    }

    /// One act of someone without the passphrase.
    fn intrude(&mut self, rng: &mut Rng) {
        let folders = replica_files(&self.folder);
        let (dir, files) = &folders[rng.below(folders.len())];
        let Some(src) = files.get(rng.below(files.len().max(1))).cloned() else {
            return;
        };
        let Ok(bytes) = std::fs::read(&src) else {
            return;
        };
        let top = highest(files);
        let (target, content) = match rng.below(7) {
            // A copy named far ahead.
            0 => {
                let n = 9_999_999_999 - rng.below(1000) as u64;
                (dir.join(format!("{n:010}.seg")), bytes)
            }
            // A header edited: another number, count, replica or coverage.
            1 => {
                let Some((mut h, rest)) = split(&bytes) else {
                    return;
                };
                let snapshot = src.extension().is_some_and(|e| e == "snap");
                let mut to = dir.clone();
                match rng.below(4) {
                    0 => h["seq"] = (top + 1).into(),
                    1 => h["count"] = (h["count"].as_u64().unwrap_or(0) + 1).into(),
                    2 => {
                        let other = &folders[rng.below(folders.len())].0;
                        h["replica"] = other.file_name().unwrap().to_str().unwrap().into();
                        to = other.clone();
                    }
                    _ => {
                        let mut covers = serde_json::Map::new();
                        for (f, _) in &folders {
                            let name = f.file_name().unwrap().to_str().unwrap().to_string();
                            covers.insert(name, (top + 50).into());
                        }
                        h["covers"] = covers.into();
                        h["seq"] = (top + 1).into();
                    }
                }
                let seq = h["seq"].as_u64().unwrap_or(0);
                let name = if snapshot {
                    format!("snapshot-{seq:010}.snap")
                } else {
                    format!("{seq:010}.seg")
                };
                (to.join(name), join(&h, &rest))
            }
            // A replay posing as the next segment, sorted before the real one.
            2 => {
                let Some((mut h, rest)) = split(&bytes) else {
                    return;
                };
                if src.extension().is_some_and(|e| e == "snap") {
                    return;
                }
                h["seq"] = (top + 1).into();
                (
                    dir.join(format!("{:010} (1).seg", top + 1)),
                    join(&h, &rest),
                )
            }
            // A file renamed (its own name is then lost).
            3 => {
                let to = dir.join(format!("{:010}.seg", top + 1 + rng.below(3) as u64));
                if to.exists() {
                    return;
                }
                self.log.push(format!(
                    "intruder renames {} to {}",
                    src.display(),
                    to.display()
                ));
                std::fs::rename(&src, &to).unwrap();
                self.forged.remove(&src); // a forged file moved on: named where it is now
                self.forged.insert(to);
                return;
            }
            // A file truncated in place.
            4 => {
                self.log
                    .push(format!("intruder truncates {}", src.display()));
                std::fs::write(&src, &bytes[..bytes.len() * 2 / 3]).unwrap();
                self.forged.insert(src);
                return;
            }
            // A copy into another replica's folder.
            5 => {
                let other = &folders[rng.below(folders.len())].0;
                if other == dir {
                    return;
                }
                (other.join(src.file_name().unwrap()), bytes)
            }
            // A plain copy under another number.
            _ => (dir.join(format!("{:010}.seg", top + 2)), bytes),
        };
        if target.exists() {
            return; // never overwrites a file (truncation above aside)
        }
        self.log.push(format!(
            "intruder writes {} from {}",
            target.display(),
            src.display()
        ));
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, content).unwrap();
        self.forged.insert(target);
    }

    fn settle(&mut self) {
        for round in 0.. {
            assert!(
                round < 8,
                "no quiet round after 8 full exchanges\n  {}",
                self.log.join("\n  ")
            );
            let mut moved = 0;
            for r in 0..self.replicas.len() {
                moved += self.sync(r);
            }
            if moved == 0 {
                break;
            }
        }
    }

    /// None when all is well, else what went wrong.
    fn check(&self) -> Option<String> {
        let first = self.replicas[0].export_json().unwrap();
        for (r, s) in self.replicas.iter().enumerate() {
            if s.export_json().unwrap() != first {
                return Some(format!("r{r}'s export differs from r0's"));
            }
            let codes: BTreeSet<String> = s
                .portfolio()
                .unwrap()
                .initiatives
                .into_iter()
                .map(|i| i.code)
                .collect();
            let lost: Vec<_> = self.codes.iter().filter(|c| !codes.contains(*c)).collect();
            if !lost.is_empty() {
                return Some(format!("r{r} lacks {lost:?}"));
            }
            let waiting = s.sync_status().unwrap().waiting_for;
            if !waiting.is_empty() {
                return Some(format!("r{r} is stuck: {waiting:?}"));
            }
        }
        let unnamed: Vec<_> = self.forged.difference(&self.named).collect();
        if !unnamed.is_empty() {
            return Some(format!("forged files never named: {unnamed:?}"));
        }
        None
    }
}

fn run_seed(seed: u64) -> Option<String> {
    let mut rng = Rng::new(seed);
    let mut world = World::new(seed, &mut rng);
    for step in 0..14 {
        world.op(&mut rng, step);
        if rng.chance(60) {
            let r = rng.below(world.replicas.len());
            world.sync(r);
        }
        if rng.chance(50) {
            world.intrude(&mut rng);
        }
    }
    world.settle();
    world
        .check()
        .map(|why| format!("seed {seed}: {why}\n  {}", world.log.join("\n  ")))
}

#[test]
fn an_intruder_without_the_passphrase_loses_no_change_and_stalls_no_one() {
    let seeds = seeds(200);
    let failures = failures(&seeds, run_seed);
    assert!(
        failures.is_empty(),
        "{} of {} seeds failed; first:\n{}",
        failures.len(),
        seeds.len(),
        failures[0]
    );
}

/// Members 0..n of a new encrypted folder, each having synced once.
fn members(n: usize) -> (tempfile::TempDir, PathBuf, Vec<Store>) {
    let mut rng = Rng::new(0);
    let mut world = World::new(0, &mut rng);
    world.replicas.truncate(n);
    let folder = world.folder.clone();
    (world._dir, folder, world.replicas)
}

fn create(store: &mut Store, code: &str) {
    store
        .add_initiative(NewInitiative {
            code: code.into(),
            title: code.into(),
            focus_area: Some(1),
            ..Default::default()
        })
        .unwrap();
}

fn has(store: &Store, code: &str) -> bool {
    store
        .portfolio()
        .unwrap()
        .initiatives
        .iter()
        .any(|i| i.code == code)
}

fn sync(store: &mut Store, folder: &Path, named: &mut BTreeSet<PathBuf>) {
    let report = sync_folder_with(store, folder, Some(PASSPHRASE), COMPACT).unwrap();
    named.extend(report.set_aside.into_iter().map(|(p, _)| p));
}

fn own_dir(store: &Store, folder: &Path) -> PathBuf {
    folder.join(store.replica().to_string())
}

#[test]
fn a_copy_named_far_ahead_stalls_no_one() {
    let (_dir, folder, mut m) = members(2);
    let mut named = BTreeSet::new();
    create(&mut m[0], "2.1");
    sync(&mut m[0], &folder, &mut named);
    let own = own_dir(&m[0], &folder);
    let far = own.join("9999999999.seg");
    std::fs::copy(own.join("0000000001.seg"), &far).unwrap();
    create(&mut m[0], "2.2");
    sync(&mut m[0], &folder, &mut named);
    sync(&mut m[1], &folder, &mut named);
    assert!(has(&m[1], "2.1") && has(&m[1], "2.2"), "a change was lost");
    assert!(
        named.contains(&far),
        "the far copy was not named: {named:?}"
    );
    assert!(m[1].sync_status().unwrap().waiting_for.is_empty());
}

#[test]
fn an_edited_snapshot_coverage_moves_no_position() {
    let (_dir, folder, mut m) = members(3);
    let mut named = BTreeSet::new();
    // Member 0 compacts: a snapshot of its history.
    for n in 0..6 {
        create(&mut m[0], &format!("2.{n}"));
        sync(&mut m[0], &folder, &mut named);
    }
    let snap = std::fs::read_dir(own_dir(&m[0], &folder))
        .unwrap()
        .flatten()
        .map(|f| f.path())
        .find(|p| p.extension().is_some_and(|e| e == "snap"))
        .expect("a snapshot");
    // Its plain header now claims all of member 1's segments to come.
    let (mut h, rest) = split(&std::fs::read(&snap).unwrap()).unwrap();
    h["covers"][m[1].replica().to_string()] = 999.into();
    std::fs::write(&snap, join(&h, &rest)).unwrap();
    sync(&mut m[2], &folder, &mut named);
    create(&mut m[1], "3.1");
    sync(&mut m[1], &folder, &mut named);
    sync(&mut m[2], &folder, &mut named);
    assert!(has(&m[2], "3.1"), "member 1's change was lost");
    assert!(named.contains(&snap), "the edited snapshot was not named");
}

#[test]
fn a_replay_sorted_before_the_real_segment_is_set_aside() {
    let (_dir, folder, mut m) = members(2);
    let mut named = BTreeSet::new();
    create(&mut m[0], "2.1");
    sync(&mut m[0], &folder, &mut named);
    sync(&mut m[1], &folder, &mut named);
    let own = own_dir(&m[0], &folder);
    let files: Vec<PathBuf> = std::fs::read_dir(&own)
        .unwrap()
        .flatten()
        .map(|f| f.path())
        .collect();
    let last = highest(&files);
    create(&mut m[0], "2.2");
    sync(&mut m[0], &folder, &mut named);
    // The last segment member 1 applied replayed as the next one, sorted
    // before the real one.
    let (mut h, rest) =
        split(&std::fs::read(own.join(format!("{last:010}.seg"))).unwrap()).unwrap();
    h["seq"] = (last + 1).into();
    let replay = own.join(format!("{:010} (1).seg", last + 1));
    std::fs::write(&replay, join(&h, &rest)).unwrap();
    sync(&mut m[1], &folder, &mut named);
    assert!(has(&m[1], "2.2"), "the real segment was skipped");
    assert!(
        named.contains(&replay),
        "the replay was not named: {named:?}"
    );
}
