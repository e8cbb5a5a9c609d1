"""The Shanghai template family: 区级/市级 单位预算 (unit) and 部门预算 (department) disclosures.

A cover `上海市普陀区<year>年区级单位预算` with `预算单位：X` (or 部门预算 with `预算主管部门：X`); no
numbered parts: sections known by their headings (主要职能, 机构设置, 名词解释, <year>年单位预算编制说明,
the nine tables, 其他相关情况说明; department budgets add 项目经费情况说明). Tables 1–8 print 元 with
thousands separators (some cells without decimals), table 9 万元; 类/款/项 stand in separate columns.
"""
from __future__ import annotations

from dataclasses import replace

from .model import Column, Cover, Fact, Heading, Layout, Schema, Template
from .shanghai_charts import CHARTS
from .shanghai_claims import CLAIMS
from .shanghai_rules import RULES_DEPARTMENT, RULES_UNIT

_KIND = "(?:预算单位|部门)"  # unit budgets title their tables 预算单位…, department budgets 部门…
_CODES = (Column("class", "类", "code"), Column("item", "款", "code"), Column("sub", "项", "code"))
_BASIC_PROJECT = (Column("total", "合计"), Column("basic", "基本支出"), Column("project", "项目支出"))


def _amounts(*pairs: str) -> tuple[Column, ...]:
    return tuple(Column(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2))


def _functional(schema_id: str, numeral: str, title: str, role: str) -> Schema:
    """Tables 3, 5, 6, 7: expenditure by functional class (类/款/项), 合计 = 基本支出 + 项目支出."""
    return Schema(schema_id, rf"^{_KIND}{title}$",
                  _CODES + (Column("name", "功能分类科目名称", "text"),) + _BASIC_PROJECT,
                  "coded", code_parts=("class", "item", "sub"), numeral=numeral, role=role)


_INCOME_TABLE = Schema(
    "t02", rf"^{_KIND}收入预算总表$",
    _CODES + (Column("name", "功能分类科目名称", "text"),)
    + _amounts("total", "合计", "appropriation", "财政拨款收入", "business", "事业收入",
               "operating", "事业单位经营收入", "other", "其他收入"),
    "coded", code_parts=("class", "item", "sub"), numeral="2", role="income",
)
_APPROPRIATION_TABLE = Schema(
    "t04", rf"^{_KIND}财政拨款收支预算总表$",
    (Column("income_item", "项目", "text"), Column("income_total", "预算数"), Column("expense_item", "项目", "text"))
    + _amounts("total", "合计", "general", "一般公共预算", "fund", "政府性基金预算", "state_capital", "国有资本经营预算"),
    "two_sided",
    (("收入", ("income_item", "income_total")), ("支出", ("expense_item", "total", "general", "fund", "state_capital"))),
    numeral="4", role="appropriation_summary",
)
_ECONOMIC_TABLE = Schema(
    "t08", rf"^{_KIND}一般公共预算基本支出部门预算经济分类预算表$",
    (Column("class", "类", "code"), Column("item", "款", "code"), Column("name", "经济分类科目名称", "text"))
    + _amounts("total", "合计", "personnel", "人员经费", "public", "公用经费"),
    "coded", code_levels=((3, "类"), (5, "款")), code_parts=("class", "item"), numeral="8",
    role="general_basic_economic",
)
_THREE_PUBLIC_TABLE = Schema(
    "t09", r'^(?:单位|部门)"三公"经费和机关运行经费预算表$',
    _amounts("total", "合计", "overseas", "因公出国(境)费", "reception", "公务接待费", "vehicles", "小计",
             "vehicle_purchase", "购置费", "vehicle_running", "运行费", "office_operation", "机关运行经费预算数"),
    "rows", numeral="9", role="three_public",
)
_UNIT_SUMMARY_TABLE = Schema(
    "t01", r"^预算单位财务收支预算总表$",
    (Column("income_item", "项目", "text"), Column("income_total", "预算数"), Column("expense_item", "项目", "text"))
    + _amounts("total", "合计", "personnel", "人员经费", "public", "公用经费", "project", "项目支出"),
    "two_sided",
    (("收入", ("income_item", "income_total")), ("支出", ("expense_item", "total", "personnel", "public", "project"))),
    numeral="1", role="summary",
)
_DEPARTMENT_SUMMARY_TABLE = Schema(
    "t01", r"^部门财务收支预算总表$",
    (Column("income_item", "项目", "text"), Column("income_total", "预算数"), Column("expense_item", "项目", "text"),
     Column("total", "预算数")),
    "two_sided",
    (("收入", ("income_item", "income_total")), ("支出", ("expense_item", "total"))),
    numeral="1", role="summary",
)
_COMMON_TABLES = (
    _INCOME_TABLE,
    _functional("t03", "3", "支出预算总表", "expense"),
    _APPROPRIATION_TABLE,
    _functional("t05", "5", "一般公共预算支出功能分类预算表", "general_functional"),
    _functional("t06", "6", "政府性基金预算支出功能分类预算表", "fund_functional"),
    _functional("t07", "7", "国有资本经营预算支出功能分类预算表", "state_capital_functional"),
    _ECONOMIC_TABLE,
    _THREE_PUBLIC_TABLE,
)

_HEADINGS = (
    Heading("主要职能", r"^(?![一二三四五六七八九十]、)\S+主要职能$", required=False),
    Heading("机构设置", r"^(?![一二三四五六七八九十]、)\S+机构设置$", required=False),
    Heading("名词解释", r"^名词解释$", required=False),
    Heading("编制说明", r"^(?:\d{4}年度?)?(?:单位|部门)预算编制说明$"),  # the year is sometimes left out
    Heading("其他相关情况说明", r"^其他相关情况说明$"),
)
LAYOUT = Layout(
    headings=_HEADINGS,
    toc_end=r"^(?![一二三四五六七八九十]、)\S+主要职能$",
    table_unit_name=r"编制(?:单位|部门)\s*[:：]\s*(?P<unit>\S+)",
    table_amount_unit=r"(?<!编制)单位\s*[:：]\s*(?P<amount_unit>万元|元)\s*$",
    table_note=r"^注\s*[:：]",
    table_furniture=r"^[-—–]*\s*\d+\s*[-—–]*$",
    wrapped_lines=True,
)
FACTS = (Fact("internal_bodies", r"设\s*(\d+)\s*个内设机构", listing=True),)
# '上海市普陀区2025年区级单位预算', or with the unit named in the title: '上海市普陀区司法局2026年单位预算'
_YEAR_AND_LEVEL = r"^(?P<unit>上海市\S*?)(?P<year>\d{4})年度?(?:区级|市级)?"
_UNIT_NOT_PLACE = r"上海市(?!\S{1,6}[区县]$)\S+"  # a title naming only the city or a district names no unit

UNIT = Template(
    id="shanghai-unit",
    name="上海市单位预算（九张表）",
    cover=Cover(title=_YEAR_AND_LEVEL + "单位预算(?:公开)?$", unit=r"^(?:预算单位|单位名称)\s*[:：]\s*(?P<unit>\S+)",
                unit_in_title=_UNIT_NOT_PLACE, shown="'上海市…<year>年区级单位预算' then '预算单位：<unit>'"),
    layout=LAYOUT,
    facts=FACTS,
    schemas=(_UNIT_SUMMARY_TABLE,) + _COMMON_TABLES,
    no_data_note=r"本表为空表|本表无数据",
    rules=RULES_UNIT,
    claims=CLAIMS,
    charts=CHARTS,
)
DEPARTMENT = replace(
    UNIT,
    id="shanghai-department",
    name="上海市部门预算（九张表）",
    cover=Cover(title=_YEAR_AND_LEVEL + "部门预算(?:公开)?$", unit=r"^(?:预算主管部门|部门名称)\s*[:：]\s*(?P<unit>\S+)",
                unit_in_title=_UNIT_NOT_PLACE, shown="'上海市…<year>年区级部门预算' then '预算主管部门：<unit>'"),
    # project sections: '项目经费情况说明', '人民调解项目经费情况说明', '科技创新专项经费情况说明' … (the first
    # opens the section; later ones may run into the text before them)
    layout=replace(LAYOUT, headings=_HEADINGS + (
        Heading("项目经费情况说明", r"^(?![一二三四五六七八九十]、)\S*经费情况说明$", required=False),)),
    schemas=(_DEPARTMENT_SUMMARY_TABLE,) + _COMMON_TABLES,
    rules=RULES_DEPARTMENT,
)
