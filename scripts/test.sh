#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh --test), then builds bilim four
# ways with warnings as errors and runs the test suite in each but the clang one:
#
#   build-release/  gcc, Release (-O3), without the tests labelled "sanitizer"
#   build-asan/     gcc, -O1 -g, AddressSanitizer + UndefinedBehaviorSanitizer, without
#                   the tests labelled "long" (the Release build runs them)
#   build-clang/    clang, -O0: every target built with clang's
#                   warnings as errors; its tests are not run (the same code just
#                   passed them twice, under gcc -O3 and under the sanitizers)
#   build-mpi/      gcc, Release, -DBILIM_MPI=ON: only bilim and test_mpi, the tests
#                   labelled "mpi" (mpirun -np 1..3, docs/cluster.md)
#
# then fuzzes the JSON reader and the two loaders for 30 s in all (fuzz/run.sh, libFuzzer, in
# build-fuzz/). It leaves build/ (scripts/build.sh's, used by the demo) alone.
# Exits non-zero if a build or a test fails or the fuzzer finds a crash.
# Standard output carries the test results; installation and build progress
# go to standard error, CMake's output to each folder's build.log.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
bash scripts/setup.sh --test
jobs=$(nproc 2>/dev/null || echo 2)
# Tests that need a tool (Python's h5py, R) fail rather than skip without it.
export BILIM_TESTS_REQUIRE_ALL=1

# run_suite DIR CTEST-ARGS CMAKE-ARGS...
run_suite() {
  local dir=$1 select=$2
  shift 2
  bilim_build "$dir" -DBILIM_TESTS=ON -DBILIM_WERROR=ON "$@"
  echo "== tests in $dir/"
  # shellcheck disable=SC2086  # $select is a list of ctest options
  (cd "$dir" && ctest --output-on-failure -j"$jobs" $select)
}
# Tests labelled "source" check the scripts and shipped files, not the build:
# they run once, in the first suite. Those labelled "sanitizer" (the
# allocation-failure walks, whose point is what LeakSanitizer sees) run in
# the sanitizer build only.
run_suite build-release "-LE sanitizer" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Release \
  -DBILIM_SANITIZE=OFF
# -O1, as the sanitizers' documentation advises: at -O0 the model-heavy tests run 2 to 4
# times slower (test_effects over 22 s against 7 to 10 s, measured back to back).
run_suite build-asan "-LE source|long" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug \
  "-DCMAKE_C_FLAGS_DEBUG=-g -O1" -DBILIM_SANITIZE=ON
# The clang build: every warning clang raises, in every target (tests included),
# as errors. Its suite is not run: to keep CI within 15 minutes on 2 cores.
# -O0 without -g: clang's warnings come from its front end, whatever the
# optimisation, and the build takes 81 s instead of 101.
bilim_build build-clang -DBILIM_TESTS=ON -DBILIM_WERROR=ON -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG=-O0 -DBILIM_SANITIZE=OFF
echo "== build-clang/: built with -Werror (tests not run)"

# The MPI variant (-DBILIM_MPI=ON, docs/cluster.md): only the program and the
# test that runs it under mpirun (label "mpi"); the rest of the suite is the
# same code as above. No sanitizer: Open MPI's own allocations would drown it.
bilim_build build-mpi -DBILIM_TESTS=ON -DBILIM_WERROR=ON -DBILIM_MPI=ON -DBILIM_MAN=OFF \
  -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Release -DBILIM_SANITIZE=OFF -- --target bilim test_mpi
echo "== tests in build-mpi/ (label mpi)"
(cd build-mpi && ctest --output-on-failure -L mpi)

echo "== fuzzing the JSON reader, the scenario loader and the calibration loader for 30 s (fuzz/run.sh)"
bash fuzz/run.sh 30
