"""A corpus results folder read back (what `corpus.audit_corpus` wrote): the corpus notebook's
summaries per document, unit and year, kind of check, measure, and consecutive years of one unit."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from .audit import DEFAULT_TOLERANCE, audit
from .corpus import INTEGERS
from .document import load
from .errors import ParameterError
from .ledger import MISMATCH
from .tidy import AUDITED, KINDS, SEVERITIES, STATUSES


def read(results, kind: str, columns=None) -> pd.DataFrame:
    """One kind's table of a results folder."""
    if kind not in KINDS:
        raise ParameterError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    table = pq.read_table(Path(results) / f"{kind}.parquet", columns=columns)
    return table.to_pandas(types_mapper=INTEGERS.get)


def document_summary(results) -> pd.DataFrame:
    """One line per document: file, unit, year, template, what it is (预算 / 决算), status, mismatches and
    findings."""
    documents = read(results, "documents").assign(file=lambda f: f["path"].map(lambda p: Path(p).name))
    columns = ["file", "unit", "year", "template", "disclosure_kind", "status", "checks_mismatch", "claims_mismatch",
               "claims_unverifiable", "findings", "findings_error", "reason"]
    order = documents.sort_values(["unit", "year", "template", "file"], na_position="last")
    return order[columns].reset_index(drop=True)


def unit_year_summary(results) -> pd.DataFrame:
    """Per unit, year and kind (预算 / 决算: a unit's budget and final account of one year apart): documents,
    checks and claims, mismatches and findings (audited documents)."""
    documents = read(results, "documents")
    audited = documents[documents["status"] == AUDITED]
    counts = ["checks_match", "checks_rounding", "checks_mismatch", "claims_match", "claims_rounding",
              "claims_mismatch", "claims_unverifiable", "findings"]
    return audited.groupby(["unit", "year", "disclosure_kind"]).agg(documents=("sha256", "count"),
                                                                    **{c: (c, "sum") for c in counts}).reset_index()


def counts_by_kind(results) -> pd.DataFrame:
    """Rows of the checks and claims ledgers by status, and findings by severity, per kind."""
    ledgers = pd.concat([read(results, k, ["kind", "status"]) for k in ("checks", "claims")])
    findings = read(results, "findings", ["kind", "severity"]).rename(columns={"severity": "status"})
    frame = pd.concat([ledgers.assign(table="ledger"), findings.assign(table="findings")])
    table = frame.pivot_table(index=["table", "kind"], columns="status", aggfunc="size", fill_value=0)
    order = [c for c in [*STATUSES, *reversed(SEVERITIES)] if c in table.columns]
    return table[order].rename_axis(columns=None).reset_index()


def unit_measures(results, names=("expense_total", "three_public")) -> pd.DataFrame:
    """Budget-year measures per audited document (unit, year, template), as floats in their unit."""
    frame = read(results, "measures")
    frame = frame[frame["measure"].isin(names)].assign(value=lambda f: pd.to_numeric(f["value"]))
    table = frame.pivot_table(index=["unit", "year", "template"], columns="measure", values="value", aggfunc="first")
    return table[[n for n in names if n in table.columns]].rename_axis(columns=None).reset_index()


def unit_chart(results, names=("expense_total", "three_public"), titles=("支出预算总计", "“三公”经费")):
    """A bar chart per measure comparing the documents of the corpus (万元)."""
    import matplotlib.pyplot as plt

    from .fonts import setup

    setup()
    table = unit_measures(results, names).sort_values(["unit", "year", "template"])
    labels = [f"{u} {y}（{t.split('-')[-1]}）" for u, y, t in zip(table["unit"], table["year"], table["template"])]
    # small enough to commit with the notebook whatever the corpus: 64 dpi, a quarter inch a document
    fig, axes = plt.subplots(1, len(names), figsize=(3.8 * len(names), 0.25 * len(table) + 0.9), sharey=True, dpi=64)
    for ax, name, title in zip(axes, names, titles):
        ax.bar_label(ax.barh(labels, table[name], color="#4C72B0"), fmt="%.2f", fontsize=7, padding=2)
        ax.set_title(f"{title}（万元）", fontsize=10)
        ax.tick_params(labelsize=8)
        ax.margins(x=0.25)
    axes[0].invert_yaxis()  # the first document on top (the axes share y: once)
    fig.tight_layout()
    return fig


def consecutive(results) -> list[tuple[dict, dict]]:
    """(earlier, later) documents rows of one unit and template in consecutive years."""
    from .text import normalize

    documents = read(results, "documents")
    audited = documents[documents["status"] == AUDITED].to_dict(orient="records")
    by_key = {(normalize(r["unit"]), r["template"], int(r["year"])): r for r in audited}
    return [(by_key[(u, t, y - 1)], row) for (u, t, y), row in sorted(by_key.items()) if (u, t, y - 1) in by_key]


def year_on_year(results, tolerance=DEFAULT_TOLERANCE) -> pd.DataFrame:
    """For each unit in consecutive years: the later document audited with the earlier one as its prior
    year (`audit(d, prior_disclosure=last)`); the claims whose outcome the prior year changes. The files
    are read again from their `path` as given to audit_corpus (relative ones: from the current folder)."""
    frames = []
    for earlier, later in consecutive(results):
        alone = audit(load(later["path"]), tolerance)
        with_prior = audit(alone.disclosure, tolerance, prior_disclosure=load(earlier["path"]))
        before, after = alone.claim_frame, with_prior.claim_frame
        changed = after[(before["status"] != after["status"]) | (before["note"] != after["note"])]
        frames.append(changed.assign(unit=later["unit"], years=f"{earlier['year']}→{later['year']}",
                                     status_alone=before.loc[changed.index, "status"]))
    columns = ["unit", "years", "id", "description", "stated_text", "stated", "computed", "status_alone", "status",
               "note"]
    return pd.concat(frames)[columns].reset_index(drop=True) if frames else pd.DataFrame(columns=columns)


def year_on_year_counts(changes: pd.DataFrame) -> pd.DataFrame:
    """How the prior year changes the claims, per unit and pair of years: how many claims go from
    which status alone to which with the prior year (`changes`: what `year_on_year` returns)."""
    keys = ["unit", "years", "status_alone", "status"]
    return changes.groupby(keys, sort=False).size().rename("claims").reset_index()


def year_on_year_mismatches(changes: pd.DataFrame) -> pd.DataFrame:
    """The claims the prior year shows not to hold (`changes`: what `year_on_year` returns)."""
    return changes[changes["status"] == MISMATCH]


def measure_changes(results, names=None) -> pd.DataFrame:
    """For each unit in consecutive years, each measure in both: earlier, later and the change (exact)."""
    values = {sha: dict(zip(f["measure"], f["value"])) for sha, f in read(results, "measures").groupby("sha256")}
    rows = []
    for earlier, later in consecutive(results):
        last, this = values.get(earlier["sha256"], {}), values.get(later["sha256"], {})
        for name in (n for n in this if n in last and (names is None or n in names)):
            a, b = Decimal(last[name]), Decimal(this[name])
            rows.append({"unit": later["unit"], "years": f"{earlier['year']}→{later['year']}", "measure": name,
                         "earlier": a, "later": b, "change": b - a})
    return pd.DataFrame(rows, columns=["unit", "years", "measure", "earlier", "later", "change"])


def role_comparison(results) -> pd.DataFrame:
    """Per audited document, from the `amounts` table (keyed by roles, so any family): expenditure
    total with its 基本/项目 split and the 基本 share (%, two places half-up), and the “三公” total —
    in 万元, exact.

    The expenditure is the 合计 row of the 支出总表 role; the 三公 total is the 三公 table's total
    column on its 合计 row, or on its one row where the family prints the items as columns."""
    from .money import WAN, percent, round_half_up

    frame = read(results, "amounts")
    frame = frame.assign(amount=[Decimal(v) / WAN for v in frame["amount_yuan"]])
    key = ["unit", "year", "template"]
    expense = frame[(frame["table_role"] == "expense") & (frame["level"] == "合计")]
    table = expense.pivot_table(index=key, columns="column_role", values="amount", aggfunc="first")
    three = frame[(frame["table_role"] == "three_public") & (frame["column_role"] == "total")
                  & (frame["item_role"].isna() | (frame["item_role"] == "total"))]
    table["three_public"] = three.groupby(key)["amount"].first()
    table = table.rename_axis(columns=None).reset_index()
    shares = [percent(b, t) for b, t in zip(table["basic"], table["total"])]
    table["basic_share"] = [None if s is None else round_half_up(s, 2) for s in shares]  # %, half-up
    return table[key + ["total", "basic", "project", "basic_share", "three_public"]]
