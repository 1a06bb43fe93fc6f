"""Bounds and batch sizes shared by the library and the CLI.

Kept in a module with no imports so that the CLI can show them as option defaults without
loading the readers, detectors and matchers behind them: every command starts faster.
"""

MAX_BYTES = 5_000_000
"""The largest article file ``log``, ``article add``, ``match`` and ``import`` read, in bytes."""

IMPORT_CHUNK = 500
"""Records ``import`` writes and commits at a time (an interrupted import resumes after the last chunk)."""
