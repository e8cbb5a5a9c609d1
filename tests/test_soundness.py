"""Soundness of the verdicts: the rounding slack follows from the printed figures, not a fixed 0.01."""
from __future__ import annotations

import json
from decimal import Decimal

import budgetlib
from budgetlib.formula import Const, Percent, Sum
from budgetlib.ledger import MATCH, MISMATCH, ROUNDING, decide, rounding_slack


def test_slack_is_half_a_printed_unit_per_rounded_addend():
    two = Sum((Const(Decimal("24.85")), Const(Decimal("24.84"))))
    assert rounding_slack(two) == Decimal("0.010")
    mixed = Sum((Const(Decimal("12604173")), Const(Decimal("1744680.34"))))  # a cell printed without decimals
    assert rounding_slack(mixed) == Decimal("0.505")
    assert rounding_slack(Const(Decimal("3306.81"))) == 0  # one figure against one figure
    assert rounding_slack(Percent(Const(Decimal("1")), Const(Decimal("3")))) == 0  # a ratio: half-up only


def test_verdicts_with_the_data_slack():
    parts = Sum((Const(Decimal("24.85")), Const(Decimal("24.84"))))
    assert decide("x", "", Const(Decimal("49.70")), parts, None).status == ROUNDING
    assert decide("x", "", Const(Decimal("49.71")), parts, None).status == MISMATCH
    assert decide("x", "", Const(Decimal("49.69")), parts, None).status == MATCH
    one = Const(Decimal("49.69"))
    assert decide("x", "", Const(Decimal("49.70")), one, None).status == MISMATCH
    assert decide("x", "", Const(Decimal("49.70")), one, Decimal("0.01")).status == ROUNDING  # a fixed tolerance


def test_a_rate_from_exact_printed_figures_has_no_slack(variant, text, a):
    """2,444.08 → 2,445.08: the recomputed decline is 42.51% against the stated 42.50%: a mismatch."""
    tampered = budgetlib.audit(budgetlib.load(variant(text.replace("比上年减少2444.08万元", "比上年减少2445.08万元", 1))))
    rate = next(r for r in tampered.claims if r.section == "一" and r.unit == "%")
    assert (rate.stated, rate.computed, rate.status) == (Decimal("42.50"), Decimal("42.51"), MISMATCH)
    assert next(r for r in a.claims if r.id == rate.id).status == MATCH


def test_the_bundled_rounding_residues_stay_rounding(a):
    rounding = [r for r in a.checks if r.status == ROUNDING]
    assert len(rounding) == 10
    assert all(r.tolerance >= abs(r.difference) for r in rounding)
    assert {r.id for r in rounding} >= {"t06.class284.total", "t02.21011.total"}


def test_a_fixed_tolerance_overrides_the_data_slack(d):
    strict = budgetlib.audit(d, tolerance="0")
    assert strict.summary()["checks"]["mismatch"] == 10
    assert budgetlib.audit(d, tolerance="auto").summary() == budgetlib.audit(d).summary()


# -- hostile options: exit 2 with one exact line, never a traceback ---------------------------------

def _cli(capsys, *argv):
    from budgetlib.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_binary_prior_file_is_refused(capsys, tmp_path):
    path = tmp_path / "prior.yml"
    path.write_bytes(b"\x00\xff\xfe" * 50)
    code, out, err = _cli(capsys, "audit", "--prior", str(path))
    assert (code, out) == (2, "")
    assert err == f"budgetlib: error: --prior {path}: not a UTF-8 text file (byte 1): expected YAML or JSON\n"


def test_an_unknown_prior_key_lists_the_known_ones(capsys, tmp_path):
    path = tmp_path / "prior.yml"
    path.write_text("income_totl: 5750.89\n", encoding="utf-8")
    code, _, err = _cli(capsys, "audit", "--prior", str(path))
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("budgetlib: error: prior: unknown measure key 'income_totl' for template shanxi-municipal "
                          "(known: appropriation_carried_over, ")
    assert "income_total" in err


def test_a_binary_params_file_is_refused(capsys, tmp_path):
    path = tmp_path / "params.yml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code, out, err = _cli(capsys, "reproduce", "--params", str(path), "--out", str(tmp_path / "out"))
    assert (code, out) == (2, "")
    assert err == f"budgetlib: error: --params {path}: not a UTF-8 text file (byte 0): expected YAML or JSON\n"
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_with_json_an_error_is_also_json_on_stdout(capsys, tmp_path):
    code, out, err = _cli(capsys, "audit", "--json", str(tmp_path / "missing.txt"))
    assert code == 2
    assert json.loads(out) == {"error": f"{tmp_path / 'missing.txt'}: file: cannot read: No such file or directory"}
    assert err.count("\n") == 1
