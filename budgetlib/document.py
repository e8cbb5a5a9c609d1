"""Stage 3 of the pipeline: a source in a known template -> the frozen `Disclosure` record.

    read_source(path) -> Source -> detect(source) -> Template -> parse(source, template) -> Disclosure

`load(path)` runs the three. The record holds what the document says — cover, tables, narrative
sections, appended goal tables — and nothing computed from it; `budgetlib.audit` does that.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from .goals import GoalTables, read_goal_tables
from .narrative import Overview, Section, heading_lines, parse_headed_sections, parse_overview, parse_sections
from .source import Source, read_source, read_sources
from .structure import Part, Remark, TocEntry, detect, skeleton
from .tables import Table, load_tables
from .templates.model import Template

def bundled() -> Path:
    """The disclosure shipped inside the package (the project's verbatim copy: the one text file of
    budgetlib/data, so that no code names it)."""
    data = Path(str(resources.files("budgetlib") / "data"))
    texts = sorted(data.glob("*.txt"))
    if len(texts) != 1:
        raise FileNotFoundError(f"{data}: expected exactly one bundled disclosure, found {len(texts)}")
    return texts[0]


@dataclass(frozen=True, eq=False)  # identity: records hold DataFrames
class Disclosure:
    """A budget disclosure as printed: d.tables["t05"].frame is a tidy DataFrame (Decimal amounts)."""

    source: Source
    template: Template
    unit: str
    year: int
    cover_line: int | None  # None where no cover line was recognised (unit and year read from the tables)
    parts: dict[str, Part]
    toc: tuple[TocEntry, ...]
    overview: Overview
    tables: dict[str, Table]
    sections: dict[str, Section]
    goals: GoalTables | None = None  # appended project performance-goal tables, as read
    remarks: tuple[Remark, ...] = ()  # how it differs from its family's declaration (warnings: tables missing …)

    def goal_section(self) -> Section | None:
        """The section whose appendix holds the goal tables (named by the template)."""
        spec = self.template.goal_tables
        return next((s for s in self.sections.values() if spec and re.search(spec.section_title, s.title)), None)

    @property
    def kind(self) -> str:
        """预算 (a budget) or 决算 (a final account): what its family's documents are."""
        return self.template.kind

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def sha256(self) -> str:
        return self.source.sha256

    @property
    def amount_unit(self) -> str:
        """The amount unit of the first table, which every other table is compared with."""
        return next(iter(self.tables.values())).amount_unit if self.tables else ""

    @property
    def slug(self) -> str:
        """Folder name for outputs: '<unit>-<year>'."""
        return f"{self.unit}-{self.year}"

    def __repr__(self) -> str:
        return (f"<Disclosure {self.unit} {self.year} ({self.template.id}): "
                f"{len(self.tables)} tables, {len(self.sections)} sections>")


def parse(source: Source, template: Template) -> Disclosure:
    frame = skeleton(source, template)
    layout, year = template.layout, frame.cover.year
    tables_part, narrative_part = frame.part(layout.tables_part), frame.part(layout.narrative_part)
    # Where tables and text interleave, a section heading ends a table and a table title ends a section.
    section_starts = frozenset(l.no for l in heading_lines(narrative_part, layout.headings,
                                                           layout.headings_before_text).values())
    parts = (tables_part,) if narrative_part is tables_part else (tables_part, narrative_part)
    breaks = frozenset(l.no for part in parts for l in part.lines if layout.section_break and not l.is_table_row
                       and re.match(layout.section_break, l.text.strip()))  # a part heading ends a table too
    tables, missing = load_tables(source, template, tables_part, frame.toc, year, stops=section_starts | breaks,
                                  unit=frame.cover.unit)
    if layout.headings:
        titles = frozenset(t.title_line for t in tables.values()) | breaks
        sections, unheaded = parse_headed_sections(narrative_part, layout.headings, titles, layout.wrapped_lines,
                                                   layout.headings_before_text)
    else:
        sections, unheaded = parse_sections(source, narrative_part, frame.toc, layout), ()
    # read, not refused: how the document differs from its family's declaration
    cover = (Remark("cover", None, frame.cover.remark),) if frame.cover.remark else ()
    read = tuple(Remark(f"tables {t.id} (表{t.numeral})", t.title_line, r) for t in tables.values() for r in t.remarks)
    remarks = cover + missing + read + unheaded
    d = Disclosure(
        source=source,
        template=template,
        unit=frame.cover.unit,
        year=year,
        cover_line=frame.cover.line,
        parts=frame.parts,
        toc=frame.toc,
        overview=parse_overview(frame.part(layout.overview_part), template.facts, layout.wrapped_lines),
        tables=tables,
        sections=sections,
        remarks=remarks,
    )
    return replace(d, goals=_read_goals(d)) if template.goal_tables else d


def _read_goals(d: Disclosure) -> GoalTables:
    section = d.goal_section()
    return read_goal_tables(section.appendix if section else [], d.year, d.template.goal_tables.title,
                            heading_line=section.line if section else None,
                            where=f"section {section.numeral}'s appendix" if section else "the appendix")


def load(path=None, template: Template | None = None) -> Disclosure:
    """Read, detect the template (unless given) and parse; the bundled disclosure when no path.
    `path` may be a list: the files of one disclosure published apart (narrative, tables), read as one."""
    source = read_sources(path) if isinstance(path, (list, tuple)) else read_source(path or bundled())
    return parse(source, template or detect(source))
