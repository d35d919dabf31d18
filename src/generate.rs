//! Strategies stratc writes itself: synthetic ones of any size, for benchmarks and scale
//! tests (the same size and seed always give the same text), and the starter strategy of
//! `stratc init`.

use std::fmt::Write;

/// The starter strategy of `stratc init`, titled `title`: every kind of item, commented,
/// and a plan that builds. `None` when the title holds a line break or another control
/// character, which a string of the language cannot.
pub fn starter(title: &str) -> Option<String> {
    if title.chars().any(char::is_control) {
        return None;
    }
    let quoted = title.replace('\\', "\\\\").replace('"', "\\\"");
    let text = include_str!("../templates/starter.strat")
        .replacen("{title}", title, 1)
        .replacen("{title}", &quoted, 1);
    Some(text)
}

/// A small deterministic pseudo-random sequence (xorshift64*), so that generated
/// strategies need no dependency and never change between runs.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A whole number in `low..high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low)
    }
}

/// A strategy with `channels` channels and `markets` markets, seeded by `seed`: each
/// channel reaches one or two markets with a concave three-point curve; markets have
/// competitors and two pricing options or one price; the objective is weighted.
pub fn strategy(channels: usize, markets: usize, seed: u64) -> String {
    let mut random = Sequence(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let markets = markets.max(1);
    let budget = 40 * channels as u64 + 200;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "/// A generated strategy: {channels} channels, {markets} markets, seed {seed}."
    );
    let _ = writeln!(
        text,
        "strategy \"Generated {channels}x{markets}\" {{ currency USD; horizon 24 months; budget {budget}k USD }}"
    );
    for market in 0..markets {
        let size = random.between(2, 60);
        let _ = writeln!(text, "market m{market} {{");
        let _ = writeln!(text, "  size {size}k customers");
        for competitor in 0..random.between(0, 3) {
            let _ = writeln!(
                text,
                "  competitor \"Rival {competitor}\" share {}%",
                random.between(5, 25)
            );
        }
        if market % 2 == 0 {
            let _ = writeln!(text, "  price {} USD/month", random.between(50, 900));
        }
        let _ = writeln!(text, "}}");
        if market % 2 == 1 {
            let price = random.between(200, 2000);
            let _ = writeln!(
                text,
                "pricing m{market} {{ option flat {{ price {price} USD/month }}; option usage {{ price {} USD/month; conversion {}% }} }}",
                price * 3 / 4,
                random.between(105, 140)
            );
        }
    }
    for channel in 0..channels {
        let first = random.between(0, markets as u64);
        let second = random.between(0, markets as u64);
        let reaches = if second == first {
            format!("m{first}")
        } else {
            let split = random.between(20, 80);
            format!("m{first} {split}%, m{second} {}%", 100 - split)
        };
        // Concave: each segment twice as wide and no steeper than the one before.
        let (s1, v1) = (random.between(10, 40), random.between(20, 120));
        let (s2, v2) = (s1 * 3, v1 + random.between(v1 / 4, v1));
        let (s3, v3) = (s2 * 2, v2 + random.between(1, (v2 - v1).max(2)));
        let _ = writeln!(text, "channel c{channel} {{");
        let _ = writeln!(text, "  reaches {reaches}");
        let _ = writeln!(
            text,
            "  setup {}k USD; lead {} weeks; revenue_share {}%",
            random.between(0, 40),
            random.between(1, 20),
            random.between(0, 30)
        );
        if channel % 5 == 0 {
            let _ = writeln!(text, "  spend min {}k USD", s1 / 2);
        }
        let _ = writeln!(
            text,
            "  response {{ {s1}k USD => {v1} customers; {s2}k USD => {v2} customers; {s3}k USD => {v3} customers }}"
        );
        let _ = writeln!(text, "}}");
    }
    text.push_str("stage research { task study { duration 1 month; cost 20k USD } }\n");
    text.push_str("stage service { satisfaction { base 3.5; load 0.00001 per customer; response { 50k USD => 4.0; 200k USD => 4.5 } } }\n");
    text.push_str(
        "stage iteration { tech { base 60; response { 100k USD => 72; 300k USD => 80 } } }\n",
    );
    let _ = writeln!(
        text,
        "constraint breadth: active_channels >= {}",
        channels / 4
    );
    text.push_str("constraint quality: tech >= 65\n");
    text.push_str("objective weighted { maximize share weight 0.4; maximize revenue weight 0.4; maximize satisfaction weight 0.2 }\n");
    // In the layout of `stratc fmt`, as a person's file would be.
    crate::formatter::format(&text)
}

#[cfg(test)]
mod tests {
    use super::strategy;

    #[test]
    fn the_same_seed_gives_the_same_strategy() {
        assert_eq!(strategy(20, 4, 7), strategy(20, 4, 7));
        assert_ne!(strategy(20, 4, 7), strategy(20, 4, 8));
    }

    #[test]
    fn generated_strategies_check() {
        for (channels, markets) in [(1, 1), (10, 3), (50, 10)] {
            let mut sources = crate::source::SourceMap::new();
            let file = sources.add(crate::source::SourceFile::new(
                "g.strat",
                strategy(channels, markets, 1),
            ));
            let checked = crate::check::check(file, &mut sources, &crate::check::NoFiles);
            assert!(
                checked.model.is_some(),
                "{channels}x{markets}: {:#?}",
                checked.diagnostics
            );
        }
    }
}
