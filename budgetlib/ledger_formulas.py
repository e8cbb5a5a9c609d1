"""Excel formulas for the ledger rows of the auditor's workbook (budgetlib.workbook).

A side is a live formula over the table sheets when its expression reproduces the ledger's value
(after ROUND to the printed places); otherwise it is written as a value and the row's basis says so.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .formula import Cell, Count, Expr, Percent
from .ledger import AT_MOST, MATCH, MISMATCH, ROUNDING, UNVERIFIABLE, WITHIN, judge, judge_bound
from .money import places, round_half_up
from .sheets import BASIS_FORMULA, BASIS_LEDGER, EXCEL_MAX_ARGUMENTS, EXCEL_MAX_FORMULA, decimal_format, excel_number

if TYPE_CHECKING:  # pragma: no cover
    from .workbook import TableLayout


def ledger_formulas(result, layout: TableLayout, row: int, letter: dict[str, str], kind: str):
    """key -> (formula or value or None, number format) for stated, computed, difference, status, basis.

    A side is a live formula when its expression reproduces the ledger's value (after rounding);
    otherwise (a value budgetlib obtained another way: the budget year, a count of appended tables,
    a prior-year figure) it is written as a value. The status is a formula when the ledger's status
    is the plain numeric rule (ledger.judge) on the two sides; a status budgetlib decided on other
    grounds (names compared, a listing, a fact about units) is written as a value, and `basis` says so.
    """
    digits = int(result.digits)
    stated_digits = _stated_places(result)
    diff_digits = max(stated_digits, digits)
    stated_ref, computed_ref = f"{letter['stated']}{row}", f"{letter['computed']}{row}"
    diff_ref, tolerance_ref = f"{letter['difference']}{row}", f"{letter['tolerance']}{row}"

    stated = None if result.stated is None else excel_number(result.stated)
    if result.stated_expr is not None and _reproduces(result.stated_expr, None, result.stated):
        stated = _formula(result.stated_expr, stated_digits, layout.ref) or stated
    computed = None if result.computed is None else excel_number(result.computed)
    if result.computed_expr is not None and _reproduces(result.computed_expr, digits, result.computed):
        computed = _formula(result.computed_expr, digits, layout.ref) or computed
    blank = f'OR({stated_ref}="",{computed_ref}="")'
    difference = f'=IF({blank},"",ROUND({stated_ref}-{computed_ref},{diff_digits}))'
    if result.relation != "=":  # a bound: stated ≤ computed (+ tolerance), or ≥
        live_status = judge_bound(result.stated, result.computed, result.tolerance, result.relation) == result.status
        excess = diff_ref if result.relation == AT_MOST else f"-{diff_ref}"
        status = f'=IF({blank},"{UNVERIFIABLE}",IF({excess}<={tolerance_ref},"{WITHIN}","{MISMATCH}"))'
    else:
        live_status = judge(result.stated, result.computed, result.tolerance) == result.status
        status = (
            f'=IF({blank},"{UNVERIFIABLE}",IF({diff_ref}=0,"{MATCH}",'
            f'IF(ABS({diff_ref})<={tolerance_ref},"{ROUNDING}","{MISMATCH}")))'
        )
    if not live_status:
        status = result.status
    return {
        "stated": (stated, decimal_format(stated_digits)),
        "computed": (computed, decimal_format(min(digits, stated_digits))),  # a count shows as 33, not 33.00
        "difference": (difference, decimal_format(diff_digits)),
        "status": (status, None),
        "basis": (BASIS_FORMULA if live_status else BASIS_LEDGER, None),
    }


def _reproduces(expr: Expr, digits: int | None, wanted) -> bool:
    """Does the expression, evaluated (and rounded half-up), give the ledger's value?"""
    try:
        got = expr.evaluate()
    except Exception:
        return False
    if got is not None and digits is not None:
        got = round_half_up(got, digits)
    if got is None or wanted is None:
        return got is None and wanted is None
    return got == wanted


def _formula(expr: Expr, digits: int, ref: Callable[[Cell], str]) -> str | None:
    """'=ROUND(…)', or None when Excel could not hold it (then the value is written instead)."""
    formula = "=" + _rounded(expr, digits, ref)
    too_many_arguments = any(isinstance(e, Count) and len(e.rows) > EXCEL_MAX_ARGUMENTS for e in _walk(expr))
    return None if len(formula) > EXCEL_MAX_FORMULA or too_many_arguments else formula


def _walk(expr: Expr):
    yield expr
    for child in (getattr(expr, name, None) for name in ("left", "right", "part", "whole")):
        if isinstance(child, Expr):
            yield from _walk(child)
    for child in getattr(expr, "terms", ()) or ():
        yield from _walk(child)


def _rounded(expr: Expr, digits: int, ref: Callable[[Cell], str]) -> str:
    """ROUND(expr, digits); a percentage of a zero whole gives "" (unverifiable), as in budgetlib."""
    if isinstance(expr, Percent):
        whole = expr.whole.to_excel(ref)
        return f'IF({whole}=0,"",ROUND({expr.to_excel(ref)},{digits}))'
    return f"ROUND({expr.to_excel(ref)},{digits})"


def _stated_places(result) -> int:
    """Decimal places of the stated number as printed (at least `digits` for a check's formula side)."""
    if result.stated is None:
        return int(result.digits)
    shown = places(result.stated)
    return shown if result.stated_expr is None else max(shown, int(result.digits))


# -- README ---------------------------------------------------------------------------------------
