#!/usr/bin/env bash
# Runs the code blocks of docs/output.md (every ```python and ```r block, taken
# from the page, not copied) on a small result file written by the built bilim,
# and checks the page's tidy() against the arrays h5py reads (issue 10, item 6).
# A language whose tools are absent is skipped (exit 77), or fails when
# BILIM_TESTS_REQUIRE_ALL=1 (scripts/test.sh sets it; setup.sh --test installs them).
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
exe=${BILIM_EXE:?BILIM_EXE is set by CTest}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
python=/usr/bin/python3   # Debian's, where python3-h5py and python3-pandas install
fails=0 skipped=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
absent() {
  if [ "${BILIM_TESTS_REQUIRE_ALL:-0}" = 1 ]; then
    fail "$* (scripts/setup.sh --test installs it)"
  else
    echo "SKIP: $*"; skipped=$((skipped + 1))
  fi
}

"$exe" run "$src/scenarios/baseline.json" -o result.h5 --schools 200 --replicates 2 --quiet

# Each fenced block of language L becomes L-1, L-2, ... in document order.
awk '
  /^```(python|r)$/ { lang = substr($0, 4); n[lang]++; out = lang "-" n[lang]; next }
  /^```/ { out = ""; next }
  out != "" { print > out }
' "$src/docs/output.md"
py_blocks=(python-*) r_blocks=(r-*)
[ -e python-2 ] || fail "docs/output.md has fewer than two python blocks"
[ -e r-1 ] || fail "docs/output.md has no r block"

run_block() {  # run_block FILE COMMAND...
  local f=$1
  shift
  if "$@" "$f" >"$f.out" 2>&1; then
    echo "ok: $f"
  else
    fail "$f (docs/output.md) failed:"; sed 's/^/  /' "$f.out"
  fi
}

if "$python" -c 'import h5py, pandas' 2>/dev/null; then
  tidy=""
  for f in "${py_blocks[@]}"; do
    [ -e "$f" ] || continue
    run_block "$f" "$python"
    if grep -q '^def tidy(' "$f"; then tidy=$f; fi
  done
  if [ -z "$tidy" ]; then
    fail "no python block of docs/output.md defines tidy()"
  else
    # The page's tidy() against h5py, on every labelled dataset of the run.
    { cat "$tidy"; cat <<'PY'

import numpy as np

with h5py.File("result.h5", "r") as f:
    g = f["scenarios/baseline"]
    reps, months = int(g.attrs["replicates"]), int(g.attrs["months"])
    d = g["series/adoption_routine"]
    t = tidy(d)
    innovations = list(d.dims[2][0].asstr()[()])
    assert list(t.columns) == ["replicate", "month", "innovation", "value"], t.columns
    assert reps == 2 and len(innovations) > 0
    assert len(t) == reps * (months + 1) * len(innovations), len(t)
    assert np.array_equal(t["value"].to_numpy(), d[()].ravel(), equal_nan=True)
    for r, m, i in [(0, 0, 0), (1, months, len(innovations) - 1), (1, 7, 0)]:
        row = t[(t.replicate == r) & (t.month == m) & (t.innovation == innovations[i])]
        assert len(row) == 1 and row["value"].iloc[0] == d[r, m, i], (r, m, i)
    checked = 0
    for part in ("series", "summary", "survey"):
        for name, d in g[part].items():
            if h5py.h5ds.is_scale(d.id):
                continue
            t = tidy(d)
            assert len(t) == d.size, name
            assert list(t.columns) == [dim.label for dim in d.dims] + ["value"], name
            assert np.array_equal(t["value"].to_numpy(), d[()].ravel().astype(float),
                                  equal_nan=True), name
            # The label columns enumerate the axes in storage order.
            for k, dim in enumerate(d.dims):
                n_after = int(np.prod(d.shape[k + 1:]))
                first = t[dim.label].iloc[::n_after].iloc[:d.shape[k]]
                assert len(set(first)) == d.shape[k], (name, dim.label)
            checked += 1
    assert checked >= 10, checked
    s = tidy(g["summary/adoption_routine"])
    assert set(s["stat"]) == {"mean", "sd", "q05", "q50", "q95"}
    mean = s[s.stat == "mean"].pivot_table(index="month", columns="innovation", values="value")
    ref = g["series/adoption_routine"][()].mean(axis=0)
    assert np.allclose(mean[innovations].to_numpy(), ref, rtol=1e-12, atol=1e-15)
print("tidy() checked on", checked, "datasets")
PY
    } >tidy-check
    run_block tidy-check "$python" && tail -n 1 tidy-check.out
  fi
else
  absent "$python with h5py and pandas is not installed (python3-h5py python3-pandas)"
fi

if command -v Rscript >/dev/null 2>&1 &&
   Rscript -e 'library(rhdf5); library(jsonlite)' >/dev/null 2>&1; then
  for f in "${r_blocks[@]}"; do
    [ -e "$f" ] && run_block "$f" Rscript
  done
else
  absent "Rscript with rhdf5 and jsonlite is not installed (r-base-core r-bioc-rhdf5 r-cran-jsonlite)"
fi

if [ "$fails" -ne 0 ]; then
  echo "$fails check(s) failed"
  exit 1
fi
[ "$skipped" -eq 0 ] || exit 77
echo "every python and r block of docs/output.md ran"
