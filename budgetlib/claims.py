"""Every number stated in Part 3 (sections 一 … 十二), found in the text and recomputed.

How a number is tied to the tables:
1. The text of each section is cut into sentences (。；) and clauses (，：、); every number with a
   unit (万元, %, 个, 辆, 台, 平方米 …) and every year or date becomes a `Stated` item.
2. The words before a number in its clause (its label) are looked up in VOCABULARY, the template's
   phrases (预算收入总计, 基本支出, 公务接待费 …), each bound to a measure over the tables. The first
   amount bound to a topic phrase is the subject of what follows in its section: 占 N% is a share
   of it, 比上年减少 N万元 / 下降 N% a change of it.
3. A number no phrase explains is kept as `unverifiable` with the reason — never dropped.
Nothing here knows this document's figures; they are all read from the text and the tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Callable

from .formula import Cell, Const, Count, Expr, Percent, Sum
from .ledger import MATCH, MISMATCH, UNVERIFIABLE, Result, decide, judge
from .money import HUNDRED, WAN, ZERO, places, round_half_up
from .narrative import Section
from .source import Line
from .text import normalize, strip_numbering

if TYPE_CHECKING:  # pragma: no cover
    from .document import Disclosure

_NUMBER = re.compile(
    r"(?<![\d.,A-Za-z])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*"
    r"(万元|%|％|个|辆|台（套）|台\(套\)|台|平方米|名|家|次)"
)
_DATE = re.compile(r"(?<!\d)(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?")
_SAME_AS_PRIOR = re.compile(r"与(上年|\d{4}年)预算数?相同")
_CLAUSE_BREAK = re.compile(r"[，,；;：:。、]")
_LIST = re.compile(r"(人员经费|公用经费)[\d.,]*万元，?主要包括[:：](.+?)等?[；;。]?$")


@dataclass
class Stated:
    section: str
    sentence: str
    clause: str
    label: str  # the words before the number in its clause
    text: str  # the number as printed, e.g. '3,306.81'
    unit: str
    amount: Decimal
    line: int
    position: int  # character offset in the sentence


@dataclass
class Sentence:
    section: str
    text: str
    line: int
    items: list[Stated] = field(default_factory=list)


def sentences_of(section: Section) -> list[Sentence]:
    out = []
    for line in section.lines:
        for part in re.split(r"(?<=[。])", line.text.strip()):
            if part.strip():
                out.append(Sentence(section.numeral, part.strip(), line.no))
    return out


def _label_before(sentence: str, start: int) -> tuple[str, str]:
    """The clause holding the number at `start` and the words before the number in it."""
    head = sentence[:start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(head)), default=0)
    label = head[cut:]
    clause_end = _CLAUSE_BREAK.search(sentence, start)
    clause = sentence[cut: clause_end.start() if clause_end else len(sentence)]
    return clause, label


def extract(section: Section) -> list[Sentence]:
    sentences = sentences_of(section)
    for s in sentences:
        spans = []
        for m in _DATE.finditer(s.text):
            clause, label = _label_before(s.text, m.start())
            unit = "日期" if m.group(2) else "年"
            s.items.append(Stated(s.section, s.text, clause, label, m.group(0), unit,
                                  Decimal(m.group(1)), s.line, m.start()))
            spans.append(m.span())
        for m in _NUMBER.finditer(s.text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            unit = {"％": "%", "台(套)": "台（套）"}.get(m.group(3), m.group(3))
            clause, label = _label_before(s.text, m.start())
            number = m.group(1) + (m.group(2) or "")
            s.items.append(Stated(s.section, s.text, clause, label, number, unit,
                                  Decimal(number.replace(",", "")), s.line, m.start()))
        for m in _SAME_AS_PRIOR.finditer(s.text):
            clause, label = _label_before(s.text, m.start())
            s.items.append(Stated(s.section, s.text, clause, label, m.group(0), "相同", ZERO, s.line, m.start()))
        s.items.sort(key=lambda i: i.position)
    return sentences


# -- measures over the tables ---------------------------------------------------------------------

Measure = Callable[["Disclosure"], Expr | None]


def _cell(d: "Disclosure", tid: str, column: str, **where) -> Cell | None:
    """The cell `column` of the first row whose columns equal `where` (item numbering ignored)."""
    table = d.tables[tid]
    for r in table.records:
        if all((strip_numbering(r[k]) if k == "item" else r[k]) == v for k, v in where.items()):
            return Cell(table, r["index"], column)
    return None


def t01(item: str, column: str = "total", side: str | None = None, group: str | None = None) -> Measure:
    def measure(d):
        where = {"item": item}
        if side:
            where["side"] = side
        if group is not None:
            where["group"] = group
        return _cell(d, "t01", column, **where)
    return measure


def t04(item: str, column: str = "total", side: str = "收入", group: str | None = None) -> Measure:
    def measure(d):
        where = {"item": item, "side": side}
        if group is not None:
            where["group"] = group
        return _cell(d, "t04", column, **where)
    return measure


def level_total(tid: str, column: str = "total") -> Measure:
    return lambda d: _cell(d, tid, column, level="合计")


def row_total(tid: str, key: str, value: str, column: str = "total") -> Measure:
    return lambda d: _cell(d, tid, column, **{key: value})


def first_row(tid: str) -> Measure:
    return lambda d: Cell(d.tables[tid], int(d.tables[tid].frame.index[0]), "total") if len(d.tables[tid].frame) else None


@dataclass(frozen=True)
class Phrase:
    pattern: str  # regex searched in the normalised label
    key: str  # measure id; also the key of prior-year figures (see docs/methodology.md)
    measure: Measure | None
    sections: str = ""  # section numerals the phrase applies to ('' = all)
    topic: bool = False  # the subject of its sentence (base of 占 N% and 比上年)
    after: tuple[str, ...] = ()  # applies only while the topic is one of these measures ('' = any)


def _phrases() -> list[Phrase]:
    income, expense = "收入", "支出"
    return [
        # 一、收支总表
        Phrase("预算收入总计|预算收入$", "income_total", t01("收入总计", side=income), "一二", True),
        Phrase("(单位)?预算支出总计", "expense_total", t01("支出总计", side=expense), "一", True),
        Phrase("本年收入$", "income_current", t01("本年收入合计", side=income), "一"),
        Phrase("本年预算安排$", "expense_current", t01("本年支出合计", "current_year", expense), "一"),
        # 二、收入 by source
        Phrase("一般公共预算拨款收入", "income_general", t01("一般公共预算", side=income, group=""), "二"),
        Phrase("政府性基金预算拨款收入", "income_fund", t01("政府性基金预算", side=income, group=""), "二"),
        Phrase("国有资本经营预算拨款收入", "income_state_capital", t01("国有资本经营预算", side=income, group=""), "二"),
        Phrase("财政专户管理资金收入", "income_special_account", t01("财政专户管理资金", side=income, group=""), "二"),
        Phrase("单位资金$", "income_unit_funds", t01("单位资金", side=income, group=""), "二"),
        # 上年结转 after an expenditure total is the carried-over column of 本年支出合计.
        Phrase("上年结转$", "expense_carried_over", t01("本年支出合计", "carried_over", expense), "一",
               after=("expense_total",)),
        Phrase("上年结转$", "income_carried_over", t01("上年结转", side=income), "一二"),
        # 三、支出
        Phrase("支出预算$", "expense_total_t03", level_total("t03"), "三", True),
        Phrase("^基本支出$", "expense_basic", level_total("t03", "basic"), "三"),
        Phrase("^项目支出$", "expense_project", level_total("t03", "project"), "三"),
        # 四、财政拨款
        Phrase("财政拨款收支总预算", "appropriation_total", t04("收入总计"), "四", True),
        Phrase("一般公共预算拨款$", "appropriation_general", t04("支出总计", "general", "支出"), "四"),
        Phrase("政府性基金预算拨款$", "appropriation_fund", t04("支出总计", "fund", "支出"), "四"),
        Phrase("国有资本经营预算拨款$", "appropriation_state_capital", t04("支出总计", "state_capital", "支出"), "四"),
        Phrase("当年拨款收入", "appropriation_current", t04("本年收入合计"), "四"),
        Phrase("上年结转收入", "appropriation_carried_over", t04("上年财政拨款结转"), "四"),
        # 五、一般公共预算
        Phrase("一般公共预算当年支出", "general_budget_expense", level_total("t05"), "五", True),
        # 六、基本支出
        Phrase("安排基本支出", "basic_expense", level_total("t06"), "六", True),
        Phrase("^人员经费", "personnel", level_total("t06", "personnel"), "六"),
        Phrase("^公用经费", "public", level_total("t06", "public"), "六"),
        # 七、三公
        Phrase('"?三公"?经费预算', "three_public", level_total("t10"), "七", True),
        Phrase("因公出国[（(]境[）)]费", "overseas", row_total("t10", "item", "因公出国（境）费"), "七"),
        Phrase("公务接待费", "reception", row_total("t10", "item", "公务接待费"), "七"),
        Phrase("公务用车购置及运行费", "vehicles", row_total("t10", "item", "公务用车购置及运行费"), "七"),
        Phrase("公务用车运行维护费", "vehicle_running", row_total("t10", "item", "公务用车运行维护费"), "七"),
        Phrase("公务用车购置费", "vehicle_purchase", row_total("t10", "item", "公务用车购置费"), "七"),
        # 八、机关运行经费
        Phrase("机关运行经费(财政拨款)?预算", "office_operation", level_total("t11"), "八", True),
    ]


VOCABULARY = _phrases()
CHANGE_WORDS = {"减少": -1, "增加": 1, "相同": 0}  # sign of the stated change


def _clean_label(label: str, d: "Disclosure") -> str:
    text = normalize(label).replace(normalize(d.unit), "")
    text = re.sub(r"^\d{4}年度?", "", text)
    return re.sub(r"^(其中|主要包括|支出包括|主要用于以下方面|本单位|截至)[:：]?", "", text)


# -- verification ----------------------------------------------------------------------------------

class ClaimBook:
    def __init__(self, d: "Disclosure", tolerance: Decimal, prior: dict[str, Decimal], goals):
        self.d = d
        self.tolerance = tolerance
        self.prior = prior
        self.goals = goals
        self.results: list[Result] = []
        self.counter: dict[str, int] = {}

    def add(self, item: Stated, description: str, computed: Expr | None, *, digits: int | None = None,
            status: str | None = None, note: str = "", key: str = "", computed_value=None, formula: str = ""):
        n = self.counter.get(item.section, 0) + 1
        self.counter[item.section] = n
        tables = ",".join(sorted({c.table.id for c in computed.cells()})) if computed is not None else ""
        fields = dict(
            stated=item.amount, section=item.section, sentence=item.sentence, stated_text=item.text,
            unit=item.unit, line=item.line, note=note, tables=tables, kind="claim",
            stated_formula=f"stated in 第三部分 {item.section}", formula=formula,
        )
        if status:
            fields["status"] = status
        result = decide(f"{item.section}.{n:02d}", description, None, computed, self.tolerance, digits, **fields)
        if computed_value is not None:
            result.computed = computed_value
            result.status = status or judge(item.amount, computed_value, self.tolerance)
        result.extra["key"] = key
        self.results.append(result)
        return result


def _digits(item: Stated) -> int:
    return places(item.text.replace(",", "")) if item.unit in ("万元", "%") else 0


def _find_phrase(label: str, section: str, topic: str = "") -> Phrase | None:
    for phrase in VOCABULARY:
        if phrase.sections and section not in phrase.sections:
            continue
        if phrase.after and topic not in phrase.after:
            continue
        if re.search(phrase.pattern, label):
            return phrase
    return None


def _function_row(d: "Disclosure", section: str, label: str) -> Expr | None:
    """Sections 四 and 五 name functional classes (类) such as 教育支出: 表四 支出 / 表五 类 rows."""
    name = strip_numbering(label)
    if section == "四":
        return _cell(d, "t04", "total", side="支出", item=name, group="")
    if section == "五":
        return _cell(d, "t05", "total", level="类", name=name)
    return None


class _SectionState:
    """What earlier numbers of a section established for the later ones."""

    def __init__(self):
        self.topic: tuple[Phrase, Expr, Stated] | None = None  # the sentence's subject
        self.last_amount: tuple[Expr | None, Stated] | None = None  # what 占 N% refers to
        self.change: tuple[int, Stated] | None = None  # 比上年减少 N万元, for the rate after it
        self.implied = None  # (phrase, current expr, implied prior-year value)
        self.pending = None  # 七: the amount that '与上年预算数相同' refers to
        self.category: str | None = None  # 十: 其他运转类 / 特定目标类, waiting for its amount
        self.pending_count: tuple[Stated, str] | None = None
        self.disclosed = False  # 十: numbers after 公开项目绩效目标 refer to the appendix
        self.purchase: Stated | None = None  # 十二: 政府购买服务项目 N个, waiting for its amount
        self.vehicles: Stated | None = None  # 十一: after 实有 N辆 come the categories
        self.procurement_total: Stated | None = None
        self.procurement_parts: list[Stated] = []


def verify_claims(d: "Disclosure", tolerance: Decimal, prior: dict[str, Decimal], goals=None) -> list[Result]:
    book = ClaimBook(d, tolerance, prior, goals)
    for numeral, section in d.sections.items():
        state = _SectionState()
        for sentence in extract(section):
            _verify_sentence(book, sentence, state)
        _finish_procurement(book, state)
        _verify_lists(book, section)
    return book.results


def _verify_sentence(book: ClaimBook, sentence: Sentence, state: "_SectionState") -> None:
    d = book.d
    state.last_amount = state.change = None
    for item in sentence.items:
        label = _clean_label(item.label, d)
        if item.unit in ("年", "日期"):
            _verify_date(book, item)
        elif item.unit == "相同" or (item.unit == "万元" and re.search(r"比(上年|\d{4}年)(预算)?(减少|增加)", label)):
            _verify_change(book, item, label, state)
        elif item.unit == "%":
            _verify_percent(book, item, label, state)
        elif item.unit == "万元":
            _verify_amount(book, item, label, state)
        else:
            _verify_count(book, item, label, state)


def _verify_amount(book: ClaimBook, item: Stated, label: str, state: _SectionState) -> None:
    d = book.d
    if item.section == "九":
        _verify_procurement(book, item, label, state)
        return
    if state.purchase is not None:
        _verify_purchase(book, state, item)
        return
    if item.section == "十一" and "价值" in label:
        book.add(item, f"资产价值门槛 {item.text}万元", None, status=UNVERIFIABLE,
                 note="a threshold in the definition of the asset class, not a budget figure")
        return
    if state.topic and state.topic[0].key == "project_count":
        _verify_project_claim(book, item, label, state)
        return
    phrase = _find_phrase(label, item.section, state.topic[0].key if state.topic else "")
    expr = phrase.measure(d) if phrase and phrase.measure else None
    description = label or item.clause
    if expr is None and not phrase:
        expr = _function_row(d, item.section, label)
        description = f"{label}（按功能分类）" if expr is not None else description
    if expr is None:
        book.add(item, description, None, status=UNVERIFIABLE,
                 note="no table states this figure" if not phrase else f"{phrase.key}: row not found in the table")
    else:
        book.add(item, description, expr, digits=_digits(item), key=phrase.key if phrase else "")
        if item.section == "七":  # every amount there is followed by '与上年预算数相同'
            state.pending = (phrase, expr, item)
    if phrase and phrase.topic and expr is not None:
        state.topic = (phrase, expr, item)
    state.last_amount = (expr, item)
    state.change = None


def _verify_percent(book: ClaimBook, item: Stated, label: str, state: _SectionState) -> None:
    d = book.d
    digits = _digits(item)
    if state.change and re.search("下降|增长|减少|增加", label):
        direction, change_item = state.change
        if state.implied is None:
            book.add(item, label, None, status=UNVERIFIABLE, note="the change it is a rate of has no amount to compare")
        else:
            _verify_change_rate(book, item, direction, change_item, state)
        return
    if item.section == "十" and "项目支出总额" in label:
        disclosed = _disclosed_amount(d)
        t12 = first_row("t12")(d)
        if disclosed is None or t12 is None:
            book.add(item, "公开项目金额占项目支出总额", None, status=UNVERIFIABLE, note="no performance-goal tables")
        else:
            book.add(item, "公开项目绩效目标金额占项目支出总额（表十二）", Percent(disclosed, t12), digits=digits)
        return
    if label.startswith("占") and state.last_amount and state.topic:
        part, part_item = state.last_amount
        topic_phrase, whole, topic_item = state.topic
        description = f"{_clean_label(part_item.label, d) or part_item.clause} 占 {_clean_label(topic_item.label, d)}"
        if part is None:
            book.add(item, description, None, status=UNVERIFIABLE, note="the amount it is a share of is not in a table")
            return
        book.add(item, description, Percent(part, whole), digits=digits,
                 note="share of the sentence's total; 0% stated for a blank row counts as 0")
        return
    book.add(item, label or item.clause, None, status=UNVERIFIABLE, note="no rule ties this percentage to the tables")


def _verify_change(book: ClaimBook, item: Stated, label: str, state: _SectionState) -> None:
    """比上年减少/增加 N万元, or 与上年预算数相同 (a change of 0)."""
    d = book.d
    word = "相同" if item.unit == "相同" else re.search("减少|增加", label).group(0)
    direction = CHANGE_WORDS[word]
    subject = state.pending if item.unit == "相同" else None
    if subject is None and state.topic:
        subject = state.topic
    state.change = (direction, item)
    if subject is None:
        book.add(item, f"比上年{word}", None, status=UNVERIFIABLE, note="no amount in the sentence to compare")
        state.implied = None
        return
    phrase, current_expr, current_item = subject
    current = current_expr.evaluate()
    stated_change = direction * item.amount
    implied_prior = current - stated_change
    description = f"{_clean_label(current_item.label, d) or phrase.key} 比上年{word}"
    given = phrase.key in book.prior
    if given:
        prior = book.prior[phrase.key]
        computed_change = current - prior
        status = judge(stated_change, computed_change, book.tolerance)
        result = book.add(item, description, None, computed_value=abs(computed_change) if direction else computed_change,
                 status=status, key=phrase.key,
                 formula=f"{current_expr.describe()} − prior[{phrase.key}] ({prior})",
                 note=f"prior-year figure given: {prior}; signed change {computed_change}")
    else:
        result = book.add(item, description, None, status=UNVERIFIABLE, key=phrase.key,
                 formula=f"prior[{phrase.key}] not printed",
                 note=f"{d.year - 1} figures are not printed; implied {d.year - 1} value = {current} "
                      f"{'+' if direction <= 0 else '−'} {item.amount} = {implied_prior}")
    # What the 2025 → 2026 chart draws: the measure, its current and (given or implied) prior value.
    result.extra["change"] = {"key": phrase.key, "label": _clean_label(current_item.label, d) or phrase.key,
                              "current": current, "prior": book.prior[phrase.key] if given else implied_prior,
                              "given": given}
    state.implied = (phrase, current_expr, implied_prior, current_item)


def _verify_change_rate(book: ClaimBook, item: Stated, direction: int, change_item: Stated,
                        state: _SectionState) -> None:
    d = book.d
    phrase, current_expr, implied_prior, _ = state.implied
    digits = _digits(item)
    current = current_expr.evaluate()
    word = "下降" if direction < 0 else "增长"
    if phrase.key in book.prior:
        prior = book.prior[phrase.key]
        rate = abs(current - prior) * HUNDRED / prior if prior else None
        wrong_sign = (current - prior) * direction < 0
        computed = round_half_up(rate, digits) if rate is not None else None
        status = MISMATCH if wrong_sign else judge(item.amount, computed, book.tolerance)
        book.add(item, f"{_clean_label(state.implied[3].label, d)} {word}率", None, computed_value=computed, status=status, key=phrase.key,
                 formula=f"|{current_expr.describe()} − prior| / prior × 100 (prior = {prior})",
                 note="prior-year figure given" + ("; the change has the opposite sign" if wrong_sign else ""))
        return
    expr = Percent(Const(change_item.amount, "stated change"),
                   Sum((current_expr, Const(-direction * change_item.amount, "stated change"))))
    book.add(item, f"{_clean_label(state.implied[3].label, d)} {word}率（按隐含上年数）", expr, digits=digits, key=phrase.key,
             note=f"against the implied {d.year - 1} value {implied_prior} = current − signed stated change")


def _verify_date(book: ClaimBook, item: Stated) -> None:
    d = book.d
    year = int(item.amount)
    match = _DATE.match(item.text)
    if item.unit == "日期":
        month, day = int(match.group(2)), int(match.group(3) or 0)
        if (month, day) == (12, 31) and year == d.year - 1:
            book.add(item, "截至日期 = 上年末", None, computed_value=item.amount, status=MATCH,
                     formula=f"{d.year - 1}-12-31 (end of the year before the budget year)")
        else:
            book.add(item, "日期", None, status=UNVERIFIABLE, note="a date the tables do not state")
        return
    if year == d.year:
        book.add(item, "预算年度", None, computed_value=Decimal(d.year), status=MATCH, formula="budget year (cover)")
    elif year == d.year - 1:
        book.add(item, "上年（比较年度）", None, computed_value=Decimal(d.year - 1), status=MATCH,
                 formula="budget year − 1 (cover)")
    else:
        book.add(item, "年份", None, computed_value=Decimal(d.year), status=MISMATCH if year > d.year else UNVERIFIABLE,
                 formula="budget year (cover)", note="neither the budget year nor the year before")


def _appendix_titles(d: "Disclosure") -> list[Line]:
    title = d.template.goal_tables.title
    return [l for l in d.sections["十"].appendix if title in l.text] if "十" in d.sections else []


def _projects_of(d: "Disclosure"):
    t12 = d.tables["t12"]
    projects = t12.frame[t12.frame["level"] == "项目"]
    return t12, projects


def _disclosed_amount(d: "Disclosure") -> Expr | None:
    """Σ 年度资金总额 of the appended performance-goal tables, in 万元."""
    try:
        from .performance import section_ten_counts
    except ImportError:
        return None
    counts = section_ten_counts(d)
    if not counts.tables:
        return None
    if counts.tables_without_annual:  # a blank cell is a layout loss (reported as a finding), not a figure
        return Const(counts.annual_total_with_fallback,
                     "Σ 年度资金总额 of the appended tables (万元; blank for "
                     + "、".join(counts.tables_without_annual) + ", 表十二's amount used)")
    return Const(counts.annual_total, "Σ 年度资金总额 of the appended tables (万元)")


def _subset(d, count: int, amount: Decimal, label: str):
    try:
        from .performance import subset_evidence
    except ImportError:
        return None
    cache = d.__dict__.setdefault("_subset_evidence", {})  # each statement appears twice in 十
    key = (count, amount, label)
    if key not in cache:
        cache[key] = subset_evidence(d, count, amount, label)
    return cache[key]


def _verify_project_claim(book: ClaimBook, item: Stated, label: str, state: _SectionState) -> None:
    """Section 十: projects under performance management, their categories, the disclosed tables."""
    d = book.d
    t12, projects = _projects_of(d)
    category = re.search(r"(其他运转类|特定目标类)项目$", label)
    if item.unit == "个":
        state.pending_count = (item, label)
    if category:
        state.category = category.group(1)
        return  # verified together with its amount (next number)
    if state.category and item.unit == "万元":
        count_item, _ = state.pending_count
        evidence = _subset(d, int(count_item.amount), item.amount, state.category)
        for it, what in ((count_item, "个数"), (item, "金额")):
            if evidence is None:
                book.add(it, f"{state.category}项目{what}", None, status=UNVERIFIABLE,
                         note="table 12 does not state each project's category")
            else:
                result = book.add(it, f"{state.category}项目{what}", None, status=evidence.status,
                                  computed_value=evidence.computed if it is item else (
                                      Decimal(count_item.amount) if evidence.status == MATCH else None),
                                  note=evidence.note)
                result.extra["subset"] = evidence
        state.category = None
        return
    if "公开项目绩效目标" in label and item.unit == "个":
        titles = _appendix_titles(d)
        book.add(item, "公开的项目绩效目标表个数（附件）", None, computed_value=Decimal(len(titles)),
                 formula=f"count of '{d.template.goal_tables.title}' tables appended to 第三部分 十")
        state.disclosed = True
        return
    if item.unit == "个":
        book.add(item, "纳入绩效目标管理的项目个数（表十二项目行）",
                 Count(tuple(Cell(t12, int(i), "item") for i in projects.index), "表十二 项目 rows"))
        return
    if state.disclosed:
        disclosed = _disclosed_amount(d)
        book.add(item, "公开项目绩效目标涉及金额（附件 年度资金总额）", disclosed, digits=_digits(item),
                 status=None if disclosed is not None else UNVERIFIABLE,
                 note="" if disclosed is not None else "performance-goal tables not parsed")
        state.last_amount = (disclosed, item)
        return
    book.add(item, "项目支出金额（表十二 合计）", first_row("t12")(d), digits=_digits(item))


def _verify_count(book: ClaimBook, item: Stated, label: str, state: _SectionState) -> None:
    d = book.d
    if item.section == "十":
        state.topic = state.topic or (Phrase("二级项目", "project_count", None), Const(item.amount), item)
        _verify_project_claim(book, item, label, state)
        return
    if item.section == "十二" and "政府购买服务项目" in label:
        state.purchase = item
        return
    if item.section == "十一" and item.unit == "辆":
        _verify_vehicles(book, item, label, state)
        return
    book.add(item, label or item.clause, None, status=UNVERIFIABLE, note="no table states this figure")


def _verify_vehicles(book: ClaimBook, item: Stated, label: str, state: _SectionState) -> None:
    """Vehicles held vs the 三公 vehicle costs of 表十: no vehicle, no running cost, and vice versa."""
    d = book.d
    running = row_total("t10", "item", "公务用车运行维护费")(d)
    if "实有" in label and running is not None:
        cost = running.evaluate()
        if cost == 0:
            book.add(item, "实有公务用车 vs 表十 公务用车运行维护费", running, status=MATCH if item.amount == 0 else MISMATCH,
                     note="no running cost is budgeted, so no vehicle is expected"
                     + ("" if item.amount == 0 else "; vehicles are held but no running cost is budgeted"))
            book.results[-1].computed = ZERO
        else:
            book.add(item, "实有公务用车 vs 表十 公务用车运行维护费", running,
                     status=MISMATCH if item.amount == 0 else MATCH,
                     note=f"running cost {cost}万元 is budgeted" + (" but no vehicle is held" if item.amount == 0 else ""))
            book.results[-1].computed = item.amount if item.amount else None
        state.vehicles = item
        return
    if state.vehicles is not None and "编制" not in label:
        book.add(item, f"{label}（分类）", None, status=UNVERIFIABLE, note="no table lists vehicles by category")
        return
    book.add(item, f"{label}", None, status=UNVERIFIABLE, note="vehicle establishment is not in a table")


def _verify_procurement(book: ClaimBook, item: Stated, label: str, state: _SectionState) -> None:
    """政府采购: no table lists procurement, so the total is checked against its stated parts."""
    if "总额" in label:
        state.procurement_total = item
        state.procurement_parts = []
        return
    state.procurement_parts.append(item)
    book.add(item, label, None, status=UNVERIFIABLE, note="no table lists government procurement by type")


def _finish_procurement(book: ClaimBook, state: _SectionState) -> None:
    total = state.procurement_total
    if total is None:
        return
    parts = state.procurement_parts
    expr = Sum(tuple(Const(p.amount, _clean_label(p.label, book.d)) for p in parts))
    book.add(total, "政府采购预算总额 = 货物 + 工程 + 服务（所述各项之和）", expr, digits=_digits(total),
             note="internal consistency only: procurement is not in the tables")


def _verify_lists(book: ClaimBook, section: Section) -> None:
    """Section 六 lists the items of 人员经费 and 公用经费: compare them with 表六's rows."""
    d = book.d
    t06 = d.tables["t06"]
    for line in section.lines:
        match = _LIST.search(line.text.strip())
        if not match:
            continue
        which, listing = match.groups()
        column = "personnel" if which == "人员经费" else "public"
        listed = [x.strip() for x in re.split(r"[、，,]", listing) if x.strip()]
        rows = t06.frame[(t06.frame["level"] == "款") & t06.frame[column].map(lambda v: v is not None and v != 0)]
        names = list(rows["dept_item"])
        exact = [x for x in listed if x in names]
        approximate = {x: n for x in listed if x not in names for n in names
                       if n not in exact and (n.startswith(x) or x.startswith(n))}
        missing = [n for n in names if n not in exact and n not in approximate.values()]
        extra = [x for x in listed if x not in exact and x not in approximate]
        item = Stated(section.numeral, line.text.strip(), listing, which, str(len(listed)), "项", Decimal(len(listed)),
                      line.no, 0)
        notes = []
        if approximate:
            notes.append("named differently: " + "、".join(f"{a}→{b}" for a, b in approximate.items()))
        if missing:
            notes.append("in 表六 but not listed: " + "、".join(missing))
        if extra:
            notes.append("listed but not in 表六: " + "、".join(extra))
        result = book.add(item, f"{which}所列科目 vs 表六 {t06.columns[column]}非零的款级科目",
                          Count(tuple(Cell(t06, int(i), "dept_item") for i in rows.index), f"表六 {which} rows"),
                          status=MATCH if not missing and not extra else MISMATCH,
                          note="; ".join(notes) or "same items")
        result.extra["listed"] = listed


def _verify_purchase(book: ClaimBook, state: _SectionState, item: Stated) -> None:
    count_item = state.purchase
    evidence = _subset(book.d, int(count_item.amount), item.amount, "政府购买服务")
    for it, what in ((count_item, "个数"), (item, "金额")):
        if evidence is None:
            book.add(it, f"政府购买服务项目{what}", None, status=UNVERIFIABLE,
                     note="the tables do not mark purchase-of-service projects")
        else:
            result = book.add(it, f"政府购买服务项目{what}", None, status=evidence.status,
                              computed_value=evidence.computed if it is item else (
                                  count_item.amount if evidence.status == MATCH else None),
                              note=evidence.note)
            result.extra["subset"] = evidence
    state.purchase = None
