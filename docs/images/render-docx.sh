#!/usr/bin/env bash
# Renders the first page of the example bulletin's Word file to docs/images/bulletin-docx-page1.png
# (LibreOffice headless → PDF → pdftoppm) and prints the layout measured on the PDF: page size and
# the text block's edges (pdftotext -bbox), in millimetres. Needs soffice and poppler-utils
# (apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-arphic-ukai).
# Not part of the test suite. Usage: docs/images/render-docx.sh [REFORMCTL]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
reformctl="${1:-$root/.venv/bin/reformctl}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export FONTCONFIG_FILE="$here/fonts.conf"
"$reformctl" bulletin --ledger "$root/ledger" --quarter 2026-Q2 --as-of 2026-07-15 \
  --format docx --output "$work/bulletin.docx"
soffice --headless "-env:UserInstallation=file://$work/profile" --convert-to pdf \
  --outdir "$work" "$work/bulletin.docx" >/dev/null
pdftoppm -png -r 72 -f 1 -l 1 -singlefile "$work/bulletin.pdf" "$here/bulletin-docx-page1"
pdfinfo "$work/bulletin.pdf" | grep -E "^(Pages|Page size)"
pdftotext -bbox -f 1 -l 2 "$work/bulletin.pdf" "$work/bbox.html"
python3 - "$work/bbox.html" <<'PY'
import re, statistics, sys

MM = 25.4 / 72
pages = re.split(r"<page ", open(sys.argv[1], encoding="utf-8").read())[1:]
for n, page in enumerate(pages, start=1):
    height = float(re.search(r'height="([\d.]+)"', page).group(1))
    words = [
        (float(a), float(b), float(c), float(d), t)
        for a, b, c, d, t in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page
        )
    ]
    body = [w for w in words if w[1] * MM < 297 - 35]
    foot = [w for w in words if w[1] * MM >= 297 - 35]
    print(f"page {n}: text block x {min(w[0] for w in body) * MM:.1f}–{max(w[2] for w in body) * MM:.1f} mm,"
          f" y {min(w[1] for w in body) * MM:.1f}–{max(w[3] for w in body) * MM:.1f} mm")
    lines = sorted({round(w[3], 1) for w in body})
    steps = [b - a for a, b in zip(lines, lines[1:]) if b - a > 20]
    if steps:
        print(f"  line pitch {statistics.median(steps):.2f} pt; {len(lines)} lines on the page")
    rows = {}
    for w in body:
        rows.setdefault(round(w[3], 1), []).append(w[4])
    cjk = [sum(1 for ch in "".join(r) if ord(ch) > 0x2E80) for r in rows.values()]
    print(f"  most East Asian characters on one line: {max(cjk)}")
    if foot:
        print(f"  page number '{' '.join(w[4] for w in foot)}': x {min(w[0] for w in foot) * MM:.1f}–"
              f"{max(w[2] for w in foot) * MM:.1f} mm, y {min(w[1] for w in foot) * MM:.1f}–{max(w[3] for w in foot) * MM:.1f} mm")
PY
