"""The identities between the cells of the Shanghai 部门决算 (budgetlib.checks interprets them)."""
from __future__ import annotations

RULES: tuple = ()
