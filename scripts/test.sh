#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite twice:
# the normal build, then under AddressSanitizer + UndefinedBehaviorSanitizer;
# then fuzzes the scenario loader briefly (fuzz/run.sh, libFuzzer).
# Exits non-zero if any test fails or the fuzzer finds a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
for mode in "" --sanitize; do
  dir=$(bash scripts/build.sh $mode)
  echo "== tests in $dir"
  (cd "$dir" && ctest --output-on-failure -j"$jobs")
done
echo "== fuzzing the scenario loader for 30 s (fuzz/run.sh)"
bash fuzz/run.sh 30
