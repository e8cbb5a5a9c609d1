"""What the goal-table analysis says about stated project figures, computed once per call.

From the audit's goal evidence (`budgetlib.goals.GoalEvidence`): the appendix totals (Σ 年度资金总额)
and which subsets of the project table make up a stated count and amount. Results are kept in the
ClaimBook's per-call cache (statements are often repeated), never on the Disclosure.
"""
from __future__ import annotations

from decimal import Decimal

from ..formula import Const, Expr
from ..ledger import CONSISTENT, MATCH, UNVERIFIABLE
from .book import ClaimBook
from .extract import Stated


def _appendix_totals(book: ClaimBook):
    return None if book.goals is None else book.goals.totals()


def disclosed_amount(book: ClaimBook, label: str, fallback_label: str) -> Expr | None:
    """Σ 年度资金总额 of the appended goal tables, in the tables' amount unit; None without tables.
    A blank annual amount is a layout loss (reported as a finding): the budget table's amount
    stands in and `fallback_label` ('{blank}': the projects concerned) says so."""
    counts = book.cached("appendix_totals", lambda: _appendix_totals(book))
    if counts is None or not counts.tables:
        return None
    if counts.tables_without_annual:
        blank = book.grammar.enumeration.join(counts.tables_without_annual)
        return Const(counts.annual_total_with_fallback, fallback_label.format(blank=blank))
    return Const(counts.annual_total, label)


def subset(book: ClaimBook, count: int, amount: Decimal, label: str):
    """Which `count` projects of the project table sum to `amount` (None: cannot be computed)."""
    if book.goals is None:
        return None
    return book.cached(("subset", count, amount, label), lambda: book.goals.subsets(count, amount, label))


def subset_claims(book: ClaimBook, count_item: Stated, amount_item: Stated, label: str,
                  descriptions: tuple[str, str], missing_note: str) -> None:
    """A stated count and amount of a group of projects, weighed together by subset evidence: that
    some `count` projects sum to the amount is 'consistent' with the table (how many subsets do, and
    how likely a figure of that size is hit by chance, are in the note), never on its own a 'match';
    no such subset leaves both unverifiable."""
    evidence = subset(book, int(count_item.amount), amount_item.amount, label)
    for item, description in zip((count_item, amount_item), descriptions):
        if evidence is None:
            book.add(item, description, None, status=UNVERIFIABLE, note=missing_note)
            continue
        if item is amount_item:
            computed = evidence.computed
        else:
            computed = Decimal(count_item.amount) if evidence.status in (MATCH, CONSISTENT) else None
        result = book.add(item, description, None, status=evidence.status, computed_value=computed,
                          note=evidence.note)
        result.extra["subset"] = evidence
        result.tables = book.d.template.goal_tables.budget_table  # the projects the subsets are drawn from
