"""An Audit as tidy Arrow tables, one per kind, each row keyed by the source's sha256 (with `kind`,
`unit`, `year` and `template` beside it): what `budgetlib.corpus` writes as Parquet and CSV.

| kind | one row per | kind column | notable columns |
|---|---|---|---|
| documents | input file | `document` | path, size, status (audited / refused / failed), reason (the one-line error), disclosure_kind (预算 / 决算), counts by status, budgetlib_version, tolerance, seconds, worker_rss_mb |
| rows | cell of a table row (long format) | `row` | table, title, row (0-based), line, column, label, value (text), value_type (amount / text / integer) |
| checks, claims | ledger row (`budgetlib.ledger`; its `unit` is `amount_unit` here) | `check`, `claim` | id, status, stated, computed, difference, tolerance, … |
| findings | goal-table finding | the finding's kind | severity, project, table, line, evidence, message |
| measures | measure of the narrative vocabulary (`claims.prior.measures`) | `measure` | measure, value (in amount_unit) |
| amounts | filled amount cell, keyed by roles (`budgetlib.amounts`) | `amount` | table_role, table, line, side, code, name, level, item_role, column_role, label, amount_yuan (exact, 元), printed, printed_unit |

Amounts stay exact: a Decimal is written as text without exponent (`stated`, `computed`, a cell's
`value`). `csv_safe` prefixes with ' a TEXT cell that a spreadsheet would run as a formula, as
`budgetlib.export` does; exact numbers are left as they are.
"""
from __future__ import annotations

import os
import sys
from decimal import Decimal

import pandas as pd
import pyarrow as pa

from .goals.model import SEVERITIES
from .ledger import MISMATCH, STATUSES, ledger_row

KINDS = ("documents", "rows", "checks", "claims", "findings", "measures", "amounts")
AUDITED, REFUSED, FAILED = "audited", "refused", "failed"  # a document's status
S, I, F = pa.string(), pa.int64(), pa.float64()
KEY = [("sha256", S), ("kind", S), ("unit", S), ("year", I), ("template", S)]
STATUS_COUNTS = [f"{k}_{s}" for k in ("checks", "claims") for s in STATUSES]
LEDGER = [("id", S), ("section", S), ("description", S), ("sentence", S), ("stated_text", S), ("stated", S),
          ("computed", S), ("difference", S), ("amount_unit", S), ("status", S), ("mark", S), ("formula", S),
          ("stated_formula", S), ("tolerance", S), ("line", I), ("note", S), ("tables", S)]
FIELDS = {
    "documents": [("path", S), ("size", I), ("status", S), ("reason", S), ("disclosure_kind", S), ("amount_unit", S),
                  ("tables", I), ("rows", I), *[(c, I) for c in STATUS_COUNTS], ("findings", I),
                  *[(f"findings_{s}", I) for s in SEVERITIES], ("mismatches", I), ("budgetlib_version", S),
                  ("tolerance", S), ("seconds", F), ("worker_rss_mb", F)],
    "rows": [("table", S), ("title", S), ("row", I), ("line", I), ("column", S), ("label", S), ("value", S),
             ("value_type", S)],
    "checks": LEDGER, "claims": LEDGER,
    "findings": [("severity", S), ("project", S), ("table", I), ("line", I), ("evidence", S), ("message", S)],
    "measures": [("measure", S), ("value", S), ("amount_unit", S)],
    "amounts": [("table_role", S), ("table", S), ("title", S), ("line", I), ("side", S), ("code", S), ("name", S),
                ("level", S), ("item_role", S), ("column_role", S), ("label", S), ("amount_yuan", S), ("printed", S),
                ("printed_unit", S)],
}
ROW_FIELDS = [name for name, _ in FIELDS["rows"]]
SCHEMAS = {kind: pa.schema(KEY + fields) for kind, fields in FIELDS.items()}
# Text columns holding exact numbers: written to CSV as they are (a negative amount is no formula).
NUMERIC_TEXT = {"checks": {"stated", "computed", "difference", "tolerance"}, "measures": {"value"},
                "amounts": {"amount_yuan", "printed"}}
NUMERIC_TEXT["claims"] = NUMERIC_TEXT["checks"]


def text(value) -> str | None:
    """A cell as exact text: Decimal without exponent, blank (None, NaN, NA) as None."""
    kind = type(value)
    if kind is str:
        return value
    if kind is Decimal:
        return f"{value:f}"
    if value is None or value is _NA or (kind is float and value != value):
        return None
    return str(value)


_NA = pd.NA


def integer(value) -> int | None:
    return None if text(value) is None else int(value)


def value_type(value) -> str | None:
    if value is None:
        return None
    return "amount" if isinstance(value, Decimal) else "integer" if isinstance(value, int) else "text"


def arrow(kind: str, key: dict, columns: dict[str, list]) -> pa.Table:
    """One kind's rows of one document: the key columns repeated, the rest given column-wise."""
    n = len(next(iter(columns.values()))) if columns else 0
    data = {name: columns[name] if name in columns else [key.get(name)] * n for name in SCHEMAS[kind].names}
    return pa.Table.from_pydict(data, schema=SCHEMAS[kind])


def columns_of(kind: str, records: list[dict]) -> dict[str, list]:
    return {name: [r.get(name) for r in records] for name, _ in FIELDS[kind]}


def table_rows(d, key: dict) -> pa.Table:
    """Every cell of every table row (long format), built column-wise."""
    columns: dict[str, list] = {name: [] for name, _ in FIELDS["rows"]}
    for tid, table in d.tables.items():
        cells = [(cid, label) for cid, label in table.columns.items() if cid != "line"]
        for index, row in enumerate(table.rows):
            for cid, label in cells:
                value = row.get(cid)
                for name, item in zip(ROW_FIELDS, (tid, table.title, index, row.get("line"), cid, label,
                                                   text(value), value_type(value))):
                    columns[name].append(item)
    return arrow("rows", {**key, "kind": "row"}, columns)


def ledger(kind: str, results, key: dict) -> pa.Table:
    records = []
    for result in results:
        row = ledger_row(result)
        row["amount_unit"], row["line"] = row.pop("unit"), integer(row["line"])
        records.append({k: v if k in ("line", "kind") else text(v) for k, v in row.items()})
    columns = columns_of(kind, records) | {"kind": [r["kind"] for r in records]}
    return arrow(kind, key, columns)


def findings(frame, key: dict) -> pa.Table:
    records = [] if frame is None else frame.to_dict(orient="records")
    rows = [{"kind": text(r["kind"]), "severity": text(r["severity"]), "project": text(r["project"]),
             "table": integer(r["table"]), "line": integer(r["line"]), "evidence": text(r["evidence"]),
             "message": text(r["message"])} for r in records]
    return arrow("findings", key, columns_of("findings", rows) | {"kind": [r["kind"] for r in rows]})


def measures(d, key: dict) -> pa.Table:
    from .claims.prior import measures as evaluate

    unit = d.template.claims.grammar.amount_unit if d.template.claims is not None else None
    values = evaluate(d)
    return arrow("measures", {**key, "kind": "measure"}, {
        "measure": list(values), "value": [text(v) for v in values.values()], "amount_unit": [unit] * len(values)})


def amounts(d, key: dict) -> pa.Table:
    from .amounts import amount_records

    records = [{k: text(v) if k != "line" else v for k, v in r.items()} for r in amount_records(d)]
    return arrow("amounts", {**key, "kind": "amount"}, columns_of("amounts", records))


def version() -> str:
    """budgetlib's version, read when called (what a documents row records and a rerun compares)."""
    return sys.modules[__package__].__version__


def tolerance_text(tolerance) -> str:
    return "auto" if tolerance is None else text(tolerance)


def document_row(path: str, sha256: str | None, tolerance, status: str = AUDITED, reason: str = "",
                 a=None) -> dict:
    """The documents row of one input: the file, how it fared, its audit's counts by status."""
    row = {"sha256": sha256, "kind": "document", "path": str(path), "status": status, "reason": reason or None,
           "budgetlib_version": version(), "tolerance": tolerance_text(tolerance),
           "size": os.path.getsize(path) if os.path.isfile(path) else None}
    if a is not None:
        d, summary = a.disclosure, a.summary()
        row.update(unit=d.unit, year=d.year, template=d.template.id, disclosure_kind=d.kind,
                   amount_unit=d.amount_unit, tables=len(d.tables), rows=sum(len(t.rows) for t in d.tables.values()))
        row.update({f"{k}_{s}": n for k, counts in summary.items() for s, n in counts.items()})  # findings_error …
        row["findings"] = len(a.findings) if a.findings is not None else 0
        row["mismatches"] = summary["checks"][MISMATCH] + summary["claims"][MISMATCH]
    return row


def document_table(row: dict) -> pa.Table:
    """The documents table of one document, from its row (key columns included)."""
    return arrow("documents", row, columns_of("documents", [row]))


def tidy(a) -> dict[str, pa.Table]:
    """An Audit as one Arrow table per kind (documents aside)."""
    d = a.disclosure
    key = {"sha256": d.sha256, "unit": d.unit, "year": d.year, "template": d.template.id}
    return {"rows": table_rows(d, key), "checks": ledger("checks", a.checks, key),
            "claims": ledger("claims", a.claims, key), "findings": findings(a.findings, key),
            "measures": measures(d, key), "amounts": amounts(d, key)}


def conform(table: pa.Table, kind: str) -> pa.Table:
    """A part written by another version: missing columns as blanks, in the schema's order and types."""
    schema = SCHEMAS[kind]
    if table.schema.equals(schema):
        return table
    columns = [table[n] if n in table.column_names else pa.nulls(table.num_rows, schema.field(n).type)
               for n in schema.names]
    return pa.Table.from_arrays(columns, schema.names).cast(schema)


def csv_safe(table: pa.Table, kind: str) -> pa.Table:
    """Text cells that a spreadsheet would run as a formula prefixed with ' (export.FORMULA_STARTS);
    exact numbers kept as they are."""
    import pyarrow.compute as pc

    from .export import FORMULA_STARTS
    pattern = "^[" + "".join({"\t": "\\t", "\r": "\\r", "-": "\\-"}.get(c, c) for c in FORMULA_STARTS) + "]"
    columns = []
    for name in table.column_names:
        column = table[name]
        if pa.types.is_string(column.type) and name not in NUMERIC_TEXT.get(kind, ()):
            risky = pc.fill_null(pc.match_substring_regex(column, pattern), False)
            if kind == "rows" and name == "value":
                risky = pc.and_(risky, pc.fill_null(pc.equal(table["value_type"], "text"), False))
            column = pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.Table.from_arrays(columns, table.column_names)
