"""Formulas over the tables: one expression serves the audit (exact evaluation), the ledgers
(a readable description) and the workbook (an Excel formula over the table sheets).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Callable

from .money import HUNDRED, ZERO, places, round_half_up, value

if TYPE_CHECKING:  # pragma: no cover
    from .tables import Table


class Expr:
    def evaluate(self) -> Decimal | None:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def to_excel(self, ref: Callable[["Cell"], str]) -> str:
        """An Excel formula body; `ref` gives the address of a cell, e.g. 't05'!C5."""
        raise NotImplementedError

    def cells(self) -> list["Cell"]:
        return []

    def addends(self) -> list[Decimal]:
        """The printed figures this expression adds up (for the rounding slack; see ledger).
        A ratio or a count adds nothing up: it is compared exactly after half-up rounding."""
        return []

    def __add__(self, other: "Expr") -> "Expr":
        return Sum((self, other))

    def __sub__(self, other: "Expr") -> "Expr":
        return Difference(self, other)


@dataclass(frozen=True)
class Cell(Expr):
    """One printed cell: table, row position in the tidy frame, column id."""

    table: "Table"
    index: int
    column: str

    @property
    def row_label(self) -> str:
        return self.table.row_labels[self.index]

    @property
    def line(self) -> int:
        return int(self.table.records[self.index]["line"])

    @property
    def raw(self) -> Decimal | None:
        """The cell as printed: None when blank."""
        return self.table.records[self.index][self.column]

    def evaluate(self) -> Decimal:
        return value(self.raw)

    def describe(self) -> str:
        return f"{self.table.id}[{self.row_label}].{self.table.columns[self.column]}"

    def to_excel(self, ref) -> str:
        return ref(self)

    def cells(self) -> list["Cell"]:
        return [self]

    def addends(self) -> list[Decimal]:
        raw = self.table.records[self.index][self.column]
        return [] if raw is None else [raw]  # a blank cell is an exact 0

    def __hash__(self) -> int:
        return hash((self.table.id, self.index, self.column))

    def __eq__(self, other) -> bool:
        return isinstance(other, Cell) and (self.table.id, self.index, self.column) == (
            other.table.id, other.index, other.column)


@dataclass(frozen=True)
class Const(Expr):
    amount: Decimal
    label: str = ""

    def evaluate(self) -> Decimal:
        return self.amount

    def describe(self) -> str:
        return f"{self.label} {self.amount}".strip() if self.label else f"{self.amount}"

    def to_excel(self, ref) -> str:
        return f"{self.amount:f}"

    def addends(self) -> list[Decimal]:
        return [self.amount]


@dataclass(frozen=True)
class Sum(Expr):
    terms: tuple[Expr, ...]

    def evaluate(self) -> Decimal:
        return sum((value(t.evaluate()) for t in self.terms), ZERO)

    def describe(self) -> str:
        if not self.terms:
            return "0"
        if len(self.terms) > 4 and all(isinstance(t, Cell) for t in self.terms):
            first = self.terms[0]
            return f"Σ {len(self.terms)} rows of {first.table.id}.{first.table.columns[first.column]}"
        return " + ".join(t.describe() for t in self.terms)

    def to_excel(self, ref) -> str:
        return "(" + "+".join(t.to_excel(ref) for t in self.terms) + ")" if self.terms else "0"

    def cells(self) -> list[Cell]:
        return [c for t in self.terms for c in t.cells()]

    def addends(self) -> list[Decimal]:
        return [a for t in self.terms for a in t.addends()]


@dataclass(frozen=True)
class Difference(Expr):
    left: Expr
    right: Expr

    def evaluate(self) -> Decimal:
        return value(self.left.evaluate()) - value(self.right.evaluate())

    def describe(self) -> str:
        return f"{self.left.describe()} − {self.right.describe()}"

    def to_excel(self, ref) -> str:
        return f"({self.left.to_excel(ref)}-{self.right.to_excel(ref)})"

    def cells(self) -> list[Cell]:
        return self.left.cells() + self.right.cells()

    def addends(self) -> list[Decimal]:
        return self.left.addends() + self.right.addends()


@dataclass(frozen=True)
class Percent(Expr):
    """part / whole × 100; None (not computable) when the whole is zero."""

    part: Expr
    whole: Expr

    def evaluate(self) -> Decimal | None:
        whole = value(self.whole.evaluate())
        return None if whole == 0 else value(self.part.evaluate()) * HUNDRED / whole

    def describe(self) -> str:
        return f"({self.part.describe()}) / ({self.whole.describe()}) × 100%"

    def to_excel(self, ref) -> str:
        return f"{self.part.to_excel(ref)}/{self.whole.to_excel(ref)}*100"

    def cells(self) -> list[Cell]:
        return self.part.cells() + self.whole.cells()


@dataclass(frozen=True)
class Count(Expr):
    """How many rows a selection holds (e.g. projects in 表十二)."""

    rows: tuple[Cell, ...]
    label: str

    def evaluate(self) -> Decimal:
        return Decimal(len(self.rows))

    def describe(self) -> str:
        return f"count of {self.label}"

    def to_excel(self, ref) -> str:
        return "COUNTA(" + ",".join(ref(c) for c in self.rows) + ")" if self.rows else "0"

    def cells(self) -> list[Cell]:
        return list(self.rows)


# ---- money units ---------------------------------------------------------------------------------

MONEY_UNITS: dict[str, Decimal] = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000),
                                   "亿元": Decimal(100000000)}  # the value of one unit, in 元


@dataclass(frozen=True)
class Scaled(Expr):
    """An amount converted to another money unit exactly (Decimal), then rounded half-up (四舍五入)
    to the places the figure it is compared with prints (None: not rounded):
    86,959,408.34元 → 8695.94万元. The methodology's rounding rule, never a fixed slack."""

    inner: Expr
    source_unit: str
    target_unit: str
    digits: int | None = None

    @property
    def factor(self) -> Decimal:
        return MONEY_UNITS[self.source_unit] / MONEY_UNITS[self.target_unit]

    def exact(self) -> Decimal:
        return value(self.inner.evaluate()) * self.factor

    def evaluate(self) -> Decimal:
        exact = self.exact()
        return exact if self.digits is None else round_half_up(exact, self.digits)

    def describe(self) -> str:
        return (f"{self.inner.describe()} {value(self.inner.evaluate()):,f}{self.source_unit} → "
                f"{self.evaluate():f}{self.target_unit}")

    def to_excel(self, ref) -> str:
        converted = f"{self.inner.to_excel(ref)}*{self.factor:f}"
        return converted if self.digits is None else f"ROUND({converted},{self.digits})"

    def cells(self) -> list[Cell]:
        return self.inner.cells()

    def addends(self) -> list[Decimal]:
        """One figure converted and rounded is compared exactly; a converted sum keeps the (scaled)
        slack of its addends."""
        addends = self.inner.addends()
        return [a * self.factor for a in addends] if len(addends) > 1 else []


def unit_of(expr: Expr | None) -> str | None:
    """The money unit an expression is in: its tables' amount unit (None: no cell, mixed units, or a
    ratio/count)."""
    if isinstance(expr, Scaled):
        return expr.target_unit
    if isinstance(expr, Cell):
        return expr.table.amount_unit or None
    terms = expr.terms if isinstance(expr, Sum) else (expr.left, expr.right) if isinstance(expr, Difference) else ()
    units = {unit_of(t) for t in terms} - {None}
    return units.pop() if len(units) == 1 else None


def in_unit(expr: Expr | None, unit: str, digits: int | None = None, exact_unit: bool = False) -> Expr | None:
    """`expr` in the money unit `unit` (rounded half-up to `digits`), when it is in another one
    (`exact_unit`: also when it is in that unit already, to round it)."""
    source = unit_of(expr)
    if source is None or (source == unit and not exact_unit) or source not in MONEY_UNITS or unit not in MONEY_UNITS:
        return expr
    return Scaled(expr, source, unit, digits)


def decimal_places(amount) -> int:
    """money.places without the round trip through text for a Decimal (str(d) keeps d's exponent)."""
    if type(amount) is not Decimal:
        return places(amount)
    exponent = amount.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def printed_places(expr: Expr) -> int:
    """The decimal places the figures of an expression print (the most of them; 0 without any)."""
    figures = {id(a): a for a in expr.addends()}  # a cell's addend is its raw value: each figure once
    figures.update((id(raw), raw) for raw in (c.raw for c in expr.cells()) if raw is not None)
    return max(map(decimal_places, figures.values()), default=0)

