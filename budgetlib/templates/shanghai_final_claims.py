"""The narrative vocabulary of the Shanghai 部门决算 (第三部分 情况说明; budgetlib.claims interprets it).

Sections are known by their titles (shanghai_final.SECTIONS). Each opens with its total (the topic:
`占X%` is a share of it, `减少X万元，下降Y%` its change on the previous year's 决算, which no table prints):
一 收入支出总计 (表1), 二 本年收入合计 and its sources (表1 / 表2 合计), 三 本年支出合计, 基本支出, 项目支出
(表3 合计), 四 财政拨款收入支出总计 (表4 总计), 五 一般公共预算财政拨款支出 (表5 合计) and its 类 rows, 年初预算
(in no table) and 支出决算 (表5), 六 基本支出, 人员经费, 公用经费 (表5, 表6), 七 三公 年初预算 and 决算 (表7), 十一
机关运行经费 (表6 公用经费合计: the family's 机关运行经费 is the 公用经费 of its 行政单位), 政府采购 and vehicles
(in no table: their parts add up), the equipment threshold. Amounts in 万元, as the tables print them.
"""
from __future__ import annotations

from dataclasses import replace

from .claims import ClaimVocabulary, Execution, FunctionalRows, Grammar, Phrase, Ref
from .shanghai_claims import EQUIPMENT_THRESHOLD, VEHICLES  # the same wording in the family's budgets
from .shanghai_claims import PROCUREMENT as BUDGET_PROCUREMENT

_INCOME, _EXPENSE = "收入", "支出"


def _t01(item: str, side: str) -> Ref:
    return Ref(table="t01", item=item, side=side)


def _total(table: str, column: str = "total") -> Ref:
    return Ref(table=table, column=column, level="合计")


def _t07(column: str) -> Ref:
    return Ref(table="t07", column=column, position=0)  # 表7 is one row


def _topic(pattern: str, key: str, measure: Ref | None, sections: tuple[str, ...]) -> Phrase:
    return Phrase(pattern, key, measure, sections, topic=True)


_GENERAL = ("一般公共预算支出",)
PHRASES: tuple[Phrase, ...] = (
    _topic("收入支出总计$", "grand_total", _t01("总计", _INCOME), ("总体情况",)),
    _topic("^本年收入合计$", "income_current", _t01("本年收入合计", _INCOME), ("收入决算",)),
    Phrase("^财政拨款收入$", "income_appropriation", _total("t02", "appropriation"), ("收入决算",)),
    Phrase("^上级补助收入$", "income_upper_subsidy", _total("t02", "upper_subsidy"), ("收入决算",)),
    Phrase("^事业收入$", "income_business", _total("t02", "business"), ("收入决算",)),
    Phrase("^经营收入$", "income_operating", _total("t02", "operating"), ("收入决算",)),
    Phrase("^附属单位上缴收入$", "income_affiliates", _total("t02", "affiliate_income"), ("收入决算",)),
    Phrase("其他收入$", "income_other", _total("t02", "other"), ("收入决算",)),
    _topic("^本年支出合计$", "expense_current", _total("t03"), ("支出决算",)),
    Phrase("^基本支出$", "expense_basic", _total("t03", "basic"), ("支出决算",)),
    Phrase("^项目支出$", "expense_project", _total("t03", "project"), ("支出决算",)),
    Phrase("^上缴上级支出$", "expense_to_upper", _total("t03", "to_upper"), ("支出决算",)),
    Phrase("^经营支出$", "expense_operating", _total("t03", "operating_expense"), ("支出决算",)),
    Phrase("^对附属单位补助支出$", "expense_to_affiliates", _total("t03", "to_affiliates"), ("支出决算",)),
    _topic("财政拨款收入支出总计$", "appropriation_total", Ref(table="t04", item="总计", side=_INCOME),
           ("财政拨款总体情况",)),
    _topic("^一般公共预算财政拨款支出$", "general_expense", _total("t05"), _GENERAL),
    _topic("^一般公共预算财政拨款基本支出$", "basic", _total("t05", "basic"), ("基本支出",)),
    Phrase("^人员经费$", "personnel", Ref(table="t06", name="人员经费合计"), ("基本支出",)),
    Phrase("^公用经费$", "public", Ref(table="t06", name="公用经费合计"), ("基本支出",)),
    _topic('^"三公"经费财政拨款支出年初预算为$', "three_public_budget", _t07("total_budget"), ("三公经费",)),
    Phrase("^支出决算为$", "three_public", _t07("total"), ("三公经费",)),
    Phrase(r"^因公出国\(境\)费决算为$", "overseas", _t07("overseas"), ("三公经费",)),
    Phrase("^公务用车购置及运行(维护)?费(支出)?决算为$", "vehicles", _t07("vehicles"), ("三公经费",)),
    Phrase("^公务用车购置费(支出)?决算为$", "vehicle_purchase", _t07("vehicle_purchase"), ("三公经费",)),
    Phrase("^公务用车运行(维护)?费(支出)?决算为$", "vehicle_running", _t07("vehicle_running"), ("三公经费",)),
    Phrase("^公务接待费(支出)?决算为$", "reception", _t07("reception"), ("三公经费",)),
    _topic("^机关运行经费支出$", "office_operation", Ref(table="t06", name="公用经费合计"), ("其他重要事项",)),
)

# 五(二): '一般公共服务支出（类）2106.66万元，占71.73%' — a 类 row of 表5, by its name
CLASS_ROWS = FunctionalRows(lookup=Ref(table="t05", level="类"), by="name", printed_suffix=r"\(类\)")

# 五(三) and 七(一): '年初预算为A万元，支出决算为B万元，完成年初预算的C%'; five(三)'s items name their 项
# ('1、一般公共服务支出（类）财政事务（款）行政运行（项）。…年初预算为…，支出决算为…'), 七's parts their 三公 item
_NAMED = r"[^,:;。()、]+?"
EXECUTION = Execution(
    budget=r"年初预算为$",
    final=r"决算为$",
    ratio=r"^完成(年初)?预算的$",
    heading=rf"^\d+[、,](?P<class>{_NAMED})\(类\)(?P<item>{_NAMED})\(款\)(?P<sub>{_NAMED})\(项\)",
    rows=Ref(table="t05", level="项"),
    total=_total("t05"),
    total_name="一般公共预算财政拨款支出",
    budgets=(("three_public", _t07("total_budget")), ("overseas", _t07("overseas_budget")),
             ("vehicles", _t07("vehicles_budget")), ("vehicle_purchase", _t07("vehicle_purchase_budget")),
             ("vehicle_running", _t07("vehicle_running_budget")), ("reception", _t07("reception_budget"))),
    budget_description="年初预算",
    budget_note="the initial budget (年初预算) is in no table of the final account",
    final_description="{name} 支出决算",
    ratio_description="完成年初预算 = 决算 ÷ 年初预算",
    zero_note="a budget of 0 and no spending: the family writes 完成预算的0% (0/0 has no ratio)",
)

# the budgets' procurement role in the 决算's wording (its notes hold for both)
PROCUREMENT = replace(BUDGET_PROCUREMENT, total="政府采购金额(\\(以合同签订为准\\))?为$",
                      part="(货物|工程|服务)采购金额$",
                      description="政府采购金额 = 货物 + 工程 + 服务（所述各项之和）")
ROLES = {
    "一般公共预算支出": (CLASS_ROWS, EXECUTION),
    "三公经费": (EXECUTION,),
    "其他重要事项": (EQUIPMENT_THRESHOLD, PROCUREMENT, VEHICLES),
}

GRAMMAR = Grammar(
    budget_year="决算年度",
    same=r"[与比](上年|\d{4}年度?)(相比)?[,，]?\S*?(持平|相同)",
    change=r"(?:[比与](上年|\d{4}年度?)(相比)?)?\S*?(减少|增加)$",
    change_words=(("减少", -1), ("增加", 1)),
    rate="下降|增长|减少|增加",
    # connectives, and a subheading the text runs into its first sentence ('（一）…总体情况' + '一般公共预算…')
    label_prefix=r"^(?:\([一二三四五六七八九十]+\)\S*?情况(?:说明)?[。.]?)?(?:其中|主要包括|截至|主要用于以下方面)?[:：]?",
    number_words_may_wrap=True,
)

CLAIMS = ClaimVocabulary(phrases=PHRASES, roles=ROLES, grammar=GRAMMAR, place="{section}")
