"""Prior-year figures read from last year's disclosure of the same unit.

`measures(d)` evaluates every phrase of a vocabulary on a Disclosure: {measure key: value}, in the
money unit the narrative states (converted exactly, not rounded: the comparison rounds). Given as
`prior` to the claims, each 比上年 / 比<year>年预算 增加/减少 X (and 'same as last year') of a measure
is checked against the same measure of last year's disclosure.
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..errors import ParameterError
from ..formula import in_unit
from ..money import value
from ..templates.claims import ClaimVocabulary
from ..text import normalize
from .measures import resolve

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Disclosure


def measures(d: "Disclosure", vocabulary: ClaimVocabulary | None = None) -> dict[str, Decimal]:
    """Every phrase's measure on `d` (the first phrase of a key that resolves), in the vocabulary's
    stated amount unit. `vocabulary`: the one to evaluate (default: d's template's)."""
    vocabulary = vocabulary or d.template.claims
    if vocabulary is None:
        return {}
    unit, out = vocabulary.grammar.amount_unit, {}
    for phrase in vocabulary.phrases:
        if phrase.key in out or phrase.measure is None:
            continue
        cell = resolve(d, phrase.measure)
        if cell is not None:
            out[phrase.key] = value(in_unit(cell, unit).evaluate())
    return out


def prior_measures(d: "Disclosure", last_year: "Disclosure") -> dict[str, Decimal]:
    """The measures of d's vocabulary on `last_year`, which must be the disclosure of the same unit
    for the year before d's (else a ParameterError naming both)."""
    same_unit = normalize(last_year.unit) == normalize(d.unit)
    if not same_unit or last_year.year != d.year - 1:
        raise ParameterError(
            f"prior disclosure: {last_year.unit} {last_year.year} ({last_year.path.name}) is not the year "
            f"before of {d.unit} {d.year} (expected {d.unit} {d.year - 1})")
    return measures(last_year, d.template.claims)
