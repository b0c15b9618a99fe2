#!/usr/bin/env bash
# Renders a comparison report in Chromium and looks at what it shows (issue
# 16, item 9; tests/render/render.bash): a screenshot that is not blank and
# every section title (<h2>) of the report present in the DOM Chromium built.
# A small comparison (3 options, one a package of two parts, 60 schools, 2
# replicates, 12 months, per-region series) takes seconds, Chromium's start-up
# most of the test's half minute; labelled "source" in CMakeLists.txt, so
# scripts/test.sh runs it in one build only.
# Without chromium: skipped (exit 77), or a failure under BILIM_TESTS_REQUIRE_ALL=1.
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
exe=${BILIM_EXE:?BILIM_EXE is set by CTest}
. "$src/tests/render/render.bash"
render_require_chromium
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
for s in baseline leadership_training option_10bn_funding; do
  printf '{"extends": "%s/scenarios/%s.json", "name": "%s", "outputs": {"by_region": true}}\n' \
    "$src" "$s" "$s" > "$s.json"
done
# A package of two parts, so that "What each part of the package adds" is shown.
cat > package.json <<EOF
{"extends": "$src/scenarios/baseline.json", "name": "package", "outputs": {"by_region": true},
 "package": {"budget_kzt": 6000000000}, "append_interventions": [
  {"type": "leadership_training", "name": "training", "unit_cost_kzt": 1500000,
   "budget_kzt": 3000000000, "target": {"locality": "rural"}},
  {"type": "resource_funding", "name": "grants", "unit_cost_kzt": 1000000,
   "budget_kzt": 3000000000, "target": {"locality": "rural"}}]}
EOF
"$exe" compare baseline.json leadership_training.json option_10bn_funding.json package.json -o c.h5 \
  --report report.html --schools 60 --replicates 2 --months 12 --threads 2 --quiet

render_report "$tmp" "$tmp/report.html" Summary "What each part of the package adds" \
  "Effects by region" "Cost and effect" Provenance
