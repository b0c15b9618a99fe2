#!/usr/bin/env bash
# Installs what bilim needs from Debian's packages, if missing. Safe to run
# again: it installs nothing when everything is present. Works on a bare
# Debian 12 (no compiler, cmake or git yet); needs root or sudo to install.
set -euo pipefail

packages=(
  gcc make libc6-dev cmake pkg-config git ca-certificates
  libgsl-dev            # GSL: distributions, statistics
  libhdf5-dev hdf5-tools  # HDF5 C library and h5dump/h5ls
  libcjson-dev          # cJSON: scenario files
  libcriterion-dev      # Criterion: the test suite
  librandom123-dev      # Random123: counter-based random streams
  gnuplot-nox           # charts in the HTML report (SVG terminal)
  clang libclang-rt-14-dev  # libFuzzer (clang -fsanitize=fuzzer) for fuzz/run.sh
  python3-jsonschema    # tests validate shipped scenarios against scenarios/schema.json
  python3-h5py python3-pandas  # tests read result files as users do (docs/output.md, compare --draws)
)

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
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "setup: need root to install ${missing[*]}; run as root or install sudo" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
