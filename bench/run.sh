#!/usr/bin/env bash
# Builds bilim with optimisation (RelWithDebInfo: -O2 -g, no -ffast-math) and
# runs the benchmarks in bench/ on the national baseline: the engine's
# (bench_engine: teacher-steps per second per core, seconds per replicate on 1
# and all threads, speedup, memory per teacher, HDF5 share) and the other
# speed benchmarks, bench/bench_*.c (e.g. the model's bench_model). Other
# programs in bench/ (adoption_speed, derive_effects, drift, interaction) are built and run on their own. Options are passed to bench_engine:
#   bash bench/run.sh --threads 2 --months 60 --repeat 3
# Usage: bash bench/run.sh [bench_engine options]   (or: make bench)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=()
for src in bench/bench_*.c; do
  targets+=("$(basename "$src" .c)")
done
jobs=$(nproc 2>/dev/null || echo 2)
cmake --build "$dir" -j"$jobs" --target "${targets[@]}" >/dev/null
echo "== bench_engine (cores: $(nproc), OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset})"
"$dir/bench_engine" "$@"
echo "(on a shared machine the wall-clock speedups are only meaningful when nothing else runs;"
echo " as root, 'chrt -f 10 build/bench_engine' gives the benchmark the cores it asks for)"
for t in "${targets[@]}"; do
  if [ "$t" != bench_engine ]; then
    echo "== $t"
    "$dir/$t"
  fi
done
