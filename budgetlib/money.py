"""Exact money and percentage arithmetic: Decimal values, half-up rounding (四舍五入)."""
from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Iterable

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
WAN = Decimal("10000")  # 1 万元 = 10,000 元

_AMOUNT = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_amount(text: str) -> Decimal | None:
    """'3,306.81' -> Decimal('3306.81'); '' -> None (a blank cell). Raises ValueError otherwise."""
    cleaned = text.strip().replace("，", ",").replace(" ", "")
    if cleaned in ("", "-", "—"):
        return None
    if not _AMOUNT.match(cleaned):
        raise ValueError(f"not an amount: {text!r}")
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - regex already guards
        raise ValueError(f"not an amount: {text!r}") from exc


def is_amount(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except ValueError:
        return False


def value(amount: Decimal | None) -> Decimal:
    """A blank cell counts as zero in arithmetic."""
    return ZERO if amount is None else amount


def total(amounts: Iterable[Decimal | None]) -> Decimal:
    return sum((value(a) for a in amounts), ZERO)


def places(text_or_value) -> int:
    """Decimal places as printed: '42.50' -> 2, '0' -> 0."""
    exponent = Decimal(str(text_or_value)).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def round_half_up(amount: Decimal, digits: int = 2) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def truncate(amount: Decimal, digits: int = 2) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_DOWN)


def round_half_even(amount: Decimal, digits: int = 2) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)


# How a document may print an exact figure at fewer places: the methodology's half-up (四舍五入) and
# the two other conventions departments use (877,080元 printed 87.70万元 by truncation).
HALF_UP = "half-up"
CONVENTIONS = {HALF_UP: round_half_up, "truncation": truncate, "half-even": round_half_even}


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole in percent, unrounded; None when the whole is zero."""
    if whole == 0:
        return None
    return value(part) * HUNDRED / whole


def yuan_to_wan(yuan: Decimal | None) -> Decimal | None:
    """元 -> 万元, exact (the performance-goal tables print 元, the budget tables 万元)."""
    return None if yuan is None else Decimal(yuan) / WAN


def fmt(amount: Decimal | None, digits: int | None = None) -> str:
    if amount is None:
        return ""
    if digits is not None:
        amount = round_half_up(amount, digits)
    return f"{amount:f}"
