#!/usr/bin/env bash
# Every example runs as written (issue 10, item 5): the examples of
# `bilim --help` and of `bilim help COMMAND` for every command, and the bilim
# command lines of the README's sh blocks (`$B ...` and `bilim ...`), taken
# from the texts themselves, not copied. They run in order, in a folder laid
# out as a checkout (scenarios/ and data/ of the source), with `bilim` on PATH,
# B=bilim and BILIM_DATA_DIR at the source's shipped files, so a later example
# reads what an earlier one wrote (info base.h5 after run). The commands that
# take --schools get `--schools 60 --replicates 2` (after their own options:
# the last one given wins; sensitivity also `-N 32 --trajectories 2`) and
# calibrate `--particles 40 --generations 2`, so
# the suite stays quick. Each must exit 0 and write the files it names with
# -o, --report, --csv or '>'.
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
exe=${BILIM_EXE:?BILIM_EXE is set by CTest}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 ran=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

mkdir "$tmp/bin" "$tmp/work"
ln -s "$exe" "$tmp/bin/bilim"
ln -s "$src/scenarios" "$tmp/work/scenarios"
ln -s "$src/data" "$tmp/work/data"
export PATH="$tmp/bin:$PATH" B=bilim BILIM_DATA_DIR=$src
cd "$tmp/work"

# Examples of a help text: the indented lines under "Example(s):", with a
# line ending in '\' joined to the next.
help_examples() {
  awk '/^Examples?:$/ { on = 1; next } /^[^ ]/ || /^$/ { on = 0 }
       on { sub(/^ +/, ""); line = line $0
            if (line ~ /\\$/) { sub(/\\$/, "", line); next }
            print line; line = "" }'
}
# bilim command lines of the README's sh blocks, comments dropped.
readme_examples() {
  awk '/^```sh$/ { on = 1; next } /^```/ { on = 0 }
       on { line = line $0
            if (line ~ /\\$/) { sub(/\\$/, "", line); next }
            sub(/ +# .*$/, "", line); sub(/^ +/, "", line)
            if (line ~ /^(\$B|bilim) /) print line
            line = "" }' "$src/README.md"
}

{
  bilim --help | help_examples
  for c in $(bilim help --commands); do bilim help "$c" | help_examples; done
  readme_examples
} >examples.txt
[ "$(wc -l <examples.txt)" -ge 15 ] || fail "only $(wc -l <examples.txt) examples found"

while IFS= read -r ex; do
  cmd=$(awk '{print $2}' <<<"$ex")
  extra=""
  # The help text into a variable first: `| grep -q` under pipefail fails
  # when grep exits before bilim has written everything (SIGPIPE), which made
  # the compare examples run at national size.
  help=$(bilim help "$cmd" 2>/dev/null || true)
  if grep -q -- '--schools' <<<"$help"; then
    extra="--schools 60 --replicates 2"
    # A sensitivity design's size: a few base rows or trajectories.
    [ "$cmd" != sensitivity ] || extra="$extra -N 32 --trajectories 2"
  elif [ "$cmd" = calibrate ]; then
    extra="--particles 40 --generations 2"
  fi
  line=$ex
  if [ -n "$extra" ]; then
    if [[ $line == *" > "* ]]; then line="${line%% > *} $extra > ${line#* > }"; else line="$line $extra"; fi
  fi
  # The files it names: after -o, --report, --csv and '>'.
  mapfile -t outputs < <(tr ' ' '\n' <<<"$ex" | awk 'p { print; p = 0 } /^(-o|--report|--csv|>)$/ { p = 1 }')
  for f in "${outputs[@]}"; do rm -rf "$f"; done
  ran=$((ran + 1))
  if ! bash -c "$line" >out.txt 2>err.txt; then
    fail "example failed: $ex"
    sed 's/^/  /' err.txt | tail -5
    continue
  fi
  for f in "${outputs[@]}"; do
    [ -s "$f" ] || fail "example wrote no $f: $ex"
  done
  echo "ok: $ex"
done <examples.txt

echo "$ran examples run"
if [ "$fails" -gt 0 ]; then
  echo "$fails check(s) failed"
  exit 1
fi
