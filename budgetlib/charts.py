"""The figures of a reproduction, drawn from the loaded tables and claims.

A disclosure may print charts without their data (this template prints 收入预算图,
一般公共预算当年支出结构图 and 三公经费分布图 in its narrative); they are redrawn here from the
tables, together with four more: 基本支出/项目支出, the projects of the project table, the economic
classification of 基本支出 and the prior-year → budget-year change implied by the 比上年 sentences.
Each `draw(a, name, output_dir)` returns a matplotlib Figure and, when output_dir is given, writes
it as PNG and SVG to output_dir/figures/<name>.png|svg. `placement(a)` says which page shows each
chart, from what the document has (see there).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .money import percent, round_half_up
from .text import strip_numbering

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from .audit import Audit
    from .document import Disclosure

PALETTE = ["#c8102e", "#1f5aa6", "#f2a900", "#2e8b57", "#7b4fa0", "#e07020", "#3aa6b9", "#8c564b", "#999999"]
DPI = 100
SVG_SALT = "budgetlib"  # fixed ids inside the SVG files, so that reruns give identical files


def _pyplot():
    """pyplot with the CJK font registered (see budgetlib.fonts)."""
    import matplotlib

    from . import fonts

    fonts.setup()
    matplotlib.rcParams["svg.hashsalt"] = SVG_SALT
    import matplotlib.pyplot as plt

    return plt


def _f(amount) -> float:
    return float(amount or 0)


def _share(part, whole) -> str:
    share = percent(Decimal(part or 0), Decimal(whole or 0))
    return "" if share is None else f"{round_half_up(share, 2)}%"


def _amount(value) -> str:
    return f"{Decimal(value or 0):,.2f}"


def _title(fig, ax, d: "Disclosure", title: str, subtitle: str = "") -> None:
    ax.set_title(f"{title}\n", fontsize=14, fontweight="bold", loc="left")
    ax.text(0, 1.01, f"{d.unit} {d.year}年{subtitle}".strip(), transform=ax.transAxes, fontsize=9, color="#555",
            va="bottom")


def _barh(ax, labels, values, colors=None, unit="万元", total=None, fontsize=9):
    positions = range(len(labels))
    bars = ax.barh(list(positions), [_f(v) for v in values], color=colors or PALETTE[1])
    ax.set_yticks(list(positions), labels, fontsize=fontsize)
    ax.invert_yaxis()
    peak = max([_f(v) for v in values] + [0])
    for bar, value in zip(bars, values):
        text = _amount(value) + (f"（{_share(value, total)}）" if total else "")
        ax.text(bar.get_width() + peak * 0.01, bar.get_y() + bar.get_height() / 2, text,
                va="center", fontsize=fontsize - 1)
    ax.set_xlim(0, peak * 1.3 if peak else 1)
    ax.set_xlabel(unit)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _bar_figure(a: "Audit", labels, values, title: str, subtitle: str, colors=None, total=None,
                fontsize=9, width=9, row_height=0.6, extra_height=1.8):
    """One horizontal bar per label, titled: the shape most of the charts share. Returns (fig, ax)."""
    d = a.disclosure
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(width, row_height * len(labels) + extra_height), dpi=DPI)
    _barh(ax, labels, values, colors=colors, total=total, fontsize=fontsize)
    _title(fig, ax, d, title, subtitle)
    return fig, ax


def _total(table) -> Decimal | None:
    """The amount of the table's 合计 row (None when it has none)."""
    rows = table.frame[table.frame["level"] == "合计"]
    return rows["total"].iloc[0] if len(rows) else None


def _legend_below(ax, *handles_labels):
    ax.legend(*handles_labels, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, frameon=False, fontsize=9)


# -- the charts -------------------------------------------------------------------------------------

def income_composition(a: "Audit") -> "Figure":
    """收入预算图: 收入 by source (表二 合计 row: 本年收入 by source + 上年结转)."""
    d = a.disclosure
    plt = _pyplot()
    t02 = d.tables["t02"]
    total_row = t02.frame[t02.frame["level"] == "合计"].iloc[0]
    sources = ["general", "fund", "state_capital", "special_account", "unit_funds", "carried_over"]
    labels = [t02.columns[c] for c in sources]
    values = [total_row[c] or Decimal(0) for c in sources]
    grand = sum(values, Decimal(0))
    fig, ax = plt.subplots(figsize=(8, 5), dpi=DPI)
    shown = [(l, v, PALETTE[i]) for i, (l, v) in enumerate(zip(labels, values)) if v]
    wedges, _ = ax.pie([_f(v) for _, v, _ in shown], colors=[c for *_, c in shown], startangle=90,
                       counterclock=False, wedgeprops={"width": 0.38, "edgecolor": "white"})
    ax.legend(wedges, [f"{l}  {_amount(v)}万元（{_share(v, grand)}）" for l, v, _ in shown],
              loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=10)
    zero = [l for l, v in zip(labels, values) if not v]
    if zero:
        lines = ["、".join(zero[i:i + 2]) for i in range(0, len(zero), 2)]
        ax.text(1.02, 0.2, "0万元：\n" + "\n".join(lines), transform=ax.transAxes, fontsize=8, color="#555",
                va="top")
    ax.text(0, 0, f"收入合计\n{_amount(grand)}万元", ha="center", va="center", fontsize=11)
    ax.set_aspect("equal")
    _title(fig, ax, d, "收入预算图", f"（表{t02.numeral} 合计行：本年收入按来源 + 上年结转）")
    fig.tight_layout()
    return fig


def expenditure_structure(a: "Audit") -> "Figure":
    """一般公共预算当年支出结构图: 表五 by 类, with each 类's share of the total."""
    d = a.disclosure
    t05 = d.tables["t05"]
    total = _total(t05)
    classes = t05.frame[t05.frame["level"] == "类"]
    labels = [f"{c} {n}" for c, n in zip(classes["code"], classes["name"])]
    fig, _ = _bar_figure(a, labels, list(classes["total"]), "一般公共预算当年支出结构图",
                         f"（表{t05.numeral} 按类；合计 {_amount(total)}万元）", colors=PALETTE[: len(labels)], total=total)
    fig.tight_layout()
    return fig


def three_public(a: "Audit") -> "Figure":
    """三公经费分布图: 表十's items on one scale; an item with sub-items is one bar split into them
    (so the parent is not drawn beside its own parts); a zero item is a labelled 0, not a missing bar."""
    d = a.disclosure
    t10 = d.tables["t10"]
    total = _total(t10)
    items = t10.frame[t10.frame["level"] == "项目"]
    details = t10.frame[t10.frame["level"] == "明细"]
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(items) + 2.2), dpi=DPI)
    peak = max([_f(v) for v in items["total"]] + [0]) or 1
    for position, (item, value) in enumerate(zip(items["item"], items["total"])):
        parts = details[details["parent"] == item]
        left = 0.0
        if len(parts) and _f(value):
            for shade, (name, part) in enumerate(zip(parts["item"], parts["total"])):
                ax.barh(position, _f(part), left=left, color=PALETTE[1 + shade], label=strip_numbering(name))
                left += _f(part)
        else:
            ax.barh(position, _f(value), color=PALETTE[0])
        parts_text = "；".join(f"{strip_numbering(n)} {_amount(v)}" for n, v in zip(parts["item"], parts["total"]))
        label = _amount(value) + (f"（{_share(value, total)}）" if total else "") + (f"  其中 {parts_text}" if parts_text else "")
        ax.text(max(_f(value), 0) + peak * 0.01, position, label, va="center", fontsize=8)
    ax.set_yticks(list(range(len(items))), list(items["item"]), fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, peak * 1.8)
    ax.set_xlabel("万元")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if len(details) and ax.get_legend_handles_labels()[0]:
        _legend_below(ax)
    _title(fig, ax, d, "三公经费分布图", f"（表{t10.numeral}；合计 {_amount(total)}万元；分项之和见括注）")
    fig.tight_layout()
    return fig


def basic_project(a: "Audit") -> "Figure":
    """基本支出 and 项目支出 by 类 (表三), stacked, with the totals."""
    d = a.disclosure
    plt = _pyplot()
    t03 = d.tables["t03"]
    frame = t03.frame
    total_row = frame[frame["level"] == "合计"].iloc[0]
    classes = frame[frame["level"] == "类"]
    labels = [f"{c} {n}" for c, n in zip(classes["code"], classes["name"])]
    basic = [_f(v) for v in classes["basic"]]
    project = [_f(v) for v in classes["project"]]
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(labels) + 2.2), dpi=DPI)
    positions = list(range(len(labels)))
    ax.barh(positions, basic, color=PALETTE[1], label=f"基本支出 {_amount(total_row['basic'])}万元"
            f"（{_share(total_row['basic'], total_row['total'])}）")
    ax.barh(positions, project, left=basic, color=PALETTE[2], label=f"项目支出 {_amount(total_row['project'])}万元"
            f"（{_share(total_row['project'], total_row['total'])}）")
    peak = max([b + p for b, p in zip(basic, project)] + [0])
    for y, (b, p) in enumerate(zip(basic, project)):
        ax.text(b + p + peak * 0.01, y, _amount(Decimal(str(b)) + Decimal(str(p))), va="center", fontsize=8)
    ax.set_yticks(positions, labels, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, peak * 1.25 if peak else 1)
    ax.set_xlabel("万元")
    _legend_below(ax)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _title(fig, ax, d, "基本支出与项目支出", f"（表{t03.numeral} 按类；支出合计 {_amount(total_row['total'])}万元）")
    fig.tight_layout()
    return fig


def projects(a: "Audit") -> "Figure":
    """The projects of 表十二 (本年预算) by amount, largest first."""
    d = a.disclosure
    t12 = d.tables["t12"]
    rows = t12.frame[t12.frame["level"] == "项目"]
    rows = rows.assign(_amount=rows["total"].map(_f)).sort_values("_amount", ascending=False, kind="stable")
    total = _total(t12)
    labels = [_short(n, 30) for n in rows["item"]]
    fig, _ = _bar_figure(a, labels, list(rows["total"]), f"项目支出预算（表{t12.numeral}，{len(rows)} 个项目）",
                         f"（本年预算；合计 {_amount(total)}万元）" if total is not None else "",
                         colors=PALETTE[0], total=total, fontsize=8, width=10, row_height=0.28)
    fig.tight_layout()
    return fig


def economic(a: "Audit") -> "Figure":
    """基本支出 by economic classification (表六): 款 rows grouped by 类."""
    d = a.disclosure
    t06 = d.tables["t06"]
    frame = t06.frame
    total = _total(t06)
    classes = list(frame[frame["level"] == "类"]["dept_item"])
    labels, values, colors = [], [], []
    for i, category in enumerate(classes):
        rows = frame[(frame["level"] == "款") & (frame["parent"] == category)]
        rows = rows.assign(_amount=rows["total"].map(_f)).sort_values("_amount", ascending=False, kind="stable")
        labels += list(rows["dept_item"])
        values += list(rows["total"])
        colors += [PALETTE[i % len(PALETTE)]] * len(rows)
    fig, ax = _bar_figure(a, labels, values, "基本支出经济分类", f"（表{t06.numeral}；基本支出合计 {_amount(total)}万元）",
                          colors=colors, total=total, fontsize=8, row_height=0.3, extra_height=2.2)
    from matplotlib.patches import Patch

    class_totals = frame[frame["level"] == "类"].set_index("dept_item")["total"]
    _legend_below(ax, [Patch(color=PALETTE[i % len(PALETTE)]) for i in range(len(classes))],
                  [f"{c} {_amount(class_totals[c])}万元" for c in classes])
    fig.tight_layout()
    return fig


# -- the prior-year → budget-year change implied by the text ---------------------------------------

@dataclass
class Change:
    key: str  # measure id (budgetlib.claims)
    label: str
    section: str
    current: Decimal
    prior: Decimal
    given: bool  # prior-year figure given as a parameter (else implied by the text)
    claim: str  # id of the 比上年 claim


def prior_year_changes(a: "Audit") -> list[Change]:
    """One row per measure the text compares with the prior year (比上年 / 与上年相同): its current
    value and its prior-year value — given in `prior`, else implied by the text (budgetlib.claims)."""
    out: list[Change] = []
    seen = set()
    for r in a.claims:
        change = r.extra.get("change")
        if not change or change["key"] in seen:
            continue
        seen.add(change["key"])
        out.append(Change(change["key"], change["label"], r.section, change["current"], change["prior"],
                          change["given"], r.id))
    return out


def prior_year_change(a: "Audit") -> "Figure":
    """Every measure the text compares with the prior year, as its change in % on one common scale,
    each bar labelled with both amounts in 万元 (prior implied by the stated change, or given)."""
    d = a.disclosure
    plt = _pyplot()
    changes = [c for c in prior_year_changes(a) if c.current or c.prior]
    fig, ax = plt.subplots(figsize=(9, 0.55 * max(len(changes), 1) + 2.0), dpi=DPI)
    title = f"{d.year - 1}→{d.year} 变动（由“比上年”表述推算）"
    if not changes:
        ax.text(0.5, 0.5, "说明中没有“比上年”的表述", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(title, fontsize=14, fontweight="bold", loc="left")
        return fig
    rates = [(_f(c.current - c.prior) * 100 / _f(c.prior)) if c.prior else 0.0 for c in changes]
    colors = [PALETTE[3] if r >= 0 else PALETTE[0] for r in rates]
    positions = list(range(len(changes)))
    ax.barh(positions, rates, color=colors)
    span = max([abs(r) for r in rates] + [1])
    for position, c, rate in zip(positions, changes, rates):
        basis = "给定" if c.given else "隐含"
        text = (f"{rate:+.2f}%  {_amount(c.prior)} → {_amount(c.current)}万元（上年数{basis}）" if c.prior
                else f"上年为 0 → {_amount(c.current)}万元")
        ax.text(max(rate, 0) + span * 0.04, position, text, va="center", ha="left", fontsize=8)
    ax.set_yticks(positions, [f"{c.section}｜{_short(c.label, 16)}" for c in changes], fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="#333", linewidth=0.8)
    ax.set_xlim(-span * 1.1, span * 2.2)
    ax.set_xlabel("比上年变动 %（同一刻度）")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _title(fig, ax, d, title, "；上年数 = 本年数 − 所述增减额（万元），给定 prior_year 时用给定数")
    fig.tight_layout()
    return fig


def _short(text: str, width: int) -> str:
    text = strip_numbering(str(text))
    return text if len(text) <= width else text[: width - 1] + "…"


# -- registry, placement, drawing and saving ---------------------------------------------------------

@dataclass(frozen=True)
class Chart:
    name: str  # file stem, ASCII
    title: str
    draw: Callable[["Audit"], "Figure"]
    needs: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (table id, its columns drawn from); () = the claims
    printed: bool = False  # the disclosure prints this chart (without data) under this title
    total_row: bool = False  # drawn from the table's 合计 row

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(tid for tid, _ in self.needs)

    def drawable(self, d) -> bool:
        """The document has the tables, with rows and the columns, this chart is drawn from."""
        for tid, columns in self.needs:
            frame = d.tables[tid].frame if tid in d.tables else None
            if frame is None or not len(frame) or not {"level", *columns} <= set(frame.columns):
                return False
            if self.total_row and not (frame["level"] == "合计").any():
                return False
        return True


CHARTS: dict[str, Chart] = {c.name: c for c in (
    Chart("income_composition", "收入预算图", income_composition,
          (("t02", ("general", "fund", "state_capital", "special_account", "unit_funds", "carried_over")),),
          printed=True, total_row=True),
    Chart("basic_project", "基本支出与项目支出", basic_project, (("t03", ("code", "name", "basic", "project", "total")),),
          total_row=True),
    Chart("expenditure_structure", "一般公共预算当年支出结构图", expenditure_structure,
          (("t05", ("code", "name", "total")),), printed=True),
    Chart("economic_classification", "基本支出经济分类", economic, (("t06", ("dept_item", "parent", "total")),)),
    Chart("three_public", "三公经费分布图", three_public, (("t10", ("item", "total")),), printed=True),
    Chart("projects", "项目支出预算", projects, (("t12", ("item", "total")),)),
    Chart("prior_year_change", "上年→本年变动（隐含）", prior_year_change),
)}


def placement(a: "Audit") -> dict[str, str | None]:
    """Which page shows each chart that can be drawn: a section numeral, or None for the overview.

    A printed chart goes with the section whose text names it; any other with the section whose
    claims draw most on its first table (the first such section on a tie); a chart of the whole
    document, or of a table no claim draws on, with the overview. Charts the document lacks the
    tables (or their columns) for are left out."""
    d = a.disclosure
    uses: dict[str, Counter] = {}
    for r in a.claims:
        for tid in {t.strip() for t in (r.tables or "").split(",") if t.strip()}:
            uses.setdefault(tid, Counter())[r.section] += 1
    order = {numeral: position for position, numeral in enumerate(d.sections)}
    placed: dict[str, str | None] = {}
    for chart in CHARTS.values():
        if not chart.drawable(d):
            continue
        named = [n for n, s in d.sections.items() if chart.printed and chart.title in s.text]
        counts = uses.get(chart.tables[0], Counter()) if chart.tables else Counter()
        ranked = sorted((n for n in counts if n in order), key=lambda n: (-counts[n], order[n]))
        placed[chart.name] = named[0] if named else (ranked[0] if ranked else None)
    return placed


def save(fig: "Figure", name: str, output_dir) -> list[Path]:
    """Write the figure as PNG and SVG to output_dir/figures/ (deterministic files)."""
    folder = Path(output_dir) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    options = {"facecolor": "white", "bbox_inches": "tight", "pad_inches": 0.2}  # legends outside the axes too
    fig.savefig(png, dpi=DPI * 1.5, metadata={"Software": None}, **options)
    fig.savefig(svg, metadata={"Date": None, "Creator": None}, **options)
    return [png, svg]


def draw(a: "Audit", name: str, output_dir=None) -> "Figure":
    """Draw chart `name`; with output_dir, also save it (PNG + SVG)."""
    if name not in CHARTS:
        from .errors import ParameterError

        raise ParameterError(f"unknown chart {name!r} (known: {', '.join(CHARTS)})")
    fig = CHARTS[name].draw(a)
    if output_dir:
        save(fig, name, output_dir)
    return fig
