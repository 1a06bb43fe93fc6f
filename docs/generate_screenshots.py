"""Take the screenshots of the web view shown in docs/web.md: the seed logged as the README's first command
logs it, served by `provenance serve`, photographed by headless Chromium (Debian's `chromium`) via Playwright.

    python docs/generate_screenshots.py
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
SEED = DOCS.parents[1] / "shared" / "corpus" / "000_045ef2395e873fac.txt"
PROVENANCE = Path(sys.executable).with_name("provenance")
PAGES = {
    "web-version.png": "/versions/1",
    "web-findings.png": "/findings",
    "web-search.png": "/?q=ceasefire",
    "web-outlet.png": "/outlets/1",
}


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("needs Debian's chromium: apt-get install chromium")
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "seed.db")
        subprocess.run(
            [str(PROVENANCE), "--db", db, "log", str(SEED), "--outlet", "Telegrafi", "--create-missing",
             "--published", "2025-05-12", "--url", "https://telegrafi.com/en/putin-says-no-to-ceasefire/"],
            check=True, capture_output=True,
        )  # fmt: skip
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [str(PROVENANCE), "--db", db, "serve", "--port", str(port)], env={**os.environ}, stderr=subprocess.PIPE
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/outlets.json", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                for name, path in PAGES.items():
                    page.goto(base + path)
                    page.screenshot(path=str(DOCS / name), full_page=name != "web-version.png")
                    print(f"wrote docs/{name}")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
