"""Table titles: a title's comparison key, and which declared schema a printed title names (by the
family's own wording, or by its role in the national set where another family's wording is printed)."""
from __future__ import annotations

import re

from .templates.model import Schema
from .templates.standard import ROLES_BY_ID, title_role
from .text import normalize

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
    if schema.title_key.startswith("^") and schema.role:
        return ROLES_BY_ID[schema.role].name
    return schema.title_key.strip("^$")


def title_fits(key: str, schema: Schema) -> bool:
    if schema.title_key.startswith("^"):
        return re.fullmatch(schema.title_key, key) is not None
    return key == schema.title_key
