from decimal import Decimal

import budgetlib

from conftest import replace_line


def by_id(frame, id):
    rows = frame[frame["id"] == id]
    assert len(rows) == 1, id
    return rows.iloc[0]


def test_real_document_has_no_mismatch_and_known_rounding(d):
    checks = a.check_frame
    assert set(checks["status"]) <= {"match", "rounding"}
    wages = by_id(checks, "t06.class284.personnel")  # 工资福利支出 807.64 vs items 807.63
    assert (wages["stated"], wages["computed"], wages["status"]) == (Decimal("807.64"), Decimal("807.63"), "rounding")
    assert wages["difference"] == Decimal("0.01")
    assert (checks["status"] == "rounding").sum() == 10


def test_identities_required_by_the_template_are_all_present(d):
    ids = set(a.check_frame["id"])
    for required in [
        "t01.balance", "t04.balance", "t01.收入.grand.total", "t01.支出.grand.total",
        "x.t01-t02.total", "x.t01-t03.total", "x.t02-t03.total", "x.t05-t06.basic", "x.t06-t11.public",
        "x.t06-t10.reception", "x.t05-t12.project", "x.t13-t02.carried", "x.t03-t12-t13.project",
        "t10.total.total", "t12.total.total", "t13.total.total", "t06.total.total", "t02.total.total",
        "t03.224.total", "t05.22401.total",
    ]:
        assert required in ids, required
    row = by_id(a.check_frame, "x.t03-t12-t13.project")
    assert row["stated"] == Decimal("2235.36") and row["formula"].startswith("t12[")


def test_car_cost_equals_purchase_plus_running(d):
    ids = set(a.check_frame["id"])
    # blank rows are not checked (nothing to compare); the parent identity exists when values exist
    assert "t10.parent359.total" not in ids
    frame = d.tables["t10"].frame
    assert list(frame[frame["parent"] == "公务用车购置及运行费"]["item"]) == ["①公务用车购置费", "②公务用车运行维护费"]


def test_tolerance_is_explicit_and_settable(text, variant):
    strict = budgetlib.load(tolerance=Decimal("0"))
    assert (strict.checks["status"] == "mismatch").sum() == 10
    loose = budgetlib.load(tolerance="0.05")
    assert (loose.checks["status"] == "mismatch").sum() == 0


def test_one_changed_amount_is_flagged_by_the_checks_that_involve_it(text, variant):
    path = variant(replace_line(text, r"^2240106\t安全监管\t305\.40\t\t305\.40$", "2240106\t安全监管\t306.40\t\t306.40"))
    # that exact row exists in 表三 and 表五; only the first (表三) changes
    d = budgetlib.load(path)
    bad = a.check_frame[a.check_frame["status"] == "mismatch"]
    assert {"t03.22401.total", "t03.22401.project", "x.t02-t03.2240106"} <= set(bad["id"])
    assert all("t03" in t for t in bad["tables"])


def test_moved_amounts_with_consistent_totals_audit_clean(text, variant):
    moved = text.replace("晋城市应急管理局", "晋城市测试管理局")
    moved = replace_line(moved, r"^办公费\t办公经费\t42\.28\t\t42\.28$", "办公费\t办公经费\t41.28\t\t41.28")
    moved = replace_line(moved, r"^印刷费\t办公经费\t3\.00\t\t3\.00$", "印刷费\t办公经费\t4.00\t\t4.00")
    d = budgetlib.load(variant(moved))
    assert d.unit == "晋城市测试管理局"
    t06 = d.tables["t06"].frame
    assert t06[t06["dept_item"] == "办公费"].iloc[0]["total"] == Decimal("41.28")
    assert "mismatch" not in set(a.check_frame["status"]) | set(a.claim_frame["status"])


def test_unit_name_differing_from_cover_is_flagged(text, variant):
    path = variant(text.replace("单位名称：晋城市应急管理局\n\n单位：万元\n\n部门预算支出", "单位名称：别的单位\n\n单位：万元\n\n部门预算支出"))
    d = budgetlib.load(path)
    assert by_id(a.check_frame, "t06.unit")["status"] == "mismatch"
