"""The indicator block of one goal table (一级 / 二级 / 三级指标, 指标值, for two periods).

Reading rules worth knowing (judgement calls):
* 一级指标 is derived from 二级指标 (数量/质量/时效/成本指标 -> 产出指标, 经济/社会/生态效益 and
  可持续影响 -> 效益指标, 服务对象满意度 -> 满意度指标) because merged 一级 cells are printed in the
  middle of their block; the printed 一级 label is used only for an unknown 二级 label.
* A 二级 label applies to the rows after it; rows before the first 二级 label of a side take the
  first label that follows (the label of a merged cell printed below its first row).
* The left and right halves of an indicator row are the first and second period of the header
  (实施期目标 … 年度目标, in the printed order).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .values import filled, key, parse_value, strong_value, value_like

if TYPE_CHECKING:
    from ..source import Line

LEVEL1 = ("产出指标", "效益指标", "满意度指标")
LEVEL2_TO_1 = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
    "经济成本指标": "产出指标", "社会成本指标": "产出指标", "生态环境成本指标": "产出指标",
    "经济效益": "效益指标", "社会效益": "效益指标", "生态效益": "效益指标", "可持续影响": "效益指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标", "服务对象满意度": "满意度指标", "服务对象满意度指标": "满意度指标",
}
HEADER_CELLS = {"一级指标", "二级指标", "三级指标", "指标值"}
_VALUE_FIELDS = ("comparator", "number", "number_high", "unit", "kind", "date")

Find = Callable[[str, str, "int | None", str, str], None]  # kind, severity, line, evidence, message


def read_indicator_block(block: list[Line], order: list[str], table: int, find: Find) -> list[dict]:
    """The indicator records of one table: `order` names the periods of the left and right half,
    `find` receives every oddity met. Records carry project None (set by the caller)."""
    sides: list[dict] = [{"l2": None, "pending": []}, {"l2": None, "pending": []}]
    rows: list[dict] = []
    printed_l1 = None
    for line in block:
        cells = filled(line)
        groups, l2_labels, printed_l1 = _groups(cells, printed_l1)
        pairs = _pairs(groups)
        if not pairs:
            if l2_labels:
                sides[0]["l2"], sides[1]["l2"] = l2_labels[0], l2_labels[-1]
                for side in sides:
                    _resolve_pending(side)
            continue
        assigned = _assign_sides(pairs, rows, line, cells, find)
        _apply_labels(pairs, assigned, sides)
        for (_, name, value), side_no in zip(pairs, assigned):
            side = sides[side_no]
            row = {"side": side_no, "level2": side["l2"], "level3": name, "value": value,
                   "line": line.no, "printed_l1": printed_l1}
            if side["l2"] is None:
                side["pending"].append(row)
            rows.append(row)
    for side in sides:
        for row in side["pending"]:
            find("layout", "warning", row["line"], row["level3"] or row["value"] or "",
                 "indicator without a 二级指标 label anywhere in its half")
    return _records(rows, order, table, find)


def _groups(cells: list[str], printed_l1: str | None) -> tuple[list[list], list[str], str | None]:
    """The cells of a row split at its 二级 labels: [[label, texts], …], the labels, the 一级 label."""
    groups: list[list] = [[None, []]]  # [二级 label, texts]
    l2_labels: list[str] = []
    for cell in cells:
        k = key(cell)
        if k in HEADER_CELLS or (k and k in "绩效指标") or k == "效指标":
            continue
        if k in LEVEL1:
            printed_l1 = k
            continue
        if k in LEVEL2_TO_1 or _level2_like(k):
            l2_labels.append(cell)
            if groups[-1][1] or groups[-1][0] is not None or len(groups) == 1:
                groups.append([cell, []])
            else:
                groups[-1][0] = cell
            continue
        groups[-1][1].append(cell)
    return groups, l2_labels, printed_l1


def _level2_like(key: str) -> bool:
    """Two or three Han characters and 指标, 效益 or 目标: a 二级 label not in LEVEL2_TO_1 (a regex of the
    Han range costs milliseconds to compile)."""
    return len(key) in (4, 5) and key[-2:] in ("指标", "效益", "目标") and all("\u4e00" <= c <= "\u9fff" for c in key)


def _pairs(groups: list[list]) -> list[tuple[str | None, str | None, str | None]]:
    """(二级 label, 三级 name, value) triples; a label goes with the first indicator after it."""
    pairs: list[tuple[str | None, str | None, str | None]] = []
    for label, texts in groups:
        texts = [t for i, t in enumerate(texts) if i == 0 or t != texts[i - 1]]
        positional = len(texts) % 2 == 0 and all(not strong_value(texts[i]) for i in range(0, len(texts), 2))
        i = 0
        while i < len(texts):
            if positional:
                pairs.append((label, texts[i], texts[i + 1]))
                i += 2
            elif strong_value(texts[i]):
                pairs.append((label, None, texts[i]))
                i += 1
            elif i + 1 < len(texts) and value_like(texts[i + 1]):
                pairs.append((label, texts[i], texts[i + 1]))
                i += 2
            else:
                pairs.append((label, texts[i], None))
                i += 1
            label = None
    return pairs


def _assign_sides(pairs: list, rows: list[dict], line: Line, cells: list[str], find: Find) -> list[int]:
    """The half (0 left, 1 right) of each pair: alternately; a lone indicator goes right only when
    its name was met on the left half before and not on the right."""
    if len(pairs) == 1:
        name = pairs[0][1]
        in_a = any(r["side"] == 0 and r["level3"] == name for r in rows)
        in_b = any(r["side"] == 1 and r["level3"] == name for r in rows)
        return [1 if (name and in_a and not in_b) else 0]
    if len(pairs) > 2:
        find("layout", "warning", line.no, " | ".join(cells)[:120],
             f"{len(pairs)} indicators on one row; assigned alternately to the two periods")
    return [i % 2 for i in range(len(pairs))]


def _apply_labels(pairs: list, assigned: list[int], sides: list[dict]):
    """The 二级 labels printed on a row become the current label of their half."""
    row_labels = {}
    for (label, _, _), side_no in zip(pairs, assigned):
        if label:
            row_labels[side_no] = label
    if 0 in row_labels and 1 not in row_labels and len(pairs) >= 2:
        row_labels[1] = row_labels[0]  # a merged 二级 cell spanning both halves
    for side_no, label in row_labels.items():
        sides[side_no]["l2"] = label
        _resolve_pending(sides[side_no])


def _resolve_pending(side: dict):
    for row in side["pending"]:
        row["level2"] = side["l2"]
    side["pending"] = []


def _records(rows: list[dict], order: list[str], table: int, find: Find) -> list[dict]:
    records: list[dict] = []
    unknown: set = set()
    for row in rows:
        level2 = key(row["level2"]) if row["level2"] else ""
        level1 = LEVEL2_TO_1.get(level2) or row["printed_l1"] or ""
        parsed = parse_value(row["value"] or "")
        period = order[row["side"]]
        records.append({
            "project": None, "table": table, "period": period, "level1": level1,
            "level2": row["level2"] or "", "level3": row["level3"] or "", "value": row["value"] or "",
            **{k: parsed[k] for k in _VALUE_FIELDS},
            "line": row["line"],
        })
        if not row["level3"]:
            find("missing_value", "warning", row["line"], row["value"] or "",
                 f"indicator value without a 三级指标 name ({period})")
        if not row["value"]:
            find("missing_value", "warning", row["line"], row["level3"] or "",
                 f"三级指标 {row['level3']!r} has no 指标值 ({period})")
        if level2 and level2 not in LEVEL2_TO_1 and (row["line"], level2) not in unknown:
            unknown.add((row["line"], level2))
            find("layout", "info", row["line"], row["level2"], f"unknown 二级指标 label {row['level2']!r}")
    return records
