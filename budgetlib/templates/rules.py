"""The rule kinds a template declares its accounting identities in (`budgetlib.checks` interprets them).

A declaration (e.g. `shanxi_rules.RULES`) is a tuple of rules; the checks are reported in its order.
Every table id, column id, printed row label and description text is in the declaration; the
engine only knows the tidy frames `budgetlib.tables` makes: every table has `line`; a 'coded'
table `code`, `name`, `level`, `parent`; a 'two_sided' table `side`, `group`, `item`; the other
layouts `level` and, where rows nest, `parent`.

Rules within one table: CodeHierarchy, ClassHierarchy, ItemTotals, ItemParents, UnitBlocks,
TwoSidedTotals, RowSum. Between tables: Equal (two declared cell expressions), MatchRows (rows of one
table paired with rows of another by name or code), RowsPresent. Document facts: FactEquals,
CountEqualsListing, UnitRowNamed. For every table: NoDataNote, TableHeadings.

Cell expressions (`Term`s) are written with + and −: `Ref(...) - (Ref(...) + Ref(...))`; in a
MatchRows pair also This, That, ThatSum and KeySum (a third table, by the same key).
Where a rule selects rows, `where` maps a column to a value the row must hold exactly, to
`Label(text)` (the printed label without its item number: Label('一般公共预算') matches
'一、一般公共预算'), to `LabelLike(regex)` (the same, by a regex) or to NUMBERED (the label carries
an item number).

Bounds: where the family's definitions make one figure a part of, or at most, another (基本支出's
公务接待费 within all 公务接待费), an Equal or a Pair declares `relation=AT_MOST` (left ≤ right) or
AT_LEAST (left ≥ right) and the `reason` the definitions give; such a check is `within` while the
bound holds and a mismatch only when it is broken. `equal_when` (a cell expression) makes the bound
an identity in the documents where it is zero (no income but 财政拨款: the 财政拨款 tables cover all
spending).

Cells of tables printed in different amount units (元 against 万元) are compared in the coarser
unit: the finer side is converted exactly and rounded half-up to the places the other side prints
(`formula.Scaled`); the engine does this, a rule only names the cells.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Any, Mapping

from .declaration import Declared, declaration

Where = Mapping[str, Any]
TABLE_NAME = "表{numeral}"  # how every description names a table (the numeral the document gives it)


def _frozen_where(rule) -> None:
    """A `where` given as a dict is stored as a tuple of pairs, so rules stay immutable and hashable."""
    for f in fields(rule):
        value = getattr(rule, f.name)
        if f.name.endswith("where") and isinstance(value, Mapping):
            object.__setattr__(rule, f.name, tuple(value.items()))


class _Where(Declared):
    def __post_init__(self):
        _frozen_where(self)


@declaration
class Label(Declared):
    """A printed label matched without its item number ('五、教育支出' is Label('教育支出'))."""

    text: str


@declaration
class Numbered(Declared):
    """Matches a label that carries an item number ('五、', '①', '(1)')."""


NUMBERED = Numbered()


@declaration
class LabelLike(Declared):
    """A printed label matched, without its item number, by a regex (`re.fullmatch`): the family
    prints one row several ways ('一般公共预算' / '一般公共预算资金' is LabelLike('一般公共预算(资金)?')).
    `printed`: the label is matched as printed, item number included (top-level rows '一、…')."""

    pattern: str
    printed: bool = False


# ---- cell expressions ----------------------------------------------------------------------------

class Term(Declared):
    def __add__(self, other: "Term") -> "Plus":
        return Plus((self, other))

    def __sub__(self, other: "Term") -> "Minus":
        return Minus(self, other)


@declaration
class Ref(_Where, Term):
    """One cell: `column` of the first row of `table` passing `where` (no `where`: the first row).

    No such row: the rule makes no check, unless `optional` (the cell then counts as an empty sum).
    """

    table: str
    column: str
    where: Where = ()
    optional: bool = False


@declaration
class RefSum(_Where, Term):
    """Σ `column` over every row of `table` passing `where` (possibly none; with `rows_required`, none
    makes no check: the table leaves those rows out)."""

    table: str
    column: str
    where: Where = ()
    rows_required: bool = False


@declaration
class Plus(Term):
    terms: tuple[Term, ...]


@declaration
class Minus(Term):
    left: Term
    right: Term


@declaration
class This(Term):
    """In a MatchRows pair: `column` of the row being matched."""

    column: str


@declaration
class That(Term):
    """In a MatchRows pair: `column` of the first matching row of the other table."""

    column: str


@declaration
class ThatSum(Term):
    """In a MatchRows pair: Σ `column` over every matching row of the other table."""

    column: str


@declaration
class KeySum(_Where, Term):
    """In a MatchRows pair: Σ `column` over the rows of a third `table` (passing `where`) whose match
    column (the pair's `on`, else the rule's key) holds the row's key — none: an empty sum. It lets
    one pair add up several tables (表三 = 表五 + 表六 + 表七, code by code)."""

    table: str
    column: str
    where: Where = ()


# ---- within one table ----------------------------------------------------------------------------
# `what` texts name the identity in the description "表X <what> <column label>"; where a text has
# {row}, it is the printed name of the row concerned.

@declaration
class CodeHierarchy(Declared):
    """'coded' table: total = Σ first level, and each level = Σ its children (by `parent` code),
    for every amount column holding a value; a row of a non-last level must have children."""

    table: str
    levels: tuple[str, ...] = ("类", "款", "项")
    total: str = "合计"  # level of the total row
    total_what: str = "{total} = Σ{child}"
    what: str = "{row} {level} = Σ{child}"
    childless: str = "{row} 有下级科目"


@declaration
class ClassHierarchy(Declared):
    """'economic' table: total = Σ class rows; each class row = Σ the rows whose `parent` is its `key`."""

    table: str
    key: str  # the column naming a class row
    total: str = "合计"
    level: str = "类"
    child: str = "款"
    total_what: str = "{total} = Σ{level}"
    what: str = "{row} = Σ{child}"


@declaration
class ItemTotals(Declared):
    """The total row = Σ the rows of the `parts` levels."""

    table: str
    parts: tuple[str, ...]  # levels of the summed rows
    what: str
    key: str = "item"  # the column naming a row
    total: str = "合计"


@declaration
class ItemParents(Declared):
    """Each row of `level` that has detail rows (their `parent` is its `key`) = Σ its details."""

    table: str
    what: str
    level: str = "项目"
    key: str = "item"


@declaration
class UnitBlocks(Declared):
    """'projects' table: the first row = Σ project rows; each unit row = Σ the projects up to the next unit."""

    table: str
    unit: str = "单位"
    project: str = "项目"
    key: str = "item"
    total_what: str = "合计 = Σ{project}"
    what: str = "{row} = Σ所属{project}"


@declaration
class Side(Declared):
    """One side of a 'two_sided' table: the labels of its subtotal, carried-over and grand-total rows."""

    name: str  # the value of the `side` column
    current: str  # e.g. 本年收入合计 = Σ the numbered rows above it
    carried: str  # e.g. 上年结转 (optional row) = Σ the numbered rows grouped under it
    grand: str  # = current + carried
    columns: tuple[str, ...] = ()  # the amount columns this side fills (empty: every one)


@declaration
class TwoSidedTotals(Declared):
    """'two_sided' table: each side's subtotal, carry-over and grand total; income grand = expense grand."""

    table: str
    income: Side
    expense: Side
    balance: str = "total"  # the column the two grand totals are compared in
    current_what: str = "{current} = Σ{side}项目"
    grand_what: str = "{grand} = {current} + {carried}"
    carried_what: str = "{carried} = Σ其中"
    balance_what: str = "{income} = {expense}"
    missing: str = "应有 '{row}' 行"


@declaration
class RowSum(_Where):
    """Within each row passing `where`: `total` = Σ `parts` (rows with no value are not checked)."""

    table: str
    total: str
    parts: tuple[str, ...]
    what: str
    where: Where = ()


# ---- between tables ------------------------------------------------------------------------------

AT_MOST, AT_LEAST = "≤", "≥"  # the relations of a bound (ledger.AT_MOST / AT_LEAST)


@declaration
class Equal(Declared):
    """left = right, each a cell expression; `skip_blank`: no check when every cell is blank.
    `relation` AT_MOST / AT_LEAST: a bound (left ≤ / ≥ right) for `reason`; `equal_when`: an
    identity after all where that expression is zero (see the module's doc)."""

    id: str
    description: str
    left: Term
    right: Term
    tables: str
    note: str = ""
    skip_blank: bool = False
    relation: str = "="
    reason: str = ""
    equal_when: Term | None = None
    rounded_into: Term | None = None  # see ROUNDED_INTO


# A table whose cells are adjusted so that they add up to its printed total (尾差调整: 表1's class rows
# sum to 本年支出合计 where the detailed tables' 类 rows, each rounded alone, do not) may move a cell by up
# to the rounding slack of that sum. `rounded_into` names the sum (a cell expression); the comparison
# then allows that slack besides its own, and the note says so.
ROUNDED_INTO = "rounded so that the column adds up to its total (尾差调整)"


@declaration
class Pair(_Where):
    """One check of a MatchRows rule, for each row of its table matched in `other`.

    The other's rows match when their `on` column (default: the rule's key column) equals the
    row's key and they pass `where`. No match: `absent='skip'` makes no check; 'zero' counts the
    matched cells as 0 and checks when any cell holds a value. `id`, `description`, `tables` and
    `note` are format strings: {key} (the key, or the rule's blank_key), {this} and {that} (表X of
    the two tables), {this_id} and {that_id} (their ids), {label} (the row's label columns),
    {row[column]} (the row as printed), {this_columns[id]} and {that_columns[id]} (printed column
    labels).
    """

    id: str
    description: str
    other: str
    left: Term
    right: Term
    tables: str
    on: str = ""
    where: Where = ()
    absent: str = "skip"
    skip_blank: bool = False
    note: str = ""
    relation: str = "="  # as in Equal: a bound for `reason`, an identity where `equal_when` is zero
    reason: str = ""
    equal_when: Term | None = None
    rounded_into: Term | None = None  # as in Equal (see ROUNDED_INTO)


@declaration
class MatchRows(_Where):
    """For each row of `table` passing `where`, the checks of `pairs` (in row order, then pair order)."""

    table: str
    key: str  # the column the rows are matched on
    pairs: tuple[Pair, ...]
    where: Where = ()
    strip: bool = False  # match the key without its item number
    label: tuple[str, ...] = ()  # columns joined (blank ones left out) as {label}
    blank_key: str = ""  # {key} in ids and texts when the key is blank (e.g. a 合计 row)


@declaration
class RowsPresent(_Where):
    """Each row of `table` with a non-blank `key` must have a row with that key in `other`."""

    table: str
    other: str
    key: str
    id: str  # format strings as in Pair
    description: str
    stated: str
    tables: str
    where: Where = ()


# ---- facts of the document -----------------------------------------------------------------------

@declaration
class CountEqualsListing(Declared):
    """An overview fact (a number) = how many names the overview lists after it."""

    fact: str
    id: str
    description: str


@declaration
class FactEquals(Declared):
    """Two overview facts state the same number (checked when both are stated)."""

    fact: str
    equals: str  # the other fact
    id: str
    description: str


@declaration
class UnitRowNamed(Declared):
    """Some row of `level` in `table` names the cover's unit."""

    table: str
    level: str = "单位"
    key: str = "item"
    description: str = "{table} 单位行 = 封面单位名称"  # {table}: 表X
    joiner: str = "、"


@declaration
class NoDataNote(Declared):
    """Every table noted as having no data has no amounts."""

    description: str = "注明“本表无数据”，表中无金额"
    stated: str = "本表无数据"


@declaration
class TableHeadings(Declared):
    """Every table's 单位名称 is the cover's unit; its amount unit is the first table's ({first}), or
    the one `units` declares for it (table id -> amount unit; `declared_unit` then describes it)."""

    unit: str = "单位名称 = 封面单位名称"
    amount_unit: str = "金额单位 = {first} 金额单位"
    units: tuple[tuple[str, str], ...] = ()
    declared_unit: str = "金额单位 = {unit}"


def tables_named(rule) -> set[str]:
    """The table ids a rule refers to (for validating a declaration against its schemas)."""
    found: set[str] = set()
    for f in fields(rule):
        value = getattr(rule, f.name)
        if f.name in ("table", "other") and isinstance(value, str):
            found.add(value)
        for item in value if isinstance(value, tuple) else (value,):
            if hasattr(type(item), "__dataclass_fields__") and not isinstance(item, (Label, LabelLike, Numbered, Side)):
                found |= tables_named(item)
    return found
