"""The project's own reference: for every real document the tests read, each mismatch and error finding
the audit reports, judged by hand (tests/reference/<stem>.json: real or not, why, page and line).

The audit's list must equal the reviewed one, so a new false alarm or a lost real finding fails here;
`withdrawn` keeps the former false alarms (a rounding convention, a bound, a code printed without its
zero), which must stay off the list. The README prints the precision (real / reported) per document.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import budgetlib
from conftest import ROOT, SHANGHAI

REFERENCE = Path(__file__).parent / "reference"
BUNDLED = budgetlib.bundled().stem
STEMS = sorted(p.stem for p in REFERENCE.glob("*.json"))
PRECISION = 0.95  # at least this share of what the audit reports is real, on every document


def reference(stem: str) -> dict:
    return json.loads((REFERENCE / f"{stem}.json").read_text(encoding="utf-8"))


def reported(a) -> list[tuple]:
    """What the audit reports as a contradiction: mismatch rows, then error findings of the goal tables."""
    rows = [(r.kind, r.id, None if r.stated is None else str(r.stated), None if r.computed is None else str(r.computed))
            for r in (*a.checks, *a.claims) if r.status == "mismatch"]
    findings = a.goals.finding_records if a.goals is not None else []
    return rows + [("finding", f"{f.kind}:{f.line}", f.evidence, None) for f in findings if f.severity == "error"]


def precision(entries: list[dict]) -> float:
    return sum(e["real"] for e in entries) / len(entries) if entries else 1.0


@pytest.fixture(scope="module")
def audit_of(audits, a):
    return lambda stem: a if stem == BUNDLED else audits[stem]


def test_every_real_document_has_a_reviewed_reference():
    assert set(STEMS) == {p.stem for p in SHANGHAI.glob("*.pdf")} | {BUNDLED}


@pytest.mark.parametrize("stem", STEMS)
def test_the_audit_reports_exactly_the_reviewed_findings(audit_of, stem):
    entries = reference(stem)["findings"]
    assert reported(audit_of(stem)) == [(e["kind"], e["id"], e["stated"], e["computed"]) for e in entries]


@pytest.mark.parametrize("stem", STEMS)
def test_each_finding_is_judged_with_a_reason_and_a_place(stem):
    ref = reference(stem)
    for e in ref["findings"] + ref["withdrawn"]:
        assert isinstance(e["real"], bool) and len(e["why"]) > 20, e
        assert e["line"] and (e["page"] or stem == BUNDLED), e  # the bundled text has no pages
    assert precision(ref["findings"]) >= PRECISION, stem


@pytest.mark.parametrize("stem", STEMS)
def test_former_false_alarms_stay_withdrawn(audit_of, stem):
    a = audit_of(stem)
    status = {r.id: r.status for r in (*a.checks, *a.claims)}
    for e in reference(stem)["withdrawn"]:
        assert not e["real"] and status[e["id"]] in ("rounding", "within", "match"), e


def test_the_readme_prints_the_precision_of_each_document():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for stem in STEMS:
        entries = reference(stem)["findings"]
        real = sum(e["real"] for e in entries)
        shown = f"{real / len(entries):.0%}" if entries else "—"
        assert re.search(rf"\| {re.escape(stem)} \| {len(entries)} \| {real} \| {shown} \|", readme), stem
