#!/usr/bin/env bash
# Renders a calibration report (bilim calibrate --report, issue 18, item 3) in
# Chromium and looks at what it shows, as sh_report_render does for the
# comparison's (tests/render/render.bash): a screenshot that is not blank and
# every section title (<h2>) present in the DOM Chromium built. A tiny
# calibration (survey of 20 principals, 2 free parameters, 40 particles, 2
# generations, the case-study patterns) takes a few seconds, Chromium's
# start-up most of the test; labelled "source" in CMakeLists.txt, as the
# comparison's. Without chromium (or gnuplot, which draws the charts):
# skipped (exit 77), or a failure under BILIM_TESTS_REQUIRE_ALL=1.
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
exe=${BILIM_EXE:?BILIM_EXE is set by CTest}
. "$src/tests/render/render.bash"
render_require_chromium
if ! command -v gnuplot >/dev/null; then
  if [ "${BILIM_TESTS_REQUIRE_ALL:-0}" = 1 ]; then
    echo "FAIL: gnuplot is not installed (scripts/setup.sh installs it)"; exit 1
  fi
  echo "SKIP: gnuplot is not installed"; exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
echo '{"name": "tiny-base"}' > base.json
cat > targets.json <<'JSON'
{"respondents": 20,
 "readiness_bands": {"counts": {"low": 8, "intermediate": 12, "high": 0}},
 "barriers": {"lack_of_practical_knowledge": {"count": 18}, "weak_material_base": {"count": 15}}}
JSON
cat > cal.json <<JSON
{"base_scenario": "base.json",
 "target_sets": [{"id": "survey", "date": "2026-09", "targets": "targets.json"}],
 "patterns": "$src/data/case-study-patterns.json",
 "parameters": [
   {"name": "init_K_mean_rural", "prior": {"distribution": "beta", "alpha": 5.4, "beta": 14.6}},
   {"name": "init_R_mean_rural", "prior": {"distribution": "beta", "alpha": 5.6, "beta": 14.4}}],
 "method": {"particles": 40, "max_generations": 2},
 "seed": 18}
JSON
"$exe" calibrate cal.json -o post.h5 --report report.html --threads 2 --quiet

render_report "$tmp" "$tmp/report.html" Diagnostics "Fit per target" \
  "Prior and posterior of each free parameter" "The most correlated pairs" \
  "What the data identify" "Dynamic parameters" "Pattern checks from the case studies"
