"""The budget tables as tidy DataFrames.

The template's schemas fix, for each table, its title (without the year), its printed column labels
and the position of each column in a tab-separated row. Everything else — rows, names, codes and
amounts — is read from the text. Amounts stay exact (Decimal, blank cell = None).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from functools import cached_property, lru_cache


from .cells import bind_cells, collapse_grid, join_split_rows
from .sides import blocks as _blocks, frame_rows as _rows, tidy_two_sided as _tidy_two_sided
from .errors import DisclosureError
from .money import is_amount, parse_amount as _parse_amount
from .source import Line, Source
from .structure import Part, Remark, TocEntry
from .templates.model import Column, Schema, Template
from .templates.standard import header_words
from .titles import (declared_title, looks_like_title, printed_numeral, schema_by_role, schema_for, table_follows, title_fits,
                     title_key)
from .text import normalize, strip_numbering

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

@dataclass
class Table:
    id: str
    numeral: str  # 表一 … 表十三 as numbered in the table of contents
    title: str  # as printed in Part 2
    unit_name: str  # 单位名称 printed above the table
    amount_unit: str  # 单位：万元
    columns: dict[str, str]  # column id -> printed label, in frame order
    rows: tuple[dict, ...]  # the tidy rows: column id -> value (plus 'line'); the frame is built from them
    notes: list[str] = field(default_factory=list)
    title_line: int = 0
    header_lines: list[int] = field(default_factory=list)
    no_data: bool = False
    amount_ids: tuple[str, ...] = ()  # the schema's amount columns
    remarks: tuple[str, ...] = ()  # how the table differs from its declaration, as read (e.g. columns reordered)

    @property
    def amount_columns(self) -> list[str]:
        return [c for c in self.columns if c in self.amount_ids]

    @cached_property
    def records(self) -> list[dict]:
        """The rows as plain dicts (position = frame index), for fast row-wise work."""
        return [dict(r, index=i) for i, r in enumerate(self.rows)]

    @cached_property
    def frame(self) -> "pd.DataFrame":
        """The tidy DataFrame (built on first use: audits work on the rows, displays on the frame)."""
        import pandas as pd

        frame = pd.DataFrame.from_records(list(self.rows), columns=list(self.columns))
        return frame.astype({c: "object" for c in frame.columns if c != "line"}).astype({"line": "int64"})

    def lookup(self, column: str, value) -> list[dict]:
        """The records whose `column` equals `value`, in row order (an index built on first use)."""
        indexes = self.__dict__.setdefault("_indexes", {})
        index = indexes.get(column)
        if index is None:
            index = indexes[column] = {}
            for record in self.records:
                index.setdefault(record[column], []).append(record)
        return index.get(value, [])

    @cached_property
    def row_labels(self) -> dict[int, str]:
        """Frame index -> how the row is named in formulas: its code and name, or its item."""
        labels = {}
        for index, record in enumerate(self.records):
            label = f"line {record['line']}"
            for key in ("code", "item", "dept_item", "name"):
                if record.get(key):
                    label = f"{record['code']} {record['name']}" if key == "code" else str(record[key])
                    break
            labels[int(index)] = label
        return labels

    @property
    def headers(self) -> dict[str, str]:
        """Column id -> printed label, made unique: a label printed twice gets its id appended."""
        return unique_labels({"line": "行号"} | self.columns)

    def printed(self) -> pd.DataFrame:
        """The frame with printed Chinese labels as column names (for display)."""
        return self.frame.rename(columns=self.headers)


def unique_labels(columns: dict[str, str]) -> dict[str, str]:
    labels = list(columns.values())
    return {cid: label if labels.count(label) == 1 else f"{label} [{cid}]" for cid, label in columns.items()}


parse_amount = lru_cache(maxsize=1 << 16)(_parse_amount)  # '0.00', '' and most amounts recur; Decimals are immutable


_WRAPPED_NAME = 6  # the rest of a unit's name wrapped onto a line of its own ('公厅'); longer is text


@dataclass(frozen=True)
class _Reading:
    """What every table of one document is read with."""

    source: Source
    template: Template
    year: int
    part: Part
    unit: str = ""  # the cover's unit: every table's where the family's tables name none

    @property
    def region(self) -> str:
        return f"第{self.part.numeral}部分" if self.part.numeral else "tables"

    def where(self, schema: Schema, numeral: str) -> str:
        return f"{self.region} {schema.id}" + (f" (表{numeral})" if numeral else "")


def load_tables(source: Source, template: Template, part: Part, toc: tuple[TocEntry, ...], year: int,
                stops: frozenset[int] = frozenset(), unit: str = "") -> tuple[dict[str, Table], tuple[Remark, ...]]:
    """Every table of the template in `part`, and a remark for each declared table the document does
    not print (a variant of the family is read, never refused, unless it prints none of its tables);
    a table ends at the next one, or at a line in `stops` (the headings of narrative sections, in
    layouts that interleave tables and text)."""
    reading = _Reading(source, template, year, part, unit)
    schemas, lines = template.schemas, part.lines
    starts: list[tuple[int, Schema]] = []
    for index, line in enumerate(lines):
        if line.is_table_row:
            continue
        schema = schema_for(line.text, schemas)
        if schema is None and index + 1 < len(lines) and not lines[index + 1].is_table_row:
            # A long title can be cut by the PDF: join it with the next line when that completes it.
            schema = schema_for(line.text + lines[index + 1].text, schemas)
        if schema and not any(s.id == schema.id for _, s in starts):
            starts.append((index, schema))
    unfound = tuple(s for s in schemas if not any(s.id == t.id for _, t in starts))
    if unfound:  # titles in another family's words, for the same tables (only where the family's are not)
        taken = {index for index, _ in starts}
        for index, line in enumerate(lines):
            # a title the PDF drew as a table row's only cell counts too
            if index in taken or (line.is_table_row and sum(1 for c in line.cells if c) != 1) \
                    or not table_follows(lines, index):
                continue
            schema = schema_by_role(line.text, unfound)
            if schema is None and index + 1 < len(lines) and not lines[index + 1].is_table_row:
                schema = schema_by_role(line.text + lines[index + 1].text, unfound)  # a title cut by the PDF
            if schema and not any(s.id == schema.id for _, s in starts):
                starts.append((index, schema))
        starts.sort(key=lambda start: start[0])
    toc_tables = [e for e in toc if e.kind == "table"]
    found = {schema.id for _, schema in starts}
    missing = []
    for schema in schemas:
        if schema.id not in found:
            entry = next((e for e in toc_tables if title_fits(title_key(e.title), schema)), None)
            name = f"表{entry.key} {entry.title}" if entry else f"表{schema.numeral} {declared_title(schema)}"
            missing.append((f"{reading.region} {schema.id} ({name})", entry.line if entry else part.heading_line))
    if missing and not starts and template.strict_tables:  # not one table of the family: not a document of it
        raise source.error(missing[0][0], missing[0][1], "table not found")
    tables: dict[str, Table] = {}
    unread: list[Remark] = []
    if not template.strict_tables:  # a table the declaration does not know ends the one before it
        taken = {i for index, _ in starts for i in (index, index + 1)}  # a title and the rest of a cut one
        undeclared = [i for i, line in enumerate(lines) if i not in taken and not line.is_table_row
                      and line.no not in stops and looks_like_title(line.text) and table_follows(lines, i)]
        stops = stops | {lines[i].no for i in undeclared}
        unread += [Remark(reading.region, lines[i].no, f"table not declared: {lines[i].text.strip()[:30]!r} not read")
                   for i in undeclared]
    for position, (index, schema) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        end = next((i for i in range(index + 1, end) if lines[i].no in stops), end)
        entry = next((e for e in toc_tables if title_fits(title_key(e.title), schema)), None)
        numeral = entry.key if entry else printed_numeral(lines, index) or schema.numeral
        try:
            tables[schema.id] = _parse_table(reading, schema, numeral, lines[index:end])
        except DisclosureError as error:
            if template.strict_tables:
                raise
            unread.append(Remark(error.part, lines[index].no, f"table not read: {error.message}; "
                                                              "read without it (what needs it is not checked)"))
    not_found = "table not found: read without it (what needs it is not checked)"
    remarks = tuple(Remark(where, line, not_found) for where, line in missing) + tuple(unread)
    return dict(sorted(tables.items())), remarks


def _parse_table(reading: _Reading, schema: Schema, numeral: str, lines: tuple[Line, ...]) -> Table:
    source, where = reading.source, reading.where(schema, numeral)
    layout = reading.template.layout
    furniture, note = re.compile(layout.table_furniture), re.compile(layout.table_note)
    unit_name_line, amount_unit_line = re.compile(layout.table_unit_name), re.compile(layout.table_amount_unit)
    title_line = lines[0]
    title = title_line.text.strip()
    body = lines[1:]
    if body and schema_for(title, reading.template.schemas) is None and \
            schema_by_role(title, reading.template.schemas) is None:
        # the title was cut over two lines
        title, body = title + body[0].text.strip(), body[1:]
    unit_name = amount_unit = ""
    notes: list[str] = []
    rows: list[Line] = []
    for line in body:
        text = line.text.strip()
        if line.is_table_row:
            joined = " ".join(c for c in line.cells if c)  # a unit line the PDF drew as table cells
            if rows or not (unit_name_line.search(joined) or amount_unit_line.search(joined)):
                rows.append(line)
                continue
            text = joined
        named, measured = unit_name_line.search(text), amount_unit_line.search(text)
        if unit_name and not rows and not (named or measured) and len(text) <= _WRAPPED_NAME:
            unit_name += text  # the unit's name wrapped under its unit line
            continue
        if named or measured:  # one line may carry both (编制单位：… 单位：元)
            unit_name = named.group("unit").strip() if named else unit_name
            amount_unit = measured.group("amount_unit").strip() if measured else amount_unit
        elif note.match(text):
            notes.append(text)
        elif notes and rows:  # a note wrapped over lines
            notes[-1] += text
        elif not furniture.match(text):  # '预算公开表2', page numbers: layout, not content
            raise source.error(where, line.no, f"unexpected text inside the table: {text[:40]!r}")
    amount_unit = amount_unit or layout.amount_unit
    if not layout.table_unit_named and not unit_name:
        unit_name = reading.unit  # the family's tables print no unit name (or not always): the cover's
    if not unit_name or not amount_unit:
        raise source.error(where, title_line.no, "the table lacks its 单位名称 or 单位 line")
    rows = collapse_grid(rows, [column_words(c, reading.year) for c in schema.columns],
                         tuple(c.optional for c in schema.columns))
    header, data = _split_header(source, where, schema, rows, title_line.no, reading.year)
    header_lines = header_lines_of(rows, header)
    order, remarks = _column_positions(schema, header_lines, reading.year)
    records = [_record(source, where, schema, line, order) for line in data
               if not _is_column_number_row(line.cells) and normalize(line.text) not in header]
    no_data = any(re.search(reading.template.no_data_note, n) for n in notes)
    amount_ids = [c.id for c in schema.columns if c.kind == "amount"]
    if no_data:
        records = [r for r in records if any(r[a] is not None for a in amount_ids)]
    tidy, columns = _tidy(schema, records, reading.year)
    return Table(
        schema.id, numeral, title, unit_name, amount_unit, columns, tidy, notes,
        title_line.no, [l.no for l in header_lines], no_data, tuple(amount_ids), tuple(remarks),
    )


def _column_positions(schema: Schema, header: list[Line], year: int) -> tuple[tuple[int, ...], list[str]]:
    """The cell position of each schema column, read from the header: a label printed once, as a cell of
    a full-width header row (merged cells keep their place there), binds its column to that position;
    the other columns keep their declared order in the positions left. Columns printed in another order
    than declared are thus read by what they are, never bound silently by position."""
    width = len(schema.columns)
    grid = [[normalize(c) for c in line.cells] for line in header if len(line.cells) == width]
    printed = {cell for row in grid for cell in row}
    names = []  # per column: its printed label where the header has it, else its role's words
    for column in schema.columns:
        label = column_words(column, year)[0]
        names.append({label} if label in printed else set(column_words(column, year)))
    places = [{i for row in grid for i, cell in enumerate(row) if cell in words} for words in names]
    found: dict[int, int] = {}  # a column named by one cell that names no other column
    for index, place in enumerate(places):
        if len(place) == 1 and sum(place <= other for other in places) == 1:
            found[index] = next(iter(place))
    if len(set(found.values())) < len(found):
        return tuple(range(width)), []  # two labels under one merged cell: the header says nothing of order
    free = iter(sorted(set(range(width)) - set(found.values())))
    positions = tuple(found[i] if i in found else next(free) for i in range(width))
    moved = [f"{c.label} in column {p + 1}" for i, (c, p) in enumerate(zip(schema.columns, positions)) if p != i]
    if not moved:
        return positions, []
    return positions, [f"columns in another order than declared, read by their header: {'、'.join(moved)}"]


def _record(source: Source, where: str, schema: Schema, line: Line, positions: tuple[int, ...]) -> dict:
    width = len(schema.columns)
    cells = line.cells
    if any(cells[width:]):
        raise source.error(where, line.no, f"{len(cells)} cells where the table has {width} columns")
    if len(cells) >= width:
        cells = [cells[p] for p in positions]
    cells = bind_cells(cells, _kinds(schema))
    record = {"line": line.no}
    for column, cell in zip(schema.columns, cells):
        if column.kind == "amount":
            try:
                record[column.id] = parse_amount(cell)
            except ValueError:
                raise source.error(where, line.no, f"{column.label}: {cell!r} is not an amount") from None
        else:
            record[column.id] = cell
    return record


@lru_cache(maxsize=256)
def _kinds(schema: Schema) -> tuple[str, ...]:
    return tuple(c.kind for c in schema.columns)


def header_lines_of(rows: list[Line], header: set[str]) -> list[Line]:
    return [r for r in rows if normalize(r.text) in header]


@lru_cache(maxsize=1024)
def column_words(column: Column, year: int) -> tuple[str, ...]:
    """The normalised words that name a column in a header: its printed label first, then its role's
    words in other families (see header_words) and the ones the declaration adds (`Column.also`)."""
    words = header_words(column.id, column.label) + tuple(w for w in column.also if w != column.label)
    return tuple(normalize(w.format(year=year)) for w in words)


def _has_figures(line: Line) -> bool:
    cells = [c for c in line.cells if c]
    return any(is_amount(c) for c in cells) and not _is_column_number_row(cells)


def _is_column_number_row(cells: list[str]) -> bool:
    """The '1 2 3 4 …' row under some headers numbers the columns."""
    filled = [c for c in cells if c]
    return len(filled) >= 2 and filled == [str(i) for i in range(1, len(filled) + 1)]


def _split_header(source, where, schema: Schema, rows: list[Line], title_no: int, year: int):
    """Header rows are consumed until every column of the schema has been named: by its printed label,
    or, where a header prints none of the family's labels for it, by its role's words in other families."""
    required = [c for c in schema.columns if not c.optional]  # an optional column may be left out
    labels = [column_words(c, year)[:1] for c in required]
    words = [column_words(c, year) for c in required]
    for wanted in (labels, words):  # the family's own labels first: they end the header where they always did
        if (end := _header_end(rows, wanted)) is not None:
            return {normalize(r.text) for r in rows[:end]}, rows[end:]
    end = next((i for i, r in enumerate(rows) if _has_figures(r)), len(rows))  # the header is above the figures
    seen_text = "|".join(normalize(c) for r in rows[:end] for c in r.cells if c)
    missing = [c.label for c, w in zip(required, words) if not any(x in seen_text for x in w)]
    raise source.error(where, title_no, f"header lacks the column label(s) {'、'.join(missing) or '(in order)'}")


def _header_end(rows: list[Line], wanted: list[tuple[str, ...]]) -> int | None:
    """How many rows the header takes: until each column has one of its words printed (in a cell, or
    in one cell position read down the rows: a label wrapped in its cell, '因公出' / '国(境)' / '费')."""
    seen_text, seen_cells, downwards = "", set(), {}

    def seen(label: str) -> bool:  # a one-character label (类, 款, 项) must be a cell of its own
        return label in seen_cells if len(label) == 1 else label in seen_text or \
            any(label in text for text in downwards.values())

    for count, line in enumerate(rows, start=1):
        cells = [normalize(c) for c in line.cells if c]
        if _has_figures(line):
            return None  # the first row of figures: the header, if any, is above it
        seen_text += "|" + "|".join(cells)
        seen_cells.update(cells)
        for position, cell in enumerate(line.cells):
            downwards[position] = downwards.get(position, "") + normalize(cell)
        if all(any(seen(w) for w in words) for words in wanted):
            return count
    return None


def _part_widths(schema: Schema) -> list[int]:
    """How many digits each printed part of a code has (类 3, 款 2, 项 2: from the code lengths)."""
    lengths = sorted(n for n, _ in schema.code_levels)
    return [b - a for a, b in zip([0] + lengths, lengths)]


def _padded(part: str, width: int, first: bool) -> str:
    """A 款/项 part printed without its leading zero ('2' for 02, as a spreadsheet drops it) is that code."""
    return part.zfill(width) if not first and part.isdigit() and len(part) < width else part


def _tidy(schema: Schema, records: list[dict], year: int) -> tuple[tuple[dict, ...], dict[str, str]]:
    labels = {c.id: c.label.format(year=year) for c in schema.columns}
    if schema.layout == "two_sided":
        return _tidy_two_sided(schema, records, labels)
    columns = {"line": "行号"} | labels
    records = [r for r in records if any(v not in ("", None) for k, v in r.items() if k != "line")]  # grid spacer rows
    if schema.layout == "coded":
        if schema.sides:  # blocks side by side: one record per block, its `side` the block's label
            records = _blocks(schema, records)
            labels = {"side": "栏"} | {k: v for k, v in labels.items() if k in schema.sides[0][1]}
        kept = [c for c in schema.columns if c.id in labels]
        records = join_split_rows(records, tuple(c.id for c in kept if c.kind != "amount"),
                                  tuple(c.id for c in kept if c.kind == "amount"))
        if schema.code_parts:  # 类 | 款 | 项 printed apart: one code column, as a string
            columns = {"line": "行号", "code": "科目编码"} | {k: v for k, v in labels.items() if k not in schema.code_parts}
            widths, names = _part_widths(schema), {name for _, name in schema.code_levels}
            for record in records:  # a 合计 may print on the header's '类 | 款 | 项' row: those are no code
                joined = "".join(_padded(part_text, width, first=k == 0) for k, (part_text, width) in enumerate(
                    zip(("" if record[p] in names else record[p] for p in schema.code_parts), widths)))
                record["code"] = joined or record.get("code", "")  # a schema may also name a whole-code column
                for part in schema.code_parts:
                    record.pop(part)
        columns |= {"level": "级次", "parent": "上级编码"}
        levels = dict(schema.code_levels)
        lengths = sorted(levels)
        for record in records:
            if record["code"] and not record["code"].isdigit():  # '合计' stands in the code column
                record["code"], record["name"] = "", record["code"] + record["name"]
            code = record["code"]
            record["level"] = levels.get(len(code), "合计" if not code else "")
            shorter = [n for n in lengths if n < len(code)]
            record["parent"] = code[: shorter[-1]] if shorter and len(code) in levels else ""
    elif schema.layout == "economic":
        columns |= {"level": "级次", "parent": "上级科目"}
        category = ""
        for record in records:
            if record["dept_item"] == "合计":
                record["level"], record["parent"] = "合计", ""
            elif not record["gov_item"]:
                category = record["dept_item"]
                record["level"], record["parent"] = "类", ""
            else:
                record["level"], record["parent"] = "款", category
    elif schema.layout == "projects":
        columns |= {"level": "级次"}
        unit_names = {records[0]["item"]} if records else set()
        for position, record in enumerate(records):
            record["level"] = "合计" if position == 0 else ("单位" if record["item"] in unit_names else "项目")
    elif schema.layout == "itemised":
        columns |= {"level": "级次", "parent": "上级项目"}
        parent = ""
        for record in records:
            item = record["item"]
            if item == "合计":
                record["level"], record["parent"] = "合计", ""
            elif item != strip_numbering(item):
                record["level"], record["parent"] = "明细", parent
            else:
                parent = item
                record["level"], record["parent"] = "项目", ""
    elif schema.layout == "units":
        columns |= {"level": "级次"}
        for record in records:
            record["level"] = "合计" if record["item"].endswith("合计") else "单位"
    return _rows(records, columns), columns
