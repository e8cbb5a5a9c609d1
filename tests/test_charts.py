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
from conftest import REAL, SHANGHAI, real_file  # noqa: E402

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


BUNDLED_CHARTS = {c.name: c for c in budgetlib.load().template.charts}


@pytest.mark.parametrize("name", list(BUNDLED_CHARTS))
def test_chart_draws_and_saves_without_missing_glyphs(name, font_family, a, tmp_path):
    import matplotlib.pyplot as plt

    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fig = charts.draw(a, name, tmp_path)
        fig.canvas.draw()
    plt.close(fig)
    assert not _missing_glyph_warnings(record), _missing_glyph_warnings(record)[:3]
    png, svg = tmp_path / "figures" / f"{name}.png", tmp_path / "figures" / f"{name}.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert fig.axes and any(ax.get_title() or ax.texts for ax in fig.axes)


def test_saved_files_are_identical_on_a_rerun(font_family, a, tmp_path):
    import matplotlib.pyplot as plt

    first = charts.draw(a, "three_public", tmp_path / "one")
    second = charts.draw(a, "three_public", tmp_path / "two")
    plt.close(first)
    plt.close(second)
    for suffix in ("png", "svg"):
        one = (tmp_path / "one" / "figures" / f"three_public.{suffix}").read_bytes()
        two = (tmp_path / "two" / "figures" / f"three_public.{suffix}").read_bytes()
        assert one == two, suffix


def test_no_output_dir_writes_nothing(font_family, a, tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)
    plt.close(charts.draw(a, "income_composition", ""))
    assert list(tmp_path.iterdir()) == []


def test_unknown_chart_is_a_parameter_error(a):
    with pytest.raises(budgetlib.ParameterError, match="unknown chart"):
        charts.draw(a, "pie_of_everything")


def test_placement_follows_what_the_document_has(d, a):
    """A printed chart goes with the section whose text names it; another with the section whose
    claims draw most on its table; a chart of the whole document with the overview (None)."""
    placed = charts.placement(a)
    assert set(placed) == set(BUNDLED_CHARTS)  # every table is there: every chart is drawn
    for name, where in placed.items():
        chart = BUNDLED_CHARTS[name]
        if chart.printed:
            assert chart.title in d.sections[where].text, name
        elif chart.table:
            tables = [r.tables for r in a.claims if r.section == where]
            assert any(chart.table in t for t in tables), name
        else:
            assert where is None, name
    assert {"收入预算图", "一般公共预算当年支出结构图", "三公经费分布图"} <= {c.title for c in BUNDLED_CHARTS.values()
                                                                  if c.printed}


def test_placement_without_the_printed_title_falls_back_to_the_table(d, a, text, variant):
    """Remove the line naming 三公经费分布图: the chart goes with the section drawing most on its table."""
    import budgetlib

    title = BUNDLED_CHARTS["three_public"].title
    assert f"\n{title}\n" in text
    copy = budgetlib.audit(budgetlib.load(variant(text.replace(f"\n{title}\n", "\n", 1))))
    before, after = charts.placement(a)["three_public"], charts.placement(copy)["three_public"]
    counts = {n: sum(1 for r in copy.claims if r.section == n and "t10" in r.tables) for n in copy.disclosure.sections}
    assert counts[after] == max(counts.values()) and after == before  # here the same section either way


def test_prior_year_changes_are_implied_by_the_text(a):
    changes = charts.prior_year_changes(a)
    assert changes, "the text states 比上年 changes"
    results = {r.id: r for r in a.claims}
    for change in changes:
        claim = results[change.claim]
        word = next(w for w in ("减少", "增加", "相同") if w in claim.description)
        sign = {"减少": -1, "增加": 1, "相同": 0}[word]
        assert change.current - change.prior == sign * claim.stated
        assert not change.given


def test_prior_year_given_as_a_parameter_is_used(d, a):
    base = {c.key: c for c in charts.prior_year_changes(a)}
    key = next(iter(base))
    given = budgetlib.audit(d, prior={key: "1234.56"})
    change = {c.key: c for c in charts.prior_year_changes(given)}[key]
    assert change.prior == Decimal("1234.56") and change.given
    assert change.current == base[key].current


@pytest.mark.parametrize("stem", ["shpt-sifaju-2026-unit", "shpt-wanli-2025-dept"])
def test_another_template_declares_its_own_charts(stem, font_family, tmp_path):
    """The Shanghai family's charts come from its declaration: every one is drawn from its tables
    (元 in tables 1–8, 万元 in table 9), without a missing glyph."""
    pdf = real_file(SHANGHAI / f"{stem}.pdf")
    a = budgetlib.audit(budgetlib.load(pdf))
    declared = charts.charts_of(a.disclosure)
    assert declared["income_composition"] != BUNDLED_CHARTS["income_composition"]  # its own sources, not Shanxi's
    assert set(_every_chart_drawn(a, tmp_path)) == set(declared)  # every declared table is there


@pytest.mark.parametrize("path", [REAL / "shanghai-final" / "shpt-czj-2024-final-dept.pdf",
                                  REAL / "jiangsu" / "js-gy-2019-dept.pdf"])
def test_the_final_account_and_the_national_set_declare_charts(path, font_family, tmp_path):
    """The 决算's charts (shanghai_final_charts) and the national set's by table role (standard_charts,
    inherited by Jiangsu): every one drawn from the real tables, some with the section citing its table."""
    a = budgetlib.audit(budgetlib.load(real_file(path)))
    placed = _every_chart_drawn(a, tmp_path)
    assert set(placed) == set(charts.charts_of(a.disclosure)) and len(placed) >= 5
    assert any(where is not None for where in placed.values())


def _every_chart_drawn(a, tmp_path) -> dict:
    """Draw and save every chart placed for the audit, without a missing glyph; the placement."""
    import matplotlib.pyplot as plt

    placed = charts.placement(a)
    for name in placed:
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            fig = charts.draw(a, name, tmp_path)
            fig.canvas.draw()
        plt.close(fig)
        assert not _missing_glyph_warnings(record), (name, _missing_glyph_warnings(record)[:3])
        assert (tmp_path / "figures" / f"{name}.png").stat().st_size > 5_000, name
    return placed
