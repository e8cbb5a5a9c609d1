"""`python -m budgetlib reproduce`: the pages planned from the document, every page run and
rendered, the index, strict mode, bad input, another disclosure, and the pages as a browser shows
them (headless Chromium)."""
from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from budgetlib import browser, cli, reproduce, runner, views
from budgetlib.ledger import STATUSES
from conftest import SHANGHAI, real_file

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
IN_CI = bool(os.environ.get("CI"))
ORIGINAL = "合计\t\t3306.81\t1071.45\t2235.36"  # 表三 合计 row
TAMPERED = ORIGINAL.replace("1071.45", "1081.45")


@pytest.fixture(scope="session")
def run(tmp_path_factory):
    """One reproduction of the bundled disclosure (2 workers), shared by the tests below."""
    out = tmp_path_factory.mktemp("reproduce")
    return reproduce.reproduce(out=out, jobs=2, progress=False)


@pytest.fixture(scope="session")
def tampered(tmp_path_factory) -> Path:
    text = (ROOT / "data" / "raw" / "jincheng-emergency-2026-budget.txt").read_text(encoding="utf-8")
    assert ORIGINAL in text
    path = tmp_path_factory.mktemp("tampered") / "disclosure.txt"
    path.write_text(text.replace(ORIGINAL, TAMPERED, 1), encoding="utf-8")
    return path


def test_pages_are_planned_from_the_document(a):
    d = a.disclosure
    planned = reproduce.pages(a)
    assert [p.stem for p in planned] == ["00_overview"] + [f"{n:02d}_section" for n in range(1, len(d.sections) + 1)]
    assert [p.notebook.name for p in planned] == ["overview.ipynb"] + ["section.ipynb"] * len(d.sections)
    assert [p.parameters for p in planned[1:]] == [{"section": n} for n in d.sections]
    assert [p.stem for p in reproduce.pages(a, only=["十", "overview"])] == ["00_overview", "10_section"]
    with pytest.raises(reproduce.ParameterError, match="'九十'"):
        reproduce.pages(a, only=["九十"])


def test_every_page_runs_and_renders(run, d):
    assert run.exit_code == 0, [(o.notebook, o.error) for o in run.failed]
    assert run.out_dir.name == d.slug == f"{d.unit}-{d.year}"
    names = ["00_overview.ipynb"] + [f"{n:02d}_section.ipynb" for n in range(1, len(d.sections) + 1)]
    assert [o.notebook for o in run.outcomes] == names
    for name in names:
        assert (run.out_dir / name).exists()
        page = (run.out_dir / name).with_suffix(".html").read_text(encoding="utf-8")
        assert d.unit in page and 'href="index.html"' in page
    overview = (run.out_dir / "00_overview.html").read_text(encoding="utf-8")
    assert d.sha256 in overview and "表十三" in overview
    for position, (numeral, section) in enumerate(d.sections.items(), start=1):
        page = (run.out_dir / f"{position:02d}_section.html").read_text(encoding="utf-8")
        assert f"{numeral}、{section.title}" in page


def test_figures_png_and_svg(run, d):
    from budgetlib.charts import charts_of

    assert len(charts_of(d)) == 7
    for name in charts_of(d):
        png = run.out_dir / "figures" / f"{name}.png"
        svg = run.out_dir / "figures" / f"{name}.svg"
        assert png.stat().st_size > 10_000 and svg.stat().st_size > 10_000, name


def test_project_cards_are_a_page_of_their_own(run, a):
    cards = (run.out_dir / "project_cards.html").read_text(encoding="utf-8")
    assert cards.count("<section id=") == len(a.projects)
    assert "project_cards.html" in run.index.read_text(encoding="utf-8")


def test_project_cards_are_folded_but_those_with_an_error(run, a):
    """One line per card (its number, name, budget amount, findings by severity); open only where the
    card has an error finding — the page stays short however many projects there are without one."""
    cards = (run.out_dir / "project_cards.html").read_text(encoding="utf-8")
    folded = re.findall(r'<section id="p(\d+)"><details( open)?><summary[^>]*>([^<]*)</summary>', cards)
    assert len(folded) == len(a.projects)
    with_error = {int(t) for t in a.findings.loc[a.findings["severity"] == "error", "table"].dropna()}
    assert {int(n) for n, opened, _ in folded if opened} == with_error and len(with_error) == 3
    line = next(text for n, _, text in folded if n == "32")
    assert line.startswith("32. ") and "表十二 200.00 万元" in line and "1 error" in line


def test_a_section_page_shows_its_title_and_problems_before_anything_else(run, d):
    """By default a page has no code: the section's title, then its problems, then the text; the
    notebook's introduction comes last, and no empty cell (the parameters) is left in their place."""
    for position, numeral in enumerate(d.sections, start=1):
        page = (run.out_dir / f"{position:02d}_section.html").read_text(encoding="utf-8")
        assert "jp-InputArea-editor" not in page.split("</style>")[-1] and 'class="highlight' not in page, numeral
        assert "views.section_title(a" not in page and "params.validate" not in page, numeral
        body = page[page.index("<body"):]
        title = body.index(f"{position:02d} · {numeral}、")
        assert title < body.index('id="problems"') < body.index("原文 The text") < body.index("说明 Section page")
        assert "injected-parameters" not in page and "source = None" not in page, numeral


def test_ledgers_are_utf8_csv_with_bom(run, a):
    for name, frame in (("claims", a.claim_frame), ("checks", a.check_frame)):
        raw = (run.out_dir / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
        assert len(rows) == len(frame)
        assert {"id", "status", "mark", "stated", "computed"} <= set(rows[0])


def test_index_lists_sections_with_counts_and_links(run, a):
    d = a.disclosure
    index = run.index.read_text(encoding="utf-8")
    assert f"<h1>{views.document_title(d)} — " in index
    summary = {row.section: row for row in views.section_summary(a).itertuples()}
    for position, (numeral, section) in enumerate(d.sections.items(), start=1):
        row = re.search(rf"<tr[^>]*><td>{numeral}</td><td>{re.escape(section.title)}</td>(.*?)</tr>", index)
        assert row, numeral
        numbers = [int(n) for n in re.findall(r'<td class="n">(\d+)</td>', row.group(1))]
        s = summary[numeral]
        assert numbers == [s.claims] + [getattr(s, status) for status in STATUSES], numeral
        assert f'href="{position:02d}_section.html"' in row.group(1), numeral
    for href in re.findall(r'href="([^"#]+)"', index):
        assert (run.out_dir / href).exists(), href
    assert 'id="problems"' in index and "0 mismatch, 3 error" in index  # the 3 error findings head the index
    assert "项目概况 states 80万元 for 2026; table 12 has 200万元" in index
    assert index.index('id="problems"') < index.index("各节 sections")


def test_strict_on_a_tampered_copy_fails_and_the_index_shows_the_claim(tampered, tmp_path):
    result = reproduce.reproduce(source=tampered, out=tmp_path, jobs=2, strict=True, progress=False,
                                 only=("overview", "三"))
    assert result.exit_code == 1
    assert result.mismatches > 0
    failed = {o.notebook: o.error for o in result.failed}
    assert set(failed) == {"00_overview.ipynb", "03_section.ipynb"}
    assert all("MismatchError" in e for e in failed.values())
    index = result.index.read_text(encoding="utf-8")
    assert "三#03" in index and "1081.45" in index and "failed: MismatchError" in index
    # the failing notebook is still rendered, with the error at its end
    page = (result.out_dir / "03_section.html").read_text(encoding="utf-8")
    assert "MismatchError" in page


def test_without_strict_the_report_still_renders(tampered, tmp_path):
    result = reproduce.reproduce(source=tampered, out=tmp_path, jobs=1, progress=False, hide_code=False, only=("三",))
    assert result.exit_code == 0 and not result.failed and result.mismatches > 0
    index = result.index.read_text(encoding="utf-8")
    assert "三#03" in index and "mismatch" in index
    page = (result.out_dir / "03_section.html").read_text(encoding="utf-8")
    assert "✗ mismatch" in page
    assert 'class="jp-CodeMirrorEditor' in page and 'class="highlight' in page  # --show-code: the code is on the page


def test_fresh_kernels_give_the_same_outputs(run, tmp_path):
    """Kernel reuse leaks nothing: a notebook run after others equals one run in a new kernel."""
    import nbformat

    result = reproduce.reproduce(out=tmp_path, jobs=1, progress=False, fresh_kernels=True, only=("七",))
    assert result.exit_code == 0

    def outputs(path):
        nb = nbformat.read(str(path), as_version=4)
        return [(c.execution_count, [o.get("data", {}).get("text/plain", o.get("text")) for o in c.outputs])
                for c in nb.cells if c.cell_type == "code"]

    name = "07_section.ipynb"
    fresh, reused = outputs(result.out_dir / name), outputs(run.out_dir / name)
    # the injected parameters cell names each run's own output folder
    assert [x for i, x in enumerate(fresh) if i != 1] == [x for i, x in enumerate(reused) if i != 1]


def test_another_disclosure_gets_its_own_folder_titles_and_pages(d, tmp_path):
    other = "长治市应急管理局"
    source = tmp_path / "other.txt"
    source.write_text((ROOT / "data" / "raw" / "jincheng-emergency-2026-budget.txt").read_text(encoding="utf-8")
                      .replace(d.unit, other), encoding="utf-8")
    result = reproduce.reproduce(source=source, out=tmp_path / "out", jobs=2, progress=False, only=("overview", "十"))
    assert result.exit_code == 0, [(o.notebook, o.error) for o in result.failed]
    assert result.out_dir.name == f"{other}-{d.year}"
    for page in ("index.html", "00_overview.html", "10_section.html", "project_cards.html"):
        html = (result.out_dir / page).read_text(encoding="utf-8")
        assert other in html and d.unit not in html, page


SHANGHAI_PDF = real_file(SHANGHAI / "shpt-sifaju-2026-unit.pdf")


def test_a_disclosure_of_another_template(tmp_path):
    """Another template (sections named, not numbered; other tables; no goal tables): the same two
    notebooks run, one page per section, titled from the document."""
    import budgetlib

    d = budgetlib.load(SHANGHAI_PDF)
    assert d.template.id != budgetlib.load().template.id
    first = next(iter(d.sections))
    result = reproduce.reproduce(source=SHANGHAI_PDF, out=tmp_path, jobs=2, progress=False, only=("overview", first))
    assert result.exit_code == 0, [(o.notebook, o.error) for o in result.failed]
    assert [o.notebook for o in result.outcomes] == ["00_overview.ipynb", "01_section.ipynb"]
    page = (result.out_dir / "01_section.html").read_text(encoding="utf-8")
    assert d.unit in page and d.sections[first].title in page


def test_the_engine_takes_its_kernel_as_an_argument():
    """No module global feeds the engine: without a kernel manager it refuses to run."""
    from papermill.engines import papermill_engines

    runner.register()
    engine = papermill_engines.get_engine(runner.ENGINE_NAME)
    with pytest.raises(ValueError, match="km=km"):
        engine.execute_managed_notebook(None, runner.KERNEL_NAME)
    assert not [name for name, value in vars(runner).items() if name.isupper() and value is None]


def _cli(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "budgetlib", "reproduce", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.mark.parametrize("args, message", [
    (["--source", "no/such/file.txt"], "cannot read"),
    (["--params", "no/such/params.yaml"], "--params"),
    (["-j", "0"], "-j/--jobs"),
])
def test_bad_input_is_one_line_and_exit_2(args, message, tmp_path):
    result = _cli(*args, "--out", str(tmp_path))
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("content, message", [
    ("tolerence: 0.1\n", "unknown parameter 'tolerence'"),
    ("strict: 1\n", "parameter 'strict'"),
    ("output_dir: x\n", "--out"),
    ("section: 三\n", "every section is run"),
    ("- a\n- b\n", "expected a mapping"),
])
def test_bad_parameter_file(content, message, tmp_path, capsys):
    path = tmp_path / "params.yaml"
    path.write_text(content, encoding="utf-8")
    code = cli.main(["reproduce", "--params", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_a_truncated_file_is_bad_input(tmp_path, text, capsys):
    path = tmp_path / "short.txt"
    path.write_text(text[: len(text) // 3], encoding="utf-8")
    code = cli.main(["reproduce", "--source", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("budgetlib: error: ") and len(err.strip().splitlines()) == 1


# -- what a browser shows ------------------------------------------------------------------------------

def _chromium() -> str:
    """The browser, or the test is skipped with browser.MISSING (it fails in CI, which installs one)."""
    chromium = browser.find()
    if chromium is None:
        if IN_CI:
            pytest.fail("chromium is required in CI (make system-packages installs it)")
        pytest.skip(browser.MISSING)
    return chromium


def test_without_chromium_a_browser_test_is_skipped_in_one_line(monkeypatch):
    monkeypatch.setattr(browser, "find", lambda: None)
    monkeypatch.setattr(sys.modules[__name__], "IN_CI", False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        _chromium()
    assert str(skipped.value) == browser.MISSING and "\n" not in browser.MISSING


def _headless(page: Path, tmp_path: Path, shot: Path) -> str:
    command = browser.command(_chromium(), tmp_path / "profile", "--hide-scrollbars", "--window-size=1280,1600",
                              "--virtual-time-budget=5000")
    dom = subprocess.run(command + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    shotted = subprocess.run(command + [f"--screenshot={shot}", page.as_uri()], capture_output=True, text=True,
                             timeout=120)
    assert shotted.returncode == 0 and shot.exists(), shotted.stderr[-2000:]
    return dom.stdout


def _not_blank(shot: Path) -> None:
    from PIL import Image

    image = Image.open(shot).convert("L")
    colours = image.getcolors(maxcolors=1 << 16) or []
    assert len(colours) > 20, "the screenshot is (nearly) one colour"
    dark = sum(n for n, value in colours if value < 128)
    assert dark > 0.002 * image.width * image.height, "no text or figure drawn"


def test_index_in_a_browser(run, d, tmp_path):
    dom = _headless(run.index, tmp_path, tmp_path / "index.png")
    assert d.unit in dom and "第三部分" in dom
    for section in d.sections.values():
        assert section.title in dom
    images = re.findall(r'<img[^>]+src="(figures/[^"]+\.png)"', dom)
    assert len(images) == 7 and all((run.out_dir / i).exists() for i in images)
    _not_blank(tmp_path / "index.png")


def test_section_page_in_a_browser(run, d, tmp_path):
    page = run.out_dir / f"{list(d.sections).index('七') + 1:02d}_section.html"
    dom = _headless(page, tmp_path, tmp_path / "page.png")
    assert d.sections["七"].title in dom and "三公经费分布图" in dom and "✓ match" in dom
    assert re.search(r'<img[^>]+src="data:image/png;base64,', dom), "the figure is embedded"
    _not_blank(tmp_path / "page.png")


_MEASURE = """<script>window.addEventListener('load', function () {
  var p = document.getElementById('problems'), h = document.querySelector('h1');
  var out = document.createElement('pre'); out.id = 'layout';
  out.textContent = [document.documentElement.scrollHeight, h ? h.getBoundingClientRect().top : -1,
                     p ? p.getBoundingClientRect().top : -1].map(Math.round).join(' ');
  document.body.appendChild(out); });</script>"""


def _layout(page: Path, tmp_path: Path) -> list[int]:
    """[page height, top of the first <h1>, top of the problems block] in CSS px, 1280 px wide."""
    probe = page.with_name("_layout_" + page.name)
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    try:
        dom = _headless(probe, tmp_path, tmp_path / f"{page.stem}.png")
    finally:
        probe.unlink()
    return [int(n) for n in re.search(r'<pre id="layout">([-\d ]+)</pre>', dom).group(1).split()]


def test_an_auditor_sees_the_title_and_the_problems_on_the_first_screen(run, d, tmp_path):
    """1280 px wide: a section page's title and problems within the first 900 px (they were ~800 and
    ~930 px down, below the notebook's introduction and code); the project cards page at most 10,000 px
    high (25,567 px when every card was open)."""
    page = run.out_dir / f"{list(d.sections).index('十') + 1:02d}_section.html"
    height, title, problems = _layout(page, tmp_path)
    assert 0 <= title < problems < 600 < height, (height, title, problems)
    height, _, _ = _layout(run.out_dir / "project_cards.html", tmp_path)
    assert height <= 10_000, height


# -- pages that work anywhere -----------------------------------------------------------------------

BROWSER_SERVICES = ("google.com", "googleapis.com", "gstatic.com", "chromium.org")  # the browser's own, not the page's


def test_pages_are_chinese_and_offline(run):
    for page in [run.index, *sorted(run.out_dir.glob("[0-9][0-9]_*.html"))]:
        html = page.read_text(encoding="utf-8")
        assert '<html lang="zh-CN"' in html, page.name
        assert not re.search(r"<(script|link|img|iframe)\b[^>]*(src|href)=[\"']?(https?:)?//", html, re.I), page.name
        assert "/work/" not in html and "\\u4e" not in html, page.name  # no absolute path, no escapes
    package = (run.out_dir / "data" / "datapackage.json").read_text(encoding="utf-8")
    assert '"path": "/' not in package


@pytest.mark.parametrize("name", ["index.html", "10_section.html"])
def test_a_browser_opens_the_page_without_the_network(run, name, tmp_path):
    page, netlog = run.out_dir / name, tmp_path / "net.json"
    dom = subprocess.run(browser.command(
        _chromium(), tmp_path / "p", f"--log-net-log={netlog}", "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=3000", "--dump-dom", page.as_uri()), capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'id="problems"' in dom.stdout and "问题 Problems" in dom.stdout
    urls = set(re.findall(r'"url":"(https?://[^"/]+)', netlog.read_text(encoding="utf-8", errors="replace")))
    requested = {u for u in urls if not u.split("//")[1].endswith(BROWSER_SERVICES)}
    assert requested == set(), requested
