from decimal import Decimal

import pytest

import budgetlib

from conftest import replace_line


def claim(frame, section, description_part, stated_text=None):
    rows = frame[(frame["section"] == section) & frame["description"].str.contains(description_part, regex=False)]
    if stated_text is not None:
        rows = rows[rows["stated_text"] == stated_text]
    assert len(rows) >= 1, (section, description_part)
    return rows.iloc[0]


def test_every_claim_has_a_status_and_no_mismatch_in_the_real_document(d):
    claims = a.claim_frame
    assert set(claims["status"]) <= {"match", "rounding", "unverifiable"}
    assert claims["sentence"].str.len().min() > 0
    unverifiable = claims[claims["status"] == "unverifiable"]
    assert unverifiable["note"].str.len().min() > 0, "every unverifiable claim says why"
    assert set(claims["section"]) == set(d.sections)


def test_decline_of_income_and_expenditure(d):
    c = a.claim_frame
    amount = claim(c, "一", "预算收入总计 比上年减少")
    assert amount["stated"] == Decimal("2444.08") and amount["status"] == "unverifiable"
    assert "5750.89" in amount["note"]
    rate = claim(c, "一", "预算收入总计 下降率")
    assert (rate["stated"], rate["computed"], rate["status"]) == (Decimal("42.50"), Decimal("42.50"), "match")
    assert claim(c, "一", "支出总计 下降率")["status"] == "match"


def test_income_shares_including_zero_shares(d):
    c = a.claim_frame[a.claim_frame["section"] == "二"]
    shares = c[c["unit"] == "%"]
    assert list(shares["stated_text"]) == ["98.51", "0", "0", "0", "0", "1.49"]
    assert set(shares["status"]) == {"match"}


def test_basic_and_project_shares(d):
    c = a.claim_frame[(a.claim_frame["section"] == "三") & (a.claim_frame["unit"] == "%")]
    assert list(c["computed"]) == [Decimal("32.40"), Decimal("67.60")]


def test_section_four_amounts_by_function(d):
    c = a.claim_frame[(a.claim_frame["section"] == "四") & a.claim_frame["description"].str.contains("按功能分类")]
    assert len(c) == 5 and set(c["status"]) == {"match"}
    assert "t04" in c.iloc[-1]["tables"]


def test_section_five_decline_and_shares(d):
    c = a.claim_frame[a.claim_frame["section"] == "五"]
    rate = claim(c, "五", "下降率")
    assert rate["computed"] == Decimal("20.97") and "4121.90" in rate["note"]
    shares = c[c["unit"] == "%"].iloc[1:]
    assert list(shares["stated_text"]) == ["0.06", "6.83", "1.71", "2.18", "89.22"]
    assert set(shares["status"]) == {"match"}


def test_section_six_item_lists_against_table_six(d):
    c = a.claim_frame[a.claim_frame["section"] == "六"]
    personnel = claim(c, "六", "人员经费所列科目")
    assert personnel["status"] == "match" and personnel["stated"] == 12
    public = claim(c, "六", "公用经费所列科目")
    assert public["status"] == "match" and "其他交通费→其他交通费用" in public["note"]


def test_three_public_and_office_operation(d):
    c = a.claim_frame
    assert claim(c, "七", '"三公"经费预算')["computed"] == Decimal("0.50")
    assert claim(c, "七", "公务接待费", "0.50")["status"] == "match"
    rate = claim(c, "八", "增长率")
    assert rate["computed"] == Decimal("3.11") and "138.58" in rate["note"]


def test_procurement_total_equals_its_parts(d):
    total = claim(a.claim_frame, "九", "政府采购预算总额")
    assert total["stated"] == Decimal("846.53") and total["status"] == "match"


def test_projects_and_vehicles(d):
    c = a.claim_frame
    assert claim(c, "十", "纳入绩效目标管理的项目个数")["computed"] == 33
    assert claim(c, "十", "项目支出金额")["computed"] == Decimal("2186.09")
    assert claim(c, "十", "公开的项目绩效目标表个数")["computed"] == 33
    assert claim(c, "十一", "实有公务用车")["status"] == "match"


def test_prior_year_figures_when_given_are_used(tmp_path):
    d = budgetlib.load(prior={"income_total": "5750.89", "general_budget_expense": "4000"})
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
    d = budgetlib.load(variant(text.replace(old, new, 1)))
    assert claim(a.claim_frame, section, part)["status"] == "mismatch"


def test_a_listed_item_missing_from_table_six_is_flagged(text, variant):
    d = budgetlib.load(variant(text.replace("邮电费、印刷费、", "邮电费、印刷费、会议费、", 1)))
    listing = claim(a.claim_frame, "六", "公用经费所列科目")
    assert listing["status"] == "mismatch" and "会议费" in listing["note"]


def test_vehicles_held_without_running_cost_is_flagged(text, variant):
    d = budgetlib.load(variant(text.replace("实有0辆", "实有2辆", 1)))
    assert claim(a.claim_frame, "十一", "实有公务用车")["status"] == "mismatch"


def test_project_categories_and_purchase_services_by_subset_analysis(d):
    special = claim(a.claim_frame, "十", "特定目标类项目金额")
    assert special["status"] == "match" and special["computed"] == Decimal("836.80")
    assert "3 subset(s)" in special["note"]
    evidence = next(r.extra["subset"] for r in a.claims if r.id == special["id"])
    assert evidence.chosen[0] == "晋城市引进人才生活补贴费用" and len(evidence.chosen) == 5
    assert claim(a.claim_frame, "十", "其他运转类项目金额")["status"] == "match"
    purchase = claim(a.claim_frame, "十二", "政府购买服务项目金额")
    assert purchase["status"] == "unverifiable" and "117 subset(s)" in purchase["note"]


def test_disclosed_amount_uses_table_twelve_where_the_appendix_is_blank(d):
    disclosed = claim(a.claim_frame, "十", "公开项目绩效目标涉及金额")
    assert disclosed["status"] == "match" and "慰问款" in disclosed["formula"]
