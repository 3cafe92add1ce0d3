#!/usr/bin/env bash
# Ingestion throughput: segmento vs DuckDB and polars on the same generated file.
#   bash benches/run.sh            (ROWS=1000000 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
FILE=bench-data/orders-${ROWS}.csv
cargo build --release --quiet --example ingest_bench
if [ ! -f "$FILE" ]; then
    target/release/examples/ingest_bench --generate "$ROWS" "$FILE"
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
target/release/examples/ingest_bench "$FILE" 8
if ! python3 -c "import duckdb, polars" 2>/dev/null; then
    python3 -m pip install --quiet duckdb polars
fi
python3 benches/compare.py "$FILE" 1
python3 benches/compare.py "$FILE" "$(nproc)"
