"""Identities between stated figures that no table prints, declared by the template as data:

* `Thresholds`: a value threshold the template's wording fixes ('单价100万元（含）以上设备') against
  the declared constant, in reading order;
* `ChangeIdentities`: the changes on an earlier year stated for quantities an identity of the
  tables ties together (表1 财政拨款收入 = 表4 支出总计, 三公 = Σ its items) obey that identity too,
  when every term's change is stated on the same base (year; budget or execution);
* `StatedCounts`: counts the narrative states in different places, related by a declared tally
  (the bodies a department comprises, by kind);
* `Restated`: an amount named in a list elsewhere (a project's amount among those with performance
  goals) and stated again under the same name.

Each is a consistency of stated figures: a `match` says they agree with each other (or with the
template's wording), not that a table confirms them; a difference is a mismatch. Nothing here names
a template, a section or a label: all of it comes from the roles' parameters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..formula import Const, Sum
from ..ledger import UNVERIFIABLE
from ..money import ZERO
from ..templates.claims import ChangeIdentities, Restated, StatedCount, StatedCounts, Thresholds, Tally
from ..text import normalize, strip_numbering
from .extract import Stated, extract
from .roles import HANDLERS, Handler


def _at(pattern: str, item: Stated) -> bool:
    """Group 1 of a match of `pattern` in the item's sentence is this number."""
    return any(m.start(1) == item.position for m in re.finditer(pattern, item.sentence))


class ThresholdsHandler(Handler):
    role: Thresholds

    def __init__(self, role, book, section):
        super().__init__(role, book, section)
        self.seen = 0

    def amount(self, item, label, state) -> bool:
        if not _at(self.role.pattern, item):
            return False
        role, n = self.role, self.seen
        self.seen += 1
        values = role.values
        expected = values[0] if len(values) == 1 else values[n] if n < len(values) else None
        description = role.description.format(text=item.text)
        if expected is None:
            self.book.add(item, description, None, status=UNVERIFIABLE, note=role.extra_note)
        else:
            self.book.add(item, description, None, computed_value=expected, note=role.note,
                          formula=f"threshold {n + 1} of the template's wording: {expected}{item.unit}")
        return True


@dataclass
class _Change:
    key: str
    name: str
    stated: Decimal  # signed
    item: Stated
    basis: tuple | None


class ChangeIdentitiesHandler(Handler):
    role: ChangeIdentities

    def finish(self, state) -> None:
        changes = [self._change(r.extra["change"]) for r in self.book.results
                   if r.section == self.section.numeral and "item" in r.extra.get("change", {})]
        block: dict[str, _Change] = {}
        for change in changes:
            if change.key in block:  # the term is stated again: a new statement (a repeated paragraph)
                self._settle(block)
                block = {}
            block[change.key] = change
        self._settle(block)

    def _change(self, change: dict) -> _Change:
        match = re.search(self.role.basis, change["words"])
        name = re.sub(self.book.grammar.item_numbering, "", strip_numbering(change["label"]))
        return _Change(change["key"], name, change["stated"], change["item"], match.groups() if match else None)

    def _settle(self, block: dict[str, _Change]) -> None:
        for identity in self.role.identities:
            terms = [block.get(key) for key in (identity.total, *identity.parts)]
            if any(t is None for t in terms) or terms[0].basis is None or any(t.basis != terms[0].basis for t in terms):
                continue
            self._claim(terms[0], terms[1:])

    def _claim(self, total: _Change, parts: list[_Change]) -> None:
        role, book = self.role, self.book
        sign = -1 if total.stated < 0 else 1  # the total's change is stated as a magnitude with its word
        expr = Sum(tuple(Const(sign * p.stated or ZERO, role.term.format(name=p.name)) for p in parts))
        names = " + ".join(p.name for p in parts)
        digits = max(book.digits(t.item) for t in (total, *parts))
        description = role.description.format(total=total.name, parts=names if len(parts) == 1 else f"({names})")
        book.add(total.item, description, expr, digits=digits, note=role.note.format(identity=f"{total.name} = {names}"))


class StatedCountsHandler(Handler):
    role: StatedCounts

    def finish(self, state) -> None:
        found = {count.name: self._find(count) for count in self.role.counts}
        labels = {count.name: count.label for count in self.role.counts}
        for tally in self.role.tallies:
            total = found.get(tally.total)
            if total is None or total.section != self.section.numeral:
                continue
            stated = [(name, found[name]) for name in tally.parts if found.get(name) is not None]
            absent = [labels[name] for name in tally.parts if found.get(name) is None]
            if not stated or (absent and not tally.absent_zero):
                continue
            self._claim(tally, total, stated, absent, labels)

    def _claim(self, tally: Tally, total: Stated, stated, absent: list[str], labels: dict[str, str]) -> None:
        terms = [Const(item.amount, labels[name]) for name, item in stated]
        if tally.offset:
            terms.append(Const(Decimal(tally.offset), tally.offset_label))
        note = tally.note + (f"; not stated, counted 0: {', '.join(absent)}" if absent else "")
        self.book.add(total, tally.description, Sum(tuple(terms)), note=note)

    def _find(self, count: StatedCount) -> Stated | None:
        section = self.book.d.sections.get(count.section)
        if section is None:
            return None
        sentences = self.book.cached(("sentences", count.section), lambda: extract(section, self.book.grammar))
        return next((item for sentence in sentences for item in sentence.items if _at(count.pattern, item)), None)


class RestatedHandler(Handler):
    role: Restated

    def amount(self, item, label, state) -> bool:
        named = self.book.cached(("restated", self.role), self._named)
        name = max((n for n in named if label.endswith(n)), key=len, default=None)
        if name is None:
            return False
        source = named[name]
        self.book.add(item, self.role.description.format(name=name),
                      Const(source.amount, f"{self.book.place(source.section)} {name} {source.text}{source.unit}"),
                      digits=self.book.digits(item), note=self.role.note)
        return True

    def _named(self) -> dict[str, Stated]:
        role, book = self.role, self.book
        section = book.d.sections.get(role.source)
        if section is None:
            return {}
        sentences = book.cached(("sentences", role.source), lambda: extract(section, book.grammar))
        out: dict[str, Stated] = {}
        for before, sentence in zip(sentences, sentences[1:]):
            if re.search(role.anchor, before.text) and re.match(role.opens, sentence.text):
                for part in sentence.items:
                    name = normalize(book.label(part.label))
                    if part.unit == book.grammar.amount_unit and name:
                        out.setdefault(name, part)
        return out


HANDLERS[Thresholds] = ThresholdsHandler  # registered when budgetlib.claims is imported
HANDLERS[ChangeIdentities] = ChangeIdentitiesHandler
HANDLERS[StatedCounts] = StatedCountsHandler
HANDLERS[Restated] = RestatedHandler
