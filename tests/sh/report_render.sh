#!/usr/bin/env bash
# Renders a report in Chromium (Debian's chromium, headless; scripts/setup.sh
# --test installs it) and looks at what it shows (issue 16, item 9): a
# screenshot that is not blank (decoded with Python's zlib: its size and the
# number of distinct colours) and every section title (<h2>) of the report
# present in the DOM Chromium built. A small comparison (3 options, one of them a
# package of two parts, 60 schools,
# 2 replicates, 12 months, per-region series) takes seconds, Chromium's
# start-up most of the test's half minute; labelled "source" in
# CMakeLists.txt, so scripts/test.sh runs it in one build only.
# Without chromium: skipped (exit 77), or a failure under BILIM_TESTS_REQUIRE_ALL=1.
set -euo pipefail
src=${BILIM_SOURCE_DIR:?BILIM_SOURCE_DIR is set by CTest}
exe=${BILIM_EXE:?BILIM_EXE is set by CTest}
browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
  if [ "${BILIM_TESTS_REQUIRE_ALL:-0}" = 1 ]; then
    echo "FAIL: chromium is not installed (scripts/setup.sh --test installs it)"; exit 1
  fi
  echo "SKIP: chromium is not installed"; exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
for s in baseline leadership_training option_10bn_funding; do
  printf '{"extends": "%s/scenarios/%s.json", "name": "%s", "outputs": {"by_region": true}}\n' \
    "$src" "$s" "$s" > "$s.json"
done
# A package of two parts, so that "What each part of the package adds" is shown.
cat > package.json <<EOF
{"extends": "$src/scenarios/baseline.json", "name": "package", "outputs": {"by_region": true},
 "package": {"budget_kzt": 6000000000}, "append_interventions": [
  {"type": "leadership_training", "name": "training", "unit_cost_kzt": 1500000,
   "budget_kzt": 3000000000, "target": {"locality": "rural"}},
  {"type": "resource_funding", "name": "grants", "unit_cost_kzt": 1000000,
   "budget_kzt": 3000000000, "target": {"locality": "rural"}}]}
EOF
"$exe" compare baseline.json leadership_training.json option_10bn_funding.json package.json -o c.h5 \
  --report report.html --schools 60 --replicates 2 --months 12 --threads 2 --quiet

# Chromium as root needs --no-sandbox; its own profile in $tmp. One start
# (about 25 s on a busy 2-core machine, most of it Chromium's start-up)
# writes both the screenshot and the DOM.
timeout 90 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
  --user-data-dir="$tmp/profile" --window-size=1200,2400 --screenshot="$tmp/shot.png" \
  --dump-dom "file://$tmp/report.html" > dom.html 2>browser.log || {
  echo "FAIL: chromium failed:"; tail -5 browser.log; exit 1; }

/usr/bin/python3 - <<'PY'
import re, struct, sys, zlib

def pixels(path):
    """Decodes an 8-bit RGB or RGBA PNG: (width, height, rows of bytes)."""
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat = 8, b''
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            w, h, depth, colour = struct.unpack('>IIBB', body[:10])
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); prev = line
    return w, h, bpp, rows

w, h, bpp, rows = pixels('shot.png')
colours = set()
for row in rows[::4]:
    for x in range(0, len(row), 4 * bpp):
        colours.add(row[x:x + 3])
print(f'screenshot {w}x{h}, {len(colours)} colours in a sample of its pixels')
fails = 0
if w < 1000 or h < 2000:
    print('FAIL: screenshot smaller than the window'); fails += 1
if len(colours) < 20:
    print('FAIL: the screenshot is (nearly) blank'); fails += 1

report = open('report.html', encoding='utf-8').read()
dom = open('dom.html', encoding='utf-8').read()
titles = re.findall(r'<h2>(.*?)</h2>', report)
for want in ('Summary', 'What each part of the package adds', 'Effects by region',
             'Cost and effect', 'Provenance'):
    if want not in titles:
        print(f'FAIL: the report has no section "{want}"'); fails += 1
for t in titles:
    if f'<h2>{t}</h2>' not in dom:
        print(f'FAIL: section title "{t}" not in the rendered DOM'); fails += 1
print(f'{len(titles)} section titles, all rendered' if not fails else f'{fails} failures')
sys.exit(1 if fails else 0)
PY
