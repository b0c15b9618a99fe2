#!/usr/bin/env bash
# The main job: installs what is missing and builds build/bilim
# (scripts/build.sh, progress on standard error), then compares the shipped
# baseline with the main shipped policy options under uncertainty: the
# comparison is run for many draws of the model's uncertain parameters
# (`bilim compare --draws`, docs/compare.md), each draw running the baseline
# and every option on common random numbers; writes the HDF5 result file,
# the CSV folder and the HTML report, which leads with "How sure is this
# ranking?", then says where they are. Safe to run again: it overwrites its
# own results.
#
#   bash scripts/demo.sh          the baseline and six options, 100 draws on
#                                 a proportional sample of 300 schools (about
#                                 3 minutes on 2 shared cores; less when idle)
#   bash scripts/demo.sh --full   the paired comparison of every shipped
#                                 option, all 7,687 schools, the scenarios' 20
#                                 replicates, without the parameter draws
#
# Results go to results/demo (or results/national with --full); set BILIM_DEMO_OUT to
# write elsewhere, BILIM_DEMO_DRAWS and BILIM_DEMO_SCHOOLS to size the default run.
# Extra arguments are passed to `bilim compare` (for example --threads 4).
set -euo pipefail
cd "$(dirname "$0")/.."

full=0
if [ "${1:-}" = "--full" ]; then
  full=1
  shift
fi

bash scripts/build.sh
bilim=build/bilim

draws=${BILIM_DEMO_DRAWS:-100}
schools=${BILIM_DEMO_SCHOOLS:-300}
options=()
if [ "$full" = 1 ]; then
  for f in scenarios/*.json; do
    case "$f" in
      scenarios/baseline.json|scenarios/schema.json|scenarios/no_programmes.json) ;;
      *) options+=("$f") ;;
    esac
  done
  out=${BILIM_DEMO_OUT:-results/national}
  run=()
else
  for o in innovation_hub leadership_training professional_development \
           university_partnership teacher_incentives resource_funding; do
    options+=("scenarios/$o.json")
  done
  out=${BILIM_DEMO_OUT:-results/demo}
  run=(--draws "$draws" --schools "$schools")
fi
mkdir -p "$out"

echo "Comparing scenarios/baseline.json with ${#options[@]} options on $(nproc 2>/dev/null || echo '?') cores..."
start=$(date +%s)
"$bilim" compare scenarios/baseline.json "${options[@]}" \
  -o "$out/compare.h5" --csv "$out/csv" --report "$out/report.html" "${run[@]}" "$@"
echo "Done in $(( $(date +%s) - start )) s. Open $out/report.html in a browser;"
echo "the spreadsheets are in $out/csv/, every run in $out/compare.h5."
if [ "$full" = 0 ]; then
  echo "This was the comparison under uncertainty: $draws draws of the model's uncertain"
  echo "parameters on a sample of $schools schools. The national paired comparison of every"
  echo "shipped option (all schools, no parameter draws):"
  echo "  bash scripts/demo.sh --full"
fi
