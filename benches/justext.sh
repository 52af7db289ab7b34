#!/usr/bin/env bash
# Lines per second of newsdesk's boilerplate classifier next to jusText's on
# the same page texts (docs/performance.md). jusText is installed from PyPI into
# a virtual environment under target/.
#
#   benches/justext.sh ../shared/dev/boilerplate-train/dragnet/corpus
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: benches/justext.sh DIR..." >&2; exit 2; }
venv=target/justext-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet justext==3.0.2 lxml_html_clean
fi
echo "== newsdesk (cargo bench --bench facts, one core)"
cargo bench --quiet --bench facts -- "$@" | grep -E "reports|boilerplate"
echo "== jusText (one core)"
"$venv/bin/python" benches/justext_speed.py "$@"
