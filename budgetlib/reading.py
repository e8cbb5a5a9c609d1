"""Reading the disclosure text: bytes -> numbered lines -> parts, table of contents, cover facts.

The text is PDF output: a watermark line between pages, tab-separated table rows, blank lines
anywhere. Line numbers always refer to the file as given (1-based), so every finding can be
traced back to it.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DisclosureError

WATERMARK = "仅供内部审核"
PART_NUMERALS = "一二三四"
CHINESE_NUMERALS = "一二三四五六七八九十"

_PART_HEADING = re.compile(r"^第([一二三四五六七八九十]+)部分\s*(\S.*?)\s*$")
_TOC_LEADER = re.compile(r"(\.{2,}|…+)\s*\d*\s*$")
_SECTION_HEADING = re.compile(r"^([一二三四五六七八九十]+)、\s*(\S.*?)\s*$")
_COVER_TITLE = re.compile(r"^(\d{4})年度单位预算公开$")


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


@dataclass
class Part:
    numeral: str  # 一 … 四
    title: str
    lines: list[Line]  # body lines after the heading
    heading_line: int


@dataclass
class TocEntry:
    kind: str  # 'part', 'table', 'section'
    key: str  # part numeral, table numeral (一 … 十三) or section numeral
    title: str
    line: int


@dataclass
class Source:
    path: Path
    sha256: str
    encoding: str
    lines: list[Line]  # without blank and watermark lines
    line_count: int
    parts: dict[str, Part] = field(default_factory=dict)
    toc: list[TocEntry] = field(default_factory=list)
    unit: str = ""
    year: int = 0
    cover_line: int = 0

    def error(self, part: str, line: int | None, message: str) -> DisclosureError:
        return DisclosureError(self.path, part, line, message)


def decode(raw: bytes, path) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first, then the Chinese legacy encodings."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "utf-8-sig" and WATERMARK not in text and "部分" not in text:
            break  # decodes, but is not Chinese text of this template
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
    lines = [
        Line(no, clean(t))
        for no, t in enumerate(physical, start=1)
        if t.strip() and t.strip() != WATERMARK
    ]
    source = Source(path, hashlib.sha256(raw).hexdigest(), encoding, lines, len(physical))
    _read_cover(source)
    _split_parts(source)
    return source


def _read_cover(source: Source) -> None:
    """Unit name and budget year from the cover: '<unit>' then '<year>年度单位预算公开'."""
    for index, line in enumerate(source.lines[:40]):
        match = _COVER_TITLE.match(line.text.strip())
        if match and index > 0:
            source.unit = source.lines[index - 1].text.strip()
            source.year = int(match.group(1))
            source.cover_line = line.no
            return
    raise source.error("cover", None, "no title line '<year>年度单位预算公开' after the unit name")


def _is_toc_line(line: Line) -> bool:
    return bool(_TOC_LEADER.search(line.text)) or bool(re.search(r"\t\d+\s*$", line.text))


def _split_parts(source: Source) -> None:
    headings: list[tuple[int, str, str, Line]] = []
    toc_end = 0
    for index, line in enumerate(source.lines):
        text = line.text.strip()
        match = _PART_HEADING.match(text)
        if not match:
            continue
        if _is_toc_line(line):
            toc_end = index
            continue
        headings.append((index, match.group(1), match.group(2), line))
    _read_toc(source, source.lines[: toc_end + 1])
    expected = [e.key for e in source.toc if e.kind == "part"] or list(PART_NUMERALS)
    seen = {}
    for position, (index, numeral, title, line) in enumerate(headings):
        if numeral in seen:
            continue
        end = headings[position + 1][0] if position + 1 < len(headings) else len(source.lines)
        seen[numeral] = Part(numeral, title, source.lines[index + 1 : end], line.no)
    for numeral in expected:
        if numeral not in seen:
            last = source.lines[-1].no if source.lines else None
            raise source.error(
                f"第{numeral}部分", last, "part not found (the file may be truncated or the part removed)"
            )
    source.parts = seen


def _read_toc(source: Source, lines: list[Line]) -> None:
    """The table of contents names the parts, the thirteen tables and the Part 3 sections."""
    current_part = ""
    for line in lines:
        if not _is_toc_line(line):
            continue
        text = _TOC_LEADER.sub("", line.text).split("\t")[0].strip()
        part = _PART_HEADING.match(text)
        if part:
            current_part = part.group(1)
            source.toc.append(TocEntry("part", current_part, part.group(2), line.no))
            continue
        table = re.match(r"^表([一二三四五六七八九十]+)\s*(\S.*)$", text)
        if table:
            source.toc.append(TocEntry("table", table.group(1), table.group(2), line.no))
            continue
        section = _SECTION_HEADING.match(text)
        if section and current_part == "三":
            source.toc.append(TocEntry("section", section.group(1), section.group(2), line.no))


def numeral_value(numeral: str) -> int:
    """一 -> 1, 十 -> 10, 十三 -> 13, 二十一 -> 21."""
    digits = {c: i + 1 for i, c in enumerate(CHINESE_NUMERALS[:9])}
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    return digits[numeral]


def strip_numbering(label: str) -> str:
    """'二十三、灾害防治及应急管理支出' -> '灾害防治及应急管理支出'; '①公务用车购置费' -> '公务用车购置费'."""
    return re.sub(r"^([一二三四五六七八九十]+、|[①②③④⑤⑥⑦⑧⑨⑩]|\(?[0-9]+\)|（[一二三四五六七八九十]+）)\s*", "", label.strip())


def normalize(text: str) -> str:
    """A comparison key: no white space, half-width brackets, colons and quotes."""
    table = str.maketrans({"（": "(", "）": ")", "：": ":", "“": '"', "”": '"', "，": ",", "、": ","})
    return re.sub(r"\s+", "", text).translate(table)
