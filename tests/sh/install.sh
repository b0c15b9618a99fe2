#!/usr/bin/env bash
# `cmake --install` installs a working tool (issue 10, item 3): installs this
# build into a temporary prefix, then, from an empty folder and without
# BILIM_DATA_DIR, checks that
#   - the program, a manual page per command, the shipped scenarios, schema,
#     calibration, data (with sources) and documentation are in the GNU
#     directories;
#   - the installed bilim finds its own data (beside the program) and runs the
#     shipped baseline named as `baseline.json` and as `scenarios/baseline.json`,
#     and validates the shipped calibration (whose paths are relative);
#   - each installed page, uncompressed, is what `bilim help --man CMD` writes
#     (compressed pages: tests/sh/deb.sh checks how), and carries
#     every line of `bilim help CMD` (so page and help cannot drift);
# The Debian package is tests/sh/deb.sh.
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
build=$PWD   # CTest runs this in the build folder
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

prefix=$tmp/prefix
if ! cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"
  echo "FAIL: cmake --install"
  exit 1
fi
bilim=$prefix/bin/bilim
mapfile -t commands < <("$bilim" help --commands)
[ "${#commands[@]}" -ge 7 ] || fail "bilim help --commands lists ${#commands[@]} commands"

mapfile -t expected < <(grep -v '^#' "$src/tests/installed-files.txt")
for c in "${commands[@]}"; do expected+=("share/man/man1/bilim-$c.1.gz"); done
for f in "${expected[@]}"; do
  [ -s "$prefix/$f" ] || fail "not installed: $f"
done
[ -x "$bilim" ] || fail "bin/bilim is not executable"
n_scen=$(find "$src/scenarios" -name '*.json' | wc -l)
n_inst=$(find "$prefix/share/bilim/scenarios" -name '*.json' | wc -l)
[ "$n_scen" = "$n_inst" ] || fail "$n_inst of the $n_scen shipped scenario files installed"

# --- the installed program, away from the source ------------------------------
mkdir "$tmp/work"
cd "$tmp/work"
unset BILIM_DATA_DIR
version=$("$bilim" --version)
grep -qxF "data: $prefix/share/bilim (beside the program)" <<<"$version" \
  || fail "bilim --version does not find the installed data: $version"
if "$bilim" run baseline.json -o base.h5 --schools 60 --replicates 2 --months 6 \
     >run.out 2>run.err && [ -s base.h5 ]; then
  grep -q "using the shipped $prefix/share/bilim/scenarios/baseline.json" run.err \
    || fail "run does not say it used the shipped scenario: $(cat run.err)"
  "$bilim" info base.h5 >info.out || fail "bilim info on the installed run's file"
else
  fail "installed bilim run baseline.json: $(cat run.err)"
fi
"$bilim" run scenarios/baseline.json -o base2.h5 --schools 60 --replicates 2 --months 6 \
  --quiet >/dev/null 2>run2.err || fail "installed bilim run scenarios/baseline.json: $(cat run2.err)"
[ ! -s run2.err ] || fail "--quiet run wrote to stderr: $(cat run2.err)"
"$bilim" validate scenarios/calibration/kz-2026-survey.json >val.out 2>&1 \
  || fail "installed calibration does not validate: $(cat val.out)"
if "$bilim" run no-such.json -o x.h5 >/dev/null 2>miss.err; then
  fail "a missing scenario was accepted"
else
  grep -q "no-such.json: no such file" miss.err || fail "missing scenario message: $(cat miss.err)"
fi
BILIM_DATA_DIR=$tmp/nowhere "$bilim" --version | grep -q "data: none found (looked in BILIM_DATA_DIR=" \
  || fail "BILIM_DATA_DIR naming no data directory is not reported"

# The installed catalogues (share/locale, found beside the program).
"$bilim" --lang ru --help | grep -F "Команды:" >/dev/null \
  || fail "installed bilim --lang ru does not find its Russian catalogue"
"$bilim" --lang kk --help | grep -F "Командалар:" >/dev/null \
  || fail "installed bilim --lang kk does not find its Kazakh catalogue"

# --- manual pages: what help --man writes, and every line of the help ---------
# A page's text without roff: macros dropped, font and escape sequences undone.
page_text() {
  sed -e '/^\./d' -e 's/\\f[BIR]//g' -e 's/\\-/-/g' -e 's/\\&//g' -e 's/\\e/\\/g' "$1" | tr -s ' \n' '  '
}
for c in "" "${commands[@]}"; do
  gz=$prefix/share/man/man1/bilim${c:+-$c}.1.gz
  [ -s "$gz" ] || continue
  page=$tmp/work/bilim${c:+-$c}.1
  gzip -dc "$gz" >"$page" || fail "$gz is not gzip"
  # shellcheck disable=SC2086  # $c is empty or one word
  "$bilim" help --man $c >man.now || fail "bilim help --man $c"
  cmp -s man.now "$page" || fail "$gz differs from bilim help --man $c"
  # shellcheck disable=SC2086
  "$bilim" help $c >help.txt
  page_text "$page" >page.txt
  # Every line of the help, spaces squeezed, less "Usage: ", "Exit status: "
  # and headings (which become the page's section titles).
  awk -v page="bilim${c:+-$c}.1" '
    NR == FNR { t = t " " $0; next }
    FNR == 1 { gsub(/ +/, " ", t) }
    { l = $0; sub(/^Usage: /, "", l); sub(/^Exit status: /, "", l)
      gsub(/ +/, " ", l); sub(/^ /, "", l); sub(/ $/, "", l)
      if (l == "" || l ~ /^[A-Z][a-zA-Z ]*:$/) next
      if (index(t, l) == 0) { print "FAIL: " page " lacks the help line: " l; bad++ } }
    END { exit bad > 0 }' page.txt help.txt || fails=$((fails + 1))
  if command -v groff >/dev/null; then
    warn=$(groff -man -Tutf8 -ww -z "$page" 2>&1) || true
    [ -z "$warn" ] || fail "groff warns on bilim${c:+-$c}.1: $warn"
  fi
done

echo "installed size: $(du -sk "$prefix" | cut -f1) KiB"
if [ "$fails" -gt 0 ]; then
  echo "$fails check(s) failed"
  exit 1
fi
echo "all install checks passed"
