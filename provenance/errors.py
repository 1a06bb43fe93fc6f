"""The exception hierarchy of provenance: one root class, narrow subclasses.

Each class carries its exit code; the CLI turns any of them into ``Error: …`` and that code in one place
(``provenance.cli.main.ProvenanceGroup``).
"""


class ProvenanceError(Exception):
    """Root of every error a user can cause; its message is one line that says what to do."""

    exit_code = 1


class NotFoundError(ProvenanceError):
    """An id, outlet or person that is not in the database."""

    exit_code = 3


class ConflictError(ProvenanceError):
    """A change the database refuses: a duplicate name, a cycle, a self-link."""

    exit_code = 4


class InputError(ProvenanceError):
    """An input the user supplied cannot be read: missing, binary, empty, too large, malformed."""

    exit_code = 5


class DatabaseError(ProvenanceError):
    """The database cannot be reached, is locked, or is on another schema revision."""

    exit_code = 6


class ConcurrentWriteError(DatabaseError):
    """Another process wrote the same outlet, person or text at the same moment; running again finds it."""


class SchemaOutOfDateError(DatabaseError):
    """The database is on an older schema revision than this version of provenance."""


class DeclinedError(ProvenanceError):
    """The user answered no to a confirmation: nothing was changed."""

    exit_code = 8


class MissingDependencyError(ProvenanceError):
    """An optional program or package is needed for this command (for example Graphviz)."""

    exit_code = 7
