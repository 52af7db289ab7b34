//! Write a generated corpus of news reports for benchmarks:
//! `cargo run --release --example gen_corpus -- 100000 /tmp/corpus-100k`.
//! See `benches/support/gen.rs` for what the reports hold.

#[path = "../benches/support/gen.rs"]
mod gen;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: gen_corpus REPORTS DIR");
        std::process::exit(2);
    };
    let n: usize = n.parse().unwrap_or_else(|_| {
        eprintln!("gen_corpus: REPORTS must be a number");
        std::process::exit(2)
    });
    let dir = std::path::PathBuf::from(dir);
    match gen::generate(&dir, n) {
        Ok((paths, bytes)) => println!(
            "{} reports, {:.1} MB in {}",
            paths.len(),
            bytes as f64 / 1e6,
            dir.display()
        ),
        Err(e) => {
            eprintln!("gen_corpus: {}: {e}", dir.display());
            std::process::exit(1);
        }
    }
}
