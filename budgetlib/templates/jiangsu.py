"""The Jiangsu family (江苏省级部门预算公开): the national set of twelve tables (`standard_tables`), 万元,
and what this family prints its own way.

Four parts (第一部分 部门概况, 第二部分 the tables, 第三部分 情况说明, 第四部分 名词解释); some years publish
the tables as a second PDF (`audit NARRATIVE.pdf TABLES.pdf --as-one`). Tables are known by their
titles' words, not their labels (公开07表 is 一般公共预算支出 in 2018–19 and 政府性基金 in 2017); the
narrative sections of 第三部分 by their words, not their numerals (the order follows the tables').
A cover names the unit then the year (`江苏省人民检察院` / `2017` / `年部门预算`, joined), or the year
first (`2018 年度江苏省高级` / `人民法院预算公开`).
"""
from __future__ import annotations

from dataclasses import replace

from .model import Cover, Heading
from .standard_tables import LAYOUT, STANDARD

_SECTION = "^[一二三四五六七八九十]+、"
_SECTIONS = (  # (key, the words after the numeral)
    ("收支总体", r"收支预算总(?:表|体)情况说明"),
    ("收入", r"收入预算(?:表)?情况说明"),
    ("支出", r"支出预算(?:表)?情况说明"),
    ("财政拨款收支", r"财政拨款收支预算总(?:表|体)情况说明"),
    ("财政拨款支出", r"财政拨款支出预算(?:表)?情况说明"),
    ("财政拨款基本支出", r"财政拨款基本支出预算(?:表)?情况说明"),
    ("一般公共预算支出", r"一般公共预算支出预算(?:表)?情况说明"),
    ("一般公共预算基本支出", r"一般公共预算基本支出预算(?:表)?情况说明"),
    ("三公经费", r"一般公共预算[“\"]?三公[”\"]?经费\S*"),
    ("政府性基金", r"政府性基金\S*支出预算(?:表)?情况说明"),
    ("机关运行经费", r"一般公共预算机关运行经费\S*情况说明"),
    ("政府采购", r"\S*政府采购\S*情况说明"),
    ("国有资产占用", r"国有资产占用情况"),
    ("绩效目标", r"\S*预算绩效目标设置情况说明"),
)
HEADINGS = tuple(Heading(key, _SECTION + words + "$", required=False) for key, words in _SECTIONS)

TEMPLATE = replace(
    STANDARD,
    id="jiangsu",
    name="江苏省部门预算公开（十二张表）",
    cover=Cover(title=r"^(?P<unit>江苏省\S*?)(?P<year>\d{4})年度?部门预算(?:公开)?$",
                other_titles=(r"^(?P<year>\d{4})年度(?P<unit>江苏省\S+?)预算公开$",),
                unit="title", joined_lines=3, shown="'江苏省…<year>年度部门预算(公开)'"),
    layout=replace(LAYOUT, headings=HEADINGS),
    strict_tables=False,
)
