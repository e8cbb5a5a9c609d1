"""The checks: the bundled declaration's identities on the real document, tampered copies, and hand-made
declarations proving the engine works from the declaration alone."""
import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

import budgetlib
from conftest import string_literals
from budgetlib.checks import run_checks
from budgetlib.formula import Const, Scaled
from budgetlib.ledger import AT_LEAST, AT_MOST, convention_of, decide, judge_bound, ledger_frame
from budgetlib.templates import TEMPLATES
from budgetlib.templates.rules import (NUMBERED, CodeHierarchy, CountEqualsListing, Equal, FactEquals, Label,
                                       MatchRows, NoDataNote, Pair, Ref, RefSum, RowSum, RowsPresent, That, ThatSum,
                                       This, UnitBlocks, tables_named)
from budgetlib.templates.shanxi_rules import RULES

from conftest import replace_line

TOLERANCE = Decimal("0.01")


def by_id(frame, id):
    rows = frame[frame["id"] == id]
    assert len(rows) == 1, id
    return rows.iloc[0]


def checks_of(d, rules, tables=None):
    """The checks of `d` under another declaration (and, optionally, only some of its tables)."""
    template = dataclasses.replace(d.template, rules=tuple(rules))
    kept = d.tables if tables is None else {t: d.tables[t] for t in tables}
    return ledger_frame(run_checks(dataclasses.replace(d, template=template, tables=kept), TOLERANCE))


def audit_of(path, **kwargs):
    return budgetlib.audit(budgetlib.load(path), **kwargs)


# -- the bundled disclosure ------------------------------------------------------------------------

def test_real_document_has_no_mismatch_and_known_rounding(a):
    checks = a.check_frame
    assert set(checks["status"]) <= {"match", "rounding", "within"}
    wages = by_id(checks, "t06.class284.personnel")  # 工资福利支出 807.64 vs items 807.63
    assert (wages["stated"], wages["computed"], wages["status"]) == (Decimal("807.64"), Decimal("807.63"), "rounding")
    assert wages["difference"] == Decimal("0.01")
    assert (checks["status"] == "rounding").sum() == 10


def test_relations_the_definitions_make_bounds_are_within_never_match(a):
    """表十 “三公” (all 财政拨款) ≥ 表六's 公务接待费 (一般公共预算 基本支出); 机关运行经费 ⊂ 公用经费; 表三's 224 has
    上年结转, so its 基本支出 may exceed 表五's: each is `within`, with its reason, never a match."""
    checks = a.check_frame
    bounds = checks[checks["status"] == "within"]
    assert set(bounds["id"]) == {"x.t06-t10.reception", "x.t06-t11.public", "x.t04-t02.carried",
                                 "x.t03-t05.total.basic", "x.t03-t05.224.basic"}
    assert bounds["note"].str.startswith("bound: ").all()
    reception = by_id(checks, "x.t06-t10.reception")
    assert reception["description"] == "表十 公务接待费 ≥ 表六 公务接待费"
    assert "基本支出 only" in reception["note"]
    # where the other sources are nil the bound is an identity, and says so
    assert by_id(checks, "x.t03-t05.208.basic")["status"] == "match"
    assert "an identity here" in by_id(checks, "x.t03-t05.208.basic")["note"]


def test_a_broken_bound_is_a_mismatch(text, variant):
    """表六's 公务接待费 above 表十's (basic spending alone more than all of it) breaks the bound."""
    a = budgetlib.audit(budgetlib.load(variant(text)))
    reception = by_id(a.check_frame, "x.t06-t10.reception")
    stated = reception["stated"]
    line = next(r for r in a.checks if r.id == "x.t06-t10.reception").line
    lines = text.split("\n")
    lines[line - 1] = lines[line - 1].replace(f"{stated:f}", f"{stated - 1:f}", 1)
    broken = by_id(budgetlib.audit(budgetlib.load(variant("\n".join(lines)))).check_frame, "x.t06-t10.reception")
    assert (broken["stated"], broken["status"]) == (stated - 1, "mismatch")


def test_identities_required_by_the_template_are_all_present(a):
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
    assert len(ids) == len(a.check_frame), "ids are unique"


def test_car_cost_equals_purchase_plus_running(d, a):
    ids = set(a.check_frame["id"])
    # blank rows are not checked (nothing to compare); the parent identity exists when values exist
    assert "t10.parent359.total" not in ids
    frame = d.tables["t10"].frame
    assert list(frame[frame["parent"] == "公务用车购置及运行费"]["item"]) == ["①公务用车购置费", "②公务用车运行维护费"]


def test_tolerance_is_explicit_and_settable(d):
    strict = budgetlib.audit(d, tolerance=Decimal("0"))
    assert (strict.check_frame["status"] == "mismatch").sum() == 10
    loose = budgetlib.audit(d, tolerance="0.05")
    assert (loose.check_frame["status"] == "mismatch").sum() == 0


# -- tampered copies -------------------------------------------------------------------------------

def test_one_changed_amount_is_flagged_by_the_checks_that_involve_it(text, variant):
    path = variant(replace_line(text, r"^2240106\t安全监管\t305\.40\t\t305\.40$", "2240106\t安全监管\t306.40\t\t306.40"))
    # that exact row exists in 表三 and 表五; only the first (表三) changes
    checks = audit_of(path).check_frame
    bad = checks[checks["status"] == "mismatch"]
    assert {"t03.22401.total", "t03.22401.project", "x.t02-t03.2240106"} <= set(bad["id"])
    assert all("t03" in t for t in bad["tables"])


def test_a_changed_three_public_amount_breaks_the_identities_across_tables(text, variant):
    path = variant(replace_line(text, r"^公务接待费\t0\.50\t0\.50\t\t$", "公务接待费\t0.60\t0.60\t\t"))  # 表十
    checks = audit_of(path).check_frame
    bad = set(checks[checks["status"] == "mismatch"]["id"])
    assert bad == {"t10.total.total", "t10.total.general"}  # 表十's own total catches it
    reception = by_id(checks, "x.t06-t10.reception")  # more 三公 than 表六's 基本支出 pays: the bound allows it
    assert (reception["stated"], reception["computed"], reception["status"]) == (Decimal("0.60"), Decimal("0.50"),
                                                                                 "within")


def test_moved_amounts_with_consistent_totals_audit_clean(text, variant):
    moved = text.replace("晋城市应急管理局", "晋城市测试管理局")
    moved = replace_line(moved, r"^办公费\t办公经费\t42\.28\t\t42\.28$", "办公费\t办公经费\t41.28\t\t41.28")
    moved = replace_line(moved, r"^印刷费\t办公经费\t3\.00\t\t3\.00$", "印刷费\t办公经费\t4.00\t\t4.00")
    d = budgetlib.load(variant(moved))
    assert d.unit == "晋城市测试管理局"
    t06 = d.tables["t06"].frame
    assert t06[t06["dept_item"] == "办公费"].iloc[0]["total"] == Decimal("41.28")
    a = budgetlib.audit(d)
    assert "mismatch" not in set(a.check_frame["status"]) | set(a.claim_frame["status"])


def test_unit_name_differing_from_cover_is_flagged(text, variant):
    path = variant(text.replace("单位名称：晋城市应急管理局\n\n单位：万元\n\n部门预算支出", "单位名称：别的单位\n\n单位：万元\n\n部门预算支出"))
    assert by_id(audit_of(path).check_frame, "t06.unit")["status"] == "mismatch"


# -- the engine follows the declaration ------------------------------------------------------------

def test_no_rules_no_checks(d):
    assert checks_of(d, ()).empty


def test_removing_a_rule_removes_exactly_its_checks(d, a):
    rule = next(r for r in RULES if isinstance(r, UnitBlocks) and r.table == "t13")
    without = checks_of(d, [r for r in RULES if r is not rule])
    removed = set(a.check_frame["id"]) - set(without["id"])
    assert removed == {"t13.total.total", "t13.total.general", "t13.unit430.total", "t13.unit430.general"}
    kept = a.check_frame[~a.check_frame["id"].isin(removed)]
    assert list(without["id"]) == list(kept["id"]) and list(without["stated"]) == list(kept["stated"])


def test_checks_follow_the_order_of_the_rules(d):
    rules = (RowSum("t06", "total", ("personnel", "public"), "人员 + 公用"), CodeHierarchy("t03"))
    forward, backward = checks_of(d, rules), checks_of(d, rules[::-1])
    assert sorted(forward["id"]) == sorted(backward["id"])
    assert forward["id"].iloc[0].startswith("t06.") and backward["id"].iloc[0].startswith("t03.")


def test_a_hand_made_declaration_over_two_tables(d):
    """Two tables (表三, 表五), three rules written here: nothing comes from the bundled declaration."""
    rules = (
        CodeHierarchy("t05", levels=("类", "款", "项"), total_what="总额 = Σ{child}"),
        Equal("my.total", "表五 合计 = 表三 基本支出 + 表五 项目支出", Ref("t05", "total", {"level": "合计"}),
              Ref("t03", "basic", {"level": "合计"}) + Ref("t05", "project", {"level": "合计"}), "t03,t05"),
        MatchRows("t03", "code", label=("code", "name"), blank_key="all", pairs=(
            Pair("my.{key}", "{this} {label} {this_columns[project]} = {that}", "t05", This("project"), That("project"),
                 "{this_id},{that_id}", absent="zero", skip_blank=True),
        )),
    )
    checks = checks_of(d, rules, tables=("t03", "t05"))
    assert set(checks["tables"]) == {"t05", "t03,t05"}
    assert by_id(checks, "t05.total.basic")["description"] == "表五 总额 = Σ类 基本支出"
    total = by_id(checks, "my.total")
    assert (total["stated"], total["computed"], total["status"]) == (Decimal("3257.54"), Decimal("3257.54"), "match")
    assert total["formula"] == "t03[合计].基本支出 + t05[合计].项目支出"
    assert by_id(checks, "my.all")["description"] == "表三 合计 项目支出 = 表五"
    # 22407 is in 表三 (上年结转 funds it) but not in 表五: 'zero' checks it against nothing
    carried = by_id(checks, "my.2240703")
    assert (carried["stated"], carried["computed"], carried["status"]) == (Decimal("49.27"), Decimal("0"), "mismatch")


def test_a_missing_match_is_skipped_unless_declared_zero(d):
    def pair(absent):
        return MatchRows("t03", "code", pairs=(Pair("p.{key}", "{key}", "t05", This("total"), That("total"), "t03",
                                                    absent=absent),))
    skipped, zero = checks_of(d, [pair("skip")]), checks_of(d, [pair("zero")])
    assert set(zero["id"]) - set(skipped["id"]) == {"p.22407", "p.2240703"}


def test_declared_row_selection(d):
    """Label matches a printed label without its numbering, NUMBERED a numbered label; RefSum sums every match."""
    rules = (
        Equal("general", "一般公共预算", Ref("t01", "total", {"side": "收入", "item": Label("一般公共预算")}),
              Ref("t04", "total", {"side": "收入", "group": "", "item": Label("一般公共预算")}), "t01,t04"),
        Equal("numbered", "Σ 支出 by function", RefSum("t01", "total", {"side": "支出", "group": "", "item": NUMBERED}),
              Ref("t01", "total", {"side": "支出", "item": "本年支出合计"}), "t01"),
        Equal("absent", "no such row", Ref("t01", "total", {"item": "不存在"}), Ref("t03", "total"), "t01,t03"),
        Equal("optional", "no such row, optional", Ref("t01", "total", {"item": "不存在"}, optional=True),
              Ref("t07", "total", optional=True), "t01,t07"),
    )
    checks = checks_of(d, rules)
    assert list(checks["id"]) == ["general", "numbered", "optional"]
    assert by_id(checks, "general")["stated"] == Decimal("3257.54")
    numbered = by_id(checks, "numbered")
    assert (numbered["stated"], numbered["computed"]) == (Decimal("3306.81"), Decimal("3306.81"))
    assert by_id(checks, "optional")["status"] == "match"  # 0 = 0: both sides empty sums


def test_rows_present_and_sum_over_matches(d):
    rules = (
        RowsPresent("t03", "t05", "code", "in5.{key}", "{this} {row[code]} 应见于{that}", "present in {that}", "t03,t05"),
        MatchRows("t01", "item", strip=True, where={"side": "支出", "group": "", "item": NUMBERED}, pairs=(
            Pair("fn.{key}", "{this} {row[item]} = {that} {key}", "t05", This("current_year"), ThatSum("total"),
                 "t01,t05", on="name", where={"level": "类"}, absent="zero", skip_blank=True),
        )),
    )
    checks = checks_of(d, rules)
    missing = checks[checks["id"].str.startswith("in5.")]
    assert list(missing["id"]) == ["in5.22407", "in5.2240703"]
    assert set(missing["status"]) == {"mismatch"} and missing["description"].iloc[0] == "表三 22407 应见于表五"
    by_function = checks[checks["id"].str.startswith("fn.")]
    assert by_id(by_function, "fn.教育支出")["description"] == "表一 五、教育支出 = 表五 教育支出"
    # 表五 excludes 上年结转: 灾害防治 当年预算安排 2906.39 = 表五 224 合计
    assert by_id(by_function, "fn.灾害防治及应急管理支出")["status"] == "match"


def test_a_rule_naming_an_unknown_table_or_kind_is_an_error(d):
    with pytest.raises(KeyError, match="t99"):
        checks_of(d, [RowSum("t99", "total", ("a",), "x")])
    with pytest.raises(TypeError, match="no check engine"):
        checks_of(d, ["not a rule"])


def test_generic_rules_hold_for_every_table(d):
    checks = checks_of(d, [NoDataNote(description="无数据", stated="本表无数据")])
    assert list(checks["id"]) == ["t07.no_data", "t08.no_data", "t09.no_data"]


# -- the declarations and the engine ---------------------------------------------------------------

@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_rules_name_only_tables_and_facts_of_their_template(template):
    schemas, facts = {s.id for s in template.schemas}, {f.key for f in template.facts}
    for rule in template.rules:
        assert tables_named(rule) <= schemas, rule
        if isinstance(rule, (CountEqualsListing, FactEquals)):
            assert {rule.fact, getattr(rule, "equals", rule.fact)} <= facts, rule


ROOT = Path(budgetlib.__file__).parent




def test_the_engine_names_no_table_or_chinese_label():
    path = ROOT / "checks.py"
    for literal in string_literals(path):
        assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", literal), literal
        assert not re.search(r"\bt\d\d\b", literal), literal
    source = path.read_text(encoding="utf-8")
    assert "template.id ==" not in source and len(source.splitlines()) < 500
    assert len((ROOT / "templates" / "rules.py").read_text(encoding="utf-8").splitlines()) < 500


# -- bounds and rounding conventions (budgetlib.ledger) --------------------------------------------

def test_a_bound_is_within_while_it_holds_and_a_mismatch_once_broken():
    assert judge_bound(Decimal("28.50"), Decimal("18.50"), None, AT_LEAST) == "within"
    assert judge_bound(Decimal("18.50"), Decimal("18.50"), None, AT_LEAST) == "within"  # equal: never a match
    assert judge_bound(Decimal("18.51"), Decimal("18.50"), None, AT_MOST) == "mismatch"
    assert judge_bound(Decimal("18.51"), Decimal("18.50"), Decimal("0.01"), AT_MOST) == "within"  # 尾差
    assert judge_bound(None, Decimal("1"), None, AT_MOST) == "unverifiable"


@pytest.mark.parametrize("printed, exact, convention", [
    ("87.70", "87.708", "truncation"), ("87.71", "87.708", "half-up or half-even"), ("9.96", "9.965", "truncation or half-even"),
    ("9.97", "9.965", "half-up"), ("9.98", "9.975", "half-up or half-even"), ("87.70", "87.7049", None),
    ("87.72", "87.708", None)])
def test_the_convention_a_printed_figure_follows(printed, exact, convention):
    assert convention_of(Decimal(printed), Decimal(exact), 2) == convention


def test_a_truncated_conversion_is_rounding_and_one_unit_more_a_mismatch():
    exact = Scaled(Const(Decimal("877080")), "元", "万元", 2)  # 87.708万元
    truncated = decide("t", "d", Const(Decimal("87.70")), exact, None)
    assert (truncated.status, truncated.extra["convention"]) == ("rounding", "truncation")
    assert "87.708 truncated (截尾) at 2 places is 87.70" in truncated.note
    assert decide("t", "d", Const(Decimal("87.71")), exact, None).status == "match"
    assert decide("t", "d", Const(Decimal("87.72")), exact, None).status == "mismatch"
    assert decide("t", "d", Const(Decimal("87.69")), exact, None).status == "mismatch"
