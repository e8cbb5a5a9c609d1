"""Rows of a budget table chosen by declared conditions (`templates.rules`: plain values, printed
labels, label patterns, numbered items), and the cells of those rows as formula terms."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .formula import Cell
from .tables import Table
from .templates import rules as R
from .text import numbered, strip_numbering


def cell(table: Table, row: dict, column: str) -> Cell:
    return Cell(table, row["index"], column)


def has_value(cells: Iterable[Cell]) -> bool:
    return any(c.raw is not None for c in cells)


_stripped = lru_cache(maxsize=1 << 16)(strip_numbering)  # labels recur in every rule and document


def _holds(value, wanted) -> bool:
    if isinstance(wanted, R.Label):
        return _stripped(value) == wanted.text
    if isinstance(wanted, R.LabelLike):
        return re.fullmatch(wanted.pattern, value.strip() if wanted.printed else _stripped(value)) is not None
    if isinstance(wanted, R.Numbered):
        return numbered(value)
    return value == wanted


def _plain(wanted) -> bool:
    return not isinstance(wanted, (R.Label, R.LabelLike, R.Numbered))


def matches(row: dict, conditions) -> bool:
    """Declared conditions: (column, value | Label | NUMBERED) pairs, or a dict of them."""
    pairs = conditions.items() if isinstance(conditions, dict) else conditions
    return all(_holds(row[column], wanted) for column, wanted in pairs)


def select(table: Table, where=None, **equal) -> list[dict]:
    """Rows (as dicts) whose columns equal the given values and that pass `where` (a predicate or
    declared conditions). A plain equality is looked up in the table's index, not scanned for."""
    pairs = list(equal.items())
    if where is not None and not callable(where):
        conditions = list(where.items() if isinstance(where, dict) else where)
        pairs += [(column, wanted) for column, wanted in conditions if _plain(wanted)]
        rest = [(column, wanted) for column, wanted in conditions if not _plain(wanted)]
        where = (lambda r: matches(r, rest)) if rest else None
    if not pairs:
        return [r for r in table.records if where is None or where(r)]
    (column, wanted), *others = pairs
    return [r for r in table.lookup(column, wanted)
            if all(r[k] == v for k, v in others) and (where is None or where(r))]


def first(rows: list[dict]) -> dict | None:
    return rows[0] if rows else None


def label(table: Table) -> str:
    """How descriptions name a table: 表 and its numeral as the document numbers it, else its id."""
    return R.TABLE_NAME.format(numeral=table.numeral) if table.numeral else table.id
