"""The notebooks: two hand-editable sources that serve any disclosure (parameterised, validated,
every title read from the document), their executed copies of the bundled disclosure committed
small and clean for nbval, and nbval catching a changed amount."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

import budgetlib
from budgetlib import params, views

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
BUNDLED = NOTEBOOKS / "bundled"
SOURCES = {"overview.ipynb": "overview", "section.ipynb": "section"}  # notebook -> parameter set
MAX_BYTES = 150_000
PYTHON = sys.executable


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def outputs_text(nb, mime: str = "text/plain") -> str:
    return "\n".join(o.get("data", {}).get(mime, o.get("text", "")) for c in code_cells(nb) for o in c.outputs)


def expected_copies(d) -> list[str]:
    return ["00_overview.ipynb"] + [f"{position:02d}_section.ipynb" for position in range(1, len(d.sections) + 1)]


# -- the sources ------------------------------------------------------------------------------------

def test_the_sources_are_two_notebooks_without_outputs():
    assert set(SOURCES) <= {p.name for p in NOTEBOOKS.glob("*.ipynb")}
    assert not (NOTEBOOKS / "build.py").exists() and not list(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    for name in SOURCES:
        nb = read(NOTEBOOKS / name)
        nbformat.validate(nb)
        assert all(not c.outputs and c.execution_count is None for c in code_cells(nb)), name


@pytest.mark.parametrize("name", SOURCES)
def test_no_literal_of_one_disclosure_in_a_notebook(name, d):
    """Titles, unit, year and headings are read from the loaded document when the notebook runs."""
    source = "\n".join(c.source for c in read(NOTEBOOKS / name).cells)
    forbidden = [d.unit, str(d.year), *(s.title for s in d.sections.values()), *(t.title for t in d.tables.values())]
    for literal in forbidden:
        assert literal not in source, literal


@pytest.mark.parametrize("name", SOURCES)
def test_parameters_cell_declares_exactly_the_parameters(name):
    cell = code_cells(read(NOTEBOOKS / name))[0]
    assert cell.metadata.get("tags") == ["parameters"]
    namespace: dict = {}
    exec(cell.source, namespace)  # literals only
    namespace.pop("__builtins__")
    assert namespace == params.defaults(SOURCES[name])
    from papermill.translators import PythonTranslator

    inferred = PythonTranslator.inspect(cell)  # papermill --help-notebook understands every line
    assert [p.name for p in inferred] == list(params.NOTEBOOKS[SOURCES[name]])


@pytest.mark.parametrize("name", SOURCES)
def test_the_next_cell_validates_and_cells_only_call_budgetlib(name):
    code = code_cells(read(NOTEBOOKS / name))
    call = "params.validate(globals())" if SOURCES[name] == "overview" else 'params.validate(globals(), "section")'
    assert call in code[1].source
    for cell in code[1:]:
        for line in cell.source.splitlines():
            line = line.split("#")[0].strip()
            assert not line or re.match(r"(from |import |p = |a = |d = |s = |views\.|for figure in views\.|display\()",
                                        line), f"{name}: {line!r}"


# -- the executed copies (nbval's reference) -----------------------------------------------------------

def test_one_executed_copy_per_page_of_the_bundled_disclosure(d):
    assert sorted(p.name for p in BUNDLED.glob("*.ipynb")) == expected_copies(d)
    for position, (numeral, section) in enumerate(d.sections.items(), start=1):
        nb = read(BUNDLED / f"{position:02d}_section.ipynb")
        injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
        namespace: dict = {}
        exec(injected.source, namespace)
        assert namespace["section"] == numeral
        assert f"{position:02d} · {numeral}、{section.title}" in outputs_text(nb)


def test_executed_copies_are_the_sources_run(d):
    """Edit the sources, then `make notebooks`: a copy whose cells differ from its source is stale."""
    for copy in expected_copies(d):
        source = read(NOTEBOOKS / ("overview.ipynb" if copy.startswith("00_") else "section.ipynb"))
        executed = [c for c in read(BUNDLED / copy).cells if "injected-parameters" not in c.metadata.get("tags", [])]
        assert [(c.cell_type, c.source) for c in executed] == [(c.cell_type, c.source) for c in source.cells], copy


def test_every_notebook_is_small():
    """Long ledgers, cards and figures belong in files or folded views, not in a committed notebook."""
    for path in NOTEBOOKS.rglob("*.ipynb"):
        if ".ipynb_checkpoints" not in path.parts:
            assert path.stat().st_size < MAX_BYTES, f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes"


@pytest.mark.parametrize("name", sorted(p.name for p in BUNDLED.glob("*.ipynb")))
def test_executed_copies_are_small_and_clean(name):
    path = BUNDLED / name
    assert path.stat().st_size < MAX_BYTES, f"{name}: {path.stat().st_size} bytes"
    nb = read(path)
    assert "papermill" not in nb.metadata
    for cell in nb.cells:
        assert "papermill" not in cell.metadata and "execution" not in cell.metadata, name
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{name}: {output.get('ename')}: {output.get('evalue')}"
            assert not (output.output_type == "stream" and output.name == "stderr"), f"{name}: {output.text[:200]}"
            text = json.dumps(output.get("data", {}), ensure_ascii=False) + output.get("text", "")
            text = re.sub(r'"image/png": "[^"]*"', "", text)
            assert not re.search(r"0x[0-9a-f]{6,}", text), f"{name}: a memory address in the output"
            assert not re.search(r"(/work/|/tmp/|/home/|/root/|[A-Z]:\\\\)", text), f"{name}: an absolute path"
            assert "data:image" not in text, f"{name}: an image inside a compared output (nbval skips only image/png)"
    code = code_cells(nb)
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))


def test_a_section_page_shows_its_text_slices_and_claims(d):
    nb = read(BUNDLED / "03_section.ipynb")
    text = outputs_text(nb) + outputs_text(nb, "text/html")
    assert d.sections["三"].lines[0].text.strip()[:20] in text  # the quote
    assert "表三" in text and "1071.45" in text  # the slice of table 3
    assert "三#03" in text and "✓ match" in text  # the ledger


def test_what_a_page_shows_follows_what_its_section_has(a):
    """Appended goal tables, subset analyses, a printed directory, figures: from the section's
    content (its appendix, its claims' evidence, the charts placed with it), not its numeral."""
    d = a.disclosure
    plans = {n: views.section_plan(a, n) for n in d.sections}
    with_goals = [n for n, s in plans.items() if s.goal_tables]
    assert with_goals == [n for n, s in d.sections.items()
                          if any(d.template.goal_tables.title in line.text for line in s.appendix)]
    assert {n for n, s in plans.items() if s.directory} <= {n for n, s in d.sections.items() if s.appendix}
    assert {n for n, s in plans.items() if s.subsets} == {r.section for r in a.claims if r.extra.get("subset")}
    for numeral, plan in plans.items():
        nb = read(BUNDLED / f"{plan.stem}.ipynb")
        shown = {c.id: bool(c.outputs) for c in code_cells(nb)}
        assert shown["goal-tables"] == shown["project-cards"] == plan.goal_tables, numeral
        assert shown["subsets"] == plan.subsets and shown["directory"] == bool(plan.directory), numeral
        assert shown["figures"] == bool(plan.charts), numeral


# -- parameter validation ----------------------------------------------------------------------------

def _globals(notebook="overview", **values):
    namespace = {"__name__": "__main__", "_": None, "_i1": "x", "In": [], "Out": {}, "get_ipython": print,
                 "exit": None, "quit": None, "budgetlib": budgetlib, "params": params}
    namespace.update(params.defaults(notebook))
    namespace.update(values)
    return namespace


def test_validate_defaults():
    p = params.validate(_globals())
    assert p.source is None and p.output_dir is None and p.tolerance is None  # 'auto'
    assert params.validate(_globals(tolerance="0.01")).tolerance == Decimal("0.01")
    assert p.strict is False and p.prior_year == {} and p.section is None
    assert params.validate(_globals("section"), "section").section == "一"


def test_validate_converts_values(tmp_path):
    p = params.validate(_globals(source=str(tmp_path / "x.txt"), tolerance=0.05, strict=True,
                                 prior_year={"income_total": 5750.89}, output_dir=str(tmp_path)))
    assert p.source == tmp_path / "x.txt" and p.output_dir == tmp_path
    assert p.tolerance == Decimal("0.05") and p.strict and p.prior_year == {"income_total": Decimal("5750.89")}
    assert params.validate(_globals("section", section="十二"), "section").section == "十二"


@pytest.mark.parametrize("notebook, values, message", [
    ("overview", {"tolerence": 0.1}, "unknown parameter 'tolerence'"),
    ("overview", {"section": "三"}, "unknown parameter 'section' (the overview notebook takes"),
    ("overview", {"strict": "yes"}, "parameter 'strict': expected true or false, got str 'yes'"),
    ("overview", {"strict": 1}, "parameter 'strict': expected true or false, got int 1"),
    ("overview", {"tolerance": "abc"}, "parameter 'tolerance': 'abc' is not 'auto' nor a number ≥ 0"),
    ("overview", {"tolerance": -1}, "parameter 'tolerance': -1 is not 'auto' nor a number ≥ 0"),
    ("overview", {"tolerance": True}, "parameter 'tolerance': expected 'auto' or a number"),
    ("overview", {"source": 3}, "parameter 'source': expected a file path"),
    ("overview", {"prior_year": [1, 2]}, "parameter 'prior_year': expected a mapping"),
    ("overview", {"prior_year": {"income_total": "lots"}}, "is not a number"),
    ("section", {"section": 3}, "parameter 'section': expected a section's numeral (or name) as text"),
    ("section", {"section": " "}, "parameter 'section': expected a section's numeral (or name) as text"),
])
def test_validate_rejects_with_one_line(notebook, values, message):
    with pytest.raises(budgetlib.ParameterError) as info:
        params.validate(_globals(notebook, **values), notebook)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_section_the_document_lacks_is_a_parameter_error(a):
    with pytest.raises(budgetlib.ParameterError) as info:
        views.section_plan(a, "九十")
    message = str(info.value)
    assert message.startswith("parameter 'section': '九十' is not a section of ") and "\n" not in message


def test_validate_ignores_what_the_notebook_computes(a):
    namespace = _globals(a=a, d=a.disclosure, p=params.convert({}), fig=object())
    assert params.validate(namespace).strict is False


@pytest.mark.parametrize("parameters, message", [
    ({"tolerence": 0.1}, "unknown parameter 'tolerence'"),
    ({"section": "九十"}, "parameter 'section': '九十' is not a section"),
])
def test_papermill_run_with_a_bad_parameter_fails_clearly(parameters, message, tmp_path):
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as info:
        pm.execute_notebook(str(NOTEBOOKS / "section.ipynb"), str(tmp_path / "out.ipynb"), parameters=parameters,
                            progress_bar=False, kernel_name="python3", cwd=str(NOTEBOOKS))
    assert info.value.ename == "ParameterError"
    assert message in info.value.evalue


# -- the same notebooks on another disclosure -----------------------------------------------------------

OTHER_UNIT = "长治市应急管理局"


@pytest.fixture(scope="module")
def renamed(tmp_path_factory, d) -> Path:
    """The bundled text with the unit renamed everywhere: another disclosure, as far as a title goes."""
    text = budgetlib.bundled().read_text(encoding="utf-8")
    assert OTHER_UNIT not in text
    path = tmp_path_factory.mktemp("other") / "other.txt"
    path.write_text(text.replace(d.unit, OTHER_UNIT), encoding="utf-8")
    return path


@pytest.mark.parametrize("notebook, section", [("overview.ipynb", None), ("section.ipynb", "七")])
def test_the_notebooks_run_on_another_disclosure(notebook, section, renamed, d, tmp_path):
    """papermill with a parameter file (YAML), as notebooks/README.md shows."""
    values = {"source": str(renamed)} | ({"section": section} if section else {})
    yaml_file = tmp_path / "params.yaml"
    yaml_file.write_text("".join(f'{k}: "{v}"\n' for k, v in values.items()), encoding="utf-8")
    out = tmp_path / "out.ipynb"
    run = subprocess.run([PYTHON, "-m", "papermill", "--no-progress-bar", "-k", "python3", "-f", str(yaml_file),
                          str(NOTEBOOKS / notebook), str(out)], capture_output=True, text=True, cwd=tmp_path,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    nb = read(out)
    heading = code_cells(nb)[2].outputs[0]["data"]["text/markdown"]  # the setup cell, after the injected one
    assert heading.startswith("# ") and OTHER_UNIT in heading
    shown = outputs_text(nb) + outputs_text(nb, "text/html")
    assert d.unit not in shown and OTHER_UNIT in shown
    if section:
        assert d.sections[section].title in heading


# -- nbval catches a changed amount ------------------------------------------------------------------

def _nbval(notebook: Path, sanitize: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-m", "pytest", "--nbval", str(notebook), "--nbval-sanitize-with", str(sanitize),
         "-p", "no:cacheprovider", "-q", "--rootdir", str(notebook.parent)],
        capture_output=True, text=True, cwd=notebook.parent, timeout=600,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def _copy_pointing_at(source: Path, folder: Path, name: str) -> Path:
    """The committed executed copy (with its outputs) whose injected parameters name `source`."""
    nb = read(BUNDLED / name)
    cell = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    cell.source += f"\nsource = {str(source)!r}\n"
    path = folder / name
    nbformat.write(nb, str(path))
    return path


def test_nbval_fails_when_an_amount_changes(tmp_path, text):
    name = "03_section.ipynb"
    original = "合计\t\t3306.81\t1071.45\t2235.36"
    assert original in text
    same = tmp_path / "same" / "disclosure.txt"
    tampered = tmp_path / "tampered" / "disclosure.txt"
    for path, content in ((same, text), (tampered, text.replace(original, original.replace("1071.45", "1081.45"), 1))):
        path.parent.mkdir()
        path.write_text(content, encoding="utf-8")
    sanitize = NOTEBOOKS / "sanitize.cfg"

    control = _nbval(_copy_pointing_at(same, same.parent, name), sanitize)
    assert control.returncode == 0, control.stdout[-3000:]  # the same text elsewhere: the same page

    result = _nbval(_copy_pointing_at(tampered, tampered.parent, name), sanitize)
    assert result.returncode != 0, result.stdout[-3000:]
    assert "Cell outputs differ" in result.stdout
    assert "1081.45" in result.stdout
