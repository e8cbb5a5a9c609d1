"""Accounting identities within and across the tables, interpreted from the template's declaration.

`d.template.rules` (see `budgetlib.templates.rules`) declares the identities: which tables, rows,
columns and texts. This engine walks the rules in order and dispatches on each rule's kind; it knows
the tidy frames `budgetlib.tables` makes, never a template. Each identity becomes a ledger.Result
with both sides as formulas over table cells; blank cells are not checked unless a rule says so.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from typing import TYPE_CHECKING, Callable, Iterable

from .formula import MONEY_UNITS, Expr, Sum, decimal_places, in_unit, printed_places, unit_of
from .ledger import MATCH, MISMATCH, Result, decide, rounding_slack
from .selection import cell, first, has_value, label, select
from .tables import Table
from .templates import rules as R
from .text import numbered, strip_numbering

if TYPE_CHECKING:  # pragma: no cover
    from .document import Disclosure


class CheckBook:
    def __init__(self, d: "Disclosure", tolerance: Decimal):
        self.d = d
        self.tolerance = tolerance
        self.results: list[Result] = []
        self._nil: dict[R.Term, Expr | None] = {}  # a bound's equal_when that names no matched row: once

    def is_nil(self, rule, match) -> Expr | None:
        """The rule's `equal_when` expression where it is nil in this document (within the rounding of
        its printed figures), else None. One that names no matched row is the same for every pair."""
        term = rule.equal_when
        if _names_match(term):  # its value differs from pair to pair
            return _if_nil(resolve(self, term, match))
        if term not in self._nil:
            self._nil[term] = _if_nil(resolve(self, term))
        return self._nil[term]

    def table(self, table_id: str) -> Table:
        try:
            return self.d.tables[table_id]
        except KeyError:
            raise KeyError(f"template {self.d.template.id}: a rule names table {table_id!r}, "
                           f"which is not among its tables {sorted(self.d.tables)}") from None

    def add(self, id: str, description: str, left: Expr, right: Expr, tables: str, note: str = "",
            relation: str = "=", rounded_into: Expr | None = None) -> None:
        line = next((c.line for c in left.cells()), None)
        left, right = comparable(left, right)
        tolerance = self.tolerance
        if rounded_into is not None and tolerance is None:  # the slack of the sum the figure was adjusted into
            tolerance = rounding_slack(right) + rounding_slack(rounded_into)
            note = "; ".join(n for n in (note, f"{R.ROUNDED_INTO}: {rounded_into.describe()}") if n)
        self.results.append(
            decide(id, description, left, right, tolerance, tables=tables, line=line, note=note,
                   relation=relation)
        )

    def add_relation(self, rule, id: str, description: str, left: Expr, right: Expr, tables: str,
                     note: str = "", match=None) -> None:
        """An Equal or Pair: an identity, or a bound (its reason in the note) unless its `equal_when`
        expression is zero in this document (within the rounding of its printed figures), which makes
        it an identity."""
        relation = rule.relation
        if relation != "=" and rule.equal_when is not None:
            condition = self.is_nil(rule, match)
            if condition is not None:
                relation = "="
                note = "; ".join(n for n in (note, f"an identity here ({condition.describe()} is nil); "
                                                    f"a bound elsewhere: {rule.reason}") if n)
        if relation != "=":
            description = description.replace(" = ", f" {relation} ", 1)
            note = "; ".join(n for n in (note, f"bound: {rule.reason}") if n)
        rounded_into = resolve(self, rule.rounded_into, match) if rule.rounded_into is not None else None
        self.add(id, description, left, right, tables, note=note, relation=relation, rounded_into=rounded_into)

    def add_fact(self, id: str, description: str, ok: bool, stated, computed, tables: str, line, note=""):
        """A non-monetary consistency fact (names, counts, units)."""
        self.results.append(
            decide(id, description, None, None, self.tolerance, stated=None, status=MATCH if ok else MISMATCH,
                   formula=str(computed), stated_formula=str(stated), tables=tables, line=line, note=note,
                   unit="")
        )


def comparable(left: Expr, right: Expr) -> tuple[Expr, Expr]:
    """The two sides at one unit and one precision: the methodology's rounding rule (round the finer
    side half-up to the places the coarser one prints, then compare) wherever one printed figure
    meets figures of another unit or printed to more places. Sides of one unit and precision are
    left as they are."""
    units = unit_of(left), unit_of(right)
    converted = same_unit(left, right, units)
    if converted != (left, right):
        return converted
    for coarse, fine, unit in ((left, right, units[0]), (right, left, units[1])):
        if unit not in MONEY_UNITS:
            continue
        figures = coarse.addends()
        if len(figures) == 1 and decimal_places(figures[0]) < printed_places(fine):
            rounded = in_unit(fine, unit, decimal_places(figures[0]), exact_unit=True)
            return (left, rounded) if coarse is left else (rounded, right)
    return left, right


def same_unit(left: Expr, right: Expr, units: tuple[str | None, str | None] | None = None) -> tuple[Expr, Expr]:
    """Two sides in different money units (a 元 table against a 万元 one): the finer side converted
    exactly to the coarser unit and rounded half-up to the places the coarser side prints."""
    units = units or (unit_of(left), unit_of(right))
    if None in units or units[0] == units[1] or not set(units) <= set(MONEY_UNITS):
        return left, right
    if MONEY_UNITS[units[0]] > MONEY_UNITS[units[1]]:
        return left, in_unit(right, units[0], printed_places(left))
    return in_unit(left, units[1], printed_places(right)), right


def _sum_check(book: CheckBook, table: Table, total_row: dict, parts: list[dict], id: str, what: str,
               columns: Iterable[str] | None = None) -> None:
    """total_row[column] = Σ parts[column] for every amount column that holds a value."""
    for column in columns or table.amount_columns:
        left = cell(table, total_row, column)
        right = [cell(table, r, column) for r in parts]
        if not has_value([left, *right]):
            continue
        book.add(
            f"{table.id}.{id}.{column}",
            f"{label(table)} {what} {table.columns[column]}",
            left, Sum(tuple(right)), table.id,
        )


def _row_check(book: CheckBook, table: Table, total: str, parts: tuple[str, ...], what: str,
               rows: list[dict] | None = None) -> None:
    """Within each row: total column = Σ part columns."""
    for r in table.records if rows is None else rows:
        cells = [cell(table, r, c) for c in (total, *parts)]
        if not has_value(cells):
            continue
        name = table.row_labels[r["index"]]
        book.add(
            f"{table.id}.row{r['line']}.{total}",
            f"{label(table)} {name}: {table.columns[total]} = {' + '.join(table.columns[p] for p in parts)} ({what})",
            cells[0], Sum(tuple(cells[1:])), table.id,
        )


def _total(book: CheckBook, table: Table, level: str, part_levels: tuple[str, ...],
           what: Callable[[dict], str]) -> None:
    """The first row of `level` = Σ the rows of `part_levels`."""
    total_row = first(select(table, level=level))
    if total_row is not None:
        parts = select(table, lambda r: r["level"] in part_levels)
        _sum_check(book, table, total_row, parts, "total", what(total_row))


# ---- within one table ----------------------------------------------------------------------------

def _code_hierarchy(book: CheckBook, rule: R.CodeHierarchy) -> None:
    table, levels = book.table(rule.table), rule.levels
    _total(book, table, rule.total, levels[:1], lambda _: rule.total_what.format(total=rule.total, child=levels[0]))
    for r in select(table, lambda r: r["level"] in levels[:-1]):
        row, child = table.row_labels[r["index"]], levels[levels.index(r["level"]) + 1]
        children = select(table, parent=r["code"])
        if not children:
            book.add_fact(f"{table.id}.{r['code']}.children", f"{label(table)} {rule.childless.format(row=row)}",
                          False, "has children", "no child rows", table.id, r["line"])
            continue
        _sum_check(book, table, r, children, r["code"], rule.what.format(row=row, level=r["level"], child=child))


def _class_hierarchy(book: CheckBook, rule: R.ClassHierarchy) -> None:
    table = book.table(rule.table)
    _total(book, table, rule.total, (rule.level,), lambda _: rule.total_what.format(total=rule.total, level=rule.level))
    for r in select(table, level=rule.level):
        _sum_check(book, table, r, select(table, parent=r[rule.key]), f"class{r['line']}",
                   rule.what.format(row=r[rule.key], child=rule.child))


def _item_totals(book: CheckBook, rule: R.ItemTotals) -> None:
    _total(book, book.table(rule.table), rule.total, rule.parts, lambda r: rule.what.format(row=r[rule.key]))


def _item_parents(book: CheckBook, rule: R.ItemParents) -> None:
    table = book.table(rule.table)
    for r in select(table, level=rule.level):
        details = select(table, parent=r[rule.key])
        if details:
            _sum_check(book, table, r, details, f"parent{r['line']}", rule.what.format(row=r[rule.key]))


def _unit_blocks(book: CheckBook, rule: R.UnitBlocks) -> None:
    table = book.table(rule.table)
    records = table.records
    if records:
        _sum_check(book, table, records[0], select(table, level=rule.project), "total",
                   rule.total_what.format(project=rule.project))
    for u in select(table, level=rule.unit):
        following = records[u["index"] + 1:]
        stop = next((r["index"] for r in following if r["level"] == rule.unit), len(records))
        own = [r for r in following if r["index"] < stop and r["level"] == rule.project]
        _sum_check(book, table, u, own, f"unit{u['line']}", rule.what.format(row=u[rule.key], project=rule.project))


def _find(table: Table, side: str, item: str) -> dict | None:
    """The first row of a two-sided table's `side` printed as `item` (its numbering aside)."""
    return first(select(table, {"side": side, "item": R.Label(item)}))


def _require(book: CheckBook, rule: R.TwoSidedTotals, table: Table, row: dict | None, what: str):
    if row is None:
        book.add_fact(f"{table.id}.missing.{what}", f"{label(table)} {rule.missing.format(row=what)}", False, what,
                      "row not found", table.id, table.title_line)
    return row


def _side_totals(book: CheckBook, rule: R.TwoSidedTotals, table: Table, side: R.Side) -> None:
    sub = _require(book, rule, table, _find(table, side.name, side.current), side.current)
    total_row = _require(book, rule, table, _find(table, side.name, side.grand), side.grand)
    carry = _find(table, side.name, side.carried)
    if sub is None or total_row is None:
        return
    texts = dict(side=side.name, current=side.current, carried=side.carried, grand=side.grand)
    columns = [c for c in table.amount_columns if not side.columns or c in side.columns]
    items = select(table, lambda r: numbered(r["item"]) and r["index"] < sub["index"], side=side.name, group="")
    _sum_check(book, table, sub, items, f"{side.name}.current", rule.current_what.format(**texts), columns)
    parts = [sub] + ([carry] if carry is not None else [])
    _sum_check(book, table, total_row, parts, f"{side.name}.grand", rule.grand_what.format(**texts), columns)
    if carry is not None:
        children = select(table, side=side.name, group=carry["item"])
        if children:
            _sum_check(book, table, carry, children, f"{side.name}.carried", rule.carried_what.format(**texts),
                       columns)


def _two_sided(book: CheckBook, rule: R.TwoSidedTotals) -> None:
    table = book.table(rule.table)
    for side in (rule.income, rule.expense):
        _side_totals(book, rule, table, side)
    income = _find(table, rule.income.name, rule.income.grand)
    expense = _find(table, rule.expense.name, rule.expense.grand)
    if income is not None and expense is not None:
        what = rule.balance_what.format(income=rule.income.grand, expense=rule.expense.grand)
        book.add(f"{table.id}.balance", f"{label(table)} {what}", cell(table, income, rule.balance),
                 cell(table, expense, rule.balance), table.id)


def _row_sum(book: CheckBook, rule: R.RowSum) -> None:
    table = book.table(rule.table)
    if not any(r.get(part) is not None for r in table.records for part in rule.parts):
        return  # the table does not print the split (an optional column left out): nothing to add up
    _row_check(book, table, rule.total, rule.parts, rule.what, select(table, rule.where))


def _no_data(book: CheckBook, rule: R.NoDataNote) -> None:
    for table in book.d.tables.values():
        if table.no_data:
            book.add_fact(f"{table.id}.no_data", f"{label(table)} {rule.description}", not table.records,
                          rule.stated, f"{len(table.records)} rows with amounts", table.id, table.title_line)


def _headings(book: CheckBook, rule: R.TableHeadings) -> None:
    d = book.d
    first_table = label(next(iter(d.tables.values()))) if d.tables else ""
    declared = dict(rule.units)
    for table in d.tables.values():
        book.add_fact(f"{table.id}.unit", f"{label(table)} {rule.unit}", table.unit_name == d.unit,
                      d.unit, table.unit_name, table.id, table.title_line)
        unit = declared.get(table.id, d.amount_unit)
        what = (rule.declared_unit.format(unit=unit) if table.id in declared
                else rule.amount_unit.format(first=first_table))
        book.add_fact(f"{table.id}.amount_unit", f"{label(table)} {what}", table.amount_unit == unit, unit,
                      table.amount_unit, table.id, table.title_line)


# ---- cell expressions ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Match:
    """A MatchRows row (`this`, `row`) and the rows of the other table it matched."""

    this: Table
    row: dict
    that: Table
    found: list[dict]
    key: str = ""  # the row's key, and the column it is matched on in other tables
    on: str = ""


def _ref(book: CheckBook, term: R.Ref, match) -> Expr | None:
    table = book.table(term.table)
    row = first(select(table, term.where))
    if row is None:
        return Sum(()) if term.optional else None
    return cell(table, row, term.column)


def _ref_sum(book: CheckBook, term: R.RefSum, match) -> Expr | None:
    table = book.table(term.table)
    rows = select(table, term.where)
    if not rows and term.rows_required:
        return None  # the table prints none of the rows (a block of the table left out): no check
    return Sum(tuple(cell(table, r, term.column) for r in rows))


def _plus(book: CheckBook, term: R.Plus, match) -> Expr | None:
    terms = [resolve(book, t, match) for t in term.terms]
    return None if any(t is None for t in terms) else Sum(tuple(terms))


def _minus(book: CheckBook, term: R.Minus, match) -> Expr | None:
    left, right = resolve(book, term.left, match), resolve(book, term.right, match)
    return None if left is None or right is None else left - right


def _this(book: CheckBook, term: R.This, match: _Match) -> Expr:
    return cell(match.this, match.row, term.column)


def _that(book: CheckBook, term: R.That, match: _Match) -> Expr:
    return cell(match.that, match.found[0], term.column) if match.found else Sum(())


def _that_sum(book: CheckBook, term: R.ThatSum, match: _Match) -> Expr:
    return Sum(tuple(cell(match.that, r, term.column) for r in match.found))


def _key_sum(book: CheckBook, term: R.KeySum, match: _Match) -> Expr:
    table = book.table(term.table)
    # the key as a plain equality: looked up in the table's index, not scanned for in every row
    return Sum(tuple(cell(table, r, term.column) for r in select(table, term.where, **{match.on: match.key})))


def _if_nil(condition: Expr | None) -> Expr | None:
    """The condition where it is zero within the rounding of its printed figures, else None."""
    return condition if condition is not None and abs(condition.evaluate()) <= rounding_slack(condition) else None


@lru_cache(maxsize=None)  # terms are declarations: a few hundred, asked about on every pair
def _names_match(term) -> bool:
    """Whether a term refers to the row being matched (its value then differs from pair to pair)."""
    if isinstance(term, (R.This, R.That, R.ThatSum, R.KeySum)):
        return True
    return any(_names_match(t) for t in getattr(term, "terms", ())) or any(
        _names_match(getattr(term, side)) for side in ("left", "right") if hasattr(term, side))


_tables_named = lru_cache(maxsize=None)(R.tables_named)  # per declared rule, once per process


TERMS: dict[type, Callable] = {R.Ref: _ref, R.RefSum: _ref_sum, R.Plus: _plus, R.Minus: _minus,
                               R.This: _this, R.That: _that, R.ThatSum: _that_sum, R.KeySum: _key_sum}


def resolve(book: CheckBook, term: R.Term, match: _Match | None = None) -> Expr | None:
    """The formula a declared term stands for; None when a required row is missing."""
    return TERMS[type(term)](book, term, match)


# ---- between tables ------------------------------------------------------------------------------

def _equal(book: CheckBook, rule: R.Equal) -> None:
    left, right = resolve(book, rule.left), resolve(book, rule.right)
    if left is None or right is None or (rule.skip_blank and not has_value(left.cells() + right.cells())):
        return
    book.add_relation(rule, rule.id, rule.description, left, right, rule.tables, note=rule.note)


def _texts(this: Table, row: dict, key: str, that: Table, label_columns: tuple[str, ...] = ()) -> dict:
    """The placeholders of MatchRows / RowsPresent texts (see rules.Pair)."""
    return dict(key=key, this=label(this), that=label(that), this_id=this.id, that_id=that.id, row=row,
                this_columns=this.columns, that_columns=that.columns,
                label=" ".join(str(row[c]) for c in label_columns if row[c]))


def _index(book: CheckBook, rule: R.MatchRows, pair: R.Pair) -> tuple[Table, dict[str, list[dict]]]:
    """The other table of a pair, and its rows passing `where` by their `on` value (in row order)."""
    other, on = book.table(pair.other), pair.on or rule.key
    index: dict[str, list[dict]] = {}
    for r in select(other, pair.where):
        index.setdefault(r[on], []).append(r)
    return other, index


def _pair(book: CheckBook, rule: R.MatchRows, pair: R.Pair, match: _Match, key: str) -> None:
    if not match.found and pair.absent == "skip":
        return
    left, right = resolve(book, pair.left, match), resolve(book, pair.right, match)
    if left is None or right is None:
        return
    if (pair.skip_blank or not match.found) and not has_value(left.cells() + right.cells()):
        return
    texts = _texts(match.this, match.row, key or rule.blank_key, match.that, rule.label)
    book.add_relation(pair, pair.id.format(**texts), pair.description.format(**texts), left, right,
                      pair.tables.format(**texts), note=pair.note.format(**texts), match=match)


def _match_rows(book: CheckBook, rule: R.MatchRows) -> None:
    table = book.table(rule.table)
    indexes = [_index(book, rule, pair) for pair in rule.pairs]
    for row in select(table, rule.where):
        key = strip_numbering(row[rule.key]) if rule.strip else row[rule.key]
        for pair, (other, index) in zip(rule.pairs, indexes):
            _pair(book, rule, pair, _Match(table, row, other, index.get(key, []), key, pair.on or rule.key), key)


def _rows_present(book: CheckBook, rule: R.RowsPresent) -> None:
    table, other = book.table(rule.table), book.table(rule.other)
    keys = {r[rule.key] for r in other.records}
    for row in select(table, rule.where):
        key = row[rule.key]
        if key and key not in keys:
            texts = _texts(table, row, key, other)
            book.add_fact(rule.id.format(**texts), rule.description.format(**texts), False,
                          rule.stated.format(**texts), "missing", rule.tables.format(**texts), row["line"])


# ---- facts of the document -----------------------------------------------------------------------

def _count_listing(book: CheckBook, rule: R.CountEqualsListing) -> None:
    o = book.d.overview
    stated = o.facts.get(rule.fact)
    if stated is not None:
        listed = o.listings.get(rule.fact, ())
        book.add_fact(rule.id, rule.description, stated == len(listed), stated, len(listed), "",
                      o.lines.get(rule.fact))


def _fact_equals(book: CheckBook, rule: R.FactEquals) -> None:
    o = book.d.overview
    stated, other = o.facts.get(rule.fact), o.facts.get(rule.equals)
    if stated is not None and other is not None:
        book.add_fact(rule.id, rule.description, stated == other, stated, other, "", o.lines.get(rule.fact))


def _unit_row(book: CheckBook, rule: R.UnitRowNamed) -> None:
    table, unit = book.table(rule.table), book.d.unit
    units = select(table, level=rule.level)
    if units:
        names = [u[rule.key] for u in units]
        book.add_fact(f"{table.id}.unit_row", rule.description.format(table=label(table)), unit in names, unit,
                      rule.joiner.join(names), table.id, units[0]["line"])


ENGINE: dict[type, Callable[[CheckBook, object], None]] = {
    R.CodeHierarchy: _code_hierarchy, R.ClassHierarchy: _class_hierarchy, R.ItemTotals: _item_totals,
    R.ItemParents: _item_parents, R.UnitBlocks: _unit_blocks, R.TwoSidedTotals: _two_sided,
    R.RowSum: _row_sum, R.NoDataNote: _no_data, R.TableHeadings: _headings, R.Equal: _equal,
    R.MatchRows: _match_rows, R.RowsPresent: _rows_present, R.CountEqualsListing: _count_listing,
    R.FactEquals: _fact_equals, R.UnitRowNamed: _unit_row,
}


def run_checks(d: "Disclosure", tolerance: Decimal) -> list[Result]:
    book = CheckBook(d, tolerance)
    declared = {schema.id for schema in d.template.schemas}
    for rule in d.template.rules:
        handler = ENGINE.get(type(rule))
        if handler is None:
            raise TypeError(f"template {d.template.id}: no check engine for rule {rule!r}")
        unprinted = _tables_named(rule) - d.tables.keys()
        if unprinted and unprinted <= declared:
            continue  # a declared table the document does not print (its remark says so): nothing to check
        handler(book, rule)
    seen: set[str] = set()
    for r in book.results:  # ids must be unique: they are how ledgers are compared over time
        base, n = r.id, 1
        while r.id in seen:
            n += 1
            r.id = f"{base}#{n}"
        seen.add(r.id)
        r.kind = "check"
    return book.results
