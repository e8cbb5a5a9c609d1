"""The claims ledger of one call (results, ids, a per-call cache) and the state of a section."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from ..formula import Expr, in_unit
from ..ledger import Result, decide, judge
from ..templates.claims import ClaimVocabulary
from .extract import Stated, clean_label, digits

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Disclosure


def claim_id(section: str, number: int) -> str:
    """The id of the `number`th claim of a section, one form in every output (terminal, pages,
    JSON, CSV): '一#05'. Not '一.05', which reads like a dash and a decimal in many fonts."""
    return f"{section}#{number:02d}"


class Subject(NamedTuple):
    """An amount bound to a measure: what a later share or change refers to."""

    key: str  # the phrase's key (also the key of prior-year figures)
    expr: Expr
    item: Stated


@dataclass
class SectionState:
    """What earlier numbers of a section established for the later ones (role handlers keep
    their own state)."""

    topic: Subject | None = None  # the sentence's subject (kept across sentences)
    last_amount: tuple[Expr | None, Stated] | None = None  # what 占 N% refers to
    change: tuple[int, Stated] | None = None  # 比上年减少 N万元, for the rate after it
    implied: tuple[Subject, Decimal] | None = None  # the changed subject and its implied prior value

    def new_sentence(self) -> None:
        self.last_amount = self.change = None


class ClaimBook:
    def __init__(self, d: "Disclosure", tolerance: Decimal, prior: dict[str, Decimal], goals,
                 vocabulary: ClaimVocabulary):
        self.d = d
        self.tolerance = tolerance
        self.prior = prior
        self.goals = goals
        self.vocabulary = vocabulary
        self.grammar = vocabulary.grammar
        self.results: list[Result] = []
        self.counter: dict[str, int] = {}
        self.cache: dict[Any, Any] = {}  # per call: evidence computed once (never on the Disclosure)
        self.summed: set[tuple] = set()  # totals a role already checked against their parts (`key`)

    def label(self, raw: str) -> str:
        return clean_label(raw, self.d.unit, self.grammar)

    def digits(self, item: Stated) -> int:
        return digits(item, self.grammar)

    def in_stated_unit(self, expr: Expr | None, item: Stated) -> Expr | None:
        """A measure in the money unit the text states (tables in 元, the text in 万元): converted
        exactly and rounded half-up to the places the statement prints."""
        return in_unit(expr, item.unit, self.digits(item))

    def place(self, section: str) -> str:
        return self.vocabulary.place.format(section=section)

    def cached(self, key, make):
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    @staticmethod
    def key(item: Stated) -> tuple:
        """Identifies a stated item across the handlers of one section."""
        return item.line, item.sentence, item.position

    def slack(self, item: Stated) -> Decimal | None:
        """The tolerance a claim on `item` is judged with: the call's fixed one; else (auto) the
        rounding slack of the figures (None, see ledger.rounding_slack) for amounts, and none for
        counts and other units: a number of projects or vehicles is exact."""
        if self.tolerance is not None or item.unit in (self.grammar.amount_unit, self.grammar.percent_unit):
            return self.tolerance
        return Decimal(0)

    def add(self, item: Stated, description: str, computed: Expr | None, *, digits: int | None = None,
            status: str | None = None, note: str = "", key: str = "", computed_value=None, formula: str = ""):
        n = self.counter.get(item.section, 0) + 1
        self.counter[item.section] = n
        computed = self.in_stated_unit(computed, item)
        tolerance = self.slack(item)
        tables = ",".join(sorted({c.table.id for c in computed.cells()})) if computed is not None else ""
        fields = dict(
            stated=item.amount, section=item.section, sentence=item.sentence, stated_text=item.text,
            unit=item.unit, line=item.line, note=note, tables=tables, kind="claim",
            stated_formula=f"stated in {self.place(item.section)}", formula=formula,
        )
        if status:
            fields["status"] = status
        result = decide(claim_id(item.section, n), description, None, computed, tolerance, digits, **fields)
        if computed_value is not None:
            result.computed = computed_value
            result.status = status or judge(item.amount, computed_value, tolerance)
        result.extra["key"] = key
        self.results.append(result)
        return result
