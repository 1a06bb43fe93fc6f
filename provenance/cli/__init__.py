"""The `provenance` command line: a thin layer that parses arguments, calls the library and prints."""

from provenance.cli.main import app, main

__all__ = ["app", "main"]
