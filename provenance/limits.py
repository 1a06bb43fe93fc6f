"""Bounds and batch sizes shared by the library and the CLI.

Kept in a module with no imports so that the CLI can show them as option defaults without
loading the readers, detectors and matchers behind them: every command starts faster.
"""

MAX_BYTES = 5_000_000
"""The largest article file ``log``, ``article add``, ``match`` and ``import`` read, in bytes."""

IMPORT_CHUNK = 500
"""Records ``import`` writes and commits at a time (an interrupted import resumes after the last chunk)."""

MIN_TEXT_CHARACTERS = 20
"""The shortest text recorded as an article, in characters once normalized (a title alone goes in --title)."""

MAX_CREATED_PER_TEXT = 12
"""Outlets and people ``--create-missing`` creates from one text's credits at most; the rest stay unresolved."""

MAX_PROV_BYTES = 200_000_000
"""The largest PROV-JSON document ``import`` reads, in bytes: it is imported in one transaction, all or nothing,
and parsed whole (about ten times its size in memory); export and import larger records in parts (``export ID``)."""

MAX_URL_CHARACTERS = 2_000
"""The longest address recorded for a version (longer ones are not addresses people share, and would not index)."""
