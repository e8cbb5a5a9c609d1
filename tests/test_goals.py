"""budgetlib.goals called directly with explicit inputs: appendix lines, budget-table project rows,
year and unit — built once from the bundled disclosure, or by hand."""
from __future__ import annotations

import datetime as dt
import re
import time
from decimal import Decimal
from itertools import combinations
from types import SimpleNamespace

import pytest

import budgetlib
from budgetlib import goals
from budgetlib.goals import subsets as subset_search
from budgetlib.source import Line


@pytest.fixture(scope="module")
def inputs():
    """The explicit inputs of the goal engine, taken off the bundled disclosure once."""
    d = budgetlib.load()
    spec = d.template.goal_tables
    section = next(s for s in d.sections.values() if re.search(spec.section_title, s.title))
    frame = d.tables[spec.budget_table].frame
    rows = frame[frame["level"] == spec.project_level]
    budget = [{"item": item, "total": total, "line": int(line)}
              for item, total, line in zip(rows["item"], rows["total"], rows["line"])]
    return SimpleNamespace(
        appendix=list(section.appendix), budget=budget, year=d.year, unit=d.unit, title=spec.title,
        every_appendix=[line for s in d.sections.values() for line in s.appendix])


@pytest.fixture(scope="module")
def tables(inputs):
    return goals.read_goal_tables(inputs.appendix, inputs.year, inputs.title)


@pytest.fixture(scope="module")
def analysis(inputs, tables):
    return goals.analyse_goals(tables, inputs.budget, inputs.year)


# -- read (parse stage) ----------------------------------------------------------------------------

def test_read_goal_tables_33_projects_599_indicators(tables):
    assert len(tables.projects) == 33 and len(tables.indicators) == 599
    assert [p["table"] for p in tables.projects] == list(range(1, 34))
    assert tables.projects[0]["line"] == 510
    assert all(p["name"] for p in tables.projects)
    assert set(tables.projects[0]) == set(goals.PROJECT_COLUMNS)
    assert all(p["t12_name"] is None and p["indicator_count"] is None for p in tables.projects)  # audit columns
    assert {f.kind for f in tables.findings} == {"missing_value", "layout"}
    assert tables.filing_lines[24] == 1776


def test_the_reader_needs_no_budget_table_and_is_not_changed_by_the_audit(inputs, tables, analysis):
    assert all(p["t12_name"] is None for p in tables.projects)
    assert len(tables.findings) < len(analysis.findings)
    assert analysis.projects["t12_name"].notna().all()


def test_no_tables_is_a_finding():
    lines = [Line(1, "一、说明"), Line(2, "本单位无项目支出。")]
    read = goals.read_goal_tables(lines, 2026, heading_line=1, where="section 十's appendix")
    assert read.projects == () and read.indicators == ()
    assert [(f.kind, f.severity, f.line) for f in read.findings] == [
        ("layout", "warning", 1), ("layout", "warning", 2), ("missing_value", "error", 1)]
    assert read.findings[-1].message == "no 项目支出绩效目标表 found in section 十's appendix"


# -- audit ---------------------------------------------------------------------------------------------

def test_analyse_goals_74_findings_3_errors(inputs, analysis):
    findings = analysis.findings
    assert len(findings) == 74
    assert (findings["severity"] == "error").sum() == 3
    assert list(findings.columns) == goals.FINDING_COLUMNS
    projects = analysis.projects
    assert projects["t12_line"].is_unique
    assert set(projects["t12_name"]) == {b["item"] for b in inputs.budget}
    assert analysis.finding_counts()["name_differs"] == 5
    assert "表十二金额(万元)" in analysis.printed_projects().columns


def test_published_bounds_the_filing_date(inputs, tables, analysis):
    late = analysis.findings[analysis.findings["evidence"] == "20261209154958"]
    assert late.iloc[0]["severity"] == "error" and late.iloc[0]["line"] == 1546
    given = goals.analyse_goals(tables, inputs.budget, inputs.year, published=dt.date(2026, 12, 31))
    assert (given.findings["evidence"] == "20261209154958").sum() == 0
    assert (given.findings["severity"] == "error").sum() == 2


def test_appendix_totals(inputs, analysis):
    totals = goals.appendix_totals(analysis, inputs.budget)
    assert totals.tables == 33 and totals.t12_projects == 33
    assert totals.tables_without_annual == ["慰问款"]
    assert totals.annual_total == Decimal("2176.09")
    assert totals.annual_total_with_fallback == Decimal("2186.09") == totals.t12_total
    assert totals.lines[0] == 510


def test_subset_evidence_five_projects_836_80(inputs, analysis):
    start = time.perf_counter()
    e = goals.subset_evidence(inputs.budget, analysis, [], 5, Decimal("836.80"), "特定目标类项目")
    assert time.perf_counter() - start < 1
    assert len(e.subsets) == 3 and all(len(s) == 5 for s in e.subsets)
    assert e.status == "consistent" and e.computed == Decimal("836.80")  # never a match on subsets alone
    assert e.hits == 3 and 0.6 < e.chance < 0.7  # 115 of the 167 figures ±10 % with cents .80 are hit too
    assert set(e.chosen) == {"晋城市引进人才生活补贴费用", "晋城市航空应急救援服务费",
                             "十四五规划总结评估及十五规划编制应支未支尾款", "特种作业人员安全技术考试",
                             "晋城市安全监管和应急指挥平台项目应支未支尾款"}


def test_subset_evidence_purchase_uses_the_directory_given(inputs, analysis):
    directory = goals.purchase_directory(inputs.every_appendix, inputs.unit)
    assert directory and all(re.fullmatch(r"[A-Z]\d{6,}", code) for code, _, _ in directory)
    e = goals.subset_evidence(inputs.budget, analysis, directory, 5, Decimal("625.00"), "政府购买服务项目")
    assert e.status == "consistent" and len(e.subsets) == 117 and e.chosen == []
    assert "A140401" in e.note
    without = goals.subset_evidence(inputs.budget, analysis, [], 5, Decimal("625.00"), "政府购买服务项目")
    assert "A140401" not in without.note and len(without.subsets) == 117


def test_subset_evidence_not_a_number_or_no_subset(inputs, analysis):
    assert goals.subset_evidence(inputs.budget, analysis, [], 5, "abc").status == "unverifiable"
    none = goals.subset_evidence(inputs.budget, analysis, [], 5, Decimal("1.23"), "x")
    assert none.status == "unverifiable" and none.subsets == []


def test_exact_subsets_small():
    assert goals.exact_subsets([1, 2, 3, 4], 2, 5) == [(0, 3), (1, 2)]
    assert goals.exact_subsets([5, 5, 5], 3, 15) == [(0, 1, 2)]
    assert goals.exact_subsets([1, 2], 3, 3) == []
    assert len(goals.exact_subsets([1] * 10, 2, 2, limit=7)) == 7


def test_both_subset_searches_agree_with_brute_force():
    values = [12, 7, 3, 25, 18, 7, 9, 30, 4, 15, 21, 6, 11, 8]
    for count in (2, 3, 5):
        for target in (20, 33, 50):
            expected = [c for c in combinations(range(len(values)), count) if sum(values[i] for i in c) == target]
            assert subset_search._meet_in_the_middle(values, count, target, 5000) == expected
            assert subset_search._depth_first(values, count, target, 5000) == expected


def test_purchase_directory_restricted_to_the_units_field():
    lines = [Line(1, "代码\t\t目录"), Line(2, "\t应急\t"), Line(3, "A140401\t\t应急救援 服务"),
             Line(4, "\t交通\t"), Line(5, "A150101\t\t道路养护服务")]
    assert goals.purchase_directory(lines, "某市应急管理局") == [("A140401", "应急救援服务", 3)]
    assert [e[0] for e in goals.purchase_directory(lines, "某市档案馆")] == ["A140401", "A150101"]


def test_parse_value():
    assert goals.parse_value("≥85%")["kind"] == "percent"
    assert goals.parse_value("2026年6月底前")["date"] == "2026-06"
    assert goals.parse_value("10000—20000人")["number_high"] == 20000


# -- one table by hand: the reader works without the whole document --------------------------------

ONE_TABLE = """\
晋城市市级预算部门（单位）项目支出绩效目标表
(2026年度)

项目名称\t\t市级监管煤矿隐蔽致灾因素普查工作经费\t\t\t
主管部门及代码\t222-晋城市应急管理局\t实施单位\t晋城市应急管理局\t\t
项目属性\t经常性项目（长期开展）\t项目期\t99年\t\t
项目资金 (元)\t实施期资金总额:\t1,134,000\t年度资金总额:\t1,134,000\t
\t其中:中央财政资金\t0\t其中:中央财政资金\t0\t
\t省级财政资金\t0\t省级财政资金\t0\t
\t市县(区)财政资金\t1,134,000\t市县(区)财政资金\t1,134,000\t
\t单位自筹\t0\t单位自筹\t0\t
\t其他资金\t\t其他资金\t\t
项目概况\t<p>根据《晋城市人民政府办公室关于开展全市区域性煤矿隐蔽致灾因素普查工作的通知》。</p>\t\t\t\t
立项依据\t<p>根据《国务院安委会关于防范遏制矿山领域重特大生产安全事故的硬措施》第一条“各地要严格落实矿山安全属地责任。</p>\t\t\t\t
项目设立必要性\t开展区域性煤矿隐蔽致灾因素普查治理，实现灾害治理模式向事前预防转型。\t\t\t\t
保证项目实施的制度、措施\t由安全技术科牵头，开展区域性煤矿隐蔽致灾因素普查工作具体由各县区承办并将实际完成情况上报至局机关，局机关将资料等情况进行审核后报送至市财政，由其直接将资金划转拨付至各县区。\t\t\t\t
项目实施计划\t预计于2026年6月底前预算批复之后由市财政直接划转拨付至各县区。\t\t\t\t
实施期目标\t\t\t年度目标\t\t
总体目标\t通过开展区域性煤矿隐蔽致灾因素普查治理，进一步减少煤矿灾害造成的经济损失，提升煤矿灾害防治水平。\t\t通过开展区域性煤矿隐蔽致灾因素普查治理，进一步减少煤矿灾害造成的经济损失，提升煤矿灾害防治水平。\t\t

仅供内部审核

仅供内部审核

一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值\t
绩效指标\t数量指标\t市级监管煤矿隐蔽致灾因素普查逐矿评估涉及县区数量\t4个\t数量指标\t市级监管煤矿隐蔽致灾因素普查逐矿评估数量\t21个\t
\t\t区域性隐蔽致灾因素重点普查涉及县区数量\t2个\t\t区域性隐蔽致灾因素重点普查涉及县区数量\t2个\t
\t\t市级监管煤矿隐蔽致灾因素普查逐矿评估数量\t21个\t\t市级监管煤矿隐蔽致灾因素普查逐矿评估涉及县区数量\t4个\t
\t产出指标\t质量指标\t煤矿隐蔽致灾因素普查评估覆盖率\t100%\t质量指标\t煤矿隐蔽致灾因素普查评估覆盖率\t100%
\t\t时效指标\t市级监管煤矿隐蔽致灾因素普查完成时间\t2025年12月\t市级监管煤矿隐蔽致灾因素普查完成时间\t2025年12月\t
\t普查费用支付时间\t\t2026年6月底前\t普查费用支付时间\t2026年6月底前\t\t
\t成本指标\t煤矿隐蔽致灾因素普查治理总成本\t≤113.4万元\t成本指标\t煤矿隐蔽致灾因素普查治理总成本\t≤113.4万元\t
\t效益指标\t经济效益\t\t\t经济效益\t\t
\t\t社会效益\t提升煤矿灾害防治水平\t提升\t社会效益\t提升煤矿灾害防治水平\t提升
\t\t生态效益\t\t\t生态效益\t\t
可持续影响\t\t\t\t可持续影响\t\t\t
满意度指标\t服务对象满意度\t被监管煤矿企业满意度\t≥90%\t服务对象满意度\t被监管煤矿企业满意度\t≥90%\t
负责人:\t经办人:\t\t联系电话:\t\t填报日期:\t20260108171418\t
"""
FIRST_LINE = 1739  # where the table stands in the bundled text (its 项目概况 and 立项依据 are shortened here)
NAME = "市级监管煤矿隐蔽致灾因素普查工作经费"


@pytest.fixture(scope="module")
def one_table():
    lines = [Line(no, text) for no, text in enumerate(ONE_TABLE.split("\n"), start=FIRST_LINE)
             if text.strip() and text.strip() != "仅供内部审核"]  # what reading the source drops
    return goals.read_goal_tables(lines, 2026)


def test_reader_on_one_hand_made_table(one_table):
    assert len(one_table.projects) == 1 and one_table.findings == ()
    p = one_table.projects[0]
    assert (p["table"], p["line"], p["name"]) == (1, FIRST_LINE, NAME)
    assert p["implementer"] == "晋城市应急管理局" and p["term"] == "99年" and p["fund_unit"] == "元"
    assert p["impl_total"] == p["annual_total"] == p["annual_local"] == Decimal("1134000")
    assert p["annual_central"] == Decimal("0") and p["annual_other"] is None
    assert p["overview"] == "根据《晋城市人民政府办公室关于开展全市区域性煤矿隐蔽致灾因素普查工作的通知》。"
    assert p["filing_date"] == dt.datetime(2026, 1, 8, 17, 14, 18)
    assert one_table.filing_lines == {1: 1776}
    ind = one_table.indicators
    assert len(ind) == 18 and {r["period"] for r in ind} == {"实施期", "年度"}
    assert {r["level1"] for r in ind} == {"产出指标", "效益指标", "满意度指标"}
    paid = [r for r in ind if r["level3"] == "普查费用支付时间"]
    assert [(r["level2"], r["kind"], r["date"]) for r in paid] == [("时效指标", "date", "2026-06")] * 2
    cost = next(r for r in ind if r["level2"] == "成本指标")
    assert (cost["comparator"], cost["number"], cost["unit"]) == ("≤", Decimal("113.4"), "万元")


def test_hand_made_table_reads_as_in_the_whole_document(one_table, tables):
    whole = next(p for p in tables.projects if p["name"] == NAME)
    mine = one_table.projects[0]
    assert {k: v for k, v in mine.items() if k not in ("table", "overview", "basis")} == \
        {k: v for k, v in whole.items() if k not in ("table", "overview", "basis")}
    strip = lambda rows: [{k: v for k, v in r.items() if k != "table"} for r in rows]  # noqa: E731
    assert strip(one_table.indicators) == strip(r for r in tables.indicators if r["table"] == whole["table"])


def test_hand_made_table_against_hand_made_budget_rows(one_table):
    same = goals.analyse_goals(one_table, [{"item": NAME, "total": Decimal("113.40"), "line": 7}], 2026)
    assert same.projects.iloc[0]["t12_line"] == 7 and same.projects.iloc[0]["similarity"] == 1.0
    assert list(same.findings["message"]) == ["其他资金 left blank (read as 0) in 1 of 1 tables"]
    other = goals.analyse_goals(one_table, [{"item": NAME, "total": Decimal("100.00"), "line": 7},
                                            {"item": "办公楼维修", "total": None, "line": 8}], 2026)
    kinds = other.findings.set_index("kind")
    assert kinds.loc["amount_differs", "severity"] == "error"
    assert "113.4" in kinds.loc["amount_differs", "message"] and "100" in kinds.loc["amount_differs", "message"]
    assert kinds.loc["unmatched", "project"] == "办公楼维修"
    assert kinds.loc["cost_indicator", "severity"] == "warning"
