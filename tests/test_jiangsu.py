"""The Jiangsu family, read as the national set's override: every disclosure of data/real/jiangsu audits,
its tables placed, and the audit reports exactly the mismatches verified by hand against the PDFs."""
from __future__ import annotations

import pytest

import budgetlib
from budgetlib.audit import audit
from budgetlib.ledger import MISMATCH

from conftest import REAL, real_file

# disclosure -> (files, identities checked at least, the verified mismatches: id -> (stated, computed))
DISCLOSURES = {
    # 与上年相比减少 392.92万元 on 6,049.97: 392.92 / 6,442.89 = 6.10%, stated 5.95%
    "gy18": (("js-gy-2018-dept.pdf",), 110, {"财政拨款支出#13": ("5.95", "6.10")}),
    "gy19": (("js-gy-2019-dept.pdf",), 110, {}),
    # 基本支出预算数为 12,323.46万元 in the text, 12,323.48 in 收支总表 and 支出总表
    # 机关运行经费 6,032.55万元，比2016年增加3,401.59万元: 3,401.59 / 2,630.96 = 129.29%, stated 129.97%
    # the 三公 shares: 110 / 584.35 = 18.82%, 317.8 / 584.35 = 54.39%, 156.55 / 584.35 = 26.79%; stated
    # 18.85%, 54.43%, 26.72% (on no one base)
    "jcy17": (("js-jcy-2017-dept.pdf",), 100, {"收支总体#16": ("12323.46", "12323.48"),
                                             "机关运行经费#03": ("129.97", "129.29"),
                                             "三公经费#02": ("18.85", "18.82"), "三公经费#04": ("54.43", "54.39"),
                                             "三公经费#06": ("26.72", "26.79")}),
    # 3,958.67 on 17,996.68 (the 2017 total, printed in jcy17) is 22.00%, stated 21.95%
    # 一般行政管理事务 3,666万元，增加21.8万元: 21.8 / 3,644.2 = 0.60%, stated 0.06%; 检察监督支出 1,895万元，
    # 减少134万元: 134 / 2,029 = 6.60%, stated 0.66% (both a tenth of the rate)
    # 财政拨款 21,940.96 of 21,955.35 = 99.93%, stated 99.94%
    "jcy18": (("js-jcy-2018-dept.pdf",), 100, {"收支总体#03": ("21.95", "22.00"), "财政拨款支出#11": ("0.06", "0.60"),
                                             "财政拨款支出#14": ("0.66", "6.60"), "财政拨款支出#02": ("99.94", "99.93")}),
    # '占“三公”经费的8.75%': 222.5 of the 三公 833.60 is 26.69%; 8.75% is its share of the table's 合计 2,542.60
    # (三公 + 会议费 + 培训费); the same for 公务用车 (7.22% for 22.02%) and 公务接待费 (16.81% for 51.28%)
    "rd17": (("js-rd-2017-dept.pdf",), 100, {"三公经费#02": ("8.75", "26.69"), "三公经费#04": ("7.22", "22.02"),
                                           "三公经费#06": ("16.81", "51.28")}),
    "rd19": (("js-rd-2019-dept-narrative.pdf", "js-rd-2019-dept-tables.pdf"), 100, {}),
    # 行政运行 6,106.99万元，增加101.48万元: 101.48 / 6,005.51 = 1.69%, stated 1.66%
    "sw17": (("js-sw-2017-dept-narrative.pdf", "js-sw-2017-dept-tables.pdf"), 100, {"财政拨款支出#07": ("1.66", "1.69")}),
    # 机关运行经费 1,115.85万元，减少2,233.13万元: 2,233.13 / 3,348.98 = 66.68%, stated 66.69% (no rounding of the
    # printed figures gives it)
    "zx18": (("js-zx-2018-dept-narrative.pdf", "js-zx-2018-dept-tables.pdf"), 100, {"机关运行经费#03": ("66.69", "66.68")}),
}


@pytest.fixture(scope="module", params=sorted(DISCLOSURES))
def case(request):
    files, least, mismatches = DISCLOSURES[request.param]
    d = budgetlib.load([real_file(REAL / "jiangsu" / name) for name in files])
    return d, audit(d), least, mismatches


def test_read_as_the_jiangsu_family_with_its_tables_placed(case):
    d, a, least, _ = case
    assert d.template.id == "jiangsu"
    assert d.year in (2017, 2018, 2019) and d.unit.startswith("江苏省")
    assert len(d.tables) == 12 and not d.remarks  # every table of the national set placed and read
    assert sorted(int(t.numeral) for t in d.tables.values()) == list(range(1, 13))  # as the document numbers them
    assert len(a.checks) >= least


def test_reports_exactly_the_verified_mismatches(case):
    _, a, _, mismatches = case
    found = {r.id: (str(r.stated), str(r.computed)) for r in [*a.checks, *a.claims] if r.status == MISMATCH}
    assert {k: (v[0], v[1].rstrip("0").rstrip(".") if "." in v[1] else v[1]) for k, v in found.items()} == {
        k: (v[0], v[1].rstrip("0").rstrip(".") if "." in v[1] else v[1]) for k, v in mismatches.items()}


def test_a_rate_cut_rather_than_rounded_is_a_rounding():
    d = budgetlib.load(real_file(REAL / "jiangsu" / "js-jcy-2018-dept.pdf"))
    rate = next(r for r in audit(d).claims if r.id == "财政拨款支出#08")  # 2,915.22 / 7,968.14 = 36.586%, stated 36.58
    assert (str(rate.stated), rate.status) == ("36.58", "rounding") and "truncated" in rate.note


def test_a_share_is_judged_against_the_whole_it_names():
    d = budgetlib.load(real_file(REAL / "jiangsu" / "js-gy-2019-dept.pdf"))
    shares = {r.id: r for r in audit(d).claims if "占" in r.description}
    overseas = shares["三公经费#02"]  # 因公出国（境）费 160.00, 占“三公”经费的 31.14%: 160 / 513.75
    assert (str(overseas.stated), overseas.status) == ("31.14", "match")
    reception = shares["三公经费#06"]  # 86.95 / 513.75 = 16.9246%, stated 16.93: figures finer than printed admit it
    assert (str(reception.stated), reception.status) == ("16.93", "rounding") and "finer than it prints" in reception.note
    unnamed = [r for r in audit(d).claims if r.description == "占"]  # '基本支出…，占59.07%': no whole named
    assert len(unnamed) == 4 and {r.status for r in unnamed} == {"unverifiable"}


def test_tables_in_the_national_sets_roles():
    d = budgetlib.load(real_file(REAL / "jiangsu" / "js-gy-2019-dept.pdf"))
    summary = d.tables["summary"].frame
    assert set(summary["side"]) == {"收入", "支出", "支出用途"}
    total = summary[(summary["side"] == "支出") & (summary["item"] == "支出合计")]["total"].iloc[0]
    assert str(total) == "37188.34"  # printed once, in the 支出用途 block's amount column
    amounts = budgetlib.amounts(d).set_index(["table_role", "column_role"])["printed"]
    assert str(amounts[("three_public", "total")]) == "513.75"  # the 三公 total, as in every family
    assert str(amounts[("three_public", "grand_total")]) == "2382.02"  # with 会议费 and 培训费
    functional = d.tables["general_functional"].frame
    assert str(functional.loc[functional["code"] == "204", "total"].iloc[0]) == "27488.23"  # a row cut in two, joined


def _judged(a):
    return [(r.id, r.status, str(r.stated), str(r.computed)) for r in [*a.checks, *a.claims]]


def test_a_document_of_an_unknown_family_is_read_by_the_national_set(tmp_path):
    """The same tables under another province's name: no family's cover fits, the tables are the
    national set's: read as such, with a warning, and audited as the Jiangsu original."""
    original = budgetlib.load(real_file(REAL / "jiangsu" / "js-gy-2019-dept.pdf"))
    text = tmp_path / "other-province.txt"
    text.write_text("\n".join(l.text for l in original.source.lines).replace("江苏省", "浙江省"), encoding="utf-8")
    other = budgetlib.load(text)
    assert other.template.id == "standard" and other.unit == "浙江省高级人民法院" and other.year == 2019
    assert [r.where for r in other.remarks] == ["cover"] and "read by its tables (12 of 12)" in other.remarks[0].message
    assert [r[1:] for r in _judged(audit(other))] == [r[1:] for r in _judged(audit(original))]


def test_the_prior_years_disclosure_judges_the_changes():
    """jcy18 against jcy17: the changes stated on the prior year are computed from its tables; two do
    not hold (基本支出 1,670.85 where 13,994.31 − 12,323.48 = 1,670.83; 财政拨款 3,958.98 where
    21,940.96 − 17,981.68 = 3,959.28)."""
    folder = REAL / "jiangsu"
    a = audit(budgetlib.load(real_file(folder / "js-jcy-2018-dept.pdf")),
              prior_disclosure=budgetlib.load(real_file(folder / "js-jcy-2017-dept.pdf")))
    wrong = {(str(r.stated), str(r.computed)) for r in a.claims if r.status == MISMATCH and "上年相比增加" in r.description}
    assert wrong == {("1670.85", "1670.83"), ("3958.98", "3959.28")}
    b = audit(budgetlib.load(real_file(folder / "js-gy-2019-dept.pdf")),
              prior_disclosure=budgetlib.load(real_file(folder / "js-gy-2018-dept.pdf")))
    assert not [r for r in b.claims if r.status == MISMATCH]
    assert sum(r.status == "match" for r in b.claims) > sum(
        r.status == "match" for r in audit(budgetlib.load(real_file(folder / "js-gy-2019-dept.pdf"))).claims)


def test_a_table_the_declaration_does_not_know_ends_the_one_before_it(tmp_path):
    """A table of no role (an added 绩效 table) between two declared ones: the one before it is read as
    before, and the document says which table it did not read."""
    original = budgetlib.load(real_file(REAL / "jiangsu" / "js-gy-2019-dept.pdf"))
    lines = [l.text for l in original.source.lines]
    before = original.tables["procurement"].title_line - 1  # the line list is 0-based, numbers 1-based
    while not lines[before - 1].startswith("公开"):
        before -= 1
    lines[before - 1:before - 1] = ["部门整体支出绩效目标表", "部门名称：江苏省高级人民法院 单位：万元",
                                    "指标\t指标值", "结案率\t95%", "审限内结案率\t98%"]
    text = tmp_path / "added-table.txt"
    text.write_text("\n".join(lines), encoding="utf-8")
    changed = budgetlib.load(text)
    assert [r.message for r in changed.remarks] == ["table not declared: '部门整体支出绩效目标表' not read"]
    def cells(d):  # the rows without their line numbers (the text written here numbers lines anew)
        return [{k: v for k, v in r.items() if k != "line"} for r in d.tables["office_operation"].rows]

    assert cells(changed) == cells(original)
    assert [r[1:] for r in _judged(audit(changed))] == [r[1:] for r in _judged(audit(original))]


def test_the_ministrys_two_block_summary_is_read_with_its_optional_columns_empty(tmp_path):
    """收支总表 as the Ministry prints it, 收入 | 支出 in four columns headed 项目 | 预算数 (no 支出用途
    block): read by the national set's optional columns, every identity it allows checked, none broken,
    and the 支出用途 identity not made up from an empty block."""
    original = budgetlib.load(real_file(REAL / "jiangsu" / "js-gy-2019-dept.pdf"))
    table = original.tables["summary"]
    sides: dict[int, dict] = {}
    for row in table.rows:
        sides.setdefault(row["line"], {})[row["side"]] = row
    last = max(sides)

    def cells(row):
        return [row.get("item", ""), "" if row.get("total") is None else f"{row['total']:,.2f}"]

    lines = []
    for line in original.source.lines:
        if table.title_line < line.no <= last and line.is_table_row:
            continue
        lines.append(line.text)
        if line.no == table.title_line + 1:  # under the unit line
            lines.append("项目\t预算数\t项目\t预算数")
            lines += ["\t".join(cells(s.get("收入", {})) + cells(s.get("支出", {}))) for _, s in sorted(sides.items())
                      if "收入" in s or "支出" in s]
    text = tmp_path / "two-blocks.txt"
    text.write_text("\n".join(lines), encoding="utf-8")
    d = budgetlib.load(text)
    assert not d.remarks and set(d.tables["summary"].frame["side"]) == {"收入", "支出"}
    checks = {r.id: r.status for r in audit(d).checks}
    assert "summary.use.current" not in checks and checks["summary.balance"] == "match"
    assert set(checks.values()) <= {"match", "within"} and len(checks) >= 100
