"""Section 十's 33 project performance-goal tables, as the audit sees them (budgetlib.goals)."""
from __future__ import annotations

import time
from decimal import Decimal

import pytest

import budgetlib
from budgetlib import goals as P


@pytest.fixture(scope="module")
def d():
    return budgetlib.load()


def analyse(d):
    return budgetlib.audit(d).goals


def evidence(d):
    return budgetlib.audit(d).goal_evidence


@pytest.fixture(scope="module")
def perf(d):
    return analyse(d)


def findings_of(perf, kind, project=None):
    f = perf.findings[perf.findings["kind"] == kind]
    if project is not None:
        f = f[f["project"] == project]
    return f


def test_33_tables_with_names_and_lines(perf):
    projects = perf.projects
    assert len(projects) == 33
    assert projects["name"].map(bool).all()
    assert projects["line"].iloc[0] == 510
    assert list(projects.columns) == list(P.PROJECT_COLUMNS)
    assert set(perf.printed_projects().columns) >= {"项目名称", "年度资金总额", "表十二金额(万元)"}


def test_every_table_matched_to_a_distinct_table12_row(d, perf):
    projects = perf.projects
    assert projects["t12_name"].notna().all()
    assert projects["t12_line"].is_unique
    t12 = d.tables["t12"].frame
    assert set(projects["t12_name"]) == set(t12[t12["level"] == "项目"]["item"])
    assert findings_of(perf, "unmatched").empty


def test_names_differing_from_table12_are_reported_with_score(perf):
    differs = findings_of(perf, "name_differs")
    assert set(differs["project"]) == {
        "全省森林草原防灭火应急演练(后调整为全省防汛演练)",  # brackets only: info
        "市级应急管理能力和能力现代化建设专题培训",
        "综合行政执法制服和标志配备",
        "2026年其他项目应支未支款项",
        "十四五规划总结评估及十五五规划编制应支未支尾款",
    }
    row = differs[differs["project"] == "综合行政执法制服和标志配备"].iloc[0]
    assert "0.929" in row["message"] and row["severity"] == "warning"
    assert differs[differs["project"].str.startswith("全省森林")].iloc[0]["severity"] == "info"


def test_amounts_read_exactly_in_yuan(perf):
    p = perf.projects.set_index("name")
    assert p.loc["应急工作专项业务费", "annual_total"] == Decimal("1930000")
    assert p.loc["晋城市安全教育培训管理平台尾款及质保金", "impl_total"] == Decimal("1149800")
    assert p.loc["晋城市安全教育培训管理平台尾款及质保金", "annual_total"] == Decimal("220000")
    assert p.loc["晋城市航空应急救援服务费", "annual_local"] == Decimal("4000000")
    assert p.loc["应急工作专项业务费", "t12_amount"] == Decimal("193.00")
    assert p.loc["危化、工贸行业安全专项整治服务项目", "overview"].startswith("为贯彻落实")  # <p> removed
    assert "<p>" not in "".join(str(v) for v in p["goal_annual"])


def test_stated_budget_in_overview_differs_from_table12(perf):
    f = findings_of(perf, "stated_budget_differs")
    assert list(f["project"]) == ["晋城市安全监管和应急指挥平台项目应支未支尾款"]
    assert "80万元" in f.iloc[0]["message"] and "200" in f.iloc[0]["message"]
    assert f.iloc[0]["severity"] == "error"


def test_stated_requirement_119_vs_budget_80(perf):
    p = perf.projects.set_index("name")
    assert p.loc["危化、工贸行业安全专项整治服务项目", "stated_budget"] == Decimal("80")
    assert p.loc["危化、工贸行业安全专项整治服务项目", "stated_need"] == Decimal("119")
    f = findings_of(perf, "stated_need_differs", "危化、工贸行业安全专项整治服务项目")
    assert len(f) == 1 and "119" in f.iloc[0]["message"]


def test_unit_label_wan_contradicts_yuan_figures(perf):
    f = findings_of(perf, "unit_label", "市级监管煤矿安全监管专员履职经费项目")
    assert len(f) == 1 and f.iloc[0]["line"] == 1445
    assert "万元" in f.iloc[0]["message"]


def test_missing_annual_amount_of_weiwenkuan(perf):
    f = findings_of(perf, "missing_value", "慰问款")
    assert (f["evidence"] == "年度资金总额").any()
    assert f[f["evidence"] == "年度资金总额"].iloc[0]["line"] == 1918


def test_one_year_project_with_different_period_amounts(perf):
    f = findings_of(perf, "period_amounts")
    assert "晋城市安全教育培训管理平台尾款及质保金" in set(f["project"])


def test_broken_filing_date_recorded_with_line(perf):
    f = findings_of(perf, "filing_date")
    broken = f[f["evidence"] == "202601081 70151"]
    assert len(broken) == 1
    assert broken.iloc[0]["line"] == 728
    assert "2026-01-08 17:01:51" in broken.iloc[0]["message"]
    late = f[f["evidence"] == "20261209154958"]
    assert late.iloc[0]["severity"] == "error" and late.iloc[0]["line"] == 1546
    short = f[f["evidence"] == "202601161"]
    assert "9 digits" in short.iloc[0]["message"]


def test_cost_indicator_vs_amount(perf):
    f = findings_of(perf, "cost_indicator")
    assert "晋城市安全监管和应急指挥平台项目应支未支尾款" in set(f["project"])
    assert "应急工作专项业务费" not in set(f["project"])  # ≤193万元 = 193.00


def test_indicator_completeness(perf):
    f = findings_of(perf, "indicator_completeness")
    assert any("满意度指标" in m for m in f[f["project"] == "森林消防高压水带采购"]["message"])


@pytest.mark.parametrize("text, comparator, number, unit, kind", [
    ("≥85%", "≥", Decimal("85"), "%", "percent"),
    ("≤193万元", "≤", Decimal("193"), "万元", "number"),
    ("12次", "", Decimal("12"), "次", "number"),
    ("≥1991.59平方米", "≥", Decimal("1991.59"), "平方米", "number"),
    ("3920元/人/年", "", Decimal("3920"), "元/人/年", "number"),
    ("2026年6月底前", "", None, "底前", "date"),
    ("合格", "", None, "", "qualitative"),
    ("提升", "", None, "", "qualitative"),
    ("", "", None, "", "missing"),
])
def test_parse_value(text, comparator, number, unit, kind):
    parsed = P.parse_value(text)
    assert (parsed["comparator"], parsed["number"], parsed["unit"], parsed["kind"]) == (comparator, number, unit, kind)


def test_parse_value_date_and_range():
    assert P.parse_value("2026年6月底前")["date"] == "2026-06"
    assert P.parse_value("2025年8月12日")["date"] == "2025-08-12"
    span = P.parse_value("10000—20000人")
    assert (span["kind"], span["number"], span["number_high"], span["unit"]) == ("range", 10000, 20000, "人")


def test_indicators_tidy_both_periods_in_printed_order(perf):
    ind = perf.indicators
    assert list(ind.columns) == list(P.INDICATOR_COLUMNS)
    assert set(ind["period"]) == {"实施期", "年度"}
    row = ind[(ind["line"] == 831)].set_index("period")
    assert row.loc["实施期", "level3"] == "修订预案数量" and row.loc["实施期", "value"] == "≤5个"
    assert row.loc["年度", "level3"] == "应急演练开展次数"
    cost = ind[(ind["project"] == "应急工作专项业务费") & (ind["level2"] == "成本指标")]
    assert set(cost["value"]) == {"≤193万元"} and set(cost["level1"]) == {"产出指标"}
    # a merged 二级 cell printed on the second row of its block (场地平整面积 precedes 数量指标)
    first = ind[(ind["line"] == 751) & (ind["period"] == "实施期")].iloc[0]
    assert first["level3"] == "场地平整面积" and first["level2"] == "数量指标"
    assert set(ind["level1"]) <= {"产出指标", "效益指标", "满意度指标"}


def test_section_ten_counts(d):
    counts = evidence(d).totals()
    assert counts.tables == 33
    assert counts.tables_without_annual == ["慰问款"]
    assert counts.annual_total == Decimal("2176.09")
    assert counts.annual_total_with_fallback == Decimal("2186.09") == counts.t12_total


def test_subset_836_80_of_five(d):
    t = time.perf_counter()
    e = evidence(d).subsets(5, Decimal("836.80"), "特定目标类项目")
    assert time.perf_counter() - t < 1
    assert len(e.subsets) == 3
    for subset in e.subsets:
        assert len(subset) == 5
    assert e.status == "consistent" and e.computed == Decimal("836.80")  # subsets alone never make a match
    assert set(e.chosen) == {"晋城市引进人才生活补贴费用", "晋城市航空应急救援服务费",
                             "十四五规划总结评估及十五规划编制应支未支尾款", "特种作业人员安全技术考试",
                             "晋城市安全监管和应急指挥平台项目应支未支尾款"}
    assert "rows 1–5" in e.note


def test_subset_complement_of_28(d):
    e = evidence(d).subsets(28, Decimal("1349.29"), "其他运转类项目")
    assert len(e.subsets) == 3 and e.status == "consistent" and len(e.chosen) == 28


def test_subset_625_government_purchase_is_only_consistent(d):
    e = evidence(d).subsets(5, Decimal("625.00"), "政府购买服务项目")
    assert e.status == "consistent" and e.computed == Decimal("625.00") and e.chosen == []
    assert len(e.subsets) == 117
    assert all(len(s) == 5 for s in e.subsets)
    assert "晋城市航空应急救援服务费" in e.scores[0][1]  # the best-backed candidates include it
    assert "A140401" in e.note


def test_subset_without_solution(d):
    e = evidence(d).subsets(5, Decimal("1.23"), "x")
    assert e.status == "unverifiable" and e.subsets == []


def test_exact_subsets_small():
    assert P.exact_subsets([1, 2, 3, 4], 2, 5) == [(0, 3), (1, 2)]


def _tampered(tmp_path, edits: dict[int, tuple[str, str]]):
    source = budgetlib.bundled().read_text(encoding="utf-8").split("\n")
    for number, (old, new) in edits.items():
        assert old in source[number - 1], (number, source[number - 1])
        head, sep, tail = source[number - 1].rpartition(old)
        source[number - 1] = head + new + tail
    path = tmp_path / "tampered.txt"
    path.write_text("\n".join(source), encoding="utf-8")
    return budgetlib.load(path)


def test_tampered_copy_amount_and_name(tmp_path):
    d = _tampered(tmp_path, {
        2074: ("2,200,000", "2,100,000"),  # 年度资金总额 of 特种作业人员安全技术考试
        2071: ("特种作业人员安全技术考试", "特种作业人员安全技能考核"),
    })
    perf = analyse(d)
    name = "特种作业人员安全技能考核"
    amount = findings_of(perf, "amount_differs", name)
    assert len(amount) == 1 and "210" in amount.iloc[0]["message"] and "220" in amount.iloc[0]["message"]
    assert not findings_of(perf, "source_split", name).empty  # 市县 still 2,200,000
    renamed = findings_of(perf, "name_differs", name)
    assert len(renamed) == 1 and "特种作业人员安全技术考试" in renamed.iloc[0]["evidence"]
    assert perf.projects["t12_line"].is_unique


def test_tampered_copy_blank_name_and_date(tmp_path):
    d = _tampered(tmp_path, {
        2163: ("20260129085207", "20260231085207"),  # 31 February
    })
    f = findings_of(analyse(d), "filing_date")
    bad = f[f["evidence"] == "20260231085207"]
    assert len(bad) == 1 and bad.iloc[0]["severity"] == "error" and bad.iloc[0]["line"] == 2163
