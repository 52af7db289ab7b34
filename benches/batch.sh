#!/usr/bin/env bash
# Batch mode at 10,000 and 100,000 generated reports (docs/performance.md,
# "Batch mode"): `newsdesk export` and `newsdesk link` (DataFusion in the
# process, and Ballista standalone), each with its wall time and peak memory
# (/usr/bin/time), next to the in-memory path over the same files in the same
# run (`newsdesk analyze --no-cache`, which computes every quote and passage
# link in one process) and `rg -c the`. SIZES="10000" for less.
# The corpora are those of the scale benchmark (target/bench-corpus/N),
# generated when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target/batch}"
if ! command -v rg >/dev/null 2>&1; then
  pip install --quiet ripgrep
  hash -r
fi
cargo build --quiet --release --features batch --bin newsdesk --example gen_corpus
nd="$CARGO_TARGET_DIR/release/newsdesk"
work="${BATCH_BENCH_DIR:-target/bench-batch}"
date -u +"run of %Y-%m-%d %H:%M UTC"
nproc | sed 's/^/cores: /'
# wall seconds and peak resident MiB of a command, its output discarded
measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2> "$work/stderr" || {
    echo "$label failed:"; cat "$work/stderr"; exit 1; }
  read -r secs kb < "$work/time"
  printf '| %s | %s s | %.0f MiB |\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
}
for n in ${SIZES:-10000 100000}; do
  corpus="target/bench-corpus/$n"
  if [ ! -e "$corpus/.complete" ]; then
    rm -rf "$corpus"
    "$CARGO_TARGET_DIR/release/examples/gen_corpus" "$n" "$corpus"
    touch "$corpus/.complete"
  fi
  rm -rf "$work"; mkdir -p "$work"
  echo
  echo "== $n reports, $(du -sm --exclude=.complete "$corpus" | cut -f1) MB"
  echo
  echo "| step | wall | peak memory |"
  echo "|---|---:|---:|"
  measure "rg -c the (the same files)" rg -c the "$corpus"
  measure "newsdesk export (Parquet, analysing every report)" \
    "$nd" export --no-cache "$corpus" --out "$work/facts"
  measure "newsdesk link, DataFusion" "$nd" link "$work/facts" --out "$work/links"
  measure "newsdesk link --ballista-standalone" \
    "$nd" link "$work/facts" --out "$work/links-ballista" --ballista-standalone
  measure "in memory: newsdesk analyze --no-cache (facts and every link)" \
    "$nd" analyze --no-cache "$corpus"
  echo
  echo "export: $(du -sm "$work/facts" | cut -f1) MB of tables; links: $(grep -E '"(quote|passage)_links"' "$work/links/manifest.json" | tr -d ' \n')"
done
