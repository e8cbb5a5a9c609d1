"""Changes on the prior year (比上年减少 N万元, 与上年预算数相同) and their rates (下降 N%).

The disclosure does not print prior-year figures: without them the change is unverifiable and
the implied prior value (current − signed change) is shown; the rate is checked against it.
"""
from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from ..formula import Const, Percent, Sum, printed_places
from ..ledger import MISMATCH, ROUNDING, UNVERIFIABLE, judge
from ..money import HUNDRED, ZERO, round_half_up
from .book import ClaimBook, SectionState, Subject
from .extract import Stated, patterns


def verify_change(book: ClaimBook, item: Stated, label: str, state: SectionState, same_subject) -> None:
    """`same_subject`: what a 'same as last year' statement refers to (None: the topic)."""
    g = book.grammar
    same = item.unit == g.same_unit
    word = g.same_unit if same else patterns(g).change_word.search(label).group(0)
    direction = 0 if same else dict(g.change_words)[word]
    subject = (same_subject if same else None) or state.topic
    state.change = (direction, item)
    if subject is None:
        book.add(item, f"{g.compared}{word}", None, status=UNVERIFIABLE, note="no amount in the sentence to compare")
        state.implied = None
        return
    current = subject.expr.evaluate()
    implied_prior = current - direction * item.amount
    name = book.label(subject.item.label) or subject.key
    given = subject.key in book.prior
    description = f"{name} {g.compared}{word}"
    if not same and direction == 0 and item.amount not in (ZERO, current):
        result = _unchanged_yet_amount(book, item, subject, word, description, current)
    elif given:
        result = _against_prior(book, item, subject, direction, description)
    else:
        result = _implied(book, item, subject, direction, description, implied_prior)
    # What the prior-year chart draws: the measure, its current and (given or implied) prior value;
    # the change as stated (signed) and its statement, for identities between changes (identities.py).
    result.extra["change"] = {"key": subject.key, "label": name, "current": current,
                              "prior": book.prior[subject.key] if given else implied_prior, "given": given,
                              "stated": direction * item.amount, "item": item,
                              "words": item.text if same else label}
    state.implied = (subject, implied_prior)


def _unchanged_yet_amount(book: ClaimBook, item: Stated, subject: Subject, word: str, description: str, current):
    """'与上年预算一致 X万元': the words say the figure did not change, so X can only be the change (0) or
    the figure itself (the same in both years); anything else contradicts the sentence."""
    return book.add(item, description, None, computed_value=ZERO, status=MISMATCH, key=subject.key,
                    formula=f"'{word}': change 0, or the figure itself ({current})",
                    note=f"the words say unchanged ('{word}') but the amount stated is neither 0 nor the figure "
                         f"{current}")


def _implied(book: ClaimBook, item: Stated, subject: Subject, direction: int, description: str, implied_prior):
    year, current = book.d.year - 1, subject.expr.evaluate()
    return book.add(item, description, None, status=UNVERIFIABLE, key=subject.key,
                    formula=f"prior[{subject.key}] not printed",
                    note=f"{year} figures are not printed; implied {year} value = {current} "
                         f"{'+' if direction <= 0 else '−'} {item.amount} = {implied_prior}")


def _against_prior(book: ClaimBook, item: Stated, subject: Subject, direction: int, description: str):
    # The prior figure at the precision the text prints the measure and its change (as the current
    # one is), the change then rounded half-up to the places it is stated with.
    places = max(book.digits(subject.item), book.digits(item))
    current, prior = subject.expr.evaluate(), round_half_up(book.prior[subject.key], places)
    computed_change = current - prior
    if item.unit == book.grammar.amount_unit:
        computed_change = round_half_up(computed_change, book.digits(item))
    status = judge(direction * item.amount, computed_change, book.tolerance)
    return book.add(item, description, None, computed_value=abs(computed_change) if direction else computed_change,
                    status=status, key=subject.key,
                    formula=f"{subject.expr.describe()} − prior[{subject.key}] ({prior})",
                    note=f"prior-year figure given: {prior}; signed change {computed_change}")


def verify_rate(book: ClaimBook, item: Stated, state: SectionState) -> None:
    """A rate after a change: against the given prior figure, or the implied one."""
    g = book.grammar
    direction, change_item = state.change
    subject, implied_prior = state.implied
    digits = book.digits(item)
    word = g.rate_words[0] if direction < 0 else g.rate_words[1]
    name = f"{book.label(subject.item.label)} {word}{g.rate_suffix}"
    if subject.key in book.prior:
        _rate_against_prior(book, item, subject, direction, name, digits)
        return
    expr = Percent(Const(change_item.amount, "stated change"),
                   Sum((subject.expr, Const(-direction * change_item.amount, "stated change"))))
    note = f"against the implied {book.d.year - 1} value {implied_prior} = current − signed stated change"
    result = book.add(item, f"{name}{g.implied_suffix}", expr, digits=digits, key=subject.key, note=note)
    if g.rate_from_exact_figures and result.status == MISMATCH:
        change, current = change_item.amount, subject.expr.evaluate()
        dc, da = half_unit(change_item.text), half_places(printed_places(subject.expr))
        rates = [c * HUNDRED / (a - direction * c) for c in (change - dc, change + dc) for a in (current - da, current + da)
                 if a - direction * c > 0 and c >= 0]
        admit_rounding(result, item, rates, digits)


FINER_FIGURES = ("; the document computes its percentages from figures finer than it prints, or cuts them: the "
                 "stated one lies within what the printed figures admit (each ± half a unit of its last place), "
                 "rounded or truncated")


def half_unit(printed: str) -> Decimal:
    """Half a unit of a printed figure's last place ('86.95' → 0.005)."""
    return half_places(len(printed.split(".")[1]) if "." in printed else 0)


def half_places(places: int) -> Decimal:
    return Decimal(5).scaleb(-(places + 1))


def admit_rounding(result, item: Stated, percents: list[Decimal], digits: int) -> None:
    """A mismatched percentage that some figures printing as the stated ones give (`percents`, over the
    corners of their half-unit ranges), rounded half-up or truncated to the places it prints, is a
    rounding: the family computes from figures finer than it prints."""
    if not percents:
        return
    step = Decimal(1).scaleb(-digits)
    cut = {p.quantize(step, rounding=ROUND_DOWN) for p in percents}  # a family that cuts its percentages
    if round_half_up(min(percents), digits) <= item.amount <= round_half_up(max(percents), digits) or item.amount in cut:
        result.status = ROUNDING
        result.note += FINER_FIGURES


def _rate_against_prior(book: ClaimBook, item: Stated, subject: Subject, direction: int, name: str,
                        digits: int) -> None:
    current, prior = subject.expr.evaluate(), book.prior[subject.key]
    rate = abs(current - prior) * HUNDRED / prior if prior else None
    wrong_sign = (current - prior) * direction < 0
    computed = round_half_up(rate, digits) if rate is not None else None
    status = MISMATCH if wrong_sign else judge(item.amount, computed, book.tolerance)
    book.add(item, name, None, computed_value=computed, status=status, key=subject.key,
             formula=f"|{subject.expr.describe()} − prior| / prior × 100 (prior = {prior})",
             note="prior-year figure given" + ("; the change has the opposite sign" if wrong_sign else ""))
