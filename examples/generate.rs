//! Prints a generated strategy: `cargo run --release --example generate -- CHANNELS MARKETS [SEED]`.

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|arg| arg.parse().ok())
        .collect();
    let (channels, markets, seed) = match args.as_slice() {
        [channels, markets] => (*channels, *markets, 1),
        [channels, markets, seed] => (*channels, *markets, *seed),
        _ => {
            eprintln!("usage: generate CHANNELS MARKETS [SEED]");
            std::process::exit(2);
        }
    };
    print!(
        "{}",
        stratc::generate::strategy(channels as usize, markets as usize, seed)
    );
}
