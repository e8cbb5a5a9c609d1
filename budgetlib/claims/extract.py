"""Numbers, years, dates and 'same as last year' statements found in a narrative section.

Generic: what counts as a number, a unit, a sentence or a clause is the template's `Grammar`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..money import ZERO, places
from ..narrative import Section
from ..templates.claims import Grammar
from ..text import normalize


@dataclass
class Stated:
    section: str
    sentence: str
    clause: str
    label: str  # the words before the number in its clause
    text: str  # the number as printed, e.g. '3,306.81'
    unit: str
    amount: Decimal
    line: int
    position: int  # character offset in the sentence


@dataclass
class Sentence:
    section: str
    text: str
    line: int
    items: list[Stated] = field(default_factory=list)
    offset: int = 0  # where the sentence starts in its (stripped) line


@dataclass(frozen=True)
class Patterns:
    """A grammar's regexes, compiled once."""

    number: re.Pattern
    date: re.Pattern
    same: re.Pattern
    sentence_end: re.Pattern
    clause_break: re.Pattern
    year_prefix: re.Pattern
    label_prefix: re.Pattern
    change: re.Pattern
    change_word: re.Pattern
    rate: re.Pattern
    compared_year: re.Pattern | None


@lru_cache(maxsize=16)
def patterns(grammar: Grammar) -> Patterns:
    units = "|".join(re.escape(u) for u in grammar.units)
    return Patterns(
        number=re.compile(rf"(?<![\d.,A-Za-z])(\d{{1,3}}(?:,\d{{3}})+|\d+)(\.\d+)?\s*({units})"),
        date=re.compile(grammar.date),
        same=re.compile(grammar.same),
        sentence_end=re.compile(grammar.sentence_end),
        clause_break=re.compile(grammar.clause_break),
        year_prefix=re.compile(grammar.year_prefix),
        label_prefix=re.compile(grammar.label_prefix),
        change=re.compile(grammar.change),
        change_word=re.compile("|".join(re.escape(w) for w, _ in grammar.change_words)),
        rate=re.compile(grammar.rate),
        compared_year=re.compile(grammar.compared_year) if grammar.compared_year else None,
    )


def sentences_of(section: Section, grammar: Grammar) -> list[Sentence]:
    split = patterns(grammar).sentence_end
    out = []
    for line in section.lines:
        text, start = line.text.strip(), 0
        for end, after in [m.span() for m in split.finditer(text)] + [(len(text), len(text))]:
            part = text[start:end]  # as re.split cuts it, with its offset
            if part.strip():
                lead = len(part) - len(part.lstrip())
                out.append(Sentence(section.numeral, part.strip(), line.no, offset=start + lead))
            start = after
    return out


def _label_before(p: Patterns, sentence: str, start: int) -> tuple[str, str]:
    """The clause holding the number at `start` and the words before the number in it."""
    head = sentence[:start]
    cut = max((m.end() for m in p.clause_break.finditer(head)), default=0)
    clause_end = p.clause_break.search(sentence, start)
    clause = sentence[cut: clause_end.start() if clause_end else len(sentence)]
    return clause, head[cut:]


def _stated(p: Patterns, s: Sentence, match: re.Match, text: str, unit: str, amount: Decimal) -> Stated:
    clause, label = _label_before(p, s.text, match.start())
    return Stated(s.section, s.text, clause, label, text, unit, amount, s.line, match.start())


def _items(p: Patterns, grammar: Grammar, s: Sentence) -> list[Stated]:
    items, spans = [], []
    for m in p.date.finditer(s.text):
        unit = grammar.date_unit if m.group(2) else grammar.year_unit
        items.append(_stated(p, s, m, m.group(0), unit, Decimal(m.group(1))))
        spans.append(m.span())
    aliases = dict(grammar.unit_aliases)
    for m in p.number.finditer(s.text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        number = m.group(1) + (m.group(2) or "")
        unit = aliases.get(m.group(3), m.group(3))
        items.append(_stated(p, s, m, number, unit, Decimal(number.replace(",", ""))))
    for m in p.same.finditer(s.text):
        items.append(_stated(p, s, m, m.group(0), grammar.same_unit, ZERO))
    return sorted(items, key=lambda i: i.position)


def extract(section: Section, grammar: Grammar) -> list[Sentence]:
    """The sentences of a section, each with its stated items in reading order."""
    p = patterns(grammar)
    sentences = sentences_of(section, grammar)
    for s in sentences:
        s.items.extend(_items(p, grammar, s))
    return sentences


def clean_label(label: str, unit_name: str, grammar: Grammar) -> str:
    """The label as phrases are matched against it: normalised, without the unit's name, a
    leading year and the grammar's leading connectives (其中, 主要包括 …)."""
    p = patterns(grammar)
    text = normalize(label).replace(normalize(unit_name), "")
    return p.label_prefix.sub("", p.year_prefix.sub("", text))


def digits(item: Stated, grammar: Grammar) -> int:
    """The printed precision of an amount or a percentage (0 for counts)."""
    if item.unit in (grammar.amount_unit, grammar.percent_unit):
        return places(item.text.replace(",", ""))
    return 0
