#!/usr/bin/python3
"""tests/render/check.py REPORT.html DOM.html SHOT.png [TITLE ...]: what Chromium
showed of a report (tests/render/render.bash): a screenshot that is not blank
(its size and the number of distinct colours in a sample of its pixels,
decoded with zlib) and every section title (<h2>) of the report present in
the DOM Chromium built; each TITLE given must be one of them. Exit 1 on any
failure."""
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

w, h, bpp, rows = pixels(sys.argv[3])
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

report = open(sys.argv[1], encoding='utf-8').read()
dom = open(sys.argv[2], encoding='utf-8').read()
heading = re.compile(r'<h2(?:\s[^>]*)?>(.*?)</h2>')
titles, shown = heading.findall(report), set(heading.findall(dom))
for want in sys.argv[4:]:
    if want not in titles:
        print(f'FAIL: the report has no section "{want}"'); fails += 1
for t in titles:
    if t not in shown:
        print(f'FAIL: section title "{t}" not in the rendered DOM'); fails += 1
print(f'{len(titles)} section titles, all rendered' if not fails else f'{fails} failures')
sys.exit(1 if fails else 0)
