"""The 山西/晋城 municipal template: 单位预算公开 in four parts with thirteen budget tables.

Part 1 概况 (facts of the unit), Part 2 the thirteen tables in 万元, Part 3 twelve numbered
narrative sections with the project performance-goal tables appended to 绩效管理情况, Part 4
名词解释. Everything specific to this family is declared here; the identities are in
`shanxi_rules`, the narrative vocabulary in `shanxi_claims`.
"""
from __future__ import annotations

from .model import Column, Cover, Fact, GoalTables, Layout, Schema, Template
from .shanxi_charts import CHARTS
from .shanxi_claims import CLAIMS
from .shanxi_rules import RULES

_NUMERAL = "[一二三四五六七八九十]+"

COVER = Cover(title=r"^(?P<year>\d{4})年度单位预算公开$", unit="line_before", search_lines=40,
              shown="'<year>年度单位预算公开' after the unit name")

LAYOUT = Layout(
    part_heading=rf"^第({_NUMERAL})部分\s*(\S.*?)\s*$",
    overview_part="一",
    tables_part="二",
    narrative_part="三",
    section_heading=rf"^({_NUMERAL})、\s*(\S.*?)\s*$",
    toc_table=rf"^表({_NUMERAL})\s*(\S.*)$",
    furniture=("仅供内部审核",),  # the watermark printed between pages
    table_furniture=r"^(预算公开表\s*\d+|[-—–]*\s*\d+\s*[-—–]*)$",
    appendix_start=("项目支出绩效目标表", r"^\S{2,20}文件$"),  # goal tables; a forwarded document
)

FACTS = (
    Fact("staffing", r"编制\s*(\d+)\s*名"),
    Fact("departments", r"下设\s*(\d+)\s*个科室"),
    Fact("affiliated_units", r"(\d+)\s*个直属单位"),
    Fact("internal_bodies", r"下设\s*(\d+)\s*个内设机构", listing=True),
)

def _amounts(*pairs: str) -> tuple[Column, ...]:
    return tuple(Column(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2))


_CODED_HEAD = (Column("code", "科目编码", "code"), Column("name", "科目名称", "text"))
_BASIC_PROJECT = _amounts("total", "合计", "basic", "基本支出", "project", "项目支出")
_BY_FUND = _amounts("general", "一般公共预算", "fund", "政府性基金预算", "state_capital", "国有资本经营预算")

SCHEMAS: tuple[Schema, ...] = (
    Schema(
        "t01", "预算收支总表",
        (Column("income_item", "项目", "text"), Column("income_total", "{year}年"),
         Column("expense_item", "项目", "text"))
        + _amounts("total", "{year}年合计", "current_year", "当年预算安排", "carried_over", "上年结转安排"),
        "two_sided",
        (("收入", ("income_item", "income_total")),
         ("支出", ("expense_item", "total", "current_year", "carried_over"))),
        role="summary",
    ),
    Schema(
        "t02", "预算收入总表",
        _CODED_HEAD + _amounts(
            "total", "合计", "general", "一般公共预算", "fund", "政府性基金",
            "state_capital", "国有资本经营预算", "special_account", "财政专户管理资金",
            "unit_funds", "单位资金", "carried_over", "上年结转"),
        "coded",
        role="income",
    ),
    Schema("t03", "预算支出总表", _CODED_HEAD + _BASIC_PROJECT, "coded", role="expense"),
    Schema(
        "t04", "财政拨款收支总表",
        (Column("income_item", "项目", "text"), Column("income_total", "金额"),
         Column("expense_item", "项目", "text"), Column("total", "小计")) + _BY_FUND,
        "two_sided",
        (("收入", ("income_item", "income_total")),
         ("支出", ("expense_item", "total", "general", "fund", "state_capital"))),
        role="appropriation_summary",
    ),
    Schema("t05", "一般公共预算支出预算表(不含上年结转)", _CODED_HEAD + _BASIC_PROJECT, "coded",
           role="general_functional"),
    Schema(
        "t06", "一般公共预算安排基本支出分经济科目表(不含上年结转)",
        (Column("dept_item", "部门预算支出经济科目名称", "text"),
         Column("gov_item", "政府预算支出经济科目名称", "text"))
        + _amounts("total", "合计", "personnel", "人员经费", "public", "公用经费"),
        "economic",
        role="general_basic_economic",
    ),
    Schema(
        "t07", "政府性基金预算收入表(不含上年结转)",
        (Column("code", "收入科目编码", "code"), Column("name", "科目名称", "text"),
         Column("total", "政府性基金收入预算")),
        "coded",
        role="fund_income",
    ),
    Schema("t08", "政府性基金预算支出表(不含上年结转)", _CODED_HEAD + _BASIC_PROJECT, "coded", role="fund_functional"),
    Schema(
        "t09", "国有资本经营预算收支预算表(不含上年结转)",
        (Column("income_code", "收入科目编码", "code"), Column("income_name", "科目名称", "text"),
         Column("income_total", "国有资本经营收入预算"),
         Column("code", "科目编码", "code"), Column("name", "科目名称", "text")) + _BASIC_PROJECT,
        "rows",
        role="state_capital_summary",
    ),
    Schema(
        "t10", '财政拨款安排"三公"经费支出预算表',
        (Column("item", "项目", "text"), Column("total", "合计")) + _BY_FUND,
        "itemised",
        role="three_public",
    ),
    Schema(
        "t11", "财政拨款安排机关运行经费预算表",
        (Column("item", "单位名称", "text"), Column("total", "合计")) + _BY_FUND,
        "units",
        role="office_operation",
    ),
    Schema(
        "t12", "项目支出预算表(本年预算)",
        (Column("item", "项目名称", "text"), Column("total", "合计")) + _BY_FUND
        + _amounts("special_account", "财政专户管理资金", "unit_funds", "单位资金"),
        "projects",
        role="projects",
    ),
    Schema(
        "t13", "项目支出预算表(上年结转)",
        (Column("item", "项目名称", "text"), Column("total", "合计")) + _BY_FUND,
        "projects",
        role="projects_carried_over",
    ),
)


TEMPLATE = Template(
    id="shanxi-municipal",
    name="山西省市级单位预算公开（十三张表）",
    cover=COVER,
    layout=LAYOUT,
    facts=FACTS,
    schemas=SCHEMAS,
    goal_tables=GoalTables(title="项目支出绩效目标表", section_title="绩效管理", budget_table="t12"),
    rules=RULES,
    claims=CLAIMS,
    charts=CHARTS,
)
