"""TEMPORARY adapter: the old `performance` entry points over `budgetlib.goals` (delete once the
pipeline calls `goals` directly). It takes the explicit inputs off a Disclosure — the appendix
of the section the template's goal-table declaration names, the project rows of its budget table,
the year and the unit — and memoises the goal analysis per disclosure.
"""
from __future__ import annotations

import datetime as dt
import re
import weakref

from . import goals
from .goals import (FINDING_COLUMNS, INDICATOR_COLUMNS, PERIODS, PROJECT_COLUMNS, SEVERITIES, TITLE,  # noqa: F401
                    Finding, SubsetEvidence, exact_subsets, parse_value, similarity, split_tables, stated_amounts)
from .goals import AppendixTotals as SectionTenCounts
from .goals import GoalAnalysis as Performance

_MEMO: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # d -> {what: value}


def _memo(d, what, make):
    store = _MEMO.setdefault(d, {})
    if what not in store:
        store[what] = make()
    return store[what]


def _section(d):
    spec = d.template.goal_tables
    return next((s for s in d.sections.values() if re.search(spec.section_title, s.title)), None)


def budget_projects(d) -> list[dict]:
    """The project rows of the budget project table: item, total (万元), line."""
    spec = d.template.goal_tables
    frame = d.tables[spec.budget_table].frame
    rows = frame[frame["level"] == spec.project_level]
    return [{"item": i, "total": t, "line": int(n)} for i, t, n in zip(rows["item"], rows["total"], rows["line"])]


def goal_tables(d) -> goals.GoalTables:
    def read():
        section, title = _section(d), d.template.goal_tables.title
        return goals.read_goal_tables(section.appendix if section else [], d.year, title,
                                      heading_line=section.line if section else None,
                                      where=f"section {section.numeral}'s appendix" if section else "the appendix")
    return _memo(d, "tables", read)


def analyse(d, published: dt.date | None = None) -> Performance:
    return _memo(d, ("analysis", published),
                 lambda: goals.analyse_goals(goal_tables(d), _memo(d, "budget", lambda: budget_projects(d)),
                                             d.year, published))


def section_ten_counts(d) -> SectionTenCounts:
    return goals.appendix_totals(analyse(d), _memo(d, "budget", lambda: budget_projects(d)))


def purchase_directory(d) -> list[tuple[str, str, int]]:
    """The directory entries printed in any section's appendix."""
    lines = lambda: [line for section in d.sections.values() for line in section.appendix]  # noqa: E731
    return list(_memo(d, "directory", lambda: goals.purchase_directory(lines(), d.unit)))


def subset_evidence(d, count: int, amount, label: str = "") -> SubsetEvidence:
    return goals.subset_evidence(_memo(d, "budget", lambda: budget_projects(d)), analyse(d),
                                 purchase_directory(d), count, amount, label)
