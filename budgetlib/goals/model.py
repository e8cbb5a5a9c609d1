"""What the goal engine reads and produces: column maps, findings and the result records.

projects     one row per goal table. Column ids are English; `PROJECT_COLUMNS` maps each id to the
             Chinese label (`GoalAnalysis.printed_projects()` renames them). Amounts of the goal
             tables are 元 (Decimal, blank = None); the budget table's amounts are 万元.
indicators   tidy: one row per indicator and period (实施期 / 年度), `INDICATOR_COLUMNS` likewise.
findings     kind, severity (info / warning / error), project, table, line, evidence, message.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

TITLE = "项目支出绩效目标表"
PERIODS = ("实施期", "年度")
SEVERITIES = ("info", "warning", "error")

PROJECT_COLUMNS: dict[str, str] = {
    "table": "序号",
    "line": "行号",
    "name": "项目名称",
    "department": "主管部门及代码",
    "implementer": "实施单位",
    "attribute": "项目属性",
    "term": "项目期",
    "fund_unit": "项目资金单位",
    "impl_total": "实施期资金总额",
    "impl_central": "实施期中央财政资金",
    "impl_provincial": "实施期省级财政资金",
    "impl_local": "实施期市县(区)财政资金",
    "impl_self": "实施期单位自筹",
    "impl_other": "实施期其他资金",
    "annual_total": "年度资金总额",
    "annual_central": "年度中央财政资金",
    "annual_provincial": "年度省级财政资金",
    "annual_local": "年度市县(区)财政资金",
    "annual_self": "年度单位自筹",
    "annual_other": "年度其他资金",
    "filing_date_raw": "填报日期(原文)",
    "filing_date": "填报日期",
    "overview": "项目概况",
    "basis": "立项依据",
    "necessity": "项目设立必要性",
    "measures": "保证项目实施的制度、措施",
    "plan": "项目实施计划",
    "goal_impl": "总体目标(实施期)",
    "goal_annual": "总体目标(年度)",
    "stated_budget": "项目概况所述年度预算(万元)",
    "stated_budget_text": "项目概况所述年度预算(原文)",
    "stated_need": "项目概况所述资金需求(万元)",
    "indicator_count": "年度指标数",
    "quantified_share": "年度量化指标占比",
    "t12_line": "表十二行号",
    "t12_name": "表十二项目名称",
    "t12_amount": "表十二金额(万元)",
    "similarity": "名称相似度",
}

# the columns the budget-table match adds (left None by the reader). Their ids and labels, and the
# two names below used in messages, are those of the one template so far (its project table is 表十二);
# a template declaration should provide them.
MATCH_COLUMNS = ("t12_line", "t12_name", "t12_amount", "similarity")
BUDGET_TABLE = "table 12"  # the budget project table as findings name it ("table-12 rows" as adjective)
BUDGET_TABLE_PRINTED = "表十二"

INDICATOR_COLUMNS: dict[str, str] = {
    "project": "项目名称",
    "table": "序号",
    "period": "期间",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "value": "指标值",
    "comparator": "比较符",
    "number": "数值",
    "number_high": "数值上限",
    "unit": "计量单位",
    "kind": "类型",
    "date": "日期",
    "line": "行号",
}

FINDING_COLUMNS = ["kind", "severity", "project", "table", "line", "evidence", "message"]


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str
    project: str
    line: int | None
    evidence: str
    message: str
    table: int | None = None


@dataclass(frozen=True)
class GoalTables:
    """The goal tables as read (parse stage): one record per table (keys of PROJECT_COLUMNS; the
    match and check columns None), the indicator records, and what the reader had to report.
    Treat the records as read-only: `analyse_goals` works on copies."""
    projects: tuple[dict, ...]
    indicators: tuple[dict, ...]
    findings: tuple[Finding, ...]
    filing_lines: dict[int, int | None] = field(default_factory=dict)  # table number -> 填报日期 line
    year: int = 0


@dataclass
class GoalAnalysis:
    """The goal tables matched to the budget table and checked: the records (plain dicts and
    Findings, what the audit works on) and, built on first use, the same as DataFrames."""
    project_records: tuple[dict, ...]
    indicator_records: tuple[dict, ...]
    finding_records: tuple[Finding, ...]
    columns: dict[str, str] = field(default_factory=lambda: dict(PROJECT_COLUMNS))
    indicator_columns: dict[str, str] = field(default_factory=lambda: dict(INDICATOR_COLUMNS))

    @cached_property
    def projects(self) -> "pd.DataFrame":
        return project_frame(list(self.project_records))

    @cached_property
    def indicators(self) -> "pd.DataFrame":
        return indicator_frame(list(self.indicator_records))

    @cached_property
    def findings(self) -> "pd.DataFrame":
        return finding_frame(list(self.finding_records))

    def printed_projects(self) -> "pd.DataFrame":
        return self.projects.rename(columns=self.columns)

    def printed_indicators(self) -> "pd.DataFrame":
        return self.indicators.rename(columns=self.indicator_columns)

    def finding_counts(self) -> dict[str, int]:
        """Findings by kind, in the order of the kinds' names."""
        counts: dict[str, int] = {}
        for f in self.finding_records:
            counts[f.kind] = counts.get(f.kind, 0) + 1
        return dict(sorted(counts.items()))

    def severity_counts(self) -> dict[str, int]:
        """Findings by severity, most severe first."""
        return {s: sum(f.severity == s for f in self.finding_records) for s in reversed(SEVERITIES)}


@dataclass
class AppendixTotals:
    tables: int  # goal tables in the appendix
    annual_total: Decimal  # sum of the printed 年度资金总额, 万元 (blank counts 0)
    tables_without_annual: list[str]  # projects whose 年度资金总额 is blank
    annual_total_with_fallback: Decimal  # blank 年度资金总额 replaced by the budget table's amount, 万元
    t12_projects: int  # project rows of the budget table
    t12_total: Decimal  # the budget table's project total, 万元
    share_percent: Decimal | None  # annual_total / t12_total × 100, unrounded
    lines: list[int]  # first line of each table


@dataclass
class SubsetEvidence:
    status: str  # 'consistent' (some subset sums to the amount; never 'match') or 'unverifiable'
    computed: Decimal | None  # the amount the subsets sum to (万元)
    note: str  # the reasoning, readable
    subsets: list[list[str]]  # every subset (budget-table names) summing exactly to the amount
    label: str = ""
    chosen: list[str] = field(default_factory=list)  # the likeliest candidate, when one stands out
    scores: list[tuple[float, list[str]]] = field(default_factory=list)
    hits: int = 0  # how many subsets sum to the amount (at most the enumeration limit)
    chance: float | None = None  # share of figures of that size some subset of that size sums to


def finding_frame(findings: list[Finding]) -> "pd.DataFrame":
    import pandas as pd

    frame = pd.DataFrame(
        [{"kind": f.kind, "severity": f.severity, "project": f.project, "table": f.table, "line": f.line,
          "evidence": f.evidence, "message": f.message} for f in findings],
        columns=FINDING_COLUMNS,
    )
    frame["line"] = frame["line"].astype("Int64")
    frame["table"] = frame["table"].astype("Int64")
    return frame


def project_frame(records: list[dict]) -> "pd.DataFrame":
    import pandas as pd

    if not records:
        return pd.DataFrame(columns=list(PROJECT_COLUMNS))
    return pd.DataFrame.from_records(records, columns=list(PROJECT_COLUMNS)).astype(object)


def indicator_frame(records: list[dict]) -> "pd.DataFrame":
    import pandas as pd

    if not records:
        return pd.DataFrame(columns=list(INDICATOR_COLUMNS))
    return pd.DataFrame.from_records(records, columns=list(INDICATOR_COLUMNS))
