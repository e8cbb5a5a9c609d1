"""The notebooks: generated uniformly, parameterised and validated, committed with clean outputs,
and nbval catches a changed amount."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from importlib import util
from pathlib import Path

import nbformat
import pytest

import budgetlib
from budgetlib import params

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PYTHON = sys.executable


def _build():
    spec = util.spec_from_file_location("notebook_build", NOTEBOOKS / "build.py")
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build()
NAMES = build.notebook_names()


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(str(NOTEBOOKS / name), as_version=4)


# -- the committed notebooks -------------------------------------------------------------------------

def test_one_notebook_per_section_plus_the_overview(d):
    assert NAMES[0] == "00_overview.ipynb"
    assert len(NAMES) == 1 + len(d.sections) == 13
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)
    for numeral, section in d.sections.items():
        nb = read(build.notebook_name(numeral))
        title = nb.cells[0].source.splitlines()[0]
        assert f"第三部分 {numeral}、{section.title}" in title, title


def test_notebooks_match_the_generator(tmp_path):
    """Edit notebooks/build.py, not the notebooks: the committed sources are what it writes."""
    for path in build.build(tmp_path):
        generated = nbformat.read(str(path), as_version=4)
        committed = read(path.name)
        assert [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in committed.cells] == \
               [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in generated.cells], path.name


ALLOWED = re.compile(
    r"^(import matplotlib\.pyplot as plt|import budgetlib|from budgetlib import [a-z, ]+"
    r"|p = params\.validate\(globals\(\)\)( +#.*)?|d = p\.load\(\)|plt\.show\(\)"
    r'|report\.[a-z_]+\(d(, "[^"]+")?(, p\.strict)?(, "[^"]+")?\)|charts\.draw\(d, "[a-z_]+", p\.output_dir\))$'
)


@pytest.mark.parametrize("name", NAMES)
def test_cells_only_call_budgetlib_and_display(name):
    nb = read(name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata.get("tags") == ["parameters"]
    assert "params.validate(globals())" in code[1].source
    for cell in code[1:]:
        for line in cell.source.splitlines():
            assert not line.strip() or ALLOWED.match(line), f"{name}: {line!r}"


@pytest.mark.parametrize("name", NAMES)
def test_parameters_cell_declares_exactly_the_parameters(name):
    cell = read(name).cells[1]
    namespace: dict = {}
    exec(cell.source, namespace)  # literals only
    namespace.pop("__builtins__")
    assert namespace == params.DEFAULTS
    from papermill.translators import PythonTranslator

    inferred = PythonTranslator.inspect(cell)  # papermill --help-notebook understands every line
    assert [p.name for p in inferred] == list(params.NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_outputs_are_clean(name):
    nb = read(name)
    assert "papermill" not in nb.metadata
    for cell in nb.cells:
        assert "papermill" not in cell.metadata and "execution" not in cell.metadata, name
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, f"{name}: unexecuted cell {cell.source[:40]!r}"
        for output in cell.outputs:
            assert output.output_type != "error", f"{name}: {output.get('ename')}: {output.get('evalue')}"
            assert not (output.output_type == "stream" and output.name == "stderr"), f"{name}: {output.text[:200]}"
            text = json.dumps(output.get("data", {}), ensure_ascii=False) + output.get("text", "")
            text = re.sub(r'"image/png": "[^"]*"', "", text)
            assert not re.search(r"0x[0-9a-f]{6,}", text), f"{name}: a memory address in the output"
            assert not re.search(r"(/work/|/tmp/|/home/|/root/|[A-Z]:\\\\)", text), f"{name}: an absolute path"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))


def test_section_notebooks_show_text_slices_and_claims(d):
    nb = read(build.notebook_name("三"))
    text = "\n".join(o.get("data", {}).get("text/plain", "") for c in nb.cells if c.cell_type == "code"
                     for o in c.outputs)
    assert d.sections["三"].lines[0].text.strip()[:20] in text  # the quote
    assert "表三" in text and "1071.45" in text  # the slice of table 3
    assert "三.03" in text and "✓ match" in text  # the ledger


# -- parameter validation ----------------------------------------------------------------------------

def _globals(**values):
    namespace = {"__name__": "__main__", "_": None, "_i1": "x", "In": [], "Out": {}, "get_ipython": print,
                 "exit": None, "quit": None, "budgetlib": budgetlib, "params": params}
    namespace.update(params.DEFAULTS)
    namespace.update(values)
    return namespace


def test_validate_defaults():
    p = params.validate(_globals())
    assert p.source is None and p.output_dir is None and p.tolerance == Decimal("0.01")
    assert p.strict is False and p.prior_year == {}


def test_validate_converts_values(tmp_path):
    p = params.validate(_globals(source=str(tmp_path / "x.txt"), tolerance=0.05, strict=True,
                                 prior_year={"income_total": 5750.89}, output_dir=str(tmp_path)))
    assert p.source == tmp_path / "x.txt" and p.output_dir == tmp_path
    assert p.tolerance == Decimal("0.05") and p.strict and p.prior_year == {"income_total": Decimal("5750.89")}


@pytest.mark.parametrize("values, message", [
    ({"tolerence": 0.1}, "unknown parameter 'tolerence'"),
    ({"strict": "yes"}, "parameter 'strict': expected true or false, got str 'yes'"),
    ({"strict": 1}, "parameter 'strict': expected true or false, got int 1"),
    ({"tolerance": "abc"}, "parameter 'tolerance': 'abc' is not a number"),
    ({"tolerance": -1}, "must be ≥ 0"),
    ({"tolerance": True}, "parameter 'tolerance': expected a number"),
    ({"source": 3}, "parameter 'source': expected a file path"),
    ({"prior_year": [1, 2]}, "parameter 'prior_year': expected a mapping"),
    ({"prior_year": {"income_total": "lots"}}, "is not a number"),
])
def test_validate_rejects_with_one_line(values, message):
    with pytest.raises(budgetlib.ParameterError) as info:
        params.validate(_globals(**values))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_validate_ignores_what_the_notebook_computes():
    namespace = _globals(d=budgetlib.load(), p=params.convert({}), fig=object())
    assert params.validate(namespace).strict is False


def test_papermill_run_with_a_bad_parameter_fails_clearly(tmp_path):
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as info:
        pm.execute_notebook(str(NOTEBOOKS / build.notebook_name("八")), str(tmp_path / "out.ipynb"),
                            parameters={"tolerence": 0.1}, progress_bar=False, kernel_name="python3",
                            cwd=str(NOTEBOOKS))
    assert info.value.ename == "ParameterError"
    assert "unknown parameter 'tolerence'" in info.value.evalue


# -- nbval catches a changed amount ------------------------------------------------------------------

def _nbval(notebook: Path, sanitize: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-m", "pytest", "--nbval", str(notebook), "--nbval-sanitize-with", str(sanitize),
         "-p", "no:cacheprovider", "-q", "--rootdir", str(notebook.parent)],
        capture_output=True, text=True, cwd=notebook.parent, timeout=600,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def _copy_pointing_at(source: Path, folder: Path, name: str) -> Path:
    """The committed notebook (with its outputs) whose parameters cell names `source`."""
    nb = read(name)
    cell = nb.cells[1]
    assert "parameters" in cell.metadata.get("tags", [])
    cell.source = cell.source.replace("source = None", f"source = {str(source)!r}", 1)
    assert str(source) in cell.source
    path = folder / name
    nbformat.write(nb, str(path))
    return path


def _sanitize(folder: Path) -> Path:
    """The repository's patterns, plus the lines that name the file (its path and hash differ)."""
    extra = (
        "\n[source-path]\nregex: (源文件 source file\\s*(</td><td>)?)[^\\n<]+\nreplace: \\1SOURCE\n"
        "\n[sha256]\nregex: [0-9a-f]{64}\nreplace: SHA256\n"
    )
    path = folder / "sanitize.cfg"
    path.write_text((NOTEBOOKS / "sanitize.cfg").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_nbval_fails_when_an_amount_changes(tmp_path, text):
    name = build.notebook_name("三")
    original = "合计\t\t3306.81\t1071.45\t2235.36"
    assert original in text
    same = tmp_path / "same" / "disclosure.txt"
    tampered = tmp_path / "tampered" / "disclosure.txt"
    for path, content in ((same, text), (tampered, text.replace(original, original.replace("1071.45", "1081.45"), 1))):
        path.parent.mkdir()
        path.write_text(content, encoding="utf-8")
    sanitize = _sanitize(tmp_path)

    control = _nbval(_copy_pointing_at(same, same.parent, name), sanitize)
    assert control.returncode == 0, control.stdout[-3000:]  # a copy elsewhere: only path and hash differ

    result = _nbval(_copy_pointing_at(tampered, tampered.parent, name), sanitize)
    assert result.returncode != 0, result.stdout[-3000:]
    assert "Cell outputs differ" in result.stdout
    assert "1081.45" in result.stdout
