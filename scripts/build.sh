#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh), then configures and builds
# bilim into build/, so the program is build/bilim: an optimised build with
# debugging symbols (RelWithDebInfo), without the test suite, and without
# turning warnings into errors (scripts/test.sh does that in its own folders).
# Safe to run again: it rebuilds only what changed.
#
# Prints nothing on standard output; progress goes to standard error and
# CMake's output to build/build.log.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
bash scripts/setup.sh
bilim_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBILIM_TESTS=OFF -DBILIM_WERROR=OFF
