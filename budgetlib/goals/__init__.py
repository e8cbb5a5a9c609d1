"""The project performance-goal tables (项目支出绩效目标表) appended to a budget disclosure.

Plain functions with explicit inputs, one stage each:

read_goal_tables(appendix_lines, year)            parse: the tables as read -> GoalTables
analyse_goals(goal_tables, budget_projects, year)  audit: matched to the budget project rows and
                                                   checked -> GoalAnalysis (records; DataFrames on use)
appendix_totals(analysis, budget_projects)         Σ 年度资金总额 against the budget table
subset_evidence(budget_projects, analysis, directory, count, amount, label)
                                                   which k budget projects sum to a stated amount
purchase_directory(appendix_lines, unit)           the printed 政府购买服务指导性目录 entries

`budget_projects` are the project rows of the budget project table as dicts: item (name),
total (Decimal 万元 or None), line (int). Goal-table amounts are 元, budget-table amounts 万元.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..money import WAN, ZERO
from .checks import check_projects, stated_amounts
from .matching import match_budget_projects
from .model import (FINDING_COLUMNS, INDICATOR_COLUMNS, PERIODS, PROJECT_COLUMNS, SEVERITIES, TITLE,
                    AppendixTotals, Finding, GoalAnalysis, GoalTables, SubsetEvidence)
from .purchase import purchase_directory
from .reader import read_goal_tables, split_tables
from .subsets import exact_subsets, subset_evidence
from .values import parse_value, similarity

__all__ = [
    "read_goal_tables", "analyse_goals", "GoalEvidence", "budget_project_rows", "appendix_totals", "subset_evidence", "purchase_directory",
    "exact_subsets", "parse_value", "similarity", "split_tables", "stated_amounts",
    "AppendixTotals", "Finding", "GoalAnalysis", "GoalTables", "SubsetEvidence",
    "PROJECT_COLUMNS", "INDICATOR_COLUMNS", "FINDING_COLUMNS", "PERIODS", "SEVERITIES", "TITLE",
]


def analyse_goals(goal_tables: GoalTables, budget_projects: list[dict], year: int,
                  published: dt.date | None = None) -> GoalAnalysis:
    """Match the goal tables to the budget project rows and check them. `published` bounds the
    填报日期 (when None, the 31 March of `year` is taken as the latest plausible publication date).
    `goal_tables` is not changed: the records are copied."""
    projects = [dict(record) for record in goal_tables.projects]
    indicators = list(goal_tables.indicators)
    findings = list(goal_tables.findings)
    match_budget_projects(projects, budget_projects, findings)
    check_projects(projects, indicators, findings, year, published, goal_tables.filing_lines)
    return GoalAnalysis(tuple(projects), tuple(indicators), tuple(findings))


def appendix_totals(analysis: GoalAnalysis, budget_projects: list[dict]) -> AppendixTotals:
    """The goal tables' Σ 年度资金总额 (元 -> 万元) against the budget table's project total."""
    projects = analysis.project_records
    annual = sum((p["annual_total"] for p in projects if p["annual_total"] is not None), ZERO) / WAN
    missing = [p["name"] for p in projects if p["annual_total"] is None]
    fallback = annual + sum(
        (p["t12_amount"] for p in projects if p["annual_total"] is None and p["t12_amount"] is not None), ZERO)
    budget_total = sum((b["total"] for b in budget_projects if b["total"] is not None), ZERO)
    share = annual * 100 / budget_total if budget_total else None
    return AppendixTotals(len(projects), annual, missing, fallback, len(budget_projects), budget_total, share,
                          [int(p["line"]) for p in projects])


def budget_project_rows(rows, level: str) -> tuple[dict, ...]:
    """The project rows of the budget project table (tidy rows with item/total/line/level)."""
    return tuple({"item": r["item"], "total": r["total"], "line": int(r["line"])} for r in rows if r["level"] == level)


@dataclass(frozen=True)
class GoalEvidence:
    """What the audit knows from the goal tables, for the claims and the pages: the analysis, the
    budget project rows it was matched to, and the printed purchase directory."""

    analysis: GoalAnalysis
    budget_projects: tuple[dict, ...]
    directory: tuple[tuple[str, str, int], ...]
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # subset enumerations of this document

    def totals(self) -> AppendixTotals:
        return appendix_totals(self.analysis, list(self.budget_projects))

    def subsets(self, count: int, amount, label: str) -> SubsetEvidence:
        return subset_evidence(list(self.budget_projects), self.analysis, list(self.directory), count, amount, label,
                               self.memo)
