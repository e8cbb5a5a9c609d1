"""Tampering, one printed number at a time: does the audit catch it?

Every number the disclosure prints in its budget tables (each non-blank amount cell) and in its
narrative sections (each number with a unit: amounts, percentages, counts …; years, dates and
'same as last year' are not numbers here) is changed by one unit of what it prints — +1.00 万元,
+1 元, +1 percentage point, +1 for a count — keeping its printed places and thousands separators
(1,349.29 → 1,350.29; 0 → 1; 12,604,173 → 12,604,174). The tampered text is loaded and audited
again; the change is *caught* when the audit has a mismatch it did not have before (a new
mismatch row, or a mismatch row whose stated or computed figure moved).

    numbers = printed_numbers(d)              # where each number stands in the text
    outcome = tamper_one(text, numbers[0])    # one tampered copy, audited
    report = tamper_all(path, jobs=2)         # all of them (multiprocessing)

`python -m budgetlib tamper X.txt|X.pdf [-j 2] [--sample N]` prints the caught share and the
numbers not caught. Generic: it reads the table schemas and the narrative grammar of the
document's template, and knows no template.
"""
from __future__ import annotations

import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .errors import DisclosureError

ONE = Decimal(1)


@dataclass(frozen=True)
class Printed:
    """One printed number and where it stands: `line` (1-based, in the text) and `start`, the
    character offset of its first digit in that line."""

    kind: str  # 'table' or 'narrative'
    where: str  # the table id, or the section key
    line: int
    start: int
    text: str  # as printed, e.g. '2,186.09'
    unit: str  # the table's amount unit, or the unit the text states
    label: str  # the column and row, or the words before the number
    paragraph: int = 0  # narrative: the line its claims cite (the first line of a rejoined paragraph)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.where}:{self.line}:{self.start}:{self.text}"


def bumped(text: str) -> str:
    """The printed number plus one unit of what it prints, with its places and separators."""
    digits = text.replace(",", "")
    places = len(digits.split(".")[1]) if "." in digits else 0
    new = Decimal(digits) + ONE
    formatted = f"{new:,.{places}f}" if "," in text else f"{new:.{places}f}"
    return formatted


# -- where the numbers stand ---------------------------------------------------------------------

def _table_numbers(d) -> list[Printed]:
    schemas = {s.id: s for s in d.template.schemas}
    by_no = {line.no: line for line in d.source.lines}
    out = []
    for table_id, table in d.tables.items():
        schema = schemas[table_id]
        for no in sorted({int(r["line"]) for r in table.rows}):
            text = by_no[no].text
            offset = 0
            for column, cell in zip(schema.columns, text.split("\t")):
                stripped = cell.strip()
                start = offset + len(cell) - len(cell.lstrip())
                offset += len(cell) + 1
                if column.kind != "amount" or not stripped or not _is_number(stripped):
                    continue
                out.append(Printed("table", table_id, no, start, stripped, table.amount_unit,
                                   f"{table.numeral} {column.label}"))
    return out


def _is_number(text: str) -> bool:
    try:
        Decimal(text.replace(",", ""))
    except Exception:
        return False
    return text.replace(",", "").replace(".", "").isdigit()


def _pieces(paragraph: str, first: int, lines) -> list[tuple[int, int, int]]:
    """(source line number, offset of that line's stripped text in the stripped paragraph, its
    leading blanks) for the source lines a (possibly rejoined) paragraph is made of."""
    index = next(i for i, l in enumerate(lines) if l.no == first)
    out, position = [], 0
    while position < len(paragraph) and index < len(lines):
        line = lines[index]
        stripped = line.text.strip()
        if stripped and paragraph.startswith(stripped, position):
            out.append((line.no, position, len(line.text) - len(line.text.lstrip())))
            position += len(stripped)
        index += 1
    return out


def _narrative_numbers(d) -> list[Printed]:
    from .claims.extract import extract

    vocabulary = d.template.claims
    if vocabulary is None:
        return []
    g = vocabulary.grammar
    skip = {g.year_unit, g.date_unit, g.same_unit}
    lines = d.source.lines
    out = []
    for key, section in d.sections.items():
        paragraphs = {l.no: l.text.strip() for l in section.lines}
        for sentence in extract(section, g):
            pieces = _pieces(paragraphs[sentence.line], sentence.line, lines)
            for item in sentence.items:
                if item.unit in skip:
                    continue
                at = sentence.offset + item.position
                no, begin, lead = max((p for p in pieces if p[1] <= at), key=lambda p: p[1])
                start = at - begin + lead
                raw = next(l.text for l in lines if l.no == no)
                if raw[start:start + len(item.text)] != item.text:  # a number wrapped over two lines
                    continue
                out.append(Printed("narrative", key, no, start, item.text, item.unit, item.label.strip(), sentence.line))
    return out


def printed_numbers(d) -> list[Printed]:
    """Every number of the tables and of the narrative, in the order of the text."""
    return sorted(_table_numbers(d) + _narrative_numbers(d), key=lambda p: (p.line, p.start))


# -- tampering -----------------------------------------------------------------------------------

def tampered_text(text: str, p: Printed) -> str:
    """`text` (the document's text, '\\n' line ends) with the number `p` bumped."""
    lines = text.split("\n")
    line = lines[p.line - 1]
    if line[p.start:p.start + len(p.text)] != p.text:
        raise ValueError(f"{p.key}: not at line {p.line}, offset {p.start}")
    lines[p.line - 1] = line[:p.start] + bumped(p.text) + line[p.start + len(p.text):]
    return "\n".join(lines)


def _signatures(a) -> set[tuple]:
    return {(r.kind, r.id, r.stated, r.computed) for r in (*a.checks, *a.claims) if r.status == "mismatch"}


@dataclass
class Outcome:
    number: Printed
    caught: bool
    rejected: str = ""  # the tampered copy could not be loaded (an input error, not a mismatch)
    mismatches: list[str] = field(default_factory=list)  # ids of the new mismatches
    own: str = ""  # the status of the narrative claim that states the number (tampered audit)
    changed: list[str] = field(default_factory=list)  # 'id: old → new' of rows whose status changed


def _audit_text(text: str, workdir: str):
    import budgetlib

    path = Path(workdir) / "tampered.txt"
    path.write_text(text, encoding="utf-8")
    return budgetlib.audit(budgetlib.load(path))


def tamper_one(text: str, p: Printed, original=None, workdir: str | None = None) -> Outcome:
    """Audit the text with `p` bumped; compare with `original` (the audit of the text as is)."""
    with tempfile.TemporaryDirectory() as scratch:
        workdir = workdir or scratch
        if original is None:
            original = _audit_text(text, workdir)
        try:
            tampered = _audit_text(tampered_text(text, p), workdir)
        except DisclosureError as exc:
            return Outcome(p, False, rejected=str(exc).splitlines()[0])
    new = _signatures(tampered) - _signatures(original)
    before = {(r.kind, r.id): r.status for r in (*original.checks, *original.claims)}
    changed = [f"{i}: {before.get((k, i), '—')} → {r.status}" for r in (*tampered.checks, *tampered.claims)
               for k, i in [(r.kind, r.id)] if before.get((k, i)) != r.status]
    own = next((r.status for r in tampered.claims if p.kind == "narrative" and r.line == p.paragraph
                and r.stated_text == bumped(p.text)), "")
    return Outcome(p, bool(new), mismatches=sorted({s[1] for s in new}), own=own, changed=changed)


# -- a whole document ----------------------------------------------------------------------------

_STATE: dict = {}


def _init(text: str) -> None:
    _STATE["text"] = text
    _STATE["dir"] = tempfile.mkdtemp(prefix="tamper-")
    _STATE["original"] = _audit_text(text, _STATE["dir"])


def _work(p: Printed) -> Outcome:
    return tamper_one(_STATE["text"], p, _STATE["original"], _STATE["dir"])


def document_text(path) -> str:
    """The text a document is read from: the file's text, or the text extracted from a PDF."""
    from .source import text_of

    path = Path(path)
    text, _ = text_of(path, path.read_bytes())
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Report:
    name: str
    outcomes: list[Outcome]
    seconds: float
    population: int  # how many numbers the document prints (the outcomes may be a sample)

    @property
    def caught(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.caught]

    @property
    def uncaught(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.caught]

    @property
    def share(self) -> float:
        return len(self.caught) / len(self.outcomes) if self.outcomes else 1.0

    def lines(self) -> list[str]:
        statuses = Counter(o.own or ("rejected" if o.rejected else "-") for o in self.uncaught)
        out = [f"{self.name}: {len(self.outcomes)} of {self.population} numbers tampered, "
               f"{len(self.caught)} caught ({self.share:.1%}), {len(self.uncaught)} not "
               f"{dict(statuses)} in {self.seconds:.1f} s"]
        for o in self.uncaught:
            p = o.number
            out.append(f"  {p.kind} {p.where} line {p.line}: {p.text} {p.unit} ({p.label}) → {bumped(p.text)}: "
                       f"own={o.own or '-'}; changed: {', '.join(o.changed) or 'nothing'}"
                       + (f"; rejected: {o.rejected}" if o.rejected else ""))
        return out


def tamper_all(path, jobs: int = 2, sample: int | None = None, seed: int = 0) -> Report:
    """Tamper every printed number of the document at `path` (or a deterministic sample of
    `sample` of them), one at a time, in `jobs` processes."""
    import budgetlib

    start = time.perf_counter()
    text = document_text(path)
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "original.txt"
        copy.write_text(text, encoding="utf-8")
        numbers = printed_numbers(budgetlib.load(copy))
    chosen = numbers if sample is None or sample >= len(numbers) else sorted(
        random.Random(seed).sample(numbers, sample), key=lambda p: (p.line, p.start))
    if jobs > 1:
        import multiprocessing

        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with context.Pool(jobs, initializer=_init, initargs=(text,)) as pool:
            outcomes = pool.map(_work, chosen, chunksize=8)
    else:
        _init(text)
        outcomes = [_work(p) for p in chosen]
    return Report(Path(path).stem, outcomes, time.perf_counter() - start, len(numbers))
