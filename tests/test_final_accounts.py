"""Final accounts (决算): the family's blank template is refused as a template, in one line."""
from __future__ import annotations

from budgetlib.cli import main
from conftest import REAL, real_file

FINAL = REAL / "shanghai-final"


def test_the_blank_template_is_refused_as_a_template(capsys):
    blank = real_file(FINAL / "shanghai-dept-final-2024-template-blank.pdf")
    assert main(["audit", str(blank)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "blank template" in err[0] and "XX" in err[0] and blank.name in err[0]


def test_a_text_with_a_few_placeholders_is_no_template(variant, text):
    """XX in a handful of lines (a redacted name, say) does not make a document a template."""
    lines = text.split("\n")
    for i in range(1, 6):
        lines[-i] = lines[-i] + " XX"
    assert main(["audit", str(variant("\n".join(lines))), "--fail-on", "mismatch"]) in (0, 1)


# ---- the Shanghai 部门决算 family: detected, its nine tables read -----------------------------------

import pytest  # noqa: E402

import budgetlib  # noqa: E402

FINAL_PDF = FINAL / "shpt-czj-2024-final-dept.pdf"


@pytest.fixture(scope="module")
def final():
    return budgetlib.load(real_file(FINAL_PDF))


def test_a_shanghai_final_account_is_read_as_one(final):
    assert final.template.id == "shanghai-final-department" and final.kind == "决算"
    assert (final.unit, final.year) == ("上海市普陀区财政局", 2024)
    assert sorted(final.tables) == [f"t0{i}" for i in range(1, 10)]
    assert {t.amount_unit for t in final.tables.values()} == {"万元"}
    assert all(t.unit_name == final.unit for t in final.tables.values())  # no unit line: the cover's


def test_a_budget_still_reads_as_a_budget(real):
    assert {d.kind for d in real.values()} == {"预算"}


def test_the_final_tables_hold_what_the_pdf_prints(final):
    t01, t02, t06, t07 = (final.tables[t].records for t in ("t01", "t02", "t06", "t07"))
    total = next(r for r in t01 if r["side"] == "收入" and r["item"] == "总计")
    assert str(total["total"]) == "2995.39"
    # 表2's 合计 prints on the header's 类 | 款 | 项 row: read as the 合计 row, not as header
    assert t02[0]["level"] == "合计" and str(t02[0]["total"]) == "2946.25" and t02[0]["code"] == ""
    assert [r["code"] for r in t02[1:4]] == ["201", "20106", "2010601"]
    # 表6: two blocks side by side, each closed by its 合计
    totals = {r["side"]: (r["name"], str(r["total"])) for r in t06 if r["level"] == "合计"}
    assert totals == {"人员经费": ("人员经费合计", "2152.26"), "公用经费": ("公用经费合计", "184.65")}
    assert {r["code"] for r in t06 if r["level"] == "类"} == {"301", "303", "302", "310"}
    # 表7: 预算数 / 决算数 pairs, an empty 决算数 is no figure
    assert str(t07[0]["total_budget"]) == "0.95" and t07[0]["total"] is None
    assert final.tables["t08"].no_data and not final.tables["t08"].records


def test_the_command_line_says_it_is_a_final_account(capsys):
    main(["audit", str(real_file(FINAL_PDF))])
    assert "[决算]" in capsys.readouterr().out.splitlines()[0]


def test_the_json_audit_says_it_is_a_final_account(capsys):
    import json

    main(["audit", str(real_file(FINAL_PDF)), "--json"])
    document = json.loads(capsys.readouterr().out)
    assert document["template"] == "shanghai-final-department" and document["disclosure_kind"] == "决算"
