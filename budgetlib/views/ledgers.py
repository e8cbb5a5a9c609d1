"""The ledgers at the document's level: the checks between table cells, the claims by section."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..ledger import MATCH, STATUS_MARKS, STATUSES
from .display import STATUS_HEADERS, Display, Group, Note, counts_text, row_anchor, status_cell, status_counts
from ..labels import part_heading

if TYPE_CHECKING:  # pragma: no cover
    from ..audit import Audit

LEDGER_FILES = {"check": "checks.csv", "claim": "claims.csv"}  # written by reproduce and export


def check_summary(a: "Audit") -> Display:
    """Checks by table (the first table an identity names) and status."""
    frame = a.check_frame
    rows = []
    for name, part in frame.groupby(frame["id"].str.split(".").str[0], sort=False):
        counts = status_counts(part)
        rows.append({"表 table": name, "核对数 checks": len(part), **{status_cell(s): counts[s] for s in STATUSES}})
    return Display(pd.DataFrame(rows), caption=f"核对 checks: {len(frame)} — {counts_text(status_counts(frame))}",
                   numeric=["核对数 checks"] + STATUS_HEADERS)


def check_ledger(frame: pd.DataFrame, caption: str) -> Display:
    shown = pd.DataFrame({
        "id": frame["id"], "状态 status": frame["status"].map(status_cell),
        "核对内容 description": frame["description"],
        "左边 stated": frame["stated"], "右边 computed": frame["computed"], "差额 difference": frame["difference"],
        "表 tables": frame["tables"], "说明 note": frame["note"], "_status": frame["status"],
        "_anchor": frame["id"].map(lambda i: row_anchor("check", i)),
    })
    return Display(shown, caption=caption, status="_status", anchor="_anchor",
                   numeric=["左边 stated", "右边 computed", "差额 difference"])


def checks(a: "Audit", every: bool = False) -> Group:
    """The checks that are not an exact match (every=True: all of them), and where the full ledger is.

    The full ledger is long (hundreds of identities): it belongs in a file, checks.csv, which
    `python -m budgetlib reproduce` writes next to the page (and `export` into its folder)."""
    frame = a.check_frame
    shown = frame if every else frame[frame["status"] != MATCH]
    what = "every check" if every else f"checks that are not {STATUS_MARKS[MATCH]} {MATCH}"
    ledger = check_ledger(shown, f"{what}: {len(shown)} of {len(frame)}")
    note = Note(f"The full ledger — all {len(frame)} checks with both sides, formulas and notes — is "
                f"{LEDGER_FILES['check']}, written by `python -m budgetlib reproduce` next to this page "
                "(and by `python -m budgetlib export`).", LEDGER_FILES["check"])
    return Group([ledger, note])


def section_claims(a: "Audit", numeral: str) -> pd.DataFrame:
    claims = a.claim_frame
    return claims[claims["section"] == numeral]


def section_summary(a: "Audit") -> pd.DataFrame:
    """One row per narrative section: key (numeral), position, title, claim counts by status."""
    d = a.disclosure
    rows = []
    for position, (numeral, section) in enumerate(d.sections.items(), start=1):
        counts = status_counts(section_claims(a, numeral))
        rows.append({"section": numeral, "number": position, "title": section.title,
                     "claims": sum(counts.values()), **counts})
    return pd.DataFrame(rows, columns=["section", "number", "title", "claims", *STATUSES])


def claims_by_section(a: "Audit") -> Display:
    """The claims of every section, counted by status."""
    d = a.disclosure
    frame = section_summary(a).drop(columns=["number"])
    shown = frame.rename(columns={"section": "节 section", "title": "标题 title", "claims": "数字 claims",
                                  **{s: status_cell(s) for s in STATUSES}})
    caption = (f"{part_heading(d, d.template.layout.narrative_part, '说明 narrative')}: {len(frame)} 节 sections, "
               "claims by section")
    return Display(shown, caption=caption, numeric=["数字 claims"] + STATUS_HEADERS)
