"""The identities between the cells of the Shanghai 部门决算 (budgetlib.checks interprets them).

表1 收入支出决算总表 (two-sided: 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 = 总计 = 本年支出合计 + 结余分配
+ 年末结转和结余), 表2 收入决算表 and 表3 支出决算表 by 科目编码 (every source), 表4 财政拨款收入支出决算总表
(two-sided, 支出 by fund; its 年初 rows by fund stand under 年初财政拨款结转和结余), 表5 一般公共预算 by 科目编码,
表6 its 基本支出 by 经济分类 in two blocks (人员经费, 公用经费), 表7 三公 (预算数 and 决算数), 表8 / 表9 政府性基金 /
国有资本经营 by 科目编码 with their balances. Figures are 万元 rounded cell by cell: the engine gives every
sum the rounding slack of its addends (ledger.rounding_slack), so no rule states a tolerance.
"""
from __future__ import annotations

from .rules import (AT_LEAST, AT_MOST, NUMBERED, CodeHierarchy, Equal, KeySum, LabelLike, MatchRows, NoDataNote, Pair,
                    Ref, RefSum, RowSum, This, ThatSum)

INCOME, EXPENSE = "收入", "支出"
TOTAL, CLASS = {"level": "合计"}, {"level": "类"}
CURRENT = ""  # the group of a two-sided table's rows above its first unnumbered row (本年)
OPENING_FUNDS = "年初财政拨款结转和结余"  # 表4: the group of the 年初 rows by fund
FUNDS = (("general", "一般公共预算", "t05"), ("fund", "政府性基金预算", "t08"), ("state_capital", "国有资本经营预算", "t09"))
# 表1 income sources (numbered) and the 表2 column of each
SOURCES = (("upper_subsidy", "上级补助收入"), ("business", "事业收入"), ("operating", "经营收入"),
           ("affiliate_income", "附属单位上缴收入"), ("other", "其他收入"))
INCOME_PARTS = ("appropriation",) + tuple(column for column, _ in SOURCES)
EXPENSE_PARTS = ("basic", "project", "to_upper", "operating_expense", "to_affiliates")


def _in(table: str, label: str, column: str = "total", group: str | None = None, optional: bool = False) -> Ref:
    where = {"side": INCOME, "item": LabelLike(label)} | ({"group": group} if group is not None else {})
    return Ref(table, column, where, optional=optional)


def _out(table: str, label: str, column: str = "total", optional: bool = False) -> Ref:
    return Ref(table, column, {"side": EXPENSE, "item": LabelLike(label)}, optional=optional)


def _total(table: str, column: str = "total") -> Ref:
    return Ref(table, column, TOTAL)


def _fund_income(table: str, fund: str, group: str = CURRENT) -> Ref:
    return _in(table, f"{fund}财政拨款(收入)?", group=group, optional=True)


APPROPRIATION_INCOME = _fund_income("t01", "一般公共预算") + _fund_income("t01", "政府性基金预算") + _fund_income(
    "t01", "国有资本经营预算")

# ---- 表1 -----------------------------------------------------------------------------------------
T01 = (
    Equal("t01.income.current", "表1 本年收入合计 = Σ收入来源 (一…八)", _in("t01", "本年收入合计"),
          RefSum("t01", "total", {"side": INCOME, "item": NUMBERED}), "t01"),
    Equal("t01.expense.current", "表1 本年支出合计 = Σ支出功能分类 (一…)", _out("t01", "本年支出合计"),
          RefSum("t01", "total", {"side": EXPENSE, "item": NUMBERED}), "t01"),
    Equal("t01.income.grand", "表1 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余", _in("t01", "总计"),
          _in("t01", "本年收入合计") + _in("t01", "使用非财政拨款结余.*", optional=True) + _in("t01", "年初结转和结余"),
          "t01"),
    Equal("t01.expense.grand", "表1 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余", _out("t01", "总计"),
          _out("t01", "本年支出合计") + _out("t01", "结余分配", optional=True) + _out("t01", "年末结转和结余"), "t01"),
    Equal("t01.balance", "表1 收入总计 = 支出总计", _in("t01", "总计"), _out("t01", "总计"), "t01"),
    Equal("t01.carry", "表1 年末结转和结余 = 年初结转和结余 + 本年收入合计 + 使用非财政拨款结余 − 本年支出合计 − 结余分配",
          _out("t01", "年末结转和结余"),
          _in("t01", "年初结转和结余") + _in("t01", "本年收入合计") + _in("t01", "使用非财政拨款结余.*", optional=True)
          - (_out("t01", "本年支出合计") + _out("t01", "结余分配", optional=True)), "t01"),
)

# ---- 表2, 表3, 表5, 表8, 表9 by 科目编码 --------------------------------------------------------------
CODED = (
    CodeHierarchy("t02"),
    RowSum("t02", "total", INCOME_PARTS, "本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入"),
    CodeHierarchy("t03"),
    RowSum("t03", "total", EXPENSE_PARTS, "本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出"),
    CodeHierarchy("t05"),
    RowSum("t05", "total", ("basic", "project"), "合计 = 基本支出 + 项目支出"),
    *(rule for table in ("t08", "t09") for rule in (
        CodeHierarchy(table),
        RowSum(table, "total", ("basic", "project"), "本年支出 小计 = 基本支出 + 项目支出"),
        Equal(f"{table}.carry", f"表{table[-1]} 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出",
              _total(table, "closing_balance"),
              _total(table, "opening_balance") + _total(table, "income_current") - _total(table, "total"), table,
              skip_blank=True))),
)

# ---- 表4 -----------------------------------------------------------------------------------------
T04_COLUMNS = ("total", "general", "fund", "state_capital")
PRINTED = {"total": "合计", "general": "一般公共预算财政拨款", "fund": "政府性基金预算财政拨款",
           "state_capital": "国有资本经营预算财政拨款"}
T04 = (
    Equal("t04.income.current", "表4 本年收入合计 = Σ财政拨款 (一…三)", _in("t04", "本年收入合计"),
          RefSum("t04", "total", {"side": INCOME, "item": NUMBERED, "group": CURRENT}), "t04"),
    Equal("t04.income.opening", "表4 年初财政拨款结转和结余 = Σ其中 (一…三)", _in("t04", OPENING_FUNDS),
          RefSum("t04", "total", {"side": INCOME, "item": NUMBERED, "group": OPENING_FUNDS}), "t04"),
    Equal("t04.income.grand", "表4 收入总计 = 本年收入合计 + 年初财政拨款结转和结余", _in("t04", "总计"),
          _in("t04", "本年收入合计") + _in("t04", OPENING_FUNDS), "t04"),
    *(rule for column in T04_COLUMNS for rule in (
        Equal(f"t04.expense.current.{column}", f"表4 本年支出合计 {PRINTED[column]} = Σ支出功能分类",
              _out("t04", "本年支出合计", column), RefSum("t04", column, {"side": EXPENSE, "item": NUMBERED}), "t04",
              skip_blank=True),
        Equal(f"t04.expense.grand.{column}", f"表4 支出总计 {PRINTED[column]} = 本年支出合计 + 年末财政拨款结转和结余",
              _out("t04", "总计", column),
              _out("t04", "本年支出合计", column) + _out("t04", "年末财政拨款结转和结余", column), "t04",
              skip_blank=True))),
    RowSum("t04", "total", ("general", "fund", "state_capital"),
           "合计 = 一般公共预算财政拨款 + 政府性基金预算财政拨款 + 国有资本经营预算财政拨款", {"side": EXPENSE}),
    Equal("t04.balance", "表4 收入总计 = 支出总计", _in("t04", "总计"), _out("t04", "总计"), "t04"),
    *(Equal(f"t04.carry.{column}", f"表4 {name} 年末结转和结余 = 年初 + 本年收入 − 本年支出",
            _out("t04", "年末财政拨款结转和结余", column),
            _fund_income("t04", name, OPENING_FUNDS) + _fund_income("t04", name)
            - _out("t04", "本年支出合计", column), "t04", skip_blank=True)
      for column, name, _ in FUNDS),
)

# ---- 表6, 表7 ------------------------------------------------------------------------------------
BLOCKS = (("人员经费", "人员经费合计"), ("公用经费", "公用经费合计"))
T06_T07 = (
    # 类 = Σ款 (the block totals are checked below, block by block: no 合计 row adds up every 类)
    CodeHierarchy("t06", levels=("类", "款"), total="(each block's 合计)"),
    *(Equal(f"t06.{side}", f"表6 {total} = Σ{side}类", Ref("t06", "total", {"side": side, "level": "合计"}),
            RefSum("t06", "total", {"side": side, "level": "类"}), "t06") for side, total in BLOCKS),
    *(rule for suffix, what in (("_budget", "预算数"), ("", "决算数")) for rule in (
        RowSum("t07", f"total{suffix}", tuple(f"{c}{suffix}" for c in ("overseas", "vehicles", "reception")),
               f"“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 ({what})"),
        RowSum("t07", f"vehicles{suffix}", (f"vehicle_purchase{suffix}", f"vehicle_running{suffix}"),
               f"公务用车购置及运行费 = 购置费 + 运行费 ({what})"))),
    NoDataNote(),
)

# ---- between tables ------------------------------------------------------------------------------
ALL_SOURCES = "表3 counts expenditure of every source, 表5, 表8, 表9 the 财政拨款 part"
NOT_APPROPRIATION = (_out("t01", "本年支出合计") - _out("t04", "本年支出合计"))  # spending of other sources


def _by_class(table: str, column: str, other: str, id: str, description: str) -> MatchRows:
    """Each numbered 支出 row (by function) of 表1 / 表4 = the 类 row of that name in another table. 表1 and 表4
    adjust their class rows so that they add up to 本年支出合计 (the 类 rows of 表3 / 表5, each rounded alone,
    may not): a class row may differ by the rounding slack of that sum."""
    expense = {"side": EXPENSE, "item": NUMBERED}
    return MatchRows(table, "item", strip=True, where=expense, pairs=(
        Pair(id, description, other, This(column), ThatSum("total"), f"{table},{other}", on="name", where=CLASS,
             absent="zero", skip_blank=True, rounded_into=RefSum(table, column, expense)),))


ACROSS = (
    Equal("x.t01-t02.total", "表1 本年收入合计 = 表2 合计", _in("t01", "本年收入合计"), _total("t02"), "t01,t02"),
    Equal("x.t01-t02.appropriation", "表1 财政拨款收入 (一 + 二 + 三) = 表2 合计 财政拨款收入", APPROPRIATION_INCOME,
          _total("t02", "appropriation"), "t01,t02"),
    *(Equal(f"x.t01-t02.{column}", f"表1 {label} = 表2 合计 {label}", _in("t01", label, optional=True),
            _total("t02", column), "t01,t02", skip_blank=True) for column, label in SOURCES),
    Equal("x.t01-t03.total", "表1 本年支出合计 = 表3 合计", _out("t01", "本年支出合计"), _total("t03"), "t01,t03"),
    _by_class("t01", "total", "t03", "x.t01-t03.{key}", "表1 {row[item]} = 表3 {key} 本年支出合计"),
    *(Equal(f"x.t01-t04.{column}", f"表1 {name}财政拨款收入 = 表4 收入 {name}财政拨款", _fund_income("t01", name),
            _fund_income("t04", name), "t01,t04", skip_blank=True) for column, name, _ in FUNDS),
    Equal("x.t04-t01.expense", "表4 本年支出合计 = 表1 本年支出合计", _out("t04", "本年支出合计"),
          _out("t01", "本年支出合计"), "t01,t04", relation=AT_MOST,
          reason="表1 counts expenditure of every source, 表4 the 财政拨款 part"),
    Equal("x.t04-t01.opening", "表4 年初财政拨款结转和结余 = 表1 年初结转和结余", _in("t04", OPENING_FUNDS),
          _in("t01", "年初结转和结余"), "t01,t04", relation=AT_MOST,
          reason="表1's balances are of every source, 表4's of 财政拨款 only"),
    Equal("x.t04-t01.closing", "表4 年末财政拨款结转和结余 = 表1 年末结转和结余", _out("t04", "年末财政拨款结转和结余"),
          _out("t01", "年末结转和结余"), "t01,t04", relation=AT_MOST,
          reason="表1's balances are of every source, 表4's of 财政拨款 only"),
    *(_by_class("t04", column, table, f"x.t04-{table}.{{key}}", f"表4 {{row[item]}} {PRINTED[column]} = 表{table[-1]} {{key}} 合计")
      for column, _, table in FUNDS),
    *(Equal(f"x.t04-{table}.total", f"表4 本年支出合计 {PRINTED[column]} = 表{table[-1]} 合计",
            _out("t04", "本年支出合计", column), Ref(table, "total", TOTAL, optional=True), f"t04,{table}",
            skip_blank=True) for column, _, table in FUNDS),
    MatchRows("t03", "code", label=("code", "name"), blank_key="合计", pairs=tuple(
        Pair(f"x.t03-t05.{{key}}.{column}", f"表3 {{label}} {printed} = 表5 + 表8 + 表9 {printed}", "t05",
             This(column), ThatSum(column) + KeySum("t08", column) + KeySum("t09", column), "t03,t05,t08,t09",
             absent="zero", skip_blank=True, relation=AT_LEAST, reason=ALL_SOURCES, equal_when=NOT_APPROPRIATION)
        for column, printed in (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")))),
    Equal("x.t05-t06.basic", "表5 合计 基本支出 = 表6 人员经费合计 + 公用经费合计", _total("t05", "basic"),
          Ref("t06", "total", {"side": "人员经费", "level": "合计"}) + Ref("t06", "total", {"side": "公用经费", "level": "合计"}),
          "t05,t06"),
    Equal("x.t07-t06.reception", "表7 公务接待费 决算数 = 表6 公务接待费", Ref("t07", "reception"),
          RefSum("t06", "total", {"name": LabelLike(r"公\s*务\s*接\s*待\s*费")}), "t06,t07", relation=AT_LEAST,
          reason="表7 counts 公务接待费 of 基本支出 and 项目支出, 表6 of 基本支出 only", skip_blank=True),
    Equal("x.t07-t06.vehicle_running", "表7 公务用车运行费 决算数 = 表6 公务用车运行维护费", Ref("t07", "vehicle_running"),
          RefSum("t06", "total", {"name": LabelLike(r"公\s*务\s*用\s*车\s*运\s*行\s*维\s*护\s*费")}), "t06,t07",
          relation=AT_LEAST, reason="表7 counts 公务用车运行费 of 基本支出 and 项目支出, 表6 of 基本支出 only",
          skip_blank=True),
)

RULES: tuple = (*T01, *CODED, *T04, *T06_T07, *ACROSS)
