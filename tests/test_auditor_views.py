"""Auditor-first views: problems first, failing cells flagged where they are shown, strict as a banner."""
from __future__ import annotations

import pytest

import budgetlib
from budgetlib import views
from conftest import replace_line

TAMPER = (r"^奖金\t工资奖金津补贴\t105\.40\t105\.40\t$", "奖金\t工资奖金津补贴\t115.40\t115.40\t")


@pytest.fixture(scope="module")
def bundled():
    return budgetlib.audit(budgetlib.load(None))


@pytest.fixture
def tampered(text, variant):
    return budgetlib.audit(budgetlib.load(variant(replace_line(text, *TAMPER))))


def test_problems_put_the_error_findings_first(bundled):
    block = views.problems(bundled)
    assert block.counts()["mismatch"] == 0 and block.counts()["error"] == 3
    assert [r["level"] for r in block.rows[:3]] == ["error"] * 3
    assert any("80万元" in r["what"] and "200万元" in r["what"] for r in block.rows)
    html = block.html()
    assert html.index("error") < html.index("<details>")  # warnings and rounding folded below the errors
    assert all(r["link"].split("#")[0].endswith(".html") and r["line"] for r in block.rows)
    section = views.page_links(bundled)["goals_section"] if hasattr(views, "page_links") else "十"
    assert views.problems(bundled, section).counts()["error"] == 3


def test_each_problem_links_to_its_row(bundled, tampered, text, variant):
    """The link of a problem names its page and the id of its row there (a claim in its section's
    ledger, a check in the overview's, a finding in the goal tables' list)."""
    from urllib.parse import unquote

    from budgetlib.views.problems import page_links

    kinds = set()
    stated = budgetlib.audit(budgetlib.load(variant(replace_line(text, "下降42.50%", "下降42.60%"), "stated.txt")))
    for a in (bundled, tampered, stated):
        links = page_links(a)
        pages = {links[None]: views.checks(a).html() + views.findings(a).html()}
        for numeral in a.disclosure.sections:
            pages[links[numeral]] = views.claims(a, numeral).html() + (
                views.findings(a).html() if links.get("goals") == links[numeral] else "")
        rows = views.problems(a).rows
        kinds |= {r["kind"].split()[0] for r in rows}
        for r in rows:
            page, anchor = r["link"].split("#")
            assert f'id="{unquote(anchor)}"' in pages[page], r
    assert kinds == {"check", "claim", "finding"}


def test_the_conclusion_counts_the_findings(bundled):
    note = views.finish(bundled).note
    assert "3 error" in note and "45 warning" in note and "26 info" in note


def test_a_tampered_cell_is_flagged_wherever_it_is_shown(tampered):
    bad = views.mismatch_cells(tampered)
    assert bad
    tables = {tid for tid, _, _ in bad}
    for tid in tables:
        assert views.table(tampered, tid).flagged, tid
    shown = 0
    for numeral in tampered.disclosure.sections:
        for part in views.slices(tampered, numeral).parts:
            shown += len(part.flagged)
            if part.flagged:
                assert 'class="n x"' in part.html() or 'class="x"' in part.html() or " x\"" in part.html()
    assert shown, "no section page shows the tampered cell flagged"


def test_strict_ends_with_a_banner_not_a_traceback(tampered):
    with pytest.raises(views.MismatchError) as raised:
        views.finish(tampered, strict=True)
    assert raised.value._render_traceback_() == [f"MismatchError: {raised.value}"]
    assert "bl-strict" in views.sections.StrictFailure("x").html()


def test_a_goal_table_whose_stated_budget_differs_is_not_green(bundled):
    """Project 32 states 80万元 in its 项目概况 where table 12 has 200万元: red, and the red cells are
    the two amounts compared; a name-only difference is yellow; a blank 年度资金总额 is red in its cell."""
    from budgetlib.views.problems import page_links

    view = views.project_matches(bundled, page_links(bundled)["goals_section"])
    rows = {r.序号: (position, r) for position, r in enumerate(view.frame.itertuples(index=False))}
    position, project = rows[32]
    assert project.status == "mismatch" and "项目概况所述 ≠ 表十二" in project[view.frame.columns.get_loc("不符 differs")]
    assert {c for p, c in view.flagged if p == position} == {"项目概况所述（万元）", "表十二金额（万元）"}
    assert str(project[view.frame.columns.get_loc("项目概况所述（万元）")]) == "80"
    position, blank = rows[27]  # 慰问款: 年度资金总额 blank
    assert blank.status == "mismatch" and (position, "年度资金总额（万元）") in view.flagged
    position, renamed = rows[10]  # the name differs, the amounts agree
    assert renamed.status == "rounding" and not {c for p, c in view.flagged if p == position}
    colours = views.STATUS_COLORS
    html = view.html()
    assert html.count(f"background:{colours['mismatch']}") == 2  # 27 and 32, no other row red
    green = [r.序号 for r in view.frame.itertuples() if r.status == "match"]
    assert 32 not in green and len(green) == len(view.frame) - 7


def test_the_problems_show_figures_as_the_document_prints_them(bundled):
    """A table that prints 64,840,547.00 is quoted so, and the computed figure in the same form; a
    document printing 1071.45 (no separators) keeps that form."""
    from conftest import SHANGHAI, real_file

    a = budgetlib.audit(budgetlib.load(real_file(SHANGHAI / "shpt-sifaju-2026-unit.pdf")))
    row = next(r for r in views.problems(a).rows if r["id"] == "t03.20406.project")
    assert (row["stated"], row["computed"], row["difference"]) == ("64,840,547.00", "129,681,094.00", "-64,840,547.00")
    assert "stated 64,840,547.00, computed 129,681,094.00" in repr(views.problems(a))
    assert "64840547" not in views.problems(a).html()
    rounding = next(r for r in views.problems(bundled).rows if r["id"] == "t06.total.total")
    assert (rounding["stated"], rounding["computed"]) == ("1071.45", "1071.44")  # as the bundled table prints it
