"""`provenance serve`: the read-only web view, on the database the other commands use."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from provenance.cli.audit import ConfigOption
from provenance.cli.context import state
from provenance.errors import InputError, MissingDependencyError
from provenance.store.migrations import check_schema

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network (no login).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    config: ConfigOption = None,
) -> None:
    """Serve a read-only web view of the database: search, each version's chain and claims, findings, outlets.

    Every page has a JSON twin (add .json, or send Accept: application/json). The database is opened
    read-only. There is no login: it listens on 127.0.0.1 unless --host says otherwise; to share it, put
    it behind your own proxy with its own access control.

    Example: provenance serve --db postgresql://reader@db.newsroom/provenance --host 0.0.0.0 --port 8080
    """
    try:
        import uvicorn

        from provenance.web.app import create_app
    except ImportError as e:
        raise MissingDependencyError(
            f"serve needs the web extra ({e.name} is missing): pip install '.[web]' in the checkout "
            "(or 'provenance[web]')"
        ) from e
    from provenance.audit.findings import load_config

    engine = state(ctx).engine(create=False, only_reads=True)
    check_schema(engine)
    settings = load_config(config)
    _check_port(host, port)
    if host not in LOCAL_HOSTS:
        typer.echo(
            f"warning: listening on {host}: there is no login, anyone who can reach port {port} can read the "
            "whole database; put it behind your own proxy with access control",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"Serving the read-only view at http://{shown}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(create_app(engine, audit_config=settings), host=host, port=port, log_level="warning")


def _check_port(host: str, port: int) -> None:
    """Refuse in one line a port that is taken or not allowed, before the server starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except socket.gaierror as e:
            raise InputError(f"cannot listen on {host!r}: not an address of this machine; use --host 127.0.0.1") from e
        except OSError as e:
            raise InputError(
                f"cannot listen on {host}:{port} ({e.strerror}): choose another with --port, or stop what uses it"
            ) from e


def register(app: typer.Typer) -> None:
    """Add `serve` to ``app``."""
    app.command("serve")(serve)
