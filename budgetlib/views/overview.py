"""The document as loaded: its title and facts, the list of its tables, each table."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .display import Details, Display, Facts, Group, Heading
from ..labels import document_title, part_heading, source_label, tolerance_text

if TYPE_CHECKING:  # pragma: no cover
    from ..audit import Audit


def overview_title(a: "Audit") -> Heading:
    """The overview page's heading: what the cover says, and the template it was read with."""
    d = a.disclosure
    return Heading(f"概览 Overview — {document_title(d)}", subtitle=f"template: {d.template.name}")


def header(a: "Audit") -> Facts:
    """Where the document comes from and how it was read."""
    d = a.disclosure
    rows = [
        ("单位 unit", d.unit),
        ("预算年度 year", d.year),
        ("模板 template", d.template.name),
        ("源文件 source file", source_label(d.path)),
        ("SHA-256", d.sha256),
        ("金额单位 amount unit", d.amount_unit),
        ("尾差容差 tolerance", tolerance_text(a.tolerance)),
        ("表格 tables", _counted(len(d.tables), part_heading(d, d.template.layout.tables_part))),
        ("说明 sections", _counted(len(d.sections), part_heading(d, d.template.layout.narrative_part))),
    ]
    if a.prior:
        rows.append(("上年数 prior-year figures given", ", ".join(f"{k}={v}" for k, v in sorted(a.prior.items()))))
    return Facts(pd.DataFrame(rows, columns=["项目", "内容"]), caption=document_title(d))


def _counted(count: int, where: str) -> str:
    return f"{count} ({where})" if where else str(count)


def table_list(a: "Audit") -> Display:
    """One row per table: id, number, title as printed, rows, amount unit, notes, line."""
    d = a.disclosure
    rows = [{
        "id": tid, "表号": f"表{table.numeral}" if table.numeral else "", "标题 title": table.title,
        "行数 rows": len(table.frame), "单位": table.amount_unit, "备注 notes": "；".join(table.notes),
        "行号 line": table.title_line,
    } for tid, table in d.tables.items()]
    caption = f"{part_heading(d, d.template.layout.tables_part, '表格 tables')}: {len(d.tables)} 张表 tables"
    return Display(pd.DataFrame(rows), caption=caption, numeric=["行数 rows", "行号 line"])


def table(a: "Audit", tid: str) -> Display:
    """One table as loaded (printed Chinese labels; blank cells blank)."""
    from .problems import mismatch_cells

    t = a.disclosure.tables[tid]
    amounts = [t.columns[c] for c in t.amount_columns]
    printed = t.printed()
    flagged = {(position, t.columns[column]) for (table, index, column) in mismatch_cells(a) if table == tid
               for position, label in enumerate(t.frame.index) if label == index and t.columns.get(column) in printed}
    caption = f"{tid} 表{t.numeral} {t.title}（单位：{t.amount_unit}）" + (f" — ✗ {len(flagged)} cell(s) in a mismatch"
                                                                     if flagged else "")
    return Display(printed, caption=caption, numeric=amounts + [t.columns["line"]], note="；".join(t.notes),
                   flagged=flagged)


def tables(a: "Audit") -> Group:
    """Every table, each folded under its title (open one to read it)."""
    d = a.disclosure
    parts = []
    for tid in d.tables:
        shown = table(a, tid)
        parts.append(Details(f"{shown.caption} — {len(shown.frame)} 行 rows", shown))
    return Group(parts)
