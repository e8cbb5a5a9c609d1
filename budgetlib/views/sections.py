"""One narrative section: what it has, its text, the table slices its claims draw on, its ledger.

`section_plan(a, numeral)` (views/plan.py) says what a section page shows, from what the section
has, never from its numeral. The views here take the plan (or a numeral).
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pandas as pd

from ..ledger import MISMATCH, STATUSES
from .ledgers import section_claims
from .problems import SEVERITIES, mismatch_cells, page_links
from .plan import SectionPlan, cells_used, plan_of, section_heading, section_plan  # noqa: F401 (views' interface)
from .display import (STATUS_HEADERS, Details, Display, View, Group, Heading, Quote, counts_text, row_anchor,
                      status_cell, status_counts)
from ..labels import as_printed, document_title, groups_thousands, part_heading, printed_line

if TYPE_CHECKING:  # pragma: no cover
    from ..audit import Audit


class MismatchError(AssertionError):
    """Raised by finish(strict=True) when a claim or check is a mismatch; str() is one line, and
    IPython shows it as that line (no traceback: the page already shows the banner)."""

    def _render_traceback_(self):
        return [f"MismatchError: {self}"]


def section_title(a: "Audit", s) -> Heading:
    s = plan_of(a, s)
    d = a.disclosure
    subtitle = " — ".join(x for x in (part_heading(d, d.template.layout.narrative_part), document_title(d)) if x)
    return Heading(f"{s.position:02d} · {s.heading}", subtitle=subtitle)


def quote(a: "Audit", s) -> Quote:
    """The section's text as printed, with line numbers (and what its appendix holds)."""
    s = plan_of(a, s)
    section = s.section
    lines = [(l.no, l.text.strip()) for l in section.lines if l.text.strip()]
    appendix = ""
    if section.appendix:
        first, last = section.appendix[0].no, section.appendix[-1].no
        appendix = (f"附件 appendix: {len(section.appendix)} lines (lines {first}–{last}), "
                    f"beginning “{section.appendix[0].text.strip()[:40]}”")
    return Quote(f"{s.heading}（第 {section.line} 行）", lines, appendix)


_LABEL_COLUMNS = ("line", "side", "group", "item", "code", "name", "dept_item", "gov_item", "income_code",
                  "income_name", "level")


def slice_of(a: "Audit", tid: str, rows: dict[int, set[str]]) -> Display:
    t = a.disclosure.tables[tid]
    frame = t.frame.loc[sorted(rows)]
    used_columns = {c for columns in rows.values() for c in columns}
    amount_columns = [c for c in t.amount_columns if c in used_columns] or list(t.amount_columns)
    keep = [c for c in t.columns if c in _LABEL_COLUMNS or c in amount_columns]
    bold = {(position, t.columns[column]) for position, index in enumerate(sorted(rows))
            for column in rows[index] if column in keep}

    bad = mismatch_cells(a)
    flagged = {(position, t.columns[column]) for position, index in enumerate(sorted(rows))
               for column in keep if (tid, index, column) in bad}
    caption = f"{tid} 表{t.numeral} {t.title}（{len(frame)} 行 rows; 单位：{t.amount_unit}）"
    note = "bold: the cells the section's claims use" + (
        f"; ✗ red: {len(flagged)} cell(s) in a mismatch" if flagged else "")
    return Display(frame[keep].rename(columns=t.columns), caption=caption, bold=bold, flagged=flagged,
                   numeric=[t.columns[c] for c in amount_columns] + [t.columns["line"]], note=note)


def slices(a: "Audit", s) -> Group:
    """The rows of each table that the section's claims draw on (cells used in bold)."""
    s = plan_of(a, s)
    parts = [slice_of(a, tid, rows) for tid, rows in cells_used(a, s.numeral).items()]
    if parts:
        return Group(parts)
    if s.tables:  # its claims name tables (as a whole or through another table's rows) without single cells
        return Group([], title="Its claims draw on " + "、".join(s.tables) + " as a whole (no single cells).", level=4)
    return Group([], title="No claim of this section draws on a table.", level=4)


def claims(a: "Audit", s) -> Display:
    """The stated-vs-computed ledger of one section (the reason given for every unverifiable one)."""
    s = plan_of(a, s)
    frame = section_claims(a, s.numeral)
    shown = pd.DataFrame({
        "id": frame["id"], "状态 status": frame["status"].map(status_cell),
        "原文 stated": frame["stated_text"] + frame["unit"].map(lambda u: "" if u in ("年", "日期", "相同") else u),
        "核对内容 description": frame["description"],
        "计算值 computed": frame["computed"], "差额 difference": frame["difference"],
        "计算方法 formula": frame["formula"], "说明 / 原因 note": frame["note"], "行号 line": frame["line"],
        "_status": frame["status"], "_anchor": frame["id"].map(lambda i: row_anchor("claim", i)),
    })
    shown["说明 / 原因 note"] = shown["说明 / 原因 note"].map(_two_lines)
    caption = f"{s.heading}: {len(frame)} 个数字 claims — {counts_text(status_counts(frame))}"
    ledger = Display(shown, caption=caption, status="_status", anchor="_anchor",
                     numeric=["计算值 computed", "差额 difference", "行号 line"])
    if len(frame) <= LEDGER_OPEN_ROWS:
        return ledger
    return Details(f"{caption} (open to read all {len(frame)}; the full notes are in claims.csv)", ledger)


LEDGER_OPEN_ROWS = 12  # a longer ledger is folded (<details>)
NOTE_CHARACTERS = 120  # about two lines in the ledger; the full note is in claims.csv / --json


def _two_lines(note) -> str:
    note = " ".join(str(note or "").split())
    return note if len(note) <= NOTE_CHARACTERS else note[: NOTE_CHARACTERS - 1] + "…"


class StrictFailure(View):
    """The banner that ends a page run with strict=True when something is a mismatch."""

    def __init__(self, message: str):
        self.message = message

    def __repr__(self) -> str:
        return f"STRICT: {self.message}"

    def html(self) -> str:
        return ('<div class="bl-strict" style="border:3px solid #c8102e;background:#fde2e1;color:#7a0014;'
                'padding:10px 14px;margin:8px 0;font-weight:bold">✗ strict: ' + html.escape(self.message) + "</div>")


def finish(a: "Audit", strict: bool = False, s=None) -> Display:
    """Summary of the page's scope (claims, checks, goal-table findings by severity); with strict,
    show the summary and a banner, then raise MismatchError (shown as one line, not a traceback).

    s=None: the whole document (every check and claim); else the claims of that section."""

    plan = None if s is None else plan_of(a, s)
    frames = [("claim", a.claim_frame if plan is None else section_claims(a, plan.numeral))]
    if plan is None:
        frames.append(("check", a.check_frame))
    rows, broken = [], []
    grouped = groups_thousands(a.disclosure)
    for kind, frame in frames:
        counts = status_counts(frame)
        rows.append({"kind": kind, "total": len(frame), **{status_cell(s): counts[s] for s in STATUSES}})
        broken += [f"{kind} {r.id} ({r.description}: stated "
                   f"{r.stated_text or as_printed(r.stated, grouped, printed_line(a.disclosure, r.line))}, "
                   f"computed {as_printed(r.computed, grouped)})"
                   for r in frame[frame["status"] == MISMATCH].itertuples()]
    findings = None
    if a.findings is not None and (plan is None or page_links(a).get("goals_section") == plan.numeral):
        findings = a.finding_counts()
    scope = "整个文件 whole document" if plan is None else plan.heading
    verdict = ("mismatches: " + "; ".join(broken)) if broken else "no mismatch"
    if findings is not None:
        verdict += "; goal-table findings: " + ", ".join(f"{findings[k]} {k}" for k in SEVERITIES)
        if findings["error"]:
            verdict += " — the errors are contradictions in the document (see the problems at the top)"
    frame = pd.DataFrame(rows)
    if findings is not None:
        frame["findings error / warning / info"] = ["", ""][: len(rows) - 1] + [
            f"{findings['error']} / {findings['warning']} / {findings['info']}"]
    summary = Display(frame, caption=f"结论 summary — {scope}", numeric=["total"] + STATUS_HEADERS, note=verdict)
    if strict and broken:
        from IPython.display import display

        message = f"{len(broken)} mismatch(es) in {scope}: " + "; ".join(broken)
        display(summary)
        display(StrictFailure(message))
        raise MismatchError(message)
    return summary
