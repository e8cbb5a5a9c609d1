"""The figures: a CJK font is found and used (no missing glyph), every chart draws and saves."""
from __future__ import annotations

import os
import warnings
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import budgetlib  # noqa: E402
from budgetlib import charts, fonts  # noqa: E402

IN_CI = bool(os.environ.get("CI"))


@pytest.fixture(scope="module")
def font_family():
    try:
        return fonts.setup()
    except fonts.FontNotFound as exc:
        if IN_CI:
            raise
        pytest.skip(f"no CJK font on this machine ({exc})")


def _missing_glyph_warnings(record) -> list[str]:
    return [str(w.message) for w in record if "missing from font" in str(w.message)]


def test_font_is_cjk(font_family):
    path, _ = fonts.find_font()
    assert os.path.exists(path)
    assert "CJK" in font_family or "Hei" in font_family or "Han" in font_family or "Fallback" in font_family
    assert matplotlib.rcParams["font.sans-serif"][0] == font_family
    assert matplotlib.rcParams["font.family"] == ["sans-serif"]


def test_without_the_font_every_chinese_glyph_is_missing():
    """The warning the chart test looks for is real: DejaVu Sans has no 汉字."""
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("收入预算图")
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            fig.canvas.draw()
        plt.close(fig)
    assert _missing_glyph_warnings(record)


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_chart_draws_and_saves_without_missing_glyphs(name, font_family, d, tmp_path):
    import matplotlib.pyplot as plt

    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fig = charts.draw(d, name, tmp_path)
        fig.canvas.draw()
    plt.close(fig)
    assert not _missing_glyph_warnings(record), _missing_glyph_warnings(record)[:3]
    png, svg = tmp_path / "figures" / f"{name}.png", tmp_path / "figures" / f"{name}.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert fig.axes and any(ax.get_title() or ax.texts for ax in fig.axes)


def test_saved_files_are_identical_on_a_rerun(font_family, d, tmp_path):
    import matplotlib.pyplot as plt

    first = charts.draw(d, "three_public", tmp_path / "a")
    second = charts.draw(d, "three_public", tmp_path / "b")
    plt.close(first)
    plt.close(second)
    for suffix in ("png", "svg"):
        a = (tmp_path / "a" / "figures" / f"three_public.{suffix}").read_bytes()
        b = (tmp_path / "b" / "figures" / f"three_public.{suffix}").read_bytes()
        assert a == b, suffix


def test_no_output_dir_writes_nothing(font_family, d, tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)
    plt.close(charts.draw(d, "income_composition", ""))
    assert list(tmp_path.iterdir()) == []


def test_unknown_chart_is_a_parameter_error(d):
    with pytest.raises(budgetlib.ParameterError, match="unknown chart"):
        charts.draw(d, "pie_of_everything")


def test_every_chart_belongs_to_a_notebook():
    from importlib import util
    from pathlib import Path

    spec = util.spec_from_file_location("build", Path(__file__).resolve().parents[1] / "notebooks" / "build.py")
    build = util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for chart in charts.CHARTS.values():
        assert chart.notebook == "" or chart.notebook in build.SECTIONS, chart
    assert {"收入预算图", "一般公共预算当年支出结构图", "三公经费分布图"} <= {c.title for c in charts.CHARTS.values()}


def test_prior_year_changes_are_implied_by_the_text(d):
    changes = charts.prior_year_changes(d)
    assert changes, "the text states 比上年 changes"
    results = {r.id: r for r in a.claims}
    for change in changes:
        claim = results[change.claim]
        word = next(w for w in ("减少", "增加", "相同") if w in claim.description)
        sign = {"减少": -1, "增加": 1, "相同": 0}[word]
        assert change.current - change.prior == sign * claim.stated
        assert not change.given


def test_prior_year_given_as_a_parameter_is_used(d):
    base = {c.key: c for c in charts.prior_year_changes(d)}
    key = next(iter(base))
    given = budgetlib.load(prior={key: "1234.56"})
    change = {c.key: c for c in charts.prior_year_changes(given)}[key]
    assert change.prior == Decimal("1234.56") and change.given
    assert change.current == base[key].current
