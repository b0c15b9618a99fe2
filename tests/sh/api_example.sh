#!/usr/bin/env bash
# docs/api.md's example program (its ```c block, taken from the page), built
# against the INSTALLED header and library: `cmake --install` into a
# temporary prefix, then cc with that prefix's pkg-config file. Checks its
# output, that it links libbilim.so.0 (the SONAME) from the prefix, and that
# the result file it writes through bilim_result_write is identical to
# `bilim run`'s for the same scenario and settings (h5diff, /run_info aside).
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
exe=${BILIM_EXE:?BILIM_EXE is set by CTest}
build=$PWD   # CTest runs it in the build folder
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; fail "cmake --install"; }
pc=$(find "$tmp/prefix" -name bilim.pc)
[ -n "$pc" ] || fail "no bilim.pc installed"
[ -f "$tmp/prefix/include/bilim.h" ] || fail "no include/bilim.h installed"
libdir=$(dirname "$(dirname "$pc")")
[ -L "$libdir/libbilim.so" ] && [ -L "$libdir/libbilim.so.0" ] ||
  fail "libbilim.so and libbilim.so.0 links are not installed in $libdir"

awk '/^```c$/ { n++; on = (n == 1); next } /^```/ { on = 0 } on' "$src/docs/api.md" >"$tmp/example.c"
grep -q 'int main' "$tmp/example.c" || fail "docs/api.md: the first \`\`\`c block is not a program"
# --define-prefix: the prefix is where the .pc file is, not the configured one.
flags=$(PKG_CONFIG_PATH="$(dirname "$pc")" pkg-config --define-prefix --cflags --libs bilim)
case "$flags" in *"$tmp/prefix"*) ;; *) fail "pkg-config gave '$flags', not the prefix" ;; esac
# shellcheck disable=SC2086  # $flags is a list of options
cc -std=c11 -Wall -Wextra -Werror "$tmp/example.c" $flags -o "$tmp/example" ||
  fail "the example does not compile against the installed header and library"
# Outputs are captured before grep -q: under pipefail, grep leaving early
# can kill the writer with SIGPIPE and fail the pipeline on a match.
dyn=$(readelf -d "$tmp/example")
grep -q 'NEEDED.*\[libbilim\.so\.0\]' <<<"$dyn" ||
  fail "the example does not need libbilim.so.0 (the SONAME)"

cd "$tmp"
LD_LIBRARY_PATH="$libdir" ./example "$src/scenarios/baseline.json" api.h5 >out.txt 2>err.txt ||
  { cat out.txt err.txt; fail "the example failed"; }
cat out.txt
deps=$(LD_LIBRARY_PATH="$libdir" ldd ./example)
grep -q "libbilim.so.0 => $libdir/" <<<"$deps" ||
  fail "the example did not load the installed library"
grep -q "^expected error: eta_pdd: unknown parameter; did you mean \"eta_pd\"?" out.txt ||
  fail "no 'did you mean' for the misspelt parameter"
grep -q "'baseline', 2 replicates x 12 months, 200 schools" out.txt || fail "wrong run size"
grep -q '^routine use of [a-z_]* at month 12: 0\.[0-9]\{4\}$' out.txt || fail "no routine use"
[ ! -s err.txt ] || { cat err.txt; fail "the example wrote to stderr"; }

# The same run through the command line: a scenario with eta_pd 0.03.
printf '{"extends": "%s", "name": "baseline", "parameters": {"eta_pd": 0.03}}\n' \
  "$src/scenarios/baseline.json" >s.json
"$exe" run s.json -o cli.h5 --replicates 2 --months 12 --schools 200 --quiet
LD_LIBRARY_PATH="$libdir" ./example s.json api2.h5 >/dev/null
h5diff --exclude-path /run_info cli.h5 api2.h5 ||
  fail "the API's result file differs from bilim run's (h5diff above)"
echo "ok: the installed example builds with pkg-config, runs, and writes bilim run's file"
