"""The web application: routes, content negotiation, errors and security headers.

Every page is an HTML rendering of a record from ``pages`` and has a JSON twin with the same record
(``/versions/4.json``, or ``Accept: application/json``). Jinja2 escapes every value; the Content-Security-
Policy allows nothing but this server's own stylesheet and pictures, so a script in a stored text could not
run even if it reached the page.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from provenance.audit.findings import AuditConfig, rule_catalogue
from provenance.errors import InputError, MissingDependencyError, NotFoundError, ProvenanceError
from provenance.exchange.formats import write_export
from provenance.ledger.versions import VersionQuery, parse_published
from provenance.store.database import session_scope
from provenance.vocabulary import SEVERITIES
from provenance.web import pages
from provenance.web.findings import FindingsCache

HERE = Path(__file__).parent
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(engine: Engine, *, audit_config: AuditConfig | None = None, warm: bool = True) -> Starlette:
    """Return the read-only web view of the database behind ``engine`` (opened read-only by the caller).

    ``warm``: start computing the audit's findings in the background as the server starts.
    """
    templates = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True), trim_blocks=True
    )
    templates.filters["query"] = _with_query

    @contextmanager
    def session() -> Iterator[Session]:
        with session_scope(engine) as opened:
            yield opened

    findings = FindingsCache(session, audit_config)

    def respond(request: Request, template: str, record: dict[str, Any], **context: Any) -> Response:
        if _wants_json(request):
            return _json(record)
        html = templates.get_template(template).render(request=request, record=record, **context)
        return HTMLResponse(html, headers=SECURITY_HEADERS)

    def search(request: Request) -> Response:
        q = request.query_params
        query = VersionQuery(
            words=q.get("q", ""),
            outlet=q.get("outlet") or None,
            language=q.get("language") or None,
            since=_date(q.get("since")),
            until=_date(q.get("until")),
            address=q.get("address") or None,
        )
        with session() as s:
            record = pages.search_page(s, query, _page(request))
        return respond(request, "search.html", record)

    def version(request: Request) -> Response:
        version_id = request.path_params["id"]
        with session() as s:
            record = pages.version_page(s, version_id, findings, with_matches=request.query_params.get("match") == "1")
        lines = pages.annotated_lines(record["text"], record["claims"])
        return respond(request, "version.html", record, lines=lines)

    def story(request: Request) -> Response:
        with session() as s:
            record = pages.story_page(s, request.path_params["id"])
        return respond(request, "story.html", record)

    def chain_svg(request: Request) -> Response:
        out = io.BytesIO()
        with session() as s:
            write_export(s, "svg", out, version_id=request.path_params["id"])
        headers = {**SECURITY_HEADERS, "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
        return Response(out.getvalue(), media_type="image/svg+xml", headers=headers)

    def findings_list(request: Request) -> Response:
        q = request.query_params
        wanted = pages.FindingFilter(
            rule=q.get("rule") or None,
            severity=q.get("severity") or None,
            outlet=q.get("outlet") or None,
            acknowledged=q.get("acknowledged") or "hide",
        )
        with session() as s:
            record = pages.findings_page(s, findings, wanted, _page(request))
        return respond(request, "findings.html", record, rules=rule_catalogue(audit_config), severities=SEVERITIES)

    def outlets(request: Request) -> Response:
        with session() as s:
            record = pages.outlets_page(s, _page(request))
        return respond(request, "outlets.html", record)

    def outlet(request: Request) -> Response:
        with session() as s:
            record = pages.outlet_page(s, request.path_params["id"], findings, _page(request))
        return respond(request, "outlet.html", record)

    def guarded(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
        def run(request: Request) -> Response:
            started = time.perf_counter()
            response = answer(request)
            # The server's own time, for a browser's developer tools and benchmarks/web_bench.py.
            response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
            return response

        def answer(request: Request) -> Response:
            try:
                return handler(request)
            except ProvenanceError as e:
                status = 404 if isinstance(e, NotFoundError) else 400 if isinstance(e, InputError) else 503
                if isinstance(e, MissingDependencyError):
                    status = 501
                if _wants_json(request):
                    return _json({"error": str(e)}, status)
                html = templates.get_template("error.html").render(request=request, message=str(e), status=status)
                return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

        return run

    routes = [
        Route("/", guarded(search)),
        Route("/search.json", guarded(search)),
        Route("/versions/{id:int}.json", guarded(version)),
        Route("/versions/{id:int}", guarded(version)),
        Route("/versions/{id:int}/chain.svg", guarded(chain_svg)),
        Route("/versions/{id:int}/story.json", guarded(story)),
        Route("/versions/{id:int}/story", guarded(story)),
        Route("/findings", guarded(findings_list)),
        Route("/findings.json", guarded(findings_list)),
        Route("/outlets", guarded(outlets)),
        Route("/outlets.json", guarded(outlets)),
        Route("/outlets/{id:int}.json", guarded(outlet)),
        Route("/outlets/{id:int}", guarded(outlet)),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if warm:
            findings.warm()
        yield

    return Starlette(routes=routes, lifespan=lifespan)


def _wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return accept.split(",")[0].strip().startswith("application/json")


def _json(record: Any, status: int = 200) -> Response:
    body = json.dumps(record, ensure_ascii=False, default=_default)
    return Response(body, status_code=status, media_type="application/json", headers=SECURITY_HEADERS)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _page(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise InputError(f"page {raw!r} is not a page number: use 1, 2, …")
    return int(raw)


def _date(value: str | None) -> datetime | None:
    return parse_published(value) if value else None


def _with_query(params: dict[str, Any], **changes: Any) -> str:
    """The query string of ``params`` with ``changes`` applied (empty values left out): for paging links."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged) if merged else ""
