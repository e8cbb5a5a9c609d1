"""Ruled tables from pdfplumber's cells, repaired where a Word or WPS grid misleads the finder.

pdfplumber groups cells into rows by the grid and puts into each cell the characters whose centre
lies inside it. Two faults of that grid are repaired here (docs/jiangsu-template.md):
- a cell whose box contains other cells (the table's outer frame around its title and unit line)
  would hold every character of those cells once more: it keeps only its own characters; when it is
  the table's first row, or that row's one cell spans the table and holds several lines (a title
  and a unit line inside the frame), its text is given back as plain lines before the table;
- a printed row cut in two by a rule in one column only: consecutive rows whose text shares a
  baseline and which fill disjoint columns are one row.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from pdfplumber.utils import extract_text

from .pdf_lines import X_TOLERANCE, Y_TOLERANCE, Char, cell_text, chars_to_lines

# A cell lies inside another when its edges are within this of the other's (points).
EDGE_TOLERANCE = 1.0
# Two rows share a baseline when the tops of their text lines differ by at most this (points);
# the Word grids cut a row whose glyphs all have the same top.
BASELINE_TOLERANCE = 1.0


@dataclass
class Table:
    top: float
    x1: float
    columns: list[float]  # x0 of each column, in the order pdfplumber gives the cells of a row
    rows: list[list[str]]
    bottom: float = 0.0
    x0: float = 0.0
    lines_before: list[tuple[float, str]] = field(default_factory=list)  # its title band, as lines
    lead_row: list[str] | None = None  # the lines above it as a row (pdf_pages.lead_row)
    glyph_height: float = 0.0  # the most common glyph height of its text (its body's font size)


def _centre_in(ch: dict, bbox) -> bool:
    """How pdfplumber assigns characters to cells and rows (its Table.extract)."""
    v_mid, h_mid = (ch["top"] + ch["bottom"]) / 2, (ch["x0"] + ch["x1"]) / 2
    return bbox[0] <= h_mid < bbox[2] and bbox[1] <= v_mid < bbox[3]


def _contained(cells: list) -> dict:
    """For each cell that contains other cells, those cells (one array pass: a fine Word grid has
    a thousand cells per table)."""
    if len(cells) < 2:
        return {}
    boxes, e = np.asarray(cells, dtype=float), EDGE_TOLERANCE
    inside = ((boxes[None, :, 0] >= boxes[:, None, 0] - e) & (boxes[None, :, 1] >= boxes[:, None, 1] - e)
              & (boxes[None, :, 2] <= boxes[:, None, 2] + e) & (boxes[None, :, 3] <= boxes[:, None, 3] + e))
    np.fill_diagonal(inside, False)
    return {cells[i]: [cells[j] for j in np.flatnonzero(inside[i])] for i in np.flatnonzero(inside.any(axis=1))}


def _text(chars: list[dict]) -> str:
    return cell_text(extract_text(chars, x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE)) if chars else ""


def _line_tops(chars: list[dict]) -> list[float]:
    """The top of each text line among `chars` (clustered as the line builder does)."""
    tops: list[float] = []
    for top in sorted(c["top"] for c in chars if not c["text"].isspace()):
        if not tops or top - tops[-1] > Y_TOLERANCE:
            tops.append(top)
    return tops


def read_table(found, chars: list[dict]) -> Table:
    """The table pdfplumber found, as rows of cell texts, with the repairs of the module docstring."""
    cells = found.cells
    contained = _contained(cells)
    lines_before: list[tuple[float, str]] = []
    rows: list[tuple[list[str], list[float]]] = []  # cell texts, line tops of the row's text
    heights: Counter = Counter()
    for index, row in enumerate(found.rows):
        row_chars = [c for c in chars if _centre_in(c, row.bbox)]
        texts, tops = [], []
        for cell in row.cells:
            if cell is None:
                texts.append("")
                continue
            own = [c for c in row_chars if _centre_in(c, cell)]
            inner = contained.get(cell, [])
            if inner:  # the frame around other cells: their characters are not its own
                own = [c for c in own if not any(_centre_in(c, other) for other in inner)]
            if index == 0 and (inner or _spans(row.cells, cell)):
                lines = chars_to_lines([Char(c["top"], c["x0"], c["x1"], c["text"]) for c in own])
                if inner or len(lines) > 1:  # one line across the table is its header's top row
                    lines_before += lines
                    own = []
            texts.append(_text(own))
            tops += _line_tops(own)
            heights.update(round(c["bottom"] - c["top"], 1) for c in own)
        rows.append((texts, tops))
    columns = sorted({cell[0] for cell in cells})
    x0, top, x1, bottom = found.bbox
    return Table(top=top, x1=x1, columns=columns, rows=_merge_cut_rows(rows), bottom=bottom, x0=x0,
                 lines_before=lines_before, glyph_height=heights.most_common(1)[0][0] if heights else 0.0)


def _spans(row_cells: list, cell) -> bool:
    """The only cell of a table's first row, over the table's whole width: a title band."""
    return len(row_cells) > 1 and all(other is None for other in row_cells if other is not cell)


def _merge_cut_rows(rows: list[tuple[list[str], list[float]]]) -> list[list[str]]:
    merged: list[tuple[list[str], list[float]]] = []
    for texts, tops in rows:
        if merged and _one_printed_row(merged[-1], (texts, tops)):
            before, before_tops = merged[-1]
            merged[-1] = ([a or b for a, b in zip(before, texts)], before_tops + tops)
        else:
            merged.append((texts, tops))
    return [texts for texts, _ in merged]


def _one_printed_row(first, second) -> bool:
    (a, a_tops), (b, b_tops) = first, second
    if not any(a) or not any(b) or len(a) != len(b) or any(x and y for x, y in zip(a, b)):
        return False
    return any(abs(s - t) <= BASELINE_TOLERANCE for s in a_tops for t in b_tops)
