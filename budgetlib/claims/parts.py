"""Totals and their parts, stated in one breath: '…总计3,306.81万元，其中：本年收入3,257.54万元，上年
结转49.27万元' — checked as the identity the sentence asserts, whatever the tables say.

The grammar (`Grammar.parts_exhaustive`, `parts_listed`, `part_excluded`, `item_numbering`) says
which words introduce parts; this module finds, in every sentence of a section:

* the **markers**: each occurrence of those words;
* for each marker and each unit, the **total**: the last number of that unit before the marker (and
  after the previous marker) that is no change on the prior year (`change`, `same`, `part_excluded`)
  and no percentage. A marker opening its sentence ('其中：…') takes the total from the sentence just
  before, when that one holds no marker itself (it states the total, not parts of another);
* the **parts**: the numbers of the total's unit after the marker, up to the total of the next
  marker (a second statement in the same sentence), changes and percentages left out. A marker
  ending its sentence ('…0.95万元。其中：') takes as parts the first number of each numbered item
  that follows ('（一）…（二）…'), up to a numbering of another kind.

What is claimed then depends on the words:

* exhaustive words (其中, 分别) and two or more parts: the total = Σ parts, judged with the rounding
  slack of the parts (ledger.rounding_slack; counts are exact);
* a single part after exhaustive words is not a partition ('支出预算X，其中：财政拨款支出Y'): only a
  part larger than its total is a contradiction (a mismatch); otherwise nothing is claimed;
* listing words (包括, 主要用于) need not name every part: Σ parts larger than the total (beyond the
  slack) is a mismatch, Σ parts equal to it a match, smaller `consistent`.

A total that a section role already checks against its parts (procurement, vehicles) is left to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..formula import Const, Sum
from ..ledger import CONSISTENT, MATCH, MISMATCH, ROUNDING, judge, rounding_slack
from .book import ClaimBook
from .extract import Sentence, Stated, patterns


@dataclass
class Marker:
    start: int
    end: int
    exhaustive: bool
    depth: int = 0  # inside how many brackets: '8013平方米（其中计容面积7998平方米，…）' is nested


def _depths(book: ClaimBook, text: str) -> list[int]:
    """The bracket depth at each position of the text."""
    opening, closing = book.grammar.brackets
    depth, out = 0, []
    for ch in text:
        if ch in closing:
            depth = max(depth - 1, 0)
        out.append(depth)
        if ch in opening:
            depth += 1
    return out


def _markers(book: ClaimBook, sentence: Sentence) -> list[Marker]:
    g = book.grammar
    found = [Marker(m.start(), m.end(), True) for m in re.finditer(g.parts_exhaustive, sentence.text) if m.group(0)]
    found += [Marker(m.start(), m.end(), False) for m in re.finditer(g.parts_listed, sentence.text) if m.group(0)]
    found.sort(key=lambda m: m.start)
    depths = _depths(book, sentence.text)
    out: list[Marker] = []
    for marker in found:  # overlapping words ('主要包括' inside a longer one): the first wins
        if not out or marker.start >= out[-1].end:
            marker.depth = depths[marker.start]
            out.append(marker)
    return out


def _eligible(book: ClaimBook, item: Stated) -> bool:
    """A number that may be a total or a part: not a year, a date, a 'same', a percentage or a change."""
    g = book.grammar
    if item.unit in (g.year_unit, g.date_unit, g.same_unit, g.percent_unit):
        return False
    label = book.label(item.label)
    if patterns(g).change.search(label) or patterns(g).change.search(item.label):
        return False
    return not (g.part_excluded and re.search(g.part_excluded, label))


def _opens(sentence: Sentence, marker: Marker, book: ClaimBook) -> bool:
    """Nothing but numbering, blanks and punctuation before the marker."""
    head = re.sub(book.grammar.item_numbering, "", sentence.text[:marker.start])
    return not re.sub(r"[\s\W_]", "", head)


def _closes(sentence: Sentence, marker: Marker) -> bool:
    return not re.sub(r"[\s\W_]", "", sentence.text[marker.end:])


def _last_by_unit(items: list[Stated]) -> dict[str, Stated]:
    out: dict[str, Stated] = {}
    for item in items:
        out[item.unit] = item
    return out


def _numbered_parts(book: ClaimBook, sentences: list[Sentence], index: int) -> list[Stated]:
    """The first eligible number of each numbered item after sentence `index`, while the items keep
    one kind of numbering (sentences without numbering belong to the item before them)."""
    numbering = re.compile(book.grammar.item_numbering)
    kind, out = None, []
    for sentence in sentences[index + 1:]:
        match = numbering.match(sentence.text)
        if match is None:
            if kind is None:
                return []  # the parts are not numbered items
            continue
        if kind is not None and match.lastgroup != kind:
            break
        kind = match.lastgroup
        first = next((i for i in sentence.items if _eligible(book, i)), None)
        if first is None:
            return []  # an item without a number: the list is not a list of parts
        out.append(first)
    return out


def check_parts(book: ClaimBook, sentences: list[Sentence]) -> None:
    """Record a claim for every total stated with its parts in these sentences (one section)."""
    for index, sentence in enumerate(sentences):
        markers = _markers(book, sentence)
        totals_of = []  # per marker: unit -> the total item
        for i, marker in enumerate(markers):
            after = markers[i - 1].end if i else 0
            before = [it for it in sentence.items if after <= it.position < marker.start and _eligible(book, it)]
            totals = _last_by_unit(before)
            if not totals and i == 0 and index and _opens(sentence, marker, book):
                previous = sentences[index - 1]
                if not _markers(book, previous):
                    totals = _last_by_unit([it for it in previous.items if _eligible(book, it)])
            totals_of.append(totals)
        depths = _depths(book, sentence.text)
        for i, (marker, totals) in enumerate(zip(markers, totals_of)):
            # the parts run to the next marker of the same depth (a second statement: its total is
            # no part of this one) or to the bracket closing around a nested marker; numbers inside
            # deeper brackets are parts of parts
            later = next((j for j in range(i + 1, len(markers)) if markers[j].depth <= marker.depth), None)
            end = markers[later].start if later is not None else len(sentence.text)
            end = next((p for p in range(marker.end, end) if depths[p] < marker.depth), end)
            following = {id(t) for t in totals_of[later].values()} if later is not None else set()
            region = [it for it in sentence.items if marker.end <= it.position < end and depths[it.position] ==
                      marker.depth and _eligible(book, it) and id(it) not in following]
            if not region and later is None and _closes(sentence, marker):
                region = _numbered_parts(book, sentences, index)
            for unit, total in totals.items():
                parts = [it for it in region if it.unit == unit]
                if parts and book.key(total) not in book.summed and not _approximate(book, total):
                    names = _names(book, sentence, parts)
                    _claim(book, total, parts, names, marker.exhaustive, sentence.text[marker.start:marker.end])


def _approximate(book: ClaimBook, item: Stated) -> bool:
    pattern = book.grammar.approximate
    return bool(pattern and re.search(pattern, book.label(item.label) or item.label.strip()))


def _names(book: ClaimBook, sentence: Sentence, parts: list[Stated]) -> list[str]:
    """How each part reads in the description: its label after the last marker word in it; where
    two parts read alike ('涉及金额'), with the label of the number before it ('其他运转类项目')."""
    g = book.grammar
    words = re.compile(f"{g.parts_exhaustive}|{g.parts_listed}")
    names = []
    for part in parts:
        label = book.label(part.label) or part.clause
        cut = [m.end() for m in words.finditer(label) if m.group(0)]
        rest = re.sub(f"^(?:{g.clause_break})+", "", label[cut[-1]:]) if cut else ""
        names.append(rest or label)
    if len(set(names)) < len(names):
        for i, part in enumerate(parts):
            before = [it for it in sentence.items if it.position < part.position and it.unit != part.unit]
            if before and before[-1].position > (parts[i - 1].position if i else -1):
                names[i] = f"{book.label(before[-1].label)} {names[i]}"
    return names


def _claim(book: ClaimBook, total: Stated, parts: list[Stated], names: list[str], exhaustive: bool,
           word: str) -> None:
    g = book.grammar
    book.summed.add(book.key(total))
    expr = Sum(tuple(Const(p.amount, name) for p, name in zip(parts, names)))
    fields = dict(total=book.label(total.label) or total.clause, parts=g.parts_joiner.join(names))
    tolerance = book.slack(total)
    slack = rounding_slack(expr) if tolerance is None else tolerance
    computed = expr.evaluate()
    excess = computed - total.amount  # how far the parts exceed the total
    if exhaustive and len(parts) >= 2:
        note = f"'{word}' introduces parts that make up the total: the sentence asserts total = Σ parts"
        book.add(total, g.parts_description.format(**fields), expr, digits=book.digits(total), note=note)
        return
    if exhaustive:  # one part: it may be any share of the total, but not more
        if excess > slack:
            book.add(total, g.part_description.format(**fields), expr, digits=book.digits(total), status=MISMATCH,
                     note=f"'{word}' introduces a part of the total, and this part is larger than the total")
        return
    if excess > slack:
        status = MISMATCH
    else:
        status = judge(total.amount, computed, slack)
        if status not in (MATCH, ROUNDING):
            status = CONSISTENT
    book.add(total, g.parts_listed_description.format(**fields), expr, digits=book.digits(total), status=status,
             note=f"'{word}' introduces some of the parts (the list need not be complete): Σ parts may not "
                  "exceed the total" + ("; they fall short of it, as an incomplete list may" if status == CONSISTENT
                                         else ""))
