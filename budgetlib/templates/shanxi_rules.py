"""The identities between the cells of the 山西/晋城 municipal template (interpreted by budgetlib.checks).

The thirteen tables: 表一 收支总表 and 表四 财政拨款收支总表 (two-sided), 表二 收入 / 表三 支出 / 表五
一般公共预算支出 / 表七, 表八 政府性基金 (by 科目编码), 表六 基本支出 by 经济科目, 表十 三公, 表十一
机关运行经费, 表十二 / 表十三 项目支出 (本年 / 上年结转). Every identity is derived from what the tables
print (合计/小计 rows, code hierarchy, column definitions) and from how the tables relate, never from
this document's numbers. Where the tables' titles make one figure a part of another (表十 “三公” of all
财政拨款 spending against 表六's 基本支出; 表十一 机关运行经费 within 表六 公用经费; 表三 of every source against
表四 / 表五 财政拨款), the relation is a bound, an identity only where the other sources are nil
(docs/methodology.md lists each). The order of the rules is the order of the checks in the ledger.
"""
from __future__ import annotations

from .rules import (AT_LEAST, AT_MOST, NUMBERED, KeySum, ClassHierarchy, CodeHierarchy, CountEqualsListing, Equal, FactEquals, ItemParents,
                    ItemTotals, Label, MatchRows, NoDataNote, Pair, Plus, Ref, RefSum, RowSum, RowsPresent, Side,
                    TableHeadings, That, ThatSum, This, TwoSidedTotals, UnitBlocks, UnitRowNamed)

# 收入 sources: the label printed on 表一's income side -> the column of 表二 holding it, and its printed label.
INCOME_SOURCES = (
    ("一般公共预算", "general", "一般公共预算"),
    ("政府性基金预算", "fund", "政府性基金"),
    ("国有资本经营预算", "state_capital", "国有资本经营预算"),
    ("财政专户管理资金", "special_account", "财政专户管理资金"),
    ("单位资金", "unit_funds", "单位资金"),
)
APPROPRIATION = ("general", "fund", "state_capital")  # 财政拨款 = these three sources
BASIC_PROJECT = ("basic", "project")

TOTAL = {"level": "合计"}  # the 合计 row of a coded, economic or itemised table
INCOME, EXPENSE = "收入", "支出"
EXPENSE_ITEMS = {"side": EXPENSE, "group": "", "item": NUMBERED}  # the numbered 支出 rows (by function)
CLASS = {"level": "类"}


def _income(table: str, item: str, column: str = "total", **where) -> Ref:
    """The income-side row of 表一 / 表四 printed as `item` (numbering aside)."""
    return Ref(table, column, {"side": INCOME, "item": Label(item), **where})


def _expense(table: str, item: str, column: str = "total") -> Ref:
    return Ref(table, column, {"side": EXPENSE, "item": Label(item)})


def _total(table: str, column: str) -> Ref:
    return Ref(table, column, TOTAL)


# Funds other than this year's 一般公共预算 (表二 合计): where they are nil, every expenditure is 一般公共预算's.
NOT_GENERAL = tuple(column for _, column, _ in INCOME_SOURCES if column != "general") + ("carried_over",)
OTHER_THAN_GENERAL = Plus(tuple(_total("t02", c) for c in NOT_GENERAL))
NOT_APPROPRIATION = Plus((_total("t02", "special_account"), _total("t02", "unit_funds")))


WITHIN = (
    TwoSidedTotals("t01", Side(INCOME, "本年收入合计", "上年结转", "收入总计", ("total",)),
                   Side(EXPENSE, "本年支出合计", "年终结转", "支出总计")),
    RowSum("t01", "total", ("current_year", "carried_over"), "每行", {"side": EXPENSE}),
    TwoSidedTotals("t04", Side(INCOME, "本年收入合计", "上年财政拨款结转", "收入总计", ("total",)),
                   Side(EXPENSE, "本年支出合计", "年终结转", "支出总计")),
    RowSum("t04", "total", APPROPRIATION, "每行", {"side": EXPENSE}),
    CodeHierarchy("t02"),
    RowSum("t02", "total", tuple(column for _, column, _ in INCOME_SOURCES), "本年收入 = Σ来源"),
    *(rule for table in ("t03", "t05", "t08")
      for rule in (CodeHierarchy(table), RowSum(table, "total", BASIC_PROJECT, "合计 = 基本支出 + 项目支出"))),
    CodeHierarchy("t07"),
    ClassHierarchy("t06", key="dept_item"),
    RowSum("t06", "total", ("personnel", "public"), "合计 = 人员经费 + 公用经费"),
    ItemTotals("t10", ("项目", "单位"), "{row} = Σ项目"),
    RowSum("t10", "total", APPROPRIATION, "合计 = Σ资金来源"),
    ItemTotals("t11", ("项目", "单位"), "{row} = Σ项目"),
    RowSum("t11", "total", APPROPRIATION, "合计 = Σ资金来源"),
    ItemParents("t10", "{row} = 购置 + 运行维护"),  # 公务用车购置及运行费 = ①购置 + ②运行维护
    UnitBlocks("t12"),
    RowSum("t12", "total", APPROPRIATION + ("special_account", "unit_funds"), "合计 = Σ资金来源"),
    UnitBlocks("t13"),
    RowSum("t13", "total", APPROPRIATION, "合计 = Σ资金来源"),
    NoDataNote(),
)

# 表一 ↔ 表二: income by source, current year, carried over; 表一 ↔ 表三: expenditure total.
T01_T02 = (
    *(Equal(f"x.t01-t02.{column}", f"表一 收入 {name} = 表二 合计 {printed}", _income("t01", name, group=""),
            _total("t02", column), "t01,t02", skip_blank=True)
      for name, column, printed in INCOME_SOURCES),
    Equal("x.t01-t02.total", "表一 本年收入合计 = 表二 合计 合计", _income("t01", "本年收入合计"),
          _total("t02", "total"), "t01,t02"),
    Equal("x.t01-t02.carried_over", "表一 上年结转 = 表二 合计 上年结转", _income("t01", "上年结转"),
          _total("t02", "carried_over"), "t01,t02"),
    Equal("x.t01-t03.total", "表一 支出总计 = 表三 合计", _expense("t01", "支出总计"), _total("t03", "total"),
          "t01,t03"),
)


def _by_function(tables: str, column: str, other_column: str, id: str, description: str, note: str = "") -> Pair:
    """A numbered 支出 row of 表一 / 表四 (by function) ↔ Σ the 类 rows of that name in 表三 / 表二."""
    other = tables.split(",")[1]
    return Pair(id, description, other, This(column), ThatSum(other_column), tables, on="name", where=CLASS,
                absent="zero", skip_blank=True, note=note)


T01_BY_FUNCTION = MatchRows("t01", "item", strip=True, where=EXPENSE_ITEMS, pairs=(
    _by_function("t01,t03", "total", "total", "x.t01-t03.{key}.total",
                 "表一 {row[item]} {this_columns[total]} = {that} {key} {that_columns[total]}"),
    _by_function("t01,t02", "current_year", "total", "x.t01-t02.{key}.current_year",
                 "表一 {row[item]} {this_columns[current_year]} = {that} {key} {that_columns[total]}"),
    _by_function("t01,t02", "carried_over", "carried_over", "x.t01-t02.{key}.carried_over",
                 "表一 {row[item]} {this_columns[carried_over]} = {that} {key} {that_columns[carried_over]}"),
))

# 表二 ↔ 表三 / 表五 code by code (the 合计 rows, with a blank code, pair up too).
T02_BY_CODE = MatchRows("t02", "code", label=("code", "name"), blank_key="total", pairs=(
    Pair("x.t02-t03.{key}", "表二 {label} 本年收入 + 上年结转 = 表三 合计", "t03", That("total"),
         This("total") + This("carried_over"), "t02,t03"),
    Pair("x.t02-t05.{key}", "表二 {label} 一般公共预算 = 表五 合计", "t05", This("general"), That("total"),
         "t02,t05", absent="zero"),
))
T03_IN_T02 = RowsPresent("t03", "t02", "code", "x.t03-t02.{key}", "表三 {row[code]} {row[name]} 应见于表二",
                         "present in 表二", "t02,t03")
# 表三 ↔ 表五: 基本支出 has no carry-over here, so 基本支出 agrees code by code.
T05_BASIC = MatchRows("t05", "code", label=("code", "name"), blank_key="total", pairs=(
    Pair("x.t03-t05.{key}.basic", "表三 {label} 基本支出 = 表五", "t03", That("basic"), This("basic"),
         "t03,t05", skip_blank=True, relation=AT_LEAST,
         reason="表三 counts 基本支出 of every source and 上年结转, 表五 this year's 一般公共预算 only",
         equal_when=KeySum("t02", "total") + KeySum("t02", "carried_over") - KeySum("t02", "general")),
))

# 表四 ↔ 表二 / 表一 / 表三: 财政拨款 income, carry-over and expenditure by function.
T04 = (
    Equal("x.t04-t02.current", "表四 本年收入合计 = 表二 合计 财政拨款(一般公共预算+政府性基金+国有资本经营预算)",
          _income("t04", "本年收入合计"), Plus(tuple(_total("t02", c) for c in APPROPRIATION)), "t04,t02"),
    Equal("x.t04-t02.carried", "表四 上年财政拨款结转 = 表二 合计 上年结转", _income("t04", "上年财政拨款结转"),
          _total("t02", "carried_over"), "t04,t02", relation=AT_MOST,
          reason="表二's 上年结转 is of every source, 表四's of 财政拨款 only"),
    *(Equal(f"x.t04-t02.{column}", f"表四 收入 {name} = 表二 合计 {printed}", _income("t04", name, group=""),
            _total("t02", column), "t04,t02", skip_blank=True)
      for name, column, printed in INCOME_SOURCES if column in APPROPRIATION),
    Equal("x.t04-t01.grand", "表四 收入总计 = 表一 收入总计 − 财政专户管理资金 − 单位资金", _income("t04", "收入总计"),
          _income("t01", "收入总计") - (_total("t02", "special_account") + _total("t02", "unit_funds")), "t04,t01"),
    MatchRows("t04", "item", strip=True, where=EXPENSE_ITEMS, pairs=(
        Pair("x.t04-t03.{key}", "表四 {row[item]} {this_columns[total]} = 表三 {key} {that_columns[total]}", "t03",
             This("total"), ThatSum("total"), "t04,t03", on="name", where=CLASS, absent="zero", skip_blank=True,
             relation=AT_MOST, reason="表三 counts expenditure of every source, 表四 of 财政拨款 only",
             equal_when=NOT_APPROPRIATION),
    )),
)

# 表五 ↔ 表六, 表十一, 表十, 表十二, 表十三 (表十二/十三: their first row is the total).
T12, T13 = Ref("t12", "total", optional=True), Ref("t13", "total", optional=True)
BASIC_AND_PROJECTS = (
    Equal("x.t05-t06.basic", "表五 基本支出 合计 = 表六 合计", _total("t05", "basic"), _total("t06", "total"),
          "t05,t06"),
    Equal("x.t06-t11.public", "表六 公用经费 合计 = 表十一 机关运行经费 合计", _total("t06", "public"),
          _total("t11", "total"), "t06,t11", relation=AT_LEAST,
          reason="机关运行经费 is the 公用经费 of 行政单位 and 参公事业单位: a part of 表六's 公用经费 of every unit"),
    Equal("x.t06-t10.reception", "表十 公务接待费 = 表六 公务接待费", Ref("t10", "total", {"item": "公务接待费"}),
          RefSum("t06", "total", {"dept_item": "公务接待费"}), "t06,t10", relation=AT_LEAST,
          reason="表十 counts 公务接待费 of all 财政拨款, 基本支出 and 项目支出; 表六 of 一般公共预算 基本支出 only"),
    Equal("x.t05-t12.project", "表十二 合计 = 表五 项目支出 合计", T12, _total("t05", "project"), "t05,t12",
          relation=AT_LEAST, reason="表十二 counts this year's projects of every source, 表五 of 一般公共预算 only",
          equal_when=T12 - Ref("t12", "general", optional=True)),
    Equal("x.t13-t02.carried", "表十三 合计 = 表二 合计 上年结转", T13, _total("t02", "carried_over"), "t13,t02",
          relation=AT_MOST, reason="表二's 上年结转 may fund 基本支出 too, 表十三 lists the projects it funds",
          equal_when=_total("t03", "basic") - _total("t05", "basic")),  # no 基本支出 beyond this year's 一般公共预算
    Equal("x.t03-t12-t13.project", "表三 项目支出 合计 = 表十二 合计 + 表十三 合计", _total("t03", "project"),
          T12 + T13, "t03,t12,t13"),
)

ACROSS = (*T01_T02, T01_BY_FUNCTION, T02_BY_CODE, T03_IN_T02, T05_BASIC, *T04, *BASIC_AND_PROJECTS)

FACTS = (
    TableHeadings(amount_unit="金额单位 = 表一 金额单位"),
    CountEqualsListing("internal_bodies", "p1.internal_bodies", "第一部分 内设机构数 = 所列机构个数"),
    FactEquals("departments", "internal_bodies", "p1.departments",
               "第一部分 本单位职责“下设N个科室” = 机构设置“N个内设机构”"),
    UnitRowNamed("t11", description="表十一 单位行 = 封面单位名称"),
)

RULES: tuple = WITHIN + ACROSS + FACTS
