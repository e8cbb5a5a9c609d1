"""The identities between the national set's tables (`standard_tables`), by role: what holds in every
department budget laid out on the Ministry of Finance's template, whatever the family calls its tables.

Within a table: each side's subtotal and total, 类 = Σ款 = Σ项 by 科目编码, 合计 = its parts. Between
tables: the totals of 收支总表, 支出总表 and 财政拨款收支总表; 财政拨款 by fund against the
functional tables; 基本支出 against the economic tables. 机关运行经费 has no relation to another
table: the disclosure rules defined it as 公用经费 of 基本支出 from 2018 and wider before (2017's tables
count 310 equipment from projects: 5,890.55万元 against 2,598.06万元 of 302 in 基本支出). Where the definitions make one figure a part
of another (财政拨款 within all sources, 基本支出 within 三公 of every kind),
the relation is a bound, an identity where nothing else funds the spending. Descriptions name tables
by their standard names (a family numbers them in its own order).
"""
from __future__ import annotations

from .rules import (AT_LEAST, AT_MOST, CodeHierarchy, Equal, KeySum, LabelLike, MatchRows, NoDataNote, Pair, Plus,
                    Ref, RefSum, RowSum, This, ThatSum)

INCOME, EXPENSE, EXPENSE_BY_USE = "收入", "支出", "支出用途"
TOP_ITEMS = LabelLike("[一二三四五六七八九十]+、.+", printed=True)  # '一、财政拨款', not '1.一般公共预算'
TOTAL = {"level": "合计"}
CLASS = {"level": "类"}
CURRENT_INCOME, INCOME_TOTAL = "(?:当年|本年)收入(?:小计|合计)|收入小计", "收入(?:合计|总计)"
CURRENT_EXPENSE, EXPENSE_TOTAL = "(?:当年|本年)支出(?:小计|合计)|支出小计", "支出(?:合计|总计)"
APPROPRIATION, GENERAL, FUND = "财政拨款(?:收入)?", "一般公共预算(?:资金|拨款)?", "政府性基金(?:预算)?(?:资金|拨款)?"
BASIC, PROJECT, RESERVE = "基本支出", "项目支出", "单位预留机动经费"
OTHER_SOURCES = "收支总表 counts every source (财政拨款, 财政专户管理资金, 其他资金 …), 财政拨款收支总表 the 财政拨款 part"


def _row(table: str, side: str, label: str, column: str = "total", optional: bool = False) -> Ref:
    return Ref(table, column, {"side": side, "item": LabelLike(label)}, optional=optional)


def _total(table: str, column: str = "total", optional: bool = False) -> Ref:
    return Ref(table, column, TOTAL, optional=optional)


OTHER_INCOME = _row("summary", INCOME, INCOME_TOTAL) - _row("summary", INCOME, APPROPRIATION)

SUMMARY = (
    Equal("summary.income.current", "收支总表 当年收入小计 = Σ收入项目", _row("summary", INCOME, CURRENT_INCOME),
          RefSum("summary", "total", {"side": INCOME, "item": TOP_ITEMS}), "summary"),
    Equal("summary.income.total", "收支总表 收入合计 = 当年收入小计 + 上年结转", _row("summary", INCOME, INCOME_TOTAL),
          _row("summary", INCOME, CURRENT_INCOME) + _row("summary", INCOME, "上年结转\\S*", optional=True), "summary"),
    Equal("summary.income.appropriation", "收支总表 财政拨款 = 一般公共预算 + 政府性基金预算",
          _row("summary", INCOME, APPROPRIATION),
          Plus((_row("summary", INCOME, GENERAL, optional=True), _row("summary", INCOME, FUND, optional=True))),
          "summary", skip_blank=True),
    Equal("summary.expense.current", "收支总表 当年支出小计 = Σ支出功能分类", _row("summary", EXPENSE, CURRENT_EXPENSE),
          RefSum("summary", "total", {"side": EXPENSE, "item": TOP_ITEMS}), "summary"),
    Equal("summary.use.current", "收支总表 当年支出小计 = Σ支出用途", _row("summary", EXPENSE, CURRENT_EXPENSE),
          RefSum("summary", "total", {"side": EXPENSE_BY_USE, "item": TOP_ITEMS}, rows_required=True), "summary"),
    Equal("summary.expense.total", "收支总表 支出合计 = 当年支出小计 + 结转下年", _row("summary", EXPENSE, EXPENSE_TOTAL),
          _row("summary", EXPENSE, CURRENT_EXPENSE) + _row("summary", EXPENSE, "结转下年\\S*", optional=True), "summary"),
    Equal("summary.balance", "收支总表 收入合计 = 支出合计", _row("summary", INCOME, INCOME_TOTAL),
          _row("summary", EXPENSE, EXPENSE_TOTAL), "summary"),
)
APPROPRIATION_SUMMARY = (
    Equal("appropriation_summary.income", "财政拨款收支总表 收入合计 = Σ收入项目",
          _row("appropriation_summary", INCOME, INCOME_TOTAL),
          RefSum("appropriation_summary", "total", {"side": INCOME, "item": TOP_ITEMS}), "appropriation_summary"),
    Equal("appropriation_summary.expense", "财政拨款收支总表 支出合计 = Σ支出项目",
          _row("appropriation_summary", EXPENSE, EXPENSE_TOTAL),
          RefSum("appropriation_summary", "total", {"side": EXPENSE, "item": TOP_ITEMS}), "appropriation_summary"),
    Equal("appropriation_summary.balance", "财政拨款收支总表 收入合计 = 支出合计",
          _row("appropriation_summary", INCOME, INCOME_TOTAL), _row("appropriation_summary", EXPENSE, EXPENSE_TOTAL),
          "appropriation_summary"),
)
FUNCTIONAL = ("appropriation_functional", "general_functional", "fund_functional")
ECONOMIC = ("appropriation_basic_economic", "general_basic_economic", "office_operation")
WITHIN = (
    *SUMMARY,
    RowSum("expense", "total", ("basic", "project", "reserve", "carry_out"),
           "合计 = 基本支出 + 项目支出 + 单位预留机动经费 + 结转下年资金"),
    *APPROPRIATION_SUMMARY,
    *(CodeHierarchy(table) for table in FUNCTIONAL),
    *(RowSum(table, "total", ("basic", "project"), "合计 = 基本支出 + 项目支出") for table in FUNCTIONAL),
    *(CodeHierarchy(table, levels=("类", "款")) for table in ECONOMIC),
    *(RowSum(table, "basic", ("personnel", "public"), "基本支出 = 人员经费 + 公用经费") for table in ECONOMIC[:2]),
    RowSum("three_public", "grand_total", ("total", "meetings", "training"), "合计 = “三公”经费 + 会议费 + 培训费"),
    RowSum("three_public", "total", ("overseas", "vehicles", "reception"),
           "“三公”经费 = 因公出国(境)费 + 公务用车购置及运行维护费 + 公务接待费"),
    RowSum("three_public", "vehicles", ("vehicle_purchase", "vehicle_running"),
           "公务用车购置及运行维护费 = 购置费 + 运行维护费"),
    Equal("procurement.total", "政府采购预算表 合计 = Σ采购品目大类 (货物、工程、服务)",
          Ref("procurement", "total", {"item": LabelLike("合计")}), RefSum("procurement", "total", {"item": TOP_ITEMS}),
          "procurement"),
    NoDataNote(),
)

# ---- between tables ------------------------------------------------------------------------------

USES = (("basic", BASIC), ("project", PROJECT), ("reserve", RESERVE))
TOTALS = (
    Equal("x.income-summary", "收入总表 收入总计 = 收支总表 收入合计", Ref("income", "total", {"group": LabelLike(INCOME_TOTAL)}),
          _row("summary", INCOME, INCOME_TOTAL), "income,summary"),
    Equal("x.expense-summary", "支出总表 合计 = 收支总表 当年支出小计", Ref("expense", "total"),
          _row("summary", EXPENSE, CURRENT_EXPENSE), "expense,summary"),
    *(Equal(f"x.expense-summary.{column}", f"支出总表 {label} = 收支总表 {label}", Ref("expense", column),
            _row("summary", EXPENSE_BY_USE, label), "expense,summary", skip_blank=True) for column, label in USES),
    Equal("x.appropriation-summary", "财政拨款收支总表 收入合计 = 收支总表 财政拨款",
          _row("appropriation_summary", INCOME, INCOME_TOTAL), _row("summary", INCOME, APPROPRIATION),
          "appropriation_summary,summary"),
    *(Equal(f"x.appropriation-summary.{fund}", f"财政拨款收支总表 {label} = 收支总表 {label}",
            _row("appropriation_summary", INCOME, pattern), _row("summary", INCOME, pattern), "appropriation_summary,summary",
            skip_blank=True) for fund, pattern, label in (("general", GENERAL, "一般公共预算"), ("fund", FUND, "政府性基金预算"))),
    *(Equal(f"x.appropriation-summary.{column}", f"财政拨款收支总表 {label} = 收支总表 支出用途 {label}",
            _row("appropriation_summary", EXPENSE, label), _row("summary", EXPENSE_BY_USE, label),
            "appropriation_summary,summary", skip_blank=True, relation=AT_MOST, reason=OTHER_SOURCES,
            equal_when=OTHER_INCOME) for column, label in USES),
    Equal("x.appropriation-functional", "财政拨款收支总表 收入合计 = 财政拨款支出表 合计",
          _row("appropriation_summary", INCOME, INCOME_TOTAL), _total("appropriation_functional"),
          "appropriation_summary,appropriation_functional"),
    Equal("x.general-functional", "财政拨款收支总表 一般公共预算 = 一般公共预算支出表 合计",
          _row("appropriation_summary", INCOME, GENERAL), _total("general_functional"),
          "appropriation_summary,general_functional"),
    Equal("x.fund-functional", "财政拨款收支总表 政府性基金预算 = 政府性基金支出表 合计",
          _row("appropriation_summary", INCOME, FUND), _total("fund_functional", optional=True),
          "appropriation_summary,fund_functional", skip_blank=True),
    Equal("x.appropriation-basic", "财政拨款收支总表 基本支出 = 财政拨款基本支出表 合计",
          _row("appropriation_summary", EXPENSE, BASIC), _total("appropriation_basic_economic", "basic"),
          "appropriation_summary,appropriation_basic_economic"),
)
BY_CODE = (
    MatchRows("appropriation_functional", "code", label=("code", "name"), blank_key="合计", pairs=(
        Pair("x.appropriation-general-fund.{key}", "财政拨款支出表 {label} = 一般公共预算支出表 + 政府性基金支出表",
             "general_functional", This("total"), ThatSum("total") + KeySum("fund_functional", "total"),
             "appropriation_functional,general_functional,fund_functional", absent="zero"),
    )),
    MatchRows("general_basic_economic", "code", label=("code", "name"), blank_key="合计", pairs=(
        Pair("x.general-appropriation-basic.{key}", "一般公共预算基本支出表 {label} ≤ 财政拨款基本支出表",
             "appropriation_basic_economic", This("basic"), ThatSum("basic"),
             "general_basic_economic,appropriation_basic_economic", absent="zero", relation=AT_MOST,
             reason="财政拨款基本支出 counts 一般公共预算 and 政府性基金, the other table 一般公共预算 only",
             equal_when=_total("fund_functional", optional=True)),
    )),
    MatchRows("summary", "item", strip=True, where={"side": EXPENSE, "item": TOP_ITEMS}, pairs=(
        Pair("x.summary-appropriation.{key}", "收支总表 {row[item]} ≥ 财政拨款支出表 {key}", "appropriation_functional",
             This("total"), ThatSum("total"), "summary,appropriation_functional", on="name", where=CLASS,
             skip_blank=True, relation=AT_LEAST, reason=OTHER_SOURCES, equal_when=OTHER_INCOME),
        # a class the table does not name is not compared (its label cut by a page break, say)
    )),
)
EVERY_KIND = "the 三公 table counts {what} of 基本支出 and 项目支出, the economic table 基本支出 only"
THREE_PUBLIC = tuple(
    Equal(f"x.three_public-economic.{column}", f"“三公”经费表 {printed} ≥ 一般公共预算基本支出表 {printed}",
          Ref("three_public", column), RefSum("general_basic_economic", "basic", {"name": LabelLike(name)}),
          "three_public,general_basic_economic", relation=AT_LEAST, reason=EVERY_KIND.format(what=printed))
    for column, printed, name in (("reception", "公务接待费", "公务接待费"), ("meetings", "会议费", "会议费"),
                                  ("training", "培训费", "培训费"),
                                  ("vehicle_running", "公务用车运行维护费", "公务用车运行维护费")))

RULES: tuple = (*WITHIN, *TOTALS, *BY_CODE, *THREE_PUBLIC)
