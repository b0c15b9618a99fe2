#!/usr/bin/env bash
# Builds the scenario-loader fuzzer (clang + libFuzzer, with AddressSanitizer
# and UndefinedBehaviorSanitizer) into build-fuzz/ and runs it for SECONDS
# (default 60), seeded with the shipped scenarios and fuzz/seeds/. The corpus
# grows in build-fuzz/corpus between runs; a crash leaves build-fuzz/crash-*
# (reproduce with: build-fuzz/fuzz_scenario build-fuzz/crash-...).
# Usage: bash fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
out=build-fuzz
cc=${FUZZ_CC:-clang}
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "fuzz: $cc not found; scripts/setup.sh installs clang and libclang-rt-14-dev" >&2
  exit 1
fi
mkdir -p "$out/corpus"
src=(fuzz/fuzz_scenario.c formats/json.c formats/json_check.c formats/diags.c formats/scenario_*.c base/error.c base/alloc.c
     models/scenario.c models/params.c models/preset.c models/interventions_unit.c)
"$cc" -std=c11 -g -O1 -Wall -Wextra -Werror -Wno-unused-command-line-argument \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -ffp-contract=off \
  -D_POSIX_C_SOURCE=200809L -DFUZZ_SOURCE_DIR="\"$PWD\"" -I. \
  "${src[@]}" -o "$out/fuzz_scenario" -lm
# Seeds: every shipped scenario and parameter file, and the hand-written edge cases.
cp scenarios/*.json scenarios/params/*.json fuzz/seeds/*.json "$out/corpus/"
echo "fuzz: running for ${secs}s" >&2
"$out/fuzz_scenario" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -dict=fuzz/scenario.dict -artifact_prefix="$out/" -print_final_stats=1 "$out/corpus" \
  2> "$out/fuzz.log" || { tail -n 60 "$out/fuzz.log" >&2; exit 1; }
grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" "$out/fuzz.log" >&2 || true
