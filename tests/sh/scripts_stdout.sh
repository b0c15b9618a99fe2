#!/usr/bin/env bash
# The README's scripts keep package-manager text off their standard output,
# install only what is missing, and build into known folders (issue 10, item 1).
#
# Runs the real scripts/*.sh in a throw-away copy of the tree whose
# CMakeLists.txt builds a tiny stand-in `bilim`, with stand-ins for apt-get,
# dpkg-query, id and sudo first on PATH: dpkg-query reports every package
# missing until the fake apt-get "installs" it, and apt-get prints apt's usual
# text on its standard output, as the real one does. Nothing is installed.
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# --- stand-ins on PATH --------------------------------------------------------
bin=$tmp/bin
mkdir -p "$bin"
cat >"$bin/dpkg-query" <<'SH'
#!/bin/sh
# dpkg-query -W -f='${Status}' PACKAGE
for p; do :; done
if grep -qx "$p" "$FAKE_STATE" 2>/dev/null; then
  printf 'install ok installed'
else
  echo "dpkg-query: no packages found matching $p" >&2
  exit 1
fi
SH
cat >"$bin/apt-get" <<'SH'
#!/bin/sh
echo "apt-get $*" >>"$FAKE_CALLS"
echo "Reading package lists... Done"
echo "Building dependency tree... Done"
if [ "$1" = install ]; then
  for p; do
    case "$p" in -*|install) ;; *)
      echo "Get:1 http://deb.debian.org/debian bookworm/main amd64 $p"
      echo "Setting up $p ..."
      echo "$p" >>"$FAKE_STATE" ;;
    esac
  done
fi
SH
cat >"$bin/id" <<'SH'
#!/bin/sh
echo "${FAKE_UID:-0}"
SH
cat >"$bin/sudo" <<'SH'
#!/bin/sh
echo "sudo" >>"$FAKE_CALLS"
exec "$@"
SH
chmod +x "$bin"/*
export PATH="$bin:$PATH" FAKE_STATE=$tmp/installed FAKE_CALLS=$tmp/calls

# --- a copy of the tree with a tiny project -----------------------------------
tree=$tmp/tree
mkdir -p "$tree/scripts" "$tree/fuzz" "$tree/scenarios"
cp "$src"/scripts/*.sh "$tree/scripts/"
cat >"$tree/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.18)
project(stand_in C)
file(WRITE ${CMAKE_BINARY_DIR}/main.c
  "#include <stdio.h>\nint main(int c, char **v) { printf(\"stand-in bilim %s\\n\", c > 1 ? v[1] : \"\"); return 0; }\n")
add_executable(bilim ${CMAKE_BINARY_DIR}/main.c)
add_executable(test_mpi ${CMAKE_BINARY_DIR}/main.c)  # test.sh's MPI build asks for it
enable_testing()
add_test(NAME stand_in COMMAND bilim test)
CM
printf '#!/bin/sh\necho "fuzz: stand-in" >&2\n' >"$tree/fuzz/run.sh"
for f in baseline schema option_a option_b; do echo '{}' >"$tree/scenarios/$f.json"; done

apt_text='Reading package lists|Building dependency tree|Setting up|^Get:[0-9]'

# run NAME EXPECT_INSTALL SCRIPT [ARGS...]: runs the script with stdout and
# stderr captured; EXPECT_INSTALL is 1 when apt-get must have been called.
run() {
  local name=$1 expect=$2
  shift 2
  : >"$FAKE_CALLS"
  if ! (cd "$tree" && bash "$@") >"$tmp/$name.out" 2>"$tmp/$name.err"; then
    fail "$name: $* exited non-zero"; sed 's/^/  stderr: /' "$tmp/$name.err" | tail -n 20
  fi
  if grep -qE "$apt_text" "$tmp/$name.out"; then
    fail "$name: package-manager text on standard output:"; sed 's/^/  stdout: /' "$tmp/$name.out"
  fi
  if [ "$expect" = 1 ]; then
    grep -q '^apt-get install' "$FAKE_CALLS" || fail "$name: apt-get install was not called"
    grep -qE "$apt_text" "$tmp/$name.err" || fail "$name: apt-get's text is not on standard error"
  elif [ -s "$FAKE_CALLS" ]; then
    fail "$name: nothing was missing, yet it ran: $(tr '\n' ' ' <"$FAKE_CALLS")"
  fi
}
empty_stdout() {
  [ ! -s "$tmp/$1.out" ] || { fail "$1: standard output is not empty:"; sed 's/^/  stdout: /' "$tmp/$1.out"; }
}

# setup.sh, as a user with sudo, on a machine with nothing; then again.
rm -f "$FAKE_STATE"
FAKE_UID=1000 run setup1 1 scripts/setup.sh
empty_stdout setup1
grep -qx sudo "$FAKE_CALLS" || fail "setup1: a non-root user's install did not go through sudo"
grep -q '^apt-get install.* gcc .*cmake' "$FAKE_CALLS" || fail "setup1: gcc and cmake were not installed"
grep -q 'libcriterion-dev' "$FAKE_CALLS" && fail "setup1: test packages installed without --test"
FAKE_UID=1000 run setup2 0 scripts/setup.sh
empty_stdout setup2
run setup3 1 scripts/setup.sh --test
grep -q '^apt-get install.*r-bioc-rhdf5' "$FAKE_CALLS" || fail "setup3: --test did not install the R packages"
grep -q '^apt-get install.* gcc' "$FAKE_CALLS" && fail "setup3: reinstalled what was present"
empty_stdout setup3

# build.sh on a bare machine, then again: no output, the program in build/.
rm -f "$FAKE_STATE"
run build1 1 scripts/build.sh
empty_stdout build1
[ -x "$tree/build/bilim" ] || fail "build1: build/bilim was not built"
run build2 0 scripts/build.sh
empty_stdout build2

# demo.sh, then test.sh, on a bare machine; then both again.
rm -f "$FAKE_STATE"
run demo1 1 scripts/demo.sh
grep -q '^stand-in bilim compare' "$tmp/demo1.out" || fail "demo1: did not run build/bilim compare"
if ! command -v clang >/dev/null 2>&1; then
  # test.sh's clang build needs the real clang (the stand-ins install nothing).
  if [ "${BILIM_TESTS_REQUIRE_ALL:-0}" = 1 ]; then
    fail "clang is not installed (scripts/setup.sh --test installs it)"
  else
    echo "SKIP: test.sh's checks: clang is not installed (scripts/setup.sh --test installs it)"
    [ "$fails" -eq 0 ] && exit 77
  fi
  echo "$fails check(s) failed"
  exit 1
fi
run test1 1 scripts/test.sh
for d in build-release build-asan build-mpi; do
  grep -q "== tests in $d/" "$tmp/test1.out" || fail "test1: no tests in $d/"
done
[ -x "$tree/build-clang/bilim" ] || fail "test1: no clang build in build-clang/"
grep -q "== build-clang/: built" "$tmp/test1.out" || fail "test1: the clang build is not reported"
grep -q '100% tests passed' "$tmp/test1.out" || fail "test1: ctest did not pass"
run demo2 0 scripts/demo.sh
run test2 0 scripts/test.sh

# test.sh first, on a bare machine, then demo.sh.
rm -rf "$FAKE_STATE" "$tree"/build*
run test3 1 scripts/test.sh
run demo3 0 scripts/demo.sh    # test.sh installed all it needs
grep -q '^stand-in bilim compare' "$tmp/demo3.out" || fail "demo3: did not run build/bilim compare"

if [ "$fails" -ne 0 ]; then
  echo "$fails check(s) failed"
  exit 1
fi
echo "scripts keep apt's and the build's text off standard output; all checks passed"
