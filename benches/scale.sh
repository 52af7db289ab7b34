#!/usr/bin/env bash
# The scale benchmarks of docs/performance.md: the protocol benchmark
# (benches/lsp.rs) at 1,000, 10,000 and 100,000 generated reports, each with
# `rg -c the` over the same files in the same run. Takes about an hour on a
# 2-core machine; SIZES="1000 10000" for less.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v rg >/dev/null 2>&1; then
  pip install --quiet ripgrep
  hash -r
fi
date -u +"run of %Y-%m-%d %H:%M UTC"
nproc | sed 's/^/cores: /'
for n in ${SIZES:-1000 10000 100000}; do
  echo "== $n reports"
  cargo bench --quiet --bench lsp -- "$n"
done
