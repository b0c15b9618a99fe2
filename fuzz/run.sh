#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, with AddressSanitizer and
# UndefinedBehaviorSanitizer) into build-fuzz/ and runs each in turn, the
# SECONDS given (default 60) split evenly between them:
#   json      the strict JSON reader (formats/json.c)          fuzz/fuzz_json.c
#   scenario  the scenario loader (extends, parameter files)   fuzz/fuzz_scenario.c
#   calib     the calibration loader and its targets files     fuzz/fuzz_calib.c
# FUZZ_TARGETS="json calib" runs only those. Each target's corpus grows in
# build-fuzz/corpus-TARGET between runs, seeded with fuzz/seeds/TARGET/ and
# the shipped files it reads; a crash leaves build-fuzz/crash-* (reproduce
# with: build-fuzz/fuzz_TARGET build-fuzz/crash-...). Exits non-zero when a
# target finds a problem.
# Usage: bash fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
read -r -a targets <<< "${FUZZ_TARGETS:-json scenario calib}"
out=build-fuzz
cc=${FUZZ_CC:-clang}
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "fuzz: $cc not found; scripts/setup.sh installs clang and libclang-rt-14-dev" >&2
  exit 1
fi
per=$(( secs / ${#targets[@]} ))
(( per >= 1 )) || per=1

# The library code the targets reach: base/, models/ and the loaders of
# formats/ (not the HDF5 files), compiled once, instrumented for coverage,
# into an archive so each target links only what it uses. Files that need
# OpenMP (the model's step, which no loader runs) are left out: clang's
# omp.h (libomp-dev) is not installed by scripts/setup.sh.
mkdir -p "$out/obj"
flags=(-std=c11 -g -O1 -Wall -Wextra -Werror -Wno-unused-command-line-argument
       -fsanitize=address,undefined -fno-sanitize-recover=undefined
       -ffp-contract=off -D_POSIX_C_SOURCE=200809L -DFUZZ_SOURCE_DIR="\"$PWD\"" -I.)
lib=()
for f in base/*.c models/*.c formats/json.c formats/json_check.c formats/diags.c \
         formats/fields*.c formats/scenario_*.c formats/calib_load.c formats/patterns_load.c; do
  [[ $f == base/version.c ]] && continue  # needs the build's generated header; unused here
  grep -q '<omp.h>' "$f" && continue
  lib+=("$f")
done
rm -f "$out"/obj/*.o "$out/libfuzzed.a"
# Parallel compiles; wait on each so a failure stops the script (set -e).
pids=()
for f in "${lib[@]}"; do
  "$cc" "${flags[@]}" -fsanitize=fuzzer-no-link -c "$f" -o "$out/obj/${f//\//_}.o" &
  pids+=($!)
  if (( ${#pids[@]} >= $(nproc 2>/dev/null || echo 2) )); then
    wait "${pids[0]}"
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p"; done
ar rcs "$out/libfuzzed.a" "$out"/obj/*.o

# Seeds: hand-written edge cases, and the shipped files each target reads.
seed() {
  local dir="$out/corpus-$1"
  mkdir -p "$dir"
  case $1 in
    json|scenario)
      cp fuzz/seeds/"$1"/* scenarios/*.json scenarios/params/*.json "$dir/" ;;
    calib)
      # A leading even byte makes the rest a calibration file, odd a targets file.
      for f in fuzz/seeds/calib/*.json scenarios/calibration/*.json data/survey-2026-principals.json; do
        case $(basename "$f") in
          targets-*|survey-*) b='\x01' ;;
          *) b='\x00' ;;
        esac
        { printf "$b"; cat "$f"; } > "$dir/seed-$(basename "$f")"
      done ;;
  esac
}

status=0
for t in "${targets[@]}"; do
  "$cc" "${flags[@]}" -fsanitize=fuzzer "fuzz/fuzz_$t.c" "$out/libfuzzed.a" -o "$out/fuzz_$t" \
    -lgsl -lgslcblas -lm
  seed "$t"
  echo "fuzz: $t for ${per}s" >&2
  if ! "$out/fuzz_$t" -max_total_time="$per" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -dict="fuzz/$t.dict" -artifact_prefix="$out/" -print_final_stats=1 "$out/corpus-$t" \
       2> "$out/fuzz-$t.log"; then
    tail -n 60 "$out/fuzz-$t.log" >&2
    status=1
    continue
  fi
  grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" "$out/fuzz-$t.log" >&2 || true
done
exit $status
