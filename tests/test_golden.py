"""The bundled audit equals its golden copy (taken before the pipeline/template refactor), value for
value and status for status: moving the layout into a template declaration changed nothing."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from budgetlib.export import audit_document

GOLDEN = Path(__file__).parent / "golden" / "jincheng-2026-audit.json"
COMPARED = {
    "checks": ("id", "status", "stated", "computed", "difference", "line", "formula", "description"),
    "claims": ("id", "status", "stated", "computed", "difference", "line", "stated_text", "description"),
    "projects": None, "indicators": None, "findings": None,  # None: every field
}


@pytest.fixture(scope="module")
def pair(a):
    return json.loads(GOLDEN.read_text(encoding="utf-8")), json.loads(json.dumps(audit_document(a), ensure_ascii=False))


@pytest.mark.parametrize("kind", list(COMPARED))
def test_ledger_equals_golden(pair, kind):
    golden, now = pair
    fields = COMPARED[kind]
    project = (lambda row: row) if fields is None else (lambda row: {f: row.get(f) for f in fields})
    assert len(now[kind]) == len(golden[kind])
    for old, new in zip(golden[kind], now[kind]):
        assert project(new) == project(old)


def test_summary_and_tables_equal_golden(pair):
    golden, now = pair
    assert now["summary"] == golden["summary"]
    assert now["tables"] == golden["tables"]
    assert (now["unit"], now["year"], now["amount_unit"]) == (golden["unit"], golden["year"], golden["amount_unit"])
