#!/usr/bin/env bash
# scripts/demo.sh runs a propagated comparison by default (issue 14, item
# 7), sized to take a few minutes on 2 cores: its syntax, the command it
# runs (with stand-ins for the build and for bilim, so nothing is built or
# simulated), the size of that run, and that README says so. --full keeps
# the national paired comparison without draws.
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
bash -n "$src/scripts/demo.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/scripts" "$tmp/build" "$tmp/scenarios"
cp "$src/scripts/demo.sh" "$tmp/scripts/"
cp "$src"/scenarios/*.json "$tmp/scenarios/"
printf '#!/bin/sh\nexit 0\n' > "$tmp/scripts/build.sh"
printf '#!/bin/sh\necho "stand-in bilim $*"\n' > "$tmp/build/bilim"
chmod +x "$tmp/build/bilim"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
out=$(BILIM_DEMO_OUT="$tmp/out" bash "$tmp/scripts/demo.sh")
line=$(printf '%s\n' "$out" | grep '^stand-in bilim compare') || fail "demo.sh did not run bilim compare"
echo "$line"
draws=$(printf '%s\n' "$line" | sed -n 's/.*--draws \([0-9]*\).*/\1/p')
schools=$(printf '%s\n' "$line" | sed -n 's/.*--schools \([0-9]*\).*/\1/p')
options=$(printf '%s\n' "$line" | grep -o 'scenarios/[a-z_0-9]*\.json' | wc -l)
[ -n "$draws" ] || fail "the default run has no --draws"
[ -n "$schools" ] || fail "the default run has no --schools"
# Measured: 100 draws x 7 scenarios on 300 schools took 3 min 20 s on 2 cores
# shared with other jobs (load 17). Keep the default within that size.
if [ -n "$draws" ] && [ -n "$schools" ]; then
  size=$((draws * options * schools))
  [ "$size" -le 210000 ] || fail "the default run is $draws draws x $options scenarios x $schools schools; keep it within 210,000 (a few minutes on 2 cores)"
  [ "$draws" -ge 100 ] || fail "$draws draws are too few for the groups' EVPPI (docs/compare.md)"
fi
full=$(BILIM_DEMO_OUT="$tmp/full" bash "$tmp/scripts/demo.sh" --full | grep '^stand-in bilim compare') || fail "--full did not run bilim compare"
case "$full" in *--draws*) fail "--full runs draws" ;; esac
grep -q -- '--draws' "$src/README.md" || fail "README does not say the demo runs with --draws"
[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "demo.sh runs a propagated comparison of a few minutes by default"
