"""Every command has help with an example, and docs/commands.md is the current reference."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def generator() -> ModuleType:
    """Load docs/generate_commands.py, which is a script rather than part of the package."""
    spec = importlib.util.spec_from_file_location("generate_commands", ROOT / "docs" / "generate_commands.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = generator()
LEAVES = [path for path in GENERATOR.command_paths() if path and "Commands:" not in GENERATOR.help_text(path)]


@pytest.mark.parametrize("path", LEAVES, ids=[" ".join(p) for p in LEAVES])
def test_every_command_has_help_with_an_example(path: list[str]) -> None:
    text = GENERATOR.help_text(path)
    assert "Example" in text, f"`provenance {' '.join(path)} --help` shows no example"


def test_the_command_reference_is_up_to_date() -> None:
    current = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert current == GENERATOR.render(), "docs/commands.md is stale: run `python docs/generate_commands.py`"


def test_the_readme_links_every_doc_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"docs/{page.name}" in readme, f"README.md does not link docs/{page.name}"


def test_the_architecture_picture_is_drawn_from_the_current_imports() -> None:
    spec = importlib.util.spec_from_file_location("generate_architecture", ROOT / "docs" / "generate_architecture.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "docs" / "architecture.dot").read_text(encoding="utf-8")
    assert current == module.render(), "docs/architecture.dot is stale: run `python docs/generate_architecture.py`"
