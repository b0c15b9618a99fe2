# Sourced by scripts/build.sh and scripts/test.sh (not run on its own).

# bilim_build DIR [CMAKE-ARGS...] [-- BUILD-ARGS...]
# Configures and builds into DIR (a folder of the checkout) with CMAKE-ARGS.
# CMake's and the compiler's progress go to DIR/build.log, never to standard
# output; on failure the log's end is shown on standard error.
bilim_build() {
  local dir=$1
  shift
  local configure=() build=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do configure+=("$1"); shift; done
  if [ $# -gt 0 ]; then shift; build=("$@"); fi
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  mkdir -p "$dir"
  echo "build: building $dir/ (log: $dir/build.log)" >&2
  if ! { cmake -S . -B "$dir" "${configure[@]}" &&
         cmake --build "$dir" -j"$jobs" "${build[@]}"; } >"$dir/build.log" 2>&1; then
    tail -n 40 "$dir/build.log" >&2
    echo "build: building $dir/ failed; the whole log is $dir/build.log" >&2
    return 1
  fi
}
