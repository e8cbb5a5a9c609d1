"""The overview part's facts (编制, 内设机构 …) and the numbered narrative sections."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .source import Line, Source
from .structure import Part, Remark, TocEntry
from .templates.model import Fact, Heading, Layout
from .text import normalize, numeral_value
from .titles import table_follows


@dataclass(frozen=True)
class Overview:
    facts: dict[str, int | None]  # fact key -> the number stated (None: not stated)
    listings: dict[str, tuple[str, ...]]  # fact key -> the names listed after it
    lines: dict[str, int] = field(default_factory=dict)  # fact key -> line number


@dataclass(frozen=True)
class Section:
    numeral: str
    title: str
    line: int
    lines: tuple[Line, ...]  # the narrative text
    appendix: tuple[Line, ...] = ()  # appended tables or forwarded documents

    @property
    def number(self) -> int:
        return numeral_value(self.numeral)

    @property
    def text(self) -> str:
        return "\n".join(l.text.strip() for l in self.lines)


def parse_overview(part: Part, facts: tuple[Fact, ...], wrapped: bool = False) -> Overview:
    body = paragraphs(part.lines) if wrapped else part.lines
    text = "\n".join(l.text for l in body)
    values: dict[str, int | None] = {}
    listings: dict[str, tuple[str, ...]] = {}
    where: dict[str, int] = {}
    for fact in facts:
        match, line = _first_match(body, fact.pattern)
        values[fact.key] = int(match.group(1)) if match else None
        if match:
            where[fact.key] = line
        if fact.listing:
            listings[fact.key] = _listing_after(text, match) if match else ()
    return Overview(values, listings, where)


def _first_match(lines: tuple[Line, ...], pattern: str):
    for line in lines:
        match = re.search(pattern, line.text)
        if match:
            return match, line.no
    return None, None


def _listing_after(text: str, match: re.Match) -> tuple[str, ...]:
    """The names after '下设 N 个内设机构：' — on the same line or, when it ends there, the next."""
    after = text[text.index(match.group(0)) + len(match.group(0)):]
    listing = re.split(r"[:：]", after, maxsplit=1)[-1].split("\n")[0]
    following = after.split("\n")[1:]
    if not listing.strip() and following and _ITEM_START.match(following[0]):
        # one numbered paragraph per body: '（一）秘书科（联络科）。承担…' names 秘书科（联络科）
        items = []
        for paragraph in following:
            if not _ITEM_START.match(paragraph):
                break
            items.append(_ITEM_START.sub("", paragraph).split("。")[0].strip())
        return tuple(items)
    if not listing.strip():
        listing = following[0] if following else ""
    return tuple(b.strip() for b in re.split(r"[、，,]", listing.strip().rstrip("。.")) if b.strip())


def parse_sections(source: Source, part: Part, toc: tuple[TocEntry, ...], layout: Layout) -> dict[str, Section]:
    heading = re.compile(layout.section_heading)
    appendix_start = [re.compile(p) for p in layout.appendix_start]
    expected = [e for e in toc if e.kind == "section"]
    wanted = {normalize(e.title): e.key for e in expected}
    starts: list[tuple[int, str, str]] = []
    for index, line in enumerate(part.lines):
        match = heading.match(line.text.strip())
        if not match or line.is_table_row:
            continue
        numeral, title = match.groups()
        if wanted and wanted.get(normalize(title)) != numeral:
            continue
        if starts and numeral_value(numeral) != numeral_value(starts[-1][1]) + 1:
            continue  # a numbered list item inside a section, not the next section
        if not starts and numeral != layout.first_section:
            continue
        starts.append((index, numeral, title))
    sections: dict[str, Section] = {}
    for position, (index, numeral, title) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(part.lines)
        body = part.lines[index + 1: end]
        cut = next((i for i, l in enumerate(body) if any(p.search(l.text.strip()) for p in appendix_start)),
                   len(body))
        sections[numeral] = Section(numeral, title, part.lines[index].no, body[:cut], body[cut:])
    where = f"第{part.numeral}部分"
    for entry in expected:
        if entry.key not in sections:
            last = part.lines[-1].no if part.lines else part.heading_line
            raise source.error(f"{where} {entry.key}、{entry.title}", entry.line if not part.lines else last,
                               "section not found (the file may be truncated or the section removed)")
    if not sections:
        raise source.error(where, part.heading_line, f"no numbered section {layout.first_section}、 … found")
    return sections


def heading_lines(part: Part, headings: tuple[Heading, ...], before_text: bool = False) -> dict[str, Line]:
    """The first line matching each declared heading: key -> line (`before_text`: not a line a table
    row follows within three lines, which is a table's title worded like the section's heading)."""
    found: dict[str, Line] = {}
    lines = part.lines
    titles = {i for i in range(len(lines)) if before_text and table_follows(lines, i, within=3)}
    for heading in headings:
        pattern = re.compile(heading.pattern)
        line = next((l for i, l in enumerate(lines) if not l.is_table_row and i not in titles
                     and pattern.search(l.text.strip())), None)
        if line is not None:
            found[heading.key] = line
    return found


_PARAGRAPH_END = re.compile(r"[。；;！？!?：:]$")
_ITEM_START = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?\d+(?:[)）、]|[.．](?!\d))|[①-⑩])")


_PAGE_NUMBER = re.compile(r"[-—–─\s]*\d{1,3}[-—–─\s]*")


def paragraphs(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """Rejoin paragraphs a PDF wrapped at the page width: a line that does not end a sentence
    continues on the next, unless that one starts a numbered item. The paragraph keeps the number
    of its first line, so findings still point into the file."""
    out: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if _PAGE_NUMBER.fullmatch(text):  # the page's number, printed inside a paragraph cut by the page
            continue
        previous = out[-1] if out else None
        if previous is not None and not previous.is_table_row and not line.is_table_row and (
                text.startswith("。") or not (_PARAGRAPH_END.search(previous.text) or _ITEM_START.match(text))):
            out[-1] = Line(previous.no, previous.text + text)
        else:
            out.append(Line(line.no, text if not line.is_table_row else line.text))
    return tuple(out)


def parse_headed_sections(part: Part, headings: tuple[Heading, ...], stops: frozenset[int],
                          wrapped: bool = False, before_text: bool = False) -> tuple[dict[str, Section], tuple[Remark, ...]]:
    """Sections known by their headings; each runs to the next heading or to a line in `stops`
    (a table title), in document order. `wrapped`: rejoin paragraphs wrapped at the page width;
    `before_text`: see heading_lines.
    A required section not found is a remark: the document is read without it, never refused."""
    found = heading_lines(part, headings, before_text)
    remarks = tuple(Remark(f"section {h.key}", part.lines[-1].no if part.lines else None,
                           "section not found (worded otherwise, removed, or the file truncated): "
                           "the numbers it states are not checked")
                    for h in headings if h.required and h.key not in found)
    boundaries = sorted({l.no for l in found.values()} | set(stops))
    sections: dict[str, Section] = {}
    for key, line in sorted(found.items(), key=lambda item: item[1].no):
        end = next((no for no in boundaries if no > line.no), None)
        body = tuple(l for l in part.lines if l.no > line.no and (end is None or l.no < end))
        sections[key] = Section(key, line.text.strip(), line.no, paragraphs(body) if wrapped else body)
    return sections, remarks
