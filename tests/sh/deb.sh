#!/usr/bin/env bash
# CPack builds the Debian package (issue 10, item 3): `cpack -G DEB` on this
# build writes bilim_VERSION-1_ARCH.deb holding the program, a manual page per
# command, the shipped scenarios, schema, calibration, data and documentation
# under the configured prefix, and Depends computed by dpkg-shlibdeps (GSL,
# HDF5, the C library). Installing it (apt install ./bilim_*.deb) is checked by
# hand on a bare Debian 12, see README "Install". Needs dpkg-dev and file
# (scripts/setup.sh --test); without them it is skipped (exit 77), or fails
# when BILIM_TESTS_REQUIRE_ALL=1. Labelled "source": scripts/test.sh runs it
# in one of its builds only.
set -euo pipefail
build=$PWD   # CTest runs this in the build folder
exe=${BILIM_EXE:?BILIM_EXE is set by CTest}
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for tool in dpkg-shlibdeps file dpkg-deb; do
  if ! command -v "$tool" >/dev/null; then
    if [ "${BILIM_TESTS_REQUIRE_ALL:-0}" = 1 ]; then
      echo "FAIL: $tool is missing for cpack -G DEB (scripts/setup.sh --test installs it)"
      exit 1
    fi
    echo "SKIP: $tool is not installed (dpkg-dev, file)"
    exit 77
  fi
done

prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
prefix=${prefix#/}
mapfile -t expected < <(grep -v '^#' "$src/tests/installed-files.txt")
mapfile -t commands < <("$exe" help --commands)
for c in "${commands[@]}"; do expected+=("share/man/man1/bilim-$c.1.gz"); done

if ! cpack -G DEB -B "$tmp/deb" --config "$build/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log"
  echo "FAIL: cpack -G DEB"
  exit 1
fi
debs=("$tmp"/deb/bilim_*.deb)
deb=${debs[0]}
if [ ! -e "$deb" ]; then
  cat "$tmp/cpack.log"
  echo "FAIL: cpack -G DEB wrote no bilim_*.deb"
  exit 1
fi
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||' >"$tmp/contents"
for f in "${expected[@]}"; do
  grep -qxF "$prefix/$f" "$tmp/contents" || fail "the .deb lacks /$prefix/$f"
done
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libgsl libhdf5 libgomp1; do
  grep -q "$lib" <<<"$depends" || fail "the .deb does not depend on $lib: $depends"
done
[ "$(dpkg-deb -f "$deb" Package)" = bilim ] || fail "package name: $(dpkg-deb -f "$deb" Package)"
# The packaged program is stripped and still runs.
dpkg-deb -x "$deb" "$tmp/root"
file "$tmp/root/$prefix/bin/bilim" | grep -q ", stripped" || fail "bin/bilim in the .deb is not stripped"
"$tmp/root/$prefix/bin/bilim" --version | grep -qF "data: $tmp/root/$prefix/share/bilim (beside the program)" \
  || fail "the unpacked program does not find its data: $("$tmp/root/$prefix/bin/bilim" --version)"
# Manual pages: only compressed ones, each by `gzip -9n` (Debian policy 12.1:
# header bytes 1f 8b 08, flags 00 (no file name), time stamp 0, extra flags 02
# (best compression)), holding what `bilim help --man` writes.
man=$tmp/root/$prefix/share/man/man1
n_plain=$(find "$man" -type f ! -name '*.gz' | wc -l)
[ "$n_plain" = 0 ] || fail "$n_plain uncompressed manual page(s) in the .deb"
for c in "" "${commands[@]}"; do
  gz=$man/bilim${c:+-$c}.1.gz
  [ -e "$gz" ] || continue   # reported as missing above
  hdr=$(od -An -tx1 -N9 "$gz" | tr -d ' \n')
  [ "$hdr" = 1f8b08000000000002 ] || fail "${gz##*/} is not compressed with gzip -9n (header $hdr)"
  # shellcheck disable=SC2086  # $c is empty or one word
  cmp -s <(gzip -dc "$gz") <("$exe" help --man $c) || fail "${gz##*/} differs from bilim help --man $c"
done
# The licence: Debian's copyright file, naming GPL-3.0-or-later and pointing
# to the system's copy of the text.
copyright=$tmp/root/$prefix/share/doc/bilim/copyright
grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' "$copyright" \
  || fail "share/doc/bilim/copyright is not in Debian's machine-readable format"
grep -qF 'GPL-3.0-or-later' "$copyright" || fail "share/doc/bilim/copyright does not say GPL-3.0-or-later"
grep -qF '/usr/share/common-licenses/GPL-3' "$copyright" \
  || fail "share/doc/bilim/copyright does not point to /usr/share/common-licenses/GPL-3"
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes; Depends: $depends"
if [ "$fails" -gt 0 ]; then
  echo "$fails check(s) failed"
  exit 1
fi
echo "all .deb checks passed"
