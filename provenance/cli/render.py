"""Tables, trees, consoles and the progress bar: how records look on a terminal (their shape is the library's:
``provenance.ledger.records``, ``audit.findings.finding_record``, ``match.search.candidate_record``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.tree import Tree

from provenance.ledger.lineage import Lineage
from provenance.ledger.records import agent_name, iso
from provenance.store.models import Derivation, Version
from provenance.text.normalize import visible


class VisibleConsole(Console):
    """A console that never prints a stored string's terminal escapes or invisible characters (an older
    provenance kept them as given), and that, writing to a pipe or a file, prints tables as tab-separated
    lines for scripts and never wraps a line."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print like ``Console.print``: plain strings made ``visible``, tables as TSV when not on a terminal."""
        shown = [visible(o) if isinstance(o, str) else o for o in objects]
        if self.is_terminal or not any(isinstance(o, Table) for o in shown):
            super().print(*shown, **kwargs)
            return
        for item in shown:  # written as they are: the console would expand the tabs
            if isinstance(item, Table):
                self.file.write(tsv(item) + "\n")
            else:
                super().print(item, **kwargs)


def tsv(rich_table: Table) -> str:
    """Return a table as tab-separated lines: a title line when it has one, the header, then the rows."""

    def plain(cell: Any) -> str:
        return str(cell).replace("\\[", "[").replace("\t", " ").replace("\n", " ")

    lines = [str(rich_table.title)] if rich_table.title else []
    lines.append("\t".join(plain(column.header) for column in rich_table.columns))
    columns = [list(column.cells) for column in rich_table.columns]
    lines += ["\t".join(plain(cells[row]) for cells in columns) for row in range(rich_table.row_count)]
    return "\n".join(lines)


def stdout_console() -> Console:
    """Return a console on the current stdout (looked up each time, so test runners can capture it); on a
    pipe or a file nothing is wrapped (soft wrap, and a width no line reaches)."""
    terminal = sys.stdout.isatty()
    return VisibleConsole(file=sys.stdout, highlight=False, soft_wrap=True, width=None if terminal else 100_000)


def stderr_console() -> Console:
    """Return a console on stderr, for progress and chatter that must not pollute piped output."""
    terminal = sys.stderr.isatty()
    return VisibleConsole(file=sys.stderr, highlight=False, soft_wrap=not terminal, width=None if terminal else 100_000)


def version_label(version: Version) -> str:
    """Return a one-line summary of a version: id, outlet, language, date, title."""
    parts = [
        f"#{version.id}",
        version.outlet.name if version.outlet else "(no outlet)",
        version.language or version.detected_language or "?",
    ]
    if version.published_at:
        parts.append(iso(version.published_at) or "")
    title = (version.title or "(untitled)").strip()
    if len(title) > 60:
        title = title[:57] + "…"
    return " · ".join(parts) + f"  {title}"


def _link_label(link: Derivation) -> str:
    agent = agent_name(link)
    return f"[dim]{link.kind}{' by ' + agent if agent else ''}[/dim]"


def lineage_tree(lineage: Lineage) -> Tree:
    """Return the chain as a rich tree from the start version outwards."""
    near_attr, far_attr = ("derived_id", "source_id") if lineage.direction == "up" else ("source_id", "derived_id")
    by_near: dict[int, list[Derivation]] = {}
    for _, link in lineage.links:
        by_near.setdefault(getattr(link, near_attr), []).append(link)
    roots = {v.id for v in lineage.roots}
    tree = Tree(_node_label(lineage.start, roots))

    def grow(node: Tree, version_id: int, seen: frozenset[int]) -> None:
        for link in by_near.get(version_id, []):
            far = getattr(link, far_attr)
            arrow = "derived from" if lineage.direction == "up" else "→"
            child = node.add(f"{_link_label(link)} [dim]{arrow}[/dim] " + _node_label(lineage.versions[far], roots))
            if far not in seen:
                grow(child, far, seen | {far})

    grow(tree, lineage.start.id, frozenset({lineage.start.id}))
    return tree


def _node_label(version: Version, roots: set[int]) -> str:
    label = _escape(version_label(version))
    return f"{label}  [bold]root original[/bold]" if version.id in roots else label


def _escape(text: str) -> str:
    return visible(text).replace("[", "\\[")


def table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], title: str | None = None) -> Table:
    """Return rows as a rich table with the given columns (lists joined with commas)."""
    out = Table(title=title, show_lines=False)
    for column in columns:
        out.add_column(column)
    for row in rows:
        out.add_row(*(_cell(row.get(c)) for c in columns))
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return _escape(str(value))


def count_noun(count: int, noun: str) -> str:
    """Return ``1 version`` or ``2 versions``: a count with its noun in the right number."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return iso(value)
    if isinstance(value, Iterable):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def claims_table(claims: Sequence[Mapping[str, Any]]) -> Table:
    """Return claims as a compact borderless table: where, what, the name, what it resolved to, and any note."""
    out = Table(box=None, show_header=True, header_style="bold", pad_edge=False, title_justify="left")
    for column in ("where", "kind", "credited", "resolved to", "conf."):
        out.add_column(column, no_wrap=True)
    out.add_column("note", overflow="fold", ratio=1)
    for claim in claims:
        where = f"{claim['position']}:{claim['line']}" if claim.get("line") else claim["position"]
        resolved = claim.get("outlet") or claim.get("person") or ("-" if claim["kind"] == "photo_credit" else "?")
        out.add_row(
            where,
            claim["kind"].replace("_", " "),
            _escape(claim["name"]),
            _escape(resolved),
            f"{claim['confidence']:.2f}",
            _escape(claim.get("note") or ""),
        )
    return out


@contextmanager
def status_line(*, enabled: bool = True) -> Iterator[Callable[[str], None]]:
    """Yield a function that shows what a long one-transaction step is doing, on stderr, only on a terminal."""
    console = stderr_console()
    if not enabled or not console.is_terminal:
        yield lambda _: None
        return
    with console.status("") as status:
        yield lambda message: status.update(message)


def progress_bar(*, enabled: bool = True) -> Progress:
    """Return a progress bar on stderr, shown only on a terminal and when ``enabled``."""
    console = stderr_console()
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled or not console.is_terminal,
        transient=True,
    )
