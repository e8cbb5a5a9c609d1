"""The Shanghai template family (上海 单位预算 / 部门预算): identities, narrative claims, 元 against 万元
and prior-year figures read from last year's disclosure.

The seven real PDFs of data/real/shanghai (see its SOURCES.md) are loaded once per session. A small
synthetic disclosure written here tests the template without them.
"""
from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest

import budgetlib
from budgetlib.cli import main, print_audit
from budgetlib.export import audit_document
from conftest import SHANGHAI as REAL, real_file
from budgetlib.formula import Cell, Scaled, in_unit
from budgetlib.templates.shanghai_claims import CLAIMS
from budgetlib.templates.rules import tables_named
from budgetlib.templates.shanghai_rules import RULES_DEPARTMENT, RULES_UNIT

DOCUMENTS = {  # file stem -> template
    "shpt-sifaju-2026-unit": "shanghai-unit",
    "shpt-qzfb-2025-unit": "shanghai-unit",
    "shpt-sifaju-2026-dept": "shanghai-department",
    "shpt-czj-2025-dept": "shanghai-department",
    "shpt-swh-2025-dept": "shanghai-department",
    "shpt-wanli-2024-dept": "shanghai-department",
    "shpt-wanli-2025-dept": "shanghai-department",
}
TABLES = [f"t0{n}" for n in range(1, 10)]
JUDGED = ("match", "rounding", "mismatch")


def one(frame, **where):
    """The single row of a ledger frame whose columns hold the given values (or contain them, for
    description / formula / note)."""
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column].astype(str).str.contains(value, regex=False)] if column in (
            "description", "formula", "note", "id") else rows[rows[column] == value]
    assert len(rows) == 1, (where, list(rows["id"]))
    return rows.iloc[0]


def text_of(d) -> str:
    return "\n".join(line.text for line in d.source.lines)


# -- every real document ---------------------------------------------------------------------------

@pytest.mark.parametrize("stem", DOCUMENTS)
def test_each_real_document_is_audited(real, audits, stem):
    d, a = real[stem], audits[stem]
    assert d.template.id == DOCUMENTS[stem]
    assert list(d.tables) == TABLES
    assert all(len(d.tables[t].records) > 0 for t in TABLES if t not in ("t06", "t07"))
    assert d.tables["t09"].amount_unit == "万元" and d.tables["t05"].amount_unit == "元"
    assert len(a.checks) >= 40
    claims = a.claim_frame
    assert set(claims["status"]) <= {"match", "rounding", "mismatch", "unverifiable"}
    assert claims[claims["status"] == "unverifiable"]["note"].str.len().min() > 0  # always a reason
    money = claims[claims["unit"] == "万元"]
    judged = money["status"].isin(JUDGED).mean()
    assert judged > 0.5, f"{stem}: only {judged:.0%} of the 万元 figures judged"


def test_the_command_line_reports_mismatches_not_input_errors(capsys):
    pdf = real_file(REAL / "shpt-sifaju-2026-unit.pdf")
    assert main(["audit", str(pdf)]) == 1  # mismatches found; 2 would be an unreadable input
    assert "上海市普陀区司法局" in capsys.readouterr().out


def test_key_figures_of_the_sifaju_unit_budget(real, audits):
    d, a = real["shpt-sifaju-2026-unit"], audits["shpt-sifaju-2026-unit"]
    assert (d.unit, d.year) == ("上海市普陀区司法局", 2026)
    income = one(a.claim_frame, section="编制说明", description="收入预算", stated_text="8695.94", tables="t01")
    assert (income["status"], income["computed"]) == ("match", Decimal("8695.94"))
    assert "86,959,408.34元 → 8695.94万元" in income["formula"]
    three = one(a.claim_frame, section="其他相关情况说明", stated_text="10.71", tables="t09")
    assert three["status"] == "match" and "t09" in three["tables"]
    balance = one(a.check_frame, id="t01.balance")
    assert balance["stated"] == Decimal("86959408.34") and balance["status"] == "match"


def test_yuan_against_wan_yuan_is_rounded_half_up_to_the_printed_places(audits):
    c = audits["shpt-sifaju-2026-unit"].check_frame
    running = one(c, id="x.t09-t08.vehicle_running")  # 99,750.00元 = 9.975万元 → 9.98
    assert (running["stated"], running["computed"], running["status"]) == (Decimal("9.98"), Decimal("9.98"), "within")
    assert "99,750.00元 → 9.98万元" in running["formula"]
    reception = one(c, id="x.t09-t08.reception")  # 7,315元 → 0.73万元: 表9 (all 三公) ≥ 表8 (基本支出 only)
    assert (reception["status"], reception["description"]) == ("within", "表9 公务接待费 ≥ 表8 公务接待费")
    assert "表8 from 基本支出 only" in reception["note"]


def test_a_bound_of_the_family_is_within_where_the_figures_differ(audits):
    """区青少年发展基金会: 表9 公务接待费 28.50万元, 表8 (基本支出) 185,000元: the bound holds; no false alarm."""
    reception = one(audits["shpt-qzfb-2025-unit"].check_frame, id="x.t09-t08.reception")
    assert (reception["stated"], reception["computed"], reception["status"]) == (Decimal("28.50"), Decimal("18.50"),
                                                                                 "within")


def test_a_department_truncating_yuan_to_wan_yuan_is_rounding_with_its_convention(audits):
    """财政局 prints 877,080元 as 87.70万元 and 782,164元 as 78.21万元: truncation throughout, named once.
    Seven figures: an eighth was read from an invisible copy of page 8's text below the page edge."""
    a = audits["shpt-czj-2025-dept"]
    claims = a.claim_frame
    truncated = claims[claims["note"].str.contains("rounding convention truncation", regex=False)]
    assert len(truncated) == 7 and set(truncated["status"]) == {"rounding"}
    assert one(claims, description="行政单位离退休（2080501）", stated_text="87.70", line=83)["computed"] == Decimal("87.71")
    assert a.prevailing_convention == "truncation" and a.rounding_conventions["truncation"] == 7
    assert audit_document(a)["rounding_conventions"] == {"prevailing": "truncation",
                                                          "figures": {"half-up": 0, "truncation": 7, "half-even": 0}}
    out = io.StringIO()
    print_audit(a, False, out, width=120)
    assert "Rounding convention: truncation (7 truncation figures)" in out.getvalue().splitlines()[1]
    assert audits["shpt-sifaju-2026-unit"].prevailing_convention == "half-up"


def test_real_inconsistencies_of_the_sifaju_unit_budget(audits):
    a = audits["shpt-sifaju-2026-unit"]
    row = one(a.check_frame, description="2040601 行政运行: 合计 = 基本支出 + 项目支出", tables="t03")
    assert (row["stated"], row["computed"], row["status"]) == (Decimal("14348853.34"), Decimal("79189400.34"),
                                                               "mismatch")
    rate = one(a.claim_frame, description="行政运行 比上年预算执行数减少")
    assert (rate["stated"], rate["computed"], rate["status"]) == (Decimal("1.10"), Decimal("15.13"), "mismatch")
    restated = one(a.claim_frame, description="行政单位离退休 本年预算安排")  # 56.12 at the head, 57.8 later
    assert (restated["stated"], restated["computed"], restated["status"]) == (Decimal("57.8"), Decimal("56.12"),
                                                                              "mismatch")
    assert "56.12万元" in restated["formula"] and "57.8万元" in restated["formula"]
    split = one(a.check_frame, id="x.t01-t08.personnel")  # 表1 and 表8 split 基本支出 differently
    assert split["status"] == "mismatch"


def test_a_rate_the_printed_amounts_admit_is_a_rounding(audits):
    # 0.62万元 (6,160元) on 0.50万元 executed: 24.00% from the printed figures, 22.22% stated —
    # within what 0.495 … 0.505 allow for the execution.
    rate = one(audits["shpt-sifaju-2026-unit"].claim_frame, description="其他行政事业单位养老支出 比上年")
    assert (rate["computed"], rate["status"]) == (Decimal("24.00"), "rounding")


def test_real_inconsistencies_of_the_department_budgets(audits):
    sifaju = audits["shpt-sifaju-2026-dept"].claim_frame
    typo = one(sifaju, description="其他司法支出 比上年预算执行数增加")  # 执行数 43269.3 for 3269.3
    assert typo["status"] == "mismatch" and "43269.3" in typo["formula"]
    years = sifaju[sifaju["description"].str.startswith("比较年度")]  # '比2026年预算' in a 2026 budget
    assert len(years) >= 3 and set(years["status"]) == {"mismatch"}
    assert one(sifaju, description="住房公积金 本年预算安排")["stated"] == Decimal("201.50")
    czj = audits["shpt-czj-2025-dept"].claim_frame
    pension = czj[czj["description"].str.contains("职业年金缴费支出（2080506）")]
    assert set(pension["stated_text"]) == {"887.36"} and set(pension["computed"]) == {Decimal("87.36")}
    assert set(pension["status"]) == {"mismatch"}
    wanli = audits["shpt-wanli-2024-dept"]
    assert one(wanli.check_frame, id="t09.no_data")["status"] == "mismatch"  # '本表为空表' above a filled row
    assert one(wanli.claim_frame, description="住房公积金 本年预算安排")["stated"] == Decimal("352.67")


def test_a_changed_table_amount_is_caught(real, variant):
    text = text_of(real["shpt-sifaju-2026-unit"])
    old = "302\t17\t公务接待费\t7,315.00\t0.00\t7,315.00"
    assert text.count(old) == 1
    a = budgetlib.audit(budgetlib.load(variant(text.replace(old, old.replace("7,315", "9,315")))))
    reception = one(a.check_frame, id="x.t09-t08.reception")
    assert (reception["stated"], reception["computed"], reception["status"]) == (Decimal("0.73"), Decimal("0.93"),
                                                                                 "mismatch")
    assert one(a.check_frame, id="t08.302.public")["status"] == "mismatch"


def test_a_changed_narrative_amount_is_caught(real, variant):
    text = text_of(real["shpt-sifaju-2026-unit"])
    a = budgetlib.audit(budgetlib.load(variant(text.replace("（04项）2170.39万元", "（04项）2170.49万元", 1))))
    line = one(a.claim_frame, description="基层司法业务（2040604）")
    assert (line["stated"], line["computed"], line["status"]) == (Decimal("2170.49"), Decimal("2170.39"), "mismatch")


# -- identities between stated figures no table prints ---------------------------------------------

def changed_audit(real, variant, stem: str, old: str, new: str):
    """The audit of a real document's text with `old` (found once) replaced by `new`."""
    text = text_of(real[stem])
    assert text.count(old) == 1, old
    return budgetlib.audit(budgetlib.load(variant(text.replace(old, new))))


def test_changes_of_quantities_equal_by_identity_agree(audits, real, variant):
    """表1 财政拨款收入 = 表4 支出总计 = 一般公共预算 + 政府性基金 + 国有资本经营 in every year's budget: the
    changes stated on the same earlier figure obey the identity; a changed one breaks it."""
    claims = audits["shpt-wanli-2024-dept"].claim_frame
    equal = one(claims, description="财政拨款收入 变动 = 财政拨款支出预算 变动")
    assert (equal["stated"], equal["computed"], equal["status"]) == (Decimal("876.75"), Decimal("876.75"), "match")
    assert "not against the prior year" in equal["note"]
    by_fund = one(claims, description="财政拨款支出预算 变动 = (一般公共预算拨款支出预算 + 政府性基金")
    assert by_fund["status"] == "match" and "政府性基金拨款支出预算 变动 0" in by_fund["formula"]
    three = one(claims, description='"三公"经费预算数为 变动 = (因公出国(境)费 + 公务接待费 + 公务用车购置及运行费)')
    assert (three["stated"], three["computed"], three["status"]) == (Decimal("25"), Decimal("25"), "match")
    old = "财政拨款支出预算15621.11万元，比2023年预算减少876.75万元"
    a = changed_audit(real, variant, "shpt-wanli-2024-dept", old, old.replace("876.75", "877.75"))
    equal = one(a.claim_frame, description="财政拨款收入 变动 = 财政拨款支出预算 变动")
    assert (equal["stated"], equal["computed"], equal["status"]) == (Decimal("876.75"), Decimal("877.75"), "mismatch")
    assert one(a.claim_frame, description="财政拨款支出预算 变动 = (")["status"] == "mismatch"
    old = "其中：公务用车购置费25万元"
    a = changed_audit(real, variant, "shpt-wanli-2024-dept", old, old.replace("25", "26"))
    vehicles = one(a.claim_frame, description="公务用车购置及运行费 变动 = (公务用车购置费 + 公务用车运行费)")
    assert vehicles["status"] == "match"  # the amount 26 is wrong against 表9, its change is still 25
    assert one(a.claim_frame, description="公务用车购置费", tables="t09")["status"] == "mismatch"


def test_changes_on_different_bases_are_never_related(audits):
    """商务委: 财政拨款收入 '比2024年预算执行数增加24,558.18', 财政拨款支出 '比2024年预算增加24,491.71': the
    prior year's execution and its budget are different figures, so no identity ties the two changes."""
    claims = audits["shpt-swh-2025-dept"].claim_frame
    assert not claims["description"].str.contains("财政拨款收入 变动 =", regex=False).any()
    assert not claims["description"].str.contains("财政拨款支出预算 变动 =", regex=False).any()


def test_an_unchanged_figure_stated_with_another_amount_is_a_mismatch(audits, real, variant):
    """'与2024年预算一致0万元': 0 is the change (or the figure itself); '一致1万元' contradicts the sentence."""
    kept = one(audits["shpt-czj-2025-dept"].claim_frame, description="公务用车购置费 比上年一致")
    assert kept["status"] == "unverifiable"
    old = "公务用车购置费0万元，与2024年预算一致0万元"
    a = changed_audit(real, variant, "shpt-czj-2025-dept", old, old.replace("一致0万元", "一致1万元"))
    assert one(a.claim_frame, description="公务用车购置费 比上年一致")["status"] == "mismatch"


def test_the_bodies_of_a_department_add_up_by_kind(audits, real, variant):
    """'本部以及下属5家预算单位 … 行政单位1家，参公单位1家，事业单位4家': 本部 + 5 = 1 + 1 + 4; 机关运行经费
    '下属1家机关和1家参公事业单位' = the 行政单位 and 参公单位 of 机构设置."""
    claims = audits["shpt-wanli-2024-dept"].claim_frame
    bodies = one(claims, description="下属预算单位 = 行政单位 + 参公单位 + 事业单位 − 本部")
    assert (bodies["stated"], bodies["computed"], bodies["status"]) == (Decimal("5"), Decimal("5"), "match")
    assert one(claims, description="机关运行经费 下属机关 = 机构设置 行政单位")["status"] == "match"
    assert one(claims, description="机关运行经费 下属参公事业单位")["status"] == "match"
    czj = one(audits["shpt-czj-2025-dept"].claim_frame, description="下属预算单位 =")  # 0 下属, 行政1 事业0
    assert czj["status"] == "match" and "counted 0: 参公单位" in czj["note"]
    a = changed_audit(real, variant, "shpt-wanli-2024-dept", "行政单位 1 家", "行政单位 2 家")
    bodies = one(a.claim_frame, description="下属预算单位 = 行政单位 + 参公单位 + 事业单位 − 本部")
    assert (bodies["computed"], bodies["status"]) == (Decimal("6"), "mismatch")
    assert one(a.claim_frame, description="机关运行经费 下属机关 = 机构设置 行政单位")["status"] == "mismatch"
    unit = audits["shpt-qzfb-2025-unit"].claim_frame  # a unit budget prints no bodies by kind: nothing to relate
    assert not unit["description"].str.contains("机关运行经费 下属", regex=False).any()


def test_the_equipment_threshold_is_the_template_constant(audits, real, variant):
    claims = audits["shpt-sifaju-2026-unit"].claim_frame
    thresholds = claims[claims["description"].str.startswith("设备单价门槛")]
    assert len(thresholds) == 2 and set(thresholds["status"]) == {"match"}
    old = "其他用车0辆；单价100万元（含）以上设备"
    a = changed_audit(real, variant, "shpt-sifaju-2026-unit", old, old.replace("100", "101"))
    assert one(a.claim_frame, description="设备单价门槛 101万元")["status"] == "mismatch"


def test_a_project_amount_restated_by_name_must_agree(audits, real, variant):
    """项目经费情况说明 '财政业务费10万元' restates 绩效目标设置情况 '其中：…财政业务费10.00万元'."""
    claims = audits["shpt-czj-2025-dept"].claim_frame
    rows = claims[claims["description"].str.contains("项目年度预算安排 = 绩效目标设置情况所列", regex=False)]
    assert list(rows["stated_text"]) == ["166.66", "418.80", "10"] and set(rows["status"]) == {"match"}
    old = "财政业务费10万元"
    a = changed_audit(real, variant, "shpt-czj-2025-dept", old, "财政业务费11万元")
    changed = one(a.claim_frame, description="财政业务费（项目年度预算安排")
    assert (changed["stated"], changed["computed"], changed["status"]) == (Decimal("11"), Decimal("10"), "mismatch")


# -- prior year from last year's disclosure --------------------------------------------------------

def test_wanli_2025_changes_against_the_2024_disclosure(real):
    d24, d25 = real["shpt-wanli-2024-dept"], real["shpt-wanli-2025-dept"]
    a = budgetlib.audit(d25, prior_disclosure=d24)
    against = a.claim_frame[a.claim_frame["formula"].str.contains("prior[", regex=False)
                            & ~a.claim_frame["formula"].str.contains("not printed")]
    assert len(against) >= 10 and set(against["status"]) == {"match"}
    income = one(against, description="财政拨款收入 比上年增加")  # 18976.76 − 15621.11
    assert income["computed"] == Decimal("3355.65")
    three = one(against, description='"三公"经费预算数为 比上年减少')  # 37.91 − 47.91
    assert three["computed"] == Decimal("10")
    assert a.prior["income_total"] == Decimal("15621.1123")  # 156,211,123元, exact
    unchecked = budgetlib.audit(d25).claim_frame
    assert one(unchecked, description="财政拨款收入 比上年增加")["status"] == "unverifiable"


def test_a_prior_disclosure_of_another_unit_or_year_is_refused(real):
    d25 = real["shpt-wanli-2025-dept"]
    with pytest.raises(budgetlib.ParameterError, match="上海市普陀区财政局 2025.*上海市普陀区人民政府万里街道办事处 2025"):
        budgetlib.audit(d25, prior_disclosure=real["shpt-czj-2025-dept"])
    with pytest.raises(budgetlib.ParameterError) as error:
        budgetlib.audit(real["shpt-wanli-2024-dept"], prior_disclosure=d25)
    assert "\n" not in str(error.value) and "2023" in str(error.value)


# -- a synthetic disclosure: the template without the PDFs ---------------------------------------

SYNTHETIC = """上海市测试区2025年区级单位预算
预算单位：上海市测试区档案局
目 录
一、单位主要职能
四、单位预算编制说明
五、单位预算表
六、其他相关情况说明
上海市测试区档案局主要职能
上海市测试区档案局是主管本区档案工作的区政府工作部门。
上海市测试区档案局机构设置
上海市测试区档案局设2个内设机构，包括：办公室、业务科。
2025年单位预算编制说明
2025年，上海市测试区档案局收入预算150万元，其中：财政拨款收入150万元，比2024年预算增加10万元；事业收入0万元；
事业单位经营收入0万元；其他收入0万元。
支出预算150万元，其中：财政拨款支出预算150万元，比2024年预算增加10万元。财政拨款支出预算中，一般公共预算拨款支出预算150万元，比2024年预算增加10万元；政府性基金拨款支出预算0万元，与2024年预算持平。
财政拨款支出主要内容如下：
1、一般公共服务支出（201类）档案事务（26款）行政运行（01项）80万元。主要用于：基本支出。2024年当年预算执行数为
75万元，2025年预算安排80万元，比2024年预算执行数增加6.67%。
2. “一般公共服务支出（类）档案事务（款）档案馆（项）”40万元，主要用于档案馆。2024年当年预算执行数为50万元，2025年预算安排40万元，比2024年预算执行数减少20.00%。
3. “住房保障支出-住房改革支出-住房公积金”科目30万元，主要用于住房公积金。
2025年预算单位财务收支预算总表
编制单位：上海市测试区档案局 单位：元
本年收入\t\t本年支出\t\t\t\t
项目\t预算数\t项目\t预算数\t\t\t
\t\t\t合计\t基本支出\t\t项目支出
\t\t\t\t人员经费\t公用经费\t
一、财政拨款收入\t1,500,000.00\t一、一般公共服务支出\t1,200,000.00\t700,000.00\t100,000.00\t400,000.00
1、一般公共预算\t1,500,000.00\t二、住房保障支出\t300,000.00\t300,000.00\t0.00\t0.00
2、政府性基金预算\t0.00\t\t\t\t\t
3、国有资本经营预算\t0.00\t\t\t\t\t
二、事业收入\t0.00\t\t\t\t\t
三、事业单位经营收入\t0.00\t\t\t\t\t
四、其他收入\t0.00\t\t\t\t\t
收入总计\t1,500,000.00\t支出总计\t1,500,000.00\t1,000,000.00\t100,000.00\t400,000.00
2025年预算单位收入预算总表
编制单位：上海市测试区档案局 单位：元
项目\t\t\t\t收入预算\t\t\t\t
功能分类科目编码\t\t\t功能分类科目名称\t合计\t财政拨款收入\t事业收入\t事业单位经营收入\t其他收入
类\t款\t项\t\t\t\t\t\t
{t02}
2025年预算单位支出预算总表
编制单位：上海市测试区档案局 单位：元
{functional_header}
{t03}
2025年预算单位财政拨款收支预算总表
编制单位：上海市测试区档案局 单位：元
财政拨款收入\t\t财政拨款支出\t\t\t\t
项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算
一、一般公共预算\t1,500,000.00\t一、一般公共服务支出\t1,200,000.00\t1,200,000.00\t0.00\t0.00
二、政府性基金预算\t0.00\t二、住房保障支出\t300,000.00\t300,000.00\t0.00\t0.00
三、国有资本经营预算\t0.00\t\t\t\t\t
收入总计\t1,500,000.00\t支出总计\t1,500,000.00\t1,500,000.00\t0.00\t0.00
2025年预算单位一般公共预算支出功能分类预算表
编制单位：上海市测试区档案局 单位：元
{functional_header}
{t03}
{empty_tables}2025年预算单位一般公共预算基本支出部门预算经济分类预算表
编制单位：上海市测试区档案局 单位：元
项目\t\t\t一般公共预算基本支出\t\t
经济分类科目编码\t\t部门经济分类科目名称\t合计\t人员经费\t公用经费
类\t款\t\t\t\t
301\t\t工资福利支出\t1,000,000.00\t1,000,000.00\t0.00
301\t01\t基本工资\t700,000.00\t700,000.00\t0.00
301\t13\t住房公积金\t300,000.00\t300,000.00\t0.00
302\t\t商品和服务支出\t100,000.00\t0.00\t100,000.00
302\t01\t办公费\t50,000.00\t0.00\t50,000.00
302\t17\t公务接待费\t5,000.00\t0.00\t5,000.00
302\t31\t公务用车运行维护费\t45,000.00\t0.00\t45,000.00
合计\t\t\t1,100,000.00\t1,000,000.00\t100,000.00
2025年单位“三公”经费和机关运行经费预算表
编制单位：上海市测试区档案局 单位:万元
“三公”经费预算数\t\t\t\t\t\t机关运行经费预算数
合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\t
\t\t\t小计\t购置费\t运行费\t
5.50\t0.00\t0.50\t5.00\t0.50\t4.50\t10.00
其他相关情况说明
一、2025年“三公”经费预算情况说明
2025年“三公”经费预算数为5.50万元，与2024年预算数持平。其中：
（一）因公出国（境）费0万元，与2024年预算数持平。
（二）公务用车购置及运行费5.00万元，与2024年预算数持平。其中：公务用车购置费0.50万元，与2024年预算数持平；公务用车运行费4.50万元，与2024年预算数持平。
（三）公务接待费0.50万元，与2024年预算数持平。
二、机关运行经费预算
2025年上海市测试区档案局财政拨款的机关运行经费预算为10万元。
三、政府采购预算情况
2025年度本单位政府采购预算12万元，其中：政府采购货物预算2万元、政府采购工程预算0万元、政府采购服务预算10万元。
四、绩效目标设置情况
2025年度，本单位编报绩效目标的项目共1个，涉及项目预算资金40万元。
五、国有资产占有使用情况
截至2024年8月31日，上海市测试区档案局共有车辆1辆，其中：执法执勤用车0辆、其他用车1辆。
"""
FUNCTIONAL_HEADER = "项目\t\t\t\t{group}\t\t\n功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出\n类\t款\t项\t\t\t\t"
CODED = (("201", "", "", "一般公共服务支出", "1,200,000.00", "800,000.00", "400,000.00"),
         ("201", "26", "", "档案事务", "1,200,000.00", "800,000.00", "400,000.00"),
         ("201", "26", "01", "行政运行", "800,000.00", "800,000.00", "0.00"),
         ("201", "26", "04", "档案馆", "400,000.00", "0.00", "400,000.00"),
         ("221", "", "", "住房保障支出", "300,000.00", "300,000.00", "0.00"),
         ("221", "02", "", "住房改革支出", "300,000.00", "300,000.00", "0.00"),
         ("221", "02", "01", "住房公积金", "300,000.00", "300,000.00", "0.00"),
         ("合计", "", "", "", "1,500,000.00", "1,100,000.00", "400,000.00"))


def synthetic_text() -> str:
    t03 = "\n".join("\t".join(row) for row in CODED)
    t02 = "\n".join("\t".join(row[:5] + (row[4], "0.00", "0.00", "0.00")) for row in CODED)
    empty = "".join(
        f"2025年预算单位{name}预算支出功能分类预算表\n编制单位：上海市测试区档案局 单位：元\n"
        + FUNCTIONAL_HEADER.format(group=f"{name}预算支出")
        + f"\n无\t\t\t\t\t\t\n合计\t\t\t\t\t\t\n注:本单位2025年无{name}预算财政拨款安排的预算，故本表为空表。\n"
        for name in ("政府性基金", "国有资本经营"))
    return (SYNTHETIC.replace("{t02}", t02).replace("{t03}", t03).replace("{empty_tables}", empty)
            .replace("{functional_header}", FUNCTIONAL_HEADER.format(group="支出预算"), 1)
            .replace("{functional_header}", FUNCTIONAL_HEADER.format(group="一般公共预算支出"), 1))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("shanghai") / "synthetic.txt"
    path.write_text(synthetic_text(), encoding="utf-8")
    return path


def test_the_synthetic_disclosure_loads_in_the_unit_template(synthetic):
    d = budgetlib.load(synthetic)
    assert (d.template.id, d.unit, d.year) == ("shanghai-unit", "上海市测试区档案局", 2025)
    assert list(d.tables) == TABLES and d.tables["t06"].no_data and not d.tables["t06"].records
    assert d.template.rules == RULES_UNIT and d.template.claims is CLAIMS
    assert set(d.sections) == {"主要职能", "机构设置", "编制说明", "其他相关情况说明"}


def test_every_synthetic_identity_holds(synthetic):
    a = budgetlib.audit(budgetlib.load(synthetic))
    checks = a.check_frame
    bounds = {"x.t09-t08.reception", "x.t09-t08.vehicle_running"}  # 表9 ≥ 表8: within, never a match
    assert set(checks[checks["id"].isin(bounds)]["status"]) == {"within"}
    identities = checks[~checks["id"].isin(bounds)]
    assert len(identities) >= 60 and set(identities["status"]) == {"match"}, identities[identities["status"] != "match"]
    for id in ("t01.balance", "t04.balance", "x.t03-t05.2012601.total", "x.t02-t05.合计", "x.t08-t05.basic",
               "x.t09-t08.vehicle_running", "x.t01-t08.public", "t08.302.total", "overview.internal_bodies"):
        assert id in set(checks["id"]), id


def test_every_synthetic_claim_is_judged_as_written(synthetic):
    claims = budgetlib.audit(budgetlib.load(synthetic)).claim_frame
    assert "mismatch" not in set(claims["status"]), claims[claims["status"] == "mismatch"]
    line = one(claims, description="行政运行（2012601）")
    assert line["formula"] == "t05[2012601 行政运行].合计 800,000.00元 → 80万元" and line["status"] == "match"
    assert one(claims, description="行政运行 比上年预算执行数增加")["computed"] == Decimal("6.67")  # 75 wrapped
    assert one(claims, description="档案馆 比上年预算执行数减少")["status"] == "match"
    assert one(claims, description="住房公积金（2210201）")["status"] == "match"  # '类-款-项' by name
    assert one(claims, description="政府采购预算 =")["status"] == "match"
    assert one(claims, description="车辆 =")["status"] == "match"
    assert one(claims, description="公务用车运行费", unit="万元", tables="t09")["status"] == "match"


def test_a_synthetic_contradiction_and_a_changed_amount_are_caught(synthetic, variant):
    text = synthetic.read_text(encoding="utf-8")
    changed = text.replace("2025年预算安排80万元", "2025年预算安排85万元").replace(
        "302\t31\t公务用车运行维护费\t45,000.00\t0.00\t45,000.00", "302\t31\t公务用车运行维护费\t45,100.00\t0.00\t45,100.00")
    a = budgetlib.audit(budgetlib.load(variant(changed)))
    restated = one(a.claim_frame, description="行政运行 本年预算安排")
    assert (restated["stated"], restated["computed"], restated["status"]) == (Decimal("85"), Decimal("80"), "mismatch")
    running = one(a.check_frame, id="x.t09-t08.vehicle_running")  # 45,100元 → 4.51万元 ≠ 4.50
    assert (running["computed"], running["status"]) == (Decimal("4.51"), "mismatch")


def test_the_department_template_shares_the_rules_but_those_of_table_one():
    unit_only = [r for r in RULES_UNIT if r not in RULES_DEPARTMENT]
    assert set(RULES_DEPARTMENT) <= set(RULES_UNIT)
    assert unit_only and all("t01" in tables_named(r) for r in unit_only)  # 表1's 人员/公用/项目 split


def test_scaled_amounts_round_half_up_at_the_printed_places(synthetic):
    d = budgetlib.load(synthetic)
    cell = Cell(d.tables["t08"], 6, "total")  # 公务用车运行维护费 45,000.00元
    scaled = in_unit(cell, "万元", 2)
    assert isinstance(scaled, Scaled) and scaled.evaluate() == Decimal("4.50")
    assert scaled.describe() == "t08[30231 公务用车运行维护费].合计 45,000.00元 → 4.50万元"
    assert in_unit(cell, "元", 2) is cell and Scaled(cell, "元", "万元", 0).evaluate() == Decimal("5")


# -- variants of the family's wording: read, not refused ------------------------------------------

def _judged(a) -> list[tuple]:
    """What an audit says, without the line numbers a changed cover moves."""
    return ([(c.id, c.stated, c.computed, c.status) for c in a.checks]
            + [(c.id, c.stated, c.computed, c.status) for c in a.claims])


@pytest.mark.parametrize("stem, title", [("shpt-sifaju-2026-unit", "上海市普陀区司法局2026年单位预算"),
                                         ("shpt-czj-2025-dept", "上海市普陀区财政局2025年度部门预算")])
def test_a_cover_naming_the_unit_and_a_heading_without_its_year_are_read(real, audits, variant, stem, title):
    """Two variants seen in the family: the cover title names the unit (no unit line under it), the
    编制说明 heading leaves out its year. Same unit, year, tables and verdicts as the original."""
    d = real[stem]
    lines = text_of(d).split("\n")
    cover = next(i for i, l in enumerate(lines) if l.startswith("上海市普陀区") and l.endswith("预算"))
    assert re.match(r"^(预算单位|预算主管部门)：", lines[cover + 1])
    lines[cover], lines[cover + 1] = title, ""
    heading = next(i for i, l in enumerate(lines) if re.fullmatch(r"\d{4}年(单位|部门)预算编制说明", l))
    lines[heading] = re.sub(r"^\d{4}年", "", lines[heading])
    changed = budgetlib.load(variant("\n".join(lines)))
    assert (changed.template.id, changed.unit, changed.year) == (d.template.id, d.unit, d.year)
    assert _judged(budgetlib.audit(changed)) == _judged(audits[stem])


def test_a_title_naming_only_a_district_names_no_unit(variant, real):
    """Without its unit line, a cover naming only the district does not give the unit: the tables do."""
    d = real["shpt-sifaju-2026-unit"]
    lines = text_of(d).split("\n")
    cover = next(i for i, l in enumerate(lines) if l == "上海市普陀区2026年区级单位预算")
    lines[cover + 1] = ""
    changed = budgetlib.load(variant("\n".join(lines)))
    assert changed.unit == d.unit == "上海市普陀区司法局" and changed.remarks[0].where == "cover"


def test_columns_in_another_order_are_read_by_their_header(real, audits, variant):
    """基本支出 and 项目支出 swapped in a table's header and in every row: the same amounts are bound to the
    same columns, the audit is the same, and the table says it was read by its header."""
    stem = "shpt-sifaju-2026-unit"
    d = real[stem]
    table = d.tables["t05"]
    lines = text_of(d).split("\n")
    first, last = table.title_line, max(r["line"] for r in table.rows)
    printed = [c.id for c in next(s for s in d.template.schemas if s.id == "t05").columns]  # cells as printed
    basic, project = printed.index("basic"), printed.index("project")
    swapped = 0
    for no in range(first, last + 1):
        cells = lines[no - 1].split("\t")
        if len(cells) == len(printed):
            cells[basic], cells[project] = cells[project], cells[basic]
            lines[no - 1], swapped = "\t".join(cells), swapped + 1
    assert swapped >= 3
    changed = budgetlib.load(variant("\n".join(lines)))
    again = changed.tables["t05"]
    assert [(r["code"], r["basic"], r["project"]) for r in again.rows] == [
        (r["code"], r["basic"], r["project"]) for r in table.rows]
    assert again.remarks and "基本支出 in column 7" in again.remarks[0] and not table.remarks
    assert _judged(budgetlib.audit(changed)) == _judged(audits[stem])


# Another province's wording for the same standard tables and columns (titles of 收支总体情况表 families).
OTHER_TITLES = {"t01": "收支总体情况表", "t02": "收入总体情况表", "t03": "支出总体情况表",
                "t04": "财政拨款收支总体情况表", "t05": "一般公共预算支出情况表（按功能分类科目）",
                "t08": "一般公共预算基本支出情况表（按经济分类科目）"}
OTHER_HEADERS = {"t05": {"合计": "小计"}, "t08": {"人员经费": "人员支出", "公用经费": "公用支出"}}


@pytest.mark.parametrize("stem", ["shpt-sifaju-2026-unit", "shpt-wanli-2025-dept"])
def test_tables_titled_and_headed_in_another_provinces_words_are_read_by_role(real, audits, variant, stem):
    d = real[stem]
    lines = text_of(d).split("\n")
    for tid, title in OTHER_TITLES.items():
        table = d.tables[tid]
        assert lines[table.title_line - 1].strip() == table.title
        lines[table.title_line - 1] = title
        for no in table.header_lines:
            for old, new in OTHER_HEADERS.get(tid, {}).items():
                lines[no - 1] = "\t".join(new if cell.strip() == old else cell for cell in lines[no - 1].split("\t"))
    assert sum(old in lines[no - 1] for tid in OTHER_HEADERS for no in d.tables[tid].header_lines
               for old in OTHER_HEADERS[tid]) == 0  # every header word replaced
    changed = budgetlib.load(variant("\n".join(lines)))
    assert {tid: changed.tables[tid].title for tid in OTHER_TITLES} == OTHER_TITLES
    assert _judged(budgetlib.audit(changed)) == _judged(audits[stem])


def test_every_declared_table_has_its_role_in_the_national_set():
    from budgetlib.tables import title_key
    from budgetlib.templates import TEMPLATES
    from budgetlib.templates.standard import ROLES_BY_ID, title_role

    for template in TEMPLATES:
        roles = [s.role for s in template.schemas]
        assert all(r in ROLES_BY_ID for r in roles) and len(set(roles)) == len(roles), template.id
    assert title_role(title_key("2018年度江苏省高级人民法院部门收支预算总表")) == "summary"
    assert title_role(title_key("公开02表 部门收入总表")) == "income"
    assert title_role(title_key("财政拨款收支总表")) == "appropriation_summary"  # not the 收支总表
    assert title_role(title_key("一般公共预算基本支出表")) == "general_basic_economic"
    assert title_role(title_key("一般公共预算支出表（按经济分类科目）")) == "general_economic"
    assert title_role(title_key("部门收支总表的情况详见附表，收支总表")) is None  # a sentence, not a title
    # Jiangsu's wordings (docs/jiangsu-template.md): numbered or labelled titles, (功能科目)/(经济科目)
    assert title_role(title_key("一、2018年度江苏省高级人民法院收支预算总表")) == "summary"
    assert title_role(title_key("公开01表：收支预算总表")) == "summary"
    assert title_role(title_key("财政拨款支出预算表（功能科目）")) == "appropriation_functional"
    assert title_role(title_key("财政拨款基本支出预算表（经济科目）")) == "appropriation_basic_economic"
    assert title_role(title_key("一般公共预算基本支出预算表（经济科目）")) == "general_basic_economic"
    assert title_role(title_key("“三公”经费、会议费、培训费支出预算表")) == "three_public"
    assert title_role(title_key("政府性基金预算财政拨款支出预算表")) == "fund_functional"
    assert title_role(title_key("政府采购支出预算表")) == "procurement"


def test_a_table_the_document_does_not_print_is_a_remark_not_a_refusal(real, audits, variant):
    stem = "shpt-sifaju-2026-unit"
    d = real[stem]
    lines = text_of(d).split("\n")
    for no in range(d.tables["t07"].title_line, d.tables["t08"].title_line):
        lines[no - 1] = ""
    changed = budgetlib.load(variant("\n".join(lines)))
    assert "t07" not in changed.tables and len(changed.tables) == len(d.tables) - 1
    [remark] = changed.remarks
    assert "t07" in remark.where and "国有资本经营预算支出表" in remark.where and "table not found" in remark.message
    a = budgetlib.audit(changed)
    kept = [r for r in _judged(audits[stem]) if not r[0].startswith("t07")]
    assert [r for r in _judged(a) if r[0].startswith("t0")] == [r for r in kept if r[0].startswith("t0")]
    from budgetlib.export import audit_document

    assert audit_document(a)["remarks"][0]["message"] == remark.message


@pytest.mark.parametrize("stem", ["shpt-qzfb-2025-unit", "shpt-swh-2025-dept"])
def test_a_document_whose_cover_reads_otherwise_is_known_by_its_tables(real, audits, variant, stem):
    """The cover is a hint, not a gate: with no cover line the family's tables identify the document,
    unit and year come from the tables, and the audit is the same, with a warning saying so."""
    d = real[stem]
    lines = text_of(d).split("\n")
    lines[d.cover_line - 1] = lines[d.cover_line] = ""  # the title and the unit line under it
    changed = budgetlib.load(variant("\n".join(lines)))
    assert (changed.template.id, changed.unit, changed.year) == (d.template.id, d.unit, d.year)
    assert changed.cover_line is None and "no cover line" in str(changed.remarks[0])
    assert _judged(budgetlib.audit(changed)) == _judged(audits[stem])


def test_a_text_with_a_few_table_titles_is_not_taken_for_a_document(variant):
    text = "会议纪要\n2025年部门支出预算总表\n编制单位：某单位\n项目\t金额\n合计\t1.00\n"
    with pytest.raises(budgetlib.DisclosureError, match="no known template fits"):
        budgetlib.load(variant(text))


def test_a_required_section_worded_otherwise_is_a_remark(real, audits, variant):
    """The 编制说明 heading in words the family does not declare: read without that section (its numbers
    unchecked, the preceding section running on), the tables and their identities as before."""
    stem = "shpt-sifaju-2026-unit"
    d = real[stem]
    lines = text_of(d).split("\n")
    lines[d.sections["编制说明"].line - 1] = "关于本单位预算的说明"
    changed = budgetlib.load(variant("\n".join(lines)))
    assert set(changed.sections) == set(d.sections) - {"编制说明"}
    [remark] = changed.remarks
    assert remark.where == "section 编制说明" and "not checked" in remark.message
    a = budgetlib.audit(changed)
    assert [c for c in _judged(a) if c[0].startswith("t")] == [c for c in _judged(audits[stem]) if c[0].startswith("t")]


def test_a_disclosure_published_as_two_files_is_read_as_one(real, audits, tmp_path, capsys):
    """Narrative and tables published apart (as some provinces do): `--as-one` reads them as the one
    document; the audit is the same, and an error names the file it is in and its own line."""
    stem = "shpt-sifaju-2026-unit"
    d = real[stem]
    lines = text_of(d).split("\n")
    cut = d.tables["t01"].title_line - 1
    narrative, tables = tmp_path / "narrative.txt", tmp_path / "tables.txt"
    narrative.write_text("\n".join(lines[:cut]), encoding="utf-8")
    tables.write_text("\n".join(lines[cut:]), encoding="utf-8")
    joined = budgetlib.load([narrative, tables])
    assert joined.source.name == "narrative.txt + tables.txt" and (joined.unit, joined.year) == (d.unit, d.year)
    assert _judged(budgetlib.audit(joined)) == _judged(audits[stem])
    assert joined.tables["t05"].title_line == d.tables["t05"].title_line  # lines run on from file to file
    assert main(["audit", str(narrative), str(tables), "--as-one", "--fail-on", "mismatch"]) in (0, 1)
    assert "narrative.txt + tables.txt" in capsys.readouterr().out
    broken = tmp_path / "broken.txt"
    bad = lines[cut:]
    header = d.tables["t05"].header_lines[1] - 1 - cut
    bad[header] = bad[header].replace("项目支出", "其他支出")
    broken.write_text("\n".join(bad), encoding="utf-8")
    assert main(["audit", str(narrative), str(broken), "--as-one"]) == 2
    err = capsys.readouterr().err.strip()
    title = d.tables["t05"].title_line - cut  # a table's header error points at its title, in its own file
    assert "broken.txt" in err and f"line {title}:" in err and "项目支出" in err and "narrative" not in err
    assert main(["audit", str(narrative), "--as-one"]) == 2 and "two or more" in capsys.readouterr().err
    assert main(["audit", str(narrative), str(tables)]) == 2 and "--as-one" in capsys.readouterr().err
