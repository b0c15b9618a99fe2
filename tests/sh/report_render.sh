#!/usr/bin/env bash
# Renders a comparison report in Chromium and looks at what it shows (issue
# 16, item 9; tests/render/render.bash): a screenshot that is not blank and
# every section title (<h2>) of the report present in the DOM Chromium built.
# A small comparison (2 options, 60 schools, 2 replicates, 12 months,
# per-region series) takes seconds, Chromium's start-up most of the test's
# half minute; labelled "source" in
# CMakeLists.txt, so scripts/test.sh runs it in one build only.
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
"$exe" compare baseline.json leadership_training.json option_10bn_funding.json -o c.h5 \
  --report report.html --schools 60 --replicates 2 --months 12 --threads 2 --quiet

render_report "$tmp" "$tmp/report.html" Summary "Effects by region" "Cost and effect" Provenance
