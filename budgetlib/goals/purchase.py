"""政府购买服务 heuristics: the printed guidance directory (政府购买服务指导性目录) and, per budget
project, the evidence that it is a purchased service."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .model import GoalAnalysis
from .values import clean

if TYPE_CHECKING:
    from ..source import Line

PURCHASE_LABEL = "购买服务"  # a subset label containing this asks for the purchase evidence

_DIRECTORY_CODE = re.compile(r"[A-Z]\d{6,}")  # fullmatch
_DIRECTORY_LETTER = re.compile(r"^[A-Z]\d*$")
_WHITE_SPACE = re.compile(r"\s+")
_PURCHASE_SAYS = re.compile(r"购买服务|政府购买")
_PURCHASE_HINTS = re.compile(r"委托第三方|服务合同|服务采购")
_SERVICE_SUFFIX = re.compile(r"服务$")
_TEXT_FIELDS = ("overview", "basis", "necessity", "measures", "plan", "goal_impl", "goal_annual")

Entry = tuple[str, str, int]  # code, name, line


def purchase_directory(appendix_lines: list[Line], unit: str) -> list[Entry]:
    """4th-level entries (code, name, line) of a 政府购买服务指导性目录 printed in the appendix lines;
    restricted to the parts whose heading occurs in the unit's name (a heading naming the unit's
    field of work), all entries when no heading does."""
    parts: dict[str, list[Entry]] = {}
    current = ""
    for line in appendix_lines:
        if not line.is_table_row:
            continue
        filled = [c for c in (clean(c) for c in line.cells) if c]
        if not filled:
            continue
        if len(filled) == 1 and not _DIRECTORY_LETTER.match(filled[0]) and filled[0] != "代码":
            current = filled[0]
            continue
        if _DIRECTORY_CODE.fullmatch(filled[0]) and len(filled) >= 2:
            parts.setdefault(current, []).append((filled[0], _WHITE_SPACE.sub("", filled[-1]), line.no))
    chosen = [entries for heading, entries in parts.items() if heading and heading in (unit or "")]
    if chosen:
        return [e for entries in chosen for e in entries]
    return [e for entries in parts.values() for e in entries]


def bigrams(text: str) -> set[str]:
    """The pairs of adjacent Han characters of a text (other characters dropped first)."""
    text = "".join(c for c in text if "\u4e00" <= c <= "\u9fff")  # not a regex: its class costs 2 ms to compile
    return {text[i:i + 2] for i in range(len(text) - 1)}


def project_evidence(analysis: GoalAnalysis, names: list[str], label: str,
                     directory: list[Entry]) -> dict[str, list[tuple[float, str]]]:
    """Per budget project: (weight, reason) pairs suggesting it belongs to the labelled group.
    For 政府购买服务: its goal table says 购买服务/政府购买 (1); its name covers ≥ 75 % of a directory
    entry's character pairs (1); it mentions 委托第三方/服务合同/服务采购 (0.5). Other labels: none."""
    evidence: dict[str, list[tuple[float, str]]] = {n: [] for n in names}
    if PURCHASE_LABEL not in label:
        return evidence
    texts = _goal_texts(analysis)
    cores = [(code, entry, line, bigrams(_SERVICE_SUFFIX.sub("", entry))) for code, entry, line in directory]
    for name in names:
        text = texts.get(name, "")
        if _PURCHASE_SAYS.search(text):
            evidence[name].append((1.0, "its table says 购买服务"))
        elif _PURCHASE_HINTS.search(text):
            evidence[name].append((0.5, "its table mentions 委托第三方/服务合同/服务采购"))
        cover, entry = _best_entry(bigrams(name), cores)
        if cover >= 0.75:
            evidence[name].append((1.0, f"name covers directory entry {entry} ({cover:.2f})"))
    return evidence


def _goal_texts(analysis: GoalAnalysis) -> dict[str, str]:
    """Budget-table name -> the text fields of its goal table, joined."""
    return {p["t12_name"]: " ".join(str(p[c] or "") for c in _TEXT_FIELDS)
            for p in analysis.project_records if p["t12_name"]}


def _best_entry(name_pairs: set[str], cores: list) -> tuple[float, str]:
    """The directory entry whose character pairs the name covers best: (share covered, entry)."""
    best = (0.0, "")
    for code, entry, line, core in cores:
        cover = len(core & name_pairs) / len(core) if core else 0.0
        if cover > best[0]:
            best = (cover, f"{code} {entry} (line {line})")
    return best
