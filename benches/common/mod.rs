//! What the benchmarks share: their command line.

/// The number of articles to benchmark with: `--articles N`, else 1,000
/// with `--quick`, else 10,000.
pub fn articles_arg() -> usize {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    args.iter()
        .position(|a| a == "--articles")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 1_000 } else { 10_000 })
}
