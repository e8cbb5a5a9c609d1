"""The project performance-goal tables (项目支出绩效目标表) appended to Part 3 section 十.

`analyse(d)` reads every table of `d.sections["十"].appendix` into three DataFrames:

projects     one row per table. Column ids are English; `PROJECT_COLUMNS` maps each id to the
             Chinese label (as tables.py does; `Performance.printed_projects()` renames them).
             Amounts of the table are 元 (Decimal, blank = None); table-12 amounts are 万元.
indicators   tidy: one row per indicator and period (实施期 / 年度), `INDICATOR_COLUMNS` likewise.
findings     kind, severity (info / warning / error), project, line, evidence, message.

The tables are PDF output and messy: merged cells printed on any row of their block, labels
missing or split (绩效 / 效 指 标), cells shifted, full- and half-width punctuation, <p> markup,
digits broken by spaces. The reader therefore works on labels, never on cell positions, and every
oddity it has to get round becomes a finding with its line number — nothing is dropped silently.

Reading rules worth knowing (documented here because they are judgement calls):
* 一级指标 is derived from 二级指标 (数量/质量/时效/成本指标 -> 产出指标, 经济/社会/生态效益 and
  可持续影响 -> 效益指标, 服务对象满意度 -> 满意度指标) because merged 一级 cells are printed in the
  middle of their block; the printed 一级 label is used only for an unknown 二级 label.
* A 二级 label applies to the rows after it; rows before the first 二级 label of a side take the
  first label that follows (the label of a merged cell printed below its first row).
* The left and right halves of an indicator row are the first and second period of the header
  (实施期目标 … 年度目标, in the printed order).
* 成本指标 rows are compared with the amount; cost targets in 万元 only.

`subset_evidence` enumerates every k-project subset of table 12 summing exactly to a stated
amount (used for "特定目标类项目5个 836.80万元" and "政府购买服务项目5个 625.00万元").
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import weakref
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import combinations
from math import comb

import pandas as pd

from .money import WAN, ZERO, is_amount, parse_amount, yuan_to_wan
from .reading import Line, normalize

TITLE = "项目支出绩效目标表"
PERIODS = ("实施期", "年度")
SEVERITIES = ("info", "warning", "error")

PROJECT_COLUMNS: dict[str, str] = {
    "table": "序号",
    "line": "行号",
    "name": "项目名称",
    "department": "主管部门及代码",
    "implementer": "实施单位",
    "attribute": "项目属性",
    "term": "项目期",
    "fund_unit": "项目资金单位",
    "impl_total": "实施期资金总额",
    "impl_central": "实施期中央财政资金",
    "impl_provincial": "实施期省级财政资金",
    "impl_local": "实施期市县(区)财政资金",
    "impl_self": "实施期单位自筹",
    "impl_other": "实施期其他资金",
    "annual_total": "年度资金总额",
    "annual_central": "年度中央财政资金",
    "annual_provincial": "年度省级财政资金",
    "annual_local": "年度市县(区)财政资金",
    "annual_self": "年度单位自筹",
    "annual_other": "年度其他资金",
    "filing_date_raw": "填报日期(原文)",
    "filing_date": "填报日期",
    "overview": "项目概况",
    "basis": "立项依据",
    "necessity": "项目设立必要性",
    "measures": "保证项目实施的制度、措施",
    "plan": "项目实施计划",
    "goal_impl": "总体目标(实施期)",
    "goal_annual": "总体目标(年度)",
    "stated_budget": "项目概况所述年度预算(万元)",
    "stated_budget_text": "项目概况所述年度预算(原文)",
    "stated_need": "项目概况所述资金需求(万元)",
    "indicator_count": "年度指标数",
    "quantified_share": "年度量化指标占比",
    "t12_line": "表十二行号",
    "t12_name": "表十二项目名称",
    "t12_amount": "表十二金额(万元)",
    "similarity": "名称相似度",
}

INDICATOR_COLUMNS: dict[str, str] = {
    "project": "项目名称",
    "table": "序号",
    "period": "期间",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "value": "指标值",
    "comparator": "比较符",
    "number": "数值",
    "number_high": "数值上限",
    "unit": "计量单位",
    "kind": "类型",
    "date": "日期",
    "line": "行号",
}

FINDING_COLUMNS = ["kind", "severity", "project", "table", "line", "evidence", "message"]

_FUND_SOURCES = ("central", "provincial", "local", "self", "other")
_FUND_LABELS = (
    ("total", re.compile(r"^(实施期|年度)资金总额")),
    ("central", re.compile(r"^(其中)?中央财政资金")),
    ("provincial", re.compile(r"^省级财政资金")),
    ("local", re.compile(r"^市县\(区\)财政资金")),
    ("self", re.compile(r"^单位自筹")),
    ("other", re.compile(r"^其他资金")),
)
_TEXT_FIELDS = {
    "项目概况": "overview",
    "立项依据": "basis",
    "项目设立必要性": "necessity",
    "保证项目实施的制度,措施": "measures",  # normalize() turns 、 into ,
    "项目实施计划": "plan",
}
_ANY_FUND_LABEL = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _FUND_LABELS))  # all ^-anchored
_LEVEL1 = ("产出指标", "效益指标", "满意度指标")
_LEVEL2_TO_1 = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
    "经济成本指标": "产出指标", "社会成本指标": "产出指标", "生态环境成本指标": "产出指标",
    "经济效益": "效益指标", "社会效益": "效益指标", "生态效益": "效益指标", "可持续影响": "效益指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标", "服务对象满意度": "满意度指标", "服务对象满意度指标": "满意度指标",
}
_LEVEL2_PATTERN = re.compile(r"^[\u4e00-\u9fff]{2,3}(指标|效益|目标)$")
_HEADER_CELLS = {"一级指标", "二级指标", "三级指标", "指标值"}
_PERIOD_HEADER = re.compile(r"^(实施期?目标|年度目标)$")
_SEPARATOR = re.compile(r"^-{2,}$")
_UNIT_LABEL = re.compile(r"\((万?元)\)")  # search in a cell; fullmatch: a cell that is only the label
_YEAR_CELL = re.compile(r"\(?\d{4}年度\)?")  # fullmatch
_TERM_CELL = re.compile(r"\d+\s*年")  # fullmatch
_LABEL_COLON = re.compile(r"^\s*[:：]?\s*")
_FUND_REMAINDER = re.compile(r"^.*?(资金总额|财政资金|单位自筹|其他资金)\s*[:：]?\s*")
_NON_DIGITS = re.compile(r"\D")
_DIGIT = re.compile(r"\d")
_YEAR_PREFIX = re.compile(r"^\d+年")
_DATE_AND_CLOCK = re.compile(r"\d{8}\s+\d{1,2}:\d{2}(:\d{2})?")  # fullmatch
_BROKEN_DIGITS = re.compile(r"\d\s+\d")
_SENTENCE = re.compile(r"[^。；;]+")
_NON_HAN = re.compile(r"[^\u4e00-\u9fff]")
_WHITE_SPACE = re.compile(r"\s+")
_DIRECTORY_CODE = re.compile(r"[A-Z]\d{6,}")  # fullmatch
_DIRECTORY_LETTER = re.compile(r"^[A-Z]\d*$")
_PURCHASE_SAYS = re.compile(r"购买服务|政府购买")
_PURCHASE_HINTS = re.compile(r"委托第三方|服务合同|服务采购")
_SERVICE_SUFFIX = re.compile(r"服务$")
_NAME_SUFFIX = re.compile(r"(数量|率|时间|人数|次数|成本|标准|面积|长度|种类|情况|期数|天数|个数|条数|金额|费用|范围)$")
_QUALITATIVE_VALUE = re.compile(
    r"^(有效|显著|明显|进一步|持续|逐步)?(提升|提高|保障|增强|改善|减少|降低|促进|保护|推进|防范|合格|"
    r"属实|及时|达标|良好|优秀|完成|稳定|全年|全覆盖|每[天日周月季年]|每季度|每半月|每半年|按时|无)"
)
_COMPARATORS = {"≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", ">": ">", "<": "<", "=": "=",
                "＞": ">", "＜": "<", "＝": "=", "≧": "≥", "≦": "≤"}
_NUMBER = r"\d+(?:\.\d+)?"
_VALUE_NUMBER = re.compile(rf"^(>=|<=|≥|≤|≧|≦|＞|＜|＝|>|<|=)?\s*({_NUMBER})\s*(.*)$")
_VALUE_RANGE = re.compile(rf"^({_NUMBER})\s*(?:—|–|-|－|~|～|至|到)\s*({_NUMBER})\s*(.*)$")
_VALUE_DATE = re.compile(
    r"^(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?(底前|底|前|以前|之前|中旬前|上旬前|下旬前|中旬|上旬|下旬)?$"
)


# -- results ------------------------------------------------------------------------------------

@dataclass
class Finding:
    kind: str
    severity: str
    project: str
    line: int | None
    evidence: str
    message: str
    table: int | None = None


@dataclass
class Performance:
    projects: pd.DataFrame
    indicators: pd.DataFrame
    findings: pd.DataFrame
    columns: dict[str, str] = field(default_factory=lambda: dict(PROJECT_COLUMNS))
    indicator_columns: dict[str, str] = field(default_factory=lambda: dict(INDICATOR_COLUMNS))

    def printed_projects(self) -> pd.DataFrame:
        return self.projects.rename(columns=self.columns)

    def printed_indicators(self) -> pd.DataFrame:
        return self.indicators.rename(columns=self.indicator_columns)

    def finding_counts(self) -> dict[str, int]:
        return self.findings["kind"].value_counts().sort_index().to_dict() if len(self.findings) else {}


@dataclass
class SectionTenCounts:
    tables: int  # performance-goal tables in section 十's appendix
    annual_total: Decimal  # sum of the printed 年度资金总额, 万元 (blank counts 0)
    tables_without_annual: list[str]  # projects whose 年度资金总额 is blank
    annual_total_with_fallback: Decimal  # blank 年度资金总额 replaced by table 12's amount, 万元
    t12_projects: int  # project rows in table 12
    t12_total: Decimal  # table 12's project total, 万元
    share_percent: Decimal | None  # annual_total / t12_total × 100, unrounded
    lines: list[int]  # first line of each table


@dataclass
class SubsetEvidence:
    status: str  # 'match' or 'unverifiable'
    computed: Decimal | None  # the amount of the chosen subset (万元)
    note: str  # the reasoning, readable
    subsets: list[list[str]]  # every subset (table-12 names) summing exactly to the amount
    label: str = ""
    chosen: list[str] = field(default_factory=list)
    scores: list[tuple[float, list[str]]] = field(default_factory=list)


# -- small helpers ------------------------------------------------------------------------------

_MARKUP = re.compile(r"<[^>]*>")
_MULTI_SPACE = re.compile(r"\s{2,}")


@lru_cache(maxsize=8192)
def clean(cell: str) -> str:
    """Markup removed, outer white space stripped; otherwise as printed."""
    text = _MARKUP.sub(" ", cell).replace("&nbsp;", " ")
    return _MULTI_SPACE.sub(" ", text).strip()


@lru_cache(maxsize=16384)
def _normalize(text: str) -> str:
    """reading.normalize, memoised: the same labels and lines are normalised again and again."""
    return normalize(text)


@lru_cache(maxsize=16384)
def key(cell: str) -> str:
    """Comparison key of a label: no markup, white space or colons, half-width punctuation."""
    return _normalize(clean(cell)).replace(":", "")


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    return _normalize(clean(name)).strip(",.;:")


def similarity(a: str, b: str) -> float:
    """difflib ratio of the normalised names, 0 … 1, rounded to 3 places for display."""
    return round(difflib.SequenceMatcher(None, name_key(a), name_key(b)).ratio(), 3)


@lru_cache(maxsize=8192)
def _filled_cells(line: Line) -> tuple[str, ...]:
    return tuple(cell for cell in (clean(c) for c in line.cells) if cell)


def _filled(line: Line) -> list[str]:
    """The cleaned non-blank cells of a line (a fresh list; the split and clean are memoised)."""
    return list(_filled_cells(line))


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return text


def parse_value(text: str) -> dict:
    """'≥85%' -> comparator ≥, number 85, unit %, kind percent; '2026年6月底前' -> kind date.

    kinds: number, percent, range, date, qualitative, missing. `date` is 'YYYY', 'YYYY-MM' or
    'YYYY-MM-DD' (month and day as printed; 'MM' alone when the year is not printed).
    """
    return dict(_parse_value(text))  # a fresh dict: callers may change it


@lru_cache(maxsize=8192)
def _parse_value(text: str) -> tuple:
    """parse_value, memoised per text (the same values are parsed again and again while pairing)."""
    return tuple(_parse_value_uncached(text).items())


def _parse_value_uncached(text: str) -> dict:
    raw = clean(text)
    out = {"comparator": "", "number": None, "number_high": None, "unit": "", "kind": "missing", "date": ""}
    if not raw:
        return out
    compact = raw.replace(" ", "")
    date = _VALUE_DATE.match(compact)
    if date and (date.group(1) or date.group(2)) and (date.group(2) or date.group(4)):
        year, month, day = date.group(1), date.group(2), date.group(3)
        parts = [year or "", f"{int(month):02d}" if month else "", f"{int(day):02d}" if day else ""]
        out.update(kind="date", date="-".join(p for p in parts if p), unit=date.group(4) or "")
        return out
    span = _VALUE_RANGE.match(compact)
    if span:
        out.update(kind="range", number=Decimal(span.group(1)), number_high=Decimal(span.group(2)),
                   unit=span.group(3))
        return out
    number = _VALUE_NUMBER.match(compact)
    if number and not _YEAR_PREFIX.match(compact):
        unit = number.group(3)
        if not _DIGIT.search(unit) and len(unit) <= 6:  # '12次', '≤193万元', '3920元/人/年'; not '300至500元，…2000元'
            out.update(comparator=_COMPARATORS.get(number.group(1) or "", ""), number=Decimal(number.group(2)),
                       unit=unit, kind="percent" if unit == "%" else "number")
            return out
    out["kind"] = "qualitative"
    return out


@lru_cache(maxsize=8192)
def _kind(text: str) -> str:
    return parse_value(text)["kind"]


def _strong_value(text: str) -> bool:
    """A number, percentage, range or date: never a 三级指标 name."""
    return _kind(text) in ("number", "percent", "range", "date")


def _value_like(text: str) -> bool:
    if _kind(text) not in ("qualitative", "missing"):
        return True
    return bool(_QUALITATIVE_VALUE.match(text)) and not _NAME_SUFFIX.search(text) and len(text) <= 12


# -- reading one table ----------------------------------------------------------------------------

class _TableReader:
    def __init__(self, number: int, lines: list[Line], year: int, sink: list[Finding]):
        self.number = number
        self.lines = lines
        self.year = year
        self.sink = sink
        self.record: dict = {c: None for c in PROJECT_COLUMNS}
        self.record.update(table=number, line=lines[0].no, name="")
        self.indicators: list[dict] = []
        self.order = list(PERIODS)  # left half, right half of the two-period rows
        self.line_of: dict[str, int] = {}

    # findings are attached to the project name once it is known
    def find(self, kind: str, severity: str, line: int | None, evidence: str, message: str):
        self.sink.append(Finding(kind, severity, self.record.get("name") or f"表{self.number}", line,
                                 evidence, message, self.number))

    def read(self):
        lines = self.lines[1:]
        used: set[int] = set()
        funding: list[Line] = []
        goal_index = indicator_start = end = None
        for index, line in enumerate(lines):
            if index in used:
                continue
            filled = _filled(line)
            keys = [key(c) for c in filled]
            if not filled:
                used.add(index)
                continue
            if all(_SEPARATOR.match(c) for c in filled):
                used.add(index)
                self.find("layout", "info", line.no, line.text.strip()[:60],
                          "separator line (text-table artefact) ignored")
                continue
            if _YEAR_CELL.fullmatch(keys[0]) and len(filled) == 1:
                used.add(index)
                continue
            if any(k.startswith(("填报日期", "负责人")) for k in keys):
                self._filing(line, filled)
                used.add(index)
                end = index if end is None else end
                continue
            if end is not None:
                continue  # after the signature row: reported below as unread
            if indicator_start is not None:
                continue  # every branch below applies only before the indicator block
            if indicator_start is None and any(k.startswith("项目名称") for k in keys):
                self._name(line, filled, lines[index + 1] if index + 1 < len(lines) else None)
                used.add(index)
            elif indicator_start is None and any(k.startswith("主管部门") for k in keys):
                self._department(line, filled)
                used.add(index)
            elif indicator_start is None and any(k.startswith("项目属性") for k in keys):
                extra = self._attribute(line, filled, lines[index + 1] if index + 1 < len(lines) else None)
                used.add(index)
                if extra:
                    used.add(index + 1)
            elif indicator_start is None and (
                any(k.startswith("项目资金") for k in keys)
                or any(_ANY_FUND_LABEL.match(k) for k in keys)
                or (funding and all(_UNIT_LABEL.fullmatch(k) for k in keys))
            ):
                funding.append(line)
                used.add(index)
            elif indicator_start is None and keys[0] in _TEXT_FIELDS:
                self._text(line, filled, _TEXT_FIELDS[keys[0]])
                used.add(index)
            elif indicator_start is None and any(_PERIOD_HEADER.match(k) for k in keys):
                self._period_header(line, filled)
                used.add(index)
                if "总体目标" in keys:
                    goal_index = index
            elif indicator_start is None and "总体目标" in keys:
                goal_index = index
                self._goal(line, filled)
                used.add(index)
            elif indicator_start is None and goal_index is not None and goal_index == index - 1 \
                    and self.record["goal_impl"] is None:
                self._goal(line, filled)  # 总体目标 label stood on the period header row
                used.add(index)
            elif indicator_start is None and (goal_index is not None or any(
                    k in _HEADER_CELLS or k in _LEVEL1 or k in _LEVEL2_TO_1 for k in keys)):
                indicator_start = index
        if end is None:
            end = len(lines)
            self.find("missing_value", "warning", self.lines[-1].no, "", "no 负责人/填报日期 row: table ends unsigned")
        self._funding(funding)
        if indicator_start is not None:
            block = [l for i, l in enumerate(lines[indicator_start:end], start=indicator_start) if i not in used]
            used.update(range(indicator_start, end))
            self._indicators(block)
        for index, line in enumerate(lines):
            if index not in used:
                self.find("layout", "warning", line.no, line.text.strip()[:80], "line not recognised; not read")
        self._check_header_fields()
        return self.record, self.indicators

    # -- header fields --
    def _value_after(self, filled: list[str], label: str, stop: tuple[str, ...] = ()) -> tuple[str | None, int]:
        for position, cell in enumerate(filled):
            k = key(cell)
            if k.startswith(label):
                rest = _LABEL_COLON.sub("", cell[cell.find(label[-1]) + 1:]) if label in cell else ""
                if rest:
                    return rest, position
                for later in filled[position + 1:]:
                    if any(key(later).startswith(s) for s in stop):
                        return None, position
                    return later, position
                return None, position
        return None, -1

    def _name(self, line: Line, filled: list[str], following: Line | None):
        value, _ = self._value_after(filled, "项目名称")
        self.record["name"] = value or ""
        self.line_of["name"] = line.no
        if not value:
            self.find("missing_value", "error", line.no, line.text.strip()[:60], "项目名称 is blank")

    def _department(self, line: Line, filled: list[str]):
        department, position = self._value_after(filled, "主管部门及代码", ("实施单位",))
        self.record["department"] = department
        implementer, label_at = self._value_after(filled, "实施单位")
        if label_at < 0:
            rest = [c for c in filled[position + 2:]] if department else []
            if rest:
                implementer = rest[0]
                self.find("layout", "info", line.no, " | ".join(filled),
                          f"label 实施单位 missing; read {implementer!r} from its column")
        self.record["implementer"] = implementer
        for field_id, label in (("department", "主管部门及代码"), ("implementer", "实施单位")):
            if not self.record[field_id]:
                self.find("missing_value", "warning", line.no, " | ".join(filled), f"{label} is blank")

    def _attribute(self, line: Line, filled: list[str], following: Line | None) -> bool:
        attribute, position = self._value_after(filled, "项目属性", ("项目期",))
        self.record["attribute"] = attribute
        term, label_at = self._value_after(filled, "项目期")
        used_next = False
        if label_at < 0:
            rest = [c for c in filled[position + 2:] if _TERM_CELL.fullmatch(c)]
            if rest:
                term = rest[0]
                self.find("layout", "info", line.no, " | ".join(filled),
                          f"label 项目期 missing; read {term!r} from its column")
        elif term is None and following is not None:
            nxt = _filled(following)
            if len(nxt) == 1 and _TERM_CELL.fullmatch(nxt[0]):
                term, used_next = nxt[0], True
                self.find("layout", "info", following.no, nxt[0], "项目期 value printed on the next line")
        self.record["term"] = term
        if not attribute:
            self.find("missing_value", "warning", line.no, " | ".join(filled), "项目属性 is blank")
        if not term:
            self.find("missing_value", "warning", line.no, " | ".join(filled), "项目期 is blank")
        return used_next

    def _text(self, line: Line, filled: list[str], field_id: str):
        text = " ".join(clean(c) for c in filled[1:]).strip()
        self.record[field_id] = text or None
        self.line_of[field_id] = line.no
        if not text:
            self.find("missing_value", "warning", line.no, filled[0], f"{PROJECT_COLUMNS[field_id]} is blank")

    def _period_header(self, line: Line, filled: list[str]):
        labels = [key(c) for c in filled if _PERIOD_HEADER.match(key(c))]
        if len(labels) == 2 and labels[0] == "年度目标":
            self.order = ["年度", "实施期"]
            self.find("layout", "info", line.no, " | ".join(filled), "periods printed in the order 年度, 实施期")
        if any(k.startswith("实施目标") for k in labels):
            self.find("layout", "info", line.no, " | ".join(filled), "header reads 实施目标 for 实施期目标")

    def _goal(self, line: Line, filled: list[str]):
        texts = [c for c in filled if key(c) != "总体目标" and not _PERIOD_HEADER.match(key(c))]
        self.line_of["goal"] = line.no
        if len(texts) > 2:
            self.find("layout", "warning", line.no, " | ".join(t[:20] for t in texts),
                      f"{len(texts)} goal texts on the 总体目标 row; first two read")
        for period, text in zip(self.order, texts):
            self.record["goal_impl" if period == "实施期" else "goal_annual"] = text
        for period in PERIODS:
            field_id = "goal_impl" if period == "实施期" else "goal_annual"
            if not self.record[field_id]:
                self.find("missing_value", "warning", line.no, " | ".join(t[:30] for t in texts),
                          f"总体目标 ({period}) is blank")

    def _funding(self, lines: list[Line]):
        if not lines:
            self.find("missing_value", "error", self.lines[0].no, "", "no 项目资金 rows found")
            return
        unit = None
        period_order: list[str] = []
        for line in lines:
            filled = _filled(line)
            for cell in filled:
                found = _UNIT_LABEL.search(_normalize(cell)) if "元" in cell else None
                if found:
                    unit = found.group(1)
            tokens: list[list] = []  # [label_id, period or None, value, value_text]
            for cell in filled:
                k = key(cell)
                label = next((lid for lid, pattern in _FUND_LABELS if pattern.match(k)), None)
                if label:
                    period = None
                    if label == "total":
                        period = "实施期" if k.startswith("实施期") else "年度"
                    remainder = _FUND_REMAINDER.sub("", cell)
                    value = None
                    if remainder and is_amount(remainder):
                        value = parse_amount(remainder)
                    tokens.append([label, period, value, remainder if value is not None else ""])
                elif is_amount(cell):
                    pending = next((t for t in tokens if t[2] is None and not t[3]), None)
                    if pending is None:
                        self.find("layout", "warning", line.no, cell, "amount without a label; not read")
                    else:
                        pending[2], pending[3] = parse_amount(cell), cell
            totals = [t[1] for t in tokens if t[0] == "total"]
            if totals and not period_order:
                period_order = totals + [p for p in PERIODS if p not in totals]
            counts: dict[str, int] = {}
            for label, period, value, text in tokens:
                if period is None:
                    occurrence = counts.get(label, 0)
                    counts[label] = occurrence + 1
                    order = period_order or list(PERIODS)
                    if occurrence >= len(order):
                        self.find("layout", "warning", line.no, " | ".join(filled), f"{label} printed more than twice")
                        continue
                    period = order[occurrence]
                prefix = "impl_" if period == "实施期" else "annual_"
                self.record[prefix + label] = value
                self.line_of[prefix + label] = line.no
        self.record["fund_unit"] = unit
        if unit is None:
            self.find("unit_label", "info", lines[0].no, lines[0].text.strip()[:40],
                      "项目资金 has no unit label (元 assumed)")
        for prefix, period in (("impl_", "实施期"), ("annual_", "年度")):
            for source in ("total",) + _FUND_SOURCES:
                field_id = prefix + source
                if self.record[field_id] is None:
                    if source == "other":
                        continue  # 其他资金 is left blank by the template; summarised in analyse()
                    line_no = self.line_of.get(field_id) or lines[0].no
                    self.find("missing_value", "error" if source == "total" else "warning", line_no,
                              PROJECT_COLUMNS[field_id], f"{PROJECT_COLUMNS[field_id]} is blank")

    def _filing(self, line: Line, filled: list[str]):
        raw, _ = self._value_after(filled, "填报日期")
        self.record["filing_date_raw"] = raw
        self.line_of["filing_date"] = line.no
        self.record["filing_date"] = None
        if not raw:
            if any(key(c).startswith("填报日期") for c in filled):
                self.find("filing_date", "warning", line.no, " | ".join(filled), "填报日期 is blank")
            else:
                self.find("filing_date", "warning", line.no, " | ".join(filled), "no 填报日期 on the signature row")
            return
        self.record["filing_date"] = _read_filing_date(raw)

    def _check_header_fields(self):
        if not self.record["name"]:
            self.find("missing_value", "error", self.lines[0].no, self.lines[0].text.strip()[:40],
                      "no 项目名称 row")
        for field_id in ("overview", "basis", "necessity", "measures", "plan"):
            if field_id not in self.line_of:
                self.find("missing_value", "warning", self.lines[0].no, "", f"no {PROJECT_COLUMNS[field_id]} row")
        if "goal" not in self.line_of:
            self.find("missing_value", "warning", self.lines[0].no, "", "no 总体目标 row")

    # -- indicators --
    def _indicators(self, block: list[Line]):
        sides: list[dict] = [{"l2": None, "pending": []}, {"l2": None, "pending": []}]
        printed_l1 = None
        rows: list[dict] = []
        for line in block:
            filled = _filled(line)
            groups: list[list] = [[None, []]]  # [二级 label, texts]
            l2_labels: list[str] = []
            for cell in filled:
                k = key(cell)
                if k in _HEADER_CELLS or (k and k in "绩效指标") or k == "效指标":
                    continue
                if k in _LEVEL1:
                    printed_l1 = k
                    continue
                if k in _LEVEL2_TO_1 or _LEVEL2_PATTERN.match(k):
                    l2_labels.append(cell)
                    if groups[-1][1] or groups[-1][0] is not None or len(groups) == 1:
                        groups.append([cell, []])
                    else:
                        groups[-1][0] = cell
                    continue
                groups[-1][1].append(cell)
            pairs: list[tuple[str | None, str | None, str | None]] = []
            for label, texts in groups:
                texts = [t for i, t in enumerate(texts) if i == 0 or t != texts[i - 1]]
                positional = len(texts) % 2 == 0 and all(not _strong_value(texts[i]) for i in range(0, len(texts), 2))
                i = 0
                while i < len(texts):
                    if positional:
                        pairs.append((label, texts[i], texts[i + 1]))
                        i += 2
                    elif _strong_value(texts[i]):
                        pairs.append((label, None, texts[i]))
                        i += 1
                    elif i + 1 < len(texts) and _value_like(texts[i + 1]):
                        pairs.append((label, texts[i], texts[i + 1]))
                        i += 2
                    else:
                        pairs.append((label, texts[i], None))
                        i += 1
                    label = None  # a label applies to the first indicator after it
            if not pairs:
                if l2_labels:
                    sides[0]["l2"] = l2_labels[0]
                    sides[1]["l2"] = l2_labels[-1]
                    for side in sides:
                        self._resolve_pending(side, rows)
                elif any(key(c) not in _HEADER_CELLS for c in filled if key(c) not in "绩效指标"):
                    pass
                continue
            if len(pairs) == 1:
                name = pairs[0][1]
                in_a = any(r["side"] == 0 and r["level3"] == name for r in rows)
                in_b = any(r["side"] == 1 and r["level3"] == name for r in rows)
                assigned = [1 if (name and in_a and not in_b) else 0]
            else:
                assigned = [i % 2 for i in range(len(pairs))]
                if len(pairs) > 2:
                    self.find("layout", "warning", line.no, " | ".join(filled)[:120],
                              f"{len(pairs)} indicators on one row; assigned alternately to the two periods")
            row_labels = {}
            for (label, name, value), side_no in zip(pairs, assigned):
                if label:
                    row_labels[side_no] = label
            if 0 in row_labels and 1 not in row_labels and len(pairs) >= 2:
                row_labels[1] = row_labels[0]  # a merged 二级 cell spanning both halves
            for side_no, label in row_labels.items():
                sides[side_no]["l2"] = label
                self._resolve_pending(sides[side_no], rows)
            for (label, name, value), side_no in zip(pairs, assigned):
                side = sides[side_no]
                row = {"side": side_no, "level2": side["l2"], "level3": name, "value": value,
                       "line": line.no, "printed_l1": printed_l1}
                if side["l2"] is None:
                    side["pending"].append(row)
                rows.append(row)
        for side in sides:
            for row in side["pending"]:
                self.find("layout", "warning", row["line"], row["level3"] or row["value"] or "",
                          "indicator without a 二级指标 label anywhere in its half")
        unknown: set = set()
        for row in rows:
            level2 = key(row["level2"]) if row["level2"] else ""
            level1 = _LEVEL2_TO_1.get(level2) or row["printed_l1"] or ""
            parsed = parse_value(row["value"] or "")
            period = self.order[row["side"]]
            self.indicators.append({
                "project": None, "table": self.number, "period": period, "level1": level1,
                "level2": row["level2"] or "", "level3": row["level3"] or "", "value": row["value"] or "",
                **{k: parsed[k] for k in ("comparator", "number", "number_high", "unit", "kind", "date")},
                "line": row["line"],
            })
            if not row["level3"]:
                self.find("missing_value", "warning", row["line"], row["value"] or "",
                          f"indicator value without a 三级指标 name ({period})")
            if not row["value"]:
                self.find("missing_value", "warning", row["line"], row["level3"] or "",
                          f"三级指标 {row['level3']!r} has no 指标值 ({period})")
            if level2 and level2 not in _LEVEL2_TO_1 and (row["line"], level2) not in unknown:
                unknown.add((row["line"], level2))
                self.find("layout", "info", row["line"], row["level2"], f"unknown 二级指标 label {row['level2']!r}")

    @staticmethod
    def _resolve_pending(side: dict, rows: list[dict]):
        for row in side["pending"]:
            row["level2"] = side["l2"]
        side["pending"] = []


def _read_filing_date(raw: str) -> dt.datetime | None:
    digits = _NON_DIGITS.sub("", raw)
    for length, pattern in ((14, "%Y%m%d%H%M%S"), (12, "%Y%m%d%H%M"), (8, "%Y%m%d")):
        if len(digits) >= length:
            try:
                return dt.datetime.strptime(digits[:length], pattern)
            except ValueError:
                continue
    return None


# -- the whole appendix ------------------------------------------------------------------------

def _has_title(text: str) -> bool:
    """TITLE in normalize(text); normalize only drops white space and swaps punctuation, so a line
    without 表 cannot contain the title and is not normalised at all."""
    return "表" in text and TITLE in _normalize(text)


def split_tables(lines: list[Line]) -> tuple[list[list[Line]], list[Line]]:
    """Tables begin at their title line; returns the tables and any lines before the first title."""
    starts = [i for i, l in enumerate(lines) if _has_title(l.text) and not l.is_table_row]
    if not starts:
        return [], list(lines)
    tables = [lines[s:e] for s, e in zip(starts, starts[1:] + [len(lines)])]
    return tables, lines[: starts[0]]


_ANALYSES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def analyse(d, published: dt.date | None = None) -> Performance:
    """Read and check section 十's performance-goal tables. `published` bounds the 填报日期 (when
    None, the 31 March of the budget year is taken as the latest plausible publication date)."""
    cache_key = published
    cached = _ANALYSES.get(d)
    if cached and cache_key in cached:
        return cached[cache_key]
    year = d.year
    findings: list[Finding] = []
    section = d.sections.get("十")
    appendix = section.appendix if section else []
    tables, before = split_tables(appendix)
    for line in before:
        findings.append(Finding("layout", "warning", "", line.no, line.text.strip()[:60],
                                "text before the first performance-goal table; not read"))
    if not tables:
        findings.append(Finding("missing_value", "error", "", section.line if section else None, "",
                                f"no {TITLE} found in section 十's appendix"))
    records, indicators = [], []
    for number, lines in enumerate(tables, start=1):
        record, rows = _TableReader(number, lines, year, findings).read()
        for row in rows:
            row["project"] = record["name"]
        records.append(record)
        indicators.extend(rows)
    _match_table12(d, records, findings)
    _check_projects(d, records, indicators, findings, published)
    indicator_frame = pd.DataFrame.from_records(indicators, columns=list(INDICATOR_COLUMNS)) if indicators else \
        pd.DataFrame(columns=list(INDICATOR_COLUMNS))
    projects = pd.DataFrame.from_records(records, columns=list(PROJECT_COLUMNS)).astype(object) if records else \
        pd.DataFrame(columns=list(PROJECT_COLUMNS))
    finding_frame = pd.DataFrame(
        [{"kind": f.kind, "severity": f.severity, "project": f.project, "table": f.table, "line": f.line,
          "evidence": f.evidence, "message": f.message} for f in findings],
        columns=FINDING_COLUMNS,
    )
    finding_frame["line"] = finding_frame["line"].astype("Int64")
    finding_frame["table"] = finding_frame["table"].astype("Int64")
    result = Performance(projects, indicator_frame, finding_frame)
    _ANALYSES.setdefault(d, {})[cache_key] = result
    return result


def _t12_projects(d) -> pd.DataFrame:
    frame = d.tables["t12"].frame
    return frame[frame["level"] == "项目"].reset_index(drop=True)


def _match_table12(d, projects: list[dict], findings: list[Finding]):
    """One-to-one assignment, greedy on the similarity (ties: equal amount, then printed order)."""
    t12 = _t12_projects(d)
    items = list(t12["item"])
    totals = list(t12["total"])
    t12_lines = [int(x) for x in t12["line"]]
    for project in projects:
        for column in ("t12_line", "t12_name", "t12_amount", "similarity"):
            project[column] = None
    # Only pairs scoring ≥ 0.5 can be assigned, so a pair whose upper bound on the difflib ratio already
    # rounds below 0.5 is never scored: round() is monotonic and every bound is 2·M/(len a + len b) with
    # M ≥ the matching characters, as ratio() is, so the pairs kept and their scores are exactly as before.
    # Bounds, cheapest first: each distinct character of one name missing from the other removes at
    # least one character from the matchable ones (set differences); then difflib's quick_ratio.
    project_keys = [(k, len(k), frozenset(k)) for k in (name_key(project["name"] or "") for project in projects)]
    annuals = [yuan_to_wan(project["annual_total"]) for project in projects]
    candidates = []
    matcher = difflib.SequenceMatcher(None)
    for j, item in enumerate(items):
        b_key = name_key(item)
        b_len, b_chars = len(b_key), frozenset(b_key)
        matcher.set_seq2(b_key)  # the expensive side (b2j) is built once per table-12 row
        total = totals[j]
        for i, (a_key, a_len, a_chars) in enumerate(project_keys):
            length = a_len + b_len
            if length:
                matchable = min(a_len - len(a_chars - b_chars), b_len - len(b_chars - a_chars))
                if round(2.0 * matchable / length, 3) < 0.5:
                    continue
            matcher.set_seq1(a_key)
            if round(matcher.quick_ratio(), 3) < 0.5:
                continue
            score = round(matcher.ratio(), 3)
            if score < 0.5:
                continue
            annual = annuals[i]
            same_amount = annual is not None and total is not None and annual == total
            candidates.append((-score, not same_amount, i, j, score))
    candidates.sort()
    taken_i, taken_j = set(), set()
    for _, _, i, j, score in candidates:
        if i in taken_i or j in taken_j:
            continue
        taken_i.add(i)
        taken_j.add(j)
        projects[i].update(t12_line=t12_lines[j], t12_name=items[j], t12_amount=totals[j], similarity=score)
    for project in projects:
        name = project["name"] or ""
        if project["t12_name"] is None:
            best = max(((similarity(name, item), item) for item in items), default=(0, ""))
            findings.append(Finding("unmatched", "error", name, project["line"], name,
                                    f"no table-12 project left to match (closest: {best[1]!r}, {best[0]:.3f})",
                                    project["table"]))
        elif project["t12_name"] != name:
            same = name_key(name) == name_key(project["t12_name"])
            findings.append(Finding(
                "name_differs", "info" if same else "warning", name, _line(project, "name"),
                f"{name} | 表十二: {project['t12_name']}",
                f"name differs from table 12 (similarity {project['similarity']:.3f}"
                + ("; punctuation only)" if same else ")"), project["table"]))
    for j, item in enumerate(items):
        if j not in taken_j:
            findings.append(Finding("unmatched", "error", item, t12_lines[j], item,
                                    "table-12 project has no performance-goal table"))


def _line(project, what: str) -> int:
    return int(project["line"])


_BUDGET_WORD = r"(?:预算|安排)[资金安排]{0,4}"
_NEED_WORD = r"(?:共计需|共需|共计|合计需|合计|需要|需)"


@lru_cache(maxsize=16)
def _stated_patterns(year: int) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    return (re.compile(rf"{year}年(?!\d)"),
            re.compile(rf"^.{{0,60}}?{_BUDGET_WORD}\s*({_NUMBER})\s*万元"),
            re.compile(rf"^.{{0,80}}?{_NEED_WORD}[^。；;，,]{{0,30}}?({_NUMBER})\s*万元"))


def stated_amounts(text: str, year: int) -> tuple[tuple[Decimal, str] | None, tuple[Decimal, str] | None]:
    """The first budget statement for the year ('2026年预算资金193万元') and the first need
    statement before it ('2026年…共计需119万元') in a 项目概况 text, as (万元, quoted text)."""
    if not text:
        return None, None
    budget = need = None
    budget_at = need_at = None
    year_pattern, budget_pattern, need_pattern = _stated_patterns(year)
    for sentence_match in _SENTENCE.finditer(text):
        sentence = sentence_match.group(0)
        start = sentence_match.start()
        for year_match in year_pattern.finditer(sentence):
            tail = sentence[year_match.start():]
            b = budget_pattern.search(tail)
            if b and budget is None:
                budget = (Decimal(b.group(1)), tail[: b.end()])
                budget_at = start + year_match.start() + b.end()
            n = need_pattern.search(tail)
            if n and need is None:
                need = (Decimal(n.group(1)), tail[: n.end()])
                need_at = start + year_match.start() + n.end()
    if need and budget and need_at >= budget_at:
        need = None
    if need and budget and need[0] == budget[0] and need[1] == budget[1]:
        need = None
    return budget, need


def _check_projects(d, projects: list[dict], indicators: list[dict], findings: list[Finding],
                    published: dt.date | None):
    year = d.year
    latest = published or dt.date(year, 3, 31)
    earliest = dt.date(year - 1, 1, 1)
    blank_other = []
    for i, p in enumerate(projects):
        name, table = p["name"] or f"表{p['table']}", p["table"]

        def add(kind, severity, line, evidence, message):
            findings.append(Finding(kind, severity, name, line, evidence, message, table))

        annual, impl, t12 = p["annual_total"], p["impl_total"], p["t12_amount"]
        if p["annual_other"] is None or p["impl_other"] is None:
            blank_other.append(name)
        # unit label vs the figure, and the amount vs table 12
        unit = p["fund_unit"]
        if annual is not None and t12 is not None:
            in_yuan = annual / WAN == t12
            in_wan = annual == t12
            if unit == "万元" and in_yuan:
                add("unit_label", "warning", p["line"], f"项目资金(万元) {_fmt(annual)}",
                    f"unit label says 万元 but the figure is in 元: {_fmt(annual)}元 = {_fmt(t12)}万元 as in table 12")
            elif unit in ("元", None) and in_wan and not in_yuan:
                add("unit_label", "warning", p["line"], f"年度资金总额 {_fmt(annual)}",
                    f"figure {_fmt(annual)} read in 元 is {_fmt(annual / WAN)}万元; it equals table 12 only as 万元")
            elif not in_yuan and not in_wan:
                add("amount_differs", "error", p["line"], f"年度资金总额 {_fmt(annual)}元",
                    f"年度资金总额 {_fmt(annual)}元 = {_fmt(annual / WAN)}万元 ≠ table 12 {_fmt(t12)}万元 "
                    f"(line {p['t12_line']}; difference {_fmt(annual / WAN - t12)}万元)")
        # split by source
        for prefix, period in (("impl_", "实施期"), ("annual_", "年度")):
            total = p[prefix + "total"]
            parts = [p[prefix + s] for s in _FUND_SOURCES]
            if total is None or all(x is None for x in parts):
                continue
            summed = sum((x for x in parts if x is not None), ZERO)
            if summed != total:
                add("source_split", "error", p["line"], f"{period}资金总额 {_fmt(total)}",
                    f"{period}: 中央+省级+市县(区)+单位自筹+其他 = {_fmt(summed)} ≠ 资金总额 {_fmt(total)}")
        # the two periods
        if annual is not None and impl is not None:
            if impl < annual:
                add("period_amounts", "error", p["line"], f"实施期 {_fmt(impl)} < 年度 {_fmt(annual)}",
                    "实施期资金总额 is smaller than 年度资金总额")
            elif impl != annual and (("一次性" in (p["attribute"] or "")) or (p["term"] or "").replace(" ", "") == "1年"):
                add("period_amounts", "warning", p["line"], f"实施期 {_fmt(impl)} / 年度 {_fmt(annual)}",
                    f"one-year project ({p['attribute']}, 项目期 {p['term']}) but 实施期 ≠ 年度资金总额")
        # amounts stated in 项目概况
        budget, need = stated_amounts(p["overview"] or "", year)
        reference = t12 if t12 is not None else yuan_to_wan(annual)
        if budget:
            p["stated_budget"], p["stated_budget_text"] = budget[0], budget[1]
            if reference is not None and budget[0] != reference:
                add("stated_budget_differs", "error", p["line"], budget[1][-60:],
                    f"项目概况 states {_fmt(budget[0])}万元 for {year}; table 12 has {_fmt(reference)}万元")
        if need:
            p["stated_need"] = need[0]
            if reference is not None and need[0] != reference:
                add("stated_need_differs", "info", p["line"], need[1][-60:],
                    f"项目概况 states a requirement of {_fmt(need[0])}万元; the {year} budget is {_fmt(reference)}万元")
        # filing date
        raw, parsed = p["filing_date_raw"], p["filing_date"]
        date_line = _line(p, "filing")
        if raw:
            digits = _NON_DIGITS.sub("", raw)
            if _DATE_AND_CLOCK.fullmatch(raw.strip()):
                add("filing_date", "info", None, raw, f"填报日期 printed as date and clock time; read as {parsed:%Y-%m-%d %H:%M}")
            elif _BROKEN_DIGITS.search(raw):
                add("filing_date", "warning", None, raw, f"填报日期 digits broken by white space; read as "
                    f"{parsed:%Y-%m-%d %H:%M:%S}" if parsed else "填报日期 digits broken by white space; unreadable")
            if parsed is None:
                add("filing_date", "error", None, raw, "填报日期 is not a real date")
            else:
                if len(digits) not in (8, 12, 14):
                    add("filing_date", "warning", None, raw,
                        f"填报日期 has {len(digits)} digits (expected 14: YYYYMMDDhhmmss); read as {parsed:%Y-%m-%d}")
                if not earliest <= parsed.date() <= latest:
                    add("filing_date", "error", None, raw,
                        f"填报日期 {parsed:%Y-%m-%d} outside the plausible window {earliest} … {latest} "
                        f"({'publication date given' if published else 'assumed latest publication'})")
    filing_line = None
    for finding in findings:  # filing-date findings: attach the signature line
        if finding.kind == "filing_date" and finding.line is None:
            row = [p for p in projects if p["table"] == finding.table]
            if row and filing_line is None:
                filing_line = _filing_line_finder(d)
            finding.line = filing_line(int(row[0]["line"])) if row else None
    if blank_other:
        findings.append(Finding("missing_value", "info", "", None, "其他资金",
                                f"其他资金 left blank (read as 0) in {len(blank_other)} of {len(projects)} tables"))
    _check_indicators(projects, indicators, findings)


def _filing_line_finder(d):
    """`_filing_line(d, ·)` for many tables: the appendix is scanned once, not once per lookup."""
    appendix = d.sections["十"].appendix
    position = {}
    titles, filings = [], []
    for index, line in enumerate(appendix):
        position.setdefault(line.no, index)
        if _has_title(line.text):
            titles.append(index)
        if "填报日期" in line.text:
            filings.append(index)

    def find(first_line: int) -> int | None:
        start = position.get(first_line)
        if start is None:
            return None
        filing = next((i for i in filings if i >= start), None)
        title = next((i for i in titles if i > start), None)
        if filing is None or (title is not None and title <= filing):
            return None
        return appendix[filing].no

    return find


def _filing_line(d, first_line: int) -> int | None:
    """The 填报日期 line of the table starting at `first_line` (None when the table has none)."""
    return _filing_line_finder(d)(first_line)


_QUANTIFIED_KINDS = frozenset(("number", "percent", "range", "date"))


def _check_indicators(projects: list[dict], indicators: list[dict], findings: list[Finding]):
    """Per project: completeness of the levels, share quantified, periods, 成本指标 vs the amount.
    Works on the indicator records (plain dicts, in printed order) rather than the DataFrame."""
    by_table: dict = {}
    for row in indicators:
        by_table.setdefault(row["table"], []).append(row)
    for p in projects:
        name, table = p["name"], p["table"]
        mine = by_table.get(table, ())
        for period in PERIODS:
            present = {r["level1"] for r in mine if r["period"] == period and r["level3"] != ""}
            missing = [l for l in _LEVEL1 if l not in present]
            if missing:
                findings.append(Finding("indicator_completeness", "warning", name, int(p["line"]),
                                        "、".join(sorted(present)) or "—",
                                        f"{period}: no {'、'.join(missing)} indicator", table))
        annual = [r for r in mine if r["period"] == "年度" and r["level3"] != ""]
        quantified = sum(1 for r in annual if r["kind"] in _QUANTIFIED_KINDS)
        share = Decimal(quantified) / Decimal(len(annual)) if annual else None
        p["indicator_count"], p["quantified_share"] = len(annual), share
        if share is not None and share < Decimal("0.5"):
            findings.append(Finding("indicator_completeness", "info", name, int(p["line"]),
                                    f"{quantified}/{len(annual)}", "fewer than half of the 年度 indicators are quantified",
                                    table))
        names = {period: {r["level3"] for r in mine if r["period"] == period} - {""} for period in PERIODS}
        only = {period: sorted(names[period] - names[other]) for period, other in (PERIODS, PERIODS[::-1])}
        for period, listed in only.items():
            if listed:
                findings.append(Finding("indicator_periods", "info", name, int(p["line"]), "、".join(listed)[:120],
                                        f"indicator(s) only in {period}", table))
        # cost indicators vs the amount
        costs = [r for r in annual if r["unit"] in ("万元", "万") and key(r["level2"]) == "成本指标"]
        for c in annual:
            if c["unit"] == "万":
                findings.append(Finding("unit_label", "info", name, int(c["line"]), c["value"],
                                        "unit 万 without 元 (read as 万元)", table))
        amount = p["t12_amount"] if p["t12_amount"] is not None else yuan_to_wan(p["annual_total"])
        if costs and amount is not None:
            numbers = [c["number"] for c in costs]
            total = sum(numbers, ZERO)
            if total != amount:
                notes = []
                impl = yuan_to_wan(p["impl_total"])
                if impl is not None and total == impl:
                    notes.append("equals the 实施期资金总额")
                if any(f"{_fmt(n)}万" in (p["overview"] or "") for n in numbers):
                    notes.append("the figure appears in 项目概况 (a total or contract amount)")
                findings.append(Finding(
                    "cost_indicator", "warning", name, int(costs[0]["line"]),
                    " + ".join(c["value"] for c in costs),
                    f"年度 成本指标 total {_fmt(total)}万元 ≠ {_fmt(amount)}万元 budget"
                    + (f" ({'; '.join(notes)})" if notes else ""), table))


# -- section 十 totals -------------------------------------------------------------------------

def section_ten_counts(d) -> SectionTenCounts:
    result = analyse(d)
    projects = result.projects
    t12 = _t12_projects(d)
    annual = sum((a for a in projects["annual_total"] if a is not None), ZERO) / WAN
    missing = [n for n, a in zip(projects["name"], projects["annual_total"]) if a is None]
    fallback = annual + sum(
        (t for a, t in zip(projects["annual_total"], projects["t12_amount"]) if a is None and t is not None), ZERO)
    t12_total = sum((t for t in t12["total"] if t is not None), ZERO)
    share = annual * 100 / t12_total if t12_total else None
    return SectionTenCounts(len(projects), annual, missing, fallback, len(t12), t12_total, share,
                            [int(x) for x in projects["line"]])


# -- which projects make up a stated amount ----------------------------------------------------

def _fen(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def exact_subsets(values: list[int], count: int, target: int, limit: int = 5000) -> list[tuple[int, ...]]:
    """Every index set of `count` values summing to `target` (integers), at most `limit` of them.
    Depth-first with a memoised feasibility test, so only branches that can still succeed are walked."""
    n = len(values)
    if count < 0 or count > n:
        return []
    if count >= 2 and comb(n, count - count // 2) <= 200_000:
        return _meet_in_the_middle(values, count, target, limit)

    @lru_cache(maxsize=None)
    def feasible(i: int, c: int, s: int) -> bool:
        if c == 0:
            return s == 0
        if n - i < c:
            return False
        return feasible(i + 1, c - 1, s - values[i]) or feasible(i + 1, c, s)

    out: list[tuple[int, ...]] = []

    def walk(i: int, c: int, s: int, chosen: list[int]):
        if len(out) >= limit:
            return
        if c == 0:
            if s == 0:
                out.append(tuple(chosen))
            return
        if n - i < c:
            return
        if feasible(i + 1, c - 1, s - values[i]):
            chosen.append(i)
            walk(i + 1, c - 1, s - values[i], chosen)
            chosen.pop()
        if feasible(i + 1, c, s):
            walk(i + 1, c, s, chosen)

    walk(0, count, target, [])
    feasible.cache_clear()
    return out


def _meet_in_the_middle(values: list[int], count: int, target: int, limit: int) -> list[tuple[int, ...]]:
    """Index sets split at their median: a front part of ceil(count/2) indices and a back part of the
    rest, all of whose indices are larger, so every set is found exactly once."""
    front, back = count - count // 2, count // 2
    by_sum: dict[int, list[tuple[int, ...]]] = {}
    indices = range(len(values))
    # combinations() of the values and of their indices come in the same order
    for combo, picked in zip(combinations(indices, back), combinations(values, back)):
        by_sum.setdefault(sum(picked), []).append(combo)
    out: list[tuple[int, ...]] = []
    for combo, picked in zip(combinations(indices, front), combinations(values, front)):
        for rest in by_sum.get(target - sum(picked), ()):
            if rest[0] > combo[-1]:
                out.append(combo + rest)
                if len(out) >= limit:
                    return out
    return sorted(out)


def _bigrams(text: str) -> set[str]:
    text = _NON_HAN.sub("", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def purchase_directory(d) -> list[tuple[str, str, int]]:
    """4th-level entries (code, name, line) of a 政府购买服务指导性目录 printed in any appendix;
    restricted to the part whose heading occurs in the unit name (e.g. 应急 for 晋城市应急管理局)."""
    parts: dict[str, list[tuple[str, str, int]]] = {}
    current = ""
    for section in d.sections.values():
        for line in section.appendix:
            cells = [clean(c) for c in line.cells]
            filled = [c for c in cells if c]
            if not line.is_table_row or not filled:
                continue
            if len(filled) == 1 and not _DIRECTORY_LETTER.match(filled[0]) and filled[0] != "代码":
                current = filled[0]
                continue
            if _DIRECTORY_CODE.fullmatch(filled[0]) and len(filled) >= 2:
                parts.setdefault(current, []).append((filled[0], _WHITE_SPACE.sub("", filled[-1]), line.no))
    chosen = [entries for heading, entries in parts.items() if heading and heading in (d.unit or "")]
    if chosen:
        return [e for entries in chosen for e in entries]
    return [e for entries in parts.values() for e in entries]


def _project_evidence(d, names: list[str], label: str) -> dict[str, list[tuple[float, str]]]:
    """Per table-12 project: (weight, reason) pairs suggesting it belongs to the labelled group.
    For 政府购买服务: its table says 购买服务/政府购买 (1); its name covers ≥ 75 % of a directory
    entry's character pairs (1); it mentions 委托第三方/服务合同/服务采购 (0.5)."""
    evidence: dict[str, list[tuple[float, str]]] = {n: [] for n in names}
    if "购买服务" not in label:
        return evidence
    result = analyse(d)
    fields = ("overview", "basis", "necessity", "measures", "plan", "goal_impl", "goal_annual")
    projects = result.projects
    columns = [projects[c] for c in fields]
    texts = {t12_name: " ".join(str(v or "") for v in row)
             for t12_name, *row in zip(projects["t12_name"], *columns) if t12_name}
    directory = [(code, entry, line, _bigrams(_SERVICE_SUFFIX.sub("", entry)))
                 for code, entry, line in purchase_directory(d)]
    for name in names:
        text = texts.get(name, "")
        if _PURCHASE_SAYS.search(text):
            evidence[name].append((1.0, "its table says 购买服务"))
        elif _PURCHASE_HINTS.search(text):
            evidence[name].append((0.5, "its table mentions 委托第三方/服务合同/服务采购"))
        best = (0.0, "")
        name_pairs = _bigrams(name)
        for code, entry, line, core in directory:
            cover = len(core & name_pairs) / len(core) if core else 0.0
            if cover > best[0]:
                best = (cover, f"{code} {entry} (line {line})")
        if best[0] >= 0.75:
            evidence[name].append((1.0, f"name covers directory entry {best[1]} ({best[0]:.2f})"))
    return evidence


def subset_evidence(d, count: int, amount, label: str = "") -> SubsetEvidence:
    """All `count`-project subsets of table 12 summing exactly to `amount` 万元, and which is likeliest.

    Evidence weighed for each candidate (one point each): its projects stand together in table 12;
    they stand together in the appendix of performance-goal tables; for 政府购买服务 the share of its
    projects that mention 购买服务 or resemble an entry of the printed directory. 'match' when there
    is exactly one subset, or when one candidate leads the next by at least one full point.
    """
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return SubsetEvidence("unverifiable", None, f"amount {amount!r} is not a number", [], label)
    t12 = _t12_projects(d)
    names = list(t12["item"])
    values = [_fen(v) if v is not None else 0 for v in t12["total"]]
    n, total = len(values), sum(values)
    target = _fen(amount)
    complement = count > n - count
    if complement:
        found = exact_subsets(values, n - count, total - target)
        subsets = [tuple(i for i in range(n) if i not in set(s)) for s in found]
    else:
        subsets = exact_subsets(values, count, target)
    named = [[names[i] for i in s] for s in subsets]
    how = (f"{len(subsets)} subset(s) of {count} of the {n} table-12 projects sum exactly to {_fmt(amount)}万元"
           + (f" (enumerated as the {n - count} projects left out, summing to {_fmt(Decimal(total - target) / 100)}万元)"
              if complement else ""))
    if not subsets:
        return SubsetEvidence("unverifiable", None, how + "; the stated figures cannot be reproduced", [], label)
    if len(subsets) == 1:
        return SubsetEvidence("match", amount, how + ": " + "、".join(named[0]), named, label, named[0],
                              [(1.0, named[0])])
    performance = analyse(d)
    projects = performance.projects
    # blank cells may come back as NaN (a float, and truthy) from the frame: keep text only
    appendix_order = {t12_name: int(table) for t12_name, table in zip(projects["t12_name"], projects["table"])
                      if isinstance(t12_name, str) and t12_name}
    attributes = {t12_name: attribute if isinstance(attribute, str) else ""
                  for t12_name, attribute in zip(projects["t12_name"], projects["attribute"])
                  if isinstance(t12_name, str) and t12_name}
    per_project = _project_evidence(d, names, label)
    scored = []
    for s, members in zip(subsets, named):
        reasons, score = [], 0.0
        if max(s) - min(s) + 1 == len(s):
            score += 1
            reasons.append(f"table-12 rows {min(s) + 1}–{max(s) + 1} in one block")
        positions = sorted(appendix_order.get(m, -1) for m in members)
        if -1 not in positions and positions[-1] - positions[0] + 1 == len(positions):
            score += 1
            reasons.append(f"appendix tables {positions[0]}–{positions[-1]} in one block")
        if "购买服务" in label:
            weight = sum(max((w for w, _ in per_project[m]), default=0.0) for m in members) / len(members)
            score += weight
            reasons.append(f"购买服务 evidence {weight:.2f} on average")
        one_off = sum("一次性" in attributes.get(m, "") for m in members)
        reasons.append(f"{one_off} 一次性项目")
        scored.append((score, members, reasons))
    scored.sort(key=lambda x: -x[0])
    lines = [how + "."]
    for score, members, reasons in scored[:10]:
        lines.append(f"score {score:.2f}: " + "、".join(members) + " — " + "; ".join(reasons))
    if len(scored) > 10:
        lines.append(f"… {len(scored) - 10} more candidates with score ≤ {scored[10][0]:.2f}")
    if "购买服务" in label:
        backed = {m: r for m, r in per_project.items() if r}
        lines.append("购买服务 evidence by project: " + ("; ".join(
            f"{m}: {', '.join(r for _, r in reasons)}" for m, reasons in backed.items()) or "none"))
    best, second = scored[0], scored[1]
    if best[0] >= 1 and best[0] - second[0] >= 1:
        lines.insert(1, f"the evidence singles out one candidate (score {best[0]:.2f} vs {second[0]:.2f}).")
        return SubsetEvidence("match", amount, "\n".join(lines), named, label, best[1],
                              [(s, m) for s, m, _ in scored])
    lines.insert(1, f"no candidate stands out (best score {best[0]:.2f} vs {second[0]:.2f}): unverifiable.")
    return SubsetEvidence("unverifiable", None, "\n".join(lines), named, label, [],
                          [(s, m) for s, m, _ in scored])
