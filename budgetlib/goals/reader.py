"""Reading the project performance-goal tables (项目支出绩效目标表) from the lines of an appendix.

The tables are PDF output and messy: merged cells printed on any row of their block, labels
missing or split (绩效 / 效 指 标), cells shifted, full- and half-width punctuation, <p> markup,
digits broken by spaces. The reader therefore works on labels, never on cell positions, and every
oddity it has to get round becomes a finding with its line number — nothing is dropped silently.
This is the parse stage: the tables as read, without the budget table (see matching, checks).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..money import is_amount as _is_amount, parse_amount as _parse_amount
from .indicators import HEADER_CELLS, LEVEL1, LEVEL2_TO_1, read_indicator_block
from .model import PERIODS, PROJECT_COLUMNS, TITLE, Finding, GoalTables
from .values import clean, filled, key, normalized

if TYPE_CHECKING:
    from ..source import Line

FUND_SOURCES = ("central", "provincial", "local", "self", "other")
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
_PERIOD_HEADER = re.compile(r"^(实施期?目标|年度目标)$")
_SEPARATOR = re.compile(r"^-{2,}$")
_UNIT_LABEL = re.compile(r"\((万?元)\)")  # search in a cell; fullmatch: a cell that is only the label
_YEAR_CELL = re.compile(r"\(?\d{4}年度\)?")  # fullmatch
_TERM_CELL = re.compile(r"\d+\s*年")  # fullmatch
_LABEL_COLON = re.compile(r"^\s*[:：]?\s*")
_FUND_REMAINDER = re.compile(r"^.*?(资金总额|财政资金|单位自筹|其他资金)\s*[:：]?\s*")
_NON_DIGITS = re.compile(r"\D")
_FILING_FIELDS = ((0, 4), (4, 2), (6, 2), (8, 2), (10, 2), (12, 2))  # year, month, day, hour, minute, second


parse_amount = lru_cache(maxsize=1 << 14)(_parse_amount)  # memoised per text: Decimals are immutable
is_amount = lru_cache(maxsize=1 << 14)(_is_amount)


@dataclass
class _Scan:
    """Where the scan of a table's lines stands (indices into the lines after the title)."""
    used: set[int] = field(default_factory=set)
    funding: list = field(default_factory=list)
    goal_index: int | None = None
    indicator_start: int | None = None
    end: int | None = None  # the signature (负责人 / 填报日期) row


# -- the whole appendix ------------------------------------------------------------------------

def read_goal_tables(appendix_lines: list[Line], year: int, title: str = TITLE, *,
                     heading_line: int | None = None, where: str = "the appendix") -> GoalTables:
    """Every goal table of `appendix_lines` (tables begin at a `title` line), as read.
    `heading_line` and `where` only place and word the finding for an appendix without tables."""
    findings: list[Finding] = []
    tables, before = split_tables(appendix_lines, title)
    for line in before:
        findings.append(Finding("layout", "warning", "", line.no, line.text.strip()[:60],
                                "text before the first performance-goal table; not read"))
    if not tables:
        findings.append(Finding("missing_value", "error", "", heading_line, "", f"no {title} found in {where}"))
    records, indicators = [], []
    for number, lines in enumerate(tables, start=1):
        record, rows = _TableReader(number, lines, findings).read()
        for row in rows:
            row["project"] = record["name"]
        records.append(record)
        indicators.extend(rows)
    finder = filing_line_finder(appendix_lines, title)
    filing_lines = {r["table"]: finder(int(r["line"])) for r in records}
    return GoalTables(tuple(records), tuple(indicators), tuple(findings), filing_lines, year)


def has_title(text: str, title: str = TITLE) -> bool:
    """title in normalize(text); normalize only drops white space and swaps punctuation, so a line
    without the title's last Han character (表) cannot contain it and is not normalised at all."""
    mark = _last_han(title)
    return (not mark or mark in text) and title in normalized(text)


@lru_cache(maxsize=16)
def _last_han(title: str) -> str:
    return next((c for c in reversed(title) if "\u4e00" <= c <= "\u9fff"), "")


def split_tables(lines: list[Line], title: str = TITLE) -> tuple[list[list[Line]], list[Line]]:
    """Tables begin at their title line; returns the tables and any lines before the first title."""
    starts = [i for i, l in enumerate(lines) if has_title(l.text, title) and not l.is_table_row]
    if not starts:
        return [], list(lines)
    tables = [lines[s:e] for s, e in zip(starts, starts[1:] + [len(lines)])]
    return tables, lines[: starts[0]]


def filing_line_finder(appendix: list[Line], title: str = TITLE):
    """first line of a table -> the line of its 填报日期 (None when the table has none); the
    appendix is scanned once, not once per lookup."""
    position: dict[int, int] = {}
    titles, filings = [], []
    for index, line in enumerate(appendix):
        position.setdefault(line.no, index)
        if has_title(line.text, title):
            titles.append(index)
        if "填报日期" in line.text:
            filings.append(index)

    def find(first_line: int) -> int | None:
        start = position.get(first_line)
        if start is None:
            return None
        filing = next((i for i in filings if i >= start), None)
        following = next((i for i in titles if i > start), None)
        if filing is None or (following is not None and following <= filing):
            return None
        return appendix[filing].no

    return find


def read_filing_date(raw: str) -> dt.datetime | None:
    """The digits read as YYYYMMDD[HHMM[SS]], the longest that is a valid time (fixed widths: what
    strptime('%Y%m%d%H%M%S') accepts of a run of digits, without its regexes)."""
    digits = _NON_DIGITS.sub("", raw)
    for length in (14, 12, 8):
        if len(digits) >= length:
            fields = [int(digits[start:start + width]) for start, width in _FILING_FIELDS if start < length]
            try:
                return dt.datetime(*fields)
            except ValueError:
                continue
    return None


# -- one table ---------------------------------------------------------------------------------

class _TableReader:
    def __init__(self, number: int, lines: list[Line], sink: list[Finding]):
        self.number = number
        self.lines = lines
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

    def read(self) -> tuple[dict, list[dict]]:
        lines = self.lines[1:]
        scan = _Scan()
        for index, line in enumerate(lines):
            if index not in scan.used:
                self._scan_line(scan, index, line, lines[index + 1] if index + 1 < len(lines) else None)
        if scan.end is None:
            scan.end = len(lines)
            self.find("missing_value", "warning", self.lines[-1].no, "", "no 负责人/填报日期 row: table ends unsigned")
        self._funding(scan.funding)
        if scan.indicator_start is not None:
            start, end = scan.indicator_start, scan.end
            block = [l for i, l in enumerate(lines[start:end], start=start) if i not in scan.used]
            scan.used.update(range(start, end))
            self.indicators = read_indicator_block(block, self.order, self.number, self.find)
        for index, line in enumerate(lines):
            if index not in scan.used:
                self.find("layout", "warning", line.no, line.text.strip()[:80], "line not recognised; not read")
        self._check_header_fields()
        return self.record, self.indicators

    def _scan_line(self, scan: _Scan, index: int, line: Line, following: Line | None):
        cells = filled(line)
        keys = [key(c) for c in cells]
        if self._skipped(line, cells, keys):
            scan.used.add(index)
        elif any(k.startswith(("填报日期", "负责人")) for k in keys):
            self._filing(line, cells)
            scan.used.add(index)
            scan.end = index if scan.end is None else scan.end
        elif scan.end is None and scan.indicator_start is None:
            # before the indicator block; lines after the signature row are reported as unread
            self._header_line(scan, index, line, cells, keys, following)

    def _skipped(self, line: Line, cells: list[str], keys: list[str]) -> bool:
        """Blank lines, separator lines and a lone (YYYY年度) cell carry nothing."""
        if not cells:
            return True
        if all(_SEPARATOR.match(c) for c in cells):
            self.find("layout", "info", line.no, line.text.strip()[:60], "separator line (text-table artefact) ignored")
            return True
        return bool(_YEAR_CELL.fullmatch(keys[0])) and len(cells) == 1

    def _header_line(self, scan: _Scan, index: int, line: Line, cells: list[str], keys: list[str],
                     following: Line | None):
        if (self._field_line(scan, index, line, cells, keys, following)
                or self._goal_line(scan, index, line, cells, keys)):
            scan.used.add(index)
        elif scan.goal_index is not None or any(k in HEADER_CELLS or k in LEVEL1 or k in LEVEL2_TO_1 for k in keys):
            scan.indicator_start = index

    def _field_line(self, scan: _Scan, index: int, line: Line, cells: list[str], keys: list[str],
                    following: Line | None) -> bool:
        if any(k.startswith("项目名称") for k in keys):
            self._name(line, cells)
        elif any(k.startswith("主管部门") for k in keys):
            self._department(line, cells)
        elif any(k.startswith("项目属性") for k in keys):
            if self._attribute(line, cells, following):
                scan.used.add(index + 1)
        elif (any(k.startswith("项目资金") for k in keys) or any(_ANY_FUND_LABEL.match(k) for k in keys)
              or (scan.funding and all(_UNIT_LABEL.fullmatch(k) for k in keys))):
            scan.funding.append(line)
        elif keys[0] in _TEXT_FIELDS:
            self._text(line, cells, _TEXT_FIELDS[keys[0]])
        else:
            return False
        return True

    def _goal_line(self, scan: _Scan, index: int, line: Line, cells: list[str], keys: list[str]) -> bool:
        if any(_PERIOD_HEADER.match(k) for k in keys):
            self._period_header(line, cells)
            if "总体目标" in keys:
                scan.goal_index = index
        elif "总体目标" in keys:
            scan.goal_index = index
            self._goal(line, cells)
        elif scan.goal_index is not None and scan.goal_index == index - 1 and self.record["goal_impl"] is None:
            self._goal(line, cells)  # 总体目标 label stood on the period header row
        else:
            return False
        return True

    # -- header fields --
    @staticmethod
    def _value_after(cells: list[str], label: str, stop: tuple[str, ...] = ()) -> tuple[str | None, int]:
        for position, cell in enumerate(cells):
            if key(cell).startswith(label):
                rest = _LABEL_COLON.sub("", cell[cell.find(label[-1]) + 1:]) if label in cell else ""
                if rest:
                    return rest, position
                for later in cells[position + 1:]:
                    if any(key(later).startswith(s) for s in stop):
                        return None, position
                    return later, position
                return None, position
        return None, -1

    def _name(self, line: Line, cells: list[str]):
        value, _ = self._value_after(cells, "项目名称")
        self.record["name"] = value or ""
        self.line_of["name"] = line.no
        if not value:
            self.find("missing_value", "error", line.no, line.text.strip()[:60], "项目名称 is blank")

    def _department(self, line: Line, cells: list[str]):
        department, position = self._value_after(cells, "主管部门及代码", ("实施单位",))
        self.record["department"] = department
        implementer, label_at = self._value_after(cells, "实施单位")
        if label_at < 0:
            rest = cells[position + 2:] if department else []
            if rest:
                implementer = rest[0]
                self.find("layout", "info", line.no, " | ".join(cells),
                          f"label 实施单位 missing; read {implementer!r} from its column")
        self.record["implementer"] = implementer
        for field_id, label in (("department", "主管部门及代码"), ("implementer", "实施单位")):
            if not self.record[field_id]:
                self.find("missing_value", "warning", line.no, " | ".join(cells), f"{label} is blank")

    def _attribute(self, line: Line, cells: list[str], following: Line | None) -> bool:
        """项目属性 and 项目期; True when the 项目期 value was read from the following line."""
        attribute, position = self._value_after(cells, "项目属性", ("项目期",))
        self.record["attribute"] = attribute
        term, label_at = self._value_after(cells, "项目期")
        used_next = False
        if label_at < 0:
            rest = [c for c in cells[position + 2:] if _TERM_CELL.fullmatch(c)]
            if rest:
                term = rest[0]
                self.find("layout", "info", line.no, " | ".join(cells),
                          f"label 项目期 missing; read {term!r} from its column")
        elif term is None and following is not None:
            nxt = filled(following)
            if len(nxt) == 1 and _TERM_CELL.fullmatch(nxt[0]):
                term, used_next = nxt[0], True
                self.find("layout", "info", following.no, nxt[0], "项目期 value printed on the next line")
        self.record["term"] = term
        if not attribute:
            self.find("missing_value", "warning", line.no, " | ".join(cells), "项目属性 is blank")
        if not term:
            self.find("missing_value", "warning", line.no, " | ".join(cells), "项目期 is blank")
        return used_next

    def _text(self, line: Line, cells: list[str], field_id: str):
        text = " ".join(clean(c) for c in cells[1:]).strip()
        self.record[field_id] = text or None
        self.line_of[field_id] = line.no
        if not text:
            self.find("missing_value", "warning", line.no, cells[0], f"{PROJECT_COLUMNS[field_id]} is blank")

    def _period_header(self, line: Line, cells: list[str]):
        labels = [key(c) for c in cells if _PERIOD_HEADER.match(key(c))]
        if len(labels) == 2 and labels[0] == "年度目标":
            self.order = ["年度", "实施期"]
            self.find("layout", "info", line.no, " | ".join(cells), "periods printed in the order 年度, 实施期")
        if any(k.startswith("实施目标") for k in labels):
            self.find("layout", "info", line.no, " | ".join(cells), "header reads 实施目标 for 实施期目标")

    def _goal(self, line: Line, cells: list[str]):
        texts = [c for c in cells if key(c) != "总体目标" and not _PERIOD_HEADER.match(key(c))]
        self.line_of["goal"] = line.no
        if len(texts) > 2:
            self.find("layout", "warning", line.no, " | ".join(t[:20] for t in texts),
                      f"{len(texts)} goal texts on the 总体目标 row; first two read")
        for period, text in zip(self.order, texts):
            self.record["goal_impl" if period == "实施期" else "goal_annual"] = text
        for period in PERIODS:
            if not self.record["goal_impl" if period == "实施期" else "goal_annual"]:
                self.find("missing_value", "warning", line.no, " | ".join(t[:30] for t in texts),
                          f"总体目标 ({period}) is blank")

    # -- 项目资金 --
    def _funding(self, lines: list[Line]):
        if not lines:
            self.find("missing_value", "error", self.lines[0].no, "", "no 项目资金 rows found")
            return
        unit = None
        period_order: list[str] = []
        for line in lines:
            cells = filled(line)
            unit = _unit_label(cells) or unit
            tokens = self._fund_tokens(line, cells)
            totals = [t[1] for t in tokens if t[0] == "total"]
            if totals and not period_order:
                period_order = totals + [p for p in PERIODS if p not in totals]
            self._store_funds(line, cells, tokens, period_order or list(PERIODS))
        self.record["fund_unit"] = unit
        if unit is None:
            self.find("unit_label", "info", lines[0].no, lines[0].text.strip()[:40],
                      "项目资金 has no unit label (元 assumed)")
        self._check_funds(lines[0].no)

    def _fund_tokens(self, line: Line, cells: list[str]) -> list[list]:
        """[label_id, period or None, value, value_text] per fund label of the row, values attached."""
        tokens: list[list] = []
        for cell in cells:
            k = key(cell)
            label = next((lid for lid, pattern in _FUND_LABELS if pattern.match(k)), None)
            if label:
                period = ("实施期" if k.startswith("实施期") else "年度") if label == "total" else None
                remainder = _FUND_REMAINDER.sub("", cell)
                value = parse_amount(remainder) if remainder and is_amount(remainder) else None
                tokens.append([label, period, value, remainder if value is not None else ""])
            elif is_amount(cell):
                pending = next((t for t in tokens if t[2] is None and not t[3]), None)
                if pending is None:
                    self.find("layout", "warning", line.no, cell, "amount without a label; not read")
                else:
                    pending[2], pending[3] = parse_amount(cell), cell
        return tokens

    def _store_funds(self, line: Line, cells: list[str], tokens: list[list], order: list[str]):
        """A label without a period is the first, then the second period of `order`."""
        counts: dict[str, int] = {}
        for label, period, value, _ in tokens:
            if period is None:
                occurrence = counts.get(label, 0)
                counts[label] = occurrence + 1
                if occurrence >= len(order):
                    self.find("layout", "warning", line.no, " | ".join(cells), f"{label} printed more than twice")
                    continue
                period = order[occurrence]
            prefix = "impl_" if period == "实施期" else "annual_"
            self.record[prefix + label] = value
            self.line_of[prefix + label] = line.no

    def _check_funds(self, first_line: int):
        for prefix in ("impl_", "annual_"):
            for source in ("total",) + FUND_SOURCES:
                field_id = prefix + source
                if self.record[field_id] is None and source != "other":  # 其他资金: blank by the template
                    self.find("missing_value", "error" if source == "total" else "warning",
                              self.line_of.get(field_id) or first_line,
                              PROJECT_COLUMNS[field_id], f"{PROJECT_COLUMNS[field_id]} is blank")

    # -- signature row and completeness --
    def _filing(self, line: Line, cells: list[str]):
        raw, _ = self._value_after(cells, "填报日期")
        self.record["filing_date_raw"] = raw
        self.line_of["filing_date"] = line.no
        self.record["filing_date"] = None
        if not raw:
            if any(key(c).startswith("填报日期") for c in cells):
                self.find("filing_date", "warning", line.no, " | ".join(cells), "填报日期 is blank")
            else:
                self.find("filing_date", "warning", line.no, " | ".join(cells), "no 填报日期 on the signature row")
            return
        self.record["filing_date"] = read_filing_date(raw)

    def _check_header_fields(self):
        if not self.record["name"]:
            self.find("missing_value", "error", self.lines[0].no, self.lines[0].text.strip()[:40],
                      "no 项目名称 row")
        for field_id in ("overview", "basis", "necessity", "measures", "plan"):
            if field_id not in self.line_of:
                self.find("missing_value", "warning", self.lines[0].no, "", f"no {PROJECT_COLUMNS[field_id]} row")
        if "goal" not in self.line_of:
            self.find("missing_value", "warning", self.lines[0].no, "", "no 总体目标 row")


def _unit_label(cells: list[str]) -> str | None:
    """The last (元) / (万元) label among the cells."""
    unit = None
    for cell in cells:
        found = _UNIT_LABEL.search(normalized(cell)) if "元" in cell else None
        if found:
            unit = found.group(1)
    return unit
