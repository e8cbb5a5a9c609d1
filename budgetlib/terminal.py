"""Text in a terminal's columns: display width (a Chinese character takes two), padding, and wrapping
that never cuts a number, a code or a term of a formula.

Lines break at spaces. A word wider than a whole line (a Chinese sentence has no spaces) also breaks
after a wide character, unless what follows is not wide as well or is closing punctuation (，。)…) or what
precedes is opening punctuation; so '2025年', '100万元', 'Σ项' and 't05.205' stay whole. Only a word with
no such place (a long path) is cut where the line ends.
"""
from __future__ import annotations

import shutil

WIDE = 0x2E80  # from here on (CJK radicals, ideographs, full-width forms) a character takes two columns
NO_BREAK_BEFORE = set("，。、；：？！）」』》】〉％…·’”),.;:!?%]")
NO_BREAK_AFTER = set("（「『《【〈‘“")


def width(text: str) -> int:
    return sum(2 if ord(ch) > WIDE else 1 for ch in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    """Text cut to `columns` display columns (… marks a cut) and padded; right=True aligns it right."""
    text = str(text)
    if width(text) > columns:
        while text and width(text) > columns - 1:
            text = text[:-1]
        text += "…"
    padding = " " * max(0, columns - width(text))
    return padding + text if right else text + padding


def terminal_width() -> int:
    """The terminal's width (COLUMNS when set), at least 72 and at most 160 columns."""
    return max(72, min(160, shutil.get_terminal_size((100, 24)).columns))


def _breakable(before: str, after: str) -> bool:
    return ord(before) > WIDE and after not in NO_BREAK_BEFORE and before not in NO_BREAK_AFTER


def _split_word(word: str, first: int, columns: int) -> list[str]:
    """`word` in pieces: the first at most `first` columns wide, the others at most `columns`."""
    pieces, start, room = [], 0, first
    while width(word[start:]) > room:
        end, fits = start, None
        for i in range(start + 1, len(word) + 1):
            if width(word[start:i]) > room:
                break
            end = i
            if i < len(word) and _breakable(word[i - 1], word[i]):
                fits = i
        if fits is None and room < columns:  # nothing breakable on the rest of this line: start a new one
            pieces.append("")
        else:
            cut = fits or max(end, start + 1)  # no break point in a whole line: cut where it ends
            pieces.append(word[start:cut])
            start = cut
        room = columns
    pieces.append(word[start:])
    return pieces


def wrap(text: str, columns: int) -> list[str]:
    """`text` (whitespace collapsed) in lines of at most `columns` display columns."""
    columns = max(columns, 4)
    lines = [""]
    for word in str(text).split():
        line = lines[-1]
        gap = 1 if line else 0
        if width(line) + gap + width(word) <= columns:
            lines[-1] = line + " " * gap + word
        elif width(word) <= columns:  # a word that fits a line is never split
            lines.append(word)
        else:
            room = columns - width(line) - gap
            pieces = _split_word(word, room, columns)
            if pieces[0]:
                lines[-1] = line + " " * gap + pieces[0]
            lines += [p for p in pieces[1:]]
    return [line for line in lines if line] or [""]


def shortened(lines: list[str], count: int, columns: int) -> list[str]:
    """The first `count` of `lines`; when some are left out, the last kept line ends in ' …' (whole words)."""
    if len(lines) <= count:
        return lines
    kept = lines[:count]
    words = kept[-1].split(" ")
    while len(words) > 1 and width(" ".join(words) + " …") > columns:
        words.pop()
    last = " ".join(words)
    while width(last + " …") > columns:  # one word filling the line: drop characters, never wider
        last = last[:-1]
    kept[-1] = last + " …"
    return kept


def fitted(parts: list[str], columns: int) -> list[str]:
    """Parts joined with '; ' into lines of at most `columns` display columns (a part is never cut)."""
    lines = [""]
    for part in parts:
        joined = f"{lines[-1]}; {part}" if lines[-1] else part
        if lines[-1] and width(joined) > columns:
            lines[-1] += ";"
            lines.append(part)
        else:
            lines[-1] = joined
    return lines
