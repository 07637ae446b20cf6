//! Property-based generation on stable with `proptest`, a few seconds in
//! `make test` (the long runs are the cargo-fuzz targets, `tools/fuzz`):
//! generated inputs through the fuzz entry points (`fuzz_entry`), noise or
//! small edits of the corpus seeds, and properties of the segment format.
//!
//! Every run is the same, here and in CI: a fixed seed, ChaCha. A failure is
//! shrunk to a small input, which the panic message shows, and its seed is
//! appended to `crates/steerco-sync/proptest-regressions/fuzz_properties.txt`:
//! commit that file, every later run replays its seeds first. Proptest's own
//! variables change a run: `PROPTEST_CASES=<n>` cases for each test of the
//! file, the merge's too (default 2000, 200 for the merge);
//! `PROPTEST_RNG_SEED=<n>` another seed.

mod fuzz_entry;

use std::cell::RefCell;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{FileFailurePersistence, RngAlgorithm, RngSeed};
use steerco_store::merge::ChangeRecord;
use steerco_sync::segment;

const CASES: u32 = 2000;
/// A merge opens a workspace: a tenth of the cases.
const MERGE_CASES: u32 = CASES / 10;
const SEED: u64 = 0x5eed_f022;
const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/proptest-regressions/fuzz_properties.txt"
);

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(SEED),
        // Proptest would put an integration test's file beside it as
        // `fuzz_properties.proptest-regressions` (it looks for a lib.rs).
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS))),
        // Each step runs the input again (a merge opens a workspace): a
        // failing run stays short and still ends on the same small input.
        max_shrink_iters: 2048,
        ..ProptestConfig::default()
    }
}

/// One small change to a valid input, so the inputs are near the formats,
/// not only noise.
#[derive(Debug, Clone)]
enum Edit {
    Flip(Index, u8),
    Insert(Index, u8),
    Delete(Index),
    Truncate(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), 0..8u8).prop_map(|(at, bit)| Edit::Flip(at, bit)),
        (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Edit::Insert(at, byte)),
        any::<Index>().prop_map(Edit::Delete),
        any::<Index>().prop_map(Edit::Truncate),
    ]
}

fn apply(mut data: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        if data.is_empty() {
            break;
        }
        let len = data.len();
        match *edit {
            Edit::Flip(at, bit) => data[at.index(len)] ^= 1 << bit,
            Edit::Insert(at, byte) => data.insert(at.index(len), byte),
            Edit::Delete(at) => {
                data.remove(at.index(len));
            }
            Edit::Truncate(at) => data.truncate(at.index(len)),
        }
    }
    data
}

/// The seed inputs of a target (`fuzz/corpus/<target>/seed-*`, written by
/// `fuzz_regressions.rs` from today's formats).
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("seed-"))
        })
        .collect();
    files.sort();
    let seeds: Vec<_> = files.iter().filter_map(|f| std::fs::read(f).ok()).collect();
    assert!(!seeds.is_empty(), "no seed inputs in fuzz/corpus/{target}");
    seeds
}

/// An input for `target`: a quarter noise, the rest one to four edits of a seed.
fn input(target: &str) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => vec(any::<u8>(), 0..=256),
        3 => (select(seeds(target)), vec(edit(), 1..=4))
            .prop_map(|(seed, edits)| apply(seed, &edits)),
    ]
}

/// Changes as a replica would send them: valid stamps of the segment's
/// writer, the rest from the bytes the merge target builds changes from.
fn changes() -> impl Strategy<Value = Vec<ChangeRecord>> {
    vec(any::<u8>(), 0..=200).prop_map(|bytes| {
        let mut data = vec![1];
        data.extend(bytes);
        let mut out: Vec<_> = fuzz_entry::batches(&data).into_iter().flatten().collect();
        for (i, c) in out.iter_mut().enumerate() {
            c.hlc = format!("1773129600000-{i:04x}-{}", fuzz_entry::WRITER);
        }
        out
    })
}

/// Sequence numbers of every size, small ones as often as huge ones.
fn seq() -> impl Strategy<Value = u64> {
    (any::<u64>(), 0..64u32).prop_map(|(n, shift)| n >> shift)
}

proptest! {
    #![proptest_config(config(CASES))]

    #[test]
    fn the_segment_parser_never_panics(data in input("segment")) {
        fuzz_entry::segment(&data);
    }

    #[test]
    fn the_snapshot_parser_never_panics(data in input("snapshot")) {
        fuzz_entry::snapshot(&data);
    }

    #[test]
    fn the_key_record_parser_never_panics(data in input("key_record")) {
        fuzz_entry::key_record(&data);
    }

    #[test]
    fn a_valid_segment_round_trips(changes in changes(), seq in seq()) {
        for key in [None, Some(fuzz_entry::key())] {
            let bytes = segment::encode(
                fuzz_entry::WORKSPACE,
                fuzz_entry::WRITER,
                seq,
                &changes,
                key,
            )
            .unwrap();
            let header = segment::header(&bytes).unwrap();
            let (decoded, back) = segment::decode(&bytes, fuzz_entry::WORKSPACE, key).unwrap();
            prop_assert_eq!(&header, &decoded);
            prop_assert_eq!((decoded.seq, decoded.count), (seq, changes.len()));
            prop_assert_eq!(&back, &changes);
        }
    }

    /// The format written today (`segment::VERSION`, as since format 2)
    /// authenticates the whole file in an encrypted folder: any byte
    /// flipped, in the header or the body, and the file is refused.
    #[test]
    fn a_flipped_byte_of_an_encrypted_segment_is_rejected(
        changes in changes(),
        format in select(vec![segment::FORMAT, segment::SNAPSHOT]),
        seq in 0..1u64 << 44,
        covered in 0..1u64 << 24,
        at in any::<Index>(),
        bit in 0..8u8,
    ) {
        let key = fuzz_entry::key();
        let covers = [(fuzz_entry::WRITER.to_string(), covered)].into();
        let bytes = segment::encode_as(
            format,
            fuzz_entry::WORKSPACE,
            fuzz_entry::WRITER,
            seq,
            &changes,
            Some(key),
            covers,
        )
        .unwrap();
        prop_assert!(segment::decode(&bytes, fuzz_entry::WORKSPACE, Some(key)).is_ok());
        let mut flipped = bytes.clone();
        let at = at.index(bytes.len());
        flipped[at] ^= 1 << bit;
        prop_assert!(
            segment::decode(&flipped, fuzz_entry::WORKSPACE, Some(key)).is_err(),
            "byte {} of {} flipped, still accepted",
            at,
            bytes.len()
        );
    }
}

#[test]
fn merge_input_never_panics() {
    // One workspace template for every case (each merges into a fresh copy).
    let bed = RefCell::new(fuzz_entry::MergeBed::new());
    proptest!(config(MERGE_CASES), |(data in input("merge"))| {
        bed.borrow_mut().merge(&data);
    });
}
