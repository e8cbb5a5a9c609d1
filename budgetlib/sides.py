"""Tables printed in blocks side by side: income | expenditure (two-sided tables, or three blocks:
收入 | 支出 by function | 支出 by use), and coded tables printed in two halves; tidied into one long
frame, each block's rows after the other's."""
from __future__ import annotations

import re

from .templates.model import Schema
from .text import strip_numbering


def blocks(schema: Schema, records: list[dict]) -> list[dict]:
    """A coded table printed as blocks side by side (表 of 经济分类 in two halves): each block's cells
    renamed to the first block's columns, the blocks one after the other; blank block rows dropped."""
    first = schema.sides[0][1]
    out = []
    for side, ids in schema.sides:
        for record in records:
            row = {"line": record["line"], "side": side} | {target: record[i] for target, i in zip(first, ids)}
            if any(v not in (None, "") for k, v in row.items() if k not in ("line", "side")):
                out.append(row)
    return out


_WRAPPED_TAIL = 4  # a label's wrapped rest is a word or two ('出', '业支出', '经费'); a group heading is longer
_TOTAL_WORD = re.compile("合计|小计|总计")  # a short label of its own, never a label's wrapped rest


def tidy_two_sided(schema: Schema, records: list[dict], labels: dict[str, str]):
    """Sides printed next to each other (收入 | 支出, or 收入 | 支出 by function | 支出 by use); tidy
    them into one long frame, each side's amounts under the widest side's amount columns.

    `group` is the unnumbered heading a numbered row belongs to (e.g. 上年财政拨款结转 in 表四),
    empty for the current-year rows. Where a side's label has no amount on its row and the next side
    has an amount but no label, the amount is the label's (a total printed once across two blocks);
    an unnumbered label with no amount under a numbered one with none continues it (a wrapped label).
    """
    # the frame's amount columns: the widest side's; of equals, the (first) expense side's
    widest = max((ids for _, ids in schema.sides[1:] + schema.sides[:1]), key=len)
    amount_ids = list(widest[1:])
    columns = {"line": "行号", "side": "收支", "group": "分组", "item": "项目"} | {
        i: labels[i] for i in amount_ids
    }
    per_side: list[list[dict]] = [[] for _ in schema.sides]
    for record in records:
        cells = [(record[ids[0]], [record[i] for i in ids[1:]]) for _, ids in schema.sides]
        for k, (item, amounts) in enumerate(cells):
            if item and item == strip_numbering(item) and all(a is None for a in amounts):
                lender = next((j for j in range(k + 1, len(cells)) if not cells[j][0]), None)
                if lender is not None and any(a is not None for a in cells[lender][1]) and \
                        all(not cells[j][0] for j in range(k + 1, lender + 1)):
                    cells[k], cells[lender] = (item, cells[lender][1]), ("", [None] * len(cells[lender][1]))
        for k, (item, amounts) in enumerate(cells):
            if item or any(a is not None for a in amounts):
                per_side[k].append({"line": record["line"], "item": item, "amounts": amounts})
    out = []
    for (side, _), rows in zip(schema.sides, per_side):
        group, labelled = "", []
        for row in rows:
            item, blank = row["item"], all(a is None for a in row["amounts"])
            if not item:
                labelled.append(row)  # an amount without its label: placed below
                continue
            numbered = item != strip_numbering(item)
            previous = next((r for r in reversed(labelled) if r["item"]), None)
            if (not numbered and blank and len(item) <= _WRAPPED_TAIL and previous is not None
                    and previous["item"] != strip_numbering(previous["item"]) and not _TOTAL_WORD.search(item)):
                previous["item"] += item  # the rest of a label wrapped in its cell
                continue
            if not numbered:
                group = item
            labelled.append(row | {"group": group if numbered else ""})
        for position, row in enumerate(labelled):
            if row["item"]:
                continue
            # a label wrapped over two lines with its amount printed between them: the amount is the
            # label's next to it that has none
            near = [r for r in labelled[max(position - 1, 0): position + 2] if r["item"] and
                    all(a is None for a in r["amounts"])]
            if near:
                near[0]["amounts"] = row["amounts"]
        for row in labelled:
            if row["item"]:
                out.append({"line": row["line"], "side": side, "group": row["group"], "item": row["item"]}
                           | dict(zip(amount_ids, row["amounts"])))
    return frame_rows(out, columns), columns


def frame_rows(records: list[dict], columns: dict[str, str]) -> tuple[dict, ...]:
    """Each record with exactly the table's columns, in order ('line' first; a missing cell is None)."""
    return tuple({c: record.get(c) for c in columns} for record in records)
