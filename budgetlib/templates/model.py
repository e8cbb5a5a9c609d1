"""The types a template declaration is written in.

A template family (a province's or a city's layout of the 预算公开 document) is one declaration:
cover and heading patterns, the table schemas, the identities between cells, the narrative
vocabulary. The engines (tables, checks, claims, goals) interpret these declarations and never ask
which template they run.
"""
from __future__ import annotations

from dataclasses import field
from typing import Any

from .declaration import Declared, declaration


@declaration
class Cover(Declared):
    """How the cover names the unit and the budget year."""

    title: str  # regex over a stripped line, with a (?P<year>\d{4}) group
    unit: str = "line_before"  # 'line_before': the line above the title; 'title': its (?P<unit>) group;
    # else a regex with (?P<unit>) below it
    other_titles: tuple[str, ...] = ()  # more regexes of the same kind: the family words its cover several ways
    joined_lines: int = 1  # a title may take up to this many lines, matched joined without white space
    # A title may name the unit itself in a (?P<unit>) group: taken when no unit line follows and the
    # group fullmatches this regex (so a bare place name such as a district is not taken for the unit).
    unit_in_title: str | None = None
    search_lines: int = 40  # the cover is within the first lines
    shown: str = ""  # how the title reads, for error messages, e.g. '<year>年度单位预算公开'
    # The year may print on a line of its own just above or below a title without it (a PDF setting
    # the digits in another font): then the title's `year` group is optional and that line gives it;
    # with unit 'line_before', the unit is the nearest line above the title that is not the year.
    year_apart: bool = False


@declaration
class Heading(Declared):
    """A narrative section known by its heading (layouts whose sections are not numbered)."""

    key: str  # how the section is named in code and in claim ids, e.g. '编制说明'
    pattern: str  # regex over a stripped line
    required: bool = True


@declaration
class Layout(Declared):
    """Where the parts, tables and sections are, and what is page furniture.

    Two shapes: documents in numbered parts (part_heading set: tables in one part, numbered
    narrative sections 一、二、… in another), or documents without parts (part_heading None: tables
    anywhere after the table of contents, narrative sections known by their `headings`).
    """

    section_heading: str = ""  # numbered sections: regex with groups (numeral, title)
    part_heading: str | None = None  # regex with groups (numeral, title)
    overview_part: str = ""  # key of the part holding the unit's facts
    tables_part: str = ""  # key of the part holding the budget tables
    narrative_part: str = ""  # key of the part holding the numbered narrative sections
    toc_table: str = r"^$"  # regex of a table entry in the table of contents, groups (numeral, title)
    headings: tuple[Heading, ...] = ()  # unnumbered sections, in any order
    headings_before_text: bool = False  # a heading is followed by text: a line a table follows is a title
    toc_end: str = ""  # layouts without parts: regex of the first body line (the table of contents ends before)
    furniture: tuple[str, ...] = ()  # whole lines that are page furniture (watermarks), dropped
    table_furniture: str = r"^$"  # lines inside a table that are layout, not content (page numbers)
    table_unit_name: str = r"^单位名称\s*[:：]\s*(?P<unit>.+)$"  # searched in a table's non-row lines
    amount_unit: str = ""  # the unit of a table that prints none (a family whose tables are all in one unit)
    toc_start: str = ""  # layouts without parts: the contents' heading; the body starts at the toc_end line after
    # the contents' own entry for it (the second match), or at the first where the document has no contents
    toc_end_required: bool = True  # False: a document without a toc_end line is read whole (a tables-only file)
    table_amount_unit: str = r"^单位\s*[:：]\s*(?P<amount_unit>\S+)$"
    table_note: str = r"^注"  # a note under a table
    # regex: a line that ends the table or section before it (a part heading, the heading of a section no
    # declaration names), in layouts without declared parts
    section_break: str = ""
    table_unit_named: bool = True  # each table prints its unit's name (else the cover's is every table's)
    appendix_start: tuple[str, ...] = ()  # regexes: a line where a section's appended material begins
    first_section: str = "一"
    wrapped_lines: bool = False  # the text wraps paragraphs at the page width (PDF): rejoin them


@declaration
class Fact(Declared):
    """A number the overview part states, e.g. 编制 39 名; `listing` reads the names listed after it."""

    key: str
    pattern: str  # regex with one group: the number
    listing: bool = False


@declaration
class Column(Declared):
    id: str  # English identifier used in code
    label: str  # printed label, as it stands in the header ({year} is the budget year)
    kind: str = "amount"  # 'amount', 'code' or 'text'
    optional: bool = False  # the table may leave it out: found by its header words where printed, else empty
    also: tuple[str, ...] = ()  # more header words that name it in this table (beyond its role's)


@declaration
class Schema(Declared):
    """One budget table: its title (without the year), printed columns and how its rows nest.

    layout names the tidying engine: 'two_sided' (income | expenditure side by side), 'coded'
    (科目编码 hierarchy), 'economic' (经济科目 class rows), 'projects' (unit rows over project rows),
    'itemised' (numbered sub-items under an item), 'units' (unit rows and a 合计 row), 'rows'.
    """

    id: str
    title_key: str  # title without the leading year, normalised; a regex when it starts with '^';
    # '' for a table known by its role's titles only (templates.standard.TABLE_ROLES)
    columns: tuple[Column, ...]  # one per cell position
    layout: str = "rows"
    sides: tuple[tuple[str, tuple[str, ...]], ...] = ()  # two_sided: side label -> its column ids
    code_levels: tuple[tuple[int, str], ...] = ((3, "类"), (5, "款"), (7, "项"))  # code length -> level
    code_parts: tuple[str, ...] = ()  # columns printing 类/款/项 apart; joined into a `code` column
    numeral: str = ""  # how the document numbers the table, when no table of contents says so
    role: str = ""  # what the table is in the national set (templates.standard.TABLE_ROLES), '' for none


@declaration
class GoalTables(Declared):
    """Where project performance-goal tables are appended, and the budget table they belong to."""

    title: str  # the printed title of one goal table
    section_title: str  # regex: the narrative section whose appendix holds them
    budget_table: str  # schema id of the project budget table
    project_level: str = "项目"  # level of its project rows


@declaration
class Template(Declared):
    id: str
    name: str  # printed family name, for messages and pages
    cover: Cover
    layout: Layout
    facts: tuple[Fact, ...]
    schemas: tuple[Schema, ...]
    no_data_note: str = "本表无数据"  # regex searched in a table's notes
    # a table that cannot be read stops the audit with one line; False: the rest is read without it, and
    # a remark says why (families declared from the national set, whose prints vary most)
    strict_tables: bool = True
    goal_tables: GoalTables | None = None
    rules: tuple[Any, ...] = ()  # identities between cells (budgetlib.checks interprets them)
    claims: Any = None  # the narrative vocabulary (budgetlib.claims interprets it)
    charts: tuple[Any, ...] = ()  # the figures its tables allow (templates.charts; budgetlib.charts draws them)
    kind: str = "预算"  # what its documents are: 预算 (budgets) or 决算 (final accounts)
    extra: dict = field(default_factory=dict)

    def schema(self, schema_id: str) -> Schema:
        return next(s for s in self.schemas if s.id == schema_id)
