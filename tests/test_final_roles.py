"""The 决算 (final account) roles of the national set: every 决算 title has a role of its own, never a
budget table's, and the 决算 header words name column roles."""
from __future__ import annotations

import pytest

from budgetlib.templates.standard import (FINAL_ROLE_IDS, ROLES_BY_ID, TABLE_ROLES, column_role_of, header_words,
                                          title_role)
from budgetlib.text import normalize
from budgetlib.titles import title_key

FINAL_TITLES = {  # as the Shanghai 部门决算 prints them (docs/shanghai-final-template.md)
    "收入支出决算总表": "final_summary",
    "收入决算表": "final_income",
    "支出决算表": "final_expense",
    "财政拨款收入支出决算总表": "final_appropriation_summary",
    "一般公共预算财政拨款支出决算表": "final_general_functional",
    "一般公共预算财政拨款基本支出决算表": "final_general_basic_economic",
    "财政拨款“三公”经费支出决算表": "final_three_public",
    "财政拨款 三公 经费支出决算表": "final_three_public",  # the quotes detached by the PDF reader
    "政府性基金预算财政拨款收入支出决算表": "final_fund",
    "国有资本经营预算财政拨款收入支出决算表": "final_state_capital",
}


@pytest.mark.parametrize("title, role", sorted(FINAL_TITLES.items()))
def test_every_final_title_has_its_final_role(title, role):
    assert title_role(title_key(title)) == role
    assert role in FINAL_ROLE_IDS and role in ROLES_BY_ID


def test_final_roles_are_distinct_from_budget_roles():
    ids = [role.id for role in TABLE_ROLES]
    assert len(ids) == len(set(ids))
    budget_titles = ("收支预算总表", "部门收入预算总表", "支出预算总表", "财政拨款收支预算总表", "一般公共预算基本支出预算表",
                     "“三公”经费、会议费、培训费支出预算表", "政府性基金预算财政拨款支出预算表", "一般公共预算支出预算表")
    for title in budget_titles:
        assert title_role(title_key(title)) not in FINAL_ROLE_IDS, title
    # a budget's role never reads a 决算 title: the first fit is the 决算 role
    assert {title_role(title_key(t)) for t in FINAL_TITLES} <= FINAL_ROLE_IDS


@pytest.mark.parametrize("word, role", [
    ("年初结转和结余", "opening_balance"), ("年初财政拨款结转和结余", "opening_balance"),
    ("本年收入合计", "income_current"), ("本年支出合计", "expense_current"), ("年末结转和结余", "closing_balance"),
    ("上缴上级支出", "to_upper"), ("经营支出", "operating_expense"), ("对附属单位补助支出", "to_affiliates"),
    ("使用非财政拨款结余（含专用结余）", "non_appropriation_balance"), ("结余分配", "surplus_distribution"),
    ("决算数", "final"), ("年初预算数", "budget"), ("上级补助收入", "upper_subsidy"),
    ("附属单位上缴收入", "affiliate_income"), ("一般公共预算财政拨款", "general_appropriation"),
])
def test_final_header_words_name_column_roles(word, role):
    assert column_role_of(normalize(word)) == role
    assert normalize(word) in header_words(role, role) or word in header_words(role, role)


def test_a_budget_word_keeps_its_budget_role():
    assert column_role_of("预算数") == "amount"  # the budgets' one amount column, not 决算's 预算数
    assert column_role_of("合计") == "total"
