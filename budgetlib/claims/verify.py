"""The sentence walk: every stated item of a section, in reading order, to the rule that explains it.

Generic rules: a year or date against the budget year; an amount whose label is a phrase against
the phrase's measure; a percentage after a change as its rate, or starting with the share word as
the share of the last amount in the sentence's topic; a change on the prior year. The section's
roles (declared by the template) are offered each item first; what nothing explains is kept as
`unverifiable` with the reason.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from ..ledger import MATCH, MISMATCH, UNVERIFIABLE, Result
from ..formula import Const, Percent, printed_places
from ..money import HUNDRED
from ..narrative import Section
from ..templates.claims import ClaimVocabulary
from .book import ClaimBook, SectionState, Subject
from .changes import admit_rounding, half_places, verify_change, verify_rate
from .extract import Sentence, Stated, extract, patterns
from .measures import find_phrase, resolve
from .parts import check_parts
from .roles import Handler, handlers_for

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Disclosure

EMPTY = ClaimVocabulary(phrases=())  # a template without a vocabulary: every number unverifiable


def verify_claims(d: "Disclosure", tolerance: Decimal, prior: dict[str, Decimal], goals=None) -> list[Result]:
    """Every number of the narrative sections, as claims in reading order, by the template's
    vocabulary (`d.template.claims`)."""
    vocabulary = d.template.claims or EMPTY
    book = ClaimBook(d, tolerance, prior, goals, vocabulary)
    for numeral, section in d.sections.items():
        Walk(book, section, handlers_for(vocabulary.roles_of(numeral), book, section)).run()
    return book.results


class Walk:
    """One section: its sentences, the state they build up and the section's role handlers."""

    def __init__(self, book: ClaimBook, section: Section, handlers: list[Handler]):
        self.book = book
        self.section = section
        self.handlers = handlers
        self.state = SectionState()
        self.g = book.grammar

    def run(self) -> None:
        sentences = extract(self.section, self.g)
        for sentence in sentences:
            self.sentence(sentence)
        for handler in self.handlers:
            handler.finish(self.state)
        check_parts(self.book, sentences)  # after the section's own claims, whose ids stay as they were

    def sentence(self, sentence: Sentence) -> None:
        g = self.g
        self.state.new_sentence()
        for item in sentence.items:
            label = self.book.label(item.label) or self._carried(item, sentence)
            if item.unit in (g.year_unit, g.date_unit):
                self.date(item)
            elif item.unit == g.same_unit or (item.unit == g.amount_unit and patterns(g).change.search(label)):
                if not self._offer("change", item, label):
                    verify_change(self.book, item, label, self.state, self._same_subject())
            elif item.unit == g.percent_unit:
                self.percent(item, label)
            elif item.unit == g.amount_unit:
                self.amount(item, label)
            else:
                self.count(item, label)

    def _carried(self, item: Stated, sentence: Sentence) -> str:
        """The label of a number that opens its line while the previous line's sentence is not
        finished (a wrapped line: '…执行数为' / '1690.69万元，…'): the words at that line's end."""
        if item.position or not self.g.number_words_may_wrap:
            return ""
        lines = self.section.lines
        index = next((i for i, l in enumerate(lines) if l.no == sentence.line), None)
        if not index or not lines[index].text.strip().startswith(sentence.text):
            return ""
        p = patterns(self.g)
        tail = p.sentence_end.split(lines[index - 1].text.strip())[-1]
        cut = max((m.end() for m in p.clause_break.finditer(tail)), default=0)
        return self.book.label(tail[cut:])

    def _offer(self, hook: str, item: Stated, label: str) -> bool:
        return any(getattr(h, hook)(item, label, self.state) for h in self.handlers)

    def _same_subject(self) -> Subject | None:
        return next((s for s in (h.same_subject() for h in self.handlers) if s is not None), None)

    # -- amounts ------------------------------------------------------------------------------

    def amount(self, item: Stated, label: str) -> None:
        if self._offer("amount", item, label):
            if self.g.unknown_ends_topic:  # a role's amount (a functional line) is the subject of what follows
                self.state.topic = Subject("", Const(item.amount, self.book.label(item.label) or item.clause), item)
            return
        book, state = self.book, self.state
        topic = state.topic.key if state.topic else ""
        phrase = find_phrase(book.vocabulary.phrases, label, item.section, topic)
        expr = resolve(book.d, phrase.measure) if phrase and phrase.measure else None
        description = label or item.clause
        if expr is None and not phrase:
            expr, description = self._lookup(label, description)
        expr = book.in_stated_unit(expr, item)  # tables in 元, the text in 万元: converted, rounded half-up
        if expr is None:
            book.add(item, description, None, status=UNVERIFIABLE,
                     note="no table states this figure" if not phrase else f"{phrase.key}: row not found in the table")
        else:
            book.add(item, description, expr, digits=book.digits(item), key=phrase.key if phrase else "")
            for handler in self.handlers:
                handler.measured(Subject(phrase.key if phrase else "", expr, item))
        if phrase and phrase.topic and expr is not None:
            state.topic = Subject(phrase.key, expr, item)
        elif phrase is None and book.grammar.unknown_ends_topic:
            state.topic = None
        state.last_amount = (expr, item)
        state.change = None

    def _lookup(self, label: str, description: str):
        for handler in self.handlers:
            found = handler.lookup(label)
            if found is not None:
                return found
        return None, description

    # -- percentages --------------------------------------------------------------------------

    def percent(self, item: Stated, label: str) -> None:
        book, state, g = self.book, self.state, self.g
        if state.change and patterns(g).rate.search(label):
            if state.implied is None:
                book.add(item, label, None, status=UNVERIFIABLE,
                         note="the change it is a rate of has no amount to compare")
            else:
                verify_rate(book, item, state)
            return
        if self._offer("percent", item, label):
            return
        if label.startswith(g.share) and state.last_amount:
            base = self._named_base(item, label[len(g.share):])
            if base is not None:
                self.share(item, base)
                return
            if state.topic and not g.share_needs_base:
                self.share(item, state.topic)
                return
        book.add(item, label or item.clause, None, status=UNVERIFIABLE,
                 note="no rule ties this percentage to the tables")

    def _named_base(self, item: Stated, words: str) -> Subject | None:
        """The whole a share names ('占“三公”经费的' → the “三公” phrase's measure), or None."""
        words = words.removesuffix(self.g.share_whole_end)
        phrase = find_phrase(self.book.vocabulary.phrases, words, item.section) if words else None
        expr = resolve(self.book.d, phrase.measure) if phrase and phrase.measure else None
        if expr is None:
            return None
        return Subject(phrase.key, self.book.in_stated_unit(expr, item), replace(item, label=words))

    def share(self, item: Stated, topic: Subject) -> None:
        """占 N%: the last amount of the sentence over the whole the share names, else the topic."""
        book = self.book
        part, part_item = self.state.last_amount
        description = f"{book.label(part_item.label) or part_item.clause} {self.g.share} {book.label(topic.item.label)}"
        if part is None:
            book.add(item, description, None, status=UNVERIFIABLE, note="the amount it is a share of is not in a table")
            return
        result = book.add(item, description, Percent(part, topic.expr), digits=book.digits(item),
                          note="share of the sentence's total; 0% stated for a blank row counts as 0")
        if self.g.rate_from_exact_figures and result.status == MISMATCH:
            whole, amount = topic.expr.evaluate(), part.evaluate()
            # the tables' figures where the amounts are theirs (a text may print 110 for 110.00)
            dw, dp = half_places(printed_places(topic.expr)), half_places(printed_places(part))
            shares = [p * HUNDRED / w for p in (amount - dp, amount + dp) for w in (whole - dw, whole + dw) if w > 0]
            admit_rounding(result, item, shares, book.digits(item))

    # -- counts, years and dates --------------------------------------------------------------

    def count(self, item: Stated, label: str) -> None:
        if not self._offer("count", item, label):
            self.book.add(item, label or item.clause, None, status=UNVERIFIABLE, note="no table states this figure")

    def _compared(self, item: Stated) -> bool:
        """The year names the base of a comparison (the grammar's `compared_year`, group 1)."""
        pattern = patterns(self.g).compared_year
        return pattern is not None and any(m.start(1) == item.position for m in pattern.finditer(item.sentence))

    def date(self, item: Stated) -> None:
        book, g, year = self.book, self.g, int(item.amount)
        budget_year = book.d.year
        if year != budget_year - 1 and self._compared(item):
            book.add(item, g.compared_year_description, None, computed_value=Decimal(budget_year - 1),
                     status=MISMATCH, formula="budget year − 1 (cover)",
                     note="the comparison names another year than the one before the budget year")
        elif item.unit == g.date_unit:
            match = patterns(g).date.match(item.text)
            month, day = int(match.group(2)), int(match.group(3) or 0)
            if (month, day) == (12, 31) and year == budget_year - 1:
                book.add(item, g.prior_year_end, None, computed_value=item.amount, status=MATCH,
                         formula=f"{budget_year - 1}-12-31 (end of the year before the budget year)")
            else:
                book.add(item, g.other_date, None, status=UNVERIFIABLE, note="a date the tables do not state")
        elif year == budget_year:
            book.add(item, g.budget_year, None, computed_value=Decimal(budget_year), status=MATCH,
                     formula="budget year (cover)")
        elif year == budget_year - 1:
            book.add(item, g.prior_year, None, computed_value=Decimal(budget_year - 1), status=MATCH,
                     formula="budget year − 1 (cover)")
        else:
            book.add(item, g.other_year, None, computed_value=Decimal(budget_year),
                     status=MISMATCH if year > budget_year else UNVERIFIABLE,
                     formula="budget year (cover)", note="neither the budget year nor the year before")
