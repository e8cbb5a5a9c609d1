"""The national set of department budget tables as the Ministry of Finance's disclosure template lays
them out (部门预算公开表 01–12), in 万元: the declaration a document of a family budgetlib does not know
is read with, and the one a family such as Jiangsu overrides.

Every table is known by its role's titles (`Schema.title_key` ''), whatever the family calls it or
however it numbers it; its columns are bound through their header words (templates.standard), some
optional (`Column.optional`: printed by some families, empty where left out). The layouts: 收支总表
in two blocks (收入 | 支出 by function) or three (and 支出 by use); the coded tables with the 科目编码 in
one cell or as 类 | 款 | 项 apart, one amount column (金额) or its split (基本/项目, 人员/公用); the 三公
table one row. Identities: `standard_rules`; narrative: `standard_claims`; figures: `standard_charts`.
"""
from __future__ import annotations

from .model import Column, Cover, Heading, Layout, Schema, Template
from .standard_charts import CHARTS
from .standard_claims import CLAIMS
from .standard_rules import RULES

INCOME, EXPENSE, EXPENSE_BY_USE = "收入", "支出", "支出用途"
# the code in one cell (2040601), or as 类 | 款 | 项 apart (some families), then the name
_CODES_APART = (Column("class", "类", "code", optional=True), Column("item", "款", "code", optional=True),
                Column("sub", "项", "code", optional=True))
_CODED = (Column("code", "科目编码", "code", optional=True), Column("name", "科目名称", "text"))
_ECONOMIC = ((3, "类"), (5, "款"))


def _coded(role: str, numeral: str, amounts: tuple[Column, ...], levels=((3, "类"), (5, "款"), (7, "项"))) -> Schema:
    parts = _CODES_APART[: len(levels)]
    return Schema(role, "", parts + _CODED + amounts, "coded", code_levels=levels,
                  code_parts=tuple(c.id for c in parts), numeral=numeral, role=role)


# by function: one amount column (金额), or 合计 split into 基本支出 and 项目支出 where the family prints them
_FUNCTIONAL = (Column("total", "金额"), Column("basic", "基本支出", optional=True),
               Column("project", "项目支出", optional=True))
# by economic class: 基本支出 (金额), split into 人员经费 and 公用经费 where printed
_BASIC_SPLIT = (Column("basic", "金额"), Column("personnel", "人员经费", optional=True),
                Column("public", "公用经费", optional=True))


SCHEMAS: tuple[Schema, ...] = (
    Schema("summary", "",  # 支出 by use: a third block some families print (the Ministry's has two)
           (Column("income_item", "项目名称", "text"), Column("income_total", "金额"),
            Column("expense_item", "功能科目名称", "text"), Column("total", "金额", also=("预算数",)),
            Column("use_item", "项目名称", "text", optional=True), Column("use_total", "金额", optional=True)),
           "two_sided",
           ((INCOME, ("income_item", "income_total")), (EXPENSE, ("expense_item", "total")),
            (EXPENSE_BY_USE, ("use_item", "use_total"))),
           numeral="1", role="summary"),
    Schema("income", "",
           (Column("group", "项目名称", "text"), Column("item", "项目名称", "text"), Column("total", "金额")),
           "rows", numeral="2", role="income"),
    Schema("expense", "",
           (Column("total", "合计"), Column("basic", "基本支出"), Column("project", "项目支出"),
            Column("reserve", "单位预留机动经费"), Column("carry_out", "结转下年资金")),
           "rows", numeral="3", role="expense"),
    Schema("appropriation_summary", "",  # 支出 by fund where the family prints it
           (Column("income_item", "项目名称", "text"), Column("income_total", "金额"),
            Column("expense_item", "项目名称", "text"), Column("total", "金额"),
            Column("general", "一般公共预算", optional=True), Column("fund", "政府性基金预算", optional=True),
            Column("state_capital", "国有资本经营预算", optional=True)),
           "two_sided", ((INCOME, ("income_item", "income_total")),
                         (EXPENSE, ("expense_item", "total", "general", "fund", "state_capital"))),
           numeral="4", role="appropriation_summary"),
    _coded("appropriation_functional", "5", _FUNCTIONAL),
    _coded("appropriation_basic_economic", "6", _BASIC_SPLIT, _ECONOMIC),
    _coded("general_functional", "7", _FUNCTIONAL),
    _coded("general_basic_economic", "8", _BASIC_SPLIT, _ECONOMIC),
    Schema("three_public", "",
           # 'total' is the 三公 total, as in every family; 合计 adds 会议费 and 培训费, which this set prints too
           (Column("grand_total", "合计"), Column("total", "小计"), Column("overseas", "因公出国(境)费"),
            Column("vehicles", "小计"), Column("vehicle_purchase", "公务用车购置费"),
            Column("vehicle_running", "公务用车运行维护费"), Column("reception", "公务接待费"),
            Column("meetings", "会议费"), Column("training", "培训费")),
           "rows", numeral="9", role="three_public"),
    _coded("fund_functional", "10", _FUNCTIONAL),
    _coded("office_operation", "11", (Column("office_operation", "金额"),), _ECONOMIC),
    Schema("procurement", "",
           (Column("item", "采购品目大类", "text"), Column("project", "专项名称", "text"),
            Column("economic", "经济科目", "text"), Column("goods", "采购物品名称", "text"),
            Column("method", "采购组织形式", "text"), Column("total", "总计")),
           "rows", numeral="12", role="procurement"),
)

_SECTION = "^[一二三四五六七八九十]+、"
_SECTIONS = (  # (key, the words after the numeral)
    ("收支总体", r"收支预算总(?:表|体)情况说明"),
    ("收入", r"收入预算(?:表)?情况说明"),
    ("支出", r"支出预算(?:表)?情况说明"),
    ("财政拨款收支", r"财政拨款收支预算总(?:表|体)情况说明"),
    ("财政拨款支出", r"财政拨款支出预算(?:表)?情况说明"),
    ("财政拨款基本支出", r"财政拨款基本支出预算(?:表)?情况说明"),
    ("一般公共预算支出", r"一般公共预算支出预算(?:表)?情况说明"),
    ("一般公共预算基本支出", r"一般公共预算基本支出预算(?:表)?情况说明"),
    ("三公经费", r"一般公共预算[“\"]?三公[”\"]?经费、会议费、培训费支\S*"),  # cut anywhere over two lines
    ("政府性基金", r"政府性基金\S*支出预算(?:表)?情况说明"),
    ("机关运行经费", r"一般公共预算机关运行经费\S*情况说明"),
    ("政府采购", r"\S*政府采购\S*情况说明"),
    ("国有资产占用", r"国有资产占用情况"),
    ("绩效目标", r"\S*预算绩效目标设置情况说明"),
)
# the sections of the 情况说明, one per table and a few more, known by their words (a family numbers them
# in its own order)
HEADINGS = tuple(Heading(key, _SECTION + words + "$", required=False) for key, words in _SECTIONS)

LAYOUT = Layout(
    headings=HEADINGS,
    headings_before_text=True,  # '十一、一般公共预算“三公”经费…支出预' is a table's title where a table follows
    toc_start=r"^目\s*录$",
    toc_end=r"^第一部分\s*部门概况$",
    toc_end_required=False,
    amount_unit="万元",
    table_unit_name=r"(?:^|编制)(?:部门|单位)(?:名称)?\s*[:：]\s*(?!万?元(?:\s|$))(?P<unit>\S+)",
    table_amount_unit=r"单位\s*[:：]\s*(?P<amount_unit>万元|元)\s*$",
    table_note=r"^(?:注|说明)\s*[:：\d]|^[(（]无",
    section_break=r"^第[一二三四五六七八九十]+部分|^[一二三四五六七八九十]+、[^，。；：,;:]{2,40}$",
    table_furniture=r"^(?:[-—–─]*\s*\d+\s*[-—–─]*|[-—–─\s]+|公开\s*\d+\s*表|公开表[一二三四五六七八九十]+|此表为空)$",
    wrapped_lines=True,
    table_unit_named=False,
)

STANDARD = Template(
    id="standard",
    name="部门预算公开表（财政部统一格式）",
    # no cover is the national set's: a document of a family not declared is known by its tables
    cover=Cover(title=r"(?!)", unit="title", shown="(none: read by its standard tables)"),
    layout=LAYOUT,
    facts=(),
    schemas=SCHEMAS,
    no_data_note=r"本表无数据|无相关收支|无该项目|此表为空|无政府性基金",
    rules=RULES,
    claims=CLAIMS,
    charts=CHARTS,
    strict_tables=False,
)
