"""Writing the loaded disclosure out: JSON for `audit --json`, CSV + datapackage.json for `export`.

The labels come from the document, so they are untrusted text. The CSV files are offered for
Excel, which runs a cell starting with = + - @ (or a tab or carriage return) as a formula: such a
TEXT cell is written with a leading ' (OWASP's CSV-injection guidance), so that it stays text;
numbers (Decimal amounts, negative ones too) are written as they are. JSON is data, not a
spreadsheet: it keeps every text exactly as printed, and so does datapackage.json.
"""
from __future__ import annotations

import csv
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .ledger import LEDGER_COLUMNS, ledger_row
from .tables import unique_labels
from .goals import FINDING_COLUMNS, INDICATOR_COLUMNS, PROJECT_COLUMNS
from .labels import document_title, is_blank, portable_path

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .audit import Audit
    from .tables import Table

AMOUNT_UNIT_NOTE = ("amounts exact as printed, in the unit each table prints (a table field's `unit`; a ledger "
                    "row's `unit` column); blank = empty cell")
TEXT_NOTE = "a text cell that would start with = + - @, tab or carriage return is prefixed with ' (CSV injection)"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_JSON_SAFE = frozenset({str, int, bool, list, tuple, dict})


def plain(value):
    """JSON-safe and exact: Decimal -> str, NaN/None -> None, numpy ints -> int."""
    if type(value) in _JSON_SAFE:  # most cells: nothing to convert
        return value
    if isinstance(value, Decimal):
        return f"{value:f}"
    if is_blank(value):  # also pandas' NA: a blank of a nullable column (Int64 line numbers)
        return None
    if hasattr(value, "isoformat"):  # datetime, date, pandas Timestamp
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def records(rows, columns) -> list[dict]:
    """Records (dicts, or objects with those attributes) as JSON-safe dicts of `columns`."""
    return [{c: _safe(row.get(c) if isinstance(row, dict) else getattr(row, c)) for c in columns} for row in rows]


def _safe(value):
    """plain(value), without a call for the values that are JSON already (most of them)."""
    return value if type(value) in _JSON_SAFE else plain(value)


def table_document(table: "Table") -> dict:
    headers = list(table.headers.items())
    return {
        "numeral": table.numeral,
        "title": table.title,
        "unit_name": table.unit_name,
        "amount_unit": table.amount_unit,
        "columns": table.columns,
        "notes": table.notes,
        "no_data": table.no_data,
        "rows": [{label: _safe(r[cid]) for cid, label in headers} for r in table.records],
    }


def ledger_records(results) -> list[dict]:
    return [{k: _safe(v) for k, v in ledger_row(r).items()} for r in results]


def audit_document(a: "Audit", fail_on: str | None = None) -> dict:
    """The audit as JSON-safe data; `problems`: how many results and findings fail it at `fail_on`
    (the command line's --fail-on; default error), as its exit code says."""
    from .audit import DEFAULT_FAIL_ON

    d = a.disclosure
    fail_on = fail_on or DEFAULT_FAIL_ON
    document = {
        "unit": d.unit,
        "year": d.year,
        "amount_unit": d.amount_unit,
        "source": {"path": portable_path(d.path), "name": d.source.name, "sha256": d.sha256,
                   "encoding": d.source.encoding,
                   # a disclosure read from several files: each file and the lines before it (line n of the
                   # document is line n - before of the last file whose `before` is under n)
                   "files": [{"path": portable_path(p), "before": n} for p, n in d.source.files]},
        "tolerance": plain(a.tolerance),
        "prior_year": {k: plain(v) for k, v in a.prior.items()},
        "template": d.template.id,
        "disclosure_kind": d.kind,  # 预算 (budget) or 决算 (final account); a record's "kind" is check, claim …
        "remarks": [{"where": r.where, "line": r.line, "message": r.message} for r in d.remarks],
        "overview": {**d.overview.facts, **{f"{k}_listed": list(v) for k, v in d.overview.listings.items()}},
        "tables": {tid: table_document(t) for tid, t in d.tables.items()},
        "checks": ledger_records(a.checks),
        "claims": ledger_records(a.claims),
        "summary": a.summary(),
        "findings_summary": a.finding_counts(),
        "rounding_conventions": {"prevailing": a.prevailing_convention, "figures": a.rounding_conventions},
        "problems": {"fail_on": fail_on, "count": a.problems(fail_on)},
    }
    performance = a.goals
    if performance is not None:
        document["projects"] = records(performance.project_records, PROJECT_COLUMNS)
        document["indicators"] = records(performance.indicator_records, INDICATOR_COLUMNS)
        document["findings"] = records(performance.finding_records, FINDING_COLUMNS)
    return document


def _field_type(cid: str, series: "pd.Series", amount_unit: str | None) -> dict:
    if cid == "line":
        return {"type": "integer"}
    values = [v for v in series if not is_blank(v)]
    if values and all(isinstance(v, Decimal) for v in values):
        return {"type": "number", "unit": amount_unit} if amount_unit else {"type": "number"}
    if cid in ("code", "parent", "income_code"):
        return {"type": "string", "constraints": {"pattern": "^[0-9]*$"}}
    return {"type": "string"}


def csv_cell(value):
    """One CSV cell: blank for None/NaN, numbers as they are, text that a spreadsheet would run as a
    formula prefixed with ' so that it stays text."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    value = plain(value)
    return "" if value is None else value


def write_csv(path: Path, frame: "pd.DataFrame", headers: list[str]) -> None:
    # utf-8-sig writes a BOM so that Excel opens the Chinese text correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)  # declared column names, matching datapackage.json's field names
        for row in frame.itertuples(index=False):
            writer.writerow([csv_cell(v) for v in row])


def _resource(path: Path, title: str, frame: "pd.DataFrame", columns: dict[str, str], out: Path,
              amount_unit: str | None = None) -> dict:
    headers = list(unique_labels(columns).values())
    write_csv(path, frame[list(columns)], headers)
    return {
        "name": path.stem.lower().replace("_", "-"),
        "path": path.name,
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "hash": "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(),
        "schema": {
            "fields": [
                {"name": h, "title": columns[c], "description": c, **_field_type(c, frame[c], amount_unit)}
                for h, c in zip(headers, columns)
            ]
        },
    }


def write_export(a: "Audit", out_dir) -> Path:
    """Each table and both ledgers as UTF-8 CSV (with BOM) plus datapackage.json. Returns the folder."""
    d = a.disclosure
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    resources = []
    for tid, table in d.tables.items():
        resources.append(_resource(out / f"{tid}.csv", table.title, table.frame, {"line": "行号"} | table.columns, out,
                                   table.amount_unit))
    ledger_columns = {c: c for c in LEDGER_COLUMNS}
    for name, frame in (("checks", a.check_frame), ("claims", a.claim_frame)):
        resources.append(_resource(out / f"{name}.csv", f"{name} ledger", frame, ledger_columns, out))
    performance = a.goals
    if performance is not None:
        for name in ("projects", "indicators", "findings"):
            frame = getattr(performance, name)
            resources.append(_resource(out / f"{name}.csv", name, frame, {c: c for c in frame.columns}, out))
    package = {
        "name": "budgetlib-" + hashlib.sha1(d.slug.encode()).hexdigest()[:8],
        "title": document_title(d),
        "description": f"{AMOUNT_UNIT_NOTE}; {TEXT_NOTE}",
        "sources": [{"title": d.path.name, "path": portable_path(d.path, out), "hash": "sha256:" + d.sha256}],
        "x-unit": d.unit,
        "x-year": d.year,
        "x-amount-unit": d.amount_unit,
        "resources": resources,
    }
    (out / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    return out
