"""Every amount of a disclosure in one long table keyed by roles, comparable across families.

One record per filled amount cell: which standard table it stands in (`table_role`, from the
family's `Schema.role`), its row as printed (科目编码 and name, or the item; the side of a two-sided
table) and the standard item a row names (`item_role`: 公务接待费 printed as a row in one family is
the column `reception` of another's 三公 table), which standard column (`column_role`: the column id,
the same in every family), the amount exact in 元 and as printed with its unit. A researcher stacks
documents of any family on these keys: the 三公 of one department against another's, the 基本/项目
split, 财政拨款 shares.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .formula import MONEY_UNITS
from .templates.standard import column_role_of
from .text import normalize, strip_numbering

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FIELDS = ("table_role", "table", "title", "line", "side", "code", "name", "level", "item_role", "column_role",
          "label", "amount_yuan", "printed", "printed_unit")
_ROW_NAMES = ("name", "item", "dept_item")  # how a row is named, by table layout


def amount_records(d) -> list[dict]:
    """The filled amount cells of every table of `d`, in table and row order."""
    records = []
    for tid, table in d.tables.items():
        role = d.template.schema(tid).role
        factor = MONEY_UNITS.get(table.amount_unit)  # the value of one printed unit, in 元
        columns = [(cid, table.columns[cid]) for cid in table.amount_columns]
        for row in table.rows:
            name = next((row[k] for k in _ROW_NAMES if row.get(k)), "")
            head = {"table_role": role, "table": tid, "title": table.title, "line": row["line"],
                    "side": row.get("side"), "code": row.get("code") or None, "name": name,
                    "level": row.get("level") or None,
                    "item_role": column_role_of(normalize(strip_numbering(name)))}
            for cid, label in columns:
                amount = row.get(cid)
                if amount is None:
                    continue
                records.append(head | {"column_role": cid, "label": label,
                                       "amount_yuan": amount * factor if factor is not None else None,
                                       "printed": amount, "printed_unit": table.amount_unit})
    return records


def amounts(d) -> "pd.DataFrame":
    """`amount_records(d)` as a DataFrame, with the document's unit, year and template in front."""
    import pandas as pd

    frame = pd.DataFrame.from_records(amount_records(d), columns=list(FIELDS))
    frame.insert(0, "template", d.template.id)
    frame.insert(0, "year", d.year)
    frame.insert(0, "unit", d.unit)
    return frame
