"""The Shanghai 部门决算 family (final accounts): `上海市…局` / `<year>年度部门决算` on the cover.

Four numbered parts (概况, the nine tables, 情况说明, 名词解释) whose headings the PDF cuts (the digits
and `一` print in other fonts), so sections are known by their titles; the contents list them first
and have no page numbers, so the body starts at the contents' last entry (`第四部分 名词解释`). Nine
tables in 万元, two decimals, no unit name and no table number (docs/shanghai-final-template.md):
表1 收入支出决算总表 and 表4 财政拨款收入支出决算总表 two-sided; 表2 收入决算表, 表3 支出决算表, 表5
一般公共预算财政拨款支出决算表, 表8 / 表9 政府性基金 / 国有资本经营 收入支出决算表 by 类/款/项 printed apart
(in 表2 and 表3 the 合计 prints on the header's `类 | 款 | 项` row); 表6 基本支出 by 经济分类 in two blocks
side by side (人员经费: 301, 303; 公用经费: 302, 310), each closed by its 合计; 表7 三公 as 预算数 / 决算数 pairs.
"""
from __future__ import annotations

import re

from .model import Column, Cover, Heading, Layout, Schema, Template
from .shanghai_final_charts import CHARTS
from .shanghai_final_claims import CLAIMS
from .shanghai_final_rules import RULES

_CODES = (Column("class", "类", "code"), Column("item", "款", "code"), Column("sub", "项", "code"))
# Where the 合计 row prints on the header's '类 | 款 | 项' row, those words are data, not header: the code
# columns are named by the header words above them (their order is then the declared one).
_CODES_ABOVE = (Column("class", "支出功能分类", "code"), Column("item", "科目编码", "code"),
                Column("sub", "项目", "code"))
_NAME = Column("name", "科目名称", "text")
_PARTS = dict(code_parts=("class", "item", "sub"))


def _amounts(*pairs: str) -> tuple[Column, ...]:
    return tuple(Column(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2))


def _two_sided(schema_id: str, numeral: str, title: str, role: str, expense: tuple[Column, ...]) -> Schema:
    return Schema(schema_id, title, (Column("income_item", "项目", "text"), Column("income_total", "决算数"),
                                     Column("expense_item", "项目", "text")) + expense,
                  "two_sided", (("收入", ("income_item", "income_total")),
                                ("支出", ("expense_item",) + tuple(c.id for c in expense))),
                  numeral=numeral, role=role)


def _balances(schema_id: str, numeral: str, title: str, role: str) -> Schema:
    """表8 / 表9: per 科目 年初结转和结余, 本年收入, 本年支出 (小计 = 基本 + 项目), 年末结转和结余."""
    return Schema(schema_id, title, _CODES + (_NAME,) + _amounts(
        "opening_balance", "年初结转和结余", "income_current", "本年收入", "total", "小计", "basic", "基本支出",
        "project", "项目支出", "closing_balance", "年末结转和结余"), "coded", numeral=numeral, role=role, **_PARTS)


SCHEMAS = (
    _two_sided("t01", "1", "收入支出决算总表", "final_summary", (Column("total", "决算数"),)),
    Schema("t02", "收入决算表", _CODES_ABOVE + (_NAME,) + _amounts(
        "total", "本年收入合计", "appropriation", "财政拨款收入", "upper_subsidy", "上级补助收入", "business", "事业收入",
        "operating", "经营收入", "affiliate_income", "附属单位上缴收入", "other", "其他收入"),
        "coded", numeral="2", role="final_income", **_PARTS),
    Schema("t03", "支出决算表", _CODES_ABOVE + (_NAME,) + _amounts(
        "total", "本年支出合计", "basic", "基本支出", "project", "项目支出", "to_upper", "上缴上级支出",
        "operating_expense", "经营支出", "to_affiliates", "对附属单位补助支出"),
        "coded", numeral="3", role="final_expense", **_PARTS),
    _two_sided("t04", "4", "财政拨款收入支出决算总表", "final_appropriation_summary", _amounts(
        "total", "合计", "general", "一般公共预算财政拨款", "fund", "政府性基金预算财政拨款",
        "state_capital", "国有资本经营预算财政拨款")),
    Schema("t05", "一般公共预算财政拨款支出决算表", _CODES + (_NAME,) + _amounts(
        "total", "合计", "basic", "基本支出", "project", "项目支出"),
        "coded", numeral="5", role="final_general_functional", **_PARTS),
    Schema("t06", "一般公共预算财政拨款基本支出决算表",
           (Column("class", "类", "code"), Column("item", "款", "code"), Column("name", "科目名称", "text"),
            Column("total", "决算数"), Column("class2", "类", "code"), Column("item2", "款", "code"),
            Column("name2", "科目名称", "text"), Column("total2", "决算数")),
           "coded", sides=(("人员经费", ("class", "item", "name", "total")),
                           ("公用经费", ("class2", "item2", "name2", "total2"))),
           code_levels=((3, "类"), (5, "款")), code_parts=("class", "item"), numeral="6",
           role="final_general_basic_economic"),
    Schema("t07", r'^财政拨款"?三公"?经费支出决算表$', _amounts(
        "total_budget", "预算数", "total", "决算数", "overseas_budget", "预算数", "overseas", "决算数",
        "vehicles_budget", "预算数", "vehicles", "决算数", "vehicle_purchase_budget", "预算数", "vehicle_purchase", "决算数",
        "vehicle_running_budget", "预算数", "vehicle_running", "决算数", "reception_budget", "预算数", "reception", "决算数"),
        "rows", numeral="7", role="final_three_public"),
    _balances("t08", "8", "政府性基金预算财政拨款收入支出决算表", "final_fund"),
    _balances("t09", "9", "国有资本经营预算财政拨款收入支出决算表", "final_state_capital"),
)


def _title(title: str) -> str:
    """A section title as a regex that tolerates what the PDF cuts out of it: its numeral, the `一` of
    一般 and the quotes (printed in other fonts, they may stand on lines of their own), and blanks."""
    parts = []
    for char in title:
        if char == "一":
            parts.append("一?")
        elif char in "“”":
            parts.append('[“”"]?')
        else:
            parts.append(re.escape(char))
    return r"^(?:[一二三四五六七八九十]+\s*)?、?\s*" + r"\s*".join(parts) + "$"


# section key (how claims name it) -> title, as printed in the 情况说明 (第三部分)
SECTIONS = (
    ("总体情况", "收入支出决算总体情况说明"),
    ("收入决算", "收入决算情况说明"),
    ("支出决算", "支出决算情况说明"),
    ("财政拨款总体情况", "财政拨款收入支出决算总体情况说明"),
    ("一般公共预算支出", "一般公共预算财政拨款支出决算情况说明"),
    ("基本支出", "一般公共预算财政拨款基本支出决算情况说明"),
    ("三公经费", "财政拨款“三公”经费支出决算情况说明"),
    ("政府性基金", "政府性基金预算财政拨款收入支出决算情况说明"),
    ("国有资本经营", "国有资本经营预算财政拨款收入支出决算情况说明"),
    ("预算绩效管理", "预算绩效管理情况"),
    ("其他重要事项", "其他重要事项的情况说明"),
)
LAYOUT = Layout(
    headings=tuple(Heading(key, _title(title), required=False) for key, title in SECTIONS) + (
        # 第四部分's heading also ends the contents: the glossary is known by its first entry
        Heading("名词解释", r"^一、财政拨款收入[:：]", required=False),
        # 第三部分's heading ends the last table (the first section title may stand after it)
        Heading("第三部分", r"^第三部分", required=False)),
    toc_end=r"^第四部分\s*名词解释$",
    table_unit_named=False,
    table_amount_unit=r"^单位\s*[:：]\s*(?P<amount_unit>万元|元)\s*$",
    table_note=r"^注\s*[:：]",
    # cut out of the headings by the PDF: a title's quotes, a part heading's year on a line of its own
    table_furniture=r'^(?:[“”"]\s*[“”"]|\d{4})$',
    wrapped_lines=True,
)

FINAL_DEPARTMENT = Template(
    id="shanghai-final-department",
    name="上海市部门决算（九张表）",
    kind="决算",
    cover=Cover(title=r"^(?P<year>\d{4})?\s*年度部门决算$", year_apart=True,
                shown="'上海市…局' then '<year>年度部门决算'"),
    layout=LAYOUT,
    facts=(),
    schemas=SCHEMAS,
    no_data_note=r"本表无数据",
    rules=RULES,
    claims=CLAIMS,
    charts=CHARTS,
)
