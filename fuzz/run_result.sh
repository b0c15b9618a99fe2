#!/usr/bin/env bash
# Builds the result-file fuzzer (fuzz/fuzz_result.c: clang + libFuzzer, with
# AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer, libhdf5
# from Debian) into build-fuzz/result/ and runs it for SECONDS (default 60),
# seeded with small result files that the build's bilim writes (a run and a
# comparison) and with fuzz/seeds/result/ when present.
#   FUZZ_FORK=N   runs N jobs with -ignore_crashes=1, so that one crash
#                 inside libhdf5 does not end the run; the crashes found are
#                 then listed with the function that crashed.
# A crash leaves build-fuzz/result/crash-* (reproduce with:
# build-fuzz/result/fuzz_result build-fuzz/result/crash-...). Leaks made by
# libhdf5 on its error paths are suppressed by name (fuzz/lsan.supp).
# Usage: bash fuzz/run_result.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
out=build-fuzz/result
cc=${FUZZ_CC:-clang}
bilim=${BILIM:-build/bilim}
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "fuzz: $cc not found; scripts/setup.sh installs clang and libclang-rt-14-dev" >&2
  exit 1
fi
if [[ ! -x $bilim ]]; then
  echo "fuzz: $bilim not found; build bilim first (bash scripts/build.sh)" >&2
  exit 1
fi
mkdir -p "$out/obj" "$out/gen" "$out/corpus"
cmake -DOUT="$out/gen/bilim_version.h" -DVERSION=fuzz -DSRC="$PWD" -P cmake/version.cmake
h5inc=$(pkg-config --cflags hdf5 2>/dev/null || echo -I/usr/include/hdf5/serial)
h5lib=$(pkg-config --libs-only-L hdf5 2>/dev/null || echo -L/usr/lib/x86_64-linux-gnu/hdf5/serial)
flags=(-std=c11 -g -O1 -Wall -Wextra -Werror -Wno-unused-command-line-argument
       -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
       -ffp-contract=off -fopenmp -D_POSIX_C_SOURCE=200809L -I. -I"$out/gen" $h5inc)
# Everything the reading reaches: base/, models/, sim/ and formats/.
objs=()
pids=()
for f in base/*.c models/*.c sim/*.c formats/*.c; do
  o="$out/obj/${f//\//_}.o"
  objs+=("$o")
  "$cc" "${flags[@]}" -c "$f" -o "$o" &
  pids+=($!)
  if (( ${#pids[@]} >= $(nproc 2>/dev/null || echo 2) )); then
    wait "${pids[0]}"
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p"; done
"$cc" "${flags[@]}" -fsanitize=fuzzer fuzz/fuzz_result.c "${objs[@]}" -o "$out/fuzz_result" \
  $h5lib -lhdf5_hl -lhdf5 -lgsl -lgslcblas -lm
# Seeds: small files of each kind, written by this tree's bilim.
q=(--schools 10 --replicates 1 -q)
"$bilim" run scenarios/baseline.json -o "$out/corpus/seed-run.h5" --months 2 "${q[@]}"
"$bilim" compare scenarios/baseline.json scenarios/professional_development.json \
  -o "$out/corpus/seed-compare.h5" --months 3 "${q[@]}"
[[ -d fuzz/seeds/result ]] && cp fuzz/seeds/result/* "$out/corpus/"
# Full stacks for every allocation, so that a leak names the libhdf5
# function it comes from (the suppressions match on those names).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:fast_unwind_on_malloc=0}
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0"
opts=(-max_total_time="$secs" -max_len=262144 -timeout=20 -rss_limit_mb=2048
      -artifact_prefix="$out/" -print_final_stats=1)
if [[ -n ${FUZZ_FORK:-} ]]; then
  opts+=(-fork="$FUZZ_FORK" -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
fi
echo "fuzz: result files for ${secs}s" >&2
status=0
"$out/fuzz_result" "${opts[@]}" "$out/corpus" 2> "$out/fuzz.log" || status=$?
grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|^#[0-9]+.*(DONE|pulse)" \
  "$out/fuzz.log" | tail -n 3 >&2 || true
if [[ -n ${FUZZ_FORK:-} ]]; then
  # Where each crash happened: the first frame of each report.
  grep -A1 -E "^==[0-9]+==ERROR" "$out/fuzz.log" | grep -oE "in [A-Za-z_0-9]+ " |
    sort | uniq -c | sort -rn >&2 || true
elif (( status )); then
  tail -n 60 "$out/fuzz.log" >&2
fi
exit $status
