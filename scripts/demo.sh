#!/usr/bin/env bash
# The main job: installs what is missing and builds build/bilim
# (scripts/build.sh, progress on standard error), then compares the shipped
# baseline with the shipped national policy options on common random numbers,
# writing the HDF5 result file, the CSV folder and the HTML report, then says
# where they are. Safe to run again: it overwrites its own results.
#
#   bash scripts/demo.sh          every shipped option, all 7,687 schools,
#                                 10 replicates (a few minutes on 2 cores)
#   bash scripts/demo.sh --full   the same with the scenarios' 20 replicates
#                                 (about twice as long)
#
# Results go to results/demo (or results/national with --full); set BILIM_DEMO_OUT to
# write elsewhere. Extra arguments are passed to `bilim compare` (for
# example --threads 4, or --schools 2000 for a quicker sample).
set -euo pipefail
cd "$(dirname "$0")/.."

full=0
if [ "${1:-}" = "--full" ]; then
  full=1
  shift
fi

bash scripts/build.sh
bilim=build/bilim

options=()
for f in scenarios/*.json; do
  case "$f" in
    scenarios/baseline.json|scenarios/schema.json) ;;
    *) options+=("$f") ;;
  esac
done
if [ "$full" = 1 ]; then
  out=${BILIM_DEMO_OUT:-results/national}
  run=()
else
  out=${BILIM_DEMO_OUT:-results/demo}
  run=(--replicates 10)
fi
mkdir -p "$out"

echo "Comparing scenarios/baseline.json with ${#options[@]} options on $(nproc 2>/dev/null || echo '?') cores..."
start=$(date +%s)
"$bilim" compare scenarios/baseline.json "${options[@]}" \
  -o "$out/compare.h5" --csv "$out/csv" --report "$out/report.html" "${run[@]}" "$@"
echo "Done in $(( $(date +%s) - start )) s. Open $out/report.html in a browser;"
echo "the spreadsheets are in $out/csv/, every replicate in $out/compare.h5."
if [ "$full" = 0 ]; then
  echo "This was the quick version (10 replicates per scenario). The full national"
  echo "comparison, with the scenarios' own 20 replicates (about twice as long):"
  echo "  bash scripts/demo.sh --full"
fi
