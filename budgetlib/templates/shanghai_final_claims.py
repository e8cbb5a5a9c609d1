"""The narrative vocabulary of the Shanghai 部门决算 (情况说明; budgetlib.claims interprets it)."""
from __future__ import annotations

from .claims import ClaimVocabulary

CLAIMS = ClaimVocabulary(phrases=())
