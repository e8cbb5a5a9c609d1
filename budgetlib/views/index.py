"""The index page of a reproduction: the document, its sections with their claim counts and pages,
what does not match, the figures and the files written."""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..ledger import MISMATCH, STATUS_MARKS, STATUSES
from .ledgers import section_summary
from .problems import findings_text, problems
from .display import counts_text
from ..labels import (as_printed, document_title, groups_thousands, part_heading, printed_line, source_label,
                      tolerance_text)

if TYPE_CHECKING:  # pragma: no cover
    from ..audit import Audit

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 24px; color: #222; max-width: 1200px; }}
table {{ border-collapse: collapse; margin: 8px 0 16px 0; font-size: 14px; }}
th, td {{ border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }}
td.x {{ background: #f8b4b0; }}
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

    notebook: str  # file name, e.g. '01_section.ipynb'
    title: str
    section: str | None  # narrative section numeral, None for the overview
    html: str | None  # page file name relative to the index
    ok: bool
    error: str = ""
    seconds: float = 0.0


def _cell(content, numeric=False) -> str:
    return f'<td class="n">{content}</td>' if numeric else f"<td>{content}</td>"


def _mismatches(a: "Audit") -> list[str]:
    e = html.escape
    claims = a.claim_frame[a.claim_frame["status"] == MISMATCH]
    checks = a.check_frame[a.check_frame["status"] == MISMATCH]
    if not len(claims) and not len(checks):
        return ["<p>No claim and no check is a mismatch.</p>"]
    d = a.disclosure
    grouped = groups_thousands(d)
    parts = ["<h2>不符 mismatches</h2><table><thead><tr><th>kind</th><th>id</th><th>节</th><th>核对内容</th>"
             "<th>原文 / 左边 stated</th><th>计算值 computed</th><th>差额</th><th>原句 / 公式</th></tr></thead><tbody>"]
    for frame in (claims, checks):
        for r in frame.itertuples():
            where = r.sentence if r.kind == "claim" else r.formula
            parts.append('<tr class="mismatch">' + _cell(e(r.kind)) + _cell(e(r.id)) + _cell(e(r.section or ""))
                         + _cell(e(r.description))
                         + _cell(e(r.stated_text or as_printed(r.stated, grouped, printed_line(d, r.line))))
                         + _cell(e(as_printed(r.computed, grouped)), True)
                         + _cell(e(as_printed(r.difference, grouped)), True)
                         + _cell(e(where)) + "</tr>")
    parts.append("</tbody></table>")
    return parts


def _figures(d, figures: list[str]) -> list[str]:
    from ..charts import title as chart_title

    e = html.escape
    parts = ['<h2>图 figures</h2><div class="figs">']
    for name in figures:
        png, svg = f"figures/{name}.png", f"figures/{name}.svg"
        title = chart_title(d, name)
        parts.append(f'<figure><a href="{e(svg)}"><img src="{e(png)}" alt="{e(title)}"></a>'
                     f'<figcaption>{e(title)} (<a href="{e(png)}">PNG</a>, <a href="{e(svg)}">SVG</a>)</figcaption></figure>')
    parts.append("</div>")
    return parts


def index_html(a: "Audit", runs: list[PageRun], figures: list[str], files: list[str], strict: bool = False) -> str:
    d = a.disclosure
    e = html.escape
    title = document_title(d)
    by_section = {r.section: r for r in runs if r.section}
    overview = next((r for r in runs if r.section is None), None)
    counts = a.summary()
    findings = a.finding_counts()
    findings_line = ("✗ " if findings["error"] else "") + findings_text(findings) + " (performance-goal tables)"
    parts = [
        f"<h1>{e(title)} — 复核 reproduction</h1>",
        problems(a).html(),
        "<table>",
        f"<tr><th>模板 template</th><td>{e(d.template.name)}</td></tr>",
        f"<tr><th>源文件 source</th><td><code>{e(source_label(d.path))}</code></td></tr>",
        f"<tr><th>SHA-256</th><td><code>{e(d.sha256)}</code></td></tr>",
        f"<tr><th>容差 tolerance</th><td>{e(tolerance_text(a.tolerance))}</td></tr>",
        f"<tr><th>核对 checks</th><td>{e(counts_text(counts['checks']))}</td></tr>",
        f"<tr><th>数字 claims</th><td>{e(counts_text(counts['claims']))}</td></tr>",
        f"<tr><th>发现 findings</th><td>{e(findings_line)}</td></tr>",
        f"<tr><th>strict</th><td>{'yes' if strict else 'no'}</td></tr>",
        "</table>",
    ]
    if overview is not None:
        link = f'<a href="{e(overview.html)}">{e(overview.title)}</a>' if overview.html else e(overview.title)
        state = "ok" if overview.ok else f"failed: {e(overview.error)}"
        parts.append(f"<p>概览 overview: {link} — {state}</p>")
    parts.append(f"<h2>{e(part_heading(d, d.template.layout.narrative_part, '说明 narrative'))} — 各节 sections</h2>"
                 "<table><thead><tr><th>节</th><th>标题 title</th><th>数字 claims</th>"
                 + "".join(f"<th>{STATUS_MARKS[s]} {s}</th>" for s in STATUSES)
                 + "<th>page</th><th>run</th></tr></thead><tbody>")
    for row in section_summary(a).itertuples():
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
    if figures:
        parts += _figures(a.disclosure, figures)
    if files:
        parts.append("<h2>文件 files</h2><ul>" + "".join(f'<li><a href="{e(f)}">{e(f)}</a></li>' for f in files) + "</ul>")
    return _PAGE.format(title=e(f"{title} — reproduction"), body="\n".join(parts))
