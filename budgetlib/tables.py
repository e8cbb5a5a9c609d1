"""The thirteen budget tables of Part 2 as tidy DataFrames.

The template fixes, for each table, its title (without the year), its printed column labels and
the position of each column in a tab-separated row. Everything else — rows, names, codes and
amounts — is read from the text. Amounts stay exact (Decimal, blank cell = None).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal

import pandas as pd

from .money import parse_amount
from .reading import Line, Source, normalize, numeral_value, strip_numbering

CODE_LEVELS = {3: "类", 5: "款", 7: "项"}
NO_DATA_NOTE = "本表无数据"


@dataclass(frozen=True)
class Column:
    id: str  # English identifier used in code
    label: str  # printed label, as it stands in the header
    kind: str = "amount"  # 'amount', 'code' or 'text'


@dataclass(frozen=True)
class Schema:
    id: str
    title_key: str  # title without the leading year, normalised
    columns: tuple[Column, ...]  # one per cell position
    layout: str = "rows"  # 'rows', 'coded', 'two_sided', 'economic', 'projects'
    sides: tuple[tuple[str, tuple[str, ...]], ...] = ()  # two_sided: side label -> its column ids


def _amounts(*pairs: str) -> tuple[Column, ...]:
    return tuple(Column(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2))


_CODED_HEAD = (Column("code", "科目编码", "code"), Column("name", "科目名称", "text"))
_BASIC_PROJECT = _amounts("total", "合计", "basic", "基本支出", "project", "项目支出")
_BY_FUND = _amounts("general", "一般公共预算", "fund", "政府性基金预算", "state_capital", "国有资本经营预算")

SCHEMAS: tuple[Schema, ...] = (
    Schema(
        "t01", "预算收支总表",
        (Column("income_item", "项目", "text"), Column("income_total", "{year}年"),
         Column("expense_item", "项目", "text"))
        + _amounts("total", "{year}年合计", "current_year", "当年预算安排", "carried_over", "上年结转安排"),
        "two_sided",
        (("收入", ("income_item", "income_total")),
         ("支出", ("expense_item", "total", "current_year", "carried_over"))),
    ),
    Schema(
        "t02", "预算收入总表",
        _CODED_HEAD + _amounts(
            "total", "合计", "general", "一般公共预算", "fund", "政府性基金",
            "state_capital", "国有资本经营预算", "special_account", "财政专户管理资金",
            "unit_funds", "单位资金", "carried_over", "上年结转"),
        "coded",
    ),
    Schema("t03", "预算支出总表", _CODED_HEAD + _BASIC_PROJECT, "coded"),
    Schema(
        "t04", "财政拨款收支总表",
        (Column("income_item", "项目", "text"), Column("income_total", "金额"),
         Column("expense_item", "项目", "text"), Column("total", "小计")) + _BY_FUND,
        "two_sided",
        (("收入", ("income_item", "income_total")),
         ("支出", ("expense_item", "total", "general", "fund", "state_capital"))),
    ),
    Schema("t05", "一般公共预算支出预算表(不含上年结转)", _CODED_HEAD + _BASIC_PROJECT, "coded"),
    Schema(
        "t06", "一般公共预算安排基本支出分经济科目表(不含上年结转)",
        (Column("dept_item", "部门预算支出经济科目名称", "text"),
         Column("gov_item", "政府预算支出经济科目名称", "text"))
        + _amounts("total", "合计", "personnel", "人员经费", "public", "公用经费"),
        "economic",
    ),
    Schema(
        "t07", "政府性基金预算收入表(不含上年结转)",
        (Column("code", "收入科目编码", "code"), Column("name", "科目名称", "text"),
         Column("total", "政府性基金收入预算")),
        "coded",
    ),
    Schema("t08", "政府性基金预算支出表(不含上年结转)", _CODED_HEAD + _BASIC_PROJECT, "coded"),
    Schema(
        "t09", "国有资本经营预算收支预算表(不含上年结转)",
        (Column("income_code", "收入科目编码", "code"), Column("income_name", "科目名称", "text"),
         Column("income_total", "国有资本经营收入预算"),
         Column("code", "科目编码", "code"), Column("name", "科目名称", "text")) + _BASIC_PROJECT,
        "rows",
    ),
    Schema(
        "t10", '财政拨款安排"三公"经费支出预算表',
        (Column("item", "项目", "text"), Column("total", "合计")) + _BY_FUND,
        "rows",
    ),
    Schema(
        "t11", "财政拨款安排机关运行经费预算表",
        (Column("item", "单位名称", "text"), Column("total", "合计")) + _BY_FUND,
        "rows",
    ),
    Schema(
        "t12", "项目支出预算表(本年预算)",
        (Column("item", "项目名称", "text"), Column("total", "合计")) + _BY_FUND
        + _amounts("special_account", "财政专户管理资金", "unit_funds", "单位资金"),
        "projects",
    ),
    Schema(
        "t13", "项目支出预算表(上年结转)",
        (Column("item", "项目名称", "text"), Column("total", "合计")) + _BY_FUND,
        "projects",
    ),
)
SCHEMA_BY_ID = {s.id: s for s in SCHEMAS}


@dataclass
class Table:
    id: str
    numeral: str  # 表一 … 表十三 as numbered in the table of contents
    title: str  # as printed in Part 2
    unit_name: str  # 单位名称 printed above the table
    amount_unit: str  # 单位：万元
    columns: dict[str, str]  # column id -> printed label, in frame order
    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    title_line: int = 0
    header_lines: list[int] = field(default_factory=list)
    no_data: bool = False

    @property
    def amount_columns(self) -> list[str]:
        return [c for c in self.columns if c in _AMOUNT_IDS]

    @cached_property
    def records(self) -> list[dict]:
        """The rows as plain dicts (position = frame index), for fast row-wise work."""
        return [dict(r, index=i) for i, r in enumerate(self.frame.to_dict("records"))]

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


_AMOUNT_IDS = {c.id for s in SCHEMAS for c in s.columns if c.kind == "amount"}
_TITLE = re.compile(r"^(\d{4})年?(.+表.*)$")
_PAGE_FURNITURE = re.compile(r"^(预算公开表\s*\d+|[-—–]*\s*\d+\s*[-—–]*)$")


def title_key(title: str) -> str:
    """'2026年一般公共预算支出预算表（不含上年结转）' -> '一般公共预算支出预算表(不含上年结转)'."""
    text = normalize(title)
    match = _TITLE.match(text)
    return match.group(2) if match else text


def _schema_for(title: str) -> Schema | None:
    key = title_key(title)
    for schema in SCHEMAS:
        if key == schema.title_key:
            return schema
    return None


def load_tables(source: Source) -> dict[str, Table]:
    part = source.parts["二"]
    lines = part.lines
    # A title line: the template title of a table, immediately followed by 单位名称.
    starts: list[tuple[int, Schema]] = []
    for index, line in enumerate(lines):
        if line.is_table_row:
            # A long title can be cut by the PDF: join it with the next line when that completes it.
            continue
        schema = _schema_for(line.text)
        if schema is None and index + 1 < len(lines) and not lines[index + 1].is_table_row:
            schema = _schema_for(line.text + lines[index + 1].text)
        if schema and any(s.id == schema.id for _, s in starts):
            continue
        if schema:
            starts.append((index, schema))
    numerals = {e.title and title_key(e.title): e.key for e in source.toc if e.kind == "table"}
    found = {schema.id for _, schema in starts}
    for schema in SCHEMAS:
        if schema.id not in found:
            toc = next((e for e in source.toc if e.kind == "table" and title_key(e.title) == schema.title_key), None)
            name = f"表{toc.key} {toc.title}" if toc else schema.title_key
            raise source.error(
                f"第二部分 {schema.id} ({name})", toc.line if toc else part.heading_line,
                "table not found in Part 2",
            )
    tables: dict[str, Table] = {}
    for position, (index, schema) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        numeral = numerals.get(schema.title_key, "")
        tables[schema.id] = _parse_table(source, schema, numeral, lines[index:end])
    return dict(sorted(tables.items()))


def _parse_table(source: Source, schema: Schema, numeral: str, lines: list[Line]) -> Table:
    where = f"第二部分 {schema.id}" + (f" (表{numeral})" if numeral else "")
    title_line = lines[0]
    title = title_line.text.strip()
    body = lines[1:]
    if _schema_for(title) is None:  # title was cut over two lines
        title, body = title + body[0].text.strip(), body[1:]
    unit_name = amount_unit = ""
    notes: list[str] = []
    rows: list[Line] = []
    for line in body:
        text = line.text.strip()
        if not line.is_table_row and text.startswith("单位名称"):
            unit_name = re.split(r"[:：]", text, maxsplit=1)[-1].strip()
        elif not line.is_table_row and re.match(r"^单位\s*[:：]", text):
            amount_unit = re.split(r"[:：]", text, maxsplit=1)[-1].strip()
        elif text.startswith("注") and not line.is_table_row:
            notes.append(text)
        elif line.is_table_row:
            rows.append(line)
        elif _PAGE_FURNITURE.match(text):  # '预算公开表2', page numbers: layout, not content
            continue
        else:
            raise source.error(where, line.no, f"unexpected text inside the table: {text[:40]!r}")
    if not unit_name or not amount_unit:
        raise source.error(where, title_line.no, "the table lacks its 单位名称 or 单位 line")
    header, data = _split_header(source, where, schema, rows, title_line.no)
    records = []
    width = len(schema.columns)
    for line in data:
        cells = line.cells
        if any(cells[width:]):
            raise source.error(where, line.no, f"{len(cells)} cells where the table has {width} columns")
        cells = (cells + [""] * width)[:width]
        if _is_column_number_row(cells) or normalize(line.text) in header:
            continue
        record = {"line": line.no}
        for column, cell in zip(schema.columns, cells):
            if column.kind == "amount":
                try:
                    record[column.id] = parse_amount(cell)
                except ValueError:
                    raise source.error(where, line.no, f"{column.label}: {cell!r} is not an amount") from None
            else:
                record[column.id] = cell
        records.append(record)
    no_data = any(NO_DATA_NOTE in n for n in notes)
    if no_data:
        amount_ids = [c.id for c in schema.columns if c.kind == "amount"]
        records = [r for r in records if any(r[a] is not None for a in amount_ids)]
    frame, columns = _tidy(schema, records, source.year)
    return Table(
        schema.id, numeral, title, unit_name, amount_unit, columns, frame, notes,
        title_line.no, [l.no for l in header_lines_of(rows, header)], no_data,
    )


def header_lines_of(rows: list[Line], header: set[str]) -> list[Line]:
    return [r for r in rows if normalize(r.text) in header]


def _is_column_number_row(cells: list[str]) -> bool:
    """The '1 2 3 4 …' row under some headers numbers the columns."""
    filled = [c for c in cells if c]
    return len(filled) >= 2 and filled == [str(i) for i in range(1, len(filled) + 1)]


def _split_header(source, where, schema: Schema, rows: list[Line], title_no: int):
    """Header rows are consumed until every printed label of the schema has been seen."""
    wanted = [normalize(c.label.format(year=source.year)) for c in schema.columns]
    seen_text = ""
    for count, line in enumerate(rows, start=1):
        seen_text += "|" + "|".join(normalize(c) for c in line.cells if c)
        if all(w in seen_text for w in wanted):
            return {normalize(r.text) for r in rows[:count]}, rows[count:]
    missing = [c.label for c, w in zip(schema.columns, wanted) if w not in seen_text]
    raise source.error(where, title_no, f"header lacks the column label(s) {'、'.join(missing)}")


def _tidy(schema: Schema, records: list[dict], year: int) -> tuple[pd.DataFrame, dict[str, str]]:
    labels = {c.id: c.label.format(year=year) for c in schema.columns}
    if schema.layout == "two_sided":
        return _tidy_two_sided(schema, records, labels)
    columns = {"line": "行号"} | labels
    if schema.layout == "coded":
        columns |= {"level": "级次", "parent": "上级编码"}
        for record in records:
            if record["code"] and not record["code"].isdigit():  # '合计' stands in the code column
                record["code"], record["name"] = "", record["code"] + record["name"]
            code = record["code"]
            record["level"] = CODE_LEVELS.get(len(code), "合计" if not code else "")
            record["parent"] = code[:-2] if len(code) in (5, 7) else ""
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
    elif schema.id == "t10":
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
    elif schema.id == "t11":
        columns |= {"level": "级次"}
        for record in records:
            record["level"] = "合计" if record["item"].endswith("合计") else "单位"
    return _frame(records, columns), columns


def _tidy_two_sided(schema: Schema, records: list[dict], labels: dict[str, str]):
    """Income and expenditure stand side by side in print; tidy them into one long frame.

    `group` is the unnumbered heading a numbered row belongs to (e.g. 上年财政拨款结转 in 表四),
    empty for the current-year rows.
    """
    income_ids, expense_ids = schema.sides[0][1], schema.sides[1][1]
    amount_ids = [i for i in expense_ids if i != "expense_item"]
    columns = {"line": "行号", "side": "收支", "group": "分组", "item": "项目"} | {
        i: labels[i] for i in amount_ids
    }
    out = []
    for side, ids in (("收入", income_ids), ("支出", expense_ids)):
        group = ""
        for record in records:
            item = record[ids[0]]
            if not item:
                continue
            numbered = item != strip_numbering(item)
            if not numbered:
                group = item
            row = {"line": record["line"], "side": side, "group": group if numbered else "", "item": item}
            for target, source_id in zip(amount_ids, ids[1:]):
                row[target] = record[source_id]
            for target in amount_ids[len(ids) - 1 :]:
                row.setdefault(target, None)
            out.append(row)
    return _frame(out, columns), columns


def _frame(records: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    return frame.astype({c: "object" for c in frame.columns if c != "line"}).astype({"line": "int64"})
