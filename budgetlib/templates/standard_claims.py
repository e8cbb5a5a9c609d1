"""The narrative vocabulary of the national set (budgetlib.claims interprets it): the sentences every
department budget states about its standard tables, bound to the tables' roles (`standard_tables`),
so that the narrative of a family never declared is judged, not left unverifiable.

收入/支出预算总计 (收支总表), 财政拨款 and its funds (收支总表, 财政拨款收支总表), 基本支出 / 项目支出 /
单位预留机动经费 (收支总表 by use), the 三公 items, 会议费 and 培训费 (the 三公 table, one row) and
机关运行经费 (its table's 合计). Changes are written '比上年增加 X' or '与上年相比增加 X'.
"""
from __future__ import annotations

from .claims import ClaimVocabulary, FunctionalLines, Grammar, Phrase, Ref, Total

INCOME, EXPENSE, EXPENSE_BY_USE = "收入", "支出", "支出用途"


def _summary(item: str, side: str) -> Ref:
    return Ref(table="summary", item=item, side=side)


def _three_public(column: str) -> Ref:
    return Ref(table="three_public", column=column, position=0)  # one row


def _phrase(pattern: str, key: str, measure: Ref) -> Phrase:
    """Every amount is the topic: the change stated after it is its change."""
    return Phrase(pattern, key, measure, topic=True)


_NUMBERED = r"(?:\([一二三四五六七八九十\d]+\)|\d+[.．、])?"  # '(一)收入预算总计', '1．财政拨款收入', '(1)…'
# what may stand before a phrase: the numbering, or the unit's short name and the year ('省检察院2018年度…')
_LEAD = r"^(?:[^,;:。]*?(?:\d{4}年度?|本部门|省\S{1,6}?(?=本年)))?" + _NUMBERED
_SPENT = "(?:预算|支出|数|总额)*(?:为|是)?$"  # '会议费支出预算为', '培训费预算支出', '培训费'
PHRASES: tuple[Phrase, ...] = (  # the first that matches names the amount: the narrower wordings first
    _phrase(r"收入、支出预算总计$|收支预算总计$", "income_total", _summary("收入合计", INCOME)),
    _phrase(_LEAD + r"收入预算总计$", "income_total", _summary("收入合计", INCOME)),
    _phrase(_LEAD + r"支出预算总计$", "expense_total", _summary("支出合计", EXPENSE)),
    _phrase(_LEAD + r"财政拨款收入(?:预算)?(?:总计)?$", "income_appropriation", _summary("财政拨款", INCOME)),
    _phrase(_LEAD + r"其他资金(?:收入)?(?:预算)?(?:总计)?$", "income_other", _summary("其他资金", INCOME)),
    _phrase(_LEAD + r"政府性基金(?:预算)?(?:拨款)?收入(?:预算)?$", "appropriation_fund",
            Ref(table="appropriation_summary", item="政府性基金预算", side=INCOME)),
    _phrase(_LEAD + r"财政专户管理资金(?:收入)?(?:预算)?(?:总计)?$", "income_special_account",
            _summary("财政专户管理资金", INCOME)),
    _phrase(_LEAD + r"上年结转(?:资金)?" + _SPENT, "income_carried_over", _summary("上年结转资金", INCOME)),
    _phrase(_LEAD + r"结转下年(?:资金)?" + _SPENT, "expense_carry_out", _summary("结转下年资金", EXPENSE)),
    _phrase(_LEAD + r"一般公共预算(?:拨款)?收入(?:预算)?$", "appropriation_general",
            Ref(table="appropriation_summary", item="一般公共预算", side=INCOME)),
    _phrase(_LEAD + r"基本支出" + _SPENT, "expense_basic", _summary("基本支出", EXPENSE_BY_USE)),
    _phrase(_LEAD + r"项目支出" + _SPENT, "expense_project", _summary("项目支出", EXPENSE_BY_USE)),
    _phrase(_LEAD + r"单位预留机动经费" + _SPENT, "expense_reserve", _summary("单位预留机动经费", EXPENSE_BY_USE)),
    _phrase(r'"三公"经费' + _SPENT, "three_public", _three_public("total")),
    _phrase(r"因公出国\(境\)费" + _SPENT, "overseas", _three_public("overseas")),
    _phrase(r"公务用车购置及运行(?:维护)?费" + _SPENT, "vehicles", _three_public("vehicles")),
    _phrase(r"公务用车购置(?:费)?" + _SPENT, "vehicle_purchase", _three_public("vehicle_purchase")),
    _phrase(r"公务用车运行(?:维护)?费" + _SPENT, "vehicle_running", _three_public("vehicle_running")),
    _phrase(r"公务接待费" + _SPENT, "reception", _three_public("reception")),
    _phrase(r"^(?:\S*安排的)?会议费" + _SPENT, "meetings", _three_public("meetings")),
    _phrase(r"^(?:\S*安排的)?培训费" + _SPENT, "training", _three_public("training")),
    _phrase(_LEAD + r"本年收入(?:预算)?合计$", "income_current", _summary("当年收入小计", INCOME)),
    _phrase(_LEAD + r"本年支出(?:预算)?合计$", "expense_current", _summary("当年支出小计", EXPENSE)),
    _phrase(r"^(?:财政拨款)?(?:收、)?支总预算$|^财政拨款收支总(?:预算|计)$", "appropriation_total",
            Ref(table="appropriation_summary", item="收入合计", side=INCOME)),
    _phrase(_LEAD + r"财政拨款(?:预算)?支出(?:预算)?$", "appropriation_expense",
            Ref(table="appropriation_summary", item="支出合计", side=EXPENSE)),
    _phrase(_LEAD + r"一般公共预算财政拨款支出预算$", "general_expense", Ref(table="general_functional", level="合计")),
    _phrase(_LEAD + r"一般公共预算财政拨款基本支出预算$", "general_basic",
            Ref(table="general_basic_economic", column="basic", level="合计")),
    _phrase(_LEAD + r"财政拨款基本支出预算$", "appropriation_basic",
            Ref(table="appropriation_basic_economic", column="basic", level="合计")),
    _phrase(_LEAD + r"政府性基金(?:预算)?支出预算(?:支出)?$", "fund_expense", Ref(table="fund_functional", level="合计")),
    # 人员经费 = 工资福利支出 + 对个人和家庭的补助, 公用经费 = 商品和服务支出 (+ 资本性支出 where printed), of
    # the section's economic table
    *(Phrase(_LEAD + words, key, Total(tuple(Ref(table=table, column="basic", code=code) for code in codes)),
             (section,), topic=True)
      for section, table in (("财政拨款基本支出", "appropriation_basic_economic"),
                             ("一般公共预算基本支出", "general_basic_economic"))
      for words, key, codes in ((r"人员经费" + _SPENT, "personnel", ("301", "303")),
                                (r"(?:日常)?公用经费" + _SPENT, "public", ("302", "310")))),
    _phrase(r"政府采购(?:支出)?预算总(?:金)?额(?:为|是)?$", "procurement", Ref(table="procurement", item="合计")),
    _phrase(r"机关运行经费" + _SPENT, "office_operation",
            Ref(table="office_operation", column="office_operation", level="合计")),
)

# '1．法院（款）行政运行（项）支出X万元': a 类, 款 and 项 by name, the amount against the functional table of
# the section (the change on the prior year that follows is in no table)
_NAME = r'[^,:;"。()]+?(?:\([^,:;"。()]{1,6}\)[^,:;"。()]*?)*?'  # a name, possibly with '(室)'
_NEVER = "(?!)"


def _functional_lines(table: str) -> FunctionalLines:
    return FunctionalLines(
        line=(r'(?:\d+[,.．])?(?=\S*\((?:类|款|项)\))'
              rf"(?:(?P<class>{_NAME})\(类\))?(?:(?P<item>{_NAME})\(款\))?(?:(?P<sub>{_NAME})\(项\))?(?:支出)?$",),
        tables=(table,), execution=_NEVER, planned=_NEVER, rate=_NEVER, same=_NEVER,
        directions=(("减少", -1), ("增加", 1)), description="{name}",
        execution_description="{name} 上年预算数", execution_note="the prior year's budget is in no table",
        planned_description="{name} = 本条金额", rate_description="{name} 比上年{word}",
        same_description="{name} 与上年持平", aliases=(("其它", "其他"),))


ROLES = {"财政拨款支出": (_functional_lines("appropriation_functional"),),
         "一般公共预算支出": (_functional_lines("general_functional"),)}

CLAIMS = ClaimVocabulary(
    phrases=PHRASES,
    roles=ROLES,
    grammar=Grammar(change=r"(?:比|较)(?:上年|\d{4}年)(?:预算)?(?:减少|增加)|与(?:上年|\d{4}年)(?:预算)?相比\S*?(?:减少|增加)"
                           r"|(?:减少|增加)$|^(?:主要是)?(?:减少|增加)",
                    compared="与上年相比", number_words_may_wrap=True, unknown_ends_topic=True,
                    rate_from_exact_figures=True, rate="下降|增长|减少|增加|降幅|增幅",
                    # '基本支出X万元，占59.07%' is a share of a total the sentence does not name: judged only
                    # where it names it ('占“三公”经费的31.14%', '占本年支出合计的100%')
                    share_needs_base=True),
)
