"""The handlers of the section roles a vocabulary declares (one class per role kind).

A handler is made per section and keeps that section's state for its role. The sentence walk
(`verify.py`) offers it each stated item through hooks; a hook returns True when it has recorded
the item, so the generic rules do not. Handlers never name a table, a section or a label: all of
it comes from the role's parameters.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..formula import Cell, Const, Expr, Percent, Sum
from ..ledger import CONSISTENT, MATCH, MISMATCH, UNVERIFIABLE
from ..money import ZERO
from ..narrative import Section
from ..templates.claims import (Assets, Execution, FunctionalRows, ItemLists, Procurement, Projects,
                                PurchaseOfServices, SameAsPrior, SectionRole)
from ..text import normalize, strip_numbering
from .book import ClaimBook, SectionState, Subject
from .evidence import disclosed_amount, subset_claims
from .extract import Stated
from .measures import column_label, count, find_phrase, resolve, resolve_by, select


class Handler:
    """The hooks; the defaults leave every item to the generic rules."""

    def __init__(self, role: SectionRole, book: ClaimBook, section: Section):
        self.role = role
        self.book = book
        self.section = section

    def amount(self, item: Stated, label: str, state: SectionState) -> bool:
        return False

    def percent(self, item: Stated, label: str, state: SectionState) -> bool:
        return False

    def count(self, item: Stated, label: str, state: SectionState) -> bool:
        return False

    def change(self, item: Stated, label: str, state: SectionState) -> bool:
        """A change on an earlier figure (an amount or a 'same' statement the grammar reads as a
        change), offered before the generic prior-year rule."""
        return False

    def lookup(self, label: str) -> tuple[Expr, str] | None:
        """A measure for an amount no phrase explains, and its description."""
        return None

    def measured(self, subject: Subject) -> None:
        """An amount was bound to a measure."""

    def same_subject(self) -> Subject | None:
        """What a 'same as last year' statement refers to, if not the topic."""
        return None

    def finish(self, state: SectionState) -> None:
        """After the last sentence of the section."""


class SameAsPriorHandler(Handler):
    role: SameAsPrior

    def __init__(self, role, book, section):
        super().__init__(role, book, section)
        self.pending: Subject | None = None

    def measured(self, subject: Subject) -> None:
        self.pending = subject

    def same_subject(self) -> Subject | None:
        return self.pending


class ProcurementHandler(Handler):
    """Every number of the role's unit is a total or one of its parts (all of them, or those
    matching `part`); a total is checked when the next one starts and at the end."""

    role: Procurement

    def __init__(self, role, book, section):
        super().__init__(role, book, section)
        self.total: Stated | None = None
        self.parts: list[tuple[Stated, str]] = []  # each part and its label

    def amount(self, item, label, state) -> bool:
        return self._take(item, label)

    def count(self, item, label, state) -> bool:
        return self._take(item, label)

    def _take(self, item: Stated, label: str) -> bool:
        if item.unit != (self.role.unit or self.book.grammar.amount_unit):
            return False
        if re.search(self.role.total, label):
            self._settle()
            self.total, self.parts = item, []
            return True
        if self.role.part and (self.total is None or not re.search(self.role.part, label)):
            return False
        self.parts.append((item, label))
        self.book.add(item, label, None, status=UNVERIFIABLE, note=self.role.part_note)
        return True

    def _settle(self) -> None:
        if self.total is None:
            return
        self.book.summed.add(self.book.key(self.total))  # the generic total = Σ parts check leaves it to us
        expr = Sum(tuple(Const(part.amount, label) for part, label in self.parts))
        self.book.add(self.total, self.role.description, expr, digits=self.book.digits(self.total),
                      note=self.role.note)
        self.total = None

    def finish(self, state) -> None:
        self._settle()


class PurchaseOfServicesHandler(Handler):
    """A count of purchase-of-service projects waits for its amount."""

    role: PurchaseOfServices

    def __init__(self, role, book, section):
        super().__init__(role, book, section)
        self.pending: Stated | None = None

    def count(self, item, label, state) -> bool:
        if not re.search(self.role.count, label):
            return False
        self.pending = item
        return True

    def amount(self, item, label, state) -> bool:
        if self.pending is None:
            return False
        role = self.role
        subset_claims(self.book, self.pending, item, role.subset_label,
                      (role.count_description, role.amount_description), role.note)
        self.pending = None
        return True


class FunctionalRowsHandler(Handler):
    role: FunctionalRows

    def lookup(self, label: str) -> tuple[Expr, str] | None:
        name = re.sub(f"(?:{self.role.printed_suffix})$", "", label) if self.role.printed_suffix else label
        cell = resolve_by(self.book.d, self.role.lookup, self.role.by, strip_numbering(name))
        return None if cell is None else (cell, f"{label}{self.role.suffix}")


class AssetsHandler(Handler):
    """Vehicles held against the running cost; categories after them."""

    role: Assets

    def __init__(self, role, book, section):
        super().__init__(role, book, section)
        self.held: Stated | None = None

    def count(self, item, label, state) -> bool:
        if item.unit != self.role.vehicle_unit:
            return False
        role = self.role
        running = resolve(self.book.d, role.running_cost)
        if re.search(role.held, label) and running is not None:
            self._held(item, running)
            self.held = item
        elif self.held is not None and not re.search(role.establishment, label):
            self.book.add(item, role.category_description.format(label=label), None, status=UNVERIFIABLE,
                          note=role.category_note)
        else:
            self.book.add(item, label, None, status=UNVERIFIABLE, note=role.establishment_note)
        return True

    def _held(self, item: Stated, running: Expr) -> None:
        """No running cost budgeted, no vehicle expected; and vice versa."""
        cost, unit = running.evaluate(), self.book.grammar.amount_unit
        if cost == 0:
            note = "no running cost is budgeted, so no vehicle is expected" + (
                "" if item.amount == 0 else "; vehicles are held but no running cost is budgeted")
            result = self.book.add(item, self.role.held_description, running,
                                   status=MATCH if item.amount == 0 else MISMATCH, note=note)
            result.computed = ZERO
        else:
            note = f"running cost {cost}{unit} is budgeted" + (" but no vehicle is held" if item.amount == 0 else "")
            result = self.book.add(item, self.role.held_description, running,
                                   status=MISMATCH if item.amount == 0 else MATCH, note=note)
            result.computed = item.amount if item.amount else None


class ItemListsHandler(Handler):
    """Lines listing items, compared as sets with the rows of a table column."""

    role: ItemLists

    def finish(self, state) -> None:
        pattern = re.compile(self.role.pattern)
        lists = dict(self.role.lists)
        for line in self.section.lines:
            match = pattern.search(line.text.strip())
            if match and match.group(1) in lists:
                self._compare(line, match.group(1), match.group(2), lists[match.group(1)])

    def _compare(self, line, which: str, listing: str, rows) -> None:
        role, d = self.role, self.book.d
        listed = [x.strip() for x in re.split(role.separator, listing) if x.strip()]
        cells = select(d, rows)
        names = [c.raw for c in cells]
        exact = [x for x in listed if x in names]
        approximate = {x: n for x in listed if x not in names for n in names
                       if n not in exact and (n.startswith(x) or x.startswith(n))}
        missing = [n for n in names if n not in exact and n not in approximate.values()]
        extra = [x for x in listed if x not in exact and x not in approximate]
        item = Stated(self.section.numeral, line.text.strip(), listing, which, str(len(listed)), role.unit,
                      Decimal(len(listed)), line.no, 0)
        join, notes = self.book.grammar.enumeration.join, []
        if approximate:
            notes.append("named differently: " + join(f"{a}→{b}" for a, b in approximate.items()))
        if missing:
            notes.append(role.missing_note + join(missing))
        if extra:
            notes.append(role.extra_note + join(extra))
        column = column_label(d, rows.table, rows.nonzero or rows.column)
        result = self.book.add(item, role.description.format(which=which, column=column),
                               count(d, rows), status=MATCH if not missing and not extra else MISMATCH,
                               note="; ".join(notes) or "same items")
        result.extra["listed"] = listed


class ProjectsHandler(Handler):
    """Projects under performance management: counts, categories, the appended goal tables."""

    role: Projects

    def __init__(self, role, book, section):
        super().__init__(role, book, section)
        self.category: str | None = None  # waiting for its amount
        self.pending_count: Stated | None = None
        self.disclosed = False  # amounts after the disclosed-tables count refer to the appendix

    def _topic(self, state: SectionState) -> bool:
        return state.topic is not None and state.topic.key == self.role.topic_key

    def count(self, item, label, state) -> bool:
        state.topic = state.topic or Subject(self.role.topic_key, Const(item.amount), item)
        self._claim(item, label, state)
        return True

    def amount(self, item, label, state) -> bool:
        if not self._topic(state):
            return False
        self._claim(item, label, state)
        return True

    def percent(self, item, label, state) -> bool:
        role, book = self.role, self.book
        if not re.search(role.share, label):
            return False
        disclosed = self._disclosed()
        total = resolve(book.d, role.total)
        if disclosed is None or total is None:
            book.add(item, role.share_missing, None, status=UNVERIFIABLE, note="no performance-goal tables")
        else:
            book.add(item, role.share_description, Percent(disclosed, total), digits=book.digits(item))
        return True

    def _disclosed(self) -> Expr | None:
        return disclosed_amount(self.book, self.role.disclosed_label, self.role.disclosed_fallback_label)

    def _claim(self, item: Stated, label: str, state: SectionState) -> None:
        role, is_count = self.role, item.unit == self.role.count_unit
        category = re.search(role.category, label)
        if is_count:
            self.pending_count = item
        if category:
            self.category = category.group(1)  # verified together with its amount (next number)
        elif self.category and item.unit == self.book.grammar.amount_unit and self.pending_count is not None:
            self._category(item)
        elif is_count and re.search(role.disclosed, label):
            self._appendix_tables(item)
        elif is_count:
            self.book.add(item, role.count_description, count(self.book.d, role.count_rows))
        elif self.disclosed:
            self._appendix_amount(item, state)
        else:
            self.book.add(item, role.total_description, resolve(self.book.d, role.total),
                          digits=self.book.digits(item))

    def _category(self, item: Stated) -> None:
        role, category = self.role, self.category
        descriptions = (role.category_count.format(category=category), role.category_amount.format(category=category))
        subset_claims(self.book, self.pending_count, item, category, descriptions, role.category_note)
        self.category = None

    def _appendix_tables(self, item: Stated) -> None:
        goal_tables = self.book.d.template.goal_tables
        title = goal_tables.title if goal_tables else ""
        titles = [l for l in self.section.appendix if title and title in l.text]
        formula = self.role.tables_formula.format(title=title, place=self.book.place(self.section.numeral))
        self.book.add(item, self.role.tables_description, None, computed_value=Decimal(len(titles)), formula=formula)
        self.disclosed = True

    def _appendix_amount(self, item: Stated, state: SectionState) -> None:
        disclosed = self._disclosed()
        self.book.add(item, self.role.disclosed_description, disclosed, digits=self.book.digits(item),
                      status=None if disclosed is not None else UNVERIFIABLE,
                      note="" if disclosed is not None else "performance-goal tables not parsed")
        state.last_amount = (disclosed, item)


class ExecutionHandler(Handler):
    """决算 against 年初预算: the budget stated (in no table) or bound by a phrase, the final figure
    bound by a phrase or found by the item's heading, and the completion ratio of the two."""

    role: Execution

    def __init__(self, role, book, section):
        super().__init__(role, book, section)
        self.budget: Expr | None = None
        self.final: tuple[str, Expr] | None = None  # (phrase key or '', the figure)
        self.first_final: Subject | None = None
        pattern, heading = re.compile(role.heading), None
        self.headings = {}  # paragraph line -> the item heading it stands under (a heading may end its paragraph)
        for line in section.lines:
            heading = pattern.search(normalize(line.text)) or heading
            self.headings[line.no] = heading

    def _bound(self, label: str, state: SectionState) -> bool:
        topic = state.topic.key if state.topic else ""
        return find_phrase(self.book.vocabulary.phrases, label, self.section.numeral, topic) is not None

    def amount(self, item: Stated, label: str, state: SectionState) -> bool:
        role = self.role
        if self._bound(label, state):
            return False
        if re.search(role.budget, label):
            self.book.add(item, role.budget_description, None, status=UNVERIFIABLE, note=role.budget_note)
            self.budget, self.final = Const(item.amount, role.budget_description), None
        elif re.search(role.final, label):
            cell, name = self._row(item)
            self.book.add(item, role.final_description.format(name=name), cell, digits=self.book.digits(item),
                          status=None if cell is not None else UNVERIFIABLE,
                          note="" if cell is not None else role.missing_note)
            self.final = ("", cell) if cell is not None else None
            state.last_amount = (cell, item)
        else:
            return False
        return True

    def _row(self, item: Stated):
        heading = self.headings.get(item.line)
        if heading is None:
            return resolve(self.book.d, self.role.total), self.role.total_name
        names = {k: v for k, v in heading.groupdict().items() if v}
        table = self.book.d.tables.get(self.role.rows.table)
        rows = [r for r in table.records if r["level"] == self.role.levels[-1] and r["name"] == names.get("sub")] \
            if table is not None else []
        if len(rows) > 1:  # a name repeated under several 款: the one under the named 款
            items = {r["code"] for r in table.records if r["level"] == self.role.levels[0] and r["name"] == names.get("item")}
            rows = [r for r in rows if r["parent"] in items]
        name = "-".join(names.values())
        return (Cell(table, rows[0]["index"], self.role.rows.column) if len(rows) == 1 else None), name

    def measured(self, subject: Subject) -> None:
        label = self.book.label(subject.item.label)
        if re.search(self.role.budget, label):
            self.budget, self.final = subject.expr, None
        elif re.search(self.role.final, label):
            self.final = (subject.key, subject.expr)
            self.first_final = self.first_final or subject

    def same_subject(self) -> Subject | None:
        """'决算数与上年持平' speaks of the section's first final figure (the total), not of its budget."""
        return self.first_final

    def percent(self, item: Stated, label: str, state: SectionState) -> bool:
        role = self.role
        if not re.search(role.ratio, label) or self.final is None:
            return False
        key, final = self.final
        budgets = dict(role.budgets)
        budget = resolve(self.book.d, budgets[key]) if key in budgets else self.budget
        if budget is None:
            return False
        if value_of(budget) == 0 and value_of(final) == 0:
            self.book.add(item, role.ratio_description, None, status=CONSISTENT if item.amount == 0 else MISMATCH,
                          computed_value=ZERO, note=role.zero_note, formula=f"{final.describe()} / {budget.describe()}")
        else:
            self.book.add(item, role.ratio_description, Percent(final, budget), digits=self.book.digits(item))
        return True


def value_of(expr: Expr) -> Decimal:
    return expr.evaluate() or ZERO


HANDLERS: dict[type, type[Handler]] = {
    SameAsPrior: SameAsPriorHandler,
    Procurement: ProcurementHandler,
    Projects: ProjectsHandler,
    Assets: AssetsHandler,
    PurchaseOfServices: PurchaseOfServicesHandler,
    FunctionalRows: FunctionalRowsHandler,
    ItemLists: ItemListsHandler,
    Execution: ExecutionHandler,
}


def handlers_for(roles: tuple[SectionRole, ...], book: ClaimBook, section: Section) -> list[Handler]:
    out = []
    for role in roles:
        kind = HANDLERS.get(type(role))
        if kind is None:
            raise TypeError(f"no handler for section role {type(role).__name__} ({role.kind or '?'})")
        out.append(kind(role, book, section))
    return out
