"""Cells and values of the goal tables: cleaning, comparison keys, name similarity, and the
indicator value parser ('≥85%' -> comparator ≥, number 85, unit %, kind percent).

The caches here are keyed on text only (the same labels and values recur in every table)."""
from __future__ import annotations

import difflib
import re
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from ..text import normalize

if TYPE_CHECKING:
    from ..source import Line

NUMBER = r"\d+(?:\.\d+)?"

_MARKUP = re.compile(r"<[^>]*>")
_MULTI_SPACE = re.compile(r"\s{2,}")
_DIGIT = re.compile(r"\d")
_YEAR_PREFIX = re.compile(r"^\d+年")
_NAME_SUFFIX = re.compile(r"(数量|率|时间|人数|次数|成本|标准|面积|长度|种类|情况|期数|天数|个数|条数|金额|费用|范围)$")
_QUALITATIVE_VALUE = re.compile(
    r"^(有效|显著|明显|进一步|持续|逐步)?(提升|提高|保障|增强|改善|减少|降低|促进|保护|推进|防范|合格|"
    r"属实|及时|达标|良好|优秀|完成|稳定|全年|全覆盖|每[天日周月季年]|每季度|每半月|每半年|按时|无)"
)
_COMPARATORS = {"≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", ">": ">", "<": "<", "=": "=",
                "＞": ">", "＜": "<", "＝": "=", "≧": "≥", "≦": "≤"}
_VALUE_NUMBER = re.compile(rf"^(>=|<=|≥|≤|≧|≦|＞|＜|＝|>|<|=)?\s*({NUMBER})\s*(.*)$")
_VALUE_RANGE = re.compile(rf"^({NUMBER})\s*(?:—|–|-|－|~|～|至|到)\s*({NUMBER})\s*(.*)$")
_VALUE_DATE = re.compile(
    r"^(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?(底前|底|前|以前|之前|中旬前|上旬前|下旬前|中旬|上旬|下旬)?$"
)
QUANTIFIED_KINDS = frozenset(("number", "percent", "range", "date"))


# -- cells, keys, names ----------------------------------------------------------------------

@lru_cache(maxsize=8192)
def clean(cell: str) -> str:
    """Markup removed, outer white space stripped; otherwise as printed."""
    text = _MARKUP.sub(" ", cell).replace("&nbsp;", " ")
    return _MULTI_SPACE.sub(" ", text).strip()


@lru_cache(maxsize=16384)
def normalized(text: str) -> str:
    """text.normalize, memoised: the same labels and lines are normalised again and again."""
    return normalize(text)


@lru_cache(maxsize=16384)
def key(cell: str) -> str:
    """Comparison key of a label: no markup, white space or colons, half-width punctuation."""
    return normalized(clean(cell)).replace(":", "")


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    return normalized(clean(name)).strip(",.;:")


def similarity(a: str, b: str) -> float:
    """difflib ratio of the normalised names, 0 … 1, rounded to 3 places for display."""
    return round(difflib.SequenceMatcher(None, name_key(a), name_key(b)).ratio(), 3)


@lru_cache(maxsize=8192)
def _filled_cells(line: Line) -> tuple[str, ...]:
    return tuple(cell for cell in (clean(c) for c in line.cells) if cell)


def filled(line: Line) -> list[str]:
    """The cleaned non-blank cells of a line (a fresh list; the split and clean are memoised)."""
    return list(_filled_cells(line))


def fmt(value: Decimal | None) -> str:
    """An amount as printed in messages: '193' for 193.00, '—' for a blank."""
    if value is None:
        return "—"
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


# -- indicator values --------------------------------------------------------------------------

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
    for parse in (_as_date, _as_range, _as_number):
        found = parse(compact)
        if found is not None:
            out.update(found)
            return out
    out["kind"] = "qualitative"
    return out


def _as_date(compact: str) -> dict | None:
    date = _VALUE_DATE.match(compact)
    if not (date and (date.group(1) or date.group(2)) and (date.group(2) or date.group(4))):
        return None
    year, month, day = date.group(1), date.group(2), date.group(3)
    parts = [year or "", f"{int(month):02d}" if month else "", f"{int(day):02d}" if day else ""]
    return {"kind": "date", "date": "-".join(p for p in parts if p), "unit": date.group(4) or ""}


def _as_range(compact: str) -> dict | None:
    span = _VALUE_RANGE.match(compact)
    if not span:
        return None
    return {"kind": "range", "number": Decimal(span.group(1)), "number_high": Decimal(span.group(2)),
            "unit": span.group(3)}


def _as_number(compact: str) -> dict | None:
    number = _VALUE_NUMBER.match(compact)
    if not number or _YEAR_PREFIX.match(compact):
        return None
    unit = number.group(3)
    if _DIGIT.search(unit) or len(unit) > 6:  # '12次', '≤193万元', '3920元/人/年'; not '300至500元，…2000元'
        return None
    return {"comparator": _COMPARATORS.get(number.group(1) or "", ""), "number": Decimal(number.group(2)),
            "unit": unit, "kind": "percent" if unit == "%" else "number"}


@lru_cache(maxsize=8192)
def value_kind(text: str) -> str:
    return parse_value(text)["kind"]


def strong_value(text: str) -> bool:
    """A number, percentage, range or date: never a 三级指标 name."""
    return value_kind(text) in QUANTIFIED_KINDS


def value_like(text: str) -> bool:
    """A value rather than a 三级指标 name: any parsed value, or a short qualitative target."""
    if value_kind(text) not in ("qualitative", "missing"):
        return True
    return bool(_QUALITATIVE_VALUE.match(text)) and not _NAME_SUFFIX.search(text) and len(text) <= 12
