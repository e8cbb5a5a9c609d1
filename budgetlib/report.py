"""What the notebooks display, and the HTML index of a reproduction.

Notebook cells only call these functions: each returns a `Display` (an HTML table for Jupyter, a
plain-text table for consoles and nbval) built from the loaded disclosure — the section's text,
the table slices its claims draw on, the stated-vs-computed ledger. No parsing or arithmetic
happens in a notebook. Outputs are deterministic: no paths outside the repository, no memory
addresses, no timings, so that nbval can compare a fresh run with the committed outputs.
"""
from __future__ import annotations

import html
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import pandas as pd

from .ledger import MATCH, MISMATCH, ROUNDING, STATUS_MARKS, STATUSES, UNVERIFIABLE
from .money import round_half_up, yuan_to_wan

if TYPE_CHECKING:  # pragma: no cover
    from .audit import Audit

ROOT = Path(__file__).resolve().parent.parent
STATUS_COLORS = {MATCH: "#e6f4ea", ROUNDING: "#fff4d6", MISMATCH: "#fde2e1", UNVERIFIABLE: "#eeeeee"}
# !important: JupyterLab's stylesheet right-aligns every cell with a more specific selector.
_STYLE = ("<style>.bl-t{border-collapse:collapse;font-size:13px;margin:4px 0 12px 0}"
          ".bl-t th,.bl-t td{border:1px solid #ccc!important;padding:2px 6px!important;"
          "text-align:left!important;vertical-align:top}"
          ".bl-t th{background:#f3f3f3}.bl-t td.n{text-align:right!important}.bl-t td.b{font-weight:bold}</style>")
_TABLE = '<table class="bl-t" border="1">'


class MismatchError(AssertionError):
    """Raised by finish(strict=True) when a claim or check is a mismatch; str() is one line."""


# -- display objects -------------------------------------------------------------------------------

def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


@dataclass
class Display:
    """A table to show: HTML in Jupyter and the rendered pages, plain text everywhere else.

    frame: the rows (any values; Decimal shown as printed, None blank).
    numeric: columns aligned right.  status: a column of `frame` holding a ledger status; it colours
    the row and is not shown itself.
    bold: (row position, column) pairs shown in bold (the cells a claim uses).
    """

    frame: pd.DataFrame
    caption: str = ""
    numeric: Sequence[str] = ()
    status: str | None = None
    bold: set = field(default_factory=set)
    note: str = ""

    @property
    def visible(self) -> list:
        return [c for c in self.frame.columns if c != self.status]

    def text_frame(self) -> pd.DataFrame:
        return self.frame[self.visible].apply(lambda column: column.map(_text)).astype(object)

    def __repr__(self) -> str:
        lines = [self.caption] if self.caption else []
        if len(self.frame):
            lines.append(self.text_frame().to_string(index=False))
        else:
            lines.append("(no rows)")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.html()

    def html(self) -> str:
        out = []
        if self.caption:
            out.append(f'<p style="font-weight:bold;margin:8px 0 2px 0">{html.escape(self.caption)}</p>')
        if not len(self.frame):
            out.append("<p><i>(no rows)</i></p>")
        else:
            out.append(f'{_STYLE}{_TABLE}<thead><tr>')
            for column in self.visible:
                out.append(f'<th>{html.escape(str(column))}</th>')
            out.append("</tr></thead><tbody>")
            texts = self.text_frame()
            for position, (_, row) in enumerate(texts.iterrows()):
                style = ""
                if self.status is not None:
                    status = str(self.frame.iloc[position][self.status])
                    colour = STATUS_COLORS.get(status)
                    style = f' style="background:{colour}"' if colour else ""
                out.append(f"<tr{style}>")
                for column in self.visible:
                    classes = " ".join(c for c, on in (("n", column in self.numeric),
                                                        ("b", (position, column) in self.bold)) if on)
                    attribute = f' class="{classes}"' if classes else ""
                    out.append(f'<td{attribute}>{html.escape(row[column])}</td>')
                out.append("</tr>")
            out.append("</tbody></table>")
        if self.note:
            out.append(f'<p style="font-size:12px;color:#555">{html.escape(self.note)}</p>')
        return "".join(out)


class Facts(Display):
    """Label-value pairs: an HTML table, and one `label: value` line each in plain text (so that a
    long value, such as a path, does not shift the alignment of the other lines)."""

    def __repr__(self) -> str:
        texts = self.text_frame()
        lines = [self.caption] if self.caption else []
        lines += [f"{label}: {value}" for label, value in zip(texts.iloc[:, 0], texts.iloc[:, 1])]
        return "\n".join(lines)


@dataclass
class Group:
    """Several displays shown one after the other (one notebook output)."""

    parts: list
    title: str = ""

    def __repr__(self) -> str:
        head = [self.title] if self.title else []
        return "\n\n".join(head + [repr(p) for p in self.parts]) if (self.parts or head) else "(nothing)"

    def _repr_html_(self) -> str:
        head = f"<h4>{html.escape(self.title)}</h4>" if self.title else ""
        body = "".join(p._repr_html_() for p in self.parts) or "<p><i>(nothing)</i></p>"
        return head + body


@dataclass
class Quote:
    """The text of a Part 3 section, line by line with the source line numbers."""

    title: str
    lines: list  # (line number, text)
    appendix: str = ""

    def __repr__(self) -> str:
        body = "\n".join(f"[{no}] {text}" for no, text in self.lines)
        return "\n".join(x for x in (self.title, body, self.appendix) if x)

    def _repr_html_(self) -> str:
        rows = "".join(
            f'<p style="margin:4px 0"><span style="color:#888;font-size:11px">[{no}]</span> {html.escape(text)}</p>'
            for no, text in self.lines
        )
        appendix = f'<p style="font-size:12px;color:#555">{html.escape(self.appendix)}</p>' if self.appendix else ""
        return (f'<blockquote style="border-left:4px solid #c8102e;margin:6px 0;padding:4px 12px;background:#fafafa">'
                f'<p style="font-weight:bold;margin:2px 0">{html.escape(self.title)}</p>{rows}</blockquote>{appendix}')


# -- the document ----------------------------------------------------------------------------------

def source_label(path) -> str:
    """The source path as shown: relative to the repository when inside it, else as given."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def header(a: "Audit") -> Display:
    d = a.disclosure
    rows = [
        ("单位 unit", d.unit),
        ("预算年度 year", d.year),
        ("源文件 source file", source_label(d.path)),
        ("SHA-256", d.sha256),
        ("金额单位 amount unit", d.amount_unit),
        ("尾差容差 tolerance", a.tolerance),
        ("表格 tables (第二部分)", len(d.tables)),
        ("说明 sections (第三部分)", len(d.sections)),
    ]
    if a.prior:
        rows.append(("上年数 prior-year figures given", ", ".join(f"{k}={v}" for k, v in sorted(a.prior.items()))))
    return Facts(pd.DataFrame(rows, columns=["项目", "内容"]), caption=f"{d.unit} {d.year}年度单位预算公开")


def table_list(a: "Audit") -> Display:
    d = a.disclosure
    rows = []
    for tid, table in d.tables.items():
        rows.append({
            "id": tid, "表号": f"表{table.numeral}" if table.numeral else "", "标题 title": table.title,
            "行数 rows": len(table.frame), "单位": table.amount_unit,
            "备注 notes": "；".join(table.notes), "行号 line": table.title_line,
        })
    return Display(pd.DataFrame(rows), caption="第二部分 的 13 张表", numeric=["行数 rows", "行号 line"])


def table(a: "Audit", tid: str) -> Display:
    """One table as loaded (printed Chinese labels; blank cells blank)."""
    d = a.disclosure
    t = d.tables[tid]
    frame = t.printed()
    amounts = [t.columns[c] for c in t.amount_columns]
    note = "；".join(t.notes)
    caption = f"{tid} 表{t.numeral} {t.title}（单位：{t.amount_unit}）"
    return Display(frame, caption=caption, numeric=amounts + [t.columns["line"]], note=note)


# -- ledgers ---------------------------------------------------------------------------------------

def _status_cell(status: str) -> str:
    return f"{STATUS_MARKS[status]} {status}"


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    counts = frame["status"].value_counts() if len(frame) else pd.Series(dtype=int)
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def _counts_text(counts: dict[str, int]) -> str:
    return "  ".join(f"{STATUS_MARKS[s]} {counts[s]} {s}" for s in STATUSES)


def checks(a: "Audit", only: str | None = None) -> Display:
    """Every accounting identity with its status (only='mismatch' etc. filters)."""
    frame = a.check_frame
    if only:
        frame = frame[frame["status"] == only]
    shown = pd.DataFrame({
        "id": frame["id"], "状态 status": frame["status"].map(_status_cell),
        "核对内容 description": frame["description"],
        "左边 stated": frame["stated"], "右边 computed": frame["computed"], "差额 difference": frame["difference"],
        "表 tables": frame["tables"], "说明 note": frame["note"], "_status": frame["status"],
    })
    return Display(shown, caption=f"核对 checks: {_counts_text(status_counts(frame))}", status="_status",
                   numeric=["左边 stated", "右边 computed", "差额 difference"])


def check_summary(a: "Audit") -> Display:
    """Checks by table (the first table an identity names) and status."""
    frame = a.check_frame
    group = frame["id"].str.split(".").str[0]
    rows = []
    for name, part in frame.groupby(group, sort=False):
        counts = status_counts(part)
        rows.append({"表 table": name, "核对数 checks": len(part), **{f"{STATUS_MARKS[s]} {s}": counts[s] for s in STATUSES}})
    columns = ["核对数 checks"] + [f"{STATUS_MARKS[s]} {s}" for s in STATUSES]
    return Display(pd.DataFrame(rows), caption="核对 by table", numeric=columns)


def section_claims(a: "Audit", numeral: str) -> pd.DataFrame:
    claims = a.claim_frame
    return claims[claims["section"] == numeral]


def claims(a: "Audit", numeral: str) -> Display:
    """The stated-vs-computed ledger of one section (reason given for every unverifiable one)."""
    d = a.disclosure
    frame = section_claims(a, numeral)
    shown = pd.DataFrame({
        "id": frame["id"], "状态 status": frame["status"].map(_status_cell),
        "原文 stated": frame["stated_text"] + frame["unit"].map(lambda u: "" if u in ("年", "日期", "相同") else u),
        "核对内容 description": frame["description"],
        "计算值 computed": frame["computed"], "差额 difference": frame["difference"],
        "计算方法 formula": frame["formula"], "说明 / 原因 note": frame["note"], "行号 line": frame["line"],
        "_status": frame["status"],
    })
    counts = status_counts(frame)
    caption = f"第三部分 {numeral}: {len(frame)} 个数字 — {_counts_text(counts)}"
    return Display(shown, caption=caption, status="_status", numeric=["计算值 computed", "差额 difference", "行号 line"])


def section_summary(a: "Audit") -> pd.DataFrame:
    """One row per Part 3 section: numeral, title, claim counts by status."""
    d = a.disclosure
    claims_frame = a.claim_frame
    rows = []
    for numeral, section in d.sections.items():
        counts = status_counts(claims_frame[claims_frame["section"] == numeral])
        rows.append({"section": numeral, "title": section.title, "claims": sum(counts.values()), **counts})
    return pd.DataFrame(rows)


def sections(a: "Audit") -> Display:
    d = a.disclosure
    frame = section_summary(a)
    shown = frame.rename(columns={"section": "节 section", "title": "标题 title", "claims": "数字 claims",
                                  **{s: f"{STATUS_MARKS[s]} {s}" for s in STATUSES}})
    return Display(shown, caption="第三部分 claims by section", numeric=["数字 claims"] + [f"{STATUS_MARKS[s]} {s}" for s in STATUSES])


# -- the section's text and the table slices it draws on ------------------------------------------

def quote(a: "Audit", numeral: str) -> Quote:
    d = a.disclosure
    section = d.sections[numeral]
    lines = [(l.no, l.text.strip()) for l in section.lines if l.text.strip()]
    appendix = ""
    if section.appendix:
        first, last = section.appendix[0].no, section.appendix[-1].no
        appendix = (f"附件 appendix: {len(section.appendix)} lines (lines {first}–{last}), "
                    f"beginning “{section.appendix[0].text.strip()[:40]}”")
    return Quote(f"{numeral}、{section.title}（第 {section.line} 行）", lines, appendix)


def _results_of(a: "Audit", numeral: str):
    return [r for r in a.claims if r.section == numeral]


def cells_used(a: "Audit", numeral: str) -> "OrderedDict[str, dict[int, set[str]]]":
    """table id -> {row index -> columns} of every table cell the section's claims draw on."""
    d = a.disclosure
    used: "OrderedDict[str, dict[int, set[str]]]" = OrderedDict()
    for result in _results_of(a, numeral):
        for expr in (result.stated_expr, result.computed_expr):
            if expr is None:
                continue
            for c in expr.cells():
                used.setdefault(c.table.id, {}).setdefault(c.index, set()).add(c.column)
    for result in _results_of(a, numeral):  # tables named without cells: show them whole
        for tid in filter(None, (result.tables or "").split(",")):
            tid = tid.strip()
            if tid in d.tables and tid not in used:
                used[tid] = {int(i): set() for i in d.tables[tid].frame.index}
    return OrderedDict(sorted(used.items()))


_LABEL_COLUMNS = ("line", "side", "group", "item", "code", "name", "dept_item", "gov_item", "income_code",
                  "income_name", "level")


def slice_of(a: "Audit", tid: str, rows: dict[int, set[str]]) -> Display:
    d = a.disclosure
    t = d.tables[tid]
    frame = t.frame.loc[sorted(rows)]
    used_columns = {c for columns in rows.values() for c in columns}
    amount_columns = [c for c in t.amount_columns if c in used_columns] or list(t.amount_columns)
    keep = [c for c in t.columns if c in _LABEL_COLUMNS or c in amount_columns]
    shown = frame[keep].rename(columns=t.columns)
    bold = set()
    for position, index in enumerate(sorted(rows)):
        for column in rows[index]:
            if column in keep:
                bold.add((position, t.columns[column]))
    caption = f"{tid} 表{t.numeral} {t.title}（{len(frame)} 行 rows; 单位：{t.amount_unit}）"
    return Display(shown, caption=caption, numeric=[t.columns[c] for c in amount_columns] + [t.columns["line"]],
                   bold=bold, note="bold: the cells the section's claims use")


def slices(a: "Audit", numeral: str) -> Group:
    """The rows of each table that the section's claims draw on (cells used in bold)."""
    d = a.disclosure
    used = cells_used(a, numeral)
    parts = [slice_of(a, tid, rows) for tid, rows in used.items()]
    if not parts:
        return Group([], title="No claim of this section draws on a table.")
    return Group(parts)


# -- the performance-goal tables (section 十) and the subset analyses (十, 十二) --------------------

SEVERITY_STATUS = {"error": MISMATCH, "warning": ROUNDING, "info": UNVERIFIABLE}  # row colours


def _wan(yuan) -> Decimal | None:
    """元 -> 万元 for display, to the cent (a blank cell may come back from the frame as NaN)."""
    return None if yuan is None or pd.isna(yuan) else round_half_up(yuan_to_wan(yuan), 2)


def project_matches(a: "Audit") -> Display:
    """Each appended performance-goal table against its row of 表十二: name similarity and amount."""
    projects = a.projects
    if projects is None or projects.empty:
        return Display(pd.DataFrame(), caption="No performance-goal tables (绩效目标表) in this disclosure.")
    rows = []
    for r in projects.itertuples():
        annual = _wan(r.annual_total)
        same_name = r.name == r.t12_name
        same_amount = annual is not None and r.t12_amount is not None and annual == r.t12_amount
        rows.append({
            "序号": r.table, "行号": r.line, "项目名称（绩效目标表）": r.name, "表十二项目名称": r.t12_name,
            "相似度": f"{r.similarity:.3f}" if r.similarity is not None else "",
            "年度资金总额（万元）": annual, "表十二金额（万元）": r.t12_amount,
            "status": MATCH if same_name and same_amount else (MISMATCH if annual is not None and not same_amount
                                                               else ROUNDING),
        })
    frame = pd.DataFrame(rows)
    return Display(frame, caption=f"{len(frame)} 张绩效目标表 ↔ 表十二 (similarity: difflib ratio of the "
                   "normalised names)", numeric=["序号", "行号", "年度资金总额（万元）", "表十二金额（万元）"],
                   status="status", note="green: same name and amount; yellow: name differs; red: amount "
                   "differs or is blank (see the findings)")


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
    return Display(shown.reset_index(drop=True), caption=f"{len(shown)} findings" + (f" ({severity})" if severity else ""),
                   numeric=["line"], status="status")


def _card(a: "Audit", project) -> Group:
    facts = [
        ("项目名称", project.name), ("行号", project.line), ("表十二", f"{project.t12_name}（{project.t12_amount} 万元）"),
        ("主管部门及代码", project.department), ("实施单位", project.implementer), ("项目属性", project.attribute),
        ("项目期", project.term), ("实施期资金总额（元）", project.impl_total), ("年度资金总额（元）", project.annual_total),
        ("其中 市县(区)财政资金（元）", project.annual_local), ("填报日期", project.filing_date_raw),
        ("项目概况所述预算", project.stated_budget_text or ""),
        ("年度指标数 / 量化占比", f"{project.indicator_count} / "
         + (f"{Decimal(project.quantified_share) * 100:.0f}%" if project.quantified_share is not None else "")),
    ]
    card = Facts(pd.DataFrame(facts, columns=["项目", "内容"]), caption=f"{project.table}. {project.name}")
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


def project_cards(a: "Audit") -> Group:
    """One card per performance-goal table: header facts, annual indicators, its findings."""
    d = a.disclosure
    if a.projects is None or a.projects.empty:
        return Group([], title="No performance-goal tables.")
    return Group([_card(a, p) for p in a.projects.itertuples()])


def subset_analyses(a: "Audit", numeral: str) -> Group:
    """Statements about groups of projects that 表十二 does not mark (项目类别, 政府购买服务): every
    subset of 表十二's projects of the stated size summing to the stated amount, and the evidence."""
    d = a.disclosure
    parts, seen = [], set()
    for r in _results_of(a, numeral):
        evidence = r.extra.get("subset")
        if evidence is None or id(evidence) in seen:
            continue
        seen.add(id(evidence))
        scored = evidence.scores or [(None, names) for names in evidence.subsets]
        frame = pd.DataFrame([
            {"rank": i + 1, "score": "" if score is None else f"{score:.2f}", "projects": "、".join(names),
             "chosen": "✓" if names == evidence.chosen else ""}
            for i, (score, names) in enumerate(scored[:10])
        ])
        more = f" (first 10 of {len(scored)})" if len(scored) > 10 else ""
        parts.append(Display(frame, caption=f"{r.sentence[:60]} — {evidence.label}: {r.mark} {r.status}{more}",
                             numeric=["rank", "score"], note=evidence.note))
    if not parts:
        return Group([], title="No statement of this section needs a subset analysis.")
    return Group(parts)


def purchase_directory(a: "Audit") -> Display:
    """The 应急 part of the printed 政府购买服务指导性目录 (section 十二's appendix)."""
    d = a.disclosure
    from .performance import purchase_directory as entries

    frame = pd.DataFrame(entries(d), columns=["代码", "目录", "行号"])
    return Display(frame, caption="政府购买服务指导性目录（应急）as printed in the appendix", numeric=["行号"])


# -- the end of every notebook --------------------------------------------------------------------

def finish(a: "Audit", strict: bool = False, numeral: str | None = None) -> Display:
    """Summary of the notebook's scope; with strict, raise MismatchError on any mismatch.

    numeral=None: the whole document (every check and claim); else the claims of that section.
    """
    d = a.disclosure
    claims_frame = a.claim_frame if numeral is None else section_claims(a, numeral)
    frames = [("claim", claims_frame)]
    if numeral is None:
        frames.append(("check", a.check_frame))
    rows = []
    broken = []
    for kind, frame in frames:
        counts = status_counts(frame)
        rows.append({"kind": kind, "total": len(frame), **{f"{STATUS_MARKS[s]} {s}": counts[s] for s in STATUSES}})
        broken += [f"{kind} {r.id} ({r.description}: stated {_text(r.stated)}, computed {_text(r.computed)})"
                   for r in frame[frame["status"] == MISMATCH].itertuples()]
    scope = "整个文件 whole document" if numeral is None else f"第三部分 {numeral}"
    summary = Display(pd.DataFrame(rows), caption=f"结论 summary — {scope}",
                      numeric=["total"] + [f"{STATUS_MARKS[s]} {s}" for s in STATUSES],
                      note=("mismatches: " + "; ".join(broken)) if broken else "no mismatch")
    if strict and broken:
        raise MismatchError(f"{len(broken)} mismatch(es) in {scope}: " + "; ".join(broken))
    return summary


# -- the HTML index of a reproduction -------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 24px; color: #222; max-width: 1200px; }}
table {{ border-collapse: collapse; margin: 8px 0 16px 0; font-size: 14px; }}
th, td {{ border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }}
td.n {{ text-align: right; }}
tr.failed td {{ background: #fde2e1; }}
.mismatch {{ background: #fde2e1; }}
.figs {{ display: flex; flex-wrap: wrap; gap: 12px; }}
.figs figure {{ margin: 0; width: 360px; }}
.figs img {{ width: 360px; border: 1px solid #ddd; }}
code {{ font-size: 12px; }}
</style></head><body>
{body}
</body></html>
"""


@dataclass
class PageRun:
    """One notebook of a reproduction, as the index shows it."""

    notebook: str  # file name, e.g. '01_income_expenditure_change.ipynb'
    title: str
    section: str | None  # Part 3 numeral, None for the overview
    html: str | None  # page file name relative to the index
    ok: bool
    error: str = ""
    seconds: float = 0.0


def _cell(text, numeric=False, cls="") -> str:
    attrs = ' class="n"' if numeric else (f' class="{cls}"' if cls else "")
    return f"<td{attrs}>{text}</td>"


def index_html(a: "Audit", runs: list[PageRun], figures: list[str], files: list[str],
               strict: bool = False) -> str:
    d = a.disclosure
    e = html.escape
    summary = section_summary(a)
    by_section = {r.section: r for r in runs if r.section}
    overview = next((r for r in runs if r.section is None), None)
    counts = a.summary()
    parts = [
        f"<h1>{e(d.unit)} {d.year}年度单位预算公开 — 复核 reproduction</h1>",
        "<table>",
        f"<tr><th>源文件 source</th><td><code>{e(source_label(d.path))}</code></td></tr>",
        f"<tr><th>SHA-256</th><td><code>{e(d.sha256)}</code></td></tr>",
        f"<tr><th>容差 tolerance</th><td>{e(_text(a.tolerance))}</td></tr>",
        f"<tr><th>核对 checks</th><td>{e(_counts_text(counts['checks']))}</td></tr>",
        f"<tr><th>数字 claims</th><td>{e(_counts_text(counts['claims']))}</td></tr>",
        f"<tr><th>strict</th><td>{'yes' if strict else 'no'}</td></tr>",
        "</table>",
    ]
    if overview is not None:
        link = f'<a href="{e(overview.html)}">{e(overview.title)}</a>' if overview.html else e(overview.title)
        state = "ok" if overview.ok else f"failed: {e(overview.error)}"
        parts.append(f"<p>概览 overview: {link} — {state}</p>")
    parts.append("<h2>第三部分 各节 sections</h2><table><thead><tr><th>节</th><th>标题 title</th><th>数字 claims</th>"
                 + "".join(f"<th>{STATUS_MARKS[s]} {s}</th>" for s in STATUSES)
                 + "<th>page</th><th>run</th></tr></thead><tbody>")
    for row in summary.itertuples():
        run = by_section.get(row.section)
        page = f'<a href="{e(run.html)}">{e(Path(run.html).stem)}</a>' if run and run.html else "—"
        page += f' (<a href="{e(run.notebook)}">ipynb</a>)' if run else ""
        state = "—" if run is None else ("ok" if run.ok else f"failed: {e(run.error)}")
        failed = (run is not None and not run.ok) or getattr(row, MISMATCH) > 0
        parts.append(
            f'<tr{" class=failed" if failed else ""}>'
            + _cell(e(row.section)) + _cell(e(row.title)) + _cell(row.claims, True)
            + "".join(_cell(getattr(row, s), True) for s in STATUSES)
            + _cell(page) + _cell(state) + "</tr>"
        )
    parts.append("</tbody></table>")
    # what broke
    broken_claims = a.claim_frame[a.claim_frame["status"] == MISMATCH]
    broken_checks = a.check_frame[a.check_frame["status"] == MISMATCH]
    if len(broken_claims) or len(broken_checks):
        parts.append("<h2>不符 mismatches</h2><table><thead><tr><th>kind</th><th>id</th><th>节</th><th>核对内容</th>"
                     "<th>原文 / 左边 stated</th><th>计算值 computed</th><th>差额</th><th>原句 / 公式</th></tr></thead><tbody>")
        for frame in (broken_claims, broken_checks):
            for r in frame.itertuples():
                where = r.sentence if r.kind == "claim" else r.formula
                parts.append('<tr class="mismatch">' + _cell(e(r.kind)) + _cell(e(r.id)) + _cell(e(r.section or ""))
                             + _cell(e(r.description)) + _cell(e(r.stated_text or _text(r.stated)))
                             + _cell(e(_text(r.computed)), True) + _cell(e(_text(r.difference)), True)
                             + _cell(e(where)) + "</tr>")
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No claim and no check is a mismatch.</p>")
    if figures:
        parts.append('<h2>图 figures</h2><div class="figs">')
        from .charts import CHARTS

        for name in figures:
            png = f"figures/{name}.png"
            svg = f"figures/{name}.svg"
            title = CHARTS[name].title if name in CHARTS else name
            parts.append(f'<figure><a href="{e(svg)}"><img src="{e(png)}" alt="{e(title)}"></a>'
                         f'<figcaption>{e(title)} (<a href="{e(png)}">PNG</a>, <a href="{e(svg)}">SVG</a>)</figcaption></figure>')
        parts.append("</div>")
    if files:
        parts.append("<h2>文件 files</h2><ul>" + "".join(f'<li><a href="{e(f)}">{e(f)}</a></li>' for f in files) + "</ul>")
    return _PAGE.format(title=e(f"{d.unit} {d.year} reproduction"), body="\n".join(parts))
