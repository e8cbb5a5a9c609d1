"""The Jiangsu family (江苏省级部门预算公开): the national set of twelve tables (`standard_tables`), 万元,
and what this family prints its own way.

Four parts (第一部分 部门概况, 第二部分 the tables, 第三部分 情况说明, 第四部分 名词解释); some years publish
the tables as a second PDF (`audit NARRATIVE.pdf TABLES.pdf --as-one`). Tables are known by their
titles' words, not their labels (公开07表 is 一般公共预算支出 in 2018–19 and 政府性基金 in 2017), the
narrative sections of 第三部分 by their words (the national set's), not their numerals.
A cover names the unit then the year (`江苏省人民检察院` / `2017` / `年部门预算`, joined), or the year
first (`2018 年度江苏省高级` / `人民法院预算公开`).
"""
from __future__ import annotations

from dataclasses import replace

from .model import Cover
from .standard_tables import STANDARD

TEMPLATE = replace(
    STANDARD,
    id="jiangsu",
    name="江苏省部门预算公开（十二张表）",
    cover=Cover(title=r"^(?P<unit>江苏省\S*?)(?P<year>\d{4})年度?部门预算(?:公开)?$",
                other_titles=(r"^(?P<year>\d{4})年度(?P<unit>江苏省\S+?)预算公开$",),
                unit="title", joined_lines=3, shown="'江苏省…<year>年度部门预算(公开)'"),
)
