#!/usr/bin/env bash
# Long runs show life when nobody watches a terminal (issue 10, item 4): with
# standard error redirected to a file, `bilim run` and `bilim compare` write
# plain progress lines (here every 0 s, BILIM_PROGRESS_INTERVAL=0, so the test
# needs no long run), compare's runs (its scenarios' replicates, one batch) and
# the ETA, a last line, and never an
# escape code or a carriage return; the default interval (10 s) writes none
# on a short run; --quiet writes nothing at all. On a pseudo-terminal
# (script(1), when present) the bar is redrawn in place.
set -euo pipefail
exe=${BILIM_EXE:?BILIM_EXE is set by CTest}
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
small=(--schools 60 --replicates 2 --months 12)
no_escapes() {  # no_escapes FILE WHAT
  if LC_ALL=C grep -q $'[\033\r]' "$1"; then fail "$2: an escape code or \\r in redirected stderr"; fi
}

BILIM_PROGRESS_INTERVAL=0 "$exe" run "$src/scenarios/baseline.json" -o run.h5 "${small[@]}" \
  2>run.err || fail "run: $(cat run.err)"
grep -q '^bilim run: baseline: [0-9]*/2 replicates, [0-9]*%, .* elapsed, ETA ' run.err \
  || fail "run: no progress line: $(cat run.err)"
grep -q '^bilim run: done in ' run.err || fail "run: no last line: $(cat run.err)"
no_escapes run.err run

BILIM_PROGRESS_INTERVAL=0 "$exe" compare "$src/scenarios/baseline.json" \
  "$src/scenarios/leadership_training.json" -o cmp.h5 "${small[@]}" 2>cmp.err \
  || fail "compare: $(cat cmp.err)"
for k in 1 4; do
  grep -q "^bilim compare: replicates: $k/4 runs, .*ETA " cmp.err \
    || fail "compare: no '$k/4 runs' line: $(cat cmp.err)"
done
grep -q '^bilim compare: done in ' cmp.err || fail "compare: no last line: $(cat cmp.err)"
no_escapes cmp.err compare

env -u BILIM_PROGRESS_INTERVAL "$exe" run "$src/scenarios/baseline.json" -o run2.h5 \
  "${small[@]}" 2>short.err || fail "run: $(cat short.err)"
if grep -q 'ETA' short.err; then fail "a run shorter than 10 s wrote progress: $(cat short.err)"; fi
no_escapes short.err "short run"

BILIM_PROGRESS_INTERVAL=0 "$exe" compare "$src/scenarios/baseline.json" \
  "$src/scenarios/leadership_training.json" -o cmp2.h5 "${small[@]}" --quiet 2>quiet.err \
  || fail "compare --quiet: $(cat quiet.err)"
[ ! -s quiet.err ] || fail "--quiet wrote: $(cat quiet.err)"

if command -v script >/dev/null; then
  TERM=xterm script -qefc "'$exe' compare '$src/scenarios/baseline.json' \
    '$src/scenarios/leadership_training.json' -o cmp3.h5 --schools 60 --replicates 2 --months 12" \
    tty.out >/dev/null 2>&1 </dev/null || fail "compare on a terminal: $(cat tty.out)"
  grep -q 'replicates \[.*/4 runs .*ETA' tty.out || fail "no bar of runs on a terminal: $(cat tty.out)"
  LC_ALL=C grep -q $'\033\\[K' tty.out || fail "the bar is not redrawn in place on a terminal"
fi

if [ "$fails" -gt 0 ]; then
  echo "$fails check(s) failed"
  exit 1
fi
echo "progress checks passed"
