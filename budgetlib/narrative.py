"""Part 1 (概况) facts and the Part 3 narrative sections (情况说明 一 … 十二)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .reading import Line, Source, normalize, numeral_value

_SECTION = re.compile(r"^([一二三四五六七八九十]+)、\s*(\S.*?)\s*$")
PERFORMANCE_TABLE_TITLE = "项目支出绩效目标表"
_ATTACHMENT = re.compile(r"^\S{2,20}文件$")  # '晋城市财政局文件': a forwarded document begins


@dataclass
class Overview:
    unit: str
    year: int
    staffing: int | None  # 机关核定编制 N 名
    internal_bodies_stated: int | None  # 下设 N 个内设机构 (机构设置情况)
    internal_bodies: list[str]
    departments_stated: int | None  # 下设 N 个科室 (本单位职责)
    affiliated_units: int | None  # N 个直属单位
    lines: dict[str, int] = field(default_factory=dict)  # fact -> line number


@dataclass
class Section:
    numeral: str
    title: str
    line: int
    lines: list[Line]  # the narrative text
    appendix: list[Line] = field(default_factory=list)  # performance tables or forwarded documents

    @property
    def number(self) -> int:
        return numeral_value(self.numeral)

    @property
    def text(self) -> str:
        return "\n".join(l.text.strip() for l in self.lines)


def _int(match: re.Match | None) -> int | None:
    return int(match.group(1)) if match else None


def parse_overview(source: Source) -> Overview:
    part = source.parts["一"]
    text = "\n".join(l.text for l in part.lines)
    lines: dict[str, int] = {}

    def find(pattern: str, key: str):
        for line in part.lines:
            match = re.search(pattern, line.text)
            if match:
                lines[key] = line.no
                return match
        return None

    staffing = _int(find(r"编制\s*(\d+)\s*名", "staffing"))
    departments = _int(find(r"下设\s*(\d+)\s*个科室", "departments"))
    affiliated = _int(find(r"(\d+)\s*个直属单位", "affiliated_units"))
    bodies_match = find(r"下设\s*(\d+)\s*个内设机构", "internal_bodies")
    bodies: list[str] = []
    if bodies_match:
        after = text[text.index(bodies_match.group(0)) + len(bodies_match.group(0)):]
        listing = re.split(r"[:：]", after, maxsplit=1)[-1].split("\n")[0]
        if not listing.strip():  # the list is on the next line
            listing = after.split("\n")[1] if "\n" in after else ""
        bodies = [b.strip() for b in re.split(r"[、，,]", listing.strip().rstrip("。.")) if b.strip()]
    return Overview(source.unit, source.year, staffing, _int(bodies_match), bodies, departments, affiliated, lines)


def parse_sections(source: Source) -> dict[str, Section]:
    part = source.parts["三"]
    expected = [e for e in source.toc if e.kind == "section"]
    wanted = {normalize(e.title): e.key for e in expected}
    starts: list[tuple[int, str, str]] = []
    for index, line in enumerate(part.lines):
        match = _SECTION.match(line.text.strip())
        if not match or line.is_table_row:
            continue
        numeral, title = match.groups()
        if wanted and wanted.get(normalize(title)) != numeral:
            continue
        if starts and numeral_value(numeral) != numeral_value(starts[-1][1]) + 1:
            continue  # a numbered list item inside a section, not the next section
        if not starts and numeral != "一":
            continue
        starts.append((index, numeral, title))
    sections: dict[str, Section] = {}
    for position, (index, numeral, title) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(part.lines)
        body = part.lines[index + 1 : end]
        cut = next(
            (i for i, l in enumerate(body)
             if PERFORMANCE_TABLE_TITLE in l.text or _ATTACHMENT.match(l.text.strip())),
            len(body),
        )
        sections[numeral] = Section(numeral, title, part.lines[index].no, body[:cut], body[cut:])
    for entry in expected:
        if entry.key not in sections:
            last = part.lines[-1].no if part.lines else part.heading_line
            raise source.error(
                f"第三部分 {entry.key}、{entry.title}", entry.line if not part.lines else last,
                "section not found (the file may be truncated or the section removed)",
            )
    if not sections:
        raise source.error("第三部分", part.heading_line, "no numbered section 一、 … found")
    return sections
