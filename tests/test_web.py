"""The read-only web view over HTTP: pages and their JSON twins, escaping, headers, read-only, `serve` errors."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from starlette.testclient import TestClient
from typer.testing import Result

from provenance.store.database import make_engine, resolve_url
from provenance.web.app import CONTENT_SECURITY_POLICY, create_app
from provenance.web.findings import Snapshot
from tests.conftest import SEED, needs_dot

Cli = Callable[..., Result]

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    """The README's first command on the test's database: the seed logged with the outlets it names."""
    assert (
        cli("log", str(SEED), "--outlet", "Telegrafi", "--create-missing", "--published", "2025-05-12").exit_code == 0
    )
    return cli


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    """The web view on the test's database, opened read-only as `serve` opens it."""
    engine = make_engine(resolve_url(db_url), only_reads=True)
    with TestClient(create_app(engine)) as test_client:
        yield test_client
    engine.dispose()


def test_a_version_page_json_twin_is_the_record_show_prints(seeded: Cli, client: TestClient) -> None:
    shown = json.loads(seeded("show", "1", "--json").stdout)
    by_suffix = client.get("/versions/1.json")
    by_accept = client.get("/versions/1", headers={"Accept": "application/json"})
    assert by_suffix.status_code == by_accept.status_code == 200
    assert by_suffix.json() == by_accept.json()
    page = by_suffix.json()
    assert {k: page[k] for k in shown} == shown
    assert page["ancestors"]["start"] == 1 and page["candidates"] is None
    assert {f["rule"] for f in page["findings"]} >= {"conflicting-source"}


def test_the_version_page_shows_the_claims_at_their_lines_and_the_chain(seeded: Cli, client: TestClient) -> None:
    page = client.get("/versions/1")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert 'src="/versions/1/chain.svg"' in html
    assert '<mark>Source: The Independent</mark> <span class="claim-tag resolved">source · The Independent' in html
    assert "possibly Telegrafi's own sign-off" in html
    assert client.get("/versions/1?match=1").status_code == 200


@needs_dot
def test_the_chain_picture_dashes_the_sources_the_text_claims(seeded: Cli, client: TestClient) -> None:
    svg = client.get("/versions/1/chain.svg")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert "stroke-dasharray" in svg.text and "The Independent" in svg.text and "Telegraph" in svg.text
    assert "script-src" not in svg.headers["content-security-policy"]


def test_search_finds_by_title_words_outlet_language_dates_and_address(seeded: Cli, client: TestClient) -> None:
    def ids(**params: str) -> list[int]:
        response = client.get("/search.json", params=params)
        assert response.status_code == 200, response.text
        return [v["id"] for v in response.json()["versions"]]

    assert ids(q="ceasefire ZELENSKY") == [1]
    assert ids(q="ceasefire nowhere") == []
    assert ids(outlet="telegrafi.com", language="en", since="2020-01-01") == [1]
    assert ids(until="2000-01-01") == []
    assert ids(address="https://") == []
    html = client.get("/", params={"q": "ceasefire"}).text
    assert 'href="/versions/1"' in html


def test_findings_filter_by_rule_severity_and_outlet(seeded: Cli, client: TestClient) -> None:
    everything = client.get("/findings.json").json()
    assert everything["total"] == len(everything["findings"]) > 0
    conflicting = client.get("/findings.json", params={"rule": "conflicting-source"}).json()
    assert [f["rule"] for f in conflicting["findings"]] == ["conflicting-source"]
    assert client.get("/findings.json", params={"severity": "info", "rule": "conflicting-source"}).json()["total"] == 0
    assert client.get("/findings.json", params={"outlet": "The Independent"}).json()["total"] == 0
    html = client.get("/findings").text
    assert "conflicting-source" in html and 'href="/versions/1"' in html


def test_an_acknowledged_finding_is_hidden_shown_or_alone_as_asked(
    seeded: Cli, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provenance.web import findings as cache

    # A report that took over a second (a loaded CI machine) is recomputed in the background; this test is about
    # what an acknowledgement changes, so the report is always recomputed at once here.
    monkeypatch.setattr(cache, "SYNC_SECONDS", 3600.0)
    finding = client.get("/findings.json", params={"rule": "conflicting-source"}).json()["findings"][0]
    assert seeded("audit", "ack", finding["id"], "--reason", "checked with the desk").exit_code == 0
    hidden = client.get("/findings.json", params={"rule": "conflicting-source"}).json()
    assert hidden["total"] == 0  # a write elsewhere shows at the next request
    only = client.get("/findings.json", params={"acknowledged": "only"}).json()
    assert [f["acknowledged"]["reason"] for f in only["findings"]] == ["checked with the desk"]


def test_outlet_pages_list_versions_sign_offs_and_findings(seeded: Cli, client: TestClient) -> None:
    outlets = client.get("/outlets.json").json()["outlets"]
    telegrafi = next(o for o in outlets if o["name"] == "Telegrafi")
    assert telegrafi["versions"] == 1
    page = client.get(f"/outlets/{telegrafi['id']}.json").json()
    assert [v["id"] for v in page["versions"]] == [1]
    assert page["sign_offs"] == [{"text": "/Telegraph/", "versions": 1}]
    assert client.get(f"/outlets/{telegrafi['id']}").status_code == 200


def test_unknown_ids_and_bad_parameters_are_one_line_errors(seeded: Cli, client: TestClient) -> None:
    missing = client.get("/versions/99.json")
    assert missing.status_code == 404 and missing.json() == {
        "error": "no version with id 99: list them with `provenance article list`"
    }
    assert client.get("/versions/99").status_code == 404
    assert client.get("/outlets/99").status_code == 404
    assert client.get("/search.json", params={"outlet": "Nowhere"}).status_code == 404
    assert client.get("/search.json", params={"since": "yesterday"}).status_code == 400
    assert client.get("/search.json", params={"page": "0"}).status_code == 400
    assert client.get("/findings.json", params={"severity": "fatal"}).status_code == 400


def test_every_page_sends_a_strict_content_security_policy(seeded: Cli, client: TestClient) -> None:
    for path in ("/", "/versions/1", "/findings", "/outlets", "/versions/1.json", "/versions/99"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert headers["x-content-type-options"] == "nosniff"
    assert "script-src" not in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY


def test_hostile_titles_names_and_claims_are_escaped(cli: Cli, client: TestClient, tmp_path: Path) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(
        f"A title {HOSTILE}\n\nThe story goes on for a while so that it is an article.\n\nSource: {HOSTILE}\n",
        encoding="utf-8",
    )
    assert cli("outlet", "add", f"Outlet {HOSTILE}").exit_code == 0
    logged = cli("log", str(article), "--outlet", f"Outlet {HOSTILE}", "--url", "https://example.com/a")
    assert logged.exit_code == 0, logged.output
    for path in ("/versions/1", "/", "/outlets", "/outlets/1", "/findings"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in client.get("/versions/1").text


def test_the_web_view_cannot_write(seeded: Cli, client: TestClient, db_url: str) -> None:
    assert client.post("/versions/1").status_code == 405
    engine = make_engine(resolve_url(db_url), only_reads=True)
    with pytest.raises(DBAPIError, match=r"(?i)read.?only"), engine.begin() as connection:
        connection.execute(text("UPDATE outlets SET name = 'changed'"))
    engine.dispose()


def test_serve_refuses_a_database_behind_the_schema_and_a_missing_one(cli: Cli, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from provenance.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["--db", str(tmp_path / "none.db"), "serve"])
    assert missing.exit_code == 6 and "no provenance database at" in missing.stderr
    assert cli("db", "downgrade", "0004", "--yes").exit_code == 0
    behind = cli("serve")
    assert behind.exit_code == 6 and "run `provenance db upgrade`" in behind.stderr


def test_serve_refuses_a_port_in_use_in_one_line(cli: Cli) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port))
    assert result.exit_code == 5
    assert result.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{port} (Address already in use)")


def test_a_slow_audit_is_redone_in_the_background_while_pages_show_the_last_one(seeded: Cli, db_url: str) -> None:
    from provenance.store.database import session_scope
    from provenance.web.findings import FindingsCache

    engine = make_engine(resolve_url(db_url), only_reads=True)
    ticks = iter(range(0, 10_000, 2))  # every reading of the clock is two seconds later: each audit is "slow"
    cache = FindingsCache(lambda: session_scope(engine), clock=lambda: float(next(ticks)))
    with session_scope(engine) as session:
        first = cache.snapshot(session)
        assert first.current and first.seconds >= 1
        before = _count(first)
    article = SEED.read_text(encoding="utf-8").replace("Mark Almond", "Someone Else")
    assert seeded("log", "-", "--outlet", "The Independent", input=article).exit_code == 0
    with session_scope(engine) as session:
        stale = cache.snapshot(session)  # the database changed: the last report, marked, while a new one runs
        assert not stale.current and _count(stale) == before
    for _ in range(200):
        latest = cache.latest()
        if latest is not None and latest.findings is not stale.findings:
            break
        time.sleep(0.05)
    with session_scope(engine) as session:
        fresh = cache.snapshot(session)
    assert fresh.current and _count(fresh) > before
    engine.dispose()


def _count(snapshot: Snapshot) -> int:
    return sum(len(group) for group in snapshot.findings.groups.values())


def test_title_search_takes_whole_words_in_any_case_newest_first_a_page_at_a_time(cli: Cli, db_url: str) -> None:
    from provenance.ledger.versions import VersionQuery, search_versions
    from provenance.store.database import session_scope

    titles = ["Ceasefire talks stall", "No ceasefire, yes to talks", "Talks about a truce", "Ceasefires elsewhere"]
    for title in titles:
        assert cli("article", "add", "--title", title).exit_code == 0
    engine = make_engine(resolve_url(db_url), only_reads=True)
    with session_scope(engine) as session:

        def found(words: str, page: int = 1) -> list[int]:
            return [v.id for v in search_versions(session, VersionQuery(words=words), page=page, per_page=2).versions]

        assert found("ceasefire") == [2, 1]  # newest first, two a page
        assert found("CEASEFIRES") == [4]
        assert found("talks ceasefire", page=2) == []
        assert found("truce talks") == [3]
        assert found("fire") == found("cease") == []  # words, not parts of them
        assert found("talks") == [3, 2] and found("talks", page=2) == [1]
        assert search_versions(session, VersionQuery(words="talks"), per_page=2).has_next
    engine.dispose()


def test_a_version_page_names_its_story_and_the_story_page_is_what_origins_prints(
    seeded: Cli, client: TestClient
) -> None:
    page = client.get("/versions/1.json").json()
    assert page["story"] == {"story": page["work_id"], "versions": 1, "origin_count": 1}
    assert "1 independent origin</strong>" in client.get("/versions/1").text
    story = client.get("/versions/1/story.json")
    assert story.status_code == 200 and story.json() == json.loads(seeded("origins", "1", "--json").stdout)
    assert client.get("/versions/1/story").status_code == 200
    assert client.get("/versions/99/story").status_code == 404


def test_serve_on_all_addresses_warns_that_there_is_no_login(seeded: Cli, db_url: str) -> None:
    import os
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provenance = Path(sys.executable).with_name("provenance")
    server = subprocess.Popen(
        [str(provenance), "--db", db_url, "serve", "--host", "0.0.0.0", "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PROVENANCE_DATABASE_URL": ""},
    )
    try:
        assert server.stderr is not None
        warning, serving = server.stderr.readline(), server.stderr.readline()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert warning.startswith("warning: listening on 0.0.0.0: there is no login")
    assert serving == f"Serving the read-only view at http://0.0.0.0:{port}/ (Ctrl-C stops)\n"
