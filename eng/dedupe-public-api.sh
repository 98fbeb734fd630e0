#!/usr/bin/env bash
# After merging branches, union-merged PublicAPI files can hold a line twice (RS0025): keep the first.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in src/*/PublicAPI.*.txt; do
  awk '!seen[$0]++' "$f" > "$f.tmp" && mv "$f.tmp" "$f"
done
