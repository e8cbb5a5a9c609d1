import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

import budgetlib
from conftest import string_literals
from budgetlib.audit import goal_evidence
from budgetlib.claims import verify_claims
from budgetlib.ledger import ledger_frame
from budgetlib.narrative import Section
from budgetlib.source import Line
from budgetlib.templates.claims import (ClaimVocabulary, FunctionalRows, Grammar, Phrase, Procurement, Ref, SameAsPrior,
                                        SectionRole)
from budgetlib.templates.shanxi_claims import CLAIMS

TOLERANCE = Decimal("0.01")


def claim(frame, section, description_part, stated_text=None):
    rows = frame[(frame["section"] == section) & frame["description"].str.contains(description_part, regex=False)]
    if stated_text is not None:
        rows = rows[rows["stated_text"] == stated_text]
    assert len(rows) >= 1, (section, description_part)
    return rows.iloc[0]


def audit_of(path, **kwargs):
    return budgetlib.audit(budgetlib.load(path), **kwargs)


# -- the bundled disclosure ------------------------------------------------------------------------

def test_every_claim_has_a_status_and_no_mismatch_in_the_real_document(d, a):
    claims = a.claim_frame
    assert set(claims["status"]) <= {"match", "rounding", "unverifiable", "consistent"}
    assert claims["sentence"].str.len().min() > 0
    unverifiable = claims[claims["status"].isin(["unverifiable", "consistent"])]
    assert unverifiable["note"].str.len().min() > 0, "every unverifiable or merely consistent claim says why"
    assert set(claims["section"]) == set(d.sections)


def test_decline_of_income_and_expenditure(a):
    c = a.claim_frame
    amount = claim(c, "一", "预算收入总计 比上年减少")
    assert amount["stated"] == Decimal("2444.08") and amount["status"] == "unverifiable"
    assert "5750.89" in amount["note"]
    rate = claim(c, "一", "预算收入总计 下降率")
    assert (rate["stated"], rate["computed"], rate["status"]) == (Decimal("42.50"), Decimal("42.50"), "match")
    assert claim(c, "一", "支出总计 下降率")["status"] == "match"


def test_income_shares_including_zero_shares(a):
    c = a.claim_frame[a.claim_frame["section"] == "二"]
    shares = c[c["unit"] == "%"]
    assert list(shares["stated_text"]) == ["98.51", "0", "0", "0", "0", "1.49"]
    assert set(shares["status"]) == {"match"}


def test_basic_and_project_shares(a):
    c = a.claim_frame[(a.claim_frame["section"] == "三") & (a.claim_frame["unit"] == "%")]
    assert list(c["computed"]) == [Decimal("32.40"), Decimal("67.60")]


def test_section_four_amounts_by_function(a):
    c = a.claim_frame[(a.claim_frame["section"] == "四") & a.claim_frame["description"].str.contains("按功能分类")]
    assert len(c) == 5 and set(c["status"]) == {"match"}
    assert "t04" in c.iloc[-1]["tables"]


def test_section_five_decline_and_shares(a):
    c = a.claim_frame[a.claim_frame["section"] == "五"]
    rate = claim(c, "五", "下降率")
    assert rate["computed"] == Decimal("20.97") and "4121.90" in rate["note"]
    shares = c[c["unit"] == "%"].iloc[1:]
    assert list(shares["stated_text"]) == ["0.06", "6.83", "1.71", "2.18", "89.22"]
    assert set(shares["status"]) == {"match"}


def test_section_six_item_lists_against_table_six(a):
    c = a.claim_frame[a.claim_frame["section"] == "六"]
    personnel = claim(c, "六", "人员经费所列科目")
    assert personnel["status"] == "match" and personnel["stated"] == 12
    public = claim(c, "六", "公用经费所列科目")
    assert public["status"] == "match" and "其他交通费→其他交通费用" in public["note"]


def test_three_public_and_office_operation(a):
    c = a.claim_frame
    assert claim(c, "七", '"三公"经费预算')["computed"] == Decimal("0.50")
    assert claim(c, "七", "公务接待费", "0.50")["status"] == "match"
    rate = claim(c, "八", "增长率")
    assert rate["computed"] == Decimal("3.11") and "138.58" in rate["note"]


def test_procurement_total_equals_its_parts(a):
    total = claim(a.claim_frame, "九", "政府采购预算总额")
    assert total["stated"] == Decimal("846.53") and total["status"] == "match"


def test_projects_and_vehicles(a):
    c = a.claim_frame
    assert claim(c, "十", "纳入绩效目标管理的项目个数")["computed"] == 33
    assert claim(c, "十", "项目支出金额")["computed"] == Decimal("2186.09")
    assert claim(c, "十", "公开的项目绩效目标表个数")["computed"] == 33
    assert claim(c, "十一", "实有公务用车")["status"] == "match"


def test_prior_year_figures_when_given_are_used():
    a = audit_of(None, prior={"income_total": "5750.89", "general_budget_expense": "4000"})
    c = a.claim_frame
    assert claim(c, "一", "预算收入总计 比上年减少")["status"] == "match"
    assert claim(c, "一", "预算收入总计 下降率")["status"] == "match"
    assert claim(c, "五", "比上年减少")["status"] == "mismatch"  # 4000 − 3257.54 ≠ 864.36
    assert claim(c, "五", "下降率")["status"] == "mismatch"


@pytest.mark.parametrize("old,new,section,part", [
    ("占32.40%", "占33.40%", "三", "基本支出 占"),
    ("下降42.50%", "下降43.50%", "一", "下降率"),
    ("增长3.11%", "增长3.21%", "八", "增长率"),
    ("教育支出1.80万元，占0.06%", "教育支出1.80万元，占0.16%", "五", "教育支出 占"),
])
def test_a_changed_narrative_number_is_flagged_by_its_claim(text, variant, old, new, section, part):
    assert old in text
    a = audit_of(variant(text.replace(old, new, 1)))
    assert claim(a.claim_frame, section, part)["status"] == "mismatch"


def test_a_listed_item_missing_from_table_six_is_flagged(text, variant):
    a = audit_of(variant(text.replace("邮电费、印刷费、", "邮电费、印刷费、会议费、", 1)))
    listing = claim(a.claim_frame, "六", "公用经费所列科目")
    assert listing["status"] == "mismatch" and "会议费" in listing["note"]


def test_vehicles_held_without_running_cost_is_flagged(text, variant):
    a = audit_of(variant(text.replace("实有0辆", "实有2辆", 1)))
    assert claim(a.claim_frame, "十一", "实有公务用车")["status"] == "mismatch"


def test_asset_value_thresholds_are_the_template_constants(a, text, variant):
    """'占有使用价值50万元（原值）以上…100万元（原值）以上': the thresholds the template's wording fixes, in
    order; a printed threshold that differs contradicts the template."""
    rows = a.claim_frame[a.claim_frame["description"].str.startswith("资产价值门槛")]
    assert list(zip(rows["stated_text"], rows["computed"], rows["status"])) == [
        ("50", Decimal("50"), "match"), ("100", Decimal("100"), "match")]
    old = "占有使用价值50万元（原值）"
    assert text.count(old) == 1
    changed = audit_of(variant(text.replace(old, "占有使用价值51万元（原值）"))).claim_frame
    assert claim(changed, "十一", "资产价值门槛", "51")["status"] == "mismatch"
    assert claim(changed, "十一", "资产价值门槛", "100")["status"] == "match"


def test_project_categories_and_purchase_services_by_subset_analysis(a):
    """A subset of the projects summing to a stated figure is 'consistent', never a match on its own:
    with 5 of 33 projects, most figures of that size (with the same cents) are such a sum."""
    special = claim(a.claim_frame, "十", "特定目标类项目金额")
    assert special["status"] == "consistent" and special["computed"] == Decimal("836.80")
    assert "3 subset(s)" in special["note"] and "115 of the 167" in special["note"]  # 68.9 % hit by chance
    evidence = next(r.extra["subset"] for r in a.claims if r.id == special["id"])
    assert evidence.chosen[0] == "晋城市引进人才生活补贴费用" and len(evidence.chosen) == 5  # the likeliest
    assert evidence.hits == 3 and 0.6 < evidence.chance < 0.7
    assert claim(a.claim_frame, "十", "其他运转类项目金额")["status"] == "consistent"
    purchase = claim(a.claim_frame, "十二", "政府购买服务项目金额")
    assert purchase["status"] == "consistent" and "117 subset(s)" in purchase["note"]
    assert not any(r.status == "match" and "subset" in r.extra for r in a.claims)


def test_the_category_split_is_checked_as_the_identity_the_sentence_states(a):
    """二级项目33个，共计金额2,186.09万元。其中：其他运转类项目28个，涉及金额1,349.29万元；特定目标类项目5个，
    涉及金额836.80万元 — 28 + 5 = 33 and 1,349.29 + 836.80 = 2,186.09, stated twice in section 十."""
    rows = a.claim_frame[(a.claim_frame["section"] == "十") & a.claim_frame["description"].str.contains(" = ")]
    assert sorted(rows["stated"].astype(str)) == ["2186.09", "2186.09", "33", "33"]
    assert set(rows["status"]) == {"match"}
    assert set(rows[rows["unit"] == "万元"]["formula"]) == {
        "其他运转类项目 涉及金额 1349.29 + 特定目标类项目 涉及金额 836.80",
        "其他运转类项目 涉及项目金额 1349.29 + 特定目标类项目 涉及项目金额 836.80"}


@pytest.mark.parametrize("old, new", [("涉及金额1,349.29万元", "涉及金额1,350.29万元"),
                                      ("特定目标类项目5个", "特定目标类项目6个")])
def test_a_changed_category_figure_breaks_the_identity(text, variant, old, new):
    a = audit_of(variant(text.replace(old, new, 1)))
    broken = a.claim_frame[(a.claim_frame["section"] == "十") & (a.claim_frame["status"] == "mismatch")]
    assert len(broken) == 1 and " = " in broken.iloc[0]["description"]


def test_disclosed_amount_uses_table_twelve_where_the_appendix_is_blank(a):
    disclosed = claim(a.claim_frame, "十", "公开项目绩效目标涉及金额")
    assert disclosed["status"] == "match" and "慰问款" in disclosed["formula"]


def test_no_evidence_is_cached_on_the_frozen_disclosure(d, a):
    assert not [k for k in vars(d) if k.startswith("_")]  # the evidence cache lives in one call


# -- the engine is driven by the declaration -------------------------------------------------------

def with_claims(d, vocabulary, sections=None):
    """The same disclosure under a template whose vocabulary is `vocabulary` (and other sections)."""
    template = dataclasses.replace(d.template, claims=vocabulary)
    return dataclasses.replace(d, template=template, sections=d.sections if sections is None else sections)


def frame_of(d, prior=None):
    return ledger_frame(verify_claims(d, TOLERANCE, prior or {}, goal_evidence(d)))


def test_the_template_declares_its_vocabulary_as_data(d):
    assert d.template.claims is CLAIMS
    assert all(isinstance(p.measure, Ref) for p in CLAIMS.phrases)
    roles = {role.kind for roles in CLAIMS.roles.values() for role in roles}
    assert roles == {"same_as_prior_follows_each_amount", "procurement", "projects", "assets",
                     "purchase_of_services", "functional_rows", "item_lists", "thresholds"}


def test_verify_claims_on_the_declared_vocabulary_equals_the_audit(d, a):
    ours = ledger_frame(verify_claims(d, a.tolerance, {}, a.goal_evidence))
    assert list(ours["id"]) == list(a.claim_frame["id"])
    assert list(ours["status"]) == list(a.claim_frame["status"])


def test_a_phrase_removed_from_the_declaration_makes_its_claim_unverifiable(d):
    phrases = tuple(p for p in CLAIMS.phrases if p.key != "reception")
    c = frame_of(with_claims(d, dataclasses.replace(CLAIMS, phrases=phrases)))
    reception = claim(c, "七", "公务接待费", "0.50")
    assert reception["status"] == "unverifiable" and reception["note"] == "no table states this figure"
    assert claim(c, "七", "公务用车购置费")["status"] == "match"  # the others are untouched


def test_a_phrase_bound_to_another_cell_is_checked_against_that_cell(d):
    phrases = tuple(dataclasses.replace(p, measure=Ref(table="t10", item="公务用车购置费"))
                    if p.key == "reception" else p for p in CLAIMS.phrases)
    c = frame_of(with_claims(d, dataclasses.replace(CLAIMS, phrases=phrases)))
    reception = claim(c, "七", "公务接待费", "0.50")
    assert reception["status"] == "mismatch" and reception["formula"] == "t10[①公务用车购置费].合计"


def test_a_role_removed_from_the_declaration_leaves_its_numbers_unexplained(d):
    roles = {k: v for k, v in CLAIMS.roles.items() if k != "九"}
    c = frame_of(with_claims(d, dataclasses.replace(CLAIMS, roles=roles)))
    nine = c[c["section"] == "九"]
    assert not nine["description"].str.contains("货物 + 工程 + 服务").any()  # the role's own check is gone
    figures = nine[(nine["unit"] == "万元") & ~nine["description"].str.contains(" = ")]
    assert set(figures["note"]) == {"no table states this figure"}
    # what the sentence itself asserts (total = Σ parts after 其中) is still checked, generically
    identity = nine[nine["description"].str.contains(" = ")]
    assert len(identity) == 1 and identity.iloc[0]["status"] == "match"


def test_the_same_as_prior_role_decides_what_the_statement_refers_to(d):
    roles = {k: v for k, v in CLAIMS.roles.items() if k != "七"}
    c = frame_of(with_claims(d, dataclasses.replace(CLAIMS, roles=roles)))
    same = c[(c["section"] == "七") & (c["unit"] == "相同")]
    assert set(same["description"]) == {'财政拨款安排的"三公"经费预算 比上年相同'}  # always the topic now


def test_without_a_vocabulary_every_number_is_kept_as_unverifiable(d, a):
    c = frame_of(with_claims(d, None))
    identities = c["description"].str.contains(" = | ≥ ")  # a total and its parts: the text's own assertion
    amounts = c[c["unit"].isin(["万元", "%", "个", "辆"]) & ~identities]
    assert len(amounts) > 50 and set(amounts["status"]) == {"unverifiable"}
    assert set(c[identities]["status"]) == {"match"}  # checked by the default grammar alone
    assert set(c["section"]) == set(d.sections)


def test_an_undeclared_role_kind_is_refused(d):
    @dataclasses.dataclass(frozen=True)
    class Unknown(SectionRole):
        kind = "unknown"

    with pytest.raises(TypeError, match="Unknown"):
        verify_claims(with_claims(d, dataclasses.replace(CLAIMS, roles={"一": (Unknown(),)})), TOLERANCE, {})


SYNTHETIC = (
    "2026年测试单位合计支出3,306.81万元，比上年增加6.81万元，增长0.21%。其中：基本支出1071.45万元，占32.40%；"
    "项目支出2235.36万元，占67.61%；教育支出1.80万元；无名支出5万元。",
    "采购总额100.50万元。其中：货物60万元、服务40.50万元。",
    "租金0.50万元，与上年预算数相同。",
)


def synthetic_vocabulary() -> ClaimVocabulary:
    return ClaimVocabulary(
        phrases=(
            Phrase("合计支出$", "spending", Ref(table="t03", level="合计"), topic=True),
            Phrase("^基本支出$", "basic", Ref(table="t03", column="basic", level="合计")),
            Phrase("^项目支出$", "project", Ref(table="t03", column="project", level="合计")),
            Phrase("^租金$", "rent", Ref(table="t10", item="公务接待费")),
        ),
        roles={
            "甲": (FunctionalRows(Ref(table="t03", level="类"), by="name", suffix="（类）"),),
            "乙": (Procurement(total="总额", description="采购总额 = Σ 各项", note="internal",
                               part_note="no table"),),
            "丙": (SameAsPrior(),),
        },
        grammar=Grammar(label_prefix=r"^(其中|测试单位)[:：]?"),
        place="正文 {section}",
    )


def synthetic(d):
    sections = {numeral: Section(numeral, "测试", 1000 + i, (Line(1000 + i, text),))
                for i, (numeral, text) in enumerate(zip("甲乙丙", SYNTHETIC))}
    return with_claims(d, synthetic_vocabulary(), sections)


def test_a_hand_made_vocabulary_verifies_a_synthetic_section(d):
    c = frame_of(synthetic(d), prior={"spending": Decimal("3300")})
    rows = {r.description: r for r in c.itertuples()}
    assert rows["预算年度"].status == "match" and rows["预算年度"].id == "甲#01"
    assert rows["合计支出"].status == "match" and rows["合计支出"].formula == "t03[合计].合计"
    assert rows["合计支出 比上年增加"].status == "match"  # 3306.81 − 3300 = 6.81
    assert rows["合计支出 增长率"].status == "match"  # 6.81 / 3300 = 0.21 %
    assert rows["基本支出 占 合计支出"].status == "match"
    assert rows["项目支出 占 合计支出"].status == "rounding"  # 67.60 printed in the tables' terms
    assert rows["教育支出（类）"].status == "match" and rows["教育支出（类）"].tables == "t03"
    assert rows["无名支出"].status == "unverifiable"
    assert rows["采购总额 = Σ 各项"].status == "match" and rows["采购总额 = Σ 各项"].id == "乙#03"
    assert set(c[c["section"] == "乙"]["note"]) == {"no table", "internal"}
    assert rows["租金"].status == "match" and rows["租金"].stated_formula == "stated in 正文 丙"
    assert rows["租金 比上年相同"].status == "unverifiable" and "prior[rent]" in rows["租金 比上年相同"].formula


def test_a_hand_made_vocabulary_follows_its_own_grammar(d):
    grammar = Grammar(units=("万元", "%"), amount_unit="万元", budget_year="budget year",
                      label_prefix=r"^(其中|测试单位)[:：]?")
    vocabulary = dataclasses.replace(synthetic_vocabulary(), grammar=grammar)
    c = frame_of(dataclasses.replace(synthetic(d), template=dataclasses.replace(d.template, claims=vocabulary)))
    assert "budget year" in set(c["description"])


# -- the engine holds no template ---------------------------------------------------------------

ENGINE = Path(budgetlib.__file__).parent / "claims"




@pytest.mark.parametrize("path", sorted(ENGINE.glob("*.py")), ids=lambda p: p.name)
def test_the_engine_names_no_table_section_or_chinese_label(path):
    for literal in string_literals(path):
        assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", literal), literal
        assert not re.search(r"\bt\d\d\b", literal), literal
    assert len(path.read_text(encoding="utf-8").splitlines()) < 500


# -- totals and their parts (claims/parts.py, the default grammar) ------------------------------

PARTS = {  # section -> its lines; one sentence each unless said
    "A": ("收入合计100.00万元，其中：甲收入50.00万元，乙收入40.00万元。",),  # 50 + 40 ≠ 100
    "B": ("收入合计100.00万元，其中：甲收入50.00万元，比上年增加10.00万元，乙收入50.00万元，占50%。",),  # change, share out
    "C": ("支出合计100.00万元，其中：甲支出80.00万元。",),  # one part, not a partition: no claim
    "D": ("支出合计100.00万元，其中：甲支出120.00万元。",),  # one part larger than its whole
    "E": ("收入100.00万元，主要包括甲收入30.00万元、乙收入20.00万元。",),  # a list need not be complete
    "F": ("收入100.00万元，主要包括甲收入70.00万元、乙收入40.00万元。",),  # … but may not exceed the total
    "G": ("项目10个，涉及金额100.00万元。其中：甲类项目6个，涉及金额60.00万元；乙类项目4个，涉及金额40.00万元。",),
    "H": ("建筑面积约为100平方米，其中地上面积60平方米（其中甲面积30平方米，乙面积20平方米），地下面积40平方米。",),
    "I": ("经费预算10.00万元，与上年预算数相同。其中：", "（一）甲费2.00万元，与上年预算数相同。", "说明。",
          "（二）乙费8.00万元。", "二、其他经费5.00万元。"),
    "J": ("车辆2辆，其中：甲用车1辆，乙用车0辆。",),  # counts are exact: no slack
}


@pytest.fixture(scope="module")
def parts_frame(d):
    sections = {numeral: Section(numeral, "测试", 2000 + 10 * i,
                                 tuple(Line(2000 + 10 * i + j, text) for j, text in enumerate(lines)))
                for i, (numeral, lines) in enumerate(PARTS.items())}
    c = frame_of(with_claims(d, ClaimVocabulary(phrases=()), sections))
    return c[c["description"].str.contains(" = | ≥ ")]


@pytest.mark.parametrize("section, expected", [
    ("A", [("100.00", "90.00", "mismatch")]),
    ("B", [("100.00", "100.00", "match")]),
    ("C", []),
    ("D", [("100.00", "120.00", "mismatch")]),
    ("E", [("100.00", "50.00", "consistent")]),
    ("F", [("100.00", "110.00", "mismatch")]),
    ("G", [("10", "10", "match"), ("100.00", "100.00", "match")]),
    ("H", [("60", "50", "mismatch")]),  # the approximate total (约为) is not checked; the bracketed one is
    ("I", [("10.00", "10.00", "match")]),  # the numbered items after '其中：', up to '二、'
    ("J", [("2", "1", "mismatch")]),
])
def test_a_total_and_its_parts_are_checked_as_the_sentence_states(parts_frame, section, expected):
    rows = parts_frame[parts_frame["section"] == section]
    assert [(str(r.stated), str(r.computed), r.status) for r in rows.itertuples()] == expected
