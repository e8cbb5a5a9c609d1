"""Stages 2–3 of the pipeline: which template a source is written in, and the skeleton of the
document in that template — content lines, cover, parts and the table of contents.

Everything template-specific comes from the declaration (`budgetlib.templates`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .source import Line, Source
from .templates import TEMPLATES
from .templates.model import Template
from .titles import schema_by_role, schema_for, table_follows, title_year

# A blank template prints placeholders where a document prints figures and names ('上海市 XX 局',
# '收入总计 XX 万元'): common to every family, so judged once here, before any family is tried.
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:XX|ＸＸ|××)(?![A-Za-z])")
BLANK_TEMPLATE_LINES = 10  # a real document prints no placeholder; a template prints dozens
_YEAR_LINE = re.compile(r"\d{4}")  # a year printed on a line of its own (Cover.year_apart)
_TOC_LEADER = re.compile(r"(\.{2,}|…+)\s*\d*\s*$")
_TOC_PAGE = re.compile(r"\t\d+\s*$")


@dataclass(frozen=True)
class Part:
    numeral: str
    title: str
    lines: tuple[Line, ...]  # body lines after the heading
    heading_line: int


@dataclass(frozen=True)
class TocEntry:
    kind: str  # 'part', 'table', 'section'
    key: str  # part numeral, table numeral or section numeral
    title: str
    line: int


@dataclass(frozen=True)
class Remark:
    """How a document differs from its family's declaration, as read: a warning, never a refusal."""

    where: str  # the part, e.g. 'tables t07 (表7 …)'
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.where}: " + (f"line {self.line}: " if self.line else "") + self.message


@dataclass(frozen=True)
class Cover:
    unit: str
    year: int
    line: int | None  # None: no cover line was recognised (unit and year read from the tables)
    remark: str = ""  # how the cover differs from the family's, when it does


@dataclass(frozen=True)
class Skeleton:
    lines: tuple[Line, ...]  # content lines (furniture dropped)
    cover: Cover
    parts: dict[str, Part]  # numbered parts; a layout without parts has one, the body after the contents
    toc: tuple[TocEntry, ...]

    def part(self, key: str) -> Part:
        """The part holding `key`'s content; the whole body in a layout without parts."""
        return self.parts.get(key) or self.parts[BODY]


BODY = ""  # the key of the body in a layout without parts


def content_lines(source: Source, template: Template) -> tuple[Line, ...]:
    furniture = set(template.layout.furniture)
    return tuple(l for l in source.lines if l.text.strip() not in furniture)


def find_cover(lines: tuple[Line, ...], template: Template) -> Cover | None:
    cover = template.cover
    patterns = [re.compile(p) for p in (cover.title,) + cover.other_titles]
    for index, line in enumerate(lines[: cover.search_lines]):
        match = _cover_title(lines, index, patterns, cover.joined_lines)
        if not match:
            continue
        year, year_index = match.groupdict().get("year"), None
        if not year and cover.year_apart:
            year_index = next((i for i in (index - 1, index + 1) if 0 <= i < len(lines)
                               and _YEAR_LINE.fullmatch(lines[i].text.strip())), None)
            year = lines[year_index].text.strip() if year_index is not None else None
        if not year:
            continue
        if cover.unit == "line_before":
            before = next((i for i in range(index - 1, -1, -1) if i != year_index), None)
            if before is not None:
                return Cover(lines[before].text.strip(), int(year), line.no)
            continue
        if cover.unit == "title":
            if match.group("unit"):
                return Cover(match.group("unit"), int(match.group("year")), line.no)
            continue
        unit = re.compile(cover.unit)
        for following in lines[index + 1: index + 4]:
            if named := unit.search(following.text.strip()):
                return Cover(named.group("unit").strip(), int(year), line.no)
        titled = match.groupdict().get("unit")
        if titled and cover.unit_in_title and re.fullmatch(cover.unit_in_title, titled):
            return Cover(titled, int(year), line.no)
    return None


def _cover_title(lines: tuple[Line, ...], index: int, patterns: list[re.Pattern], joined: int) -> re.Match | None:
    """The cover title starting at line `index`: one line as printed, or up to `joined` lines joined
    without white space (a title the cover breaks over lines)."""
    for pattern in patterns:
        if match := pattern.match(lines[index].text.strip()):
            return match
    for count in range(1, joined + 1):
        text = "".join("".join(l.text.split()) for l in lines[index: index + count])
        for pattern in patterns:
            if match := pattern.match(text):
                return match
    return None


def cover_from_content(lines: tuple[Line, ...], template: Template) -> Cover | None:
    return _read_by_tables(lines, template)[1]


_OPENING_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年度?\s*\S*预算")


def _read_by_tables(lines: tuple[Line, ...], template: Template) -> tuple[float, Cover | None]:
    """A document of the family whose cover does not read as declared: known by its tables (at least
    half of the family's table titles, each followed by a table), its unit and year read from where
    the tables print them (编制单位 / 单位名称 lines, the year before the titles). The cover is a hint,
    not a gate."""
    layout, titled, years, units = template.layout, set(), [], []
    by_role = tuple(s for s in template.schemas if not s.title_key)
    unit_line = re.compile(layout.table_unit_name)
    for index, line in enumerate(lines):
        if line.is_table_row:
            continue
        if named := unit_line.search(line.text.strip()):
            units.append(named.group("unit").strip())
        # a family's own titles; the national set's wordings only for the tables known by role alone
        schema = schema_for(line.text, template.schemas) or schema_by_role(line.text, by_role)
        if schema and table_follows(lines, index):
            titled.add(schema.id)
            years += [title_year(line.text)] if title_year(line.text) else []
    share = len(titled) / len(template.schemas)
    if not years:  # titles without their year: the year the opening lines print ('2019年度部门预算公开')
        years = [int(m.group(1)) for l in lines[:40] if not l.is_table_row and (m := _OPENING_YEAR.search(l.text))]
    if share < 0.5 or not units or not years:
        return share, None
    unit, year = max(set(units), key=units.count), max(set(years), key=years.count)
    return share, Cover(unit, year, None, f"no cover line {template.cover.shown}: read by its tables "
                                          f"({len(titled)} of {len(template.schemas)}), unit and year from them")


def detect(source: Source, templates: tuple[Template, ...] = TEMPLATES) -> Template:
    """The first template whose cover pattern the source matches, else the one most of whose tables
    the source prints (`cover_from_content`: at least half); one line naming them all if none."""
    placeholders = [l for l in source.lines if ("XX" in l.text or "ＸＸ" in l.text or "××" in l.text)
                    and _PLACEHOLDER.search(l.text)]  # the substring test first: a regex per line costs
    if len(placeholders) >= BLANK_TEMPLATE_LINES:
        raise source.error("cover", placeholders[0].no, f"a blank template ({len(placeholders)} lines print XX where "
                                                         "a document prints its figures and names), not a document")
    for template in templates:
        if find_cover(content_lines(source, template), template):
            return template
    furniture = {f for t in templates for f in t.layout.furniture}
    seen = next((l for l in source.lines if l.text.strip() not in furniture), None)
    by_tables = [(*_read_by_tables(content_lines(source, t), t), t) for t in templates]
    readable = [(share, t) for share, cover, t in by_tables if cover is not None]
    if readable:  # max keeps the first of equals: the declared order decides a tie
        return max(readable, key=lambda r: r[0])[1]
    known = "; ".join(f"{t.id} ({t.cover.shown})" for t in templates)
    shown = f"first line seen: {seen.text.strip()[:40]!r}" if seen else "the file has no text"
    raise source.error("cover", seen.no if seen else None, f"no known template fits ({known}); {shown}")


def skeleton(source: Source, template: Template) -> Skeleton:
    lines = content_lines(source, template)
    cover = find_cover(lines, template) or cover_from_content(lines, template)
    if cover is None:
        raise source.error("cover", None, f"no title line {template.cover.shown}")
    if template.layout.part_heading is None:
        toc, parts = _body_after_contents(source, template, lines)
    else:
        toc, parts = _split_parts(source, template, lines)
    return Skeleton(lines, cover, parts, toc)


def _body_after_contents(source: Source, template: Template, lines: tuple[Line, ...]):
    """Layouts without parts: the body starts at the first line after the cover matching `toc_end`
    (after the contents, where `toc_start` names them and they list that line too)."""
    layout = template.layout
    start = re.compile(layout.toc_end)
    cover_index = next((i for i, l in enumerate(lines) if re.match(template.cover.title, l.text.strip())), -1)
    found = [i for i in range(cover_index + 1, len(lines)) if start.search(lines[i].text.strip())]
    contents = bool(found and layout.toc_start) and any(re.match(layout.toc_start, l.text.strip())
                                                         for l in lines[: found[0]])
    first = found[1] if contents and len(found) > 1 else found[0] if found else None
    if first is None:
        if layout.toc_end_required:
            raise source.error("body", lines[-1].no, f"no line matching {layout.toc_end!r} after the cover")
        first = 0
    body = Part(BODY, "", lines[first:], lines[first].no)
    return (), {BODY: body}


def _is_toc_line(line: Line) -> bool:
    return bool(_TOC_LEADER.search(line.text)) or bool(_TOC_PAGE.search(line.text))


def _split_parts(source: Source, template: Template, lines: tuple[Line, ...]):
    part_heading = re.compile(template.layout.part_heading)
    headings: list[tuple[int, str, str, Line]] = []
    toc_end = 0
    for index, line in enumerate(lines):
        match = part_heading.match(line.text.strip())
        if not match:
            continue
        if _is_toc_line(line):
            toc_end = index
            continue
        headings.append((index, match.group(1), match.group(2), line))
    toc = _read_toc(template, lines[: toc_end + 1])
    expected = [e.key for e in toc if e.kind == "part"] or [
        template.layout.overview_part, template.layout.tables_part, template.layout.narrative_part]
    parts: dict[str, Part] = {}
    for position, (index, numeral, title, line) in enumerate(headings):
        if numeral in parts:
            continue
        end = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
        parts[numeral] = Part(numeral, title, lines[index + 1: end], line.no)
    for numeral in expected:
        if numeral not in parts:
            last = lines[-1].no if lines else None
            raise source.error(
                f"第{numeral}部分", last, "part not found (the file may be truncated or the part removed)")
    return toc, parts


def _read_toc(template: Template, lines: tuple[Line, ...]) -> tuple[TocEntry, ...]:
    """The table of contents names the parts, the tables and the narrative sections."""
    layout = template.layout
    part_heading, table_entry = re.compile(layout.part_heading), re.compile(layout.toc_table)
    section_heading = re.compile(layout.section_heading)
    current_part, entries = "", []
    for line in lines:
        if not _is_toc_line(line):
            continue
        text = _TOC_LEADER.sub("", line.text).split("\t")[0].strip()
        if part := part_heading.match(text):
            current_part = part.group(1)
            entries.append(TocEntry("part", current_part, part.group(2), line.no))
        elif table := table_entry.match(text):
            entries.append(TocEntry("table", table.group(1), table.group(2), line.no))
        elif (section := section_heading.match(text)) and current_part == layout.narrative_part:
            entries.append(TocEntry("section", section.group(1), section.group(2), line.no))
    return tuple(entries)
