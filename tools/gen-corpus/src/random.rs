//! The random source: a splitmix64 generator, the only source of randomness (so the same
//! seed gives the same bytes on every platform), and the Zipf-like popularity by which
//! claims draw outlets, people, offices, cities and party sets, in blocks that keep the
//! corpus's shape as it grows.

/// splitmix64: small, fast and the same on every platform.
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator whose state starts at `seed`.
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (self.next_u64() % (i64::from(hi) - i64::from(lo) + 1) as u64) as i32
    }

    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// Zipf–Mandelbrot popularity over `0..n`: item `k` has weight `1 / (k + q)^s`.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64, q: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n.max(1))
            .map(|k| {
                total += 1.0 / (k as f64 + q).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let x = rng.unit() * self.cumulative[self.cumulative.len() - 1];
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1)
    }
}

/// The corpus size whose popularity profile larger corpora repeat: a corpus of N claims
/// has its entities in [`blocks_for`]`(N)` blocks, each about as large as the whole pool
/// of a corpus of this many claims.
const REFERENCE_CLAIMS: usize = 100_000;

/// How many blocks the entity pools of a corpus of `n` claims come in: one below
/// 150,000 claims, then one per [`REFERENCE_CLAIMS`] claims (rounded), so that each block
/// gets between two thirds and one and a half times the claims of the reference corpus.
pub(crate) fn blocks_for(n: usize) -> usize {
    ((n + REFERENCE_CLAIMS / 2) / REFERENCE_CLAIMS).max(1)
}

/// The size of one block of a pool that has a key for every `claims_per_key` claims (and
/// at least `min` keys per block), in a corpus of `n` claims.
pub(crate) fn block_size(n: usize, claims_per_key: usize, min: usize) -> usize {
    (n / blocks_for(n) / claims_per_key).max(min)
}

/// Zipf-like popularity over `blocks` blocks of `size` keys each (key `b * size + r` is
/// rank `r` of block `b`): a key is drawn from a block chosen uniformly, by a
/// Zipf–Mandelbrot law over the ranks of a block. Every block has the same profile, so as
/// a pool grows by blocks, the share of draws each key gets shrinks in proportion and the
/// number of draws per key keeps its distribution: the most popular keys are no more
/// popular in a larger corpus, there are just more of them.
pub(crate) struct Popularity {
    blocks: usize,
    size: usize,
    ranks: Zipf,
}

impl Popularity {
    pub(crate) fn new(blocks: usize, size: usize, s: f64, q: f64) -> Popularity {
        Popularity {
            blocks: blocks.max(1),
            size: size.max(1),
            ranks: Zipf::new(size, s, q),
        }
    }

    pub(crate) fn sample(&self, rng: &mut Rng) -> usize {
        let r = self.ranks.sample(rng);
        self.block(rng) + r
    }

    /// The first key of a block chosen uniformly.
    pub(crate) fn block(&self, rng: &mut Rng) -> usize {
        rng.below(self.blocks) * self.size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published splitmix64 sequence for seed 1234567: that the same seed writes the
    /// same bytes on every platform rests on it.
    #[test]
    fn the_random_source_is_splitmix64() {
        let mut rng = Rng::new(1_234_567);
        let got: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            got,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423
            ]
        );
    }

    #[test]
    fn draws_stay_in_their_ranges() {
        let mut rng = Rng::new(5);
        for _ in 0..10_000 {
            assert!(rng.below(7) < 7);
            assert!((-3..=3).contains(&rng.range(-3, 3)));
            assert!((0.0..1.0).contains(&rng.unit()));
        }
    }

    /// Every block of a pool is drawn from, each with the same profile: the first ranks
    /// most often.
    #[test]
    fn popularity_draws_from_every_block_alike() {
        let mut rng = Rng::new(9);
        let (blocks, size) = (4, 50);
        let pop = Popularity::new(blocks, size, 1.0, 2.0);
        let mut counts = vec![0u32; blocks * size];
        for _ in 0..100_000 {
            counts[pop.sample(&mut rng)] += 1;
        }
        for block in counts.chunks(size) {
            assert!(block[0] > block[10] && block[10] > block[49], "{block:?}");
        }
    }

    #[test]
    fn pools_come_in_a_block_per_100_000_claims() {
        assert_eq!(blocks_for(1), 1);
        assert_eq!(blocks_for(149_999), 1);
        assert_eq!(blocks_for(150_000), 2);
        assert_eq!(blocks_for(1_000_000), 10);
        assert_eq!(block_size(1_000_000, 300, 15), 333);
        assert_eq!(block_size(1_000, 300, 15), 15);
    }
}
