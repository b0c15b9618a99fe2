#!/usr/bin/env bash
# bench/mpi_scaling.sh: how a propagated comparison (bilim compare --draws)
# scales over MPI ranks and threads, for docs/cluster.md's scaling model.
# Needs an MPI build (default build-mpi/, -DBILIM_MPI=ON, Release).
#
#   bash bench/mpi_scaling.sh [BUILD-DIR] [DRAWS] [SCHOOLS] [MONTHS]
#
# Defaults: 3 shipped scenarios (baseline, leadership_training,
# innovation_hub) x 80 draws x their replicates, on a national sample of 300
# schools for 60 months: about 12 s in one process on one idle core, 50 s
# for the whole script on an idle 2-core machine (docs/cluster.md). Runs:
#   1rank-t1   one process, 1 thread (no mpirun): the reference
#   mpi-1w-t1  mpirun -np 2: rank 0 (coordinator) + 1 worker of 1 thread
#   mpi-2w-t1  mpirun -np 3: rank 0 + 2 workers of 1 thread
#   mpi-1w-t2  mpirun -np 2, OMP_NUM_THREADS=2: rank 0 + 1 worker of 2 threads
# (rank 0 runs no simulation and shares a core: docs/cluster.md). For each:
# the command's wall time (start-up, the plain comparison, analysis and
# writing included), the batch's (/design/wall_seconds: the draws' runs),
# runs per second and core-seconds per run of the batch, the load average
# before it; for the MPI runs, rank 0's messages (BILIM_DIST_TRAFFIC: the
# requests, the results' bytes, the answers). Every configuration's
# /design/runs must equal the reference's (h5diff). Read the times with the
# load: on a shared machine they mostly measure the neighbours.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-mpi}
draws=${2:-80}
schools=${3:-300}
months=${4:-60}
bilim=$PWD/$build/bilim
tmp=$(mktemp -d /tmp/bilim-bench-mpi-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
args=(compare "$PWD/scenarios/baseline.json" "$PWD/scenarios/leadership_training.json"
      "$PWD/scenarios/innovation_hub.json"
      --draws "$draws" --schools "$schools" --months "$months" -o r.h5 -q)
mpirun=(mpirun --oversubscribe --allow-run-as-root)
start=$(date +%s.%N)

attr() { h5dump -a "$2" "$1" | sed -n 's/.*(0): //p'; }

# run NAME CORES COMMAND...: times COMMAND in $tmp/NAME.
run() {
  local name=$1 cores=$2
  shift 2
  mkdir -p "$tmp/$name"
  local load t0 t1
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s.%N)
  (cd "$tmp/$name" && BILIM_DIST_TRAFFIC=1 "$@" >/dev/null 2>err.txt) ||
    { cat "$tmp/$name/err.txt" >&2; exit 1; }
  t1=$(date +%s.%N)
  local runs batch
  runs=$(attr "$tmp/$name/r.h5" /design/runs)
  batch=$(attr "$tmp/$name/r.h5" /design/wall_seconds)
  awk -v n="$name" -v w="$(echo "$t1 - $t0" | bc)" -v r="$runs" -v c="$cores" -v l="$load" \
    -v b="$batch" \
    'BEGIN { printf "%-10s command %7.2f s, batch %7.2f s: %5d runs, %7.2f runs/s, %7.4f core-s/run  load %s\n",
             n, w, b, r, r / b, b * c / r, l }'
  sed -n 's/^bilim: MPI traffic of rank 0: /           messages: /p' "$tmp/$name/err.txt"
  echo "$batch" >"$tmp/$name/batch"
  if [ "$name" != 1rank-t1 ]; then
    h5diff -q "$tmp/1rank-t1/r.h5" "$tmp/$name/r.h5" /design/runs /design/runs ||
      { echo "bench: $name's /design/runs differ from 1rank-t1's" >&2; exit 1; }
  fi
}

echo "bilim compare (3 scenarios) --draws $draws --schools $schools --months $months;" \
     "$(nproc) cores; $(mpirun --version | head -1)"
OMP_NUM_THREADS=1 run 1rank-t1 1 "$bilim" "${args[@]}"
OMP_NUM_THREADS=1 run mpi-1w-t1 1 "${mpirun[@]}" -np 2 "$bilim" "${args[@]}"
OMP_NUM_THREADS=1 run mpi-2w-t1 2 "${mpirun[@]}" -np 3 "$bilim" "${args[@]}"
OMP_NUM_THREADS=2 run mpi-1w-t2 2 "${mpirun[@]}" -np 2 "$bilim" "${args[@]}"
b() { cat "$tmp/$1/batch"; }
awk -v s="$(b 1rank-t1)" -v w1="$(b mpi-1w-t1)" -v w2="$(b mpi-2w-t1)" -v t2="$(b mpi-1w-t2)" \
  -v total="$(echo "$(date +%s.%N) - $start" | bc)" \
  'BEGIN { printf "batch speed-up over one process: 1 worker %.2f, 2 workers %.2f (efficiency %.0f %%), 1 worker x 2 threads %.2f (%.0f %%)\n",
           s / w1, s / w2, 50 * s / w2, s / t2, 50 * s / t2;
           printf "whole script: %.0f s\n", total }'
