"""Problems first: what an auditor must look at, at the top of the index and of every page.

    problem_rows(a, numeral=None)  mismatches, then error findings, then warnings, then rounding —
                                   each with its source line, both figures and the page that shows it
    problems(a, s=None)            the block shown at the top of a page (s: a section numeral/plan;
                                   None: the whole document)
    mismatch_cells(a)              {(table id, row index, column)} of the cells of mismatching results
"""
from __future__ import annotations

import html
from urllib.parse import quote
from typing import TYPE_CHECKING

from ..goals import SEVERITIES as GOAL_SEVERITIES
from ..ledger import MISMATCH, ROUNDING
from .display import View, finding_anchor, row_anchor
from ..labels import as_printed, groups_thousands, printed_line
from .plan import plan_of, section_plan

if TYPE_CHECKING:  # pragma: no cover
    from ..audit import Audit

SEVERITIES = tuple(reversed(GOAL_SEVERITIES))  # most severe first
RANKS = {"mismatch": 0, "error": 1, "warning": 2, "rounding": 3}
COLOURS = {"mismatch": "#fde2e1", "error": "#fde2e1", "warning": "#fff4d6", "rounding": "#fff9e8"}
MARKS = {"mismatch": "✗", "error": "✗", "warning": "!", "rounding": "≈"}
NOTE_CHARACTERS = 140  # about two lines; the full evidence is one click away


def findings_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)


def mismatch_cells(a: "Audit") -> set[tuple[str, object, str]]:
    """The table cells that enter a result (check or claim) whose status is mismatch."""
    cells = set()
    for r in list(a.checks) + list(a.claims):
        if r.status != MISMATCH:
            continue
        for expr in (getattr(r, "stated_expr", None), getattr(r, "computed_expr", None)):
            for c in (expr.cells() if expr is not None else ()):
                cells.add((c.table.id, c.index, c.column))
    return cells


def page_links(a: "Audit") -> dict:
    """section numeral -> page file name; None -> the overview; 'goals' -> the page with goal tables."""
    links = {None: "00_overview.html"}
    for numeral in a.disclosure.sections:
        plan = section_plan(a, numeral)
        links[numeral] = f"{plan.stem}.html"
        if plan.goal_tables:
            links["goals"] = links[numeral]
            links["goals_section"] = numeral
    return links


def problem_rows(a: "Audit", numeral: str | None = None) -> list[dict]:
    """Everything that is not a clean match, worst first. numeral: only that section's claims (and the
    findings of the goal tables appended to it); None: the whole document."""
    links = page_links(a)
    d, rows = a.disclosure, []
    grouped = groups_thousands(d)
    claims = a.claim_frame if numeral is None else a.claim_frame[a.claim_frame["section"] == numeral]
    frames = [("claim", claims)] + ([("check", a.check_frame)] if numeral is None else [])
    for kind, frame in frames:
        for r in frame[frame["status"].isin([MISMATCH, ROUNDING])].itertuples():
            line = "" if r.line is None or r.line != r.line else str(int(r.line))
            rows.append({
                "level": r.status, "kind": kind, "id": r.id, "line": line,
                "what": r.description,
                "stated": r.stated_text if kind == "claim" and r.stated_text
                else as_printed(r.stated, grouped, printed_line(d, None if r.line != r.line else r.line)),
                "computed": as_printed(r.computed, grouped), "difference": as_printed(r.difference, grouped),
                "note": (r.sentence if kind == "claim" else r.formula) or "",
                "link": _at(links.get(r.section if kind == "claim" else None, "00_overview.html"), row_anchor(kind, r.id)),
            })
    findings = a.findings
    if findings is not None and len(findings) and (numeral is None or links.get("goals_section") == numeral):
        for r in findings[findings["severity"].isin(["error", "warning"])].itertuples():
            rows.append({
                "level": r.severity, "kind": f"finding ({r.kind})", "id": f"表{r.table}", "line": str(r.line),
                "what": f"{r.project}: {r.message}", "stated": "", "computed": "", "difference": "",
                "note": str(r.evidence or ""),
                "link": _at(links.get("goals", "00_overview.html"), finding_anchor(r.table, r.line)),
            })
    rows.sort(key=lambda row: RANKS[row["level"]])  # stable: ledger order within a level
    return rows


def _at(page: str, anchor: str) -> str:
    """A link to one row of a page."""
    return f"{page}#{quote(anchor)}"


def _short(note: str) -> str:
    note = " ".join(note.split())
    if len(note) <= NOTE_CHARACTERS:
        return html.escape(note)
    return (f"<details><summary>{html.escape(note[:NOTE_CHARACTERS])}…</summary>"
            f"{html.escape(note)}</details>")


class Problems(View):
    """The problems block: counts by level, the mismatches and errors listed, warnings and rounding folded."""

    def __init__(self, rows: list[dict], scope: str, findings: dict[str, int] | None, links: bool = True):
        self.rows, self.scope, self.findings, self.links = rows, scope, findings, links

    def counts(self) -> dict[str, int]:
        return {level: sum(1 for r in self.rows if r["level"] == level) for level in RANKS}

    def headline(self) -> str:
        c = self.counts()
        head = f"问题 Problems — {self.scope}: {c['mismatch']} mismatch, {c['error']} error, {c['warning']} warning, " \
               f"{c['rounding']} rounding"
        if self.findings is not None:
            head += f" (goal-table findings: {findings_text(self.findings)})"
        return head

    def __repr__(self) -> str:
        lines = [self.headline()]
        for r in self.rows:
            if r["level"] in ("mismatch", "error"):
                figures = f" — stated {r['stated']}, computed {r['computed']}" if r["stated"] or r["computed"] else ""
                lines.append(f"  {MARKS[r['level']]} {r['level']} line {r['line']}: {r['id']} {r['what']}{figures}")
        return "\n".join(lines)

    def _table(self, rows: list[dict]) -> str:
        e = html.escape
        out = ['<table class="bl-t bl-problems"><thead><tr><th>level</th><th>kind</th><th>id</th><th>行号 line</th>'
               "<th>what</th><th>原文 stated</th><th>计算值 computed</th><th>差额</th><th>evidence</th><th>shown on</th>"
               "</tr></thead><tbody>"]
        for r in rows:
            link = f'<a href="{e(r["link"])}">{e(r["link"].split("#")[0])}</a>' if self.links else ""
            out.append(f'<tr style="background:{COLOURS[r["level"]]}"><td>{MARKS[r["level"]]} {e(r["level"])}</td>'
                       f'<td>{e(r["kind"])}</td><td>{e(r["id"])}</td><td class="n">{e(r["line"])}</td>'
                       f'<td>{e(r["what"])}</td><td class="n">{e(r["stated"])}</td><td class="n">{e(r["computed"])}</td>'
                       f'<td class="n">{e(r["difference"])}</td><td>{_short(r["note"])}</td><td>{link}</td></tr>')
        out.append("</tbody></table>")
        return "".join(out)

    def html(self) -> str:
        c = self.counts()
        bad = c["mismatch"] + c["error"]
        colour = "#c8102e" if bad else ("#b26a00" if c["warning"] or c["rounding"] else "#2e7d32")
        parts = [f'<div id="problems" class="bl-problems-block" style="border:2px solid {colour};padding:6px 12px;'
                 f'margin:8px 0"><p style="font-weight:bold;color:{colour};margin:4px 0">{html.escape(self.headline())}</p>']
        top = [r for r in self.rows if r["level"] in ("mismatch", "error")]
        rest = [r for r in self.rows if r["level"] not in ("mismatch", "error")]
        if top:
            parts.append(self._table(top))
        elif not rest:
            parts.append("<p>Nothing to look at: every number matches.</p>")
        if rest:
            parts.append(f"<details><summary style=\"cursor:pointer\">{len(rest)} warnings and rounding differences"
                         f"</summary>{self._table(rest)}</details>")
        parts.append("</div>")
        return "".join(parts)


def problems(a: "Audit", s=None, links: bool = True) -> Problems:
    """The problems of a page: s=None the whole document, else one section (numeral or plan)."""
    plan = None if s is None else plan_of(a, s)
    numeral = None if plan is None else plan.numeral
    links_map = page_links(a)
    with_findings = a.findings is not None and (numeral is None or links_map.get("goals_section") == numeral)
    scope = "整个文件 whole document" if plan is None else plan.heading
    return Problems(problem_rows(a, numeral), scope, a.finding_counts() if with_findings else None, links)
