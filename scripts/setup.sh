#!/usr/bin/env bash
# Installs what bilim needs from Debian 12's packages, if missing.
#
#   bash scripts/setup.sh          what building and running bilim needs
#   bash scripts/setup.sh --test   that, and what the test suite needs besides
#                                  (Criterion, clang and libFuzzer, Python with
#                                  h5py, pandas, pytest and venv
#                                  for python/, R with rhdf5 and jsonlite,
#                                  dpkg-dev and file for the .deb, Open MPI)
#
# Safe to run again: it installs nothing when everything is present. Works on
# a bare Debian 12 (no compiler, cmake or git yet); needs root or sudo to
# install. Prints nothing on standard output: what it does, and apt-get's own
# output, go to standard error, so callers can use their standard output for
# their own results.
set -euo pipefail

build=(
  gcc make libc6-dev cmake pkg-config git
  libgsl-dev              # GSL: distributions, statistics
  libhdf5-dev hdf5-tools  # HDF5 C library and h5dump/h5ls
  libcjson-dev            # cJSON: required by CMakeLists.txt (the tests' independent parser)
  librandom123-dev        # Random123: counter-based random streams
  gnuplot-nox             # charts in the HTML report (SVG terminal)
  gettext                 # msgfmt: the Kazakh and Russian catalogues (po/)
  libxlsxwriter-dev       # the --xlsx workbook (analysis/xlsx.c)
)
test=(
  libcriterion-dev        # Criterion: the test suite
  clang libomp-14-dev     # the clang build (with OpenMP)
  libclang-rt-14-dev      # libFuzzer (clang -fsanitize=fuzzer) for fuzz/run.sh
  python3-jsonschema      # shipped scenarios against scenarios/schema.json
  python3-h5py python3-pandas               # docs/output.md's Python snippets
  python3-numpy python3-pytest python3-venv  # python/, its tests
  python3-openpyxl        # tests read the --xlsx workbook back
  chromium                # tests/sh/report_render.sh: the report rendered headless
  r-base-core r-bioc-rhdf5 r-cran-jsonlite  # docs/output.md's R snippet
  dpkg-dev file           # cpack -G DEB: dpkg-shlibdeps for Depends (tests/sh/deb.sh)
  libopenmpi-dev openmpi-bin  # the -DBILIM_MPI=ON build and its mpirun tests (docs/cluster.md)
)

packages=("${build[@]}")
case "${1:-}" in
  "") ;;
  --test) packages+=("${test[@]}") ;;
  *) echo "setup: unknown option '$1' (usage: bash scripts/setup.sh [--test])" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "setup: need root to install ${missing[*]}; run as root, install sudo," >&2
    echo "setup: or install them yourself: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
# apt-get's progress goes to standard error with the rest of our messages.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
echo "setup: done" >&2
