"""How the printed cells of a table row reach their columns when the print's grid is not the table's.

Word lays a table on a grid finer than its columns: a PDF reader then gives 8–26 cells a row where 3–9
are printed, one printed column landing in different cells on different rows, and a printed row
may come as two rows (its label in one, its amount in the other). These functions repair that on
the tab-separated rows, for every family and for text and PDF input alike:
- `collapse_grid`: each cell goes to the column whose header stands nearest it in the grid; where
  the header does not say, spacer columns (empty on every row) and neighbouring grid columns that
  never both hold text on one row are one printed column; a figure a boundary cut ('267.8' | '0') is whole;
- `bind_cells`: a cell standing in a column of the other kind (an amount among labels, a label among
  amounts) moves to the nearest free column of its kind; a row narrower than the table is bound by kind;
- `join_split_rows`: a row holding only amounts joins the label row next to it that has none.
"""
from __future__ import annotations

import re

from .money import is_amount
from .source import Line
from .text import normalize

_WORDS = re.compile(r"[\u4e00-\u9fff]")  # a printed label has Chinese words


def collapse_grid(rows: list[Line], words: list[tuple[str, ...]], optional: tuple[bool, ...] = ()) -> list[Line]:
    """The rows laid on the table's columns (one per entry of `words`, the normalised header words
    naming each; `optional`: which the table may leave out), run by run of rows of one width (a table
    continued on another page has its own grid). Rows of a table without optional columns that are no
    wider than it, or have no spacer columns, are kept as they are."""
    out: list[Line] = []
    run: list[Line] = []
    flexible = any(optional)
    for row in rows + [None]:
        if run and (row is None or len(row.cells) != len(run[0].cells)):
            wide = len(run[0].cells) > len(words) and _has_spacer(run)
            anchored = _anchored(run, words, optional) if wide or flexible else None
            out += anchored or (_collapsed(run, len(words)) if wide else run)
            run = []
        if row is not None:
            run.append(row)
    return out


def _anchored(rows: list[Line], words: list[tuple[str, ...]], optional: tuple[bool, ...] = ()) -> list[Line] | None:
    """Each cell to the column whose header stands nearest it in the grid: the header of a column is
    the first grid position, left to right and after the previous column's, whose cells read down
    the header rows hold one of its words; an optional column not printed stays empty. None where
    the header does not name every column that is not optional (or names none above the figures)."""
    grid = [_rejoin_cut_numbers(row.cells) for row in rows]
    first = next((i for i, cells in enumerate(grid) if any(is_amount(c) for c in cells if c)), len(grid))
    if not first:
        return None  # a run without its header (a continuation): laid out as printed
    downwards = ["".join(normalize(cells[j]) for cells in grid[:first]) for j in range(len(grid[0]))]
    headed = [{normalize(cells[j]) for cells in grid[:first]} for j in range(len(grid[0]))]

    def names(j: int, word: str) -> bool:  # a one-character word (类, 款, 项) must be a cell of its own
        return word in headed[j] if len(word) == 1 else word in downwards[j]

    anchors: list[int | None] = []
    for k, column_words in enumerate(words):
        start = max((a for a in anchors if a is not None), default=-1) + 1
        place = next((j for j in range(start, len(downwards)) if any(names(j, w) for w in column_words)), None)
        if place is None and not (optional and optional[k]):
            return None
        anchors.append(place)
    placed = [k for k, a in enumerate(anchors) if a is not None]
    out = []
    for row, cells in zip(rows, grid):
        bound = [""] * len(anchors)
        for j, cell in enumerate(cells):
            if cell:
                k = min(placed, key=lambda k: (abs(anchors[k] - j), k))
                bound[k] += cell
        out.append(Line(row.no, "\t".join(bound)))
    return out


def _has_spacer(rows: list[Line]) -> bool:
    grid = [row.cells for row in rows]
    return any(not any(cells[j] for cells in grid) for j in range(len(grid[0])))


def _collapsed(rows: list[Line], width: int) -> list[Line]:
    """Spacer columns (empty on every row) join the column before them; where that leaves more
    columns than the table has, neighbours that never both hold text on one row are one column too
    (a printed column the grid cut in two, its text in one half or the other)."""
    grid = [_rejoin_cut_numbers(row.cells) for row in rows]
    groups: list[list[int]] = []
    filled = [any(cells[j] for cells in grid) for j in range(len(grid[0]))]
    for j in range(len(grid[0])):
        if groups and (not filled[j] or not any(filled[k] for k in groups[-1])):  # leading spacers: the first column's
            groups[-1].append(j)
        else:
            groups.append([j])
    if len(groups) > width:
        merged: list[list[int]] = []
        for group in groups:
            if merged and not any(any(cells[j] for j in group) and any(cells[k] for k in merged[-1]) for cells in grid):
                merged[-1] += group
            else:
                merged.append(group)
        groups = merged
    return [Line(row.no, "\t".join("".join(cells[k] for k in group) for group in groups))
            for row, cells in zip(rows, grid)]


_CUT_HEAD, _CUT_TAIL = re.compile(r"\d[\d,]*\.\d"), re.compile(r"\d")


def _rejoin_cut_numbers(cells: list[str]) -> list[str]:
    """A figure a cell boundary cut after its first decimal ('267.8' | '0'): whole again in the first cell."""
    cells = list(cells)
    for j in range(len(cells) - 1):
        if _CUT_HEAD.fullmatch(cells[j]) and _CUT_TAIL.fullmatch(cells[j + 1]):
            cells[j], cells[j + 1] = cells[j] + cells[j + 1], ""
    return cells


def _fits(cell: str, kind: str) -> bool:
    if kind == "amount":
        return is_amount(cell)
    return cell.isdigit() if kind == "code" else not is_amount(cell)


def _misplaced(cell: str, kind: str) -> bool:
    """A printed label in an amount column, or an amount in a label column: the grid put it there.
    (A garbled amount such as '1,2x0.00' is neither: it stays, and is reported where it stands.)"""
    if kind == "amount":
        return bool(_WORDS.search(cell))
    # a label with Chinese words is no amount: asked first, as nearly every label has them
    return kind == "text" and not _WORDS.search(cell) and is_amount(cell)


def bind_cells(cells: list[str], kinds: tuple[str, ...]) -> list[str]:
    """The row's cells, one per column of `kinds` ('amount', 'code' or 'text'), each where it belongs."""
    width = len(kinds)
    if len(cells) < width:  # fewer cells than columns: in order, each to the next column it fits
        bound, start = [""] * width, 0
        for cell in (c for c in cells if c):
            place = next((j for j in range(start, width) if _fits(cell, kinds[j])), None)
            if place is None:
                return (cells + [""] * width)[:width]  # cannot be bound by kind: as printed
            bound[place], start = cell, place + 1
        return bound
    bound = list(cells[:width])
    for j, cell in enumerate(bound):
        if not cell or not _misplaced(cell, kinds[j]):
            continue
        wanted = "text" if kinds[j] == "amount" else "amount"
        free = [k for k in range(width) if not bound[k] and kinds[k] == wanted]
        if free:
            target = min(free, key=lambda k: abs(k - j))
            bound[target], bound[j] = cell, ""
    return bound


def join_split_rows(records: list[dict], labels: tuple[str, ...], amounts: tuple[str, ...]) -> list[dict]:
    """Records with a row cut in two joined: a record with amounts and no label takes the label of the
    record before it (or, failing that, after it) that has a label and no amount."""
    def has_label(r):
        return any(r.get(c) for c in labels)

    def has_amount(r):
        return any(r.get(c) is not None for c in amounts)

    out: list[dict] = []
    pending: dict | None = None  # an amounts-only record waiting for the label after it
    for record in records:
        if has_amount(record) and not has_label(record):
            if out and has_label(out[-1]) and not has_amount(out[-1]) and pending is None:
                out[-1] |= {c: record[c] for c in amounts if record.get(c) is not None}
            else:
                if pending is not None:
                    out.append(pending)
                pending = record
            continue
        if pending is not None:
            if has_label(record) and not has_amount(record):
                record = record | {c: pending[c] for c in amounts if pending.get(c) is not None}
                record["line"] = min(record["line"], pending["line"])
            else:
                out.append(pending)
            pending = None
        out.append(record)
    if pending is not None:
        out.append(pending)
    return out
