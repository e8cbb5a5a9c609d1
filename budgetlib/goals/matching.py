"""Matching the goal tables to the project rows of the budget project table.

`budget_projects` are plain dicts: item (the project name), total (Decimal 万元 or None), line (int).
The assignment is one-to-one, greedy on the name similarity (ties: equal amount, then printed order);
only pairs scoring ≥ 0.5 are assigned.
"""
from __future__ import annotations

import difflib

from ..money import yuan_to_wan
from .model import BUDGET_TABLE, BUDGET_TABLE_PRINTED, MATCH_COLUMNS, Finding
from .values import name_key, similarity

_ADJECTIVE = BUDGET_TABLE.replace(" ", "-")  # 'table-12 project'


def match_budget_projects(projects: list[dict], budget_projects: list[dict], findings: list[Finding]):
    """Fill the match columns of each project record (in place) and report names that differ and
    projects on either side left without a partner."""
    items = [b["item"] for b in budget_projects]
    for project in projects:
        for column in MATCH_COLUMNS:
            project[column] = None
    taken_j = set()
    for i, j, score in _assignment(projects, budget_projects):
        taken_j.add(j)
        b = budget_projects[j]
        projects[i].update(t12_line=b["line"], t12_name=b["item"], t12_amount=b["total"], similarity=score)
    for project in projects:
        _report_project(project, items, findings)
    for j, b in enumerate(budget_projects):
        if j not in taken_j:
            findings.append(Finding("unmatched", "error", b["item"], b["line"], b["item"],
                                    f"{_ADJECTIVE} project has no performance-goal table"))


def _assignment(projects: list[dict], budget_projects: list[dict]) -> list[tuple[int, int, float]]:
    """(project index, budget-row index, score), greedy from the best-scoring candidate pair."""
    taken_i, taken_j, out = set(), set(), []
    for _, _, i, j, score in sorted(_candidates(projects, budget_projects)):
        if i in taken_i or j in taken_j:
            continue
        taken_i.add(i)
        taken_j.add(j)
        out.append((i, j, score))
    return out


def _candidates(projects: list[dict], budget_projects: list[dict]) -> list[tuple]:
    """(-score, amounts differ, i, j, score) for every pair scoring ≥ 0.5.

    A pair whose upper bound on the difflib ratio already rounds below 0.5 is never scored: round() is
    monotonic and every bound is 2·M/(len a + len b) with M ≥ the matching characters, as ratio() is,
    so the pairs kept and their scores are exactly as if all were scored. Bounds, cheapest first: each
    distinct character of one name missing from the other removes at least one character from the
    matchable ones (set differences); then difflib's quick_ratio."""
    project_keys = [(k, len(k), frozenset(k)) for k in (name_key(project["name"] or "") for project in projects)]
    annuals = [yuan_to_wan(project["annual_total"]) for project in projects]
    candidates = []
    matcher = difflib.SequenceMatcher(None)
    for j, budget in enumerate(budget_projects):
        b_key = name_key(budget["item"])
        b_len, b_chars = len(b_key), frozenset(b_key)
        matcher.set_seq2(b_key)  # the expensive side (b2j) is built once per budget row
        total = budget["total"]
        for i, (a_key, a_len, a_chars) in enumerate(project_keys):
            length = a_len + b_len
            if length:
                matchable = min(a_len - len(a_chars - b_chars), b_len - len(b_chars - a_chars))
                if round(2.0 * matchable / length, 3) < 0.5:
                    continue
            matcher.set_seq1(a_key)
            if round(matcher.quick_ratio(), 3) < 0.5:
                continue
            score = round(matcher.ratio(), 3)
            if score < 0.5:
                continue
            annual = annuals[i]
            same_amount = annual is not None and total is not None and annual == total
            candidates.append((-score, not same_amount, i, j, score))
    return candidates


def _report_project(project: dict, items: list[str], findings: list[Finding]):
    name = project["name"] or ""
    if project["t12_name"] is None:
        best = max(((similarity(name, item), item) for item in items), default=(0, ""))
        findings.append(Finding("unmatched", "error", name, project["line"], name,
                                f"no {_ADJECTIVE} project left to match (closest: {best[1]!r}, {best[0]:.3f})",
                                project["table"]))
    elif project["t12_name"] != name:
        same = name_key(name) == name_key(project["t12_name"])
        findings.append(Finding(
            "name_differs", "info" if same else "warning", name, int(project["line"]),
            f"{name} | {BUDGET_TABLE_PRINTED}: {project['t12_name']}",
            f"name differs from {BUDGET_TABLE} (similarity {project['similarity']:.3f}"
            + ("; punctuation only)" if same else ")"), project["table"]))
