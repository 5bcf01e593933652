#!/usr/bin/env bash
# Measures the zip crate's deflate backends on the same main part: zlib-rs (the one we ship,
# zip feature `deflate-flate2-zlib-rs`) against miniz_oxide (`deflate-flate2` + flate2's
# `rust_backend`). Builds two throwaway programs outside the repository, each inflating
# word/document.xml N times; prints median and minimum wall time and, when valgrind is there,
# the instruction count of one inflate (repeatable whatever else the machine is doing).
#
# Usage: bash benches/deflate-backends.sh [FILE.docx] [N]   (not run by CI)
set -euo pipefail
file=$(realpath "${1:-fixtures/fedramp/FedRAMP-SSP-Moderate-Baseline-Template.docx}")
n=${2:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

main_rs='use std::io::Read;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args().nth(2).map(|s| s.parse().unwrap()).unwrap_or(1);
    let bytes = std::fs::read(&path).unwrap();
    let mut times = Vec::new();
    let mut total = 0;
    for _ in 0..n {
        let t = std::time::Instant::now();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
        let mut f = zip.by_name("word/document.xml").unwrap();
        let mut buf = vec![0u8; 65536];
        loop { let k = f.read(&mut buf).unwrap(); if k == 0 { break; } total += k; }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!("{} bytes, {} runs: median {:.3} ms, min {:.3} ms", total / n, n, times[n / 2], times[0]);
}'

declare -A deps
deps[zlib-rs]='zip = { version = "9.8", default-features = false, features = ["deflate-flate2-zlib-rs"] }'
deps[miniz_oxide]='zip = { version = "9.8", default-features = false, features = ["deflate-flate2"] }
flate2 = { version = "1", default-features = false, features = ["rust_backend"] }'

for backend in zlib-rs miniz_oxide; do
  dir="$work/$backend"
  mkdir -p "$dir/src"
  printf '[package]\nname = "inflate"\nversion = "0.1.0"\nedition = "2024"\n[dependencies]\n%s\n' "${deps[$backend]}" > "$dir/Cargo.toml"
  printf '%s\n' "$main_rs" > "$dir/src/main.rs"
  (cd "$dir" && cargo build --quiet --release)
  printf '%-12s ' "$backend"
  "$dir/target/release/inflate" "$file" "$n"
  if command -v valgrind >/dev/null 2>&1; then
    printf '%-12s ' ""
    valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" "$dir/target/release/inflate" "$file" 1 2>&1 \
      | sed -n 's/.*Collected : \([0-9]*\).*/\1 instructions (callgrind, one run)/p'
  fi
done
