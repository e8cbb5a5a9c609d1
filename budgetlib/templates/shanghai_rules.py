"""The identities between the cells of the Shanghai family (上海 单位预算 / 部门预算; budgetlib.checks
interprets them).

Nine tables: 表1 财务收支预算总表 (two-sided; the unit budget splits each 支出 row into 人员经费 / 公用经费
/ 项目支出, the department budget prints one 预算数), 表2 收入预算总表, 表3 支出预算总表, 表5 / 表6 / 表7
一般公共预算 / 政府性基金 / 国有资本经营 支出功能分类 (by 科目编码, 类/款/项), 表4 财政拨款收支预算总表
(two-sided, 支出 by fund), 表8 一般公共预算基本支出 by 经济分类 (类/款), 表9 “三公”经费和机关运行经费 (one
row, in 万元 where the others print 元: the engine compares such cells in 万元, rounding the 元 side
half-up to the places 表9 prints). Every identity follows from what the tables print and how the
family defines them, never from a document's numbers. Where the definitions make one table's figure a
part of another's (表3 支出 of every source against 表5–表7 财政拨款; 表8 基本支出 against 表9 三公 of every
kind), the relation is a bound, an identity only where nothing but 财政拨款 funds the spending
(docs/methodology.md lists each). The order of the rules is the order of the
checks in the ledger; RULES_UNIT and RULES_DEPARTMENT share every rule but those of 表1's split.
"""
from __future__ import annotations

from .rules import (AT_LEAST, NUMBERED, CodeHierarchy, CountEqualsListing, Equal, KeySum, LabelLike, MatchRows, NoDataNote,
                    Pair, Plus, Ref, RefSum, RowSum, RowsPresent, TableHeadings, Term, That, ThatSum, This)

INCOME, EXPENSE = "收入", "支出"
TOTAL = {"level": "合计"}  # the 合计 row of a coded table
CLASS = {"level": "类"}
EXPENSE_ITEMS = {"side": EXPENSE, "item": NUMBERED}  # the numbered 支出 rows of 表1 / 表4 (by function)
INCOME_ITEMS = {"side": INCOME, "item": NUMBERED}
# 表1's income sources are numbered 一、二、…; the parts of 一、财政拨款收入 are numbered 1、2、3 under it.
INCOME_SOURCES = {"side": INCOME, "item": LabelLike("[一二三四五六七八九十]+、.+", printed=True)}

# Printed labels of the two-sided tables, as regexes over the label without its item number: the
# family prints '一般公共预算', '一般公共预算资金'; '政府性基金预算', '政府性基金'.
APPROPRIATION_INCOME = "财政拨款收入"
GENERAL, FUND, STATE_CAPITAL = "一般公共预算(资金)?", "政府性基金(预算)?(资金)?", "国有资本经营预算(资金)?"
SOURCES = (("business", "事业收入"), ("operating", "事业单位经营收入"), ("other", "其他收入"))  # 表2 column, 表1 label
INCOME_TOTAL, EXPENSE_TOTAL = "收入总计", "支出总计"
# 财政拨款 by fund: 表4 支出 column, 表1/表4 收入 label, the 支出功能分类 table, the printed name.
FUNDS = (("general", GENERAL, "t05", "一般公共预算"), ("fund", FUND, "t06", "政府性基金"),
         ("state_capital", STATE_CAPITAL, "t07", "国有资本经营预算"))
FUNCTIONAL = ("t03", "t05", "t06", "t07")  # 合计 = 基本支出 + 项目支出, by 科目编码
BASIC_PROJECT = ("basic", "project")
UNIT_SPLIT = ("personnel", "public", "project")  # 表1 of a unit budget: 合计 = 人员经费 + 公用经费 + 项目支出
PRINTED = {"total": "合计", "personnel": "人员经费", "public": "公用经费", "project": "项目支出", "general": "一般公共预算",
           "fund": "政府性基金预算", "state_capital": "国有资本经营预算"}  # amount columns, as 表1 / 表4 print them


def _in(table: str, label: str, column: str = "total") -> Ref:
    """The income-side row of 表1 / 表4 whose label (numbering aside) is `label` (a regex)."""
    return Ref(table, column, {"side": INCOME, "item": LabelLike(label)})


def _out(table: str, label: str, column: str = "total") -> Ref:
    return Ref(table, column, {"side": EXPENSE, "item": LabelLike(label)})


def _total(table: str, column: str = "total", optional: bool = False) -> Ref:
    return Ref(table, column, TOTAL, optional=optional)


# Income other than 财政拨款 (事业收入, 经营收入, 其他收入): where it is zero, the 财政拨款 tables (表4–表8)
# cover every expenditure of 表1 / 表3 and their bounds are identities.
OTHER_INCOME = _in("t01", INCOME_TOTAL) - _in("t01", APPROPRIATION_INCOME)
ALL_SOURCES = ("表3 counts expenditure of every source (财政拨款, 事业收入, 其他收入 …), 表5–表7 the 财政拨款 "
               "part only")


# ---- within one table ----------------------------------------------------------------------------

def _t01_within(columns: tuple[str, ...]) -> tuple:
    return (
        Equal("t01.income.total", "表1 收入总计 = Σ收入来源 (财政拨款收入 + 事业收入 + 事业单位经营收入 + 其他收入 …)",
              _in("t01", INCOME_TOTAL), RefSum("t01", "total", INCOME_SOURCES), "t01"),
        Equal("t01.income.appropriation", "表1 财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本经营预算",
              _in("t01", APPROPRIATION_INCOME),
              Plus((_in("t01", GENERAL), _in("t01", FUND), _in("t01", STATE_CAPITAL))), "t01", skip_blank=True),
        *(Equal(f"t01.expense.{column}", f"表1 支出总计 {PRINTED[column]} = Σ支出功能分类",
                _out("t01", EXPENSE_TOTAL, column), RefSum("t01", column, EXPENSE_ITEMS), "t01", skip_blank=True)
          for column in columns),
        Equal("t01.balance", "表1 收入总计 = 支出总计", _in("t01", INCOME_TOTAL), _out("t01", EXPENSE_TOTAL), "t01"),
    )


WITHIN = (
    CodeHierarchy("t02"),
    RowSum("t02", "total", ("appropriation",) + tuple(column for column, _ in SOURCES),
           "合计 = 财政拨款收入 + 事业收入 + 事业单位经营收入 + 其他收入"),
    *(rule for table in FUNCTIONAL
      for rule in (CodeHierarchy(table), RowSum(table, "total", BASIC_PROJECT, "合计 = 基本支出 + 项目支出"))),
    Equal("t04.income.total", "表4 收入总计 = Σ财政拨款收入来源", _in("t04", INCOME_TOTAL),
          RefSum("t04", "total", INCOME_ITEMS), "t04"),
    *(Equal(f"t04.expense.{column}", f"表4 支出总计 {PRINTED[column]} = Σ支出功能分类",
            _out("t04", EXPENSE_TOTAL, column), RefSum("t04", column, EXPENSE_ITEMS), "t04", skip_blank=True)
      for column in ("total", "general", "fund", "state_capital")),
    RowSum("t04", "total", ("general", "fund", "state_capital"), "合计 = 一般公共预算 + 政府性基金 + 国有资本经营预算",
           {"side": EXPENSE}),
    Equal("t04.balance", "表4 收入总计 = 支出总计", _in("t04", INCOME_TOTAL), _out("t04", EXPENSE_TOTAL), "t04"),
    *(Equal(f"t04.{column}", f"表4 收入 {name} = 支出总计 {name}", _in("t04", label),
            _out("t04", EXPENSE_TOTAL, column), "t04", skip_blank=True) for column, label, _, name in FUNDS),
    CodeHierarchy("t08", levels=("类", "款")),
    RowSum("t08", "total", ("personnel", "public"), "合计 = 人员经费 + 公用经费"),
    RowSum("t09", "total", ("overseas", "reception", "vehicles"), "“三公”合计 = 因公出国(境)费 + 公务接待费 + 公务用车"),
    RowSum("t09", "vehicles", ("vehicle_purchase", "vehicle_running"), "公务用车购置及运行费 = 购置费 + 运行费"),
    NoDataNote(description="注明“本表为空表”，表中无金额", stated="本表为空表"),
)

# ---- between tables ------------------------------------------------------------------------------

T01_T02_T04 = (
    Equal("x.t01-t02.appropriation", "表1 财政拨款收入 = 表2 合计 财政拨款收入", _in("t01", APPROPRIATION_INCOME),
          _total("t02", "appropriation"), "t01,t02"),
    *(Equal(f"x.t01-t02.{column}", f"表1 {label} = 表2 合计 {label}", _in("t01", label), _total("t02", column),
            "t01,t02", skip_blank=True) for column, label in SOURCES),
    Equal("x.t01-t02.total", "表1 收入总计 = 表2 合计", _in("t01", INCOME_TOTAL), _total("t02"), "t01,t02"),
    Equal("x.t01-t04.appropriation", "表1 财政拨款收入 = 表4 收入总计", _in("t01", APPROPRIATION_INCOME),
          _in("t04", INCOME_TOTAL), "t01,t04"),
    *(Equal(f"x.t01-t04.{column}", f"表1 {name} = 表4 收入 {name}", _in("t01", label),
            _in("t04", label), "t01,t04", skip_blank=True) for column, label, _, name in FUNDS),
    Equal("x.t01-t03.total", "表1 支出总计 = 表3 合计", _out("t01", EXPENSE_TOTAL), _total("t03"), "t01,t03"),
)


def _by_class(tables: str, column: Term, other_column: str, id: str, description: str, flip: bool = False) -> Pair:
    """A numbered 支出 row of 表1 / 表4 (by function) ↔ Σ the 类 rows of that name in another table
    (`flip`: the other table's cell is the stated side, so that a sum of this row's cells is the
    computed one and carries its rounding slack)."""
    other = tables.split(",")[1]
    left, right = (ThatSum(other_column), column) if flip else (column, ThatSum(other_column))
    return Pair(id, description, other, left, right, tables, on="name", where=CLASS, absent="zero", skip_blank=True)

T01_BY_CLASS = MatchRows("t01", "item", strip=True, where=EXPENSE_ITEMS, pairs=(
    _by_class("t01,t03", This("total"), "total", "x.t01-t03.{key}.total", "表1 {row[item]} = 表3 {key} 合计"),
))
T01_UNIT = (
    Equal("x.t01-t03.basic", "表3 合计 基本支出 = 表1 支出总计 人员经费 + 公用经费", _total("t03", "basic"),
          _out("t01", EXPENSE_TOTAL, "personnel") + _out("t01", EXPENSE_TOTAL, "public"), "t01,t03"),
    Equal("x.t01-t03.project", "表1 支出总计 项目支出 = 表3 合计 项目支出", _out("t01", EXPENSE_TOTAL, "project"),
          _total("t03", "project"), "t01,t03"),
    *(Equal(f"x.t01-t08.{column}", f"表1 支出总计 {PRINTED[column]} = 表8 合计 {PRINTED[column]}",
            _out("t01", EXPENSE_TOTAL, column), _total("t08", column), "t01,t08", relation=AT_LEAST,
            reason="表1 counts 基本支出 of every source, 表8 the 一般公共预算 part only",
            equal_when=_out("t01", EXPENSE_TOTAL, "personnel") + _out("t01", EXPENSE_TOTAL, "public") - _total("t08"))
      for column in ("personnel", "public")),
    MatchRows("t01", "item", strip=True, where=EXPENSE_ITEMS, pairs=(
        _by_class("t01,t03", This("personnel") + This("public"), "basic", "x.t01-t03.{key}.basic",
                  "表3 {key} 基本支出 = 表1 {row[item]} 人员经费 + 公用经费", flip=True),
        _by_class("t01,t03", This("project"), "project", "x.t01-t03.{key}.project",
                  "表1 {row[item]} 项目支出 = 表3 {key} 项目支出"),
    )),
)

# 表2 ↔ 表3 and 表5 + 表6 + 表7, code by code (the 合计 rows, with a blank code, pair up too).
T02_BY_CODE = MatchRows("t02", "code", label=("code", "name"), blank_key="合计", pairs=(
    Pair("x.t02-t03.{key}", "表2 {label} 合计 = 表3 合计", "t03", This("total"), That("total"), "t02,t03",
         absent="zero"),
    Pair("x.t02-t05.{key}", "表2 {label} 财政拨款收入 = 表5 + 表6 + 表7 合计", "t05", This("appropriation"),
         ThatSum("total") + KeySum("t06", "total") + KeySum("t07", "total"), "t02,t05,t06,t07", absent="zero"),
))
T03_BY_CODE = MatchRows("t03", "code", label=("code", "name"), blank_key="合计", pairs=tuple(
    Pair(f"x.t03-t05.{{key}}.{column}", f"表3 {{label}} {printed} = 表5 + 表6 + 表7 {printed}", "t05",
         This(column), ThatSum(column) + KeySum("t06", column) + KeySum("t07", column), "t03,t05,t06,t07",
         absent="zero", relation=AT_LEAST, reason=ALL_SOURCES, equal_when=OTHER_INCOME)
    for column, printed in (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"))))
PRESENT = (
    RowsPresent("t03", "t02", "code", "x.t03-t02.{key}", "表3 {row[code]} {row[name]} 应见于表2", "present in 表2",
                "t02,t03"),
    *(RowsPresent(table, "t03", "code", f"x.{table}-t03.{{key}}", "{this} {row[code]} {row[name]} 应见于表3",
                  "present in 表3", f"t03,{table}") for table in ("t05", "t06", "t07")),
)
# 表4 支出 by fund ↔ 表5 / 表6 / 表7: each class row by name, and the totals.
T04_BY_FUND = (
    MatchRows("t04", "item", strip=True, where=EXPENSE_ITEMS, pairs=tuple(
        _by_class(f"t04,{table}", This(column), "total", f"x.t04-{table}.{{key}}",
                  f"表4 {{row[item]}} {{this_columns[{column}]}} = {{that}} {{key}} 合计")
        for column, _, table, _ in FUNDS)),
    *(Equal(f"x.t04-{table}.total", f"表4 支出总计 {name} = 表{table[-1]} 合计",
            _out("t04", EXPENSE_TOTAL, column), _total(table, optional=True), f"t04,{table}", skip_blank=True)
      for column, _, table, name in FUNDS),
)
# 表8 (基本支出 by 经济分类) ↔ 表5, and 表9 (万元, 三公 of 基本支出 and 项目支出) ≥ 表8 (元, 基本支出 only).
THREE_OF_EVERY_KIND = "表9 counts {what} paid from 基本支出 and 项目支出, 表8 from 基本支出 only"
BASIC = (
    Equal("x.t08-t05.basic", "表8 合计 = 表5 合计 基本支出", _total("t08"), _total("t05", "basic"), "t05,t08"),
    Equal("x.t09-t08.reception", "表9 公务接待费 = 表8 公务接待费", Ref("t09", "reception"),
          RefSum("t08", "total", {"name": LabelLike("公务接待费")}), "t08,t09", relation=AT_LEAST,
          reason=THREE_OF_EVERY_KIND.format(what="公务接待费")),
    Equal("x.t09-t08.vehicle_running", "表9 公务用车运行费 = 表8 公务用车运行维护费", Ref("t09", "vehicle_running"),
          RefSum("t08", "total", {"name": LabelLike("公务用车运行维护费")}), "t08,t09", relation=AT_LEAST,
          reason=THREE_OF_EVERY_KIND.format(what="公务用车运行费")),
)

FACTS = (
    TableHeadings(amount_unit="金额单位 = {first} 金额单位", units=(("t09", "万元"),)),
    CountEqualsListing("internal_bodies", "overview.internal_bodies", "机构设置 内设机构数 = 所列机构个数"),
)

COMMON_ACROSS = (*T01_T02_T04, T01_BY_CLASS, T02_BY_CODE, T03_BY_CODE, *PRESENT, *T04_BY_FUND, *BASIC)

RULES_UNIT: tuple = (*_t01_within(("total",) + UNIT_SPLIT),
                     RowSum("t01", "total", UNIT_SPLIT, "合计 = 人员经费 + 公用经费 + 项目支出", {"side": EXPENSE}),
                     *WITHIN, *COMMON_ACROSS, *T01_UNIT, *FACTS)
RULES_DEPARTMENT: tuple = (*_t01_within(("total",)), *WITHIN, *COMMON_ACROSS, *FACTS)
