"""Which budget projects make up a stated amount: every k-project subset of the budget project
table summing exactly to it (e.g. "特定目标类项目N个 X万元"), and the evidence for each candidate."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import combinations
from math import comb

from .model import BUDGET_TABLE, GoalAnalysis, SubsetEvidence
from .purchase import PURCHASE_LABEL, Entry, project_evidence
from .values import fmt

_ADJECTIVE = BUDGET_TABLE.replace(" ", "-")  # 'table-12 projects'


def fen(amount: Decimal) -> int:
    """万元 -> integer hundredths, so that sums are exact."""
    return int((amount * 100).to_integral_value())


def exact_subsets(values: list[int], count: int, target: int, limit: int = 5000) -> list[tuple[int, ...]]:
    """Every index set of `count` values summing to `target` (integers), at most `limit` of them.
    Meet in the middle when the halves are small enough, else depth-first with a memoised
    feasibility test, so only branches that can still succeed are walked."""
    n = len(values)
    if count < 0 or count > n:
        return []
    if count >= 2 and comb(n, count - count // 2) <= 200_000:
        return _meet_in_the_middle(values, count, target, limit)
    return _depth_first(values, count, target, limit)


def _depth_first(values: list[int], count: int, target: int, limit: int) -> list[tuple[int, ...]]:
    n = len(values)

    @lru_cache(maxsize=None)
    def feasible(i: int, c: int, s: int) -> bool:
        if c == 0:
            return s == 0
        if n - i < c:
            return False
        return feasible(i + 1, c - 1, s - values[i]) or feasible(i + 1, c, s)

    out: list[tuple[int, ...]] = []

    def walk(i: int, c: int, s: int, chosen: list[int]):
        if len(out) >= limit:
            return
        if c == 0:
            if s == 0:
                out.append(tuple(chosen))
            return
        if n - i < c:
            return
        if feasible(i + 1, c - 1, s - values[i]):
            chosen.append(i)
            walk(i + 1, c - 1, s - values[i], chosen)
            chosen.pop()
        if feasible(i + 1, c, s):
            walk(i + 1, c, s, chosen)

    walk(0, count, target, [])
    feasible.cache_clear()
    return out


def _meet_in_the_middle(values: list[int], count: int, target: int, limit: int) -> list[tuple[int, ...]]:
    """Index sets split at their median: a front part of ceil(count/2) indices and a back part of the
    rest, all of whose indices are larger, so every set is found exactly once."""
    front, back = count - count // 2, count // 2
    by_sum: dict[int, list[tuple[int, ...]]] = {}
    indices = range(len(values))
    # combinations() of the values and of their indices come in the same order
    for combo, picked in zip(combinations(indices, back), combinations(values, back)):
        by_sum.setdefault(sum(picked), []).append(combo)
    out: list[tuple[int, ...]] = []
    for combo, picked in zip(combinations(indices, front), combinations(values, front)):
        for rest in by_sum.get(target - sum(picked), ()):
            if rest[0] > combo[-1]:
                out.append(combo + rest)
                if len(out) >= limit:
                    return out
    return sorted(out)


def subset_evidence(budget_projects: list[dict], analysis: GoalAnalysis, directory: list[Entry],
                    count: int, amount, label: str = "") -> SubsetEvidence:
    """All `count`-project subsets of the budget projects summing exactly to `amount` 万元, and which
    is likeliest.

    Evidence weighed for each candidate (one point each): its projects stand together in the budget
    table; they stand together in the appendix of goal tables; for 政府购买服务 the share of its
    projects that mention 购买服务 or resemble an entry of the printed `directory`. 'match' when there
    is exactly one subset, or when one candidate leads the next by at least one full point.
    """
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return SubsetEvidence("unverifiable", None, f"amount {amount!r} is not a number", [], label)
    names = [b["item"] for b in budget_projects]
    subsets, how = _subsets(budget_projects, count, amount)
    named = [[names[i] for i in s] for s in subsets]
    if not subsets:
        return SubsetEvidence("unverifiable", None, how + "; the stated figures cannot be reproduced", [], label)
    if len(subsets) == 1:
        return SubsetEvidence("match", amount, how + ": " + "、".join(named[0]), named, label, named[0],
                              [(1.0, named[0])])
    per_project = project_evidence(analysis, names, label, directory)
    scored = _scored(subsets, named, analysis, per_project, label)
    lines = [how + "."]
    for score, members, reasons in scored[:10]:
        lines.append(f"score {score:.2f}: " + "、".join(members) + " — " + "; ".join(reasons))
    if len(scored) > 10:
        lines.append(f"… {len(scored) - 10} more candidates with score ≤ {scored[10][0]:.2f}")
    if PURCHASE_LABEL in label:
        backed = {m: r for m, r in per_project.items() if r}
        lines.append("购买服务 evidence by project: " + ("; ".join(
            f"{m}: {', '.join(r for _, r in reasons)}" for m, reasons in backed.items()) or "none"))
    best, second = scored[0], scored[1]
    scores = [(s, m) for s, m, _ in scored]
    if best[0] >= 1 and best[0] - second[0] >= 1:
        lines.insert(1, f"the evidence singles out one candidate (score {best[0]:.2f} vs {second[0]:.2f}).")
        return SubsetEvidence("match", amount, "\n".join(lines), named, label, best[1], scores)
    lines.insert(1, f"no candidate stands out (best score {best[0]:.2f} vs {second[0]:.2f}): unverifiable.")
    return SubsetEvidence("unverifiable", None, "\n".join(lines), named, label, [], scores)


def _subsets(budget_projects: list[dict], count: int, amount: Decimal) -> tuple[list[tuple[int, ...]], str]:
    """The index sets, and how they were found (a readable sentence). More than half of the rows are
    enumerated as the rows left out."""
    values = [fen(b["total"]) if b["total"] is not None else 0 for b in budget_projects]
    n, total = len(values), sum(values)
    target = fen(amount)
    complement = count > n - count
    if complement:
        found = exact_subsets(values, n - count, total - target)
        subsets = [tuple(i for i in range(n) if i not in set(s)) for s in found]
    else:
        subsets = exact_subsets(values, count, target)
    how = (f"{len(subsets)} subset(s) of {count} of the {n} {_ADJECTIVE} projects sum exactly to {fmt(amount)}万元"
           + (f" (enumerated as the {n - count} projects left out, summing to {fmt(Decimal(total - target) / 100)}万元)"
              if complement else ""))
    return subsets, how


def _scored(subsets: list, named: list[list[str]], analysis: GoalAnalysis, per_project: dict,
            label: str) -> list[tuple[float, list[str], list[str]]]:
    """(score, members, reasons) per candidate, best first (stable for equal scores)."""
    projects = analysis.projects
    # blank cells may come back as NaN (a float, and truthy) from the frame: keep text only
    appendix_order = {name: int(table) for name, table in zip(projects["t12_name"], projects["table"])
                      if isinstance(name, str) and name}
    attributes = {name: attribute if isinstance(attribute, str) else ""
                  for name, attribute in zip(projects["t12_name"], projects["attribute"])
                  if isinstance(name, str) and name}
    scored = []
    for s, members in zip(subsets, named):
        reasons, score = [], 0.0
        if max(s) - min(s) + 1 == len(s):
            score += 1
            reasons.append(f"{_ADJECTIVE} rows {min(s) + 1}–{max(s) + 1} in one block")
        positions = sorted(appendix_order.get(m, -1) for m in members)
        if -1 not in positions and positions[-1] - positions[0] + 1 == len(positions):
            score += 1
            reasons.append(f"appendix tables {positions[0]}–{positions[-1]} in one block")
        if PURCHASE_LABEL in label:
            weight = sum(max((w for w, _ in per_project[m]), default=0.0) for m in members) / len(members)
            score += weight
            reasons.append(f"购买服务 evidence {weight:.2f} on average")
        one_off = sum("一次性" in attributes.get(m, "") for m in members)
        reasons.append(f"{one_off} 一次性项目")
        scored.append((score, members, reasons))
    scored.sort(key=lambda x: -x[0])
    return scored
