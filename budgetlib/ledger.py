"""One row of the audit — a check or a claim — and how its status is decided."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from .formula import Expr, Scaled
from .money import CONVENTIONS, HALF_UP, ZERO, places, round_half_up

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

HALF = Decimal("0.5")

MATCH, ROUNDING, MISMATCH, UNVERIFIABLE = "match", "rounding", "mismatch", "unverifiable"
# consistent: the tables allow the stated figure but do not pin it (e.g. some subset of the projects
# sums to it, which most figures of that size would do) — neither a proof nor a contradiction.
CONSISTENT = "consistent"
# within: a bound the family's definitions make one figure obey (a part ≤ its whole, e.g. 基本支出's
# 公务接待费 ≤ all 公务接待费) holds; the two may differ, so it is neither a match nor a mismatch.
WITHIN = "within"
STATUSES = (MATCH, ROUNDING, WITHIN, MISMATCH, UNVERIFIABLE, CONSISTENT)
STATUS_MARKS = {MATCH: "✓", ROUNDING: "≈", WITHIN: "≤", MISMATCH: "✗", UNVERIFIABLE: "?", CONSISTENT: "~"}
AT_MOST, AT_LEAST = "≤", "≥"  # the relations of a bound: stated ≤ computed, stated ≥ computed


def judge(stated: Decimal | None, computed: Decimal | None, tolerance: Decimal | None) -> str:
    """match: equal; rounding: within the 尾差 slack; mismatch: further apart.
    tolerance None: no slack (the computed side is a half-up rounding of printed figures)."""
    if stated is None or computed is None:
        return UNVERIFIABLE
    difference = abs(stated - computed)
    if difference == 0:
        return MATCH
    return ROUNDING if tolerance is not None and difference <= tolerance else MISMATCH


def judge_bound(stated: Decimal | None, computed: Decimal | None, tolerance: Decimal | None, relation: str) -> str:
    """within: `stated relation computed` holds (within the 尾差 slack); mismatch: the bound is broken."""
    if stated is None or computed is None:
        return UNVERIFIABLE
    excess = stated - computed if relation == AT_MOST else computed - stated
    return WITHIN if excess <= (tolerance or ZERO) else MISMATCH


def convention_of(printed: Decimal, exact: Decimal, digits: int) -> str | None:
    """The rounding conventions that turn `exact` into the `printed` figure at `digits` places, joined
    by ' or ' (half-up first), where the conventions disagree on it; None when they agree or none gives
    it. Half to even departs from half-up only at a tie on an even digit, where truncation gives the
    same figure: such a figure is 'truncation or half-even'."""
    rounded = {name: rounder(exact, digits) for name, rounder in CONVENTIONS.items()}
    if len(set(rounded.values())) == 1:
        return None
    names = [name for name, figure in rounded.items() if figure == printed]
    return " or ".join(names) if names else None


def _exact_side(stated_expr: Expr | None, computed_expr: Expr | None):
    """(is the printed figure the stated side?, the exact value, its places) where one side is a figure
    of another unit converted exactly and rounded to the places the other prints (元 → 万元); else None.
    Only there is the exact value printed in the document itself: a rate recomputed from printed
    (rounded) figures is not the value its author rounded, so it is judged half-up alone."""
    for expr, printed_is_stated in ((computed_expr, True), (stated_expr, False)):
        if type(expr) is Scaled and expr.digits is not None:
            return printed_is_stated, expr.exact(), expr.digits
    return None


CONVENTIONS_PRINTED = {HALF_UP: "rounded half-up (四舍五入)", "truncation": "truncated (截尾)",
                       "half-even": "rounded half to even (银行家舍入)"}


def apply_convention(result: "Result") -> None:
    """Name the rounding convention a figure converted from an exact one follows (extra['convention'],
    where the conventions disagree); a figure that is the exact value truncated or rounded half to even
    at its printed places is `rounding` with that convention named, never a mismatch."""
    side = _exact_side(result.stated_expr, result.computed_expr)
    if side is None or result.stated is None or result.computed is None:
        return
    printed_is_stated, exact, digits = side
    printed = result.stated if printed_is_stated else result.computed
    convention = convention_of(printed, exact, digits)
    if convention is None:
        return
    result.extra["convention"] = convention
    if not convention.startswith(HALF_UP) and result.status == MISMATCH:
        result.status = ROUNDING
        how = " / ".join(CONVENTIONS_PRINTED[name] for name in convention.split(" or "))
        note = f"rounding convention {convention}: {exact.normalize():f} {how} at {digits} places is {printed:f}"
        result.note = "; ".join(n for n in (result.note, note) if n)


def rounding_slack(computed_expr: Expr | None) -> Decimal:
    """How far a printed total may lie from the sum of its printed parts through rounding alone:
    half a unit of the last printed digit of each addend, when two or more are added (807.64 against
    parts summing to 807.63). One figure against one figure, and ratios, have none: the two sides
    must agree once the computed one is rounded half-up to the printed places. A figure printed as
    zero is exact (nothing is budgeted; an amount is printed 0 only when there is none), so it adds
    no slack: parts 0 + 0 + 49.27 against 49.27 leave none, and 0 → 1 is a mismatch."""
    addends = computed_expr.addends() if computed_expr is not None else []
    if len(addends) < 2:
        return ZERO
    return sum((HALF / (10 ** places(a)) for a in addends if a != 0), ZERO)


@dataclass
class Result:
    id: str
    description: str  # Chinese, what is compared
    stated: Decimal | None  # left side: the printed total, or the number stated in the text
    computed: Decimal | None  # right side, recomputed (rounded half-up to the stated precision)
    status: str
    formula: str  # readable: how `computed` is obtained
    stated_formula: str = ""  # readable: where `stated` comes from
    stated_expr: Expr | None = None
    computed_expr: Expr | None = None
    digits: int = 2  # printed precision that `computed` is rounded to
    tolerance: Decimal = Decimal("0")  # the slack this row was judged with
    unit: str = "万元"
    section: str = ""  # claims: 一 … 十二
    sentence: str = ""  # claims: the quoted sentence
    stated_text: str = ""  # claims: the number as printed
    line: int | None = None
    note: str = ""  # reason for unverifiable, implied prior-year figures, name differences
    tables: str = ""
    kind: str = "check"  # 'check' or 'claim'
    extra: dict = field(default_factory=dict)
    relation: str = "="  # '=' an identity; '≤' / '≥' a bound: stated ≤ / ≥ computed (status within)

    @property
    def difference(self) -> Decimal | None:
        if self.stated is None or self.computed is None:
            return None
        return self.stated - self.computed

    @property
    def mark(self) -> str:
        return STATUS_MARKS[self.status]


def decide(
    id: str, description: str, stated_expr: Expr | None, computed_expr: Expr | None,
    tolerance: Decimal | None, digits: int | None = None, relation: str = "=", **fields,
) -> Result:
    """Evaluate both sides, round the computed side half-up to the stated precision, judge.
    tolerance None: the slack follows from the data (`rounding_slack`); a number fixes it.
    relation '≤' / '≥': a bound, judged `within` or `mismatch` (`judge_bound`)."""
    if tolerance is None:
        tolerance = rounding_slack(computed_expr)
    stated = fields.pop("stated", None)
    if stated is None and stated_expr is not None:
        stated = stated_expr.evaluate()
    computed = computed_expr.evaluate() if computed_expr is not None else None
    if computed is not None and digits is not None:
        computed = round_half_up(computed, digits)
    decided = fields.pop("status", None)
    status = decided or (judge(stated, computed, tolerance) if relation == "=" else
                         judge_bound(stated, computed, tolerance, relation))
    formula, stated_formula = fields.pop("formula", ""), fields.pop("stated_formula", "")
    result = Result(
        id, description, stated, computed, status,
        computed_expr.describe() if computed_expr is not None else formula,
        stated_expr.describe() if stated_expr is not None else stated_formula,
        stated_expr, computed_expr, 2 if digits is None else digits, tolerance, **fields,
        relation=relation,
    )
    if not decided:
        apply_convention(result)
    return result


LEDGER_COLUMNS = [
    "id", "kind", "section", "description", "sentence", "stated_text", "stated", "computed",
    "difference", "unit", "status", "mark", "formula", "stated_formula", "tolerance", "line", "note", "tables",
]


def ledger_row(r: Result) -> dict:
    return {
        "id": r.id, "kind": r.kind, "section": r.section, "description": r.description,
        "sentence": r.sentence, "stated_text": r.stated_text, "stated": r.stated,
        "computed": r.computed, "difference": r.difference, "unit": r.unit, "status": r.status,
        "mark": r.mark, "formula": r.formula, "stated_formula": r.stated_formula,
        "tolerance": r.tolerance, "line": r.line, "note": r.note, "tables": r.tables,
    }


def ledger_frame(results: list[Result]) -> "pd.DataFrame":
    import pandas as pd  # only when a frame is asked for: the command line audits without pandas

    return pd.DataFrame([ledger_row(r) for r in results], columns=LEDGER_COLUMNS)


def count_conventions(results: list[Result]) -> dict[str, int]:
    """Figures by the rounding convention they follow (ledger rows where the conventions disagree). A
    figure two conventions give counts for the first named: half to even never departs from both
    half-up and truncation, so it names no figure alone."""
    counts = {name: 0 for name in CONVENTIONS}
    for r in results:
        if r.extra.get("convention"):
            counts[r.extra["convention"].split(" or ")[0]] += 1
    return counts


def prevailing(conventions: dict[str, int]) -> str | None:
    """The convention most figures follow (half-up on a tie); None when no figure tells them apart."""
    best = max(conventions, key=lambda name: conventions[name], default=None)
    return best if best is not None and conventions[best] else None


def count_statuses(results: list[Result]) -> dict[str, int]:
    counts = {s: 0 for s in STATUSES}
    for r in results:
        counts[r.status] += 1
    return counts
