"""What one section has, hence what its page shows: `section_plan(a, numeral)`.

From what the section has — claims drawing on tables, appended goal tables, statements needing a
subset analysis, a printed directory, figures — never from its numeral.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ParameterError
from ..labels import document_title, printed_line

if TYPE_CHECKING:  # pragma: no cover
    from ..audit import Audit
    from ..narrative import Section


@dataclass(frozen=True)
class SectionPlan:
    """What one section has, hence what its page shows."""

    numeral: str  # its key in d.sections: the numeral as printed (or the name, in a template without numerals)
    section: "Section"
    position: int  # 1 for the first section of the document
    heading: str  # its heading as printed
    tables: tuple[str, ...]  # tables its claims draw on
    goal_tables: bool  # its appendix holds the performance-goal tables the audit analysed
    subsets: bool  # a statement of it needs a subset analysis (which projects make up an amount)
    directory: tuple  # (code, name, line) entries of a purchase directory printed in its appendix
    charts: tuple[str, ...]  # figures shown with it (budgetlib.charts.placement)

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def stem(self) -> str:
        """File stem of its page in a reproduction: 'NN_section', NN its position (01 for the first)."""
        return f"{self.position:02d}_section"


def section_heading(d, numeral: str) -> str:
    """A section's heading as printed (numeral、title when the line is not found)."""
    section = d.sections[numeral]
    return printed_line(d, section.line) or f"{numeral}、{section.title}"


def section_plan(a: "Audit", numeral) -> SectionPlan:
    """The plan of section `numeral` (its key in d.sections: '一', '十二' …); ParameterError when the
    document has no such section."""
    from .. import charts
    from ..goals import purchase_directory

    d = a.disclosure
    if not isinstance(numeral, str) or numeral not in d.sections:
        known = "、".join(d.sections)
        raise ParameterError(f"parameter 'section': {numeral!r} is not a section of {document_title(d)} "
                             f"(it has {known})")
    section = d.sections[numeral]
    results = [r for r in a.claims if r.section == numeral]
    spec = d.template.goal_tables
    goal_tables = bool(spec and a.goals is not None and any(spec.title in l.text for l in section.appendix))
    directory = tuple(purchase_directory(list(section.appendix), d.unit)) if section.appendix else ()
    placed = charts.placement(a)
    return SectionPlan(
        numeral, section, list(d.sections).index(numeral) + 1, section_heading(d, numeral),
        tuple(cells_used(a, numeral)), goal_tables,
        any(r.extra.get("subset") is not None for r in results), directory,
        tuple(name for name, where in placed.items() if where == numeral),
    )


def plan_of(a: "Audit", s) -> SectionPlan:
    return s if isinstance(s, SectionPlan) else section_plan(a, s)


def _results_of(a: "Audit", numeral: str):
    return [r for r in a.claims if r.section == numeral]


def cells_used(a: "Audit", numeral: str) -> "OrderedDict[str, dict[int, set[str]]]":
    """table id -> {row index -> columns} of every table cell the section's claims draw on."""
    d = a.disclosure
    used: "OrderedDict[str, dict[int, set[str]]]" = OrderedDict()
    for result in _results_of(a, numeral):
        for expr in (result.stated_expr, result.computed_expr):
            for c in expr.cells() if expr is not None else ():
                used.setdefault(c.table.id, {}).setdefault(c.index, set()).add(c.column)
    for result in _results_of(a, numeral):  # tables named without cells: show them whole
        for tid in (t.strip() for t in (result.tables or "").split(",")):
            if tid in d.tables and tid not in used:
                used[tid] = {int(i): set() for i in d.tables[tid].frame.index}
    return OrderedDict(sorted(used.items()))
