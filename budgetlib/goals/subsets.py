"""Which budget projects make up a stated amount: every k-project subset of the budget project
table summing exactly to it (e.g. "特定目标类项目N个 X万元"), and the evidence for each candidate."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
import random
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
    # combinations() of the values and of their indices come in the same order; map(sum, …) and
    # the list of index sets are built in C, so Python only looks at the sums that can meet
    for combo, total in zip(combinations(indices, back), map(sum, combinations(values, back))):
        by_sum.setdefault(total, []).append(combo)
    fronts = list(combinations(indices, front))
    out: list[tuple[int, ...]] = []
    for position, total in enumerate(map(sum, combinations(values, front))):
        rests = by_sum.get(target - total)
        if rests is None:
            continue
        combo = fronts[position]
        for rest in rests:
            if rest[0] > combo[-1]:
                out.append(combo + rest)
                if len(out) >= limit:
                    return out
    return sorted(out)


WINDOW = Decimal("0.10")  # "a figure of that size": within ±10 % of the stated one
MAX_BITS = 400_000_000  # the reachable-sums bitsets (range × count) above which the hit rate is sampled
SAMPLES = 400  # random figures tried when it is sampled


def reachable_sums(values: list[int], count: int, low: int, high: int) -> tuple[int, int] | None:
    """Which integers of [low, high] are the sum of some `count` of the values: a bitset whose bit
    i stands for low + i, and the range's length — exactly, by the reachable sums of every subset
    size kept as bitsets (counting the left-out values when more than half are chosen). None when
    the bitsets would be too large."""
    n, total = len(values), sum(values)
    if count < 0 or count > n or high < low:
        return None
    complement = count > n - count  # sums of `count` values = total − sums of the others
    size = high - low + 1
    if complement:
        count, low, high = n - count, total - high, total - low
    if (max(high, 0) + 1) * (count + 1) > MAX_BITS:
        return None
    mask = (1 << (max(high, 0) + 1)) - 1
    reach = [1] + [0] * count
    for i, v in enumerate(values):
        for c in range(min(i + 1, count), 0, -1):
            if reach[c - 1]:
                reach[c] |= (reach[c - 1] << v) & mask
    bits = reach[count] >> low if low >= 0 else reach[count] << -low
    bits &= (1 << size) - 1
    if complement:  # bit i stood for total − high + i = the sum low' + (size − 1 − i): reverse it
        bits = int(format(bits, f"0{size}b")[::-1], 2)
    return bits, size


def chance_of_a_hit(values: list[int], count: int, target: int, step: int = 100,
                    seed: int = 0) -> tuple[float, float, str] | None:
    """How likely a figure of the target's size, stated at random, is 'matched' by some `count` of
    the values: the share of the figures within ±WINDOW of `target` that are such a sum, (1) at the
    values' precision and (2) among those with the target's last digits (target + k·`step`: an error
    in the whole 万元 leaves the cents as they were), and how it was obtained. Exact where the
    bitsets are small enough, else by sampling."""
    spread = int((Decimal(abs(target)) * WINDOW).to_integral_value())
    low, high = target - spread, target + spread
    exact = reachable_sums(values, count, low, high)
    aligned = range((target - low) % step, high - low + 1, step)  # offsets of target + k·step
    if exact is not None:
        bits, size = exact
        text = format(bits, f"0{size}b")[::-1]  # text[i] is the figure low + i
        every, same = text.count("1"), sum(text[i] == "1" for i in aligned)
        return (every / size, same / len(aligned),
                f"{every} of the {size} figures within ±{WINDOW:.0%} ({every / size:.1%}), and {same} of the "
                f"{len(aligned)} of them with the same last digits ({same / len(aligned):.1%}),")
    rng = random.Random(seed)
    every = sum(bool(exact_subsets(values, count, rng.randint(low, high), limit=1)) for _ in range(SAMPLES))
    same = sum(bool(exact_subsets(values, count, low + rng.choice(aligned), limit=1)) for _ in range(SAMPLES))
    return (every / SAMPLES, same / SAMPLES,
            f"{every} of {SAMPLES} random figures within ±{WINDOW:.0%} ({every / SAMPLES:.1%}), and {same} of "
            f"{SAMPLES} with the same last digits ({same / SAMPLES:.1%}),")


def subset_evidence(budget_projects: list[dict], analysis: GoalAnalysis, directory: list[Entry],
                    count: int, amount, label: str = "", memo: dict | None = None) -> SubsetEvidence:
    """All `count`-project subsets of the budget projects summing exactly to `amount` 万元, how
    likely a figure of that size is hit by chance, and which candidate the evidence favours.

    That some subset sums to the figure never proves it: with a few of a few dozen projects, most
    figures at 0.01 万元 are the sum of some subset. The status is therefore 'consistent' (the tables
    allow the figure, they do not pin it) when a subset exists, 'unverifiable' when none does; only
    what the document itself pins — an identity between stated figures (a claim of its own, see
    claims/parts.py) or a printed classification of the projects — is a 'match'.

    Evidence weighed for each candidate (one point each), to name the likeliest (`chosen`), not to
    judge: its projects stand together in the budget table; they stand together in the appendix of
    goal tables; for 政府购买服务 the share of its projects that mention 购买服务 or resemble an entry
    of the printed `directory`. A candidate is chosen when it is the only one, or leads the next by a
    full point.
    """
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return SubsetEvidence("unverifiable", None, f"amount {amount!r} is not a number", [], label)
    names = [b["item"] for b in budget_projects]
    subsets, how = _subsets(budget_projects, count, amount, memo)
    named = [[names[i] for i in s] for s in subsets]
    if not subsets:
        return SubsetEvidence("unverifiable", None, how + "; the stated figures cannot be reproduced", [], label)
    values = [fen(b["total"]) if b["total"] is not None else 0 for b in budget_projects]
    chance = chance_of_a_hit(values, count, fen(amount))
    lines = [how + "."]
    rate = None
    if chance is not None:
        _, rate, basis = chance
        lines.append(f"chance: of the figures at 0.01万元 around {fmt(amount)}万元, {basis} are also the sum of "
                     f"some {count} projects: a figure of this size is 'matched' that often by chance alone, so a "
                     "subset summing to it is consistent with the table, not proof.")
    if len(subsets) == 1:
        lines.insert(1, "one candidate: " + "、".join(named[0]))
        return SubsetEvidence("consistent", amount, "\n".join(lines), named, label, named[0], [(1.0, named[0])],
                              hits=1, chance=rate)
    per_project = project_evidence(analysis, names, label, directory)
    scored = _scored(subsets, named, analysis, per_project, label)
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
        lines.insert(1, f"the likeliest candidate (score {best[0]:.2f} vs {second[0]:.2f}) is marked; the "
                        "document does not say which projects they are.")
        chosen = best[1]
    else:
        lines.insert(1, f"no candidate stands out (best score {best[0]:.2f} vs {second[0]:.2f}).")
        chosen = []
    return SubsetEvidence("consistent", amount, "\n".join(lines), named, label, chosen, scores,
                          hits=len(subsets), chance=rate)


def _subsets(budget_projects: list[dict], count: int, amount: Decimal,
             memo: dict | None = None) -> tuple[list[tuple[int, ...]], str]:
    """The index sets, and how they were found (a readable sentence). More than half of the rows are
    enumerated as the rows left out. `memo` keeps the enumerations of one document: a total and its
    parts ('28 projects X, 5 projects Y') ask for the same one."""
    values = [fen(b["total"]) if b["total"] is not None else 0 for b in budget_projects]
    n, total = len(values), sum(values)
    target = fen(amount)
    complement = count > n - count
    memo = {} if memo is None else memo
    wanted = (n - count, total - target) if complement else (count, target)
    if wanted not in memo:
        memo[wanted] = exact_subsets(values, *wanted)
    if complement:
        subsets = [tuple(i for i in range(n) if i not in set(s)) for s in memo[wanted]]
    else:
        subsets = memo[wanted]
    how = (f"{len(subsets)} subset(s) of {count} of the {n} {_ADJECTIVE} projects sum exactly to {fmt(amount)}万元"
           + (f" (enumerated as the {n - count} projects left out, summing to {fmt(Decimal(total - target) / 100)}万元)"
              if complement else ""))
    return subsets, how


def _scored(subsets: list, named: list[list[str]], analysis: GoalAnalysis, per_project: dict,
            label: str) -> list[tuple[float, list[str], list[str]]]:
    """(score, members, reasons) per candidate, best first (stable for equal scores)."""
    projects = [p for p in analysis.project_records if isinstance(p["t12_name"], str) and p["t12_name"]]
    appendix_order = {p["t12_name"]: int(p["table"]) for p in projects}
    attributes = {p["t12_name"]: p["attribute"] if isinstance(p["attribute"], str) else "" for p in projects}
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
