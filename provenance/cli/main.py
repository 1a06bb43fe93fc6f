"""The root command: global options, the error-to-exit-code mapping, and every sub-command joined in."""

from __future__ import annotations

import logging
import os
import signal
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from provenance import __version__
from provenance.cli import agents, articles, corrections, db, history, ingest, lineage
from provenance.cli import audit as audit_cli
from provenance.cli import export as export_cli
from provenance.cli import match as match_cli
from provenance.cli import review as review_cli
from provenance.cli import serve as serve_cli
from provenance.cli.context import state
from provenance.errors import ProvenanceError
from provenance.store.journal import command_line, recording

COMMAND_CHARS = 1000
"""How much of a command line an event keeps."""

INTERRUPTED = (
    "Interrupted: what was committed before stays recorded and the step in progress was rolled back; "
    "run the same command again to resume (it skips what is recorded)"
)


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that the transaction in progress rolls back.

    A BaseException, as KeyboardInterrupt is: libraries (SQLAlchemy wraps an Exception raised while it builds
    a statement) pass it through untouched.
    """


class ProvenanceGroup(TyperGroup):
    """Turns every ProvenanceError into ``Error: …`` on stderr and its exit code, without a traceback; an
    interruption into one line saying what was kept; a reader that went away (``| head``) into silence."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        words = ["provenance", *getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            with recording(ctx.params.get("recorder"), command_line(words)[:COMMAND_CHARS]):
                return super().invoke(ctx)
        except ProvenanceError as e:
            if (stop := _interruption(e)) is not None:  # the driver failed while the interruption rolled back
                raise _interrupted(stop) from None
            typer.echo(f"Error: {e}", err=True)
            raise typer.Exit(e.exit_code) from None
        except (KeyboardInterrupt, Terminated) as e:
            raise _interrupted(e) from None
        except BrokenPipeError:
            # The reader of stdout is gone: nothing more to say to it, and Python must not try at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(141) from None


def _interruption(error: BaseException) -> BaseException | None:
    """The Ctrl-C or SIGTERM an error was raised while handling, if any: a signal that lands inside a database
    driver's call can make the rollback that follows fail ("connection in transaction status ACTIVE")."""
    seen: BaseException | None = error.__context__
    while seen is not None:
        if isinstance(seen, (KeyboardInterrupt, Terminated)):
            return seen
        seen = seen.__context__
    return None


def _interrupted(stop: BaseException) -> typer.Exit:
    """Say what an interruption kept, and the exit status it gives (130 for Ctrl-C, 143 for SIGTERM)."""
    typer.echo(f"\n{INTERRUPTED}", err=True)
    return typer.Exit(130 if isinstance(stop, KeyboardInterrupt) else 143)


app = typer.Typer(
    cls=ProvenanceGroup,
    name="provenance",
    help="Track where translated and republished news came from, and audit its credits.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"provenance {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db_url: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="PROVENANCE_DATABASE_URL",
            help="Database: a SQLite file path, sqlite:///FILE or postgresql://user@host/db. "
            "Default: a SQLite file in your user data folder.",
            show_envvar=True,
        ),
    ] = None,
    recorder: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="NAME",
            help="Who is recording, for the event log. Default: $PROVENANCE_RECORDER, `recorder` in the config "
            "file, then your login name.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Record news versions, their derivation chains and credits; trace and audit them.

    Example: provenance log article.txt --outlet Telegrafi
    """
    invocation = state(ctx)
    invocation.db = db_url
    ctx.call_on_close(invocation.close)


app.add_typer(agents.outlet_app, name="outlet")
app.add_typer(agents.person_app, name="person")
app.add_typer(articles.article_app, name="article")
app.add_typer(db.db_app, name="db")
app.add_typer(audit_cli.audit_app, name="audit")
agents.register(app)
articles.register(app)
lineage.register(app)
ingest.register(app)
match_cli.register(app)
export_cli.register(app)
review_cli.register(app)
serve_cli.register(app)
history.register(app)
corrections.register(app, lineage.link_app)


def _terminate(_signal: int, _frame: object) -> None:
    raise Terminated


class _OneLineWarning(logging.Formatter):
    """A library's logged warning as one line on stderr: its message and the error's own line, no traceback."""

    def format(self, record: logging.LogRecord) -> str:
        error = record.exc_info[1] if record.exc_info else None
        cause = f" ({type(error).__name__}: {error})" if error is not None else ""
        return f"Warning: {record.getMessage()}{cause}"


def _not_an_interruption(record: logging.LogRecord) -> bool:
    # The pool logs a Ctrl-C or SIGTERM that lands while it resets a connection, then passes it on: the
    # interruption is reported once, by its own line.
    error = record.exc_info[1] if record.exc_info else None
    return not isinstance(error, (KeyboardInterrupt, Terminated))


def warning_handler() -> logging.Handler:
    """Where the console script sends what libraries log: one line each on stderr, interruptions left out."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineWarning())
    handler.addFilter(_not_an_interruption)
    return handler


def main() -> None:
    """Entry point of the ``provenance`` console script."""
    signal.signal(signal.SIGTERM, _terminate)
    logging.basicConfig(level=logging.WARNING, handlers=[warning_handler()])
    try:
        app()
    except (KeyboardInterrupt, Terminated) as e:  # while the command was still being built: nothing written
        sys.exit(_interrupted(e).exit_code)
