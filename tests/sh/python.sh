#!/usr/bin/env bash
# The Python package's tests (python/tests, pytest) against this build's
# libbilim.so.0 and bilim, with Debian's Python (/usr/bin/python3, where
# python3-numpy, -pandas, -h5py, -pytest and -venv install; the python3 on
# PATH may be another one). Skipped (exit 77) without them, or a failure when
# BILIM_TESTS_REQUIRE_ALL=1 (scripts/test.sh; setup.sh --test installs them).
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
: "${BILIM_EXE:?BILIM_EXE is set by CTest}"
python=/usr/bin/python3
export BILIM_LIBRARY=$PWD/libbilim.so.0   # CTest runs it in the build folder
[ -e "$BILIM_LIBRARY" ] || { echo "FAIL: no $BILIM_LIBRARY"; exit 1; }
if ! "$python" -c 'import numpy, pandas, h5py, pytest, venv, ensurepip' 2>/dev/null; then
  what="$python with numpy, pandas, h5py, pytest and venv (python3-numpy python3-pandas python3-h5py python3-pytest python3-venv)"
  if [ "${BILIM_TESTS_REQUIRE_ALL:-0}" = 1 ]; then
    echo "FAIL: $what is not installed (bash scripts/setup.sh --test installs it)"
    exit 1
  fi
  echo "SKIP: $what is not installed"
  exit 77
fi
export PYTHONDONTWRITEBYTECODE=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
exec "$python" -m pytest -q -p no:cacheprovider --basetemp="$tmp/pytest" "$src/python/tests"
