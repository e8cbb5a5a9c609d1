"""Checks of the matched goal tables: amounts (unit label, budget table, split by source, the two
periods, figures stated in 项目概况), the 填报日期, and the indicators (completeness, quantified
share, periods, 成本指标 against the amount — cost targets in 万元 only).

Every check works on the project and indicator records (plain dicts, in printed order) and appends
Findings; a few project columns are filled on the way (stated_*, indicator_count, quantified_share).
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from ..money import WAN, ZERO, yuan_to_wan
from .indicators import LEVEL1
from .model import BUDGET_TABLE, PERIODS, Finding
from .reader import FUND_SOURCES
from .values import NUMBER, QUANTIFIED_KINDS, fmt, key

_BUDGET_WORD = r"(?:预算|安排)[资金安排]{0,4}"
_NEED_WORD = r"(?:共计需|共需|共计|合计需|合计|需要|需)"
_SENTENCE = re.compile(r"[^。；;]+")
_NON_DIGITS = re.compile(r"\D")
_DATE_AND_CLOCK = re.compile(r"\d{8}\s+\d{1,2}:\d{2}(:\d{2})?")  # fullmatch
_BROKEN_DIGITS = re.compile(r"\d\s+\d")


def check_projects(projects: list[dict], indicators: list[dict], findings: list[Finding], year: int,
                   published: dt.date | None = None, filing_lines: dict[int, int | None] | None = None):
    """`published` bounds the 填报日期 (when None, the 31 March of the budget year is taken as the
    latest plausible publication date); `filing_lines` places the 填报日期 findings (table -> line)."""
    window = (dt.date(year - 1, 1, 1), published or dt.date(year, 3, 31), published is not None)
    blank_other = []
    for p in projects:
        name, table = p["name"] or f"表{p['table']}", p["table"]

        def add(kind, severity, line, evidence, message):
            findings.append(Finding(kind, severity, name, line, evidence, message, table))

        if p["annual_other"] is None or p["impl_other"] is None:
            blank_other.append(name)
        _check_budget_amount(p, add)
        _check_source_split(p, add)
        _check_periods(p, add)
        _check_stated(p, year, add)
        _check_filing_date(p, window, (filing_lines or {}).get(table), add)
    if blank_other:
        findings.append(Finding("missing_value", "info", "", None, "其他资金",
                                f"其他资金 left blank (read as 0) in {len(blank_other)} of {len(projects)} tables"))
    check_indicators(projects, indicators, findings)


def _check_budget_amount(p: dict, add):
    """The unit label against the figure, and the 年度资金总额 against the budget table."""
    annual, budget, unit = p["annual_total"], p["t12_amount"], p["fund_unit"]
    if annual is None or budget is None:
        return
    in_yuan = annual / WAN == budget
    in_wan = annual == budget
    if unit == "万元" and in_yuan:
        add("unit_label", "warning", p["line"], f"项目资金(万元) {fmt(annual)}",
            f"unit label says 万元 but the figure is in 元: {fmt(annual)}元 = {fmt(budget)}万元 as in {BUDGET_TABLE}")
    elif unit in ("元", None) and in_wan and not in_yuan:
        add("unit_label", "warning", p["line"], f"年度资金总额 {fmt(annual)}",
            f"figure {fmt(annual)} read in 元 is {fmt(annual / WAN)}万元; it equals {BUDGET_TABLE} only as 万元")
    elif not in_yuan and not in_wan:
        add("amount_differs", "error", p["line"], f"年度资金总额 {fmt(annual)}元",
            f"年度资金总额 {fmt(annual)}元 = {fmt(annual / WAN)}万元 ≠ {BUDGET_TABLE} {fmt(budget)}万元 "
            f"(line {p['t12_line']}; difference {fmt(annual / WAN - budget)}万元)")


def _check_source_split(p: dict, add):
    for prefix, period in (("impl_", "实施期"), ("annual_", "年度")):
        total = p[prefix + "total"]
        parts = [p[prefix + s] for s in FUND_SOURCES]
        if total is None or all(x is None for x in parts):
            continue
        summed = sum((x for x in parts if x is not None), ZERO)
        if summed != total:
            add("source_split", "error", p["line"], f"{period}资金总额 {fmt(total)}",
                f"{period}: 中央+省级+市县(区)+单位自筹+其他 = {fmt(summed)} ≠ 资金总额 {fmt(total)}")


def _check_periods(p: dict, add):
    annual, impl = p["annual_total"], p["impl_total"]
    if annual is None or impl is None:
        return
    if impl < annual:
        add("period_amounts", "error", p["line"], f"实施期 {fmt(impl)} < 年度 {fmt(annual)}",
            "实施期资金总额 is smaller than 年度资金总额")
    elif impl != annual and (("一次性" in (p["attribute"] or "")) or (p["term"] or "").replace(" ", "") == "1年"):
        add("period_amounts", "warning", p["line"], f"实施期 {fmt(impl)} / 年度 {fmt(annual)}",
            f"one-year project ({p['attribute']}, 项目期 {p['term']}) but 实施期 ≠ 年度资金总额")


def _check_stated(p: dict, year: int, add):
    """Amounts stated in 项目概况 against the budget table's amount (the 年度资金总额 without one)."""
    budget, need = stated_amounts(p["overview"] or "", year)
    reference = p["t12_amount"] if p["t12_amount"] is not None else yuan_to_wan(p["annual_total"])
    if budget:
        p["stated_budget"], p["stated_budget_text"] = budget[0], budget[1]
        if reference is not None and budget[0] != reference:
            add("stated_budget_differs", "error", p["line"], budget[1][-60:],
                f"项目概况 states {fmt(budget[0])}万元 for {year}; {BUDGET_TABLE} has {fmt(reference)}万元")
    if need:
        p["stated_need"] = need[0]
        if reference is not None and need[0] != reference:
            add("stated_need_differs", "info", p["line"], need[1][-60:],
                f"项目概况 states a requirement of {fmt(need[0])}万元; the {year} budget is {fmt(reference)}万元")


def _check_filing_date(p: dict, window: tuple[dt.date, dt.date, bool], line: int | None, add):
    """The 填报日期 as printed against its reading and `window` (earliest, latest, whether latest is
    the given publication date); findings placed on `line`, the table's 填报日期 line."""
    raw, parsed = p["filing_date_raw"], p["filing_date"]
    if not raw:
        return

    def report(severity: str, message: str):
        add("filing_date", severity, line, raw, message)

    digits = _NON_DIGITS.sub("", raw)
    if _DATE_AND_CLOCK.fullmatch(raw.strip()):
        report("info", f"填报日期 printed as date and clock time; read as {parsed:%Y-%m-%d %H:%M}")
    elif _BROKEN_DIGITS.search(raw):
        report("warning", f"填报日期 digits broken by white space; read as {parsed:%Y-%m-%d %H:%M:%S}"
               if parsed else "填报日期 digits broken by white space; unreadable")
    if parsed is None:
        report("error", "填报日期 is not a real date")
        return
    if len(digits) not in (8, 12, 14):
        report("warning", f"填报日期 has {len(digits)} digits (expected 14: YYYYMMDDhhmmss); read as {parsed:%Y-%m-%d}")
    earliest, latest, given = window
    if not earliest <= parsed.date() <= latest:
        report("error", f"填报日期 {parsed:%Y-%m-%d} outside the plausible window {earliest} … {latest} "
               f"({'publication date given' if given else 'assumed latest publication'})")


# -- amounts stated in 项目概况 --------------------------------------------------------------------

@lru_cache(maxsize=16)
def _stated_patterns(year: int) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    return (re.compile(rf"{year}年(?!\d)"),
            re.compile(rf"^.{{0,60}}?{_BUDGET_WORD}\s*({NUMBER})\s*万元"),
            re.compile(rf"^.{{0,80}}?{_NEED_WORD}[^。；;，,]{{0,30}}?({NUMBER})\s*万元"))


def stated_amounts(text: str, year: int) -> tuple[tuple[Decimal, str] | None, tuple[Decimal, str] | None]:
    """The first budget statement for the year ('<year>年预算资金N万元') and the first need
    statement before it ('<year>年…共计需N万元') in a 项目概况 text, as (万元, quoted text)."""
    if not text:
        return None, None
    budget = need = None
    budget_at = need_at = None
    year_pattern, budget_pattern, need_pattern = _stated_patterns(year)
    for sentence_match in _SENTENCE.finditer(text):
        sentence = sentence_match.group(0)
        start = sentence_match.start()
        for year_match in year_pattern.finditer(sentence):
            tail = sentence[year_match.start():]
            b = budget_pattern.search(tail)
            if b and budget is None:
                budget = (Decimal(b.group(1)), tail[: b.end()])
                budget_at = start + year_match.start() + b.end()
            n = need_pattern.search(tail)
            if n and need is None:
                need = (Decimal(n.group(1)), tail[: n.end()])
                need_at = start + year_match.start() + n.end()
    if need and budget and need_at >= budget_at:
        need = None
    if need and budget and need[0] == budget[0] and need[1] == budget[1]:
        need = None
    return budget, need


# -- indicators ------------------------------------------------------------------------------------

def check_indicators(projects: list[dict], indicators: list[dict], findings: list[Finding]):
    """Per project: completeness of the levels, share quantified, periods, 成本指标 vs the amount."""
    by_table: dict = {}
    for row in indicators:
        by_table.setdefault(row["table"], []).append(row)
    for p in projects:
        name, table = p["name"], p["table"]

        def add(kind, severity, line, evidence, message):
            findings.append(Finding(kind, severity, name, line, evidence, message, table))

        mine = by_table.get(table, ())
        annual = [r for r in mine if r["period"] == "年度" and r["level3"] != ""]
        _check_levels(p, mine, annual, add)
        _check_period_names(p, mine, add)
        _check_costs(p, annual, add)


def _check_levels(p: dict, mine, annual: list[dict], add):
    for period in PERIODS:
        present = {r["level1"] for r in mine if r["period"] == period and r["level3"] != ""}
        missing = [l for l in LEVEL1 if l not in present]
        if missing:
            add("indicator_completeness", "warning", int(p["line"]), "、".join(sorted(present)) or "—",
                f"{period}: no {'、'.join(missing)} indicator")
    quantified = sum(1 for r in annual if r["kind"] in QUANTIFIED_KINDS)
    share = Decimal(quantified) / Decimal(len(annual)) if annual else None
    p["indicator_count"], p["quantified_share"] = len(annual), share
    if share is not None and share < Decimal("0.5"):
        add("indicator_completeness", "info", int(p["line"]), f"{quantified}/{len(annual)}",
            "fewer than half of the 年度 indicators are quantified")


def _check_period_names(p: dict, mine, add):
    names = {period: {r["level3"] for r in mine if r["period"] == period} - {""} for period in PERIODS}
    only = {period: sorted(names[period] - names[other]) for period, other in (PERIODS, PERIODS[::-1])}
    for period, listed in only.items():
        if listed:
            add("indicator_periods", "info", int(p["line"]), "、".join(listed)[:120], f"indicator(s) only in {period}")


def _check_costs(p: dict, annual: list[dict], add):
    """The 年度 成本指标 in 万元 against the amount (the budget table's, else the 年度资金总额)."""
    costs = [r for r in annual if r["unit"] in ("万元", "万") and key(r["level2"]) == "成本指标"]
    for c in annual:
        if c["unit"] == "万":
            add("unit_label", "info", int(c["line"]), c["value"], "unit 万 without 元 (read as 万元)")
    amount = p["t12_amount"] if p["t12_amount"] is not None else yuan_to_wan(p["annual_total"])
    if not costs or amount is None:
        return
    numbers = [c["number"] for c in costs]
    total = sum(numbers, ZERO)
    if total == amount:
        return
    notes = []
    impl = yuan_to_wan(p["impl_total"])
    if impl is not None and total == impl:
        notes.append("equals the 实施期资金总额")
    if any(f"{fmt(n)}万" in (p["overview"] or "") for n in numbers):
        notes.append("the figure appears in 项目概况 (a total or contract amount)")
    add("cost_indicator", "warning", int(costs[0]["line"]), " + ".join(c["value"] for c in costs),
        f"年度 成本指标 total {fmt(total)}万元 ≠ {fmt(amount)}万元 budget"
        + (f" ({'; '.join(notes)})" if notes else ""))
