"""Fixtures: the real disclosure text and small modified copies of it, written to tmp_path."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import budgetlib

ROOT = Path(__file__).resolve().parents[1]
SOURCE = budgetlib.bundled()
# The real disclosures travel with the project (data/real/*/SOURCES.md); a missing one fails, never skips.
REAL = ROOT / "data" / "real"
SHANGHAI = REAL / "shanghai"


def real_file(path: Path) -> Path:
    """A real disclosure the tests read: it must be in the clone."""
    assert path.is_file(), f"{path} is missing: the real disclosures belong to the repository (data/real/)"
    return path


@pytest.fixture(scope="session")
def real() -> dict:
    """Each real Shanghai PDF (by file stem) loaded once per session (about a second each)."""
    return {path.stem: budgetlib.load(real_file(path)) for path in sorted(SHANGHAI.glob("*.pdf"))}


@pytest.fixture(scope="session")
def audits(real) -> dict:
    return {stem: budgetlib.audit(d) for stem, d in real.items()}


@pytest.fixture(scope="session")
def text() -> str:
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def d():
    return budgetlib.load()


@pytest.fixture(scope="session")
def a(d):
    return budgetlib.audit(d)


def replace_line(text: str, pattern: str, new: str, count: int = 1) -> str:
    """Replace the first `count` whole lines matching the regex `pattern` (must exist)."""
    lines = text.split("\n")
    hits = 0
    for i, line in enumerate(lines):
        if re.search(pattern, line):
            lines[i] = re.sub(pattern, new, line)
            hits += 1
            if hits == count:
                break
    assert hits == count, f"pattern {pattern!r} found {hits} times"
    return "\n".join(lines)


@pytest.fixture
def variant(tmp_path):
    """variant(text_or_bytes, name) -> path of a modified copy."""
    def write(content, name="variant.txt") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path
    return write


def string_literals(path: Path) -> list[str]:
    """String constants of a module, docstrings excepted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]
