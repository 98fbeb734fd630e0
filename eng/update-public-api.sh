#!/usr/bin/env bash
# Adds every new public symbol to PublicAPI.Unshipped.txt (the RS0016 code fix), for each shipped project.
# Run after adding or changing public API; review the diff: it is the package's public contract.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dotnet format analyzers "$project" --diagnostics RS0016 RS0017 --severity warn --verbosity quiet || true
done
git diff --stat -- 'src/*/PublicAPI.*.txt' || true
