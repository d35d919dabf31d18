//! The random numbers of sampling: SplitMix64 (Steele, Lea and Flood, 2014), a fixed
//! algorithm of a few lines, so that a seed gives the same samples on every platform and
//! with every version of every dependency.

/// A SplitMix64 stream.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

/// The golden-ratio increment of SplitMix64.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

impl SplitMix64 {
    /// The stream seeded with `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The stream of sample `index` under `seed`: the seed's stream's `index`-th output
    /// seeds it, so that samples are independent of each other and of the order (or the
    /// threads) they are drawn in.
    pub fn for_sample(seed: u64, index: u64) -> SplitMix64 {
        let mut root = SplitMix64::new(seed.wrapping_add(index.wrapping_mul(GAMMA)));
        SplitMix64::new(root.next_u64())
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in [0, 1) from the next 53 bits.
    pub fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::SplitMix64;

    #[test]
    fn the_stream_is_the_published_splitmix64() {
        // The reference outputs of SplitMix64 from seed 1234567 (the test vector of
        // Vigna's C implementation, also used by rand_xoshiro).
        let mut stream = SplitMix64::new(1234567);
        let first: Vec<u64> = (0..3).map(|_| stream.next_u64()).collect();
        assert_eq!(
            first,
            [
                6457827717110365317,
                3203168211198807973,
                9817491932198370423
            ]
        );
    }

    #[test]
    fn units_lie_in_zero_to_one() {
        let mut stream = SplitMix64::for_sample(7, 3);
        for _ in 0..1000 {
            let unit = stream.next_unit();
            assert!((0.0..1.0).contains(&unit));
        }
    }
}
