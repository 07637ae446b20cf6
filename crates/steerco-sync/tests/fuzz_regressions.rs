//! The fuzz targets' corpus and every crash they found (`fuzz/corpus/<target>/`,
//! `fuzz/regressions/<target>/`), replayed on stable through the same entry
//! points the targets call (`fuzz_entry`): none may panic. The long runs
//! themselves are `tools/fuzz` (nightly, cargo-fuzz; README "Fuzzing").

mod fuzz_entry;

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut files = Vec::new();
    for kind in ["corpus", "regressions"] {
        let Ok(dir) = std::fs::read_dir(root.join(kind).join(target)) else {
            continue;
        };
        files.extend(dir.flatten().map(|e| e.path()).filter(|p| p.is_file()));
    }
    files.sort();
    files
}

/// Feed every input of `target` to `run`, naming the file that panics.
fn replay(target: &str, mut run: impl FnMut(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no corpus for fuzz target {target}");
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&bytes)));
        assert!(outcome.is_ok(), "fuzz input {} panics", file.display());
    }
}

#[test]
fn segment_inputs_do_not_panic() {
    replay("segment", fuzz_entry::segment);
}

#[test]
fn snapshot_inputs_do_not_panic() {
    replay("snapshot", fuzz_entry::snapshot);
}

#[test]
fn key_record_inputs_do_not_panic() {
    replay("key_record", fuzz_entry::key_record);
}

#[test]
fn merge_inputs_do_not_panic() {
    let mut bed = fuzz_entry::MergeBed::new();
    replay("merge", |data| bed.merge(data));
}

/// The seed inputs of fuzz/corpus/, made from today's formats (one per mode
/// of each entry point): every run feeds them through the entry points, so a
/// format change that the seeds no longer exercise shows here. With
/// `WRITE_FUZZ_SEEDS=1` they are also written to fuzz/corpus/ (after a format
/// change; then let `tools/fuzz` grow the corpus again).
#[test]
fn todays_seeds_run_through_the_entry_points() {
    use steerco_sync::segment;
    let mut seeds: Vec<(&str, String, Vec<u8>)> = Vec::new();
    let mut write = |target: &'static str, name: &str, mode: u8, bytes: &[u8]| {
        let mut data = vec![mode];
        data.extend_from_slice(bytes);
        seeds.push((target, format!("seed-{name}"), data));
    };
    let mut bed = fuzz_entry::MergeBed::new();
    let changes = bed.changes();
    let (ws, me, key) = (fuzz_entry::WORKSPACE, fuzz_entry::WRITER, fuzz_entry::key());
    let body = serde_json::to_vec(&changes[..2]).unwrap();
    let covers: std::collections::BTreeMap<String, u64> =
        [(me.to_string(), 3), ("00000000000000b2".to_string(), 1)].into();
    for (target, format) in [
        ("segment", segment::FORMAT),
        ("snapshot", segment::SNAPSHOT),
    ] {
        let c = if target == "snapshot" {
            covers.clone()
        } else {
            Default::default()
        };
        let plain = segment::encode_as(format, ws, me, 1, &changes[..2], None, c.clone()).unwrap();
        let sealed = segment::encode_as(format, ws, me, 1, &changes[..2], Some(key), c).unwrap();
        write(target, "plain", 0, &plain);
        write(target, "sealed", 0, &sealed);
        for mode in 1..4 {
            write(target, &format!("body-{mode}"), mode, &body);
        }
    }
    let (marker, key) = steerco_sync::folder::Marker::new(ws, Some("fuzz passphrase")).unwrap();
    write(
        "key_record",
        "marker",
        b'{',
        &serde_json::to_vec(&marker).unwrap()[1..],
    );
    let (epoch, _) = key.unwrap().next("new passphrase", ws, me).unwrap();
    let record = serde_json::to_vec_pretty(&epoch).unwrap();
    let mut named = format!("epoch-000001-{me}\n").into_bytes();
    named.extend_from_slice(&record);
    write("key_record", "epoch", named[0], &named[1..]);
    let mut small = epoch.clone();
    (small.encryption.m_cost, small.encryption.t_cost) = (8, 1);
    write(
        "key_record",
        "epoch-small",
        b'{',
        &serde_json::to_vec(&small).unwrap()[1..],
    );
    write(
        "merge",
        "json",
        0,
        &serde_json::to_vec(&vec![changes.clone()]).unwrap(),
    );
    write(
        "merge",
        "bytes",
        1,
        b"\x07\x03\x01\x00\x10\x01\x05\x02\x01\x03\x02\x04\x05",
    );
    for (target, _, data) in &seeds {
        match *target {
            "segment" => fuzz_entry::segment(data),
            "snapshot" => fuzz_entry::snapshot(data),
            "key_record" => fuzz_entry::key_record(data),
            _ => bed.merge(data),
        }
    }
    if std::env::var("WRITE_FUZZ_SEEDS").is_ok() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
        for (target, name, data) in &seeds {
            std::fs::create_dir_all(root.join(target)).unwrap();
            std::fs::write(root.join(target).join(name), data).unwrap();
        }
    }
}
