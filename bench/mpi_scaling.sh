#!/usr/bin/env bash
# bench/mpi_scaling.sh: wall time of one propagated comparison (bilim compare
# --draws) in one process and under mpirun, for docs/cluster.md's scaling
# model. Needs an MPI build (default build-mpi/, -DBILIM_MPI=ON).
#
#   bash bench/mpi_scaling.sh [BUILD-DIR] [DRAWS] [SCHOOLS] [MONTHS]
#
# Prints one line per configuration: processes x threads, the whole command's
# wall time (start-up, the plain comparison, analysis and writing included)
# and the batch's (/design/wall_seconds: the draws' runs), runs, runs per
# second and core-seconds per run of the batch, and the machine's load average
# before each (the machine may be shared: read the times with it).
# Each configuration writes its own file; their /design/runs must be equal
# (checked with h5diff).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-mpi}
draws=${2:-12}
schools=${3:-100}
months=${4:-24}
bilim=$PWD/$build/bilim
tmp=$(mktemp -d /tmp/bilim-bench-mpi-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
args=(compare "$PWD/scenarios/baseline.json" "$PWD/scenarios/leadership_training.json"
      --draws "$draws" --schools "$schools" --months "$months" -o r.h5 -q)
mpirun=(mpirun --oversubscribe --allow-run-as-root)

# run NAME CORES COMMAND...: times COMMAND in $tmp/NAME.
run() {
  local name=$1 cores=$2
  shift 2
  mkdir -p "$tmp/$name"
  local load t0 t1
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s.%N)
  (cd "$tmp/$name" && "$@" >/dev/null)
  t1=$(date +%s.%N)
  local runs batch
  runs=$(h5dump -a /design/runs "$tmp/$name/r.h5" | sed -n 's/.*(0): //p')
  batch=$(h5dump -a /design/wall_seconds "$tmp/$name/r.h5" | sed -n 's/.*(0): //p')
  awk -v n="$name" -v w="$(echo "$t1 - $t0" | bc)" -v r="$runs" -v c="$cores" -v l="$load" \
    -v b="$batch" \
    'BEGIN { printf "%-12s command %6.2f s, batch %6.2f s: %4d runs, %6.2f runs/s, %6.3f core-s/run  load %s\n",
             n, w, b, r, r / b, b * c / r, l }'
  if [ "$name" != serial-t1 ]; then
    h5diff -q "$tmp/serial-t1/r.h5" "$tmp/$name/r.h5" /design/runs /design/runs ||
      { echo "bench: $name's /design/runs differ from serial-t1's" >&2; exit 1; }
  fi
}

echo "bilim compare --draws $draws --schools $schools --months $months on $(nproc) cores"
OMP_NUM_THREADS=1 run serial-t1 1 "$bilim" "${args[@]}"
OMP_NUM_THREADS=2 run serial-t2 2 "$bilim" "${args[@]}"
OMP_NUM_THREADS=1 run mpi-np2-t1 1 "${mpirun[@]}" -np 2 "$bilim" "${args[@]}"
OMP_NUM_THREADS=1 run mpi-np3-t1 2 "${mpirun[@]}" -np 3 "$bilim" "${args[@]}"
OMP_NUM_THREADS=2 run mpi-np2-t2 2 "${mpirun[@]}" -np 2 "$bilim" "${args[@]}"
