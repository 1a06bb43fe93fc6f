"""`provenance export`: a chain or the whole database as W3C PROV, schema.org, C2PA actions or a picture."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated

import typer

from provenance.cli.context import reading
from provenance.errors import InputError
from provenance.exchange import formats
from provenance.vocabulary import ChainSide


@contextmanager
def _target(output: Path | None) -> Iterator[IO[bytes]]:
    """Yield where the export goes: stdout (no ``-o`` or ``-o -``); a FIFO, a device or a symbolic link,
    written through; else a temporary file in the same folder renamed to ``output`` only once everything
    was written, so a failed export leaves the old file, or none, never half of one."""
    try:
        if output is None or str(output) == "-":
            sys.stdout.flush()
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        elif output.is_symlink() or (output.exists() and not output.is_file()):
            with output.open("wb") as stream:
                yield stream
        else:
            with _replacing(output) as stream:
                yield stream
    except BrokenPipeError:
        raise  # the reader went away (``| head``): the CLI ends quietly
    except OSError as e:
        where = "standard output" if output is None or str(output) == "-" else str(output)
        raise InputError(f"cannot write {where}: {e.strerror or e}: choose another place or free some space") from e


@contextmanager
def _replacing(output: Path) -> Iterator[IO[bytes]]:
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"folder {folder} does not exist: create it or write elsewhere with -o")
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=folder)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; the result is an ordinary file
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(temporary, output)
    except BaseException:
        os.unlink(temporary)
        raise


def export(
    ctx: typer.Context,
    version_id: Annotated[
        int | None, typer.Argument(metavar="VERSION", help="The version whose chain to export.")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"One of: {', '.join(formats.format_names())}. Default: from -o's suffix, else prov-json.",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    everything: Annotated[bool, typer.Option("--all", help="Export the whole database instead of one chain.")] = False,
    direction: Annotated[ChainSide, typer.Option(help="Ancestors (up), descendants (down) or both.")] = "both",
    depth: Annotated[int | None, typer.Option(min=1, help="Follow at most this many links from VERSION.")] = None,
) -> None:
    """Export the chain of VERSION (or --all) as PROV, schema.org JSON-LD, C2PA actions, Mermaid, DOT, SVG or PNG.

    Example: provenance export 4 --format svg -o chain.svg
    """
    if (version_id is None) == (not everything):
        raise typer.BadParameter("give a VERSION or --all (not both)", param_hint="VERSION")
    if output is not None and output.is_dir():
        raise InputError(f"{output} is a folder: give a file name, e.g. -o {output / 'chain.json'}")
    to_stdout = output is None or str(output) == "-"
    chosen = fmt or (None if to_stdout else formats.guess_format(output.name if output else None))
    chosen = chosen or ("prov-json" if to_stdout else None)
    if chosen is None:
        raise typer.BadParameter(f"cannot tell the format from {output}: add --format", param_hint="--format")
    if chosen not in formats.format_names():
        raise typer.BadParameter(f"use one of {', '.join(formats.format_names())}", param_hint="--format")
    if formats.get_format(chosen).binary and output is None:
        raise typer.BadParameter(
            f"{chosen.upper()} is binary: write it to a file with -o chain.{chosen}", param_hint="--format"
        )
    with reading(ctx) as session, _target(output) as out:
        formats.write_export(session, chosen, out, version_id=version_id, direction=direction, depth=depth)


def register(app: typer.Typer) -> None:
    """Add `export` to ``app``."""
    app.command("export")(export)
