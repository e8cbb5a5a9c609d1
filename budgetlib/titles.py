"""Table titles: a title's comparison key, and which declared schema a printed title names (by the
family's own wording, or by its role in the national set where another family's wording is printed)."""
from __future__ import annotations

import re

from .templates.model import Schema
from .templates.standard import ROLES_BY_ID, title_role
from .text import normalize, numeral_value

_TITLE = re.compile(r"^(\d{4})年?(.+表.*)$")


def title_key(title: str) -> str:
    """'2026年一般公共预算支出预算表（不含上年结转）' -> '一般公共预算支出预算表(不含上年结转)'."""
    text = normalize(title)
    match = _TITLE.match(text)
    return match.group(2) if match else text


def title_year(title: str) -> int | None:
    """The year printed before a title ('2026年…表'), or None."""
    match = _TITLE.match(normalize(title))
    return int(match.group(1)) if match else None


def table_follows(lines, index: int, within: int = 6) -> bool:
    """Whether a table row follows line `index` closely: what makes a line that reads like a title one."""
    return any(line.is_table_row for line in lines[index + 1: index + 1 + within])


def schema_for(title: str, schemas: tuple[Schema, ...]) -> Schema | None:
    key = title_key(title)
    return next((schema for schema in schemas if title_fits(key, schema)), None)


def schema_by_role(title: str, schemas: tuple[Schema, ...]) -> Schema | None:
    """The schema whose role the title names in the national set's wording (another family's title)."""
    role = title_role(title_key(title))
    return next((schema for schema in schemas if role and schema.role == role), None)


def declared_title(schema: Schema) -> str:
    """The title a schema declares, or its role's standard name where the title is a pattern."""
    if (not schema.title_key or schema.title_key.startswith("^")) and schema.role:
        return ROLES_BY_ID[schema.role].name
    return schema.title_key.strip("^$")


def title_fits(key: str, schema: Schema) -> bool:
    if not schema.title_key:  # a schema known by its role only (the national set's wordings)
        return False
    if schema.title_key.startswith("^"):
        return re.fullmatch(schema.title_key, key) is not None
    return key == schema.title_key


_PUBLIC_LABEL = re.compile(r"公开\s*(\d+)\s*表|公开表([一二三四五六七八九十]+)")  # '公开 05 表', '公开表五'
_LEADING_NUMERAL = re.compile(r"^([一二三四五六七八九十]+)、")  # '五、2018年度…财政拨款支出预算表'


def printed_numeral(lines, index: int) -> str:
    """How the document numbers the table titled at line `index`, as digits: a label in the title
    ('公开05表', '五、') or alone on the line before it; '' where it prints none."""
    title = lines[index].text.strip()
    before = lines[index - 1].text.strip() if index else ""
    match = (_PUBLIC_LABEL.search(title) or _LEADING_NUMERAL.match(title)
             or (_PUBLIC_LABEL.fullmatch(before.replace(" ", "")) if before else None))
    if not match:
        return ""
    digits = next(g for g in match.groups() if g)
    return str(int(digits)) if digits.isdigit() else str(numeral_value(digits))


# a table's number alone ('公开07表', '附表3'), or the heading of the attached tables ('附件：…公开表')
_LABEL_ONLY = re.compile(r"^(?:附件.*|公开\d*表[一二三四五六七八九十\d]*|附?表[一二三四五六七八九十\d]+)$")
_TABLE_TITLE = re.compile(r"表(?:\([^()]{1,12}\))?$")  # '…表', '…表(按功能分类)'


def looks_like_title(text: str) -> bool:
    """A line that reads as a table's title: short, no sentence in it, ending in 表 (where a table
    follows it, it is one, declared or not)."""
    key = title_key(text)
    return (4 <= len(key) <= 40 and bool(_TABLE_TITLE.search(key)) and not re.search(r"[，。；;]", key)
            and not _LABEL_ONLY.match(key))
