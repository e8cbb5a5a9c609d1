"""Command line: `python -m budgetlib audit|export|reproduce` — the one argument parser.

Exit codes: 0 nothing is a mismatch; 1 something is; 2 the input cannot be read, a required part is
missing or an option is bad (one line on stderr naming the file, the part and the line).
`reproduce`: 0 every page ran (and, with --strict, nothing is a mismatch); 1 a page failed or, with
--strict, a claim or check is a mismatch — the index shows which; 2 bad input or options.
"""
from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from .audit import DEFAULT_TOLERANCE, as_tolerance, audit
from .document import load
from .errors import DisclosureError, ParameterError
from .ledger import MISMATCH
from .money import fmt
from .views.display import document_title, part_heading, tolerance_text

EXIT_OK, EXIT_MISMATCH, EXIT_INPUT = 0, 1, 2


def _prior(path: str | None) -> dict:
    """Prior-year figures from a YAML or JSON mapping {measure key: amount in 万元}."""
    if not path:
        return {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ParameterError(f"--prior {path}: cannot read ({exc.strerror})") from None
    try:
        import yaml

        data = yaml.safe_load(text)
    except Exception as exc:  # yaml.YAMLError and friends: report one line
        raise ParameterError(f"--prior {path}: not YAML/JSON ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise ParameterError(f"--prior {path}: expected a mapping of measure key -> amount")
    out = {}
    for key, value in data.items():
        try:
            out[str(key)] = Decimal(str(value))
        except Exception:
            raise ParameterError(f"--prior {path}: {key}: {value!r} is not an amount") from None
    return out


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    text = str(text)
    while _width(text) > width:
        text = text[:-2] + "…"
    return text + " " * (width - _width(text))


def print_audit(a, show_all: bool, out=None) -> None:
    out = out or sys.stdout
    d = a.disclosure
    print(f"{document_title(d)} — {d.path.name} (sha256 {d.sha256[:12]}…), tolerance {tolerance_text(a.tolerance)}",
          file=out)
    checks = a.check_frame
    print(f"\nChecks ({len(checks)} identities within and across the {len(d.tables)} tables)", file=out)
    by_table = checks.assign(group=checks["id"].str.split(".").str[0])
    for group, rows in by_table.groupby("group", sort=False):
        counts = rows["status"].value_counts()
        print(f"  {_pad(group, 8)} " + "  ".join(f"{s} {n}" for s, n in counts.items()), file=out)
    shown = checks if show_all else checks[checks["status"] != "match"]
    if len(shown):
        print(f"\n  {'' if show_all else 'not match:'}", file=out)
        for r in shown.itertuples():
            print(f"  {r.mark} {_pad(r.id, 34)} {_pad(r.description, 56)} {fmt(r.stated):>10} "
                  f"{fmt(r.computed):>10} {r.status}", file=out)
    claims = a.claim_frame
    narrative = part_heading(d, d.template.layout.narrative_part, "the narrative")
    print(f"\nClaims ({len(claims)} numbers stated in {narrative})", file=out)
    for r in claims.itertuples():
        brief = r.note.split("\n")[0].split(". ")[0][:120]  # the full reasoning is in --json and the notebooks
        note = f"  [{brief}]" if r.status != "match" and r.note else ""
        print(f"  {r.mark} {_pad(r.id, 7)} {_pad(r.description, 44)} {_pad(r.stated_text, 12)} "
              f"{_pad(fmt(r.computed), 10)} {r.status}{note}", file=out)
    findings = a.findings
    if findings is not None and len(findings):
        counts = findings["severity"].value_counts()
        print(f"\nFindings in the {len(a.projects)} performance-goal tables (绩效目标表): {len(findings)} — "
              + ", ".join(f"{n} {s}" for s, n in counts.items()), file=out)
        for r in findings[findings["severity"] == "error"].itertuples():
            print(f"  ✗ line {r.line}: {r.project} — {r.message}", file=out)
    summary = a.summary()
    line = "; ".join(f"{kind}: " + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
                     for kind, counts in summary.items())
    print(f"\nSummary — {line}", file=out)


def cmd_audit(args) -> int:
    a = audit(load(args.path), args.tolerance, _prior(args.prior))
    if args.json:
        from .export import audit_document

        json.dump(audit_document(a), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_audit(a, args.all)
    statuses = set(a.check_frame["status"]) | set(a.claim_frame["status"])
    return EXIT_MISMATCH if MISMATCH in statuses else EXIT_OK


def cmd_export(args) -> int:
    from .export import write_export

    a = audit(load(args.path), args.tolerance, _prior(args.prior))
    d = a.disclosure
    out = Path(args.out) if args.out else Path("outputs") / d.slug / "data"
    write_export(a, out)
    print(f"wrote {out}")
    if args.xlsx:
        from .workbook import write_workbook

        print(f"wrote {write_workbook(a, out.parent if args.out is None else out)}")
    return EXIT_OK


def cmd_reproduce(args) -> int:
    from .reproduce import reproduce

    result = reproduce(
        source=args.source, out=args.out, jobs=args.jobs, params_file=args.params, hide_code=args.hide_code,
        strict=args.strict, fresh_kernels=args.fresh_kernels, progress=not args.quiet,
    )
    ok = len(result.outcomes) - len(result.failed)
    counts = "; ".join(f"{kind}: " + ", ".join(f"{n} {s}" for s, n in c.items() if n)
                       for kind, c in result.summary.items())
    print(f"wrote {result.index} — {ok}/{len(result.outcomes)} notebooks ran, {result.seconds:.1f}s; {counts}")
    for outcome in result.failed:
        print(f"budgetlib: {outcome.notebook}: {outcome.error}", file=sys.stderr)
    if result.strict and result.mismatches:
        print(f"budgetlib: strict: {result.mismatches} mismatch(es); see {result.index}", file=sys.stderr)
    return result.exit_code


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=None, help="disclosure text (default: the bundled one)")
    parser.add_argument("--tolerance", default=str(DEFAULT_TOLERANCE),
                        help="largest difference reported as 'rounding' (尾差), in 万元 / percentage points")
    parser.add_argument("--prior", help="YAML/JSON file of prior-year figures {measure key: amount}")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit 2, like every other input problem
        raise ParameterError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m budgetlib", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    audit = sub.add_parser("audit", help="check every identity and every stated number")
    _add_common(audit)
    audit.add_argument("--json", action="store_true", help="one JSON object on stdout")
    audit.add_argument("--all", action="store_true", help="list every check, not only those that do not match")
    audit.set_defaults(run=cmd_audit)
    export = sub.add_parser("export", help="tables and ledgers as CSV + datapackage.json")
    _add_common(export)
    export.add_argument("--out", help="output folder (default outputs/<unit>-<year>/data)")
    export.add_argument("--xlsx", action="store_true", help="also write the auditor's workbook audit.xlsx")
    export.set_defaults(run=cmd_export)
    rep = sub.add_parser("reproduce", help="run the overview and one page per section, render them, write "
                                           "the ledgers, workbook and index")
    rep.add_argument("--source", metavar="PATH", help="disclosure text (default: the bundled one)")
    rep.add_argument("--out", metavar="DIR", default="outputs",
                     help="output folder; pages go to DIR/<unit>-<year>/ (default: outputs)")
    rep.add_argument("-j", "--jobs", metavar="N", type=int, default=2,
                     help="notebooks run in parallel (worker processes, one kernel each; default 2)")
    rep.add_argument("--params", metavar="FILE",
                     help="YAML file of notebook parameters (source, tolerance, strict, prior_year)")
    rep.add_argument("--hide-code", action="store_true", help="HTML pages without the code cells")
    rep.add_argument("--strict", action="store_true",
                     help="exit 1 when any claim or check is a mismatch (the notebooks raise at the end)")
    rep.add_argument("--fresh-kernels", action="store_true",
                     help="a new kernel for every notebook (slower; as nbval runs them)")
    rep.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    rep.set_defaults(run=cmd_reproduce)
    return parser


def main(argv=None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if hasattr(args, "tolerance"):
            args.tolerance = as_tolerance(args.tolerance)
        return args.run(args)
    except (DisclosureError, ParameterError) as exc:
        print(f"budgetlib: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
