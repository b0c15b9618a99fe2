#!/usr/bin/env bash
# The shipped calibrated parameter file was written by a build of a clean,
# committed tree (issue 10, item 7): its "source" names the program's version
# and a commit with no "-dirty" suffix and not "unknown", and the command that
# wrote it. When the checkout has the full git history, the commit is in it.
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
file=scenarios/params/kz-2026-survey.json
line=$(grep -o '"source": *"[^"]*"' "$src/$file") || { echo "FAIL: $file has no \"source\""; exit 1; }
echo "$file: $line"
fails=0
case "$line" in
  *-dirty*) echo "FAIL: written by a build of a modified tree (-dirty): regenerate it from a clean commit"; fails=1 ;;
  *unknown*) echo "FAIL: written by a build that did not know its commit: regenerate it in a git checkout"; fails=1 ;;
esac
re='"bilim [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{12})\): bilim calibrate scenarios/calibration/kz-2026-survey\.json '
if [[ ! $line =~ $re ]]; then
  echo "FAIL: \"source\" is not 'bilim VERSION (commit HASH): bilim calibrate scenarios/calibration/kz-2026-survey.json ...'"
  exit 1
fi
commit=${BASH_REMATCH[1]}
if command -v git >/dev/null 2>&1 && git -C "$src" rev-parse --git-dir >/dev/null 2>&1 &&
   [ "$(git -C "$src" rev-parse --is-shallow-repository)" = false ]; then
  if ! git -C "$src" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "FAIL: commit $commit is not in this repository's history"; fails=1
  fi
fi
exit "$fails"
