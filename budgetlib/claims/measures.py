"""Declarative references (`Ref`, `Rows`) resolved to formula cells over `d.tables`, and the
phrase a label names."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..formula import Cell, Count, Sum
from ..templates.claims import Phrase, Ref, Rows, Total, Where
from ..text import strip_numbering

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Disclosure
    from ..tables import Table


def _matches(record: dict, conditions: dict[str, str]) -> bool:
    """Every condition holds; `item` is compared without its printed numbering."""
    return all((strip_numbering(record[k]) if k == "item" else record[k]) == v for k, v in conditions.items())


def _table(d: "Disclosure", table_id: str) -> "Table | None":
    return d.tables.get(table_id)


def resolve(d: "Disclosure", ref: Ref | Total | None) -> Cell | Sum | None:
    """The cell a reference names; None when the table or the row is not there (a `Total`: the sum
    of the cells its parts name, those not printed left out)."""
    if isinstance(ref, Total):
        cells = tuple(c for c in (resolve(d, part) for part in ref.refs) if c is not None)
        return Sum(cells) if cells else None
    table = _table(d, ref.table) if ref is not None else None
    if table is None:
        return None
    if ref.position is not None:
        return Cell(table, ref.position, ref.column) if ref.position < len(table.records) else None
    conditions = ref.conditions()
    for record in table.records:
        if _matches(record, conditions):
            return Cell(table, record["index"], ref.column)
    return None


def resolve_by(d: "Disclosure", ref: Ref, selector: str, value: str) -> Cell | None:
    """`ref` with one more row condition, e.g. the row whose item is the name a text gives."""
    if selector not in Where.SELECTORS:
        raise ValueError(f"unknown row selector {selector!r} (one of {', '.join(Where.SELECTORS)})")
    return resolve(d, replace(ref, **{selector: value}))


def select(d: "Disclosure", rows: Rows) -> list[Cell]:
    """The `rows.column` cell of every row the selection picks, in table order."""
    table = _table(d, rows.table)
    if table is None:
        return []
    conditions = rows.conditions()
    return [Cell(table, record["index"], rows.column) for record in table.records
            if _matches(record, conditions) and (rows.nonzero is None or _nonzero(record[rows.nonzero]))]


def _nonzero(value) -> bool:
    return value is not None and value != 0


def count(d: "Disclosure", rows: Rows) -> Count:
    return Count(tuple(select(d, rows)), rows.label)


def column_label(d: "Disclosure", table_id: str, column: str) -> str:
    table = _table(d, table_id)
    return table.columns.get(column, column) if table is not None else column


def find_phrase(phrases: tuple[Phrase, ...], label: str, section: str, topic: str = "") -> Phrase | None:
    """The first phrase that applies in the section (and after the current topic) and matches."""
    for phrase in phrases:
        if phrase.sections and section not in phrase.sections:
            continue
        if phrase.after and topic not in phrase.after:
            continue
        if re.search(phrase.pattern, label):
            return phrase
    return None
