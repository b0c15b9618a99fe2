#!/usr/bin/env bash
# Builds the Debian package: installs what is missing (scripts/setup.sh, and
# dpkg-dev and file, which cpack's dpkg-shlibdeps needs), builds bilim for
# /usr into build-deb/ (Release, without the test suite), and writes
# build-deb/bilim_VERSION-1_ARCH.deb with `cpack -G DEB`. Install it with
#   apt install ./build-deb/bilim_*.deb
# on any Debian 12 machine (as root); `bilim` then finds its scenarios and
# data in /usr/share/bilim. Safe to run again: it rebuilds only what changed.
#
# Prints the package's path on standard output and nothing else; progress
# goes to standard error and CMake's and CPack's output to build-deb/build.log.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
bash scripts/setup.sh
if ! command -v dpkg-shlibdeps >/dev/null || ! command -v file >/dev/null; then
  echo "package: installing dpkg-dev and file for cpack" >&2
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends dpkg-dev file >&2
fi
bilim_build build-deb -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DBILIM_TESTS=OFF -DBILIM_WERROR=OFF
rm -f build-deb/bilim_*.deb
echo "package: cpack -G DEB in build-deb/ (log: build-deb/build.log)" >&2
if ! (cd build-deb && cpack -G DEB) >>build-deb/build.log 2>&1; then
  tail -n 40 build-deb/build.log >&2
  echo "package: cpack failed; the whole log is build-deb/build.log" >&2
  exit 1
fi
ls "$PWD"/build-deb/bilim_*.deb
