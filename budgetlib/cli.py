"""Command line: `budgetlib audit|export|reproduce|extract|tamper` (the console script) or
`python -m budgetlib …` — the one argument parser; usage names the one that was run.

Exit codes: 0 nothing is a problem at or above --fail-on (default: error findings and mismatches); 1 something is; 2 the input cannot be read, a required part is
missing or an option is bad (one line on stderr naming the file, the part and the line).
`reproduce`: 0 every page ran (and, with --strict, nothing is a mismatch); 1 a page failed or, with
--strict, a claim or check is a mismatch — the index shows which; 2 bad input or options.
"""
from __future__ import annotations

import argparse
import glob
import json
import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

from .audit import DEFAULT_FAIL_ON, DEFAULT_TOLERANCE, FAIL_ON, as_tolerance, audit
from .document import bundled, load
from .errors import DisclosureError, ParameterError
from .money import HALF_UP
from .params import read_mapping
from .labels import document_title, part_heading, text, tolerance_text
from .terminal import fitted, pad, shortened, terminal_width, wrap
from .terminal import width as text_width

EXIT_OK, EXIT_MISMATCH, EXIT_INPUT = 0, 1, 2
EXIT_CODES = """exit codes:
  0  audit: no problem at or above --fail-on; reproduce: every page ran (and, with --strict, no mismatch);
     export, extract: the files were written; tamper: the report was printed
  1  audit: a mismatch, or (--fail-on error, the default) an error finding, or (--fail-on warning) a warning;
     reproduce: a page failed, or with --strict a claim or check is a mismatch (the index shows which)
  2  the input cannot be read, a required part is missing, or an option is bad (one line on stderr);
     audit --out: some document was refused (its one-line reason on stderr and in documents.csv)
  3  audit --out: budgetlib failed on some document (a bug; the reason names the exception)"""


def _prior(path: str | None) -> dict:
    """Prior-year figures from a YAML or JSON mapping {measure key: amount in 万元}; audit() checks the
    keys against the template's vocabulary and the amounts (budgetlib.audit.as_prior)."""
    return read_mapping(path, "--prior") if path else {}


def number(value) -> str:
    """One format for every figure: thousands separated, the places as printed (3,306.81; 42.50)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str):
        try:
            value = Decimal(value.replace(",", ""))
        except Exception:
            return value
    if isinstance(value, Decimal):
        return f"{value:,f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _row(width: int, mark: str, ident: str, id_width: int, description: str, figures: list[str],
         figure_width: int, status: str) -> list[str]:
    """mark, id, description, figures right-aligned, status; a long description wraps in its column
    (whole words, numbers and formula terms: budgetlib.terminal.wrap), the figures stay on the first line.
    An id wider than its column has a line of its own."""
    if text_width(ident) > id_width:
        return [f"{mark} {ident}"] + _row(width, " ", "", id_width, description, figures, figure_width, status)
    fixed = 2 + id_width + 1 + len(figures) * (figure_width + 1) + 1 + 12
    room = max(16, width - fixed)
    cells = " ".join(pad(f, figure_width, right=True) for f in figures)
    described = wrap(description, room)
    lines = [f"{mark} {pad(ident, id_width)} {pad(described[0], room)} {cells} {status}".rstrip()]
    return lines + [" " * (2 + id_width + 1) + more for more in described[1:]]


def _numbers_in(text: str) -> str:
    """The amounts inside a note in the one format of the figures (1234.5 -> 1,234.5)."""
    return re.sub(r"(?<![\d.,])(\d{4,}\.\d+)(?![\d])", lambda m: number(m.group(1)), str(text))


def _wrapped(text: str, indent: int, width: int, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines of `width` display columns, indented (' …' when shortened)."""
    columns = width - indent
    return [" " * indent + line for line in shortened(wrap(_numbers_in(text), columns), lines, columns)]


def _figure_width(values) -> int:
    return max([12] + [text_width(number(v)) for v in values])


def print_audit(a, show_all: bool, out=None, width: int | None = None, fail_on: str = DEFAULT_FAIL_ON) -> None:
    out = out or sys.stdout
    width = width or terminal_width()
    d = a.disclosure
    print(f"{document_title(d)} [{d.kind}] — {d.source.name} (sha256 {d.sha256[:12]}…), tolerance {tolerance_text(a.tolerance)}",
          file=out)
    for remark in d.remarks:  # read, not refused: how the document differs from its family's declaration
        print(f"warning: {remark}", file=out)
    if a.prevailing_convention:
        print(f"Rounding convention: {a.prevailing_convention} ("
              + ", ".join(f"{n} {name}" for name, n in a.rounding_conventions.items() if n) + " figures)", file=out)
    checks, claims = a.checks, a.claims
    print(f"\nChecks ({len(checks)} identities within and across the {len(d.tables)} tables)", file=out)
    by_table: dict[str, Counter] = {}
    for r in checks:
        by_table.setdefault(r.id.split(".")[0], Counter())[r.status] += 1
    for group, counts in by_table.items():
        print(f"  {pad(group, 8)} " + "  ".join(f"{s} {n}" for s, n in counts.most_common()), file=out)
    shown = checks if show_all else [r for r in checks if r.status != "match"]
    if shown:
        id_width = min(34, max(text_width(r.id) for r in shown))
        figure_width = _figure_width(v for r in shown for v in (r.stated, r.computed))
        print(f"\n  {'' if show_all else 'not match:'}", file=out)
        print(*_row(width, " ", "id", id_width, "description", ["stated", "computed"], figure_width, "status"),
              sep="\n", file=out)
        for r in shown:
            print(*_row(width, r.mark, r.id, id_width, r.description, [number(r.stated), number(r.computed)],
                        figure_width, r.status), sep="\n", file=out)
            if r.relation != "=" or not r.extra.get("convention", HALF_UP).startswith(HALF_UP):  # why: bound, convention
                for line in _wrapped(r.note, 4 + id_width, width, lines=2):
                    print(line, file=out)
    narrative = part_heading(d, d.template.layout.narrative_part, "the narrative")
    print(f"\nClaims ({len(claims)} numbers stated in {narrative}; ids read section#number)", file=out)
    id_width = max([4] + [text_width(r.id) for r in claims])
    figure_width = _figure_width(v for r in claims for v in (r.stated_text, r.computed))
    print(*_row(width, " ", "id", id_width, "description", ["stated", "computed"], figure_width, "status"),
          sep="\n", file=out)
    for r in claims:
        plain = r.unit in ("年", "日期")  # a year or a date is not an amount: no thousands separator
        figures = [r.stated_text, text(r.computed)] if plain else [number(r.stated_text), number(r.computed)]
        print(*_row(width, r.mark, r.id, id_width, r.description, figures, figure_width, r.status), sep="\n",
              file=out)
        if r.status not in ("match", "consistent") and r.note:  # the full reasoning: --json and the pages
            for line in _wrapped(r.note, 4 + id_width, width, lines=2):
                print(line, file=out)
    goals = a.goals
    if goals is not None and goals.finding_records:
        counts = a.finding_counts()
        print(f"\nFindings in the {len(goals.project_records)} performance-goal tables (绩效目标表): "
              f"{len(goals.finding_records)} — " + ", ".join(f"{n} {s}" for s, n in counts.items()), file=out)
        for f in (f for f in goals.finding_records if f.severity == "error"):
            for i, line in enumerate(_wrapped(f"line {f.line}: {f.project} — {f.message}", 4, width, lines=3)):
                print(("  ✗ " + line[4:]) if i == 0 else line, file=out)
    parts = summary_parts(a.summary(), a.problems(fail_on), fail_on, findings=goals is not None)
    print("\nSummary — " + "\n          ".join(fitted(parts, width - 11)), file=out)


def summary_parts(summary: dict, problems: int, fail_on: str = DEFAULT_FAIL_ON, findings: bool = True) -> list[str]:
    """Audit.summary() as the command line prints it: 'checks: 402 match, 10 rounding', …; the
    findings (every severity, zeros too) unless `findings` is False (no goal tables); then how many
    problems fail the audit at `fail_on` (Audit.problems), as the exit code says."""
    parts = [f"{kind}: " + ", ".join(f"{n} {s}" for s, n in counts.items() if n or kind == "findings")
             for kind, counts in summary.items() if kind != "findings" or findings]
    parts.append(f"{problems} problem(s) at --fail-on {fail_on} (exit 1)" if problems else
                 f"no problem at --fail-on {fail_on}")
    return parts


def exit_code(a, fail_on: str = DEFAULT_FAIL_ON) -> int:
    """1 when the audit has a problem at or above `fail_on` (Audit.problems): mismatch (a check or
    claim), error (also an error finding of the goal tables), warning (also a warning finding)."""
    return EXIT_MISMATCH if a.problems(fail_on) else EXIT_OK


def _one_disclosure(args):
    """The disclosure the arguments name: one file, the bundled one, or with --as-one several files of
    one disclosure (narrative and tables published apart)."""
    if args.as_one:
        if len(args.path) < 2:
            raise ParameterError("--as-one reads the files of one disclosure: give two or more")
        return load(list(args.path))
    if len(args.path) > 1:
        raise ParameterError("several paths: add --as-one (the files of one disclosure) or --out DIR (a corpus)")
    return load(args.path[0] if args.path else None)


def cmd_audit(args) -> int:
    if args.out is not None and args.as_one:
        raise ParameterError("--as-one reads one disclosure; --out is for a corpus of many")
    if args.out is not None:  # a corpus: every file, folder and pattern into DIR, one Parquet + CSV table per kind
        if args.json or args.all or args.prior or args.prior_disclosure or args.budget:
            raise ParameterError("--json, --all, --prior, --prior-disclosure and --budget are for one document, "
                                 "not --out")
        from .corpus import run

        return run(args.path or [bundled()], args.out, jobs=args.jobs, scheduler=args.scheduler,
                   tolerance=args.tolerance, progress=not args.quiet, fail_on=args.fail_on)
    if args.scheduler or args.jobs is not None:
        raise ParameterError("--scheduler and -j are for a corpus run: add --out DIR")
    for path in args.path:
        if Path(path).is_dir() or glob.has_magic(path):
            raise ParameterError(f"{path}: a folder or pattern is a corpus: add --out DIR")
    d = _one_disclosure(args)
    budget = _execution(d, args.budget) if args.budget else None  # refused before the audit runs
    a = audit(d, args.tolerance, _prior(args.prior), **_prior_disclosure(args))
    if args.json:
        from .export import audit_document

        document = audit_document(a, args.fail_on)
        if budget is not None:
            from .execution import execution_document

            document["execution"] = execution_document(*budget)
        # dumps, not dump: dump encodes in Python and writes each token (tens of thousands of writes)
        sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
    else:
        print_audit(a, args.all, fail_on=args.fail_on)
        if budget is not None:
            print_execution(*budget)
    return exit_code(a, args.fail_on)


def _execution(final, path: str):
    """The final account's execution of its budget (FILE): (rows, the budget's file name)."""
    from .execution import execution

    budget = load(path)
    return execution(final, budget), budget.source.name


def print_execution(rows, budget_name: str, out=None) -> None:
    out = out or sys.stdout
    print(f"\nExecution (决算 ÷ 预算, 万元; budget {budget_name})", file=out)
    for r in rows:
        ratio = "—" if r.ratio is None else f"{r.ratio}%"
        what = " ".join(p for p in (r.table, r.row, r.column) if p)
        print(f"  {what:<40} {number(r.final or 0):>12} / {number(r.budget) if r.budget is not None else '—':>12}"
              f"  {ratio:>8}  line {r.line}", file=out)


def _prior_disclosure(args) -> dict:
    """audit(..., prior_disclosure=load(FILE)) when --prior-disclosure FILE is given."""
    path = getattr(args, "prior_disclosure", None)
    return {"prior_disclosure": load(path)} if path else {}


def cmd_tamper(args) -> int:
    from .tamper import tamper_all

    if args.jobs < 1:
        raise ParameterError(f"-j/--jobs: {args.jobs} must be a whole number ≥ 1")
    for path in args.paths:
        print("\n".join(tamper_all(path, args.jobs, args.sample).lines()))
    return EXIT_OK


def cmd_extract(args) -> int:
    from .pdf import extract

    text = extract(args.pdf, args.output)
    if args.output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    return EXIT_OK


def cmd_export(args) -> int:
    from .export import write_export

    if args.budget and not args.xlsx:
        raise ParameterError("--budget adds the execution sheet to the workbook: add --xlsx")
    d = _one_disclosure(args)
    budget = _execution(d, args.budget) if args.budget else None  # refused before the audit runs
    a = audit(d, args.tolerance, _prior(args.prior), **_prior_disclosure(args))
    out = Path(args.out) if args.out else Path("outputs") / d.slug / "data"
    write_export(a, out)
    print(f"wrote {out}")
    if args.xlsx:
        from .workbook import write_workbook

        print(f"wrote {write_workbook(a, out.parent if args.out is None else out, execution=budget)}")
    return EXIT_OK


def cmd_reproduce(args) -> int:
    from .reproduce import reproduce

    sources = args.source or []
    if args.as_one and len(sources) < 2:
        raise ParameterError("--as-one reads the files of one disclosure: give two or more --source paths")
    if len(sources) > 1 and not args.as_one:
        raise ParameterError("several --source paths: add --as-one (the files of one disclosure)")
    source = sources if len(sources) > 1 else (sources[0] if sources else None)
    result = reproduce(
        source=source, out=args.out, jobs=args.jobs, params_file=args.params, hide_code=not args.show_code,
        strict=args.strict, fresh_kernels=args.fresh_kernels, progress=not args.quiet,
        prior_disclosure=args.prior_disclosure,
    )
    ok = len(result.outcomes) - len(result.failed)
    counts = "; ".join(summary_parts(result.summary, result.problems)[:-1]) + (  # its exit code is the pages'
        f"; {result.problems} problem(s) (mismatches and error findings: the top of the index)" if result.problems
        else "; no mismatch and no error finding")
    strict = len(result.failed_strict)
    broken = len(result.failed) - strict
    print(f"wrote {result.index} — {len(result.outcomes)} notebooks: {ok} ran clean, {strict} failed strict "
          f"(a mismatch), {broken} failed otherwise; {result.seconds:.1f}s; {counts}")
    for outcome in result.failed:
        print(f"budgetlib: {outcome.notebook}: {outcome.error}", file=sys.stderr)
    if result.strict and result.mismatches:
        print(f"budgetlib: strict: {result.mismatches} mismatch(es); see {result.index}", file=sys.stderr)
    return result.exit_code


def _add_common(parser: argparse.ArgumentParser, corpus: bool = False) -> None:
    if corpus:  # audit: with --out, a corpus
        parser.add_argument("path", nargs="*", help="disclosure (.txt/.pdf; default: the bundled one); with --out, "
                                                    "any number of files, folders (their *.txt, *.pdf) and globs")
    else:
        parser.add_argument("path", nargs="*", help="disclosure (.txt/.pdf; default: the bundled one)")
    parser.add_argument("--as-one", action="store_true",
                        help="the paths are the files of one disclosure published apart (narrative and tables), "
                             "read as one document in the order given")
    parser.add_argument("--tolerance", default=str(DEFAULT_TOLERANCE),
                        help="'auto' (default): the rounding slack (尾差) follows from the printed places of the "
                             "figures compared; a number X: that slack for every comparison")
    parser.add_argument("--prior", metavar="FILE", help="YAML/JSON file of prior-year figures {measure key: amount}")
    parser.add_argument("--prior-disclosure", metavar="FILE",
                        help="last year's disclosure of the same unit (.txt/.pdf): the prior-year figures are read "
                             "from it (--prior wins where both give one)")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit 2, like every other input problem
        raise ParameterError(message)


def build_parser(prog: str = "budgetlib") -> argparse.ArgumentParser:
    """The parser of every subcommand; `prog` is how the user ran it (usage and --help show it)."""
    parser = _Parser(prog=prog, epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    audit = sub.add_parser("audit", help="check every identity and every stated number", epilog=EXIT_CODES,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_common(audit, corpus=True)
    audit.add_argument("--budget", metavar="FILE",
                       help="a final account (决算): the same unit's budget (预算) of its year, to print the execution "
                            "ratios (决算 ÷ 预算) by functional class, 基本支出 / 项目支出 and 三公 item (with --json: "
                            "its \"execution\" member)")
    audit.add_argument("--out", metavar="DIR",
                       help="corpus run: one Parquet + CSV table per kind (documents, rows, checks, claims, findings, "
                            "measures, amounts) in DIR; a rerun resumes")
    audit.add_argument("--scheduler", metavar="ADDRESS",
                       help="corpus run on an existing Dask cluster (tcp://host:8786); default: local processes")
    audit.add_argument("-j", "--jobs", metavar="N", type=int, help="corpus run: worker processes (default: all cores)")
    audit.add_argument("-q", "--quiet", action="store_true", help="corpus run: no progress bar")
    audit.add_argument("--json", action="store_true", help="one JSON object on stdout")
    audit.add_argument("--all", action="store_true", help="list every check, not only those that do not match")
    audit.add_argument("--fail-on", choices=FAIL_ON, default=DEFAULT_FAIL_ON,
                       help="the least problem that gives exit 1: 'mismatch' (a check or claim), 'error' (also an "
                            "error finding of the performance-goal tables, e.g. 项目概况 80万元 vs table 200万元 — "
                            "as much a contradiction in the document as a mismatch; the default) or 'warning'")
    audit.set_defaults(run=cmd_audit)
    export = sub.add_parser("export", help="tables and ledgers as CSV + datapackage.json")
    _add_common(export)
    export.add_argument("--out", help="output folder (default outputs/<unit>-<year>/data)")
    export.add_argument("--xlsx", action="store_true", help="also write the auditor's workbook audit.xlsx")
    export.add_argument("--budget", metavar="FILE",
                        help="a final account (决算): the same unit's budget (预算) of its year; the workbook (--xlsx) "
                             "gets an execution sheet (决算 ÷ 预算 by class, 基本支出 / 项目支出 and 三公 item)")
    export.set_defaults(run=cmd_export)
    rep = sub.add_parser("reproduce", help="run the overview and one page per section, render them, write "
                                           "the ledgers, workbook and index", epilog=EXIT_CODES,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    rep.add_argument("--source", metavar="PATH", nargs="+",
                     help="disclosure (.txt/.pdf; default: the bundled one); with --as-one, the files of one "
                          "disclosure")
    rep.add_argument("--as-one", action="store_true",
                     help="the --source paths are the files of one disclosure published apart (narrative and tables), "
                          "read as one document in the order given")
    rep.add_argument("--prior-disclosure", metavar="FILE",
                     help="last year's disclosure of the same unit: the prior-year figures are read from it")
    rep.add_argument("--out", metavar="DIR", default="outputs",
                     help="output folder; pages go to DIR/<unit>-<year>/ (default: outputs)")
    rep.add_argument("-j", "--jobs", metavar="N", type=int, default=2,
                     help="notebooks run in parallel (worker processes, one kernel each; default 2)")
    rep.add_argument("--params", metavar="FILE",
                     help="YAML file of notebook parameters (source, tolerance, strict, prior_year)")
    rep.add_argument("--show-code", action="store_true",
                     help="HTML pages with the code cells (by default a page shows its results, title and problems "
                          "first, and no code; the notebooks written next to the pages keep the code)")
    rep.add_argument("--hide-code", action="store_true", help=argparse.SUPPRESS)  # the default now; still accepted
    rep.add_argument("--strict", action="store_true",
                     help="exit 1 when any claim or check is a mismatch (the notebooks raise at the end)")
    rep.add_argument("--fresh-kernels", action="store_true",
                     help="a new kernel for every notebook (slower; as nbval runs them)")
    rep.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    rep.set_defaults(run=cmd_reproduce)
    ext = sub.add_parser("extract", help="the text of a disclosure PDF (tables as tab-separated rows)",
                         epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ext.add_argument("pdf", help="the PDF file")
    ext.add_argument("-o", "--output", metavar="X.txt", help="write the text here (UTF-8) instead of stdout")
    ext.set_defaults(run=cmd_extract)
    tam = sub.add_parser("tamper", help="change each printed number by one unit; report what the audit misses",
                         epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    tam.add_argument("paths", nargs="+", help="disclosures (.txt or .pdf)")
    tam.add_argument("-j", "--jobs", type=int, default=2, help="worker processes (default 2)")
    tam.add_argument("--sample", type=int, default=None, help="a deterministic sample of this many numbers")
    tam.set_defaults(run=cmd_tamper)
    parser.description = ("A Chinese budget disclosure (预算公开) checked number by number. "
                          f"Commands: {', '.join(sub.choices)} (`{prog} COMMAND --help`).")
    return parser


def main(argv=None, prog: str = "budgetlib") -> int:
    """The console script `budgetlib`; `python -m budgetlib` passes its own prog."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser(prog).parse_args(argv)
        if hasattr(args, "tolerance"):
            args.tolerance = as_tolerance(args.tolerance)
        return args.run(args)
    except (DisclosureError, ParameterError) as exc:
        print(f"budgetlib: error: {exc}", file=sys.stderr)
        if "--json" in argv:  # a program reading stdout gets the error too
            json.dump({"error": str(exc)}, sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
