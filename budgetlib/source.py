"""Stage 1 of the pipeline: a file's bytes -> numbered text lines.

The text is PDF output: page furniture between pages, tab-separated table rows, blank lines
anywhere. Line numbers always refer to the file as given (1-based), so every finding can be
traced back to it. Nothing here knows a template: furniture lines are dropped at parse time,
by the template that declares them.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DisclosureError

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the source file
    text: str

    @property
    def cells(self) -> list[str]:
        return [c.strip() for c in self.text.split("\t")]

    @property
    def is_table_row(self) -> bool:
        return "\t" in self.text


@dataclass(frozen=True)
class Source:
    path: Path
    sha256: str
    encoding: str
    lines: tuple[Line, ...]  # the non-blank lines
    line_count: int

    @property
    def name(self) -> str:
        return self.path.name

    def error(self, part: str, line: int | None, message: str) -> DisclosureError:
        return DisclosureError(self.path, part, line, message)


def decode(raw: bytes, path) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first, then the Chinese legacy encodings."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "utf-8-sig" and not _CJK.search(text):
            break  # decodes, but is not Chinese text
        return text, encoding
    raise DisclosureError(path, "file", None, "cannot decode the text as UTF-8 or GB18030/GBK")


def clean(text: str) -> str:
    """Drop what PDF extraction adds around a line but keep tabs, which separate cells."""
    return text.replace("\u3000", " ").replace("\xa0", " ").rstrip("\r\n").rstrip(" ")


def read_source(path) -> Source:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DisclosureError(path, "file", None, f"cannot read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise DisclosureError(path, "file", None, "the file is empty")
    text, encoding = decode(raw, path)
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = tuple(Line(no, clean(t)) for no, t in enumerate(physical, start=1) if t.strip())
    return Source(path, hashlib.sha256(raw).hexdigest(), encoding, lines, len(physical))
