//! Property-based generation on stable, a few seconds in `make test` (the
//! long runs are the cargo-fuzz targets, `tools/fuzz`): random inputs from a
//! seeded generator through the fuzz entry points (`fuzz_entry`), and
//! properties of the segment format. A failure names its seed; replay it with
//! `FUZZ_SEED=<seed>`; more cases with `FUZZ_CASES=<n>` (default 2000).

mod fuzz_entry;

use steerco_sync::segment;

/// xorshift64*: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let n = self.below(max + 1);
        (0..n).map(|_| self.next() as u8).collect()
    }
}

fn cases() -> u64 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
}

/// Run `check` for each seed (or only `FUZZ_SEED`), naming the seed that fails.
fn for_seeds(cases: u64, mut check: impl FnMut(&mut Rng)) {
    let seeds: Vec<u64> = match std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()) {
        Some(seed) => vec![seed],
        None => (1..=cases).collect(),
    };
    for seed in seeds {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&mut rng)));
        assert!(outcome.is_ok(), "fails for FUZZ_SEED={seed}");
    }
}

/// Mutate a valid input a little (flip, insert, delete, truncate), so the
/// random inputs are near the formats, not only noise.
fn mutate(rng: &mut Rng, mut data: Vec<u8>) -> Vec<u8> {
    for _ in 0..=rng.below(4) {
        if data.is_empty() {
            break;
        }
        let at = rng.below(data.len());
        match rng.below(4) {
            0 => data[at] ^= 1 << rng.below(8),
            1 => data.insert(at, rng.next() as u8),
            2 => {
                data.remove(at);
            }
            _ => data.truncate(at),
        }
    }
    data
}

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
    files.iter().filter_map(|f| std::fs::read(f).ok()).collect()
}

fn near_or_random(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    if seeds.is_empty() || rng.below(4) == 0 {
        rng.bytes(256)
    } else {
        let seed = seeds[rng.below(seeds.len())].clone();
        mutate(rng, seed)
    }
}

#[test]
fn the_parsers_never_panic_on_arbitrary_bytes() {
    type Entry = fn(&[u8]);
    let targets: [(&str, Entry); 3] = [
        ("segment", fuzz_entry::segment),
        ("snapshot", fuzz_entry::snapshot),
        ("key_record", fuzz_entry::key_record),
    ];
    for (target, run) in targets {
        let seeds = seeds(target);
        for_seeds(cases(), |rng| run(&near_or_random(rng, &seeds)));
    }
}

#[test]
fn merge_input_never_panics() {
    let mut bed = fuzz_entry::MergeBed::new();
    let seeds = seeds("merge");
    // A merge opens a workspace: a tenth of the cases.
    for_seeds(cases() / 10, |rng| bed.merge(&near_or_random(rng, &seeds)));
}

/// Changes as a replica would send them: valid stamps of the segment's
/// writer, the rest from the generator the merge target uses.
fn changes(rng: &mut Rng) -> Vec<steerco_store::merge::ChangeRecord> {
    let mut data = vec![1];
    data.extend(rng.bytes(200));
    let mut out: Vec<_> = fuzz_entry::batches(&data).into_iter().flatten().collect();
    for (i, c) in out.iter_mut().enumerate() {
        c.hlc = format!("1773129600000-{i:04x}-{}", fuzz_entry::WRITER);
    }
    out
}

#[test]
fn a_valid_segment_round_trips() {
    for_seeds(cases(), |rng| {
        let changes = changes(rng);
        let seq = rng.next() >> rng.below(64);
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
            assert_eq!(header, decoded);
            assert_eq!((decoded.seq, decoded.count), (seq, changes.len()));
            assert_eq!(back, changes);
        }
    });
}

/// Format 2 authenticates the whole file in an encrypted folder: any byte
/// flipped, in the header or the body, and the file is refused.
#[test]
fn a_flipped_byte_of_an_encrypted_segment_is_rejected() {
    let key = fuzz_entry::key();
    for_seeds(cases(), |rng| {
        let changes = changes(rng);
        let format = [segment::FORMAT, segment::SNAPSHOT][rng.below(2)];
        let covers = [(fuzz_entry::WRITER.to_string(), rng.next() >> 40)].into();
        let bytes = segment::encode_as(
            format,
            fuzz_entry::WORKSPACE,
            fuzz_entry::WRITER,
            rng.next() >> 20,
            &changes,
            Some(key),
            covers,
        )
        .unwrap();
        assert!(segment::decode(&bytes, fuzz_entry::WORKSPACE, Some(key)).is_ok());
        let mut flipped = bytes.clone();
        let at = rng.below(bytes.len());
        flipped[at] ^= 1 << rng.below(8);
        assert!(
            segment::decode(&flipped, fuzz_entry::WORKSPACE, Some(key)).is_err(),
            "byte {at} of {} flipped, still accepted",
            bytes.len()
        );
    });
}
