"""Tables over page breaks: a table's part on the next page is laid out on the first part's columns.

A part is a continuation when it is the first thing on its page (page-number lines do not count,
before or after) and the previous page ended with a table. Its first row may have lost its top
rule (Word, docs/jiangsu-template.md point 7): pdfplumber then leaves that row outside the table as
plain lines; the lines above the part, when they read as a row on its columns, are put back as its
first row.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .pdf_lines import X_TOLERANCE, Char, by_top, cell_text, join_line
from .pdf_tables import Table

# Column edges of a table continued on the next page match the first part's within this (points).
COLUMN_TOLERANCE = 3.0
# The parts' right edges within this (points): Word draws a continued frame up to 3.1 pt wider.
WIDTH_TOLERANCE = 6.0
# A row's glyphs are as high as the table's own within this (points): a title is larger.
GLYPH_TOLERANCE = 0.5
# A page number alone on its line: `8`, `- 7 -`, `─ 5 ─`, `— 5 —`.
PAGE_NUMBER = re.compile(r"[-－–—─\s]*\d{1,4}[-－–—─\s]*")

Item = tuple[float, "str | Table"]


def lead_row(table: Table, chars: list[Char]) -> list[str] | None:
    """`chars` (the lines just above the table) as one row on the table's columns, if they read as
    a row: in the table's font size, inside its width, in two cells or more, no word across a column
    edge (a title or a unit line above a table is not). A wrapped cell is joined as pdfplumber's are."""
    if not chars or any(not table.x0 <= (c.x0 + c.x1) / 2 <= table.x1 for c in chars):
        return None
    if any(c.bottom is None or abs(c.bottom - c.top - table.glyph_height) > GLYPH_TOLERANCE for c in chars):
        return None
    cells: list[list[str]] = [[] for _ in table.columns]
    for line in by_top(chars):
        for word in _words(sorted(line, key=lambda c: c.x0)):
            columns = {max(bisect_right(table.columns, (c.x0 + c.x1) / 2) - 1, 0) for c in word}
            if len(columns) > 1:
                return None
            cells[columns.pop()].append(join_line(word))
    if sum(1 for cell in cells if cell) < 2:
        return None
    return [cell_text("\n".join(cell)) for cell in cells]


def _words(chars: list[Char]) -> list[list[Char]]:
    """Runs of glyphs with no gap wider than X_TOLERANCE (the line builder's space)."""
    words: list[list[Char]] = []
    for ch in chars:
        if ch.text.isspace():
            continue
        if words and round(ch.x0 - words[-1][-1].x1, 2) <= X_TOLERANCE:
            words[-1].append(ch)
        else:
            words.append([ch])
    return words


def continue_columns(table: Table, previous: Table) -> Table:
    """A table part at the top of a page after a table that ended the previous page, with fewer
    columns whose edges all are edges of that table (e.g. only the 合计 row, its merged label cell
    spanning 类/款/项/名称), is laid out on the previous part's columns."""
    if len(table.columns) >= len(previous.columns) or abs(table.x1 - previous.x1) > WIDTH_TOLERANCE:
        return table
    index = []
    for x0 in table.columns:
        distance, j = min((abs(px - x0), j) for j, px in enumerate(previous.columns))
        if distance > COLUMN_TOLERANCE:
            return table
        index.append(j)
    rows = []
    for row in table.rows:
        wide = [""] * len(previous.columns)
        for j, cell in zip(index, row):
            wide[j] += cell
        rows.append(wide)
    return Table(table.top, previous.x1, previous.columns, rows, table.bottom, previous.x0)


def _is_page_number(item) -> bool:
    return isinstance(item, str) and PAGE_NUMBER.fullmatch(item) is not None


def stitch(pages: list[list[Item]]) -> list[str]:
    lines: list[str] = []
    previous = None  # the last item of the pages before, page numbers aside
    for items in pages:
        body = [k for k, (_, item) in enumerate(items) if not _is_page_number(item)]
        first = body[0] if body else len(items)
        skip: set[int] = set()
        table = next((k for k, (_, item) in enumerate(items) if isinstance(item, Table)), None)
        # lead_row is set from every line above the page's first table: all of them must be that row
        if isinstance(previous, Table) and table and items[table][1].lead_row \
                and not any(_is_page_number(items[k][1]) for k in range(table)):
            skip = set(range(table))  # the part's first row, left outside it for want of a top rule
            items[table][1].rows.insert(0, items[table][1].lead_row)
            first = table
        for k, (_, item) in enumerate(items):
            if k in skip:
                continue
            if isinstance(item, Table):
                if k == first and isinstance(previous, Table):
                    item = continue_columns(item, previous)
                # rows with no text at all are the blank padding rows of a printed form
                lines.extend("\t".join(row) for row in item.rows if any(row))
            else:
                lines.append(item)
            if not _is_page_number(item):
                previous = item
    return lines
