"""Text helpers shared by every stage: comparison keys, item numbering, Chinese numerals."""
from __future__ import annotations

import re

CHINESE_NUMERALS = "一二三四五六七八九十"
_NUMBERING = re.compile(r"^([一二三四五六七八九十]+、|[①②③④⑤⑥⑦⑧⑨⑩]|\(?[0-9]+\)|[0-9]+[、.．](?!\d)|（[一二三四五六七八九十]+）)\s*")
_KEY = (("（", "("), ("）", ")"), ("：", ":"), ("“", '"'), ("”", '"'), ("，", ","), ("、", ","))


def numeral_value(numeral: str) -> int:
    """一 -> 1, 十 -> 10, 十三 -> 13, 二十一 -> 21."""
    digits = {c: i + 1 for i, c in enumerate(CHINESE_NUMERALS[:9])}
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    return digits[numeral]


def strip_numbering(label: str) -> str:
    """'二十三、灾害防治及应急管理支出' -> '灾害防治及应急管理支出'; '①公务用车购置费' -> '公务用车购置费'."""
    return _NUMBERING.sub("", label.strip())


def numbered(label: str) -> bool:
    return label != strip_numbering(label)


def normalize(text: str) -> str:
    """A comparison key: no white space, half-width brackets, colons and quotes."""
    text = "".join(text.split())  # str.split() splits at what \\s matches, faster than a regex
    for wide, narrow in _KEY:
        if wide in text:  # replace() per pair: str.translate with a dict is slow on CJK text
            text = text.replace(wide, narrow)
    return text
