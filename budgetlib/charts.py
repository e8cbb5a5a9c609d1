"""The figures of a reproduction, drawn from the loaded tables and claims.

What to draw is the template's: its declaration lists charts (budgetlib.templates.charts), each of
a kind drawn here — a ring of a total row's parts, bars of the rows of one level, bars split into
parts or grouped under parent rows, bars of one row's columns, the prior-year changes the text
states. A disclosure may print charts without their data (e.g. 收入预算图): a chart declared
`printed` is redrawn from the tables and shown on the page whose text names it.
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
    _plain_axis(ax)
    ax.set_xlabel(unit)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _plain_axis(ax) -> None:
    """Amounts on the x axis as plain numbers, with separators from 1,000 (元 amounts: no '1e8' offset)."""
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}" if abs(x) >= 1000 else f"{x:g}"))


def _bar_figure(a: "Audit", labels, values, title: str, subtitle: str, colors=None, total=None,
                fontsize=9, width=9, row_height=0.6, extra_height=1.8, unit="万元"):
    """One horizontal bar per label, titled: the shape most of the charts share. Returns (fig, ax)."""
    d = a.disclosure
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(width, row_height * len(labels) + extra_height), dpi=DPI)
    _barh(ax, labels, values, colors=colors, total=total, fontsize=fontsize, unit=unit)
    _title(fig, ax, d, title, subtitle)
    return fig, ax


def _legend_below(ax, *handles_labels):
    ax.legend(*handles_labels, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, frameon=False, fontsize=9)


# -- the charts, one drawing per kind of declaration (budgetlib.templates.charts) -------------------

def _rows(table, level: str) -> list[dict]:
    return [r for r in table.records if r.get("level") == level]


def _total_of(table, spec) -> Decimal | None:
    """The amount of the table's total row (None when it has none)."""
    rows = _rows(table, spec.total_level)
    return rows[0][spec.whole] if rows else None


def _label(row: dict, columns) -> str:
    return " ".join(str(row[c]) for c in columns if row[c] not in (None, ""))


def _texts(table, spec, total=None, count=None) -> tuple[str, str]:
    """The heading and the subtitle of a chart, its format fields filled."""
    fields = {"numeral": table.numeral if table is not None else "", "unit": table.amount_unit if table is not None else "",
              "total": _amount(total) if total is not None else "", "count": count if count is not None else ""}
    return (spec.heading or spec.title).format(**fields), spec.subtitle.format(**fields)


def composition(a: "Audit", spec) -> "Figure":
    """A ring of the total row's parts, the grand total in its middle; zero parts listed beside."""
    d = a.disclosure
    plt = _pyplot()
    table = d.tables[spec.table]
    total_row = _rows(table, spec.total_level)[0]
    labels = [table.columns[c] for c in spec.parts]
    values = [total_row[c] or Decimal(0) for c in spec.parts]
    grand = sum(values, Decimal(0))
    unit = table.amount_unit
    fig, ax = plt.subplots(figsize=(8, 5), dpi=DPI)
    shown = [(l, v, PALETTE[i % len(PALETTE)]) for i, (l, v) in enumerate(zip(labels, values)) if v]
    wedges, _ = ax.pie([_f(v) for _, v, _ in shown], colors=[c for *_, c in shown], startangle=90,
                       counterclock=False, wedgeprops={"width": 0.38, "edgecolor": "white"})
    ax.legend(wedges, [f"{l}  {_amount(v)}{unit}（{_share(v, grand)}）" for l, v, _ in shown],
              loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=10)
    zero = [l for l, v in zip(labels, values) if not v]
    if zero:
        lines = ["、".join(zero[i:i + 2]) for i in range(0, len(zero), 2)]
        ax.text(1.02, 0.2, f"0{unit}：\n" + "\n".join(lines), transform=ax.transAxes, fontsize=8, color="#555",
                va="top")
    ax.text(0, 0, f"{spec.centre}\n{_amount(grand)}{unit}", ha="center", va="center", fontsize=11)
    ax.set_aspect("equal")
    _title(fig, ax, d, *_texts(table, spec, grand))
    fig.tight_layout()
    return fig


def row_bars(a: "Audit", spec) -> "Figure":
    """One bar per row of a level, with its share of the total row."""
    table = a.disclosure.tables[spec.table]
    rows = _rows(table, spec.level)
    if spec.largest_first:
        rows = sorted(rows, key=lambda r: -_f(r[spec.value]))  # stable: ties keep the printed order
    total = _total_of(table, spec)
    labels = [_short(_label(r, spec.label), 30) if spec.compact else _label(r, spec.label) for r in rows]
    colors = PALETTE[0] if spec.one_colour else [PALETTE[i % len(PALETTE)] for i in range(len(rows))]
    options = {"fontsize": 8, "width": 10, "row_height": 0.28} if spec.compact else {}
    fig, _ = _bar_figure(a, labels, [r[spec.value] for r in rows], *_texts(table, spec, total, len(rows)),
                         colors=colors, total=total, unit=table.amount_unit, **options)
    fig.tight_layout()
    return fig


def stacked_bars(a: "Audit", spec) -> "Figure":
    """One bar per row of a level, split into its parts; the legend gives each part's total and share."""
    d = a.disclosure
    plt = _pyplot()
    table = d.tables[spec.table]
    total_row = _rows(table, spec.total_level)[0]
    rows = _rows(table, spec.level)
    labels = [_label(r, spec.label) for r in rows]
    parts = [[_f(r[c]) for r in rows] for c in spec.parts]
    unit = table.amount_unit
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(labels) + 2.2), dpi=DPI)
    positions = list(range(len(labels)))
    left = [0.0] * len(labels)
    for i, (column, values) in enumerate(zip(spec.parts, parts)):
        ax.barh(positions, values, left=left, color=PALETTE[1 + i], label=f"{table.columns[column]} "
                f"{_amount(total_row[column])}{unit}（{_share(total_row[column], total_row[spec.whole])}）")
        left = [l + v for l, v in zip(left, values)]
    sums = [sum((Decimal(str(v[k])) for v in parts), Decimal(0)) for k in range(len(labels))]
    peak = max(left + [0])
    for y, (width, value) in enumerate(zip(left, sums)):
        ax.text(width + peak * 0.01, y, _amount(value), va="center", fontsize=8)
    ax.set_yticks(positions, labels, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, peak * 1.25 if peak else 1)
    _plain_axis(ax)
    ax.set_xlabel(unit)
    _legend_below(ax)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _title(fig, ax, d, *_texts(table, spec, total_row[spec.whole], len(rows)))
    fig.tight_layout()
    return fig


def item_parts(a: "Audit", spec) -> "Figure":
    """Items on one scale; an item with sub-items is one bar split into them (so the parent is not
    drawn beside its own parts); a zero item is a labelled 0, not a missing bar."""
    d = a.disclosure
    table = d.tables[spec.table]
    total = _total_of(table, spec)
    items = _rows(table, spec.level)
    details = _rows(table, spec.part_level)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(items) + 2.2), dpi=DPI)
    peak = max([_f(r[spec.value]) for r in items] + [0]) or 1
    for position, item in enumerate(items):
        value = item[spec.value]
        parts = [r for r in details if r[spec.parent] == item[spec.label]]
        left = 0.0
        if parts and _f(value):
            for shade, part in enumerate(parts):
                ax.barh(position, _f(part[spec.value]), left=left, color=PALETTE[1 + shade],
                        label=strip_numbering(part[spec.label]))
                left += _f(part[spec.value])
        else:
            ax.barh(position, _f(value), color=PALETTE[0])
        parts_text = "；".join(f"{strip_numbering(p[spec.label])} {_amount(p[spec.value])}" for p in parts)
        label = _amount(value) + (f"（{_share(value, total)}）" if total else "") + (f"  其中 {parts_text}" if parts_text else "")
        ax.text(max(_f(value), 0) + peak * 0.01, position, label, va="center", fontsize=8)
    ax.set_yticks(list(range(len(items))), [r[spec.label] for r in items], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, peak * 1.8)
    ax.set_xlabel(table.amount_unit)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if details and ax.get_legend_handles_labels()[0]:
        _legend_below(ax)
    _title(fig, ax, d, *_texts(table, spec, total, len(items)))
    fig.tight_layout()
    return fig


def grouped_bars(a: "Audit", spec) -> "Figure":
    """The rows of a level grouped under their parent rows, largest first in each group."""
    table = a.disclosure.tables[spec.table]
    total = _total_of(table, spec)
    groups = _rows(table, spec.group_level)
    members = _rows(table, spec.level)
    labels, values, colors = [], [], []
    for i, group in enumerate(groups):
        rows = sorted((r for r in members if r[spec.parent] == group[spec.key]), key=lambda r: -_f(r[spec.value]))
        labels += [r[spec.label] for r in rows]
        values += [r[spec.value] for r in rows]
        colors += [PALETTE[i % len(PALETTE)]] * len(rows)
    fig, ax = _bar_figure(a, labels, values, *_texts(table, spec, total, len(labels)), colors=colors, total=total,
                          fontsize=8, row_height=0.3, extra_height=2.2, unit=table.amount_unit)
    from matplotlib.patches import Patch

    _legend_below(ax, [Patch(color=PALETTE[i % len(PALETTE)]) for i in range(len(groups))],
                  [f"{g[spec.label]} {_amount(g[spec.value])}{table.amount_unit}" for g in groups])
    fig.tight_layout()
    return fig


def column_bars(a: "Audit", spec) -> "Figure":
    """One bar per amount column of the table's first row, with its share of the whole."""
    table = a.disclosure.tables[spec.table]
    row = table.records[0]
    total = row[spec.whole]
    fig, _ = _bar_figure(a, [table.columns[c] for c in spec.bars], [row[c] for c in spec.bars],
                         *_texts(table, spec, total, len(spec.bars)), colors=PALETTE[1], total=total,
                         unit=table.amount_unit)
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


def prior_year_change(a: "Audit", spec) -> "Figure":
    """Every measure the text compares with the prior year, as its change in % on one common scale,
    each bar labelled with both amounts (prior implied by the stated change, or given)."""
    d = a.disclosure
    plt = _pyplot()
    changes = [c for c in prior_year_changes(a) if c.current or c.prior]
    fig, ax = plt.subplots(figsize=(9, 0.55 * max(len(changes), 1) + 2.0), dpi=DPI)
    title = (spec.heading or spec.title).format(prior_year=d.year - 1, year=d.year)
    if not changes:
        ax.text(0.5, 0.5, spec.empty, ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(title, fontsize=14, fontweight="bold", loc="left")
        return fig
    rates = [(_f(c.current - c.prior) * 100 / _f(c.prior)) if c.prior else 0.0 for c in changes]
    colors = [PALETTE[3] if r >= 0 else PALETTE[0] for r in rates]
    positions = list(range(len(changes)))
    ax.barh(positions, rates, color=colors)
    span = max([abs(r) for r in rates] + [1])
    for position, c, rate in zip(positions, changes, rates):
        text = (spec.bar.format(rate=f"{rate:+.2f}", prior=_amount(c.prior), current=_amount(c.current),
                                unit=spec.unit, basis=spec.given if c.given else spec.implied) if c.prior
                else spec.bar_from_zero.format(current=_amount(c.current), unit=spec.unit))
        ax.text(max(rate, 0) + span * 0.04, position, text, va="center", ha="left", fontsize=8)
    ax.set_yticks(positions, [f"{c.section}｜{_short(c.label, 16)}" for c in changes], fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="#333", linewidth=0.8)
    ax.set_xlim(-span * 1.1, span * 2.2)
    ax.set_xlabel(spec.axis)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _title(fig, ax, d, title, spec.subtitle.format(unit=spec.unit))
    fig.tight_layout()
    return fig


def _short(text: str, width: int) -> str:
    text = strip_numbering(str(text))
    return text if len(text) <= width else text[: width - 1] + "…"


# -- registry, placement, drawing and saving ---------------------------------------------------------

ENGINE: dict[str, Callable[["Audit", object], "Figure"]] = {
    "composition": composition, "row_bars": row_bars, "stacked_bars": stacked_bars, "item_parts": item_parts,
    "grouped_bars": grouped_bars, "column_bars": column_bars, "prior_year_changes": prior_year_change,
}


def charts_of(d: "Disclosure") -> dict:
    """The charts the document's template declares, by name."""
    return {c.name: c for c in d.template.charts}


def title(d: "Disclosure", name: str) -> str:
    chart = charts_of(d).get(name)
    return chart.title if chart is not None else name


def drawable(chart, d: "Disclosure") -> bool:
    """The document has the table, with rows and the columns (and levels), the chart is drawn from."""
    if not chart.table:
        return True
    table = d.tables.get(chart.table)
    if table is None or not table.rows:
        return False
    columns = {"level", *chart.columns()} if chart.by_level else set(chart.columns())
    if not columns <= {"line", *table.columns}:
        return False
    return not chart.total_row or any(r.get("level") == chart.total_level for r in table.rows)


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
    for chart in d.template.charts:
        if not drawable(chart, d):
            continue
        named = [n for n, s in d.sections.items() if chart.printed and chart.title in s.text]
        counts = uses.get(chart.table, Counter()) if chart.table else Counter()
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
    known = charts_of(a.disclosure)
    if name not in known:
        from .errors import ParameterError

        raise ParameterError(f"unknown chart {name!r} (known: {', '.join(known)})")
    fig = ENGINE[known[name].kind](a, known[name])
    if output_dir:
        save(fig, name, output_dir)
    return fig
