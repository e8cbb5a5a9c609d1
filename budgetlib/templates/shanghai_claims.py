"""The narrative vocabulary of the Shanghai family (上海 单位预算 / 部门预算; budgetlib.claims
interprets it).

The sections are known by their headings. 编制说明 states income and expenditure totals and their
parts (表1 / 表4), then 财政拨款支出主要内容 line by line: a functional class, 款 and 项 (by name,
`（类）（款）（项）` or `类-款-项`, or by code `（204类）（06款）（01项）`) with an amount checked against
表5 + 表6 + 表7, often with the prior year's execution, the amount restated and the change rate.
其他相关情况说明 states 三公 and its parts and 机关运行经费 (表9), the procurement total and its
parts (in no table), the goal-setting counts (in no table) and vehicles by category. Project
sections (部门预算) state amounts no table itemises. Amounts are in 万元 where tables 1–8 print 元:
the engine converts and rounds half-up to the printed places. Every stated amount is the subject of
the change that follows it (比2025年预算增加/减少 X万元, 与2025年预算持平).
"""
from __future__ import annotations

from decimal import Decimal

from .claims import (ChangeIdentities, ChangeSum, ClaimVocabulary, FunctionalLines, Grammar, Phrase, Procurement, Ref,
                     Restated, StatedCount, StatedCounts, Tally, Thresholds)

_INCOME, _EXPENSE = "收入", "支出"
_NARRATIVE, _OTHER = ("编制说明",), ("其他相关情况说明",)


def _t01(item: str, side: str) -> Ref:
    return Ref(table="t01", item=item, side=side)


def _t04_expense(column: str) -> Ref:
    return Ref(table="t04", item="支出总计", side=_EXPENSE, column=column)


def _t09(column: str) -> Ref:
    return Ref(table="t09", column=column, position=0)  # 表9 is one row


def _phrase(pattern: str, key: str, measure: Ref, sections: tuple[str, ...]) -> Phrase:
    """Every amount is the topic: the change stated after it is its change."""
    return Phrase(pattern, key, measure, sections, topic=True)


PHRASES: tuple[Phrase, ...] = (
    # 编制说明: income (表1 收入), expenditure (表1 支出总计), 财政拨款支出 by fund (表4 支出总计)
    _phrase("财政拨款收入$", "income_appropriation", _t01("财政拨款收入", _INCOME), _NARRATIVE),
    _phrase("^事业收入$", "income_business", _t01("事业收入", _INCOME), _NARRATIVE),
    _phrase("事业单位经营收入$", "income_operating", _t01("事业单位经营收入", _INCOME), _NARRATIVE),
    _phrase("其他收入$", "income_other", _t01("其他收入", _INCOME), _NARRATIVE),
    _phrase("收入预算(总计|总额)?$", "income_total", _t01("收入总计", _INCOME), _NARRATIVE),
    _phrase("一般公共预算(拨款)?(支出预算|支出)$", "appropriation_general", _t04_expense("general"), _NARRATIVE),
    _phrase("政府性基金(预算)?(拨款)?(支出预算|支出)$", "appropriation_fund", _t04_expense("fund"), _NARRATIVE),
    _phrase("国有资本经营预算(拨款)?(支出预算|支出)$", "appropriation_state_capital", _t04_expense("state_capital"),
            _NARRATIVE),
    _phrase("财政拨款支出(预算)?$", "appropriation_total", _t04_expense("total"), _NARRATIVE),
    _phrase("^支出预算(总计|总额)?$", "expense_total", _t01("支出总计", _EXPENSE), _NARRATIVE),
    # 基本支出 / 项目支出 (表3 合计) and 人员经费 / 公用经费 (表8 合计), where a narrative states them
    _phrase("^基本支出(预算)?$", "expense_basic", Ref(table="t03", column="basic", level="合计"), _NARRATIVE),
    _phrase("^项目支出(预算)?$", "expense_project", Ref(table="t03", column="project", level="合计"), _NARRATIVE),
    _phrase("^人员经费$", "personnel", Ref(table="t08", column="personnel", level="合计"), _NARRATIVE),
    _phrase("^(日常)?公用经费$", "public", Ref(table="t08", column="public", level="合计"), _NARRATIVE),
    # 其他相关情况说明: 三公 and 机关运行经费 (表9, 万元)
    _phrase('"三公"经费(预算数?|预算总额)?为?$', "three_public", _t09("total"), _OTHER),
    _phrase(r"因公出国\(境\)费(预算)?$", "overseas", _t09("overseas"), _OTHER),
    _phrase("公务(用)?车购置及运行(维护)?费(预算)?$", "vehicles", _t09("vehicles"), _OTHER),
    _phrase("公务(用)?车(辆)?购置费(预算)?$", "vehicle_purchase", _t09("vehicle_purchase"), _OTHER),
    _phrase("公务(用)?车(用车)?运行(维护)?费(预算)?$", "vehicle_running", _t09("vehicle_running"), _OTHER),
    _phrase("公务接待费(预算)?$", "reception", _t09("reception"), _OTHER),
    _phrase("机关运行经费(预算)?(为|是)?$", "office_operation", _t09("office_operation"), _OTHER),
)

# 财政拨款支出主要内容: the label of the line's amount (the words before it in its clause, normalised:
# half-width brackets and quotes, no blanks); a name holds no clause mark and may hold '(室)'.
_NAME = r'[^,:;"。()]+?(?:\([^,:;"。()]{1,6}\)[^,:;"。()]*?)*?'  # a name, possibly with '(室)'
_NUMBER = r'(?:\d+[,.．])?"?'
FUNCTIONAL_LINES = FunctionalLines(
    line=(
        # 公共安全支出（204类）司法（06款）行政运行（01项）… / “一般公共服务支出（类）财政事务（款）行政运行（项）”…
        _NUMBER + rf"(?P<class>{_NAME})\((?P<class_code>\d{{3}})?类\)"
        rf"(?:(?P<item>{_NAME})\((?P<item_code>\d{{2}})?款\))?"
        rf'(?:(?P<sub>{_NAME})\((?P<sub_code>\d{{2}})?项\))?"?(?:科目)?$',
        # “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目…
        _NUMBER + r'(?P<class>[^"\-,:;。]+)-(?P<item>[^"]+)-(?P<sub>[^"\-,:;。]+)"(?:科目)?$',
    ),
    tables=("t05", "t06", "t07"),
    execution=r"预算执行数为?$",
    planned=r"预算安排$",
    rate=r"执行数(减少|增加|下降|增长)$",
    same=r"执行数",
    directions=(("减少", -1), ("下降", -1), ("增加", 1), ("增长", 1)),
    description="{name}{code}",
    code_format="（{code}）",
    execution_description="{name} 上年当年预算执行数",
    execution_note="the prior year's execution is in no table of the budget",
    planned_description="{name} 本年预算安排 = 本条金额",
    rate_description="{name} 比上年预算执行数{word}",
    same_description="{name} 与上年预算执行数持平",
    aliases=(("其它", "其他"),),
)

PROCUREMENT = Procurement(
    total="政府采购预算$",
    part="政府采购(货物|工程|服务)(类)?预算$",
    description="政府采购预算 = 货物 + 工程 + 服务（所述各项之和）",
    note="internal consistency only: government procurement is in no table",
    part_note="no table lists government procurement by type",
)
VEHICLES = Procurement(
    total="车辆$",
    part="用车$",
    unit="辆",
    description="车辆 = Σ各类用车（所述各项之和）",
    note="internal consistency only: vehicles are in no table",
    part_note="no table lists vehicles by category",
)

# Changes on the prior year of quantities the tables' identities tie together (shanghai_rules: 表1
# 财政拨款收入 = 表4 收入总计 = 支出总计 = Σ by fund; 表1 收入总计 = 支出总计 = Σ sources; 表9 三公 = Σ items,
# 公务用车 = 购置 + 运行): those identities hold in the prior year's budget too, so the changes stated on
# it obey them. Only changes on the same base relate: '比2024年预算' and '比2024年预算执行数' do not.
_CHANGE_NOTE = ("{identity} holds in every year's budget (an identity of the template's tables), so the changes "
                "stated on the same earlier figure obey it: the stated changes are checked against each other, "
                "not against the prior year, whose figures are not printed")


def _changes(*identities: ChangeSum) -> ChangeIdentities:
    return ChangeIdentities(
        identities=identities,
        basis=r"[比与](上年|\d{4}年)(?:当年)?(预算)?(?:数)?(执行数)?",
        description="{total} 变动 = {parts} 变动（两年预算皆成立的恒等式）",
        note=_CHANGE_NOTE,
    )


CHANGES_OF_TOTALS = _changes(
    ChangeSum("income_appropriation", ("appropriation_total",)),
    ChangeSum("appropriation_total", ("appropriation_general", "appropriation_fund", "appropriation_state_capital")),
    ChangeSum("income_total", ("expense_total",)),
    ChangeSum("income_total", ("income_appropriation", "income_business", "income_operating", "income_other")),
    ChangeSum("expense_total", ("expense_basic", "expense_project")),
)
CHANGES_OF_THREE_PUBLIC = _changes(
    ChangeSum("three_public", ("overseas", "reception", "vehicles")),
    ChangeSum("vehicles", ("vehicle_purchase", "vehicle_running")),
)

# 机构设置 (部门预算): '部门预算是包括X本部以及下属N家预算单位…本部门中，行政单位a家，参公单位b家，事业单位c家'
# — the kinds count every unit of the department, 本部 included (kinds not present are not listed):
# N = a + b + c − 1. 机关运行经费 (名词解释: the 日常公用经费 of 行政单位 and 参公 units): '下属x家机关和y家参公
# 事业单位' are the department's 行政单位 and 参公单位.
_ORGANISATION, _OTHER_SECTION = "机构设置", _OTHER[0]
BODIES = (
    StatedCount("subordinate", "下属预算单位", _ORGANISATION, r"本部以及下属\s*(\d+)\s*家"),
    StatedCount("administrative", "行政单位", _ORGANISATION, r"行政单位\s*(\d+)\s*家"),
    StatedCount("civil_service", "参公单位", _ORGANISATION, r"参公单位\s*(\d+)\s*家"),
    StatedCount("institution", "事业单位", _ORGANISATION, r"(?<!参公)事业单位\s*(\d+)\s*家"),
    StatedCount("office_organs", "机关", _OTHER_SECTION, r"下属\s*(\d+)\s*家机关"),
    StatedCount("office_civil_service", "参公事业单位", _OTHER_SECTION, r"下属\s*\d+\s*家机关和\s*(\d+)\s*家参公"),
)
BODIES_BY_KIND = StatedCounts(counts=BODIES, tallies=(
    Tally("subordinate", ("administrative", "civil_service", "institution"),
          description="下属预算单位 = 行政单位 + 参公单位 + 事业单位 − 本部（所列各类单位含本部）",
          note="the department's budget covers its 本部 and N subordinate units, and the kinds listed count "
               "every unit of the department, 本部 included: N = Σ kinds − 1",
          offset=-1, offset_label="本部", absent_zero=True),
))
OFFICE_BODIES = StatedCounts(counts=BODIES, tallies=(
    Tally("office_organs", ("administrative",), description="机关运行经费 下属机关 = 机构设置 行政单位",
          note="机关运行经费 is the 日常公用经费 of 行政单位 and 参公 units (名词解释): the 机关 it is budgeted for "
               "are the department's 行政单位 (机构设置)"),
    Tally("office_civil_service", ("civil_service",), description="机关运行经费 下属参公事业单位 = 机构设置 参公单位",
          note="机关运行经费 is the 日常公用经费 of 行政单位 and 参公 units (名词解释): the 参公 units it is budgeted "
               "for are the department's 参公单位 (机构设置)"),
))

# 国有资产占有使用情况: '单价100万元（含）以上设备（不含车辆）' (held, and to be bought) — the threshold of the
# disclosure rules, the same in every document of the family.
EQUIPMENT_THRESHOLD = Thresholds(
    pattern=r"单价(\d+)万元[（(]含[）)]以上",
    values=(Decimal("100"),),
    description="设备单价门槛 {text}万元（模板表述）",
    note="a constant of the template's wording (the disclosure rules' 100万元 threshold for equipment), "
         "not a budget figure: a different figure contradicts the template",
)

# 项目经费情况说明 (部门预算): '六、年度预算安排 甲X万元，乙Y万元' restates the amounts of the projects that
# 绩效目标设置情况 lists by name ('涉及项目预算资金A万元。其中：甲X万元，乙Y万元…').
PROJECT_AMOUNTS = Restated(
    source=_OTHER_SECTION,
    anchor=r"涉及项目预算资金",
    opens=r"^其中",
    description="{name}（项目年度预算安排 = 绩效目标设置情况所列）",
    note="the same project's budget, named in the list of projects with performance goals: the same figure "
         "stated twice",
)

ROLES = {
    "机构设置": (BODIES_BY_KIND,),
    "项目经费情况说明": (PROJECT_AMOUNTS,),
    "编制说明": (FUNCTIONAL_LINES, CHANGES_OF_TOTALS),
    "其他相关情况说明": (EQUIPMENT_THRESHOLD, PROCUREMENT, VEHICLES, CHANGES_OF_THREE_PUBLIC, OFFICE_BODIES),
}

GRAMMAR = Grammar(
    units=Grammar().units + ("万 元",),  # a justified line spaces 万 元 apart
    unit_aliases=Grammar().unit_aliases + (("万 元", "万元"),),
    same=r"[与比](上年|\d{4}年)(当年)?(预算)?(数|执行数)?(持平|相同)",
    change=r"[比与](上年|\d{4}年)(当年)?(预算)?(数|执行数)?(减少|增加|一致)",
    change_words=(("减少", -1), ("增加", 1), ("一致", 0)),
    # connectives, and a subheading the PDF text runs into its first sentence ('二、机关运行经费预算' +
    # '2026年…财政拨款的机关运行经费预算为184.59万元')
    label_prefix=r"^(其中|主要包括|截至|本单位|本部门|\S{2,20}?(情况说明|预算情况|经费预算)\d{4}年度?)[:：]?",
    compared_year=r"[比与](\d{4})年(当年)?(预算|同期)",
    number_words_may_wrap=True,  # PDF text: '…执行数为' at a line's end, '1690.69万元' opening the next
    compared_year_description="比较年度 = 上年（比…年预算）",
)

CLAIMS = ClaimVocabulary(phrases=PHRASES, roles=ROLES, grammar=GRAMMAR, place="{section}")
