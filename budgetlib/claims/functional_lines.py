"""Lines naming a functional class, 款 and 项 with an amount, and what follows them (the role kind
`FunctionalLines` of budgetlib/templates/claims.py).

A line states an amount A for one row of the functional classification, named by its class, 款 and
项 names or by their printed codes; the sentences after it may give the prior year's execution B,
the budget restated A' and the change C% on B. A is checked against the row of the declared tables
(by code, else by the names down the hierarchy); A' against A, so that a line contradicting itself
is a mismatch that shows both figures; C against (A − B) / B, rounded half-up to C's printed
places, with its direction — a C that A (its table value) and B admit within the rounding of their
printed places is a rounding, not a mismatch; a 'same' statement against A − B = 0. B is in no
table. Every regex, label and wording comes from the role; nothing here names a table, a level or
a section.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..formula import Cell, Const, Difference, Expr, Percent, Sum, in_unit
from ..ledger import MATCH, MISMATCH, ROUNDING, UNVERIFIABLE
from ..money import HUNDRED, round_half_up
from ..templates.claims import FunctionalLines
from ..text import normalize
from .extract import Stated
from .roles import HANDLERS, Handler

HALF = Decimal("0.5")
NAMES = ("class", "item", "sub")  # the named groups of a line regex, top level first
CODES = ("class_code", "item_code", "sub_code")


@dataclass
class Line:
    """The line being read: its amount A, what it names and, once stated, the execution B."""

    item: Stated
    name: str
    code: str
    exact: Decimal | None = None  # A's table value in the stated unit, unrounded, when A matched it
    execution: Stated | None = None


class FunctionalLinesHandler(Handler):
    role: FunctionalLines

    def __init__(self, role, book, section):
        super().__init__(role, book, section)
        self.patterns = tuple(re.compile(p) for p in role.line)
        self.line: Line | None = None

    # -- hooks ----------------------------------------------------------------------------------

    def amount(self, item, label, state) -> bool:
        match = next((m for m in (p.search(normalize(label)) for p in self.patterns) if m), None)
        if match is not None:
            self._line(item, match)
            return True
        if self.line is None:
            return False
        if re.search(self.role.execution, label):
            self._execution(item)
            return True
        if re.search(self.role.planned, label):
            self._planned(item)
            return True
        return False

    def percent(self, item, label, state) -> bool:
        if self.line is None or not re.search(self.role.rate, label):
            return False
        self._rate(item, label)
        return True

    def change(self, item, label, state) -> bool:
        line = self.line
        if (line is None or line.execution is None or item.unit != self.book.grammar.same_unit
                or not re.search(self.role.same, item.text)):
            return False
        a, b = line.item.amount, line.execution.amount
        self.book.add(item, self.role.same_description.format(name=line.name, code=line.code), None,
                      computed_value=a - b, formula=f"{a} − {b} (the line's amount − the execution)")
        return True

    # -- the claims -----------------------------------------------------------------------------

    def _line(self, item: Stated, match: re.Match) -> None:
        role, book = self.role, self.book
        groups = match.groupdict()
        names = [self._name(groups.get(g)) for g in NAMES]
        printed = self._code(groups)
        cells, found, notes = self._find(names, printed)
        name = role.joiner.join(n for n in (groups.get(g) for g in NAMES) if n)
        code = found or printed
        self.line = Line(item, name, code)
        description = role.description.format(name=name, code=role.code_format.format(code=code) if code else "")
        if not cells:
            book.add(item, description, None, status=UNVERIFIABLE, note=role.missing_note)
            return
        expr: Expr = cells[0] if len(cells) == 1 else Sum(tuple(cells))
        result = book.add(item, description, expr, digits=book.digits(item), note="; ".join(notes))
        if result.status in (MATCH, ROUNDING):
            self.line.exact = in_unit(expr, item.unit).evaluate()

    def _execution(self, item: Stated) -> None:
        line = self.line
        line.execution = item
        self.book.add(item, self.role.execution_description.format(name=line.name, code=line.code), None,
                      status=UNVERIFIABLE, note=self.role.execution_note)

    def _planned(self, item: Stated) -> None:
        line, unit = self.line, self.line.item.unit
        self.book.add(item, self.role.planned_description.format(name=line.name, code=line.code), None,
                      computed_value=line.item.amount,
                      formula=f"the line's own amount {line.item.text}{unit} (stated {item.text}{unit} here)")

    def _rate(self, item: Stated, label: str) -> None:
        role, book, line = self.role, self.book, self.line
        word, direction = next(((w, s) for w, s in role.directions if w in label), ("", 0))
        description = role.rate_description.format(name=line.name, code=line.code, word=word)
        if line.execution is None or line.execution.amount == 0:
            note = role.zero_note if line.execution is not None else "no execution figure stated before the rate"
            book.add(item, description, None, status=UNVERIFIABLE, note=note)
            return
        a, b, digits = line.item.amount, line.execution.amount, book.digits(item)
        expr = Percent(Difference(Const(a), Const(b)), Const(b))
        change = expr.evaluate()
        computed = round_half_up(abs(change), digits)
        wrong_sign = change * direction < 0
        result = book.add(item, description, None, computed_value=computed, status=MISMATCH if wrong_sign else None,
                          formula=f"{expr.describe()} = {round_half_up(change, digits)}%",
                          note="the change has the opposite sign" if wrong_sign else "")
        if result.status == MISMATCH:
            self._within_rounding(result, item, direction * item.amount, digits)

    def _within_rounding(self, result, item: Stated, stated: Decimal, digits: int) -> None:
        """A rate the printed amounts admit: A (its exact table value when the line matched, else
        as printed) and B anywhere within the rounding of their printed places. Then it is a
        rounding residue, not a contradiction: status rounding, the range in the note."""
        line, book = self.line, self.book
        a_low = a_high = line.exact
        if a_low is None:
            a_low, a_high = _bounds(line.item.amount, book.digits(line.item))
        b_low, b_high = _bounds(line.execution.amount, book.digits(line.execution))
        if b_low <= 0:
            return
        low, high = (a_low / b_high - 1) * HUNDRED, (a_high / b_low - 1) * HUNDRED
        half = HALF / (10 ** digits)
        if stated + half < low or stated - half > high:
            return
        result.status = ROUNDING
        result.tolerance = max(abs(abs(low) - result.computed), abs(abs(high) - result.computed))
        result.note = (f"within the rounding of the printed amounts: A {_text(a_low, a_high)}, "
                       f"B {_text(b_low, b_high)} give {low:.4f}% … {high:.4f}%")

    # -- finding the row ------------------------------------------------------------------------

    def _name(self, text: str | None) -> str:
        text = normalize(text or "").strip('"')
        for variant, canonical in self.role.aliases:
            text = text.replace(variant, canonical)
        return text

    @staticmethod
    def _code(groups: dict) -> str:
        """The printed codes joined into a 科目编码, when every named level prints its code."""
        parts = [(groups.get(n), groups.get(c)) for n, c in zip(NAMES, CODES)]
        if not parts[0][1] or any(name and not code for name, code in parts):
            return ""
        return "".join(code for _, code in parts if code)

    def _find(self, names: list[str], code: str) -> tuple[list[Cell], str, list[str]]:
        """The cells of the row in each declared table, the code found and notes."""
        cells, found, notes = [], "", []
        deepest = next((n for n in reversed(names) if n), "")
        for table in (self.book.d.tables.get(t) for t in self.role.tables):
            if table is None:
                continue
            row = next((r for r in table.records if code and r["code"] == code), None)
            if row is None:
                row = self._by_names(table.records, names)
                if row is not None and code:
                    notes.append(f"printed code {code} not in {table.id}; found by name")
            if row is not None and deepest and self._name(row["name"]) != deepest:
                notes.append(self.role.renamed_note.format(found=row["name"]))
            elif row is not None and not self._down(table.records, row, names):
                notes.append(self.role.misnamed_note)
            if row is not None:
                cells.append(Cell(table, row["index"], self.role.column))
                found = found or row["code"]
        return cells, found, notes

    def _down(self, records: list[dict], row: dict, names: list[str]) -> bool:
        """Every name the line gives is the name of the row found or of one of its parents."""
        chain, by_code = [], {r["code"]: r for r in records}
        while row is not None:
            chain.append(self._name(row["name"]))
            row = by_code.get(row["parent"]) if row["parent"] else None
        return all(n in chain for n in names if n)

    def _by_names(self, records: list[dict], names: list[str]) -> dict | None:
        """Down the hierarchy by name; else the deepest name stated, if one row below the class
        found bears it (a line naming its 款 or 项 otherwise than the table)."""
        given = [(level, name) for level, name in zip(self.role.levels, names) if name]
        found: list[dict] = []
        for level, name in given:
            parent = found[-1]["code"] if found else None
            row = next((r for r in records if r["level"] == level and self._name(r["name"]) == name
                        and (parent is None or r["parent"] == parent)), None)
            if row is None:
                break
            found.append(row)
        if len(found) == len(given):
            return found[-1] if found else None
        if not found:
            return None
        name = given[-1][1]
        under = [r for r in records if r["level"] in self.role.levels[1:] and self._name(r["name"]) == name
                 and r["code"].startswith(found[0]["code"])]
        return under[0] if len(under) == 1 else None


def _bounds(amount: Decimal, digits: int) -> tuple[Decimal, Decimal]:
    """The values a figure printed with `digits` places may stand for (half-up rounding)."""
    half = HALF / (10 ** digits)
    return amount - half, amount + half


def _text(low: Decimal, high: Decimal) -> str:
    return f"{low}" if low == high else f"{low} … {high}"


HANDLERS[FunctionalLines] = FunctionalLinesHandler  # registered when budgetlib.claims is imported
