"""The types a template's narrative vocabulary is declared in (budgetlib.claims interprets them).

A `ClaimVocabulary` says, for one template family, how the numbers stated in the narrative
sections are tied to the tables:

* `Phrase`s: the words before a number (its label) -> a measure, a declarative reference to cells
  of the tables (`Ref`: table id, column, row selector). Nothing here is code over a Disclosure.
* `SectionRole`s, keyed by section numeral: what kind of content a section holds, when that needs
  more than a phrase (a procurement total and its parts, project counts and categories, vehicles,
  item lists …). Each role carries its parameters: table references, labels, regexes, wording.
* a `Grammar`: how numbers, dates, changes and shares are written, and the wording of the generic
  claims (years, changes, rates, shares). Its defaults are the common grammar of Chinese budget
  narratives; a template overrides what it phrases differently.

Descriptions and notes given as format strings name their fields in the docstring of the role.
"""
from __future__ import annotations

from dataclasses import field
from decimal import Decimal
from typing import ClassVar

from .declaration import Declared, declaration

# -- references to the tables ------------------------------------------------------------------


@declaration(kw_only=True)
class Where(Declared):
    """A row selector: the row whose columns equal every field given (None: any value).

    `item` is compared without its printed numbering (一、 ① (1) …); the other columns as printed.
    An empty string is a condition too (e.g. group="" : rows outside any group).
    """

    item: str | None = None
    side: str | None = None
    group: str | None = None
    level: str | None = None
    name: str | None = None
    code: str | None = None

    SELECTORS: ClassVar[tuple[str, ...]] = ("item", "side", "group", "level", "name", "code")

    def conditions(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in self.SELECTORS if getattr(self, k) is not None}


@declaration(kw_only=True)
class Ref(Where):
    """One cell: `column` of the first row of `table` the selector picks, or of row `position`."""

    table: str
    column: str = "total"
    position: int | None = None  # the n-th row (0 = first), when no selector is given


@declaration(kw_only=True)
class Rows(Where):
    """The rows of `table` the selector picks (and, with `nonzero`, that hold a non-zero value in
    that column); `column` is the cell of each row that is counted or listed."""

    table: str
    column: str
    nonzero: str | None = None
    label: str = ""  # how the selection reads in a formula, e.g. '表十二 项目 rows'


# -- phrases -----------------------------------------------------------------------------------


@declaration
class Total(Declared):
    """Σ of cells that each name a part (人员经费 = 301 + 303): the parts the table prints, added; none
    printed: no measure."""

    refs: tuple[Ref, ...]


@declaration
class Phrase(Declared):
    """A label (regex over the normalised words before a number) bound to a measure."""

    pattern: str
    key: str  # measure id; also the key of prior-year figures (see docs/methodology.md)
    measure: Ref | Total | None
    sections: tuple[str, ...] = ()  # section numerals the phrase applies to (() = all)
    topic: bool = False  # the subject of its sentence (base of 占 N% and 比上年)
    after: tuple[str, ...] = ()  # applies only while the topic is one of these keys


# -- section roles -----------------------------------------------------------------------------


class SectionRole(Declared):
    """What kind of content a section holds beyond its phrases. `kind` names the role."""

    kind: ClassVar[str] = ""


@declaration
class SameAsPrior(SectionRole):
    """Every amount is followed by a '与上年预算数相同': that statement refers to the amount
    just before it (not to the sentence's topic)."""

    kind: ClassVar[str] = "same_as_prior_follows_each_amount"


@declaration
class Procurement(SectionRole):
    """No table states the amounts: the total (label matching `total`) is checked against the
    sum of the parts stated after it; the parts are unverifiable. A section may state several
    totals, each with its parts. `part`: only the numbers whose label matches it are parts (default:
    every number after the total); `unit`: the unit of the total and its parts (default: the
    grammar's amount unit; e.g. '辆' for vehicles by category)."""

    kind: ClassVar[str] = "procurement"
    total: str  # regex over a label: the total
    description: str  # of the total = Σ parts claim
    note: str  # of the total claim
    part_note: str  # why a part is unverifiable
    part: str = ""
    unit: str = ""


@declaration
class Projects(SectionRole):
    """Counts of projects and their amounts against the project table; categories (count, amount)
    by subset evidence; the appended goal tables (count, Σ annual amount, share).

    The first count of the section makes the projects the section's topic (`topic_key`); after it,
    a count is the number of project rows (`count_rows`), an amount the project total (`total`).
    `category`: regex with one group naming a category ('{category}' in the descriptions); its
    count and the amount after it are verified together. `disclosed`: regex; the count after it is
    the number of appended goal tables, the amounts after it the appendix total. `share`: regex of
    the percentage of the appendix total over `total`.
    """

    kind: ClassVar[str] = "projects"
    count_rows: Rows
    total: Ref
    category: str
    disclosed: str
    share: str
    count_description: str
    total_description: str
    category_count: str  # '{category}'
    category_amount: str  # '{category}'
    category_note: str  # when no subset evidence can be computed
    tables_description: str
    tables_formula: str  # '{title}' (goal-table title), '{place}' (the section cited)
    disclosed_description: str
    disclosed_label: str  # the Σ annual amounts of the appended tables
    disclosed_fallback_label: str  # the same when some are blank: '{blank}' (their names)
    share_description: str
    share_missing: str  # description when no goal tables are parsed
    count_unit: str = "个"  # the unit of a count of projects or tables
    topic_key: str = "project_count"


@declaration
class Assets(SectionRole):
    """Vehicles held vs the budgeted running cost (no vehicle, no running cost, and vice versa);
    vehicle categories and establishment in no table (value thresholds: `Thresholds`)."""

    kind: ClassVar[str] = "assets"
    vehicle_unit: str  # e.g. '辆'
    held: str  # regex of the label of the vehicles held
    establishment: str  # regex of the label of the establishment (after `held`, not a category)
    running_cost: Ref
    held_description: str
    category_description: str  # '{label}'
    category_note: str
    establishment_note: str


@declaration
class Thresholds(SectionRole):
    """Value thresholds the template's wording fixes (set by the disclosure rules the family follows,
    not by the unit: '单价100万元（含）以上设备'). Each amount found by `pattern` (a regex over a
    sentence; group 1 is the number) is, in reading order, the next of `values`; a single value is
    every threshold's. A printed threshold that differs is a mismatch against the template; one more
    than `values` declares is unverifiable. description: '{text}' (the number as printed)."""

    kind: ClassVar[str] = "thresholds"
    pattern: str
    values: tuple[Decimal, ...]
    description: str
    note: str
    extra_note: str = "more thresholds than the template's wording states"


@declaration
class ChangeSum(Declared):
    """`total` = Σ `parts` (phrase keys) in every year's budget of the template (an identity of its
    tables, e.g. 表1 财政拨款收入 = 表4 支出总计; one part: the two are equal)."""

    total: str
    parts: tuple[str, ...]


@declaration
class ChangeIdentities(SectionRole):
    """Changes on an earlier year (比上年增加 X, 与上年持平) stated for quantities an identity ties
    together: as the identity holds in both years' budgets, the changes obey it too — when every
    term's change is stated, on the same base. `basis`: regex over a change's words (its label, or
    the 'same' statement as printed); its groups are the base (year, budget or execution): changes
    whose groups differ, or that it does not match, are never related. A term stated again starts a
    new statement (a repeated paragraph is checked on its own). The identities: `identities`.
    description: '{total}', '{parts}' (the changes' names); `note`: '{identity}'."""

    kind: ClassVar[str] = "change_identities"
    identities: tuple[ChangeSum, ...]
    basis: str
    description: str
    note: str
    term: str = "{name} 变动"  # how a term reads in the formula: '{name}'


@declaration
class Restated(SectionRole):
    """Amounts a list elsewhere names: in section `source`, the sentence after the one where `anchor`
    (a regex) stands, when it opens with `opens` (the parts of the anchored total: '其中：甲X万元，乙Y万元'),
    names each amount by its label. An amount of this section whose label ends with one of those
    names is the same figure stated again and must equal it. description: '{name}'."""

    kind: ClassVar[str] = "restated"
    source: str
    anchor: str
    opens: str
    description: str
    note: str


@declaration
class PurchaseOfServices(SectionRole):
    """A count of purchase-of-service projects (label matching `count`) and the amount after it,
    verified by subset evidence over the project table (`subset_label` passed to it)."""

    kind: ClassVar[str] = "purchase_of_services"
    count: str
    subset_label: str
    count_description: str
    amount_description: str
    note: str  # when no subset evidence can be computed


@declaration
class FunctionalRows(SectionRole):
    """An amount no phrase explains names a row: looked up in `lookup` with the (un-numbered)
    label as the value of the selector `by`."""

    kind: ClassVar[str] = "functional_rows"
    lookup: Ref
    by: str = "item"
    suffix: str = ""  # appended to the label in the description
    printed_suffix: str = ""  # regex: what the text prints after the row's name ('（类）'), dropped before the lookup


@declaration
class FunctionalLines(SectionRole):
    """Numbered lines naming a functional class, 款 and 项 (by name and/or by printed code) with an
    amount A, often followed by the prior year's execution B, the budget restated A' and the change
    C% (`X（类）Y（款）Z（项）A万元 … 执行数为B万元，…预算安排A'万元，比…执行数增加C%`).

    `line`: regexes over A's label (the words before A in its clause, normalised by
    `text.normalize`: half-width brackets and quotes, no blanks), ending at A; named groups
    `class`, `item`, `sub` (the names) and `class_code`, `item_code`, `sub_code` (the printed codes,
    joined into the row's 科目编码). A is checked against Σ `column` of the row found in each of
    `tables` (by code, else by the names down the hierarchy, else by the deepest name below the
    class); A' against A (a line contradicting
    itself is a mismatch); C against (A − B) / B (half-up at C's places, the direction by
    `directions`; a C within what A's table value and B admit at their printed places is a
    rounding); a 'same' statement (the grammar's `same`, matching `same`) against A − B = 0; B is
    in no table.
    Descriptions: '{name}' (the names joined by `joiner`), '{code}' (`code_format` of the 科目编码, in
    `description`), '{word}' (the direction).
    """

    kind: ClassVar[str] = "functional_lines"
    line: tuple[str, ...]
    tables: tuple[str, ...]
    execution: str  # regex over a label: B
    planned: str  # regex over a label: A'
    rate: str  # regex over a label: C
    directions: tuple[tuple[str, int], ...]  # words of C's label and the sign they give the change
    description: str  # of A
    execution_description: str
    execution_note: str  # why B is unverifiable
    planned_description: str
    rate_description: str
    same_description: str
    same: str = ""  # regex over a 'same' statement that refers to B (default: any after B)
    column: str = "total"
    levels: tuple[str, str, str] = ("类", "款", "项")  # the table levels of class, item and sub rows
    aliases: tuple[tuple[str, str], ...] = ()  # spellings taken as one in names ('其它' → '其他')
    joiner: str = "-"
    missing_note: str = "no row of the tables has this code or these names"
    renamed_note: str = "named '{found}' in the table"  # the row found is named otherwise
    misnamed_note: str = "the line names a class or 款 the row does not belong to"
    code_format: str = "({code})"  # '{code}' in `description` (empty when no code is known)
    zero_note: str = "the execution B is 0: no rate can be computed"


@declaration
class Execution(SectionRole):
    """A final account's execution against the year's initial budget (年初预算为A万元，支出决算为B万元，
    完成年初预算的C%). `budget`, `final`: regexes over an amount's label; `ratio`: over a percentage's.
    A that no phrase binds is in no table (unverifiable, `budget_note`); B that no phrase binds is the
    table row a numbered item names before it (`heading`, a regex with groups class / item / sub over
    the paragraph, normalised: the row of level `levels[-1]` named sub in `rows`' table, under the
    named 款 where names repeat), else `total`. C = B / A × 100 at C's places, A being the budget of
    B's phrase in `budgets` (phrase key -> cell) or else the last A stated; 0 % of a budget of 0 with
    a B of 0 is the family's convention (consistent, `zero_note`). description: '{name}'."""

    kind: ClassVar[str] = "execution"
    budget: str
    final: str
    ratio: str
    heading: str
    rows: Ref
    total: Ref
    budgets: tuple[tuple[str, Ref], ...]
    budget_description: str
    budget_note: str
    final_description: str  # '{name}': the row named, or the total's
    ratio_description: str
    zero_note: str
    levels: tuple[str, str] = ("款", "项")
    total_name: str = ""
    missing_note: str = "no row of the table has this name"


@declaration
class ItemLists(SectionRole):
    """A line listing items (regex `pattern`, groups: which list, the listing) against the rows of
    a table: `lists` maps the list's name to its `Rows` (name column, non-zero column).

    description: '{which}', '{column}' (the printed label of the non-zero column).
    """

    kind: ClassVar[str] = "item_lists"
    pattern: str
    lists: tuple[tuple[str, Rows], ...]
    description: str
    missing_note: str  # prefix: rows not listed
    extra_note: str  # prefix: listed but no row
    separator: str = r"[、，,]"
    unit: str = "项"


@declaration
class StatedCount(Declared):
    """A count the narrative states: the first number that group 1 of `pattern` (a regex over a
    sentence) finds in `section`; `label` is how it reads in a formula."""

    name: str
    label: str
    section: str
    pattern: str


@declaration
class Tally(Declared):
    """Counts the narrative states (`StatedCount` names): `total` = Σ `parts` + `offset`.
    `absent_zero`: a part the text does not state is 0 (the text lists the kinds present); else
    every part must be stated. description, note: free text."""

    total: str
    parts: tuple[str, ...]
    description: str
    note: str
    offset: int = 0
    offset_label: str = ""
    absent_zero: bool = False


@declaration
class StatedCounts(SectionRole):
    """Counts stated in the narrative that identities of the template relate (the bodies of a
    department by kind …). Each `Tally` whose total is stated in this section and whose parts are
    stated (or may be absent) is checked, after the section's other claims; counts are exact."""

    kind: ClassVar[str] = "stated_counts"
    counts: tuple[StatedCount, ...]
    tallies: tuple[Tally, ...]


# -- grammar -----------------------------------------------------------------------------------


@declaration
class Grammar(Declared):
    """How the narrative writes numbers, changes and shares, and the wording of generic claims."""

    units: tuple[str, ...] = ("万元", "%", "％", "个", "辆", "台（套）", "台(套)", "台", "平方米", "名", "家", "次")
    unit_aliases: tuple[tuple[str, str], ...] = (("％", "%"), ("台(套)", "台（套）"))
    amount_unit: str = "万元"
    percent_unit: str = "%"
    year_unit: str = "年"  # the unit of a stated year
    date_unit: str = "日期"  # the unit of a stated date
    date: str = r"(?<!\d)(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?"  # groups: year, month, day
    sentence_end: str = r"(?<=[。])"
    clause_break: str = r"[，,；;：:。、]"
    year_prefix: str = r"^\d{4}年度?"  # dropped from a label
    label_prefix: str = r"^(其中)[:：]?"  # dropped from a label (after the year)
    same: str = r"与(上年|\d{4}年)预算数?相同"  # a change of 0, stated without a number
    same_unit: str = "相同"
    change: str = r"比(上年|\d{4}年)(预算)?(减少|增加)"  # a label making an amount a change
    change_words: tuple[tuple[str, int], ...] = (("减少", -1), ("增加", 1))
    rate: str = "下降|增长|减少|增加"  # a label making a percentage a rate of change
    share: str = "占"  # a label starting so makes a percentage a share
    share_needs_base: bool = False  # True: a share is judged only where it names its whole ('占“三公”经费的')
    share_whole_end: str = "的"  # what closes the whole a share names
    compared: str = "比上年"  # '<subject> 比上年减少'
    rate_words: tuple[str, str] = ("下降", "增长")  # falling, rising
    rate_suffix: str = "率"
    implied_suffix: str = "（按隐含上年数）"
    budget_year: str = "预算年度"
    prior_year: str = "上年（比较年度）"
    other_year: str = "年份"
    prior_year_end: str = "截至日期 = 上年末"
    other_date: str = "日期"
    enumeration: str = "、"  # joins names in notes
    # an amount no phrase names ends the topic: the change and rate after it are its own, not the topic's
    # (a narrative that states functional lines, projects … between its totals)
    unknown_ends_topic: bool = False
    # the family's rates are computed from figures finer than it prints (元 behind 万元): a stated rate that
    # some figures printing as the stated ones give is a rounding, not a contradiction
    rate_from_exact_figures: bool = False
    number_words_may_wrap: bool = False  # a number opening a line may take its words from the previous line
    compared_year: str = ""  # regex, group 1: a year that is the base of a comparison ('比2025年预算'), the year before
    compared_year_description: str = "比较年度 = 上年"
    # -- totals and their parts (claims/parts.py) ----------------------------------------------
    # A number followed, in its sentence, by words introducing parts (or a sentence that opens with
    # them right after the one stating the total), and the numbers of the same unit after those
    # words: `parts_exhaustive` says the parts add up to the total (checked as an identity when
    # there are two or more; a single part may not exceed it), `parts_listed` that they are some of
    # it (their sum may not exceed it). A change on the prior year (the `change` and `same`
    # patterns) and a percentage are never parts; `part_excluded` (regex over a label) excludes more.
    parts_exhaustive: str = r"其中|分别为?"
    parts_listed: str = r"(?<!不)(?:主要)?包括|主要用于"
    part_excluded: str = ""
    approximate: str = r"(大?约|近|逾|超过|不足|不到)(为|是)?$"  # a total stated approximately ('约为') is not checked
    brackets: tuple[str, str] = ("（(", "）)")  # opening, closing: parts inside brackets are parts of parts
    # where the words end their sentence ('…0.95万元。其中：'), the parts are the first numbers of the
    # numbered items that follow ('（一）… （二）…'), up to a numbering of another kind
    item_numbering: str = (r"^(?:(?P<paren>[（(][一二三四五六七八九十]+[)）])|(?P<paren_digit>[（(]\d+[)）])|"
                           r"(?P<digit>\d+[、.．](?!\d))|(?P<circled>[①-⑩])|(?P<chinese>[一二三四五六七八九十]+、))")
    parts_description: str = "{total} = {parts}（所述各部分之和）"
    parts_listed_description: str = "{total} ≥ {parts}（所列部分之和）"
    part_description: str = "{total} ≥ {parts}（其中一项）"
    parts_joiner: str = " + "


# -- the vocabulary ----------------------------------------------------------------------------


@declaration
class ClaimVocabulary(Declared):
    """Phrases, the roles of the sections (numeral -> roles) and the grammar of one family."""

    phrases: tuple[Phrase, ...]
    roles: dict[str, tuple[SectionRole, ...]] = field(default_factory=dict)
    grammar: Grammar = field(default_factory=Grammar)
    place: str = "{section}"  # how a section is cited in formulas, e.g. '第三部分 {section}'

    def roles_of(self, numeral: str) -> tuple[SectionRole, ...]:
        return self.roles.get(numeral, ())
