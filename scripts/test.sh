#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite twice:
# the normal build, then under AddressSanitizer + UndefinedBehaviorSanitizer.
# Exits non-zero if any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
for mode in "" --sanitize; do
  dir=$(bash scripts/build.sh $mode)
  echo "== tests in $dir"
  (cd "$dir" && ctest --output-on-failure -j"$jobs")
done
