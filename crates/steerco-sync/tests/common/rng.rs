//! The seeded generator of the folder harnesses (a xorshift: the same seed
//! gives the same run on every machine), and which seeds to run.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03 | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() >> 33) as usize % n.max(1)
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// The seeds to run: SEED=n one, SEEDS=n the first n, else `default`.
pub fn seeds(default: u64) -> Vec<u64> {
    match std::env::var("SEED") {
        Ok(s) => vec![s.parse().expect("SEED is a number")],
        Err(_) => (0..std::env::var("SEEDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default))
            .collect(),
    }
}

/// Run `run` for every seed on a few threads (the seeds are independent:
/// each has its own folder and workspaces), and the failures in seed order.
/// A harness of a minute on one core then takes half that on two; the
/// threads are `HARNESS_THREADS`, else the machine's cores (at most 4).
#[allow(dead_code)] // not every harness runs its seeds this way
pub fn failures(seeds: &[u64], run: impl Fn(u64) -> Option<String> + Sync) -> Vec<String> {
    let threads = std::env::var("HARNESS_THREADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(4)))
        .max(1);
    let run = &run;
    let mut found: Vec<(u64, String)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    seeds
                        .iter()
                        .skip(t)
                        .step_by(threads)
                        .filter_map(|s| run(*s).map(|why| (*s, why)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    found.sort_by_key(|(seed, _)| *seed);
    found.into_iter().map(|(_, why)| why).collect()
}
