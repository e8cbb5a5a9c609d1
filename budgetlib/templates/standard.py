"""The national set of budget tables as roles: what a table or a column *is*, whatever a family calls it.

The Ministry of Finance's disclosure rules give every department budget the same standard tables
(收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表 by function, 一般公共预算基本支出表 by
economic class, the 三公 table, 政府性基金 and 国有资本经营 tables …); families print them under other
titles, in other orders and units. A family's schema names its role (`Schema.role`) and its column
ids are column roles, so the same role carries the same meaning in every family: titles and header
words of other families are recognised through the role (`title_role`, `header_words`) and the
`amounts` panel stacks documents of any family by role.

Title patterns are searched at the end of a normalised title (after the year, the unit's name or a
label such as 公开01表 that may precede it), most specific first: the first role that fits is the
title's role.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .declaration import Declared, declaration


@declaration
class TableRole(Declared):
    id: str  # English identifier, the same in every family
    name: str  # the standard's Chinese name
    titles: tuple[str, ...]  # regexes over a normalised title, matched at its end


@declaration
class ColumnRole(Declared):
    id: str  # the column id families use (Column.id)
    name: str  # the standard's Chinese name
    words: tuple[str, ...]  # header words that name it in some family (normalised)


_NOT_APPROPRIATION = r"(?<!拨款)(?<!基金)(?<!经营)(?<!预算)"  # '财政拨款收支总表' is not '收支总表'
_BY_FUNCTION = r"(?:\((?:按功能分类(?:科目)?|功能科目)\))?"
_BY_ECONOMIC_CLASS = r"(?:\((?:按(?:部门预算|政府预算)?经济分类(?:科目)?|经济科目)\))?"
_EXCLUDING_CARRIED = r"(?:\(不含上年结转\))?"

TABLE_ROLES: tuple[TableRole, ...] = (
    TableRole("three_public", "“三公”经费支出表", (r'"?三公"?经费\S*表',)),
    TableRole("office_operation", "机关运行经费支出表", (r"机关运行经费\S*表",)),
    TableRole("appropriation_summary", "财政拨款收支总表", (r"财政拨款收支(?:预算)?总(?:体情况)?表",)),
    TableRole("appropriation_basic_economic", "财政拨款基本支出表（按经济分类）",
              (r"(?<!一般公共预算)财政拨款基本支出(?:预算)?(?:情况)?表" + _BY_ECONOMIC_CLASS,)),
    TableRole("appropriation_economic", "财政拨款支出表（按经济分类）",
              (r"(?<!一般公共预算)财政拨款支出(?:预算)?(?:情况)?表\((?:按经济分类(?:科目)?|经济科目)\)",)),
    TableRole("appropriation_functional", "财政拨款支出表（按功能分类）",  # by function unless it says otherwise
              (r"(?<!一般公共预算)(?<!基金)(?<!经营)(?<!预算)财政拨款支出(?:预算)?(?:情况)?表" + _BY_FUNCTION,)),
    TableRole("general_basic_economic", "一般公共预算基本支出表",
              (r"一般公共预算(?:财政拨款)?(?:安排)?基本支出\S*表" + _BY_ECONOMIC_CLASS + _EXCLUDING_CARRIED,)),
    TableRole("general_economic", "一般公共预算支出表（按经济分类）",
              (r"一般公共预算(?:财政拨款)?支出(?:预算)?(?:情况)?表\((?:按经济分类(?:科目)?|经济科目)\)",)),
    TableRole("general_functional", "一般公共预算支出表",
              (r"一般公共预算(?:财政拨款)?支出(?:功能分类)?(?:预算)?(?:情况)?表" + _BY_FUNCTION + _EXCLUDING_CARRIED,)),
    TableRole("fund_income", "政府性基金预算收入表", (r"政府性基金(?:预算)?收入(?:预算)?表" + _EXCLUDING_CARRIED,)),
    TableRole("fund_functional", "政府性基金预算支出表",
              (r"(?:财政拨款)?政府性基金(?:预算)?(?:财政拨款)?支出(?:功能分类)?(?:预算)?(?:情况)?表" + _BY_FUNCTION
               + _EXCLUDING_CARRIED,)),
    TableRole("state_capital_summary", "国有资本经营预算收支表",
              (r"国有资本经营(?:预算)?收支(?:预算)?表" + _EXCLUDING_CARRIED,)),
    TableRole("state_capital_functional", "国有资本经营预算支出表",
              (r"国有资本经营(?:预算)?(?:财政拨款)?支出(?:功能分类)?(?:预算)?(?:情况)?表" + _BY_FUNCTION
               + _EXCLUDING_CARRIED,)),
    TableRole("projects_carried_over", "项目支出表（上年结转）", (r"项目支出(?:预算)?表\(上年结转\)",)),
    TableRole("projects", "项目支出表", (r"项目支出(?:预算)?(?:情况)?表(?:\(本年预算\))?",)),
    TableRole("procurement", "政府采购预算表", (r"政府采购(?:支出)?(?:预算)?(?:情况)?表",)),
    TableRole("summary", "收支总表",
              (_NOT_APPROPRIATION + r"(?:财务)?收支(?:预算)?总(?:体情况)?表", r"预算收支总表")),
    TableRole("income", "收入总表", (_NOT_APPROPRIATION + r"收入(?:预算)?总(?:体情况)?表", r"预算收入总表")),
    TableRole("expense", "支出总表", (_NOT_APPROPRIATION + r"支出(?:预算)?总(?:体情况)?表", r"预算支出总表")),
)
ROLES_BY_ID = {role.id: role for role in TABLE_ROLES}

COLUMN_ROLES: tuple[ColumnRole, ...] = (
    ColumnRole("code", "科目编码", ("科目编码", "科目代码", "功能科目编码", "功能科目代码", "经济科目编码", "编码")),
    ColumnRole("name", "科目名称", ("科目名称", "功能科目名称", "经济科目名称", "功能分类科目名称")),
    ColumnRole("total", "合计", ("合计", "小计", "总计")),
    ColumnRole("basic", "基本支出", ("基本支出",)),
    ColumnRole("project", "项目支出", ("项目支出",)),
    ColumnRole("personnel", "人员经费", ("人员经费", "人员支出")),
    ColumnRole("public", "公用经费", ("公用经费", "公用支出")),
    ColumnRole("appropriation", "财政拨款", ("财政拨款收入", "财政拨款")),
    ColumnRole("general", "一般公共预算", ("一般公共预算", "一般公共预算拨款", "一般公共预算拨款收入")),
    ColumnRole("fund", "政府性基金预算", ("政府性基金预算", "政府性基金", "政府性基金预算拨款")),
    ColumnRole("state_capital", "国有资本经营预算", ("国有资本经营预算", "国有资本经营预算拨款")),
    ColumnRole("business", "事业收入", ("事业收入",)),
    ColumnRole("operating", "事业单位经营收入", ("事业单位经营收入", "经营收入")),
    ColumnRole("other", "其他收入", ("其他收入",)),
    ColumnRole("carried_over", "上年结转",
               ("上年结转", "上年结转安排", "上年结转结余", "上年结转资金", "上年结转和结余资金")),
    ColumnRole("carry_out", "结转下年", ("结转下年资金", "结转下年")),
    ColumnRole("reserve", "单位预留机动经费", ("单位预留机动经费",)),
    ColumnRole("amount", "金额", ("金额", "预算数")),  # the one amount column of a table (a family's "金额")
    # the blocks of a two-sided table: 收入 (item, amount) | 支出 by function | 支出 by use
    ColumnRole("income_item", "收入项目", ("项目名称", "项目", "收入项目")),
    ColumnRole("income_total", "收入金额", ("金额", "预算数")),
    ColumnRole("expense_item", "支出项目", ("功能科目名称", "项目名称", "项目", "支出项目")),
    ColumnRole("use_item", "支出用途", ("项目名称", "支出用途")),
    ColumnRole("use_total", "支出用途金额", ("金额", "预算数")),
    ColumnRole("special_account", "财政专户管理资金", ("财政专户管理资金", "纳入专户管理的非税收入拨款")),
    ColumnRole("unit_funds", "单位资金", ("单位资金",)),
    ColumnRole("overseas", "因公出国(境)费", ("因公出国(境)费", "因公出国(境)费用")),
    ColumnRole("reception", "公务接待费", ("公务接待费",)),
    ColumnRole("vehicles", "公务用车购置及运行费", ("公务用车购置及运行费", "公务用车购置及运行维护费")),
    ColumnRole("vehicle_purchase", "公务用车购置费", ("购置费", "公务用车购置费")),
    ColumnRole("vehicle_running", "公务用车运行费", ("运行费", "公务用车运行费", "公务用车运行维护费")),
    ColumnRole("office_operation", "机关运行经费", ("机关运行经费预算数", "机关运行经费", "机关运行经费支出")),
    ColumnRole("grand_total", "合计（“三公”经费、会议费、培训费）", ("合计",)),  # a 三公 table that adds the two
    ColumnRole("meetings", "会议费", ("会议费",)),
    ColumnRole("training", "培训费", ("培训费",)),
)
COLUMNS_BY_ID = {role.id: role for role in COLUMN_ROLES}
_COLUMN_BY_WORD = {word: role.id for role in reversed(COLUMN_ROLES) for word in role.words}

_SENTENCE = re.compile(r"[，。；;,]")  # a title holds no sentence punctuation before its name
# what may stand before a title and is no sentence: its numbering ('一、' normalised '一,'), a label
# ('公开01表:', '公开表一')
_TITLE_LABEL = re.compile(r"^(?:[一二三四五六七八九十]+[,、.]|\d+[,、.]|公开\d*表[一二三四五六七八九十\d]*[:：]?)+")


@lru_cache(maxsize=4096)
def title_role(key: str) -> str | None:
    """The role of a normalised title (see `text.normalize`), or None: the first role whose pattern
    fits the end of the title, with no sentence before it."""
    key = _TITLE_LABEL.sub("", key)
    for role in TABLE_ROLES:
        for pattern in role.titles:
            match = re.search(f"(?:{pattern})$", key)
            if match and not _SENTENCE.search(key[: match.start()]):
                return role.id
    return None


def column_role_of(word: str) -> str | None:
    """The column role a normalised word names (合计 -> total, 公务接待费 -> reception), or None."""
    return _COLUMN_BY_WORD.get(word)


def header_words(column_id: str, label: str) -> tuple[str, ...]:
    """The words that name a column in a header: the family's printed label first, then the words of
    its role in other families (a column id that is no role has its label only)."""
    role = COLUMNS_BY_ID.get(column_id)
    return (label,) + tuple(w for w in role.words if w != label) if role else (label,)


# ---- final accounts (部门决算) ---------------------------------------------------------------------
# The national set of 决算 tables: roles of their own, so a final account's table never takes a
# budget table's role (a budget role's pattern would fit some 决算 titles: '…基本支出决算表', '“三公”经费
# 支出决算表'). They are tried first. Column roles the 决算 headers add (结转和结余, 上缴上级 …); a word a
# budget role already claims ('预算数') keeps its budget role.
_FINAL = r"决算(?:总)?表"
FINAL_TABLE_ROLES: tuple[TableRole, ...] = (
    TableRole("final_three_public", "财政拨款“三公”经费支出决算表", (r'(?:财政拨款)?"?三公"?经费支出' + _FINAL,)),
    TableRole("final_appropriation_summary", "财政拨款收入支出决算总表", (r"财政拨款收(?:入)?支(?:出)?决算总表",)),
    TableRole("final_general_basic_economic", "一般公共预算财政拨款基本支出决算表",
              (r"一般公共预算(?:财政拨款)?基本支出" + _FINAL,)),
    TableRole("final_general_functional", "一般公共预算财政拨款支出决算表", (r"一般公共预算(?:财政拨款)?支出" + _FINAL,)),
    TableRole("final_fund", "政府性基金预算财政拨款收入支出决算表",
              (r"政府性基金(?:预算)?(?:财政拨款)?(?:收入)?支出" + _FINAL,)),
    TableRole("final_state_capital", "国有资本经营预算财政拨款收入支出决算表",
              (r"国有资本经营(?:预算)?(?:财政拨款)?(?:收入)?支出" + _FINAL,)),
    TableRole("final_summary", "收入支出决算总表", (_NOT_APPROPRIATION + r"收(?:入)?支(?:出)?决算总表",)),
    TableRole("final_income", "收入决算表", (_NOT_APPROPRIATION + r"收入" + _FINAL,)),
    TableRole("final_expense", "支出决算表", (_NOT_APPROPRIATION + r"(?<!基本)支出" + _FINAL,)),
)
FINAL_COLUMN_ROLES: tuple[ColumnRole, ...] = (
    ColumnRole("code", "科目编码", ("科目编码", "科目代码", "功能科目编码", "功能科目代码", "经济科目编码", "编码")),
    ColumnRole("name", "科目名称", ("科目名称", "功能科目名称", "经济科目名称", "功能分类科目名称")),
    ColumnRole("opening_balance", "年初结转和结余", ("年初结转和结余", "年初财政拨款结转和结余")),
    ColumnRole("income_current", "本年收入", ("本年收入合计", "本年收入")),
    ColumnRole("expense_current", "本年支出", ("本年支出合计", "本年支出")),
    ColumnRole("closing_balance", "年末结转和结余", ("年末结转和结余", "年末财政拨款结转和结余")),
    ColumnRole("non_appropriation_balance", "使用非财政拨款结余", ("使用非财政拨款结余", "使用非财政拨款结余(含专用结余)")),
    ColumnRole("surplus_distribution", "结余分配", ("结余分配",)),
    ColumnRole("upper_subsidy", "上级补助收入", ("上级补助收入",)),
    ColumnRole("affiliate_income", "附属单位上缴收入", ("附属单位上缴收入",)),
    ColumnRole("to_upper", "上缴上级支出", ("上缴上级支出",)),
    ColumnRole("operating_expense", "经营支出", ("经营支出",)),
    ColumnRole("to_affiliates", "对附属单位补助支出", ("对附属单位补助支出",)),
    ColumnRole("budget", "预算数", ("年初预算数", "年初预算")),  # '预算数' alone is a budget's amount column
    ColumnRole("final", "决算数", ("决算数",)),
    ColumnRole("general_appropriation", "一般公共预算财政拨款", ("一般公共预算财政拨款",)),
    ColumnRole("fund_appropriation", "政府性基金预算财政拨款", ("政府性基金预算财政拨款",)),
    ColumnRole("state_capital_appropriation", "国有资本经营预算财政拨款", ("国有资本经营预算财政拨款",)),
)
TABLE_ROLES = FINAL_TABLE_ROLES + TABLE_ROLES
ROLES_BY_ID.update({role.id: role for role in FINAL_TABLE_ROLES})
COLUMN_ROLES = COLUMN_ROLES + FINAL_COLUMN_ROLES
COLUMNS_BY_ID.update({role.id: role for role in FINAL_COLUMN_ROLES})
_COLUMN_BY_WORD.update({word: role.id for role in reversed(FINAL_COLUMN_ROLES) for word in role.words
                        if word not in _COLUMN_BY_WORD})
FINAL_ROLE_IDS = frozenset(role.id for role in FINAL_TABLE_ROLES)
# A final account's table and the budget table it executes (by role), with the column roles compared:
# `budgetlib.execution` sets 决算 against 预算 by these, whatever the two families call them.
EXECUTION_PAIRS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("final_general_functional", "general_functional", ("total", "basic", "project")),
    ("final_three_public", "three_public",
     ("total", "overseas", "vehicles", "vehicle_purchase", "vehicle_running", "reception")),
)
