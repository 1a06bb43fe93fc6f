"""The web view in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright, against
`provenance serve` run as the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import SEED, needs_dot

Cli = Callable[..., Result]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PROVENANCE = Path(sys.executable).with_name("provenance")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed here (apt-get install chromium; .ci/run installs it)"
)

# Each would run if it reached the page: an alert, a flag on window, a changed title.
HOSTILE = (
    '"><img src=x onerror="window.__pwned=1;alert(1)">'
    "<script>window.__pwned=2;document.title='pwned';alert(2)</script>"
    '<a href="javascript:window.__pwned=3">click</a>'
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(db_url: str) -> Iterator[str]:
    """`provenance serve` on the test's database, as a user starts it; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [str(PROVENANCE), "--db", db_url, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PROVENANCE_DATABASE_URL": ""},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/outlets.json", timeout=1).read()
                break
            except OSError as e:
                if process.poll() is not None:
                    raise AssertionError(process.stderr.read().decode() if process.stderr else "serve exited") from e
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for the module (a page per test keeps the tests apart): launching it is the slow part."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page that records every dialog and console error, so a test can assert none happened."""
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    opened.dialogs = []
    opened.errors = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    opened.close()


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    assert (
        cli("log", str(SEED), "--outlet", "Telegrafi", "--create-missing", "--published", "2025-05-12").exit_code == 0
    )
    return cli


@needs_dot
def test_the_seed_page_shows_its_outlets_claims_and_a_chain_with_dashed_claimed_sources(
    seeded: Cli, server: str, page: Any
) -> None:
    page.goto(f"{server}/versions/1")
    body = page.inner_text("main")
    for outlet in ("Telegrafi", "The Independent", "Telegraph"):
        assert outlet in body
    chain = page.locator("figure.chain img")
    assert chain.evaluate("img => img.complete && img.naturalWidth > 0")  # the picture loaded and drew
    assert page.locator("ol.text li.claimed mark", has_text="Source: The Independent").count() == 1
    page.goto(f"{server}/versions/1/chain.svg")
    svg = page.content()
    assert "stroke-dasharray" in svg and "The Independent" in svg and "Telegraph" in svg


def test_search_finds_the_seed_and_its_link_leads_to_its_page(seeded: Cli, server: str, page: Any) -> None:
    page.goto(server)
    page.fill("input[name=q]", "ceasefire Zelensky")
    page.fill("input[name=outlet]", "telegrafi.com")
    page.click("button[type=submit]")
    assert "q=ceasefire+Zelensky" in page.url
    page.click("table.versions a[href='/versions/1'] >> nth=0")
    assert page.url == f"{server}/versions/1"
    assert page.inner_text("h1").startswith("#1 Putin says")


def test_the_findings_page_lists_the_conflicting_source_and_links_to_the_version(
    seeded: Cli, server: str, page: Any
) -> None:
    page.goto(f"{server}/findings")
    assert page.locator("li.finding .rule", has_text="conflicting-source").count() == 1
    page.select_option("select[name=rule]", "conflicting-source")
    page.click("button[type=submit]")
    assert page.locator("li.finding").count() == 1
    page.click("li.finding a[href='/versions/1']")
    assert page.url == f"{server}/versions/1"


def test_json_twins_parse_in_the_browser(seeded: Cli, server: str, page: Any) -> None:
    for path in ("/search.json?q=ceasefire", "/versions/1.json", "/findings.json", "/outlets.json", "/outlets/1.json"):
        response = page.goto(server + path)
        assert response.status == 200 and response.headers["content-type"] == "application/json", path
        json.loads(page.inner_text("body"))


def test_hostile_texts_stay_inert_in_the_browser(cli: Cli, server: str, page: Any, tmp_path: Path) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(
        f"Headline {HOSTILE}\n\nA story long enough to be an article, told twice over.\n\nSource: {HOSTILE}\n"
        f"Translation: {HOSTILE}\n",
        encoding="utf-8",
    )
    assert cli("outlet", "add", f"Outlet {HOSTILE}").exit_code == 0
    logged = cli("log", str(article), "--outlet", f"Outlet {HOSTILE}", "--title", f"Title {HOSTILE}")
    assert logged.exit_code == 0, logged.output
    for path in ("/", "/versions/1", "/findings", "/outlets", "/outlets/1", "/versions/1?match=1"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, path
        assert page.title() != "pwned" and page.dialogs == [] and page.errors == [], path
        assert page.locator("img[onerror], script, a[href^='javascript:']").count() == 0, path
    assert "<script>" in page.inner_text("main")  # shown as text, for the reader to see what was stored
