"""Text lines from positioned characters: the one line builder both PDF readers share.

`chars_to_lines` clusters characters by top within `Y_TOLERANCE` (pdfplumber's own rule);
`overlap_lines` clusters them by vertical overlap relative to glyph height, for pages whose
glyphs of one printed line do not share a top (other fonts for digits and punctuation, see
docs/shanghai-final-template.md); `detached` tells such a page, `text_lines` chooses.
"""
from __future__ import annotations

import unicodedata
from typing import NamedTuple

# pdfplumber's own defaults: a gap wider than X_TOLERANCE points between two characters is a space;
# characters whose tops differ by at most Y_TOLERANCE share a line.
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
# Two glyphs are on one printed line when their boxes overlap vertically by at least this share of
# the smaller glyph's height (a digit in Times New Roman beside a CJK glyph overlaps it by ~60 %;
# glyphs of adjacent lines overlap not at all).
LINE_OVERLAP = 0.5
# Lines whose tops are closer than this share of their glyph height are one printed line cut apart
# (measured: the re-saved 决算's digits 4.9 pt under 12-pt CJK, 0.41; its quotes and headings,
# pdfium's boxes, up to 0.6; Word and WPS covers with a larger year; no page of the seven Shanghai
# budgets comes below 0.7).
DETACHED = 0.6


class Char(NamedTuple):
    top: float
    x0: float
    x1: float
    text: str
    bottom: float | None = None  # known for pdfminer's boxes; only the overlap builder needs it


def by_top(chars: list[Char]) -> list[list[Char]]:
    """Characters clustered into lines by top (each within Y_TOLERANCE of the one before), top down."""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        if lines and ch.top - lines[-1][-1].top <= Y_TOLERANCE:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return lines


def chars_to_lines(chars: list[Char]) -> list[tuple[float, str]]:
    """(top, text) per visual line: cluster by top, order by x, a space for a wide gap."""
    return _texts(by_top(chars))


def detached(chars: list[Char]) -> bool:
    """Whether two lines `chars_to_lines` would make overlap: their tops closer than DETACHED of
    the smaller line's usual glyph height. Then glyphs of one printed line (other fonts, other
    boxes) have been cut into lines of their own; on a page set in one font lines never overlap."""
    lines = by_top([c for c in chars if not c.text.isspace()])
    heights = [_usual_height(line) for line in lines]
    return any(below[0].top - above[0].top < DETACHED * min(h, k)
               for above, below, h, k in zip(lines, lines[1:], heights, heights[1:]))


def _usual_height(line: list[Char]) -> float:
    heights = sorted(c.bottom - c.top for c in line if c.bottom is not None)
    return heights[len(heights) // 2] if heights else 0.0


def text_lines(chars: list[Char]) -> list[tuple[float, str]]:
    """The lines of `chars` (with pdfminer's boxes): by top, unless lines overlap (`detached`)."""
    return overlap_lines(chars) if detached(chars) else chars_to_lines(chars)


def overlap_lines(chars: list[Char]) -> list[tuple[float, str]]:
    """(top, text) per visual line, a glyph joining the line whose vertical extent it overlaps by
    at least LINE_OVERLAP of the smaller height (the line's extent grows with its glyphs)."""
    lines: list[tuple[float, float, list[Char]]] = []  # top, bottom, chars
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        if ch.text.isspace():
            continue
        bottom = ch.bottom if ch.bottom is not None else ch.top
        if lines:
            top, low, members = lines[-1]
            overlap = min(low, bottom) - max(top, ch.top)
            if overlap >= LINE_OVERLAP * min(low - top, bottom - ch.top) and overlap > 0:
                lines[-1] = (min(top, ch.top), max(low, bottom), members + [ch])
                continue
        lines.append((ch.top, bottom, [ch]))
    return _texts([members for _, _, members in lines])


def _texts(lines: list[list[Char]]) -> list[tuple[float, str]]:
    out = []
    for line in lines:
        text = join_line(sorted(line, key=lambda c: c.x0))
        if text:
            out.append((min(c.top for c in line), text))
    return out


def join_line(chars: list[Char]) -> str:
    """Glyphs left to right, with one space where the gap exceeds X_TOLERANCE. Blank glyphs are
    ignored: pdfium reports them only as its own generated spaces, mixed with spaces it guesses
    from gaps, so the gap is the one signal both readers share (measured on the shared real PDFs:
    a typed blank exactly 3.0 pt wide is lost, e.g. after `具体包括：1.`)."""
    parts: list[str] = []
    prev_x1 = None
    for ch in chars:
        if ch.text.isspace():
            continue
        # rounded: pdfium and pdfminer differ by float noise on gaps of exactly 3 pt
        if parts and round(ch.x0 - prev_x1, 2) > X_TOLERANCE:
            parts.append(" ")
        parts.append(ch.text)
        prev_x1 = ch.x1
    return "".join(parts)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def cell_text(text: str | None) -> str:
    """One line per cell. A cell wrapped inside CJK text is joined without a space (in the seven
    real PDFs every wrapped cell breaks inside a CJK word: 事业单位/经营收入, …机构事/务支出);
    Latin text wraps at a blank, which is put back."""
    if not text:
        return ""
    pieces = [p for p in text.replace("\t", " ").split("\n") if p]
    joined = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        glue = "" if _is_wide(joined[-1]) or _is_wide(piece[0]) else " "
        joined += glue + piece
    return joined
