"""The shape the pipeline promises (docs/pipeline.md): small modules, imports one way, engines that
never ask which template they run, no guards around the package's own imports."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "budgetlib"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
ENGINES = ["source.py", "structure.py", "tables.py", "narrative.py", "document.py", "checks.py", "audit.py",
           *[f"claims/{p.name}" for p in (PACKAGE / "claims").glob("*.py")]]


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Modules of the package this file imports (anywhere, lazily too), except for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    type_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                 and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in type_only or not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = package[: len(package) - node.level + 1]
        target = ".".join(base + ([node.module] if node.module else []))
        for alias in node.names:
            candidate = f"{target}.{alias.name}"
            found.add(candidate if any(_name(m) == candidate for m in MODULES) else target)
    return found - {_name(path)}


def test_no_module_over_500_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long


def test_no_import_cycle():
    graph = {_name(p): _imports(p) for p in MODULES}
    packages = {_name(p) for p in MODULES if p.name == "__init__.py"}

    def edges(node):  # a package's __init__ re-exporting its own modules is not a cycle through them
        return [t for t in graph.get(node, ()) if t in graph and not (node in packages and t.startswith(node + "."))]

    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node):
        state[node] = 1
        path.append(node)
        for target in edges(node):
            if state.get(target) == 1:
                pytest.fail("import cycle: " + " -> ".join(path[path.index(target):] + [target]))
            if target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node)


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_name_no_template(engine):
    text = (PACKAGE / engine).read_text(encoding="utf-8")
    for template_id in ("shanxi", "shanghai", "jincheng", "晋城", "普陀"):
        assert template_id not in text.lower(), (engine, template_id)


def test_no_guard_around_the_package_own_imports():
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Try) and any("ImportError" in ast.unparse(h.type or ast.Name("")) for h in node.handlers):
                guarded = [n for n in ast.walk(node) if isinstance(n, ast.ImportFrom) and n.level]
                assert not guarded, f"{path.name}:{node.lineno}"


def test_one_argument_parser():
    parsers = [str(p.relative_to(PACKAGE)) for p in MODULES if "import argparse" in p.read_text(encoding="utf-8")]
    assert parsers == ["cli.py"]
