#!/usr/bin/env bash
# Builds the release binary and prints the side-by-side table for BENCHMARKS.md.
# Usage: benches/compare.sh            (COMPARE_RUNS / COMPARE_BATCH_ROWS to change sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
echo "machine: $(uname -sm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
python3 benches/compare.py
