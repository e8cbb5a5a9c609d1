"""Plain text of values and of a document's names, as every output shows them (terminal, JSON,
pages, workbook). Free of pandas, so that the command line can audit a file without importing it.
"""
from __future__ import annotations

import os
import re
import sys
from decimal import Decimal
from pathlib import Path

from .money import parse_amount

ROOT = Path(__file__).resolve().parents[1]


def is_blank(value) -> bool:
    """None, NaN, and pandas' NA and NaT (a blank of a nullable column)."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    pandas = sys.modules.get("pandas")  # a pandas blank can only exist once pandas is imported
    return pandas is not None and (value is pandas.NA or value is pandas.NaT)


def text(value) -> str:
    """A cell as shown: Decimal as printed, blanks (None, NaN, NA) empty."""
    if is_blank(value):
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)")  # 64,840,547.00


def groups_thousands(d) -> bool:
    """Whether the document's tables print their amounts with thousands separators (64,840,547.00)."""
    lines = {r["line"] for t in d.tables.values() for r in t.rows}
    return any(_GROUPED.search(l.text) for l in d.source.lines if l.no in lines)


def as_printed(value, grouped: bool, line: str = "") -> str:
    """A figure as the document prints it: the cell of its source `line` that reads as `value` (the
    same amount to the same places) when there is one; else `value` with its places, thousands
    separated when the document's tables separate them (`grouped`, groups_thousands)."""
    if not isinstance(value, Decimal):
        return text(value)
    for token in line.split():
        try:
            printed = parse_amount(token)
        except ValueError:
            continue
        if printed == value and printed.as_tuple().exponent == value.as_tuple().exponent:
            return token
    return f"{value:,f}" if grouped else f"{value:f}"


def tolerance_text(tolerance) -> str:
    """The 尾差 tolerance as shown: the number, or 'auto' (None: each comparison's slack follows from
    the printed places of its figures)."""
    return "auto (from the printed places of each figure)" if tolerance is None else text(tolerance)


def source_label(path) -> str:
    """The source path as shown: relative to the repository when inside it, else as given."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def portable_path(path, base=None) -> str:
    """A path as written into an output: relative to `base` (default: the current directory) — with
    ../ when needed — so that no output names the machine's folders; the file name alone when no
    relative path exists (another drive)."""
    path, base = Path(path).resolve(), Path(base or Path.cwd()).resolve()
    try:
        common = Path(os.path.commonpath([path, base]))
    except ValueError:  # another drive
        return path.name
    if common == Path(common.anchor):  # only the root in common: a relative path would spell it out
        return path.name
    return Path(os.path.relpath(path, base)).as_posix()


def printed_line(d, number: int | None) -> str:
    """The text of source line `number` as printed (stripped), '' when there is none."""
    if number is None:
        return ""
    return next((l.text.strip() for l in d.source.lines if l.no == number), "")


def document_title(d) -> str:
    """The title the cover prints after the unit's name, e.g. '<unit> <year>年度单位预算公开'; the
    year and the template's name when the cover line cannot be found."""
    cover = printed_line(d, d.cover_line)
    patterns = [re.compile(p) for p in (d.template.cover.title, *d.template.cover.other_titles)]
    if (cover and str(d.year) in cover and d.unit not in "".join(cover.split())
            and any(p.match(cover) for p in patterns)):  # the title on one line, as printed
        return f"{d.unit} {cover}"
    return f"{d.unit} {_cover_title(d, patterns) or f'{d.year} {d.template.name}'}"


def _cover_title(d, patterns: list[re.Pattern]) -> str:
    """A cover title broken over lines, or printing the year apart or the unit inside: the lines it
    takes joined, without the unit, the year before it ('' when the cover patterns do not match)."""
    most = d.template.cover.joined_lines
    lines = [printed_line(d, d.cover_line + k) for k in range(most)] if d.cover_line else []
    for count in range(1, len(lines) + 1):
        joined = "".join("".join(line.split()) for line in lines[:count])
        match = next((m for m in (p.match(joined) for p in patterns) if m), None)
        if match is None:
            continue
        title = joined
        if match.groupdict().get("unit"):
            title = title[:match.start("unit")] + title[match.end("unit"):]
        return title if str(d.year) in title else f"{d.year}{title}"
    return ""


def part_heading(d, key: str, default: str = "") -> str:
    """A part's heading as printed (e.g. '第二部分 …'); key is the template's part numeral. `default`
    when the template has no such part (a document not divided into numbered parts)."""
    part = d.parts.get(key)
    if part is None or not (part.numeral or part.title):
        return default
    return printed_line(d, part.heading_line) or part.title or default
