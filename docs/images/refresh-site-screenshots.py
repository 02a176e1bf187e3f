"""Refresh the screenshots of the monitoring site in docs/images/ (run after changing the site):

    apt-get install chromium fonts-noto-cjk      # the browser, and fonts with Chinese glyphs
    .venv/bin/python docs/images/refresh-site-screenshots.py

Builds the site of the example ledger as of 2026-07-10 into a temporary folder, opens it in
headless Chromium (Playwright) and writes site-overview.png (the overview, desktop width) and
site-project.png (a project page, as on a phone).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
AS_OF = "2026-07-10"
SHOTS = (
    ("index.html", "site-overview.png", {"width": 1100, "height": 1640}),
    ("projects/zuiduo-paoyici.html", "site-project.png", {"width": 390, "height": 1500}),
)


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("Chromium is not installed: apt-get install chromium fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        command = [sys.executable, "-m", "reformctl", "site", "--ledger", str(ROOT / "ledger")]
        subprocess.run([*command, "--output", str(site), "--as-of", AS_OF], check=True, cwd=ROOT)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium)
            for page_path, image, viewport in SHOTS:
                page = browser.new_page(viewport=viewport, device_scale_factor=1)
                page.goto((site / page_path).as_uri())
                page.screenshot(path=str(HERE / image))
                page.close()
                print(f"wrote {HERE / image}")
            browser.close()


if __name__ == "__main__":
    main()
