"""Regenerate tests/tamper_uncaught.json: tamper every printed number of the bundled disclosure and
of the seven real PDFs (data/real/shanghai), and record per document how many were caught and which
were not, with the reason each cannot be caught.

    .venv/bin/python scripts/tamper_uncaught.py [--jobs 2]     # about 5 minutes on two cores

A reason already in the file is kept for the same number; a new uncaught number gets the reason
its kind suggests below (review it by hand), or 'REVIEW' when none fits.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import budgetlib  # noqa: E402
from budgetlib.tamper import tamper_all  # noqa: E402

DATA = ROOT / "tests" / "tamper_uncaught.json"
REAL = ROOT / "data" / "real" / "shanghai"
STEMS = ("shpt-sifaju-2026-unit", "shpt-qzfb-2025-unit", "shpt-sifaju-2026-dept", "shpt-czj-2025-dept",
         "shpt-swh-2025-dept", "shpt-wanli-2024-dept", "shpt-wanli-2025-dept")

# (regex over 'section|label|unit|status', reason): the first that matches suggests the reason
SUGGESTED = (
    (r"\|.*(比|与)(上年|\d{4}年)(预算)?(执行数)?(增加|减少|一致)\|万元\|",
     "a change on the prior year: the document prints neither the prior-year figure nor a rate stated with it, "
     "and the changes an identity ties it to are stated on another base (the prior year's execution, 执行数, "
     "against its budget) or not at all"),
    (r"下属(\d家机关和)?\|家\|", "a count of the bodies whose office costs are budgeted, in a unit budget: it "
                                 "states no bodies by kind (机构设置) to compare it with"),
    (r"以上(的通用)?设备.*\|台（套）\|", "a count of equipment above a value threshold: in no table, related to nothing"),
    (r"编报绩效目标的项目(共)?\|个\||^其他相关情况说明\|本部门\|个\||涉及项目预算资金\|万元\|",
     "the units and projects that set performance goals, and the projects' amount: in no table of this "
     "template, stated once"),
    (r"预留给小型和微型企业|预留政府采购项目预算金额",
     "the amount reserved for small firms and the part of it for micro firms: one part named under 其中 is "
     "no partition, and the changed figure is still no larger than its total"),
    (r"用地面积约为\|平方米\|", "a site area stated approximately, in a project's description: in no table"),
    (r"约为\|平方米\||地下建筑面积为\|平方米\|",
     "a total stated approximately (约为) is not checked, nor its other part (the part 8013 is: it is the total "
     "of the bracketed parts, which its identity finds wrong)"),
    (r"^其他相关情况说明\|政府采购(货物|工程|服务)预算\|万元\|",
     "the procurement total and its types are printed to the 万元 (34万元): +1 万元 lies within the 尾差 of "
     "total = Σ types (½ 万元 for each figure printed without decimals)"),
    (r"用款计划\|万元\|", "a quarterly spending plan of a project: in no table, and no total is stated with the quarters"),
    (r"^项目经费情况说明\|", "an amount in a project's description: in no table, stated once"),
    (r"公务用车编制\|辆\|", "the vehicle establishment (编制): in no table, and it need not equal the vehicles held"),
    (r"\|平方米\|", "the floor area of the offices: in no table, stated once"),
    (r"政府购买服务项目\|个\||^十二\|预算金额\|万元\|",
     "the purchase-of-service projects are not marked in the tables: the changed figure is still the sum of some "
     "subset of the projects (consistent), which proves nothing either way"),
    (r"新增\|辆\|", "a vehicle count given as a reason for a change: in no table"),
    (r"\|%\|rounding$", "the rate of two small figures printed to 0.01 万元 is known only within a range, which the "
                        "changed rate still falls in (rounding)"),
    (r"执行数为\|万元\|", "the prior-year execution enters only a rate that is a mismatch in the document as "
                         "published (a misprint), and stays one"),
    (r"\|%\|unverifiable$", "a rate against a prior-year execution of 0: no rate can be computed"),
    (r"^t\d\d\|", "+1 元 on a cell printed to the 元 lies within the 尾差 of the sums it enters (½ 元 for each "
                  "non-zero addend printed without decimals)"),
    (r"政府采购(货物|工程|服务)预算\|万元\|rounding",
     "figures printed to the 万元 (34万元): +1 万元 lies within the 尾差 of the procurement total = Σ its types"),
)


def suggest(entry: dict) -> str:
    probe = f"{entry['where']}|{entry['label']}|{entry['unit']}|{entry['status']}"
    return next((reason for pattern, reason in SUGGESTED if re.search(pattern, probe)), "REVIEW")


def entry_of(outcome) -> dict:
    p = outcome.number
    return {"kind": p.kind, "where": p.where, "line": p.line, "text": p.text, "unit": p.unit,
            "label": re.sub(r"\s+", "", p.label)[-40:], "status": outcome.own or ("rounding" if any(
                c.endswith("rounding") for c in outcome.changed) else "unchanged")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--reasons", action="store_true",
                        help="only suggest the reasons again for the numbers already listed (no tampering)")
    args = parser.parse_args(argv)
    old = json.loads(DATA.read_text(encoding="utf-8")) if DATA.exists() else {"documents": {}}
    if args.reasons:
        for document in old["documents"].values():
            for entry in document["uncaught"]:
                entry["reason"] = suggest(entry)
        DATA.write_text(json.dumps(old, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return 0
    documents = {"jincheng-emergency-2026-budget": budgetlib.bundled()}
    documents.update({stem: REAL / f"{stem}.pdf" for stem in STEMS})
    out = {"about": "tests/test_tamper.py: each printed number +1 unit, one at a time; the numbers the audit "
                    "does not catch, and why (regenerate: scripts/tamper_uncaught.py)", "documents": {}}
    for name, path in documents.items():
        report = tamper_all(path, jobs=args.jobs)
        print("\n".join(report.lines()[:1]), flush=True)
        known = {(e["kind"], e["where"], e["line"], e["text"]): e["reason"]
                 for e in old["documents"].get(name, {}).get("uncaught", [])}
        uncaught = []
        for outcome in report.uncaught:
            entry = entry_of(outcome)
            entry["reason"] = known.get((entry["kind"], entry["where"], entry["line"], entry["text"])) or suggest(entry)
            uncaught.append(entry)
        out["documents"][name] = {"numbers": len(report.outcomes), "caught": len(report.caught),
                                  "seconds": round(report.seconds, 1), "uncaught": uncaught}
    DATA.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    review = [e for d in out["documents"].values() for e in d["uncaught"] if e["reason"] == "REVIEW"]
    print(f"written {DATA}; {len(review)} reasons to review")
    return 0


if __name__ == "__main__":
    sys.exit(main())
