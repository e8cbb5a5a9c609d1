"""The figures a template's tables allow, declared as data (budgetlib.charts draws them).

Each chart names the table it is drawn from and, by column id and row level, which rows and
columns; `title` is how pages and the index name it, and, with `printed`, the caption the document
prints above a chart without data (the page whose text names it shows it). Format fields of
`heading` and `subtitle`: {numeral} (the table's numeral as printed), {total} (the total, as
printed with separators), {unit} (the table's amount unit), {count} (the rows drawn).
"""
from __future__ import annotations

from typing import ClassVar

from .declaration import Declared, declaration


@declaration(kw_only=True)
class Chart(Declared):
    kind: ClassVar[str] = ""
    name: str  # file stem, ASCII
    title: str
    table: str = ""  # the table drawn from ('' : drawn from the claims)
    heading: str = ""  # the title drawn above the chart ('' : `title`)
    subtitle: str = ""
    printed: bool = False
    total_level: str = "合计"  # level of the table's total row
    whole: str = "total"  # its amount column: the total shown and what shares are of

    def columns(self) -> tuple[str, ...]:
        """The columns of `table` the chart reads (besides 'level')."""
        return ()

    @property
    def total_row(self) -> bool:
        """Drawn from the total row, which must then be there."""
        return False

    @property
    def by_level(self) -> bool:
        """Rows are chosen by their level (the table must have one)."""
        return True


@declaration(kw_only=True)
class Composition(Chart):
    """A ring of the total row's `parts` (amount columns), the grand total in its middle."""

    kind: ClassVar[str] = "composition"
    parts: tuple[str, ...]
    centre: str  # the caption of the grand total, e.g. '收入合计'

    def columns(self):
        return self.parts

    @property
    def total_row(self) -> bool:
        return True


@declaration(kw_only=True)
class RowBars(Chart):
    """One bar per row of `level`: labelled by `label` (columns joined by a space), `value` long,
    with its share of the total row. `largest_first`: sorted; `one_colour`: for many rows."""

    kind: ClassVar[str] = "row_bars"
    level: str
    label: tuple[str, ...]
    value: str = "total"
    largest_first: bool = False
    one_colour: bool = False
    compact: bool = False  # many rows: smaller type, thinner bars

    def columns(self):
        return (*self.label, self.value)


@declaration(kw_only=True)
class StackedBars(Chart):
    """One bar per row of `level`, split into the `parts` columns; the legend gives each part's
    total (from the total row) and share of `whole`."""

    kind: ClassVar[str] = "stacked_bars"
    level: str
    label: tuple[str, ...]
    parts: tuple[str, ...]

    def columns(self):
        return (*self.label, *self.parts, self.whole)

    @property
    def total_row(self) -> bool:
        return True


@declaration(kw_only=True)
class ItemParts(Chart):
    """One bar per row of `level` (`label`, `value`); an item with rows of `part_level` under it
    (their `parent` is its label) is drawn split into them. A zero item is a labelled 0."""

    kind: ClassVar[str] = "item_parts"
    level: str
    part_level: str
    label: str = "item"
    value: str = "total"
    parent: str = "parent"

    def columns(self):
        return (self.label, self.value)


@declaration(kw_only=True)
class GroupedBars(Chart):
    """The rows of `level` grouped under their rows of `group_level` (a member's `parent` is its
    group's `key`), largest first in each group, one colour per group."""

    kind: ClassVar[str] = "grouped_bars"
    group_level: str
    level: str
    label: str
    key: str
    value: str = "total"
    parent: str = "parent"

    def columns(self):
        return (self.label, self.key, self.value, self.parent)


@declaration(kw_only=True)
class ColumnBars(Chart):
    """One bar per amount column (`bars`) of the table's first row, with its share of `whole`:
    a table printed as a single row of figures."""

    kind: ClassVar[str] = "column_bars"
    bars: tuple[str, ...]

    def columns(self):
        return (*self.bars, self.whole)

    @property
    def by_level(self) -> bool:
        return False


@declaration(kw_only=True)
class PriorYearChanges(Chart):
    """Every measure the text compares with the prior year, as its change in % on one scale (drawn
    from the claims). `heading`: {prior_year}, {year}; `bar`: {rate}, {prior}, {current}, {unit},
    {basis} (`given` or `implied`: how the prior-year figure is known); `bar_from_zero`: {current},
    {unit}; `subtitle`: {unit}; `empty`: shown when the text states no change."""

    kind: ClassVar[str] = "prior_year_changes"
    bar: str
    bar_from_zero: str
    given: str
    implied: str
    axis: str
    empty: str
    unit: str = "万元"

    @property
    def by_level(self) -> bool:
        return False


# the prior-year chart in the words of the families whose text states changes as 增加/减少 … 万元
STATED_CHANGES = PriorYearChanges(
    name="prior_year_change", title="与上年比较的变动", heading="{prior_year}→{year} 变动（由说明中的增减表述推算）",
    subtitle="；上年数 = 本年数 − 所述增减额（{unit}）", bar="{rate}%  {prior} → {current}{unit}（上年数{basis}）",
    bar_from_zero="上年为 0 → {current}{unit}", given="给定", implied="隐含", axis="变动 %（同一刻度）",
    empty="说明中没有与上年比较的表述")
