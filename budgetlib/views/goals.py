"""What a section's appendix holds: the performance-goal tables (matched to the budget project
table, their findings, a card per project), the subset analyses of statements about groups of
projects, and a printed purchase directory.

Each view takes the section (plan or numeral) and returns None when the section has no such
material, so that a section page shows only what its section has.
"""
from __future__ import annotations

import html
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..ledger import MATCH, MISMATCH, ROUNDING, UNVERIFIABLE
from ..money import round_half_up, yuan_to_wan
from .display import Details, Display, Facts, Group, Note, finding_anchor
from ..labels import document_title
from .sections import SectionPlan, plan_of

if TYPE_CHECKING:  # pragma: no cover
    from ..audit import Audit

SEVERITY_STATUS = {"error": MISMATCH, "warning": ROUNDING, "info": UNVERIFIABLE}  # row colours
CARDS_FILE = "project_cards.html"
SUBSETS_SHOWN = 10


def _wan(yuan) -> Decimal | None:
    """元 -> 万元 for display, to the cent (a blank cell may come back from the frame as NaN)."""
    return None if yuan is None or pd.isna(yuan) else round_half_up(yuan_to_wan(yuan), 2)


def _budget_table(a: "Audit") -> str:
    """The budget project table as printed, e.g. '表十二'."""
    spec = a.disclosure.template.goal_tables
    table = a.disclosure.tables.get(spec.budget_table) if spec else None
    return f"表{table.numeral}" if table is not None and table.numeral else (spec.budget_table if spec else "")


def _with_goal_tables(a: "Audit", s) -> SectionPlan | None:
    s = plan_of(a, s)
    return s if s.goal_tables and a.projects is not None else None


def project_matches(a: "Audit", s) -> Display | None:
    """Each appended performance-goal table against its row of the budget project table: its name,
    its 年度资金总额 and the budget its 项目概况 states. Red: an amount differs (or is blank), the red
    cell is the one; yellow: the amounts agree, the name differs; green: all three agree."""
    if _with_goal_tables(a, s) is None:
        return None
    budget = _budget_table(a)
    annual_column, stated_column, budget_column = "年度资金总额（万元）", "项目概况所述（万元）", f"{budget}金额（万元）"
    rows, flagged = [], set()
    for position, r in enumerate(a.projects.itertuples()):
        annual = _wan(r.annual_total)
        stated = None if r.stated_budget is None or pd.isna(r.stated_budget) else r.stated_budget
        differs = []
        if annual is None or r.t12_amount is None or annual != r.t12_amount:
            differs.append(annual_column)
        if stated is not None and r.t12_amount is not None and stated != r.t12_amount:
            differs.append(stated_column)
        flagged |= {(position, column) for column in differs}
        if differs:
            flagged.add((position, budget_column))
        same_name = r.name == r.t12_name
        failed = [c.split("（")[0] + (" blank" if c == annual_column and annual is None else f" ≠ {budget}")
                  for c in differs] + ([] if same_name else [f"名称 ≠ {budget}"])
        rows.append({
            "序号": r.table, "行号": r.line, "项目名称（绩效目标表）": r.name, f"{budget}项目名称": r.t12_name,
            "相似度": f"{r.similarity:.3f}" if r.similarity is not None else "",
            annual_column: annual, stated_column: stated, budget_column: r.t12_amount,
            "不符 differs": "；".join(failed),
            "status": MISMATCH if differs else (ROUNDING if not same_name else MATCH),
        })
    frame = pd.DataFrame(rows)
    return Display(frame, caption=f"{len(frame)} 张绩效目标表 ↔ {budget} (similarity: difflib ratio of the "
                   "normalised names)", numeric=["序号", "行号", annual_column, stated_column, budget_column],
                   status="status", flagged=flagged, flag_title=f"differs from {budget} (see the findings)",
                   note=f"green: name, 年度资金总额 and the budget 项目概况 states all agree with {budget}; yellow: the "
                   f"amounts agree, the name differs; red: an amount differs from {budget} or is blank — the "
                   "✗ cells are the ones compared (see the findings)")


def findings_summary(a: "Audit") -> Display:
    findings = a.findings
    if findings is None or findings.empty:
        return Display(pd.DataFrame(), caption="No findings.")
    table = findings.pivot_table(index="kind", columns="severity", values="message", aggfunc="count", fill_value=0)
    table = table.reindex(columns=[c for c in ("error", "warning", "info") if c in table.columns])
    table["total"] = table.sum(axis=1)
    frame = table.reset_index().rename(columns={"kind": "finding kind"})
    return Display(frame, caption=f"发现 Findings: {len(findings)} in the performance-goal tables",
                   numeric=[c for c in frame.columns if c != "finding kind"])


def findings(a: "Audit", severity: str | None = None) -> Display:
    """Every finding (or those of one severity), with the evidence quoted and its line."""
    frame = a.findings
    if frame is None or frame.empty:
        return Display(pd.DataFrame(), caption="No findings.")
    if severity:
        frame = frame[frame["severity"] == severity]
    shown = frame[["severity", "kind", "project", "line", "message", "evidence"]].copy()
    shown["evidence"] = shown["evidence"].map(lambda e: (e[:160] + "…") if isinstance(e, str) and len(e) > 160 else e)
    shown["status"] = shown["severity"].map(SEVERITY_STATUS)
    shown["_anchor"] = [finding_anchor(t, l) for t, l in zip(frame["table"], frame["line"])]
    return Display(shown.reset_index(drop=True), caption=f"{len(shown)} findings" + (f" ({severity})" if severity else ""),
                   numeric=["line"], status="status", anchor="_anchor")



def goal_tables(a: "Audit", s) -> Group | None:
    """The goal tables of the section's appendix: matched to the budget table, and their findings
    by severity (errors open, warnings and notes folded)."""
    if _with_goal_tables(a, s) is None:
        return None
    parts = [project_matches(a, s), findings_summary(a)]
    for severity in ("error", "warning", "info"):
        shown = findings(a, severity)
        if len(shown.frame):
            parts.append(Details(shown.caption, shown, open=severity == "error"))
    return Group(parts, title=f"绩效目标表 The performance-goal tables ({len(a.projects)})", level=2)


def project_card(a: "Audit", table: int, across: int = 1) -> Group:
    """The card of goal table number `table`: header facts, annual indicators, its findings."""
    project = next(p for p in a.projects.itertuples() if p.table == table)
    budget = _budget_table(a)
    share = project.quantified_share
    facts = [
        ("项目名称", project.name), ("行号", project.line), (budget, f"{project.t12_name}（{project.t12_amount} 万元）"),
        ("主管部门及代码", project.department), ("实施单位", project.implementer), ("项目属性", project.attribute),
        ("项目期", project.term), ("实施期资金总额（元）", project.impl_total), ("年度资金总额（元）", project.annual_total),
        ("其中 市县(区)财政资金（元）", project.annual_local), ("填报日期", project.filing_date_raw),
        ("项目概况所述预算", project.stated_budget_text or ""),
        ("年度指标数 / 量化占比", f"{project.indicator_count} / "
         + (f"{Decimal(share) * 100:.0f}%" if share is not None and not pd.isna(share) else "")),
    ]
    card = Facts(pd.DataFrame(facts, columns=["项目", "内容"]), caption=f"{project.table}. {project.name}", across=across)
    indicators = a.indicators
    own = indicators[(indicators["table"] == project.table) & (indicators["period"] == "年度")]
    shown = own[["level1", "level2", "level3", "value", "comparator", "number", "unit", "kind"]].rename(
        columns=a.goals.indicator_columns)
    parts = [card, Display(shown.reset_index(drop=True), caption="年度绩效指标 annual indicators")]
    own_findings = a.findings[a.findings["table"] == project.table]
    if len(own_findings):
        shown = own_findings[["severity", "kind", "line", "message"]].copy()
        shown["status"] = shown["severity"].map(SEVERITY_STATUS)
        parts.append(Display(shown.reset_index(drop=True), caption="发现 findings", numeric=["line"], status="status"))
    return Group(parts)


def project_cards(a: "Audit", s, output_dir=None) -> Note | None:
    """One card per goal table, written to a page of their own (project_cards.html in output_dir):
    too long for the section page. Without output_dir, how to show one card here."""
    if _with_goal_tables(a, s) is None:
        return None
    count = len(a.projects)
    if not output_dir:
        return Note(f"{count} project cards: set output_dir to write them all to {CARDS_FILE}, or show one "
                    "here with views.project_card(a, <序号>).")
    d = a.disclosure
    cards = "".join(_folded_card(a, p) for p in a.projects.itertuples())
    title = html.escape(f"{document_title(d)} — 绩效目标表 project cards")
    page = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body style="font-family:sans-serif;margin:24px"><h1>{title}</h1>'
            f'<p style="font-size:13px;color:#555">{count} cards, one line each; a card opens on a click — those '
            f"with an error finding are open.</p>{cards}</body></html>\n")
    path = Path(output_dir) / CARDS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return Note(f"{count} project cards (header facts, annual indicators, findings) are on a page of their own:",
                CARDS_FILE)


CARD_COLOURS = {"error": "#fde2e1", "warning": "#fff4d6"}  # a card's line: its worst finding


def _folded_card(a: "Audit", project) -> str:
    """One card of the cards page, folded under a line (its number, name, budget amount and findings by
    severity); open when it has an error finding."""
    own = a.findings[a.findings["table"] == project.table]["severity"].value_counts()
    worst = next((s for s in ("error", "warning") if own.get(s, 0)), None)
    counts = ", ".join(f"{int(own[s])} {s}" for s in ("error", "warning", "info") if own.get(s, 0)) or "no finding"
    line = html.escape(f"{project.table}. {project.name} — {_budget_table(a)} {project.t12_amount} 万元 — {counts}")
    style = f"background:{CARD_COLOURS[worst]};" if worst else ""
    return (f'<section id="p{project.table}"><details{" open" if worst == "error" else ""}>'
            f'<summary style="cursor:pointer;padding:3px 6px;{style}">{line}</summary>'
            f"{project_card(a, project.table, across=2).html()}</details></section>")


def subset_analyses(a: "Audit", s) -> Group | None:
    """Statements about groups of projects that the budget table does not mark (a project category,
    purchased services): every subset of the stated size summing to the stated amount, and the
    evidence weighed; each folded under its statement."""
    s = plan_of(a, s)
    if not s.subsets:
        return None
    parts, seen = [], set()
    for r in (r for r in a.claims if r.section == s.numeral):
        evidence = r.extra.get("subset")
        if evidence is None or id(evidence) in seen:
            continue
        seen.add(id(evidence))
        scored = evidence.scores or [(None, names) for names in evidence.subsets]
        frame = pd.DataFrame([
            {"rank": i + 1, "score": "" if score is None else f"{score:.2f}", "projects": "、".join(names),
             "chosen": "✓" if names == evidence.chosen else ""}
            for i, (score, names) in enumerate(scored[:SUBSETS_SHOWN])
        ])
        more = f" (first {SUBSETS_SHOWN} of {len(scored)})" if len(scored) > SUBSETS_SHOWN else ""
        caption = f"{r.sentence[:60]} — {evidence.label}: {r.mark} {r.status}{more}"
        parts.append(Details(caption, Display(frame, numeric=["rank", "score"], note=evidence.note)))
    return Group(parts, title="项目组合 Which projects?", level=2)


def purchase_directory(a: "Audit", s) -> Display | None:
    """The entries of a purchase directory (政府购买服务指导性目录) printed in the section's appendix."""
    s = plan_of(a, s)
    if not s.directory:
        return None
    lines = [line for _, _, line in s.directory]
    frame = pd.DataFrame(list(s.directory), columns=["代码", "目录", "行号"])
    return Display(frame, caption=f"政府购买服务指导性目录: {len(frame)} entries printed in the appendix "
                   f"(lines {min(lines)}–{max(lines)})", numeric=["行号"])
